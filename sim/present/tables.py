"""The report's tables as text, in Chinese or English: the plan's targets table (zhuanlan), the
capacity, care-at-home, population and cost tables, the base-year figures, the inputs to
measure first, the evaluation, and the appendices.

Each function returns a DataFrame of strings whose columns are the headers; the Word,
Markdown and terminal writers lay them out. How a number is shown comes from
`sim.present.labels` (one definition for every output).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.catalogue import Section, text
from sim.present.labels import (
    ATTRIBUTE_NAMES,
    CONFIDENCE_NAMES,
    MISSING,
    OBSERVED_ITEM_NAMES,
    STATUS_NAMES,
    VERDICT_NAMES,
    compact_number,
    decimals,
    display_unit,
    format_cell,
    format_count,
    format_difference,
    format_money_10k,
    format_percent,
    indicator_name,
    money_unit,
    name_in,
    parameter_unit,
    scenario_labels,
    table_unit,
    unit_name,
)
from sim.present.outlook import values_in

if TYPE_CHECKING:
    from sim.present.report_inputs import ReportInputs

#: Indicators of the by-year tables, in the plan's order of concerns.
TABLE_INDICATORS = (
    "population_60plus", "share_60plus", "disabled_partial", "disabled_full", "beds_total",
    "nursing_bed_share", "beds_per_1000_older", "caregivers", "certified_caregivers_per_10k",
    "community_centres", "consortia", "occupancy_rate_nursing", "waiting_list", "gave_up",
    "mean_wait_days", "unmet_bed_demand", "home_care_need_met", "community_coverage",
    "unmet_care_need", "cost_public", "cost_total",
)  # fmt: skip
#: Indicators whose paired differences against the reference are reported.
DIFFERENCE_INDICATORS = (
    "beds_total", "nursing_bed_share", "certified_caregivers_per_10k", "residents",
    "waiting_list", "mean_wait_days", "unmet_bed_demand", "community_coverage", "cost_total",
)  # fmt: skip
#: Confidence levels of data/parameters.csv listed in the assumptions appendix.
APPENDIX_CONFIDENCE = ("assumption", "low")
#: Table headers and cell words, by language (the catalogue's `report_table` messages).
TEXT = Section("report_table")
#: The words of the district's and the city's costs.
COST_TEXT = Section("costs")


# ---- numbers -------------------------------------------------------------------------------


def shown(value: float, indicator_id: str) -> str:
    """A mean in the indicator's display unit, or '–'."""
    if value is None or pd.isna(value):
        return MISSING
    divisor, _ = display_unit(indicator_id, "en")
    return f"{value / divisor:,.{decimals(indicator_id)}f}"


