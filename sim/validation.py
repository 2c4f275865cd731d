"""Validation mode: a stationary stream of bed seekers through the real care system.

A scenario with a `validation:` block replaces the life courses with Poisson
arrivals of fully disabled people who all seek a nursing-type bed, stay an
exponential time, never die, and may have exponential patience. There is one
kind of bed, no capacity change and no staffing limit, so the bed queue is an
M/M/c (no patience), M/M/c/c (no waiting room) or M/M/c+M (Erlang-A) queue
whose answers are known exactly. The stream runs through the same `CareSystem`
as every other scenario; only its inputs differ. The system starts empty.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim import rng
from sim.calendar import START_YEAR, year_end_day
from sim.care import CareInputs
from sim.data import FULL
from sim.population import CENSORED, LifeCourses
from sim.scenario import Scenario
from sim.supply import CapacityPlan

#: Care workers in a validation run: enough that staffing never limits admissions.
UNLIMITED_STAFF = 10**9
#: Age given to validation arrivals (it affects nothing in this mode).
ARRIVAL_AGE_YEARS = 70.0


def _arrival_days(
    rate_per_day: float, horizon_day: float, generator: np.random.Generator
) -> np.ndarray:
    """Poisson arrival times on (0, horizon_day), drawn as cumulated exponential gaps."""
    expected = rate_per_day * horizon_day
    chunk = int(expected + 10 * np.sqrt(expected) + 100)
    days = np.cumsum(generator.exponential(1 / rate_per_day, size=chunk))
    while days[-1] < horizon_day:  # astronomically rare; keeps the stream exact
        more = days[-1] + np.cumsum(generator.exponential(1 / rate_per_day, size=chunk))
        days = np.concatenate([days, more])
    return days[days < horizon_day]


def stationary_stream(
    scenario: Scenario, values: Mapping[str, float], replication: int
) -> tuple[LifeCourses, CareInputs, CapacityPlan, dict[str, float]]:
    """Life courses, care inputs, capacity and parameters of a validation run."""
    stream = scenario.validation
    if stream is None:
        raise ValueError("scenario has no validation block")
    seed = scenario.seed
    horizon_day = year_end_day(scenario.end_year)
    arrivals = _arrival_days(
        stream.arrivals_per_day,
        horizon_day,
        rng.stream(seed, replication, "validation_arrivals"),
    )
    n = len(arrivals)
    courses = LifeCourses(
        sex=np.zeros(n, dtype=np.int8),
        age_at_start_years=np.full(n, ARRIVAL_AGE_YEARS),
        entry_day=arrivals,
        episode_person=np.arange(n, dtype=np.int64),
        episode_state=np.full(n, FULL, dtype=np.int8),
        episode_start_day=arrivals,
        episode_end_day=np.full(n, np.inf),
        episode_next_state=np.full(n, CENSORED, dtype=np.int8),
        horizon_day=horizon_day,
    )
    if not stream.waiting_room:
        patience = np.zeros(n)
    elif stream.mean_patience_days is None:
        patience = np.full(n, np.inf)
    else:
        patience = rng.stream(seed, replication, "patience").exponential(
            stream.mean_patience_days, size=n
        )
    inputs = CareInputs(
        choice=np.full(n, 2, dtype=np.int8),  # everyone seeks a bed
        seek_day=np.full(n, np.inf),
        patience_days=patience,
        stay_days=rng.stream(seed, replication, "length_of_stay").exponential(
            stream.mean_stay_days, size=n
        ),
    )
    n_years = scenario.end_year - START_YEAR
    plan = CapacityPlan(
        nursing_beds_2020=stream.beds,
        ordinary_beds_2020=0,
        bed_changes=(),
        centres_2020=0,
        community_places_2020=0,
        centre_openings=(),
        places_per_new_centre=0,
        consortia_by_year=np.zeros(n_years + 1, dtype=np.int64),
        caregivers_2020=UNLIMITED_STAFF,
        certified_caregivers_2020=0,
        hires_per_year=np.zeros(n_years),
        certifications_per_year=np.zeros(n_years),
        attrition_per_year=0.0,
    )
    # The system starts empty: nobody in a bed, waiting or using a community place.
    empty = dict(values)
    empty.update(
        occupancy_nursing_2020=0.0,
        occupancy_ordinary_2020=0.0,
        waiting_list_2020=0.0,
        community_place_use_2020=0.0,
    )
    return courses, inputs, plan, empty
