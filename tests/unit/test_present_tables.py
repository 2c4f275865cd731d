"""The report's tables as text, on the tiny run (tests/unit/tiny_run.py): which years,
which rows, and the cells worked out by hand from the tiny values."""

from __future__ import annotations

import pandas as pd
import pytest
from tiny_run import BEDS_FIRST, PLAN_YEAR, REFERENCE, TARGETS, make_tiny_run

from sim.present.labels import MISSING, indicator_name, scenario_labels
from sim.present.report_inputs import ReportInputs, load_report_inputs
from sim.present.tables import (
    DIFFERENCE_INDICATORS,
    POPULATION_INDICATORS,
    TABLE_INDICATORS,
    base_state_rows,
    capacity_rows,
    care_at_home_rows,
    cost_rows,
    difference_rows,
    evaluation_rows,
    headline_years,
    indicator_rows,
    measure_first_rows,
    parameter_rows,
    plan_cost_rows,
    plan_period_years,
    population_rows,
    shown,
    target_rows,
)

YEARS = [2025, 2026, 2027, 2028, 2029, 2030]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("tables") / "run"
    make_tiny_run(folder)
    return load_report_inputs([folder])


def _labels(inputs: ReportInputs, lang: str = "en") -> list[str]:
    labels = scenario_labels(inputs.scenarios, lang)
    return [labels[name] for name in inputs.names]


