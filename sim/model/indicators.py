"""Indicators: one definition each (id, unit, which way is better, stock or flow).

`indicator_table` turns one replication's life courses, care record and costs
into {indicator id: value per reported year}. Stocks are read at year end (the
base year is the starting state); flows are totals over a simulated year and
are not defined for the base year (NaN). Shares are in percent, as the plan
writes them. Names in Chinese and English live with the other labels in
`sim.present.labels`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.aggregation import (
    NOT_AGGREGABLE,
    SUM,
    Aggregation,
    ratio,
    weighted_mean,
)
from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.record import YearlyRecord
from sim.model.channels import ChannelRecord
from sim.model.costs import YearlyCosts
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec
from sim.model.states import BedKind

NURSING, ORDINARY = BedKind.NURSING, BedKind.ORDINARY
PERCENT = "%"


@dataclass(frozen=True)
class Indicator:
    """An indicator's id, unit and which way is better."""

    id: str
    #: persons, %, beds, centres, places, consortia, days or yuan
    unit: str
    #: True: a target is met at or above it; False: at or below; None: no direction
    higher_is_better: bool | None
    #: "stock" (year end) or "flow" (during the year)
    kind: str
    #: how it adds up over areas (`sim.model.aggregation`)
    aggregation: Aggregation


_DEFINITIONS = [
    Indicator("population_total", "persons", None, "stock", SUM),
    Indicator("population_60plus", "persons", None, "stock", SUM),
    Indicator(
        "share_60plus", PERCENT, None, "stock", ratio("population_60plus", "population_total")
    ),
    Indicator("disabled_partial", "persons", None, "stock", SUM),
    Indicator("disabled_full", "persons", None, "stock", SUM),
    Indicator("beds_total", "beds", True, "stock", SUM),
    Indicator("beds_nursing", "beds", True, "stock", SUM),
    Indicator("nursing_bed_share", PERCENT, True, "stock", ratio("beds_nursing", "beds_total")),
    Indicator(
        "beds_per_1000_older",
        "beds",
        True,
        "stock",
        ratio("beds_total", "population_60plus", factor=1000.0),
    ),
    Indicator("caregivers", "persons", True, "stock", SUM),
    Indicator("caregivers_needed", "persons", None, "stock", SUM),
    Indicator("caregivers_home", "persons", True, "stock", SUM),
    Indicator("caregivers_home_needed", "persons", None, "flow", SUM),
    Indicator("caregivers_community", "persons", True, "stock", SUM),
    Indicator("certified_caregivers", "persons", True, "stock", SUM),
    Indicator(
        "certified_caregivers_per_10k",
        "persons",
        True,
        "stock",
        ratio("certified_caregivers", "population_60plus", factor=10_000.0),
    ),
    Indicator("community_centres", "centres", True, "stock", SUM),
    Indicator("community_places", "places", True, "stock", SUM),
    Indicator("consortia", "consortia", True, "stock", SUM),
    Indicator("residents", "persons", None, "stock", SUM),
    Indicator("residents_nursing", "persons", None, "stock", SUM),
    Indicator("nursing_bed_demand", "persons", None, "flow", SUM),
    Indicator("beds_staffable", "beds", True, "stock", SUM),
    Indicator("occupancy_rate", PERCENT, None, "flow", weighted_mean("beds_total")),
    Indicator("occupancy_rate_nursing", PERCENT, None, "flow", weighted_mean("beds_nursing")),
    Indicator(
        "occupancy_rate_ordinary",
        PERCENT,
        None,
        "flow",
        weighted_mean(("beds_total", 1.0), ("beds_nursing", -1.0)),
    ),
    Indicator("waiting_list", "persons", False, "stock", SUM),
    Indicator("mean_waiting_list", "persons", False, "flow", SUM),
    Indicator("bed_seekers", "persons", None, "flow", SUM),
    Indicator("admissions", "persons", None, "flow", SUM),
    Indicator("gave_up", "persons", False, "flow", SUM),
    Indicator("died_waiting", "persons", False, "flow", SUM),
    Indicator("mean_wait_days", "days", False, "flow", weighted_mean("admissions")),
    Indicator("share_waited", PERCENT, False, "flow", weighted_mean("admissions")),
    Indicator("p90_wait_days", "days", False, "flow", NOT_AGGREGABLE),
    Indicator(
        "unmet_bed_demand",
        PERCENT,
        False,
        "flow",
        ratio("gave_up", "admissions", "gave_up", "died_waiting"),
    ),
    Indicator(
        "community_coverage",
        PERCENT,
        True,
        "flow",
        ratio("community_granted", "community_requests"),
    ),
    Indicator("home_care_clients", "persons", None, "stock", SUM),
    Indicator("home_care_hours_needed", "hours", None, "flow", SUM),
    Indicator("home_care_hours_delivered", "hours", True, "flow", SUM),
    Indicator(
        "home_care_need_met",
        PERCENT,
        True,
        "flow",
        ratio("home_care_hours_delivered", "home_care_hours_needed"),
    ),
    Indicator("community_users", "persons", True, "stock", SUM),
    Indicator("villages_with_centre", PERCENT, True, "stock", NOT_AGGREGABLE),
    Indicator("ltc_beneficiaries", "persons", None, "stock", SUM),
    Indicator("unmet_care_need", "persons", False, "stock", SUM),
    Indicator("cost_capital", "yuan", None, "flow", SUM),
    Indicator("cost_running", "yuan", None, "flow", SUM),
    Indicator("cost_total", "yuan", None, "flow", SUM),
    Indicator("cost_public", "yuan", None, "flow", SUM),
    Indicator("cost_ltc_fund", "yuan", None, "flow", SUM),
    Indicator("community_granted", "persons", None, "flow", SUM),
    Indicator("community_requests", "persons", None, "flow", SUM),
]

