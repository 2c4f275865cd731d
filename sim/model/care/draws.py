"""Per-episode random inputs of the care system: setting chosen, bed seeking, patience, stay."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import rng
from sim.model.calendar import DAYS_PER_MONTH, DAYS_PER_YEAR
from sim.model.population import LifeCourses
from sim.model.spec import LongTermCareInsurance, ModelSpec
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
    #: per person: whether they take an ordinary bed when partially / fully disabled
    ordinary_ok_partial: np.ndarray | None = None
    ordinary_ok_full: np.ndarray | None = None


def time_to_seek_days(
    unit_exponential: np.ndarray, age_years: np.ndarray, rate_young: float, rate_old: float
) -> np.ndarray:
    """Days until an independent person seeks a bed (hazard per year: `rate_young` before 80)."""
    years_to_80 = np.maximum(80.0 - age_years, 0.0)
    # A rate near zero means "never": an infinite time, not a warning (the conversion to
    # days overflows too when a time in years is already near the largest float).
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


def person_draw(spec: ModelSpec, replication: int, name: str, n_people: int) -> np.ndarray:
    """One uniform per person from stream `name` (the person's first draw of it)."""
    people = np.arange(n_people)
    return rng.PersonDraws(spec.seed, replication, name, n_people).take(people, 0)


def insured(
    ltc: LongTermCareInsurance | None,
    state: np.ndarray,
    day: np.ndarray | float,
    take_up_u: np.ndarray,
) -> np.ndarray:
    """Whether each person, in `state` on `day`, draws the insurance's benefits."""
    if ltc is None:
        return np.zeros(np.shape(state), dtype=bool)
    eligible = ((state == Health.PARTIAL) & ltc.eligible_partial) | (
        (state == Health.FULL) & ltc.eligible_full
    )
    covered: np.ndarray = eligible & (np.asarray(day) >= ltc.start_day) & (take_up_u < ltc.take_up)
    return covered


def care_inputs(courses: LifeCourses, spec: ModelSpec, replication: int) -> CareInputs:
    """Draw, per episode, the care setting chosen, bed-seeking time, patience and stay.

    Each draw belongs to a person and the number of the episode within their life
    course, so it does not depend on anyone else's episodes (common random numbers).
    An insured person's daily bed subsidy makes a bed more affordable: the probability
    of choosing one rises (`bed_choice_increase_per_100_yuan_per_month`), at the
    expense of family care first.
    """
    state = courses.episode_state
    p = spec.parameters
    seed = spec.seed
    person, number = courses.episode_person, episode_numbers(courses.episode_person)

    def draws(name: str) -> np.ndarray:
        return rng.PersonDraws(seed, replication, name, courses.n_people).take(person, number)

    choice_u = draws("setting_choice")
    family = np.array([1.0, p.choice_partial_family, p.choice_full_family])[state]
    community = np.array([0.0, p.choice_partial_community, p.choice_full_community])[state]
    ltc = spec.ltc
    if ltc is not None and ltc.bed_subsidy_per_day_yuan > 0:
        take_up_u = person_draw(spec, replication, "ltc_take_up", courses.n_people)[person]
        covered = insured(ltc, state, courses.episode_start_day, take_up_u)
        monthly = ltc.bed_subsidy_per_day_yuan * DAYS_PER_MONTH
        bed = 1.0 - family - community
        raised = np.minimum(
            1.0, bed * (1 + p.bed_choice_increase_per_100_yuan_per_month * monthly / 100)
        )
        extra = np.where(covered, raised - bed, 0.0)
        from_family = np.minimum(extra, family)
        family = family - from_family
        community = community - np.minimum(extra - from_family, community)
    choice = np.where(
        choice_u < family,
        CareChoice.FAMILY,
        np.where(choice_u < family + community, CareChoice.COMMUNITY, CareChoice.BED),
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
    acceptance = person_draw(spec, replication, "bed_acceptance", courses.n_people)
    return CareInputs(
        choice.astype(np.int8), seek_day, patience, stay,
        ordinary_ok_partial=acceptance < p.ordinary_bed_acceptance_partial,
        ordinary_ok_full=acceptance < p.ordinary_bed_acceptance_full,
    )  # fmt: skip
