"""A pack's CSV tables as rows of text and back, for the import to change some rows and
keep the rest as they were (every cell as the file spells it)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class CsvTable:
    """A CSV file's columns and rows, every cell as text."""

    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)

    def text(self) -> str:
        """The table as CSV text (minimal quoting, `\\n` line ends, as the packs are kept)."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, lineterminator="\n",
                                extrasaction="ignore")  # fmt: skip
        writer.writeheader()
        for row in self.rows:
            writer.writerow({column: row.get(column, "") for column in self.columns})
        return buffer.getvalue()


def read_csv_table(path: Path, columns: list[str] | tuple[str, ...] = ()) -> CsvTable:
    """The table in `path`, or an empty one with `columns` when there is no such file."""
    if not path.is_file():
        return CsvTable(list(columns))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [{k: v or "" for k, v in row.items() if k is not None} for row in reader]
        return CsvTable(list(reader.fieldnames or columns), rows)


def number_text(value: float) -> str:
    """A number as a pack writes it: whole numbers without a decimal point."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
