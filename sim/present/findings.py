"""The report's 摘要: four to six plain sentences a reader takes in within a minute.

How many older people there will be and how fast their number grows; what limits care
if nothing new is invested; which scenarios are likely to meet the binding targets and
what the recommended one costs over which years; how its expected targets fare; and the
figure the answer depends on most. Each sentence comes from one rule of
`docs/reports.md`, applied to the outlook tables of `sim.present.outlook`; every number
in it is one a table of the report shows. Chinese and English are written side by side,
sentence by sentence, so the two say the same. The per-scenario detail is the table that
follows the sentences (`sim.present.tables.scenario_outlook_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.present.labels import (
    PERCENT_UNIT,
    RATE_UNITS,
    decimals,
    format_count,
    format_percent,
    indicator_name,
    table_unit,
    unit_name,
)
from sim.present.outlook import (
    LIKELY,
    Recommendation,
    binding_constraints,
    proportion_interval,
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
    #: the years every cost total sums (first, last): the plan period
    plan_period: tuple[int, int] = (0, 0)
    #: the year the runs start from
    base_year: int = 0


# ---- numbers in words ----------------------------------------------------------------------


def one_decimal(value: float) -> str:
    """A value with one decimal, or '–'."""
    return "–" if pd.isna(value) else f"{value:.1f}"


def yi_text(yuan: float) -> str:
    """Yuan in 亿元 with two decimals."""
    return "–" if pd.isna(yuan) else f"{yuan / YUAN_PER_YI:,.2f}"


def p_met_text(p_met: float, n: int, lang: str) -> str:
    """A P(met) with its 95% sampling interval (Wilson): '83%（70%—92%）'."""
    low, high = proportion_interval(p_met, n)
    if pd.isna(low):
        return format_percent(p_met)
    if lang == "zh":
        return f"{format_percent(p_met)}（{format_percent(low)}—{format_percent(high)}）"
    return f"{format_percent(p_met)} ({format_percent(low)}–{format_percent(high)})"


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


def quoted(label: str, lang: str) -> str:
    """A scenario's name in quotation marks; quotes inside it become single ones, as
    Chinese typography nests them (“延续‘十四五’投入”)."""
    if lang != "zh":
        return label
    return "“" + label.replace("“", "‘").replace("”", "’") + "”"


def joined(parts: Sequence[str], lang: str) -> str:
    """Items of a list in a sentence: 、 in Chinese, commas in English."""
    return ("、" if lang == "zh" else ", ").join(parts)


def scenario_name(facts: ReportFacts, scenario: str, lang: str) -> str:
    """A scenario's label, quoted."""
    return quoted(facts.labels.get(scenario, scenario), lang)


# ---- 摘要 -----------------------------------------------------------------------------------


def population_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 1: people aged 60+ in the plan year, against the base year's, and the disabled."""
    summary = facts.summary[facts.summary["scenario"] == facts.reference]
    rows = summary[summary["year"] == facts.plan_year].set_index("indicator")
    base = summary[summary["year"] == facts.base_year].set_index("indicator")["mean"]
    if "population_60plus" not in rows.index:
        return None
    older = rows.loc["population_60plus"]
    start = float(base.get("population_60plus", np.nan))
    years = facts.plan_year - facts.base_year
    growth = 100 * ((older["mean"] / start) ** (1 / years) - 1) if years > 0 else np.nan
    share = rows["mean"].get("share_60plus", np.nan)
    full = rows["mean"].get("disabled_full", np.nan)
    partial = rows["mean"].get("disabled_partial", np.nan)
    low, high = older.get("pi_low", np.nan), older.get("pi_high", np.nan)
    if lang == "zh":
        return (
            f"到{facts.plan_year}年，{facts.district}60岁及以上户籍老年人口预计为"
            f"{format_count(older['mean'])}人（95%结果范围{format_count(low)}—{format_count(high)}人），"
            f"比{facts.base_year}年的{format_count(start)}人年均增长{one_decimal(growth)}%，"
            f"占户籍人口的{one_decimal(share)}%；其中失能老年人约{format_count(full)}人，"
            f"半失能老年人约{format_count(partial)}人。"
        )
    return (
        f"By {facts.plan_year}, {facts.district} is projected to have "
        f"{format_count(older['mean'])} registered residents aged 60+ (95% range of outcomes "
        f"{format_count(low)}–{format_count(high)}), up from {format_count(start)} in "
        f"{facts.base_year}, {one_decimal(growth)}% a year, and {one_decimal(share)}% of the "
        f"registered population; about {format_count(full)} of them are fully and "
        f"{format_count(partial)} partially disabled."
    )


