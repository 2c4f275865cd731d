"""Validation mode: a stationary stream of bed seekers through the real care system.

A spec with a `StationaryStream` replaces the life courses with Poisson arrivals
of fully disabled people who all seek a nursing-type bed, stay an exponential
time, never die, and may have exponential patience. With one kind of bed, no
capacity change and no staffing limit, the bed queue is an M/M/c (no patience),
M/M/c/c (no waiting room) or M/M/c+M (Erlang-A) queue whose answers are known
exactly. The stream runs through the same `CareSystem` as every other run; only
its inputs differ.
"""

from __future__ import annotations

import numpy as np

from sim.model import rng
from sim.model.care.draws import CareInputs
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec, StationaryStream
from sim.model.states import CENSORED, CareChoice, Health

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


def stationary_inputs(
    spec: ModelSpec, stream: StationaryStream, replication: int
) -> tuple[LifeCourses, CareInputs]:
    """Life courses (one never-ending episode per arrival) and care inputs of a validation run."""
    seed = spec.seed
    horizon_day = spec.calendar.year_end_day(spec.end_year)
    arrivals = _arrival_days(
        stream.arrivals_per_day, horizon_day, rng.stream(seed, replication, "validation_arrivals")
    )
    n = len(arrivals)
    courses = LifeCourses(
        sex=np.zeros(n, dtype=np.int8),
        age_at_start_years=np.full(n, ARRIVAL_AGE_YEARS),
        entry_day=arrivals,
        episode_person=np.arange(n, dtype=np.int64),
        episode_state=np.full(n, Health.FULL, dtype=np.int8),
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
        choice=np.full(n, CareChoice.BED, dtype=np.int8),  # everyone seeks a bed
        seek_day=np.full(n, np.inf),
        patience_days=patience,
        stay_days=rng.stream(seed, replication, "length_of_stay").exponential(
            stream.mean_stay_days, size=n
        ),
    )
    return courses, inputs
