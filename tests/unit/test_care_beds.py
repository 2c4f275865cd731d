"""Beds and waiting lists (`sim.model.care.beds`) on tiny hand-built systems.

Every expectation is worked out by hand in the comments: who is admitted when, who
waits how long, who gives up at the end of their patience.
"""

from __future__ import annotations

import pytest
from tiny_systems import (
    ADMITTED,
    DIED,
    DISCHARGED,
    GAVE_UP,
    SEEKS,
    TRANSFERRED,
    Episode,
    Life,
    run_traced,
    seeker,
    tiny_spec,
    without,
)

from sim.model.care.beds import (
    FIRST_PRIORITY,
    SECOND_PRIORITY,
    TRANSFER_PRIORITY,
    BedPool,
    WaitingList,
    accepts,
)
from sim.model.care.people import Person
from sim.model.spec import BedChange
from sim.model.states import BedKind, CareChoice, Health, QueuePolicy

NURSING, ORDINARY = BedKind.NURSING, BedKind.ORDINARY
IN_NURSING, IN_ORDINARY = ADMITTED[NURSING], ADMITTED[ORDINARY]
#: The horizon of a one-year tiny spec: the end of 2021 is day 365.25.
ONE_YEAR = 365.25

# ---- the parts on their own ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "state", "ordinary_ok", "expected"),
    [
        (NURSING, Health.INDEPENDENT, (True, True, True, False), False),
        (NURSING, Health.PARTIAL, (True, False, False, False), True),
        (NURSING, Health.FULL, (True, False, False, False), True),
        (NURSING, Health.DEAD, (True, True, True, True), False),
        (ORDINARY, Health.INDEPENDENT, (True, False, False, False), True),
        (ORDINARY, Health.PARTIAL, (True, False, True, False), False),
        (ORDINARY, Health.PARTIAL, (True, True, False, False), True),
        (ORDINARY, Health.FULL, (True, True, False, False), False),
        (ORDINARY, Health.FULL, (True, True, True, False), True),
    ],
)
def test_which_beds_a_person_accepts(kind, state, ordinary_ok, expected) -> None:
    # Nursing-type beds: the disabled only, whatever they think of ordinary beds.
    # Ordinary beds: whoever would take one in their current state.
    assert accepts(kind, state, ordinary_ok) is expected


def test_a_new_pool_is_empty_and_all_its_beds_are_free() -> None:
    pool = BedPool(NURSING, 5)
    pool.occupied = 3
    assert (pool.kind, pool.beds, pool.free(), pool.pending_closures) == (NURSING, 5, 2, 0)
    assert pool.residents_by_state == [0, 0, 0]


def test_the_waiting_list_serves_transfers_then_priority_then_join_day_then_arrival() -> None:
    people = [Person(index, Health.FULL, (True, True, False, False)) for index in range(5)]
    waiting = WaitingList()
    # Pushed out of order: (priority, join day, sequence).
    waiting.push((SECOND_PRIORITY, 1.0, 1, people[0], 0))
    waiting.push((FIRST_PRIORITY, 9.0, 2, people[1], 0))
    waiting.push((FIRST_PRIORITY, 3.0, 4, people[2], 0))
    waiting.push((TRANSFER_PRIORITY, 50.0, 5, people[3], 0))
    waiting.push((FIRST_PRIORITY, 3.0, 3, people[4], 0))
    order = [waiting.pop()[3].index for _ in range(5)]
    # Transfer first; then class 1 by join day (3, 3, 9; the tie on day 3 by sequence
    # 3 before 4); the class-2 entry last although it joined first.
    assert order == [3, 4, 2, 1, 0]
    assert waiting.entries == []


# ---- two beds, five seekers -------------------------------------------------------


