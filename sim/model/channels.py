"""The care most older people get at home and in their village: home care, community
centres, long-term-care insurance, the limits of family care, and the home-care and
community workforces.

These channels serve thousands of people with small, regular amounts of care (hours of
home care a month, a daily visit to a centre), so they are modelled at a monthly (home
care) and yearly (community centres) resolution rather than as an event per visit:
the allocation of a month's home-care hours among the month's clients is what
decides whether need is met, and an event per visit would multiply the events of a
replication many times over for no more information. They are computed after the
bed queue has run, from the same life courses and the care system's spells in beds
and day-care places, so each month knows exactly who is at home.

Who needs formal home care, each month, among disabled people living at home:

- people with no family carer (a share of the disabled that grows over time): they
  must have formal care, and when the hours fall short they count as unmet care need;
- people insured by long-term-care insurance with a home-care benefit: the benefit's
  hours, paid by the fund;
- others who buy formal care or have it bought for them (a share by health state).

Each person's draws (no carer, use, purchase, insurance take-up) are one uniform per
person, so the channels keep common random numbers across scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import rng
from sim.model.calendar import DAYS_PER_MONTH, DAYS_PER_YEAR, MONTHS_PER_YEAR
from sim.model.care.draws import insured, person_draw
from sim.model.care.record import YearlyRecord
from sim.model.care.staff import hires_this_month
from sim.model.population import LifeCourses, age_band_index
from sim.model.quantiles import binomial_quantile, poisson_quantile
from sim.model.spec import ModelSpec
from sim.model.states import Health

#: Age band index of 80-84: from here on an independent person is "80+".
BAND_80 = 4


@dataclass(frozen=True, eq=False)
class ChannelRecord:
    """The channels' results: each array has the base year first, then each simulated
    year. Stocks are at year end (home care: in December); flows are totals over the
    year (NaN in the base year)."""

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


def _spells(record: YearlyRecord, horizon_day: float) -> tuple[np.ndarray, ...]:
    """(person, first day, last day) of every stay in a bed or a day-care place; a stay
    still open at the horizon runs on (last day infinite), so that its holder is not
    counted at home on the horizon's own year end."""
    beds = np.array([(p, s, e) for _, s, e, p in record.bed_spells], dtype=float).reshape(-1, 3)
    places = np.array(record.place_spells, dtype=float).reshape(-1, 3)
    both = np.vstack([beds, places])
    return (
        both[:, 0].astype(np.int64), both[:, 1],
        np.where(both[:, 2] >= horizon_day, np.inf, both[:, 2]),
        np.r_[np.zeros(len(beds), bool), np.ones(len(places), bool)],
    )  # fmt: skip


class _Month:
    """Who is disabled and at home on one day, with their per-person draws."""

    def __init__(
        self,
        spec: ModelSpec,
        courses: LifeCourses,
        draws: dict[str, np.ndarray],
        spells: tuple[np.ndarray, ...],
    ) -> None:
        disabled = courses.episode_state != Health.INDEPENDENT
        self.person = courses.episode_person[disabled]
        self.state = courses.episode_state[disabled]
        self.start = courses.episode_start_day[disabled]
        self.end = courses.episode_end_day[disabled]
        self.spell_person, self.spell_start, self.spell_end, self.is_place = spells
        self.in_bed = np.zeros(courses.n_people, dtype=bool)
        self.in_place = np.zeros(courses.n_people, dtype=bool)
        self.draws = draws
        self.spec = spec

    def on(self, day: float) -> dict[str, np.ndarray]:
        """The disabled people alive on `day`: their state, where they are, their flags."""
        alive = (self.start <= day) & (self.end > day)
        person, state = self.person[alive], self.state[alive]
        current = (self.spell_start <= day) & (self.spell_end > day)
        beds = self.spell_person[current & ~self.is_place]
        places = self.spell_person[current & self.is_place]
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
        return {
            "state": state,
            "home": ~in_bed & ~in_place,
            "in_bed": in_bed,
            "no_carer": self.draws["no_carer"][person] < share_no_carer,
            "insured": insured(self.spec.ltc, state, day, self.draws["ltc_take_up"][person]),
            "uses": self.draws["home_care_use"][person] < use,
            "purchase_u": self.draws["home_care_purchase"][person],
        }


