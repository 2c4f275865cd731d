"""The report's words: findings (摘要) and recommendations (对策建议), from the numbers.

Each sentence comes from one rule of `docs/reports.md`, applied to the outlook tables of
`sim.present.outlook`; nothing here is written about a particular run. Chinese and
English are written side by side, sentence by sentence, so the two say the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model.indicators import meets_target
from sim.present.labels import (
    PERCENT_UNIT,
    RATE_UNITS,
    decimals,
    indicator_name,
    table_unit,
    unit_name,
)
from sim.present.outlook import (
    CONSTRAINTS,
    LIKELY,
    Recommendation,
    binding_constraints,
    values_in,
)

#: Yuan in one 亿元 (100 million yuan).
YUAN_PER_YI = 1e8
#: How many inputs to measure first the recommendations name.
MEASURE_FIRST_NAMED = 3


@dataclass(frozen=True)
class ReportFacts:
    """What the findings read: the run's tables and the outlook computed from them."""

    summary: pd.DataFrame
    #: `sim.present.outlook.target_outlook`
    outlook: pd.DataFrame
    #: `sim.present.outlook.plan_costs` (reference first)
    costs: pd.DataFrame
    names: Sequence[str]
    labels: Mapping[str, str]
    reference: str
    plan_year: int
    district: str
    recommendation: Recommendation | None = None
    #: a sensitivity study's measure_first.csv, when the run has one
    measure_first: pd.DataFrame | None = None
    #: names of the outputs a sensitivity study explains, in the report's language
    output_names: Mapping[str, str] | None = None


# ---- numbers in words ----------------------------------------------------------------------


def _count(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:,.0f}"


def _percent(fraction: float) -> str:
    return "–" if pd.isna(fraction) else f"{100 * fraction:.0f}%"


def _one_decimal(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.1f}"


def _yi(yuan: float) -> str:
    """Yuan in 亿元 with two decimals."""
    return "–" if pd.isna(yuan) else f"{yuan / YUAN_PER_YI:,.2f}"


def value_text(indicator: str, value: float, lang: str) -> str:
    """A value with its unit as a sentence writes it: '68.2%', '23.5人', '15 consortia'."""
    if pd.isna(value):
        return "–"
    return _with_unit(indicator, f"{value:,.{decimals(indicator)}f}", lang)


def _with_unit(indicator: str, shown: str, lang: str) -> str:
    unit = unit_name(indicator, lang)
    if unit == PERCENT_UNIT:
        return f"{shown}%"
    if lang == "zh":
        return f"{shown}{unit}"
    # English says what a rate is per: '30 per 10,000 aged 60+'.
    return f"{shown} {table_unit(indicator, lang) if indicator in RATE_UNITS else unit}"


def target_text(indicator: str, target: float, lang: str) -> str:
    """A target as the plan writes it: '73%', '30人', '15 consortia'."""
    return _with_unit(indicator, f"{target:g}", lang)


def _quoted(label: str, lang: str) -> str:
    return f"“{label}”" if lang == "zh" else label


