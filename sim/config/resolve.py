"""Resolving a scenario against the data: scenario + default data -> `ModelSpec`.

The scenario's district pack is passed in (loaded once by the caller, who may resolve
many replications or variants against it); nothing here reads a pack.

This is the one place where the population scale is applied, where schedule
keys become model days, and where parameters become typed fields; the model
then reads the spec and nothing else. Problems that only show once the data
are applied (closing more beds than exist at some date) are `InputError`s
naming the scenario file and key.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import fields

import numpy as np

from sim.config.base_state import (
    base_state,
    base_year_indicators,
    day_care_places,
    family_care_beds_start,
    pack_parameters,
    population_shape,
    prevalence_for,
)
from sim.config.data import DefaultData, load_default_data
from sim.config.pack_readers import pack_folder
from sim.config.pack_schema import AllowanceRate, DistrictPack, Figure
from sim.config.places import check_township_codes, places_spec, uses_townships
from sim.config.scenario import Scenario, ScheduleKey
from sim.config.uncertainty import InputValues, replication_inputs
from sim.errors import InputError
from sim.model.calendar import Calendar
from sim.model.health import annual_hazards, prevalence_with_multiplier, with_multipliers
from sim.model.spec import (
    AGE_BAND_STARTS,
    SEXES,
    Allowance,
    BedChange,
    CapacitySchedule,
    CentreOpening,
    FamilyBeds,
    HealthSpec,
    InitialState,
    LongTermCareInsurance,
    ModelSpec,
    Parameters,
    PopulationSpec,
    StationaryStream,
)
from sim.model.states import Health, QueuePolicy

#: Care workers in a validation run: enough that staffing never limits admissions.
UNLIMITED_STAFF = 10**9


def check_pack(scenario: Scenario, pack: DistrictPack) -> None:
    """Refuse a pack that is not the scenario's district (a programming error)."""
    if pack.folder != pack_folder(scenario.district):
        raise ValueError(
            f"scenario {scenario.name!r} is of district {scenario.district!r}, "
            f"not of the pack at {pack.folder}"
        )


def resolve_parameters(
    scenario: Scenario,
    pack: DistrictPack,
    data: DefaultData,
    inputs: InputValues | None = None,
) -> Parameters:
    """The typed parameters: defaults from the data, the district pack's overrides over
    them, the given values of uncertain inputs (one replication's draws, or a
    sensitivity study's sample), then the scenario's `assumptions:`."""
    check_pack(scenario, pack)
    values = {name: record.value for name, record in data.parameters.items()}
    values.update(pack_parameters(pack))
    if inputs is not None:
        values.update(inputs.parameters)
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
    data: DefaultData,
    pack: DistrictPack,
    state: dict[str, Figure],
    p: Parameters,
    scale: float,
    years: list[int],
) -> PopulationSpec:
    """Cohorts of the base-year 60+ population and of the younger cohorts, scaled.

    The age-and-sex shape is the pack's for the base year, or the default shape;
    one factor scales it so that the 60+ cohorts sum to the base year's 60+
    population exactly, and the younger cohorts keep the same persons per weight.
    """
    base_year = years[0]
    shape, _ = population_shape(pack, base_year, data.population_shape)
    shape = shape.sort_values(["age_band_start", "sex"], kind="stable")
    bands = shape["age_band_start"].to_numpy()
    sexes = shape["sex"].map({s: i for i, s in enumerate(SEXES)}).to_numpy()
    weights = shape["weight"].to_numpy(float)
    older = bands >= AGE_BAND_STARTS[0]
    total_60plus = round(state["population_60plus"].value * scale)
    counts = np.zeros(len(bands), dtype=np.int64)
    counts[older] = _largest_remainder(weights[older], total_60plus)
    # Younger cohorts use the same registered persons per weight, times the parameter that
    # carries what the census shape does not know (moves in and out of the register).
    persons_per_weight = total_60plus / weights[older].sum() * p.entrants_60_multiplier
    counts[~older] = np.round(weights[~older] * persons_per_weight).astype(np.int64)
    growth = (1 + p.registered_population_growth_per_year) ** (np.array(years) - base_year)
    return PopulationSpec(
        cohort_age_start_years=bands.astype(float),
        cohort_sex=sexes.astype(np.int8),
        cohort_persons=counts,
        death_probability_per_year_before_60=p.death_probability_per_year_before_60,
        registered_total_by_year=state["population_total"].value * scale * growth,
    )


