"""Small hand-edited CSV tables (a pack's township tables, its allowance rates) read as
rows of text, for readers that check every cell themselves and name it in their errors.

The standard library's `csv` reads them: the cells stay as written (no guessing of
types or of missing values), and it costs a fraction of a millisecond a table.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sim.errors import InputError


def read_rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """The rows of a CSV table with at least `columns`, every cell as stripped text (a
    missing trailing cell as empty; blank lines skipped). A byte-order mark, as
    spreadsheets save it, is allowed; a row with more cells than the header, or a
    column named twice, is an error."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            lines = [line for line in csv.reader(file) if any(cell.strip() for cell in line)]
    except (csv.Error, UnicodeDecodeError) as error:
        raise InputError(str(path), "", f"cannot be read as CSV ({error})") from None
    header = [name.strip() for name in lines[0]] if lines else []
    missing = [column for column in columns if column not in header]
    if missing:
        raise InputError(str(path), missing[0], "column missing")
    twice = next((name for name in header if header.count(name) > 1), None)
    if twice is not None:
        raise InputError(str(path), twice, "column given twice")
    rows = []
    for number, line in enumerate(lines[1:], 1):
        if len(line) > len(header):
            raise InputError(str(path), "", f"row {number} has more cells than the header")
        cells = [cell.strip() for cell in line] + [""] * (len(header) - len(line))
        rows.append(dict(zip(header, cells, strict=True)))
    if not rows:
        raise InputError(str(path), "", "expected at least one row")
    return rows
