"""`plan_import`: what a filled workbook changes in its pack, before anything is written.

The base-year sheet's filled values replace the pack's figures of the base year as
observed (confidence `high`, the workbook's source and date); a blank value leaves the
figure as it is, unless a register gives it (`registers`). A figure both give must agree,
and beds and centres must equal the pack's tables when their registers are unchanged.
A figure the pack already holds as observed (high, medium or low) is replaced by a
different value only with `force`. The changed files are then read as a pack (a copy in
a temporary folder) so that a plan that would leave a pack the loader refuses is a
problem, not a broken pack.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.catalogue import text
from sim.config.allowances import ALLOWANCES_FILE, load_allowances
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import OBSERVED_CONFIDENCE, OBSERVED_ITEMS, DistrictPack
from sim.config.workbook.csv_text import CsvTable, number_text, read_csv_table
from sim.config.workbook.layout import DATE_CELL, FIGURES
from sim.config.workbook.prefill import Townships
from sim.config.workbook.reader import Problems, Workbook, read_workbook
from sim.config.workbook.registers import HIGH, Context, Derived, read_registers, table_totals
from sim.errors import InputError

#: Each file's row key and the columns a change lists.
ROW_KEYS = {
    "observed.csv": (("year", "item"), ("value", "confidence")),
    "homes.csv": (("township_code", "name_zh", "public"),
                  ("homes", "nursing_beds", "ordinary_beds", "confidence")),
    "centres.csv": (("township_code", "kind", "full_day_care"),
                    ("centres", "places", "confidence")),
    "townships.csv": (("code",), ("share_60plus",)),
    "population.csv": (("year", "age_band_start", "sex"), ("persons", "confidence")),
    ALLOWANCES_FILE: (("allowance", "band", "age_min", "age_max", "health"),
                      ("monthly_yuan", "recipients", "confidence")),
}  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One row of a pack file as it is and as the import leaves it ("" for none)."""

    file: str
    key: str
    old: str
    new: str


@dataclass
class ImportPlan:
    """The files an import writes (name: text), the rows it changes, and notes."""

    files: dict[str, str] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Given:
    """A base-year figure the workbook gives: value, its cell, its source (en, zh)."""

    value: float
    cell: str
    source: tuple[str, str]


def _source(workbook: Workbook, source: str = "", date: str = "") -> tuple[str, str]:
    """The source of the bureau's figures (English, Chinese): who reported them, and when."""
    date = date or workbook.date
    pair = []
    for lang in ("en", "zh"):
        reporter = source or workbook.reporter or text("workbook.source.reporter", lang)
        pair.append(text("workbook.source.register", lang, reporter=reporter, date=date))
    return pair[0], pair[1]


def _given(workbook: Workbook) -> dict[str, Given]:
    sheet = workbook.sheets.get(FIGURES.key)
    given = {}
    value_at, source_at, date_at = (FIGURES.index(k) for k in ("value", "source", "date"))
    for row, cells in zip(sheet.rows if sheet else [], sheet.cells if sheet else [], strict=True):
        if row[value_at] is not None and row[0] in OBSERVED_ITEMS:
            source = _source(workbook, row[source_at] or "", row[date_at] or "")
            given[row[0]] = Given(float(row[value_at]), str(cells["value"]), source)
    return given


def _figure_row(year: int, item: str, value: float, confidence: str, source: tuple[str, str]
                ) -> dict[str, str]:  # fmt: skip
    return {"year": str(year), "item": item, "value": number_text(value),
            "unit": OBSERVED_ITEMS[item].unit, "low": "", "high": "", "source": source[0],
            "source_zh": source[1], "confidence": confidence, "note": ""}  # fmt: skip


def _combine(
    context: Context, given: dict[str, Given], derived: dict[str, Derived], force: bool
) -> dict[str, dict[str, str]]:
    """The observed.csv rows of the base year the import writes, by item."""
    year = context.workbook.base_year
    current = context.pack.observed.get(year, {})
    rows = {}
    tables = table_totals(context)
    for item in OBSERVED_ITEMS:
        mine, theirs = given.get(item), derived.get(item)
        bound = theirs or tables.get(item)
        if mine is not None and bound is not None and mine.value != bound.value:
            context.problems.add(mine.cell, "disagree", sheet=bound.sheet,
                                 total=number_text(bound.value))  # fmt: skip
        if mine is not None:
            value, confidence, source, where = mine.value, HIGH, mine.source, mine.cell
        elif theirs is not None:
            confidence = HIGH if theirs.observed else "estimate"
            source = context.source if theirs.observed else (
                text("workbook.source.partial", "en", sheet=theirs.sheet),
                text("workbook.source.partial", "zh", sheet=theirs.sheet))  # fmt: skip
            value, where = theirs.value, theirs.sheet
        else:
            continue
        old = current.get(item)
        if old is None and confidence != HIGH and not OBSERVED_ITEMS[item].used:
            continue  # a count the model does not use, not known before and still estimated
        was_observed = old is not None and old["confidence"] in OBSERVED_CONFIDENCE
        if (
            old is not None
            and float(old["value"]) == value
            and (was_observed or confidence == old["confidence"])
        ):
            continue
        if old is not None and was_observed and not force:
            context.problems.add(where, "observed_force", item=item,
                                 old=number_text(float(old["value"])))  # fmt: skip
        rows[item] = _figure_row(year, item, value, confidence, source)
    return rows


