"""Family care beds (`sim.model.channels.family_beds`) on tiny hand-built inputs: who gets
a bed, the visits and the costs, worked out by hand; how a scenario's beds are resolved
and spread over townships; and the civil-affairs count of beds that includes them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import resolved, variant
from test_channel_modules import people
from tiny_run import REFERENCE, make_tiny_run
from tiny_systems import tiny_parameters, tiny_spec

from sim.config.resolve import _family_beds_by_township
from sim.errors import InputError
from sim.model.channels.family_beds import FamilyCareBeds, bed_users
from sim.model.costs import priced
from sim.model.indicators import elderly_care_beds
from sim.model.spec import FamilyBeds
from sim.model.states import Health
from sim.present.labels import definitions_note, indicator_definition
from sim.present.outline import Table, report_outline
from sim.present.report_inputs import load_report_inputs
from sim.present.report_words import WORDS

DAYS_PER_MONTH = 365.25 / 12
PARTIAL, FULL = Health.PARTIAL, Health.FULL

#: Three fully and two partially disabled people at home, one fully disabled in a bed,
#: one partially disabled in a day-care place (at home is neither).
ON_ONE_DAY = people(
    [FULL, FULL, FULL, PARTIAL, PARTIAL, FULL, PARTIAL],
    home=[True, True, True, True, True, False, False],
    in_bed=[False, False, False, False, False, True, False],
)


@pytest.mark.parametrize(("beds", "users"), [(0, 0), (2, 2), (3, 3), (4, 4), (5, 5), (10, 5)])
def test_the_beds_go_to_people_at_home_as_far_as_they_go(beds: int, users: int) -> None:
    assert bed_users(beds, ON_ONE_DAY) == users


def test_independent_people_get_no_bed() -> None:
    # The census lists the disabled only; an independent person never counts.
    mixed = people([Health.INDEPENDENT, PARTIAL, FULL])
    assert bed_users(3, mixed) == 2


def _spec(start: int, added: list[float], visits_per_month: float = 4.0):
    parameters = tiny_parameters(
        family_care_bed_visits_per_month=visits_per_month,
        cost_new_family_care_bed_yuan=5_000.0,
        subsidy_new_family_care_bed_yuan=3_000.0,
        cost_family_care_bed_visit_yuan=100.0,
        subsidy_family_care_bed_visit_yuan=50.0,
    )
    spec = tiny_spec(n_years=len(added), parameters=parameters)
    return replace(spec, family_beds=FamilyBeds(start, np.array(added)))


def _run(channel: FamilyCareBeds, n_years: int) -> None:
    channel.start(ON_ONE_DAY)
    for month in range(12 * n_years):
        channel.month(month, (month + 0.5) * DAYS_PER_MONTH, ON_ONE_DAY)


def test_beds_users_and_visits_by_year() -> None:
    # 2 beds at the start, 2 more in the first year, 9 in the second: 2, 4, 13 beds; the 5
    # disabled people at home hold 2, 4, 5 of them; 4 visits a month each.
    channel = FamilyCareBeds(_spec(2, [2.0, 9.0]))
    _run(channel, 2)
    rows = channel.indicator_rows()
    assert rows["family_care_beds"].tolist() == [2, 4, 13]
    assert rows["family_care_bed_users"].tolist() == [2, 4, 5]
    assert np.isnan(rows["family_care_bed_visits"][0])
    assert rows["family_care_bed_visits"][1:].tolist() == [12 * 4 * 4, 12 * 5 * 4]
    lines = channel.cost_lines()
    assert lines["new_family_care_beds"].tolist() == [2, 9]
    assert lines["family_care_bed_visits"].tolist() == [192, 240]
    assert channel.certified_workers() is None


def test_the_beds_are_priced_in_total_and_to_the_public_budget() -> None:
    spec = _spec(0, [2.0, 9.0])
    channel = FamilyCareBeds(spec)
    _run(channel, 2)
    nothing = np.zeros(2)
    other_lines = (
        "new_nursing_beds", "new_ordinary_beds", "bed_conversions", "new_centres",
        "caregiver_years", "occupied_bed_years", "centre_years", "certifications", "hires",
        "home_care_hours_delivered", "community_worker_years", "ltc_cash_yuan",
        "ltc_bed_subsidy_yuan", "purchased_home_care_hours", "insured_home_care_hours",
    )  # fmt: skip
    costs = priced(spec, dict.fromkeys(other_lines, nothing) | channel.cost_lines(), nothing)
    # Set up: 2 and 9 beds at 5,000 yuan (3,000 of it public); visits: 12 x 4 x 2 = 96 and
    # 12 x 4 x 5 = 240 at 100 yuan (50 of it public).
    assert costs.capital_yuan.tolist() == [10_000, 45_000]
    assert costs.running_yuan.tolist() == [9_600, 24_000]
    assert costs.public_yuan.tolist() == [6_000 + 4_800, 27_000 + 12_000]
    assert costs.ltc_fund_yuan.tolist() == [0, 0]


def test_without_family_beds_the_channel_gives_zeros() -> None:
    channel = FamilyCareBeds(tiny_spec(n_years=2, parameters=tiny_parameters()))
    _run(channel, 2)
    rows = channel.indicator_rows()
    assert rows["family_care_beds"].tolist() == [0, 0, 0]
    assert rows["family_care_bed_users"].tolist() == [0, 0, 0]
    assert rows["family_care_bed_visits"][1:].tolist() == [0, 0]
    assert channel.cost_lines()["new_family_care_beds"].tolist() == [0, 0]


def test_the_civil_affairs_count_adds_community_and_family_beds() -> None:
    rows = {
        "beds_total": np.array([100.0, 120.0]),
        "community_places": np.array([30.0, 30.0]),
        "family_care_beds": np.array([0.0, 15.0]),
    }
    assert elderly_care_beds(rows).tolist() == [130, 165]


def test_the_districts_beds_are_spread_over_townships_in_whole_beds() -> None:
    district = FamilyBeds(5, np.array([7.0, 0.0]))
    spread = _family_beds_by_township(district, ("a", "b", "c"), np.array([0.5, 0.3, 0.2]))
    # 5 beds: 2.5, 1.5, 1.0 -> 2, 1, 1 and the one left to the largest remainder (the
    # first of two equal ones); 7 beds: 3.5, 2.1, 1.4 -> 3, 2, 1 and one more to "a".
    assert [spread.of_area(code).start_beds for code in "abc"] == [3, 1, 1]
    assert [spread.of_area(code).added_per_year.tolist() for code in "abc"] == [
        [4, 0], [2, 0], [1, 0],
    ]  # fmt: skip
    assert spread.of_area("") is spread
    total = sum(spread.of_area(code).stock(2) for code in "abc")
    assert total.tolist() == district.stock(2).tolist() == [5, 12, 12]


def test_a_scenario_adds_beds_a_year_scaled_and_held_until_changed() -> None:
    scenario = variant(
        "15th/home-care-first-2030",
        population_scale=0.1,
        supply={"family_beds": {"add_per_year": {2026: 300, 2028: 150, 2031: 0}}},
    )
    beds = resolved(scenario).family_beds
    assert beds.start_beds == 0  # none in the pack's base year
    assert beds.added_per_year.tolist() == [30, 30, 15, 15, 15] + [0] * 5


def test_a_year_outside_the_horizon_names_the_key() -> None:
    with pytest.raises(InputError, match=r"supply\.family_beds\.add_per_year\.2040"):
        variant("15th/home-care-first-2030", supply={"family_beds": {"add_per_year": {2040: 5}}})


def test_a_definition_note_gives_each_definition_once() -> None:
    ids = ["population_60plus", "beds_per_1000_older", "beds_per_1000_older"]
    note = definitions_note(ids, "zh")
    # The population has no definition of its own; the bed statistic's is given once.
    assert note == indicator_definition("beds_per_1000_older", "zh")
    assert "家庭养老床位" in note and "25.8" in note
    assert indicator_definition("population_60plus", "en") == ""


@pytest.mark.slow
def test_the_report_tables_carry_the_definitions_in_their_notes(tmp_path) -> None:
    folder = tmp_path / "run"
    make_tiny_run(folder, [REFERENCE])
    inputs = load_report_inputs([folder])
    for lang in ("zh", "en"):
        tables = {block.title: block for block in report_outline(inputs, lang)
                  if isinstance(block, Table)}  # fmt: skip
        words = WORDS[lang]
        zhuanlan = tables[words["t_zhuanlan"].format(plan=inputs.plan_year)]
        assert zhuanlan.note.endswith(indicator_definition("beds_per_1000_older", lang))
        care = tables[words["t_care"].format(plan=inputs.plan_year)]
        assert care.note.endswith(indicator_definition("family_care_bed_users", lang))
        population = tables[words["t_population"]]
        assert population.note == words["n_population"].format(base=inputs.base_year)
