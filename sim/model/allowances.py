"""What the district's monthly allowances cost, per simulated year, in yuan.

Each allowance (`sim.model.spec.Allowance`) is paid to every living person aged 60+ in
its band: an age band (高龄津贴) or a disability level (护理补贴). The persons paid in a
year are those in the band at the year's end, as the population indicators count them;
each gets twelve months of the rate. The people are the simulated ones, so a run at a
population scale pays the scaled number, as every other count.
"""

from __future__ import annotations

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR, MONTHS_PER_YEAR
from sim.model.population import LifeCourses
from sim.model.spec import Allowance, ModelSpec


def _alive_on(courses: LifeCourses, day: float) -> tuple[np.ndarray, np.ndarray]:
    """The completed ages and health states of the people alive at `day` (one entry each)."""
    alive = (courses.episode_start_day <= day) & (courses.episode_end_day > day)
    person = courses.episode_person[alive]
    age_years = np.floor(courses.age_at_start_years[person] + day / DAYS_PER_YEAR)
    return age_years, courses.episode_state[alive]


def _in_band(age_years: np.ndarray, states: np.ndarray, allowance: Allowance) -> int:
    in_band = (age_years >= allowance.age_min_years) & (age_years <= allowance.age_max_years)
    if allowance.health is not None:
        in_band &= states == allowance.health
    return int(np.count_nonzero(in_band))


def recipients_at(courses: LifeCourses, allowance: Allowance, day: float) -> int:
    """People alive and aged 60+ at `day` whose completed age and health put them in the
    allowance's band."""
    return _in_band(*_alive_on(courses, day), allowance)


def allowance_yuan_by_year(spec: ModelSpec, courses: LifeCourses) -> np.ndarray:
    """Yuan the allowances cost in each simulated year (index 0 = base year + 1), not
    discounted: per allowance, the persons in its band at the year's end × 12 × its
    monthly rate, added up. Who is alive at a year's end is found once for every band."""
    calendar = spec.calendar
    simulated = spec.years[1:]
    total = np.zeros(len(simulated))
    if not spec.allowances:
        return total
    for index, year in enumerate(simulated):
        age_years, states = _alive_on(courses, calendar.year_end_day(year))
        for allowance in spec.allowances:
            persons = _in_band(age_years, states, allowance)
            total[index] += persons * MONTHS_PER_YEAR * allowance.monthly_yuan
    return total
