"""The least-cost plan that meets the goals with a stated probability (`sim optimise`).

The method (`docs/optimise.md`):

1. **Design.** The discrete-event model runs at a Latin-hypercube sample of the levers
   (plus their lower and upper bounds), each point with the same replications (common
   random numbers, and with `uncertainty: parameters` the same input draws), so that
   the points differ only by their levers.
2. **Surrogate.** Each goal indicator in each goal year, and the cost, is fitted as a
   linear function of the levers to the points' means (least squares). The spread of
   the replications around their point's mean, pooled over the points, gives the
   quantile a goal's mean must clear for the goal to hold with its probability.
3. **Mixed-integer program.** HiGHS (`highspy`) finds the cheapest levers on their
   grids (min + k * step) whose surrogate clears every goal's quantile plus a margin.
4. **Check and adjust.** The model runs the candidate with more replications under
   the same random numbers. A goal whose simulated P(met) falls short of its
   requirement gets a larger margin (by how far the simulated quantile missed), the
   candidate's results join the fit, and steps 2-4 repeat until every goal holds or
   the rounds run out.
5. **Frontier and verification.** The cheapest plan at each probability of the
   frontier is found the same way and checked; the plan at the required probability
   is written as a scenario that `extends:` the base, and run with a fresh seed.

When no plan within the levers' bounds meets the goals, `Infeasible` says which goal
fails, by how much, and what its main lever would need; the closest plan is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goal, Goals, load_goals, plan_changes, plan_targets
from sim.config.load import load_scenario, scenario_from_mapping
from sim.config.yaml_files import deep_merge, resolve_extends
from sim.experiments.backends import ProgressCallback
from sim.experiments.folders import staged_outputs, write_json
from sim.experiments.runner import run_scenarios

#: Exit code of `sim optimise` when the goals cannot be met within the levers' bounds
#: (or no plan was verified within the rounds): the closest plan is still written.
EXIT_GOALS_NOT_MET = 3
#: After the first round a candidate moves at most this share of each lever's range.
TRUST_SHARE = 0.25
#: A constraint whose slack is under this share of its target counts as binding.
BINDING_SHARE = 0.02
COST_INDICATOR = {"public": "cost_public", "total": "cost_total"}


@dataclass(frozen=True)
class Constraint:
    """One goal in one year: the column it reads and what it needs."""

    goal: Goal
    year: int
    probability: float

    @property
    def key(self) -> str:
        return f"{self.goal.indicator}@{self.year}"

    def met(self, values: np.ndarray) -> np.ndarray:
        """Whether each value meets the goal."""
        if self.goal.higher:
            return values >= self.goal.value
        return values <= self.goal.value


def constraints_of(goals: Goals) -> list[Constraint]:
    """Every (goal, year) pair with its required probability."""
    return [
        Constraint(goal, year, goals.probability(goal))
        for goal in goals.spec.goals
        for year in goal.years
    ]


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
    document = deep_merge(base, {**plan_changes(goals, values), "name": name})
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
        scenarios.append(scenario_from_mapping(document, f"<{goals.path} point {index}>"))
    tidy = run_scenarios(scenarios, replications=replications, jobs=jobs, progress=progress)
    return point_table(goals, tidy)


def point_table(goals: Goals, tidy: pd.DataFrame) -> pd.DataFrame:
    """The constraint values and cost of each scenario and replication of a tidy table."""
    wide = tidy.pivot_table(
        index=["scenario", "replication"], columns=["indicator", "year"], values="value"
    )
    table = pd.DataFrame(index=wide.index)
    for constraint in constraints_of(goals):
        column = (constraint.goal.indicator, constraint.year)
        table[constraint.key] = wide.get(column, np.nan)
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
    "beds_per_1000_older": {"beds.add_nursing", "beds.add_ordinary"},
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
for _queue in ("unmet_bed_demand", "mean_wait_days", "waiting_list", "gave_up", "share_waited",
               "p90_wait_days"):  # fmt: skip
    ACTS_ON[_queue] = {"beds.add_nursing", "beds.add_ordinary", "beds.convert_to_nursing",
                       "caregivers.hire_per_year", "ltc.take_up"}  # fmt: skip
#: How many times a frontier point is solved and checked, raising the margins of the goals
#: its last plan missed.
FRONTIER_ROUNDS = 2
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
    """The cheapest grid point whose surrogate meets every constraint (each at its own
    probability, or at `probability` for all); None when there is none. With `relax`,
    the constraints may fall short at a price, and the least shortfall wins."""
    import highspy

    levers = goals.spec.levers
    lows = np.array([lever.min for lever in levers])
    step = np.array([lever.step for lever in levers])
    h = _quiet_highs()
    h.setOptionValue("random_seed", 0)
    bounds = [(0, lever.steps) for lever in levers]
    if around is not None and radius is not None:
        # A trust region: a local fit is only trusted near where it was fitted.
        bounds = [(max(0, a - r), min(lever.steps, a + r))
                  for a, r, lever in zip(around, radius, levers, strict=True)]  # fmt: skip
    k = [h.addVariable(lb=lo, ub=hi, type=highspy.HighsVarType.kInteger) for lo, hi in bounds]

    def linear(key: str) -> tuple[Any, float]:
        """The surrogate of `key` as an expression in the steps, and its constant."""
        slope = np.nan_to_num(surrogate.slope[key])
        constant = surrogate.intercept[key] + float(slope @ lows)
        per_step = slope * step
        # Fitting noise on levers that do not act (1e-15 where the truth is 0) would only
        # make the solver warn about tiny coefficients.
        per_step[np.abs(per_step) < 1e-9 * max(float(np.abs(per_step).max()), 1.0)] = 0.0
        expression = 0.0 * k[0]
        for j, coefficient in enumerate(per_step):
            if coefficient:
                expression = expression + float(coefficient) * k[j]
        return expression, constant

    cost_expression, cost_constant = linear("cost")
    shortfalls = {}
    penalty = 0.0 * k[0]
    constraints = constraints_of(goals)
    for constraint in constraints:
        p = probability if probability is not None else constraint.probability
        needed = _needed(surrogate, constraint, p, margins.get(constraint.key, 0.0))
        expression, constant = linear(constraint.key)
        if relax:
            short = h.addVariable(lb=0, ub=highspy.kHighsInf)
            shortfalls[constraint.key] = short
            scale = max(abs(constraint.goal.value), 1.0)
            penalty = penalty + short * (1.0 / scale)
            if constraint.goal.higher:
                h.addConstr(expression + short >= needed - constant)
            else:
                h.addConstr(expression - short <= needed - constant)
        elif constraint.goal.higher:
            h.addConstr(expression >= needed - constant)
        else:
            h.addConstr(expression <= needed - constant)
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
    x = np.array([values[lever.id] for lever in levers])
    predicted = {c.key: surrogate.predict(c.key, x) for c in constraints}
    slack = {}
    for constraint in constraints:
        p = probability if probability is not None else constraint.probability
        needed = _needed(surrogate, constraint, p, margins.get(constraint.key, 0.0))
        gap = predicted[constraint.key] - needed
        slack[constraint.key] = gap if constraint.goal.higher else -gap
    shortfall = {key: float(h.val(v)) for key, v in shortfalls.items()}
    return Solution(steps, values, surrogate.predict("cost", x), predicted, slack, shortfall)


# ---- checking candidates ------------------------------------------------------------------------


def judge(goals: Goals, results: pd.DataFrame, probability: float | None = None) -> pd.DataFrame:
    """Per constraint of one point's replications: mean, P(met), the required
    probability and whether it holds."""
    rows = []
    for constraint in constraints_of(goals):
        values = results[constraint.key].to_numpy(float)
        values = values[np.isfinite(values)]
        required = probability if probability is not None else constraint.probability
        p_met = float(constraint.met(values).mean()) if len(values) else 0.0
        rows.append({
            "goal": constraint.key, "indicator": constraint.goal.indicator,
            "year": constraint.year, "sense": "at_least" if constraint.goal.higher else "at_most",
            "target": constraint.goal.value, "required_probability": required,
            "mean": float(values.mean()) if len(values) else np.nan, "p_met": p_met,
            "holds": p_met >= required,
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
        needed = _needed(surrogate, constraint, constraint.probability,
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


# ---- the whole search ----------------------------------------------------------------------------


@dataclass
class Optimisation:
    """Everything a search found, for the output folder and the notebook."""

    goals: Goals
    plan: Solution
    feasible: bool
    verified_in_search: bool
    rounds: list[dict[str, Any]]
    frontier: pd.DataFrame
    design: pd.DataFrame
    results: pd.DataFrame
    margins: dict[str, float]
    surrogate: Surrogate
    infeasible: list[Infeasible]
    seconds: float
    check: pd.DataFrame
    verification: pd.DataFrame | None = None
    verification_cost: float | None = None
    folder: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 when the plan meets the goals (in the search), else EXIT_GOALS_NOT_MET."""
        return 0 if self.feasible and self.verified_in_search else EXIT_GOALS_NOT_MET


