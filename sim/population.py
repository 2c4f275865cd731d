"""Life courses: who is aged 60+, in which health state, on each day.

Everyone registered and aged 60+ at the end of 2020, and everyone who turns 60
before the horizon ends, is one person with a sex, an age and a health state
(independent, partially disabled, fully disabled, dead). Each person's next
transition is sampled as a time-to-event from piecewise-constant hazards that
change at 5-year age bands (and, when consortia change worsening, at year
ends): no yearly tick. Sampling is vectorised over everyone at once.

A life course does not depend on the care a person receives (an explicit
assumption); the only exception is the scenario's consortium effect on
worsening, which is zero by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim import rng
from sim.calendar import DAYS_PER_YEAR, START_YEAR, year_end_day
from sim.data import AGE_BAND_STARTS, DEAD, FULL, INDEPENDENT, PARTIAL, SEXES, DefaultData

N_BANDS = len(AGE_BAND_STARTS)
BAND_WIDTH_YEARS = 5
CENSORED = -1


@dataclass(frozen=True)
class LifeCourses:
    """Sampled people and their health episodes.

    Per person: `sex` (0 male, 1 female), `age_at_start_years` (age on day 0, may be
    under 60 for those who enter later), `entry_day` (day they turn 60, 0 for the
    2020 population). Per episode, sorted by person then start: `episode_person`,
    `episode_state` (0 independent, 1 partial, 2 full), `episode_start_day`,
    `episode_end_day` (inf when still running at the horizon) and
    `episode_next_state` (the next state, 3 for death, -1 when censored).
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
        counts = np.zeros((N_BANDS, 3), dtype=np.int64)
        np.add.at(counts, (band, self.episode_state[alive]), 1)
        return counts


def age_band_index(age_years: np.ndarray) -> np.ndarray:
    """Index into `AGE_BAND_STARTS` for ages 60+ (the last band is open)."""
    index = (np.asarray(age_years) - AGE_BAND_STARTS[0]) // BAND_WIDTH_YEARS
    return np.clip(index, 0, N_BANDS - 1).astype(np.int64)


def annual_hazards(data: DefaultData) -> np.ndarray:
    """Transition hazards per year, [sex, band, from state, to state (4, last = dead)].

    Annual probabilities p_ij (j != i, death included) become hazards by the
    competing-risks conversion: P_i = sum_j p_ij, lambda_i = -ln(1 - P_i),
    q_ij = lambda_i * p_ij / P_i. State mortality is the independent state's
    death hazard times the state's multiplier.
    """
    death_hazard_independent = -np.log1p(-data.death_probability_independent)  # [sex, band]
    hazards = np.zeros((len(SEXES), N_BANDS, 3, 4))
    for sex in range(len(SEXES)):
        probability = np.zeros((N_BANDS, 3, 4))
        probability[:, :, :3] = data.transition_probability
        death_hazard = death_hazard_independent[sex][:, None] * data.mortality_multiplier[None, :]
        probability[:, :, DEAD] = -np.expm1(-death_hazard)
        leave = probability.sum(axis=2, keepdims=True)
        hazards[sex] = -np.log1p(-leave) * probability / leave
    return hazards


def scenario_hazards(data: DefaultData, values: Mapping[str, float]) -> np.ndarray:
    """`annual_hazards` with the scenario's multipliers of death and of disability onset."""
    hazards = annual_hazards(data)
    hazards[..., DEAD] *= values["mortality_multiplier"]
    hazards[:, :, INDEPENDENT, PARTIAL] *= values["disability_prevalence_multiplier"]
    hazards[:, :, INDEPENDENT, FULL] *= values["disability_prevalence_multiplier"]
    return hazards