def test_two_beds_five_seekers_admissions_waits_and_giving_up() -> None:
    spec = tiny_spec(nursing_beds=2)
    lives = [
        seeker(10, stay_days=100),  # P0
        seeker(20, stay_days=50),  # P1
        seeker(30, stay_days=30, patience_days=60),  # P2
        seeker(40, stay_days=5, patience_days=20),  # P3
        seeker(80, stay_days=500, patience_days=25),  # P4
    ]
    system = run_traced(spec, lives)
    # 10: P0 takes bed 1 (to 110). 20: P1 takes bed 2 (to 70). 30: P2 waits (patience
    # to 90). 40: P3 waits (patience to 60). 60: P3 gives up. 70: P1 leaves, P2 is
    # admitted after 40 days (stay to 100). 80: P4 waits (patience to 105). 100: P2
    # leaves, P4 is admitted after 20 days (stay past the horizon). 110: P0 leaves.
    assert without(system.trace, SEEKS) == [
        (10, IN_NURSING, 0),
        (20, IN_NURSING, 1),
        (60, GAVE_UP, 3),
        (70, DISCHARGED, 1),
        (70, IN_NURSING, 2),
        (100, DISCHARGED, 2),
        (100, IN_NURSING, 4),
        (110, DISCHARGED, 0),
    ]
    record = system.record
    assert record.bed_seekers[0] == 5
    assert record.admissions[0] == 4
    assert record.gave_up[0] == 1
    assert record.discharges[0] == 3
    assert record.waits_days[0] == [0, 0, 40, 20]
    assert record.occupied_end[0].tolist() == [1, 0]
    assert record.waiting_end[0] == 0
    # Bed-days: P0 100 + P1 50 + P2 30 + P4 (365.25 - 100) = 445.25.
    assert record.occupied_bed_days[0].tolist() == pytest.approx([445.25, 0.0])
    # Waiting person-days: P2 40 + P3 20 + P4 20 = 80.
    assert record.waiting_person_days[0] == pytest.approx(80.0)
    assert sorted(record.bed_spells) == [
        (NURSING, 10, 110, 0),
        (NURSING, 20, 70, 1),
        (NURSING, 70, 100, 2),
        (NURSING, 100, ONE_YEAR, 4),
    ]


def test_a_partially_disabled_seeker_takes_whichever_kind_of_bed_frees_first() -> None:
    # One nursing-type bed and one ordinary bed, both taken until days 80 and 50.
    spec = tiny_spec(nursing_beds=1, ordinary_beds=1)
    lives = [
        seeker(10, Health.FULL, stay_days=70),  # P0: nursing bed 10-80
        seeker(20, Health.INDEPENDENT, stay_days=30),  # P1: ordinary bed 20-50
        seeker(30, Health.PARTIAL, stay_days=1000),  # P2: on both lists
        seeker(40, Health.FULL, stay_days=1000),  # P3: nursing list only
    ]
    # P1 is independent: their bed is sought on their episode's seeking day.
    lives[1] = Life((Episode(1, Health.INDEPENDENT, seek_day=20, stay_days=30),))
    system = run_traced(spec, lives)
    # 50: the ordinary bed frees; P2 (partial, takes ordinary beds) gets it after 20
    # days, which also ends their place on the nursing list. 80: the nursing bed goes
    # to P3, not to P2's stale entry ahead of them.
    assert without(system.trace, SEEKS) == [
        (10, IN_NURSING, 0),
        (20, IN_ORDINARY, 1),
        (50, DISCHARGED, 1),
        (50, IN_ORDINARY, 2),
        (80, DISCHARGED, 0),
        (80, IN_NURSING, 3),
    ]
    assert system.record.waits_days[0] == [0, 0, 20, 40]


# ---- queue policies ------------------------------------------------------------------


