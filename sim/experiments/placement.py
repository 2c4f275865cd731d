"""Where to build: exact mixed-integer programs (HiGHS) that place supply in townships.

Two programs, each solved to optimality by HiGHS (`docs/placement.md`):

- **Siting centres** (a covering problem). Which townships get a regional centre with
  full-day care (全日托) and how many village centres each gets, at least cost, so that
  the share of townships with a regional centre, each township's regional centre and the
  share of each township's people aged 60+ within 15 minutes of a centre reach their
  goals. The 15-minute share is the model's own (`sim.model.places.township_place_rows`):
  the villages with a centre, and of the rest, where the township has a centre at its
  seat, those within 15 minutes of it, `reach = min(1, (15 / 1.5 m)^2)` for internal
  minutes `m`. Coverage is deterministic given the sites, so the program decides how
  many as well as where.
- **Placing beds** (capacitated location-allocation). A yearly number of new
  nursing-type beds (how many is the surrogate's decision) is placed among candidate
  townships, in whole units, so that each township's need for beds (its share of people
  aged 60+ of the beds the district will have) is served within the travel limit as far
  as the beds allow, and then with the least total travel (minutes x beds).

Home-care hiring placed by township is an apportionment, not a program: the hires go to
the candidates in proportion to their people aged 60+ divided by their workers'
productive hours (`home_care_hours_factor`), so that hours follow need after travel
(`home_care_shares`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model.places import SERVICE_CIRCLE_MINUTES, spread

#: Weight of a bed of need left unserved within the travel limit, against one minute of
#: one bed's travel: larger than any travel, so serving comes first.
UNSERVED_WEIGHT = 1.0e4


def reach_within_circle(internal_minutes: np.ndarray) -> np.ndarray:
    """Share of a township's people within the 15-minute circle of its seat (the model's
    assumption: a disc whose mean travel is the internal minutes)."""
    minutes = np.asarray(internal_minutes, dtype=float)
    with np.errstate(divide="ignore"):
        reach = np.minimum(1.0, (SERVICE_CIRCLE_MINUTES / (1.5 * minutes)) ** 2)
    return np.where(minutes > 0, reach, 1.0)


# ---- siting centres -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreSites:
    """A covering instance: arrays by township (n), percents for goals."""

    codes: tuple[str, ...]
    share_60plus: np.ndarray
    internal_minutes: np.ndarray
    #: villages and urban communities
    units: np.ndarray
    #: village centres now (centres other than those at the seat)
    village_centres: np.ndarray
    #: a centre at the township's seat now (whether or not it offers full-day care)
    seat_centre: np.ndarray
    #: a regional centre with full-day care now
    day_care: np.ndarray
    #: may get a regional centre with full-day care; its cost (yuan)
    day_care_candidate: np.ndarray
    day_care_cost_yuan: np.ndarray
    #: the most village centres each may get; the cost of one (yuan)
    village_max: np.ndarray
    village_cost_yuan: np.ndarray
    #: goals: percent of townships with a regional centre (district), per township 0/100
    coverage_percent: float | None = None
    coverage_by_township: dict[int, float] = field(default_factory=dict)
    within_15_percent: float | None = None
    within_15_by_township: dict[int, float] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.codes)


@dataclass
class Siting:
    """The cheapest sites: new regional centres (0/1) and village centres by township."""

    day_care: np.ndarray
    village: np.ndarray
    cost_yuan: float
    mip_gap: float
    within_15_percent: np.ndarray
    shortfalls: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.shortfalls


def within_15(sites: CentreSites, day_care: np.ndarray, village: np.ndarray) -> np.ndarray:
    """Percent of each township's people aged 60+ within 15 minutes of a centre once
    `day_care` (0/1) and `village` (counts) are built. A new regional centre is also one
    more centre among the township's (as the model counts it)."""
    covered = sites.village_centres + village + day_care
    villages = np.minimum(covered, sites.units) / np.maximum(sites.units, 1)
    seat = sites.seat_centre.astype(bool) | sites.day_care.astype(bool) | (day_care > 0)
    reach = reach_within_circle(sites.internal_minutes)
    percent: np.ndarray = 100.0 * (villages + (1 - villages) * seat * reach)
    return percent


