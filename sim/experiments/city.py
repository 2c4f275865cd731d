"""City-wide runs: the same scenarios for several districts, tabulated by district and in total.

Each scenario runs once per district pack, as `<scenario>@<district>`; the city's
total, `<scenario>@total`, is built replication by replication from the
districts' tables (replication r of every district shares the seed, so the total
of replication r is a sum over the same draws' districts). Counts and costs add
up; shares are recomputed from their summed parts; means are weighted by what
they average over; a percentile cannot be combined and is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.config.load import scenario_from_mapping
from sim.config.scenario import Scenario
from sim.errors import InputError
from sim.model.indicators import INDICATORS
from sim.model.simulate import TIDY_COLUMNS

TOTAL = "total"
SEPARATOR = "@"

#: Shares recomputed from summed parts: indicator -> (numerator, denominators, factor).
RATIOS: dict[str, tuple[str, tuple[str, ...], float]] = {
    "share_60plus": ("population_60plus", ("population_total",), 100.0),
    "nursing_bed_share": ("beds_nursing", ("beds_total",), 100.0),
    "beds_per_1000_older": ("beds_total", ("population_60plus",), 1000.0),
    "certified_caregivers_per_10k": ("certified_caregivers", ("population_60plus",), 10_000.0),
    "unmet_bed_demand": ("gave_up", ("admissions", "gave_up", "died_waiting"), 100.0),
    "community_coverage": ("community_granted", ("community_requests",), 100.0),
    "home_care_need_met": ("home_care_hours_delivered", ("home_care_hours_needed",), 100.0),
}
#: Means weighted by what they average over: indicator -> weight indicator. Occupancy
#: is weighted by year-end beds, an approximation of the time-weighted bed-days.
WEIGHTED: dict[str, str] = {
    "mean_wait_days": "admissions",
    "share_waited": "admissions",
    "occupancy_rate": "beds_total",
    "occupancy_rate_nursing": "beds_nursing",
    "occupancy_rate_ordinary": "beds_ordinary",
}
#: Cannot be combined from the districts' values.
NOT_COMBINED = ("p90_wait_days", "villages_with_centre")
SUMMED = tuple(
    indicator
    for indicator in INDICATORS
    if indicator not in RATIOS and indicator not in WEIGHTED and indicator not in NOT_COMBINED
)


def district_name(scenario: str, district: str) -> str:
    """`<scenario>@<district>`: the name of one scenario's run for one district."""
    return f"{scenario}{SEPARATOR}{district}"


def for_districts(scenarios: Sequence[Scenario], districts: Sequence[str]) -> list[Scenario]:
    """Every scenario once per district (same base year, seed and levers), validated."""
    if len(set(districts)) != len(districts):
        raise InputError("--district", "", "a district is listed twice")
    copies = []
    for scenario in scenarios:
        for district in districts:
            document = scenario.model_dump()
            document.update(district=district, name=district_name(scenario.name, district))
            if scenario.targets_of_district:
                # Each district is scored against its own pack's targets.
                document["targets"] = "district"
            copies.append(scenario_from_mapping(document, file=f"<{scenario.name} for {district}>"))
    return copies


def city_totals(
    tidy: pd.DataFrame, scenarios: Sequence[str], districts: Sequence[str]
) -> pd.DataFrame:
    """Tidy rows of `<scenario>@total` for each scenario, from its districts' rows; a value
    is left out where a district has none (a flow in the base year, no admissions)."""
    frames = []
    for scenario in scenarios:
        names = [district_name(scenario, d) for d in districts]
        own = tidy[tidy["scenario"].isin(names)]
        wide = own.pivot_table(
            index=["scenario", "replication", "year"], columns="indicator", values="value"
        )
        wide["beds_ordinary"] = wide["beds_total"] - wide["beds_nursing"]
        by_year = ["replication", "year"]
        every = len(names)
        total = pd.DataFrame(
            {
                indicator: wide[indicator].groupby(level=by_year).sum(min_count=every)
                for indicator in SUMMED
                if indicator in wide
            }
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            for indicator, weight in WEIGHTED.items():
                if indicator not in wide:
                    continue
                product = (
                    (wide[indicator] * wide[weight]).groupby(level=by_year).sum(min_count=every)
                )
                mass = wide[weight].groupby(level=by_year).sum(min_count=every)
                total[indicator] = (product / mass).where(mass > 0)
            for indicator, (numerator, denominators, factor) in RATIOS.items():
                denominator = sum(total[d] for d in denominators)
                total[indicator] = (factor * total[numerator] / denominator).where(denominator > 0)
        long = total.reset_index().melt(id_vars=by_year, var_name="indicator")
        long = long.dropna(subset=["value"])
        long.insert(0, "scenario", district_name(scenario, TOTAL))
        frames.append(long[TIDY_COLUMNS])
    return pd.concat(frames, ignore_index=True)
