"""The report's tables of the plan's targets: the targets table and the per-scenario outlook
that follows the summary.

Each function returns a DataFrame of strings whose columns are the headers. Base-year
values are the district pack's stated figures (`sim.present.base_year`); every P(met)
carries its 95% sampling interval (Wilson, `sim.present.outlook.proportion_interval`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.catalogue import Section, text
from sim.present.findings import joined, p_met_text, yi_text
from sim.present.labels import (
    ATTRIBUTE_NAMES,
    MISSING,
    indicator_name,
    name_in,
    scenario_labels,
    table_unit,
)
from sim.present.outlook import LIKELY, binding_constraints, mark, values_in
from sim.present.tables import TEXT, shown

if TYPE_CHECKING:
    from sim.present.report_inputs import ReportInputs

#: The workforce rows the targets table ends with: on hand, then needed.
WORKFORCE_ROWS = ("caregivers", "caregivers_needed", "caregivers_home", "caregivers_home_needed")

#: The per-scenario outlook table's words, by language.
OUTLOOK_WORDS = Section("report_outlook_table")
#: The words of the district's and the city's costs.
COST_WORDS = Section("costs")


def _judged_cell(judged: pd.Series, indicator_id: str | None, lang: str) -> str:
    """The plan year's mean (unless `indicator_id` is None), then the mark with P(met),
    then its sampling interval on a line of its own."""
    # The mark goes before P(met), so the number never shares a line with it.
    p_met = p_met_text(float(judged["p_met"]), int(judged["n"]), lang).replace("（", "\n（")
    p_met = f"{mark(judged['p_met'])}\u00a0{p_met.replace(' (', chr(10) + '(')}"
    return p_met if indicator_id is None else f"{shown(judged['mean'], indicator_id)}\n{p_met}"


def _target_row(inputs: ReportInputs, indicator_id: str, years: list[int],
                lang: str) -> dict[str, str]:  # fmt: skip
    words = TEXT[lang]
    targets = inputs.plan_targets
    own = targets[targets["indicator"] == indicator_id]
    base = values_in(inputs.summary, inputs.reference, inputs.base_year)
    row = {
        words["indicator"]: indicator_name(indicator_id, lang),
        words["unit"]: table_unit(indicator_id, lang),
        words["base"].format(year=inputs.base_year): shown(base.get(indicator_id, np.nan),
                                                            indicator_id),
    }  # fmt: skip
    for year in years:
        at = own[own["year"] == year]
        row[words["target"].format(year=year)] = (
            f"{float(at['target'].iloc[0]):g}" if len(at) else MISSING
        )
    attributes = own["attribute"].unique()
    row[words["attribute"]] = (
        name_in(ATTRIBUTE_NAMES, str(attributes[0]), lang) if len(attributes) else MISSING
    )
    return row


def shown_in_zhuanlan(inputs: ReportInputs) -> list[str]:
    """The indicators of the targets table, in its order: the targeted ones, beds per
    1,000 aged 60+ (civil-affairs definition) always, then the workforce."""
    targets = inputs.plan_targets
    indicators = list(dict.fromkeys(targets["indicator"])) if len(targets) else []
    if "beds_per_1000_older" not in indicators:
        indicators.append("beds_per_1000_older")
    return [*indicators, *WORKFORCE_ROWS]


def zhuanlan_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """The targets table (zhuanlan): each targeted indicator with its unit, base-year
    value, the target of each plan year and its attribute, then one column per scenario
    with the plan year's mean, ✓/△/✗ (`outlook.mark`) and P(met) with its sampling
    interval, for the indicators `shown_in_zhuanlan` lists."""
    labels = scenario_labels(inputs.scenarios, lang)
    targets = inputs.plan_targets
    plan_year = inputs.plan_year
    years = sorted(int(y) for y in targets["year"].unique()) if len(targets) else []
    outlook = inputs.outlook.set_index(["scenario", "indicator", "year"])
    rows: list[dict[str, str]] = []
    for indicator_id in shown_in_zhuanlan(inputs):
        row = _target_row(inputs, indicator_id, years, lang)
        for name in inputs.names:
            key = (name, indicator_id, plan_year)
            if key in outlook.index:
                row[labels.get(name, name)] = _judged_cell(outlook.loc[key], indicator_id, lang)
            else:
                value = values_in(inputs.summary, name, plan_year).get(indicator_id, np.nan)
                row[labels.get(name, name)] = shown(value, indicator_id)
        rows.append(row)
    return pd.DataFrame(rows)


def scenario_outlook_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """One row per scenario, the detail behind the summary: each binding target's mark and
    P(met) in the plan year, how many expected targets are likely met, what binds, the
    people who gave up waiting in the plan year, and the public and total cost over the
    plan period (the cost table's figures)."""
    words, common = OUTLOOK_WORDS[lang], TEXT[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    outlook = inputs.outlook[inputs.outlook["year"] == inputs.plan_year]
    costs = inputs.plan_costs.set_index("scenario") if len(inputs.names) > 1 else None
    rows = []
    for name in inputs.names:
        own = outlook[outlook["scenario"] == name]
        binding = own[own["attribute"] == "binding"]
        expected = own[own["attribute"] != "binding"]
        values = values_in(inputs.summary, name, inputs.plan_year)
        found = binding_constraints(values)
        row = {
            common["scenario"]: labels.get(name, name),
            words["binding"]: "\n".join(
                _judged_cell(pd.Series(r._asdict()), None, lang)
                for r in binding.itertuples(index=False)
            ) or MISSING,
            words["expected"]: words["of"].format(
                likely=int((expected["p_met"] >= LIKELY).sum()), count=len(expected)
            ),
            words["binds"]: joined([words[c] for c in found], lang)
            or words["none"],
            words["gave_up"]: shown(values.get("gave_up", np.nan), "gave_up"),
        }  # fmt: skip
        if costs is not None:
            row |= _cost_cells(costs, name, lang)
            row[words["total"]] = yi_text(costs.loc[name, "total_cost_yuan"])
        rows.append(row)
    return pd.DataFrame(rows)


def _cost_cells(costs: pd.DataFrame, name: str, lang: str) -> dict[str, str]:
    """The district's public cost of scenario `name` over the plan period, and the city's
    insurance fund beside it when any scenario draws on the fund (100 million yuan)."""
    words = COST_WORDS[lang]
    unit = text("unit.yuan_100m", lang)
    cells = {words["district_public"].format(unit=unit): yi_text(
        costs.loc[name, "total_public_cost_yuan"])}  # fmt: skip
    fund = costs.get("total_ltc_fund_cost_yuan")
    if fund is not None and bool((fund > 0).any()):
        cells[words["city_fund"].format(unit=unit)] = yi_text(fund.loc[name])
    return cells
