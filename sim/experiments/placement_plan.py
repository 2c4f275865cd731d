"""A goals file's placement by township: the instances of `sim.experiments.placement` built
from the base scenario as the model resolves it, the centres sited once, and what each
plan of the search puts in `supply.townships` (`docs/placement.md`).

- Sited levers (`day_care_centres.add`, `village_centres.add`, with `candidates`) are
  placed whole by the covering program against the goals on regional-centre coverage and
  the 15-minute circle, the township's and the district's. The program is solved for the
  population scale of the run it feeds (village centres and villages are scaled in a run
  at a smaller scale, and the program mirrors the model at that scale).
- Placed levers (`beds.add_nursing`, `home_care.hire_per_year` with `candidates`) keep
  their value from the search; the location-allocation program places the beds and the
  hires are shared by need after travel.

Unit costs: the pack's parameters have one cost for a centre, urban or rural, so every
township's centre costs the district's unit cost (`cost_new_centre_yuan` and
`cost_centre_year_yuan`, or their subsidies for the public cost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goals, Lever
from sim.experiments.placement import (
    BedPlacement,
    BedSites,
    CentreSites,
    Siting,
    home_care_shares,
    place_beds,
    site_centres,
)
from sim.model.places import home_care_hours_factor
from sim.model.spec import ModelSpec

#: Goals the covering program meets exactly (they do not depend on the search's levers).
SITED_INDICATORS = frozenset(
    {"township_centre_coverage", "townships_with_day_care_centre", "within_15_min_centre"}
)
#: Exit code when a township goal cannot be met within the candidates and bounds.
EXIT_PLACEMENT_SHORT = 3


class PlacementShortError(Exception):
    """A township goal no candidate sites can meet: the messages name the township, the
    goal, the shortfall and what would be needed."""

    def __init__(self, file: str, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.file = file
        self.messages = messages


@dataclass
class PlacementRecord:
    """What the placement decided, for the output folder: the siting at full scale, the
    bed placements and home-care shares of each lever value it was asked for."""

    codes: tuple[str, ...]
    siting: Siting | None
    beds: dict[float, BedPlacement] = field(default_factory=dict)
    #: the naive rule against the placement (`placement_compare.naive_comparison`)
    naive: pd.DataFrame | None = None
    #: the covering program's cost at each coverage level (`coverage_frontier`)
    coverage: pd.DataFrame | None = None


def _spec_at(goals: Goals, population_scale: float, fewest_centres: bool = False) -> ModelSpec:
    """The base scenario resolved at `population_scale`: its central inputs, or with
    `fewest_centres` and drawn inputs, the base-year centre counts at the low end of their
    ranges (more centres only widen coverage, so sites that meet a goal there meet it in
    every draw, up to the rounding of the spread over townships)."""
    from sim.config.resolve import resolve
    from sim.config.uncertainty import InputValues, uncertain_figures

    scenario = goals.base.model_copy(update={"population_scale": population_scale})
    inputs = None
    if fewest_centres and scenario.uncertainty == "parameters":
        drawn = uncertain_figures(goals.pack, scenario.base_year)
        low = {item: float(round(d.low)) for item, d in drawn.items() if "centres" in item}
        inputs = InputValues(parameters={}, figures=low)
    return resolve(scenario, goals.pack, inputs=inputs)


def _candidates(lever: Lever, codes: tuple[str, ...]) -> np.ndarray:
    if lever.candidates == "all":
        return np.ones(len(codes), dtype=bool)
    chosen = set(lever.candidates or ())
    return np.array([code in chosen for code in codes])


def _lever(levers: list[Lever], target: str) -> Lever | None:
    return next((lever for lever in levers if lever.set == target), None)


def centre_sites(goals: Goals, spec: ModelSpec) -> CentreSites:
    """The covering instance of a goals file on the base resolved as `spec`."""
    places = spec.places
    assert places is not None
    codes = tuple(places.codes)
    n = len(codes)
    p = spec.parameters
    years = goals.last_year - _opening_year(goals) + 1
    public = goals.spec.objective.cost == "public"
    centre_cost = (p.subsidy_new_centre_yuan + years * p.subsidy_centre_year_yuan) if public \
        else (p.cost_new_centre_yuan + years * p.cost_centre_year_yuan)  # fmt: skip
    day_care_lever = _lever(goals.sited, "day_care_centres.add")
    village_lever = _lever(goals.sited, "village_centres.add")
    day_care_candidates = (
        np.zeros(n, dtype=bool)
        if day_care_lever is None or day_care_lever.max < 1
        else _candidates(day_care_lever, codes)
    )
    initial = places.initial
    coverage: dict[int, float] = {}
    within: dict[int, float] = {}
    district: dict[str, float | None] = {"township_centre_coverage": None,
                                         "within_15_min_centre": None}  # fmt: skip
    for goal in goals.spec.goals:
        if goal.indicator not in SITED_INDICATORS:
            continue
        indicator, value = goal.indicator, goal.value
        if indicator == "townships_with_day_care_centre":
            # k townships with one is a coverage of k of n (one township: it has one).
            indicator = "township_centre_coverage"
            value = 100.0 * value / (n if goal.area is None else 1)
        table = coverage if indicator == "township_centre_coverage" else within
        if goal.area is None:
            earlier = district[indicator]
            district[indicator] = max(value, earlier or 0.0)
        else:
            index = codes.index(goal.area)
            table[index] = max(value, table.get(index, 0.0))
    village_max = np.zeros(n, dtype=np.int64)
    units = np.asarray(places.villages_and_communities, dtype=np.int64)
    villages_now = np.array([s.village_centres for s in initial], dtype=np.int64)
    if village_lever is not None:
        room = np.maximum(units - villages_now, 0)
        village_max = np.where(_candidates(village_lever, codes),
                               np.minimum(room, int(village_lever.max)), 0)  # fmt: skip
    return CentreSites(
        codes=codes,
        share_60plus=np.asarray(places.share_60plus, dtype=float),
        internal_minutes=np.diag(np.asarray(places.travel_minutes, dtype=float)).copy(),
        units=units,
        village_centres=villages_now,
        seat_centre=np.array([s.centres - s.village_centres > 0 for s in initial]),
        day_care=np.array([s.day_care_centres > 0 for s in initial]),
        day_care_candidate=day_care_candidates,
        day_care_cost_yuan=np.full(n, centre_cost),
        village_max=village_max,
        village_cost_yuan=np.full(n, centre_cost),
        coverage_percent=district["township_centre_coverage"],
        coverage_by_township=coverage,
        within_15_percent=district["within_15_min_centre"],
        within_15_by_township=within,
    )


def _opening_year(goals: Goals) -> int:
    return goals.spec.placement.year or goals.first_year


def bed_sites(goals: Goals, spec: ModelSpec, lever: Lever) -> BedSites:
    """The location-allocation instance of a placed bed lever (district numbers)."""
    places = spec.places
    assert places is not None
    codes = tuple(places.codes)
    travel = np.asarray(places.travel_minutes, dtype=float).copy()
    np.fill_diagonal(travel, 0.0)  # one's own township's homes are no journey
    beds = np.array([s.nursing_beds for s in places.initial], dtype=float)
    years = len(goals.lever_years(lever))
    return BedSites(
        codes=codes,
        share_60plus=np.asarray(places.share_60plus, dtype=float),
        travel_minutes=travel,
        nursing_beds=beds / spec.population_scale,
        candidate=_candidates(lever, codes),
        max_units=np.full(len(codes), lever.steps),
        unit_beds=round(lever.step),
        years=years,
        travel_limit_minutes=goals.spec.placement.bed_travel_minutes,
    )


def attach_placement(goals: Goals) -> PlacementRecord | None:
    """Site the centres and set `goals.township_supply`, so that every plan the search
    runs or writes carries its placement; None when nothing is placed. Raises
    `PlacementShortError` when a goal cannot be met by the candidates."""
    placed = [lever for lever in goals.spec.levers if lever.placed]
    sited_goals = [g for g in goals.spec.goals if g.indicator in SITED_INDICATORS]
    if not placed and not goals.sited and not sited_goals:
        return None
    plan_scale = goals.base.population_scale  # the plan as written runs at the base's
    full = _spec_at(goals, plan_scale)
    assert full.places is not None
    record = PlacementRecord(tuple(full.places.codes), None)
    if goals.sited or sited_goals:
        record.siting = site_centres(centre_sites(goals, _spec_at(goals, plan_scale, True)))
        if not record.siting.feasible:
            raise PlacementShortError(str(goals.path), _named(record.siting.shortfalls, goals))

    @cache
    def siting_at(scale: float) -> Siting | None:
        if record.siting is None:
            return None
        if scale == plan_scale:
            return record.siting
        return site_centres(centre_sites(goals, _spec_at(goals, scale, True)))

    def township_supply(values: dict[str, float], scale: float) -> dict[str, Any]:
        supply: dict[str, dict[str, Any]] = {}
        _add_siting(goals, siting_at(scale), scale, record.codes, supply)
        for lever in placed:
            _add_placed(goals, full, lever, values[lever.id], record, supply)
        return supply

    goals.township_supply = township_supply
    return record


def _named(messages: list[str], goals: Goals) -> list[str]:
    """Messages that start with a township code, with its names (zh, en) after it."""
    tables = goals.pack.places
    if tables is None:
        return messages
    named = []
    for message in messages:
        code, _, rest = message.partition(": ")
        if code in tables.codes:
            index = tables.codes.index(code)
            zh, en = tables.names["zh"][index], tables.names["en"][index]
            message = f"{code} {zh} ({en}): {rest}"
        named.append(message)
    return named


def _add_siting(goals: Goals, siting: Siting | None, scale: float, codes: tuple[str, ...],
                supply: dict[str, dict[str, Any]]) -> None:  # fmt: skip
    """The sited centres, from the opening year: regional ones one each whatever the
    scale; village centres in the district's numbers (the run scales them back)."""
    if siting is None:
        return
    year = _opening_year(goals)
    for i, code in enumerate(codes):
        if siting.day_care[i]:
            supply.setdefault(code, {})["day_care_centres"] = {year: {"add": 1}}
        if siting.village[i]:
            supply.setdefault(code, {})["centres"] = {
                year: {"add": round(siting.village[i] / scale)}
            }


def _add_placed(goals: Goals, full: ModelSpec, lever: Lever, value: float,
                record: PlacementRecord, supply: dict[str, dict[str, Any]]) -> None:  # fmt: skip
    """A placed lever's value by township: beds by the location-allocation program, hires
    by need after travel."""
    codes = record.codes
    years = goals.lever_years(lever)
    if lever.set == "beds.add_nursing":
        if value not in record.beds:
            record.beds[value] = place_beds(bed_sites(goals, full, lever), round(value))
        for code, beds in zip(codes, record.beds[value].beds_per_year, strict=True):
            if beds:
                supply.setdefault(code, {})["beds"] = {y: {"add_nursing": int(beds)} for y in years}
        return
    places = full.places
    assert places is not None
    factor = home_care_hours_factor(places, full.parameters.home_care_visit_hours)
    shares = home_care_shares(np.asarray(places.share_60plus, dtype=float), factor,
                              _candidates(lever, codes), round(value))  # fmt: skip
    for code, hires in zip(codes, shares, strict=True):
        if hires:
            supply.setdefault(code, {})["home_care_hire_per_year"] = {years[0]: int(hires)}
