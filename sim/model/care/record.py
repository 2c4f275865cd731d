"""The yearly record: flows during each simulated year, stocks at its end, time-weighted sums."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Flows counted per simulated year (whole numbers).
FLOW_COUNTS = (
    "bed_seekers", "admissions", "transfers", "gave_up", "died_waiting", "discharges",
    "community_requests", "community_granted", "hires", "leavers", "certifications",
    "new_nursing_beds", "new_ordinary_beds", "conversions", "new_centres", "moves_nearer",
)  # fmt: skip
#: Stocks read at each year end (whole numbers).
STOCK_COUNTS = (
    "waiting_end", "caregivers_end", "certified_end", "centres_end", "places_end",
    "community_users_end", "day_care_centres_end",
)  # fmt: skip
#: Health states of the residents, in `Health` order.
N_STATES = 3


class StockDays:
    """Time-weighted stocks of one year, in stock-days (e.g. occupied bed-days)."""

    __slots__ = (
        "caregiver",
        "centre",
        "nursing_bed",
        "occupied_nursing",
        "occupied_ordinary",
        "ordinary_bed",
        "waiting_person",
    )

    def __init__(self) -> None:
        self.occupied_nursing = 0.0
        self.occupied_ordinary = 0.0
        self.nursing_bed = 0.0
        self.ordinary_bed = 0.0
        self.caregiver = 0.0
        self.centre = 0.0
        self.waiting_person = 0.0


@dataclass
class StartingStocks:
    """Stocks at the end of the base year (the starting state), as the care system set them."""

    beds: tuple[int, int] = (0, 0)  # (nursing-type, ordinary)
    occupied: tuple[int, int] = (0, 0)
    #: residents by bed kind and health state
    residents: tuple[tuple[int, int, int], tuple[int, int, int]] = ((0, 0, 0), (0, 0, 0))
    staff_needed: float = 0.0
    waiting: int = 0
    caregivers: int = 0
    certified: int = 0
    centres: int = 0
    places: int = 0
    community_users: int = 0
    day_care_centres: int = 0


@dataclass
class YearlyRecord:
    """Flows during each simulated year and stocks at its end (index 0 = base year + 1).

    Bed arrays are [year, kind] with kinds in `BedKind` order. Waits are the days
    each person admitted in the year waited; bed spells are (kind, first day, last
    day, person) of every stay in a bed, open spells ending at the horizon.
    """

    n_years: int
    start: StartingStocks = field(default_factory=StartingStocks)
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
    #: residents who moved from a home in another township to one in their own
    moves_nearer: np.ndarray = field(init=False)
    waiting_end: np.ndarray = field(init=False)
    caregivers_end: np.ndarray = field(init=False)
    certified_end: np.ndarray = field(init=False)
    centres_end: np.ndarray = field(init=False)
    places_end: np.ndarray = field(init=False)
    community_users_end: np.ndarray = field(init=False)
    #: regional centres offering full-day care (全日托), at year end
    day_care_centres_end: np.ndarray = field(init=False)
    occupied_bed_days: np.ndarray = field(init=False)  # [year, kind]
    bed_days: np.ndarray = field(init=False)  # [year, kind]
    caregiver_days: np.ndarray = field(init=False)
    waiting_person_days: np.ndarray = field(init=False)
    centre_days: np.ndarray = field(init=False)
    beds_end: np.ndarray = field(init=False)  # [year, kind]
    occupied_end: np.ndarray = field(init=False)  # [year, kind]
    residents_end: np.ndarray = field(init=False)  # [year, kind, state]
    #: workers the residents need at the staffing ratios, at year end
    staff_needed_end: np.ndarray = field(init=False)
    waits_days: list[list[float]] = field(init=False)
    bed_spells: list[tuple[int, float, float, int]] = field(init=False)
    #: every spell in a community day-care place: (person, first day, last day)
    place_spells: list[tuple[int, float, float]] = field(init=False)
    #: minutes from home to the home admitted to, summed over the year's admissions
    admitted_travel_minutes: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = self.n_years
        for name in (*FLOW_COUNTS, *STOCK_COUNTS):
            setattr(self, name, np.zeros(n, dtype=np.int64))
        self.caregiver_days = np.zeros(n)
        self.waiting_person_days = np.zeros(n)
        self.centre_days = np.zeros(n)
        self.occupied_bed_days = np.zeros((n, 2))
        self.bed_days = np.zeros((n, 2))
        self.beds_end = np.zeros((n, 2), dtype=np.int64)
        self.occupied_end = np.zeros((n, 2), dtype=np.int64)
        self.residents_end = np.zeros((n, 2, N_STATES), dtype=np.int64)
        self.staff_needed_end = np.zeros(n)
        self.admitted_travel_minutes = np.zeros(n)
        self.waits_days = [[] for _ in range(n)]
        self.bed_spells = []
        self.place_spells = []

    def store_stock_days(self, days: list[StockDays]) -> None:
        """Copy each year's time-weighted sums into the record's arrays."""
        self.occupied_bed_days[:, 0] = [d.occupied_nursing for d in days]
        self.occupied_bed_days[:, 1] = [d.occupied_ordinary for d in days]
        self.bed_days[:, 0] = [d.nursing_bed for d in days]
        self.bed_days[:, 1] = [d.ordinary_bed for d in days]
        self.caregiver_days[:] = [d.caregiver for d in days]
        self.centre_days[:] = [d.centre for d in days]
        self.waiting_person_days[:] = [d.waiting_person for d in days]


#: The record's arrays that add up over areas (every one of them).
ADDED_ARRAYS = (
    *FLOW_COUNTS, *STOCK_COUNTS, "caregiver_days", "waiting_person_days", "centre_days",
    "occupied_bed_days", "bed_days", "beds_end", "occupied_end", "residents_end",
    "staff_needed_end", "admitted_travel_minutes",
)  # fmt: skip


def merged_records(records: list[YearlyRecord]) -> YearlyRecord:
    """The district's record from its areas' records: counts, stock-days and year-end
    stocks added up, waits and spells pooled (area by area). One area's record is
    returned as it is."""
    if len(records) == 1:
        return records[0]
    merged = YearlyRecord(records[0].n_years)
    for name in ADDED_ARRAYS:
        setattr(merged, name, sum(getattr(record, name) for record in records))
    for year in range(merged.n_years):
        merged.waits_days[year] = [wait for record in records for wait in record.waits_days[year]]
    merged.bed_spells = [spell for record in records for spell in record.bed_spells]
    merged.place_spells = [spell for record in records for spell in record.place_spells]
    start = merged.start
    starts = [record.start for record in records]
    start.beds = tuple(sum(s.beds[k] for s in starts) for k in range(2))  # type: ignore[assignment]
    start.occupied = tuple(sum(s.occupied[k] for s in starts) for k in range(2))  # type: ignore[assignment]
    start.residents = tuple(
        tuple(sum(s.residents[k][state] for s in starts) for state in range(N_STATES))
        for k in range(2)
    )  # type: ignore[assignment]
    for name in ("staff_needed", "waiting", "caregivers", "certified", "centres", "places",
                 "community_users", "day_care_centres"):  # fmt: skip
        setattr(start, name, sum(getattr(s, name) for s in starts))
    return merged
