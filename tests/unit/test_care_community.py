"""Community day-care places (`sim.model.care.community`) on tiny systems: one pool, no
queue, a place held until death, a bed or family care."""

from __future__ import annotations

import pytest
from tiny_systems import (
    DIED,
    GAVE_UP,
    PLACE_GRANTED,
    PLACE_REFUSED,
    SEEKS,
    Episode,
    Life,
    run_traced,
    tiny_spec,
)

from sim.model.care.community import CommunityPlaces
from sim.model.spec import CentreOpening
from sim.model.states import CareChoice, Health, Setting

COMMUNITY, FAMILY, BED = CareChoice.COMMUNITY, CareChoice.FAMILY, CareChoice.BED


def test_places_are_free_until_all_are_used() -> None:
    places = CommunityPlaces(centres=2, places=3)
    assert (places.centres, places.places, places.used) == (2, 3, 0)
    answers = []
    for _ in range(4):
        answers.append(places.has_free())
        if answers[-1]:
            places.used += 1
    assert answers == [True, True, True, False]


def test_one_place_among_four_people() -> None:
    spec = tiny_spec(centres=1, community_places=1)
    lives = [
        # P0 asks at 10 and dies at 50.
        Life((Episode(10, Health.FULL, COMMUNITY),), death_day=50),
        # P1 asks at 20 while P0 holds the place: refused, and no queue keeps them.
        Life((Episode(20, Health.FULL, COMMUNITY),)),
        # P2 asks at 60, asks again at 80 (keeps it: no new request), then chooses a bed
        # at 100: the place is released; there are no beds, they give up at 110.
        Life(
            (
                Episode(60, Health.PARTIAL, COMMUNITY),
                Episode(80, Health.FULL, COMMUNITY),
                Episode(100, Health.PARTIAL, BED, patience_days=10),
            )
        ),
        # P3 asks at 70 while P2 holds it: refused; family care at 120 changes nothing.
        Life((Episode(70, Health.PARTIAL, COMMUNITY), Episode(120, Health.FULL, FAMILY))),
    ]
    system = run_traced(spec, lives)
    assert system.trace == [
        (10, PLACE_GRANTED, 0),
        (20, PLACE_REFUSED, 1),
        (50, DIED, 0),
        (60, PLACE_GRANTED, 2),
        (70, PLACE_REFUSED, 3),
        (100, SEEKS, 2),
        (110, GAVE_UP, 2),
    ]
    record = system.record
    # Requests: P0, P1, P2 (once), P3 = 4; granted: P0, P2.
    assert (record.community_requests[0], record.community_granted[0]) == (4, 2)
    assert record.community_users_end[0] == 0
    assert record.place_spells == [(0, 10, 50), (2, 60, 100)]
    assert system.people[2].setting == Setting.HOME


def test_family_care_releases_the_place_for_the_next_request() -> None:
    spec = tiny_spec(centres=1, community_places=1)
    lives = [
        Life((Episode(10, Health.PARTIAL, COMMUNITY), Episode(40, Health.INDEPENDENT))),
        Life((Episode(50, Health.FULL, COMMUNITY),)),
    ]
    system = run_traced(spec, lives)
    # P0 recovers at 40: an independent person takes family care and leaves the place.
    assert system.trace == [(10, PLACE_GRANTED, 0), (50, PLACE_GRANTED, 1)]
    assert system.record.community_users_end[0] == 1
    # Open spells end at the horizon, 365.25.
    assert system.record.place_spells == [(0, 10, 40), (1, 50, pytest.approx(365.25))]


def test_a_new_centre_adds_its_places_on_its_day() -> None:
    spec = tiny_spec(
        centres=1,
        community_places=0,
        centre_openings=(CentreOpening(day=100, centres=2),),
        places_per_new_centre=1,
    )
    lives = [Life((Episode(day, Health.FULL, COMMUNITY),)) for day in (50, 150, 160, 170)]
    system = run_traced(spec, lives)
    # Before 100 there is no place; from 100, 2 centres x 1 place: two of the three
    # later requests are granted.
    assert [event for _, event, _ in system.trace] == [
        PLACE_REFUSED,
        PLACE_GRANTED,
        PLACE_GRANTED,
        PLACE_REFUSED,
    ]
    record = system.record
    assert (record.new_centres[0], record.centres_end[0], record.places_end[0]) == (2, 3, 2)
    # Centre-days: 1 centre for 100 days, 3 for the remaining 265.25.
    assert record.centre_days[0] == pytest.approx(100 + 3 * 265.25)