def initial_prevalence(data: DefaultData, values: Mapping[str, float]) -> np.ndarray:
    """Shares of [independent, partial, full] by age band at the start, after the multiplier."""
    shares = data.prevalence_2020.copy()
    shares[:, PARTIAL:] *= values["disability_prevalence_multiplier"]
    shares[:, PARTIAL:] = np.minimum(shares[:, PARTIAL:], 0.5)  # keeps independent >= 0
    shares[:, INDEPENDENT] = 1 - shares[:, PARTIAL:].sum(axis=1)
    return shares


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to `weights` that add up to `total` exactly."""
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    shortfall = total - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:shortfall]] += 1
    return counts


def _people(
    data: DefaultData, values: Mapping[str, float], scale: float, horizon_years: float,
    seed: int, replication: int,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(sex, age on day 0) of the 2020 60+ population followed by the entrants."""
    shape = data.population_shape.sort_values(["age_band_start", "sex"], kind="stable")
    bands = shape["age_band_start"].to_numpy()
    sexes = shape["sex"].map({s: i for i, s in enumerate(SEXES)}).to_numpy()
    weights = shape["persons_thousands"].to_numpy(float)
    older = bands >= AGE_BAND_STARTS[0]
    total_60plus = round(values["registered_60plus_2020"] * scale)
    counts = np.zeros(len(bands), dtype=np.int64)
    counts[older] = _largest_remainder(weights[older], total_60plus)
    # Younger cohorts use the same registered persons per census person.
    persons_per_weight = total_60plus / weights[older].sum()
    counts[~older] = np.round(weights[~older] * persons_per_weight).astype(np.int64)

    ages_rng = rng.stream(seed, replication, "population_ages")
    sex = np.repeat(sexes, counts)
    age = np.repeat(bands, counts) + ages_rng.random(counts.sum()) * BAND_WIDTH_YEARS
    # 2020 population first, so that entrants never shift its draws.
    first = np.argsort(age < AGE_BAND_STARTS[0], kind="stable")
    sex, age = sex[first], age[first]

    entrant = age < AGE_BAND_STARTS[0]
    years_to_60 = AGE_BAND_STARTS[0] - age
    within = ~entrant | (years_to_60 <= horizon_years)
    entrants_rng = rng.stream(seed, replication, "population_entrants")
    survival = (1 - values["death_probability_per_year_before_60"]) ** np.maximum(years_to_60, 0)
    survives = ~entrant | (entrants_rng.random(len(age)) < survival)
    keep = within & survives
    return sex[keep].astype(np.int8), age[keep]


def _worsening_multiplier(
    values: Mapping[str, float], consortia_by_year: np.ndarray | None, scale: float
) -> np.ndarray | None:
    """Hazard multiplier of worsening per simulated year, or None when it is 1 throughout."""
    reduction = values["consortium_worsening_reduction"]
    if reduction == 0 or consortia_by_year is None:
        return None
    people = values["registered_60plus_2020"] * scale
    covered = np.minimum(1.0, consortia_by_year[1:] * values["consortium_people_covered"] / people)
    return 1 - reduction * covered


def sample_life_courses(
    data: DefaultData,
    values: Mapping[str, float],
    *,
    seed: int,
    replication: int,
    end_year: int,
    scale: float = 1.0,
    consortia_by_year: np.ndarray | None = None,
) -> LifeCourses:
    """Sample every person's life course from day 0 to the end of `end_year`.

    `values` are the resolved parameters; `consortia_by_year` (2020 first) only
    matters when `consortium_worsening_reduction` is above zero.
    """
    horizon_day = year_end_day(end_year)
    horizon_years = float(end_year - START_YEAR)
    sex, age0 = _people(data, values, scale, horizon_years, seed, replication)
    n = len(sex)
    entry_day = np.maximum(AGE_BAND_STARTS[0] - age0, 0.0) * DAYS_PER_YEAR
    entry_age = np.maximum(age0, AGE_BAND_STARTS[0])

    initial_rng = rng.stream(seed, replication, "health_initial")
    cumulative = np.cumsum(initial_prevalence(data, values), axis=1)[age_band_index(entry_age)]
    state = (initial_rng.random(n)[:, None] > cumulative).sum(axis=1).astype(np.int8)

    return sample_episodes(
        sex=sex,
        age_at_start_years=age0,
        entry_day=entry_day,
        entry_state=state,
        hazards=scenario_hazards(data, values),
        horizon_day=horizon_day,
        generator=rng.stream(seed, replication, "life_course"),
        worsening_multiplier=_worsening_multiplier(values, consortia_by_year, scale),
    )


