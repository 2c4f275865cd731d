"""Indicators: one definition each, with its Chinese and English name and unit.

`indicator_table` turns one replication's life courses and care record into
{indicator id: value per reported year}. Stocks are read at year end (2020 is
the starting state); flows are totals over a simulated year and are not
defined for 2020 (NaN). Shares are in percent, as the plan writes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.calendar import DAYS_PER_YEAR, START_YEAR, year_end_day
from sim.care import NURSING, ORDINARY, YearlyRecord
from sim.population import LifeCourses
from sim.supply import CapacityPlan


@dataclass(frozen=True)
class Indicator:
    """An indicator's id, names and units in both languages, and which way is better."""

    id: str
    zh: str
    en: str
    unit_zh: str
    unit_en: str
    #: True: a target is met at or above it; False: at or below; None: no direction
    higher_is_better: bool | None
    #: "stock" (year end) or "flow" (during the year)
    kind: str


_DEFINITIONS = [
    Indicator("population_60plus", "60岁及以上户籍老年人口", "Registered population aged 60+", "人", "persons", None, "stock"),
    Indicator("share_60plus", "60岁及以上人口占户籍人口比例", "Share aged 60+ of registered population", "%", "%", None, "stock"),
    Indicator("disabled_partial", "半失能老年人", "Partially disabled people aged 60+", "人", "persons", None, "stock"),
    Indicator("disabled_full", "失能老年人", "Fully disabled people aged 60+", "人", "persons", None, "stock"),
    Indicator("beds_total", "养老机构床位", "Nursing-home beds", "张", "beds", True, "stock"),
    Indicator("beds_nursing", "护理型床位", "Nursing-type beds", "张", "beds", True, "stock"),
    Indicator("nursing_bed_share", "养老机构护理型床位占比", "Nursing-type bed share", "%", "%", True, "stock"),
    Indicator("beds_per_100_older", "每百名老年人拥有养老床位", "Beds per 100 people aged 60+", "张", "beds", True, "stock"),
    Indicator("caregivers", "养老护理员", "Care workers", "人", "persons", True, "stock"),
    Indicator("certified_caregivers", "持证养老护理员", "Certified care workers", "人", "persons", True, "stock"),
    Indicator("certified_caregivers_per_10k", "每万老年人拥有持证养老护理员数", "Certified care workers per 10,000 aged 60+", "人", "persons", True, "stock"),
    Indicator("community_centres", "社区居家养老服务照料中心", "Community home-care centres", "个", "centres", True, "stock"),
    Indicator("community_places", "社区照料服务名额", "Community care places", "个", "places", True, "stock"),
    Indicator("consortia", "康养联合体数", "Health-and-care consortia", "个", "consortia", True, "stock"),
    Indicator("residents", "机构入住老年人", "Nursing-home residents", "人", "persons", None, "stock"),
    Indicator("occupancy_rate", "床位入住率", "Bed occupancy (time-weighted)", "%", "%", None, "flow"),
    Indicator("occupancy_rate_nursing", "护理型床位入住率", "Nursing-type bed occupancy", "%", "%", None, "flow"),
    Indicator("occupancy_rate_ordinary", "普通床位入住率", "Ordinary bed occupancy", "%", "%", None, "flow"),
    Indicator("waiting_list", "轮候人数", "People waiting for a bed", "人", "persons", False, "stock"),
    Indicator("mean_waiting_list", "平均轮候人数", "People waiting for a bed (time-weighted mean)", "人", "persons", False, "flow"),
    Indicator("bed_seekers", "申请入住人数", "People seeking a bed", "人", "persons", None, "flow"),
    Indicator("admissions", "入住人数", "Admissions", "人", "persons", None, "flow"),
    Indicator("gave_up", "放弃轮候人数", "People who gave up waiting", "人", "persons", False, "flow"),
    Indicator("died_waiting", "轮候期间死亡人数", "People who died while waiting", "人", "persons", False, "flow"),
    Indicator("mean_wait_days", "平均轮候天数", "Mean wait of people admitted", "天", "days", False, "flow"),
    Indicator("share_waited", "需轮候的入住者比例", "Admitted people who had to wait", "%", "%", False, "flow"),
    Indicator("p90_wait_days", "轮候天数第90百分位", "90th percentile wait of people admitted", "天", "days", False, "flow"),
    Indicator("unmet_bed_demand", "未满足的入住需求", "Bed seekers who gave up", "%", "%", False, "flow"),
    Indicator("community_coverage", "社区照料需求满足率", "Community-care requests met", "%", "%", True, "flow"),
    Indicator("cost_capital", "资本性支出", "Capital cost", "元", "yuan", None, "flow"),
    Indicator("cost_running", "运行支出", "Running cost", "元", "yuan", None, "flow"),
    Indicator("cost_total", "总支出", "Total cost", "元", "yuan", None, "flow"),
    Indicator("community_granted", "新获得社区照料名额人数", "People newly given a community-care place", "人", "persons", None, "flow"),
]  # fmt: skip

#: Every indicator by id, in reporting order.
INDICATORS: dict[str, Indicator] = {indicator.id: indicator for indicator in _DEFINITIONS}