def simulate_channels(
    spec: ModelSpec, courses: LifeCourses, record: YearlyRecord, replication: int
) -> ChannelRecord:
    """Home care month by month, community centres year by year, over the horizon."""
    p = spec.parameters
    n_years = spec.n_years
    n_months = n_years * MONTHS_PER_YEAR
    capacity = spec.capacity
    ltc = spec.ltc
    draws = {
        name: person_draw(spec, replication, name, courses.n_people)
        for name in ("no_carer", "ltc_take_up", "home_care_use", "home_care_purchase")
    }
    month = _Month(spec, courses, draws, _spells(record, courses.horizon_day))
    need_hours = np.array(
        [0.0, p.home_care_hours_partial_per_month, p.home_care_hours_full_per_month]
    )
    benefit_hours = ltc.home_care_hours_per_month if ltc is not None else 0.0

    def nan_first(values: np.ndarray) -> np.ndarray:
        return np.r_[np.nan, values]

    yearly = {name: np.zeros(n_years) for name in (
        "needed", "delivered", "purchased", "insured", "private", "cash", "bed_subsidy",
        "hires", "certifications",
    )}  # fmt: skip
    stocks = {name: np.zeros(n_years + 1) for name in (
        "clients", "unmet", "beneficiaries", "workers", "certified",
    )}  # fmt: skip

    def allocate(day: float, workers: int) -> dict[str, float]:
        who = month.on(day)
        home, state = who["home"], who["state"]
        insured_home = home & who["insured"] & (benefit_hours > 0)
        client = home & (insured_home | who["no_carer"] | who["uses"])
        hours = np.where(insured_home, benefit_hours, need_hours[state]) * client
        year = min(int(day // DAYS_PER_YEAR), n_years - 1)
        share = (
            capacity.purchased_home_care_share[year]
            if len(capacity.purchased_home_care_share)
            else 0.0
        )
        purchased = client & ~insured_home & (who["purchase_u"] < share)
        needed = float(hours.sum())
        capacity_hours = workers * p.home_care_worker_hours_per_month
        met = min(1.0, capacity_hours / needed) if needed > 0 else 1.0
        beneficiaries = who["insured"]
        return {
            "needed": needed,
            "met": met,
            "clients": float(client.sum()),
            "insured_hours": float(hours[insured_home].sum()) * met,
            "purchased_hours": float(hours[purchased].sum()) * met,
            "unmet": float((home & who["no_carer"]).sum()) * (1 - met),
            "beneficiaries": float(beneficiaries.sum()),
            "cash_people": float((beneficiaries & home).sum()),
            "insured_in_beds": float((beneficiaries & who["in_bed"]).sum()),
        }

    certified = spec.initial.certified_home_care_workers
    uncertified = spec.initial.home_care_workers - certified
    start = allocate(0.0, certified + uncertified)
    stocks["clients"][0], stocks["unmet"][0] = start["clients"], start["unmet"]
    stocks["beneficiaries"][0] = start["beneficiaries"]
    stocks["workers"][0], stocks["certified"][0] = certified + uncertified, certified

    uniforms = rng.stream(spec.seed, replication, "home_care_workforce").random((n_months, 4))
    leave = 1 - (1 - capacity.attrition_per_year) ** (1 / MONTHS_PER_YEAR)
    year_of_month = np.arange(n_months) // MONTHS_PER_YEAR
    ceilings = _per_month(capacity.home_care_hires_per_year, year_of_month)
    certifying = poisson_quantile(
        uniforms[:, 3], _per_month(capacity.home_care_certifications_per_year, year_of_month)
    )
    for m in range(n_months):
        day = (m + 0.5) * DAYS_PER_MONTH
        year = m // MONTHS_PER_YEAR
        workers = certified + uncertified
        result = allocate(day, workers)
        yearly["needed"][year] += result["needed"]
        yearly["delivered"][year] += result["needed"] * result["met"]
        yearly["insured"][year] += result["insured_hours"]
        yearly["purchased"][year] += result["purchased_hours"]
        if ltc is not None:
            yearly["cash"][year] += result["cash_people"] * ltc.cash_per_month_yuan
            yearly["bed_subsidy"][year] += (
                result["insured_in_beds"] * ltc.bed_subsidy_per_day_yuan * DAYS_PER_MONTH
            )
        # Turnover after the month's care: leavers, hires toward the hours needed, training.
        u = uniforms[m]
        left_certified = int(binomial_quantile(u[0], certified, leave)) if certified else 0
        left_uncertified = int(binomial_quantile(u[1], uncertified, leave)) if uncertified else 0
        target = result["needed"] / p.home_care_worker_hours_per_month * p.staffing_target_margin
        hired = hires_this_month(
            target=target, workers=workers, expected_leavers=leave * workers,
            lag_months=p.hiring_lag_months, ceiling=ceilings[m], uniform=u[2],
        )  # fmt: skip
        uncertified = uncertified - left_uncertified + hired
        trained = min(uncertified, max(0, int(certifying[m])))
        certified = certified - left_certified + trained
        uncertified -= trained
        yearly["hires"][year] += hired
        yearly["certifications"][year] += trained
        if m % MONTHS_PER_YEAR == MONTHS_PER_YEAR - 1:
            stocks["clients"][year + 1] = result["clients"]
            stocks["unmet"][year + 1] = result["unmet"]
            stocks["beneficiaries"][year + 1] = result["beneficiaries"]
            stocks["workers"][year + 1] = certified + uncertified
            stocks["certified"][year + 1] = certified
    yearly["private"] = yearly["delivered"] - yearly["purchased"] - yearly["insured"]

    community = _community(spec, courses, record, month)
    return ChannelRecord(
        home_care_clients=stocks["clients"],
        home_care_hours_needed=nan_first(yearly["needed"]),
        home_care_hours_delivered=nan_first(yearly["delivered"]),
        purchased_hours=nan_first(yearly["purchased"]),
        insured_hours=nan_first(yearly["insured"]),
        private_hours=nan_first(yearly["private"]),
        unmet_care_need=stocks["unmet"],
        ltc_beneficiaries=stocks["beneficiaries"],
        ltc_cash_yuan=nan_first(yearly["cash"]),
        ltc_bed_subsidy_yuan=nan_first(yearly["bed_subsidy"]),
        home_care_workers=stocks["workers"],
        certified_home_care_workers=stocks["certified"],
        home_care_hires=nan_first(yearly["hires"]),
        home_care_certifications=nan_first(yearly["certifications"]),
        **community,
    )


def _per_month(per_year: np.ndarray, year_of_month: np.ndarray) -> np.ndarray:
    if len(per_year) == 0:
        return np.zeros(len(year_of_month))
    return np.asarray(per_year)[year_of_month] / MONTHS_PER_YEAR


def _community(
    spec: ModelSpec, courses: LifeCourses, record: YearlyRecord, month: _Month
) -> dict[str, np.ndarray]:
    """Centres year by year: which villages and communities have one, who uses them, and
    the centres' workers and their training."""
    p = spec.parameters
    initial = spec.initial
    township = initial.centres - initial.village_centres
    centres = np.r_[initial.centres, record.centres_end].astype(float)
    village = np.maximum(centres - township, 0.0)
    units = max(spec.villages_and_communities, 1)
    coverage = np.minimum(village, units) / units
    places_used = np.r_[record.start.community_users, record.community_users_end].astype(float)
    users = np.zeros(len(centres))
    for index, year in enumerate(spec.years):
        day = spec.calendar.year_end_day(year)
        alive = (courses.episode_start_day <= day) & (courses.episode_end_day > day)
        person = courses.episode_person[alive]
        state = courses.episode_state[alive]
        band = age_band_index(courses.age_at_start_years[person] + day / DAYS_PER_YEAR)
        independent = state == Health.INDEPENDENT
        disabled = month.on(day)
        partial_home = int((disabled["home"] & (disabled["state"] == Health.PARTIAL)).sum())
        demand = coverage[index] * (
            (independent & (band < BAND_80)).sum() * p.community_use_rate_independent_under_80
            + (independent & (band >= BAND_80)).sum() * p.community_use_rate_independent_80plus
            + partial_home * p.community_use_rate_partial
        )
        room = village[index] * p.centre_regular_users + township * p.township_centre_regular_users
        users[index] = min(demand, room) + places_used[index]
    workers = np.round(centres * p.community_workers_per_centre)
    certified = np.zeros(len(centres))
    # The base year reports the pack's workers, so its certified ones are the pack's too.
    certified[0] = min(initial.certified_community_workers, initial.community_workers)
    trained = np.zeros(len(centres))
    training = spec.capacity.community_certifications_per_year
    for index in range(1, len(centres)):
        planned = training[index - 1] if len(training) else 0.0
        kept = certified[index - 1] * (1 - spec.capacity.attrition_per_year)
        trained[index] = max(0.0, min(planned, workers[index] - kept))
        certified[index] = min(workers[index], kept + trained[index])
    workers[0] = initial.community_workers
    trained[0] = np.nan
    return {
        "community_workers": workers,
        "certified_community_workers": certified,
        "community_certifications": trained,
        "community_users": users,
        "villages_with_centre": 100.0 * coverage,
    }
