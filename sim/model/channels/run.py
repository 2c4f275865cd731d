"""The channels of one replication: run after the bed queue, gathered in one record.

`simulate_channels` runs home care, long-term-care insurance and family care beds month
by month (one census of the people at home a month, shared by all three) and community
centres year by year; `care_channels` lists every channel of a replication, the bed
queue's included, in the order the indicators and costs add them up.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Protocol

import numpy as np

from sim.model.calendar import DAYS_PER_MONTH, MONTHS_PER_YEAR
from sim.model.care.record import YearlyRecord
from sim.model.channels.census import AreaCensus, DisabledOnDay, HomeCensus
from sim.model.channels.channel import CareChannel
from sim.model.channels.community import CommunityCentres
from sim.model.channels.family_beds import FamilyCareBeds, disabled_at_home
from sim.model.channels.home_care import HomeCare, TownshipHours, turn_over
from sim.model.channels.ltc import LongTermCare
from sim.model.channels.nursing_homes import NursingHomes
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec


class MonthlyChannel(Protocol):
    """A channel that follows the people at home month by month."""

    def start(self, people: DisabledOnDay) -> None:
        """The starting state, from the people at home on day 0."""
        ...

    def month(self, month: int, day: float, people: DisabledOnDay) -> None:
        """Month `month` of the horizon, from the people at home on its middle `day`."""
        ...


@dataclass(frozen=True, eq=False)
class ChannelRecord:
    """The results of the channels run after the bed queue: each array has the base year
    first, then each simulated year. Stocks are at year end (home care: in December);
    flows are totals over the year (NaN in the base year). `channels` holds the channels
    themselves (home care, community centres, insurance, family care beds)."""

    home_care_clients: np.ndarray
    home_care_hours_needed: np.ndarray
    home_care_hours_delivered: np.ndarray
    purchased_hours: np.ndarray
    insured_hours: np.ndarray
    private_hours: np.ndarray
    unmet_care_need: np.ndarray
    ltc_beneficiaries: np.ndarray
    ltc_cash_yuan: np.ndarray
    ltc_bed_subsidy_yuan: np.ndarray
    home_care_workers: np.ndarray
    certified_home_care_workers: np.ndarray
    home_care_hires: np.ndarray
    home_care_certifications: np.ndarray
    community_workers: np.ndarray
    certified_community_workers: np.ndarray
    community_certifications: np.ndarray
    community_users: np.ndarray
    villages_with_centre: np.ndarray  # percent of villages and urban communities
    channels: tuple[CareChannel, ...]

    @classmethod
    def added(cls, records: list[ChannelRecord]) -> ChannelRecord:
        """The townships' channel records added up (villages with a centre: their plain
        mean; the district's share is an indicator of its own). It holds no channels."""
        arrays = {
            item.name: np.sum([getattr(record, item.name) for record in records], axis=0)
            for item in fields(cls)
            if item.name != "channels"
        }
        arrays["villages_with_centre"] = arrays["villages_with_centre"] / len(records)
        return cls(**arrays, channels=())

    @classmethod
    def of(
        cls,
        home_care: HomeCare,
        community: CommunityCentres,
        insurance: LongTermCare,
        family_beds: FamilyCareBeds,
    ) -> ChannelRecord:
        """The record of these channels' results."""
        hours, payments = home_care.flows(), insurance.flows()
        return cls(
            home_care_clients=home_care.stocks["clients"],
            home_care_hours_needed=hours["needed"],
            home_care_hours_delivered=hours["delivered"],
            purchased_hours=hours["purchased"],
            insured_hours=hours["insured"],
            private_hours=hours["private"],
            unmet_care_need=home_care.stocks["unmet"],
            ltc_beneficiaries=insurance.beneficiaries,
            ltc_cash_yuan=payments["cash"],
            ltc_bed_subsidy_yuan=payments["bed_subsidy"],
            home_care_workers=home_care.stocks["workers"],
            certified_home_care_workers=home_care.stocks["certified"],
            home_care_hires=hours["hires"],
            home_care_certifications=hours["certifications"],
            community_workers=community.workers,
            certified_community_workers=community.certified,
            community_certifications=community.certifications,
            community_users=community.users,
            villages_with_centre=100.0 * community.coverage,
            channels=(home_care, community, insurance, family_beds),
        )


