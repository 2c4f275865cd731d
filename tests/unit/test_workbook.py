"""The data-collection workbook: the template's sheets and cells, an unchanged template
changing nothing, every bad cell one problem line with nothing written, and imports that
replace only what the workbook fills (`sim pack template`, `sim pack import`).

Each import reads a workbook and the pack twice (the second time as the changed copy it
checks), about 1-2 s; the round trips are marked slow (`make test`), the template and
the problem lines stay in the fast tier."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import ROOT
from openpyxl import load_workbook

from sim.cli import main
from sim.config.allowances import load_allowances
from sim.config.pack_readers import load_pack

HUANGYAN = ROOT / "data" / "districts" / "huangyan"


def _pack_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "huangyan"
    shutil.copytree(HUANGYAN, folder)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _template(tmp_path: Path, pack: Path, lang: str = "zh") -> Path:
    out = tmp_path / f"book-{lang}.xlsx"
    assert main(["pack", "template", str(out), "--district", str(pack), "--lang", lang]) == 0
    return out


@pytest.fixture(scope="module")
def template_zh(tmp_path_factory) -> Path:
    """The Chinese template of the Huangyan pack, written once (tests fill copies)."""
    return _template(tmp_path_factory.mktemp("template"), HUANGYAN)


def _fill(path: Path, edits: dict[str, dict[str, Any]], out: Path, *, date: bool = True) -> Path:
    """The workbook at `path` with `edits` ({sheet: {cell: value}}) saved as `out`."""
    book = load_workbook(path)
    if date:
        book[book.sheetnames[0]]["B3"] = "2026-11-30"
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            book[sheet][ref] = value
    book.save(out)
    return out


def _figure_row(path: Path, item: str) -> int:
    sheet = load_workbook(path)["基年数据"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == item)


def _import(book: Path, pack: Path, *flags: str) -> int:
    return main(["pack", "import", str(book), "--district", str(pack), *flags])


def _observed(pack: Path, year: int = 2025) -> pd.DataFrame:
    table = pd.read_csv(pack / "observed.csv")
    return table[table["year"] == year].set_index("item")


def test_the_template_has_its_sheets_drop_downs_input_cells_and_locked_headers(
    template_zh,
) -> None:
    book = load_workbook(template_zh)
    assert book.sheetnames[:8] == ["说明", "基年数据", "机构名册", "照料中心名册", "老年人口",
                                   "居家服务", "轮候名单", "津贴补贴"]  # fmt: skip
    homes = book["机构名册"]
    assert homes["D1"].value == "护理型床位" and homes.freeze_panes == "A2"
    assert homes.protection.sheet and homes["D1"].protection.locked
    assert not homes["D2"].protection.locked and homes["D2"].fill.fgColor.rgb.endswith("FFF2CC")
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in homes.data_validations.dataValidation}
    assert set(lists) == {"B2", "C2"}
    townships = book["_lists"]
    assert [townships.cell(r, 1).value for r in (1, 2)] == ["东城街道", "南城街道"]
    # Prefilled: one row per homes.csv group, the group's homes in the last column.
    homes_csv = pd.read_csv(HUANGYAN / "homes.csv")
    assert homes.cell(2, 4).value == homes_csv["nursing_beds"][0]
    assert homes.cell(2, 13).value == homes_csv["homes"][0]
    figures = book["基年数据"]
    row = _figure_row(template_zh, "beds_nursing")
    assert figures.cell(row, 5).value == 3808 and figures.cell(row, 6).value == "是"
    assert figures.cell(row, 3).value  # its definition (统计口径)
    allowances = book["津贴补贴"]  # the pack's allowances.csv, one row a band
    assert allowances["A1"].value == "津贴类型" and allowances["A2"].value == "高龄津贴"
    assert allowances["B2"].value == "80-89" and allowances["F2"].value == 50
    older = book["老年人口"]
    total = sum(older.cell(r, c).value for r in range(2, 21) for c in range(2, 6))
    assert total == _observed(HUANGYAN).loc["population_60plus", "value"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_template_imported_unchanged_leaves_the_pack_byte_identical(tmp_path, lang) -> None:
    pack = _pack_copy(tmp_path)
    before = _files(pack)
    book = _template(tmp_path, pack, lang)
    assert _import(_fill(book, {}, tmp_path / "dated.xlsx"), pack) == 0
    assert _import(book, pack) == 0
    assert _files(pack) == before


def test_every_bad_cell_is_one_line_with_exit_2_and_nothing_written(
    tmp_path, capsys, template_zh
) -> None:
    pack = _pack_copy(tmp_path)
    before = _files(pack)
    book = template_zh
    bad = _fill(
        book, {"机构名册": {"D7": "三十", "B3": "火星街道", "E4": -5}}, tmp_path / "bad.xlsx"
    )
    capsys.readouterr()
    assert _import(bad, pack) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        '机构名册!B3 乡镇（街道）: not a township of the pack, got "火星街道"',
        '机构名册!E4 普通床位: expected a whole number >= 0, got "-5"',
        '机构名册!D7 护理型床位: expected a whole number >= 0, got "三十"',
    ]
    assert _files(pack) == before


@pytest.mark.slow
def test_a_missing_sheet_is_a_problem_line_too(tmp_path, capsys, template_zh) -> None:
    pack = _pack_copy(tmp_path)
    before = _files(pack)
    workbook = load_workbook(template_zh)
    workbook["说明"]["B3"] = "2026-11-30"
    del workbook["津贴补贴"]
    workbook["机构名册"]["D7"] = "三十"
    workbook.save(tmp_path / "missing.xlsx")
    capsys.readouterr()
    assert _import(tmp_path / "missing.xlsx", pack) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        '机构名册!D7 护理型床位: expected a whole number >= 0, got "三十"',
        "津贴补贴: sheet missing",
    ]
    assert _files(pack) == before


@pytest.mark.slow
def test_an_import_replaces_only_what_the_workbook_fills(tmp_path, capsys, template_zh) -> None:
    pack = _pack_copy(tmp_path)
    # The bureau already gave its 2025 nursing-home workers.
    observed = (pack / "observed.csv").read_text(encoding="utf-8").splitlines()
    observed = [line.replace(",estimate,", ",high,") if line.startswith(
        "2025,caregivers_nursing_home,") else line for line in observed]  # fmt: skip
    (pack / "observed.csv").write_text("\n".join(observed) + "\n", encoding="utf-8")
    before = _observed(pack)
    book = template_zh
    row = _figure_row(book, "population_total")
    filled = _fill(book, {"基年数据": {f"G{row}": 621000, f"H{row}": "公安户籍统计"}},
                   tmp_path / "filled.xlsx")  # fmt: skip
    assert _import(filled, pack, "--dry-run") == 0
    assert "observed.csv 2025.population_total" in capsys.readouterr().out
    assert _observed(pack).equals(before)
    assert _import(filled, pack) == 0
    after = _observed(pack)
    assert after.loc["population_total", "value"] == 621000
    assert after.loc["population_total", "confidence"] == "high"
    assert "公安户籍统计" in after.loc["population_total", "source_zh"]
    unchanged = after.drop(index="population_total")
    assert unchanged.equals(before.drop(index="population_total"))
    # A figure already observed is replaced by a different value only with --force.
    row = _figure_row(book, "caregivers_nursing_home")
    again = _fill(book, {"基年数据": {f"G{row}": 999}}, tmp_path / "again.xlsx")
    capsys.readouterr()
    assert _import(again, pack) == 2
    assert "use --force" in capsys.readouterr().err
    assert _import(again, pack, "--force") == 0
    assert _observed(pack).loc["caregivers_nursing_home", "value"] == 999


@pytest.mark.slow
def test_register_totals_must_agree_with_the_base_year_figures(
    tmp_path, capsys, template_zh
) -> None:
    pack = _pack_copy(tmp_path)
    before = _files(pack)
    book = template_zh
    row = _figure_row(book, "beds_nursing")
    # A figure alone, its register left as it was: the register's total is the pack's.
    alone = _fill(book, {"基年数据": {f"G{row}": 4000}}, tmp_path / "alone.xlsx")
    capsys.readouterr()
    assert _import(alone, pack) == 2
    assert capsys.readouterr().err.strip() == (
        f"基年数据!G{row} 填报值: disagrees with the total of 机构名册, 3808"
    )
    # The district's public homes given one by one: 442 nursing-type beds become 450.
    homes = {
        "A2": "区社会福利院",
        "D2": 300,
        "M2": 1,
        "A30": "区颐养中心",
        "B30": "东城街道",
        "C30": "公办",
        "D30": 150,
        "E30": 0,
    }
    disagreeing = _fill(book, {"机构名册": homes, "基年数据": {f"G{row}": 3808}},
                        tmp_path / "disagree.xlsx")  # fmt: skip
    capsys.readouterr()
    assert _import(disagreeing, pack) == 2
    assert capsys.readouterr().err.strip() == (
        f"基年数据!G{row} 填报值: disagrees with the total of 机构名册, 3816"
    )
    assert _files(pack) == before
    # Left blank, the figure is the register's total: an estimate while other rows are.
    assert _import(_fill(book, {"机构名册": homes}, tmp_path / "agree.xlsx"), pack) == 0
    assert _observed(pack).loc["beds_nursing", "value"] == 3816
    assert _observed(pack).loc["beds_nursing", "confidence"] == "estimate"
    assert load_pack(str(pack)).places.nursing_beds.sum() == 3816


@pytest.mark.slow
def test_full_register_columns_become_observed_totals_and_partial_ones_a_problem(
    tmp_path, capsys, template_zh
) -> None:
    pack = _pack_copy(tmp_path)
    book = template_zh
    rows = range(2, 24)  # the 22 prefilled groups of homes.csv
    partial = _fill(book, {"机构名册": {"K2": 10}}, tmp_path / "partial.xlsx")
    capsys.readouterr()
    assert _import(partial, pack) == 2
    assert capsys.readouterr().err.strip() == (
        "机构名册!K3 护理员: 21 of 22 rows blank: fill this column in every row or in none"
    )
    counts = {f"K{r}": 40 for r in rows} | {f"L{r}": 15 for r in rows}
    too_many = counts | {"L5": 41, "F6": 999, "G6": 1}
    assert _import(_fill(book, {"机构名册": too_many}, tmp_path / "many.xlsx"), pack) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "机构名册!L5 持证护理员: more certified care workers than care workers",
        "机构名册!G6 护理型床位在住·失能: more residents in nursing-type beds than beds (432)",
        "机构名册!F2 护理型床位在住·半失能: 21 of 22 rows blank: fill this column in every row "
        "or in none",
        "机构名册!G2 护理型床位在住·失能: 21 of 22 rows blank: fill this column in every row "
        "or in none",
    ]
    assert _import(_fill(book, {"机构名册": counts}, tmp_path / "full.xlsx"), pack) == 0
    after = _observed(pack)
    assert after.loc["caregivers_nursing_home", "value"] == 40 * 22
    assert after.loc["certified_caregivers_nursing_home", "value"] == 15 * 22
    assert after.loc["caregivers_nursing_home", "confidence"] == "high"


@pytest.mark.slow
def test_the_60plus_sheet_gives_the_total_and_the_townships_shares(tmp_path, template_zh) -> None:
    pack = _pack_copy(tmp_path)
    book = template_zh
    sheet = load_workbook(book)["老年人口"]
    first = [sheet.cell(2, c).value for c in range(2, 6)]
    total = _observed(pack).loc["population_60plus", "value"]
    edited = _fill(book, {"老年人口": {"B2": first[0] + 1000}}, tmp_path / "older.xlsx")
    assert _import(edited, pack) == 0
    assert _observed(pack).loc["population_60plus", "value"] == total + 1000
    shares = pd.read_csv(pack / "townships.csv", dtype={"code": str}).set_index("code")
    assert shares["share_60plus"].sum() == pytest.approx(1, abs=1e-6)
    assert shares.loc["331003001", "share_60plus"] == pytest.approx(
        (sum(first) + 1000) / (total + 1000), abs=1e-9
    )
    # The base year's age structure: each 10-year band at the sheet's total.
    bands = [sum(sheet.cell(r, c).value for r in range(2, sheet.max_row + 1)) for c in range(2, 6)]
    bands[0] += 1000
    rows = pd.read_csv(pack / "population.csv")
    rows = rows[(rows["year"] == 2025) & (rows["age_band_start"] >= 60)]
    by_band = rows.groupby(rows["age_band_start"].clip(upper=90) // 10 * 10)["persons"].sum()
    assert list(by_band) == bands
    assert set(rows["confidence"]) == {"medium"}
    assert load_pack(str(pack)).places is not None


@pytest.mark.slow
def test_centres_one_by_one_may_mix_full_day_care_in_a_township(tmp_path, template_zh) -> None:
    pack = _pack_copy(tmp_path)
    # 东城街道's 17 community centres: 16 as prefilled, one with full-day care on its own.
    centres = {"G2": 16, "D2": 128, "A50": "东城社区", "B50": "东城街道",
               "C50": "村（社区）照料中心", "D50": 8, "E50": "是"}  # fmt: skip
    assert _import(_fill(template_zh, {"照料中心名册": centres}, tmp_path / "c.xlsx"), pack) == 0
    table = pd.read_csv(pack / "centres.csv", dtype={"township_code": str})
    dongcheng = table[(table["township_code"] == "331003001") & (table["kind"] == "community")]
    assert sorted(zip(dongcheng["full_day_care"], dongcheng["centres"], strict=True)) == [
        ("no", 16),
        ("yes", 1),
    ]
    assert dongcheng["confidence"].tolist() == ["high", "high"]
    places = load_pack(str(pack)).places
    assert places is not None and places.full_day_care_centres[0] == 2 + 1  # 2 regional
    assert _observed(pack).loc["community_centres", "value"] == 301  # unchanged total


@pytest.mark.slow
def test_allowance_rows_become_the_packs_allowances_table(tmp_path, capsys, template_zh) -> None:
    pack = _pack_copy(tmp_path)
    rows = {
        "A2": "高龄津贴",
        "B2": "80-89岁",
        "C2": 80,
        "D2": 89,
        "F2": 50,
        "I2": 12000,
        "A3": "护理补贴",
        "B3": "重度失能",
        "E3": "失能",
        "F3": 200,
        "G3": 150,
        "H3": 300,
    }
    # The pack's own rows, prefilled, are cleared first: the workbook's rows replace them.
    cleared = {f"{column}{row}": None for row in range(2, 12) for column in "ABCDEFGHIJKLMN"}
    edits = {"津贴补贴": {**cleared, **rows}}
    assert _import(_fill(template_zh, edits, tmp_path / "a.xlsx"), pack) == 0
    allowances = load_allowances(pack)
    assert allowances is not None
    assert [(a.allowance, a.age_min, a.health, a.monthly_yuan) for a in allowances] == [
        ("elderly_age", 80, None, 50),
        ("care_disability", None, "full", 200),
    ]
    assert allowances[0].recipients == 12000 and allowances[1].monthly_yuan_high == 300
    # The template now shows them, and imports unchanged.
    before = _files(pack)
    (tmp_path / "again").mkdir()
    again = _template(tmp_path / "again", pack)
    assert load_workbook(again)["津贴补贴"]["F3"].value == 200
    assert _import(again, pack) == 0
    assert _files(pack) == before
    bad = _fill(template_zh, {"津贴补贴": {"A2": "高龄津贴", "E2": "失能", "F2": 50}},
                tmp_path / "bad.xlsx")  # fmt: skip
    capsys.readouterr()
    assert _import(bad, pack) == 2
    assert capsys.readouterr().err.strip() == (
        "津贴补贴!A2 津贴类型: an old-age allowance gives its from age and no health state"
    )


@pytest.mark.slow
def test_the_tables_by_township_give_district_totals(tmp_path, capsys, template_zh) -> None:
    pack = _pack_copy(tmp_path)
    waiting = {f"B{r}": 5 for r in range(2, 21)}
    clients = {f"B{r}": 100 for r in range(2, 21)}
    too_many = _fill(template_zh, {"轮候名单": waiting | {"C2": 6}}, tmp_path / "w.xlsx")
    capsys.readouterr()
    assert _import(too_many, pack) == 2
    assert capsys.readouterr().err.strip() == "轮候名单!C2 其中失能: more than 轮候人数"
    book = _fill(template_zh, {"轮候名单": waiting, "居家服务": clients}, tmp_path / "ok.xlsx")
    assert _import(book, pack) == 0
    assert "home-care clients add up to 1900: checked, not stored" in capsys.readouterr().err
    assert _observed(pack).loc["waiting_list", "value"] == 5 * 19
