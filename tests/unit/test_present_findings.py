"""The 摘要 of the tiny run (tests/unit/tiny_run.py): each sentence quotes the figures
worked out by hand from the tiny values, in both languages."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from tiny_run import BEDS_FIRST, REFERENCE, TARGETS, make_tiny_run

from sim.present.findings import (
    ReportFacts,
    choice_finding,
    constraint_finding,
    expected_finding,
    findings,
    p_met_text,
    population_finding,
    risk_finding,
    value_text,
    yi_text,
)
from sim.present.labels import indicator_name
from sim.present.outlook import recommend
from sim.present.report_inputs import ReportInputs, load_report_inputs

LANGUAGES = ("zh", "en")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("findings") / "run"
    make_tiny_run(folder)
    return load_report_inputs([folder])


@pytest.fixture(scope="module")
def facts(inputs: ReportInputs) -> dict[str, ReportFacts]:
    return {lang: inputs.facts(lang) for lang in LANGUAGES}


def test_numbers_in_words() -> None:
    assert yi_text(2e8) == "2.00"
    assert yi_text(float("nan")) == "–"
    assert p_met_text(2 / 3, 3, "en") == "67% (21%–94%)"
    assert p_met_text(2 / 3, 3, "zh") == "67%（21%—94%）"
    assert value_text("nursing_bed_share", 75, "en") == "75.0%"
    assert value_text("consortia", 15, "zh").startswith("15")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_summary_has_four_sentences_without_a_sensitivity_study(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    sentences = findings(facts[lang], lang)
    assert len(sentences) == 4
    assert risk_finding(facts[lang], lang) is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_population_sentence(facts: dict[str, ReportFacts], lang: str) -> None:
    sentence = population_finding(facts[lang], lang)
    assert sentence is not None
    # 2030: 199,900, 200,000 and 200,100 (range 199,905-200,095); 2025 as the pack states
    # it, 185,975; (200,000 / 185,975) ** (1/5) = 1.0147; 35.0% of the population.
    for number in ("200,000", "199,905", "200,095", "185,975", "1.5%", "35.0%", "5,500",
                   "9,000"):  # fmt: skip
        assert number in sentence, number
    assert facts[lang].district in sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_constraint_sentence_names_beds_and_home_care(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    sentence = constraint_finding(facts[lang], lang)
    assert sentence is not None
    assert facts[lang].labels[REFERENCE] in sentence
    # 3,800 nursing-type beds for a demand of 4,500; 85.0% of home-care hours; 300 gave up.
    for number in ("3,800", "4,500", "85.0", "300"):
        assert number in sentence, number
    # Community coverage (95%) and the staff (4,000 beds staffable) do not bind.
    assert "95.0" not in sentence and "1,100" not in sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_choice_sentence_names_the_recommended_scenario_and_its_cost(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    sentence = choice_finding(facts[lang], lang)
    assert sentence is not None
    labels = facts[lang].labels
    assert labels[TARGETS] in sentence
    assert labels[BEDS_FIRST] not in sentence
    assert indicator_name("nursing_bed_share", lang) in sentence
    # 40 million yuan public a year and 70 million in all, 2026-2030.
    for number in ("2026", "2030", "2.00", "3.50"):
        assert number in sentence, number
    # It is the only scenario likely to meet them: said once, and so.
    assert sentence.count(labels[TARGETS]) == 1
    assert ("only " if lang == "en" else "只有") in sentence


def test_with_no_scenario_likely_the_choice_sentence_gives_the_closest(
    inputs: ReportInputs,
) -> None:
    outlook = inputs.outlook.copy()
    outlook.loc[outlook["scenario"] == TARGETS, "p_met"] = 0.0
    chosen = recommend(outlook, inputs.plan_costs)
    assert chosen is not None and chosen.scenario == BEDS_FIRST and chosen.eligible == ()
    facts = inputs.facts("en")
    closest = replace(facts, outlook=outlook, recommendation=chosen)
    sentence = choice_finding(closest, "en")
    assert sentence is not None
    # Beds first: 30 million yuan public and 50 million in all a year.
    assert facts.labels[BEDS_FIRST] in sentence
    assert "1.50" in sentence and "2.50" in sentence


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_expected_targets_sentence_names_the_one_in_doubt(
    facts: dict[str, ReportFacts], lang: str
) -> None:
    sentence = expected_finding(facts[lang], lang)
    assert sentence is not None
    # Certified care workers per 10,000: 29, 31, 33 against 30, P(met) 2/3 (21%-94%).
    assert indicator_name("certified_caregivers_per_10k", lang) in sentence
    assert "31.0" in sentence and p_met_text(2 / 3, 3, lang) in sentence
    for met in ("consortia", "beds_per_1000_older", "nursing_bed_share"):
        assert indicator_name(met, lang) not in sentence
    # Two of the three expected targets are likely met, in words that read for any count.
    assert ("2 of 3" if lang == "en" else "3项预期性目标中2项") in sentence


def test_without_a_recommendation_the_choice_sentences_are_left_out(
    facts: dict[str, ReportFacts],
) -> None:
    one = replace(facts["en"], recommendation=None)
    assert choice_finding(one, "en") is None
    assert expected_finding(one, "en") is None
    assert len(findings(one, "en")) == 2


def test_a_sensitivity_study_adds_the_figure_the_answer_depends_on(
    facts: dict[str, ReportFacts],
) -> None:
    study = pd.DataFrame([{
        "rank": 1, "input": "staff_turnover", "label_en": "Care-worker turnover",
        "output_most_explained": "nursing_bed_share", "variance_share": 0.42, "p_change": 0.25,
    }])  # fmt: skip
    names = {"nursing_bed_share": "the share"}
    with_study = replace(facts["en"], measure_first=study, output_names=names)
    sentence = risk_finding(with_study, "en")
    assert sentence is not None
    assert "Care-worker turnover" in sentence and "42%" in sentence and "25%" in sentence
    assert len(findings(with_study, "en")) == 5
