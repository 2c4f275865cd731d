"""Home care, month by month: the hours the month's clients need, the hours the home-care
workers can give, and the workers' turnover.

Home care serves thousands of people with small, regular amounts of care (hours a
month), so it is modelled at a monthly resolution rather than as an event per visit:
the allocation of a month's hours among the month's clients is what decides whether
need is met, and an event per visit would multiply the events of a replication many
times over for no more information. In the middle of each month the hours needed by
the month's clients (`sim.model.channels.census` says who they are) are met in the
proportion the workers' hours allow; then workers leave, are hired toward the hours
needed and are trained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sim.model import rng
from sim.model.calendar import DAYS_PER_YEAR, MONTHS_PER_YEAR
from sim.model.care.staff import hires_by_pool, leavers
from sim.model.channels.census import DisabledOnDay
from sim.model.channels.channel import CostLines, IndicatorRows, nan_first, percent
from sim.model.quantiles import poisson_quantile
from sim.model.spec import ModelSpec


@dataclass(frozen=True)
class MonthOfCare:
    """One month's allocation of home-care hours (hours are per month)."""

    hours_needed: float
    #: share of the hours needed that the workers give, from 0 to 1
    met: float
    clients: float
    insured_hours: float
    purchased_hours: float
    #: people with no family carer, counted by the share of their care that is missing
    unmet: float


def per_month(per_year: np.ndarray, year_of_month: np.ndarray) -> np.ndarray:
    """A yearly schedule spread over the months (zeros when the schedule is empty)."""
    if len(per_year) == 0:
        return np.zeros(len(year_of_month))
    result: np.ndarray = np.asarray(per_year)[year_of_month] / MONTHS_PER_YEAR
    return result


