"""Community care centres, year by year: which villages and urban communities have one,
who uses them, and the centres' workers and their training.

Centres serve many people with a daily visit, so they are modelled at a yearly
resolution: at each year end, the regular users are the demand of the people at home
where there is a centre, within the centres' room, plus the holders of the day-care
places the care system allocates (`sim.model.care.community`, run in the bed queue's
SimPy environment, whose requests, grants, centres and places this channel reports too).
"""

from __future__ import annotations

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.record import YearlyRecord
from sim.model.channels.census import AreaCensus, HomeCensus
from sim.model.channels.channel import (
    CostLines,
    IndicatorRows,
    flow,
    percent,
    with_start,
)
from sim.model.population import LifeCourses, age_band_index
from sim.model.spec import ModelSpec
from sim.model.states import Health

#: Age band index of 80-84: from here on an independent person is "80+".
BAND_80 = 4


def centre_users(
    spec: ModelSpec,
    courses: LifeCourses,
    census: HomeCensus | AreaCensus,
    coverage: np.ndarray,
    room: np.ndarray,
) -> np.ndarray:
    """Regular users at each reported year end who hold no day-care place: the demand
    where there is a centre (`coverage`: share of villages and communities with one),
    at most the centres' `room` (persons)."""
    p = spec.parameters
    demand = np.zeros(len(coverage))
    for index, year in enumerate(spec.years):
        day = spec.calendar.year_end_day(year)
        alive = (courses.episode_start_day <= day) & (courses.episode_end_day > day)
        person = courses.episode_person[alive]
        state = courses.episode_state[alive]
        band = age_band_index(courses.age_at_start_years[person] + day / DAYS_PER_YEAR)
        independent = state == Health.INDEPENDENT
        disabled = census.on(day)
        partial_home = int((disabled.home & (disabled.state == Health.PARTIAL)).sum())
        demand[index] = coverage[index] * (
            (independent & (band < BAND_80)).sum() * p.community_use_rate_independent_under_80
            + (independent & (band >= BAND_80)).sum() * p.community_use_rate_independent_80plus
            + partial_home * p.community_use_rate_partial
        )
    users: np.ndarray = np.minimum(demand, room)
    return users


def centre_workers(spec: ModelSpec, centres: np.ndarray) -> tuple[np.ndarray, ...]:
    """(workers, certified workers, certifications) at each reported year end; the base
    year reports the pack's workers (certifications NaN there)."""
    initial = spec.initial
    workers = np.round(centres * spec.parameters.community_workers_per_centre)
    certified = np.zeros(len(centres))
    # The base year reports the pack's workers, so its certified ones are the pack's too.
    certified[0] = min(initial.certified_community_workers, initial.community_workers)
    trained = np.zeros(len(centres))
    training = spec.capacity.community_certifications_per_year
    for index in range(1, len(centres)):
        planned = training[index - 1] if len(training) else 0.0
        kept = certified[index - 1] * (1 - spec.capacity.attrition_per_year)
        trained[index] = max(0.0, min(planned, workers[index] - kept))
        certified[index] = min(workers[index], kept + trained[index])
    workers[0] = initial.community_workers
    trained[0] = np.nan
    return workers, certified, trained


class CommunityCentres:
    """Centres, their users and their workers at each reported year end (base year first),
    and the day-care places of the care system's record."""

    name = "community_centres"

    def __init__(
        self,
        spec: ModelSpec,
        courses: LifeCourses,
        record: YearlyRecord,
        census: HomeCensus | AreaCensus,
    ) -> None:
        p = spec.parameters
        initial = spec.initial
        self.record = record
        township = initial.centres - initial.village_centres
        centres = np.r_[initial.centres, record.centres_end].astype(float)
        village = np.maximum(centres - township, 0.0)
        units = max(spec.villages_and_communities, 1)
        self.coverage = np.minimum(village, units) / units
        places_used = np.r_[record.start.community_users, record.community_users_end].astype(float)
        room = village * p.centre_regular_users + township * p.township_centre_regular_users
        self.users = centre_users(spec, courses, census, self.coverage, room) + places_used
        self.workers, self.certified, self.certifications = centre_workers(spec, centres)

    def indicator_rows(self) -> IndicatorRows:
        """Workers, centres, places and their use, users and coverage of villages."""
        record, start = self.record, self.record.start
        return {
            "caregivers_community": self.workers.astype(float),
            "community_centres": with_start(start.centres, record.centres_end),
            "community_places": with_start(start.places, record.places_end),
            "community_coverage": flow(
                percent(record.community_granted, record.community_requests)
            ),
            "community_users": self.users,
            "villages_with_centre": 100.0 * self.coverage,
            "community_granted": flow(record.community_granted),
            "community_requests": flow(record.community_requests),
        }

    def cost_lines(self) -> CostLines:
        """Centres built, centre-years run, certifications and worker-years."""
        record = self.record
        return {
            "new_centres": record.new_centres,
            "centre_years": record.centre_days / DAYS_PER_YEAR,
            "certifications": self.certifications[1:],
            "community_worker_years": self.workers[1:],
        }

    def certified_workers(self) -> np.ndarray:
        """Certified centre workers at each year end."""
        return self.certified