@pytest.mark.parametrize(("policy", "first"), [(QueuePolicy.FIFO, 1), (QueuePolicy.FULL_FIRST, 2)])
def test_fifo_serves_the_first_to_join_and_full_first_the_fully_disabled(policy, first) -> None:
    spec = tiny_spec(nursing_beds=1, queue_policy=policy)
    lives = [
        seeker(10, stay_days=40),  # P0 holds the bed from 10 to 50
        seeker(20, Health.PARTIAL, stay_days=1000),  # P1 joins first
        seeker(30, Health.FULL, stay_days=1000),  # P2 joins later, fully disabled
    ]
    system = run_traced(spec, lives)
    # At 50 the bed goes to P1 under fifo (waited 30) and to P2 under full_first (20).
    assert (50, IN_NURSING, first) in system.trace
    assert system.record.waits_days[0] == [0, {1: 30, 2: 20}[first]]


def test_a_waiter_who_becomes_fully_disabled_is_promoted_with_their_join_day() -> None:
    spec = tiny_spec(nursing_beds=1, queue_policy=QueuePolicy.FULL_FIRST)
    lives = [
        seeker(10, stay_days=40),  # P0 holds the bed from 10 to 50
        # P1 partial from 20, waiting; fully disabled from 35 while still waiting.
        Life(
            (
                Episode(20, Health.PARTIAL, CareChoice.BED, stay_days=1000),
                Episode(35, Health.FULL, CareChoice.FAMILY),
            )
        ),
        seeker(30, Health.FULL, stay_days=1000),  # P2 fully disabled since 30
    ]
    system = run_traced(spec, lives)
    # Both are in class 1 at 50; P1 keeps join day 20, before P2's 30: P1 first, waited 30.
    assert (50, IN_NURSING, 1) in system.trace
    assert system.record.waits_days[0] == [0, 30]


def test_a_waiter_who_improves_is_demoted_behind_the_fully_disabled() -> None:
    spec = tiny_spec(nursing_beds=1, queue_policy=QueuePolicy.FULL_FIRST)
    lives = [
        seeker(10, stay_days=40),  # P0 holds the bed from 10 to 50
        # P1 fully disabled from 20, waiting; partially disabled from 35.
        Life(
            (
                Episode(20, Health.FULL, CareChoice.BED, stay_days=1000),
                Episode(35, Health.PARTIAL, CareChoice.FAMILY),
            )
        ),
        seeker(30, Health.FULL, stay_days=1000),  # P2
    ]
    system = run_traced(spec, lives)
    # At 50 P1 is class 2 (partial), P2 class 1: P2 is admitted after 20 days.
    assert (50, IN_NURSING, 2) in system.trace
    assert system.record.waits_days[0] == [0, 20]


# ---- transfers, deaths ------------------------------------------------------------------


def test_a_resident_who_becomes_fully_disabled_moves_first_and_keeps_the_stay_clock() -> None:
    spec = tiny_spec(nursing_beds=1, ordinary_beds=1)
    lives = [
        seeker(5, stay_days=100),  # P0: the nursing bed, 5 to 105
        # P1 partial from 10: the nursing bed is taken, so the ordinary bed (discharge
        # clock: 10 + 200 = 210); fully disabled from 30, and full people here do not
        # take ordinary beds: a transfer request.
        Life(
            (
                Episode(10, Health.PARTIAL, CareChoice.BED, stay_days=200),
                Episode(30, Health.FULL, CareChoice.FAMILY),
            )
        ),
        seeker(20, stay_days=1000),  # P2 waits for a nursing-type bed from 20
    ]
    system = run_traced(spec, lives)
    # 105: the nursing bed goes to the transfer (class 0) before P2, who joined first;
    # the ordinary bed it frees is no use to P2. 210: P1's original clock discharges
    # them (not 105 + 200 = 305), and P2 is admitted after 190 days.
    assert without(system.trace, SEEKS) == [
        (5, IN_NURSING, 0),
        (10, IN_ORDINARY, 1),
        (105, DISCHARGED, 0),
        (105, TRANSFERRED, 1),
        (210, DISCHARGED, 1),
        (210, IN_NURSING, 2),
    ]
    record = system.record
    assert record.transfers[0] == 1
    assert record.admissions[0] == 3
    assert record.waits_days[0] == [0, 0, 190]
    assert sorted(record.bed_spells) == [
        (NURSING, 5, 105, 0),
        (NURSING, 105, 210, 1),
        (NURSING, 210, ONE_YEAR, 2),
        (ORDINARY, 10, 105, 1),
    ]


