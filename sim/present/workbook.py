"""The Excel workbook: the report's numbers in sheets a planner can filter and chart from.

Headers are in the report's language; numbers keep full precision with formats for
reading (thousands separators, one decimal for rates); shares are stored as fractions
with a percentage format, so 72.6% is the number 0.726; money is in 10,000 yuan (wan yuan).
Every sheet has a frozen header row and an autofilter. The ids of scenarios, indicators and
parameters sit in the last columns, for tracing a number back to the run folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Real
from pathlib import Path

import numpy as np
import pandas as pd

from sim.catalogue import Section, text
from sim.model.indicators import INDICATORS, PERCENT
from sim.present.labels import (
    ATTRIBUTE_NAMES,
    CONFIDENCE_NAMES,
    indicator_name,
    name_in,
    parameter_unit,
    scenario_labels,
    table_unit,
)
from sim.present.outlook import mark, proportion_interval
from sim.present.report_inputs import ReportInputs
from sim.present.township_tables import TOWNSHIP_INDICATORS, township_header, township_sheet
from sim.present.township_tables import WORDS as TOWNSHIP_WORDS

COUNT, DECIMAL, PERCENT_FORMAT, WHOLE_PERCENT = "#,##0", "#,##0.0", "0.0%", "0%"
YUAN_PER_10K = 10_000.0

#: Column headers and sheet names, by language.
HEADERS = Section("report_workbook")
#: The words of the district's and the city's costs.
COST_WORDS = Section("costs")


def _scale(indicator_id: str) -> tuple[float, str]:
    """(divide by, number format) of an indicator in the workbook."""
    unit = INDICATORS[indicator_id].unit
    if unit == PERCENT:
        return 100.0, PERCENT_FORMAT
    if unit == "yuan":
        return YUAN_PER_10K, COUNT
    fractional = unit == "days" or "_per_" in indicator_id
    return 1.0, DECIMAL if fractional else COUNT


def _unit(indicator_id: str, lang: str) -> str:
    if INDICATORS[indicator_id].unit == "yuan":
        return HEADERS[lang]["unit_yuan"]
    return table_unit(indicator_id, lang)


def _named(table: pd.DataFrame, lang: str, labels: Mapping[str, str]) -> dict[str, pd.Series]:
    """The scenario's title, the indicator's name and unit: the first columns of a sheet."""
    h = HEADERS[lang]
    return {
        h["scenario"]: table["scenario"].map(lambda s: labels.get(s, s)),
        h["indicator"]: table["indicator"].map(lambda i: indicator_name(i, lang)),
        h["unit"]: table["indicator"].map(lambda i: _unit(i, lang)),
    }


def _summary_sheet(inputs: ReportInputs, lang: str, labels: Mapping[str, str]):
    h = HEADERS[lang]
    table = inputs.summary
    divisor = table["indicator"].map(lambda i: _scale(i)[0])
    sheet = pd.DataFrame({
        **_named(table, lang, labels),
        h["year"]: table["year"],
        h["mean"]: table["mean"] / divisor,
        h["ci_low"]: table["ci_low"] / divisor,
        h["ci_high"]: table["ci_high"] / divisor,
        **({h["pi_low"]: table["pi_low"] / divisor, h["pi_high"]: table["pi_high"] / divisor}
           if "pi_low" in table else {}),
        h["n"]: table["n"],
        h["scenario_id"]: table["scenario"],
        h["indicator_id"]: table["indicator"],
    })  # fmt: skip
    row_formats = table["indicator"].map(lambda i: _scale(i)[1]).tolist()
    value_columns = [h["mean"], h["ci_low"], h["ci_high"], h["pi_low"], h["pi_high"]]
    return sheet, {h["year"]: "0", h["n"]: COUNT}, (value_columns, row_formats)


def _wide_sheet(inputs: ReportInputs, lang: str, labels: Mapping[str, str]):
    h = HEADERS[lang]
    table = inputs.summary.copy()
    table["value"] = table["mean"] / table["indicator"].map(lambda i: _scale(i)[0])
    wide = table.pivot_table(index=["scenario", "indicator"], columns="year", values="value",
                             sort=False).reset_index()  # fmt: skip
    order = {name: i for i, name in enumerate(inputs.names)}
    indicator_order = {name: i for i, name in enumerate(INDICATORS)}
    wide = wide.sort_values(
        ["scenario", "indicator"],
        key=lambda column: column.map(order if column.name == "scenario" else indicator_order),
    )  # fmt: skip
    years = [c for c in wide.columns if isinstance(c, (int, np.integer))]
    sheet = pd.DataFrame({
        **_named(wide, lang, labels),
        **{str(year): wide[year] for year in years},
        h["scenario_id"]: wide["scenario"],
        h["indicator_id"]: wide["indicator"],
    })  # fmt: skip
    row_formats = wide["indicator"].map(lambda i: _scale(i)[1]).tolist()
    return sheet, {}, ([str(y) for y in years], row_formats)


def _targets_sheet(inputs: ReportInputs, lang: str, labels: Mapping[str, str]):
    h = HEADERS[lang]
    outlook = inputs.outlook
    if outlook.empty:
        return pd.DataFrame(), {}, None
    divisor = outlook["indicator"].map(lambda i: _scale(i)[0])
    intervals = [proportion_interval(p, n) for p, n in zip(outlook["p_met"], outlook["n"],
                                                           strict=True)]  # fmt: skip
    sheet = pd.DataFrame({
        **_named(outlook, lang, labels),
        h["year"]: outlook["year"],
        h["attribute"]: outlook["attribute"].map(lambda a: name_in(ATTRIBUTE_NAMES, str(a), lang)),
        h["target"]: outlook["target"] / divisor,
        h["mean"]: outlook["mean"] / divisor,
        h["pi_low"]: outlook["pi_low"] / divisor,
        h["pi_high"]: outlook["pi_high"] / divisor,
        h["p_met"]: outlook["p_met"],
        h["p_met_low"]: [low for low, _ in intervals],
        h["p_met_high"]: [high for _, high in intervals],
        h["met"]: outlook["p_met"].map(mark),
        h["scenario_id"]: outlook["scenario"],
        h["indicator_id"]: outlook["indicator"],
    })  # fmt: skip
    row_formats = outlook["indicator"].map(lambda i: _scale(i)[1]).tolist()
    columns = [h["target"], h["mean"], h["pi_low"], h["pi_high"]]
    percents = {h[key]: WHOLE_PERCENT for key in ("p_met", "p_met_low", "p_met_high")}
    return sheet, {h["year"]: "0", **percents}, (columns, row_formats)


def _costs_sheet(inputs: ReportInputs, lang: str, labels: Mapping[str, str]):
    h = HEADERS[lang]
    costs = inputs.plan_costs
    k = YUAN_PER_10K
    unit = {"unit": text("unit.yuan_10k", lang)}
    words = COST_WORDS[lang]
    # The district's public cost, its parts and the city's fund: costs.csv's columns, when
    # the run has them (a run folder written before they were added has not).
    city = {
        words[key].format(**unit): costs[column] / k
        for key, column in (("workbook_allowances", "total_allowances_cost_yuan"),
                            ("workbook_fund", "total_ltc_fund_cost_yuan"),
                            ("workbook_with_fund", "total_public_cost_with_fund_yuan"))
        if column in costs
    }  # fmt: skip
    sheet = pd.DataFrame({
        h["scenario"]: costs["scenario"].map(lambda s: labels.get(s, s)),
        h["first_year"]: costs["first_year"], h["last_year"]: costs["last_year"],
        words["workbook_public"].format(**unit): costs["total_public_cost_yuan"] / k,
        h["public_low"]: costs["total_public_cost_yuan_pi_low"] / k,
        h["public_high"]: costs["total_public_cost_yuan_pi_high"] / k,
        **city,
        h["total"]: costs["total_cost_yuan"] / k,
        h["extra"]: costs["extra_cost_yuan"] / k,
        h["served"]: costs["total_served"], h["extra_served"]: costs["extra_served"],
        h["per_extra"]: costs["cost_per_extra_person_yuan"],
        h["scenario_id"]: costs["scenario"],
    })  # fmt: skip
    formats = {column: COUNT for column in sheet.columns[3:-1]}
    formats.update({h["first_year"]: "0", h["last_year"]: "0"})
    return sheet, formats, None


def _differences_sheet(inputs: ReportInputs, lang: str, labels: Mapping[str, str]):
    h = HEADERS[lang]
    table = inputs.differences
    if table is None or table.empty:
        return pd.DataFrame(), {}, None
    divisor = table["indicator"].map(lambda i: _scale(i)[0])
    sheet = pd.DataFrame({
        **_named(table, lang, labels),
        h["year"]: table["year"],
        h["difference"]: table["mean_difference"] / divisor,
        h["ci_low"]: table["ci_low"] / divisor,
        h["ci_high"]: table["ci_high"] / divisor,
        h["n"]: table["n"],
        h["scenario_id"]: table["scenario"],
        h["indicator_id"]: table["indicator"],
    })  # fmt: skip
    row_formats = table["indicator"].map(lambda i: _scale(i)[1]).tolist()
    return sheet, {h["year"]: "0"}, ([h["difference"], h["ci_low"], h["ci_high"]], row_formats)


def _parameters_sheet(inputs: ReportInputs, lang: str):
    h = HEADERS[lang]
    rows = []
    for name, parameter in inputs.parameters.get(inputs.reference, {}).items():
        changed = (h["by_scenario"] if parameter.get("overridden")
                   else h["by_district"] if parameter.get("district_override") else "")  # fmt: skip
        source = (parameter.get("source_zh") if lang == "zh" else None) or parameter["source"]
        rows.append({
            h["parameter"]: parameter.get(f"label_{lang}") or name,
            h["value"]: parameter["value"], h["default"]: parameter.get("default"),
            h["unit"]: parameter_unit(str(parameter["unit"]), lang),
            h["low"]: parameter["low"], h["high"]: parameter["high"],
            h["confidence"]: name_in(CONFIDENCE_NAMES, str(parameter["confidence"]), lang),
            h["changed"]: changed, h["source"]: source, h["parameter_id"]: name,
        })  # fmt: skip
    table = pd.DataFrame(rows)
    if table.empty:
        return table, {}, None
    values = [h["value"], h["default"], h["low"], h["high"]]
    return table, {}, (values, _magnitude_formats(table[values]))


def _magnitude_formats(values: pd.DataFrame) -> list[str]:
    """A number format per row: thousands separators for a row of large whole numbers
    (costs, counts), the numbers as they are for shares, rates and small figures."""
    formats = []
    for row in values.itertuples(index=False):
        numbers = [float(v) for v in row if isinstance(v, Real) and pd.notna(v)]
        large = bool(numbers) and max(abs(v) for v in numbers) >= 1000
        formats.append(COUNT if large and all(v == round(v) for v in numbers) else "General")
    return formats


def _measure_sheet(inputs: ReportInputs, lang: str):
    h = HEADERS[lang]
    table = inputs.measure_first
    if table is None or table.empty:
        return pd.DataFrame(), {}, None
    names = inputs.input_names(lang)
    sheet = pd.DataFrame({
        h["rank"]: table["rank"],
        h["parameter"]: table["input"].map(lambda i: names.get(i, i)),
        h["low"]: table["low"], h["value"]: table["value"], h["high"]: table["high"],
        h["variance"]: table["variance_share"].clip(0, 1),
        h["output"]: table["output_most_explained"].map(inputs.study_output_names(lang)),
        h["p_change"]: table["p_change"],
        h["how"]: table[f"measure_{lang}"].fillna(""),
        h["input_id"]: table["input"],
    })  # fmt: skip
    values = [h["low"], h["value"], h["high"]]
    return sheet, {h["variance"]: WHOLE_PERCENT, h["p_change"]: WHOLE_PERCENT,
                   h["rank"]: "0"}, (values, _magnitude_formats(sheet[values]))  # fmt: skip


def _township_sheet(inputs: ReportInputs, lang: str, labels: Mapping[str, str]):
    """The plan year by township (`sim.present.township_tables.township_sheet`): counts
    whole, rates with one decimal, shares as fractions with a percentage format."""
    sheet = township_sheet(inputs, lang, dict(labels))
    formats: dict[str, str] = {}
    for indicator_id in TOWNSHIP_INDICATORS:
        header = township_header(indicator_id, lang)
        if header not in sheet:
            continue
        divisor, number_format = _scale(indicator_id)
        sheet[header] = sheet[header] / divisor
        formats[header] = number_format
    if len(sheet):
        formats[TOWNSHIP_WORDS[lang]["year"]] = "0"
    return sheet, formats, None


def write_xlsx(inputs: ReportInputs, path: Path, lang: str = "zh") -> Path:
    """Write the report's numbers as an Excel workbook at `path`."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    h = HEADERS[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    sheets = {
        h["sheet_targets"]: _targets_sheet(inputs, lang, labels),
        h["sheet_wide"]: _wide_sheet(inputs, lang, labels),
        h["sheet_summary"]: _summary_sheet(inputs, lang, labels),
        h["sheet_costs"]: _costs_sheet(inputs, lang, labels),
        h["sheet_differences"]: _differences_sheet(inputs, lang, labels),
        h["sheet_parameters"]: _parameters_sheet(inputs, lang),
        h["sheet_measure"]: _measure_sheet(inputs, lang),
        TOWNSHIP_WORDS[lang]["sheet"]: _township_sheet(inputs, lang, labels),
    }
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, (table, formats, by_row) in sheets.items():
            if table.empty:
                continue
            table.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            columns = list(table.columns)
            for header, number_format in formats.items():
                if header in columns:
                    letter = get_column_letter(columns.index(header) + 1)
                    for cell in sheet[letter][1:]:
                        cell.number_format = number_format
            if by_row is not None:
                value_columns, row_formats = by_row
                for header in value_columns:
                    if header not in columns:
                        continue
                    letter = get_column_letter(columns.index(header) + 1)
                    for cell, number_format in zip(sheet[letter][1:], row_formats, strict=True):
                        cell.number_format = number_format
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = sheet.dimensions
            for index, header in enumerate(columns, start=1):
                values = [str(header), *(str(v) for v in table[header].head(200))]
                longest = max(
                    len(v) * (2 if any(ord(c) > 0x2E80 for c in v) else 1) for v in values
                )
                sheet.column_dimensions[get_column_letter(index)].width = min(
                    max(longest + 2, 8), 50
                )
    return path