def _percent(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, 100.0 * numerator / denominator, np.nan)


def _with_start(value_2020: float, per_year: np.ndarray) -> np.ndarray:
    return np.concatenate([[value_2020], np.asarray(per_year, dtype=float)])


def _flow(per_year: np.ndarray) -> np.ndarray:
    return _with_start(np.nan, per_year)


def _discount(cost_yuan: np.ndarray, rate_per_year: float) -> np.ndarray:
    """Discount yearly costs (index 0 = 2021) to 2021 values."""
    years_after_2021 = np.arange(len(cost_yuan))  # index 0 is 2021
    return cost_yuan / (1 + rate_per_year) ** years_after_2021


def indicator_table(
    courses: LifeCourses,
    record: YearlyRecord,
    plan: CapacityPlan,
    values: Mapping[str, float],
    *,
    end_year: int,
    scale: float = 1.0,
) -> dict[str, np.ndarray]:
    """Every indicator for years 2020..`end_year` (arrays of that length)."""
    years = np.arange(START_YEAR, end_year + 1)
    counts = np.array([courses.state_counts_at(year_end_day(int(y))) for y in years])
    population = counts.sum(axis=1).astype(float)
    registered = (
        values["registered_population_total_2020"]
        * scale
        * (1 + values["registered_population_growth_per_year"]) ** (years - START_YEAR)
    )
    beds = np.vstack([np.array(record.beds_2020), record.beds_end]).astype(float)
    occupied = np.vstack([np.array(record.occupied_2020), record.occupied_end]).astype(float)
    beds_total = beds.sum(axis=1)
    certified = _with_start(record.certified_2020, record.certified_end)
    consortia = plan.consortia_by_year.astype(float)

    occupied_days, bed_days = record.occupied_bed_days, record.bed_days
    occupancy_2020 = _percent(occupied[0], beds[0])
    waits = record.waits_days
    mean_wait = np.array([np.mean(w) if w else np.nan for w in waits])
    p90_wait = np.array([np.percentile(w, 90) if w else np.nan for w in waits])
    waited = np.array([100.0 * np.mean(np.array(w) > 0) if w else np.nan for w in waits])

    capital = (
        record.new_nursing_beds * values["cost_new_nursing_bed_yuan"]
        + record.new_ordinary_beds * values["cost_new_ordinary_bed_yuan"]
        + record.conversions * values["cost_convert_to_nursing_bed_yuan"]
        + record.new_centres * values["cost_new_centre_yuan"]
        + np.maximum(np.diff(consortia), 0) * values["cost_new_consortium_yuan"]
    )
    running = (
        record.caregiver_days / DAYS_PER_YEAR * values["cost_caregiver_year_yuan"]
        + occupied_days.sum(axis=1) / DAYS_PER_YEAR * values["cost_occupied_bed_year_yuan"]
        + record.centre_days / DAYS_PER_YEAR * values["cost_centre_year_yuan"]
        + consortia[1:] * values["cost_consortium_year_yuan"]
        + record.certifications * values["cost_certification_yuan"]
        + record.hires * values["cost_hire_yuan"]
    )
    capital = _discount(capital, values["discount_rate_per_year"])
    running = _discount(running, values["discount_rate_per_year"])

    table = {
        "population_60plus": population,
        "share_60plus": 100.0 * population / registered,
        "disabled_partial": counts[:, 1].astype(float),
        "disabled_full": counts[:, 2].astype(float),
        "beds_total": beds_total,
        "beds_nursing": beds[:, NURSING],
        "nursing_bed_share": _percent(beds[:, NURSING], beds_total),
        "beds_per_100_older": _percent(beds_total, population),
        "caregivers": _with_start(record.caregivers_2020, record.caregivers_end),
        "certified_caregivers": certified,
        "certified_caregivers_per_10k": _percent(certified, population) * 100,
        "community_centres": _with_start(record.centres_2020, record.centres_end),
        "community_places": _with_start(record.places_2020, record.places_end),
        "consortia": consortia,
        "residents": occupied.sum(axis=1),
        "occupancy_rate": _with_start(
            float(_percent(occupied[0].sum(), beds[0].sum())),
            _percent(occupied_days.sum(axis=1), bed_days.sum(axis=1)),
        ),
        "occupancy_rate_nursing": _with_start(
            float(occupancy_2020[NURSING]),
            _percent(occupied_days[:, NURSING], bed_days[:, NURSING]),
        ),
        "occupancy_rate_ordinary": _with_start(
            float(occupancy_2020[ORDINARY]),
            _percent(occupied_days[:, ORDINARY], bed_days[:, ORDINARY]),
        ),
        "waiting_list": _with_start(record.waiting_2020, record.waiting_end),
        "mean_waiting_list": _flow(record.waiting_person_days / DAYS_PER_YEAR),
        "bed_seekers": _flow(record.bed_seekers),
        "admissions": _flow(record.admissions),
        "gave_up": _flow(record.gave_up),
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
        "cost_capital": _flow(capital),
        "cost_running": _flow(running),
        "cost_total": _flow(capital + running),
        "community_granted": _flow(record.community_granted),
    }
    assert list(table) == list(INDICATORS), "every indicator has exactly one definition"
    return table
