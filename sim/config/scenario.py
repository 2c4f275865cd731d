"""Scenario files: schema, `extends:` merging, and validation errors.

A scenario is a YAML file. It may extend another (`extends: baseline.yaml`,
resolved relative to the file, deep-merged: mappings merge key by key, anything
else is replaced), listing only what changes. Everything is checked before a
run starts; the first problem is reported as one line naming the file, the key
path and what was expected (`sim.errors.InputError`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from sim.config.data import DefaultData, load_default_data
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import DEFAULT_DISTRICT, DistrictPack
from sim.errors import InputError
from sim.model.indicators import INDICATORS
from sim.model.spec import CHOICE_GROUPS, parameter_bounds

DEFAULT_END_YEAR = 2035
#: Written as `targets: district`: the district pack's targets after the base year.
DISTRICT_TARGETS = "district"
#: A year-keyed change applies on 1 January of that year; a date key on that day.
ScheduleKey = int | dt.date
#: Counts and yearly amounts a scenario may give; bounded so a typo cannot exhaust memory.
MAX_COUNT = 1_000_000
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Amount = Annotated[float, Field(ge=0, le=MAX_COUNT)]
#: An assumption may go beyond its documented range, but not by more than this factor.
ASSUMPTION_CEILING_FACTOR = 10.0
#: Largest population multiple (a province is about 50 districts).
MAX_POPULATION_SCALE = 100.0
#: The smallest share of the district a scenario may simulate (a tenth of a per cent of
#: Huangyan has no nursing-home residents in some years, and shares become undefined).
MIN_POPULATION_SCALE = 0.01


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Text(_Strict):
    """A label in Chinese and English."""

    zh: str
    en: str


class BedChange(_Strict):
    """Changes to the bed stock on one date, in beds."""

    add_nursing: Count = 0
    add_ordinary: Count = 0
    convert_to_nursing: Count = 0
    close_nursing: Count = 0
    close_ordinary: Count = 0


class CentreChange(_Strict):
    """Community care centres opened on one date."""

    add: Count = 0


def _per_year(value: Any, info: pydantic.ValidationInfo) -> Any:
    """Accept a single number as 'this many every year from the first simulated year'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        first_year = (info.context or {}).get("first_year")
        if first_year is None:
            raise ValueError("a single number needs the base year to be known")
        return {first_year: value}
    return value


class CaregiverPolicy(_Strict):
    """Hiring and certification per year (a number, or {year: number} held until changed)."""

    hire_per_year: dict[int, Amount] = Field(default_factory=dict)
    certify_per_year: dict[int, Amount] = Field(default_factory=dict)
    attrition_per_year: float | None = Field(default=None, ge=0, le=1)

    _to_mapping = pydantic.field_validator("hire_per_year", "certify_per_year", mode="before")(
        _per_year
    )


Share = Annotated[float, Field(ge=0, le=1)]


class HomeCarePolicy(_Strict):
    """Home-care providers: the most they can hire a year, training, and how much of the
    clients' care the government buys (each a number, or {year: number})."""

    hire_per_year: dict[int, Amount] = Field(default_factory=dict)
    certify_per_year: dict[int, Amount] = Field(default_factory=dict)
    #: share of home-care clients (not insured) whose services the government buys
    purchased_share: dict[int, Share] = Field(default_factory=dict)

    _to_mapping = pydantic.field_validator(
        "hire_per_year", "certify_per_year", "purchased_share", mode="before"
    )(_per_year)


class CommunityWorkerPolicy(_Strict):
    """Training of community-centre workers (a number, or {year: number})."""

    certify_per_year: dict[int, Amount] = Field(default_factory=dict)

    _to_mapping = pydantic.field_validator("certify_per_year", mode="before")(_per_year)


class FamilyBedPolicy(_Strict):
    """Family care beds (家庭养老床位) set up a year in disabled older people's homes (a
    number, or {year: number} held until changed)."""

    add_per_year: dict[int, Amount] = Field(default_factory=dict)

    _to_mapping = pydantic.field_validator("add_per_year", mode="before")(_per_year)


class LongTermCareScheme(_Strict):
    """Long-term-care insurance (长期护理保险) from `start_year`: who is eligible by assessed
    disability, how many take it up, and the benefit."""

    start_year: int
    eligible: list[Literal["partial", "full"]] = Field(min_length=1)
    take_up: float = Field(ge=0, le=1)
    home_care_hours_per_month: float = Field(default=0.0, ge=0, le=744)
    cash_per_month_yuan: float = Field(default=0.0, ge=0, le=MAX_COUNT)
    bed_subsidy_per_day_yuan: float = Field(default=0.0, ge=0, le=10_000)


