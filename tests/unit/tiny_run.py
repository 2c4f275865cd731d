"""A tiny comparison folder written by hand, without simulating, for the presentation's tests.

Three shipped scenarios of the 15th plan (`scenarios/15th`), three replications, the
base year 2025 and every year to the plan year 2030. Every indicator of
`sim.model.indicators.INDICATORS` has a hand-chosen value: a stock runs in a straight
line from its base-year value (`VALUES[...].base`, the same for every scenario) to its
plan-year value; a flow is its plan-year value in every simulated year and undefined
(NaN) in the base year, as a run's tables have it. Replication r lies `OFFSETS[r]`
times the indicator's spread from the scenario's value in the plan year (a stock, a
share of that in the years before). So the plan-year means are the `VALUES` and a
five-year total of a flow is five times its value: every expectation of a test can be
worked out by hand.

What the values are chosen to show (the 2030 targets of the Huangyan pack: nursing-type
bed share ≥ 73 (binding), certified care workers per 10,000 aged 60+ ≥ 30, consortia ≥ 15,
beds per 1,000 aged 60+ ≥ 35 (expected)):

- `no-new-investment` (the reference) misses every target; it is the cheapest. What
  binds it in 2030: nursing-type beds (3,800 for a demand of 4,500, with 4,000 the staff
  can run) and home care (85% of the hours needed delivered).
- `beds-first-2030` meets the binding target in two replications of three (72, 74, 76:
  P(met) 2/3, △), costs the middle.
- `targets-2030` meets the binding target in every replication (74, 75, 76: ✓) and is
  the dearest, so the recommendation rule picks it and names the cheaper near miss;
  its one shortage in 2030 is care workers (1,500 on hand, 1,600 needed); of its three
  expected targets, certified care workers (29, 31, 33: P(met) 2/3) is the one unsure.

Public cost a year: 10, 30 and 40 million yuan (±1 million by replication), total cost
20, 50 and 70 million; over 2026-2030: 0.50, 1.50 and 2.00 亿元 public, 1.00, 2.50 and
3.50 亿元 in total. People served a year (admissions + community places granted):
1,500, 1,700 and 1,900, so 7,500, 8,500 and 9,500 over the plan period.

The record is what `sim.experiments.runs.execute` writes for a comparison, with the
scenarios' resolved documents, the district pack's record and each scenario's base
state; the base year's stated figures then replace the tiny values in every table the
presentation shows. The tiny base-year values are the pack's figures but for those aged
60+ (190,000 against the pack's 185,975, so that a test sees which one is shown) and the
ratios, which the pack states unrounded (a nursing-type share of 57.996%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.data import load_default_data
from sim.config.load import load_scenario, scenario_document
from sim.config.pack_readers import load_pack
from sim.config.scenario import Scenario
from sim.experiments.compare import cost_effectiveness, paired_differences, plan_period
from sim.experiments.folders import RunResults, read_run, write_tables
from sim.experiments.pack_record import district_record
from sim.experiments.record import RunRecord, run_areas
from sim.experiments.runner import summarise, target_attainment
from sim.experiments.runs import base_state_record, parameters_used, prepare
from sim.model.indicators import INDICATORS

ROOT = Path(__file__).resolve().parents[2]
REFERENCE, BEDS_FIRST, TARGETS = "no-new-investment", "beds-first-2030", "targets-2030"
#: The scenarios in report order: the reference first.
NAMES = (REFERENCE, BEDS_FIRST, TARGETS)
DISTRICT = "huangyan"
BASE_YEAR, PLAN_YEAR = 2025, 2030
YEARS = tuple(range(BASE_YEAR, PLAN_YEAR + 1))
#: Where each replication lies, in spreads from the scenario's value.
OFFSETS = (-1.0, 0.0, 1.0)
REPLICATIONS = len(OFFSETS)
SEED = 2025


@dataclass(frozen=True)
class Value:
    """An indicator's hand-chosen values: the base year's (stocks only), and the plan
    year's (a stock) or every simulated year's (a flow) by scenario, with the spread of
    the replications around it."""

    base: float
    plan: dict[str, float]
    spread: dict[str, float] = field(default_factory=dict)


def _by_scenario(reference: float, beds_first: float, targets: float) -> dict[str, float]:
    return {REFERENCE: reference, BEDS_FIRST: beds_first, TARGETS: targets}


def _same(value: float) -> dict[str, float]:
    return _by_scenario(value, value, value)


NAN = float("nan")
MILLION = 1e6

#: Every indicator's values (flows' base is NaN: a flow has no base-year value).
VALUES: dict[str, Value] = {
    "population_total": Value(620_000, _same(630_000)),
    "population_60plus": Value(190_000, _same(200_000), _same(100)),
    "share_60plus": Value(30.0, _same(35.0)),
    "disabled_partial": Value(8_000, _same(9_000)),
    "disabled_full": Value(5_000, _same(5_500)),
    "beds_total": Value(6_566, _by_scenario(6_566, 8_666, 8_016)),
    "beds_nursing": Value(3_808, _by_scenario(3_800, 6_400, 6_012)),
    "nursing_bed_share": Value(58.0, _by_scenario(58.0, 74.0, 75.0), _by_scenario(0.0, 2.0, 1.0)),
    "elderly_care_beds": Value(9_566, _by_scenario(9_566, 11_666, 11_116)),
    "beds_per_1000_older": Value(50.3, _by_scenario(47.8, 58.3, 55.6)),
    "institution_beds_per_1000_older": Value(34.6, _by_scenario(32.8, 43.3, 40.1)),
    "caregivers": Value(962, _by_scenario(1_000, 1_400, 1_500)),
    "caregivers_needed": Value(1_000, _by_scenario(1_100, 1_500, 1_600)),
    "caregivers_home": Value(340, _by_scenario(350, 360, 420)),
    "caregivers_home_needed": Value(NAN, _by_scenario(500, 500, 400)),
    "caregivers_community": Value(323, _same(330)),
    "certified_caregivers": Value(465, _by_scenario(500, 560, 620)),
    "certified_caregivers_per_10k": Value(
        25.0, _by_scenario(25.0, 28.0, 31.0), _by_scenario(0.0, 0.0, 2.0)
    ),
    "community_centres": Value(323, _by_scenario(323, 323, 333)),
    "community_places": Value(3_000, _by_scenario(3_000, 3_000, 3_100)),
    "consortia": Value(10, _by_scenario(10, 12, 15)),
    "residents": Value(4_472, _by_scenario(4_600, 5_600, 5_700)),
    "residents_nursing": Value(3_000, _by_scenario(3_500, 4_800, 5_400)),
    "nursing_bed_demand": Value(NAN, _by_scenario(4_500, 5_000, 5_800)),
    "beds_staffable": Value(3_700, _by_scenario(4_000, 5_000, 6_500)),
    "occupancy_rate": Value(NAN, _by_scenario(95.0, 80.0, 85.0)),
    "occupancy_rate_nursing": Value(NAN, _by_scenario(98.0, 75.0, 90.0)),
    "occupancy_rate_ordinary": Value(NAN, _same(70.0)),
    "waiting_list": Value(0, _by_scenario(600, 100, 80)),
    "mean_waiting_list": Value(NAN, _by_scenario(500, 90, 70)),
    "bed_seekers": Value(NAN, _same(2_000)),
    "admissions": Value(NAN, _by_scenario(1_000, 1_200, 1_300)),
    "gave_up": Value(NAN, _by_scenario(300, 100, 50)),
    "died_waiting": Value(NAN, _by_scenario(20, 10, 5)),
    "mean_wait_days": Value(NAN, _by_scenario(120.0, 30.0, 20.0)),
    "share_waited": Value(NAN, _by_scenario(60.0, 20.0, 15.0)),
    "p90_wait_days": Value(NAN, _by_scenario(300.0, 80.0, 60.0)),
    "unmet_bed_demand": Value(NAN, _by_scenario(30.0, 10.0, 5.0)),
    "community_coverage": Value(NAN, _same(95.0)),
    "home_care_clients": Value(1_200, _same(1_500)),
    "home_care_hours_needed": Value(NAN, _same(500_000)),
    "home_care_hours_delivered": Value(NAN, _by_scenario(425_000, 430_000, 475_000)),
    "home_care_need_met": Value(NAN, _by_scenario(85.0, 86.0, 95.0)),
    "community_users": Value(2_500, _same(2_800)),
    "villages_with_centre": Value(60.0, _same(70.0)),
    "ltc_beneficiaries": Value(0, _same(0)),
    "family_care_beds": Value(0, _same(0)),
    "family_care_bed_users": Value(0, _same(0)),
    "family_care_bed_visits": Value(NAN, _same(0)),
    "unmet_care_need": Value(50, _by_scenario(80, 70, 0)),
    "cost_capital": Value(NAN, _by_scenario(0, 20 * MILLION, 30 * MILLION)),
    "cost_running": Value(NAN, _by_scenario(20 * MILLION, 30 * MILLION, 40 * MILLION)),
    "cost_total": Value(NAN, _by_scenario(20 * MILLION, 50 * MILLION, 70 * MILLION)),
    "cost_public": Value(
        NAN, _by_scenario(10 * MILLION, 30 * MILLION, 40 * MILLION), _same(1 * MILLION)
    ),
    "cost_ltc_fund": Value(NAN, _same(0)),
    "community_granted": Value(NAN, _by_scenario(500, 500, 600)),
    "community_requests": Value(NAN, _same(550)),
    # Places: the tiny district has 19 townships, 9 of them with a full-day regional centre.
    "townships": Value(19, _same(19)),
    "townships_with_day_care_centre": Value(9, _by_scenario(9, 9, 12)),
    "township_centre_coverage": Value(
        100 * 9 / 19, _by_scenario(100 * 9 / 19, 100 * 9 / 19, 100 * 12 / 19)
    ),
    "within_15_min_centre": Value(80, _by_scenario(80, 80, 85)),
    "travel_minutes_admitted": Value(NAN, _by_scenario(14, 16, 15)),
    "urban_rural_gap_beds": Value(30, _by_scenario(30, 24, 28)),
    "urban_rural_gap_home_care": Value(NAN, _by_scenario(25, 25, 15)),
    "cost_allowances": Value(NAN, _same(5 * MILLION)),
    "cost_public_with_fund": Value(
        NAN, _by_scenario(10 * MILLION, 30 * MILLION, 40 * MILLION), _same(1 * MILLION)
    ),
}


def value_of(indicator: str, scenario: str, replication: int, year: int) -> float:
    """The tiny run's value of `indicator` (see the module's description)."""
    chosen = VALUES[indicator]
    plan = chosen.plan[scenario] + OFFSETS[replication] * chosen.spread.get(scenario, 0.0)
    if INDICATORS[indicator].kind == "flow":
        return NAN if year == BASE_YEAR else plan
    share = (year - BASE_YEAR) / (PLAN_YEAR - BASE_YEAR)
    return chosen.base + share * (plan - chosen.base)


def tiny_indicators() -> pd.DataFrame:
    """The tidy table (scenario, replication, year, indicator, value) of the tiny run."""
    rows = [
        (scenario, replication, year, indicator, value_of(indicator, scenario, replication, year))
        for scenario in NAMES
        for replication in range(REPLICATIONS)
        for year in YEARS
        for indicator in INDICATORS
    ]
    tidy = pd.DataFrame(rows, columns=["scenario", "replication", "year", "indicator", "value"])
    tidy["value"] = tidy["value"].astype(np.float64)
    return tidy


def tiny_scenarios() -> list[Scenario]:
    """The three shipped scenarios as the tiny run ran them: three replications, one seed,
    up to the plan year."""
    loaded = [load_scenario(ROOT / "scenarios" / "15th" / f"{name}.yaml") for name in NAMES]
    ready = prepare(loaded, replications=REPLICATIONS, seed=SEED, common_random_numbers=True)
    return [scenario.model_copy(update={"end_year": PLAN_YEAR}) for scenario in ready]


def tiny_record(scenarios: list[Scenario]) -> RunRecord:
    """The run record of a comparison of `scenarios`, as `execute` builds it, but for what
    the presentation does not read: the inputs each replication drew, package versions,
    the git commit and the run time."""
    data = load_default_data()
    pack = load_pack(DISTRICT)
    districts = {DISTRICT: district_record(pack)}
    manifest: dict[str, Any] = {
        "kind": "comparison",
        "scenarios": {s.name: scenario_document(s) for s in scenarios},
        "scenario_files": [f"scenarios/15th/{s.name}.yaml" for s in scenarios],
        "seeds": {s.name: s.seed for s in scenarios},
        "replications": {s.name: s.replications for s in scenarios},
        "parameters": {s.name: parameters_used(s, data, pack) for s in scenarios},
        "base_state": {s.name: base_state_record(s, pack) for s in scenarios},
        "uncertainty": {s.name: s.uncertainty for s in scenarios},
        "draws": {},
        "districts": districts,
        "city_districts": [],
        "reference_figures": pack.forecasts,
        "reference": REFERENCE,
        "common_random_numbers": True,
        "jobs": 1,
        "backend": "processes",
        "command": ["tests/unit/tiny_run.py"],
        **run_areas(districts, {s.name: s.district for s in scenarios}, []),
    }
    return RunRecord.model_validate(manifest)


@dataclass(frozen=True)
class TinyTables:
    """The tables and record of the tiny comparison, before they are written."""

    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    record: RunRecord
    differences: pd.DataFrame
    costs: pd.DataFrame


@cache
def tiny_tables() -> TinyTables:
    """The tiny comparison's tables (made once per test process): the summary, targets,
    differences and costs are the project's own (`summarise`, `target_attainment`,
    `paired_differences`, `cost_effectiveness` over `plan_period`)."""
    scenarios = tiny_scenarios()
    tidy = tiny_indicators()
    targets = target_attainment(tidy, scenarios)
    first_year, last_year = plan_period(tidy["year"], targets["year"])
    return TinyTables(
        indicators=tidy,
        summary=summarise(tidy),
        targets=targets,
        record=tiny_record(scenarios),
        differences=paired_differences(tidy, REFERENCE),
        costs=cost_effectiveness(tidy, REFERENCE, first_year=first_year, last_year=last_year),
    )


def make_tiny_run(folder: Path, names: Sequence[str] = NAMES) -> RunResults:
    """Write the tiny comparison folder at `folder` (which must not exist) and read it
    back; with `names` other than all three, a run folder of those scenarios (no
    differences or costs, as `sim run` without `--compare` writes)."""
    tables = tiny_tables()
    if tuple(names) == NAMES:
        write_tables(
            folder, tables.indicators, tables.summary, tables.targets, tables.record,
            differences=tables.differences, costs=tables.costs,
        )  # fmt: skip
        return read_run(folder)
    chosen = [scenario for scenario in tiny_scenarios() if scenario.name in names]
    record = tiny_record(chosen).model_copy(update={"kind": "run", "reference": None,
                                                    "common_random_numbers": None})  # fmt: skip

    def own(table: pd.DataFrame) -> pd.DataFrame:
        return table[table["scenario"].isin(names)].reset_index(drop=True)

    write_tables(folder, own(tables.indicators), own(tables.summary), own(tables.targets), record)
    return read_run(folder)