#: Every indicator by id, in reporting order.
INDICATORS: dict[str, Indicator] = {indicator.id: indicator for indicator in _DEFINITIONS}
#: How each indicator adds up over areas, by id (`sim.model.aggregation.aggregate`).
AGGREGATION: dict[str, Aggregation] = {i.id: i.aggregation for i in _DEFINITIONS}


def meets_target(indicator_id: str, values: Any, target: float) -> Any:
    """Whether `values` (a number, an array or a Series) meet `target`: at or above it, or
    at or below it for an indicator where lower is better; elementwise, NaN never meets."""
    if INDICATORS[indicator_id].higher_is_better is False:
        return values <= target
    return values >= target


def _percent(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, 100.0 * numerator / denominator, np.nan)


def _with_start(value_at_start: float, per_year: np.ndarray) -> np.ndarray:
    return np.concatenate([[value_at_start], np.asarray(per_year, dtype=float)])


def _flow(per_year: np.ndarray) -> np.ndarray:
    return _with_start(np.nan, per_year)


def _beds_staffable(spec: ModelSpec, caregivers: np.ndarray, residents: np.ndarray) -> np.ndarray:
    """Nursing-type beds the care workers could run: the residents of nursing-type beds
    they could look after, with those beds' current mix of health states (with none:
    all fully disabled), once the ordinary beds' residents are looked after.
    `residents` is [year, bed kind, health state]."""
    p = spec.parameters
    workers_per_resident = np.array(
        [
            1 / p.residents_per_caregiver_independent,
            1 / p.residents_per_caregiver_partial,
            1 / p.residents_per_caregiver_full,
        ]
    )
    nursing = residents[:, NURSING, :]
    ordinary_need = residents[:, ORDINARY, :] @ workers_per_resident
    count = nursing.sum(axis=1)
    per_resident = np.where(
        count > 0, (nursing @ workers_per_resident) / np.maximum(count, 1), workers_per_resident[2]
    )
    return np.floor(np.maximum(caregivers - ordinary_need, 0) / per_resident + 1e-9)


