"""Capacity schedules: what the care system has on each day, from a scenario.

The 2020 stock comes from the plan (via `data/parameters.csv`); a scenario
adds, converts and closes beds, hires and certifies caregivers, opens centres
and sets the number of consortia on the dates it gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.calendar import START_YEAR, day_of
from sim.scenario import BedChange, Scenario


def initial_bed_stock(values: Mapping[str, float], scale: float = 1.0) -> tuple[int, int]:
    """(nursing-type, ordinary) beds at the end of 2020."""
    total = round(values["beds_total_2020"] * scale)
    nursing = round(total * values["nursing_bed_share_2020"])
    return nursing, total - nursing


def scaled_bed_changes(scenario: Scenario) -> list[tuple[float, BedChange]]:
    """The scenario's bed changes as (model day, change), in date order, times its scale."""
    scale = scenario.population_scale
    changes = []
    for key, change in scenario.supply.beds.items():
        if scale != 1.0:
            change = change.model_copy(
                update={field: round(value * scale) for field, value in change.model_dump().items()}
            )
        changes.append((day_of(key), change))
    return sorted(changes, key=lambda item: item[0])


def _held_until_changed(
    schedule: Mapping[int, float], years: list[int], start: float
) -> np.ndarray:
    """Value per year of a {year: value} schedule that holds until the next key."""
    values = np.empty(len(years))
    current = start
    for i, year in enumerate(years):
        current = schedule.get(year, current)
        values[i] = current
    return values


@dataclass(frozen=True)
class CapacityPlan:
    """Every capacity the care system needs, resolved to model days and counts.

    Per-year arrays are indexed by simulated year (0 = 2021) up to the end year;
    `consortia_by_year` also has the 2020 value first.
    """

    nursing_beds_2020: int
    ordinary_beds_2020: int
    #: (model day, change) in the order they apply
    bed_changes: tuple[tuple[float, BedChange], ...]
    centres_2020: int
    community_places_2020: int
    #: (model day, centres opened)
    centre_openings: tuple[tuple[float, int], ...]
    places_per_new_centre: int
    consortia_by_year: np.ndarray
    caregivers_2020: int
    certified_caregivers_2020: int
    hires_per_year: np.ndarray
    certifications_per_year: np.ndarray
    attrition_per_year: float


def capacity_plan(scenario: Scenario, values: Mapping[str, float]) -> CapacityPlan:
    """Resolve the scenario's supply schedule against the 2020 data."""
    scale = scenario.population_scale
    nursing, ordinary = initial_bed_stock(values, scale)
    simulated_years = list(range(START_YEAR + 1, scenario.end_year + 1))
    supply = scenario.supply
    bed_changes = scaled_bed_changes(scenario)
    openings = sorted(
        (day_of(k), round(c.add * scale)) for k, c in supply.centres.items() if c.add > 0
    )
    community = round(values["community_centres_2020"] * scale)
    township = round(values["township_centres_2020"] * scale)
    places = round(
        community * values["places_per_community_centre"]
        + township * values["places_per_township_centre"]
    )
    population_60plus = round(values["registered_60plus_2020"] * scale)
    consortia = _held_until_changed(
        supply.consortia, [START_YEAR, *simulated_years], values["consortia_2020"]
    )
    attrition = supply.caregivers.attrition_per_year
    return CapacityPlan(
        nursing_beds_2020=nursing,
        ordinary_beds_2020=ordinary,
        bed_changes=tuple(bed_changes),
        centres_2020=community + township,
        community_places_2020=places,
        centre_openings=tuple(openings),
        places_per_new_centre=round(values["places_per_new_centre"]),
        consortia_by_year=consortia.astype(np.int64),
        caregivers_2020=round(values["caregivers_2020"] * scale),
        certified_caregivers_2020=round(
            values["certified_caregivers_per_10k_2020"] * population_60plus / 10_000
        ),
        hires_per_year=_held_until_changed(supply.caregivers.hire_per_year, simulated_years, 0.0)
        * scale,
        certifications_per_year=_held_until_changed(
            supply.caregivers.certify_per_year, simulated_years, 0.0
        )
        * scale,
        attrition_per_year=values["caregiver_attrition_per_year"]
        if attrition is None
        else attrition,
    )
