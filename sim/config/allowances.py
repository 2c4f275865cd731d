"""The allowances a district pays older people each month, from its pack's `allowances.csv`.

Two kinds, one row per rate:

- `elderly_age` (高龄津贴): paid by age band, `age_min`..`age_max` completed years
  (`age_max` blank: no upper bound), `health` blank;
- `care_disability` (护理补贴 / 服务补贴): paid by disability, `health` = `partial` or
  `full`, ages blank.

Every row gives the monthly rate in yuan (`monthly_yuan`) with its range
(`monthly_yuan_low`, `monthly_yuan_high`, blank: not known), the persons paid in the
base year when known (`recipients`), the year of the rate, its source in English and
Chinese and its confidence (as `observed.csv`: high, medium, low, estimate,
assumption, calibrated). The file is optional: a pack without it pays none.
"""

from __future__ import annotations

import math
from pathlib import Path

from sim.catalogue import text
from sim.config.csv_rows import read_rows
from sim.config.pack_schema import CONFIDENCE_LEVELS, AllowanceRate
from sim.errors import InputError

ALLOWANCES_FILE = "allowances.csv"
#: The columns of `allowances.csv`, in order.
ALLOWANCE_COLUMNS = [
    "allowance", "band", "age_min", "age_max", "health", "monthly_yuan", "monthly_yuan_low",
    "monthly_yuan_high", "recipients", "year", "source", "source_zh", "confidence", "note",
]  # fmt: skip
ALLOWANCE_KINDS = ("elderly_age", "care_disability")
HEALTH_LEVELS = ("partial", "full")
#: The youngest age the model follows; an age band starting below it pays nobody.
FIRST_AGE_YEARS = 60


def load_allowances(pack_folder: Path) -> list[AllowanceRate] | None:
    """The allowance rates of the pack in `pack_folder`, in the file's order, or None when
    the pack has no `allowances.csv`. A bad row is one `InputError` naming the file and
    the row's key (`<allowance>.<band>.<column>`)."""
    path = pack_folder / ALLOWANCES_FILE
    if not path.is_file():
        return None
    rates = [_rate(str(path), row) for row in read_rows(path, ALLOWANCE_COLUMNS)]
    seen: set[tuple[str, str]] = set()
    for rate in rates:
        if (rate.allowance, rate.band) in seen:
            raise InputError(str(path), f"{rate.allowance}.{rate.band}", "band given twice")
        seen.add((rate.allowance, rate.band))
    return rates


def _rate(file: str, row: dict[str, str]) -> AllowanceRate:
    """One row, checked."""
    kind = _text(row["allowance"])
    band = _text(row["band"])
    if kind not in ALLOWANCE_KINDS:
        raise InputError(file, f"{kind or '?'}.allowance", f"expected one of {ALLOWANCE_KINDS}")
    if not band:
        raise InputError(file, f"{kind}.band", "every rate needs a band name")
    key = f"{kind}.{band}"
    age_min = _whole(file, f"{key}.age_min", row["age_min"])
    age_max = _whole(file, f"{key}.age_max", row["age_max"])
    health = _text(row["health"]) or None
    if kind == "elderly_age":
        if age_min is None or health is not None:
            raise InputError(file, key, "an age allowance gives age_min and no health")
        if age_max is not None and age_max < age_min:
            raise InputError(file, f"{key}.age_max", f"expected at least age_min ({age_min})")
    elif health not in HEALTH_LEVELS or age_min is not None or age_max is not None:
        raise InputError(file, f"{key}.health", f"expected one of {HEALTH_LEVELS}, ages blank")
    monthly = _money(file, f"{key}.monthly_yuan", row["monthly_yuan"])
    if monthly is None:
        raise InputError(file, f"{key}.monthly_yuan", "every rate needs a monthly amount")
    low = _money(file, f"{key}.monthly_yuan_low", row["monthly_yuan_low"])
    high = _money(file, f"{key}.monthly_yuan_high", row["monthly_yuan_high"])
    if (low is not None and low > monthly) or (high is not None and high < monthly):
        raise InputError(file, key, "expected monthly_yuan between its low and its high")
    year = _whole(file, f"{key}.year", row["year"])
    if year is None:
        raise InputError(file, f"{key}.year", "every rate needs the year it applies to")
    confidence = _text(row["confidence"])
    if confidence not in CONFIDENCE_LEVELS:
        raise InputError(file, f"{key}.confidence", f"expected one of {CONFIDENCE_LEVELS}")
    if not _text(row["source"]):
        raise InputError(file, f"{key}.source", "every rate needs a source")
    return AllowanceRate(
        allowance=kind, band=band, age_min=age_min, age_max=age_max, health=health,
        monthly_yuan=monthly, monthly_yuan_low=low, monthly_yuan_high=high,
        recipients=_whole(file, f"{key}.recipients", row["recipients"]), year=year,
        source=_text(row["source"]), source_zh=_text(row["source_zh"]),
        confidence=confidence, note=_text(row["note"]),
    )  # fmt: skip


def _text(raw: object) -> str:
    return "" if raw is None else str(raw).strip()


def _number(file: str, key: str, raw: object) -> float | None:
    """A finite number, or None for a blank cell."""
    text = _text(raw)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InputError(file, key, f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise InputError(file, key, f"expected a finite number, got {text!r}")
    return value


def _money(file: str, key: str, raw: object) -> float | None:
    """Yuan >= 0, or None for a blank cell."""
    value = _number(file, key, raw)
    if value is not None and value < 0:
        raise InputError(file, key, f"expected a number >= 0, got {value:g}")
    return value


def _whole(file: str, key: str, raw: object) -> int | None:
    """A whole number >= 0, or None for a blank cell."""
    value = _number(file, key, raw)
    if value is None:
        return None
    if value < 0 or value != int(value):
        raise InputError(file, key, f"expected a whole number >= 0, got {value:g}")
    return int(value)


def allowance_label(rate: AllowanceRate, lang: str) -> str:
    """A rate's name in `lang`: the age allowance with its band, or the care allowance
    with its disability level (the words of the report's assumptions table)."""
    if rate.allowance == "elderly_age":
        return text("costs.allowance_elderly_age", lang, band=rate.band)
    return text(f"costs.allowance_care_disability_{rate.health}", lang)