def test_a_transfer_request_lapses_when_the_resident_recovers() -> None:
    spec = tiny_spec(nursing_beds=1, ordinary_beds=1)
    lives = [
        seeker(5, stay_days=100),  # P0: the nursing bed, 5 to 105
        Life(
            (
                Episode(10, Health.PARTIAL, CareChoice.BED, stay_days=1000),
                Episode(30, Health.FULL, CareChoice.FAMILY),  # asks for a transfer
                Episode(60, Health.PARTIAL, CareChoice.FAMILY),  # recovers: stays put
            )
        ),
        seeker(20, stay_days=1000),  # P2 waits for a nursing-type bed
    ]
    system = run_traced(spec, lives)
    # 105: the lapsed request is skipped; P2 gets the bed after 85 days.
    assert TRANSFERRED not in [event for _, event, _ in system.trace]
    assert (105, IN_NURSING, 2) in system.trace
    assert system.record.waits_days[0] == [0, 0, 85]


def test_a_death_in_bed_frees_it_and_a_death_while_waiting_ends_the_wait() -> None:
    spec = tiny_spec(nursing_beds=1)
    lives = [
        seeker(10, death_day=60),  # P0 dies in the bed at 60
        seeker(20),  # P1 waits from 20, admitted at 60
        seeker(30, death_day=70),  # P2 waits from 30, dies waiting at 70
    ]
    system = run_traced(spec, lives)
    assert without(system.trace, SEEKS) == [
        (10, IN_NURSING, 0),
        (60, DIED, 0),
        (60, IN_NURSING, 1),
        (70, DIED, 2),
    ]
    record = system.record
    assert (record.died_waiting[0], record.discharges[0], record.waiting_end[0]) == (1, 0, 0)
    # Waiting person-days: P1 40 + P2 40.
    assert record.waiting_person_days[0] == pytest.approx(80.0)


# ---- changes to the bed stock --------------------------------------------------------


def test_a_conversion_takes_the_free_bed_now_and_the_occupied_one_when_it_frees() -> None:
    # Two years; two ordinary beds, one taken from 10 to 400 (in the second year).
    spec = tiny_spec(
        n_years=2, ordinary_beds=2, bed_changes=(BedChange(day=50, convert_to_nursing=2),)
    )
    lives = [
        Life((Episode(1, Health.INDEPENDENT, seek_day=10, stay_days=390),)),  # P0
        seeker(20),  # P1 waits for a nursing-type bed: there is none until 50
    ]
    system = run_traced(spec, lives)
    # 50: the free ordinary bed becomes nursing-type, P1 takes it after 30 days; the
    # other converts at 400, when P0 leaves, and counts in the second year.
    assert (50, IN_NURSING, 1) in system.trace
    record = system.record
    assert record.conversions.tolist() == [1, 1]
    assert record.beds_end.tolist() == [[1, 1], [2, 0]]
    assert record.occupied_end.tolist() == [[1, 1], [1, 0]]
    assert record.waits_days == [[0, 30], []]
    # Nursing-type bed-days: 1 bed from 50 to 365.25 in the first year = 315.25.
    assert record.bed_days[0].tolist() == pytest.approx([315.25, 2 * 50 + 1 * 315.25])


