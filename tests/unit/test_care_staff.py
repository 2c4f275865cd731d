"""Nursing-home workers (`sim.model.care.staff`): the staffing rule, head-of-line
blocking, recruitment toward need, attrition and certification, on tiny systems."""

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
    tiny_parameters,
    tiny_spec,
    without,
)

from sim.model.care.staff import Workforce, hires_this_month
from sim.model.states import BedKind, CareChoice, Health

IN_NURSING, IN_ORDINARY = ADMITTED[BedKind.NURSING], ADMITTED[BedKind.ORDINARY]
#: Day of the first monthly turnover: the middle of the first month, 0.5 x 365.25 / 12.
FIRST_MID_MONTH = 15.21875

# ---- Workforce on its own ------------------------------------------------------------


def test_workers_split_into_certified_and_uncertified() -> None:
    staff = Workforce(tiny_parameters(), caregivers=7, certified=3)
    assert (staff.certified, staff.uncertified, staff.total) == (3, 4, 7)


def test_the_need_is_the_sum_of_one_over_the_ratio_of_each_resident() -> None:
    parameters = tiny_parameters(
        residents_per_caregiver_independent=10,
        residents_per_caregiver_partial=5,
        residents_per_caregiver_full=2,
    )
    staff = Workforce(parameters, caregivers=1, certified=0)
    staff.count_resident(Health.FULL, +1)  # 0.5
    staff.count_resident(Health.PARTIAL, +1)  # 0.2
    staff.count_resident(Health.INDEPENDENT, +1)  # 0.1
    assert staff.needed == pytest.approx(0.8)
    assert staff.residents_by_state == [1, 1, 1]
    # 0.8 + 0.2 = 1.0 fits one worker; 0.8 + 0.5 does not; 0.8 + 0.1 does.
    assert staff.allows(Health.PARTIAL)
    assert not staff.allows(Health.FULL)
    assert staff.allows(Health.INDEPENDENT)
    staff.count_resident(Health.FULL, -1)  # 0.3 left: now a full resident fits
    assert staff.needed == pytest.approx(0.3)
    assert staff.allows(Health.FULL)


def test_nine_residents_at_one_to_nine_fit_one_worker_despite_rounding() -> None:
    # 1/9 added nine times is 1.0000000000000002 in floating point: without the
    # tolerance the ninth resident would be refused.
    staff = Workforce(tiny_parameters(residents_per_caregiver_partial=9), 1, 0)
    admitted = 0
    while staff.allows(Health.PARTIAL) and admitted < 20:
        staff.count_resident(Health.PARTIAL, +1)
        admitted += 1
    assert admitted == 9


@pytest.mark.parametrize(
    ("target", "workers", "leavers", "lag", "ceiling", "uniform", "expected"),
    [
        # Wish: 0.5 leavers + (10 - 4) / 6 = 1.5 a month. Poisson(1.5): P(0) = 0.2231,
        # P(<=1) = 0.5578, P(<=2) = 0.8088, so the quantiles of 0.2, 0.5, 0.6 are 0, 1, 2.
        (10, 4, 0.5, 6, 5, 0.2, 0),
        (10, 4, 0.5, 6, 5, 0.5, 1),
        (10, 4, 0.5, 6, 5, 0.6, 2),
        # The labour market gives 0.5 a month: Poisson(0.5), P(0) = 0.6065.
        (10, 4, 0.5, 6, 0.5, 0.6, 0),
        (10, 4, 0.5, 6, 0.5, 0.7, 1),
        # Above target: 0.5 + (2 - 8) / 6 < 0, and providers never fire.
        (2, 8, 0.5, 6, 5, 0.99, 0),
        # On target with no leavers: nothing to do.
        (8, 8, 0.0, 6, 5, 0.99, 0),
    ],
)
def test_hires_this_month(target, workers, leavers, lag, ceiling, uniform, expected) -> None:
    hired = hires_this_month(
        target=target,
        workers=workers,
        expected_leavers=leavers,
        lag_months=lag,
        ceiling=ceiling,
        uniform=uniform,
    )
    assert hired == expected


# ---- head-of-line blocking in the care system --------------------------------------

# One worker; a fully disabled resident needs 1, a partially disabled one 1/4.
BLOCKING = tiny_parameters(residents_per_caregiver_full=1, residents_per_caregiver_partial=4)


def test_the_head_of_the_list_blocks_those_behind_who_would_fit() -> None:
    spec = tiny_spec(nursing_beds=3, caregivers=1, parameters=BLOCKING)
    lives = [
        seeker(10, Health.PARTIAL, stay_days=40),  # P0: needs 0.25, admitted
        seeker(20, Health.FULL, stay_days=1000, patience_days=200),  # P1: 1.25 > 1
        seeker(30, Health.PARTIAL, stay_days=1000, patience_days=60),  # P2: 0.5 would fit
    ]
    system = run_traced(spec, lives)
    # 30: P2 stays behind P1, who cannot be staffed. 50: P0 leaves, need 0: P1 fits (1)
    # and is admitted after 30 days; now P2 would need 1.25. 90: P2 gives up.
    assert without(system.trace, SEEKS) == [
        (10, IN_NURSING, 0),
        (50, DISCHARGED, 0),
        (50, IN_NURSING, 1),
        (90, GAVE_UP, 2),
    ]
    assert system.record.waits_days[0] == [0, 30]
    assert system.record.staff_needed_end[0] == pytest.approx(1.0)


