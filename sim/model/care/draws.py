"""Per-episode random inputs of the care system: setting chosen, bed seeking, patience, stay."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import rng
from sim.model.calendar import DAYS_PER_YEAR
from sim.model.population import LifeCourses
from sim.model.spec import Parameters
from sim.model.states import CareChoice, Health


@dataclass(frozen=True, eq=False)
class CareInputs:
    """Per-episode draws and parameters the care system needs (all arrays per episode).

    `choice` is a `CareChoice` (for episodes that start with a choice); `seek_day` is
    when an independent person seeks an ordinary bed (inf if never); `patience_days`
    and `stay_days` apply to a bed sought during the episode.
    """

    choice: np.ndarray
    seek_day: np.ndarray
    patience_days: np.ndarray
    stay_days: np.ndarray


def time_to_seek_days(
    unit_exponential: np.ndarray, age_years: np.ndarray, rate_young: float, rate_old: float
) -> np.ndarray:
    """Days until an independent person seeks a bed (hazard per year: `rate_young` before 80)."""
    years_to_80 = np.maximum(80.0 - age_years, 0.0)
    # A rate near zero means "never": an infinite time, not a warning.
    with np.errstate(divide="ignore", over="ignore"):
        young = unit_exponential / rate_young if rate_young > 0 else np.full_like(age_years, np.inf)
        old = (
            years_to_80 + (unit_exponential - rate_young * years_to_80) / rate_old
            if rate_old > 0
            else np.full_like(age_years, np.inf)
        )
    return np.where(young < years_to_80, young, old) * DAYS_PER_YEAR


def episode_numbers(episode_person: np.ndarray) -> np.ndarray:
    """Each episode's number within its person's episodes (0 for the first), for episodes
    sorted by person."""
    n = len(episode_person)
    first = np.r_[True, episode_person[1:] != episode_person[:-1]] if n else np.zeros(0, bool)
    starts = np.flatnonzero(first)
    return np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))


def care_inputs(
    courses: LifeCourses, parameters: Parameters, seed: int, replication: int
) -> CareInputs:
    """Draw, per episode, the care setting chosen, bed-seeking time, patience and stay.

    Each draw belongs to a person and the number of the episode within their life
    course, so it does not depend on anyone else's episodes (common random numbers).
    """
    state = courses.episode_state
    p = parameters
    person, number = courses.episode_person, episode_numbers(courses.episode_person)

    def draws(name: str) -> np.ndarray:
        return rng.PersonDraws(seed, replication, name, courses.n_people).take(person, number)

    choice_u = draws("setting_choice")
    family = np.array([1.0, p.choice_partial_family, p.choice_full_family])
    community = np.array([0.0, p.choice_partial_community, p.choice_full_community])
    choice = np.where(
        choice_u < family[state],
        CareChoice.FAMILY,
        np.where(choice_u < (family + community)[state], CareChoice.COMMUNITY, CareChoice.BED),
    )
    choice[state == Health.INDEPENDENT] = CareChoice.FAMILY

    start = courses.episode_start_day
    age = courses.age_at_start_years[courses.episode_person] + start / DAYS_PER_YEAR
    to_seek = time_to_seek_days(
        -np.log1p(-draws("bed_seeking")),
        age,
        p.bed_seeking_rate_independent_under_80_per_year,
        p.bed_seeking_rate_independent_80plus_per_year,
    )
    seek_day = start + to_seek
    # Only requests before the episode ends and before the horizon happen at all.
    seeks = (
        (state == Health.INDEPENDENT)
        & (seek_day < courses.episode_end_day)
        & (seek_day < courses.horizon_day)
    )
    seek_day = np.where(seeks, seek_day, np.inf)

    mean_patience = np.array(
        [p.mean_patience_independent_days, p.mean_patience_partial_days, p.mean_patience_full_days]
    )
    patience = -np.log1p(-draws("patience")) * mean_patience[state]
    stay = -np.log1p(-draws("length_of_stay")) * p.mean_stay_before_discharge_days
    return CareInputs(choice.astype(np.int8), seek_day, patience, stay)
