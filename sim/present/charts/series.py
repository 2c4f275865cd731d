"""Reading the result tables for charts: a scenario's series in its display unit, the
years every panel covers, the plan year, which scenarios coincide; and the chart words
of the catalogue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from sim.catalogue import Section
from sim.present.chart_style import (
    coinciding,
)
from sim.present.labels import (
    display_unit,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


#: Written beside the charts of a run folder: the language they were drawn in.
CHARTS_INDEX = "charts.json"
#: At most this many target panels; with more, only the last target year's are drawn.
MAX_TARGET_PANELS = 6

#: Text that is not an indicator name: the chart words of the catalogue (`chart.<key>`,
#: `sim/catalogue/<lang>/charts.po`), by language.
WORDS = Section("chart")


# ---- reading the tables ---------------------------------------------------------------


def scenarios(table: pd.DataFrame) -> list[str]:
    return [str(name) for name in pd.unique(table["scenario"])]


def scenario_series(summary: pd.DataFrame, scenario: str, indicator_id: str) -> pd.DataFrame:
    """year, mean, low, high of one scenario's indicator in its display unit; low and high
    are the range of outcomes (the CI where a summary has no range)."""
    rows = summary[(summary["scenario"] == scenario) & (summary["indicator"] == indicator_id)]
    divisor, _ = display_unit(indicator_id, "en")
    low, high = ("pi_low", "pi_high") if "pi_low" in rows else ("ci_low", "ci_high")
    series = rows.sort_values("year")[["year", "mean", low, high]].copy()
    series.columns = ["year", "mean", "low", "high"]
    series[["mean", "low", "high"]] = series[["mean", "low", "high"]] / divisor
    return series.dropna(subset=["mean"]).reset_index(drop=True)


def years_of(summary: pd.DataFrame, indicators: Sequence[str]) -> tuple[int, int]:
    """First and last year in which every one of `indicators` has a value."""
    firsts, lasts = [], []
    for indicator_id in indicators:
        rows = summary[(summary["indicator"] == indicator_id) & summary["mean"].notna()]
        if len(rows):
            firsts.append(int(rows["year"].min()))
            lasts.append(int(rows["year"].max()))
    if not firsts:
        years = summary["year"].astype(int)
        return int(years.min()), int(years.max())
    return max(firsts), min(lasts)


def plan_year_of(summary: pd.DataFrame, targets: pd.DataFrame | None) -> int:
    """The year a plan's targets end (the last target year), else the last year."""
    if targets is not None and len(targets):
        return int(targets["year"].max())
    return int(summary["year"].max())


def coincide_note(
    summary: pd.DataFrame, indicators: Sequence[str], names: Sequence[str],
    labels: Mapping[str, str], lang: str, first: int, last: int,
) -> str:  # fmt: skip
    """'the lines of A and B coincide' for scenarios equal in every drawn indicator."""
    wide = summary[
        summary["indicator"].isin(indicators) & summary["year"].between(first, last)
    ].pivot_table(index=["indicator", "year"], columns="scenario", values="mean")
    series = {name: wide[name] for name in names if name in wide}
    groups = coinciding(series)
    if not groups:
        return ""
    words = WORDS[lang]
    parts = [
        words["coincide_join"].join(words["quoted"].format(name=labels.get(n, n)) for n in group)
        for group in groups
    ]
    return words["coincide"].format(groups=words["list_separator"].join(parts))


#: The row (in scenario positions, 0 the first) of a target chart's target label.
TARGET_LABEL_ROW = -0.9
#: Height (inches) a figure's note and a panel title take from a one-row chart's panel.
NOTE_HEIGHT_IN = 0.35


def axes_size_in(figure: Figure, ncols: int, nrows: int) -> tuple[float, float]:
    """A panel's approximate plotting area (inches), for placing direct labels."""
    width, height = figure.get_size_inches()
    return width / ncols - 0.75, height / nrows - 0.75
