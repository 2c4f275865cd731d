"""`write_template`: the data-collection workbook of a pack's base year, prefilled with what
the pack says (`prefill`), in Chinese or English.

Input cells have a light yellow fill and are the only unlocked cells of a protected sheet
(no password: the protection keeps headers and keys from being typed over by mistake,
not from a determined user); townships and kinds are drop-down lists; header rows are
frozen. Two hidden sheets hold the workbook's district, base year and language
(`_meta`) and the drop-downs' lists (`_lists`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.catalogue import text, texts
from sim.config.pack_schema import DistrictPack
from sim.config.workbook import prefill
from sim.config.workbook.layout import (
    ALLOWANCES,
    CENTRES,
    DATE_CELL,
    FIGURES,
    FIRST_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    HOME_CARE,
    HOMES,
    INSTRUCTIONS_FIRST_ROW,
    LISTS_SHEET,
    META_SHEET,
    OLDER,
    REGISTER_BLANK_ROWS,
    REPORTER_CELL,
    SHEETS,
    WAITING,
    Sheet,
    choice_label,
)

INPUT_FILL = "FFF2CC"
HEADER_FILL = "D9E1F2"
#: The named style of input cells: the fill, unlocked.
INPUT_STYLE = "input"


def template_rows(pack: DistrictPack, lang: str) -> dict[str, list[prefill.Row]]:
    """Every data sheet's rows as the template prefills them (stored values), by sheet key."""
    year = pack.default_base_year
    townships = prefill.Townships.of(pack)
    return {
        FIGURES.key: prefill.figure_rows(pack, year, lang),
        HOMES.key: prefill.home_rows(pack.folder, lang) if townships.listed else [],
        CENTRES.key: prefill.centre_rows(pack.folder) if townships.listed else [],
        OLDER.key: prefill.older_rows(pack, year, townships),
        HOME_CARE.key: prefill.by_township_rows(townships, 3),
        WAITING.key: prefill.by_township_rows(townships, 2),
        ALLOWANCES.key: prefill.allowance_rows(pack.folder, lang),
    }


def write_template(pack: DistrictPack, path: Path, lang: str) -> None:
    """Write the workbook of `pack`'s default base year to `path` (.xlsx) in `lang`."""
    from openpyxl import Workbook

    townships = prefill.Townships.of(pack)
    book = Workbook()
    book.add_named_style(_input_style())
    instructions = book.active
    assert instructions is not None
    _write_instructions(instructions, pack, lang)
    lists = _write_lists(book.create_sheet(LISTS_SHEET), townships, lang)
    for sheet, rows in zip(SHEETS, template_rows(pack, lang).values(), strict=True):
        _write_sheet(book.create_sheet(sheet.name(lang)), sheet, rows, townships, lang, lists)
    meta = book.create_sheet(META_SHEET)
    for row in (("district", pack.id), ("base_year", pack.default_base_year), ("lang", lang),
                ("format", FORMAT_VERSION)):  # fmt: skip
        meta.append(list(row))
    meta.sheet_state = "hidden"
    book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    book.save(path)


def _input_style() -> Any:
    from openpyxl.styles import NamedStyle, PatternFill, Protection

    style = NamedStyle(name=INPUT_STYLE)
    style.fill = PatternFill("solid", fgColor=INPUT_FILL)
    style.protection = Protection(locked=False)
    return style


def _write_instructions(sheet: Any, pack: DistrictPack, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = text("workbook.sheet.instructions", lang)
    sheet["A1"] = text("workbook.instructions.title", lang, district=pack.label(lang),
                       year=pack.default_base_year)  # fmt: skip
    sheet["A1"].font = Font(bold=True, size=14)
    for cell, key in ((REPORTER_CELL, "reporter"), (DATE_CELL, "date")):
        label = sheet.cell(row=sheet[cell].row, column=1, value=text(f"workbook.input.{key}", lang))
        label.font = Font(bold=True)
        sheet[cell].style = INPUT_STYLE
    lines = texts("workbook.instructions.line", lang)
    for offset, key in enumerate(sorted(lines, key=int)):
        cell = sheet.cell(row=INSTRUCTIONS_FIRST_ROW + offset, column=1, value=lines[key])
        cell.alignment = Alignment(wrap_text=False)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 30
    sheet.protection.sheet = True


def _write_lists(sheet: Any, townships: prefill.Townships, lang: str) -> dict[str, str]:
    """The drop-downs' lists, one column each; returns each list's range by name."""
    from openpyxl.utils import get_column_letter

    lists = {"township": [townships.label(code, lang) for code in townships.codes]}
    for sheet_spec in SHEETS:
        for column in sheet_spec.columns:
            if column.kind == "choice":
                lists[",".join(column.choices)] = [choice_label(v, lang) for v in column.choices]
    ranges = {}
    for number, (name, values) in enumerate(lists.items(), 1):
        letter = get_column_letter(number)
        for row, value in enumerate(values, 1):
            sheet.cell(row=row, column=number, value=value)
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${max(len(values), 1)}"
    sheet.sheet_state = "hidden"
    return ranges


def _shown(value: Any, kind: str, townships: prefill.Townships, lang: str) -> Any:
    if value is None:
        return None
    if kind == "township":
        return townships.label(str(value), lang)
    if kind == "choice":
        return choice_label(str(value), lang)
    return value


def _write_sheet(
    book_sheet: Any, sheet: Sheet, rows: list[prefill.Row], townships: prefill.Townships,
    lang: str, lists: dict[str, str],
) -> None:  # fmt: skip
    """One data sheet: header, prefilled rows, blank register rows, drop-downs, fills and
    protection."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for number, column in enumerate(sheet.columns, 1):
        cell = book_sheet.cell(row=HEADER_ROW, column=number, value=sheet.header(lang, column))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        book_sheet.column_dimensions[get_column_letter(number)].width = column.width
    for offset, row in enumerate(rows):
        for number, (column, value) in enumerate(zip(sheet.columns, row, strict=True), 1):
            book_sheet.cell(row=FIRST_ROW + offset, column=number,
                            value=_shown(value, column.kind, townships, lang))  # fmt: skip
    last_row = FIRST_ROW + len(rows) - 1 + (0 if sheet.fixed else REGISTER_BLANK_ROWS)
    for number, column in enumerate(sheet.columns, 1):
        if not column.input:
            continue
        letter = get_column_letter(number)
        for row_number in range(FIRST_ROW, last_row + 1):
            # A named style: setting fill and protection cell by cell is far slower.
            book_sheet.cell(row=row_number, column=number).style = INPUT_STYLE
        source = lists.get("township" if column.kind == "township" else ",".join(column.choices))
        if column.kind in ("township", "choice") and source is not None:
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
            book_sheet.add_data_validation(validation)
    book_sheet.freeze_panes = f"A{FIRST_ROW}"
    book_sheet.protection.sheet = True