def simulate_channels(
    spec: ModelSpec, courses: LifeCourses, record: YearlyRecord, replication: int
) -> ChannelRecord:
    """Home care, insurance and family care beds month by month, community centres year
    by year, over the horizon, given the bed queue's `record`."""
    census = HomeCensus(spec, courses, record, replication)
    home_care, insurance = HomeCare(spec, replication), LongTermCare(spec)
    beds = FamilyCareBeds(spec)
    at_start = census.on(0.0)
    home_care.start(at_start)
    insurance.start(at_start)
    beds.start(at_start)
    for month in range(spec.n_years * MONTHS_PER_YEAR):
        day = (month + 0.5) * DAYS_PER_MONTH
        people = census.on(day)
        hours_needed = home_care.care(month, day, people)
        insurance.month(month, day, people)
        beds.month(month, day, people)
        turn_over([home_care], month, [hours_needed])
    community = CommunityCentres(spec, courses, record, census)
    return ChannelRecord.of(home_care, community, insurance, beds)


def township_channels(
    specs: list[ModelSpec],
    courses: list[LifeCourses],
    records: list[YearlyRecord],
    census: HomeCensus,
    replication: int,
) -> list[ChannelRecord]:
    """Each township's channels (`specs`, `courses` and `records` by township), run
    together month by month: each month the district's people at home are counted once
    and every township's care is allocated with its own workers at once, then every
    township's workforce is turned over at once. `census` is the district's, whose stays
    in beds say who of a township's people is in a home anywhere."""
    views = [AreaCensus(census, area) for area in range(len(specs))]
    home_cares = [HomeCare(spec, replication) for spec in specs]
    insurances = [LongTermCare(spec) for spec in specs]
    family_beds = [FamilyCareBeds(spec) for spec in specs]
    for view, home_care, insurance, beds in zip(
        views, home_cares, insurances, family_beds, strict=True
    ):
        at_start = view.on(0.0)
        home_care.start(at_start)
        insurance.start(at_start)
        beds.start(at_start)
    rates = TownshipHours(specs)
    n_areas = len(specs)
    for month in range(specs[0].n_years * MONTHS_PER_YEAR):
        day = (month + 0.5) * DAYS_PER_MONTH
        people = census.on(day)
        workers = np.array([home_care.workers for home_care in home_cares], dtype=float)
        cares = rates.allocate(people, day, workers)
        area, insured = people.area, people.insured
        assert area is not None
        counts = [
            np.bincount(area, weights=(insured & where).astype(float), minlength=n_areas)
            for where in (people.home, people.in_bed, np.ones_like(insured))
        ]
        at_home = np.bincount(area, weights=disabled_at_home(people), minlength=n_areas)
        for index, (home_care, insurance) in enumerate(zip(home_cares, insurances, strict=True)):
            home_care.record_care(month, cares[index])
            insurance.add_month(
                month, at_home=float(counts[0][index]), in_beds=float(counts[1][index]),
                insured=float(counts[2][index]),
            )  # fmt: skip
            family_beds[index].add_month(month, float(at_home[index]))
        turn_over(home_cares, month, [care.hours_needed for care in cares])
    return [
        ChannelRecord.of(home_care, CommunityCentres(spec, own, record, view), insurance, beds)
        for spec, own, record, view, home_care, insurance, beds in zip(
            specs, courses, records, views, home_cares, insurances, family_beds, strict=True
        )
    ]


def care_channels(
    spec: ModelSpec, record: YearlyRecord, channels: ChannelRecord
) -> tuple[CareChannel, ...]:
    """Every channel of a replication, nursing homes first: the order in which indicators
    and costs add up what several channels have (certified workers, certifications,
    hires)."""
    return (NursingHomes(spec, record), *channels.channels)
