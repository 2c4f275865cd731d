"""Nobody is lost or counted twice; capacity is never exceeded."""

from __future__ import annotations

import numpy as np
import pytest
from checked_care import run_checked
from conftest import spec_of

from sim.model.states import CENSORED as CENSORED_STATE
from sim.model.states import BedKind, Health, Setting

NURSING, ORDINARY = BedKind.NURSING, BedKind.ORDINARY


# A stretched system: few beds, closures and conversions, staff shortage, priorities,
# and the consortium effect switched on.
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
        "consortia": {2022: 6},
    },
    "assumptions": {"consortium_worsening_reduction": 0.2},
}


@pytest.fixture(scope="module", params=["baseline", "stressed"])
def finished(request):
    if request.param == "baseline":
        spec = spec_of("baseline", population_scale=0.5)
    else:
        spec = spec_of("baseline", **STRESSED)
    return run_checked(spec)


def test_invariants_were_checked_many_times(finished) -> None:
    _, system, _ = finished
    assert system.checks > 1_000


def test_every_bed_seeker_is_admitted_still_waiting_gave_up_or_died(finished) -> None:
    _, system, record = finished
    seekers = record.bed_seekers.sum()
    outcomes = (
        record.admissions.sum() + record.gave_up.sum() + record.died_waiting.sum()
        + sum(area.n_waiting for area in system.areas)
    )  # fmt: skip
    assert seekers > 0
    assert seekers == outcomes


def test_each_person_is_in_one_place(finished) -> None:
    _, system, _ = finished
    people = list(system.people.values())
    setting = np.array([person.setting for person in people])
    has_place = np.array([person.has_place for person in people])
    assert (setting == Setting.NURSING_BED).sum() == sum(
        area.pools[NURSING].occupied for area in system.areas
    )
    assert (setting == Setting.ORDINARY_BED).sum() == sum(
        area.pools[ORDINARY].occupied for area in system.areas
    )
    assert (setting == Setting.WAITING).sum() == sum(area.n_waiting for area in system.areas)
    assert has_place.sum() == sum(area.community.used for area in system.areas)
    assert ((setting == Setting.COMMUNITY) <= has_place).all()
    dead = np.array([person.state == Health.DEAD for person in people])
    assert dead.any()
    assert (setting[dead] == Setting.HOME).all(), "the dead hold no bed, place or queue position"
    assert not has_place[dead].any()


def test_year_end_stocks_respect_capacity(finished) -> None:
    _, _, record = finished
    assert (record.occupied_end <= record.beds_end).all()
    assert (record.community_users_end <= record.places_end).all()
    assert (record.occupied_bed_days <= record.bed_days + 1e-6).all()


def test_alive_people_equal_people_in_each_state(finished) -> None:
    courses, _, _ = finished
    for years in (0, 3, 15):
        day = years * 365.25
        counts = courses.state_counts_at(day)
        # Independently: a person is alive and 60+ if they entered and have not died.
        last = np.flatnonzero(
            np.r_[courses.episode_person[1:] != courses.episode_person[:-1], True]
        )
        death_day = np.where(
            courses.episode_next_state[last] == Health.DEAD, courses.episode_end_day[last], np.inf
        )
        person = courses.episode_person[last]
        alive = (courses.entry_day[person] <= day) & (death_day > day)
        assert counts.sum() == alive.sum() > 0


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
    assert np.isin(courses.episode_next_state[last], [Health.DEAD, CENSORED_STATE]).all()
    assert (courses.episode_end_day > courses.episode_start_day).all()
