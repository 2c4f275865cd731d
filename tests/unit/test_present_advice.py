"""The 对策建议 of the tiny run (tests/unit/tiny_run.py): the choice with the rule and the
cheaper near miss it passes over, one recommendation per shortage with need, supply and
gap worked out by hand, and the expected target in doubt."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from tiny_run import BEDS_FIRST, REFERENCE, TARGETS, make_tiny_run

from sim.present.advice import (
    choice_recommendation,
    expected_target_recommendation,
    measure_recommendation,
    recommendations,
    shortage_recommendations,
)
from sim.present.findings import ReportFacts, p_met_text
from sim.present.labels import indicator_name
from sim.present.report_inputs import load_report_inputs

LANGUAGES = ("zh", "en")


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportFacts]:
    folder = tmp_path_factory.mktemp("advice") / "run"
    make_tiny_run(folder)
    inputs = load_report_inputs([folder])
    return {lang: inputs.facts(lang) for lang in LANGUAGES}


def _chosen(facts: ReportFacts, scenario: str) -> ReportFacts:
    """The same facts with `scenario` as the recommended one."""
    assert facts.recommendation is not None
    return replace(facts, recommendation=replace(facts.recommendation, scenario=scenario))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_three_recommendations_choice_shortage_and_expected_target(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    sentences = recommendations(facts[lang], lang)
    assert len(sentences) == 3
    assert sentences[0] == choice_recommendation(facts[lang], lang)
    assert sentences[2] == expected_target_recommendation(facts[lang], lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_choice_passes_over_the_cheaper_near_miss(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    sentence = choice_recommendation(facts[lang], lang)
    assert sentence is not None
    labels = facts[lang].labels
    chosen, passed = sentence.index(labels[TARGETS]), sentence.index(labels[BEDS_FIRST])
    assert chosen < passed
    # Meet the targets: P(met) 3/3, 2.00 亿元 public; Beds first: 1.50 亿元 but 2/3.
    assert p_met_text(1.0, 3, lang) in sentence and "2.00" in sentence
    assert "1.50" in sentence and p_met_text(2 / 3, 3, lang) in sentence
    # The reference (P(met) 0) misses clearly: not named as a cheaper option.
    assert labels[REFERENCE] not in sentence
    assert "0.50" not in sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_recommended_scenario_is_short_of_care_workers_only(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    shortages = shortage_recommendations(facts[lang], lang)
    assert len(shortages) == 1
    # 1,600 care workers needed, 1,500 on hand: a gap of 100.
    for number in ("1,600", "1,500", "100"):
        assert number in shortages[0], number


def test_the_reference_shows_four_shortages_with_their_gaps(
    facts: dict[str, ReportFacts],
) -> None:
    shortages = shortage_recommendations(_chosen(facts["en"], REFERENCE), "en")
    # Staff 1,100/1,000; home care 500/350 (85.0%); beds 4,500/3,800; 80 without care.
    # Community places (95% of requests met) are no shortage.
    assert len(shortages) == 4
    staff, home_care, beds, unmet = shortages
    assert "1,100" in staff and "1,000" in staff and "100" in staff
    assert "500" in home_care and "350" in home_care and "150" in home_care
    assert "85.0%" in home_care
    assert "4,500" in beds and "3,800" in beds and "700" in beds
    assert "80" in unmet


def test_idle_beds_are_named_with_the_beds_no_one_needs(
    facts: dict[str, ReportFacts],
) -> None:
    shortages = shortage_recommendations(_chosen(facts["en"], BEDS_FIRST), "en")
    # Beds first: 6,400 nursing-type beds for a demand of 5,000, 75.0% occupied: 1,400
    # not needed; the care workers can run 5,000.
    idle = [s for s in shortages if "6,400" in s]
    assert len(idle) == 1
    assert "5,000" in idle[0] and "75.0%" in idle[0] and "1,400" in idle[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_expected_target_in_doubt(facts: dict[str, ReportFacts], lang: str) -> None:
    sentence = expected_target_recommendation(facts[lang], lang)
    assert sentence is not None
    assert indicator_name("certified_caregivers_per_10k", lang) in sentence
    assert "2030" in sentence and p_met_text(2 / 3, 3, lang) in sentence
    assert indicator_name("consortia", lang) not in sentence


def test_no_measure_first_without_a_study_and_one_with_it(
    facts: dict[str, ReportFacts],
) -> None:
    assert measure_recommendation(facts["en"], "en") is None
    study = pd.DataFrame([{
        "rank": 1, "input": "staff_turnover", "label_en": "Care-worker turnover",
        "measure_en": "Count the leavers of 2025", "output_most_explained": "caregivers",
        "variance_share": 0.6, "p_change": 0.0,
    }])  # fmt: skip
    sentence = measure_recommendation(replace(facts["en"], measure_first=study), "en")
    assert sentence is not None
    assert "Count the leavers of 2025" in sentence and "60%" in sentence


def test_without_a_recommendation_there_is_no_advice(facts: dict[str, ReportFacts]) -> None:
    assert recommendations(replace(facts["en"], recommendation=None), "en") == []
