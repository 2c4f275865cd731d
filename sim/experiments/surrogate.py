"""The optimiser's surrogate and its mixed-integer program: linear fits of each goal and
the cost on the levers, the spread a goal's mean must clear for its probability, the
cheapest grid point whose fit meets every goal (HiGHS), and, when none does, which goal
fails and what its main lever would need (`docs/optimise.md`, steps 2-4)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goals
from sim.experiments.plan_check import Constraint, constraints_of, lever_values

# ---- the surrogate -------------------------------------------------------------------------


@dataclass
class Surrogate:
    """Linear fits of every constraint and the cost on the levers, and the spread of
    replications around their point's mean."""

    intercept: dict[str, float]
    slope: dict[str, np.ndarray]
    deviations: dict[str, np.ndarray]
    #: weight of each deviation (its point's, so the spread is the local one)
    deviation_weights: dict[str, np.ndarray]

    def predict(self, key: str, x: np.ndarray) -> float:
        return float(self.intercept[key] + self.slope[key] @ x)

    def offset(self, constraint: Constraint, probability: float) -> float:
        """How far the mean must be from the goal for the goal to hold with
        `probability`: the (1 - p) quantile of the spread for at-least goals."""
        spread = self.deviations[constraint.key]
        weights = self.deviation_weights[constraint.key]
        if constraint.goal.higher:
            return -weighted_quantile(spread, weights, 1 - probability)
        return weighted_quantile(spread, weights, probability)


#: Which levers act on an indicator (by where they go in a scenario): the surrogate of an
#: indicator listed here depends on those levers only; any other depends on every lever.
ACTS_ON: dict[str, set[str]] = {
    "nursing_bed_share": {"beds.add_nursing", "beds.add_ordinary", "beds.convert_to_nursing"},
    # Civil-affairs definition: the centres' day-care places and the family care beds
    # count as beds too.
    "beds_per_1000_older": {"beds.add_nursing", "beds.add_ordinary", "centres.add",
                            "family_beds.add_per_year"},
    "institution_beds_per_1000_older": {"beds.add_nursing", "beds.add_ordinary"},
    "beds_total": {"beds.add_nursing", "beds.add_ordinary"},
    "beds_nursing": {"beds.add_nursing", "beds.convert_to_nursing"},
    "consortia": {"consortia"},
    "community_centres": {"centres.add"},
    "community_coverage": {"centres.add"},
    "home_care_need_met": {"home_care.hire_per_year", "home_care.purchased_share",
                           "ltc.take_up"},
    "certified_caregivers_per_10k": {
        "caregivers.hire_per_year", "caregivers.certify_per_year", "home_care.hire_per_year",
        "home_care.certify_per_year", "community_workers.certify_per_year", "centres.add",
    },
}  # fmt: skip
# Placed whole by the covering program (`sim.experiments.placement_plan`): no lever of
# the search moves them.
for _sited in ("township_centre_coverage", "within_15_min_centre",
               "townships_with_day_care_centre"):  # fmt: skip
    ACTS_ON[_sited] = set()
ACTS_ON["travel_minutes_admitted"] = {
    "beds.add_nursing", "beds.add_ordinary", "beds.convert_to_nursing", "caregivers.hire_per_year",
}  # fmt: skip
for _queue in ("unmet_bed_demand", "mean_wait_days", "waiting_list", "gave_up", "share_waited",
               "p90_wait_days"):  # fmt: skip
    ACTS_ON[_queue] = {"beds.add_nursing", "beds.add_ordinary", "beds.convert_to_nursing",
                       "caregivers.hire_per_year", "ltc.take_up"}  # fmt: skip