def constraint_parts(values: Mapping[str, float], lang: str) -> list[str]:
    """What binds in one scenario and year, each with the figures that show it."""
    have, need = (
        format_count(values.get(key, np.nan)) for key in ("caregivers", "caregivers_needed")
    )
    beds, demand = (
        format_count(values.get(key, np.nan)) for key in ("beds_nursing", "nursing_bed_demand")
    )
    home, community = (
        one_decimal(values.get(key, np.nan)) for key in ("home_care_need_met", "community_coverage")
    )
    parts = {
        "zh": {"staff": f"养老机构护理员（约有{have}人，需约{need}人）",
               "beds": f"护理型床位（{beds}张，需求约{demand}人）",
               "home_care": f"居家上门服务（需求满足率{home}%）",
               "community": f"社区照料名额（申请满足率{community}%）"},
        "en": {"staff": f"care workers in nursing homes (about {have} on hand, {need} needed)",
               "beds": f"nursing-type beds ({beds} for a demand of about {demand})",
               "home_care": f"home care ({home}% of the hours needed delivered)",
               "community": f"community places ({community}% of requests met)"},
    }[lang]  # fmt: skip
    return [parts[constraint] for constraint in binding_constraints(values)]


def constraint_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 2: what limits care in the plan year if nothing new is invested (the
    reference scenario), and how many give up waiting for a bed."""
    values = values_in(facts.summary, facts.reference, facts.plan_year)
    if not values:
        return None
    label = scenario_name(facts, facts.reference, lang)
    parts = constraint_parts(values, lang)
    gave_up = format_count(values.get("gave_up", np.nan))
    if lang == "zh":
        limits = (f"制约照护的是{joined(parts, lang)}" if parts
                  else "床位、护理人员和居家社区照护能力均可满足需求")  # fmt: skip
        return (f"按{label}情景，{facts.plan_year}年{limits}；"
                f"全年约{gave_up}人放弃轮候养老机构床位。")  # fmt: skip
    limits = (f"care is limited by {joined(parts, lang)}" if parts
              else "beds, staff and care at home meet demand")  # fmt: skip
    return (f"Under {label}, in {facts.plan_year} {limits}; about {gave_up} people give up "
            "waiting for a nursing-home bed in the year.")  # fmt: skip


def _binding_names(chosen: Recommendation, lang: str) -> str:
    return joined(
        list(dict.fromkeys(indicator_name(str(i), lang) for i in chosen.binding["indicator"])),
        lang,
    )


def choice_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 3: which scenarios are likely to meet the binding targets, and the recommended
    one's cost over the plan period (the rule of `sim.present.outlook.recommend`)."""
    chosen = facts.recommendation
    if chosen is None:
        return None
    first, last = facts.plan_period
    label = scenario_name(facts, chosen.scenario, lang)
    cost = facts.costs.set_index("scenario").loc[chosen.scenario]
    public, total = yi_text(cost["total_public_cost_yuan"]), yi_text(cost["total_cost_yuan"])
    binding = _binding_names(chosen, lang)
    count = len(facts.names)
    if chosen.eligible:
        names = joined([scenario_name(facts, name, lang) for name in chosen.eligible], lang)
        if lang == "zh":
            return (
                f"{count}个情景中，{names}有较大把握实现约束性目标（{binding}，达成概率不低于"
                f"{LIKELY:.0%}）；其中{label}{first}—{last}年财政支出最低，为{public}亿元"
                f"（总支出{total}亿元）。"
            )
        return (
            f"Of the {count} scenarios, {names} are likely to meet the binding targets "
            f"({binding}, P(met) at least {LIKELY:.0%}); of these, {label} costs the public "
            f"budget least in {first}–{last}: {public} hundred million yuan ({total} in total)."
        )
    likely = int((chosen.binding["p_met"] >= LIKELY).sum())
    if lang == "zh":
        return (
            f"{count}个情景均无较大把握实现全部约束性目标（{binding}）；最接近的是{label}"
            f"（{len(chosen.binding)}项中{likely}项达成概率不低于{LIKELY:.0%}），"
            f"{first}—{last}年财政支出{public}亿元（总支出{total}亿元）。"
        )
    return (
        f"None of the {count} scenarios is likely to meet every binding target ({binding}); "
        f"the closest is {label} ({likely} of {len(chosen.binding)} with P(met) at least "
        f"{LIKELY:.0%}), at {public} hundred million yuan of public money in {first}–{last} "
        f"({total} in total)."
    )


