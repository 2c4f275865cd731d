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
   frontier is found the same way and checked; every plan checked by the model is a
   candidate of the frontier. The plan at the required probability is written as a
   scenario that `extends:` the base, and run with a fresh seed.

A goal holds in a check when the lower bound of its P(met) reaches its probability
(`sim.experiments.p_met`). The module is split by concept: `plan_check` (constraints,
runs, P(met)), `surrogate` (fit, program, diagnosis), `frontier`, `levers` (which bind)
and `optimise_folder` (the output folder); their public names are importable from here.

When no plan within the levers' bounds meets the goals, `Infeasible` says which goal
fails, by how much, and what its main lever would need; the closest plan is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goals, load_goals
from sim.experiments.backends import ProgressCallback
from sim.experiments.frontier import (
    FRONTIER_ROUNDS,
    checked_plan,
    checked_points,
    frontier_from_checked,
    solve_frontier,
)
from sim.experiments.levers import least_same_value, lever_binding, plan_hires
from sim.experiments.optimisation import EXIT_GOALS_NOT_MET, Optimisation
from sim.experiments.optimise_folder import (
    BINDING_SHARE,
    binding_table,
    plan_yaml,
    read_optimisation,
    write_optimisation,
)
from sim.experiments.placement_plan import attach_placement
from sim.experiments.plan_check import (
    COST_INDICATOR,
    Constraint,
    check_replications,
    constraints_of,
    judge,
    lever_values,
    missed_by,
    plan_mapping,
    point_table,
    run_points,
)
from sim.experiments.surrogate import (
    ACTS_ON,
    FAR_WEIGHT,
    LOCAL_WIDTH,
    Infeasible,
    Solution,
    Surrogate,
    diagnose,
    fit,
    solve,
    weighted_quantile,
)

__all__ = [
    "ACTS_ON", "BINDING_SHARE", "COST_INDICATOR", "EXIT_GOALS_NOT_MET", "FAR_WEIGHT",
    "FRONTIER_ROUNDS", "LOCAL_WIDTH", "TRUST_SHARE", "Constraint", "Infeasible",
    "Optimisation", "Solution", "Surrogate", "binding_table", "constraints_of",
    "design_points", "diagnose", "fit", "judge", "lever_values", "missed_by", "optimise",
    "plan_mapping", "plan_yaml", "point_table", "read_optimisation", "run_points", "solve",
    "weighted_quantile", "write_optimisation",
]  # fmt: skip

#: After the first round a candidate moves at most this share of each lever's range.
TRUST_SHARE = 0.25


# ---- the whole search ----------------------------------------------------------------------------


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


@dataclass
class _Search:
    """The state of a search across its rounds."""

    goals: Goals
    design: pd.DataFrame
    results: pd.DataFrame
    checked_rows: list[dict[str, Any]]
    check_count: int
    jobs: int
    progress: ProgressCallback | None
    tell: Any
    margins: dict[str, float] = field(default_factory=dict)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    plan: Solution | None = None
    feasible: bool = False
    verified: bool = False
    #: the plan's check: judged, and its replications
    check: pd.DataFrame = field(default_factory=pd.DataFrame)
    samples: pd.DataFrame = field(default_factory=pd.DataFrame)
    centre: np.ndarray | None = None
    tried: set[tuple[int, ...]] = field(default_factory=set)
    #: the cheapest plan that held: (plan, judged check, cost, replications)
    best: tuple[Solution, pd.DataFrame, float, pd.DataFrame] | None = None


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
    # Where: the centres sited and the placed levers' rule, before any run.
    goals.placement = attach_placement(goals)
    settings = goals.spec.search
    tell = say or (lambda _text: None)
    ids = [lever.id for lever in goals.spec.levers]
    points = [lever_values(goals, s) for s in design_points(goals)]
    tell(f"design: {len(points)} points x {settings.replications} replications")
    results = run_points(goals, points, replications=settings.replications, seed=settings.seed,
                         jobs=jobs, progress=progress)  # fmt: skip
    design = pd.DataFrame(points, columns=ids)
    state = _Search(goals, design, results, checked_points(goals, "design", design, results),
                    check_replications(goals), jobs, progress, tell)  # fmt: skip
    for round_number in range(1, settings.rounds + 1):
        if not _search_round(state, round_number):
            break
    surrogate = fit(goals, state.design, state.results, state.centre)
    infeasible: list[Infeasible] = []
    if state.best is not None:
        # The cheapest plan that held in its check.
        state.plan, state.check, _, state.samples = state.best
        state.feasible = True
    plan = state.plan
    assert plan is not None
    if not state.verified:
        infeasible = diagnose(goals, surrogate, state.margins)
    solves, frontier_rows = solve_frontier(goals, surrogate, state.margins, jobs=jobs,
                                           progress=progress, say=tell)  # fmt: skip
    checked = pd.DataFrame(state.checked_rows + frontier_rows)
    frontier = frontier_from_checked(settings.frontier, checked, solves, ids)
    if goals.placement is not None:
        _compare_placement(state, plan)
    return Optimisation(
        goals=goals, plan=plan, feasible=state.feasible, verified_in_search=state.verified,
        rounds=state.rounds, frontier=frontier, design=state.design, results=state.results,
        margins=state.margins, surrogate=surrogate, infeasible=infeasible,
        seconds=time.perf_counter() - started, check=state.check, checked=checked,
        frontier_solves=solves, levers=_plan_levers(state, plan),
    )  # fmt: skip