def allocate_hours(spec: ModelSpec, people: DisabledOnDay, day: float, workers: int) -> MonthOfCare:
    """The home care of the month whose middle is `day`, given by `workers` workers: every
    client's hours are met in the same proportion, as far as the workers' hours go."""
    p = spec.parameters
    need_hours = np.array(
        [0.0, p.home_care_hours_partial_per_month, p.home_care_hours_full_per_month]
    )
    benefit_hours = spec.ltc.home_care_hours_per_month if spec.ltc is not None else 0.0
    home, state = people.home, people.state
    insured_home = home & people.insured & (benefit_hours > 0)
    client = home & (insured_home | people.no_carer | people.uses)
    hours = np.where(insured_home, benefit_hours, need_hours[state]) * client
    year = min(int(day // DAYS_PER_YEAR), spec.n_years - 1)
    shares = spec.capacity.purchased_home_care_share
    share = shares[year] if len(shares) else 0.0
    purchased = client & ~insured_home & (people.purchase_u < share)
    needed = float(hours.sum())
    capacity_hours = workers * p.home_care_worker_hours_per_month
    met = min(1.0, capacity_hours / needed) if needed > 0 else 1.0
    return MonthOfCare(
        hours_needed=needed,
        met=met,
        clients=float(client.sum()),
        insured_hours=float(hours[insured_home].sum()) * met,
        purchased_hours=float(hours[purchased].sum()) * met,
        unmet=float((home & people.no_carer).sum()) * (1 - met),
    )


class TownshipHours:
    """Every township's home-care rates, to allocate a month's hours of all townships at
    once from the district's people (one census a month instead of one per township)."""

    def __init__(self, specs: Sequence[ModelSpec]) -> None:
        self.n_areas = len(specs)
        #: hours a month needed by state (independent, partial, full), by township
        self.need_hours = np.array([
            [0.0, s.parameters.home_care_hours_partial_per_month,
             s.parameters.home_care_hours_full_per_month] for s in specs
        ])  # fmt: skip
        ltc = specs[0].ltc  # the insurance is the district's
        self.benefit_hours = ltc.home_care_hours_per_month if ltc is not None else 0.0
        self.worker_hours = np.array([s.parameters.home_care_worker_hours_per_month for s in specs])
        n_years = specs[0].n_years
        #: share of clients whose care the government buys, by township and year
        self.purchased_share = np.array([
            s.capacity.purchased_home_care_share if len(s.capacity.purchased_home_care_share)
            else np.zeros(n_years) for s in specs
        ])  # fmt: skip

    def allocate(self, people: DisabledOnDay, day: float, workers: np.ndarray) -> list[MonthOfCare]:
        """`allocate_hours` for every township: `people` are the district's, with their
        home township; `workers` are each township's."""
        area = people.area
        assert area is not None
        home = people.home
        insured_home = home & people.insured & (self.benefit_hours > 0)
        client = home & (insured_home | people.no_carer | people.uses)
        hours = np.where(insured_home, self.benefit_hours, self.need_hours[area, people.state])
        hours = hours * client
        year = min(int(day // DAYS_PER_YEAR), self.purchased_share.shape[1] - 1)
        purchased = client & ~insured_home & (people.purchase_u < self.purchased_share[area, year])

        def total(weights: np.ndarray) -> np.ndarray:
            return np.bincount(area, weights=weights, minlength=self.n_areas)

        needed = total(hours)
        capacity_hours = workers * self.worker_hours
        with np.errstate(divide="ignore", invalid="ignore"):
            met = np.where(needed > 0, np.minimum(1.0, capacity_hours / needed), 1.0)
        clients = total(client.astype(float))
        insured_hours = total(hours * insured_home) * met
        purchased_hours = total(hours * purchased) * met
        unmet = total((home & people.no_carer).astype(float)) * (1 - met)
        return [
            MonthOfCare(
                hours_needed=float(needed[a]),
                met=float(met[a]),
                clients=float(clients[a]),
                insured_hours=float(insured_hours[a]),
                purchased_hours=float(purchased_hours[a]),
                unmet=float(unmet[a]),
            )
            for a in range(self.n_areas)
        ]


class HomeCare:
    """Home care and its workforce: stocks at year end (in December), flows per year."""

    name = "home_care"

    def __init__(self, spec: ModelSpec, replication: int) -> None:
        self.spec = spec
        n_years = spec.n_years
        n_months = n_years * MONTHS_PER_YEAR
        capacity = spec.capacity
        self.certified = spec.initial.certified_home_care_workers
        self.uncertified = spec.initial.home_care_workers - self.certified
        #: the care of the month being closed (its stocks are stored in December)
        self._month_end: MonthOfCare | None = None
        #: totals per simulated year
        self.yearly = {name: np.zeros(n_years) for name in (
            "needed", "delivered", "purchased", "insured", "hires", "certifications",
        )}  # fmt: skip
        #: stocks per reported year (base year first)
        self.stocks = {
            name: np.zeros(n_years + 1) for name in ("clients", "unmet", "workers", "certified")
        }
        # A township's providers turn over on their own stream.
        stream = "home_care_workforce" + (f"@{spec.area_code}" if spec.area_code else "")
        self.uniforms = rng.stream(spec.seed, replication, stream).random((n_months, 4))
        self.leave = 1 - (1 - capacity.attrition_per_year) ** (1 / MONTHS_PER_YEAR)
        year_of_month = np.arange(n_months) // MONTHS_PER_YEAR
        self.ceilings = per_month(capacity.home_care_hires_per_year, year_of_month)
        self.certifying = poisson_quantile(
            self.uniforms[:, 3],
            per_month(capacity.home_care_certifications_per_year, year_of_month),
        )

    @property
    def workers(self) -> int:
        """Home-care workers now, certified or not."""
        return self.certified + self.uncertified

    def start(self, people: DisabledOnDay) -> None:
        """The starting state (day 0): clients and unmet need with the pack's workers."""
        care = allocate_hours(self.spec, people, 0.0, self.workers)
        self._store_stocks(0, care)

    def month(self, month: int, day: float, people: DisabledOnDay) -> None:
        """Month `month`, its middle `day`: the month's care, then the workers' turnover."""
        hours_needed = self.care(month, day, people)
        turn_over([self], month, [hours_needed])

    def care(self, month: int, day: float, people: DisabledOnDay) -> float:
        """Month `month`'s care (its middle is `day`), with the workers on hand; returns
        the hours needed. The workers' turnover comes after (`turn_over`)."""
        care = allocate_hours(self.spec, people, day, self.workers)
        self.record_care(month, care)
        return care.hours_needed

    def record_care(self, month: int, care: MonthOfCare) -> None:
        """Add month `month`'s allocated care to the year's totals."""
        year = month // MONTHS_PER_YEAR
        yearly = self.yearly
        yearly["needed"][year] += care.hours_needed
        yearly["delivered"][year] += care.hours_needed * care.met
        yearly["insured"][year] += care.insured_hours
        yearly["purchased"][year] += care.purchased_hours
        self._month_end = care

    def after_turnover(self, month: int, hired: int, trained: int, left: tuple[int, int]) -> None:
        """Apply month `month`'s turnover: `left` (certified, uncertified) leave, `hired`
        join, `trained` of the uncertified are certified; in December, the year's stocks."""
        year = month // MONTHS_PER_YEAR
        uncertified = self.uncertified - left[1] + hired
        trained = min(uncertified, max(0, trained))
        self.certified = self.certified - left[0] + trained
        self.uncertified = uncertified - trained
        self.yearly["hires"][year] += hired
        self.yearly["certifications"][year] += trained
        if month % MONTHS_PER_YEAR == MONTHS_PER_YEAR - 1:
            assert self._month_end is not None
            self._store_stocks(year + 1, self._month_end)

    def _store_stocks(self, index: int, care: MonthOfCare) -> None:
        self.stocks["clients"][index] = care.clients
        self.stocks["unmet"][index] = care.unmet
        self.stocks["workers"][index] = self.workers
        self.stocks["certified"][index] = self.certified

    # ---- results, per reported year --------------------------------------------------

    def flows(self) -> dict[str, np.ndarray]:
        """Yearly totals per reported year (NaN in the base year): hours needed, delivered,
        purchased by the government, paid by the insurance and paid privately; hires and
        certifications."""
        yearly = self.yearly
        private = yearly["delivered"] - yearly["purchased"] - yearly["insured"]
        return {name: nan_first(values) for name, values in (*yearly.items(), ("private", private))}

    def indicator_rows(self) -> IndicatorRows:
        """Workers, clients, hours and unmet need."""
        flows = self.flows()
        hours_per_worker_year = self.spec.parameters.home_care_worker_hours_per_month * 12
        return {
            "caregivers_home": self.stocks["workers"].astype(float),
            "caregivers_home_needed": flows["needed"] / hours_per_worker_year,
            "home_care_clients": self.stocks["clients"],
            "home_care_hours_needed": flows["needed"],
            "home_care_hours_delivered": flows["delivered"],
            "home_care_need_met": percent(flows["delivered"], flows["needed"]),
            "unmet_care_need": self.stocks["unmet"],
        }

    def cost_lines(self) -> CostLines:
        """Certifications, hires and hours (delivered, bought by the government, paid by
        the insurance fund)."""
        flows = self.flows()
        return {
            "certifications": flows["certifications"][1:],
            "hires": flows["hires"][1:],
            "home_care_hours_delivered": flows["delivered"][1:],
            "purchased_home_care_hours": flows["purchased"][1:],
            "insured_home_care_hours": flows["insured"][1:],
        }

    def certified_workers(self) -> np.ndarray:
        """Certified home-care workers at each year end."""
        return self.stocks["certified"]


def turn_over(providers: list[HomeCare], month: int, hours_needed: list[float]) -> None:
    """Month `month`'s turnover of several providers' workers at once (one per township;
    the counts are each provider's own draws, inverted together): leavers, hires toward
    the hours each needs, training."""
    workers = np.array([[p.certified, p.uncertified] for p in providers], dtype=np.int64)
    uniforms = np.array([p.uniforms[month] for p in providers])
    leave = providers[0].leave
    # [provider, certified or not]: both pools' leavers in one inversion.
    left = leavers(uniforms[:, :2].ravel(), workers.ravel(), leave).reshape(workers.shape)
    p = providers[0].spec.parameters
    hours_per_worker = np.array(
        [q.spec.parameters.home_care_worker_hours_per_month for q in providers]
    )
    on_hand = workers.sum(axis=1)
    hired = hires_by_pool(
        targets=np.array(hours_needed) / hours_per_worker * p.staffing_target_margin,
        workers=on_hand, expected_leavers=leave * on_hand, lag_months=p.hiring_lag_months,
        ceilings=np.array([q.ceilings[month] for q in providers]), uniforms=uniforms[:, 2],
    )  # fmt: skip
    for index, provider in enumerate(providers):
        provider.after_turnover(
            month, int(hired[index]), int(provider.certifying[month]),
            (int(left[index, 0]), int(left[index, 1])),
        )  # fmt: skip
