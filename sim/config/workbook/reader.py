"""`read_workbook`: every cell of a filled workbook, checked, as stored values.

A cell that is not what its column holds is one problem line naming the sheet, the cell,
the column and what was expected (`机构名册!D7 护理型床位: expected a whole number >= 0,
got "三十"`); reading goes on, so one pass lists every problem. The lines are in the
language asked for (the catalogue's `workbook.problem.*`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.catalogue import LANGUAGES, text
from sim.config.pack_schema import OBSERVED_ITEMS
from sim.config.workbook.layout import (
    DATE_CELL,
    FIRST_ROW,
    HEADER_ROW,
    META_SHEET,
    REPORTER_CELL,
    SHEETS,
    Column,
    Sheet,
    choice_value,
)
from sim.config.workbook.prefill import Row, Townships

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?$")


@dataclass
class Problems:
    """The problem lines found so far, in the language of `lang`."""

    lang: str
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, key: str, **fields: object) -> None:
        """Add `where: <message workbook.problem.key>`."""
        self.lines.append(f"{where}: {text(f'workbook.problem.{key}', self.lang, **fields)}")


@dataclass(frozen=True)
class Cell:
    """Where a value came from: the sheet's name, the cell and its column's header."""

    sheet: str
    ref: str
    header: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.ref} {self.header}"


@dataclass
class SheetRows:
    """A data sheet's non-blank rows: stored values and the cells they came from (by
    column key), with their row numbers."""

    rows: list[Row] = field(default_factory=list)
    cells: list[dict[str, Cell]] = field(default_factory=list)


@dataclass
class Workbook:
    """A workbook read and checked: its district, year and language, who reported and
    when, and each data sheet's rows by sheet key."""

    district: str
    base_year: int
    lang: str
    reporter: str
    date: str
    sheets: dict[str, SheetRows]


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f'"{value}"'


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", ""))
    except ValueError:
        return None


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    match = _DATE.match(str(value).strip())
    if match is None:
        return None
    year, month, day = match.groups()
    if not 1 <= int(month) <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def parse_cell(
    value: Any, column: Column, townships: Townships, where: Cell, problems: Problems
) -> Any:
    """The stored value of a non-blank cell, or None after adding its problem line."""
    if column.kind == "text":
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        return (
            str(int(number))
            if number is not None and float(number).is_integer()
            else str(value).strip()
        )
    if column.kind in ("whole", "number"):
        number = _number(value)
        whole = column.kind == "whole"
        if (number is None or not math.isfinite(number) or number < column.minimum
                or (whole and not number.is_integer())):  # fmt: skip
            problems.add(str(where), column.kind, minimum=column.minimum, got=_shown(value))
            return None
        return int(number) if number.is_integer() else number
    if column.kind == "choice":
        stored = choice_value(str(value).strip(), column.choices)
        if stored is None:
            allowed = "、".join(text(f"workbook.choice.{v}", problems.lang) for v in column.choices)
            problems.add(str(where), "choice", allowed=allowed, got=_shown(value))
        return stored
    if column.kind == "township":
        code = townships.code_of(str(value).strip())
        if code is None:
            problems.add(str(where), "township", got=_shown(value))
        return code
    date = _date(value)
    if date is None:
        problems.add(str(where), "date", got=_shown(value))
    return date


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_sheet(
    book_sheet: Any, sheet: Sheet, lang: str, townships: Townships, problems: Problems
) -> SheetRows:
    """One data sheet's rows; headers must be as the template wrote them."""
    from openpyxl.utils import get_column_letter

    name = sheet.name(lang)
    for number, column in enumerate(sheet.columns, 1):
        found = book_sheet.cell(row=HEADER_ROW, column=number).value
        if str(found or "").strip() != sheet.header(lang, column):
            ref = f"{name}!{get_column_letter(number)}{HEADER_ROW}"
            problems.add(ref, "header", expected=sheet.header(lang, column), got=_shown(found))
            return SheetRows()
    result = SheetRows()
    width = len(sheet.columns)
    for row_number, values in enumerate(
        book_sheet.iter_rows(min_row=FIRST_ROW, max_col=width, values_only=True), FIRST_ROW
    ):
        values = list(values) + [None] * (width - len(values))
        inputs = [v for v, c in zip(values, sheet.columns, strict=True) if c.input or sheet.fixed]
        if all(_blank(v) for v in inputs):
            continue
        row: Row = []
        cells: dict[str, Cell] = {}
        for number, (column, value) in enumerate(zip(sheet.columns, values, strict=True), 1):
            where = Cell(name, f"{get_column_letter(number)}{row_number}",
                         sheet.header(lang, column))  # fmt: skip
            cells[column.key] = where
            if sheet.fixed and not column.input and number > 1:
                row.append(None)  # shown for reading; the template's own text
            elif _blank(value):
                if column.required:
                    problems.add(str(where), "required")
                row.append(None)
            else:
                row.append(parse_cell(value, column, townships, where, problems))
        result.rows.append(row)
        result.cells.append(cells)
    return result


def _meta(book: Any, problems: Problems) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        problems.add(META_SHEET, "sheet_missing")
        return {}
    return {
        str(row[0]): str(row[1])
        for row in book[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True)
        if row[0] is not None and row[1] is not None
    }


def read_workbook(
    path: Path, townships: Townships, district: str, problems: Problems
) -> Workbook | None:
    """The workbook in `path`, every cell checked (problems added to `problems`); None when
    it cannot be read as a workbook of `district` at all."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, BadZipFile, KeyError, ValueError) as error:
        problems.add(
            str(path), "unreadable", error=str(error).splitlines()[0] if str(error) else ""
        )
        return None
    meta = _meta(book, problems)
    if not meta:
        return None  # not a workbook `sim pack template` wrote
    lang = meta.get("lang", "zh") if meta.get("lang") in LANGUAGES else "zh"
    if meta.get("district") != district:
        problems.add(f"{META_SHEET}!B1", "district", expected=district, got=meta.get("district"))
        return None
    sheets: dict[str, SheetRows] = {}
    for sheet in SHEETS:
        if sheet.name(lang) not in book.sheetnames:
            problems.add(sheet.name(lang), "sheet_missing")
            continue
        sheets[sheet.key] = _read_sheet(book[sheet.name(lang)], sheet, lang, townships, problems)
    reporter, date = "", ""
    instructions = text("workbook.sheet.instructions", lang)
    if instructions in book.sheetnames:
        reporter = str(book[instructions][REPORTER_CELL].value or "").strip()
        raw_date = book[instructions][DATE_CELL].value
        if not _blank(raw_date):
            date = _date(raw_date) or ""
            if not date:
                problems.add(f"{instructions}!{DATE_CELL}", "date", got=_shown(raw_date))
    else:
        problems.add(instructions, "sheet_missing")
    _check_figure_items(sheets, problems)
    year = int(meta["base_year"]) if meta.get("base_year", "").isdigit() else 0
    return Workbook(district, year, lang, reporter, date, sheets)


def _check_figure_items(sheets: dict[str, SheetRows], problems: Problems) -> None:
    """The base-year sheet's first column names items of the pack's schema."""
    figures = sheets.get("figures")
    for row, cells in zip(figures.rows if figures else [], figures.cells if figures else [],
                          strict=True):  # fmt: skip
        if row[0] not in OBSERVED_ITEMS:
            problems.add(str(cells["item"]), "item", got=_shown(row[0]))