def allowances_of(
    rates: Iterable[AllowanceRate], drawn: Mapping[str, float] | None = None
) -> tuple[Allowance, ...]:
    """The allowance `rates` (a pack's `allowances.csv`) as the model pays them, a rate
    named in `drawn` (one replication's draws, yuan a month) at its drawn value."""
    drawn = drawn or {}
    return tuple(
        Allowance(
            name=rate.name,
            age_min_years=float(rate.age_min if rate.age_min is not None else 0),
            age_max_years=float(rate.age_max) if rate.age_max is not None else math.inf,
            health=None if rate.health is None else int(Health[rate.health.upper()]),
            monthly_yuan=drawn.get(rate.name, rate.monthly_yuan),
        )
        for rate in rates
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


def _worsening_multiplier(
    p: Parameters, consortia_by_year: np.ndarray, population_60plus: float
) -> np.ndarray | None:
    """Hazard multiplier of worsening per simulated year, or None when it is 1 throughout.

    Consortia are counted unscaled (they are targets in their own right), so the
    share of older people they cover is taken against the unscaled base-year 60+
    population.
    """
    reduction = p.consortium_worsening_reduction
    if reduction == 0:
        return None
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        covered = np.minimum(
            1.0, consortia_by_year[1:] * p.consortium_people_covered / population_60plus
        )
    return 1 - reduction * np.nan_to_num(covered, nan=1.0)


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


def _initial_state(state: dict[str, Figure], p: Parameters, scale: float) -> InitialState:
    """The care system at the end of the base year, from its figures, scaled."""

    def scaled(item: str) -> int:
        return round(state[item].value * scale)

    community, township = scaled("community_centres"), scaled("township_centres")
    places = day_care_places(community, township, p)
    nursing_residents = scaled("residents_nursing")
    ordinary_residents = scaled("residents_ordinary")
    full_in_nursing = min(scaled("residents_nursing_full"), nursing_residents)
    independent_in_ordinary = min(scaled("residents_ordinary_independent"), ordinary_residents)
    caregivers = scaled("caregivers_nursing_home")
    home_care_workers = scaled("caregivers_home_care")
    community_workers = scaled("caregivers_community")
    return InitialState(
        nursing_beds=scaled("beds_nursing"),
        ordinary_beds=scaled("beds_ordinary"),
        nursing_residents_full=full_in_nursing,
        nursing_residents_partial=nursing_residents - full_in_nursing,
        ordinary_residents_independent=independent_in_ordinary,
        ordinary_residents_partial=ordinary_residents - independent_in_ordinary,
        waiting=scaled("waiting_list"),
        caregivers=caregivers,
        certified_caregivers=min(scaled("certified_caregivers_nursing_home"), caregivers),
        centres=community + township,
        community_places=places,
        community_users=min(scaled("community_place_users"), places),
        village_centres=community,
        home_care_workers=home_care_workers,
        certified_home_care_workers=min(
            scaled("certified_caregivers_home_care"), home_care_workers
        ),
        community_workers=community_workers,
        certified_community_workers=min(
            scaled("certified_caregivers_community"), community_workers
        ),
    )


def _validation_spec(scenario: Scenario, p: Parameters, health: HealthSpec) -> ModelSpec:
    """The spec of a validation run: one kind of bed, no population, unlimited staff."""
    stream = scenario.validation
    assert stream is not None
    n_years = scenario.end_year - scenario.base_year
    empty = np.zeros(0)
    return ModelSpec(
        name=scenario.name,
        seed=scenario.seed,
        base_year=scenario.base_year,
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


def inputs_for(
    scenario: Scenario, pack: DistrictPack, data: DefaultData, replication: int | None
) -> InputValues | None:
    """One replication's draws of the uncertain inputs, when the scenario draws them
    (`pack` is the scenario's district pack)."""
    if scenario.uncertainty != "parameters" or replication is None:
        return None
    return replication_inputs(
        data, pack, scenario.assumptions, scenario.base_year, scenario.seed, replication
    )


def scenario_base_state(
    scenario: Scenario,
    pack: DistrictPack,
    data: DefaultData | None = None,
    *,
    file: str = "<scenario>",
    inputs: InputValues | None = None,
) -> dict[str, Figure]:
    """Every base-year figure the scenario's run starts from, with where it came from
    (`pack` is the scenario's district pack; `inputs` replaces the uncertain ones)."""
    data = data or load_default_data()
    parameters = resolve_parameters(scenario, pack, data, inputs)
    drawn = dict(inputs.figures) if inputs is not None else None
    return base_state(pack, scenario.base_year, parameters, file=file, drawn=drawn)


def scenario_base_indicators(
    scenario: Scenario, pack: DistrictPack, figures: Mapping[str, Figure] | None = None
) -> dict[str, float]:
    """The indicators the scenario's base-year `figures` determine (its base state when
    None), with the scenario's parameters and certified-caregiver scope (`pack` is the
    scenario's district pack)."""
    data = load_default_data()
    figures = figures if figures is not None else scenario_base_state(scenario, pack, data)
    parameters = resolve_parameters(scenario, pack, data)
    return base_year_indicators(figures, parameters, scenario.certified_scope)


def resolve(
    scenario: Scenario,
    pack: DistrictPack,
    data: DefaultData | None = None,
    *,
    file: str = "<scenario>",
    replication: int | None = None,
    inputs: InputValues | None = None,
) -> ModelSpec:
    """The model spec of `scenario` on its district `pack` and `data` (the default data
    when None).

    With a `replication`, when the scenario draws its uncertain inputs, the spec holds
    that replication's draws; `inputs` gives the uncertain inputs' values instead (a
    sensitivity study's sample)."""
    data = data or load_default_data()
    if inputs is None:
        inputs = inputs_for(scenario, pack, data, replication)
    p = resolve_parameters(scenario, pack, data, inputs)
    hazards = with_multipliers(
        annual_hazards(
            data.death_probability_independent,
            data.transition_probability,
            data.mortality_multiplier,
        ),
        p.mortality_multiplier,
        p.disability_prevalence_multiplier,
    )
    base_year = scenario.base_year
    prevalence, _ = prevalence_for(pack, base_year, data.prevalence)
    prevalence = prevalence_with_multiplier(prevalence, p.disability_prevalence_multiplier)
    if scenario.validation is not None:
        return _validation_spec(scenario, p, HealthSpec(hazards, prevalence, None))

    state = scenario_base_state(scenario, pack, data, file=file, inputs=inputs)
    _check_horizon(scenario, pack, data, file)
    scale = scenario.population_scale
    calendar = Calendar(base_year)
    years = list(range(base_year, scenario.end_year + 1))
    consortia = _held_until_changed(
        scenario.supply.consortia, years, state["consortia"].value
    ).astype(np.int64)
    initial = _initial_state(state, p, scale)
    worsening = _worsening_multiplier(p, consortia, state["population_60plus"].value)
    villages = max(1, round((pack.villages + pack.urban_communities) * scale))
    capacity = _capacity(scenario, p, calendar, initial, consortia, file)
    family_beds = _family_beds(scenario, p, state["population_60plus"].value, years)
    places = None
    if pack.places is not None and uses_townships(scenario, pack):
        places, capacity = places_spec(scenario, pack.places, initial, capacity, villages, file)
        family_beds = _family_beds_by_township(family_beds, places.codes, places.share_60plus)
    else:
        check_township_codes(scenario, None, file)
    return ModelSpec(
        name=scenario.name,
        seed=scenario.seed,
        base_year=base_year,
        end_year=scenario.end_year,
        queue_policy=QueuePolicy(scenario.queue_policy),
        population_scale=scale,
        parameters=p,
        population=_population(data, pack, state, p, scale, years),
        health=HealthSpec(hazards, prevalence, worsening),
        initial=initial,
        capacity=capacity,
        ltc=_insurance(scenario, calendar),
        allowances=allowances_of(pack.allowances, inputs.allowances if inputs else None),
        villages_and_communities=villages,
        certified_scope=scenario.certified_scope,
        places=places,
        family_beds=family_beds,
    )


def _family_beds(
    scenario: Scenario, p: Parameters, population_60plus: float, years: list[int]
) -> FamilyBeds:
    """The scenario's family care beds, scaled: the base year's (from the parameters and
    the base year's 60+ population) and those added a year, held until changed."""
    scale = scenario.population_scale
    added = _held_until_changed(scenario.supply.family_beds.add_per_year, years[1:], 0.0)
    return FamilyBeds(
        start_beds=round(family_care_beds_start(population_60plus, p) * scale),
        added_per_year=np.round(added * scale),
    )


def _family_beds_by_township(
    district: FamilyBeds, codes: tuple[str, ...], share_60plus: np.ndarray
) -> FamilyBeds:
    """The district's family care beds spread over its townships (`codes`) by their shares
    of the 60+ population, the starting beds and each year's additions each in whole beds
    that add up to the district's."""
    weights = np.asarray(share_60plus, dtype=float)
    start = _largest_remainder(weights, district.start_beds)
    added = np.array(
        [_largest_remainder(weights, int(total)) for total in district.added_per_year]
    ).reshape(len(district.added_per_year), len(codes))
    townships = {
        code: FamilyBeds(start_beds=int(start[i]), added_per_year=added[:, i].astype(float))
        for i, code in enumerate(codes)
    }
    return FamilyBeds(district.start_beds, district.added_per_year, townships)


def _check_horizon(scenario: Scenario, pack: DistrictPack, data: DefaultData, file: str) -> None:
    """Refuse an end year after the youngest cohort of the base year's table turns 60."""
    base_year = scenario.base_year
    shape, _ = population_shape(pack, base_year, data.population_shape)
    youngest = int(shape["age_band_start"].min())
    last_year = base_year + (AGE_BAND_STARTS[0] - youngest)
    if scenario.end_year > last_year:
        raise InputError(
            file, "end_year",
            f"expected at most {last_year}: the youngest cohort of the {base_year} population "
            f"table (aged {youngest}-{youngest + 4}) turns 60 by then",
        )  # fmt: skip


def _capacity(
    scenario: Scenario,
    p: Parameters,
    calendar: Calendar,
    initial: InitialState,
    consortia: np.ndarray,
    file: str,
) -> CapacitySchedule:
    """The scenario's supply as model days and scaled counts (consortia unscaled)."""
    scale = scenario.population_scale
    simulated = list(range(scenario.base_year + 1, scenario.end_year + 1))
    supply = scenario.supply
    openings = sorted(
        (calendar.day_of(key), round(change.add * scale))
        for key, change in supply.centres.items()
        if change.add > 0
    )
    attrition = supply.caregivers.attrition_per_year
    home_care = supply.home_care
    return CapacitySchedule(
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
        home_care_hires_per_year=_held_until_changed(home_care.hire_per_year, simulated, 0.0)
        * scale,
        home_care_certifications_per_year=_held_until_changed(
            home_care.certify_per_year, simulated, 0.0
        )
        * scale,
        community_certifications_per_year=_held_until_changed(
            supply.community_workers.certify_per_year, simulated, 0.0
        )
        * scale,
        purchased_home_care_share=_held_until_changed(
            home_care.purchased_share, simulated, p.purchased_home_care_share
        ),
    )


def _insurance(scenario: Scenario, calendar: Calendar) -> LongTermCareInsurance | None:
    """The scenario's long-term-care insurance in model days, or None without one."""
    if scenario.ltc is None:
        return None
    scheme = scenario.ltc
    return LongTermCareInsurance(
        start_day=calendar.day_of(scheme.start_year),
        eligible_partial="partial" in scheme.eligible,
        eligible_full="full" in scheme.eligible,
        take_up=scheme.take_up,
        home_care_hours_per_month=scheme.home_care_hours_per_month,
        cash_per_month_yuan=scheme.cash_per_month_yuan,
        bed_subsidy_per_day_yuan=scheme.bed_subsidy_per_day_yuan,
    )
