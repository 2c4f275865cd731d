"""A district's allowance rates and recipients (`allowances.csv`, optional), read and checked.

One row per allowance band:

- `allowance`: `elderly_age` (高龄津贴, paid by age: `age_min`, `age_max` blank for an
  open top band, `health` blank) or `care_disability` (护理补贴 or 服务补贴, paid by
  health state: `health` is `partial` or `full`, the ages blank);
- `band`: the band's own name as the bureau writes it (may be blank);
- `monthly_yuan`, `monthly_yuan_low`, `monthly_yuan_high`: yuan a person a month, with an
  optional range (both or neither, low <= value <= high);
- `recipients`: persons receiving it in `year` (may be blank);
- `year`, `source`, `source_zh`, `confidence`, `note`: as every pack table.

Every problem raises the one-line `InputError` naming the file and the key
(`allowances.csv: row 2.monthly_yuan: expected a number >= 0, got '-5'`); rows are
counted from 1 below the header. The file's formats are in `docs/workbook.md`.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from sim.config.pack_schema import CONFIDENCE_LEVELS
from sim.errors import InputError

ALLOWANCES_FILE = "allowances.csv"
ALLOWANCE_COLUMNS = (
    "allowance", "band", "age_min", "age_max", "health", "monthly_yuan", "monthly_yuan_low",
    "monthly_yuan_high", "recipients", "year", "source", "source_zh", "confidence", "note",
)  # fmt: skip
#: The kinds of allowance: by age band, by health state.
ALLOWANCE_KINDS = ("elderly_age", "care_disability")
#: The health states a care or disability allowance is paid for.
ALLOWANCE_HEALTH = ("partial", "full")


@dataclass(frozen=True)
class Allowance:
    """One band of an allowance: who receives it, yuan a person a month, and how many."""

    allowance: str
    band: str
    #: ages in whole years (elderly_age only; age_max None: no upper bound)
    age_min: int | None
    age_max: int | None
    #: partial or full (care_disability only)
    health: str
    monthly_yuan: float
    monthly_yuan_low: float | None
    monthly_yuan_high: float | None
    #: persons receiving it in `year` (None: not known)
    recipients: int | None
    year: int
    source: str
    source_zh: str
    confidence: str
    note: str


def _number(file: str, key: str, raw: str, *, whole: bool) -> float | None:
    """A number >= 0 (a whole one when `whole`), or None for a blank cell."""
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise InputError(file, key, f"expected {kind} >= 0, got {raw!r}")
    return value


def _whole(file: str, key: str, raw: str) -> int | None:
    value = _number(file, key, raw, whole=True)
    return None if value is None else int(value)


def _allowance(file: str, number: int, row: dict[str, str]) -> Allowance:
    """One row, checked (`number` counts rows from 1)."""
    key = f"row {number}"
    kind = row["allowance"]
    if kind not in ALLOWANCE_KINDS:
        raise InputError(file, f"{key}.allowance", f"expected one of {', '.join(ALLOWANCE_KINDS)}")
    age_min = _whole(file, f"{key}.age_min", row["age_min"])
    age_max = _whole(file, f"{key}.age_max", row["age_max"])
    health = row["health"]
    if kind == "elderly_age":
        if age_min is None or health:
            raise InputError(file, key, "an elderly_age row gives age_min and no health")
        if age_max is not None and age_max < age_min:
            raise InputError(file, f"{key}.age_max", f"expected age_max >= age_min ({age_min})")
    elif health not in ALLOWANCE_HEALTH or age_min is not None or age_max is not None:
        raise InputError(file, key, "a care_disability row gives health (partial or full) "
                         "and no ages")  # fmt: skip
    monthly = _number(file, f"{key}.monthly_yuan", row["monthly_yuan"], whole=False)
    if monthly is None:
        raise InputError(file, f"{key}.monthly_yuan", "every row needs its monthly rate")
    low = _number(file, f"{key}.monthly_yuan_low", row["monthly_yuan_low"], whole=False)
    high = _number(file, f"{key}.monthly_yuan_high", row["monthly_yuan_high"], whole=False)
    if (low is None) != (high is None):
        raise InputError(file, f"{key}.monthly_yuan_low", "give both low and high, or neither")
    if low is not None and high is not None and not low <= monthly <= high:
        raise InputError(file, f"{key}.monthly_yuan", "expected low <= monthly_yuan <= high")
    year = _whole(file, f"{key}.year", row["year"])
    if year is None or year < 1990:
        raise InputError(file, f"{key}.year", f"expected a year, got {row['year']!r}")
    if not row["source"]:
        raise InputError(file, f"{key}.source", "every row needs a source")
    if row["confidence"] not in CONFIDENCE_LEVELS:
        raise InputError(
            file, f"{key}.confidence", f"expected one of {', '.join(CONFIDENCE_LEVELS)}"
        )
    return Allowance(
        allowance=kind, band=row["band"], age_min=age_min, age_max=age_max, health=health,
        monthly_yuan=monthly, monthly_yuan_low=low, monthly_yuan_high=high,
        recipients=_whole(file, f"{key}.recipients", row["recipients"]), year=year,
        source=row["source"], source_zh=row["source_zh"], confidence=row["confidence"],
        note=row["note"],
    )  # fmt: skip


def read_allowance_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an allowances table as stripped text, every column present."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ALLOWANCE_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(str(path), missing[0], "column missing")
            return [{c: (row.get(c) or "").strip() for c in ALLOWANCE_COLUMNS} for row in reader]
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(str(path), "", f"cannot be read as CSV ({error})") from None


def load_allowances(pack_folder: Path) -> list[Allowance] | None:
    """The allowances of the pack in `pack_folder`, checked; None when it has no
    `allowances.csv`."""
    path = pack_folder / ALLOWANCES_FILE
    if not path.is_file():
        return None
    file = str(path)
    allowances = [
        _allowance(file, number, row) for number, row in enumerate(read_allowance_rows(path), 1)
    ]
    seen: set[tuple[str, str, int | None, str]] = set()
    for number, entry in enumerate(allowances, 1):
        band = (entry.allowance, entry.band, entry.age_min, entry.health)
        if band in seen:
            raise InputError(file, f"row {number}", "the same band listed twice")
        seen.add(band)
    return allowances
