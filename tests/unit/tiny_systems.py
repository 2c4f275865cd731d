"""Tiny hand-built care systems whose answers can be worked out by hand.

A test describes a handful of people (`Life`: health episodes with their care choice,
stay, patience and bed-seeking day), a spec whose every count and rate it sets
(`tiny_spec`: everything else is zero or neutral), and runs them through the real
`CareSystem` with a trace of what happened to whom and when (`run_traced`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from sim.model.care.areas import AreaCare
from sim.model.care.draws import CareInputs
from sim.model.care.people import Person
from sim.model.care.system import CareSystem
from sim.model.population import LifeCourses
from sim.model.spec import (
    BedChange,
    CapacitySchedule,
    CentreOpening,
    HealthSpec,
    InitialState,
    LongTermCareInsurance,
    ModelSpec,
    Parameters,
    PopulationSpec,
    StationaryStream,
)
from sim.model.states import CENSORED, BedKind, CareChoice, Health, QueuePolicy, Setting

BASE_YEAR = 2020
#: Staff so plentiful that the staffing rule never binds.
AMPLE_STAFF = 1000

#: Parameters that must not be zero; every other parameter of a tiny spec is 0 unless set.
NEUTRAL = {
    "residents_per_caregiver_independent": 1.0,
    "residents_per_caregiver_partial": 1.0,
    "residents_per_caregiver_full": 1.0,
    "hiring_lag_months": 1.0,
    "staffing_target_margin": 1.0,
    "home_care_worker_hours_per_month": 100.0,
    "mean_stay_before_discharge_days": 1.0,
    "mean_patience_full_days": 1.0,
    "mean_patience_partial_days": 1.0,
    "mean_patience_independent_days": 1.0,
    "mortality_multiplier": 1.0,
    "disability_prevalence_multiplier": 1.0,
}


def tiny_parameters(**values: float) -> Parameters:
    """Parameters that are 0 (or the neutral value of `NEUTRAL`) except `values`."""
    unknown = set(values) - {item.name for item in fields(Parameters)}
    assert not unknown, f"not parameters: {unknown}"
    return Parameters(**{item.name: 0.0 for item in fields(Parameters)} | NEUTRAL | values)


def tiny_spec(
    *,
    n_years: int = 1,
    parameters: Parameters | None = None,
    queue_policy: QueuePolicy = QueuePolicy.FIFO,
    bed_changes: tuple[BedChange, ...] = (),
    centre_openings: tuple[CentreOpening, ...] = (),
    places_per_new_centre: int = 0,
    attrition_per_year: float = 0.0,
    hires_per_year: float = 0.0,
    certifications_per_year: float = 0.0,
    home_care_hires_per_year: float = 0.0,
    home_care_certifications_per_year: float = 0.0,
    community_certifications_per_year: float = 0.0,
    purchased_home_care_share: float = 0.0,
    ltc: LongTermCareInsurance | None = None,
    stationary: StationaryStream | None = None,
    villages_and_communities: int = 0,
    seed: int = 11,
    **initial: int,
) -> ModelSpec:
    """A spec from 2020 to 2020 + `n_years` with the given starting state (`InitialState`
    fields, zero unless given, caregivers ample) and yearly supply (the same every year)."""
    counts: dict[str, Any] = {item.name: 0 for item in fields(InitialState)}
    counts["caregivers"] = AMPLE_STAFF
    counts |= initial

    def every_year(value: float) -> np.ndarray:
        return np.full(n_years, float(value))

    empty = np.zeros(0)
    return ModelSpec(
        name="tiny",
        seed=seed,
        base_year=BASE_YEAR,
        end_year=BASE_YEAR + n_years,
        queue_policy=queue_policy,
        population_scale=1.0,
        parameters=parameters if parameters is not None else tiny_parameters(),
        population=PopulationSpec(
            empty, empty.astype(np.int8), empty.astype(np.int64), 0.0, np.ones(n_years + 1)
        ),
        health=HealthSpec(np.zeros((2, 8, 3, 4)), np.zeros((8, 3)), None),
        initial=InitialState(**counts),
        capacity=CapacitySchedule(
            bed_changes=bed_changes,
            centre_openings=centre_openings,
            places_per_new_centre=places_per_new_centre,
            consortia_by_year=np.zeros(n_years + 1, dtype=np.int64),
            hires_per_year=every_year(hires_per_year),
            certifications_per_year=every_year(certifications_per_year),
            attrition_per_year=attrition_per_year,
            home_care_hires_per_year=every_year(home_care_hires_per_year),
            home_care_certifications_per_year=every_year(home_care_certifications_per_year),
            community_certifications_per_year=every_year(community_certifications_per_year),
            purchased_home_care_share=every_year(purchased_home_care_share),
        ),
        stationary=stationary,
        ltc=ltc,
        villages_and_communities=villages_and_communities,
    )


def horizon_of(spec: ModelSpec) -> float:
    """The last model day of a spec."""
    return spec.calendar.year_end_day(spec.end_year)


@dataclass(frozen=True)
class Episode:
    """One health episode of a tiny person and the care inputs drawn for it."""

    start_day: float
    state: Health
    choice: CareChoice = CareChoice.FAMILY
    stay_days: float = math.inf
    patience_days: float = math.inf
    seek_day: float = math.inf


@dataclass(frozen=True)
class Life:
    """A tiny person: episodes in time order, each ending where the next starts; the last
    ends at `death_day` (or runs past the horizon)."""

    episodes: tuple[Episode, ...]
    death_day: float = math.inf
    age_years: float = 70.0
    takes_ordinary_when_partial: bool = True
    takes_ordinary_when_full: bool = False


def seeker(
    day: float,
    state: Health = Health.FULL,
    *,
    stay_days: float = math.inf,
    patience_days: float = math.inf,
    death_day: float = math.inf,
) -> Life:
    """Someone who becomes `state` on `day` (day > 0) and chooses a bed at once."""
    return Life(
        (Episode(day, state, CareChoice.BED, stay_days, patience_days),), death_day=death_day
    )


def world(spec: ModelSpec, lives: Sequence[Life]) -> tuple[LifeCourses, CareInputs]:
    """The life courses and care inputs of `lives`, person i being `lives[i]`."""
    rows = []
    for index, life in enumerate(lives):
        for number, episode in enumerate(life.episodes):
            last = number == len(life.episodes) - 1
            if last:
                end, following = (
                    life.death_day,
                    (Health.DEAD if life.death_day < math.inf else CENSORED),
                )
            else:
                end = life.episodes[number + 1].start_day
                following = life.episodes[number + 1].state
            rows.append((index, episode, end, following))
    n = len(lives)
    courses = LifeCourses(
        sex=np.zeros(n, dtype=np.int8),
        age_at_start_years=np.array([life.age_years for life in lives], dtype=float),
        entry_day=np.array([life.episodes[0].start_day for life in lives], dtype=float),
        episode_person=np.array([row[0] for row in rows], dtype=np.int64),
        episode_state=np.array([row[1].state for row in rows], dtype=np.int8),
        episode_start_day=np.array([row[1].start_day for row in rows], dtype=float),
        episode_end_day=np.array([row[2] for row in rows], dtype=float),
        episode_next_state=np.array([row[3] for row in rows], dtype=np.int8),
        horizon_day=horizon_of(spec),
    )
    inputs = CareInputs(
        choice=np.array([row[1].choice for row in rows], dtype=np.int8),
        seek_day=np.array([row[1].seek_day for row in rows], dtype=float),
        patience_days=np.array([row[1].patience_days for row in rows], dtype=float),
        stay_days=np.array([row[1].stay_days for row in rows], dtype=float),
        ordinary_ok_partial=np.array([life.takes_ordinary_when_partial for life in lives]),
        ordinary_ok_full=np.array([life.takes_ordinary_when_full for life in lives]),
    )
    return courses, inputs


# What the trace says happened (day, event, person).
SEEKS, GAVE_UP, DISCHARGED, TRANSFERRED, DIED = (
    "seeks",
    "gave up",
    "discharged",
    "transferred",
    "died",
)
ADMITTED = {BedKind.NURSING: "admitted nursing", BedKind.ORDINARY: "admitted ordinary"}
PLACE_GRANTED, PLACE_REFUSED = "place granted", "place refused"

BED_SETTINGS = (Setting.NURSING_BED, Setting.ORDINARY_BED)


class TracedCareSystem(CareSystem):
    """The care system, noting each admission, give-up, discharge, transfer, death and
    request for a day-care place as (day, event, person) in `trace`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trace: list[tuple[float, str, int]] = []

    def _note(self, event: str, person: Person) -> None:
        self.trace.append((self.env.now, event, person.index))

    def seek_bed(self, person: Person, episode: int) -> None:
        self._note(SEEKS, person)
        super().seek_bed(person, episode)

    def _admit(self, person: Person, area: AreaCare, kind: int) -> None:
        self._note(ADMITTED[BedKind(kind)], person)
        super()._admit(person, area, kind)

    def _renege(self, person: Person, token: int, _event: Any = None) -> None:
        was_waiting = person.setting == Setting.WAITING
        super()._renege(person, token, _event)
        if was_waiting and person.setting == Setting.HOME:
            self._note(GAVE_UP, person)

    def _discharge(self, person: Person, token: int, _event: Any = None) -> None:
        # Noted before the call, which may admit the next waiter, so that the trace
        # keeps the order of events; withdrawn if the clock was stale.
        was_in_bed = person.setting in BED_SETTINGS
        place = len(self.trace)
        self._note(DISCHARGED, person)
        super()._discharge(person, token, _event)
        if not (was_in_bed and person.setting == Setting.HOME):
            del self.trace[place]

    def _transfer(self, person: Person) -> None:
        self._note(TRANSFERRED, person)
        super()._transfer(person)

    def _death(self, person: Person) -> None:
        self._note(DIED, person)
        super()._death(person)

    def _seek_place(self, person: Person) -> None:
        had_place = person.has_place
        super()._seek_place(person)
        if not had_place:
            self._note(PLACE_GRANTED if person.has_place else PLACE_REFUSED, person)


def run_traced(spec: ModelSpec, lives: Sequence[Life], replication: int = 0) -> TracedCareSystem:
    """Run `lives` through the care system of `spec` to the horizon; return the system."""
    courses, inputs = world(spec, lives)
    system = TracedCareSystem(spec, courses, inputs, replication)
    system.run()
    return system


def without(trace: list[tuple[float, str, int]], *events: str) -> list[tuple[float, str, int]]:
    """The trace without the given kinds of event."""
    return [entry for entry in trace if entry[1] not in events]
