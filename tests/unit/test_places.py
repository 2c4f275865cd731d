"""Places in the model: acceptance by travel time, the routing order, home townships,
the spread of whole numbers and the numpy totals over areas."""

from __future__ import annotations

import inspect
from collections import deque

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sim.model.aggregation import aggregate, combine
from sim.model.indicators import AGGREGATION
from sim.model.places import Routing, acceptance_probability, home_care_hours_factor
from sim.model.spec import InitialState, PlacesSpec

START = InitialState(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def _places(travel: list[list[float]], share: list[float]) -> PlacesSpec:
    n = len(share)
    return PlacesSpec(
        codes=tuple(f"{i:03d}" for i in range(n)), share_60plus=np.array(share),
        share_registered=np.array(share), travel_minutes=np.array(travel, dtype=float),
        initial=(START,) * n, hiring_share=np.array(share), urban=np.zeros(n, dtype=bool),
        villages_and_communities=np.ones(n, dtype=np.int64),
    )  # fmt: skip


TRAVEL = [[5, 20, 40], [20, 8, 30], [40, 30, 25]]


def test_acceptance_falls_with_minutes_and_is_one_at_home() -> None:
    minutes = np.array([0.0, 5, 15, 30, 60, 120])
    chance = acceptance_probability(minutes, 30.0)
    assert chance[0] == 1.0
    assert (np.diff(chance) < 0).all()
    assert chance[3] == np.exp(-1.0)


@given(st.floats(min_value=0.0, max_value=200.0))
def test_a_seeker_accepts_home_first_then_the_nearer_townships(tolerance: float) -> None:
    routing = Routing(_places(TRAVEL, [0.5, 0.3, 0.2]))
    accepted = routing.accepted(0, tolerance)
    assert accepted[0] == 0
    assert accepted == (0, 1, 2)[: len(accepted)]  # nearer before further, nothing skipped
    assert (1 in accepted) == (tolerance >= 20)
    assert (2 in accepted) == (tolerance >= 40)
    assert routing.accepted(2, np.inf) == (2, 1, 0)


def test_home_care_hours_fall_with_a_township_s_travel_and_hold_on_average() -> None:
    places = _places(TRAVEL, [0.5, 0.3, 0.2])
    factor = home_care_hours_factor(places, 1.0)
    assert factor[0] > factor[1] > factor[2]  # 5, 8 and 25 minutes between visits
    equal = home_care_hours_factor(
        _places([[10, 1, 1], [1, 10, 1], [1, 1, 10]], [0.2, 0.3, 0.5]), 1.0
    )
    assert np.allclose(equal, 1.0)


def test_combine_gives_the_totals_aggregate_gives() -> None:
    rng = np.random.default_rng(3)
    names = list(AGGREGATION)
    tables = [{name: rng.uniform(1, 100, size=3) for name in names} for _ in range(4)]
    tables[1]["gave_up"][0] = np.nan  # a missing value leaves the total without one
    combined = combine(tables, AGGREGATION)
    wide = pd.DataFrame(
        [{"area": a, "year": y, **{n: tables[a][n][y] for n in names}}
         for a in range(4) for y in range(3)]
    ).set_index(["area", "year"])  # fmt: skip
    expected = aggregate(wide, ["year"], AGGREGATION, areas=4)
    for name in expected:
        assert np.allclose(combined[name], expected[name].to_numpy(), equal_nan=True), name
    assert np.isnan(combined["gave_up"][0])


def test_an_area_nobody_was_admitted_to_does_not_undo_the_mean_wait() -> None:
    rules = {name: AGGREGATION[name] for name in ("admissions", "mean_wait_days")}
    tables = [
        {"admissions": np.array([np.nan, 10.0]), "mean_wait_days": np.array([np.nan, 30.0])},
        {"admissions": np.array([np.nan, 0.0]), "mean_wait_days": np.array([np.nan, np.nan])},
        {"admissions": np.array([np.nan, 30.0]), "mean_wait_days": np.array([np.nan, 10.0])},
    ]
    combined = combine(tables, rules)
    assert np.isnan(combined["mean_wait_days"][0])  # the base year has no flows
    assert combined["mean_wait_days"][1] == 15.0


def _frames_deep() -> int:
    frame, depth = inspect.currentframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def test_a_long_chain_of_moves_nearer_settles_in_a_loop_in_order() -> None:
    # Each township's lists, when they move, let a resident move nearer home and so free a
    # bed in the next township: 5,000 townships in a chain. Settled by recursion this would
    # be 5,000 frames deep; settled in a loop it stays one frame below the first settle.
    from sim.model.care.system import CareSystem

    system = object.__new__(CareSystem)
    system.unsettled, system.settling = deque(), False
    order: list[int] = []
    depths: list[int] = []

    def admit_from_both_lists(area: int) -> None:
        order.append(area)
        depths.append(_frames_deep())
        if area < 5_000:
            system._settle(area + 1)

    system._admit_from_both_lists = admit_from_both_lists  # type: ignore[assignment,method-assign]
    system._settle(0)  # type: ignore[arg-type]
    assert order == list(range(5_001))
    assert max(depths) == min(depths)
    assert not system.settling and not system.unsettled
