"""Goals files: what `sim optimise` must achieve, with which levers, at what probability.

A goals file names a base scenario, the levers the search may set (each with bounds and
a step), the goals (an indicator, the years it applies in, at least or at most a value,
and the probability with which it must hold), the cost to minimise and the settings of
the search. The schema and an example are in `docs/optimise.md`. A bad file raises
`InputError` naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from sim.catalogue import text
from sim.config.load import load_scenario
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import DistrictPack
from sim.config.scenario import MIN_POPULATION_SCALE, Scenario, Text, _first_error
from sim.config.yaml_files import read_yaml_mapping
from sim.errors import InputError
from sim.model.indicators import INDICATORS

#: Where a lever's value goes in a scenario's `supply:`, and whether it is set for each
#: year of the lever's years (a schedule) or once, from the first of them on.
LEVER_TARGETS: dict[str, str] = {
    "beds.add_nursing": "schedule",
    "beds.add_ordinary": "schedule",
    "beds.convert_to_nursing": "schedule",
    "centres.add": "schedule",
    "caregivers.hire_per_year": "from",
    "caregivers.certify_per_year": "from",
    "home_care.hire_per_year": "from",
    "home_care.certify_per_year": "from",
    "home_care.purchased_share": "from",
    "community_workers.certify_per_year": "from",
    "family_beds.add_per_year": "from",
    "consortia": "reached",
    "ltc.take_up": "scheme",
    # Sited by township (`sim.experiments.placement`): how many and where, each township
    # at most the lever's `max`; only with `candidates`.
    "day_care_centres.add": "sited",
    "village_centres.add": "sited",
}
#: Levers whose value is a share (0 to 1), not a whole number.
SHARE_LEVERS = frozenset({"home_care.purchased_share", "ltc.take_up"})
#: Levers that can be placed in candidate townships: the search sets how many (beds, hires)
#: and the placement where; sited levers (centres) are placed whole by the placement.
PLACEABLE_LEVERS = frozenset(
    {"beds.add_nursing", "home_care.hire_per_year", "day_care_centres.add", "village_centres.add"}
)
#: Indicators only the district has (a goal on them cannot name a township).
DISTRICT_ONLY = frozenset({"urban_rural_gap_beds", "urban_rural_gap_home_care"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Lever(_Strict):
    """A lever the search sets: `set` says where in the scenario, `min`..`max` by `step`."""

    id: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    set: str
    title: Text | None = None
    #: first and last year the value applies (schedules: every year; others: from the first)
    first_year: int | None = None
    last_year: int | None = None
    min: float = Field(ge=0)
    max: float
    step: float = Field(gt=0)
    #: townships where the lever's supply may go (codes, or `all`); None: the district's
    candidates: Literal["all"] | list[str] | None = None

    def problem(self) -> tuple[str, str] | None:
        """The first thing wrong with the lever: (its key, what was expected), or None."""
        if self.set not in LEVER_TARGETS:
            return "set", f"expected one of {', '.join(LEVER_TARGETS)}"
        if self.candidates is not None and self.set not in PLACEABLE_LEVERS:
            return "candidates", f"expected only on {', '.join(sorted(PLACEABLE_LEVERS))}"
        if self.sited and self.candidates is None:
            return "candidates", f"{self.set} is placed by township: give candidates or all"
        if self.max < self.min:
            return "max", "expected at least min"
        if self.set in SHARE_LEVERS and self.max > 1:
            return "max", "expected at most 1 (a share)"
        if (self.first_year is not None and self.last_year is not None
                and self.last_year < self.first_year):  # fmt: skip
            return "last_year", "expected at least first_year"
        steps = (self.max - self.min) / self.step
        if abs(steps - round(steps)) > 1e-9:
            return "step", "expected max - min to be a whole number of steps"
        return None

    def name(self, lang: str) -> str:
        """The lever's title in `lang` (its file's, else the name of what it sets)."""
        if self.title is not None:
            return self.title.zh if lang == "zh" else self.title.en
        return text(f"config.lever.{self.set}", lang)

    @property
    def steps(self) -> int:
        """How many steps lie between min and max."""
        return round((self.max - self.min) / self.step)

    @property
    def sited(self) -> bool:
        """Placed whole by township (how many and where), not set by the search."""
        return LEVER_TARGETS.get(self.set) == "sited"

    @property
    def placed(self) -> bool:
        """Set by the search (how many) and placed by township (where)."""
        return self.candidates is not None and not self.sited


class Goal(_Strict):
    """An indicator that must be at least (or at most) a value in each of its years, with a
    probability."""

    indicator: str
    #: one year, or every year from `year` to `to_year`
    year: int
    to_year: int | None = None
    at_least: float | None = None
    at_most: float | None = None
    probability: float | None = Field(default=None, gt=0, lt=1)
    #: a township's code: the goal is that township's (the base runs by township);
    #: `each`: one goal per township
    area: str | None = None

    @pydantic.model_validator(mode="after")
    def _check(self) -> Goal:
        if self.indicator not in INDICATORS:
            raise ValueError("indicator: unknown indicator (see `sim indicators`)")
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError("give one of at_least or at_most")
        better = INDICATORS[self.indicator].higher_is_better
        if better is None:
            raise ValueError("indicator: has no better direction, so it cannot be a goal")
        if (self.at_least is not None) != bool(better):
            word = "at_least" if better else "at_most"
            raise ValueError(f"expected {word} for {self.indicator} (the way it gets better)")
        if self.to_year is not None and self.to_year < self.year:
            raise ValueError("to_year: expected a year not before year")
        return self

    @property
    def years(self) -> list[int]:
        """Every year the goal applies in."""
        return list(range(self.year, (self.to_year or self.year) + 1))

    @property
    def value(self) -> float:
        """The target value."""
        return float(self.at_least if self.at_least is not None else self.at_most)  # type: ignore[arg-type]

    @property
    def higher(self) -> bool:
        """True when the indicator must be at least the value."""
        return self.at_least is not None


class Objective(_Strict):
    """The cost to minimise: public or total, summed over the plan period, discounted."""

    cost: Literal["public", "total"] = "public"
    discount_rate: float = Field(default=0.0, ge=0, le=0.2)


class Search(_Strict):
    """How hard the search looks (replications of the model at each step)."""

    design_points: int = Field(default=16, ge=4, le=200)
    replications: int = Field(default=8, ge=2, le=200)
    check_replications: int = Field(default=20, ge=2, le=500)
    verification_replications: int = Field(default=40, ge=2, le=1000)
    verification_seed: int = Field(default=4040, ge=0)
    rounds: int = Field(default=4, ge=1, le=20)
    frontier: list[float] = Field(default_factory=lambda: [0.5, 0.8, 0.9, 0.95])
    population_scale: float = Field(default=1.0, ge=MIN_POPULATION_SCALE, le=1)
    seed: int = Field(default=2026, ge=0)


def _optimised_plan_title() -> Text:
    """An optimised plan's title when its goals file gives none."""
    return Text(zh=text("config.optimised_plan", "zh"), en=text("config.optimised_plan", "en"))


