"""The report's 对策建议: which scenario to build the plan on, by a stated rule over a
stated period, and one recommendation for every shortage the recommended scenario's
results show, each with its need, supply and gap.

Every number a sentence quotes is one a table of the report shows (the 专栏, capacity,
care-at-home and cost tables), or the difference of two of them. The rules are in
`docs/reports.md`; Chinese and English are written side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from sim.present.findings import (
    MEASURE_FIRST_NAMED,
    ReportFacts,
    joined,
    one_decimal,
    p_met_text,
    scenario_name,
    yi_text,
)
from sim.present.labels import format_count, format_percent, indicator_name
from sim.present.outlook import (
    CHANNEL_MET_PERCENT,
    EVEN,
    LIKELY,
    SHORTFALL_TOLERANCE,
    values_in,
)

#: Nursing-type bed occupancy (%) below which beds stand idle enough to say so.
IDLE_OCCUPANCY_PERCENT = 80.0
#: How many cheaper scenarios the choice names when they miss a binding target.
CHEAPER_NAMED = 2


def _rule(facts: ReportFacts, lang: str) -> str:
    first, last = facts.plan_period
    if lang == "zh":
        return (
            f"推荐规则：在各项约束性目标达成概率均不低于{LIKELY:.0%}的情景中，选{first}—{last}年"
            "财政支出均值最低者；没有这样的情景时，选较有把握实现的约束性目标最多者。"
        )
    return (
        f"The rule: of the scenarios whose binding targets each have P(met) of at least "
        f"{LIKELY:.0%}, the one with the lowest mean public cost over {first}–{last}; when "
        "there is none, the one likely to meet the most binding targets."
    )


def _binding_p_met(facts: ReportFacts, scenario: str, lang: str) -> str:
    """'养老机构护理型床位占比（2030年）达成概率100%（68%—100%）' for each binding target."""
    outlook = facts.outlook
    own = outlook[(outlook["scenario"] == scenario) & (outlook["attribute"] == "binding")]
    parts = [
        f"{indicator_name(str(row.indicator), lang)}（{row.year}年）达成概率"
        f"{p_met_text(float(row.p_met), int(row.n), lang)}"
        if lang == "zh"
        else f"{indicator_name(str(row.indicator), lang)} ({row.year}): P(met) "
        f"{p_met_text(float(row.p_met), int(row.n), lang)}"
        for row in own.itertuples(index=False)
    ]
    return joined(parts, lang)


def _cheaper_clause(facts: ReportFacts, lang: str) -> str:
    """Scenarios cheaper than the chosen one that the rule passes over, and why."""
    chosen = facts.recommendation
    assert chosen is not None
    costs = chosen.public_costs
    cheaper = [str(name) for name in costs.index[costs < costs[chosen.scenario]]]
    # Only the near misses (no binding target likely missed): a scenario that clearly
    # misses a binding target is passed over by the rule as the tables show at a glance.
    outlook = facts.outlook
    binding = outlook[outlook["attribute"] == "binding"]
    near = set(binding.groupby("scenario")["p_met"].min().loc[lambda p: p >= EVEN].index)
    cheaper = [name for name in cheaper if name not in chosen.eligible and name in near]
    cheaper = cheaper[:CHEAPER_NAMED]
    clauses = []
    for name in cheaper:
        label, cost = scenario_name(facts, name, lang), yi_text(costs[name])
        p_met = _binding_p_met(facts, name, lang)
        clauses.append(
            f"{label}财政支出更低（{cost}亿元），但其{p_met}，低于{LIKELY:.0%}"
            if lang == "zh"
            else f"{label} costs less ({cost} hundred million yuan), but its {p_met} is below "
            f"{LIKELY:.0%}"
        )
    if not clauses:
        return ""
    return ("；".join(clauses) + "。") if lang == "zh" else ("; ".join(clauses) + ". ")


def _sensitivity_clause(facts: ReportFacts, lang: str) -> str:
    """The figures whose range changes the preferred scenario (the measure-first study)."""
    table = facts.measure_first
    if table is None or table.empty or "p_change" not in table:
        return ""
    moving = table[table["p_change"] > 0].sort_values("p_change", ascending=False)
    if moving.empty:
        return ""
    parts = []
    for _, row in moving.head(MEASURE_FIRST_NAMED).iterrows():
        label, p_change = row.get(f"label_{lang}", "") or row["input"], float(row["p_change"])
        parts.append(f"{label}（{format_percent(p_change)}）" if lang == "zh"
                     else f"{label} ({format_percent(p_change)})")  # fmt: skip
    if lang == "zh":
        return (f"这一选择取决于尚未核实的数据：{joined(parts, lang)}取其范围两端时，首选情景"
                "可能改变（括号内为改变的概率），宜先核实这些数据再定方案。")  # fmt: skip
    return (f"The choice rests on figures not yet measured: at the ends of the ranges of "
            f"{joined(parts, lang)} the preferred scenario may change (probability in "
            "brackets); measure them before settling the plan.")  # fmt: skip


def choice_recommendation(facts: ReportFacts, lang: str) -> str | None:
    """Rule 1: which scenario to build the plan on, the rule and period that chose it,
    the cheaper scenarios it passes over and what could change the choice."""
    chosen = facts.recommendation
    if chosen is None:
        return None
    label = scenario_name(facts, chosen.scenario, lang)
    cost = yi_text(chosen.public_costs[chosen.scenario])
    first, last = facts.plan_period
    p_met = _binding_p_met(facts, chosen.scenario, lang)
    if lang == "zh":
        verb = {"confident": "建议以{label}为基础编制规划",
                "margin": "建议以{label}为基础编制规划并留有余量",
                "none": "没有情景能较有把握地实现全部约束性目标，最接近的是{label}，建议加大投入"
                "或调整目标"}[chosen.strength].format(label=label)  # fmt: skip
        head = (f"{verb}：其约束性目标{p_met}，{first}—{last}年财政支出{cost}亿元。"
                f"{_rule(facts, lang)}")  # fmt: skip
    else:
        verb = {"confident": f"Build the plan on {label}",
                "margin": f"Build the plan on {label}, with a margin",
                "none": f"No scenario is likely to meet every binding target; the closest is "
                f"{label}: invest more, or revise the targets"}[chosen.strength]  # fmt: skip
        head = (f"{verb}. Binding targets: {p_met}; public cost in {first}–{last}: "
                f"{cost} hundred million yuan. {_rule(facts, lang)} ")  # fmt: skip
    return head + _cheaper_clause(facts, lang) + _sensitivity_clause(facts, lang)


def _gap(need: float, have: float) -> float:
    return max(need - have, 0.0) if np.isfinite(need) and np.isfinite(have) else np.nan


def _staff(values: Mapping[str, float], year: int, lang: str) -> str | None:
    need, have = values.get("caregivers_needed", np.nan), values.get("caregivers", np.nan)
    if not need > have * (1 + SHORTFALL_TOLERANCE):
        return None
    if lang == "zh":
        gap = format_count(_gap(need, have))
        return (f"加强养老机构护理员队伍：{year}年需护理员约{format_count(need)}人，约有"
                f"{format_count(have)}人，缺口约{gap}人。宜提高薪酬待遇、"
                "降低流失率，并扩大培训取证规模。")  # fmt: skip
    return (f"Build the nursing-home workforce: in {year} about {format_count(need)} care workers "
            f"are needed and about {format_count(have)} on hand, a gap of about "
            f"{format_count(_gap(need, have))}. Better pay, lower turnover and more certification "
            "training are the levers.")  # fmt: skip


def _home_care(values: Mapping[str, float], year: int, lang: str) -> str | None:
    need = values.get("caregivers_home_needed", np.nan)
    have = values.get("caregivers_home", np.nan)
    met = values.get("home_care_need_met", np.nan)
    if not (need > have * (1 + SHORTFALL_TOLERANCE) or met < CHANNEL_MET_PERCENT):
        return None
    if lang == "zh":
        return (f"扩大居家上门服务：{year}年居家上门服务需服务人员约{format_count(need)}人，约有"
                f"{format_count(have)}人，缺口约{format_count(_gap(need, have))}人；需求满足率"
                f"{one_decimal(met)}%。")  # fmt: skip
    return (f"Expand home care: in {year} about {format_count(need)} home-care workers are "
            f"needed and about {format_count(have)} on hand, a gap of about "
            f"{format_count(_gap(need, have))}; {one_decimal(met)}% of the hours needed are "
            "delivered.")  # fmt: skip


def _beds(values: Mapping[str, float], year: int, lang: str) -> str | None:
    beds, demand = values.get("beds_nursing", np.nan), values.get("nursing_bed_demand", np.nan)
    staffable = values.get("beds_staffable", np.nan)
    occupancy = values.get("occupancy_rate_nursing", np.nan)
    if demand > beds * (1 + SHORTFALL_TOLERANCE):
        if lang == "zh":
            gap = format_count(_gap(demand, beds))
            return (f"增加护理型床位：{year}年护理型床位需求约{format_count(demand)}人，床位"
                    f"{format_count(beds)}张，缺口约{gap}张。")  # fmt: skip
        return (f"Add nursing-type beds: in {year} about {format_count(demand)} people seek one "
                f"against {format_count(beds)} beds, a gap of about "
                f"{format_count(_gap(demand, beds))}.")  # fmt: skip
    if not occupancy < IDLE_OCCUPANCY_PERCENT:
        return None
    idle = _gap(beds, demand)
    if lang == "zh":
        return (f"护理型床位利用不足：{year}年护理型床位{format_count(beds)}张，需求约"
                f"{format_count(demand)}人，入住率{one_decimal(occupancy)}%，约{format_count(idle)}张"
                f"无人需要；现有护理员可服务{format_count(staffable)}张。宜放缓新建，把投入转向"
                "护理员和居家上门服务。")  # fmt: skip
    return (f"Nursing-type beds stand idle: in {year} there are {format_count(beds)} for a demand "
            f"of about {format_count(demand)}, {one_decimal(occupancy)}% occupied, about "
            f"{format_count(idle)} not needed; the care workers on hand can serve "
            f"{format_count(staffable)}. Slow new building and turn the money to care workers "
            "and home care.")  # fmt: skip


def _unmet_care(values: Mapping[str, float], year: int, lang: str) -> str | None:
    unmet = values.get("unmet_care_need", np.nan)
    if not unmet >= 1:
        return None
    if lang == "zh":
        return (f"补上居家照护缺口：{year}年约{format_count(unmet)}名无家庭照护者的失能、半失能"
                "老年人所需的居家上门服务未能提供（按未提供的服务时数折算人数），宜优先为其"
                "安排上门服务或社区照料。")  # fmt: skip
    return (
        f"Close the gap in care at home: in {year} about {format_count(unmet)} disabled people "
        "without a family carer go without the home care they need (hours not delivered, "
        "counted in people); serve them first, at home or in a community centre."
    )


def _community(values: Mapping[str, float], year: int, lang: str) -> str | None:
    coverage = values.get("community_coverage", np.nan)
    if not coverage < CHANNEL_MET_PERCENT:
        return None
    if lang == "zh":
        return f"增加社区照料名额：{year}年社区日间照料需求满足率为{one_decimal(coverage)}%。"
    return f"Add community places: in {year} {one_decimal(coverage)}% of requests are met."


#: One rule per shortage, in the order the recommendations give them.
SHORTAGES: tuple[Callable[[Mapping[str, float], int, str], str | None], ...] = (
    _staff, _home_care, _beds, _unmet_care, _community,
)  # fmt: skip


def shortage_recommendations(facts: ReportFacts, lang: str) -> list[str]:
    """Rule 2: one recommendation for each shortage the recommended scenario shows in the
    plan year (care workers, home care, beds short or idle, care at home, community
    places), with its need, supply and gap; one sentence when there is none."""
    chosen = facts.recommendation
    if chosen is None:
        return []
    values = values_in(facts.summary, chosen.scenario, facts.plan_year)
    if not values:
        return []
    found = [text for rule in SHORTAGES if (text := rule(values, facts.plan_year, lang))]
    if found:
        return found
    label = scenario_name(facts, chosen.scenario, lang)
    return [
        f"{label}情景下{facts.plan_year}年床位、护理人员和居家社区照护能力均可满足需求，"
        "规划重点可放在服务质量与成本控制。"
        if lang == "zh"
        else f"Under {label}, beds, staff and care at home meet demand in {facts.plan_year}; "
        "the plan can turn to quality and cost."
    ]


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
        + (f"（{row.year}年，{p_met_text(float(row.p_met), int(row.n), lang)}）" if lang == "zh"
           else f" ({row.year}, {p_met_text(float(row.p_met), int(row.n), lang)})")
        for row in own.itertuples(index=False)
    ]  # fmt: skip
    if lang == "zh":
        return (f"预期性目标{joined(parts, lang)}的达成概率低于{LIKELY:.0%}，"
                "建议在规划中说明其不确定性，或增加相应投入。")  # fmt: skip
    return (f"The expected targets {joined(parts, lang)} have P(met) below {LIKELY:.0%}: state "
            "the uncertainty in the plan, or invest more in them.")  # fmt: skip


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
        share = format_percent(min(float(row.variance_share), 1.0))
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
    sentences.extend(shortage_recommendations(facts, lang))
    for rule in (expected_target_recommendation, measure_recommendation):
        sentence = rule(facts, lang)
        if sentence:
            sentences.append(sentence)
    return sentences
