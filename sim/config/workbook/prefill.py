"""What a pack already says, as the workbook's rows (stored values: township codes, choice
values, numbers; None for a blank cell). The template writes these rows; the import
compares what it reads with them, so a sheet left as the template wrote it changes
nothing.

The pack's `homes.csv` and `centres.csv` hold groups (a township's public or private
homes, its community or regional centres), not single homes: each group is one
prefilled register row whose last column counts the homes or centres it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.catalogue import text
from sim.config.allowances import ALLOWANCE_COLUMNS, ALLOWANCES_FILE
from sim.config.pack_schema import ITEM_MEASURE, OBSERVED_CONFIDENCE, OBSERVED_ITEMS, DistrictPack
from sim.config.workbook.csv_text import read_csv_table
from sim.config.workbook.layout import OLDER_BANDS
from sim.model.places import spread

Row = list[Any]


@dataclass(frozen=True)
class Townships:
    """The areas a workbook's rows name: the pack's townships, or the district alone
    when it has none (`listed` False)."""

    codes: tuple[str, ...]
    names: dict[str, tuple[str, ...]]
    listed: bool

    @classmethod
    def of(cls, pack: DistrictPack) -> Townships:
        """The townships of `pack`."""
        if pack.places is None:
            names: dict[str, tuple[str, ...]] = {lang: (pack.label(lang),) for lang in ("zh", "en")}
            return cls((pack.id,), names, listed=False)
        return cls(pack.places.codes, dict(pack.places.names), listed=True)

    def label(self, code: str, lang: str) -> str:
        """What the workbook shows for township `code`: its name, with its code when
        another township has the same name."""
        names = self.names[lang]
        name = names[self.codes.index(code)]
        return name if names.count(name) == 1 else f"{name} {code}"

    def code_of(self, shown: str) -> str | None:
        """The code a shown township means (its code, or its label in any language)."""
        if shown in self.codes:
            return shown
        for lang in self.names:
            for code in self.codes:
                if shown == self.label(code, lang):
                    return code
        return None


def whole_or_float(raw: str) -> int | float | None:
    """A CSV cell as a number (a whole number as int), None when blank."""
    if raw.strip() == "":
        return None
    value = float(raw)
    return int(value) if value.is_integer() else value


def figure_rows(pack: DistrictPack, year: int, lang: str) -> list[Row]:
    """The base-year sheet: every observed item with its definition, unit, the pack's value
    and whether that is an estimate; the input cells blank."""
    observed = pack.observed.get(year, {})
    rows = []
    for item, spec in OBSERVED_ITEMS.items():
        entry = observed.get(item)
        if entry is None:
            current, estimate = None, text("workbook.estimate.default", lang)
        else:
            current = whole_or_float(str(entry["value"]))
            assumed = entry["confidence"] not in OBSERVED_CONFIDENCE
            estimate = text(f"workbook.estimate.{'yes' if assumed else 'no'}", lang)
        definition = (
            ITEM_MEASURE[item][0 if lang == "en" else 1]
            if item in ITEM_MEASURE
            else text(f"workbook.definition.{item}", lang)
        )
        unit = text(f"unit.{spec.unit}", lang)
        name = text(f"observed_item.{item}", lang)
        rows.append([item, name, definition, unit, current, estimate, None, None, None])
    return rows


def home_rows(folder: Path, lang: str) -> list[Row]:
    """homes.csv's groups as register rows (name, township, ownership, beds, the counts the
    pack does not hold left blank, homes in the group)."""
    rows = []
    for row in read_csv_table(folder / "homes.csv").rows:
        name = row.get("name_en" if lang == "en" else "name_zh", "") or row.get("name_zh", "")
        rows.append([
            name or None, row["township_code"], "public" if row["public"] == "yes" else "private",
            whole_or_float(row["nursing_beds"]), whole_or_float(row["ordinary_beds"]),
            *[None] * 7, whole_or_float(row["homes"]),
        ])  # fmt: skip
    return rows


def centre_rows(folder: Path) -> list[Row]:
    """centres.csv's groups as register rows (no name, township, kind, places, full-day care,
    users blank, centres in the group)."""
    return [
        [None, row["township_code"], row["kind"], whole_or_float(row["places"]),
         row["full_day_care"], None, whole_or_float(row["centres"])]
        for row in read_csv_table(folder / "centres.csv").rows
    ]  # fmt: skip


def older_rows(pack: DistrictPack, year: int, townships: Townships) -> list[Row]:
    """The 60+ by township and age band: the base year's 60+ shared out by the pack's age
    structure of that year and the townships' shares of the 60+ (whole persons adding
    up to the total); blank when the pack lacks either."""
    blank = [[code, None, None, None, None] for code in townships.codes]
    total = pack.observed.get(year, {}).get("population_60plus")
    structure = pack.population.get(year)
    if total is None or structure is None or pack.places is None:
        return blank
    persons = structure.groupby("age_band_start")["persons"].sum()
    weights = np.array([
        float(persons.get(first, 0.0) + persons.get(last, 0.0)) for _, first, last in OLDER_BANDS
    ])  # fmt: skip
    by_band = spread(round(float(total["value"])), weights)
    shares = pack.places.share_60plus
    cells = np.stack([spread(int(band), shares) for band in by_band], axis=1)
    return [[code, *(int(v) for v in cells[i])] for i, code in enumerate(townships.codes)]


def by_township_rows(townships: Townships, width: int) -> list[Row]:
    """A sheet by township with `width` blank input cells a row."""
    return [[code, *[None] * width] for code in townships.codes]


def allowance_rows(folder: Path, lang: str) -> list[Row]:
    """allowances.csv's rows as the allowance sheet's rows (none without the file)."""
    rows = []
    for row in read_csv_table(folder / ALLOWANCES_FILE, ALLOWANCE_COLUMNS).rows:
        source = row.get("source_zh", "") if lang == "zh" else ""
        rows.append([
            row["allowance"], row["band"] or None, whole_or_float(row["age_min"]),
            whole_or_float(row["age_max"]), row["health"] or None,
            whole_or_float(row["monthly_yuan"]), whole_or_float(row["monthly_yuan_low"]),
            whole_or_float(row["monthly_yuan_high"]), whole_or_float(row["recipients"]),
            source or row["source"] or None, row["note"] or None,
        ])  # fmt: skip
    return rows