class Placement(_Strict):
    """Settings of the placement by township (`docs/placement.md`)."""

    #: a bed seeker's need counts as served by beds at most this many minutes away
    bed_travel_minutes: float = Field(default=60.0, gt=0)
    #: the year sited centres open (default: the first year of the plan period)
    year: int | None = None


class GoalsFile(_Strict):
    """A whole goals file."""

    base: str
    name: str = Field(default="optimised", pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Text = Field(default_factory=_optimised_plan_title)
    probability: float = Field(default=0.9, gt=0, lt=1)
    objective: Objective = Field(default_factory=Objective)
    levers: list[Lever] = Field(min_length=1)
    goals: list[Goal] = Field(min_length=1)
    search: Search = Field(default_factory=Search)
    placement: Placement = Field(default_factory=Placement)


#: What a placement adds to a scenario's `supply.townships` for lever values (by id) at a
#: population scale; set by `sim.experiments.placement_plan.attach_placement`.
TownshipSupply = Callable[[dict[str, float], float], dict[str, Any]]


class Goals:
    """A checked goals file with its base scenario and that scenario's district pack
    loaded."""

    def __init__(
        self, spec: GoalsFile, path: Path, base: Scenario, base_path: Path, pack: DistrictPack
    ) -> None:
        self.spec = spec
        self.path = path
        self.base = base
        self.base_path = base_path
        self.pack = pack
        #: levers placed whole by township (centres), kept out of the search's levers
        self.sited: list[Lever] = []
        self.township_supply: TownshipSupply | None = None
        #: what the placement by township decided (`sim.experiments.placement_plan`)
        self.placement: Any = None

    @property
    def first_year(self) -> int:
        """The first year of the plan period (the year after the base year)."""
        return self.base.base_year + 1

    @property
    def last_year(self) -> int:
        """The last year any goal applies in: the end of the plan period."""
        return max(year for goal in self.spec.goals for year in goal.years)

    def probability(self, goal: Goal) -> float:
        """The probability a goal must hold with."""
        return goal.probability if goal.probability is not None else self.spec.probability

    def lever_years(self, lever: Lever) -> list[int]:
        """The years a lever's value applies in."""
        first = lever.first_year or self.first_year
        last = lever.last_year or self.last_year
        return list(range(first, last + 1))


def load_goals(path: str | Path) -> Goals:
    """Read and check the goals file at `path` and the base scenario it names."""
    path = Path(path)
    document = read_yaml_mapping(path)
    try:
        spec = GoalsFile.model_validate(document)
    except pydantic.ValidationError as error:
        raise _first_error(str(path), error) from None
    for index, lever in enumerate(spec.levers):
        problem = lever.problem()
        if problem is not None:
            raise InputError(str(path), f"levers.{index}.{problem[0]}", problem[1])
    base_path = (path.parent / spec.base).resolve()
    if not base_path.is_file():
        raise InputError(str(path), "base", f"scenario file not found: {spec.base}")
    base = load_scenario(base_path)
    pack = load_pack(base.district)
    file = str(path)
    ids = [lever.id for lever in spec.levers]
    if len(set(ids)) != len(ids):
        raise InputError(file, "levers", "a lever id is listed twice")
    targets = [lever.set for lever in spec.levers]
    if len(set(targets)) != len(targets):
        raise InputError(file, "levers", "two levers set the same thing")
    goals = Goals(spec, path, base, base_path, pack)
    _check_against_base(file, goals)
    goals.spec = spec.model_copy(update={"goals": _expand_each(spec.goals, goals)})
    duplicate = _duplicate_goal(goals.spec.goals)
    if duplicate is not None:
        raise InputError(file, *duplicate)
    goals.sited = [lever for lever in spec.levers if lever.sited]
    searched = [lever for lever in spec.levers if not lever.sited]
    if not searched:
        raise InputError(file, "levers", "expected at least one lever the search sets")
    goals.spec = goals.spec.model_copy(update={"levers": searched})
    return goals


def _expand_each(goals: list[Goal], loaded: Goals) -> list[Goal]:
    """Each goal with `area: each` as one goal per township (in the pack's order)."""
    places = loaded.pack.places
    expanded: list[Goal] = []
    for goal in goals:
        if goal.area == "each" and places is not None:
            expanded += [goal.model_copy(update={"area": code}) for code in places.codes]
        else:
            expanded.append(goal)
    return expanded


def _check_against_base(file: str, goals: Goals) -> None:
    """The goals' and levers' years within the base scenario's horizon, a scheme lever only
    with a scheme to set, and the frontier's probabilities."""
    spec, base = goals.spec, goals.base
    for index, goal in enumerate(spec.goals):
        if goal.year <= base.base_year or goal.years[-1] > base.end_year:
            raise InputError(
                file, f"goals.{index}.year",
                f"expected years after the base year {base.base_year} up to {base.end_year}",
            )  # fmt: skip
    _check_areas(file, goals)
    for index, lever in enumerate(spec.levers):
        if LEVER_TARGETS[lever.set] == "scheme" and base.ltc is None:
            raise InputError(
                file, f"levers.{index}.set",
                f"{lever.set} needs a long-term-care scheme (ltc:) in the base scenario",
            )  # fmt: skip
        years = goals.lever_years(lever)
        if not years or years[0] <= base.base_year or years[-1] > base.end_year:
            raise InputError(
                file, f"levers.{index}.first_year",
                f"expected years after the base year {base.base_year} up to {base.end_year}",
            )  # fmt: skip
    for index, p in enumerate(spec.search.frontier):
        if not 0 < p < 1:
            raise InputError(file, f"search.frontier.{index}", "expected a probability in (0, 1)")


def _check_areas(file: str, goals: Goals) -> None:
    """A goal that names a township names one of the base's, and the base runs by
    township."""
    from sim.config.places import uses_townships

    places = goals.pack.places
    by_township = places is not None and uses_townships(goals.base, goals.pack)
    for index, goal in enumerate(goals.spec.goals):
        if goal.area is None:
            continue
        if goal.indicator in DISTRICT_ONLY:
            raise InputError(
                file, f"goals.{index}.area",
                f"{goal.indicator} is the district's only: a goal on it cannot name an area",
            )  # fmt: skip
        if not by_township or places is None:
            raise InputError(
                file, f"goals.{index}.area",
                "the base scenario runs as one pool: a goal can name a township only when "
                "it runs by township (docs/places.md)",
            )  # fmt: skip
        if goal.area != "each" and goal.area not in places.codes:
            raise InputError(
                file, f"goals.{index}.area",
                f"unknown township {goal.area!r} (known: {', '.join(places.codes)})",
            )  # fmt: skip
    for index, lever in enumerate(goals.spec.levers):
        if not isinstance(lever.candidates, list):
            if lever.candidates == "all" and not by_township:
                raise InputError(file, f"levers.{index}.candidates",
                                 "the base scenario runs as one pool: nothing can be placed "
                                 "by township (docs/places.md)")  # fmt: skip
            continue
        known = places.codes if by_township and places is not None else ()
        for code in lever.candidates:
            if code not in known:
                raise InputError(
                    file, f"levers.{index}.candidates",
                    f"unknown township {code!r} (known: {', '.join(known) or 'none'})",
                )  # fmt: skip
    year = goals.spec.placement.year
    if year is not None and not goals.base.base_year < year <= goals.base.end_year:
        raise InputError(
            file, "placement.year",
            f"expected a year after the base year {goals.base.base_year} up to "
            f"{goals.base.end_year}",
        )  # fmt: skip


def _duplicate_goal(goals: list[Goal]) -> tuple[str, str] | None:
    """The first goal that repeats an earlier one's indicator in one of its years (and
    area, where goals name one): (its key, what is wrong), or None.

    Each (indicator, year) is one target of the plan, and the search keeps one row per
    target: two goals on one target would leave it two values to meet.
    """
    first_by_target: dict[tuple[str, str | None, int], int] = {}
    for index, goal in enumerate(goals):
        area = goal.area
        for year in goal.years:
            earlier = first_by_target.setdefault((goal.indicator, area, year), index)
            if earlier != index:
                where = f" in {area}" if area is not None else ""
                return (
                    f"goals.{index}",
                    f"a second goal on {goal.indicator} in {year}{where} (the first is "
                    f"goals.{earlier}); give each indicator and year one goal",
                )
    return None


def plan_supply(goals: Goals, values: dict[str, float]) -> dict[str, Any]:
    """The `supply:` entries that put lever `values` (by id) into a scenario."""
    supply: dict[str, Any] = {}
    base_consortia = _base_consortia(goals)
    for lever in goals.spec.levers:
        if lever.placed:
            continue  # by township: see plan_changes
        value = values[lever.id]
        whole = float(value) if lever.set in SHARE_LEVERS else round(value)
        years = goals.lever_years(lever)
        kind = LEVER_TARGETS[lever.set]
        if kind == "scheme":
            continue  # not supply: see plan_changes
        if kind == "schedule":
            section, key = lever.set.split(".")
            if whole == 0 and not getattr(goals.base.supply, section):
                continue  # nothing to add, and nothing of the base's to override
            entries = supply.setdefault(section, {})
            for year in years:
                entries.setdefault(year, {})[key] = whole
        elif kind == "from":
            section, key = lever.set.split(".")
            supply.setdefault(section, {})[key] = {years[0]: whole}
        else:  # consortia: reached in the last year, evenly from the base year's count
            count = len(years)
            supply["consortia"] = {
                year: round(base_consortia + (whole - base_consortia) * (i + 1) / count)
                for i, year in enumerate(years)
            }
    return supply


def plan_changes(
    goals: Goals, values: dict[str, float], population_scale: float | None = None
) -> dict[str, Any]:
    """What lever `values` (by id) change in the base scenario: its `supply:` (with what
    the placement puts in townships, placed for a run at `population_scale`, by default
    the base's) and, with an insurance lever, the take-up of its long-term-care scheme
    (`ltc:`)."""
    changes: dict[str, Any] = {"supply": plan_supply(goals, values)}
    if goals.township_supply is not None:
        scale = population_scale or goals.base.population_scale
        townships = goals.township_supply(values, scale)
        if townships:
            changes["supply"]["townships"] = townships
    for lever in goals.spec.levers:
        if LEVER_TARGETS[lever.set] == "scheme":
            section, key = lever.set.split(".")
            changes.setdefault(section, {})[key] = float(values[lever.id])
    return changes


def _base_consortia(goals: Goals) -> int:
    from sim.config.resolve import scenario_base_state

    return int(scenario_base_state(goals.base, goals.pack)["consortia"].value)


def plan_targets(goals: Goals) -> dict[str, dict[int, float]]:
    """The district's goals as a scenario's `targets:` (every year of each goal; a
    township's goal is the district's target of nothing, and goals.csv reports it)."""
    targets: dict[str, dict[int, float]] = {}
    for goal in goals.spec.goals:
        if goal.area is not None:
            continue
        for year in goal.years:
            targets.setdefault(goal.indicator, {})[year] = goal.value
    return targets
