"""Resolving a scenario against the data: scenario + default data -> `ModelSpec`.

This is the one place where the population scale is applied, where schedule
keys become model days, and where parameters become typed fields; the model
then reads the spec and nothing else. Problems that only show once the data
are applied (closing more beds than exist at some date) are `InputError`s
naming the scenario file and key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields

import numpy as np

from sim.config.data import DefaultData, load_default_data
from sim.config.scenario import START_YEAR, Scenario, ScheduleKey
from sim.errors import InputError
from sim.model.calendar import Calendar
from sim.model.health import annual_hazards, prevalence_with_multiplier, with_multipliers
from sim.model.spec import (
    AGE_BAND_STARTS,
    SEXES,
    BedChange,
    CapacitySchedule,
    CentreOpening,
    HealthSpec,
    InitialState,
    ModelSpec,
    Parameters,
    PopulationSpec,
    StationaryStream,
)
from sim.model.states import QueuePolicy

#: Care workers in a validation run: enough that staffing never limits admissions.
UNLIMITED_STAFF = 10**9


def resolve_parameters(scenario: Scenario, data: DefaultData) -> Parameters:
    """The typed parameters: defaults from the data with the scenario's `assumptions:`."""
    values = {name: record.value for name, record in data.parameters.items()}
    values.update(scenario.assumptions)
    return Parameters(**{item.name: float(values[item.name]) for item in fields(Parameters)})


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to `weights` that add up to `total` exactly."""
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    shortfall = total - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:shortfall]] += 1
    return counts


def _population(
    data: DefaultData, p: Parameters, scale: float, years: list[int], base_year: int
) -> PopulationSpec:
    """Cohorts of the base-year 60+ population and of the younger cohorts, scaled."""
    shape = data.population_shape.sort_values(["age_band_start", "sex"], kind="stable")
    bands = shape["age_band_start"].to_numpy()
    sexes = shape["sex"].map({s: i for i, s in enumerate(SEXES)}).to_numpy()
    weights = shape["persons_thousands"].to_numpy(float)
    older = bands >= AGE_BAND_STARTS[0]
    total_60plus = round(p.registered_60plus_2020 * scale)
    counts = np.zeros(len(bands), dtype=np.int64)
    counts[older] = _largest_remainder(weights[older], total_60plus)
    # Younger cohorts use the same registered persons per census person.
    persons_per_weight = total_60plus / weights[older].sum()
    counts[~older] = np.round(weights[~older] * persons_per_weight).astype(np.int64)
    growth = (1 + p.registered_population_growth_per_year) ** (np.array(years) - base_year)
    return PopulationSpec(
        cohort_age_start_years=bands.astype(float),
        cohort_sex=sexes.astype(np.int8),
        cohort_persons=counts,
        death_probability_per_year_before_60=p.death_probability_per_year_before_60,
        registered_total_by_year=p.registered_population_total_2020 * scale * growth,
    )


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


def _worsening_multiplier(p: Parameters, consortia_by_year: np.ndarray) -> np.ndarray | None:
    """Hazard multiplier of worsening per simulated year, or None when it is 1 throughout.

    Consortia are counted unscaled (they are targets in their own right), so the
    share of older people they cover is taken against the unscaled population.
    """
    reduction = p.consortium_worsening_reduction
    if reduction == 0:
        return None
    with np.errstate(over="ignore"):  # a tiny population is simply fully covered
        covered = np.minimum(
            1.0, consortia_by_year[1:] * p.consortium_people_covered / p.registered_60plus_2020
        )
    return 1 - reduction * covered


def _as_date(key: ScheduleKey) -> dt.date:
    return dt.date(key, 1, 1) if isinstance(key, int) else key


def _bed_changes(
    scenario: Scenario, calendar: Calendar, start: tuple[int, int], file: str
) -> tuple[BedChange, ...]:
    """The scenario's bed changes in date order, scaled; refuses a stock that goes negative."""
    scale = scenario.population_scale
    nursing, ordinary = start
    changes = []
    for key in sorted(scenario.supply.beds, key=_as_date):
        amounts = scenario.supply.beds[key].model_dump()
        if scale != 1.0:
            amounts = {name: round(value * scale) for name, value in amounts.items()}
        change = BedChange(day=calendar.day_of(key), **amounts)
        nursing += change.add_nursing + change.convert_to_nursing - change.close_nursing
        ordinary += change.add_ordinary - change.convert_to_nursing - change.close_ordinary
        if nursing < 0:
            raise InputError(
                file, f"supply.beds.{key}.close_nursing", "closes more nursing-type beds than exist"
            )
        if ordinary < 0:
            raise InputError(
                file, f"supply.beds.{key}", "converts or closes more ordinary beds than exist"
            )
        changes.append(change)
    return tuple(changes)


