"""Who is disabled and living at home on a given day, with their per-person draws.

Home care, long-term-care insurance and community centres serve people at home, so
they are computed after the bed queue has run, from the same life courses and the
care system's spells in beds and day-care places: each day they look at knows exactly
who is at home.

Who needs formal home care, among disabled people living at home:

- people with no family carer (a share of the disabled that grows over time): they
  must have formal care, and when the hours fall short they count as unmet care need;
- people insured by long-term-care insurance with a home-care benefit: the benefit's
  hours, paid by the fund;
- others who buy formal care or have it bought for them (a share by health state).

Each person's draws (no carer, use, purchase, insurance take-up) are one uniform per
person, so the channels keep common random numbers across scenarios.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.draws import insured, person_draw
from sim.model.care.record import YearlyRecord
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec
from sim.model.states import Health

#: The per-person draws of the channels, one stream each.
DRAW_NAMES = ("no_carer", "ltc_take_up", "home_care_use", "home_care_purchase")


@dataclass(frozen=True)
class Spells:
    """Every stay in a bed or a day-care place: whose, first day, last day (infinite for a
    stay still open at the horizon) and whether it is a place rather than a bed."""

    person: np.ndarray
    start_day: np.ndarray
    end_day: np.ndarray
    is_place: np.ndarray


def care_spells(record: YearlyRecord, horizon_day: float) -> Spells:
    """The stays of `record`; a stay still open at the horizon runs on (last day
    infinite), so that its holder is not counted at home on the horizon's own year end."""
    beds = np.array([(p, s, e) for _, s, e, p in record.bed_spells], dtype=float).reshape(-1, 3)
    places = np.array(record.place_spells, dtype=float).reshape(-1, 3)
    both = np.vstack([beds, places])
    return Spells(
        person=both[:, 0].astype(np.int64),
        start_day=both[:, 1],
        end_day=np.where(both[:, 2] >= horizon_day, np.inf, both[:, 2]),
        is_place=np.r_[np.zeros(len(beds), bool), np.ones(len(places), bool)],
    )


@dataclass(frozen=True, eq=False)
class DisabledOnDay:
    """The disabled people alive on one day (one entry each): their state, where they are
    and their flags."""

    state: np.ndarray
    #: neither in a bed nor in a day-care place
    home: np.ndarray
    in_bed: np.ndarray
    no_carer: np.ndarray
    #: draws the long-term-care insurance's benefits
    insured: np.ndarray
    #: uses formal home care though a family carer is there
    uses: np.ndarray
    #: the person's uniform for whether the government buys their care
    purchase_u: np.ndarray
    #: each person's home township (None: the district is one pool)
    area: np.ndarray | None = None

    def by_area(self, n_areas: int) -> list[DisabledOnDay]:
        """These people split by home township (`n_areas` of them), each township's in
        the order they have here."""
        assert self.area is not None
        order = np.argsort(self.area, kind="stable")
        bounds = np.searchsorted(self.area[order], np.arange(n_areas + 1))
        columns = {name: getattr(self, name)[order] for name in _COLUMNS}
        return [
            DisabledOnDay(**{name: values[start:end] for name, values in columns.items()})
            for start, end in itertools.pairwise(bounds)
        ]


#: The per-person columns of `DisabledOnDay`.
_COLUMNS = ("state", "home", "in_bed", "no_carer", "insured", "uses", "purchase_u", "area")


class HomeCensus:
    """Who is disabled and at home on any day, with their per-person draws."""

    def __init__(
        self,
        spec: ModelSpec,
        courses: LifeCourses,
        record: YearlyRecord,
        replication: int,
        home_area: np.ndarray | None = None,
        n_areas: int = 1,
    ) -> None:
        disabled = courses.episode_state != Health.INDEPENDENT
        self.person = courses.episode_person[disabled]
        self.state = courses.episode_state[disabled]
        self.start = courses.episode_start_day[disabled]
        self.end = courses.episode_end_day[disabled]
        self.spells = care_spells(record, courses.horizon_day)
        self.in_bed = np.zeros(courses.n_people, dtype=bool)
        self.in_place = np.zeros(courses.n_people, dtype=bool)
        self.draws = {
            name: person_draw(spec, replication, name, courses.n_people) for name in DRAW_NAMES
        }
        self.spec = spec
        #: each person's home township; with townships, each day is counted once and kept
        self.home_area = home_area
        self.n_areas = n_areas
        self.days: dict[float, list[DisabledOnDay]] = {}

    def on_in_area(self, day: float, area: int) -> DisabledOnDay:
        """The disabled people of township `area` alive on `day` (each day is counted once
        and split by township)."""
        if day not in self.days:
            self.days[day] = self.on(day).by_area(self.n_areas)
        return self.days[day][area]

    def on(self, day: float) -> DisabledOnDay:
        """The disabled people alive on `day`: their state, where they are, their flags."""
        alive = (self.start <= day) & (self.end > day)
        person, state = self.person[alive], self.state[alive]
        spells = self.spells
        current = (spells.start_day <= day) & (spells.end_day > day)
        beds = spells.person[current & ~spells.is_place]
        places = spells.person[current & spells.is_place]
        self.in_bed[beds] = True
        self.in_place[places] = True
        in_bed, in_place = self.in_bed[person], self.in_place[person]
        self.in_bed[beds] = False
        self.in_place[places] = False
        p = self.spec.parameters
        years = day / DAYS_PER_YEAR
        share_no_carer = min(
            1.0, max(0.0, p.no_carer_share_start + p.no_carer_share_growth_per_year * years)
        )
        use = np.array([0.0, p.home_care_use_partial, p.home_care_use_full])[state]
        return DisabledOnDay(
            state=state,
            home=~in_bed & ~in_place,
            in_bed=in_bed,
            no_carer=self.draws["no_carer"][person] < share_no_carer,
            insured=insured(self.spec.ltc, state, day, self.draws["ltc_take_up"][person]),
            uses=self.draws["home_care_use"][person] < use,
            purchase_u=self.draws["home_care_purchase"][person],
            area=None if self.home_area is None else self.home_area[person],
        )


class AreaCensus:
    """The district census seen from one township: its disabled people only."""

    def __init__(self, census: HomeCensus, area: int) -> None:
        self.census = census
        self.area = area

    def on(self, day: float) -> DisabledOnDay:
        """The township's disabled people alive on `day`."""
        return self.census.on_in_area(day, self.area)
