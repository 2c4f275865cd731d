"""A sensitivity study reads its outputs over stated years, the plan period of the
report's cost table for its summed cost, and every place that names an output says
which years: the summary, the recommendations, the measure-first table, the workbook
sheet and the chart. A one-at-a-time study simulates no further than its outcomes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tiny_run import make_tiny_run

from sim.config.load import load_scenario
from sim.experiments.global_sensitivity import OUTPUTS, _outputs, output_years, study_years
from sim.experiments.sensitivity import DEFAULT_OUTCOMES, outcomes_end_year
from sim.present.findings import risk_finding
from sim.present.labels import study_output_name
from sim.present.report_inputs import ReportInputs, load_report_inputs
from sim.present.tables import measure_first_rows

SCENARIO = Path(__file__).parents[2] / "scenarios" / "15th" / "no-new-investment.yaml"


def _tidy(years: range) -> pd.DataFrame:
    """One run's indicator rows: every output worth its year minus 2000 in every year."""
    rows = [{"indicator": indicator, "year": year, "value": float(year - 2000)}
            for indicator, _, _ in OUTPUTS for year in years]  # fmt: skip
    return pd.DataFrame(rows)


def test_a_summed_output_sums_the_study_years_and_a_final_one_reads_the_last() -> None:
    values = _outputs(_tidy(range(2025, 2036)), (2026, 2030))
    by_output = dict(zip([o[0] for o in OUTPUTS], values, strict=True))
    assert by_output["cost_public"] == 26 + 27 + 28 + 29 + 30  # not 2025, not after 2030
    assert by_output["waiting_list"] == 30
    assert by_output["certified_caregivers_per_10k"] == 30


def test_the_study_years_of_a_2025_scenario_to_2035_are_the_plan_period() -> None:
    scenario = load_scenario(SCENARIO)
    assert (scenario.base_year, scenario.end_year) == (2025, 2035)
    assert study_years(scenario) == (2026, 2030)
    years = output_years(scenario)
    assert years["cost_public"] == (2026, 2030)
    assert years["waiting_list"] == (2030, 2030)
    shorter = scenario.model_copy(update={"end_year": 2028})
    assert output_years(shorter)["cost_public"] == (2026, 2028)


@pytest.mark.parametrize(
    ("first", "last", "lang", "expected"),
    [
        (2026, 2030, "zh", "2026—2030年区级财政支出"),
        (2030, 2030, "zh", "2030年区级财政支出"),
        (2026, 2030, "en", "District public cost over 2026–2030"),
        (2030, 2030, "en", "District public cost in 2030"),
        (np.nan, np.nan, "zh", "区级财政支出"),  # a study that did not record its years
    ],
)
def test_an_output_is_named_with_its_years(first, last, lang, expected) -> None:
    assert study_output_name("cost_public", first, last, lang) == expected


@pytest.fixture(scope="module")
def with_study(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("study_outputs") / "run"
    make_tiny_run(folder)
    ranking = pd.DataFrame([{
        "rank": 1, "input": "staff_turnover", "kind": "parameter",
        "label_zh": "护理员流失率", "label_en": "Care-worker turnover",
        "measure_zh": "统计离职人数", "measure_en": "count the leavers",
        "output_most_explained": "cost_public", "output_first_year": 2026,
        "output_last_year": 2030, "variance_share": 0.34, "p_change": 0.0,
        "low": 0.1, "value": 0.2, "high": 0.3,
    }])  # fmt: skip
    return replace(load_report_inputs([folder]), measure_first=ranking)


@pytest.mark.parametrize(
    ("lang", "named"),
    [("zh", "2026—2030年区级财政支出"), ("en", "District public cost over 2026–2030")],
)
def test_the_summary_and_the_table_name_the_years_of_the_output(
    with_study: ReportInputs, lang: str, named: str
) -> None:
    sentence = risk_finding(with_study.facts(lang), lang)
    assert sentence is not None and named in sentence
    table = measure_first_rows(with_study, lang)
    assert table.apply(lambda row: row.astype(str).str.contains(named)).any().any()


def test_a_one_at_a_time_study_simulates_to_its_last_outcome_year() -> None:
    baseline = load_scenario(SCENARIO.parents[1] / "baseline.yaml")
    assert (baseline.base_year, baseline.end_year) == (2020, 2035)
    assert outcomes_end_year(baseline, DEFAULT_OUTCOMES) == 2025
    assert outcomes_end_year(baseline, [("waiting_list", 2025), ("cost_public", 2030)]) == 2030
    # No outcome year inside the horizon: the whole horizon.
    assert outcomes_end_year(baseline, [("waiting_list", 2040)]) == 2035
    assert outcomes_end_year(baseline, []) == 2035


def test_the_assumed_allowance_rates_are_inputs_of_a_study() -> None:
    from sim.config.pack_readers import load_pack
    from sim.experiments.global_sensitivity import input_values, study_inputs

    scenario = load_scenario(SCENARIO)
    allowances = [spec for spec in study_inputs(scenario) if spec.kind == "allowance"]
    assert [spec.name for spec in allowances] == [
        "elderly_age.80-89", "elderly_age.90-99", "elderly_age.100+",
        "care_disability.partial", "care_disability.full",
    ]  # fmt: skip
    full = allowances[-1]
    assert full.label_zh == "护理补贴（失能）"
    assert full.measure_zh.startswith("护理补贴（失能）：") and full.measure_en
    values = input_values(scenario, load_pack(scenario.district), [full], np.array([1.0]))
    assert values.allowances == {"care_disability.full": 400.0} and not values.figures
