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

import math

import numpy as np

from sim.model import rng
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec, PlacesSpec


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