def test_the_other_list_is_tried_separately() -> None:
    # The same, with one ordinary bed, which P2 (partially disabled) takes.
    spec = tiny_spec(nursing_beds=3, ordinary_beds=1, caregivers=1, parameters=BLOCKING)
    lives = [
        seeker(10, Health.PARTIAL, stay_days=40),
        seeker(20, Health.FULL, stay_days=1000, patience_days=200),
        seeker(30, Health.PARTIAL, stay_days=1000, patience_days=60),
    ]
    system = run_traced(spec, lives)
    # 30: P2 gets the ordinary bed (need 0.5). 50: P0 leaves, need 0.25: P1 would make
    # it 1.25, so P1 waits on and gives up at 20 + 200 = 220.
    assert without(system.trace, SEEKS) == [
        (10, IN_NURSING, 0),
        (30, IN_ORDINARY, 2),
        (50, DISCHARGED, 0),
        (220, GAVE_UP, 1),
    ]


def test_a_resident_who_recovers_frees_staff_for_the_head_of_the_list() -> None:
    spec = tiny_spec(nursing_beds=2, caregivers=1, parameters=BLOCKING)
    lives = [
        # P0 fully disabled in a bed from 10 (needs 1); partially disabled from 40.
        Life(
            (
                Episode(10, Health.FULL, CareChoice.BED, stay_days=1000),
                Episode(40, Health.PARTIAL, CareChoice.FAMILY),
            )
        ),
        seeker(20, Health.PARTIAL, stay_days=1000),  # P1: 1.25 > 1 until 40
    ]
    system = run_traced(spec, lives)
    # 40: P0 needs 0.25, so P1 fits (0.5) and is admitted after 20 days.
    assert (40, IN_NURSING, 1) in system.trace
    assert system.record.waits_days[0] == [0, 20]


# ---- turnover in the care system -------------------------------------------------------


def test_when_every_worker_leaves_in_the_first_month_nobody_more_is_admitted() -> None:
    # Attrition 100% a year is a monthly probability of 1: all 3 leave at mid-January.
    spec = tiny_spec(nursing_beds=2, caregivers=3, certified_caregivers=1, attrition_per_year=1.0)
    lives = [seeker(10, stay_days=1000), seeker(20, stay_days=1000)]
    system = run_traced(spec, lives)
    record = system.record
    # P0 was admitted on day 10 and stays (residents are never moved out); P1 waits.
    assert without(system.trace, SEEKS) == [(10, IN_NURSING, 0)]
    assert (record.leavers[0], record.caregivers_end[0], record.certified_end[0]) == (3, 0, 0)
    assert record.waiting_end[0] == 1
    # Worker-days: 3 workers until day 15.21875.
    assert record.caregiver_days[0] == pytest.approx(3 * FIRST_MID_MONTH)


def test_certifications_are_capped_at_the_uncertified_workers() -> None:
    # 1.2 million certifications a year is 100,000 a month: all 4 uncertified workers
    # are certified in the first month and none is left to certify afterwards.
    spec = tiny_spec(caregivers=5, certified_caregivers=1, certifications_per_year=1.2e6)
    record = run_traced(spec, []).record
    assert (record.certifications[0], record.certified_end[0], record.caregivers_end[0]) == (
        4,
        5,
        5,
    )


def test_hires_in_a_month_admit_the_waiter_they_make_room_for() -> None:
    # No workers at the start; a fully disabled resident needs 10 (1 per 0.1 residents).
    # The target is 3 x (10 for the waiter who fits the free bed) = 30 and the lag one
    # month, so the month's hires are Poisson(30); fewer than 10 has probability 7e-6.
    parameters = tiny_parameters(residents_per_caregiver_full=0.1, staffing_target_margin=3.0)
    spec = tiny_spec(nursing_beds=1, caregivers=0, hires_per_year=1200, parameters=parameters)
    system = run_traced(spec, [seeker(1, stay_days=1000)])
    # The waiter is admitted at the first monthly turnover, after 14.21875 days.
    assert without(system.trace, SEEKS) == [(FIRST_MID_MONTH, IN_NURSING, 0)]
    assert system.record.waits_days[0] == [pytest.approx(FIRST_MID_MONTH - 1)]
    assert system.record.hires[0] >= 10


def test_homes_recruit_toward_their_residents_and_the_waiters_who_fit_the_free_beds() -> None:
    # One worker; a fully disabled resident needs 1/2, a partially disabled one 1/4.
    parameters = tiny_parameters(residents_per_caregiver_full=2, residents_per_caregiver_partial=4)
    spec = tiny_spec(nursing_beds=3, caregivers=1, parameters=parameters)
    lives = [
        seeker(10, Health.PARTIAL, stay_days=1000),  # 0.25
        seeker(20, Health.FULL, stay_days=1000),  # 0.75
        seeker(30, Health.FULL, stay_days=1000),  # would make 1.25: waits
        seeker(40, Health.FULL, stay_days=1000),  # waits
        seeker(50, Health.FULL, stay_days=1000),  # waits
    ]
    record = run_traced(spec, lives).record
    # Residents need 0.75; three waiters but one free bed, counted as fully disabled:
    # 0.75 + 0.5 x min(3, 1) = 1.25.
    assert record.admissions[0] == 2
    assert record.waiting_end[0] == 3
    assert record.staff_needed_end[0] == pytest.approx(1.25)
    assert record.residents_end[0].tolist() == [[0, 1, 1], [0, 0, 0]]