def indicator_table(
    spec: ModelSpec,
    courses: LifeCourses,
    record: YearlyRecord,
    channels: ChannelRecord,
    costs: YearlyCosts,
) -> dict[str, np.ndarray]:
    """Every indicator for the spec's reported years (arrays of that length).

    `certified_caregivers` counts the certified care workers of every setting (nursing
    homes, home care, community centres), or of nursing homes only when the spec's
    `certified_scope` says so.
    """
    calendar = spec.calendar
    counts = np.array([courses.state_counts_at(calendar.year_end_day(y)) for y in spec.years])
    population = counts.sum(axis=1).astype(float)
    registered = spec.population.registered_total_by_year
    start = record.start
    beds = np.vstack([np.array(start.beds), record.beds_end]).astype(float)
    occupied = np.vstack([np.array(start.occupied), record.occupied_end]).astype(float)
    beds_total = beds.sum(axis=1)
    certified = _with_start(start.certified, record.certified_end)
    if spec.certified_scope == "all":
        certified = (
            certified + channels.certified_home_care_workers + channels.certified_community_workers
        )
    consortia = spec.capacity.consortia_by_year.astype(float)

    occupied_days, bed_days = record.occupied_bed_days, record.bed_days
    occupancy_at_start = _percent(occupied[0], beds[0])
    waits = record.waits_days
    mean_wait = np.array([np.mean(w) if w else np.nan for w in waits])
    p90_wait = np.array([np.percentile(w, 90) if w else np.nan for w in waits])
    waited = np.array([100.0 * np.mean(np.array(w) > 0) if w else np.nan for w in waits])
    capital, running = costs.capital_yuan, costs.running_yuan
    caregivers = _with_start(start.caregivers, record.caregivers_end)
    # [year, bed kind, health state]
    residents_by_kind = np.concatenate(
        [np.array(start.residents)[None], np.asarray(record.residents_end)]
    ).astype(float)
    gave_up = _flow(record.gave_up)
    waiting = _with_start(start.waiting, record.waiting_end)
    hours_per_worker_year = spec.parameters.home_care_worker_hours_per_month * 12

    table = {
        "population_total": registered,
        "population_60plus": population,
        "share_60plus": _percent(population, registered),
        "disabled_partial": counts[:, 1].astype(float),
        "disabled_full": counts[:, 2].astype(float),
        "beds_total": beds_total,
        "beds_nursing": beds[:, NURSING],
        "nursing_bed_share": _percent(beds[:, NURSING], beds_total),
        "beds_per_1000_older": _percent(beds_total, population) * 10,
        "caregivers": caregivers,
        "caregivers_needed": _with_start(start.staff_needed, record.staff_needed_end),
        "caregivers_home": channels.home_care_workers.astype(float),
        "caregivers_home_needed": channels.home_care_hours_needed / hours_per_worker_year,
        "caregivers_community": channels.community_workers.astype(float),
        "certified_caregivers": certified,
        "certified_caregivers_per_10k": _percent(certified, population) * 100,
        "community_centres": _with_start(start.centres, record.centres_end),
        "community_places": _with_start(start.places, record.places_end),
        "consortia": consortia,
        "residents": occupied.sum(axis=1),
        "residents_nursing": occupied[:, NURSING],
        # Everyone who sought a bed is disabled: those in nursing-type beds, those
        # waiting at year end and those who gave up during the year.
        "nursing_bed_demand": occupied[:, NURSING] + waiting + gave_up,
        "beds_staffable": _beds_staffable(spec, caregivers, residents_by_kind),
        "occupancy_rate": _with_start(
            float(_percent(occupied[0].sum(), beds[0].sum())),
            _percent(occupied_days.sum(axis=1), bed_days.sum(axis=1)),
        ),
        "occupancy_rate_nursing": _with_start(
            float(occupancy_at_start[NURSING]),
            _percent(occupied_days[:, NURSING], bed_days[:, NURSING]),
        ),
        "occupancy_rate_ordinary": _with_start(
            float(occupancy_at_start[ORDINARY]),
            _percent(occupied_days[:, ORDINARY], bed_days[:, ORDINARY]),
        ),
        "waiting_list": waiting,
        "mean_waiting_list": _flow(record.waiting_person_days / DAYS_PER_YEAR),
        "bed_seekers": _flow(record.bed_seekers),
        "admissions": _flow(record.admissions),
        "gave_up": gave_up,
        "died_waiting": _flow(record.died_waiting),
        "mean_wait_days": _flow(mean_wait),
        "share_waited": _flow(waited),
        "p90_wait_days": _flow(p90_wait),
        # Of the people whose search for a bed ended in the year (admitted, gave up or
        # died waiting), the share who gave up: a true share, unlike gave_up / seekers.
        "unmet_bed_demand": _flow(
            _percent(record.gave_up, record.admissions + record.gave_up + record.died_waiting)
        ),
        "community_coverage": _flow(_percent(record.community_granted, record.community_requests)),
        "home_care_clients": channels.home_care_clients,
        "home_care_hours_needed": channels.home_care_hours_needed,
        "home_care_hours_delivered": channels.home_care_hours_delivered,
        "home_care_need_met": _percent(
            channels.home_care_hours_delivered, channels.home_care_hours_needed
        ),
        "community_users": channels.community_users,
        "villages_with_centre": channels.villages_with_centre,
        "ltc_beneficiaries": channels.ltc_beneficiaries,
        "unmet_care_need": channels.unmet_care_need,
        "cost_capital": _flow(capital),
        "cost_running": _flow(running),
        "cost_total": _flow(capital + running),
        "cost_public": _flow(costs.public_yuan),
        "cost_ltc_fund": _flow(costs.ltc_fund_yuan),
        "community_granted": _flow(record.community_granted),
        "community_requests": _flow(record.community_requests),
    }
    assert list(table) == list(INDICATORS), "every indicator has exactly one definition"
    return table