def site_centres(sites: CentreSites) -> Siting:
    """The least-cost regional and village centres meeting every coverage goal (HiGHS,
    exact); with no such sites, `shortfalls` says which goal fails and what it needs."""
    import highspy

    from sim.experiments.surrogate import _quiet_highs

    n = sites.n
    h = _quiet_highs()
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.0)
    reach = reach_within_circle(sites.internal_minutes)
    units = np.maximum(sites.units, 1).astype(float)
    integer = highspy.HighsVarType.kInteger
    new_day_care = [
        h.addVariable(lb=0, ub=1 if sites.day_care_candidate[i] and not sites.day_care[i] else 0,
                      type=integer)
        for i in range(n)
    ]  # fmt: skip
    village = [h.addVariable(lb=0, ub=float(sites.village_max[i]), type=integer) for i in range(n)]
    share = [h.addVariable(lb=0, ub=1) for i in range(n)]  # villages with a centre
    both = [h.addVariable(lb=0, ub=1) for i in range(n)]  # share x new day care (McCormick)
    within = []
    for i in range(n):
        h.addConstr(share[i] * units[i] - village[i] - new_day_care[i] <= float(
            sites.village_centres[i]))  # fmt: skip
        h.addConstr(both[i] - share[i] <= 0)
        h.addConstr(both[i] - new_day_care[i] <= 0)
        h.addConstr(both[i] - share[i] - new_day_care[i] >= -1)
        if sites.seat_centre[i] or sites.day_care[i]:
            within.append(share[i] * (1 - reach[i]) + float(reach[i]))
        else:
            within.append(share[i] + new_day_care[i] * float(reach[i]) - both[i] * float(reach[i]))
    for i, target in sites.within_15_by_township.items():
        h.addConstr(within[i] >= target / 100.0)
    if sites.within_15_percent is not None:
        weights = sites.share_60plus / sites.share_60plus.sum()
        total = sum((within[i] * float(weights[i]) for i in range(n)), 0.0 * share[0])
        h.addConstr(total >= sites.within_15_percent / 100.0)
    for i, target in sites.coverage_by_township.items():
        if target > 0:
            h.addConstr(new_day_care[i] >= (0 if sites.day_care[i] else 1))
    if sites.coverage_percent is not None:
        needed = _townships_needed(sites.coverage_percent, n) - int(sites.day_care.sum())
        h.addConstr(sum(new_day_care, 0.0 * share[0]) >= float(needed))
    cost = sum(
        (new_day_care[i] * float(sites.day_care_cost_yuan[i])
         + village[i] * float(sites.village_cost_yuan[i]) for i in range(n)),
        0.0 * share[0],
    )  # fmt: skip
    # Among sites of equal cost, those that reach more people aged 60+ (maximal
    # covering); the tie-break is worth under one yuan in all, below any cost difference.
    weights = sites.share_60plus / sites.share_60plus.sum()
    tie_break = sum((new_day_care[i] * float(weights[i]) for i in range(n)), 0.0 * share[0])
    h.minimize(cost - tie_break)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return _infeasible_siting(sites)
    day_care = np.array([round(h.val(v)) for v in new_day_care], dtype=np.int64)
    villages = np.array([round(h.val(v)) for v in village], dtype=np.int64)
    return Siting(day_care, villages, _siting_cost(sites, day_care, villages),
                  float(h.getInfo().mip_gap), within_15(sites, day_care, villages))  # fmt: skip


def _townships_needed(percent: float, n: int) -> int:
    """How many townships a coverage of `percent` of `n` townships needs."""
    return int(np.ceil(percent / 100.0 * n - 1e-9))


def _siting_cost(sites: CentreSites, day_care: np.ndarray, village: np.ndarray) -> float:
    return float(day_care @ sites.day_care_cost_yuan + village @ sites.village_cost_yuan)


