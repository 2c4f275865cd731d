"""The care system in SimPy: beds, waiting lists, caregivers and community places.

The life-course layer (`sim.model.population`) says when each person's health
state changes and when they die. The care system is given only what needs a
queue: the moments a person starts, changes or stops needing care. One process
walks through those moments in time order; patience and discharge clocks are
timeouts with callbacks; a calendar process applies year ends and dated
capacity changes, and a workforce process turns caregivers over each month.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from functools import partial
from typing import Any

import numpy as np
import simpy

from sim.model.calendar import DAYS_PER_MONTH
from sim.model.care.areas import AreaCare
from sim.model.care.beds import (
    FIRST_PRIORITY,
    MOVE_PRIORITY,
    SECOND_PRIORITY,
    TRANSFER_PRIORITY,
    Entry,
    accepts,
)
from sim.model.care.draws import CareInputs
from sim.model.care.events import NO_EPISODE, STATE_CHANGE, care_events
from sim.model.care.people import Person
from sim.model.care.record import YearlyRecord, merged_records
from sim.model.care.staff import TurnoverDraws, hires_by_pool, leavers
from sim.model.care.start import place_initial_state
from sim.model.places import Routing, travel_tolerances
from sim.model.population import LifeCourses
from sim.model.spec import BedChange, CentreOpening, ModelSpec
from sim.model.states import BedKind, CareChoice, Health, QueuePolicy, Setting

# Plain-int aliases for the hot path (an enum attribute lookup costs more than a global).
HOME, COMMUNITY, WAITING = int(Setting.HOME), int(Setting.COMMUNITY), int(Setting.WAITING)
NURSING_BED, ORDINARY_BED = int(Setting.NURSING_BED), int(Setting.ORDINARY_BED)
NURSING, ORDINARY = int(BedKind.NURSING), int(BedKind.ORDINARY)
INDEPENDENT, PARTIAL, FULL, DEAD = (int(state) for state in Health)
BED_SETTING = (NURSING_BED, ORDINARY_BED)  # by bed kind

#: The run goes a hair past the horizon so that the last year end is processed.
HORIZON_MARGIN_DAYS = 1e-6

#: A SimPy process body.
ProcessGenerator = Generator[simpy.Event, Any, None]


class CareSystem:
    """The district's care system, driven by life courses, in a SimPy environment.

    The care of each area (the whole district, or each township) is an `AreaCare`;
    `home_area` gives each person's home area (all 0 for one area).
    """

    def __init__(
        self,
        spec: ModelSpec,
        courses: LifeCourses,
        inputs: CareInputs,
        replication: int,
        home_area: np.ndarray | None = None,
    ) -> None:
        self.env = simpy.Environment()
        self.spec = spec
        self.courses = courses
        self.inputs = inputs
        self.replication = replication
        self.full_first = spec.queue_policy == QueuePolicy.FULL_FIRST
        self.year = 0  # index of the simulated year being accumulated
        places = spec.places
        initial = places.initial if places is not None else (spec.initial,)
        self.areas = [
            AreaCare(index, start, spec.parameters, spec.n_years)
            for index, start in enumerate(initial)
        ]
        self.home_area = home_area
        #: which townships a seeker accepts, and each episode's travel tolerance (minutes)
        self.routing = Routing(places) if places is not None and places.n_areas > 1 else None
        self.tolerances = travel_tolerances(spec, len(courses.episode_person), replication)
        self.travel_minutes = places.travel_minutes if places is not None else None
        #: everyone who has asked for care, by person index
        self.people: dict[int, Person] = {}
        self.sequence = 0  # orders waiting-list entries that tie on priority and day
        #: townships whose lists move after a resident left to move nearer home (`_settle`)
        self.unsettled: deque[AreaCare] = deque()
        self.settling = False

    # ---- accounting -------------------------------------------------------------

    @property
    def record(self) -> YearlyRecord:
        """The district's yearly record: the areas' records added up."""
        return merged_records([area.record for area in self.areas])

    def _accumulate(self, area: AreaCare) -> None:
        """Add `area`'s time-weighted stocks up to now to the current year's totals."""
        area.accumulate(self.env.now, self.year)

    def _close_year(self, year: int) -> None:
        """Year-end stocks of simulated year `year`; later flows count in the next year."""
        for area in self.areas:
            area.accumulate(self.env.now, self.year)
            area.close_year(year)
        self.year = min(year + 1, self.spec.n_years - 1)

    # ---- waiting lists ------------------------------------------------------------

    def _queue_priority(self, state: int) -> int:
        return FIRST_PRIORITY if (not self.full_first or state == FULL) else SECOND_PRIORITY

    def _enqueue(
        self, person: Person, area: AreaCare, kind: int, priority: int, day: float
    ) -> None:
        self.sequence += 1
        area.waiting_lists[kind].push((priority, day, self.sequence, person, person.token))

    def _join_lists(self, person: Person) -> None:
        state = person.state
        entry = (self._queue_priority(state), person.join_day)
        kinds = [kind for kind in (NURSING, ORDINARY) if accepts(kind, state, person.ordinary_ok)]
        for index in person.accepted:
            lists = self.areas[index].waiting_lists
            for kind in kinds:
                self.sequence += 1
                lists[kind].push((*entry, self.sequence, person, person.token))

    def _valid_head(self, area: AreaCare, kind: int) -> Entry | None:
        """The first entry of `area`'s list `kind` that still stands; stale entries are
        dropped."""
        entries = area.waiting_lists[kind].entries
        while entries:
            head = entries[0]
            priority, _, _, person, token = head
            if priority == MOVE_PRIORITY:
                if token == person.token and self._may_move(person, area, kind):
                    return head
                area.waiting_lists[kind].pop()
                continue
            waiting = person.setting == WAITING or (
                priority == TRANSFER_PRIORITY and person.transfer_waiting
            )
            # A waiter whose state changed keeps old entries; skip those it no longer fits.
            state = person.state
            fits = priority == TRANSFER_PRIORITY or (
                accepts(kind, state, person.ordinary_ok) and priority == self._queue_priority(state)
            )
            if token == person.token and waiting and fits:
                return head
            area.waiting_lists[kind].pop()
        return None

    # ---- admissions -----------------------------------------------------------------

    def _try_admit(self, area: AreaCare, kind: int) -> None:
        """Admit from `area`'s list `kind` while a bed is free and staff allow, in strict
        list order."""
        pool = area.pools[kind]
        while pool.beds - pool.occupied > 0:
            head = self._valid_head(area, kind)
            if head is None:
                return
            priority, _, _, person, _ = head
            if priority == TRANSFER_PRIORITY:
                area.waiting_lists[kind].pop()
                self._transfer(person)
                continue
            if not area.staff.allows(person.state):
                return  # the head of the list waits for staff; strict order is kept
            if priority == MOVE_PRIORITY:
                area.waiting_lists[kind].pop()
                self._move_nearer(person, area, kind)
                continue
            area.waiting_lists[kind].pop()
            self._admit(person, area, kind)

    def _admit_from_both_lists(self, area: AreaCare) -> None:
        """A bed or staff may have become free in `area`: let each of its lists move."""
        self._try_admit(area, NURSING)
        self._try_admit(area, ORDINARY)

    def _admit_where_accepted(self, person: Person) -> None:
        """`person` joined lists: let the lists of the areas it accepts move, nearest
        first, until it is admitted."""
        home = person.accepted[0]
        for index in person.accepted:
            area = self.areas[index]
            # Another township's lists were settled before this entry joined them: unless
            # its workers can take this person, nobody there can be admitted now.
            if index != home and not area.staff.allows(person.state):
                continue
            self._admit_from_both_lists(area)
            if person.setting != WAITING:
                return

    def _accepted_areas(self, person: Person, episode: int) -> tuple[int, ...]:
        if self.routing is None or self.tolerances is None:
            return (person.area,)
        return self.routing.accepted(person.area, float(self.tolerances[episode]))

    def seek_bed(self, person: Person, episode: int) -> None:
        """`person` starts looking for a bed now, with this episode's patience and stay."""
        now = self.env.now
        home = self.areas[person.area]
        self._accumulate(home)  # the waiting list is time-weighted
        self._release_place(person)
        person.setting = WAITING
        person.token += 1
        person.join_day = now
        person.stay_days = float(self.inputs.stay_days[episode])
        home.n_waiting += 1
        home.record.bed_seekers[self.year] += 1
        person.accepted = self._accepted_areas(person, episode)
        self._join_lists(person)
        token = person.token
        patience = float(self.inputs.patience_days[episode])
        self._admit_where_accepted(person)
        if person.setting == WAITING and patience < np.inf:
            timer = self.env.timeout(patience)
            timer.callbacks.append(partial(self._renege, person, token))

    def _renege(self, person: Person, token: int, _event: simpy.Event | None = None) -> None:
        """Patience ran out for the wait that `token` marks, unless it already ended."""
        if person.token != token or person.setting != WAITING:
            return
        home = self.areas[person.area]
        self._accumulate(home)
        person.token += 1
        person.setting = HOME
        home.n_waiting -= 1
        home.record.gave_up[self.year] += 1

    def _admit(self, person: Person, area: AreaCare, kind: int) -> None:
        now = self.env.now
        home = self.areas[person.area]
        self._accumulate(home)
        if area is not home:
            self._accumulate(area)
        person.token += 1
        home.n_waiting -= 1
        person.setting = BED_SETTING[kind]
        person.bed_area = area.index
        pool = area.pools[kind]
        pool.occupied += 1
        pool.residents_by_state[person.state] += 1
        area.staff.count_resident(person.state, +1)
        record = area.record
        record.admissions[self.year] += 1
        record.waits_days[self.year].append(now - person.join_day)
        if self.travel_minutes is not None:
            record.admitted_travel_minutes[self.year] += self.travel_minutes[
                person.area, area.index
            ]
        person.bed_since = now
        self.start_discharge_clock(person)
        self._wait_to_move_nearer(person, kind)

    def start_discharge_clock(self, person: Person) -> None:
        timer = self.env.timeout(person.stay_days)
        timer.callbacks.append(partial(self._discharge, person, person.token))

    def _transfer(self, person: Person) -> None:
        """A resident of an ordinary bed moves to a nursing-type bed of the same area."""
        area = self.areas[person.bed_area]
        self._accumulate(area)
        person.transfer_waiting = False
        person.setting = NURSING_BED
        nursing, ordinary = area.pools
        nursing.occupied += 1
        nursing.residents_by_state[person.state] += 1
        ordinary.residents_by_state[person.state] -= 1
        now = self.env.now
        area.record.bed_spells.append((ORDINARY, person.bed_since, now, person.index))
        person.bed_since = now
        area.record.transfers[self.year] += 1
        self._wait_to_move_nearer(person, NURSING)
        self._release_bed(area, ORDINARY)

    def _wait_to_move_nearer(self, person: Person, kind: int) -> None:
        """A resident of a home in another township waits, after everyone else, for a bed
        of the same kind in their own."""
        if self.routing is not None and person.bed_area != person.area:
            home = self.areas[person.area]
            self._enqueue(person, home, kind, MOVE_PRIORITY, self.env.now)

    def _may_move(self, person: Person, area: AreaCare, kind: int) -> bool:
        """Whether a resident's entry to move nearer into `area`'s list `kind` stands:
        still in a bed of that kind in another township, and not waiting to transfer."""
        return (
            person.setting == BED_SETTING[kind]
            and person.bed_area != area.index
            and not person.transfer_waiting
        )

    def _move_nearer(self, person: Person, area: AreaCare, kind: int) -> None:
        """A resident moves from a home in another township to a free bed of the same kind
        in `area`, their own township; the stay goes on (its clock is not reset)."""
        away = self.areas[person.bed_area]
        self._accumulate(area)
        now, state = self.env.now, person.state
        away.record.bed_spells.append((kind, person.bed_since, now, person.index))
        away.pools[kind].residents_by_state[state] -= 1
        away.staff.count_resident(state, -1)
        pool = area.pools[kind]
        pool.occupied += 1
        pool.residents_by_state[state] += 1
        area.staff.count_resident(state, +1)
        person.bed_area = area.index
        person.bed_since = now
        area.record.moves_nearer[self.year] += 1
        self._release_bed(away, kind, settle=False)
        self._settle(away)

    def _settle(self, area: AreaCare) -> None:
        """Let `area`'s lists move after a resident left it to move nearer home; a move
        this makes frees a bed in a third township, settled after this one (a chain of
        moves runs as a loop, not as recursion as deep as the chain)."""
        self.unsettled.append(area)
        if not self.settling:
            self.settling = True
            while self.unsettled:
                self._admit_from_both_lists(self.unsettled.popleft())
            self.settling = False

    def _release_bed(self, area: AreaCare, kind: int, settle: bool = True) -> None:
        """A bed of `kind` in `area` becomes free: pending closures and conversions take
        it first; then, unless the caller settles it, `area`'s lists move."""
        self._accumulate(area)
        pool = area.pools[kind]
        pool.occupied -= 1
        if pool.pending_closures > 0:
            pool.pending_closures -= 1
            pool.beds -= 1
        elif kind == ORDINARY and area.pending_conversions > 0:
            area.pending_conversions -= 1
            pool.beds -= 1
            area.pools[NURSING].beds += 1
            area.record.conversions[self.year] += 1
        # A leaving resident frees staff too, so either list may now move.
        if settle:
            self._admit_from_both_lists(area)

    def _leave_bed(self, person: Person) -> None:
        kind = NURSING if person.setting == NURSING_BED else ORDINARY
        area = self.areas[person.bed_area]
        area.record.bed_spells.append((kind, person.bed_since, self.env.now, person.index))
        area.pools[kind].residents_by_state[person.state] -= 1
        area.staff.count_resident(person.state, -1)
        person.token += 1
        person.transfer_waiting = False
        person.setting = HOME
        self._release_bed(area, kind)

    def _discharge(self, person: Person, token: int, _event: simpy.Event | None = None) -> None:
        """The stay clock of the admission with `token` ran out."""
        if person.token != token or person.setting not in BED_SETTING:
            return
        self.areas[person.bed_area].record.discharges[self.year] += 1
        self._leave_bed(person)

    # ---- community places -------------------------------------------------------

    def _release_place(self, person: Person) -> None:
        if person.has_place:
            home = self.areas[person.area]
            person.has_place = False
            home.community.used -= 1
            home.record.place_spells.append((person.index, person.place_since, self.env.now))
            if person.setting == COMMUNITY:
                person.setting = HOME

    def _seek_place(self, person: Person) -> None:
        if person.has_place:
            return  # keeps the place it has; not a new request
        home = self.areas[person.area]  # centres serve their own township
        home.record.community_requests[self.year] += 1
        if home.community.has_free():
            home.community.used += 1
            person.has_place = True
            person.place_since = self.env.now
            person.setting = COMMUNITY
            home.record.community_granted[self.year] += 1

    # ---- life events ------------------------------------------------------------

    def _state_change_in_bed(self, person: Person, old_state: int, new_state: int) -> None:
        area = self.areas[person.bed_area]
        self._accumulate(area)
        setting = person.setting
        kind = NURSING if setting == NURSING_BED else ORDINARY
        residents = area.pools[kind].residents_by_state
        residents[old_state] -= 1
        residents[new_state] += 1
        area.staff.count_resident(old_state, -1)
        area.staff.count_resident(new_state, +1)
        stays = person.ordinary_ok[new_state]
        if setting == ORDINARY_BED and not stays and not person.transfer_waiting:
            person.transfer_waiting = True
            self._enqueue(person, area, NURSING, TRANSFER_PRIORITY, self.env.now)
            self._try_admit(area, NURSING)
        elif person.transfer_waiting and stays:
            person.transfer_waiting = False
        if new_state < old_state:  # recovery: needs less care, staff may admit someone
            self._admit_from_both_lists(area)

    def _state_change(self, person: Person, episode: int) -> None:
        new_state = int(self.courses.episode_state[episode])
        old_state = person.state
        person.state = new_state
        setting = person.setting
        if setting in (NURSING_BED, ORDINARY_BED):
            self._state_change_in_bed(person, old_state, new_state)
            return
        if setting == WAITING:
            # Still waiting, now with the needs of the new state; patience clock runs on.
            self._join_lists(person)
            self._admit_where_accepted(person)
            return
        choice = int(self.inputs.choice[episode]) if new_state != INDEPENDENT else CareChoice.FAMILY
        if choice == CareChoice.BED:
            self.seek_bed(person, episode)
        elif choice == CareChoice.COMMUNITY:
            self._seek_place(person)
        else:
            self._release_place(person)

    def _death(self, person: Person) -> None:
        setting = person.setting
        if setting in (NURSING_BED, ORDINARY_BED):
            self._leave_bed(person)
        elif setting == WAITING:
            home = self.areas[person.area]
            self._accumulate(home)
            person.token += 1
            home.n_waiting -= 1
            home.record.died_waiting[self.year] += 1
        self._release_place(person)
        person.setting = HOME
        person.state = DEAD

    def _life_events(
        self, days: list[float], kinds: list[int], people: list[Person], episodes: list[int]
    ) -> ProcessGenerator:
        env = self.env
        for day, kind, person, episode in zip(days, kinds, people, episodes, strict=True):
            if day > env.now:
                yield env.timeout(day - env.now)
            if kind == STATE_CHANGE:
                if episode == NO_EPISODE:
                    self._death(person)
                else:
                    self._state_change(person, episode)
            elif person.setting == HOME:
                # Only the request is processed for people at home; their state is the episode's.
                person.state = INDEPENDENT
                self.seek_bed(person, episode)

    # ---- capacity -----------------------------------------------------------------

    def _apply_bed_change(self, change: BedChange) -> None:
        area = self.areas[change.area]
        self._accumulate(area)
        record, year = area.record, self.year
        nursing, ordinary = area.pools
        nursing.beds += change.add_nursing
        ordinary.beds += change.add_ordinary
        record.new_nursing_beds[year] += change.add_nursing
        record.new_ordinary_beds[year] += change.add_ordinary
        # Occupied ordinary beds convert or close as their residents leave.
        now_convertible = min(change.convert_to_nursing, ordinary.free())
        record.conversions[year] += now_convertible
        ordinary.beds -= now_convertible
        nursing.beds += now_convertible
        area.pending_conversions += change.convert_to_nursing - now_convertible
        for pool, closing in ((nursing, change.close_nursing), (ordinary, change.close_ordinary)):
            now_closable = min(closing, pool.free())
            pool.beds -= now_closable
            pool.pending_closures += closing - now_closable
        self._admit_from_both_lists(area)

    def _open_centres(self, opening: CentreOpening) -> None:
        area = self.areas[opening.area]
        self._accumulate(area)
        area.community.centres += opening.centres
        if opening.day_care:
            area.community.day_care_centres += opening.centres
        area.community.places += opening.centres * self.spec.capacity.places_per_new_centre
        area.record.new_centres[self.year] += opening.centres

    def _calendar(self) -> ProcessGenerator:
        """Year ends and dated capacity changes, in date order; on the same day the year
        end comes first, so that changes dated 1 January count in their own year."""
        calendar = self.spec.calendar
        entries: list[tuple[float, int, int, Any]] = []
        for year_index in range(self.spec.n_years):
            day = calendar.year_end_day(self.spec.base_year + 1 + year_index)
            entries.append((day, 0, len(entries), year_index))
        for change in self.spec.capacity.bed_changes:
            entries.append((change.day, 1, len(entries), change))
        for opening in self.spec.capacity.centre_openings:
            entries.append((opening.day, 2, len(entries), opening))
        entries.sort(key=lambda entry: entry[:3])
        env = self.env
        for day, kind, _, item in entries:
            if day > env.now:
                yield env.timeout(day - env.now)
            if kind == 0:
                self._close_year(item)
            elif kind == 1:
                self._apply_bed_change(item)
            else:
                self._open_centres(item)

    def _workforce(self) -> ProcessGenerator:
        """Monthly turnover in each area: attrition of each worker, hires, certification
        of the uncertified."""
        draws = TurnoverDraws.of(self.spec, self.replication, len(self.areas))
        for month in range(len(draws.uniforms)):
            yield self.env.timeout((month + 0.5) * DAYS_PER_MONTH - self.env.now)
            self._turn_over(draws, month)

    def _turn_over(self, draws: TurnoverDraws, month: int) -> None:
        """One month of every area's workforce at once: leavers, hires toward need,
        certifications."""
        areas = self.areas
        for area in areas:
            self._accumulate(area)
        u, leave = draws.uniforms[month], draws.leave_probability
        # [area, certified or not]: both pools' leavers in one inversion.
        pools = np.array(
            [(area.staff.certified, area.staff.uncertified) for area in areas], dtype=np.int64
        )
        left = leavers(u[:, :2].ravel(), pools.ravel(), leave).reshape(pools.shape)
        workers = pools.sum(axis=1)
        p = self.spec.parameters
        targets = np.array([area.staff_target() for area in areas]) * p.staffing_target_margin
        hired = hires_by_pool(
            targets=targets, workers=workers, expected_leavers=leave * workers,
            lag_months=p.hiring_lag_months, ceilings=draws.ceilings[month], uniforms=u[:, 2],
        )  # fmt: skip
        for index, area in enumerate(areas):
            if area.turn_over(
                self.year, (int(left[index, 0]), int(left[index, 1])), int(hired[index]),
                int(draws.certifications[month, index]),
            ):  # fmt: skip
                self._admit_from_both_lists(area)

    # ---- people ---------------------------------------------------------------------

    def person(self, index: int, state: int = -1) -> Person:
        """The care system's record of person `index`, made on first need."""
        person = self.people.get(index)
        if person is None:
            inputs = self.inputs
            # By health state: independent, partial, full, dead (the dead take nothing).
            if inputs.ordinary_ok_partial is None or inputs.ordinary_ok_full is None:
                ordinary_ok = (True, True, False, False)
            else:
                partial_ok = bool(inputs.ordinary_ok_partial[index])
                ordinary_ok = (True, partial_ok, bool(inputs.ordinary_ok_full[index]), False)
            area = 0 if self.home_area is None else int(self.home_area[index])
            person = self.people[index] = Person(index, state, ordinary_ok, area)
        return person

    # ---- run ------------------------------------------------------------------------

    def run(self) -> YearlyRecord:
        """Run to the end of the horizon and return the district's yearly record (each
        area's is in `areas`)."""
        place_initial_state(self)
        self.env.process(self._calendar())
        self.env.process(self._workforce())
        days, kinds, people, episodes = care_events(self.courses, self.inputs, set(self.people))
        self.env.process(self._life_events(days, kinds, [self.person(i) for i in people], episodes))
        horizon_day = self.spec.calendar.year_end_day(self.spec.end_year)
        self.env.run(until=horizon_day + HORIZON_MARGIN_DAYS)
        for area in self.areas:
            area.record.store_stock_days(area.stock_days)
        for index in sorted(self.people):
            person = self.people[index]
            if person.setting in BED_SETTING:
                kind = NURSING if person.setting == NURSING_BED else ORDINARY
                self.areas[person.bed_area].record.bed_spells.append(
                    (kind, person.bed_since, horizon_day, index)
                )
            if person.has_place:
                self.areas[person.area].record.place_spells.append(
                    (index, person.place_since, horizon_day)
                )
        return self.record
