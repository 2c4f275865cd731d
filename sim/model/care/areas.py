"""One area's care: its bed pools and waiting lists, workers, community places and record.

A district that is one pool has one area; a district with townships has one per
township. People live in their home area and may be admitted to a home in another
(`sim.model.care.routing`). What is counted where:

- by the home area: bed seekers, people waiting (and their person-days), who gave up or
  died waiting, community requests, places granted and their users;
- by the area of the home admitted to: beds, residents, admissions and their waits,
  transfers, discharges, conversions, workers, hires and training.
"""

from __future__ import annotations

from sim.model.care.beds import BedPool, WaitingList
from sim.model.care.community import CommunityPlaces
from sim.model.care.record import StockDays, YearlyRecord
from sim.model.care.staff import Workforce
from sim.model.spec import InitialState, Parameters
from sim.model.states import BedKind, Health

FULL = int(Health.FULL)


class AreaCare:
    """The care of one area, with its own yearly record and time-weighted stocks."""

    __slots__ = (
        "community",
        "index",
        "last_day",
        "n_waiting",
        "pending_conversions",
        "pools",
        "record",
        "staff",
        "stock_days",
        "waiting_lists",
    )

    def __init__(
        self, index: int, initial: InitialState, parameters: Parameters, n_years: int
    ) -> None:
        self.index = index
        self.pools = (
            BedPool(BedKind.NURSING, initial.nursing_beds),
            BedPool(BedKind.ORDINARY, initial.ordinary_beds),
        )
        self.waiting_lists = (WaitingList(), WaitingList())
        self.pending_conversions = 0
        self.staff = Workforce(parameters, initial.caregivers, initial.certified_caregivers)
        self.community = CommunityPlaces(
            initial.centres, initial.community_places, initial.day_care_centres
        )
        self.record = YearlyRecord(n_years)
        self.stock_days = [StockDays() for _ in range(n_years)]
        #: people whose home is this area and who wait for a bed
        self.n_waiting = 0
        self.last_day = 0.0

    def accumulate(self, now: float, year: int) -> None:
        """Add this area's time-weighted stocks up to day `now` to simulated year `year`."""
        elapsed = now - self.last_day
        if elapsed > 0:
            nursing, ordinary = self.pools
            days = self.stock_days[year]
            days.occupied_nursing += elapsed * nursing.occupied
            days.occupied_ordinary += elapsed * ordinary.occupied
            days.nursing_bed += elapsed * nursing.beds
            days.ordinary_bed += elapsed * ordinary.beds
            days.caregiver += elapsed * (self.staff.certified + self.staff.uncertified)
            days.centre += elapsed * self.community.centres
            days.waiting_person += elapsed * self.n_waiting
            self.last_day = now

    def turn_over(self, year: int, left: tuple[int, int], hired: int, certifications: int) -> bool:
        """A month's turnover of the workers in simulated year `year`: `left` (certified,
        uncertified) leave, `hired` join, up to `certifications` of the uncertified are
        certified. Returns whether more joined than left (someone may now be admitted)."""
        staff, record = self.staff, self.record
        uncertified = staff.uncertified - left[1] + hired
        certified_now = min(uncertified, max(0, certifications))
        staff.certified = staff.certified - left[0] + certified_now
        staff.uncertified = uncertified - certified_now
        record.hires[year] += hired
        record.leavers[year] += left[0] + left[1]
        record.certifications[year] += certified_now
        return hired > left[0] + left[1]

    def staff_target(self) -> float:
        """Workers the residents need, and those the people waiting would need in the free
        beds (counted as fully disabled): what homes recruit toward."""
        free = sum(pool.beds - pool.occupied for pool in self.pools)
        waiting_need = self.staff.per_resident[FULL] * min(self.n_waiting, max(free, 0))
        return self.staff.needed + waiting_need

    def close_year(self, year: int) -> None:
        """Record year-end stocks of simulated year `year` (stocks accumulated already)."""
        record = self.record
        record.beds_end[year] = [pool.beds for pool in self.pools]
        record.occupied_end[year] = [pool.occupied for pool in self.pools]
        record.residents_end[year] = [pool.residents_by_state for pool in self.pools]
        record.staff_needed_end[year] = self.staff_target()
        record.waiting_end[year] = self.n_waiting
        record.caregivers_end[year] = self.staff.total
        record.certified_end[year] = self.staff.certified
        record.centres_end[year] = self.community.centres
        record.places_end[year] = self.community.places
        record.community_users_end[year] = self.community.used
        record.day_care_centres_end[year] = self.community.day_care_centres

    def record_start(self, waiting: int) -> None:
        """Record the starting stocks (the end of the base year) with `waiting` people on
        the waiting list."""
        begin = self.record.start
        nursing, ordinary = self.pools
        begin.beds = (nursing.beds, ordinary.beds)
        begin.occupied = (nursing.occupied, ordinary.occupied)
        begin.residents = (
            (nursing.residents_by_state[0], nursing.residents_by_state[1],
             nursing.residents_by_state[2]),
            (ordinary.residents_by_state[0], ordinary.residents_by_state[1],
             ordinary.residents_by_state[2]),
        )  # fmt: skip
        begin.staff_needed = self.staff_target()
        begin.caregivers = self.staff.total
        begin.certified = self.staff.certified
        begin.centres = self.community.centres
        begin.places = self.community.places
        begin.community_users = self.community.used
        begin.day_care_centres = self.community.day_care_centres
        begin.waiting = waiting
