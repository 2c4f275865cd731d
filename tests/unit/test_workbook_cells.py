"""The workbook's cells one at a time (what each kind of cell accepts and the problem line
for what it does not), and the allowances table's reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.config.allowances import ALLOWANCE_COLUMNS, load_allowances
from sim.config.workbook.layout import CENTRES, HOMES, SHEETS, choice_value
from sim.config.workbook.prefill import Townships
from sim.config.workbook.reader import Cell, Problems, parse_cell, read_workbook
from sim.errors import InputError

TOWNSHIPS = Townships(("331003001", "331003002"),
                      {"zh": ("东城街道", "南城街道"), "en": ("Dongcheng", "Nancheng")},
                      listed=True)  # fmt: skip
WHERE = Cell("机构名册", "D7", "护理型床位")


def _parse(value: object, sheet=HOMES, key: str = "nursing_beds") -> tuple[object, list[str]]:
    problems = Problems("en")
    column = sheet.columns[sheet.index(key)]
    return parse_cell(value, column, TOWNSHIPS, WHERE, problems), problems.lines


@pytest.mark.parametrize(
    ("value", "expected"), [(30, 30), (30.0, 30), ("30", 30), (" 1,200 ", 1200)]
)
def test_a_whole_number_cell_takes_whole_numbers_written_any_way(value, expected) -> None:
    assert _parse(value) == (expected, [])


@pytest.mark.parametrize("value", ["三十", -5, 2.5, True, "nan"])
def test_anything_else_in_a_whole_number_cell_is_one_line_naming_the_cell(value) -> None:
    parsed, lines = _parse(value)
    shown = {True: "True", 2.5: "2.5", -5: "-5"}.get(value, value)  # type: ignore[call-overload]
    assert parsed is None
    assert lines == [f'机构名册!D7 护理型床位: expected a whole number >= 0, got "{shown}"']


def test_a_count_of_homes_starts_at_one() -> None:
    assert _parse(0, key="homes")[1] == [
        '机构名册!D7 护理型床位: expected a whole number >= 1, got "0"'
    ]


def test_townships_and_choices_are_taken_by_name_in_either_language_or_by_code() -> None:
    for shown in ("南城街道", "Nancheng", "331003002"):
        assert _parse(shown, key="township") == ("331003002", [])
    assert _parse("火星街道", key="township")[1] == [
        '机构名册!D7 护理型床位: not a township of the pack, got "火星街道"'
    ]
    assert _parse("民办", key="ownership") == ("private", [])
    assert _parse("township centre", CENTRES, "kind") == ("regional", [])
    assert choice_value("maybe", ("yes", "no")) is None


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2026, 11, 30), "2026-11-30"), ("2026-11-30", "2026-11-30"),
    ("2026/1/5", "2026-01-05"), ("2026年11月30日", "2026-11-30"), ("2026-11", "2026-11"),
])  # fmt: skip
def test_a_date_cell_takes_dates_as_people_write_them(value, expected) -> None:
    figures = SHEETS[0]
    assert _parse(value, figures, "date") == (expected, [])


def test_a_bad_date_is_a_problem() -> None:
    assert _parse("2026-13-01", SHEETS[0], "date")[1] == [
        '机构名册!D7 护理型床位: expected a date (e.g. 2026-11-30), got "2026-13-01"'
    ]


def _allowances(folder: Path, *rows: str) -> Path:
    (folder / "allowances.csv").write_text(
        ",".join(ALLOWANCE_COLUMNS) + "\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8"
    )
    return folder


def test_allowances_are_optional_and_read_by_band(tmp_path) -> None:
    assert load_allowances(tmp_path) is None
    folder = _allowances(
        tmp_path,
        "elderly_age,80-89,80,89,,50,,,12000,2025,register,台账,high,",
        "elderly_age,100+,100,,,500,400,600,,2025,register,台账,high,",
        "care_disability,full,,,full,200,,,3000,2025,register,台账,high,",
    )
    allowances = load_allowances(folder)
    assert allowances is not None and len(allowances) == 3
    assert allowances[1].age_max is None and allowances[1].monthly_yuan_low == 400
    assert allowances[2].health == "full" and allowances[2].recipients == 3000


@pytest.mark.parametrize(("row", "key"), [
    ("elderly_age,80+,,,,50,,,,2025,register,台账,high,", "elderly_age.80+"),
    ("care_disability,x,,,partial,-5,,,,2025,register,台账,high,", "care_disability.x.monthly_yuan"),
    ("care_disability,x,60,,partial,5,,,,2025,register,台账,high,", "care_disability.x.health"),
    ("elderly_age,80+,80,,,50,60,,,2025,register,台账,high,", "elderly_age.80+"),
    ("pension,80+,80,,,50,,,,2025,register,台账,high,", "pension.allowance"),
    ("elderly_age,80+,80,,,50,,,,2025,,,high,", "elderly_age.80+.source"),
])  # fmt: skip
def test_a_bad_allowance_row_is_one_line_naming_it(tmp_path, row, key) -> None:
    with pytest.raises(InputError) as error:
        load_allowances(_allowances(tmp_path, row))
    assert error.value.key == key


def test_a_file_that_is_not_a_template_is_one_line(tmp_path) -> None:
    from openpyxl import Workbook

    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    problems = Problems("en")
    assert read_workbook(junk, TOWNSHIPS, "huangyan", problems) is None
    assert problems.lines == [
        f"{junk}: cannot be read as an Excel workbook (File is not a zip file)"
    ]
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    problems = Problems("en")
    assert read_workbook(other, TOWNSHIPS, "huangyan", problems) is None
    assert problems.lines == ["_meta: sheet missing"]