def _observed_table(folder: Path, year: int, rows: dict[str, dict[str, str]]) -> CsvTable:
    """observed.csv with the base year's `rows` replacing theirs or added after them."""
    table = read_csv_table(folder / "observed.csv")
    placed = set()
    result = []
    for row in table.rows:
        if row["year"] == str(year) and row["item"] in rows:
            result.append({**row, **rows[row["item"]]})
            placed.add(row["item"])
        else:
            result.append(row)
    years = [row["year"] for row in result]
    at = len(years) - years[::-1].index(str(year)) if str(year) in years else len(result)
    result[at:at] = [row for item, row in rows.items() if item not in placed]
    return CsvTable(table.columns, result)


def _check_loads(pack: DistrictPack, files: dict[str, str], problems: Problems) -> None:
    """Read the changed pack (a copy) as `sim` will; its error is a problem line."""
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary) / pack.folder.name
        shutil.copytree(pack.folder, copy)
        for name, content in files.items():
            (copy / name).write_text(content, encoding="utf-8")
        try:
            load_pack(str(copy))
            load_allowances(copy)
        except InputError as error:
            problems.lines.append(error.line().replace(str(copy), str(pack.folder)))


def _keyed(table: CsvTable, key_columns: tuple[str, ...]) -> dict[str, dict[str, str]]:
    keyed: dict[str, dict[str, str]] = {}
    for row in table.rows:
        key = ".".join(row.get(c, "") for c in key_columns if row.get(c, ""))
        name, number = key, 1
        while name in keyed:
            number += 1
            name = f"{key}#{number}"
        keyed[name] = row
    return keyed


def _summary(row: dict[str, str], columns: tuple[str, ...]) -> str:
    return ", ".join(f"{column}={row.get(column, '')}" for column in columns)


def _changes(folder: Path, tables: dict[str, CsvTable]) -> list[Change]:
    changes = []
    for name, table in tables.items():
        key_columns, shown = ROW_KEYS[name]
        old = _keyed(read_csv_table(folder / name, table.columns), key_columns)
        new = _keyed(table, key_columns)
        for key in dict.fromkeys([*old, *new]):
            before = _summary(old[key], shown) if key in old else ""
            after = _summary(new[key], shown) if key in new else ""
            if before != after:
                changes.append(Change(name, key, before, after))
    return changes


def plan_import(
    pack: DistrictPack, path: Path, *, force: bool, lang: str = "en"
) -> tuple[ImportPlan, list[str]]:
    """What importing the workbook at `path` into `pack` would write, and every problem
    line (in `lang`); write nothing when there is any."""
    problems = Problems(lang)
    workbook = read_workbook(path, Townships.of(pack), pack.id, problems)
    if workbook is None:
        return ImportPlan(), problems.lines
    if workbook.base_year != pack.default_base_year:
        problems.add(str(path), "year", expected=pack.default_base_year, got=workbook.base_year)
        return ImportPlan(), problems.lines
    context = Context(pack, workbook, problems, _source(workbook))
    registers = read_registers(context)
    figures = _combine(context, _given(workbook), registers.figures, force)
    tables: dict[str, Any] = dict(registers.tables)
    if figures:
        tables["observed.csv"] = _observed_table(pack.folder, workbook.base_year, figures)
    if tables and not workbook.date:
        problems.add(f"{text('workbook.sheet.instructions', workbook.lang)}!{DATE_CELL}",
                     "date_missing")  # fmt: skip
    plan = ImportPlan({name: table.text() for name, table in tables.items()},
                      _changes(pack.folder, tables), registers.notes)  # fmt: skip
    if not problems.lines and plan.files:
        _check_loads(pack, plan.files, problems)
    return plan, problems.lines