def design_points(goals: Goals) -> list[list[int]]:
    """The levers' lower and upper bounds and a Latin-hypercube sample of their grids."""
    from scipy.stats import qmc

    levers = goals.spec.levers
    count = goals.spec.search.design_points
    sample = qmc.LatinHypercube(d=len(levers), seed=goals.spec.search.seed).random(count)
    points = [[0] * len(levers), [lever.steps for lever in levers]]
    for row in sample:
        points.append([round(u * lever.steps) for u, lever in zip(row, levers, strict=True)])
    return points


def optimise(
    goals_path: str | Path,
    *,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    say: Any = None,
    search: dict[str, Any] | None = None,
) -> Optimisation:
    """Search for the least-cost plan of a goals file (steps 1-5 of the module's method;
    the verification run with a fresh seed is `write_optimisation`'s). `search` replaces
    settings of the file's `search:` (for a quick look: fewer points, a smaller
    district)."""
    started = time.perf_counter()
    goals = load_goals(goals_path)
    if search:
        changed = goals.spec.search.model_copy(update=search)
        goals.spec = goals.spec.model_copy(update={"search": changed})
    settings = goals.spec.search
    tell = say or (lambda _text: None)
    ids = [lever.id for lever in goals.spec.levers]
    steps = design_points(goals)
    points = [lever_values(goals, s) for s in steps]
    tell(f"design: {len(points)} points x {settings.replications} replications")
    results = run_points(goals, points, replications=settings.replications, seed=settings.seed,
                         jobs=jobs, progress=progress)  # fmt: skip
    design = pd.DataFrame(points, columns=ids)
    margins: dict[str, float] = {}
    rounds: list[dict[str, Any]] = []
    constraints = {c.key: c for c in constraints_of(goals)}
    plan: Solution | None = None
    feasible, verified = False, False
    check = pd.DataFrame()
    centre: np.ndarray | None = None
    tried: set[tuple[int, ...]] = set()
    best: tuple[Solution, pd.DataFrame, float] | None = None
    for round_number in range(1, settings.rounds + 1):
        surrogate = fit(goals, design, results, centre)
        candidate = None
        if plan is not None:
            radius = [max(2, round(TRUST_SHARE * lever.steps)) for lever in goals.spec.levers]
            candidate = solve(goals, surrogate, None, margins, around=plan.steps, radius=radius)
        if candidate is None:
            candidate = solve(goals, surrogate, None, margins)
        feasible = candidate is not None
        if candidate is None:
            # No plan within the bounds meets the fit: check the closest one, which also
            # teaches the fit about that corner.
            candidate = solve(goals, surrogate, None, margins, relax=True)
            assert candidate is not None, "the relaxed program always has a solution"
        if tuple(candidate.steps) in tried:
            break  # the search came back to a plan it has checked: nothing new to learn
        tried.add(tuple(candidate.steps))
        plan = candidate
        centre = np.array([candidate.values[i] for i in ids])
        index = len(design)
        design.loc[index] = [candidate.values[i] for i in ids]
        checked = run_points(goals, [candidate.values], replications=settings.check_replications,
                             seed=settings.seed, jobs=jobs, progress=progress)  # fmt: skip
        checked["point"] = index
        results = pd.concat([results, checked], ignore_index=True)
        check = judge(goals, checked)
        short = check[~check["holds"]]
        rounds.append({
            "round": round_number, "levers": candidate.values,
            "predicted_cost": candidate.cost, "simulated_cost": float(checked["cost"].mean()),
            "goals_short": list(short["goal"]), "margins": dict(margins),
        })  # fmt: skip
        tell(f"round {round_number}: cost {checked['cost'].mean() / 1e8:.2f} x 100m yuan, "
             f"{len(short)} goal(s) short")  # fmt: skip
        if short.empty:
            verified = True
            cost = float(checked["cost"].mean())
            if best is None or cost < best[2]:
                best = (candidate, check, cost)
            # Held: look for a cheaper plan near it, with less margin where goals had room.
            for key in margins:
                margins[key] *= 0.5
            continue
        if not feasible:
            continue
        for key in short["goal"]:
            constraint = constraints[key]
            miss = missed_by(constraint, checked[key].to_numpy(float), constraint.probability)
            # At least a tenth of the target's scale, so that a stubborn goal moves.
            floor = 0.01 * max(abs(constraint.goal.value), 1.0)
            margins[key] = margins.get(key, 0.0) + max(miss, floor)
    surrogate = fit(goals, design, results, centre)
    infeasible: list[Infeasible] = []
    if best is not None:
        # The cheapest plan that held in its check.
        plan, check, feasible = best[0], best[1], True
    assert plan is not None
    if not verified:
        infeasible = diagnose(goals, surrogate, margins)
    frontier = frontier_table(goals, surrogate, margins, jobs=jobs, progress=progress, say=tell)
    return Optimisation(
        goals=goals, plan=plan, feasible=feasible, verified_in_search=verified, rounds=rounds,
        frontier=frontier, design=design, results=results, margins=margins,
        surrogate=surrogate, infeasible=infeasible, seconds=time.perf_counter() - started,
        check=check,
    )  # fmt: skip


