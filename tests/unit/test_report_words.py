"""The report's sentences on small hand-built outlooks: the summary is short, the choice of
scenario follows its stated rule over its stated period, every shortage gets a
recommendation with need, supply and gap, quotes nest as Chinese typography does, and
every P(met) carries its sampling interval."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from sim.present.advice import recommendations, shortage_recommendations
from sim.present.findings import ReportFacts, findings, quoted
from sim.present.outlook import proportion_interval, recommend

PLAN = 2030


def _outlook(rows: list[tuple[str, str, str, float, float, float]]) -> pd.DataFrame:
    """(scenario, indicator, attribute, target, mean, p_met) rows of the plan year, n 30."""
    return pd.DataFrame([
        {"scenario": s, "indicator": i, "year": PLAN, "target": t, "attribute": a, "mean": m,
         "pi_low": m, "pi_high": m, "p_met": p, "verdict": "", "n": 30}
        for s, i, a, t, m, p in rows
    ])  # fmt: skip


def _costs(public_yuan: dict[str, float]) -> pd.DataFrame:
    reference = next(iter(public_yuan))
    return pd.DataFrame([
        {"scenario": s, "reference": reference, "total_public_cost_yuan": v,
         "total_cost_yuan": 5 * v, "first_year": 2026, "last_year": PLAN}
        for s, v in public_yuan.items()
    ])  # fmt: skip


def _summary(values: dict[str, dict[str, float]]) -> pd.DataFrame:
    rows = [{"scenario": s, "year": PLAN, "indicator": i, "mean": v, "pi_low": v, "pi_high": v}
            for s, by in values.items() for i, v in by.items()]  # fmt: skip
    base = [{"scenario": s, "year": 2025, "indicator": "population_60plus", "mean": 100_000.0,
             "pi_low": 1e5, "pi_high": 1e5} for s in values]  # fmt: skip
    return pd.DataFrame(rows + base)


SHORT_OF_STAFF = {
    "population_60plus": 120_000.0, "share_60plus": 30.0, "disabled_full": 3000.0,
    "disabled_partial": 6000.0, "caregivers": 500.0, "caregivers_needed": 700.0,
    "beds_nursing": 4000.0, "nursing_bed_demand": 2400.0, "beds_staffable": 2000.0,
    "occupancy_rate_nursing": 57.0, "home_care_need_met": 60.0, "caregivers_home": 300.0,
    "caregivers_home_needed": 500.0, "unmet_care_need": 250.0, "community_coverage": 95.0,
    "gave_up": 400.0,
}  # fmt: skip


def _facts(lang_labels: dict[str, str] | None = None, measure: pd.DataFrame | None = None):
    outlook = _outlook([
        ("ref", "nursing_bed_share", "binding", 73, 58, 0.0),
        ("cheap", "nursing_bed_share", "binding", 73, 72, 0.6),
        ("plan", "nursing_bed_share", "binding", 73, 75, 0.9),
        ("dear", "nursing_bed_share", "binding", 73, 76, 1.0),
        ("plan", "consortia", "expected", 15, 14, 0.4),
    ])  # fmt: skip
    costs = _costs({"ref": 1.8e8, "cheap": 2.2e8, "plan": 2.4e8, "dear": 2.5e8})
    labels = lang_labels or {"ref": "不新增投入", "cheap": "延续“十四五”投入", "plan": "目标",
                             "dear": "床位优先"}  # fmt: skip
    return ReportFacts(
        summary=_summary({name: SHORT_OF_STAFF for name in labels}), outlook=outlook,
        costs=costs, names=list(labels), labels=labels, reference="ref", plan_year=PLAN,
        district="某区", recommendation=recommend(outlook, costs), measure_first=measure,
        plan_period=(2026, PLAN), base_year=2025,
    )  # fmt: skip


def test_the_choice_is_the_cheapest_scenario_likely_to_meet_every_binding_target() -> None:
    facts = _facts()
    assert facts.recommendation is not None
    # "cheap" is cheaper but its binding target is only 60% likely: the rule passes it over.
    assert facts.recommendation.scenario == "plan"
    assert facts.recommendation.eligible == ("plan", "dear")
    choice = recommendations(facts, "zh")[0]
    assert "选2026—2030年财政支出均值最低者" in choice
    assert "“延续‘十四五’投入”财政支出更低（2.20亿元）" in choice
    assert "“不新增投入”财政支出更低" not in choice  # 0%: the tables show it at a glance


def test_with_no_scenario_likely_the_rule_takes_the_one_closest() -> None:
    outlook = _outlook([("a", "nursing_bed_share", "binding", 73, 70, 0.3),
                        ("b", "nursing_bed_share", "binding", 73, 72, 0.6)])  # fmt: skip
    chosen = recommend(outlook, _costs({"a": 1e8, "b": 2e8}))
    assert chosen is not None and chosen.scenario == "b" and chosen.strength == "margin"
    assert chosen.eligible == ()


def test_the_summary_is_four_to_six_sentences_with_nested_quotes() -> None:
    for lang in ("zh", "en"):
        sentences = findings(_facts(), lang)
        assert 4 <= len(sentences) <= 6
    text = "".join(findings(_facts(), "zh"))
    assert text.count("达成概率不低于80%") <= 1
    assert "““" not in text and "””" not in text
    assert quoted("延续“十四五”投入", "zh") == "“延续‘十四五’投入”"


def test_every_shortage_gets_need_supply_and_gap() -> None:
    zh = shortage_recommendations(_facts(), "zh")
    staff = next(s for s in zh if "养老机构护理员" in s)
    assert "需护理员约700人" in staff and "约有500人" in staff and "缺口约200人" in staff
    home = next(s for s in zh if "居家上门服务需服务人员" in s)
    assert "约500人" in home and "约有300人" in home and "缺口约200人" in home
    idle = next(s for s in zh if "利用不足" in s)
    assert "4,000张" in idle and "2,400人" in idle and "57.0%" in idle and "1,600张" in idle
    assert any("250名" in s for s in zh)
    assert len(shortage_recommendations(_facts(), "en")) == len(zh)


def test_a_figure_that_changes_the_choice_is_named_in_it() -> None:
    measure = pd.DataFrame([
        {"rank": 1, "input": "centre_subsidy", "label_zh": "照料中心年运营补助",
         "label_en": "centre operating subsidy", "variance_share": 0.25, "p_change": 1.0,
         "output_most_explained": "cost_public", "measure_zh": "台账", "measure_en": "ledger"},
    ])  # fmt: skip
    choice = recommendations(_facts(measure=measure), "zh")[0]
    assert "照料中心年运营补助（100%）" in choice and "首选情景" in choice
    plain = recommendations(_facts(), "zh")[0]
    assert "首选情景可能改变" not in plain


def test_every_p_met_quoted_carries_its_sampling_interval() -> None:
    text = "".join(recommendations(_facts(), "zh"))
    for match in re.finditer(r"达成概率(\d+%)", text):
        assert text[match.end()] == "（", text[match.start() : match.end() + 12]


@pytest.mark.parametrize(("p_met", "n", "low", "high"), [
    (0.5, 10, 0.2366, 0.7634),  # Wilson's 1927 interval, z = 1.96
    (1.0, 30, 0.8865, 1.0),
    (0.0, 8, 0.0, 0.3244),
])  # fmt: skip
def test_the_sampling_interval_is_wilsons(p_met: float, n: int, low: float, high: float) -> None:
    got = proportion_interval(p_met, n)
    assert got == pytest.approx((low, high), abs=5e-4)


ENGLISH_LABELS = {"ref": "No new investment", "cheap": "Continue the 2021-2025 investment",
                  "plan": "Targets", "dear": "Beds first"}  # fmt: skip
MEASURE = pd.DataFrame([
    {"rank": 1, "input": "centre_subsidy", "label_zh": "照料中心年运营补助",
     "label_en": "centre operating subsidy", "variance_share": 0.25, "p_change": 0.3,
     "output_most_explained": "cost_public", "measure_zh": "台账", "measure_en": "ledger"},
])  # fmt: skip
OUTPUTS = {"zh": {"cost_public": "财政支出"}, "en": {"cost_public": "public cost"}}


def _every_sentence(lang: str) -> list[str]:
    """Every rule's sentences in `lang`: the summary and recommendations with shortages and
    a figure to measure first, with none short, and with no scenario likely."""
    labels = ENGLISH_LABELS if lang == "en" else None
    district = "Some District" if lang == "en" else "某区"
    facts = replace(_facts(labels, MEASURE), district=district, output_names=OUTPUTS[lang])
    ample = dict(SHORT_OF_STAFF, caregivers=800.0, caregivers_home=600.0, unmet_care_need=0.0,
                 home_care_need_met=99.0, occupancy_rate_nursing=95.0)  # fmt: skip
    short_of_beds = dict(ample, nursing_bed_demand=5000.0)
    sentences = findings(facts, lang) + recommendations(facts, lang)
    for values in (ample, short_of_beds):
        summary = _summary({name: values for name in facts.labels})
        sentences += recommendations(replace(facts, summary=summary), lang)
    unlikely = facts.outlook.assign(p_met=facts.outlook["p_met"] * 0.3)
    none = replace(facts, outlook=unlikely, recommendation=recommend(unlikely, facts.costs))
    return sentences + findings(none, lang) + recommendations(none, lang)


def test_every_sentence_speaks_its_language() -> None:
    english, chinese = _every_sentence("en"), _every_sentence("zh")
    assert len(english) == len(chinese) > 15
    for sentence in english:
        assert not re.search(r"[\u4e00-\u9fff]", sentence), sentence
    for sentence in chinese:
        assert not re.search(r"[A-Za-z]", sentence.replace("P(met)", "")), sentence
    assert any("Add nursing-type beds" in s for s in english)
    assert any("the plan can turn to quality and cost" in s for s in english)
    assert any(s.startswith("No scenario is likely") for s in english)
