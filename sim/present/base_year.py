"""One value for each base-year figure: what the district pack states.

A run starts from the district's base-year state (the pack's figures, drawn within
their ranges when a scenario draws its uncertain inputs) and records the base year's
indicators as its simulation leaves them, so the tables of a run hold, for the base
year, a mean over replications that differs a little from the figure the pack states
(186,277 people aged 60+ against the pack's 185,975, say). A reader compares the base
year across tables, so every table, chart and sentence shows the pack's figure: the
manifest records, per scenario, the indicators the base state determines
(`base_state[name]["indicators"]`), and `stated_base_year` puts them into a summary
table before anything is shown. Indicators the base state does not determine (flows
during a year, waits) keep the run's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

#: The summary columns that carry a value (the mean and its intervals).
VALUE_COLUMNS = ("mean", "ci_low", "ci_high", "pi_low", "pi_high")


def stated_indicators(base_state: Mapping[str, Any], scenario: str) -> dict[str, float]:
    """{indicator: value} of the base year as the district pack states it for
    `scenario` (empty when the manifest records none)."""
    record = base_state.get(scenario) or {}
    return {str(key): float(value) for key, value in record.get("indicators", {}).items()}


def stated_base_year(summary: pd.DataFrame, base_state: Mapping[str, Any]) -> pd.DataFrame:
    """`summary` (scenario, year, indicator, mean, intervals…) with each scenario's
    base-year rows replaced by the pack's stated figures: a stated figure has no
    sampling interval, so its intervals are the figure itself."""
    if summary.empty or not base_state:
        return summary
    base_year = int(summary["year"].min())
    result = summary.copy()
    columns = [column for column in VALUE_COLUMNS if column in result.columns]
    for scenario in pd.unique(result["scenario"]):
        stated = stated_indicators(base_state, str(scenario))
        if not stated:
            continue
        known = (
            (result["scenario"] == scenario)
            & (result["year"] == base_year)
            & result["indicator"].isin(list(stated))
        )
        replacement = result.loc[known, "indicator"].map(stated).to_numpy(dtype=float)
        for column in columns:
            result.loc[known, column] = replacement
    return result