def headline_years(years: Sequence[int], plan_year: int) -> list[int]:
    """The years a compact by-year table shows: the base year, the middle of the plan
    period, the plan year and every fifth year after it."""
    present = sorted(set(int(y) for y in years))
    if not present:
        return []
    base, last = present[0], present[-1]
    wanted = {base, (base + plan_year) // 2, plan_year}
    wanted.update(y for y in present if y > plan_year and y % 5 == 0)
    return [y for y in present if y in wanted and y <= last]


def plan_period_years(years: Sequence[int], plan_year: int) -> list[int]:
    """The base year, every year of the plan period, and the last year."""
    present = sorted(set(int(y) for y in years))
    if not present:
        return []
    return [y for y in present if y <= plan_year] + (
        [present[-1]] if present[-1] > plan_year else []
    )


# ---- by-year tables ------------------------------------------------------------------------------


def _by_year_rows(
    table: pd.DataFrame, scenario: str, lang: str, indicators: Sequence[str],
    years: Sequence[int], cell: Callable[[pd.Series, str], str],
) -> pd.DataFrame:  # fmt: skip
    """Rows of indicator, unit and one text cell per year for one scenario of `table`."""
    words = TEXT[lang]
    by_key = table[table["scenario"] == scenario].set_index(["indicator", "year"])
    rows = []
    for indicator_id in indicators:
        row = {words["indicator"]: indicator_name(indicator_id, lang),
               words["unit"]: table_unit(indicator_id, lang)}  # fmt: skip
        for year in years:
            key = (indicator_id, year)
            row[str(year)] = cell(by_key.loc[key], indicator_id) if key in by_key.index else MISSING
        rows.append(row)
    return pd.DataFrame(rows)


def indicator_rows(
    summary: pd.DataFrame, scenario: str, lang: str, *, separator: str = "\n",
    years: Sequence[int] | None = None, intervals: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """One scenario's indicators by year as text (indicator, unit, one column per year):
    the mean, with its 95% confidence interval unless `intervals` is False. Years default
    to `headline_years` of the summary's last year."""
    if years is None:
        all_years = summary["year"].astype(int)
        years = headline_years(all_years, int(all_years.max()))

    def cell(values: pd.Series, indicator_id: str) -> str:
        if not intervals:
            return shown(values["mean"], indicator_id)
        return format_cell(
            values["mean"], values["ci_low"], values["ci_high"], indicator_id, separator=separator
        )

    return _by_year_rows(summary, scenario, lang, TABLE_INDICATORS, years, cell)


def difference_rows(
    differences: pd.DataFrame, scenario: str, lang: str, *, separator: str = "\n",
    years: Sequence[int] | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Paired differences of one scenario against the reference, as text, by year."""

    def cell(values: pd.Series, indicator_id: str) -> str:
        return format_difference(
            values["mean_difference"], values["ci_low"], values["ci_high"], indicator_id,
            separator=separator,
        )  # fmt: skip

    if years is None:
        all_years = differences["year"].astype(int)
        years = headline_years(all_years, int(all_years.max()))
    return _by_year_rows(differences, scenario, lang, DIFFERENCE_INDICATORS, years, cell)


def target_rows(
    targets: pd.DataFrame, lang: str, labels: Mapping[str, str], *, separator: str = "\n"
) -> pd.DataFrame:
    """Target attainment as text: scenario, indicator, year, target, mean [CI], P(met),
    first year short."""
    words = TEXT[lang]
    rows = []
    for row in targets.itertuples(index=False):
        indicator_id = str(row.indicator)
        rows.append({
            words["scenario"]: labels.get(row.scenario, row.scenario),
            words["indicator"]: indicator_name(indicator_id, lang),
            words["year"]: str(row.year),
            TEXT[lang]["target_plain"]: f"{row.target:g}",
            words["mean_ci"]: format_cell(row.mean, row.ci_low, row.ci_high, indicator_id,
                                          separator=separator),
            words["p_met"]: format_percent(row.p_met),
            words["first_short"]: "" if pd.isna(row.first_year_short)
            else str(int(row.first_year_short)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def cost_rows(costs: pd.DataFrame, lang: str, labels: Mapping[str, str]) -> pd.DataFrame:
    """Total cost, the district's public cost, the city's insurance fund (when a scenario
    draws on it), extra cost, people served and cost per extra person served, as text
    (the terminal's comparison table)."""
    words, cost_words = TEXT[lang], COST_TEXT[lang]
    with_fund = "total_ltc_fund_cost_yuan" in costs and bool(
        (costs["total_ltc_fund_cost_yuan"] > 0).any()
    )
    rows = []
    for row in costs.itertuples(index=False):
        is_reference = row.scenario == row.reference
        rows.append({
            words["scenario"]: labels.get(row.scenario, row.scenario),
            words["total_cost"]: format_money_10k(row.total_cost_yuan),
            cost_words["terminal_public"]: format_money_10k(row.total_public_cost_yuan),
            **({cost_words["terminal_fund"]: format_money_10k(row.total_ltc_fund_cost_yuan)}
               if with_fund else {}),
            words["extra_cost"]: MISSING if is_reference else format_money_10k(row.extra_cost_yuan),
            words["total_served"]: format_count(row.total_served),
            words["extra_served"]: MISSING if is_reference else format_count(row.extra_served),
            words["per_person"]: MISSING if is_reference
            else format_count(row.cost_per_extra_person_yuan),
        })  # fmt: skip
    return pd.DataFrame(rows)


# ---- the report's tables -------------------------------------------------------------------------


def _scenario_table(
    inputs: ReportInputs, lang: str, columns: Sequence[tuple[str, str | Callable[[dict], str]]]
) -> pd.DataFrame:
    """One row per scenario in the plan year: (header, indicator id or cell function)."""
    words = TEXT[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    rows = []
    for name in inputs.names:
        values = values_in(inputs.summary, name, inputs.plan_year)
        row = {words["scenario"]: labels.get(name, name)}
        for header, what in columns:
            row[header] = what(values) if callable(what) else shown(values.get(what, np.nan), what)
        rows.append(row)
    return pd.DataFrame(rows)


def _header(indicator_id: str, lang: str) -> str:
    unit = table_unit(indicator_id, lang)
    name = indicator_name(indicator_id, lang)
    return TEXT[lang]["header_unit"].format(name=name, unit=unit)


def _pair(have: str, need: str) -> Callable[[dict], str]:
    return lambda v: f"{shown(v.get(have, np.nan), have)}/{shown(v.get(need, np.nan), need)}"


def capacity_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """Beds and staff of every scenario in the plan year."""
    words = TEXT[lang]
    staff = words["staff_homes"]
    columns: list[tuple[str, Any]] = [
        (_header("beds_nursing", lang), "beds_nursing"),
        (_header("nursing_bed_demand", lang), "nursing_bed_demand"),
        (_header("beds_staffable", lang), "beds_staffable"),
        (_header("occupancy_rate_nursing", lang), "occupancy_rate_nursing"),
        (_header("waiting_list", lang), "waiting_list"),
        (_header("gave_up", lang), "gave_up"),
        (staff, _pair("caregivers", "caregivers_needed")),
    ]
    return _scenario_table(inputs, lang, columns)


#: Indicators of the care-at-home table whose definitions its note gives.
CARE_AT_HOME_DEFINED = ("family_care_bed_users",)


def care_at_home_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """Home and community care of every scenario in the plan year."""
    words = TEXT[lang]
    staff = words["staff_home_care"]
    columns: list[tuple[str, Any]] = [
        (_header("home_care_clients", lang), "home_care_clients"),
        (_header("home_care_need_met", lang), "home_care_need_met"),
        (staff, _pair("caregivers_home", "caregivers_home_needed")),
        (_header("community_centres", lang), "community_centres"),
        (_header("community_coverage", lang), "community_coverage"),
        (_header("ltc_beneficiaries", lang), "ltc_beneficiaries"),
        (_header("unmet_care_need", lang), "unmet_care_need"),
        (_header("family_care_bed_users", lang), "family_care_bed_users"),
    ]
    return _scenario_table(inputs, lang, columns)


POPULATION_INDICATORS = (
    "population_total", "population_60plus", "share_60plus", "disabled_partial", "disabled_full",
)  # fmt: skip


def population_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """The population and its health by year (the first scenario: care does not change it)."""
    years = plan_period_years(inputs.summary["year"], inputs.plan_year)
    return _by_year_rows(
        inputs.summary, inputs.reference, lang, POPULATION_INDICATORS, years,
        lambda values, indicator_id: shown(values["mean"], indicator_id),
    )  # fmt: skip


def plan_cost_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """Costs of the plan period per scenario: the district's public cost with its 95% range
    of outcomes and the allowances it includes, the city's insurance fund and the public
    cost with it (when a scenario draws on the fund), total cost, extra total cost against
    the first scenario, people served, extra people served and the cost per extra person
    served."""
    words = TEXT[lang]
    costs = inputs.plan_costs
    with_fund = "total_ltc_fund_cost_yuan" in costs and bool(
        (costs["total_ltc_fund_cost_yuan"] > 0).any()
    )
    with_allowances = "total_allowances_cost_yuan" in costs and bool(
        (costs["total_allowances_cost_yuan"] > 0).any()
    )
    labels = scenario_labels(inputs.scenarios, lang)
    divisor, unit = money_unit(float(costs["total_cost_yuan"].max()), lang)
    reference = labels.get(inputs.reference, inputs.reference)
    digits = 2 if divisor >= 1e8 else 0

    def money(yuan: float) -> str:
        return MISSING if pd.isna(yuan) else f"{yuan / divisor:,.{digits}f}"

    rows = []
    for row in costs.itertuples(index=False):
        first = row.scenario == row.reference
        rows.append({
            words["scenario"]: labels.get(row.scenario, row.scenario),
            COST_TEXT[lang]["district_public"].format(unit=unit):
            f"{money(row.total_public_cost_yuan)}\n"
            f"({money(row.total_public_cost_yuan_pi_low)}–{money(row.total_public_cost_yuan_pi_high)})",
            **({COST_TEXT[lang]["allowances_part"].format(unit=unit):
                money(row.total_allowances_cost_yuan)} if with_allowances else {}),
            **({COST_TEXT[lang]["city_fund"].format(unit=unit): money(row.total_ltc_fund_cost_yuan),
                COST_TEXT[lang]["with_fund"].format(unit=unit):
                money(row.total_public_cost_with_fund_yuan)} if with_fund else {}),
            words["total"].format(unit=unit): money(row.total_cost_yuan),
            words["extra"].format(reference=reference, unit=unit): MISSING if first
            else f"{row.extra_cost_yuan / divisor:+,.{digits}f}",
            words["served"]: format_count(row.total_served),
            words["public_per_served"]: format_count(row.total_public_cost_yuan / row.total_served)
            if row.total_served else MISSING,
            words["served_extra"]: MISSING if first else f"{row.extra_served:+,.0f}",
            words["per_extra"]: MISSING if first else format_count(row.cost_per_extra_person_yuan),
        })  # fmt: skip
    return pd.DataFrame(rows)


#: Base-year items that part another, each shown right after the one it parts.
PART_OF = {"residents_nursing_full": "residents_nursing",
           "residents_ordinary_independent": "residents_ordinary"}  # fmt: skip


def _item_order(item: str) -> tuple[int, int]:
    """Sort key of a base-year item: the pack's order, a part right after its whole."""
    names = list(OBSERVED_ITEM_NAMES)
    whole = PART_OF.get(item, item)
    position = names.index(whole) if whole in names else len(names)
    return position, int(item in PART_OF)


def base_state_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """The base-year figures the first scenario started from: item, value, unit, status
    (observed, estimate, assumption or default) and source, in `lang`."""
    record = inputs.base_state.get(inputs.reference)
    words = TEXT[lang]
    if not record:
        return pd.DataFrame()
    rows = []
    for item, figure in sorted(record["figures"].items(), key=lambda pair: _item_order(pair[0])):
        source = figure.get("source_zh") if lang == "zh" else None
        rows.append({
            words["item"]: name_in(OBSERVED_ITEM_NAMES, item, lang),
            words["value"]: format_count(figure["value"]),
            words["unit"]: _unit_word(str(figure.get("unit", "")), lang),
            words["status"]: name_in(STATUS_NAMES, figure["status"], lang),
            words["source"]: source or figure["source"],
        })  # fmt: skip
    # The tables by age the run also started from: published, estimated or default.
    for key in ("population_structure", "prevalence"):
        origin = record.get(key)
        if origin is None:
            continue
        status = "observed" if origin == "district" else origin
        where = "default" if origin == "default" else "district"
        rows.append({
            words["item"]: words[key],
            words["value"]: MISSING,
            words["unit"]: "",
            words["status"]: name_in(STATUS_NAMES, status, lang),
            words["source"]: words[f"{key}_{where}"],
        })  # fmt: skip
    return pd.DataFrame(rows)


#: The units of the base-year figures with a word of their own in the tables.
UNIT_WORDS = ("persons", "beds", "centres", "consortia", "homes")


def _unit_word(unit: str, lang: str) -> str:
    return TEXT[lang][f"unit_{unit}"] if unit in UNIT_WORDS else unit


def measure_first_rows(inputs: ReportInputs, lang: str, top: int = 6) -> pd.DataFrame:
    """The inputs a sensitivity study ranks first: name, range, the largest share of an
    output's variance it explains, the probability that the preferred scenario changes at
    an end of its range, and what a bureau would measure and how."""
    table = inputs.measure_first
    if table is None or table.empty:
        return pd.DataFrame()
    words = TEXT[lang]
    names = inputs.input_names(lang)
    outputs = inputs.study_output_names(lang)
    rows = []
    for row in table.head(top).itertuples(index=False):
        measure = getattr(row, f"measure_{lang}", "")
        output = outputs[str(row.output_most_explained)]
        share = format_percent(min(max(float(row.variance_share), 0.0), 1.0))
        rows.append({
            words["rank"]: str(int(row.rank)),
            words["input"]: names.get(str(row.input), getattr(row, f"label_{lang}", "") or ""),
            words["range"]: f"{compact_number(row.low)}–{compact_number(row.high)}",
            words["explains"]: text("findings.bracketed", lang, text=share, note=output),
            words["p_change"]: format_percent(row.p_change),
            words["how"]: measure if isinstance(measure, str) else "",
        })  # fmt: skip
    return pd.DataFrame(rows)


def evaluation_rows(evaluation: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The end-of-term evaluation as text: indicator, base value, target, attribute,
    projection, P(met), observed value, verdict."""
    words = TEXT[lang]
    rows = []
    for row in evaluation.itertuples(index=False):
        indicator = str(row.indicator)
        digits = decimals(indicator)
        rows.append({
            words["indicator"]: indicator_name(indicator, lang),
            str(row.base_year): f"{row.base_value:,.{digits}f}",
            words["target_year"].format(year=row.final_year): f"{row.target:g}",
            words["attribute"]: name_in(ATTRIBUTE_NAMES, str(row.attribute), lang),
            words["projection"].format(year=row.final_year): f"{row.projection_mean:,.{digits}f}",
            words["p_met"]: format_percent(row.p_met),
            words["observed"].format(year=row.final_year): MISSING if pd.isna(row.observed)
            else f"{row.observed:,.{digits}f}",
            words["verdict"]: name_in(VERDICT_NAMES, str(row.verdict), lang),
        })  # fmt: skip
    return pd.DataFrame(rows)


#: The assumptions that decide the answer and rest on no local figure (主要假设), listed
#: before the tables of data with the district's allowances.
MAIN_ASSUMPTIONS = (
    "caregiver_attrition_per_year", "bed_choice_increase_per_100_yuan_per_month",
    "entrants_60_multiplier",
)  # fmt: skip


def parameter_rows(
    inputs: ReportInputs, lang: str, names: Sequence[str] | None = None
) -> pd.DataFrame:
    """The parameters the first scenario ran with whose confidence is 'assumption' or
    'low', or that the scenario (*) or the district pack (†) set (or those of `names`, in
    that order), and the district's allowances: name, the run's value, unit, range,
    confidence and source, in `lang`."""
    words = TEXT[lang]
    rows = []
    used = inputs.parameters.get(inputs.reference, {})
    chosen = used.items() if names is None else [(n, used[n]) for n in names if n in used]
    for name, parameter in chosen:
        changed = parameter.get("overridden") or parameter.get("district_override")
        if names is None and parameter["confidence"] not in APPENDIX_CONFIDENCE and not changed:
            continue
        marker = (
            "*"
            if parameter.get("overridden")
            else "†"
            if parameter.get("district_override")
            else ""
        )
        source = parameter.get("source_zh") if lang == "zh" else None
        label = parameter.get(f"label_{lang}") or name
        rows.append({
            words["parameter"]: label,
            words["value"]: f"{compact_number(parameter['value'])}{marker}",
            words["unit"]: parameter_unit(str(parameter["unit"]), lang),
            words["range"]: "–".join(compact_number(parameter[end]) for end in ("low", "high")),
            words["confidence"]: name_in(CONFIDENCE_NAMES, str(parameter["confidence"]), lang),
            words["source"]: source or parameter["source"],
        })  # fmt: skip
    allowances = inputs.districts.get(inputs.district_id, {}).get("allowances") or []
    return pd.DataFrame(rows + [_allowance_row(rate, lang) for rate in allowances])


def _allowance_row(rate: Mapping[str, Any], lang: str) -> dict[str, str]:
    """A row of the parameters table for one monthly allowance of the district pack."""
    words, cost_words = TEXT[lang], COST_TEXT[lang]
    if rate["allowance"] == "elderly_age":
        label = cost_words["allowance_elderly_age"].format(band=rate["band"])
    else:
        label = cost_words[f"allowance_care_disability_{rate['health']}"]
    low, high = rate.get("monthly_yuan_low"), rate.get("monthly_yuan_high")
    source = rate.get("source_zh") if lang == "zh" else None
    return {
        words["parameter"]: label,
        words["value"]: f"{compact_number(rate['monthly_yuan'])}†",
        words["unit"]: cost_words["allowance_unit"],
        words["range"]: MISSING if low is None or high is None
        else f"{compact_number(low)}–{compact_number(high)}",
        words["confidence"]: name_in(CONFIDENCE_NAMES, str(rate["confidence"]), lang),
        words["source"]: source or rate["source"],
    }  # fmt: skip


def unit_of(indicator_id: str, lang: str) -> str:
    """The unit word of an indicator (for sentences)."""
    return unit_name(indicator_id, lang)
