"""City-wide runs: the same scenarios for several districts, tabulated by district and in total.

Each scenario runs once per district pack, as `<scenario>@<district>`; the city's
total, `<scenario>@total`, is built replication by replication from the
districts' tables (replication r of every district shares the seed, so the total
of replication r is a sum over the same draws' districts). Counts and costs add
up; shares are recomputed from their summed parts; means are weighted by what
they average over; a percentile cannot be combined and is left out: each indicator's
rule is declared with it (`sim.model.indicators`) and applied by
`sim.model.aggregation.aggregate`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.config.load import scenario_from_mapping
from sim.config.scenario import Scenario
from sim.errors import InputError
from sim.model.aggregation import aggregate
from sim.model.indicators import AGGREGATION
from sim.model.simulate import TIDY_COLUMNS

TOTAL = "total"
SEPARATOR = "@"


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
        by_year = ["replication", "year"]
        total = aggregate(wide, by_year, AGGREGATION, areas=len(names))
        long = total.reset_index().melt(id_vars=by_year, var_name="indicator")
        long = long.dropna(subset=["value"])
        long.insert(0, "scenario", district_name(scenario, TOTAL))
        frames.append(long[TIDY_COLUMNS])
    return pd.concat(frames, ignore_index=True)
