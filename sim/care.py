"""The care system in SimPy: beds, waiting lists, caregivers and community places.

The life-course layer (`sim.population`) says when each person's health state
changes and when they die. This module gives SimPy only what needs a queue:
the moments a person starts, changes or stops needing care. One process walks
through those moments in time order; patience and discharge clocks are timeout
events; capacity changes and caregiver turnover are processes of their own.

Beds are counted district pools of two kinds (nursing-type and ordinary), not
SimPy `Resource` objects: a pool has thousands of slots, and the waiting lists
need priorities, two lists per person and reneging, which are kept here as
heaps with lazy deletion.
"""

from __future__ import annotations

import gc
import heapq
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import simpy
from scipy import stats
from simpy.core import URGENT

from sim import rng
from sim.calendar import DAYS_PER_YEAR, year_end_day
from sim.data import DEAD, FULL, INDEPENDENT, PARTIAL
from sim.population import LifeCourses
from sim.supply import CapacityPlan

# Where a person is.
HOME, COMMUNITY, WAITING, NURSING_BED, ORDINARY_BED = 0, 1, 2, 3, 4
NURSING, ORDINARY = 0, 1  # bed kinds
# Care-event kinds, in the order they are handled when they fall on the same day.
STATE_CHANGE, BED_SEEK = 0, 1
# Queue priority classes (lower first): residents moving to a nursing-type bed first.
TRANSFER_PRIORITY, FIRST_PRIORITY, SECOND_PRIORITY = 0, 1, 2
MONTHS_PER_YEAR = 12

#: A SimPy process body.
ProcessGenerator = Generator[simpy.Event, Any, None]


@dataclass
class YearlyRecord:
    """Flows during each simulated year and stocks at its end (index 0 = 2021).

    Stocks at the end of 2020 (the starting state) are in the `*_2020` fields.
    """

    n_years: int
    bed_seekers: np.ndarray = field(init=False)
    admissions: np.ndarray = field(init=False)
    transfers: np.ndarray = field(init=False)
    gave_up: np.ndarray = field(init=False)
    died_waiting: np.ndarray = field(init=False)
    discharges: np.ndarray = field(init=False)
    community_requests: np.ndarray = field(init=False)
    community_granted: np.ndarray = field(init=False)
    hires: np.ndarray = field(init=False)
    leavers: np.ndarray = field(init=False)
    certifications: np.ndarray = field(init=False)
    new_nursing_beds: np.ndarray = field(init=False)
    new_ordinary_beds: np.ndarray = field(init=False)
    conversions: np.ndarray = field(init=False)
    new_centres: np.ndarray = field(init=False)
    occupied_bed_days: np.ndarray = field(init=False)  # [year, kind]
    bed_days: np.ndarray = field(init=False)  # [year, kind]
    caregiver_days: np.ndarray = field(init=False)
    waiting_person_days: np.ndarray = field(init=False)
    centre_days: np.ndarray = field(init=False)
    beds_end: np.ndarray = field(init=False)  # [year, kind]
    occupied_end: np.ndarray = field(init=False)  # [year, kind]
    waiting_end: np.ndarray = field(init=False)
    caregivers_end: np.ndarray = field(init=False)
    certified_end: np.ndarray = field(init=False)
    centres_end: np.ndarray = field(init=False)
    places_end: np.ndarray = field(init=False)
    community_users_end: np.ndarray = field(init=False)
    waits_days: list[list[float]] = field(init=False)
    #: every spell in a bed: (bed kind, first day, last day); open spells end at the horizon
    bed_spells: list[tuple[int, float, float]] = field(init=False)
    beds_2020: tuple[int, int] = (0, 0)
    occupied_2020: tuple[int, int] = (0, 0)
    waiting_2020: int = 0
    caregivers_2020: int = 0
    certified_2020: int = 0
    centres_2020: int = 0
    places_2020: int = 0
    community_users_2020: int = 0

    def __post_init__(self) -> None:
        n = self.n_years
        for name in (
            "bed_seekers", "admissions", "transfers", "gave_up", "died_waiting", "discharges",
            "community_requests", "community_granted", "hires", "leavers", "certifications",
            "new_nursing_beds", "new_ordinary_beds", "conversions", "new_centres",
            "waiting_end", "caregivers_end", "certified_end", "centres_end", "places_end",
            "community_users_end",
        ):  # fmt: skip
            setattr(self, name, np.zeros(n, dtype=np.int64))
        self.caregiver_days = np.zeros(n)
        self.waiting_person_days = np.zeros(n)
        self.centre_days = np.zeros(n)
        self.occupied_bed_days = np.zeros((n, 2))
        self.bed_days = np.zeros((n, 2))
        self.beds_end = np.zeros((n, 2), dtype=np.int64)
        self.occupied_end = np.zeros((n, 2), dtype=np.int64)
        self.waits_days = [[] for _ in range(n)]
        self.bed_spells = []