def _target_phrase(row: pd.Series, lang: str) -> str:
    indicator = str(row["indicator"])
    name = indicator_name(indicator, lang)
    target = target_text(indicator, float(row["target"]), lang)
    mean = value_text(indicator, float(row["mean"]), lang)
    p_met = p_met_text(float(row["p_met"]), int(row["n"]), lang)
    if lang == "zh":
        return f"{name}（目标{target}，预计{mean}，达成概率{p_met}）"
    return f"{name} (target {target}, projected {mean}, P(met) {p_met})"


def expected_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 4: how the recommended scenario fares on the plan year's expected targets."""
    chosen = facts.recommendation
    if chosen is None:
        return None
    outlook = facts.outlook
    own = outlook[(outlook["scenario"] == chosen.scenario) & (outlook["year"] == facts.plan_year)
                  & (outlook["attribute"] != "binding")]  # fmt: skip
    if own.empty:
        return None
    weak = own[own["p_met"] < LIKELY]
    likely = len(own) - len(weak)
    phrases = [_target_phrase(row, lang) for _, row in weak.iterrows()]
    if lang == "zh":
        head = f"该情景下，{facts.plan_year}年{len(own)}项预期性目标中{likely}项有较大把握实现"
        return f"{head}；{'、'.join(phrases)}把握不足。" if phrases else f"{head}。"
    head = (f"Under it, {likely} of the {len(own)} expected targets for {facts.plan_year} are "
            "likely met")  # fmt: skip
    return f"{head}; uncertain or likely missed: {'; '.join(phrases)}." if phrases else f"{head}."


def risk_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 5: the figure the answer depends on most (the first of the measure-first
    ranking), how much it explains and whether it changes the choice."""
    table = facts.measure_first
    if table is None or table.empty:
        return None
    row = table.iloc[0]
    label = str(row.get(f"label_{lang}", "") or row["input"])
    outputs = facts.output_names or {}
    output = outputs.get(str(row["output_most_explained"]), str(row["output_most_explained"]))
    share = format_percent(min(float(row["variance_share"]), 1.0))
    change = float(row.get("p_change", np.nan))
    if lang == "zh":
        moves = (f"，取其范围两端时首选情景改变的概率为{format_percent(change)}"
                 if change > 0 else "")  # fmt: skip
        return (f"结论最依赖{label}：它最多可解释{output}方差的{share}{moves}，"
                "应优先核实。")  # fmt: skip
    moves = (f", and at the ends of its range the preferred scenario changes with "
             f"probability {format_percent(change)}" if change > 0 else "")  # fmt: skip
    return (f"The answer depends most on {label}: it explains up to {share} of the variance "
            f"of {output}{moves}. Measure it first.")  # fmt: skip


def findings(facts: ReportFacts, lang: str) -> list[str]:
    """The 摘要: at most six sentences, in the order of docs/reports.md."""
    rules = (population_finding, constraint_finding, choice_finding, expected_finding,
             risk_finding)  # fmt: skip
    return [sentence for rule in rules if (sentence := rule(facts, lang))]