def sample_episodes(
    *,
    sex: np.ndarray,
    age_at_start_years: np.ndarray,
    entry_day: np.ndarray,
    entry_state: np.ndarray,
    hazards: np.ndarray,
    horizon_day: float,
    generator: np.random.Generator,
    worsening_multiplier: np.ndarray | None = None,
) -> LifeCourses:
    """Health episodes of people who enter (aged 60+) on `entry_day` in `entry_state`.

    Each person's next transition is a time-to-event under the hazards of their
    current state, sex and age band (`hazards[sex, band, from, to]`, per year);
    crossing an age band (or a year end, when `worsening_multiplier` varies by
    simulated year) redraws under the new hazards, which is exact for
    piecewise-constant hazards because the exponential has no memory.
    """
    worsening = np.zeros((3, 4), dtype=bool)
    worsening[INDEPENDENT, PARTIAL] = worsening[INDEPENDENT, FULL] = worsening[PARTIAL, FULL] = True
    multiplier = worsening_multiplier
    n = len(sex)
    entry_age = age_at_start_years + entry_day / DAYS_PER_YEAR
    active = entry_day < horizon_day
    person = np.arange(n)[active]
    day = entry_day[active].astype(float)
    age = entry_age[active].astype(float)
    state = entry_state[active].astype(np.int8)
    episode_start = day.copy()
    pieces: list[tuple[np.ndarray, ...]] = [
        (
            np.empty(0, np.int64),
            np.empty(0, np.int8),
            np.empty(0),
            np.empty(0),
            np.empty(0, np.int8),
        )
    ]
    while len(person):
        band = age_band_index(age)
        rates = hazards[sex[person], band, state]
        if multiplier is not None:
            year_index = np.minimum((day // DAYS_PER_YEAR).astype(np.int64), len(multiplier) - 1)
            rates = rates * np.where(worsening[state], multiplier[year_index][:, None], 1.0)
        total = rates.sum(axis=1)
        next_band_age = np.where(
            band < N_BANDS - 1, AGE_BAND_STARTS[0] + BAND_WIDTH_YEARS * (band + 1), np.inf
        )
        to_boundary = (next_band_age - age) * DAYS_PER_YEAR
        if multiplier is not None:
            to_boundary = np.minimum(to_boundary, (day // DAYS_PER_YEAR + 1) * DAYS_PER_YEAR - day)
        to_horizon = horizon_day - day
        wait = generator.exponential(size=len(person)) / total * DAYS_PER_YEAR
        pick = generator.random(len(person))

        event = (wait < to_boundary) & (wait < to_horizon)
        cross = ~event & (to_boundary < to_horizon)
        censor = ~event & ~cross

        event_rates = rates[event]
        cumulative_rates = np.cumsum(event_rates, axis=1) / total[event][:, None]
        destination = (pick[event][:, None] > cumulative_rates).sum(axis=1)
        destination = np.minimum(destination, DEAD).astype(np.int8)  # guard against rounding
        event_day = day[event] + wait[event]
        pieces.append((person[event], state[event], episode_start[event], event_day, destination))
        pieces.append(
            (
                person[censor], state[censor], episode_start[censor],
                np.full(int(censor.sum()), np.inf), np.full(int(censor.sum()), CENSORED, np.int8),
            )
        )  # fmt: skip

        # Survivors of an event start a new episode; boundary crossers continue theirs.
        moved = event.copy()
        moved[event] = destination != DEAD
        carry = moved | cross
        new_day = np.where(event, day + wait, day + to_boundary)
        new_age = age + (new_day - day) / DAYS_PER_YEAR
        new_state = state.copy()
        new_state[event] = destination
        new_start = np.where(event, new_day, episode_start)
        person, day, age, state, episode_start = (
            person[carry], new_day[carry], new_age[carry], new_state[carry], new_start[carry]
        )  # fmt: skip

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


# The pyramid is the one table of this module; pandas is loaded by sim.data already.


def population_pyramid(courses: LifeCourses, day: float) -> pd.DataFrame:
    """People alive and aged 60+ at `day` (persons), by 5-year age band and sex.

    Index `age_band` ("60-64", ..., "95+"), columns `male` and `female`. Counts are
    of simulated people, so a run with a population scale below 1 gives scaled counts.
    """
    alive = (courses.episode_start_day <= day) & (courses.episode_end_day > day)
    person = courses.episode_person[alive]
    band = age_band_index(courses.age_at_start_years[person] + day / DAYS_PER_YEAR)
    counts = np.zeros((N_BANDS, len(SEXES)), dtype=np.int64)
    np.add.at(counts, (band, courses.sex[person]), 1)
    labels = [
        f"{start}-{start + BAND_WIDTH_YEARS - 1}" if band_index < N_BANDS - 1 else f"{start}+"
        for band_index, start in enumerate(AGE_BAND_STARTS)
    ]
    return pd.DataFrame(counts, index=pd.Index(labels, name="age_band"), columns=list(SEXES))
