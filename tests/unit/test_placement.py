"""The placement programs against brute-force enumeration on small hand-built and random
instances (fixed seed): the same least cost, and the program's sites meet every goal."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from sim.experiments.placement import (
    UNSERVED_WEIGHT,
    BedSites,
    CentreSites,
    allocation_objective,
    home_care_shares,
    place_beds,
    reach_within_circle,
    site_centres,
    within_15,
)


def _random_centres(rng: np.random.Generator, n: int) -> CentreSites:
    units = rng.integers(2, 7, n)
    village = np.minimum(rng.integers(0, 5, n), units)
    day_care = rng.random(n) < 0.3
    seat = day_care | (rng.random(n) < 0.5)
    goals_by = {
        int(i): float(rng.choice([60.0, 80.0, 95.0])) for i in rng.choice(n, 2, replace=False)
    }
    coverage_each = {int(i): 100.0 for i in rng.choice(n, 1)}
    return CentreSites(
        codes=tuple(f"{i:09d}" for i in range(n)),
        share_60plus=rng.random(n) + 0.1,
        internal_minutes=rng.uniform(3, 16, n),
        units=units,
        village_centres=village,
        seat_centre=seat,
        day_care=day_care,
        day_care_candidate=rng.random(n) < 0.8,
        day_care_cost_yuan=rng.integers(20, 40, n) * 10_000.0,
        village_max=rng.integers(0, 3, n),
        village_cost_yuan=rng.integers(5, 15, n) * 10_000.0,
        coverage_percent=float(rng.choice([40.0, 60.0, 80.0])),
        coverage_by_township=coverage_each,
        within_15_percent=float(rng.choice([70.0, 85.0])),
        within_15_by_township=goals_by,
    )


def _meets(sites: CentreSites, day_care: np.ndarray, village: np.ndarray) -> bool:
    percent = within_15(sites, day_care, village)
    have = sites.day_care.astype(int) + day_care
    if (
        sites.coverage_percent is not None
        and 100 * have.sum() / sites.n < sites.coverage_percent - 1e-9
    ):
        return False
    if any(target > 0 and not have[i] for i, target in sites.coverage_by_township.items()):
        return False
    if any(percent[i] < t - 1e-7 for i, t in sites.within_15_by_township.items()):
        return False
    weights = sites.share_60plus / sites.share_60plus.sum()
    return sites.within_15_percent is None or weights @ percent >= sites.within_15_percent - 1e-7


def _brute_force_centres(sites: CentreSites) -> float | None:
    """The least cost over every choice of sites (None when none meets the goals)."""
    choices = []
    for i in range(sites.n):
        day = [0, 1] if sites.day_care_candidate[i] and not sites.day_care[i] else [0]
        choices.append([(d, v) for d in day for v in range(int(sites.village_max[i]) + 1)])
    best = None
    for combo in itertools.product(*choices):
        day_care = np.array([c[0] for c in combo])
        village = np.array([c[1] for c in combo])
        if _meets(sites, day_care, village):
            cost = float(day_care @ sites.day_care_cost_yuan + village @ sites.village_cost_yuan)
            best = cost if best is None else min(best, cost)
    return best


@pytest.mark.parametrize("seed", range(8))
def test_siting_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(1000 + seed)
    sites = _random_centres(rng, int(rng.integers(4, 7)))
    expected = _brute_force_centres(sites)
    found = site_centres(sites)
    if expected is None:
        assert not found.feasible and found.shortfalls
        return
    assert found.feasible
    assert found.cost_yuan == pytest.approx(expected, rel=1e-9)
    assert _meets(sites, found.day_care, found.village)
    assert found.mip_gap == pytest.approx(0.0, abs=1e-9)


def test_siting_hand_built() -> None:
    """Four townships: the mountain one needs a centre within 15 minutes for 90% of its
    people; only village centres can do it (its seat reaches 44%)."""
    sites = CentreSites(
        codes=("a", "b", "c", "mountain"),
        share_60plus=np.array([0.4, 0.3, 0.2, 0.1]),
        internal_minutes=np.array([4.0, 5.0, 8.0, 15.0]),
        units=np.array([4, 4, 4, 5]),
        village_centres=np.array([4, 3, 2, 1]),
        seat_centre=np.array([True, True, True, False]),
        day_care=np.array([True, False, False, False]),
        day_care_candidate=np.array([True, True, True, True]),
        day_care_cost_yuan=np.full(4, 300_000.0),
        village_max=np.array([0, 1, 2, 4]),
        village_cost_yuan=np.full(4, 100_000.0),
        coverage_percent=50.0,
        within_15_by_township={3: 90.0},
    )
    found = site_centres(sites)
    assert found.feasible
    assert reach_within_circle(np.array([15.0]))[0] == pytest.approx((15 / 22.5) ** 2)
    # Half the townships need a regional centre: one more. Built in the mountain township
    # (it is also one more centre there), 4 of its 5 villages would give 0.8 + 0.2 x 0.444
    # = 0.889 < 0.9, so it needs all 5: 3 village centres, 300k + 300k. Elsewhere, the
    # mountain township needs 4 village centres and another the regional one: 700k.
    assert found.cost_yuan == pytest.approx(_brute_force_centres(sites))
    assert found.cost_yuan == pytest.approx(600_000.0)
    assert found.day_care[3] == 1 and found.village[3] == 3


def test_siting_names_the_township_it_cannot_serve() -> None:
    sites = CentreSites(
        codes=("a", "b", "c", "331003200"),
        share_60plus=np.full(4, 0.25),
        internal_minutes=np.array([4.0, 5.0, 8.0, 12.0]),
        units=np.array([4, 4, 4, 5]),
        village_centres=np.array([4, 4, 4, 1]),
        seat_centre=np.array([True, True, True, True]),
        day_care=np.zeros(4, bool),
        day_care_candidate=np.array([True, True, True, False]),
        day_care_cost_yuan=np.full(4, 1.0),
        village_max=np.array([0, 0, 0, 0]),
        village_cost_yuan=np.full(4, 1.0),
        coverage_by_township={3: 100.0},
        within_15_by_township={3: 95.0},
    )
    found = site_centres(sites)
    assert not found.feasible
    assert any(s.startswith("331003200: township_centre_coverage") for s in found.shortfalls)
    assert any("331003200: within_15_min_centre" in s and "no candidate site" in s
               for s in found.shortfalls)  # fmt: skip


def _random_beds(rng: np.random.Generator, n: int) -> BedSites:
    points = rng.uniform(0, 40, (n, 2))
    travel = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(travel, 0.0)
    return BedSites(
        codes=tuple(f"{i:09d}" for i in range(n)),
        share_60plus=rng.random(n) + 0.1,
        travel_minutes=travel,
        nursing_beds=rng.integers(0, 60, n).astype(float),
        candidate=rng.random(n) < 0.8,
        max_units=rng.integers(1, 4, n),
        unit_beds=10,
        years=2,
        travel_limit_minutes=float(rng.choice([15.0, 25.0, 60.0])),
    )


def _brute_force_beds(sites: BedSites, units: int) -> float:
    ranges = [range(int(sites.max_units[j]) + 1) if sites.candidate[j] else range(1)
              for j in range(sites.n)]  # fmt: skip
    return min(allocation_objective(sites, combo) for combo in itertools.product(*ranges)
               if sum(combo) == units)  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_bed_placement_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(2000 + seed)
    sites = _random_beds(rng, int(rng.integers(4, 7)))
    room = int(np.where(sites.candidate, sites.max_units, 0).sum())
    units = int(rng.integers(0, room + 1))
    found = place_beds(sites, units * sites.unit_beds)
    assert found.beds_per_year.sum() == units * sites.unit_beds
    assert (found.beds_per_year[~sites.candidate] == 0).all()
    expected = _brute_force_beds(sites, units)
    assert found.objective == pytest.approx(expected, rel=1e-7, abs=1e-6)
    # The program's own placement reaches its objective in the transport LP.
    assert allocation_objective(sites, found.beds_per_year // sites.unit_beds) == pytest.approx(
        expected, rel=1e-7, abs=1e-6
    )
    assert found.mip_gap == pytest.approx(0.0, abs=1e-9)


def test_beds_go_where_the_need_is_out_of_reach() -> None:
    """A far township with need and no beds gets the beds, not the town that has them."""
    travel = np.array([[0.0, 5.0, 70.0], [5.0, 0.0, 70.0], [70.0, 70.0, 0.0]])
    sites = BedSites(("town", "suburb", "mountain"), np.array([0.4, 0.4, 0.2]), travel,
                     np.array([100.0, 20.0, 0.0]), np.array([True, True, True]),
                     np.array([5, 5, 5]), 10, 1, 60.0)  # fmt: skip
    found = place_beds(sites, 20)
    assert list(found.beds_per_year) == [0, 0, 20]
    assert found.unserved_beds == pytest.approx(0.2 * 140 - 20)
    assert found.objective >= found.unserved_beds * UNSERVED_WEIGHT


def test_home_care_follows_need_after_travel() -> None:
    shares = home_care_shares(np.array([0.5, 0.25, 0.25]), np.array([1.2, 1.0, 0.5]),
                              np.array([True, True, True]), 100)  # fmt: skip
    assert shares.sum() == 100
    assert shares[2] > shares[1] > 0  # the same need, half the hours: twice the workers
    none = home_care_shares(np.array([0.5, 0.5]), np.ones(2), np.array([False, True]), 7)
    assert list(none) == [0, 7]