#: Width (share of each lever's range) of the neighbourhood a local fit weighs most.
LOCAL_WIDTH = 0.3
#: The least weight a point far from the neighbourhood keeps.
FAR_WEIGHT = 0.05


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The `q` quantile of `values` with each value counting `weights` times."""
    if not len(values):
        return 0.0
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    cumulative = (cumulative - 0.5 * weights[order]) / cumulative[-1]
    return float(np.interp(q, cumulative, values[order]))


def fit(
    goals: Goals, levers: pd.DataFrame, results: pd.DataFrame, centre: np.ndarray | None = None
) -> Surrogate:
    """Fit the surrogate to the points run so far (`levers`: point -> lever values):
    weighted least squares on each point's mean, each indicator on the levers that act
    on it (`ACTS_ON`). With a `centre` (the last candidate's levers) the fit is local:
    points near it weigh most, so the linear model is right where the search is."""
    keys = [c.key for c in constraints_of(goals)] + ["cost"]
    means = results.groupby("point")[keys].mean()
    counts = results.groupby("point").size().reindex(means.index).to_numpy(float)
    x = levers.loc[means.index].to_numpy(float)
    spec = goals.spec.levers
    ranges = np.array([max(lever.max - lever.min, lever.step) for lever in spec])
    weights = np.sqrt(counts)
    if centre is not None:
        distance = np.sqrt((((x - centre) / ranges) ** 2).mean(axis=1))
        weights = weights * np.maximum(np.exp(-((distance / LOCAL_WIDTH) ** 2)), FAR_WEIGHT)
    intercept, slope, deviations, deviation_weights = {}, {}, {}, {}
    point_weight = pd.Series(weights / np.sqrt(counts), index=means.index)
    for key in keys:
        indicator = key.split("@")[0]
        acting = ACTS_ON.get(indicator)
        columns = [j for j, lever in enumerate(spec) if acting is None or lever.set in acting]
        y = means[key].to_numpy(float)
        ok = np.isfinite(y)
        design = np.column_stack([np.ones(len(x)), x[:, columns]])
        root = np.sqrt(weights[ok])[:, None]
        coefficients, *_ = np.linalg.lstsq(design[ok] * root, y[ok] * root[:, 0], rcond=None)
        full = np.zeros(len(spec))
        full[columns] = coefficients[1:]
        intercept[key], slope[key] = float(coefficients[0]), full
        spread = results[key] - results["point"].map(means[key])
        kept = spread.notna()
        deviations[key] = spread[kept].to_numpy(float)
        deviation_weights[key] = results.loc[kept, "point"].map(point_weight).to_numpy(float)
    return Surrogate(intercept, slope, deviations, deviation_weights)


# ---- the mixed-integer program ----------------------------------------------------------------


@dataclass
class Solution:
    """The solver's answer: grid steps, lever values, predicted cost and goal values."""

    steps: list[int]
    values: dict[str, float]
    cost: float
    predicted: dict[str, float]
    slack: dict[str, float]
    shortfall: dict[str, float] = field(default_factory=dict)


def _needed(
    surrogate: Surrogate, constraint: Constraint, probability: float, margin: float
) -> float:
    """The mean a constraint's indicator must reach (at least) or stay under (at most)."""
    offset = surrogate.offset(constraint, probability)
    if constraint.goal.higher:
        return constraint.goal.value + offset + margin
    return constraint.goal.value - offset - margin


def _quiet_highs() -> Any:
    """A HiGHS instance that prints nothing (its constructor writes a banner to the
    process's standard output, so that is pointed at /dev/null while it runs)."""
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    h.setOptionValue("output_flag", False)
    return h


def solve(
    goals: Goals,
    surrogate: Surrogate,
    probability: float | None,
    margins: dict[str, float],
    *,
    relax: bool = False,
    around: Sequence[int] | None = None,
    radius: Sequence[int] | None = None,
) -> Solution | None:
    """The cheapest grid point whose surrogate meets every constraint (each at the
    probability its check needs, `Constraint.aim`, or at `probability` for all); None
    when there is none. With `relax`,
    the constraints may fall short at a price, and the least shortfall wins."""
    import highspy

    h = _quiet_highs()
    h.setOptionValue("random_seed", 0)
    k = _step_variables(h, goals, around, radius)
    model = _Linear(goals, surrogate, k)
    cost_expression, cost_constant = model.of("cost")
    constraints = constraints_of(goals)

    def needed(constraint: Constraint) -> float:
        p = probability if probability is not None else constraint.aim
        return _needed(surrogate, constraint, p, margins.get(constraint.key, 0.0))

    shortfalls, penalty = _add_constraints(h, model, constraints, needed, relax=relax)
    if relax:
        # Shortfall first; among plans short by the same, the cheapest.
        cost_scale = max(abs(cost_constant), 1.0)
        h.minimize(penalty * 1e6 + cost_expression * (1.0 / cost_scale))
    else:
        h.minimize(cost_expression)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    steps = [round(h.val(variable)) for variable in k]
    values = lever_values(goals, steps)
    x = np.array([values[lever.id] for lever in goals.spec.levers])
    predicted = {c.key: surrogate.predict(c.key, x) for c in constraints}
    slack = {}
    for constraint in constraints:
        gap = predicted[constraint.key] - needed(constraint)
        slack[constraint.key] = gap if constraint.goal.higher else -gap
    shortfall = {key: float(h.val(v)) for key, v in shortfalls.items()}
    return Solution(steps, values, surrogate.predict("cost", x), predicted, slack, shortfall)


def _step_variables(
    h: Any, goals: Goals, around: Sequence[int] | None, radius: Sequence[int] | None
) -> list[Any]:
    """One integer variable per lever: its grid step, within the lever's bounds (and the
    trust region `around` ± `radius`, when given)."""
    import highspy

    levers = goals.spec.levers
    bounds = [(0, lever.steps) for lever in levers]
    if around is not None and radius is not None:
        # A trust region: a local fit is only trusted near where it was fitted.
        bounds = [(max(0, a - r), min(lever.steps, a + r))
                  for a, r, lever in zip(around, radius, levers, strict=True)]  # fmt: skip
    return [h.addVariable(lb=lo, ub=hi, type=highspy.HighsVarType.kInteger) for lo, hi in bounds]


class _Linear:
    """The surrogate's linear expressions in the levers' grid steps."""

    def __init__(self, goals: Goals, surrogate: Surrogate, k: list[Any]) -> None:
        levers = goals.spec.levers
        self.lows = np.array([lever.min for lever in levers])
        self.step = np.array([lever.step for lever in levers])
        self.surrogate, self.k = surrogate, k

    def of(self, key: str) -> tuple[Any, float]:
        """The surrogate of `key` as an expression in the steps, and its constant."""
        slope = np.nan_to_num(self.surrogate.slope[key])
        constant = self.surrogate.intercept[key] + float(slope @ self.lows)
        per_step = slope * self.step
        # Fitting noise on levers that do not act (1e-15 where the truth is 0) would only
        # make the solver warn about tiny coefficients.
        per_step[np.abs(per_step) < 1e-9 * max(float(np.abs(per_step).max()), 1.0)] = 0.0
        expression = 0.0 * self.k[0]
        for j, coefficient in enumerate(per_step):
            if coefficient:
                expression = expression + float(coefficient) * self.k[j]
        return expression, constant


def _add_constraints(
    h: Any,
    model: _Linear,
    constraints: Sequence[Constraint],
    needed: Callable[[Constraint], float],
    *,
    relax: bool,
) -> tuple[dict[str, Any], Any]:
    """Each constraint's row (with a priced shortfall variable when `relax`); returns the
    shortfall variables by constraint and the penalty expression (shortfalls scaled by
    their goal's size)."""
    import highspy

    shortfalls = {}
    penalty = 0.0 * model.k[0]
    for constraint in constraints:
        bound = needed(constraint)
        expression, constant = model.of(constraint.key)
        if relax:
            short = h.addVariable(lb=0, ub=highspy.kHighsInf)
            shortfalls[constraint.key] = short
            scale = max(abs(constraint.goal.value), 1.0)
            penalty = penalty + short * (1.0 / scale)
            if constraint.goal.higher:
                h.addConstr(expression + short >= bound - constant)
            else:
                h.addConstr(expression - short <= bound - constant)
        elif constraint.goal.higher:
            h.addConstr(expression >= bound - constant)
        else:
            h.addConstr(expression <= bound - constant)
    return shortfalls, penalty


# ---- infeasibility -----------------------------------------------------------------------


@dataclass
class Infeasible:
    """A goal no plan within the bounds meets: by how much, and what its lever would need."""

    goal: str
    needed: float
    reachable: float
    lever: str
    lever_needed: float
    lever_bound: float
    #: an at-least goal (else at-most)
    higher: bool = True

    def message(self) -> str:
        if self.higher:
            need = (f"needs a mean of at least {self.needed:.1f} and reaches at most "
                    f"{self.reachable:.1f}")  # fmt: skip
        else:
            need = (f"needs a mean of at most {self.needed:.1f} and gets down to "
                    f"{self.reachable:.1f} at best")  # fmt: skip
            if self.needed < 0:
                need += (" (the spread of outcomes alone is wider than the goal: the "
                         "required probability may be out of reach)")  # fmt: skip
        return (
            f"{self.goal}: {need} within the levers' bounds; {self.lever} would need "
            f"{self.lever_needed:,.0f} against its bound of {self.lever_bound:,.0f}"
        )


def diagnose(goals: Goals, surrogate: Surrogate, margins: dict[str, float]) -> list[Infeasible]:
    """The goals the surrogate cannot meet even with every lever at its best bound."""
    levers = goals.spec.levers
    lows = np.array([lever.min for lever in levers])
    highs = np.array([lever.max for lever in levers])
    found = []
    for constraint in constraints_of(goals):
        slope = surrogate.slope[constraint.key]
        direction = slope if constraint.goal.higher else -slope
        best = np.where(direction > 0, highs, lows)
        reachable = surrogate.predict(constraint.key, best)
        needed = _needed(surrogate, constraint, constraint.aim,
                         margins.get(constraint.key, 0.0))  # fmt: skip
        gap = needed - reachable if constraint.goal.higher else reachable - needed
        if gap <= 0:
            continue
        effect = np.abs(slope) * (highs - lows)
        main = int(np.argmax(effect))
        lever = levers[main]
        need = best[main] + (needed - reachable) / slope[main] if slope[main] else np.inf
        raises = slope[main] * (1 if constraint.goal.higher else -1) > 0
        bound = lever.max if raises else lever.min
        found.append(Infeasible(constraint.key, needed, reachable, lever.id, float(need),
                                float(bound), constraint.goal.higher))  # fmt: skip
    return found