def _initial_state(p: Parameters, scale: float) -> InitialState:
    """The care system at the end of 2020, from the plan's figures and assumptions, scaled."""
    total = round(p.beds_total_2020 * scale)
    nursing_beds = round(total * p.nursing_bed_share_2020)
    ordinary_beds = total - nursing_beds
    community = round(p.community_centres_2020 * scale)
    township = round(p.township_centres_2020 * scale)
    places = round(
        community * p.places_per_community_centre + township * p.places_per_township_centre
    )
    population_60plus = round(p.registered_60plus_2020 * scale)
    nursing_residents = round(p.occupancy_nursing_2020 * nursing_beds)
    ordinary_residents = round(p.occupancy_ordinary_2020 * ordinary_beds)
    full_in_nursing = round(nursing_residents * p.nursing_residents_full_share_2020)
    independent_in_ordinary = round(
        ordinary_residents * p.ordinary_residents_independent_share_2020
    )
    return InitialState(
        nursing_beds=nursing_beds,
        ordinary_beds=ordinary_beds,
        nursing_residents_full=full_in_nursing,
        nursing_residents_partial=nursing_residents - full_in_nursing,
        ordinary_residents_independent=independent_in_ordinary,
        ordinary_residents_partial=ordinary_residents - independent_in_ordinary,
        waiting=round(p.waiting_list_2020 * scale),
        caregivers=round(p.caregivers_2020 * scale),
        certified_caregivers=round(
            p.certified_caregivers_per_10k_2020 * population_60plus / 10_000
        ),
        centres=community + township,
        community_places=places,
        community_users=round(p.community_place_use_2020 * places),
    )


def _validation_spec(scenario: Scenario, p: Parameters, health: HealthSpec) -> ModelSpec:
    """The spec of a validation run: one kind of bed, no population, unlimited staff."""
    stream = scenario.validation
    assert stream is not None
    n_years = scenario.end_year - START_YEAR
    empty = np.zeros(0)
    return ModelSpec(
        name=scenario.name,
        seed=scenario.seed,
        base_year=START_YEAR,
        end_year=scenario.end_year,
        queue_policy=QueuePolicy(scenario.queue_policy),
        population_scale=scenario.population_scale,
        parameters=p,
        population=PopulationSpec(
            empty, empty.astype(np.int8), empty.astype(np.int64), 0.0, np.ones(n_years + 1)
        ),
        health=health,
        initial=InitialState(
            nursing_beds=stream.beds,
            ordinary_beds=0,
            nursing_residents_full=0,
            nursing_residents_partial=0,
            ordinary_residents_independent=0,
            ordinary_residents_partial=0,
            waiting=0,
            caregivers=UNLIMITED_STAFF,
            certified_caregivers=0,
            centres=0,
            community_places=0,
            community_users=0,
        ),
        capacity=CapacitySchedule(
            bed_changes=(),
            centre_openings=(),
            places_per_new_centre=0,
            consortia_by_year=np.zeros(n_years + 1, dtype=np.int64),
            hires_per_year=np.zeros(n_years),
            certifications_per_year=np.zeros(n_years),
            attrition_per_year=0.0,
        ),
        stationary=StationaryStream(
            arrivals_per_day=stream.arrivals_per_day,
            mean_stay_days=stream.mean_stay_days,
            beds=stream.beds,
            mean_patience_days=stream.mean_patience_days,
            waiting_room=stream.waiting_room,
        ),
    )


def resolve(
    scenario: Scenario, data: DefaultData | None = None, *, file: str = "<scenario>"
) -> ModelSpec:
    """The model spec of `scenario` on `data` (the default data when None)."""
    data = data or load_default_data()
    p = resolve_parameters(scenario, data)
    hazards = with_multipliers(
        annual_hazards(
            data.death_probability_independent,
            data.transition_probability,
            data.mortality_multiplier,
        ),
        p.mortality_multiplier,
        p.disability_prevalence_multiplier,
    )
    prevalence = prevalence_with_multiplier(data.prevalence, p.disability_prevalence_multiplier)
    if scenario.validation is not None:
        return _validation_spec(scenario, p, HealthSpec(hazards, prevalence, None))

    scale = scenario.population_scale
    base_year = START_YEAR
    calendar = Calendar(base_year)
    years = list(range(base_year, scenario.end_year + 1))
    simulated = years[1:]
    supply = scenario.supply
    consortia = _held_until_changed(supply.consortia, years, p.consortia_2020).astype(np.int64)
    initial = _initial_state(p, scale)
    openings = sorted(
        (calendar.day_of(key), round(change.add * scale))
        for key, change in supply.centres.items()
        if change.add > 0
    )
    attrition = supply.caregivers.attrition_per_year
    capacity = CapacitySchedule(
        bed_changes=_bed_changes(
            scenario, calendar, (initial.nursing_beds, initial.ordinary_beds), file
        ),
        centre_openings=tuple(CentreOpening(day, count) for day, count in openings),
        places_per_new_centre=round(p.places_per_new_centre),
        consortia_by_year=consortia,
        hires_per_year=_held_until_changed(supply.caregivers.hire_per_year, simulated, 0.0) * scale,
        certifications_per_year=_held_until_changed(
            supply.caregivers.certify_per_year, simulated, 0.0
        )
        * scale,
        attrition_per_year=p.caregiver_attrition_per_year if attrition is None else attrition,
    )
    return ModelSpec(
        name=scenario.name,
        seed=scenario.seed,
        base_year=base_year,
        end_year=scenario.end_year,
        queue_policy=QueuePolicy(scenario.queue_policy),
        population_scale=scale,
        parameters=p,
        population=_population(data, p, scale, years, base_year),
        health=HealthSpec(hazards, prevalence, _worsening_multiplier(p, consortia)),
        initial=initial,
        capacity=capacity,
    )