def _compare_placement(state: _Search, plan: Solution) -> None:
    """The naive rule with the plan's amounts (`placement_compare`), in the plan's check's
    replications and seed, and the cost of the centres at each coverage level."""
    from sim.experiments.placement_compare import coverage_frontier, naive_comparison

    goals, record = state.goals, state.goals.placement
    state.tell("placement: the naive rule (by people aged 60+) with the same money")
    record.naive = naive_comparison(goals, plan.values, replications=state.check_count,
                                    jobs=state.jobs, progress=state.progress)  # fmt: skip
    record.coverage = coverage_frontier(goals)


def _search_round(state: _Search, round_number: int) -> bool:
    """One round of the search: fit, solve, check the candidate with the model and adjust
    the margins. False when the search came back to a plan it has checked."""
    goals, settings = state.goals, state.goals.spec.search
    ids = [lever.id for lever in goals.spec.levers]
    surrogate = fit(goals, state.design, state.results, state.centre)
    candidate = None
    if state.plan is not None:
        radius = [max(2, round(TRUST_SHARE * lever.steps)) for lever in goals.spec.levers]
        candidate = solve(goals, surrogate, None, state.margins, around=state.plan.steps,
                          radius=radius)  # fmt: skip
    if candidate is None:
        candidate = solve(goals, surrogate, None, state.margins)
    state.feasible = candidate is not None
    if candidate is None:
        # No plan within the bounds meets the fit: check the closest one, which also
        # teaches the fit about that corner.
        candidate = solve(goals, surrogate, None, state.margins, relax=True)
        assert candidate is not None, "the relaxed program always has a solution"
    if tuple(candidate.steps) in state.tried:
        return False  # nothing new to learn
    state.tried.add(tuple(candidate.steps))
    state.plan = candidate
    state.centre = np.array([candidate.values[i] for i in ids])
    index = len(state.design)
    state.design.loc[index] = [candidate.values[i] for i in ids]
    checked = run_points(goals, [candidate.values], replications=state.check_count,
                         seed=settings.seed, jobs=state.jobs, progress=state.progress)  # fmt: skip
    checked["point"] = index
    state.checked_rows.append(checked_plan(goals, f"round {round_number}", candidate.values,
                                           checked, candidate.cost))  # fmt: skip
    state.results = pd.concat([state.results, checked], ignore_index=True)
    state.check, state.samples = judge(goals, checked), checked
    short = state.check[~state.check["holds"]]
    cost = float(checked["cost"].mean())
    state.rounds.append({
        "round": round_number, "levers": candidate.values, "predicted_cost": candidate.cost,
        "simulated_cost": cost, "goals_short": list(short["goal"]),
        "margins": dict(state.margins),
    })  # fmt: skip
    state.tell(f"round {round_number}: cost {cost / 1e8:.2f} x 100m yuan, "
               f"{len(short)} goal(s) short")  # fmt: skip
    if short.empty:
        state.verified = True
        if state.best is None or cost < state.best[2]:
            state.best = (candidate, state.check, cost, checked)
        # Held: look for a cheaper plan near it, with less margin where goals had room.
        for key in state.margins:
            state.margins[key] *= 0.5
    elif state.feasible:
        constraints = {c.key: c for c in constraints_of(goals)}
        for key in short["goal"]:
            constraint = constraints[key]
            miss = missed_by(constraint, checked[key].to_numpy(float), constraint.check_share)
            # At least a hundredth of the target's scale, so that a stubborn goal moves.
            floor = 0.01 * max(abs(constraint.goal.value), 1.0)
            state.margins[key] = state.margins.get(key, 0.0) + max(miss, floor)
    return True


def _plan_levers(state: _Search, plan: Solution) -> pd.DataFrame:
    """Whether each lever of the plan binds (`sim.experiments.levers`), from the yearly
    hires of its check's replications; a ceiling the hires stay under is then lowered
    step by step (by bisection) to the least value of its grid whose run gives the same
    outcome as the plan's check (same replications, same seed): the ceiling does not
    bind when that value is under the plan's, and binds below it."""
    goals, settings = state.goals, state.goals.spec.search
    hires = plan_hires(goals, plan_mapping(goals, plan.values, "plan"),
                       replications=state.check_count, seed=settings.seed,
                       jobs=state.jobs)  # fmt: skip
    table = lever_binding(goals, plan.values, hires)
    table["same_outcome_at"] = table["value"]
    for row in table[~table["binding"]].itertuples():
        least = least_same_value(goals, plan.values, row.lever, row.binds_below, state.samples,
                                 replications=state.check_count, jobs=state.jobs,
                                 progress=state.progress)  # fmt: skip
        table.loc[row.Index, "same_outcome_at"] = least
        if least >= row.value:
            table.loc[row.Index, ["binding", "binds_below"]] = [True, row.value]
        else:
            table.loc[row.Index, "binds_below"] = least
    return table
