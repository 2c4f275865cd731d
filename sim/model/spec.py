"""The model specification: everything one replication needs, typed and frozen.

`sim.config.resolve` builds a `ModelSpec` once from a scenario and the data,
checks it, and applies the population scale to every count; the model reads
its fields and never a string key. Each scalar parameter is a typed field of
`Parameters` whose metadata gives its unit and the range it may take
(`parameter_bounds`), so validation can check everything a run needs before it
starts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from sim.model.calendar import Calendar
from sim.model.states import QueuePolicy

#: Lower edges of the 5-year age bands of the health tables; the last is open (95+).
AGE_BAND_STARTS: tuple[int, ...] = (60, 65, 70, 75, 80, 85, 90, 95)
BAND_WIDTH_YEARS = 5
OLDEST_BAND_START = AGE_BAND_STARTS[-1]
N_AGE_BANDS = len(AGE_BAND_STARTS)
SEXES: tuple[str, ...] = ("male", "female")


@dataclass(frozen=True)
class Bounds:
    """The values a parameter may take: [ge, le] or (gt, lt), each side optional."""

    unit: str
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None

    def admits(self, value: float) -> bool:
        """Whether `value` is a finite number inside the bounds."""
        if not math.isfinite(value):
            return False
        return not (
            (self.ge is not None and value < self.ge)
            or (self.gt is not None and value <= self.gt)
            or (self.le is not None and value > self.le)
            or (self.lt is not None and value >= self.lt)
        )

    def describe(self) -> str:
        """'a number > 0', 'a number from 0 to 1', ... for error messages."""
        if self.ge is not None and self.le is not None:
            return f"a number from {self.ge:g} to {self.le:g}"
        parts = []
        if self.ge is not None:
            parts.append(f">= {self.ge:g}")
        if self.gt is not None:
            parts.append(f"> {self.gt:g}")
        if self.le is not None:
            parts.append(f"<= {self.le:g}")
        if self.lt is not None:
            parts.append(f"< {self.lt:g}")
        return "a number " + " and ".join(parts) if parts else "a finite number"


def _bounded(unit: str, **limits: float) -> Any:
    return field(metadata={"bounds": Bounds(unit, **limits)})


def _probability(unit: str = "probability") -> Any:
    return _bounded(unit, ge=0.0, le=1.0)


def _count(unit: str) -> Any:
    return _bounded(unit, ge=0.0)


def _positive(unit: str) -> Any:
    return _bounded(unit, gt=0.0)


def _money(unit: str) -> Any:
    return _bounded(unit, ge=0.0)


@dataclass(frozen=True)
class Parameters:
    """Every scalar parameter, in the order of `data/parameters.csv`.

    The values come from `data/parameters.csv`, with the district pack's overrides
    and then a scenario's `assumptions:` over them; their sources and documented
    ranges are in that file. The fields ending in `_start` make the starting state's
    figures that a district pack does not give (`sim.config.base_state`); the rest are
    behaviour, staffing and costs.
    """

    registered_population_growth_per_year: float = _bounded("growth rate per year", ge=-0.5, le=0.5)
    death_probability_per_year_before_60: float = _bounded("probability per year", ge=0.0, lt=1.0)
    entrants_60_multiplier: float = _bounded("multiplier", ge=0.0, le=3.0)
    places_per_community_centre: float = _count("places")
    places_per_township_centre: float = _count("places")
    places_per_new_centre: float = _count("places")
    occupancy_nursing_start: float = _probability("fraction")
    occupancy_ordinary_start: float = _probability("fraction")
    nursing_residents_full_share_start: float = _probability("fraction")
    ordinary_residents_independent_share_start: float = _probability("fraction")
    waiting_list_per_1000_older_start: float = _count("persons per 1000 aged 60+")
    caregiver_staffing_margin_start: float = _bounded("multiplier", ge=0.1, le=10.0)
    certified_caregiver_share_start: float = _probability("fraction")
    community_place_use_start: float = _probability("fraction")
    home_care_workers_per_1000_older_start: float = _count("persons per 1000 aged 60+")
    choice_partial_family: float = _probability()
    choice_partial_community: float = _probability()
    choice_partial_bed: float = _probability()
    choice_full_family: float = _probability()
    choice_full_community: float = _probability()
    choice_full_bed: float = _probability()
    ordinary_bed_acceptance_partial: float = _probability()
    ordinary_bed_acceptance_full: float = _probability()
    no_carer_share_start: float = _probability("fraction")
    no_carer_share_growth_per_year: float = _bounded("fraction per year", ge=-0.1, le=0.1)
    home_care_use_partial: float = _probability("fraction")
    home_care_use_full: float = _probability("fraction")
    home_care_hours_partial_per_month: float = _bounded("hours per month", ge=0.0, le=744.0)
    home_care_hours_full_per_month: float = _bounded("hours per month", ge=0.0, le=744.0)
    home_care_worker_hours_per_month: float = _bounded("hours per month", ge=1.0, le=744.0)
    purchased_home_care_share: float = _probability("fraction")
    bed_choice_increase_per_100_yuan_per_month: float = _bounded("fraction", ge=0.0, le=10.0)
    community_use_rate_independent_under_80: float = _probability("fraction")
    community_use_rate_independent_80plus: float = _probability("fraction")
    community_use_rate_partial: float = _probability("fraction")
    centre_regular_users: float = _count("persons per centre")
    township_centre_regular_users: float = _count("persons per centre")
    community_workers_per_centre: float = _count("persons per centre")
    hiring_lag_months: float = _bounded("months", ge=1.0, le=120.0)
    staffing_target_margin: float = _bounded("multiplier", ge=0.5, le=3.0)
    bed_seeking_rate_independent_under_80_per_year: float = _count("rate per person-year")
    bed_seeking_rate_independent_80plus_per_year: float = _count("rate per person-year")
    mean_stay_before_discharge_days: float = _positive("days")
    mean_patience_full_days: float = _positive("days")
    mean_patience_partial_days: float = _positive("days")
    mean_patience_independent_days: float = _positive("days")
    residents_per_caregiver_full: float = _bounded("residents per worker", ge=0.1, le=100.0)
    residents_per_caregiver_partial: float = _bounded("residents per worker", ge=0.1, le=100.0)
    residents_per_caregiver_independent: float = _bounded("residents per worker", ge=0.1, le=100.0)
    caregiver_attrition_per_year: float = _bounded("fraction per year", ge=0.0, le=1.0)
    consortium_people_covered: float = _count("persons aged 60+")
    consortium_worsening_reduction: float = _probability("fraction")
    cost_new_nursing_bed_yuan: float = _money("yuan per bed")
    cost_new_ordinary_bed_yuan: float = _money("yuan per bed")
    cost_convert_to_nursing_bed_yuan: float = _money("yuan per bed")
    cost_new_centre_yuan: float = _money("yuan per centre")
    cost_new_consortium_yuan: float = _money("yuan per consortium")
    cost_caregiver_year_yuan: float = _money("yuan per worker-year")
    cost_occupied_bed_year_yuan: float = _money("yuan per bed-year")
    subsidy_occupied_bed_year_yuan: float = _money("yuan per bed-year")
    subsidy_new_nursing_bed_yuan: float = _money("yuan per bed")
    subsidy_new_ordinary_bed_yuan: float = _money("yuan per bed")
    subsidy_convert_to_nursing_bed_yuan: float = _money("yuan per bed")
    subsidy_new_centre_yuan: float = _money("yuan per centre")
    subsidy_centre_year_yuan: float = _money("yuan per centre-year")
    cost_home_care_hour_yuan: float = _money("yuan per hour")
    cost_community_worker_year_yuan: float = _money("yuan per worker-year")
    cost_centre_year_yuan: float = _money("yuan per centre-year")
    cost_consortium_year_yuan: float = _money("yuan per consortium-year")
    cost_certification_yuan: float = _money("yuan per certificate")
    cost_hire_yuan: float = _money("yuan per hire")
    discount_rate_per_year: float = _bounded("fraction per year", ge=0.0, le=1.0)
    disability_prevalence_multiplier: float = _bounded("multiplier", ge=0.0, le=10.0)
    mortality_multiplier: float = _bounded("multiplier", ge=0.1, le=10.0)
    bed_travel_tolerance_minutes: float = _positive("minutes")
    home_care_visit_hours: float = _bounded("hours", gt=0.0, le=24.0)
    family_care_beds_per_1000_older_start: float = _count("beds per 1000 aged 60+")
    family_care_bed_visits_per_month: float = _bounded("visits per month", ge=0.0, le=62.0)
    cost_new_family_care_bed_yuan: float = _money("yuan per bed")
    subsidy_new_family_care_bed_yuan: float = _money("yuan per bed")
    cost_family_care_bed_visit_yuan: float = _money("yuan per visit")
    subsidy_family_care_bed_visit_yuan: float = _money("yuan per visit")


#: Parameters that only a district with townships uses.
PLACE_PARAMETERS: frozenset[str] = frozenset(
    {"bed_travel_tolerance_minutes", "home_care_visit_hours"}
)


def parameter_bounds() -> dict[str, Bounds]:
    """Unit and admissible range of every parameter, by name, in field order."""
    return {item.name: item.metadata["bounds"] for item in fields(Parameters)}


#: Probabilities of each care setting that must sum to 1, by disabled state.
CHOICE_GROUPS: dict[str, tuple[str, str, str]] = {
    state: (f"choice_{state}_family", f"choice_{state}_community", f"choice_{state}_bed")
    for state in ("partial", "full")
}


@dataclass(frozen=True, eq=False)
class PopulationSpec:
    """Who is simulated: cohorts of the base-year population and of those turning 60 later.

    One row per cohort (a 5-year age band and a sex): `cohort_age_start_years` (lower
    edge of the band on day 0, under 60 for later entrants), `cohort_sex` (0 male,
    1 female) and `cohort_persons` (people, already scaled). The registered
    population of all ages is given per reported year (base year first, scaled),
    for the share aged 60+.
    """

    cohort_age_start_years: np.ndarray
    cohort_sex: np.ndarray
    cohort_persons: np.ndarray
    death_probability_per_year_before_60: float
    registered_total_by_year: np.ndarray


@dataclass(frozen=True, eq=False)
class HealthSpec:
    """Transition hazards and the starting prevalence of each health state.

    `hazards_per_year[sex, band, from, to]`: hazard per year of moving from a living
    state to another state (the last `to` is death), already multiplied by the
    scenario's mortality and disability multipliers. `initial_prevalence[band,
    state]`: shares of the living states on day 0 and on reaching 60.
    `worsening_multiplier_by_year` (per simulated year, or None when it is 1
    throughout) multiplies the hazards of worsening: the consortium effect.
    """

    hazards_per_year: np.ndarray
    initial_prevalence: np.ndarray
    worsening_multiplier_by_year: np.ndarray | None


@dataclass(frozen=True)
class Allowance:
    """A monthly allowance the district budget pays every living person aged 60+ in one
    band: ages `age_min_years`..`age_max_years` in completed years (inclusive; inf: no
    upper bound) and, when `health` is set, that health state only (1 partially
    disabled, 2 fully disabled)."""

    name: str
    age_min_years: float
    age_max_years: float
    health: int | None
    monthly_yuan: float


@dataclass(frozen=True)
class LongTermCareInsurance:
    """A long-term-care insurance scheme (长期护理保险) as a scenario sets it.

    From `start_day`, people in the eligible health states who take the benefit up get
    formal home care (hours a month, paid by the fund), cash (yuan a month) and, in a
    nursing home, a daily subsidy that makes a bed more affordable.
    """

    start_day: float
    eligible_partial: bool
    eligible_full: bool
    take_up: float
    home_care_hours_per_month: float
    cash_per_month_yuan: float
    bed_subsidy_per_day_yuan: float


@dataclass(frozen=True)
class InitialState:
    """The care system at the end of the base year, in people, beds and workers (scaled)."""

    nursing_beds: int
    ordinary_beds: int
    nursing_residents_full: int
    nursing_residents_partial: int
    ordinary_residents_independent: int
    ordinary_residents_partial: int
    #: fully disabled people waiting for a nursing-type bed
    waiting: int
    caregivers: int
    certified_caregivers: int
    centres: int
    community_places: int
    community_users: int
    #: village and urban-community centres (the rest of `centres` are township centres)
    village_centres: int = 0
    home_care_workers: int = 0
    certified_home_care_workers: int = 0
    community_workers: int = 0
    certified_community_workers: int = 0
    #: regional centres offering full-day care (全日托), unscaled (a township has one or not)
    day_care_centres: int = 0


@dataclass(frozen=True)
class BedChange:
    """Changes to the bed stock on one model day, in beds (scaled)."""

    day: float
    add_nursing: int = 0
    add_ordinary: int = 0
    convert_to_nursing: int = 0
    close_nursing: int = 0
    close_ordinary: int = 0
    #: the township the beds are in (index into `PlacesSpec.codes`; 0 without places)
    area: int = 0


@dataclass(frozen=True)
class CentreOpening:
    """Community care centres opened on one model day (scaled)."""

    day: float
    centres: int
    #: the township the centres are in (index into `PlacesSpec.codes`; 0 without places)
    area: int = 0
    #: regional centres offering full-day care (全日托)
    day_care: bool = False


@dataclass(frozen=True, eq=False)
class CapacitySchedule:
    """What a scenario builds and hires, resolved to model days and counts (scaled).

    Per-year arrays are indexed by simulated year (0 = the year after the base
    year); `consortia_by_year` has the base year first.
    """

    bed_changes: tuple[BedChange, ...]
    centre_openings: tuple[CentreOpening, ...]
    places_per_new_centre: int
    consortia_by_year: np.ndarray
    #: nursing homes: the most they can hire a year (the labour market), and training
    hires_per_year: np.ndarray
    certifications_per_year: np.ndarray
    attrition_per_year: float
    #: home care: the most providers can hire a year, and training
    home_care_hires_per_year: np.ndarray = field(default_factory=lambda: np.zeros(0))
    home_care_certifications_per_year: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: community centres: training of their workers
    community_certifications_per_year: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: share of home-care clients (not insured) whose services the government buys, per year
    purchased_home_care_share: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: with townships: hiring a year each township's homes and home-care providers may add
    #: to their share of the district's ([simulated year, township]; None: nothing added)
    extra_hires_by_area: np.ndarray | None = None
    extra_home_care_hires_by_area: np.ndarray | None = None
    #: with townships: certifications a year each township adds, likewise
    extra_certifications_by_area: np.ndarray | None = None
    extra_home_care_certifications_by_area: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class FamilyBeds:
    """Family care beds (家庭养老床位) as a scenario builds them, in beds (scaled).

    `start_beds` are there at the end of the base year; `added_per_year[y]` come in on
    the first day of simulated year y (an empty array: none added). With townships,
    `townships` holds each township's own beds by its code (the district's spread over
    them, `sim.config.resolve`); a township's spec reads its own with `of_area`.
    """

    start_beds: int = 0
    added_per_year: np.ndarray = field(default_factory=lambda: np.zeros(0))
    townships: Mapping[str, FamilyBeds] = field(default_factory=dict)

    def of_area(self, area_code: str) -> FamilyBeds:
        """The beds of township `area_code`, or the district's ("")."""
        return self.townships[area_code] if area_code else self

    def stock(self, n_years: int) -> np.ndarray:
        """Beds at each reported year end (base year first) over `n_years` simulated years."""
        added = np.zeros(n_years)
        added[: len(self.added_per_year)] = self.added_per_year[:n_years]
        stock: np.ndarray = self.start_beds + np.r_[0.0, np.cumsum(added)]
        return stock


@dataclass(frozen=True, eq=False)
class PlacesSpec:
    """The district as its townships (乡镇/街道), as the bed queue sees them.

    Arrays are by township, in `codes` order. Everyone aged 60+ has a home township,
    drawn with `share_60plus`; `initial` is the starting state of each township, each
    count summing over townships to the district's `ModelSpec.initial`.
    `travel_minutes[home, other]` are minutes by road between township centres (the
    diagonal: within a township). `hiring_share` splits the district's hiring ceilings
    and training between the townships' nursing homes.
    """

    codes: tuple[str, ...]
    share_60plus: np.ndarray
    share_registered: np.ndarray
    travel_minutes: np.ndarray
    initial: tuple[InitialState, ...]
    hiring_share: np.ndarray
    #: 街道 (urban subdistricts) as True; 镇 and 乡 as False
    urban: np.ndarray
    #: administrative villages and urban communities a centre can serve
    villages_and_communities: np.ndarray

    @property
    def n_areas(self) -> int:
        """Number of townships."""
        return len(self.codes)


@dataclass(frozen=True)
class StationaryStream:
    """A stationary stream of bed seekers that replaces the life courses (validation mode).

    Poisson arrivals of fully disabled people who all seek a nursing-type bed, stay
    an exponential time and never die; one kind of bed; optional exponential
    patience; no waiting room means that whoever finds no free bed gives up at once.
    """

    arrivals_per_day: float
    mean_stay_days: float
    beds: int
    mean_patience_days: float | None
    waiting_room: bool


@dataclass(frozen=True, eq=False)
class ModelSpec:
    """One scenario, resolved: everything `sim.model.simulate` reads."""

    name: str
    seed: int
    base_year: int
    end_year: int
    queue_policy: QueuePolicy
    #: multiplies the population and every capacity; already applied to every count here
    population_scale: float
    parameters: Parameters
    population: PopulationSpec
    health: HealthSpec
    initial: InitialState
    capacity: CapacitySchedule
    #: replaces the life courses with a stationary stream of bed seekers
    stationary: StationaryStream | None = None
    #: long-term-care insurance, when the scenario runs one
    ltc: LongTermCareInsurance | None = None
    #: the allowances the district pays older people each month (none: the pack has none)
    allowances: tuple[Allowance, ...] = ()
    #: administrative villages and urban communities a centre can serve
    villages_and_communities: int = 0
    #: which care workers the per-10,000 indicator counts: every setting, or nursing homes
    certified_scope: str = "all"
    #: the district's townships; None: the district is one pool
    places: PlacesSpec | None = None
    #: the township this spec describes, in a district with townships ("": the district)
    area_code: str = ""
    #: family care beds (家庭养老床位): none unless the scenario or the pack has some
    family_beds: FamilyBeds = field(default_factory=FamilyBeds)

    @property
    def calendar(self) -> Calendar:
        """Day/year conversions for this spec's base year."""
        return Calendar(self.base_year)

    @property
    def years(self) -> list[int]:
        """Reported years: the base year (the starting state), then each simulated year."""
        return list(range(self.base_year, self.end_year + 1))

    @property
    def n_years(self) -> int:
        """Number of simulated years after the base year."""
        return self.end_year - self.base_year
