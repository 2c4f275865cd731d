"""The report's summary: four to six plain sentences a reader takes in within a minute.

How many older people there will be and how fast their number grows; what limits care
if nothing new is invested; which scenarios are likely to meet the binding targets and
what the recommended one costs over which years; how its expected targets fare; and the
figure the answer depends on most. Each sentence comes from one rule of
`docs/reports.md`, applied to the outlook tables of `sim.present.outlook`; every number
in it is one a table of the report shows. The sentences' words are messages of the
catalogue (`sim/catalogue/<lang>/findings.po`, keys `findings.*`), one per sentence in
every language, so the languages say the same. The per-scenario detail is the table that
follows the sentences (`sim.present.tables.scenario_outlook_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.catalogue import text
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

#: Yuan in one yi yuan (100 million yuan), the unit of the sentences' costs.
YUAN_PER_YI = 1e8
#: How many inputs to measure first the recommendations name.
MEASURE_FIRST_NAMED = 3
#: Home-care need met (%) below which a township is named in the summary.
TOWNSHIP_HOME_CARE_PERCENT = 60.0
#: How many townships with the lowest figures the summary names.
TOWNSHIP_LOWEST_NAMED = 3
#: Up to this many townships below a threshold are all named; with more, the lowest.
TOWNSHIP_NAMES_IN_FULL = 6


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
    #: a run by township: the reference scenario's plan-year means, one row per township
    #: (index: its name in the report's language; columns: indicator ids), else None
    townships: pd.DataFrame | None = None


# ---- numbers in words ----------------------------------------------------------------------


def one_decimal(value: float) -> str:
    """A value with one decimal, or '–'."""
    return "–" if pd.isna(value) else f"{value:.1f}"


def yi_text(yuan: float) -> str:
    """Yuan in hundred millions (yi yuan) with two decimals."""
    return "–" if pd.isna(yuan) else f"{yuan / YUAN_PER_YI:,.2f}"


def p_met_text(p_met: float, n: int, lang: str) -> str:
    """A P(met) with its 95% sampling interval (Wilson): '83% (70%–92%)'."""
    low, high = proportion_interval(p_met, n)
    if pd.isna(low):
        return format_percent(p_met)
    return text(
        "findings.p_met_interval", lang,
        p_met=format_percent(p_met), low=format_percent(low), high=format_percent(high),
    )  # fmt: skip


def value_text(indicator: str, value: float, lang: str) -> str:
    """A value with its unit as a sentence writes it: '68.2%', '15 consortia' (in Chinese,
    the unit word follows the number without a space)."""
    if pd.isna(value):
        return "–"
    return _with_unit(indicator, f"{value:,.{decimals(indicator)}f}", lang)


def _with_unit(indicator: str, shown: str, lang: str) -> str:
    unit = unit_name(indicator, lang)
    if unit == PERCENT_UNIT:
        return f"{shown}%"
    # A sentence in English says what a rate is per ('30 per 10,000 aged 60+'); Chinese
    # gives the unit alone, as the table's header says per what.
    if lang != "zh" and indicator in RATE_UNITS:
        unit = table_unit(indicator, lang)
    return text("findings.value_unit", lang, value=shown, unit=unit)


def target_text(indicator: str, target: float, lang: str) -> str:
    """A target as the plan writes it: '73%', '15 consortia'."""
    return _with_unit(indicator, f"{target:g}", lang)


def quoted(label: str, lang: str) -> str:
    """A scenario's name in the quotation marks of `lang`, if it uses any; double quotes
    inside it become single ones, as Chinese typography nests them."""
    return text("findings.quoted", lang, name=label.replace("“", "‘").replace("”", "’"))


def joined(parts: Sequence[str], lang: str) -> str:
    """Items of a list in a sentence, with the list separator of `lang`."""
    return text("findings.list_separator", lang).join(parts)


def scenario_name(facts: ReportFacts, scenario: str, lang: str) -> str:
    """A scenario's label, quoted."""
    return quoted(facts.labels.get(scenario, scenario), lang)