def _by_indicator(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A by-year table indexed by indicator id (its rows are named in `lang`)."""
    ids = {indicator_name(i, lang): i for i in (*TABLE_INDICATORS, *DIFFERENCE_INDICATORS,
                                               *POPULATION_INDICATORS)}  # fmt: skip
    return table.set_index(table.iloc[:, 0].map(ids))


def test_the_years_a_table_shows() -> None:
    assert headline_years(YEARS, PLAN_YEAR) == [2025, 2027, 2030]
    assert headline_years([*YEARS, 2031, 2035], PLAN_YEAR) == [2025, 2027, 2030, 2035]
    assert plan_period_years(YEARS, PLAN_YEAR) == YEARS
    assert plan_period_years([*YEARS, 2031, 2035], PLAN_YEAR) == [*YEARS, 2035]
    assert headline_years([], PLAN_YEAR) == []


def test_a_mean_is_shown_in_its_display_unit() -> None:
    assert shown(200_000, "population_60plus") == "200,000"
    assert shown(75, "nursing_bed_share") == "75.0"
    assert shown(40e6, "cost_public") == "4,000"  # 万元
    assert shown(float("nan"), "gave_up") == MISSING


def test_the_indicators_by_year_carry_their_confidence_interval(inputs: ReportInputs) -> None:
    table = _by_indicator(indicator_rows(inputs.summary, TARGETS, "en"))
    assert list(table.columns[2:]) == ["2025", "2027", "2030"]
    assert list(table.index) == list(TABLE_INDICATORS)
    # 199,900, 200,000, 200,100: sd 100, t(2) 4.303, half width 4.303 * 100 / sqrt(3) = 248.
    assert table.loc["population_60plus", "2030"] == "200,000\n[199,752, 200,248]"
    # The base year as the pack states it: one figure, no interval.
    assert table.loc["population_60plus", "2025"] == "185,975"
    # Flows have no base-year value.
    assert table.loc["gave_up", "2025"] == MISSING
    assert table.loc["gave_up", "2030"] == "50"
    plain = _by_indicator(indicator_rows(inputs.summary, TARGETS, "en", intervals=False))
    assert plain.loc["population_60plus", "2030"] == "200,000"


def test_differences_against_the_reference(inputs: ReportInputs) -> None:
    assert inputs.differences is not None
    table = _by_indicator(difference_rows(inputs.differences, TARGETS, "en", separator=" "))
    assert list(table.index) == list(DIFFERENCE_INDICATORS)
    # 74, 75, 76 against 58 in each replication: 16, 17, 18; half width 4.303 / sqrt(3).
    assert table.loc["nursing_bed_share", "2030"] == "+17.0 [+14.5, +19.5]"
    # The same in every replication: no interval.
    assert table.loc["beds_total", "2030"] == "+1,450"
    assert table.loc["cost_total", "2030"] == "+5,000"  # 50 million yuan, in 万元


def test_target_attainment_by_scenario(inputs: ReportInputs) -> None:
    table = target_rows(inputs.targets, "en", scenario_labels(inputs.scenarios, "en"))
    assert len(table) == 3 * 4
    assert list(table.iloc[:, 0].drop_duplicates()) == _labels(inputs)
    assert list(table.iloc[:4, 5]) == ["0%"] * 4
    assert list(table.iloc[8:, 5]) == ["100%", "67%", "100%", "100%"]
    # The first year short: 2030 for every target the reference misses, none for the
    # targets scenario (its mean of 31 meets 30).
    assert list(table.iloc[:4, 6]) == ["2030"] * 4
    assert list(table.iloc[8:, 6]) == [""] * 4


def test_the_terminals_cost_table(inputs: ReportInputs) -> None:
    assert inputs.costs is not None
    table = cost_rows(inputs.costs, "en", scenario_labels(inputs.scenarios, "en"))
    assert list(table.iloc[:, 0]) == _labels(inputs)
    # Total cost (万元): 20, 50, 70 million a year for five years.
    assert list(table.iloc[:, 1]) == ["10,000", "25,000", "35,000"]
    # The district's public cost: 10, 30, 40 million a year; no scenario draws on the
    # city's insurance fund, so it has no column.
    assert list(table.iloc[:, 2]) == ["5,000", "15,000", "20,000"]
    assert list(table.iloc[:, 3]) == [MISSING, "15,000", "25,000"]
    assert list(table.iloc[:, 4]) == ["7,500", "8,500", "9,500"]
    assert list(table.iloc[:, 5]) == [MISSING, "1,000", "2,000"]
    assert list(table.iloc[:, 6]) == [MISSING, "150,000", "125,000"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_cost_table(inputs: ReportInputs, lang: str) -> None:
    table = plan_cost_rows(inputs, lang)
    assert list(table.iloc[:, 0]) == _labels(inputs, lang)
    # Public cost in 亿元 with the range of outcomes: 195, 200, 205 million for the
    # targets scenario (2.5th percentile 195.25 million).
    assert list(table.iloc[:, 1]) == ["0.50\n(0.45–0.55)", "1.50\n(1.45–1.55)",
                                      "2.00\n(1.95–2.05)"]  # fmt: skip
    # Of which allowances: 5 million a year over the five years, in every scenario.
    assert list(table.iloc[:, 2]) == ["0.25", "0.25", "0.25"]
    assert list(table.iloc[:, 3]) == ["1.00", "2.50", "3.50"]
    assert list(table.iloc[:, 4]) == [MISSING, "+1.50", "+2.50"]
    assert list(table.iloc[:, 5]) == ["7,500", "8,500", "9,500"]
    # Public cost per person served: 200 million / 9,500 = 21,053 yuan.
    assert list(table.iloc[:, 6]) == ["6,667", "17,647", "21,053"]
    assert list(table.iloc[:, 7]) == [MISSING, "+1,000", "+2,000"]
    assert list(table.iloc[:, 8]) == [MISSING, "150,000", "125,000"]


def test_capacity_and_care_at_home_in_the_plan_year(inputs: ReportInputs) -> None:
    capacity = capacity_rows(inputs, "en").set_index(pd.Index(inputs.names))
    # beds, demand, staffable, occupancy, waiting, gave up, staff on hand/needed
    assert list(capacity.loc[TARGETS].iloc[1:]) == ["6,012", "5,800", "6,500", "90.0", "80",
                                                    "50", "1,500/1,600"]  # fmt: skip
    assert list(capacity.loc[REFERENCE].iloc[1:]) == ["3,800", "4,500", "4,000", "98.0", "600",
                                                      "300", "1,000/1,100"]  # fmt: skip
    care = care_at_home_rows(inputs, "en").set_index(pd.Index(inputs.names))
    # clients, need met, home-care workers, centres, coverage, insurance, without care,
    # people with a family care bed
    assert list(care.loc[BEDS_FIRST].iloc[1:]) == ["1,500", "86.0", "360/500", "323", "95.0",
                                                   "0", "70", "0"]  # fmt: skip


def test_the_population_by_year_of_the_reference(inputs: ReportInputs) -> None:
    table = _by_indicator(population_rows(inputs, "en"))
    assert list(table.columns[2:]) == [str(y) for y in YEARS]
    # Stated in 2025 (185,975), then 190,000 + 2,000 a year from the tiny run's base.
    assert list(table.loc["population_60plus"].iloc[2:]) == [
        "185,975", "192,000", "194,000", "196,000", "198,000", "200,000"
    ]  # fmt: skip
    assert table.loc["share_60plus", "2030"] == "35.0"


def test_the_base_state_lists_every_figure_and_the_age_tables(inputs: ReportInputs) -> None:
    record = inputs.base_state[REFERENCE]
    table = base_state_rows(inputs, "en")
    assert len(table) == len(record["figures"]) + 2
    assert "185,975" in set(table.iloc[:, 1])
    assert list(table.iloc[-2:, 1]) == [MISSING, MISSING]


def test_the_parameters_appendix_marks_the_district_packs_values(inputs: ReportInputs) -> None:
    used = inputs.parameters[REFERENCE]
    listed = [name for name, p in used.items()
              if p["confidence"] in ("assumption", "low") or p["overridden"]
              or p["district_override"]]  # fmt: skip
    table = parameter_rows(inputs, "en")
    # The pack's monthly allowances follow the parameters, each the district's (†).
    allowances = inputs.districts[inputs.district_id]["allowances"]
    assert len(table) == len(listed) + len(allowances) and len(listed) > 0 and allowances
    marked = sum(value.endswith("†") for value in table.iloc[:, 1])
    assert marked == sum(bool(used[name]["district_override"]) for name in listed) + len(allowances)
    last = table.iloc[-1].tolist()
    assert last[:4] == ["Care allowance, fully disabled", "200†", "yuan a person a month",
                        "0–400"]  # fmt: skip


def test_no_study_no_measure_first_table(inputs: ReportInputs) -> None:
    assert measure_first_rows(inputs, "en").empty


def test_the_evaluation_table() -> None:
    evaluation = pd.DataFrame([{
        "indicator": "nursing_bed_share", "base_year": 2025, "base_value": 58.0,
        "final_year": 2030, "target": 73.0, "attribute": "binding", "projection_mean": 75.0,
        "p_met": 1.0, "observed": 74.2, "verdict": "met",
    }])  # fmt: skip
    table = evaluation_rows(evaluation, "en")
    assert list(table.iloc[0]) == [indicator_name("nursing_bed_share", "en"), "58.0", "73",
                                   "binding", "75.0", "100%", "74.2", "met"]  # fmt: skip


def test_the_target_column_of_target_attainment_names_no_year(inputs: ReportInputs) -> None:
    table = target_rows(inputs.targets, "zh", scenario_labels(inputs.scenarios, "zh"))
    header = str(table.columns[3])
    assert "年" not in header, repr(header)