def frontier_table(
    goals: Goals, surrogate: Surrogate, margins: dict[str, float], *, jobs: int,
    progress: ProgressCallback | None, say: Any,
) -> pd.DataFrame:  # fmt: skip
    """The cheapest plan at each probability of the frontier, checked with the model: a
    point whose plan falls short of a goal in its check gets the margins of the goals it
    missed raised by the miss and is solved and checked again, up to FRONTIER_ROUNDS
    times; the row is the last plan checked."""
    search = goals.spec.search
    constraints = {c.key: c for c in constraints_of(goals)}
    own_margins = {p: dict(margins) for p in search.frontier}
    pending = list(search.frontier)
    found: dict[float, dict[str, Any]] = {}
    for attempt in range(FRONTIER_ROUNDS):
        plans = {}
        for probability in pending:
            solution = solve(goals, surrogate, probability, own_margins[probability])
            if solution is not None:
                plans[probability] = solution
        if not plans:
            break
        checked = run_points(goals, [s.values for s in plans.values()],
                             replications=search.check_replications, seed=search.seed,
                             jobs=jobs, progress=progress)  # fmt: skip
        pending = []
        for index, (probability, solution) in enumerate(plans.items()):
            own = checked[checked["point"] == index]
            judged = judge(goals, own, probability)
            found[probability] = {
                "probability": probability, "predicted_cost_yuan": solution.cost,
                "simulated_cost_yuan": float(own["cost"].mean()),
                "goals_held": int(judged["holds"].sum()), "goals": len(judged),
                "lowest_p_met": float(judged["p_met"].min()), "checks": attempt + 1,
                **solution.values,
            }  # fmt: skip
            short = judged.loc[~judged["holds"], "goal"]
            if short.empty:
                continue
            pending.append(probability)
            for key in short:
                constraint = constraints[key]
                miss = missed_by(constraint, own[key].to_numpy(float), probability)
                floor = 0.01 * max(abs(constraint.goal.value), 1.0)
                own_margins[probability][key] = own_margins[probability].get(key, 0.0) + max(
                    miss, floor
                )
        if not pending:
            break
    rows = list(found.values())
    for probability in search.frontier:
        if probability not in found:
            rows.append({"probability": probability, "predicted_cost_yuan": np.nan,
                         "simulated_cost_yuan": np.nan, "goals_held": 0,
                         "goals": len(constraints), "lowest_p_met": np.nan,
                         "checks": 0})  # fmt: skip
    say(f"frontier: {len(found)} of {len(search.frontier)} probabilities solved")
    return pd.DataFrame(rows).sort_values("probability").reset_index(drop=True)


