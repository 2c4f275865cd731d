"""Which scenario a bureau would choose, replication by replication.

The rule, used wherever a study names a preferred scenario replication by
replication (the sensitivity study's decision check): among the scenarios that meet
every binding (yueshuxing) target in a replication, the one with the lowest public cost over
the plan period (the year after the base year to the last target year,
`sim.experiments.compare.plan_period`: the years the report's cost table sums); if none
meets them all, the one that meets the most, then the cheapest. A scenario's binding
targets are those of its targets that its district pack marks binding; when it has none
marked, all its targets count.
Taken per replication, the rule gives the probability that each scenario is the
preferred one, which carries both the randomness of lives and what we do not know
about the inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sim.config.pack_readers import load_pack, load_packs
from sim.config.pack_schema import DistrictPack
from sim.config.scenario import Scenario
from sim.experiments.compare import plan_period
from sim.model.indicators import meets_target

COST = "cost_public"


def binding_targets(
    scenario: Scenario, pack: DistrictPack | None = None
) -> dict[str, dict[int, float]]:
    """The scenario's targets that its district `pack` (read when not given) marks
    binding (all, when none is)."""
    binding = {
        (target.indicator, target.year)
        for target in (pack or load_pack(scenario.district)).targets
        if target.attribute == "binding"
    }
    chosen = {
        indicator: {year: value for year, value in by_year.items() if (indicator, year) in binding}
        for indicator, by_year in scenario.targets.items()
    }
    chosen = {indicator: by_year for indicator, by_year in chosen.items() if by_year}
    return chosen or dict(scenario.targets)


def scores(
    tidy: pd.DataFrame,
    name: str,
    targets: Mapping[str, Mapping[int, float]],
    period: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Per replication of scenario `name`: how many of `targets` ({indicator: {year:
    value}}) it meets, how many there are, and the public cost (yuan) summed over
    `period` (first and last year; default the plan period of `targets`)."""
    if period is None:
        period = plan_period(tidy["year"], [year for by in targets.values() for year in by])
    own = tidy[tidy["scenario"] == name]
    replications = np.sort(own["replication"].unique())
    met = pd.Series(0, index=replications)
    count = 0
    for indicator, by_year in targets.items():
        for year, target in by_year.items():
            count += 1
            values = own[(own["indicator"] == indicator) & (own["year"] == year)]
            values = values.set_index("replication")["value"].reindex(replications)
            met += meets_target(indicator, values, target).fillna(False).astype(int)
    spent = own[(own["indicator"] == COST) & own["year"].between(*period)]
    cost = spent.groupby("replication")["value"].sum()
    return pd.DataFrame(
        {"met": met, "targets": count, "cost": cost.reindex(replications).fillna(0.0)}
    )


def scenario_scores(
    tidy: pd.DataFrame, scenario: Scenario, pack: DistrictPack | None = None
) -> pd.DataFrame:
    """`scores` of a scenario against its binding targets (`pack`: its district pack)."""
    return scores(tidy, scenario.name, binding_targets(scenario, pack))


def preferred_from_scores(by_name: Mapping[str, pd.DataFrame]) -> pd.Series:
    """The preferred scenario's name in each replication, from each scenario's `scores`."""
    replications = sorted(set.intersection(*(set(score.index) for score in by_name.values())))
    chosen = {}
    for replication in replications:
        ranked = sorted(
            by_name,
            key=lambda name: (
                not bool(
                    by_name[name].loc[replication, "met"]
                    == by_name[name].loc[replication, "targets"]
                ),
                -int(by_name[name].loc[replication, "met"]),
                float(by_name[name].loc[replication, "cost"]),
            ),
        )
        chosen[replication] = ranked[0]
    return pd.Series(chosen, name="preferred")


def preferred_scenarios(
    tidy: pd.DataFrame,
    scenarios: Sequence[Scenario],
    packs: Mapping[str, DistrictPack] | None = None,
) -> pd.Series:
    """The preferred scenario's name in each replication (index: replication); `packs`
    (district -> pack) are the scenarios' district packs, read when not given."""
    packs = packs if packs is not None else load_packs(s.district for s in scenarios)
    return preferred_from_scores(
        {s.name: scenario_scores(tidy, s, packs[s.district]) for s in scenarios}
    )


def preference_shares(tidy: pd.DataFrame, scenarios: Sequence[Scenario]) -> pd.Series:
    """Each scenario's share of the replications in which it is the preferred one."""
    preferred = preferred_scenarios(tidy, scenarios)
    return preferred.value_counts(normalize=True).reindex([s.name for s in scenarios]).fillna(0.0)
