"""The report's recommendations: which scenario to build the plan on, by a stated rule over a
stated period, and one recommendation for every shortage the recommended scenario's
results show, each with its need, supply and gap.

Every number a sentence quotes is one a table of the report shows (the targets, capacity,
care-at-home and cost tables), or the difference of two of them. The rules are in
`docs/reports.md`; the sentences' words are messages of the catalogue
(`sim/catalogue/<lang>/findings.po`, keys `advice.*`), one per sentence in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from sim.catalogue import text
from sim.present.findings import (
    MEASURE_FIRST_NAMED,
    ReportFacts,
    fund_sentence,
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
    return text("advice.rule", lang, likely=LIKELY, first=first, last=last)


def _binding_p_met(facts: ReportFacts, scenario: str, lang: str) -> str:
    """Each binding target's name, year and P(met) with its interval."""
    outlook = facts.outlook
    own = outlook[(outlook["scenario"] == scenario) & (outlook["attribute"] == "binding")]
    return joined(_target_parts(own, "advice.binding_p_met", lang), lang)


def _target_parts(rows: pd.DataFrame, key: str, lang: str) -> list[str]:
    """Message `key` for each target of `rows` (outlook rows): its name, year and P(met)
    with its interval."""
    return [
        text(key, lang, name=indicator_name(str(row.indicator), lang), year=row.year,
             p_met=p_met_text(float(row.p_met), int(row.n), lang))
        for row in rows.itertuples(index=False)
    ]  # fmt: skip


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
    clauses = [
        text(
            "advice.cheaper",
            lang,
            label=scenario_name(facts, name, lang),
            cost=yi_text(costs[name]),
            p_met=_binding_p_met(facts, name, lang),
            likely=LIKELY,
        )
        for name in cheaper[:CHEAPER_NAMED]
    ]
    if not clauses:
        return ""
    separator = text("findings.clause_separator", lang)
    return text("advice.cheaper_clauses", lang, clauses=separator.join(clauses))


def _sensitivity_clause(facts: ReportFacts, lang: str) -> str:
    """The figures whose range changes the preferred scenario (the measure-first study)."""
    table = facts.measure_first
    if table is None or table.empty or "p_change" not in table:
        return ""
    moving = table[table["p_change"] > 0].sort_values("p_change", ascending=False)
    if moving.empty:
        return ""
    parts = [
        text(
            "findings.bracketed",
            lang,
            text=row.get(f"label_{lang}", "") or row["input"],
            note=format_percent(float(row["p_change"])),
        )
        for _, row in moving.head(MEASURE_FIRST_NAMED).iterrows()
    ]
    return text("advice.sensitivity", lang, parts=joined(parts, lang))


def choice_recommendation(facts: ReportFacts, lang: str) -> str | None:
    """Rule 1: which scenario to build the plan on, the rule and period that chose it,
    the cheaper scenarios it passes over and what could change the choice."""
    chosen = facts.recommendation
    if chosen is None:
        return None
    label = scenario_name(facts, chosen.scenario, lang)
    first, last = facts.plan_period
    head = text(
        "advice.choice", lang,
        verb=text(f"advice.choice_{chosen.strength}", lang, label=label),
        p_met=_binding_p_met(facts, chosen.scenario, lang), first=first, last=last,
        cost=yi_text(chosen.public_costs[chosen.scenario]), rule=_rule(facts, lang),
    )  # fmt: skip
    # The English head ends with a space before the clauses that follow; so does the fund's.
    fund = fund_sentence(facts.costs.set_index("scenario").loc[chosen.scenario], lang).strip()
    fund += " " if fund and lang != "zh" else ""
    return (head + fund + _cheaper_clause(facts, lang) + _sensitivity_clause(facts, lang)).rstrip()


def _gap(need: float, have: float) -> float:
    return max(need - have, 0.0) if np.isfinite(need) and np.isfinite(have) else np.nan


def _staff(values: Mapping[str, float], year: int, lang: str) -> str | None:
    need, have = values.get("caregivers_needed", np.nan), values.get("caregivers", np.nan)
    if not need > have * (1 + SHORTFALL_TOLERANCE):
        return None
    return text(
        "advice.staff", lang,
        year=year, need=format_count(need), have=format_count(have),
        gap=format_count(_gap(need, have)),
    )  # fmt: skip


def _home_care(values: Mapping[str, float], year: int, lang: str) -> str | None:
    need = values.get("caregivers_home_needed", np.nan)
    have = values.get("caregivers_home", np.nan)
    met = values.get("home_care_need_met", np.nan)
    if not (need > have * (1 + SHORTFALL_TOLERANCE) or met < CHANNEL_MET_PERCENT):
        return None
    return text(
        "advice.home_care", lang,
        year=year, need=format_count(need), have=format_count(have),
        gap=format_count(_gap(need, have)), met=one_decimal(met),
    )  # fmt: skip


def _beds(values: Mapping[str, float], year: int, lang: str) -> str | None:
    beds, demand = values.get("beds_nursing", np.nan), values.get("nursing_bed_demand", np.nan)
    staffable = values.get("beds_staffable", np.nan)
    occupancy = values.get("occupancy_rate_nursing", np.nan)
    if demand > beds * (1 + SHORTFALL_TOLERANCE):
        return text(
            "advice.beds_short", lang,
            year=year, demand=format_count(demand), beds=format_count(beds),
            gap=format_count(_gap(demand, beds)),
        )  # fmt: skip
    if not occupancy < IDLE_OCCUPANCY_PERCENT:
        return None
    return text(
        "advice.beds_idle", lang,
        year=year, beds=format_count(beds), demand=format_count(demand),
        occupancy=one_decimal(occupancy), idle=format_count(_gap(beds, demand)),
        staffable=format_count(staffable),
    )  # fmt: skip


def _unmet_care(values: Mapping[str, float], year: int, lang: str) -> str | None:
    unmet = values.get("unmet_care_need", np.nan)
    if not unmet >= 1:
        return None
    return text("advice.unmet_care", lang, year=year, unmet=format_count(unmet))


def _community(values: Mapping[str, float], year: int, lang: str) -> str | None:
    coverage = values.get("community_coverage", np.nan)
    if not coverage < CHANNEL_MET_PERCENT:
        return None
    return text("advice.community", lang, year=year, coverage=one_decimal(coverage))


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
    found = [sentence for rule in SHORTAGES if (sentence := rule(values, facts.plan_year, lang))]
    if found:
        return found
    label = scenario_name(facts, chosen.scenario, lang)
    return [text("advice.no_shortage", lang, label=label, year=facts.plan_year)]


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
    parts = _target_parts(own, "advice.expected_part", lang)
    return text("advice.expected", lang, parts=joined(parts, lang), likely=LIKELY)


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
        parts.append(text("advice.measure_part", lang, what=what, output=output, share=share))
    separator = text("findings.clause_separator", lang)
    return text("advice.measure", lang, parts=separator.join(parts))


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