# ---- the summary --------------------------------------------------------------------------


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
    return text(
        "findings.population", lang,
        plan_year=facts.plan_year, district=facts.district, base_year=facts.base_year,
        older=format_count(older["mean"]), start=format_count(start),
        low=format_count(older.get("pi_low", np.nan)),
        high=format_count(older.get("pi_high", np.nan)),
        growth=one_decimal(growth), share=one_decimal(rows["mean"].get("share_60plus", np.nan)),
        full=format_count(rows["mean"].get("disabled_full", np.nan)),
        partial=format_count(rows["mean"].get("disabled_partial", np.nan)),
    )  # fmt: skip


def constraint_parts(values: Mapping[str, float], lang: str) -> list[str]:
    """What binds in one scenario and year, each with the figures that show it."""
    counts = {
        key: format_count(values.get(key, np.nan))
        for key in ("caregivers", "caregivers_needed", "beds_nursing", "nursing_bed_demand")
    }
    shares = {
        key: one_decimal(values.get(key, np.nan))
        for key in ("home_care_need_met", "community_coverage")
    }
    fields = {
        "staff": {"have": counts["caregivers"], "need": counts["caregivers_needed"]},
        "beds": {"beds": counts["beds_nursing"], "demand": counts["nursing_bed_demand"]},
        "home_care": {"home": shares["home_care_need_met"]},
        "community": {"community": shares["community_coverage"]},
    }
    return [
        text(f"findings.constraint_{constraint}", lang, **fields[constraint])
        for constraint in binding_constraints(values)
    ]


