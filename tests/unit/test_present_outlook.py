"""The outlook of the tiny run (tests/unit/tiny_run.py): the targets a report judges, each
scenario's P(met), what binds, the plan period's costs, the recommended scenario, and the
base year as the district pack states it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tiny_run import BEDS_FIRST, PLAN_YEAR, REFERENCE, TARGETS, make_tiny_run

from sim.present.base_year import stated_base_year, stated_indicators
from sim.present.outlook import (
    binding_constraints,
    mark,
    proportion_interval,
    recommend,
    values_in,
    verdict,
)
from sim.present.report_inputs import ReportInputs, load_report_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("outlook") / "run"
    make_tiny_run(folder)
    return load_report_inputs([folder])


def _row(table: pd.DataFrame, scenario: str, indicator: str) -> pd.Series:
    rows = table[(table["scenario"] == scenario) & (table["indicator"] == indicator)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_the_plan_judges_the_packs_targets_after_the_base_year(inputs: ReportInputs) -> None:
    targets = inputs.plan_targets
    # The pack's 2022 and 2025 targets lie before the base year's end: only 2030's count.
    assert set(targets["year"]) == {PLAN_YEAR}
    assert list(targets["indicator"]) == [
        "nursing_bed_share", "certified_caregivers_per_10k", "consortia", "beds_per_1000_older"
    ]  # fmt: skip
    assert list(targets["target"]) == [73.0, 30.0, 15.0, 52.0]
    binding = targets.loc[targets["attribute"] == "binding", "indicator"]
    assert list(binding) == ["nursing_bed_share"]
    assert inputs.plan_year == PLAN_YEAR
    assert inputs.plan_period == (2026, 2030)


def test_p_met_is_the_share_of_replications_at_or_above_the_target(inputs: ReportInputs) -> None:
    outlook = inputs.outlook
    assert len(outlook) == 3 * 4
    # 74, 75, 76 against 73: all three; 72, 74, 76: two of three; 58: none.
    share = {name: _row(outlook, name, "nursing_bed_share") for name in inputs.names}
    assert share[TARGETS]["p_met"] == 1.0 and share[TARGETS]["mean"] == 75.0
    assert share[BEDS_FIRST]["p_met"] == pytest.approx(2 / 3)
    assert share[REFERENCE]["p_met"] == 0.0
    assert [share[name]["verdict"] for name in inputs.names] == [
        "unlikely", "uncertain", "likely"
    ]  # fmt: skip
    # The 2.5th percentile of 72, 74, 76 lies a twentieth of the way from 72 to 74.
    assert share[BEDS_FIRST]["pi_low"] == pytest.approx(72.1)
    assert share[BEDS_FIRST]["pi_high"] == pytest.approx(75.9)
    assert share[BEDS_FIRST]["n"] == 3
    workforce = _row(outlook, TARGETS, "certified_caregivers_per_10k")  # 29, 31, 33 against 30
    assert workforce["p_met"] == pytest.approx(2 / 3) and workforce["mean"] == 31.0


@pytest.mark.parametrize(
    ("p_met", "expected"), [(1.0, "likely"), (0.8, "likely"), (0.79, "uncertain"),
                            (0.5, "uncertain"), (0.49, "unlikely"), (0.0, "unlikely")],
)  # fmt: skip
def test_the_verdict_and_its_mark_share_their_thresholds(p_met: float, expected: str) -> None:
    assert verdict(p_met) == expected
    assert mark(p_met) == {"likely": "✓", "uncertain": "△", "unlikely": "✗"}[expected]


def test_two_of_three_has_a_wide_wilson_interval() -> None:
    # Wilson at z = 1.96: centre (2 + 1.92) / 6.84 = 0.573, half-width
    # 1.96 * sqrt(2/3 + 0.96) / 6.84 = 0.366.
    low, high = proportion_interval(2 / 3, 3)
    assert low == pytest.approx(0.2077, abs=1e-3)
    assert high == pytest.approx(0.9385, abs=1e-3)
    assert all(np.isnan(proportion_interval(0.5, 0)))


def test_what_binds_each_scenario_in_the_plan_year(inputs: ReportInputs) -> None:
    found = {name: binding_constraints(values_in(inputs.summary, name, PLAN_YEAR))
             for name in inputs.names}  # fmt: skip
    # 3,800 beds for 4,500 (4,000 staffable): beds; 85% of home-care hours: home care.
    assert found[REFERENCE] == ["beds", "home_care"]
    assert found[BEDS_FIRST] == ["home_care"]
    assert found[TARGETS] == []
    # Staff bind when fewer beds can be staffed than there are beds and demand, by 2%.
    assert binding_constraints(
        {"beds_nursing": 1000, "nursing_bed_demand": 1200, "beds_staffable": 900}
    ) == ["staff"]  # fmt: skip


def test_the_plan_costs_sum_2026_to_2030(inputs: ReportInputs) -> None:
    costs = inputs.plan_costs.set_index("scenario")
    assert list(costs.index) == [REFERENCE, BEDS_FIRST, TARGETS]
    assert set(costs["first_year"]) == {2026} and set(costs["last_year"]) == {2030}
    # 10, 30 and 40 million yuan of public money a year, for five years.
    assert list(costs["total_public_cost_yuan"]) == [50e6, 150e6, 200e6]
    # 1,900 served a year against 1,500: 2,000 more for 250 million yuan more.
    assert costs.loc[TARGETS, "extra_served"] == 2000
    assert costs.loc[TARGETS, "cost_per_extra_person_yuan"] == 125_000
    assert np.isnan(costs.loc[REFERENCE, "cost_per_extra_person_yuan"])


def test_the_choice_is_the_cheapest_likely_to_meet_the_binding_target(
    inputs: ReportInputs,
) -> None:
    chosen = recommend(inputs.outlook, inputs.plan_costs)
    assert chosen is not None
    assert chosen.scenario == TARGETS
    assert chosen.strength == "confident"
    assert chosen.eligible == (TARGETS,)
    assert list(chosen.binding["indicator"]) == ["nursing_bed_share"]
    assert list(chosen.public_costs.index) == [REFERENCE, BEDS_FIRST, TARGETS]


def test_a_cheaper_scenario_likely_to_meet_it_is_chosen_instead(inputs: ReportInputs) -> None:
    outlook = inputs.outlook.copy()
    beds_first = (outlook["scenario"] == BEDS_FIRST) & (outlook["attribute"] == "binding")
    outlook.loc[beds_first, "p_met"] = 1.0
    chosen = recommend(outlook, inputs.plan_costs)
    assert chosen is not None
    assert chosen.scenario == BEDS_FIRST
    assert chosen.eligible == (BEDS_FIRST, TARGETS)


def test_with_none_likely_the_closest_is_chosen_with_a_margin(inputs: ReportInputs) -> None:
    outlook = inputs.outlook[inputs.outlook["scenario"] != TARGETS]
    costs = inputs.plan_costs[inputs.plan_costs["scenario"] != TARGETS]
    chosen = recommend(outlook, costs)
    assert chosen is not None
    # Neither is likely; Beds first's lowest P(met) (2/3) beats the reference's 0.
    assert chosen.scenario == BEDS_FIRST
    assert chosen.strength == "margin"
    assert chosen.eligible == ()
    assert recommend(outlook.iloc[0:0], costs) is None


def test_the_base_year_is_the_packs_stated_figure(inputs: ReportInputs) -> None:
    stated = stated_indicators(inputs.base_state, REFERENCE)
    assert stated["population_60plus"] == 185_975
    base = inputs.summary[inputs.summary["year"] == 2025].set_index(["scenario", "indicator"])
    for name in inputs.names:
        # 190,000 in the tiny run's tables, 185,975 as the pack states it; no interval.
        row = base.loc[(name, "population_60plus")]
        assert list(row[["mean", "ci_low", "ci_high", "pi_low", "pi_high"]]) == [185_975] * 5
        # Figures the base state does not determine keep the run's values.
        assert base.loc[(name, "disabled_full"), "mean"] == 5_000
        assert np.isnan(base.loc[(name, "gave_up"), "mean"])
    # The folder's own summary keeps the run's base year.
    raw = pd.read_csv(inputs.folders[0] / "summary.csv")
    raw_base = raw[(raw["year"] == 2025) & (raw["indicator"] == "population_60plus")]
    assert set(raw_base["mean"]) == {190_000}


def test_without_a_base_state_the_summary_is_unchanged(inputs: ReportInputs) -> None:
    assert stated_base_year(inputs.summary, {}) is inputs.summary
    other = {REFERENCE: {"indicators": {"population_60plus": 1.0}}}
    changed = stated_base_year(inputs.summary, other)
    first = changed[(changed["year"] == 2025) & (changed["indicator"] == "population_60plus")]
    assert list(first["mean"]) == [1.0, 185_975, 185_975]


def test_a_year_without_values_has_none(inputs: ReportInputs) -> None:
    assert values_in(inputs.summary, REFERENCE, 2040) == {}
    assert values_in(inputs.summary, TARGETS, PLAN_YEAR)["beds_nursing"] == 6_012


def test_the_folder_reads_back_with_its_areas(inputs: ReportInputs) -> None:
    folder: Path = inputs.folders[0]
    table = pd.read_parquet(folder / "indicators.parquet")
    assert list(table.columns[:2]) == ["scenario", "area"]
    assert set(table["area"]) == {"huangyan"}
    assert len(table) == 3 * 3 * 6 * len(set(table["indicator"]))