class TownshipSupply(_Strict):
    """Beds and centres a scenario places in one township itself (乡镇/街道), besides the
    district's, which are spread over the townships by the scenario's rule."""

    beds: dict[ScheduleKey, BedChange] = Field(default_factory=dict)
    #: village and community centres
    centres: dict[ScheduleKey, CentreChange] = Field(default_factory=dict)
    #: regional centres offering full-day care (区域养老服务中心, 全日托)
    day_care_centres: dict[ScheduleKey, CentreChange] = Field(default_factory=dict)
    #: the most the township's nursing homes and home-care providers can hire a year, on
    #: top of their share of the district's (a number, or {year: number})
    caregivers_hire_per_year: dict[int, Amount] = Field(default_factory=dict)
    home_care_hire_per_year: dict[int, Amount] = Field(default_factory=dict)
    #: workers the township's homes and home-care providers certify a year, on top of
    #: their share of the district's
    caregivers_certify_per_year: dict[int, Amount] = Field(default_factory=dict)
    home_care_certify_per_year: dict[int, Amount] = Field(default_factory=dict)

    _to_mapping = pydantic.field_validator(
        "caregivers_hire_per_year", "home_care_hire_per_year", "caregivers_certify_per_year",
        "home_care_certify_per_year", mode="before",
    )(_per_year)  # fmt: skip


class Supply(_Strict):
    """What a scenario builds and buys: beds, workers by setting, centres and consortia."""

    beds: dict[ScheduleKey, BedChange] = Field(default_factory=dict)
    #: nursing homes: the most they can hire a year, training, attrition
    caregivers: CaregiverPolicy = Field(default_factory=CaregiverPolicy)
    home_care: HomeCarePolicy = Field(default_factory=HomeCarePolicy)
    community_workers: CommunityWorkerPolicy = Field(default_factory=CommunityWorkerPolicy)
    centres: dict[ScheduleKey, CentreChange] = Field(default_factory=dict)
    #: number of health-and-care consortia from the given year on
    consortia: dict[int, Count] = Field(default_factory=dict)
    #: beds and centres placed in named townships, by township code
    townships: dict[str, TownshipSupply] = Field(default_factory=dict)
    #: family care beds (家庭养老床位) set up a year
    family_beds: FamilyBedPolicy = Field(default_factory=FamilyBedPolicy)


class ValidationStream(_Strict):
    """A stationary stream of bed seekers that replaces the life courses (for checks
    against queueing theory): Poisson arrivals, exponential stays, one kind of bed,
    optional exponential patience, no deaths, no capacity changes, no staffing limit.

    The system starts empty on day 0; discard the first year(s) as warm-up.
    """

    arrivals_per_day: float = Field(gt=0, le=10_000)
    mean_stay_days: float = Field(gt=0, le=100_000)
    beds: int = Field(ge=1, le=MAX_COUNT)
    #: None: nobody gives up; a number: exponential patience with this mean
    mean_patience_days: float | None = Field(default=None, gt=0, le=100_000)
    #: False: whoever finds no free bed gives up at once (a loss system)
    waiting_room: bool = True


class Scenario(_Strict):
    """A validated scenario. Build it with `load_scenario` or `scenario_from_mapping`."""

    name: str = Field(min_length=1)
    title: Text
    description: Text | None = None
    seed: int = Field(default=2020, ge=0, le=2**63 - 1)
    replications: int = Field(default=30, ge=1, le=100_000)
    #: the district pack (an id under data/districts/) the run starts from
    district: str = Field(default=DEFAULT_DISTRICT, min_length=1)
    #: the year whose observed column is the starting state (default: the pack's)
    base_year: int = Field(ge=1990, le=2100)
    #: the youngest cohort of a population table (aged 40-44) turns 60 within 20 years
    end_year: int = Field(default=DEFAULT_END_YEAR, ge=1991, le=2120)
    queue_policy: Literal["fifo", "full_first"] = "fifo"
    #: multiplies the population and every capacity (for scale studies)
    population_scale: float = Field(default=1.0, ge=MIN_POPULATION_SCALE, le=MAX_POPULATION_SCALE)
    supply: Supply = Field(default_factory=Supply)
    #: {indicator id: {year: target value}}; met when the indicator is at least
    #: (or, for indicators where lower is better, at most) the target. Written as
    #: `targets: district` in a file: the pack's targets after the base year.
    targets: dict[str, dict[int, float]] = Field(default_factory=dict)
    #: True when the file wrote `targets: district` (a copy for another district then
    #: takes that district's targets)
    targets_of_district: bool = False
    #: overrides of `data/parameters.csv` by parameter name
    assumptions: dict[str, float] = Field(default_factory=dict)
    #: long-term-care insurance, when the scenario runs one
    ltc: LongTermCareScheme | None = None
    #: which certified care workers the per-10,000 indicator counts
    certified_scope: Literal["all", "nursing_homes"] = "all"
    #: `townships`: the district as the pack's townships (its tables spread the base
    #: year's figures); `pooled`: the district as one pool; `auto`: townships when the
    #: pack's township tables describe the base year, else one pool
    places: Literal["auto", "townships", "pooled"] = "auto"
    #: how district-wide new beds and centres are spread over the townships: by people
    #: aged 60+, or by shortfall (to the townships with the fewest beds or centres for
    #: their people aged 60+)
    spread: Literal["by_60plus", "by_shortfall"] = "by_60plus"
    #: `parameters`: each replication draws the uncertain inputs (sim.config.uncertainty)
    uncertainty: Literal["none", "parameters"] = "none"
    #: replaces the life courses with a stationary stream of bed seekers
    validation: ValidationStream | None = None

    @property
    def years(self) -> list[int]:
        """Reported years, from the base year (the starting state) to `end_year`."""
        return list(range(self.base_year, self.end_year + 1))