def constraint_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 2: what limits care in the plan year if nothing new is invested (the
    reference scenario), and how many give up waiting for a bed."""
    values = values_in(facts.summary, facts.reference, facts.plan_year)
    if not values:
        return None
    parts = constraint_parts(values, lang)
    limits = (text("findings.limits", lang, parts=joined(parts, lang)) if parts
              else text("findings.no_limits", lang))  # fmt: skip
    return text(
        "findings.constraint", lang,
        label=scenario_name(facts, facts.reference, lang), year=facts.plan_year, limits=limits,
        gave_up=format_count(values.get("gave_up", np.nan)),
    )  # fmt: skip


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
    cost = facts.costs.set_index("scenario").loc[chosen.scenario]
    fields = {
        "count": len(facts.names), "label": scenario_name(facts, chosen.scenario, lang),
        "binding": _binding_names(chosen, lang), "likely": LIKELY, "first": first, "last": last,
        "public": yi_text(cost["total_public_cost_yuan"]),
        "total": yi_text(cost["total_cost_yuan"]),
    }  # fmt: skip
    if list(chosen.eligible) == [chosen.scenario]:
        sentence = text("findings.choice_only", lang, **fields)
    elif chosen.eligible:
        names = joined([scenario_name(facts, name, lang) for name in chosen.eligible], lang)
        sentence = text("findings.choice_eligible", lang, names=names, **fields)
    else:
        sentence = text(
            "findings.choice_none", lang,
            binding_count=len(chosen.binding),
            likely_count=int((chosen.binding["p_met"] >= LIKELY).sum()), **fields,
        )  # fmt: skip
    return sentence + fund_sentence(cost, lang)


def fund_sentence(cost: pd.Series, lang: str) -> str:
    """What a scenario's plan-period public cost leaves out: the city's long-term-care
    insurance fund, when the scenario draws on it (a sentence to append, or "")."""
    fund = float(cost.get("total_ltc_fund_cost_yuan", 0.0))
    if not fund > 0:
        return ""
    separator = "" if lang == "zh" else " "
    return separator + text(
        "costs.fund_sentence", lang, fund=yi_text(fund),
        with_fund=yi_text(cost["total_public_cost_with_fund_yuan"]),
    )  # fmt: skip


def _target_phrase(row: pd.Series, lang: str) -> str:
    indicator = str(row["indicator"])
    return text(
        "findings.target_phrase", lang,
        name=indicator_name(indicator, lang),
        target=target_text(indicator, float(row["target"]), lang),
        mean=value_text(indicator, float(row["mean"]), lang),
        p_met=p_met_text(float(row["p_met"]), int(row["n"]), lang),
    )  # fmt: skip


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
    fields = {"year": facts.plan_year, "count": len(own), "likely": len(own) - len(weak)}
    if weak.empty:
        return text("findings.expected_all", lang, **fields)
    phrases = text("findings.phrase_separator", lang).join(
        _target_phrase(row, lang) for _, row in weak.iterrows()
    )
    return text("findings.expected_some", lang, phrases=phrases, **fields)


def risk_finding(facts: ReportFacts, lang: str) -> str | None:
    """Rule 5: the figure the answer depends on most (the first of the measure-first
    ranking), how much it explains and whether it changes the choice."""
    table = facts.measure_first
    if table is None or table.empty:
        return None
    row = table.iloc[0]
    outputs = facts.output_names or {}
    output = outputs.get(str(row["output_most_explained"]), str(row["output_most_explained"]))
    change = float(row.get("p_change", np.nan))
    moves = text("findings.risk_moves", lang, change=format_percent(change)) if change > 0 else ""
    return text(
        "findings.risk", lang,
        label=str(row.get(f"label_{lang}", "") or row["input"]), output=output,
        share=format_percent(min(float(row["variance_share"]), 1.0)), moves=moves,
    )  # fmt: skip


def township_home_care_finding(facts: ReportFacts, lang: str) -> str | None:
    """The townships whose home-care need met in the plan year (reference scenario) is
    below `TOWNSHIP_HOME_CARE_PERCENT`, lowest first; None when none is or the run was not
    by township."""
    if facts.townships is None or "home_care_need_met" not in facts.townships:
        return None
    values = facts.townships["home_care_need_met"].dropna()
    below = values[values < TOWNSHIP_HOME_CARE_PERCENT].sort_values()
    if below.empty:
        return None
    # Many names read as a list, not a sentence: then only the lowest, with their figures.
    many = len(below) > TOWNSHIP_NAMES_IN_FULL
    names = (
        [text("findings.township_value", lang, name=str(name),
              value=value_text("home_care_need_met", float(value), lang))
         for name, value in below.head(TOWNSHIP_LOWEST_NAMED).items()]
        if many else [str(name) for name in below.index]
    )  # fmt: skip
    return text(
        "findings.township_home_care_many" if many else "findings.township_home_care", lang,
        scenario=scenario_name(facts, facts.reference, lang), year=facts.plan_year,
        count=len(below), total=len(values), threshold=f"{TOWNSHIP_HOME_CARE_PERCENT:g}",
        names=joined(names, lang),
    )  # fmt: skip


def _fewest_beds(facts: ReportFacts, lang: str) -> str | None:
    """The `TOWNSHIP_LOWEST_NAMED` townships with the fewest beds per 1,000 older people in
    the plan year (reference scenario), with their figures, as one list."""
    if facts.townships is None or "beds_per_1000_older" not in facts.townships:
        return None
    values = facts.townships["beds_per_1000_older"].dropna().sort_values()
    if values.empty:
        return None
    parts = [text("findings.township_value", lang, name=str(name),
                  value=value_text("beds_per_1000_older", float(value), lang))
             for name, value in values.head(TOWNSHIP_LOWEST_NAMED).items()]  # fmt: skip
    return joined(parts, lang)


def township_beds_finding(facts: ReportFacts, lang: str) -> str | None:
    """The townships with the fewest beds per 1,000 older people in the plan year
    (reference scenario), with their figures."""
    names = _fewest_beds(facts, lang)
    if names is None:
        return None
    return text("findings.township_beds", lang,
                scenario=scenario_name(facts, facts.reference, lang), year=facts.plan_year,
                names=names)  # fmt: skip


def township_finding(facts: ReportFacts, lang: str) -> str | None:
    """One sentence on the townships that fall short: home-care need met, then the fewest
    beds per 1,000 older people (either alone when the other has nothing to say)."""
    home_care = township_home_care_finding(facts, lang)
    names = _fewest_beds(facts, lang)
    if home_care is None or names is None:
        return home_care or township_beds_finding(facts, lang)
    return text("findings.township_both", lang, home_care=home_care.rstrip("。."), names=names)


def findings(facts: ReportFacts, lang: str) -> list[str]:
    """The summary: at most six sentences, in the order of docs/reports.md, the last, for
    a run by township, on the townships that fall short."""
    rules = (population_finding, constraint_finding, choice_finding, expected_finding,
             risk_finding, township_finding)  # fmt: skip
    return [sentence for rule in rules if (sentence := rule(facts, lang))]
