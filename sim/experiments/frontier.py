"""The cost frontier: the cheapest plan checked by simulation at each required probability.

Every plan the model ran (design points, the search's checks, the frontier's own solves,
the chosen plan and its verification) is a row of the checked-plans table, with the
lower bound of each goal's P(met) in that run (`sim.experiments.p_met`). A plan meets a
probability level when every goal's lower bound reaches it; the frontier's point at a
level is the cheapest plan that met it, so the chosen plan never costs less than the
frontier at a level it meets, and a level is unreachable only when no checked plan met
it (`docs/optimise.md`, step 6).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goals
from sim.experiments.backends import ProgressCallback
from sim.experiments.p_met import aim_probability, surrogate_probability
from sim.experiments.plan_check import (
    check_replications,
    constraints_of,
    judge,
    missed_by,
    run_points,
)
from sim.experiments.surrogate import Surrogate, solve

#: How many times a frontier point is solved and checked, raising the margins of the goals
#: its last plan missed.
FRONTIER_ROUNDS = 2
#: Prefix of the checked-plans table's columns that hold a goal's lower bound of P(met).
LOW = "low:"


def run_scale(goals: Goals) -> float:
    """The share of the district a search's runs simulate: the search's
    `population_scale`, or the base scenario's own when the search keeps the whole
    (`sim.experiments.plan_check.plan_mapping` runs them so)."""
    search_scale = goals.spec.search.population_scale
    return search_scale if search_scale != 1.0 else goals.base.population_scale


def checked_plan(
    goals: Goals, source: str, values: dict[str, float], samples: pd.DataFrame,
    predicted_cost_yuan: float = np.nan,
) -> dict[str, Any]:  # fmt: skip
    """One row of the checked-plans table: where the run came from, the levers, the
    simulated cost (mean over `samples`, one plan's replications), and each goal's P(met)
    interval (the lowest point estimate and lower bound, and the upper bound of the goal
    with the lowest lower bound)."""
    judged = judge(goals, samples)
    weakest = judged.loc[judged["p_met_low"].idxmin()]
    return {
        "source": source, "predicted_cost_yuan": predicted_cost_yuan,
        "simulated_cost_yuan": float(samples["cost"].mean()),
        "replications": len(samples), "goals": len(judged),
        "population_scale": run_scale(goals),
        "lowest_p_met": float(judged["p_met"].min()),
        "p_met_low": float(weakest["p_met_low"]), "p_met_high": float(weakest["p_met_high"]),
        **{lever.id: values[lever.id] for lever in goals.spec.levers},
        **{LOW + row.goal: float(row.p_met_low) for row in judged.itertuples(index=False)},
    }  # fmt: skip


def checked_points(
    goals: Goals, source: str, levers: pd.DataFrame, results: pd.DataFrame,
    predicted_cost_yuan: dict[int, float] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Rows of the checked-plans table for every point of `results` (points by their
    index in `levers`, the table of lever values)."""
    predicted = predicted_cost_yuan or {}
    rows = []
    for point, samples in results.groupby("point"):
        values = {str(k): float(v) for k, v in levers.loc[point].items()}
        rows.append(checked_plan(goals, source, values, samples,
                                 predicted.get(int(point), np.nan)))  # fmt: skip
    return rows


def _district_cost_yuan(checked: pd.DataFrame) -> pd.Series:
    """Each checked plan's simulated cost taken to the whole district: a search at a
    fraction of the district checks its plans at that fraction, while the verification
    runs the whole district, and a run costs about its fraction of the whole
    (`sim.present.labels.at_district_size` shows them so)."""
    scale = checked.get("population_scale", pd.Series(1.0, index=checked.index))
    return checked["simulated_cost_yuan"] / pd.to_numeric(scale).fillna(1.0)


def frontier_from_checked(
    levels: Sequence[float], checked: pd.DataFrame, own: dict[float, dict[str, Any]],
    lever_ids: Sequence[str],
) -> pd.DataFrame:  # fmt: skip
    """The frontier: at each probability level, the cheapest checked plan (at district
    size) whose every goal's lower bound of P(met) reaches the level (`reached` True). A
    level no checked plan met keeps the frontier's own last solve (`own`, marked by its
    goals held) or, without one, a row without a cost."""
    lows = checked[[c for c in checked.columns if c.startswith(LOW)]]
    goal_count = lows.shape[1]
    rows = []
    for level in levels:
        holding = lows.ge(level - 1e-12).sum(axis=1)
        meeting = checked[holding == goal_count]
        solve = own.get(level, {})
        row: dict[str, Any]
        if len(meeting):
            best = meeting.loc[_district_cost_yuan(meeting).idxmin()]
            row = {key: best[key] for key in ("source", "predicted_cost_yuan",
                                               "simulated_cost_yuan", "lowest_p_met",
                                               "p_met_low", "p_met_high", "replications",
                                               "population_scale", *lever_ids)
                   if key in best}  # fmt: skip
            row |= {"goals_held": goal_count, "reached": True}
        elif solve:
            row = {**solve, "reached": False}
        else:
            row = {"source": "", "predicted_cost_yuan": np.nan, "simulated_cost_yuan": np.nan,
                   "lowest_p_met": np.nan, "p_met_low": np.nan, "p_met_high": np.nan,
                   "replications": 0, "goals_held": 0, "reached": False}  # fmt: skip
        row |= {"probability": level, "goals": goal_count, "checks": solve.get("checks", 0)}
        rows.append(row)
    first = ["probability", "reached", "predicted_cost_yuan", "simulated_cost_yuan",
             "goals_held", "goals", "lowest_p_met", "p_met_low", "p_met_high", "replications",
             "checks", "source", "population_scale"]  # fmt: skip
    table = pd.DataFrame(rows)
    return table.reindex(columns=first + [c for c in table.columns if c not in first])


def solve_frontier(
    goals: Goals, surrogate: Surrogate, margins: dict[str, float], *, jobs: int,
    progress: ProgressCallback | None, say: Any,
) -> tuple[dict[float, dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """The frontier's own solves: at each probability, the cheapest plan of the surrogate
    that aims every goal at the share of a check's replications certifying the level,
    checked with the model; a plan that falls short of a goal gets that goal's margin
    raised by the miss and is solved and checked again, up to FRONTIER_ROUNDS times.
    Returns the last check at each level (a row of the frontier) and every check (rows
    of the checked-plans table)."""
    search = goals.spec.search
    constraints = {c.key: c for c in constraints_of(goals)}
    own_margins = {p: dict(margins) for p in search.frontier}
    pending = list(search.frontier)
    found: dict[float, dict[str, Any]] = {}
    checked_rows: list[dict[str, Any]] = []
    for attempt in range(FRONTIER_ROUNDS):
        plans = {}
        for probability in pending:
            count = check_replications(goals, probability)
            aim = surrogate_probability(probability, count)
            solution = solve(goals, surrogate, aim, own_margins[probability])
            if solution is not None:
                plans[probability] = solution
        if not plans:
            break
        count = max(check_replications(goals, p) for p in plans)
        checked = run_points(goals, [s.values for s in plans.values()], replications=count,
                             seed=search.seed, jobs=jobs, progress=progress)  # fmt: skip
        pending = []
        for index, (probability, solution) in enumerate(plans.items()):
            own = checked[checked["point"] == index]
            judged = judge(goals, own, probability)
            row = checked_plan(goals, f"frontier {probability:g}", solution.values, own,
                               solution.cost)  # fmt: skip
            checked_rows.append(row)
            found[probability] = {key: value for key, value in row.items()
                                  if not key.startswith(LOW)}  # fmt: skip
            found[probability] |= {"goals_held": int(judged["holds"].sum()), "checks": attempt + 1}
            short = judged.loc[~judged["holds"], "goal"]
            if short.empty:
                continue
            pending.append(probability)
            aim = aim_probability(probability, len(own))
            for key in short:
                constraint = constraints[key]
                miss = missed_by(constraint, own[key].to_numpy(float), aim)
                floor = 0.01 * max(abs(constraint.goal.value), 1.0)
                own_margins[probability][key] = own_margins[probability].get(key, 0.0) + max(
                    miss, floor
                )
        if not pending:
            break
    say(f"frontier: {len(found)} of {len(search.frontier)} probabilities solved")
    return found, checked_rows
