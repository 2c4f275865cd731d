"""Validation mode's stationary stream of bed seekers (`sim.model.stationary`): the
arrival times, the inputs it makes, and the bed queue it drives, checked against the
textbook recursions for a loss system and a first-come-first-served queue."""

from __future__ import annotations

import heapq

import numpy as np
import pytest
from tiny_systems import ADMITTED, TracedCareSystem, tiny_spec

from sim.model.spec import ModelSpec, StationaryStream
from sim.model.states import CENSORED, BedKind, CareChoice, Health
from sim.model.stationary import _arrival_days, stationary_inputs

YEAR = 365.25


class EvenGaps:
    """A stand-in for a generator whose 'exponential' gaps are all `gap` days."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.calls: list[tuple[float, int]] = []

    def exponential(self, scale: float, size: int) -> np.ndarray:
        self.calls.append((scale, size))
        return np.full(size, self.gap)


def test_arrivals_are_cumulated_gaps_before_the_horizon() -> None:
    generator = EvenGaps(2.0)
    days = _arrival_days(0.5, 10.0, generator)  # type: ignore[arg-type]
    # Gaps of 2 days: 2, 4, 6, 8 (10 is not before the horizon).
    assert days.tolist() == [2, 4, 6, 8]
    # Mean gap 1 / 0.5 = 2 days; a chunk of int(5 + 10 sqrt(5) + 100) = 127 gaps.
    assert generator.calls == [(2.0, 127)]


def test_arrivals_go_on_past_the_first_chunk_until_the_horizon() -> None:
    # Rate 1 a day over 1000 days: chunks of 1000 + 10 sqrt(1000) + 100 = 1416 gaps.
    # Quarter-day gaps cover 354 days a chunk, so three chunks are needed, and the
    # arrivals are every quarter day from 0.25 to 999.75: 3999 of them.
    generator = EvenGaps(0.25)
    days = _arrival_days(1.0, 1000.0, generator)  # type: ignore[arg-type]
    assert len(generator.calls) == 3
    assert len(days) == 3999
    np.testing.assert_array_equal(days, 0.25 * np.arange(1, 4000))


def stream_spec(
    beds: int, patience: float | None = None, waiting_room: bool = True
) -> tuple[ModelSpec, StationaryStream]:
    """A one-year validation spec: 2 arrivals a day at `beds` nursing-type beds."""
    stream = StationaryStream(
        arrivals_per_day=2.0,
        mean_stay_days=0.4 * beds,  # offered load 2 x 0.4 c = 0.8 c: 80% of the beds
        beds=beds,
        mean_patience_days=patience,
        waiting_room=waiting_room,
    )
    return tiny_spec(nursing_beds=beds, stationary=stream), stream


def test_every_arrival_is_a_fully_disabled_bed_seeker_who_never_dies() -> None:
    spec, stream = stream_spec(beds=2)
    courses, inputs = stationary_inputs(spec, stream, replication=0)
    n = courses.n_people
    # About 2 a day for a year: 730.5 expected, sd 27.
    assert 600 < n < 860
    assert (np.diff(courses.entry_day) > 0).all()
    assert courses.entry_day[0] > 0 and courses.entry_day[-1] < YEAR
    np.testing.assert_array_equal(courses.episode_person, np.arange(n))
    np.testing.assert_array_equal(courses.episode_start_day, courses.entry_day)
    assert (courses.episode_state == Health.FULL).all()
    assert np.isinf(courses.episode_end_day).all()
    assert (courses.episode_next_state == CENSORED).all()
    assert (inputs.choice == CareChoice.BED).all()
    assert np.isinf(inputs.seek_day).all()
    assert np.isinf(inputs.patience_days).all()  # no patience given: they wait for ever
    # Exponential stays of mean 0.8 days: the sample mean of ~730 is within 4 standard
    # errors (4 x 0.8 / 27 = 0.12).
    assert inputs.stay_days.mean() == pytest.approx(0.8, abs=0.12)


def test_patience_and_the_waiting_room_change_nothing_else() -> None:
    spec, stream = stream_spec(beds=2)
    courses, inputs = stationary_inputs(spec, stream, replication=0)
    patient_spec, patient = stream_spec(beds=2, patience=5.0)
    _, with_patience = stationary_inputs(patient_spec, patient, replication=0)
    loss_spec, loss = stream_spec(beds=2, waiting_room=False)
    loss_courses, no_room = stationary_inputs(loss_spec, loss, replication=0)
    # The same arrivals and stays (common random numbers); patience of mean 5 days, or
    # none at all without a waiting room.
    np.testing.assert_array_equal(loss_courses.entry_day, courses.entry_day)
    np.testing.assert_array_equal(with_patience.stay_days, inputs.stay_days)
    np.testing.assert_array_equal(no_room.stay_days, inputs.stay_days)
    assert (no_room.patience_days == 0).all()
    assert with_patience.patience_days.mean() == pytest.approx(5.0, abs=4 * 5.0 / 27)


def test_without_a_waiting_room_the_beds_are_a_loss_system() -> None:
    # Two beds: an arrival is admitted if fewer than two stays are running, else lost.
    spec, stream = stream_spec(beds=2, waiting_room=False)
    courses, inputs = stationary_inputs(spec, stream, replication=3)
    system = TracedCareSystem(spec, courses, inputs, 3)
    record = system.run()
    ends: list[float] = []
    admitted = []
    for person, (arrival, stay) in enumerate(zip(courses.entry_day, inputs.stay_days, strict=True)):
        ends = [end for end in ends if end > arrival]
        if len(ends) < 2:
            ends.append(arrival + stay)
            admitted.append(person)
    assert 0 < len(admitted) < courses.n_people
    traced = [person for _, event, person in system.trace if event == ADMITTED[BedKind.NURSING]]
    assert traced == admitted
    assert record.admissions[0] == len(admitted)
    assert record.gave_up[0] == courses.n_people - len(admitted)
    assert record.waits_days[0] == [0.0] * len(admitted)


def test_with_unlimited_patience_the_beds_are_a_first_come_first_served_queue() -> None:
    # Three beds; each arrival starts when the earliest of the beds frees (or at once),
    # in arrival order: the classic recursion for a c-server FCFS queue.
    spec, stream = stream_spec(beds=3)
    courses, inputs = stationary_inputs(spec, stream, replication=1)
    record = TracedCareSystem(spec, courses, inputs, 1).run()
    free_at = [0.0, 0.0, 0.0]
    waits, starts = [], []
    for arrival, stay in zip(courses.entry_day, inputs.stay_days, strict=True):
        start = max(arrival, heapq.heappop(free_at))
        heapq.heappush(free_at, start + stay)
        waits.append(start - arrival)
        starts.append(start)
    in_year = [wait for wait, start in zip(waits, starts, strict=True) if start < YEAR]
    assert any(wait > 0 for wait in in_year)
    assert record.waits_days[0] == pytest.approx(in_year)
    assert record.gave_up[0] == 0