@dataclass(frozen=True)
class CareInputs:
    """Per-episode draws and parameters the care system needs (all arrays per episode).

    `choice` is 0 family, 1 community, 2 bed (for episodes that start with a choice);
    `seek_day` is when an independent person seeks an ordinary bed (inf if never);
    `patience_days` and `stay_days` apply to a bed sought during the episode.
    """

    choice: np.ndarray
    seek_day: np.ndarray
    patience_days: np.ndarray
    stay_days: np.ndarray


def _time_to_seek_days(
    unit_exponential: np.ndarray, age_years: np.ndarray, rate_young: float, rate_old: float
) -> np.ndarray:
    """Days until an independent person seeks a bed (hazard per year: `rate_young` before 80)."""
    years_to_80 = np.maximum(80.0 - age_years, 0.0)
    with np.errstate(divide="ignore"):
        young = unit_exponential / rate_young if rate_young > 0 else np.full_like(age_years, np.inf)
        old = (
            years_to_80 + (unit_exponential - rate_young * years_to_80) / rate_old
            if rate_old > 0
            else np.full_like(age_years, np.inf)
        )
    return np.where(young < years_to_80, young, old) * DAYS_PER_YEAR


def care_inputs(
    courses: LifeCourses, values: Mapping[str, float], seed: int, replication: int
) -> CareInputs:
    """Draw, per episode, the care setting chosen, bed-seeking time, patience and stay."""
    n = len(courses.episode_state)
    state = courses.episode_state
    choice_u = rng.stream(seed, replication, "setting_choice").random(n)
    family = np.array([1.0, values["choice_partial_family"], values["choice_full_family"]])
    community = np.array([0.0, values["choice_partial_community"], values["choice_full_community"]])
    choice = np.where(
        choice_u < family[state], 0, np.where(choice_u < (family + community)[state], 1, 2)
    )
    choice[state == INDEPENDENT] = 0

    start = courses.episode_start_day
    age = courses.age_at_start_years[courses.episode_person] + start / DAYS_PER_YEAR
    to_seek = _time_to_seek_days(
        rng.stream(seed, replication, "bed_seeking").exponential(size=n),
        age,
        values["bed_seeking_rate_independent_under_80_per_year"],
        values["bed_seeking_rate_independent_80plus_per_year"],
    )
    seek_day = start + to_seek
    seeks = (state == INDEPENDENT) & (seek_day < courses.episode_end_day)
    seek_day = np.where(seeks, seek_day, np.inf)

    mean_patience = np.array(
        [
            values["mean_patience_independent_days"],
            values["mean_patience_partial_days"],
            values["mean_patience_full_days"],
        ]
    )
    patience = rng.stream(seed, replication, "patience").exponential(size=n) * mean_patience[state]
    stay = rng.stream(seed, replication, "length_of_stay").exponential(
        values["mean_stay_before_discharge_days"], size=n
    )
    return CareInputs(choice.astype(np.int8), seek_day, patience, stay)


