"""The care system's starting state: residents, waiting list and community users at the
end of the base year, area by area."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from sim.model import rng
from sim.model.care.areas import AreaCare
from sim.model.care.draws import CareInputs
from sim.model.care.people import Person
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec
from sim.model.states import BedKind, Health, Setting

NURSING, ORDINARY = int(BedKind.NURSING), int(BedKind.ORDINARY)
INDEPENDENT, PARTIAL, FULL = int(Health.INDEPENDENT), int(Health.PARTIAL), int(Health.FULL)
BED_SETTING = (int(Setting.NURSING_BED), int(Setting.ORDINARY_BED))


class CareSystem(Protocol):
    """What the starting state needs of the care system (`sim.model.care.system`)."""

    spec: ModelSpec
    courses: LifeCourses
    inputs: CareInputs
    replication: int
    home_area: np.ndarray | None
    areas: list[AreaCare]

    def person(self, index: int, state: int = -1) -> Person:
        """The care system's record of person `index`."""
        ...

    def start_discharge_clock(self, person: Person) -> None:
        """Start the clock of `person`'s stay."""
        ...

    def seek_bed(self, person: Person, episode: int) -> None:
        """`person` starts looking for a bed now."""
        ...


class _Candidates:
    """The people in care-needing episodes on day 0, and who has been given a role yet.

    Whoever is chosen has the lowest priority draw among those in the right state (one
    draw per person, so the choice of one person does not depend on the order in which
    the others were sampled); in an area, people whose home is the area come first.
    """

    def __init__(self, system: CareSystem) -> None:
        courses = system.courses
        self.priority = rng.stream(system.spec.seed, system.replication, "initial_care").random(
            courses.n_people
        )
        at_start = courses.episode_start_day <= 0
        self.episodes = np.flatnonzero(at_start & (courses.episode_end_day > 0))
        self.people = courses.episode_person[self.episodes]
        self.states = courses.episode_state[self.episodes]
        home = system.home_area
        self.home = np.zeros(len(self.people), np.int64) if home is None else home[self.people]
        self.available = np.ones(len(self.episodes), dtype=bool)

    def lowest_priority(self, pool: np.ndarray, count: int, area: int) -> np.ndarray:
        """The `count` candidates of `pool` chosen for `area`, marked as taken."""
        at_home = pool[self.home[pool] == area]
        # Stable sorts: with everyone at home this is the order of the draws alone.
        chosen = at_home[np.argsort(self.priority[self.people[at_home]], kind="stable")[:count]]
        if len(chosen) < count:
            away = pool[self.home[pool] != area]
            order = np.argsort(self.priority[self.people[away]], kind="stable")
            chosen = np.r_[chosen, away[order[: count - len(chosen)]]]
        self.available[chosen] = False
        return np.sort(chosen)

    def pick(self, state: int, count: int, area: int) -> np.ndarray:
        """`count` candidates in health `state` for `area`."""
        pool = np.flatnonzero(self.available & (self.states == state))
        return self.lowest_priority(pool, count, area)


def place_initial_state(system: CareSystem) -> None:
    """Residents, waiting list and community users at the end of the base year, in each
    area as its starting state says; then the people waiting join the lists."""
    candidates = _Candidates(system)
    initial = (
        system.spec.places.initial if system.spec.places is not None else (system.spec.initial,)
    )
    waiting: list[np.ndarray] = []
    for area, start in zip(system.areas, initial, strict=True):
        index = area.index
        placements = [
            (candidates.pick(FULL, start.nursing_residents_full, index), NURSING),
            (candidates.pick(PARTIAL, start.nursing_residents_partial, index), NURSING),
            (candidates.pick(INDEPENDENT, start.ordinary_residents_independent, index), ORDINARY),
            (candidates.pick(PARTIAL, start.ordinary_residents_partial, index), ORDINARY),
        ]
        for chosen, kind in placements:
            for candidate in chosen.tolist():
                person = system.person(
                    int(candidates.people[candidate]), int(candidates.states[candidate])
                )
                person.setting = BED_SETTING[kind]
                person.bed_area = index
                area.pools[kind].occupied += 1
                area.pools[kind].residents_by_state[person.state] += 1
                area.staff.count_resident(person.state, +1)
                person.stay_days = float(system.inputs.stay_days[candidates.episodes[candidate]])
                system.start_discharge_clock(person)
        area_waiting = candidates.pick(FULL, start.waiting, index)
        # Centres serve their own township: users are people who live in the area.
        users = candidates.lowest_priority(
            np.flatnonzero(
                candidates.available
                & (candidates.states != INDEPENDENT)
                & (candidates.home == index)
            ),
            start.community_users,
            index,
        )
        for candidate in users.tolist():
            person = system.person(
                int(candidates.people[candidate]), int(candidates.states[candidate])
            )
            person.has_place = True
            person.setting = int(Setting.COMMUNITY)
            area.community.used += 1  # place_since stays 0: held since the start
        area.record_start(len(area_waiting))
        waiting.append(area_waiting)
    # People already waiting join the lists at day 0 and count as the first year's seekers.
    for area_waiting in waiting:
        for candidate in area_waiting.tolist():
            person = system.person(
                int(candidates.people[candidate]), int(candidates.states[candidate])
            )
            system.seek_bed(person, int(candidates.episodes[candidate]))