def _join(parts: Sequence[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(parts)


# ---- 摘要: findings ---------------------------------------------------------------------------


def population_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 1: people aged 60+ in the plan year, their share, the disabled."""
    rows = facts.summary[
        (facts.summary["scenario"] == facts.reference) & (facts.summary["year"] == facts.plan_year)
    ].set_index("indicator")
    if "population_60plus" not in rows.index:
        return None
    older = rows.loc["population_60plus"]
    share = rows["mean"].get("share_60plus", np.nan)
    full = rows["mean"].get("disabled_full", np.nan)
    partial = rows["mean"].get("disabled_partial", np.nan)
    low, high = older.get("pi_low", np.nan), older.get("pi_high", np.nan)
    if lang == "zh":
        return (
            f"到{facts.plan_year}年，{facts.district}60岁及以上户籍老年人口预计为"
            f"{_count(older['mean'])}人（95%结果范围{_count(low)}—{_count(high)}人），"
            f"占户籍人口的{_one_decimal(share)}%；其中失能老年人约{_count(full)}人，"
            f"半失能老年人约{_count(partial)}人。"
        )
    return (
        f"By {facts.plan_year}, {facts.district} is projected to have {_count(older['mean'])} "
        f"registered residents aged 60+ (95% range of outcomes {_count(low)}–{_count(high)}), "
        f"{_one_decimal(share)}% of the registered population; about {_count(full)} of them are "
        f"fully and {_count(partial)} partially disabled."
    )


def first_year_short(facts: ReportFacts, scenario: str, indicator: str) -> int | None:
    """The first target year of `indicator` whose mean misses its target (as targets.csv)."""
    outlook = facts.outlook
    rows = outlook[(outlook["scenario"] == scenario)
                   & (outlook["indicator"] == indicator)].sort_values("year")  # fmt: skip
    for row in rows.itertuples(index=False):
        if not meets_target(indicator, float(row.mean), float(row.target)):
            return int(row.year)
    return None


def short_after_plan(
    facts: ReportFacts, scenario: str, indicator: str, target: float
) -> int | None:
    """The first year after the plan year whose mean falls short of the plan year's target:
    how long a target met in the plan year holds."""
    summary = facts.summary
    rows = summary[(summary["scenario"] == scenario) & (summary["indicator"] == indicator)
                   & (summary["year"] > facts.plan_year)].sort_values("year")  # fmt: skip
    for row in rows.itertuples(index=False):
        if not meets_target(indicator, float(row.mean), target):
            return int(row.year)
    return None


def _target_phrase(row: pd.Series, lang: str, first_short: int | None = None) -> str:
    name = indicator_name(str(row["indicator"]), lang)
    target = target_text(str(row["indicator"]), float(row["target"]), lang)
    mean = value_text(str(row["indicator"]), float(row["mean"]), lang)
    p_met = _percent(float(row["p_met"]))
    if lang == "zh":
        word = "把握不足" if row["verdict"] == "uncertain" else "难以实现"
        short = f"，首个未达标年份{first_short}年" if first_short is not None else ""
        return f"{name}{word}（目标{target}，预计{mean}，达成概率{p_met}{short}）"
    word = "uncertain" if row["verdict"] == "uncertain" else "likely missed"
    short = f", first year short {first_short}" if first_short is not None else ""
    return f"{name} {word} (target {target}, projected {mean}, P(met) {p_met}{short})"


def _holds_until_phrase(row: pd.Series, year: int, lang: str) -> str:
    name = indicator_name(str(row["indicator"]), lang)
    target = target_text(str(row["indicator"]), float(row["target"]), lang)
    if lang == "zh":
        return f"{name}在{year}年均值回落至目标{target}以下"
    return f"{name} falls back below its target of {target} in {year} (mean)"


def target_findings(facts: ReportFacts, lang: str) -> list[str]:
    """Rule 2: per scenario, the plan year's targets likely met and the others."""
    sentences = []
    outlook = facts.outlook[facts.outlook["year"] == facts.plan_year]
    for name in facts.names:
        own = outlook[outlook["scenario"] == name]
        if own.empty:
            continue
        label = _quoted(facts.labels.get(name, name), lang)
        likely = int((own["verdict"] == "likely").sum())
        others = []
        for _, row in own[own["verdict"] != "likely"].iterrows():
            first = first_year_short(facts, name, str(row["indicator"]))
            # Named only when an earlier target year is already missed in the mean.
            others.append(_target_phrase(row, lang, first if first != facts.plan_year else None))
        # Targets met in the plan year that do not hold to the end of the horizon.
        for _, row in own[own["verdict"] == "likely"].iterrows():
            year = short_after_plan(facts, name, str(row["indicator"]), float(row["target"]))
            if year is not None:
                others.append(_holds_until_phrase(row, year, lang))
        if lang == "zh":
            if not others:
                sentences.append(f"{label}：{facts.plan_year}年{len(own)}项目标均有较大把握实现。")
            else:
                sentences.append(
                    f"{label}：{facts.plan_year}年{len(own)}项目标中{likely}项有较大把握实现"
                    f"（达成概率不低于{LIKELY:.0%}）；{'；'.join(others)}。"
                )
        elif not others:
            sentences.append(
                f"{label}: all {len(own)} targets for {facts.plan_year} are likely met."
            )
        else:
            sentences.append(
                f"{label}: {likely} of the {len(own)} targets for {facts.plan_year} are likely "
                f"met (P(met) at least {LIKELY:.0%}); {'; '.join(others)}."
            )
    return sentences


def unmet_finding(facts: ReportFacts, scenario: str, lang: str) -> str | None:
    """Rule 3: unmet need in the plan year under one scenario."""
    values = values_in(facts.summary, scenario, facts.plan_year)
    if "gave_up" not in values:
        return None
    label = _quoted(facts.labels.get(scenario, scenario), lang)
    gave_up, share = values["gave_up"], values.get("unmet_bed_demand", np.nan)
    waiting, unmet = values.get("waiting_list", np.nan), values.get("unmet_care_need", np.nan)
    home = values.get("home_care_need_met", np.nan)
    if lang == "zh":
        return (
            f"{facts.plan_year}年，{label}情景下有{_count(gave_up)}人放弃轮候养老机构床位"
            f"（占结束轮候者的{_one_decimal(share)}%），年末仍有{_count(waiting)}人轮候，"
            f"约{_count(unmet)}名无家庭照护者的失能、半失能老年人所需的居家上门服务未能提供"
            f"（按未提供的服务时数折算人数）；"
            f"居家上门服务需求满足率为{_one_decimal(home)}%。"
        )
    return (
        f"In {facts.plan_year}, under {label}, {_count(gave_up)} people give up waiting for a "
        f"bed ({_one_decimal(share)}% of those whose wait ended), {_count(waiting)} are still "
        f"waiting at year end, about {_count(unmet)} disabled people without a family carer "
        f"go without the home care they need (hours not delivered, counted in people), and "
        f"{_one_decimal(home)}% of the home-care hours needed are delivered."
    )


CONSTRAINT_NAMES = {
    "zh": {
        "staff": "护理人员不足（现有护理员能运营的护理型床位少于床位数和需求）",
        "beds": "护理型床位不足",
        "home_care": "居家上门服务能力不足（需求满足率低于90%）",
        "community": "社区照料名额不足（申请满足率低于90%）",
        "none": "能力可满足需求",
    },
    "en": {
        "staff": "staff (the care workers on hand can run fewer nursing-type beds than exist "
        "and are sought)",
        "beds": "nursing-type beds",
        "home_care": "home care (under 90% of the hours needed delivered)",
        "community": "community places (under 90% of requests met)",
        "none": "nothing (capacity meets demand)",
    },
}


def constraint_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 4: what binds in the plan year, scenarios grouped by the same finding."""
    groups: dict[str, list[str]] = {}
    for name in facts.names:
        values = values_in(facts.summary, name, facts.plan_year)
        if not values:
            continue
        label = _quoted(facts.labels.get(name, name), lang)
        for constraint in binding_constraints(values) or ["none"]:
            groups.setdefault(constraint, []).append(label)
    if not groups:
        return None
    words = CONSTRAINT_NAMES[lang]
    order = [c for c in (*CONSTRAINTS, "none") if c in groups]
    if lang == "zh":
        parts = [f"{words[c]}：{_join(groups[c], lang)}" for c in order]
        return f"{facts.plan_year}年的制约因素——{'；'.join(parts)}。"
    parts = [f"{words[c]}: {_join(groups[c], lang)}" for c in order]
    return f"What binds in {facts.plan_year}: {'; '.join(parts)}."


def cost_findings(facts: ReportFacts, lang: str) -> list[str]:
    """Rule 5: costs of the plan period, and against the reference."""
    if facts.costs is None or facts.costs.empty:
        return []
    first, last = int(facts.costs["first_year"].iloc[0]), int(facts.costs["last_year"].iloc[0])
    sentences = []
    reference = _quoted(facts.labels.get(facts.reference, facts.reference), lang)
    for row in facts.costs.itertuples(index=False):
        label = _quoted(facts.labels.get(row.scenario, row.scenario), lang)
        public, total = _yi(row.total_public_cost_yuan), _yi(row.total_cost_yuan)
        if row.scenario == row.reference:
            sentences.append(
                f"{first}—{last}年，{label}财政支出{public}亿元、总支出{total}亿元。"
                if lang == "zh"
                else f"In {first}–{last}, {label} costs the public budget {public} and in total "
                f"{total} hundred million yuan."
            )
            continue
        extra = float(row.extra_cost_yuan)
        per = row.cost_per_extra_person_yuan
        if lang == "zh":
            more = "多" if extra >= 0 else "少"
            sentence = (
                f"{first}—{last}年，{label}财政支出{public}亿元、总支出{total}亿元，"
                f"比{reference}{more}支出{_yi(abs(extra))}亿元，"
                f"服务人次{'增加' if row.extra_served >= 0 else '减少'}"
                f"{_count(abs(row.extra_served))}"
            )
            sentence += f"，每多服务一人次约{_count(per)}元。" if pd.notna(per) else "。"
        else:
            direction = "more" if extra >= 0 else "less"
            sentence = (
                f"In {first}–{last}, {label} costs the public budget {public} and in total "
                f"{total} hundred million yuan, {_yi(abs(extra))} {direction} than {reference}, "
                f"and serves {_count(row.extra_served)} more people"
            )
            sentence += (
                f", about {_count(per)} yuan per extra person served." if pd.notna(per) else "."
            )
        sentences.append(sentence)
    return sentences


def findings(facts: ReportFacts, lang: str) -> list[str]:
    """Every finding, in the order of docs/reports.md."""
    sentences: list[str] = []
    population = population_finding(facts, lang)
    if population:
        sentences.append(population)
    sentences.extend(target_findings(facts, lang))
    shown = [facts.reference]
    if facts.recommendation is not None and facts.recommendation.scenario != facts.reference:
        shown.append(facts.recommendation.scenario)
    for scenario in shown:
        unmet = unmet_finding(facts, scenario, lang)
        if unmet:
            sentences.append(unmet)
    constraint = constraint_finding(facts, lang)
    if constraint:
        sentences.append(constraint)
    sentences.extend(cost_findings(facts, lang))
    return sentences


# ---- 对策建议: recommendations ----------------------------------------------------------------


def choice_recommendation(facts: ReportFacts, lang: str) -> str | None:
    """Rule 1: which scenario to build the plan on, and how surely."""
    chosen = facts.recommendation
    if chosen is None:
        return None
    label = _quoted(facts.labels.get(chosen.scenario, chosen.scenario), lang)
    share = _percent(chosen.preferred_share)
    below = chosen.binding[chosen.binding["p_met"] < LIKELY]
    weak = [
        f"{indicator_name(str(row.indicator), lang)}（{_percent(row.p_met)}）"
        if lang == "zh"
        else f"{indicator_name(str(row.indicator), lang)} ({_percent(row.p_met)})"
        for row in below.itertuples(index=False)
    ]
    if chosen.strength == "confident":
        if lang == "zh":
            return (
                f"建议以{label}为基础编制规划：它有较大把握实现全部约束性目标（各项达成概率均不低于"
                f"{LIKELY:.0%}），并在{share}的模拟中是实现约束性目标的情景里财政支出最低的。"
            )
        return (
            f"Build the plan on {label}: it is likely to meet every binding target (each with "
            f"P(met) at least {LIKELY:.0%}), and in {share} of the replications it is the "
            f"cheapest for the public budget of the scenarios meeting them."
        )
    if chosen.strength == "margin":
        if lang == "zh":
            return (
                f"建议以{label}为基础编制规划并留有余量：它在{share}的模拟中为首选情景，"
                f"但约束性目标{_join(weak, lang)}的达成概率低于{LIKELY:.0%}。"
            )
        return (
            f"Build the plan on {label}, with a margin: it is the preferred scenario in {share} "
            f"of the replications, but the binding targets {_join(weak, lang)} have P(met) "
            f"below {LIKELY:.0%}."
        )
    likely = int((chosen.binding["p_met"] >= LIKELY).sum())
    count = len(chosen.binding)
    if lang == "zh":
        return (
            f"没有情景能较有把握地实现全部约束性目标。最接近的是{label}"
            f"（{count}项约束性目标中{likely}项有较大把握实现），建议加大投入或调整目标。"
        )
    return (
        f"No scenario is likely to meet every binding target. The closest is {label} ({likely} of "
        f"{count} binding targets likely met): invest more, or revise the targets."
    )


def capacity_recommendations(facts: ReportFacts, lang: str) -> list[str]:
    """Rule 2: what to add, for each constraint that binds in the recommended scenario."""
    chosen = facts.recommendation
    if chosen is None:
        return []
    values = values_in(facts.summary, chosen.scenario, facts.plan_year)
    if not values:
        return []
    year = facts.plan_year
    need, have = values.get("caregivers_needed", np.nan), values.get("caregivers", np.nan)
    need_home = values.get("caregivers_home_needed", np.nan)
    have_home = values.get("caregivers_home", np.nan)
    zh = {
        "staff": f"加强护理员队伍建设：{year}年养老机构需护理员约{_count(need)}人，该情景下约有"
        f"{_count(have)}人；居家上门服务需服务人员约{_count(need_home)}人，约有{_count(have_home)}人。"
        "宜提高薪酬待遇、降低流失率，并扩大培训取证规模。",
        "beds": f"增加护理型床位：{year}年护理型床位需求约"
        f"{_count(values.get('nursing_bed_demand', np.nan))}"
        f"人，护理型床位{_count(values.get('beds_nursing', np.nan))}张。",
        "home_care": f"扩大居家上门服务：{year}年居家上门服务需求满足率为"
        f"{_one_decimal(values.get('home_care_need_met', np.nan))}%，需服务人员约"
        f"{_count(need_home)}人，"
        f"约有{_count(have_home)}人。",
        "community": f"增加社区照料名额：{year}年社区照料申请满足率为"
        f"{_one_decimal(values.get('community_coverage', np.nan))}%。",
    }
    en = {
        "staff": f"Build the care workforce: in {year} nursing homes need about {_count(need)} car"
        f"e "
        f"workers and have about {_count(have)}; home care needs about {_count(need_home)} workers "
        f"and has about {_count(have_home)}. Better pay, lower turnover and more certification "
        "training are the levers.",
        "beds": f"Add nursing-type beds: in {year} about "
        f"{_count(values.get('nursing_bed_demand', np.nan))} people seek one, against "
        f"{_count(values.get('beds_nursing', np.nan))} beds.",
        "home_care": f"Expand home care: in {year} "
        f"{_one_decimal(values.get('home_care_need_met', np.nan))}"
        f"% of the hours needed are delivered; about {_count(need_home)} workers are needed, "
        f"about {_count(have_home)} on hand.",
        "community": f"Add community places: in {year} "
        f"{_one_decimal(values.get('community_coverage', np.nan))}% of requests are met.",
    }
    found = binding_constraints(values)
    if not found:
        label = _quoted(facts.labels.get(chosen.scenario, chosen.scenario), lang)
        return [
            f"{label}情景下{year}年床位、护理人员和居家社区照护能力均可满足需求，"
            "规划重点可放在服务质量与成本控制。"
            if lang == "zh"
            else f"Under {label}, beds, staff and care at home meet demand in {year}; the plan "
            "can turn to quality and cost."
        ]
    words = zh if lang == "zh" else en
    return [words[constraint] for constraint in found]


def expected_target_recommendation(facts: ReportFacts, lang: str) -> str | None:
    """Rule 3: expected targets of the recommended scenario with P(met) < 80%."""
    chosen = facts.recommendation
    if chosen is None:
        return None
    own = facts.outlook[
        (facts.outlook["scenario"] == chosen.scenario)
        & (facts.outlook["attribute"] == "expected")
        & (facts.outlook["p_met"] < LIKELY)
    ]
    if own.empty:
        return None
    parts = [
        f"{indicator_name(str(row.indicator), lang)}"
        + (f"（{row.year}年，{_percent(row.p_met)}）" if lang == "zh"
           else f" ({row.year}, {_percent(row.p_met)})")
        for row in own.itertuples(index=False)
    ]  # fmt: skip
    if lang == "zh":
        return (
            f"预期性目标{_join(parts, lang)}的达成概率低于{LIKELY:.0%}，"
            "建议在规划中说明其不确定性，或增加相应投入。"
        )
    return (
        f"The expected targets {_join(parts, lang)} have P(met) below {LIKELY:.0%}: state the "
        "uncertainty in the plan, or invest more in them."
    )


def measure_recommendation(facts: ReportFacts, lang: str) -> str | None:
    """Rule 4: the first inputs of the sensitivity study's ranking, with how to measure them."""
    table = facts.measure_first
    if table is None or table.empty:
        return None
    outputs = facts.output_names or {}
    parts = []
    for row in table.head(MEASURE_FIRST_NAMED).itertuples(index=False):
        what = getattr(row, f"measure_{lang}", "")
        label = getattr(row, f"label_{lang}", "") or row.input
        what = what if isinstance(what, str) and what else str(label)
        output = outputs.get(str(row.output_most_explained), str(row.output_most_explained))
        share = _percent(min(float(row.variance_share), 1.0))
        parts.append(
            f"{what}（可解释{output}方差的{share}）" if lang == "zh"
            else f"{what} (explains {share} of the variance of {output})"
        )  # fmt: skip
    if lang == "zh":
        return f"优先核实以下数据，可最大程度缩小结论的不确定性：{'；'.join(parts)}。"
    return f"Measure these first; they narrow the answer most: {'; '.join(parts)}."


def recommendations(facts: ReportFacts, lang: str) -> list[str]:
    """Every recommendation, in the order of docs/reports.md."""
    sentences: list[str] = []
    choice = choice_recommendation(facts, lang)
    if choice:
        sentences.append(choice)
    sentences.extend(capacity_recommendations(facts, lang))
    expected = expected_target_recommendation(facts, lang)
    if expected:
        sentences.append(expected)
    measure = measure_recommendation(facts, lang)
    if measure:
        sentences.append(measure)
    return sentences
