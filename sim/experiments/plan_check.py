"""Checking plans by simulation: each goal in each goal year as a constraint, the model's
runs of a set of plans (common random numbers), and each goal's P(met) with its interval.

A goal holds in a check when the lower bound of its P(met) (`sim.experiments.p_met`)
is at least its required probability, so that what the optimiser states of a plan holds
out of sample (`docs/optimise.md`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goal, Goals, plan_changes
from sim.config.load import scenario_from_mapping
from sim.config.yaml_files import deep_merge, resolve_extends
from sim.experiments.backends import ProgressCallback
from sim.experiments.p_met import (
    aim_probability,
    certified,
    replications_to_certify,
    surrogate_probability,
    wilson_interval,
)
from sim.experiments.runner import run_scenarios, run_scenarios_by_place

COST_INDICATOR = {"public": "cost_public", "total": "cost_total"}


@dataclass(frozen=True)
class Constraint:
    """One goal in one year: the column it reads and what it needs."""

    goal: Goal
    year: int
    #: the probability the goal must hold with
    probability: float
    #: the probability the surrogate aims at, so that a check certifies `probability`
    #: with even odds (`sim.experiments.p_met.surrogate_probability`)
    aim: float
    #: the share of a check's replications that must meet the goal for the lower bound of
    #: its P(met) to reach `probability`
    check_share: float

    @property
    def key(self) -> str:
        area = f"@{self.goal.area}" if self.goal.area else ""
        return f"{self.goal.indicator}@{self.year}{area}"

    def met(self, values: np.ndarray) -> np.ndarray:
        """Whether each value meets the goal."""
        if self.goal.higher:
            return values >= self.goal.value
        return values <= self.goal.value


def constraints_of(goals: Goals) -> list[Constraint]:
    """Every (goal, year) pair with its required probability and the share of a check's
    replications that certifies it."""
    count = check_replications(goals)
    return [
        Constraint(goal, year, goals.probability(goal),
                   surrogate_probability(goals.probability(goal), count),
                   aim_probability(goals.probability(goal), count))
        for goal in goals.spec.goals
        for year in goal.years
    ]  # fmt: skip


def check_replications(goals: Goals, probability: float | None = None) -> int:
    """Replications of a check: the file's `check_replications`, or more when that many
    could not certify the highest required probability (or `probability`) even if every
    replication met the goals."""
    required = probability or max(goals.probability(goal) for goal in goals.spec.goals)
    return replications_to_certify(required, goals.spec.search.check_replications)


def verification_replications(goals: Goals) -> int:
    """Replications of the verification run: the file's `verification_replications`, or
    as many as certifying the highest required probability needs."""
    required = max(goals.probability(goal) for goal in goals.spec.goals)
    return replications_to_certify(required, goals.spec.search.verification_replications)


# ---- running points ------------------------------------------------------------------------


def lever_values(goals: Goals, steps: Sequence[int]) -> dict[str, float]:
    """Lever values (by id) at the given grid steps."""
    return {
        lever.id: lever.min + int(k) * lever.step
        for lever, k in zip(goals.spec.levers, steps, strict=True)
    }


def plan_mapping(goals: Goals, values: dict[str, float], name: str) -> dict[str, Any]:
    """The base scenario with the levers set, as a mapping."""
    base = resolve_extends(goals.base_path)
    scale = goals.spec.search.population_scale
    document = deep_merge(base, {**plan_changes(goals, values, scale), "name": name})
    if goals.spec.search.population_scale != 1.0:
        document["population_scale"] = goals.spec.search.population_scale
    return document


def run_points(
    goals: Goals,
    points: Sequence[dict[str, float]],
    *,
    replications: int,
    seed: int,
    jobs: int,
    progress: ProgressCallback | None = None,
) -> pd.DataFrame:
    """Per point and replication: every constraint's value and the objective's cost.
    Columns: point, replication, <indicator@year>..., cost."""
    scenarios = []
    for index, values in enumerate(points):
        document = plan_mapping(goals, values, f"point-{index}")
        document["seed"] = seed
        file = f"<{goals.path} point {index}>"
        scenarios.append(
            scenario_from_mapping(document, file, packs={goals.base.district: goals.pack})
        )
    if not any(goal.area for goal in goals.spec.goals):
        tidy = run_scenarios(scenarios, replications=replications, jobs=jobs, progress=progress)
        return point_table(goals, tidy)
    tidy, townships = run_scenarios_by_place(
        scenarios, replications=replications, jobs=jobs, progress=progress
    )
    return point_table(goals, tidy, townships)


def point_table(
    goals: Goals, tidy: pd.DataFrame, townships: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The constraint values and cost of each scenario and replication of a tidy table
    (a goal that names a township reads `townships`: the townships' rows)."""
    index = ["scenario", "replication"]
    wide = tidy.pivot_table(index=index, columns=["indicator", "year"], values="value")
    by_area = (
        townships.pivot_table(index=index, columns=["area", "indicator", "year"], values="value")
        if townships is not None and len(townships)
        else None
    )
    table = pd.DataFrame(index=wide.index)
    for constraint in constraints_of(goals):
        goal = constraint.goal
        if goal.area is None:
            table[constraint.key] = wide.get((goal.indicator, constraint.year), np.nan)
        elif by_area is not None:
            column = (goal.area, goal.indicator, constraint.year)
            table[constraint.key] = by_area.get(column, pd.Series(np.nan, index=by_area.index))
        else:
            table[constraint.key] = np.nan
    cost = COST_INDICATOR[goals.spec.objective.cost]
    rate = goals.spec.objective.discount_rate
    total = pd.Series(0.0, index=wide.index)
    for year in range(goals.first_year, goals.last_year + 1):
        if (cost, year) in wide:
            total += wide[(cost, year)].fillna(0.0) / (1 + rate) ** (year - goals.first_year)
    table["cost"] = total
    table = table.reset_index().rename(columns={"scenario": "point"})
    table["point"] = table["point"].str.replace("point-", "", regex=False).astype(int)
    return table


