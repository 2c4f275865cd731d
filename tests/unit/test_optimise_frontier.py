"""The frontier agrees with the plan: every plan the model checked is a candidate at each
probability it met, so the plan never costs less than the frontier's point at a level
it meets, and a level some checked plan met is never reported unreachable."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiments.frontier import LOW, frontier_from_checked

GOALS = ["beds@2030", "wait@2030", "certified@2030"]


def _checked(source: str, cost: float, lows: list[float], lever: float) -> dict:
    return {
        "source": source, "predicted_cost_yuan": np.nan, "simulated_cost_yuan": cost,
        "lowest_p_met": max(lows), "p_met_low": min(lows), "p_met_high": 1.0,
        "replications": 40, "goals": len(GOALS), "hire": lever,
        **{LOW + goal: low for goal, low in zip(GOALS, lows, strict=True)},
    }  # fmt: skip


def _table(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_the_plans_verification_fills_a_level_the_frontiers_solves_missed() -> None:
    # The frontier's own solve at 0.9 was short of a goal; at 0.8 it held at 2.54. The
    # chosen plan (2.515) certified every goal at 0.9 in its verification.
    own = {
        0.8: {"source": "frontier 0.8", "predicted_cost_yuan": 2.50e8,
              "simulated_cost_yuan": 2.54e8, "goals_held": 3, "hire": 900.0, "checks": 1},
        0.9: {"source": "frontier 0.9", "predicted_cost_yuan": 2.60e8,
              "simulated_cost_yuan": 2.61e8, "goals_held": 2, "hire": 1000.0, "checks": 2},
    }  # fmt: skip
    checked = _table(
        _checked("design", 2.30e8, [0.85, 0.2, 0.9], 200.0),
        _checked("frontier 0.8", 2.54e8, [0.85, 0.82, 0.9], 900.0),
        _checked("frontier 0.9", 2.61e8, [0.92, 0.88, 0.95], 1000.0),
        _checked("round 3", 2.52e8, [0.86, 0.83, 0.85], 940.0),
        _checked("verification", 2.515e8, [0.93, 0.91, 0.92], 940.0),
    )
    frontier = frontier_from_checked([0.5, 0.8, 0.9, 0.95], checked, own, ["hire"])
    by_level = frontier.set_index("probability")
    # A level some checked plan met is reached, at the cheapest such plan's cost.
    assert by_level.loc[0.9, "reached"]
    assert by_level.loc[0.9, "simulated_cost_yuan"] == 2.515e8
    assert by_level.loc[0.9, "source"] == "verification"
    assert by_level.loc[0.9, "goals_held"] == 3
    # The plan never costs less than the frontier at the levels it met.
    for level in (0.5, 0.8, 0.9):
        assert by_level.loc[level, "simulated_cost_yuan"] <= 2.515e8
    # A check that met 0.8 more cheaply than the frontier's own solve is the 0.8 point.
    assert by_level.loc[0.8, "simulated_cost_yuan"] == 2.515e8
    assert by_level.loc[0.8, "hire"] == 940.0
    # No checked plan met 0.95: unreachable, without a cost.
    assert not by_level.loc[0.95, "reached"]
    assert np.isnan(by_level.loc[0.95, "simulated_cost_yuan"])


def test_a_level_no_checked_plan_met_keeps_the_frontiers_own_short_solve() -> None:
    own = {0.9: {"source": "frontier 0.9", "predicted_cost_yuan": 2.6e8,
                 "simulated_cost_yuan": 2.61e8, "goals_held": 2, "hire": 1000.0,
                 "checks": 2}}  # fmt: skip
    checked = _table(_checked("frontier 0.9", 2.61e8, [0.92, 0.88, 0.95], 1000.0))
    row = frontier_from_checked([0.9], checked, own, ["hire"]).iloc[0]
    assert not row["reached"]
    assert row["goals_held"] == 2 and row["goals"] == 3
    assert row["simulated_cost_yuan"] == 2.61e8 and row["checks"] == 2


def test_plans_checked_at_a_fraction_of_the_district_are_compared_at_its_size() -> None:
    # A search at half the district: its checks cost about half the whole district's.
    # The design point's 1.30 at scale 0.5 is 2.60 for the district, dearer than the
    # verification's 2.515 at scale 1, so the verification is the frontier's point.
    checked = _table(
        _checked("design", 1.30e8, [0.95, 0.95, 0.95], 800.0) | {"population_scale": 0.5},
        _checked("verification", 2.515e8, [0.93, 0.91, 0.92], 940.0) | {"population_scale": 1.0},
    )  # fmt: skip
    row = frontier_from_checked([0.9], checked, {}, ["hire"]).iloc[0]
    assert row["source"] == "verification" and row["simulated_cost_yuan"] == 2.515e8
    # Cheaper for the district (1.20 at half is 2.40): the design point, at its own scale.
    checked.loc[0, "simulated_cost_yuan"] = 1.20e8
    row = frontier_from_checked([0.9], checked, {}, ["hire"]).iloc[0]
    assert row["source"] == "design" and row["population_scale"] == 0.5
