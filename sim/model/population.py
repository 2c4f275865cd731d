"""Life courses: who is aged 60+, in which health state, on each day.

Everyone registered and aged 60+ at the end of the base year, and everyone who
turns 60 before the horizon ends, is one person with a sex, an age and a health
state (independent, partially disabled, fully disabled, dead). Each person's
next transition is sampled as a time-to-event from piecewise-constant hazards
that change at 5-year age bands (and, when consortia change worsening, at year
ends): no yearly tick. Sampling is vectorised over everyone at once.

A life course does not depend on the care a person receives (an explicit
assumption); the only exception is the scenario's consortium effect on
worsening, which is zero by default.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model import rng
from sim.model.calendar import DAYS_PER_YEAR
from sim.model.spec import (
    AGE_BAND_STARTS,
    BAND_WIDTH_YEARS,
    N_AGE_BANDS,
    SEXES,
    HealthSpec,
    ModelSpec,
    PopulationSpec,
)
from sim.model.states import CENSORED, Health

FIRST_AGE = AGE_BAND_STARTS[0]


@dataclass(frozen=True, eq=False)
class LifeCourses:
    """Sampled people and their health episodes.

    Per person: `sex` (0 male, 1 female), `age_at_start_years` (age on day 0, may be
    under 60 for those who enter later), `entry_day` (day they turn 60, 0 for the
    base-year population). Per episode, sorted by person then start: `episode_person`,
    `episode_state` (a living `Health`), `episode_start_day`, `episode_end_day` (inf
    when still running at the horizon) and `episode_next_state` (the next state,
    `Health.DEAD` for death, `CENSORED` when still running at the horizon).
    """

    sex: np.ndarray
    age_at_start_years: np.ndarray
    entry_day: np.ndarray
    episode_person: np.ndarray
    episode_state: np.ndarray
    episode_start_day: np.ndarray
    episode_end_day: np.ndarray
    episode_next_state: np.ndarray
    horizon_day: float

    @property
    def n_people(self) -> int:
        """People sampled, including entrants who die before 60 are left out already."""
        return len(self.sex)

    def state_counts_at(self, day: float) -> np.ndarray:
        """People alive and aged 60+ at `day`, by state: [independent, partial, full]."""
        alive = (self.episode_start_day <= day) & (self.episode_end_day > day)
        return np.bincount(self.episode_state[alive], minlength=3)

    def state_counts_by_band_at(self, day: float) -> np.ndarray:
        """People alive and aged 60+ at `day`, [age band, state]."""
        alive = (self.episode_start_day <= day) & (self.episode_end_day > day)
        person = self.episode_person[alive]
        age = self.age_at_start_years[person] + day / DAYS_PER_YEAR
        band = age_band_index(age)
        counts = np.zeros((N_AGE_BANDS, 3), dtype=np.int64)
        np.add.at(counts, (band, self.episode_state[alive]), 1)
        return counts


def age_band_index(age_years: np.ndarray) -> np.ndarray:
    """Index into `AGE_BAND_STARTS` for ages 60+ (the last band is open)."""
    index = (np.asarray(age_years) - FIRST_AGE) // BAND_WIDTH_YEARS
    band: np.ndarray = np.clip(index, 0, N_AGE_BANDS - 1).astype(np.int64)
    return band


def _people(
    population: PopulationSpec, horizon_years: float, seed: int, replication: int
) -> tuple[np.ndarray, np.ndarray]:
    """(sex, age on day 0) of the base-year 60+ population followed by the entrants."""
    counts = population.cohort_persons
    ages_rng = rng.stream(seed, replication, "population_ages")
    sex = np.repeat(population.cohort_sex, counts)
    age = (
        np.repeat(population.cohort_age_start_years, counts)
        + ages_rng.random(counts.sum()) * BAND_WIDTH_YEARS
    )
    # Base-year population first, so that entrants never shift its draws.
    first = np.argsort(age < FIRST_AGE, kind="stable")
    sex, age = sex[first], age[first]

    entrant = age < FIRST_AGE
    years_to_60 = FIRST_AGE - age
    within = ~entrant | (years_to_60 <= horizon_years)
    entrants_rng = rng.stream(seed, replication, "population_entrants")
    survival = (1 - population.death_probability_per_year_before_60) ** np.maximum(years_to_60, 0)
    survives = ~entrant | (entrants_rng.random(len(age)) < survival)
    keep = within & survives
    return sex[keep].astype(np.int8), age[keep]


def sample_life_courses(spec: ModelSpec, replication: int) -> LifeCourses:
    """Sample every person's life course from day 0 to the end of the spec's horizon."""
    horizon_day = spec.calendar.year_end_day(spec.end_year)
    sex, age0 = _people(spec.population, float(spec.n_years), spec.seed, replication)
    n = len(sex)
    entry_day = np.maximum(FIRST_AGE - age0, 0.0) * DAYS_PER_YEAR
    entry_age = np.maximum(age0, FIRST_AGE)

    initial_rng = rng.stream(spec.seed, replication, "health_initial")
    cumulative = np.cumsum(spec.health.initial_prevalence, axis=1)[age_band_index(entry_age)]
    state = (initial_rng.random(n)[:, None] > cumulative).sum(axis=1).astype(np.int8)

    return sample_episodes(
        sex=sex,
        age_at_start_years=age0,
        entry_day=entry_day,
        entry_state=state,
        health=spec.health,
        horizon_day=horizon_day,
        clocks=rng.PersonDraws(spec.seed, replication, "life_course", n),
        destinations=rng.PersonDraws(spec.seed, replication, "life_course_destination", n),
    )


def _next_change_year(multiplier: np.ndarray) -> np.ndarray:
    """For each simulated year, the index of the next year whose multiplier differs from it
    (len(multiplier) when none does): only there do the hazards change."""
    following = np.full(len(multiplier), len(multiplier), dtype=np.int64)
    for year in range(len(multiplier) - 2, -1, -1):
        following[year] = (
            year + 1 if multiplier[year + 1] != multiplier[year] else following[year + 1]
        )
    return following


def sample_episodes(
    *,
    sex: np.ndarray,
    age_at_start_years: np.ndarray,
    entry_day: np.ndarray,
    entry_state: np.ndarray,
    health: HealthSpec,
    horizon_day: float,
    clocks: rng.PersonDraws,
    destinations: rng.PersonDraws,
) -> LifeCourses:
    """Health episodes of people who enter (aged 60+) on `entry_day` in `entry_state`.

    Each person's k-th transition happens when the hazard of leaving their current
    state, integrated from the previous transition, reaches a unit-exponential
    clock (draw k of `clocks`); where it goes is chosen in proportion to the
    hazards at that moment (draw k of `destinations`). The hazards
    (`health.hazards_per_year[sex, band, from, to]`) are constant between age-band
    boundaries and the years in which the worsening multiplier changes, so the
    integral is a sum over those pieces; crossing a boundary uses no draw.

    Every draw belongs to one person and one transition number, so a person's life
    course depends only on their own draws and hazards: an effect that changes
    some people's hazards changes no one else's life course, and an effect of zero
    magnitude changes nothing at all (common random numbers).
    """
    multiplier = health.worsening_multiplier_by_year
    hazards = _Hazards(
        per_year=health.hazards_per_year,
        multiplier=multiplier,
        next_change=None if multiplier is None else _next_change_year(multiplier),
    )
    n = len(sex)
    entry_age = age_at_start_years + entry_day / DAYS_PER_YEAR
    active = entry_day < horizon_day
    person = np.arange(n)[active]
    followed = _Followed(
        person=person,
        day=entry_day[active].astype(float),
        age=entry_age[active].astype(float),
        state=entry_state[active].astype(np.int8),
        episode_start=entry_day[active].astype(float).copy(),
        transitions=np.zeros(len(person), dtype=np.int64),  # transitions each person has had
        clock=-np.log1p(-clocks.take(person, 0)),  # cumulative hazard left before the next one
    )
    pieces: list[tuple[np.ndarray, ...]] = [
        (
            np.empty(0, np.int64),
            np.empty(0, np.int8),
            np.empty(0),
            np.empty(0),
            np.empty(0, np.int8),
        )
    ]
    while len(followed.person):
        followed = _step(followed, sex, hazards, horizon_day, clocks, destinations, pieces)

    columns = [np.concatenate(parts) for parts in zip(*pieces, strict=True)]
    order = np.lexsort((columns[2], columns[0]))
    return LifeCourses(
        sex=sex,
        age_at_start_years=age_at_start_years,
        entry_day=entry_day,
        episode_person=columns[0][order].astype(np.int64),
        episode_state=columns[1][order].astype(np.int8),
        episode_start_day=columns[2][order],
        episode_end_day=columns[3][order],
        episode_next_state=columns[4][order].astype(np.int8),
        horizon_day=horizon_day,
    )


#: Transitions that are a worsening of health: [from living state, to state (dead last)].
WORSENING = np.zeros((3, 4), dtype=bool)
WORSENING[Health.INDEPENDENT, Health.PARTIAL] = True
WORSENING[Health.INDEPENDENT, Health.FULL] = True
WORSENING[Health.PARTIAL, Health.FULL] = True


@dataclass(frozen=True, eq=False)
class _Hazards:
    """Hazards per year [sex, band, from, to], and the worsening multiplier per simulated
    year with, for each year, the next year in which it changes (both None when 1)."""

    per_year: np.ndarray
    multiplier: np.ndarray | None
    next_change: np.ndarray | None


@dataclass(frozen=True, eq=False)
class _Followed:
    """The people still followed, one entry each: where their current episode stands."""

    person: np.ndarray
    day: np.ndarray
    age: np.ndarray
    state: np.ndarray
    episode_start: np.ndarray
    transitions: np.ndarray
    #: cumulative hazard left before the next transition
    clock: np.ndarray


def _rates_to_boundary(
    followed: _Followed, sex: np.ndarray, hazards: _Hazards
) -> tuple[np.ndarray, np.ndarray]:
    """Each person's hazards per year [person, to state] now, and the days until they
    next change (an age band or a change of the worsening multiplier)."""
    age, day, state = followed.age, followed.day, followed.state
    band = age_band_index(age)
    rates = hazards.per_year[sex[followed.person], band, state]
    next_band_age = np.where(
        band < N_AGE_BANDS - 1, FIRST_AGE + BAND_WIDTH_YEARS * (band + 1), np.inf
    )
    to_boundary = (next_band_age - age) * DAYS_PER_YEAR
    multiplier, next_change = hazards.multiplier, hazards.next_change
    if multiplier is not None and next_change is not None:
        year_index = np.minimum((day // DAYS_PER_YEAR).astype(np.int64), len(multiplier) - 1)
        rates = rates * np.where(WORSENING[state], multiplier[year_index][:, None], 1.0)
        change_day = np.where(
            next_change[year_index] < len(multiplier),
            next_change[year_index] * DAYS_PER_YEAR,
            np.inf,
        )
        to_boundary = np.minimum(to_boundary, change_day - day)
    return rates, to_boundary


def _step(
    followed: _Followed,
    sex: np.ndarray,
    hazards: _Hazards,
    horizon_day: float,
    clocks: rng.PersonDraws,
    destinations: rng.PersonDraws,
    pieces: list[tuple[np.ndarray, ...]],
) -> _Followed:
    """Move everyone followed to their next transition, age-band boundary or the horizon;
    append the episodes that end to `pieces` and return the people still followed."""
    person, day, age, state = followed.person, followed.day, followed.age, followed.state
    episode_start, transitions, clock = (
        followed.episode_start, followed.transitions, followed.clock,
    )  # fmt: skip
    rates, to_boundary = _rates_to_boundary(followed, sex, hazards)
    total = rates.sum(axis=1)
    to_horizon = horizon_day - day
    with np.errstate(divide="ignore"):  # no hazard at all: the event never comes
        wait = clock / total * DAYS_PER_YEAR

    event = (wait < to_boundary) & (wait < to_horizon)
    cross = ~event & (to_boundary < to_horizon)
    censor = ~event & ~cross

    pick = destinations.take(person[event], transitions[event])
    cumulative_rates = np.cumsum(rates[event], axis=1) / total[event][:, None]
    destination = (pick[:, None] > cumulative_rates).sum(axis=1)
    destination = np.minimum(destination, Health.DEAD).astype(np.int8)  # rounding guard
    event_day = day[event] + wait[event]
    pieces.append((person[event], state[event], episode_start[event], event_day, destination))
    pieces.append(
        (
            person[censor], state[censor], episode_start[censor],
            np.full(int(censor.sum()), np.inf), np.full(int(censor.sum()), CENSORED, np.int8),
        )
    )  # fmt: skip

    # Survivors of a transition start a new episode with a new clock; people crossing
    # a boundary continue theirs with the hazard spent so far taken off the clock.
    moved = event.copy()
    moved[event] = destination != Health.DEAD
    carry = moved | cross
    new_day = np.where(event, day + wait, day + to_boundary)
    new_age = age + (new_day - day) / DAYS_PER_YEAR
    new_state = state.copy()
    new_state[event] = destination
    new_start = np.where(event, new_day, episode_start)
    new_transitions = transitions + event
    new_clock = clock.copy()
    new_clock[cross] -= total[cross] * to_boundary[cross] / DAYS_PER_YEAR
    if moved.any():
        new_clock[moved] = -np.log1p(-clocks.take(person[moved], new_transitions[moved]))
    return _Followed(
        person=person[carry], day=new_day[carry], age=new_age[carry], state=new_state[carry],
        episode_start=new_start[carry], transitions=new_transitions[carry],
        clock=new_clock[carry],
    )  # fmt: skip


def population_pyramid(courses: LifeCourses, day: float) -> pd.DataFrame:
    """People alive and aged 60+ at `day` (persons), by 5-year age band and sex.

    Index `age_band` ("60-64", ..., "95+"), columns `male` and `female`. Counts are
    of simulated people, so a run with a population scale below 1 gives scaled counts.
    """
    alive = (courses.episode_start_day <= day) & (courses.episode_end_day > day)
    person = courses.episode_person[alive]
    band = age_band_index(courses.age_at_start_years[person] + day / DAYS_PER_YEAR)
    counts = np.zeros((N_AGE_BANDS, len(SEXES)), dtype=np.int64)
    np.add.at(counts, (band, courses.sex[person]), 1)
    labels = [
        f"{start}-{start + BAND_WIDTH_YEARS - 1}" if band_index < N_AGE_BANDS - 1 else f"{start}+"
        for band_index, start in enumerate(AGE_BAND_STARTS)
    ]
    return pd.DataFrame(counts, index=pd.Index(labels, name="age_band"), columns=list(SEXES))
