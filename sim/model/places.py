"""Places: each person's home township, and which townships' homes a bed seeker accepts.

Both are drawn from their own named streams (`home_township`, `bed_travel`), one
uniform per person and per care episode, so that a change to supply in one township
leaves every other draw where it was (common random numbers).

A bed seeker accepts a home `m` minutes away with probability exp(-m / tolerance),
`tolerance` being the parameter `bed_travel_tolerance_minutes`. One uniform `u` per
episode decides every township at once: those with m <= -tolerance * ln(u) are
accepted. So a seeker who accepts a far township accepts every nearer one, and the
home township (m = 0) always.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np

from sim.model import rng
from sim.model.care.record import YearlyRecord
from sim.model.population import LifeCourses
from sim.model.spec import CapacitySchedule, ModelSpec, PlacesSpec


def home_areas(spec: ModelSpec, courses: LifeCourses, replication: int) -> np.ndarray:
    """Each person's home township (index into `spec.places.codes`), by person index:
    drawn with the townships' shares of the people aged 60+; all 0 without places."""
    places = spec.places
    if places is None or places.n_areas == 1:
        return np.zeros(courses.n_people, dtype=np.int64)
    uniforms = rng.stream(spec.seed, replication, "home_township").random(courses.n_people)
    cumulative = np.cumsum(places.share_60plus)
    cumulative[-1] = 1.0  # the shares sum to 1 up to rounding
    return np.searchsorted(cumulative, uniforms, side="right").astype(np.int64)


def travel_tolerances(spec: ModelSpec, n_episodes: int, replication: int) -> np.ndarray | None:
    """Each care episode's travel tolerance in minutes (-tolerance * ln u); None without
    places or with one township (every seeker takes the one township)."""
    places = spec.places
    if places is None or places.n_areas == 1:
        return None
    uniforms = rng.stream(spec.seed, replication, "bed_travel").random(n_episodes)
    scale = spec.parameters.bed_travel_tolerance_minutes
    with np.errstate(divide="ignore"):
        return -scale * np.log(uniforms)


def acceptance_probability(minutes: float | np.ndarray, tolerance_minutes: float) -> np.ndarray:
    """The chance that a bed seeker accepts a home `minutes` away: exp(-minutes /
    tolerance)."""
    return np.exp(-np.asarray(minutes, dtype=float) / tolerance_minutes)


class Routing:
    """For each home township, the townships in order of travel minutes (home first)."""

    __slots__ = ("minutes", "order")

    def __init__(self, places: PlacesSpec) -> None:
        travel = np.asarray(places.travel_minutes, dtype=float)
        n = places.n_areas
        self.order: list[list[int]] = []
        self.minutes: list[list[float]] = []
        for home in range(n):
            # The home township first (no travel to be accepted), then by minutes; ties
            # by index, so the order does not depend on floating-point sorting.
            others = sorted(
                (float(travel[home, other]), other) for other in range(n) if other != home
            )
            self.order.append([home] + [other for _, other in others])
            self.minutes.append([0.0] + [minutes for minutes, _ in others])

    def accepted(self, home: int, tolerance_minutes: float) -> tuple[int, ...]:
        """Townships whose homes a seeker from `home` accepts, nearest first."""
        minutes = self.minutes[home]
        order = self.order[home]
        if math.isinf(tolerance_minutes):
            return tuple(order)
        count = 1
        while count < len(order) and minutes[count] <= tolerance_minutes:
            count += 1
        return tuple(order[:count])


def spread(total: int, weights: np.ndarray) -> np.ndarray:
    """`total` shared out in proportion to `weights`: whole numbers summing to `total`
    exactly (largest remainders; ties go to the lower index). A unit of weight zero gets
    nothing, unless every weight is zero: then `total` is spread evenly."""
    values = np.asarray(weights, dtype=float)
    if total < 0 or int(total) != total:
        raise ValueError(f"expected a whole total >= 0, got {total!r}")
    if values.ndim != 1 or not np.isfinite(values).all() or (values < 0).any():
        raise ValueError("expected a row of finite weights >= 0")
    if len(values) == 0:
        if total:
            raise ValueError("cannot spread a total over no units")
        return np.zeros(0, dtype=np.int64)
    if values.sum() == 0:
        values = np.ones_like(values)
    quotas = int(total) * values / values.sum()
    whole: np.ndarray = np.floor(quotas).astype(np.int64)
    left = int(total) - int(whole.sum())
    remainders = np.where(values > 0, quotas - whole, -1.0)
    order = np.lexsort((np.arange(len(values)), -remainders))
    whole[order[:left]] += 1
    return whole


def courses_by_area(courses: LifeCourses, home_area: np.ndarray, n_areas: int) -> list[LifeCourses]:
    """The life courses of each township's people: their episodes only (in the order they
    have in `courses`), with person indices and per-person arrays as they are, so that
    per-person draws still match."""
    area = home_area[courses.episode_person]
    order = np.argsort(area, kind="stable")
    bounds = np.searchsorted(area[order], np.arange(n_areas + 1))
    columns = {
        name: getattr(courses, name)[order]
        for name in ("episode_person", "episode_state", "episode_start_day", "episode_end_day",
                     "episode_next_state")
    }  # fmt: skip
    return [
        replace(courses, **{name: values[start:end] for name, values in columns.items()})
        for start, end in itertools.pairwise(bounds)
    ]


def home_care_hours_factor(places: PlacesSpec, visit_hours: float) -> np.ndarray:
    """By township: a home-care worker's productive hours relative to the district's.

    Between visits a worker travels the township's internal minutes; the district's
    productive hours hold at the district's mean travel (weighted by people aged 60+),
    so a township with longer travel gets fewer hours and one with shorter more, and
    equal travel everywhere changes nothing."""
    travel_hours = np.diag(np.asarray(places.travel_minutes, dtype=float)) / 60.0
    mean_travel_hours = float(np.dot(places.share_60plus, travel_hours))
    factor: np.ndarray = (visit_hours + mean_travel_hours) / (visit_hours + travel_hours)
    return factor


