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


def care_inputs(
    courses: LifeCourses, parameters: Parameters, seed: int, replication: int
) -> CareInputs:
    """Draw, per episode, the care setting chosen, bed-seeking time, patience and stay."""
    n = len(courses.episode_state)
    state = courses.episode_state
    p = parameters
    choice_u = rng.stream(seed, replication, "setting_choice").random(n)
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
        rng.stream(seed, replication, "bed_seeking").exponential(size=n),
        age,
        p.bed_seeking_rate_independent_under_80_per_year,
        p.bed_seeking_rate_independent_80plus_per_year,
    )
    seek_day = start + to_seek
    seeks = (state == Health.INDEPENDENT) & (seek_day < courses.episode_end_day)
    seek_day = np.where(seeks, seek_day, np.inf)

    mean_patience = np.array(
        [p.mean_patience_independent_days, p.mean_patience_partial_days, p.mean_patience_full_days]
    )
    patience = rng.stream(seed, replication, "patience").exponential(size=n) * mean_patience[state]
    stay = rng.stream(seed, replication, "length_of_stay").exponential(
        p.mean_stay_before_discharge_days, size=n
    )
    return CareInputs(choice.astype(np.int8), seek_day, patience, stay)