def _infeasible_siting(sites: CentreSites) -> Siting:
    """Which goal fails with every candidate built to its bound, and by how much."""
    full_day_care = (sites.day_care_candidate & ~sites.day_care.astype(bool)).astype(np.int64)
    full_village = np.asarray(sites.village_max, dtype=np.int64)
    best = within_15(sites, full_day_care, full_village)
    shortfalls = []
    for i, target in sites.coverage_by_township.items():
        if target > 0 and not sites.day_care[i] and not full_day_care[i]:
            shortfalls.append(
                f"{sites.codes[i]}: township_centre_coverage needs a regional centre with "
                f"full-day care (now none); the township is not a candidate site"
            )
    for i, target in sites.within_15_by_township.items():
        if best[i] < target - 1e-9:
            shortfalls.append(
                f"{sites.codes[i]}: within_15_min_centre needs a centre within 15 minutes of "
                f"{target - best[i]:.1f}% more of its 60+ (at most {best[i]:.1f}% against "
                f"{target:g}%); {_what_reaches(sites, i, target)}"
            )
    if sites.coverage_percent is not None:
        needed = _townships_needed(sites.coverage_percent, sites.n)
        reachable = int(sites.day_care.sum() + full_day_care.sum())
        if reachable < needed:
            shortfalls.append(
                f"district: township_centre_coverage needs {needed} townships with a regional "
                f"centre and the candidates allow {reachable}; {needed - reachable} more "
                "candidate townships would be needed"
            )
    if sites.within_15_percent is not None:
        weights = sites.share_60plus / sites.share_60plus.sum()
        reachable_percent = float(weights @ best)
        if reachable_percent < sites.within_15_percent - 1e-9:
            shortfalls.append(
                f"district: within_15_min_centre needs {sites.within_15_percent:g}% and the "
                f"candidates reach {reachable_percent:.1f}%"
            )
    nothing = np.zeros(sites.n, np.int64)
    together = "the coverage goals together cannot be met by the candidates"
    return Siting(nothing, nothing.copy(), 0.0, np.nan, within_15(sites, nothing, nothing),
                  shortfalls or [together])  # fmt: skip


def _what_reaches(sites: CentreSites, i: int, target: float) -> str:
    """What would bring township `i` to `target` percent within 15 minutes."""
    units = max(int(sites.units[i]), 1)
    seat = bool(sites.seat_centre[i] or sites.day_care[i] or sites.day_care_candidate[i])
    reach = float(reach_within_circle(sites.internal_minutes[i : i + 1])[0]) if seat else 0.0
    needed_share = max(0.0, (target / 100.0 - reach) / (1.0 - reach)) if reach < 1 else 0.0
    needed_villages = int(np.ceil(needed_share * units - 1e-9))
    extra = needed_villages - int(sites.village_centres[i]) - int(sites.village_max[i])
    if sites.village_max[i] == 0:
        return (
            "no candidate site reaches them (the township is not a candidate for village centres)"
        )
    bound = int(sites.village_max[i])
    return f"{extra} more village centres than its bound of {bound} would be needed"


# ---- placing beds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BedSites:
    """A location-allocation instance: arrays by township (n)."""

    codes: tuple[str, ...]
    share_60plus: np.ndarray
    #: minutes from the row's township to the column's (0 on the diagonal: one's own)
    travel_minutes: np.ndarray
    nursing_beds: np.ndarray
    #: may get new beds; the most units each may get
    candidate: np.ndarray
    max_units: np.ndarray
    #: beds a unit holds, and how many years the yearly placement is built
    unit_beds: int
    years: int
    #: a seeker is served within this many minutes
    travel_limit_minutes: float

    @property
    def n(self) -> int:
        return len(self.codes)


@dataclass
class BedPlacement:
    """New beds a year by township, the need left unserved within the limit, and the
    mean travel of the beds' allocation (minutes)."""

    beds_per_year: np.ndarray
    unserved_beds: float
    mean_travel_minutes: float
    objective: float
    mip_gap: float


def bed_need(sites: BedSites, total_new: float) -> np.ndarray:
    """Each township's need for beds: its share of people aged 60+ of all beds once the
    new ones are built."""
    weights = sites.share_60plus / sites.share_60plus.sum()
    need: np.ndarray = weights * (float(sites.nursing_beds.sum()) + total_new)
    return need