def area_capacity(spec: ModelSpec, area: int) -> CapacitySchedule:
    """What the scenario builds, hires and trains in township `area`: its own bed changes
    and centres; the district's hiring ceilings and training split by the townships'
    shares (nursing homes by their workers, home care and centres by people aged 60+);
    consortia spread by people aged 60+."""
    places = spec.places
    assert places is not None
    capacity = spec.capacity
    homes, people = places.hiring_share[area], places.share_60plus[area]
    extra = capacity.extra_home_care_hires_by_area
    extra_trained = capacity.extra_home_care_certifications_by_area
    consortia = np.array(
        [spread(int(total), places.share_60plus)[area] for total in capacity.consortia_by_year]
    )
    return replace(
        capacity,
        bed_changes=tuple(c for c in capacity.bed_changes if c.area == area),
        centre_openings=tuple(c for c in capacity.centre_openings if c.area == area),
        consortia_by_year=consortia.astype(capacity.consortia_by_year.dtype),
        hires_per_year=np.asarray(capacity.hires_per_year) * homes,
        certifications_per_year=np.asarray(capacity.certifications_per_year) * homes,
        home_care_hires_per_year=np.asarray(capacity.home_care_hires_per_year) * people
        + (0.0 if extra is None else extra[:, area]),
        home_care_certifications_per_year=(
            np.asarray(capacity.home_care_certifications_per_year) * people
            + (0.0 if extra_trained is None else extra_trained[:, area])
        ),
        community_certifications_per_year=(
            np.asarray(capacity.community_certifications_per_year) * people
        ),
    )


def area_spec(spec: ModelSpec, area: int) -> ModelSpec:
    """The spec of township `area` as its channels and indicators read it: its starting
    state, its share of the registered population, its capacity, its villages and its
    home-care workers' productive hours."""
    places = spec.places
    assert places is not None
    p = spec.parameters
    hours = p.home_care_worker_hours_per_month * float(
        home_care_hours_factor(places, p.home_care_visit_hours)[area]
    )
    registered = spec.population.registered_total_by_year * places.share_registered[area]
    return replace(
        spec,
        parameters=replace(p, home_care_worker_hours_per_month=hours),
        population=replace(spec.population, registered_total_by_year=registered),
        initial=places.initial[area],
        capacity=area_capacity(spec, area),
        villages_and_communities=int(places.villages_and_communities[area]),
        places=None,
        # A township's own random streams are named by its code (one township is the
        # district, and keeps the district's streams).
        area_code=places.codes[area] if places.n_areas > 1 else "",
    )


#: Minutes of the 15-minute elderly-care service circle (15分钟养老服务圈).
SERVICE_CIRCLE_MINUTES = 15.0


def township_place_rows(
    spec: ModelSpec, area: int, rows: dict[str, np.ndarray], record: YearlyRecord
) -> dict[str, np.ndarray]:
    """The indicators of places for township `area` of `spec`, from its other indicators
    (`rows`) and its record.

    Within 15 minutes of a centre: everyone in a village or community with a centre,
    and of the rest, when the township has a regional centre at its seat, those within
    15 minutes of the seat. People are taken as spread evenly over a disc around the seat
    whose mean travel time is the township's internal minutes `m` (radius 1.5 m), so the
    share within 15 minutes is min(1, (15 / 1.5 m)^2) (an assumption: docs/places.md)."""
    places = spec.places
    assert places is not None
    start = places.initial[area]
    day_care = np.r_[record.start.day_care_centres, record.day_care_centres_end].astype(float)
    regional = (start.centres - start.village_centres > 0) | (day_care > 0)
    minutes = float(places.travel_minutes[area, area])
    # On a disc of people the mean distance is 2/3 of the radius.
    radius_minutes = 1.5 * minutes
    reach = min(1.0, (SERVICE_CIRCLE_MINUTES / radius_minutes) ** 2) if minutes > 0 else 1.0
    villages = rows["villages_with_centre"] / 100.0
    with np.errstate(invalid="ignore", divide="ignore"):
        travel = record.admitted_travel_minutes / record.admissions
    return {
        "townships": np.ones(len(day_care)),
        "townships_with_day_care_centre": (day_care > 0).astype(float),
        "township_centre_coverage": 100.0 * (day_care > 0),
        "within_15_min_centre": 100.0 * (villages + (1 - villages) * regional * reach),
        "travel_minutes_admitted": np.r_[np.nan, np.where(record.admissions > 0, travel, np.nan)],
    }


def urban_rural_gaps(
    places: PlacesSpec, townships: list[dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Elderly-care beds per 1,000 people aged 60+ (civil-affairs definition) and the share
    of home-care hours needed that were given, in the 街道 minus in the 镇 and 乡 (each
    from the groups' summed parts)."""

    def part(name: str, urban: bool) -> np.ndarray:
        chosen = [t[name] for t, u in zip(townships, places.urban, strict=True) if u == urban]
        total: np.ndarray = np.sum(chosen, axis=0)
        return total

    with np.errstate(invalid="ignore", divide="ignore"):
        beds = {
            u: 1000.0 * part("elderly_care_beds", u) / part("population_60plus", u)
            for u in (True, False)
        }
        care = {
            u: 100.0 * part("home_care_hours_delivered", u) / part("home_care_hours_needed", u)
            for u in (True, False)
        }
    return {
        "urban_rural_gap_beds": beds[True] - beds[False],
        "urban_rural_gap_home_care": care[True] - care[False],
    }