# ---- the output folder -------------------------------------------------------------------


def plan_yaml(goals: Goals, values: dict[str, float], out: Path) -> str:
    """The plan as a scenario file that `extends:` the base (path relative to `out`)."""
    import yaml

    base = Path(os.path.relpath(goals.base_path, out.resolve()))
    changes = plan_changes(goals, values)
    document = {
        "extends": base.as_posix(),
        "name": goals.spec.name,
        "title": goals.spec.title.model_dump(),
        "description": {
            "zh": "由 sim optimise 按目标文件求得的最低成本方案；目标为规划目标。",
            "en": "The least-cost plan sim optimise found for the goals file; the goals are its "
            "targets.",
        },
        **changes,
        "targets": plan_targets(goals),
    }
    header = (
        f"# The least-cost plan for {goals.path.name}, found by `sim optimise` on "
        f"{dt.date.today().isoformat()}.\n# Levers: "
        + ", ".join(f"{lever.id} = {values[lever.id]:g}" for lever in goals.spec.levers)
        + "\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def binding_table(result: Optimisation, verification: pd.DataFrame | None) -> pd.DataFrame:
    """Per goal: required and verified P(met), the surrogate's and the simulation's mean,
    the slack of the chosen plan and whether the goal binds, and the lever that moves it
    most per step."""
    goals, plan, surrogate = result.goals, result.plan, result.surrogate
    levers = goals.spec.levers
    judged = judge(goals, verification) if verification is not None else result.check
    rows = []
    for row in judged.itertuples(index=False):
        slope = surrogate.slope[row.goal]
        per_step = np.array([slope[j] * lever.step for j, lever in enumerate(levers)])
        main = int(np.argmax(np.abs(per_step)))
        slack = plan.slack.get(row.goal, np.nan)
        rows.append({
            "goal": row.goal, "indicator": row.indicator, "year": row.year, "sense": row.sense,
            "target": row.target, "required_probability": row.required_probability,
            "verified_p_met": row.p_met, "verified_mean": row.mean,
            "surrogate_mean": plan.predicted.get(row.goal, np.nan),
            "slack": slack,
            "binding": bool(abs(slack) <= BINDING_SHARE * max(abs(row.target), 1.0)),
            "main_lever": levers[main].id, "effect_per_step": float(per_step[main]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def write_optimisation(
    result: Optimisation, out: Path, *, force: bool = False, jobs: int = 1,
    progress: ProgressCallback | None = None, finish: Sequence[Any] = (),
) -> Path:  # fmt: skip
    """Write the output folder: plan.yaml, the verification run (fresh seed), frontier,
    goals (binding), design, and optimisation.json; `finish` steps run on the staged
    folder (charts, the report) before it is put in place."""
    from sim.experiments.runs import run_to_folder

    goals = result.goals
    search = goals.spec.search
    with staged_outputs([out], force=force, folders=True) as (staging,):
        staging.mkdir()
        plan_file = staging / "plan.yaml"
        plan_file.write_text(plan_yaml(goals, result.plan.values, out), encoding="utf-8")
        # The plan file names its base relative to the final folder: write a copy that
        # resolves from the staging folder for the run.
        runnable = staging / ".plan-for-run.yaml"
        runnable.write_text(plan_yaml(goals, result.plan.values, staging), encoding="utf-8")
        scenario = load_scenario(runnable)
        scenario = scenario.model_copy(update={"name": goals.spec.name})
        run = run_to_folder([scenario], staging / "verification",
                            replications=search.verification_replications,
                            seed=search.verification_seed, jobs=jobs, progress=progress,
                            scenario_files=[out / "plan.yaml"])  # fmt: skip
        runnable.unlink()
        tidy = run.indicators.assign(scenario="point-0")
        verification = point_table(goals, tidy)
        result.verification = verification
        result.verification_cost = float(verification["cost"].mean())
        binding = binding_table(result, verification)
        binding.to_csv(staging / "goals.csv", index=False)
        result.frontier.to_csv(staging / "frontier.csv", index=False)
        design = result.design.copy()
        means = result.results.groupby("point").mean(numeric_only=True).drop(columns="replication")
        design.join(means).to_csv(staging / "design.csv", index_label="point")
        write_json(staging / "optimisation.json", {
            "kind": "optimisation",
            "goals_file": str(goals.path),
            "base": str(goals.base_path),
            "objective": goals.spec.objective.model_dump(),
            "probability": goals.spec.probability,
            "first_year": goals.first_year,
            "last_year": goals.last_year,
            "levers": [
                lever.model_dump() | {"title": {"zh": lever.name("zh"), "en": lever.name("en")}}
                for lever in goals.spec.levers
            ],
            "plan": result.plan.values,
            "predicted_cost_yuan": result.plan.cost,
            "verified_cost_yuan": result.verification_cost,
            "feasible": result.feasible,
            "verified_in_search": result.verified_in_search,
            "all_goals_verified": bool(binding["verified_p_met"].ge(
                binding["required_probability"]).all()),
            "exit_code": result.exit_code,
            "infeasible": [vars(item) | {"message": item.message()} for item in result.infeasible],
            "rounds": result.rounds,
            "margins": result.margins,
            "search": search.model_dump(),
            "search_seconds": result.seconds,
            "runs": len(result.results),
            "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        })  # fmt: skip
        for step in finish:
            step(staging)
    result.folder = out
    return out


def read_optimisation(folder: Path) -> dict[str, Any] | None:
    """The optimisation record of a folder (or of the folder above a verification run)."""
    for candidate in (folder, folder.parent):
        record = candidate / "optimisation.json"
        if record.is_file():
            document: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
            document["folder"] = str(candidate)
            return document
    return None