def place_beds(sites: BedSites, beds_per_year: int) -> BedPlacement:
    """Place `beds_per_year` (a whole number of units) among the candidates: least
    need unserved within the travel limit, then least travel (HiGHS, exact)."""
    import highspy

    from sim.experiments.surrogate import _quiet_highs

    units = _units_of(sites, beds_per_year)
    n = sites.n
    need = bed_need(sites, beds_per_year * sites.years)
    h = _quiet_highs()
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("mip_rel_gap", 0.0)
    placed = [h.addVariable(lb=0, ub=float(sites.max_units[j]) if sites.candidate[j] else 0.0,
                            type=highspy.HighsVarType.kInteger) for j in range(n)]  # fmt: skip
    allowed = sites.travel_minutes <= sites.travel_limit_minutes + 1e-9
    np.fill_diagonal(allowed, True)
    flows: dict[tuple[int, int], Any] = {
        (i, j): h.addVariable(lb=0) for i in range(n) for j in range(n) if allowed[i, j]
    }
    unserved = [h.addVariable(lb=0) for i in range(n)]
    zero = 0.0 * unserved[0]
    h.addConstr(sum(placed, zero) == float(units))
    for i in range(n):
        served = sum((flows[i, j] for j in range(n) if allowed[i, j]), zero)
        h.addConstr(served + unserved[i] == float(need[i]))
    per_unit = float(sites.unit_beds * sites.years)
    for j in range(n):
        used = sum((flows[i, j] for i in range(n) if allowed[i, j]), zero)
        h.addConstr(used - placed[j] * per_unit <= float(sites.nursing_beds[j]))
    travel = sum((flow * float(sites.travel_minutes[i, j]) if i != j else 0.0 * flow
                  for (i, j), flow in flows.items()), zero)  # fmt: skip
    h.minimize(sum(unserved, zero) * UNSERVED_WEIGHT + travel)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the bed placement has no solution ({h.getModelStatus()})")
    counts = np.array([round(h.val(v)) for v in placed], dtype=np.int64)
    left = float(sum(h.val(v) for v in unserved))
    minutes = float(sum(h.val(flow) * sites.travel_minutes[i, j]
                        for (i, j), flow in flows.items() if i != j))  # fmt: skip
    served = float(need.sum()) - left
    return BedPlacement(counts * sites.unit_beds, left, minutes / served if served else 0.0,
                        float(h.getInfo().objective_function_value),
                        float(h.getInfo().mip_gap))  # fmt: skip


def _units_of(sites: BedSites, beds_per_year: int) -> int:
    """`beds_per_year` in whole units, refused when the candidates cannot hold them."""
    if beds_per_year % sites.unit_beds:
        raise ValueError(
            f"{beds_per_year} beds is not a whole number of {sites.unit_beds}-bed units"
        )
    units = beds_per_year // sites.unit_beds
    room = int(np.where(sites.candidate, sites.max_units, 0).sum())
    if units > room:
        raise ValueError(f"{units} units of beds a year and room for {room} in the candidates")
    return units


def allocation_objective(sites: BedSites, units_by_township: Sequence[int]) -> float:
    """The bed program's objective for a fixed placement (`units_by_township`), by the
    transport LP alone: unserved need x UNSERVED_WEIGHT + travel. Used to check the
    program against enumeration."""
    from scipy.optimize import linprog

    n = len(sites.codes)
    units = np.asarray(units_by_township, dtype=float)
    need = bed_need(sites, float(units.sum() * sites.unit_beds * sites.years))
    capacity = sites.nursing_beds + units * sites.unit_beds * sites.years
    allowed = sites.travel_minutes <= sites.travel_limit_minutes + 1e-9
    np.fill_diagonal(allowed, True)
    pairs = [(i, j) for i in range(n) for j in range(n) if allowed[i, j]]
    costs = [0.0 if i == j else float(sites.travel_minutes[i, j]) for i, j in pairs]
    costs += [UNSERVED_WEIGHT] * n
    equal = np.zeros((n, len(costs)))
    upper = np.zeros((n, len(costs)))
    for k, (i, j) in enumerate(pairs):
        equal[i, k] = 1.0
        upper[j, k] = 1.0
    for i in range(n):
        equal[i, len(pairs) + i] = 1.0
    result = linprog(costs, A_ub=upper, b_ub=capacity, A_eq=equal, b_eq=need, method="highs")
    return float(result.fun)


# ---- home care ----------------------------------------------------------------------------------


def home_care_shares(
    share_60plus: np.ndarray, hours_factor: np.ndarray, candidate: np.ndarray, total: int
) -> np.ndarray:
    """`total` home-care hires a year shared among the candidates in proportion to their
    people aged 60+ over their workers' productive hours (whole numbers, largest
    remainders): where travel eats more of a worker's day, more workers."""
    weights = np.where(candidate, share_60plus / np.asarray(hours_factor, dtype=float), 0.0)
    return spread(int(total), weights)
