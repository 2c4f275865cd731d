"""Indicators: one definition each (id, unit, which way is better, stock or flow).

`indicator_table` turns one replication's life courses, care record and costs
into {indicator id: value per reported year}. Stocks are read at year end (the
base year is the starting state); flows are totals over a simulated year and
are not defined for the base year (NaN). Shares are in percent, as the plan
writes them. Names in Chinese and English live with the other labels in
`sim.present.labels`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from sim.model.care.record import YearlyRecord
from sim.model.channels import CareChannel, ChannelRecord, care_channels
from sim.model.channels.channel import flow, percent
from sim.model.channels.nursing_homes import NursingHomes
from sim.model.costs import YearlyCosts
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec

PERCENT = "%"


@dataclass(frozen=True)
class Indicator:
    """An indicator's id, unit and which way is better."""

    id: str
    #: persons, %, beds, centres, places, consortia, days, visits or yuan
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
    # Civil-affairs statistics (每千名老年人养老床位): every elderly-care bed, the
    # institutions' and the community's (day-care places and family care beds).
    Indicator("elderly_care_beds", "beds", True, "stock", SUM),
    Indicator(
        "beds_per_1000_older",
        "beds",
        True,
        "stock",
        ratio("elderly_care_beds", "population_60plus", factor=1000.0),
    ),
    Indicator(
        "institution_beds_per_1000_older",
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
    # Family care beds (家庭养老床位), sim.model.channels.family_beds.
    Indicator("family_care_beds", "beds", True, "stock", SUM),
    Indicator("family_care_bed_users", "persons", True, "stock", SUM),
    Indicator("family_care_bed_visits", "visits", None, "flow", SUM),
    Indicator("unmet_care_need", "persons", False, "stock", SUM),
    Indicator("cost_capital", "yuan", None, "flow", SUM),
    Indicator("cost_running", "yuan", None, "flow", SUM),
    Indicator("cost_total", "yuan", None, "flow", SUM),
    Indicator("cost_public", "yuan", None, "flow", SUM),
    Indicator("cost_ltc_fund", "yuan", None, "flow", SUM),
    Indicator("community_granted", "persons", None, "flow", SUM),
    Indicator("community_requests", "persons", None, "flow", SUM),
    # Places: defined for a district with townships (sim.model.places), NaN otherwise.
    Indicator("townships", "townships", None, "stock", SUM),
    Indicator("townships_with_day_care_centre", "townships", True, "stock", SUM),
    Indicator(
        "township_centre_coverage",
        PERCENT,
        True,
        "stock",
        ratio("townships_with_day_care_centre", "townships"),
    ),
    Indicator("within_15_min_centre", PERCENT, True, "stock", weighted_mean("population_60plus")),
    Indicator("travel_minutes_admitted", "minutes", False, "flow", weighted_mean("admissions")),
    Indicator("urban_rural_gap_beds", "beds", False, "stock", NOT_AGGREGABLE),
    Indicator("urban_rural_gap_home_care", PERCENT, False, "flow", NOT_AGGREGABLE),
    # The district's allowances (part of cost_public) and its public cost with the city's
    # long-term-care insurance fund (cost_public + cost_ltc_fund).
    Indicator("cost_allowances", "yuan", None, "flow", SUM),
    Indicator("cost_public_with_fund", "yuan", None, "flow", SUM),
]

#: Indicators of places, which a district that is one pool leaves undefined.
PLACE_INDICATORS = (
    "townships", "townships_with_day_care_centre", "township_centre_coverage",
    "within_15_min_centre", "travel_minutes_admitted", "urban_rural_gap_beds",
    "urban_rural_gap_home_care",
)  # fmt: skip

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


def channel_rows(channels: Sequence[CareChannel]) -> dict[str, np.ndarray]:
    """Every channel's indicator rows; an indicator belongs to one channel only."""
    rows: dict[str, np.ndarray] = {}
    for channel in channels:
        own = channel.indicator_rows()
        shared = sorted(set(rows) & set(own))
        assert not shared, f"{channel.name} gives indicators another channel gives: {shared}"
        rows.update(own)
    return rows


def certified_workers(spec: ModelSpec, channels: Sequence[CareChannel]) -> np.ndarray:
    """Certified care workers at each year end: of every setting (channels added in their
    order), or of nursing homes only when the spec's `certified_scope` says so."""
    counted = [
        workers
        for channel in channels
        if spec.certified_scope == "all" or channel.name == NursingHomes.name
        if (workers := channel.certified_workers()) is not None
    ]
    total = counted[0]
    for workers in counted[1:]:
        total = total + workers
    return total


def elderly_care_beds(rows: dict[str, np.ndarray]) -> np.ndarray:
    """Elderly-care beds as civil-affairs statistics count them (养老床位): the
    institutions' beds and the community's, that is the centres' day-care places and the
    family care beds."""
    total: np.ndarray = rows["beds_total"] + rows["community_places"] + rows["family_care_beds"]
    return total


def indicator_table(
    spec: ModelSpec,
    courses: LifeCourses,
    record: YearlyRecord,
    channels: ChannelRecord,
    costs: YearlyCosts,
) -> dict[str, np.ndarray]:
    """Every indicator for the spec's reported years (arrays of that length).

    Each channel (`sim.model.channels.care_channels`) gives the indicators it owns; the
    population's, the consortia's, the costs' and the ratios to the population aged 60+
    are the district's. `beds_per_1000_older` counts every elderly-care bed as civil-affairs
    statistics do (`elderly_care_beds`), `institution_beds_per_1000_older` the
    institutions' only. `certified_caregivers` counts the certified care workers of every
    setting (nursing homes, home care, community centres), or of nursing homes only when
    the spec's `certified_scope` says so.
    """
    every_channel = care_channels(spec, record, channels)
    rows = channel_rows(every_channel)
    calendar = spec.calendar
    counts = np.array([courses.state_counts_at(calendar.year_end_day(y)) for y in spec.years])
    population = counts.sum(axis=1).astype(float)
    registered = spec.population.registered_total_by_year
    certified = certified_workers(spec, every_channel)
    capital, running = costs.capital_yuan, costs.running_yuan
    care_beds = elderly_care_beds(rows)
    rows |= {
        "population_total": registered,
        "population_60plus": population,
        "share_60plus": percent(population, registered),
        "disabled_partial": counts[:, 1].astype(float),
        "disabled_full": counts[:, 2].astype(float),
        "elderly_care_beds": care_beds,
        "beds_per_1000_older": percent(care_beds, population) * 10,
        "institution_beds_per_1000_older": percent(rows["beds_total"], population) * 10,
        "certified_caregivers": certified,
        "certified_caregivers_per_10k": percent(certified, population) * 100,
        "consortia": spec.capacity.consortia_by_year.astype(float),
        "cost_capital": flow(capital),
        "cost_running": flow(running),
        "cost_total": flow(capital + running),
        "cost_public": flow(costs.public_yuan),
        "cost_ltc_fund": flow(costs.ltc_fund_yuan),
        "cost_allowances": flow(costs.allowances_yuan),
        "cost_public_with_fund": flow(costs.public_with_fund_yuan),
    }
    rows |= {name: np.full(len(spec.years), np.nan) for name in PLACE_INDICATORS}
    assert sorted(rows) == sorted(INDICATORS), "every indicator has exactly one definition"
    return {indicator: rows[indicator] for indicator in INDICATORS}
