"""Nobody is lost or counted twice; capacity is never exceeded."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import variant

from sim.calendar import START_YEAR, year_end_day
from sim.care import (
    COMMUNITY,
    NURSING,
    NURSING_BED,
    ORDINARY,
    ORDINARY_BED,
    WAITING,
    CareSystem,
    care_inputs,
)  # fmt: skip
from sim.data import DEAD, load_default_data
from sim.population import CENSORED, sample_life_courses
from sim.scenario import Scenario, resolve_parameters
from sim.supply import capacity_plan


class CheckedCareSystem(CareSystem):
    """The care system with its invariants checked whenever it looks for someone to admit."""

    checks = 0

    def _try_admit(self, kind: int) -> None:
        self._check()
        super()._try_admit(kind)
        self._check()

    def _check(self) -> None:
        CheckedCareSystem.checks += 1
        assert 0 <= self.occupied[NURSING] <= self.beds[NURSING]
        assert 0 <= self.occupied[ORDINARY] <= self.beds[ORDINARY]
        assert 0 <= self.places_used <= self.places
        assert self.n_waiting >= 0
        assert sum(self.residents_by_state) == sum(self.occupied)


def _run(scenario: Scenario, replication: int = 0):
    data = load_default_data()
    values = resolve_parameters(scenario, data)
    plan = capacity_plan(scenario, values)
    courses = sample_life_courses(
        data, values, seed=scenario.seed, replication=replication,
        end_year=scenario.end_year, scale=scenario.population_scale,
    )  # fmt: skip
    inputs = care_inputs(courses, values, scenario.seed, replication)
    system = CheckedCareSystem(
        courses, inputs, plan, values, queue_policy=scenario.queue_policy, seed=scenario.seed,
        replication=replication, n_years=scenario.end_year - START_YEAR,
        scale=scenario.population_scale,
    )  # fmt: skip
    record = system.run()
    return courses, system, record


# A stretched system: few beds, closures and conversions, staff shortage, priorities.
STRESSED = {
    "population_scale": 0.3,
    "queue_policy": "full_first",
    "supply": {
        "beds": {
            2022: {"convert_to_nursing": 400, "close_ordinary": 100},
            2024: {"close_nursing": 150, "add_ordinary": 50},
        },
        "caregivers": {"hire_per_year": {2021: 10, 2026: 120}},
        "centres": {2023: {"add": 3}},
    },
}


@pytest.fixture(scope="module", params=["baseline", "stressed"])
def finished(request):
    if request.param == "baseline":
        scenario = variant("baseline", population_scale=0.5)
    else:
        scenario = variant("baseline", **STRESSED)
    return _run(scenario)


def test_invariants_were_checked_many_times(finished) -> None:
    assert CheckedCareSystem.checks > 1_000


def test_every_bed_seeker_is_admitted_still_waiting_gave_up_or_died(finished) -> None:
    _, system, record = finished
    seekers = record.bed_seekers.sum()
    outcomes = (
        record.admissions.sum() + record.gave_up.sum() + record.died_waiting.sum()
        + system.n_waiting
    )  # fmt: skip
    assert seekers > 0
    assert seekers == outcomes


def test_each_person_is_in_one_place(finished) -> None:
    _, system, _ = finished
    setting = np.array(system.setting)
    assert (setting == NURSING_BED).sum() == system.occupied[NURSING]
    assert (setting == ORDINARY_BED).sum() == system.occupied[ORDINARY]
    assert (setting == WAITING).sum() == system.n_waiting
    assert np.array(system.has_place).sum() == system.places_used
    assert ((setting == COMMUNITY) <= np.array(system.has_place)).all()
    dead = np.array(system.state) == DEAD
    assert (setting[dead] == 0).all(), "the dead hold no bed, place or queue position"


def test_year_end_stocks_respect_capacity(finished) -> None:
    _, _, record = finished
    assert (record.occupied_end <= record.beds_end).all()
    assert (record.community_users_end <= record.places_end).all()
    assert (record.occupied_bed_days <= record.bed_days + 1e-6).all()


def test_alive_people_equal_people_in_each_state(finished) -> None:
    courses, _, _ = finished
    for year in (2020, 2023, 2035):
        day = year_end_day(year)
        counts = courses.state_counts_at(day)
        # Independently: a person is alive and 60+ if they entered and have not died.
        last = np.flatnonzero(
            np.r_[courses.episode_person[1:] != courses.episode_person[:-1], True]
        )
        death_day = np.where(
            courses.episode_next_state[last] == DEAD, courses.episode_end_day[last], np.inf
        )
        person = courses.episode_person[last]
        alive = (courses.entry_day[person] <= day) & (death_day > day)
        assert counts.sum() == alive.sum()


def test_episodes_chain_without_gaps(finished) -> None:
    courses, _, _ = finished
    same_person = courses.episode_person[1:] == courses.episode_person[:-1]
    assert np.array_equal(
        courses.episode_end_day[:-1][same_person], courses.episode_start_day[1:][same_person]
    )
    assert np.array_equal(
        courses.episode_next_state[:-1][same_person], courses.episode_state[1:][same_person]
    )
    assert (courses.episode_state[1:][same_person] != courses.episode_state[:-1][same_person]).all()
    last = np.r_[~same_person, True]
    assert np.isin(courses.episode_next_state[last], [DEAD, CENSORED]).all()
    assert (courses.episode_end_day > courses.episode_start_day).all()