def test_closures_take_free_beds_now_and_occupied_ones_as_they_free() -> None:
    spec = tiny_spec(nursing_beds=2, bed_changes=(BedChange(day=50, close_nursing=2),))
    lives = [
        seeker(10, stay_days=100),  # P0 in a bed from 10 to 110
        seeker(120),  # P1 seeks at 120: both beds are closed by then
    ]
    system = run_traced(spec, lives)
    record = system.record
    assert record.admissions[0] == 1
    assert record.waiting_end[0] == 1
    assert record.beds_end[0].tolist() == [0, 0]
    # Nursing bed-days: 2 beds to 50, 1 bed from 50 to 110, none after: 100 + 60.
    assert record.bed_days[0, 0] == pytest.approx(160.0)


def test_a_freed_ordinary_bed_closes_before_it_converts() -> None:
    # Both ordinary beds taken; on day 50 one is to close and one to convert.
    spec = tiny_spec(
        n_years=2,
        ordinary_beds=2,
        bed_changes=(BedChange(day=50, convert_to_nursing=1, close_ordinary=1),),
    )
    lives = [
        Life((Episode(1, Health.INDEPENDENT, seek_day=10, stay_days=90),)),  # leaves at 100
        Life((Episode(1, Health.INDEPENDENT, seek_day=20, stay_days=480),)),  # leaves at 500
    ]
    record = run_traced(spec, lives).record
    # 100: the first bed to free closes; 500 (second year): the second converts.
    assert record.beds_end.tolist() == [[0, 1], [1, 0]]
    assert record.conversions.tolist() == [0, 1]


def test_new_beds_admit_the_waiting_on_their_day() -> None:
    spec = tiny_spec(bed_changes=(BedChange(day=100, add_nursing=1, add_ordinary=1),))
    lives = [seeker(10), seeker(20, Health.PARTIAL)]
    system = run_traced(spec, lives)
    # 100: P0 (joined first) takes the nursing-type bed; P1 (partial) the ordinary one.
    assert without(system.trace, SEEKS) == [(100, IN_NURSING, 0), (100, IN_ORDINARY, 1)]
    assert system.record.new_nursing_beds[0] == 1
    assert system.record.new_ordinary_beds[0] == 1
    assert system.record.waits_days[0] == [90, 80]


def test_a_transfer_request_lapses_when_the_resident_dies() -> None:
    spec = tiny_spec(nursing_beds=1, ordinary_beds=1)
    lives = [
        seeker(5, stay_days=100),  # P0: the nursing bed, 5 to 105
        # P1 in the ordinary bed from 10, fully disabled from 30 (a transfer request),
        # dies at 50.
        Life(
            (
                Episode(10, Health.PARTIAL, CareChoice.BED, stay_days=1000),
                Episode(30, Health.FULL, CareChoice.FAMILY),
            ),
            death_day=50,
        ),
        seeker(20, stay_days=1000),  # P2 waits for a nursing-type bed
    ]
    system = run_traced(spec, lives)
    # 105: the dead resident's request is skipped; P2 is admitted after 85 days.
    assert without(system.trace, SEEKS) == [
        (5, IN_NURSING, 0),
        (10, IN_ORDINARY, 1),
        (50, DIED, 1),
        (105, DISCHARGED, 0),
        (105, IN_NURSING, 2),
    ]
    assert system.record.transfers[0] == 0


def test_a_change_dated_1_january_counts_in_its_own_year() -> None:
    # Day 365.25 is both the end of 2021 and 1 January 2022: the year end comes first.
    spec = tiny_spec(n_years=2, bed_changes=(BedChange(day=365.25, add_nursing=1),))
    system = run_traced(spec, [seeker(100, stay_days=1000)])
    record = system.record
    assert record.new_nursing_beds.tolist() == [0, 1]
    assert record.beds_end.tolist() == [[0, 0], [1, 0]]
    # The waiter from day 100 is admitted on 1 January after 265.25 days, in 2022.
    assert record.admissions.tolist() == [0, 1]
    assert record.waits_days == [[], [pytest.approx(265.25)]]
    assert record.waiting_end.tolist() == [1, 0]
