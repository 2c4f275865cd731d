"""People as the care system sees them (`sim.model.care.people`): their setting, their
token (which makes clocks of an earlier wait stale) and how the starting state places
them."""

from __future__ import annotations

import pytest
from tiny_systems import (
    ADMITTED,
    DISCHARGED,
    GAVE_UP,
    SEEKS,
    Episode,
    Life,
    run_traced,
    seeker,
    tiny_spec,
    without,
)

from sim.model.care.people import Person
from sim.model.states import BedKind, CareChoice, Health, Setting

IN_NURSING, IN_ORDINARY = ADMITTED[BedKind.NURSING], ADMITTED[BedKind.ORDINARY]


def test_a_new_person_is_at_home_with_no_wait_no_place_and_token_zero() -> None:
    person = Person(4, Health.PARTIAL, (True, True, False, False))
    assert (person.index, person.state, person.setting, person.token) == (
        4,
        Health.PARTIAL,
        Setting.HOME,
        0,
    )
    assert not person.has_place
    assert not person.transfer_waiting
    assert person.ordinary_ok == (True, True, False, False)


def test_the_patience_clock_of_an_earlier_wait_does_not_end_a_later_one() -> None:
    spec = tiny_spec(nursing_beds=1)
    lives = [
        seeker(10, stay_days=30),  # P0: the bed from 10 to 40
        # P1 waits from 20 with patience 100 (to 120), is admitted at 40 and discharged
        # at 60; fully disabled again from 70, they wait with patience 500.
        Life(
            (
                Episode(20, Health.PARTIAL, CareChoice.BED, stay_days=20, patience_days=100),
                Episode(70, Health.FULL, CareChoice.BED, stay_days=1000, patience_days=500),
            )
        ),
        seeker(50, stay_days=1000),  # P2 waits from 50, takes the bed at 60 for good
    ]
    system = run_traced(spec, lives)
    # The first wait's clock runs out at 120, during the second wait: it is stale.
    assert without(system.trace, SEEKS) == [
        (10, IN_NURSING, 0),
        (40, DISCHARGED, 0),
        (40, IN_NURSING, 1),
        (60, DISCHARGED, 1),
        (60, IN_NURSING, 2),
    ]
    record = system.record
    assert (record.gave_up[0], record.waiting_end[0], record.bed_seekers[0]) == (0, 1, 4)
    assert system.people[1].setting == Setting.WAITING
    # Tokens: +1 per start of a wait and per end of one: P1 waited, was admitted,
    # discharged, waited again.
    assert system.people[1].token == 4


def test_a_waiters_patience_runs_on_through_a_change_of_state() -> None:
    spec = tiny_spec(nursing_beds=0)
    lives = [
        Life(
            (
                Episode(10, Health.PARTIAL, CareChoice.BED, patience_days=50),
                # A new episode while waiting: no new choice, no new clock.
                Episode(30, Health.FULL, CareChoice.BED, patience_days=1000),
            )
        )
    ]
    system = run_traced(spec, lives)
    assert system.trace == [(10, SEEKS, 0), (60, GAVE_UP, 0)]


def test_an_independent_person_seeks_a_bed_only_from_home() -> None:
    spec = tiny_spec()  # no beds at all
    lives = [
        # P0, at home, seeks a bed on day 30 of an independent episode.
        Life((Episode(0, Health.INDEPENDENT, seek_day=30),)),
        # P1 waits from 10 (patience to 110) and recovers at 20; the seeking day of the
        # independent episode, 50, finds them still waiting: it is ignored, so the wait
        # (and its clock) goes on and they give up at 110.
        Life(
            (
                Episode(10, Health.PARTIAL, CareChoice.BED, patience_days=100),
                Episode(20, Health.INDEPENDENT, seek_day=50),
            )
        ),
    ]
    system = run_traced(spec, lives)
    assert system.trace == [(10, SEEKS, 1), (30, SEEKS, 0), (110, GAVE_UP, 1)]
    assert system.record.bed_seekers[0] == 2
    assert system.people[0].setting == Setting.WAITING


def test_the_starting_state_places_residents_waiters_and_place_users() -> None:
    # Five fully disabled people on day 0; two nursing-type beds (both taken), one waiter
    # and one user of the one place. Every stay is 100 days.
    spec = tiny_spec(
        nursing_beds=2,
        nursing_residents_full=2,
        waiting=1,
        centres=1,
        community_places=1,
        community_users=1,
    )
    lives = [Life((Episode(0, Health.FULL, stay_days=100),)) for _ in range(5)]
    system = run_traced(spec, lives)
    record = system.record
    start = record.start
    assert (start.beds, start.occupied, start.waiting, start.community_users) == (
        (2, 0),
        (2, 0),
        1,
        1,
    )
    assert start.residents == ((0, 0, 2), (0, 0, 0))
    # The residents' clocks run from day 0: both leave at 100, and the first bed to free
    # goes to the waiter, who joined on day 0, after 100 days; they leave at 200. The
    # fifth person was never in care.
    moves = [(day, event) for day, event, _ in without(system.trace, SEEKS)]
    assert moves == [
        (100, DISCHARGED),
        (100, IN_NURSING),
        (100, DISCHARGED),
        (200, DISCHARGED),
    ]
    moved = without(system.trace, SEEKS)
    residents = {moved[0][2], moved[2][2]}
    waiter = moved[1][2]
    assert len(residents) == 2
    assert waiter not in residents
    assert system.trace[0] == (0, SEEKS, waiter)
    assert moved[3] == (200, DISCHARGED, waiter)
    assert record.waits_days[0] == [100]
    assert record.bed_seekers[0] == 1
    assert len(system.people) == 4
    # At the end: the three who were in beds are home, the fourth holds the place.
    assert sorted(person.setting for person in system.people.values()) == [
        Setting.HOME,
        Setting.HOME,
        Setting.HOME,
        Setting.COMMUNITY,
    ]
    # Bed-days: two residents for 100 days, then the waiter for 100.
    assert record.occupied_bed_days[0, 0] == pytest.approx(300.0)