class CareSystem:
    """The district's care system, driven by life courses, in a SimPy environment."""

    def __init__(
        self,
        courses: LifeCourses,
        inputs: CareInputs,
        plan: CapacityPlan,
        values: Mapping[str, float],
        *,
        queue_policy: str,
        seed: int,
        replication: int,
        n_years: int,
        scale: float = 1.0,
    ) -> None:
        self.env = simpy.Environment()
        self.scale = scale
        self.courses = courses
        self.inputs = inputs
        self.plan = plan
        self.values = values
        self.full_first = queue_policy == "full_first"
        self.n_years = n_years
        self.record = YearlyRecord(n_years)
        self.year = 0  # index of the simulated year being accumulated
        self.seed, self.replication = seed, replication

        n_people = courses.n_people
        self.state = np.full(n_people, -1, dtype=np.int8).tolist()
        self.setting = [HOME] * n_people
        self.token = [0] * n_people  # bumped to invalidate queue entries and clocks
        self.join_day = [0.0] * n_people
        self.stay_days = [0.0] * n_people
        self.transfer_waiting = [False] * n_people
        self.bed_since = [0.0] * n_people  # day the current bed spell began
        self.has_place = [False] * n_people

        self.beds = [plan.nursing_beds_2020, plan.ordinary_beds_2020]
        self.occupied = [0, 0]
        self.pending_conversions = 0
        self.pending_closures = [0, 0]
        self.residents_by_state = [0, 0, 0]
        self.staff_needed = 0.0  # workers the residents need at the staffing ratios
        self.staff_per_resident = [
            1 / values["residents_per_caregiver_independent"],
            1 / values["residents_per_caregiver_partial"],
            1 / values["residents_per_caregiver_full"],
        ]
        self.caregivers = [plan.certified_caregivers_2020, 0]  # [certified, uncertified]
        self.caregivers[1] = max(plan.caregivers_2020 - plan.certified_caregivers_2020, 0)
        self.centres = plan.centres_2020
        self.places = plan.community_places_2020
        self.places_used = 0
        self.queues: list[list[tuple[int, float, int, int, int]]] = [[], []]
        self.sequence = 0
        self.n_waiting = 0
        self.last_day = 0.0
        #: per year: occupied nursing, occupied ordinary, nursing, ordinary bed-days,
        #: caregiver-days, centre-days, waiting person-days (copied to the record at the end)
        self.stock_days = [[0.0] * 7 for _ in range(n_years)]

    # ---- accounting -------------------------------------------------------------

    def _accumulate(self) -> None:
        """Add time-weighted stocks up to now to the current year's totals."""
        now = self.env.now
        elapsed = now - self.last_day
        if elapsed > 0:
            # Python floats, not numpy elements: several times cheaper per update; same sums.
            days = self.stock_days[self.year]
            days[0] += elapsed * self.occupied[NURSING]
            days[1] += elapsed * self.occupied[ORDINARY]
            days[2] += elapsed * self.beds[NURSING]
            days[3] += elapsed * self.beds[ORDINARY]
            days[4] += elapsed * (self.caregivers[0] + self.caregivers[1])
            days[5] += elapsed * self.centres
            days[6] += elapsed * self.n_waiting
            self.last_day = now

    def _snapshot_year_end(self, year: int) -> None:
        self._accumulate()
        record = self.record
        record.beds_end[year] = self.beds
        record.occupied_end[year] = self.occupied
        record.waiting_end[year] = self.n_waiting
        record.caregivers_end[year] = self.caregivers[0] + self.caregivers[1]
        record.certified_end[year] = self.caregivers[0]
        record.centres_end[year] = self.centres
        record.places_end[year] = self.places
        record.community_users_end[year] = self.places_used

    def _year_ends(self) -> ProcessGenerator:
        for year in range(self.n_years):
            # URGENT: the year-end snapshot comes before changes dated 1 January.
            event = simpy.Event(self.env)
            event._ok = True
            event._value = None
            self.env.schedule(event, URGENT, year_end_day(2021 + year) - self.env.now)
            yield event
            self._snapshot_year_end(year)
            self.year = min(year + 1, self.n_years - 1)

    # ---- staffing ---------------------------------------------------------------

    def _staff_allows(self, state: int) -> bool:
        """Whether the care workers can look after one more resident in `state`."""
        needed = self.staff_needed + self.staff_per_resident[state]
        return needed <= self.caregivers[0] + self.caregivers[1] + 1e-9

    def _count_resident(self, state: int, change: int) -> None:
        self.residents_by_state[state] += change
        self.staff_needed += change * self.staff_per_resident[state]

    # ---- beds and waiting lists -------------------------------------------------

    def _accepts(self, state: int, kind: int) -> bool:
        if kind == NURSING:
            return state in (PARTIAL, FULL)
        return state in (INDEPENDENT, PARTIAL)

    def _enqueue(self, person: int, kind: int, priority: int) -> None:
        self.sequence += 1
        entry = (priority, self.join_day[person], self.sequence, person, self.token[person])
        heapq.heappush(self.queues[kind], entry)

    def _queue_priority(self, state: int) -> int:
        return FIRST_PRIORITY if (not self.full_first or state == FULL) else SECOND_PRIORITY

    def _join_lists(self, person: int) -> None:
        state = self.state[person]
        for kind in (NURSING, ORDINARY):
            if self._accepts(state, kind):
                self._enqueue(person, kind, self._queue_priority(state))

    def seek_bed(self, person: int, episode: int, counted: bool = True) -> None:
        """`person` starts looking for a bed now, with this episode's patience and stay."""
        now = self.env.now
        self._accumulate()  # the waiting list is time-weighted
        self._release_place(person)
        self.setting[person] = WAITING
        self.token[person] += 1
        self.join_day[person] = now
        self.stay_days[person] = float(self.inputs.stay_days[episode])
        self.n_waiting += 1
        if counted:
            self.record.bed_seekers[self.year] += 1
        self._join_lists(person)
        token = self.token[person]
        patience = float(self.inputs.patience_days[episode])
        self._try_admit(NURSING)
        self._try_admit(ORDINARY)
        if self.setting[person] == WAITING and patience < np.inf:
            timer = self.env.timeout(patience)
            timer.callbacks.append(partial(self._renege, person, token))

    def _renege(self, person: int, token: int, _event: simpy.Event | None = None) -> None:
        """Patience ran out for the wait that `token` marks, unless it already ended."""
        if self.token[person] != token or self.setting[person] != WAITING:
            return
        self._accumulate()
        self.token[person] += 1
        self.setting[person] = HOME
        self.n_waiting -= 1
        self.record.gave_up[self.year] += 1

    def _valid_head(self, kind: int) -> tuple[int, float, int, int, int] | None:
        queue = self.queues[kind]
        while queue:
            priority, _, _, person, token = queue[0]
            waiting = self.setting[person] == WAITING or (
                priority == TRANSFER_PRIORITY and self.transfer_waiting[person]
            )
            # A waiter whose state changed keeps old entries; skip those it no longer fits.
            state = self.state[person]
            fits = priority == TRANSFER_PRIORITY or (
                self._accepts(state, kind) and priority == self._queue_priority(state)
            )
            if token == self.token[person] and waiting and fits:
                return queue[0]
            heapq.heappop(queue)
        return None

    def _free_beds(self, kind: int) -> int:
        return self.beds[kind] - self.occupied[kind]

    def _try_admit(self, kind: int) -> None:
        while self._free_beds(kind) > 0:
            head = self._valid_head(kind)
            if head is None:
                return
            priority, _, _, person, _ = head
            state = self.state[person]
            if priority == TRANSFER_PRIORITY:
                heapq.heappop(self.queues[kind])
                self._transfer(person)
                continue
            if not self._staff_allows(state):
                return  # head of the list waits for staff; strict order is kept
            heapq.heappop(self.queues[kind])
            self._admit(person, kind)

    def _admit(self, person: int, kind: int) -> None:
        now = self.env.now
        self._accumulate()
        self.token[person] += 1
        self.n_waiting -= 1
        self.setting[person] = NURSING_BED if kind == NURSING else ORDINARY_BED
        self.occupied[kind] += 1
        self._count_resident(self.state[person], +1)
        self.record.admissions[self.year] += 1
        self.record.waits_days[self.year].append(now - self.join_day[person])
        self.bed_since[person] = now
        token = self.token[person]
        timer = self.env.timeout(self.stay_days[person])
        timer.callbacks.append(partial(self._discharge, person, token))

    def _transfer(self, person: int) -> None:
        """A resident of an ordinary bed moves to a nursing-type bed."""
        self._accumulate()
        self.transfer_waiting[person] = False
        self.setting[person] = NURSING_BED
        self.occupied[NURSING] += 1
        now = self.env.now
        self.record.bed_spells.append((ORDINARY, self.bed_since[person], now))
        self.bed_since[person] = now
        self.record.transfers[self.year] += 1
        self._release_bed(ORDINARY)

    def _release_bed(self, kind: int) -> None:
        """A bed of `kind` becomes free: pending closures and conversions take it first."""
        self._accumulate()
        self.occupied[kind] -= 1
        if self.pending_closures[kind] > 0:
            self.pending_closures[kind] -= 1
            self.beds[kind] -= 1
        elif kind == ORDINARY and self.pending_conversions > 0:
            self.pending_conversions -= 1
            self.beds[ORDINARY] -= 1
            self.beds[NURSING] += 1
            self.record.conversions[self.year] += 1
        # A leaving resident frees staff too, so either list may now move.
        self._try_admit(NURSING)
        self._try_admit(ORDINARY)

    def _leave_bed(self, person: int) -> None:
        kind = NURSING if self.setting[person] == NURSING_BED else ORDINARY
        self.record.bed_spells.append((kind, self.bed_since[person], self.env.now))
        self._count_resident(self.state[person], -1)
        self.token[person] += 1
        self.transfer_waiting[person] = False
        self.setting[person] = HOME
        self._release_bed(kind)

    def _discharge(self, person: int, token: int, _event: simpy.Event | None = None) -> None:
        """The stay clock of the admission with `token` ran out."""
        if self.token[person] != token or self.setting[person] not in (NURSING_BED, ORDINARY_BED):
            return
        self.record.discharges[self.year] += 1
        self._leave_bed(person)

    # ---- community places -------------------------------------------------------

    def _release_place(self, person: int) -> None:
        if self.has_place[person]:
            self.has_place[person] = False
            self.places_used -= 1
            if self.setting[person] == COMMUNITY:
                self.setting[person] = HOME

    def _seek_place(self, person: int) -> None:
        if self.has_place[person]:
            return  # keeps the place it has; not a new request
        self.record.community_requests[self.year] += 1
        if self.places_used < self.places:
            self.places_used += 1
            self.has_place[person] = True
            self.setting[person] = COMMUNITY
            self.record.community_granted[self.year] += 1

    # ---- life events ------------------------------------------------------------

    def _state_change(self, person: int, episode: int) -> None:
        new_state = int(self.courses.episode_state[episode])
        old_state = self.state[person]
        self.state[person] = new_state
        setting = self.setting[person]
        if setting in (NURSING_BED, ORDINARY_BED):
            self._accumulate()
            self._count_resident(old_state, -1)
            self._count_resident(new_state, +1)
            if setting == ORDINARY_BED and new_state == FULL and not self.transfer_waiting[person]:
                self.transfer_waiting[person] = True
                self.sequence += 1
                heapq.heappush(
                    self.queues[NURSING],
                    (TRANSFER_PRIORITY, self.env.now, self.sequence, person, self.token[person]),
                )
                self._try_admit(NURSING)
            elif self.transfer_waiting[person] and new_state != FULL:
                self.transfer_waiting[person] = False
            if new_state < old_state:  # recovery: needs less care, staff may admit someone
                self._try_admit(NURSING)
                self._try_admit(ORDINARY)
            return
        if setting == WAITING:
            # Still waiting, now with the needs of the new state; patience clock runs on.
            self._join_lists(person)
            self._try_admit(NURSING)
            self._try_admit(ORDINARY)
            return
        choice = int(self.inputs.choice[episode]) if new_state != INDEPENDENT else 0
        if choice == 2:
            self.seek_bed(person, episode)
        elif choice == 1:
            self._seek_place(person)
        else:
            self._release_place(person)

    def _death(self, person: int) -> None:
        setting = self.setting[person]
        if setting in (NURSING_BED, ORDINARY_BED):
            self._leave_bed(person)
        elif setting == WAITING:
            self._accumulate()
            self.token[person] += 1
            self.n_waiting -= 1
            self.record.died_waiting[self.year] += 1
        self._release_place(person)
        self.setting[person] = HOME
        self.state[person] = DEAD

    def _life_events(
        self, days: list[float], kinds: list[int], people: list[int], episodes: list[int]
    ) -> ProcessGenerator:
        env = self.env
        for day, kind, person, episode in zip(days, kinds, people, episodes, strict=True):
            if day > env.now:
                yield env.timeout(day - env.now)
            if kind == STATE_CHANGE:
                if episode < 0:
                    self._death(person)
                else:
                    self._state_change(person, episode)
            elif self.setting[person] == HOME:
                # Only the request is processed for people at home; their state is the episode's.
                self.state[person] = INDEPENDENT
                self.seek_bed(person, episode)

    # ---- capacity ---------------------------------------------------------------

    def _bed_changes(self) -> ProcessGenerator:
        for day, change in self.plan.bed_changes:
            if day > self.env.now:
                yield self.env.timeout(day - self.env.now)
            self._accumulate()
            record, year = self.record, self.year
            self.beds[NURSING] += change.add_nursing
            self.beds[ORDINARY] += change.add_ordinary
            record.new_nursing_beds[year] += change.add_nursing
            record.new_ordinary_beds[year] += change.add_ordinary
            now_convertible = min(change.convert_to_nursing, self._free_beds(ORDINARY))
            record.conversions[year] += now_convertible
            self.beds[ORDINARY] -= now_convertible
            self.beds[NURSING] += now_convertible
            self.pending_conversions += change.convert_to_nursing - now_convertible
            for kind, closing in (
                (NURSING, change.close_nursing),
                (ORDINARY, change.close_ordinary),
            ):
                now_closable = min(closing, self._free_beds(kind))
                self.beds[kind] -= now_closable
                self.pending_closures[kind] += closing - now_closable
            self._try_admit(NURSING)
            self._try_admit(ORDINARY)

    def _centre_openings(self) -> ProcessGenerator:
        for day, count in self.plan.centre_openings:
            if day > self.env.now:
                yield self.env.timeout(day - self.env.now)
            self._accumulate()
            self.centres += count
            self.places += count * self.plan.places_per_new_centre
            self.record.new_centres[self.year] += count

    def _workforce(self) -> ProcessGenerator:
        """Monthly turnover: attrition of each worker, hires, certification of the uncertified."""
        n_months = self.n_years * MONTHS_PER_YEAR
        uniforms = rng.stream(self.seed, self.replication, "caregivers").random((n_months, 4))
        # The annual share who leave, spread over months: 1 - (1 - a)^(1/12) a month.
        leave_probability = 1 - (1 - self.plan.attrition_per_year) ** (1 / MONTHS_PER_YEAR)
        month_days = DAYS_PER_YEAR / MONTHS_PER_YEAR
        # Inversion keeps the draws aligned across scenarios (common random numbers).
        # Hires and certifications do not depend on the state: invert them all at once.
        year_of_month = np.arange(n_months) // MONTHS_PER_YEAR
        hires = stats.poisson.ppf(
            uniforms[:, 2], np.asarray(self.plan.hires_per_year)[year_of_month] / MONTHS_PER_YEAR
        )
        certifications = stats.poisson.ppf(
            uniforms[:, 3],
            np.asarray(self.plan.certifications_per_year)[year_of_month] / MONTHS_PER_YEAR,
        )
        for month in range(n_months):
            yield self.env.timeout((month + 0.5) * month_days - self.env.now)
            self._accumulate()
            u = uniforms[month]
            certified, uncertified = self.caregivers
            leaving = stats.binom.ppf(u[:2], [certified, uncertified], leave_probability)
            left_certified = max(0, int(leaving[0]))
            left_uncertified = max(0, int(leaving[1]))
            hired = max(0, int(hires[month]))
            uncertified = uncertified - left_uncertified + hired
            certified_now = min(uncertified, max(0, int(certifications[month])))
            self.caregivers = [
                certified - left_certified + certified_now,
                uncertified - certified_now,
            ]
            record = self.record
            record.hires[self.year] += hired
            record.leavers[self.year] += left_certified + left_uncertified
            record.certifications[self.year] += certified_now
            if hired > left_certified + left_uncertified:
                self._try_admit(NURSING)
                self._try_admit(ORDINARY)

    # ---- starting state ---------------------------------------------------------

    def _initial_state(self) -> None:
        """Residents, waiting list and community users at the end of 2020, from data."""
        courses, values = self.courses, self.values
        draw = rng.stream(self.seed, self.replication, "initial_care")
        at_start = courses.episode_start_day <= 0
        episodes = np.flatnonzero(at_start & (courses.episode_end_day > 0))
        people = courses.episode_person[episodes]
        states = courses.episode_state[episodes]
        for person, state in zip(people.tolist(), states.tolist(), strict=True):
            self.state[person] = state
        available = np.ones(len(episodes), dtype=bool)

        def pick(state: int, count: int) -> np.ndarray:
            pool = np.flatnonzero(available & (states == state))
            chosen = draw.choice(pool, size=min(count, len(pool)), replace=False)
            available[chosen] = False
            return np.sort(chosen)

        nursing = round(values["occupancy_nursing_2020"] * self.beds[NURSING])
        ordinary = round(values["occupancy_ordinary_2020"] * self.beds[ORDINARY])
        full_in_nursing = round(nursing * values["nursing_residents_full_share_2020"])
        independent_in_ordinary = round(
            ordinary * values["ordinary_residents_independent_share_2020"]
        )
        placements = [
            (pick(FULL, full_in_nursing), NURSING),
            (pick(PARTIAL, nursing - full_in_nursing), NURSING),
            (pick(INDEPENDENT, independent_in_ordinary), ORDINARY),
            (pick(PARTIAL, ordinary - independent_in_ordinary), ORDINARY),
        ]
        for chosen, kind in placements:
            for index in chosen.tolist():
                person = int(people[index])
                self.setting[person] = NURSING_BED if kind == NURSING else ORDINARY_BED
                self.occupied[kind] += 1
                self._count_resident(int(states[index]), +1)
                self.stay_days[person] = float(self.inputs.stay_days[episodes[index]])
                token = self.token[person]
                timer = self.env.timeout(self.stay_days[person])
                timer.callbacks.append(partial(self._discharge, person, token))

        waiting = pick(FULL, round(values["waiting_list_2020"] * self.scale))
        community = round(values["community_place_use_2020"] * self.places)
        disabled = np.flatnonzero(available & (states != INDEPENDENT))
        users = np.sort(draw.choice(disabled, size=min(community, len(disabled)), replace=False))
        for index in users.tolist():
            person = int(people[index])
            self.has_place[person] = True
            self.setting[person] = COMMUNITY
            self.places_used += 1
        available[users] = False

        record = self.record
        record.beds_2020 = (self.beds[NURSING], self.beds[ORDINARY])
        record.occupied_2020 = (self.occupied[NURSING], self.occupied[ORDINARY])
        record.caregivers_2020 = self.caregivers[0] + self.caregivers[1]
        record.certified_2020 = self.caregivers[0]
        record.centres_2020 = self.centres
        record.places_2020 = self.places
        record.community_users_2020 = self.places_used
        record.waiting_2020 = len(waiting)
        # People already waiting join the lists at day 0 and count as the first year's seekers.
        for index in waiting.tolist():
            self.seek_bed(int(people[index]), int(episodes[index]))

    # ---- run ------------------------------------------------------------------------

    def _care_events(self) -> tuple[list[float], list[int], list[int], list[int]]:
        """Time-ordered moments that matter to the care system, for people who ever need care."""
        courses, inputs = self.courses, self.inputs
        start = courses.episode_start_day
        person = courses.episode_person
        in_care_at_start = np.array(self.setting) != HOME
        # A person matters to the care system from their first request for care on
        # (day 0 for those in care at the start); earlier state changes are family care.
        ask_day = np.where((start > 0) & (inputs.choice > 0), start, inputs.seek_day)
        first_ask = np.full(courses.n_people, np.inf)
        np.minimum.at(first_ask, person, ask_day)
        first_ask[in_care_at_start] = 0.0
        end = courses.episode_end_day
        changes = np.flatnonzero((start > 0) & (start >= first_ask[person]))
        deaths = np.flatnonzero((courses.episode_next_state == DEAD) & (end >= first_ask[person]))
        seeks = np.flatnonzero(np.isfinite(inputs.seek_day))
        days = np.concatenate([start[changes], end[deaths], inputs.seek_day[seeks]])
        kinds = np.concatenate(
            [np.full(len(changes), STATE_CHANGE), np.full(len(deaths), STATE_CHANGE),
             np.full(len(seeks), BED_SEEK)]
        )  # fmt: skip
        people = person[np.concatenate([changes, deaths, seeks])]
        episodes = np.concatenate([changes, np.full(len(deaths), -1), seeks])
        order = np.lexsort((episodes, people, kinds, days))
        return (
            days[order].tolist(), kinds[order].tolist(),
            people[order].tolist(), episodes[order].tolist(),
        )  # fmt: skip

    def run(self) -> YearlyRecord:
        """Run to the end of the horizon and return the yearly record."""
        self._initial_state()
        self.env.process(self._year_ends())
        self.env.process(self._bed_changes())
        self.env.process(self._centre_openings())
        self.env.process(self._workforce())
        self.env.process(self._life_events(*self._care_events()))
        horizon_day = year_end_day(2020 + self.n_years)
        # The model's long-lived lists never form cycles: keep the collector off them.
        gc.freeze()
        try:
            self.env.run(until=horizon_day + 1e-6)
        finally:
            gc.unfreeze()
        days = np.array(self.stock_days)
        record = self.record
        record.occupied_bed_days[:] = days[:, 0:2]
        record.bed_days[:] = days[:, 2:4]
        record.caregiver_days[:] = days[:, 4]
        record.centre_days[:] = days[:, 5]
        record.waiting_person_days[:] = days[:, 6]
        for person, setting in enumerate(self.setting):
            if setting in (NURSING_BED, ORDINARY_BED):
                kind = NURSING if setting == NURSING_BED else ORDINARY
                self.record.bed_spells.append((kind, self.bed_since[person], horizon_day))
        return self.record
