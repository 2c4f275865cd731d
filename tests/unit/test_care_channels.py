"""The care channels (`sim.model.channels`) on tiny hand-built populations: home care
month by month, long-term-care insurance, community centres year by year.

The per-person draws (no carer, use, purchase, take-up) are forced by setting their
shares to 0 or 1, so every figure below is worked out by hand. A month's care is
allocated in its middle, day (m + 0.5) x 30.4375.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from tiny_systems import Episode, Life, tiny_parameters, tiny_spec, world

from sim.model.care.draws import care_inputs, insured
from sim.model.care.record import YearlyRecord
from sim.model.channels import ChannelRecord, simulate_channels
from sim.model.spec import LongTermCareInsurance, ModelSpec
from sim.model.states import BedKind, CareChoice, Health

YEAR = 365.25
DAYS_PER_MONTH = YEAR / 12  # 30.4375


def at_home(state: Health, age_years: float = 70.0) -> Life:
    """Someone in `state` from day 0 to past the horizon."""
    return Life((Episode(0, state),), age_years=age_years)


def channels(
    spec: ModelSpec,
    lives: Sequence[Life],
    *,
    bed_spells: Sequence[tuple[int, float, float, int]] = (),
    place_spells: Sequence[tuple[int, float, float]] = (),
    places_used: int = 0,
) -> ChannelRecord:
    """The channels of `lives`, given their spells in beds and day-care places."""
    courses, _ = world(spec, lives)
    record = YearlyRecord(spec.n_years)
    record.bed_spells = list(bed_spells)
    record.place_spells = list(place_spells)
    record.centres_end[:] = spec.initial.centres
    record.start.community_users = places_used
    record.community_users_end[:] = places_used
    return simulate_channels(spec, courses, record, replication=0)


# ---- home care -------------------------------------------------------------------------

# 20 hours a month for the partially disabled, 40 for the fully; 40 hours per worker.
HOURS = {
    "home_care_hours_partial_per_month": 20.0,
    "home_care_hours_full_per_month": 40.0,
    "home_care_worker_hours_per_month": 40.0,
}


def test_short_hours_are_shared_and_count_as_unmet_need_of_people_with_no_carer() -> None:
    spec = tiny_spec(
        parameters=tiny_parameters(no_carer_share_start=1.0, **HOURS),
        home_care_workers=1,
        purchased_home_care_share=1.0,
    )
    lives = [
        at_home(Health.PARTIAL),  # P0
        at_home(Health.PARTIAL),  # P1
        at_home(Health.FULL),  # P2
        at_home(Health.FULL),  # P3: in a bed all year
        at_home(Health.FULL),  # P4: holds a day-care place until day 200
        at_home(Health.INDEPENDENT),  # P5: needs no home care
    ]
    result = channels(
        spec,
        lives,
        bed_spells=[(BedKind.NURSING, 0.0, math.inf, 3)],
        place_spells=[(4, 0.0, 200.0)],
    )
    # Months 0-6 (middle of July: day 197.8, P4 still in the place): P0, P1, P2 need
    # 20 + 20 + 40 = 80 hours, one worker gives 40: each gets half. Months 7-11: P4 at
    # home too, 120 hours needed, a third met. Needed 7 x 80 + 5 x 120 = 1160; delivered
    # 40 a month = 480, all bought by the government (share 1, nobody insured).
    assert result.home_care_hours_needed[1] == pytest.approx(1160)
    assert result.home_care_hours_delivered[1] == pytest.approx(480)
    assert result.purchased_hours[1] == pytest.approx(480)
    assert result.private_hours[1] == pytest.approx(0)
    assert result.insured_hours[1] == pytest.approx(0)
    # December: 4 clients without a carer, two thirds short: 8/3 unmet. Day 0: P0-P2,
    # half met: 1.5.
    assert result.home_care_clients.tolist() == [3, 4]
    assert result.unmet_care_need.tolist() == pytest.approx([1.5, 8 / 3])
    assert np.isnan(result.home_care_hours_needed[0])


def test_people_with_a_family_carer_who_go_short_are_not_unmet_need() -> None:
    # Everyone has a carer and uses home care anyway; the same shortfall as above.
    parameters = tiny_parameters(home_care_use_partial=1.0, home_care_use_full=1.0, **HOURS)
    spec = tiny_spec(parameters=parameters, home_care_workers=1)
    result = channels(spec, [at_home(Health.PARTIAL), at_home(Health.FULL)])
    # 60 hours needed, 40 given each month; nobody is counted as unmet; all private.
    assert result.home_care_hours_needed[1] == pytest.approx(12 * 60)
    assert result.home_care_hours_delivered[1] == pytest.approx(12 * 40)
    assert result.private_hours[1] == pytest.approx(12 * 40)
    assert result.unmet_care_need.tolist() == [0, 0]
    assert result.home_care_clients.tolist() == [2, 2]


def test_nobody_is_a_client_without_a_reason_to_be() -> None:
    spec = tiny_spec(parameters=tiny_parameters(**HOURS), home_care_workers=1)
    result = channels(spec, [at_home(Health.PARTIAL), at_home(Health.FULL)])
    assert result.home_care_clients.tolist() == [0, 0]
    assert result.home_care_hours_needed[1] == 0


def test_workers_turn_over_after_the_months_care() -> None:
    # Attrition 100% a year (all leave each month), no hiring: the two workers care for
    # the first month only. One client with no carer needs 40 hours a month.
    spec = tiny_spec(
        parameters=tiny_parameters(no_carer_share_start=1.0, **HOURS),
        home_care_workers=2,
        certified_home_care_workers=1,
        attrition_per_year=1.0,
    )
    result = channels(spec, [at_home(Health.FULL)])
    # January: 80 hours of capacity, 40 needed and met; then no workers.
    assert result.home_care_hours_delivered[1] == pytest.approx(40)
    assert result.home_care_hours_needed[1] == pytest.approx(12 * 40)
    assert result.home_care_workers.tolist() == [2, 0]
    assert result.certified_home_care_workers.tolist() == [1, 0]
    assert result.unmet_care_need.tolist() == [0, 1]


def test_home_care_certifications_are_capped_at_the_uncertified() -> None:
    spec = tiny_spec(
        home_care_workers=3, certified_home_care_workers=1, home_care_certifications_per_year=1.2e6
    )
    result = channels(spec, [])
    assert result.certified_home_care_workers.tolist() == [1, 3]
    assert result.home_care_certifications[1] == 2
    assert result.home_care_hires[1] == 0


# ---- long-term-care insurance --------------------------------------------------------

#: Fully disabled people insured from the middle of the year (day 182.625), everyone
#: taking it up: 50 hours a month at home, 900 yuan a month in cash, 40 yuan a day in a bed.
HALF_YEAR_SCHEME = LongTermCareInsurance(
    start_day=YEAR / 2,
    eligible_partial=False,
    eligible_full=True,
    take_up=1.0,
    home_care_hours_per_month=50.0,
    cash_per_month_yuan=900.0,
    bed_subsidy_per_day_yuan=40.0,
)


def test_insurance_pays_hours_cash_and_bed_subsidy_from_its_start() -> None:
    spec = tiny_spec(
        parameters=tiny_parameters(home_care_use_partial=1.0, **HOURS),
        home_care_workers=100,  # every hour needed is met
        ltc=HALF_YEAR_SCHEME,
    )
    lives = [
        at_home(Health.FULL),  # P0: insured at home from July
        at_home(Health.PARTIAL),  # P1: not eligible; uses 20 hours a month, private
        at_home(Health.FULL),  # P2: in a bed all year
        at_home(Health.FULL),  # P3: holds a day-care place all year
    ]
    result = channels(
        spec,
        lives,
        bed_spells=[(BedKind.NURSING, 0.0, math.inf, 2)],
        place_spells=[(3, 0.0, math.inf)],
    )
    # The scheme starts on day 182.625: the middles of July to December (day 197.8 on),
    # six months, are insured. P0: 6 x 50 insured hours and 6 x 900 yuan; P2: 6 months
    # x 30.4375 days x 40 yuan = 7305 yuan of bed subsidy; P3 draws the benefit but,
    # neither at home nor in a bed, gets no hours, cash or subsidy.
    assert result.insured_hours[1] == pytest.approx(300)
    assert result.private_hours[1] == pytest.approx(12 * 20)
    assert result.home_care_hours_needed[1] == pytest.approx(540)
    assert result.ltc_cash_yuan[1] == pytest.approx(5400)
    assert result.ltc_bed_subsidy_yuan[1] == pytest.approx(6 * DAYS_PER_MONTH * 40)
    # Beneficiaries: none on day 0; P0, P2, P3 in December. Clients: P1; P0 and P1.
    assert result.ltc_beneficiaries.tolist() == [0, 3]
    assert result.home_care_clients.tolist() == [1, 2]


def test_who_is_insured() -> None:
    scheme = LongTermCareInsurance(
        start_day=100,
        eligible_partial=True,
        eligible_full=False,
        take_up=0.5,
        home_care_hours_per_month=1,
        cash_per_month_yuan=0,
        bed_subsidy_per_day_yuan=0,
    )
    state = np.array([Health.PARTIAL, Health.PARTIAL, Health.PARTIAL, Health.FULL, 0])
    day = np.array([100.0, 99.0, 150.0, 150.0, 150.0])
    take_up = np.array([0.4, 0.4, 0.6, 0.1, 0.1])
    # Eligible partial, on the start day, under the take-up: only the first.
    assert insured(scheme, state, day, take_up).tolist() == [True, False, False, False, False]
    assert insured(None, state, day, take_up).tolist() == [False] * 5


def test_a_bed_subsidy_makes_the_insured_choose_a_bed() -> None:
    # Fully disabled choose family 0.1, community 0.3, bed 0.6. 40 yuan a day is
    # 1217.5 yuan a month; at 0.1 per 100 yuan a month the bed share becomes
    # min(1, 0.6 x (1 + 1.2175)) = 1, taken from family (0.1) and community (0.3).
    parameters = tiny_parameters(
        choice_full_family=0.1,
        choice_full_community=0.3,
        choice_full_bed=0.6,
        bed_choice_increase_per_100_yuan_per_month=0.1,
    )
    spec = tiny_spec(parameters=parameters, ltc=HALF_YEAR_SCHEME)
    before = [Life((Episode(10, Health.FULL),)) for _ in range(30)]
    after = [Life((Episode(200, Health.FULL),)) for _ in range(30)]
    independent = [Life((Episode(200, Health.INDEPENDENT),)) for _ in range(5)]
    courses, _ = world(spec, before + after + independent)
    choice = care_inputs(courses, spec, replication=0).choice
    # After the start every insured episode chooses a bed. Before it the shares are
    # 0.1 / 0.3 / 0.6: thirty beds in a row would have probability 0.6^30 = 2e-7.
    assert (choice[30:60] == CareChoice.BED).all()
    assert (choice[:30] != CareChoice.BED).any()
    assert (choice[60:] == CareChoice.FAMILY).all()


# ---- community centres -------------------------------------------------------------------

# Three centres, two of them village centres serving 4 villages and communities: half of
# them have one. 2 workers per centre; the pack's 5 workers, 2 of them certified.
CENTRES = {
    "centres": 3,
    "village_centres": 2,
    "community_workers": 5,
    "certified_community_workers": 2,
}
USE_RATES = {
    "community_use_rate_independent_under_80": 0.2,
    "community_use_rate_independent_80plus": 0.5,
    "community_use_rate_partial": 0.5,
    "community_workers_per_centre": 2.0,
}


def centre_users(centre_regular_users: float) -> ChannelRecord:
    """Two years of centre use: 10 independent people aged 70, one aged 79.5 (80 during
    the first year), 4 aged 85, 2 partially disabled at home and one who holds a
    day-care place throughout (person 17)."""
    spec = tiny_spec(
        n_years=2,
        parameters=tiny_parameters(centre_regular_users=centre_regular_users, **USE_RATES),
        villages_and_communities=4,
        attrition_per_year=0.5,
        community_certifications_per_year=3,
        **CENTRES,
    )
    lives = (
        [at_home(Health.INDEPENDENT, 70.0) for _ in range(10)]
        + [at_home(Health.INDEPENDENT, 79.5)]
        + [at_home(Health.INDEPENDENT, 85.0) for _ in range(4)]
        + [at_home(Health.PARTIAL) for _ in range(2)]
        + [at_home(Health.PARTIAL)]
    )
    # The place is still held at the horizon: its spell ends there, as the care system
    # records open spells.
    return channels(spec, lives, place_spells=[(17, 0.0, 2 * YEAR)], places_used=1)


def test_centre_users_are_the_demand_where_there_is_a_centre_plus_the_places() -> None:
    result = centre_users(centre_regular_users=10)
    # Base year: 0.5 x (11 x 0.2 + 4 x 0.5 + 2 x 0.5) = 2.6, plus 1 place = 3.6. At the
    # end of the first year the 79.5-year-old is 80.5: 0.5 x (10 x 0.2 + 5 x 0.5 + 2 x
    # 0.5) = 2.75, plus the place. The holder of the place is counted there only.
    assert result.community_users[:2].tolist() == pytest.approx([3.6, 3.75])
    assert result.villages_with_centre.tolist() == [50, 50, 50]


def test_the_holder_of_a_place_at_the_horizon_is_not_counted_at_home() -> None:
    result = centre_users(centre_regular_users=10)
    # At the end of the second year the same people as a year before: 2.75 + 1 place.
    # Counted at home as well, the place holder adds 0.5 x 0.5: 4.0.
    assert result.community_users[2] == pytest.approx(3.75)


def test_centre_users_are_limited_by_the_room_of_the_centres() -> None:
    # Room: 2 village centres x 1 regular user (township centres: 0 here), plus the place.
    result = centre_users(centre_regular_users=1)
    assert result.community_users.tolist() == pytest.approx([3, 3, 3])


def test_centre_workers_and_their_training() -> None:
    result = centre_users(centre_regular_users=10)
    # Workers: the pack's 5 in the base year, then round(3 x 2) = 6. Certified: 2; then
    # 2 x (1 - 0.5) = 1 kept and min(3 planned, 6 - 1) = 3 trained: 4; then 4 x 0.5 = 2
    # kept and min(3, 6 - 2) = 3 trained: 5.
    assert result.community_workers.tolist() == [5, 6, 6]
    assert result.certified_community_workers.tolist() == [2, 4, 5]
    assert result.community_certifications[1:].tolist() == [3, 3]
    assert np.isnan(result.community_certifications[0])


def test_the_base_year_reports_the_packs_certified_centre_workers() -> None:
    # The pack: 5 workers, all certified; 3 centres at 1 worker a centre would be 3.
    spec = tiny_spec(
        parameters=tiny_parameters(community_workers_per_centre=1.0),
        villages_and_communities=4,
        centres=3,
        village_centres=2,
        community_workers=5,
        certified_community_workers=5,
    )
    result = channels(spec, [])
    assert result.community_workers[0] == 5
    assert result.certified_community_workers[0] == 5
