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


def recipients_at(courses: LifeCourses, allowance: Allowance, day: float) -> int:
    """People alive and aged 60+ at `day` whose completed age and health put them in the
    allowance's band."""
    alive = (courses.episode_start_day <= day) & (courses.episode_end_day > day)
    person = courses.episode_person[alive]
    age_years = np.floor(courses.age_at_start_years[person] + day / DAYS_PER_YEAR)
    in_band = (age_years >= allowance.age_min_years) & (age_years <= allowance.age_max_years)
    if allowance.health is not None:
        in_band &= courses.episode_state[alive] == allowance.health
    return int(np.count_nonzero(in_band))


def allowance_yuan_by_year(spec: ModelSpec, courses: LifeCourses) -> np.ndarray:
    """Yuan the allowances cost in each simulated year (index 0 = base year + 1), not
    discounted: per allowance, the persons in its band at the year's end × 12 × its
    monthly rate, added up."""
    calendar = spec.calendar
    simulated = spec.years[1:]
    total = np.zeros(len(simulated))
    for allowance in spec.allowances:
        persons = np.array(
            [recipients_at(courses, allowance, calendar.year_end_day(y)) for y in simulated],
            dtype=float,
        )
        total = total + persons * MONTHS_PER_YEAR * allowance.monthly_yuan
    return total
