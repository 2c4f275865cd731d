"""Each care channel (`sim.model.channels`) on its own, on tiny hand-built inputs: the
people at home on one day are written out one by one, so every figure is worked out by
hand; and the channels together give every indicator exactly once.

A home-care worker gives 40 hours a month here; the partially disabled need 20 hours a
month, the fully disabled 40.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from tiny_systems import Episode, Life, run_traced, tiny_parameters, tiny_spec, world

from sim.model.care.record import YearlyRecord
from sim.model.channels import CareChannel, care_channels, simulate_channels
from sim.model.channels.census import DisabledOnDay, HomeCensus
from sim.model.channels.community import CommunityCentres
from sim.model.channels.home_care import HomeCare, TownshipHours, allocate_hours, per_month
from sim.model.channels.ltc import LongTermCare
from sim.model.channels.nursing_homes import NursingHomes
from sim.model.costs import cost_lines
from sim.model.indicators import INDICATORS, PLACE_INDICATORS, channel_rows
from sim.model.spec import LongTermCareInsurance
from sim.model.states import CareChoice, Health

DAYS_PER_MONTH = 365.25 / 12  # 30.4375
PARTIAL, FULL = Health.PARTIAL, Health.FULL
HOURS = tiny_parameters(
    home_care_hours_partial_per_month=20.0,
    home_care_hours_full_per_month=40.0,
    home_care_worker_hours_per_month=40.0,
)
#: 30 hours a month at home, 900 yuan a month in cash, 40 yuan a day in a bed.
SCHEME = LongTermCareInsurance(
    start_day=0.0,
    eligible_partial=False,
    eligible_full=True,
    take_up=1.0,
    home_care_hours_per_month=30.0,
    cash_per_month_yuan=900.0,
    bed_subsidy_per_day_yuan=40.0,
)


def people(
    state: list[Health],
    *,
    home: list[bool] | None = None,
    in_bed: list[bool] | None = None,
    no_carer: list[bool] | None = None,
    insured: list[bool] | None = None,
    uses: list[bool] | None = None,
    purchase_u: list[float] | None = None,
) -> DisabledOnDay:
    """Disabled people on one day, written out one by one (at home, with a carer, not
    insured, not using home care, never bought for, unless said)."""
    n = len(state)

    def flags(values: list[bool] | None, default: bool) -> np.ndarray:
        return np.array(values if values is not None else [default] * n, dtype=bool)

    return DisabledOnDay(
        state=np.array(state, dtype=np.int8),
        home=flags(home, True),
        in_bed=flags(in_bed, False),
        no_carer=flags(no_carer, False),
        insured=flags(insured, False),
        uses=flags(uses, False),
        purchase_u=np.array(purchase_u if purchase_u is not None else [1.0] * n),
    )


# ---- home care ---------------------------------------------------------------------------


def test_one_workers_hours_are_shared_among_three_clients() -> None:
    spec = tiny_spec(parameters=HOURS, purchased_home_care_share=0.5)
    # Three clients with no family carer need 20 + 20 + 40 = 80 hours; one worker gives
    # 40: each gets half. The second is bought by the government (draw 0.2 < 0.5).
    month = people([PARTIAL, PARTIAL, FULL], no_carer=[True] * 3, purchase_u=[0.9, 0.2, 0.7])
    care = allocate_hours(spec, month, day=DAYS_PER_MONTH / 2, workers=1)
    assert care.hours_needed == 80
    assert care.met == 0.5
    assert care.clients == 3
    assert care.purchased_hours == 10  # 20 hours needed, half met
    assert care.insured_hours == 0
    assert care.unmet == 1.5  # three people with no carer, each half short


def test_enough_workers_meet_every_hour_and_nobody_goes_short() -> None:
    spec = tiny_spec(parameters=HOURS)
    month = people([PARTIAL, FULL], no_carer=[True, False], uses=[False, True])
    care = allocate_hours(spec, month, day=15.0, workers=3)
    assert (care.hours_needed, care.met, care.clients, care.unmet) == (60, 1.0, 2, 0)


def test_the_insured_at_home_get_the_benefits_hours_not_their_need() -> None:
    spec = tiny_spec(parameters=HOURS, ltc=SCHEME)
    # P0 insured at home: 30 benefit hours (not 40); P1 insured in a bed: none; P2 uses
    # home care: 20 hours. 50 hours needed, 40 given: 0.8 met.
    month = people(
        [FULL, FULL, PARTIAL],
        home=[True, False, True],
        in_bed=[False, True, False],
        insured=[True, True, False],
        uses=[False, False, True],
    )
    care = allocate_hours(spec, month, day=15.0, workers=1)
    assert care.hours_needed == 50
    assert care.met == pytest.approx(0.8)
    assert care.clients == 2
    assert care.insured_hours == pytest.approx(24)


def test_nobody_at_home_needs_no_hours_and_everything_is_met() -> None:
    spec = tiny_spec(parameters=HOURS)
    care = allocate_hours(spec, people([FULL], home=[False], no_carer=[True]), 15.0, workers=0)
    assert (care.hours_needed, care.met, care.clients, care.unmet) == (0, 1.0, 0, 0)


def test_every_townships_hours_at_once_equal_each_townships_alone() -> None:
    # Two townships: the first's workers give 40 hours a month, the second's (farther to
    # travel) 20; the insurance pays 30 hours. Allocated at once from the district's
    # people, each township gets what it gets alone from its own people.
    specs = [
        tiny_spec(parameters=HOURS, purchased_home_care_share=0.5, ltc=SCHEME),
        tiny_spec(parameters=tiny_parameters(
            home_care_hours_partial_per_month=20.0, home_care_hours_full_per_month=40.0,
            home_care_worker_hours_per_month=20.0,
        ), purchased_home_care_share=0.5, ltc=SCHEME),
    ]  # fmt: skip
    district = people(
        [PARTIAL, FULL, FULL, PARTIAL, FULL],
        home=[True, True, False, True, True],
        in_bed=[False, False, True, False, False],
        no_carer=[True, False, True, True, False],
        insured=[False, True, True, False, False],
        uses=[False, False, False, False, True],
        purchase_u=[0.2, 0.9, 0.1, 0.7, 0.3],
    )
    area = np.array([0, 1, 0, 1, 1])
    district = DisabledOnDay(**{**vars(district), "area": area})
    together = TownshipHours(specs).allocate(district, 15.0, np.array([1.0, 1.0]))
    for index, (spec, apart) in enumerate(zip(specs, district.by_area(2), strict=True)):
        alone = allocate_hours(spec, apart, 15.0, workers=1)
        assert vars(together[index]) == pytest.approx(vars(alone))
    # Township 1: P1 insured at home (30 h), P3 without a carer (20 h), P4 uses (40 h):
    # 90 hours against one worker's 20.
    assert together[1].hours_needed == 90
    assert together[1].met == pytest.approx(20 / 90)


def test_a_year_of_home_care_adds_up_its_months_and_keeps_december_as_the_stock() -> None:
    spec = tiny_spec(parameters=HOURS, home_care_workers=1, certified_home_care_workers=1)
    channel = HomeCare(spec, replication=0)
    short = people([PARTIAL, PARTIAL, FULL], no_carer=[True] * 3)
    channel.start(short)
    for month in range(12):
        channel.month(month, (month + 0.5) * DAYS_PER_MONTH, short)
    rows = channel.indicator_rows()
    # 80 hours needed and 40 given each month; the worker stays (no attrition).
    assert rows["home_care_hours_needed"][1] == 12 * 80
    assert rows["home_care_hours_delivered"][1] == 12 * 40
    assert rows["home_care_need_met"][1] == 50
    assert rows["caregivers_home_needed"][1] == 2  # 960 hours / (40 x 12) a worker-year
    assert rows["home_care_clients"].tolist() == [3, 3]
    assert rows["unmet_care_need"].tolist() == [1.5, 1.5]
    assert rows["caregivers_home"].tolist() == [1, 1]
    assert np.isnan(rows["home_care_hours_needed"][0])
    assert channel.certified_workers().tolist() == [1, 1]
    lines = channel.cost_lines()
    assert lines["home_care_hours_delivered"].tolist() == [480]
    assert lines["hires"].tolist() == [0]


def test_a_yearly_schedule_is_spread_over_the_months() -> None:
    year_of_month = np.arange(24) // 12
    assert per_month(np.array([12.0, 24.0]), year_of_month).tolist() == [1.0] * 12 + [2.0] * 12
    assert per_month(np.zeros(0), year_of_month).tolist() == [0.0] * 24


# ---- long-term-care insurance ----------------------------------------------------------------


def test_insurance_pays_cash_at_home_and_a_subsidy_in_a_bed() -> None:
    spec = tiny_spec(ltc=SCHEME)
    channel = LongTermCare(spec)
    # Two insured at home, one insured in a bed, one insured in a day-care place (neither),
    # one not insured at home.
    month = people(
        [FULL] * 5,
        home=[True, True, False, False, True],
        in_bed=[False, False, True, False, False],
        insured=[True, True, True, True, False],
    )
    channel.start(month)
    for index in range(12):
        channel.month(index, (index + 0.5) * DAYS_PER_MONTH, month)
    assert channel.indicator_rows()["ltc_beneficiaries"].tolist() == [4, 4]
    lines = channel.cost_lines()
    assert lines["ltc_cash_yuan"].tolist() == [12 * 2 * 900]
    assert lines["ltc_bed_subsidy_yuan"][0] == pytest.approx(12 * DAYS_PER_MONTH * 40)
    assert channel.certified_workers() is None


def test_without_a_scheme_the_insurance_pays_nothing() -> None:
    channel = LongTermCare(tiny_spec())
    channel.month(0, 15.0, people([FULL], insured=[False]))
    assert channel.cost_lines()["ltc_cash_yuan"].tolist() == [0]
    assert channel.cost_lines()["ltc_bed_subsidy_yuan"].tolist() == [0]


# ---- community centres ---------------------------------------------------------------------


def test_two_places_and_three_requests_grant_two() -> None:
    spec = tiny_spec(centres=1, community_places=2)
    lives = [Life((Episode(day, Health.FULL, CareChoice.COMMUNITY),)) for day in (10, 20, 30)]
    system = run_traced(spec, lives)
    courses, _ = world(spec, lives)
    channel = CommunityCentres(
        spec, courses, system.record, HomeCensus(spec, courses, system.record, 0)
    )
    rows = channel.indicator_rows()
    assert rows["community_requests"][1] == 3
    assert rows["community_granted"][1] == 2
    assert rows["community_coverage"][1] == pytest.approx(200 / 3)
    assert np.isnan(rows["community_coverage"][0])
    assert rows["community_centres"].tolist() == [1, 1]
    assert rows["community_places"].tolist() == [2, 2]
    # The two holders of a place are the centre's users (no villages here, no demand).
    assert rows["community_users"].tolist() == [0, 2]


def test_centre_users_are_the_demand_within_the_room_plus_the_places() -> None:
    # One village centre among 2 villages: half covered. 6 independent people aged 70
    # use a centre at 0.5: demand 0.5 x 6 x 0.5 = 1.5, room 1 regular user; plus one place.
    parameters = tiny_parameters(
        community_use_rate_independent_under_80=0.5, centre_regular_users=1.0
    )
    spec = tiny_spec(
        parameters=parameters, centres=1, village_centres=1, villages_and_communities=2
    )
    lives = [Life((Episode(0, Health.INDEPENDENT),)) for _ in range(6)]
    courses, _ = world(spec, lives)
    record = YearlyRecord(spec.n_years)
    record.centres_end[:] = 1
    record.start.community_users = 1
    record.community_users_end[:] = 1
    channel = CommunityCentres(spec, courses, record, HomeCensus(spec, courses, record, 0))
    assert channel.indicator_rows()["community_users"].tolist() == [2, 2]
    assert channel.indicator_rows()["villages_with_centre"].tolist() == [50, 50]


# ---- nursing homes -------------------------------------------------------------------------


def test_the_bed_queue_seen_as_a_channel() -> None:
    spec = tiny_spec(nursing_beds=1, certifications_per_year=0)
    # P0 takes the bed on day 10; P1 asks on day 20 and gives up after 30 days.
    lives = [
        Life((Episode(10, Health.FULL, CareChoice.BED),)),
        Life((Episode(20, Health.FULL, CareChoice.BED, patience_days=30),)),
    ]
    record = run_traced(spec, lives).record
    channel = NursingHomes(spec, record)
    rows = channel.indicator_rows()
    assert rows["beds_total"].tolist() == [1, 1]
    assert rows["residents"].tolist() == [0, 1]
    assert rows["bed_seekers"][1] == 2
    assert rows["admissions"][1] == 1
    assert rows["gave_up"][1] == 1
    assert rows["unmet_bed_demand"][1] == 50
    assert rows["mean_wait_days"][1] == 0
    # The resident and who gave up; undefined at the start, when nobody has given up yet.
    assert rows["nursing_bed_demand"][1] == 2
    assert np.isnan(rows["nursing_bed_demand"][0])
    assert channel.cost_lines()["occupied_bed_years"][0] == pytest.approx((365.25 - 10) / 365.25)


# ---- every channel together ------------------------------------------------------------------


def replication_channels() -> tuple[CareChannel, ...]:
    spec = tiny_spec(
        parameters=HOURS,
        ltc=SCHEME,
        centres=1,
        community_places=1,
        home_care_workers=1,
        certified_home_care_workers=1,
        community_workers=2,
        certified_community_workers=2,
        certified_caregivers=3,
        home_care_certifications_per_year=0,
    )
    lives = [
        Life((Episode(0, Health.FULL),)),
        Life((Episode(5, Health.PARTIAL, CareChoice.COMMUNITY),)),
    ]
    system = run_traced(spec, lives)
    courses, _ = world(spec, lives)
    return care_channels(spec, system.record, simulate_channels(spec, courses, system.record, 0))


def test_each_indicator_belongs_to_one_channel_or_to_the_district() -> None:
    channels = replication_channels()
    assert [channel.name for channel in channels] == [
        "nursing_homes", "home_care", "community_centres", "ltc", "family_beds",
    ]  # fmt: skip
    rows = channel_rows(channels)
    district = {
        "population_total", "population_60plus", "share_60plus", "disabled_partial",
        "disabled_full", "elderly_care_beds", "beds_per_1000_older",
        "institution_beds_per_1000_older", "certified_caregivers",
        "certified_caregivers_per_10k", "consortia", "cost_capital", "cost_running",
        "cost_total", "cost_public", "cost_ltc_fund", "cost_allowances", "cost_public_with_fund",
    }  # fmt: skip
    # The indicators of places are the townships' (sim.model.places), not a channel's.
    assert set(rows) | district | set(PLACE_INDICATORS) == set(INDICATORS)
    assert not set(rows) & (district | set(PLACE_INDICATORS))
    for values in rows.values():
        assert len(values) == 2  # base year and one simulated year


def test_a_cost_line_several_channels_have_is_their_sum() -> None:
    channels = replication_channels()
    lines = cost_lines(channels)
    expected = sum(channel.cost_lines().get("certifications", 0) for channel in channels)
    assert lines["certifications"].tolist() == pytest.approx(np.asarray(expected).tolist())
    assert set(lines) == {
        "new_nursing_beds", "new_ordinary_beds", "bed_conversions", "caregiver_years",
        "occupied_bed_years", "certifications", "hires", "home_care_hours_delivered",
        "purchased_home_care_hours", "insured_home_care_hours", "new_centres", "centre_years",
        "community_worker_years", "ltc_cash_yuan", "ltc_bed_subsidy_yuan",
        "new_family_care_beds", "family_care_bed_visits",
    }  # fmt: skip


def test_the_insured_at_home_on_day_zero() -> None:
    spec = tiny_spec(ltc=SCHEME)
    lives = [Life((Episode(0, Health.FULL),)), Life((Episode(0, Health.PARTIAL),))]
    courses, _ = world(spec, lives)
    record = YearlyRecord(spec.n_years)
    record.bed_spells = [(0, 0.0, math.inf, 0)]
    census = HomeCensus(spec, courses, record, replication=0)
    day0 = census.on(0.0)
    assert day0.state.tolist() == [FULL, PARTIAL]
    assert day0.home.tolist() == [False, True]
    assert day0.in_bed.tolist() == [True, False]
    assert day0.insured.tolist() == [True, False]  # the partially disabled are not eligible