# ---- checking candidates ------------------------------------------------------------------------


def judge(goals: Goals, results: pd.DataFrame, probability: float | None = None) -> pd.DataFrame:
    """Per constraint of one point's replications: mean, P(met) with its Wilson interval
    (`p_met_low`, `p_met_high`), the required probability and whether it holds (the
    lower bound at least the requirement)."""
    rows = []
    for constraint in constraints_of(goals):
        values = results[constraint.key].to_numpy(float)
        values = values[np.isfinite(values)]
        required = probability if probability is not None else constraint.probability
        met = int(constraint.met(values).sum())
        low, high = wilson_interval(met, len(values))
        rows.append({
            "goal": constraint.key, "indicator": constraint.goal.indicator,
            "area": constraint.goal.area or "",
            "year": constraint.year, "sense": "at_least" if constraint.goal.higher else "at_most",
            "target": constraint.goal.value, "required_probability": required,
            "mean": float(values.mean()) if len(values) else np.nan,
            "p_met": met / len(values) if len(values) else 0.0,
            "p_met_low": low, "p_met_high": high, "replications": len(values),
            "holds": certified(met, len(values), required),
        })  # fmt: skip
    return pd.DataFrame(rows)


def missed_by(constraint: Constraint, values: np.ndarray, probability: float) -> float:
    """How far the replications' quantile at the required probability misses the goal
    (in the indicator's unit; 0 when it holds)."""
    values = values[np.isfinite(values)]
    if not len(values):
        return 0.0
    if constraint.goal.higher:
        return max(constraint.goal.value - float(np.quantile(values, 1 - probability)), 0.0)
    return max(float(np.quantile(values, probability)) - constraint.goal.value, 0.0)
