"""How every number of the presentation is written (`sim.present.labels`) and measured
(`sim.present.text_metrics`), on the figures of the tiny run (tests/unit/tiny_run.py)."""

from __future__ import annotations

import pytest
from tiny_run import BEDS_FIRST, NAMES, REFERENCE, TARGETS, tiny_tables

from sim.model.indicators import INDICATORS
from sim.present.labels import (
    MISSING,
    decimals,
    display_unit,
    format_cell,
    format_count,
    format_difference,
    format_money_10k,
    format_percent,
    indicator_label,
    indicator_name,
    money_unit,
    scenario_labels,
    table_unit,
)
from sim.present.text_metrics import number_tokens, text_width_pt


def test_every_indicator_has_a_name_and_unit_in_both_languages() -> None:
    for indicator in INDICATORS:
        for lang in ("zh", "en"):
            assert indicator_name(indicator, lang)
            assert table_unit(indicator, lang)
            assert indicator_label(indicator, lang).startswith(indicator_name(indicator, lang))
    assert indicator_name("beds_total", "zh") != indicator_name("beds_total", "en")


def test_the_scenarios_are_named_by_their_titles() -> None:
    documents = tiny_tables().record.scenarios
    assert list(documents) == list(NAMES)
    labels = {lang: scenario_labels(documents, lang) for lang in ("zh", "en")}
    # The shipped files' titles.
    assert labels["en"] == {REFERENCE: "No new investment", BEDS_FIRST: "Beds first",
                            TARGETS: "Meet the 2030 targets"}  # fmt: skip
    assert labels["zh"][REFERENCE] == "不新增投入"
    # A scenario without a title is named by its id.
    assert scenario_labels({"bare": {}}, "en") == {"bare": "bare"}


def test_decimals_and_display_units() -> None:
    assert decimals("population_60plus") == 0
    assert decimals("nursing_bed_share") == 1
    assert decimals("certified_caregivers_per_10k") == 1
    assert decimals("mean_wait_days") == 1
    assert display_unit("cost_public", "en")[0] == 10_000
    assert display_unit("gave_up", "en")[0] == 1


def test_a_cell_with_its_interval() -> None:
    # 199,900, 200,000 and 200,100 aged 60+: t(2) interval ±248.
    assert format_cell(200_000, 199_751.6, 200_248.4, "population_60plus") == (
        "200,000\n[199,752, 200,248]"
    )
    # An interval that rounds to the mean is not shown.
    assert format_cell(58.0, 58.0, 58.04, "nursing_bed_share") == "58.0"
    assert format_cell(float("nan"), 0, 0, "gave_up") == MISSING
    # Money in 万元: 40 million yuan a year.
    assert format_cell(40e6, 37.5e6, 42.5e6, "cost_public", separator=" ") == (
        "4,000 [3,750, 4,250]"
    )


def test_a_difference_is_signed() -> None:
    assert format_difference(17.0, 14.516, 19.484, "nursing_bed_share") == "+17.0 [+14.5, +19.5]"
    assert format_difference(-520, -520, -520, "waiting_list") == "-520"
    assert format_difference(float("nan"), 0, 0, "waiting_list") == MISSING


def test_counts_money_and_percentages() -> None:
    assert format_count(185_975.4) == "185,975"
    assert format_count(float("nan")) == MISSING
    assert format_money_10k(350e6) == "35,000"
    assert format_percent(2 / 3) == "67%"
    assert format_percent(2 / 3, 1) == "66.7%"
    assert money_unit(350e6, "zh") == (1e8, "亿元")
    assert money_unit(50e6, "en") == (1e4, "10,000 yuan")


def test_numbers_stay_whole_and_chinese_is_one_em_wide() -> None:
    # A number keeps the comma that follows it on its line.
    assert number_tokens("200,000\n[199,752, 200,248]") == ["200,000", "199,752,", "200,248"]
    # The mark stays with its P(met) (the 专栏's cell of the targets scenario).
    assert number_tokens("75.0\n✓\u00a0100%") == ["75.0", "✓\u00a0100%"]
    assert text_width_pt("护理型床位", 9) == pytest.approx(5 * 9, rel=0.02)
    assert text_width_pt("200,000", 9) > text_width_pt("20,000", 9) > 0
    assert text_width_pt("200,000", 9, bold=True) >= text_width_pt("200,000", 9)


def test_costs_of_runs_at_a_fraction_of_the_district_are_taken_to_its_size() -> None:
    import pandas as pd

    from sim.present.labels import at_district_size

    rows = pd.DataFrame({"simulated_cost_yuan": [1.2e8, 4.9e8], "predicted_cost_yuan": [1.1e8, None],
                         "population_scale": [0.5, 1.0]})  # fmt: skip
    # The surrogate predicts at the search's scale (a half), whatever the row's.
    district = at_district_size(rows, search_scale=0.5)
    assert district["simulated_cost_yuan"].tolist() == [2.4e8, 4.9e8]
    assert district["predicted_cost_yuan"].iloc[0] == 2.2e8
    assert at_district_size(rows.drop(columns="population_scale")).equals(
        rows.drop(columns="population_scale")
    )