def _key_path(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location)


def _describe(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    shown = repr(error.get("input"))
    if len(shown) > 40:
        shown = shown[:37] + "..."
    context = error.get("ctx") or {}
    messages = {
        "extra_forbidden": "unknown key",
        "missing": "required key is missing",
        "int_type": f"expected a whole number, got {shown}",
        "int_from_float": f"expected a whole number, got {shown}",
        "float_type": f"expected a number, got {shown}",
        "finite_number": f"expected a finite number, got {shown}",
        "string_type": f"expected text, got {shown}",
        "bool_type": f"expected true or false, got {shown}",
        "dict_type": f"expected a mapping, got {shown}",
        "model_type": f"expected a mapping, got {shown}",
        "literal_error": f"expected {context.get('expected', 'one of the allowed values')}, "
        f"got {shown}",
        "greater_than_equal": f"expected a number >= {context.get('ge')}, got {shown}",
        "greater_than": f"expected a number > {context.get('gt')}, got {shown}",
        "less_than_equal": f"expected a number <= {context.get('le')}, got {shown}",
        "string_too_short": "expected non-empty text",
    }
    return messages.get(kind, f"{error['msg']} (got {shown})")


def _first_error(file: str, error: pydantic.ValidationError) -> InputError:
    first = error.errors(include_url=False)[0]
    location = tuple(first["loc"])
    # Union members appear in the location as type names, not keys: drop them.
    location = tuple(
        part for part in location if not (isinstance(part, str) and ("[" in part or part in
        ("int", "date", "float", "function-before[_per_year(), dict[int,float]]")))
    )  # fmt: skip
    return InputError(file, _key_path(location), _describe(first))


def _check_schedule_years(file: str, scenario: Scenario) -> None:
    first = scenario.base_year + 1
    if scenario.end_year < first:
        raise InputError(
            file, "end_year", f"expected a year after the base year {scenario.base_year}"
        )

    def check(key_path: str, year: int) -> None:
        if not first <= year <= scenario.end_year:
            raise InputError(
                file,
                key_path,
                f"year outside the horizon (expected {first} to {scenario.end_year})",
            )

    for section in ("beds", "centres", "consortia"):
        for key in getattr(scenario.supply, section):
            check(f"supply.{section}.{key}", key if isinstance(key, int) else key.year)
    supply = scenario.supply
    per_year = (
        ("caregivers.hire_per_year", supply.caregivers.hire_per_year),
        ("caregivers.certify_per_year", supply.caregivers.certify_per_year),
        ("home_care.hire_per_year", supply.home_care.hire_per_year),
        ("home_care.certify_per_year", supply.home_care.certify_per_year),
        ("home_care.purchased_share", supply.home_care.purchased_share),
        ("community_workers.certify_per_year", supply.community_workers.certify_per_year),
        ("family_beds.add_per_year", supply.family_beds.add_per_year),
    )
    for path, schedule in per_year:
        for key in schedule:
            check(f"supply.{path}.{key}", key)
    if scenario.ltc is not None:
        check("ltc.start_year", scenario.ltc.start_year)
    _check_target_years(file, scenario)


def _check_target_years(file: str, scenario: Scenario) -> None:
    """Each target's year within the horizon (the base year included), its value finite."""
    for indicator, by_year in scenario.targets.items():
        for year, value in by_year.items():
            if not scenario.base_year <= year <= scenario.end_year:
                raise InputError(
                    file,
                    f"targets.{indicator}.{year}",
                    "year outside the horizon (expected "
                    f"{scenario.base_year} to {scenario.end_year})",
                )
            if not math.isfinite(value):
                raise InputError(file, f"targets.{indicator}.{year}", "expected a finite number")


def _check_targets(file: str, scenario: Scenario) -> None:
    for indicator in scenario.targets:
        if indicator not in INDICATORS:
            raise InputError(
                file, f"targets.{indicator}", "unknown indicator (see `sim indicators`)"
            )


def _check_assumptions(file: str, scenario: Scenario, data: DefaultData) -> None:
    bounds = parameter_bounds()
    for name, value in scenario.assumptions.items():
        if name not in data.parameters:
            raise InputError(
                file, f"assumptions.{name}", "unknown parameter (see data/parameters.csv)"
            )
        if not bounds[name].admits(value):
            raise InputError(
                file, f"assumptions.{name}",
                f"expected {bounds[name].describe()} ({bounds[name].unit}), got {value:g}",
            )  # fmt: skip
        ceiling = ASSUMPTION_CEILING_FACTOR * max(abs(data.parameters[name].high), 1.0)
        if abs(value) > ceiling:
            raise InputError(
                file,
                f"assumptions.{name}",
                f"expected at most {ceiling:g} ({ASSUMPTION_CEILING_FACTOR:g} x the documented "
                f"range's upper end), got {value:g}",
            )
    values = {name: record.value for name, record in data.parameters.items()}
    values.update(scenario.assumptions)
    for state, names in CHOICE_GROUPS.items():
        total = sum(values[name] for name in names)
        if abs(total - 1) > 1e-9:
            raise InputError(
                file,
                f"assumptions.choice_{state}_*",
                f"probabilities of family, community and bed must sum to 1, got {total:g}",
            )


def district_of(
    document: Mapping[str, Any], file: str, packs: Mapping[str, DistrictPack] | None = None
) -> DistrictPack:
    """The district pack a scenario document names (the default district when none):
    from `packs` (district -> pack, already loaded) when it holds it, else read."""
    district = document.get("district", DEFAULT_DISTRICT)
    if not isinstance(district, str) or not district:
        raise InputError(file, "district", "expected the id of a district pack")
    if packs is not None and district in packs:
        return packs[district]
    try:
        return load_pack(district)
    except InputError as error:
        if error.key == "" and "no district pack" in error.message:
            raise InputError(file, "district", f"{district!r}: {error.message}") from None
        raise


def _district_targets(
    pack: DistrictPack, base_year: int, end_year: int
) -> dict[str, dict[int, float]]:
    targets: dict[str, dict[int, float]] = {}
    for target in pack.targets:
        if base_year < target.year <= end_year:
            targets.setdefault(target.indicator, {})[target.year] = target.value
    return targets


def parse_scenario(
    document: Mapping[str, Any],
    pack: DistrictPack,
    file: str = "<scenario>",
    data: DefaultData | None = None,
) -> Scenario:
    """Check a scenario given as a mapping (already merged) against the schema, the
    indicator ids, the parameters and its district `pack` (`district_of` the document);
    errors name `file`. Checks
    that need the data resolved (bed stocks never negative, ...) are made by
    `sim.config.resolve`.

    A missing `base_year` becomes the pack's default base year, and `targets:
    district` becomes the pack's targets for the years after the base year, so the
    scenario returned states both.
    """
    data = data or load_default_data()
    document = dict(document)
    if document.get("base_year") is None:
        document["base_year"] = pack.default_base_year
    base_year = document["base_year"]
    district_targets = document.get("targets") == DISTRICT_TARGETS
    if district_targets:
        document["targets"] = {}
    first_year = (
        base_year + 1 if isinstance(base_year, int) and not isinstance(base_year, bool) else None
    )
    try:
        scenario = Scenario.model_validate(document, context={"first_year": first_year})
    except pydantic.ValidationError as error:
        raise _first_error(file, error) from None
    except RecursionError:
        raise InputError(file, "", "scenario nested too deeply") from None
    if scenario.validation is not None and scenario.supply != Supply():
        raise InputError(
            file, "supply", "not used in a validation scenario (the validation block sets the beds)"
        )
    if district_targets:
        scenario = scenario.model_copy(
            update={
                "targets": _district_targets(pack, scenario.base_year, scenario.end_year),
                "targets_of_district": True,
            }
        )
    _check_schedule_years(file, scenario)
    _check_targets(file, scenario)
    _check_assumptions(file, scenario, data)
    return scenario
