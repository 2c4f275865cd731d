"""The report's outline: its sections, sentences, tables and figures in order, with the
source line under every table and figure, written once for every format.

`report_outline` returns a list of blocks; the Word writer (`sim.present.word`) and the
Markdown writer (`sim.present.markdown`) lay the same blocks out, so both formats say
the same in the same order, and a table or a figure never goes without its source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from sim.catalogue import text as catalogue_text
from sim.present.advice import recommendations
from sim.present.charts.maps import MAPPED_INDICATORS
from sim.present.findings import findings
from sim.present.labels import definitions_note, scenario_labels
from sim.present.optimise_tables import (
    frontier_rows,
    infeasible_sentences,
    optimised_goal_rows,
    optimised_lever_rows,
)
from sim.present.outlook import recommend
from sim.present.placement_section import placement_section
from sim.present.plan_tables import scenario_outlook_rows, shown_in_zhuanlan, zhuanlan_rows
from sim.present.report_words import OPTIMISE_WORDS, SOURCES, WORDS
from sim.present.tables import (
    CARE_AT_HOME_DEFINED,
    MAIN_ASSUMPTIONS,
    TABLE_INDICATORS,
    base_state_rows,
    capacity_rows,
    care_at_home_rows,
    evaluation_rows,
    indicator_rows,
    measure_first_rows,
    parameter_rows,
    plan_cost_rows,
    plan_period_years,
    population_rows,
)
from sim.present.township_tables import TOWNSHIP_INDICATORS, estimate_line, township_rows

if TYPE_CHECKING:
    from sim.present.report_inputs import ReportInputs


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class NumberedList:
    """Numbered sentences (the summary and the recommendations)."""

    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A numbered table: title above, the source line and the note below. `wide` tables
    go on a landscape page in Word when their cells would otherwise break."""

    title: str
    rows: pd.DataFrame
    source: str
    note: str = ""
    wide: bool = False
    #: how many leading columns hold text (left-aligned in Markdown)
    text_columns: int = 1


@dataclass(frozen=True)
class Figure:
    """A numbered figure: a chart of the standard set by name, or a PNG file."""

    source: str
    chart: str = ""
    png: Path | None = None
    caption: str = ""


Block = Heading | Paragraph | NumberedList | Table | Figure


def _sources(inputs: ReportInputs, lang: str) -> dict[str, str]:
    replications = "/".join(str(r) for r in sorted(set(inputs.replications.values()))) or "?"
    return {key: text.format(reps=replications) for key, text in SOURCES[lang].items()}


def _noted(note: str, rows: pd.DataFrame, indicator_ids: Iterable[str], lang: str) -> str:
    """A table's note followed by the definitions of `indicator_ids`, the indicators the
    table (`rows`) shows, unless it is empty."""
    definitions = definitions_note(indicator_ids, lang)
    return f"{note} {definitions}".strip() if len(rows) and definitions else note


def _summary_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    words = WORDS[lang]
    facts = inputs.facts(lang)
    source = _sources(inputs, lang)
    first, last = inputs.plan_period
    blocks: list[Block] = [
        Heading(words["summary"]),
        NumberedList(tuple(findings(facts, lang) or [words["no_findings"]])),
    ]
    if len(inputs.names) > 1:
        blocks.append(Table(words["t_outlook"].format(plan=inputs.plan_year, first=first,
                                                      last=last),
                            scenario_outlook_rows(inputs, lang), source["simulation"],
                            words["n_outlook"].format(first=first, last=last)))  # fmt: skip
    advice = recommendations(facts, lang)
    if advice:
        blocks += [Heading(words["advice"]), NumberedList(tuple(advice))]
    return blocks


def _results_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    words = WORDS[lang]
    source = _sources(inputs, lang)
    plan, base = inputs.plan_year, inputs.base_year
    first, last = inputs.plan_period
    zhuanlan, care = zhuanlan_rows(inputs, lang), care_at_home_rows(inputs, lang)
    blocks: list[Block] = [
        Heading(words["targets"]),
        Table(words["t_zhuanlan"].format(plan=plan), zhuanlan,
              source["with_base"],
              _noted(words["n_zhuanlan"].format(base=base, plan=plan), zhuanlan,
                     shown_in_zhuanlan(inputs), lang), wide=True),
        Figure(source["simulation"], chart="targets"),
        Heading(words["population"]),
        Table(words["t_population"], population_rows(inputs, lang), source["with_base"],
              words["n_population"].format(base=base)),
        Figure(source["simulation"], chart="population"),
        Heading(words["capacity"]),
        Table(words["t_capacity"].format(plan=plan), capacity_rows(inputs, lang),
              source["simulation"], words["n_capacity"]),
        *[Figure(source["simulation"], chart=name)
          for name in ("beds", "staff", "gave_up", "waiting")],
        Heading(words["care_at_home"]),
        Table(words["t_care"].format(plan=plan), care, source["simulation"],
              _noted(words["n_care"], care, CARE_AT_HOME_DEFINED, lang)),
        Figure(source["simulation"], chart="care_at_home"),
        *_township_blocks(inputs, lang),
    ]  # fmt: skip
    if len(inputs.names) > 1:
        blocks += [Heading(words["costs"]),
                   Table(words["t_costs"].format(first=first, last=last),
                         plan_cost_rows(inputs, lang), source["simulation"],
                         words["n_costs"].format(first=first, last=last)
                         + catalogue_text("costs.n_district", lang), wide=True),
                   Figure(source["simulation"], chart="cost_outcome")]  # fmt: skip
    blocks += [Heading(words["data"]),
               Table(words["t_base"].format(base=base), base_state_rows(inputs, lang),
                     source["pack"], words["n_base"]),
               Table(words["t_assumptions"], parameter_rows(inputs, lang, MAIN_ASSUMPTIONS),
                     source["parameters"], words["n_assumptions"]),
               *_township_estimate_blocks(inputs, lang),
               Table(words["t_measure"], measure_first_rows(inputs, lang), source["sensitivity"],
                     words["n_measure"], text_columns=2)]  # fmt: skip
    return blocks


def _township_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    """A run by township: the table of townships for the reference scenario (and for the
    recommended one when it differs), then the maps."""
    if inputs.places is None:
        return []
    words = WORDS[lang]
    source = _sources(inputs, lang)["simulation"]
    labels = scenario_labels(inputs.scenarios, lang)
    shown = [inputs.reference]
    if len(inputs.names) > 1:
        chosen = recommend(inputs.outlook, inputs.plan_costs)
        if chosen is not None and chosen.scenario != inputs.reference:
            shown.append(chosen.scenario)
    blocks: list[Block] = [Heading(words["townships"])]
    for name in shown:
        rows = township_rows(inputs, lang, name)
        blocks.append(Table(words["t_townships"].format(plan=inputs.plan_year,
                                                        scenario=labels.get(name, name)),
                            rows, source, _noted(words["n_townships"], rows,
                                                 TOWNSHIP_INDICATORS, lang),
                            wide=True, text_columns=2))  # fmt: skip
    blocks += [Figure(source, chart=f"map_{indicator}") for indicator in MAPPED_INDICATORS]
    return blocks


def _township_estimate_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    """The pack's lines naming the township figures that are estimates."""
    places = inputs.places
    estimates = [str(line) for line in (places or {}).get("estimates") or [] if line]
    if not estimates:
        return []
    return [Paragraph(WORDS[lang]["townships_estimates"]),
            NumberedList(tuple(estimate_line(line, lang) for line in estimates))]  # fmt: skip


def _evaluation_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    evaluation = inputs.evaluation
    if evaluation is None or not len(evaluation):
        return []
    words = WORDS[lang]
    first, last = int(evaluation["base_year"].iloc[0]), int(evaluation["final_year"].iloc[0])
    return [Heading(words["evaluation"].format(first=first + 1, last=last)),
            Table(words["t_evaluation"], evaluation_rows(evaluation, lang),
                  _sources(inputs, lang)["evaluation"], words["n_evaluation"])]  # fmt: skip


def _optimisation_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    """The optimisation section: the plan, its goals in the verification, the cost frontier."""
    record = inputs.optimisation
    if record is None:
        return []
    words = OPTIMISE_WORDS[lang]
    source = _sources(inputs, lang)["optimisation"]
    search = record["search"]
    areas = inputs.area_names(lang)
    blocks: list[Block] = [Heading(words["heading"])]
    if record.get("all_goals_verified") and record.get("feasible"):
        cost = record["objective"]["cost"]
        blocks.append(Paragraph(words["summary"].format(
            count=len(record["levers"]), goals=len(record["goals_table"]),
            p=f"{record['probability']:.0%}", cost=words[cost],
            first=record["first_year"], last=record["last_year"],
            value=f"{(record['verified_cost_yuan'] or 0) / 1e8:,.2f}",
            reps=search["verification_replications"])))  # fmt: skip
    else:
        blocks.append(Paragraph(words["summary_short"]))
        blocks += [Paragraph(line) for line in infeasible_sentences(record, areas, lang)]
    blocks += [
        Table(words["t_levers"], optimised_lever_rows(record, lang), source),
        Table(words["t_goals"], optimised_goal_rows(record, areas, lang), source,
              words["n_goals"].format(reps=search["verification_replications"])),
        Table(words["t_frontier"], frontier_rows(record, lang), source,
              words["n_frontier"].format(reps=search["check_replications"])),
    ]  # fmt: skip
    chart = Path(record["folder"]) / "charts" / "frontier.png"
    if chart.is_file():
        blocks.append(Figure(source, png=chart, caption=words["f_frontier"]))
    return blocks


def _placement_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    """Section 布局方案 of an optimisation placed by township (`placement_section`)."""
    section = placement_section(inputs.optimisation, lang)
    if section is None:
        return []
    source = _sources(inputs, lang)["optimisation"]
    blocks: list[Block] = [Heading(section.heading), Paragraph(section.summary)]
    if section.chart is not None:
        blocks.append(Figure(source, png=section.chart, caption=section.caption))
    blocks += [Table(title, rows, source, note, wide=True) for title, rows, note in section.tables]
    return blocks


def _appendix_blocks(inputs: ReportInputs, lang: str) -> list[Block]:
    words = WORDS[lang]
    source = _sources(inputs, lang)
    labels = scenario_labels(inputs.scenarios, lang)
    blocks: list[Block] = [Heading(words["appendix_scenarios"])]
    for name in inputs.names:
        blocks.append(Paragraph(labels.get(name, name), bold=True))
        description = (inputs.scenarios.get(name, {}).get("description") or {}).get(lang)
        if description:
            blocks.append(Paragraph(str(description).strip()))
    blocks += [Heading(words["appendix_parameters"]),
               Table(words["t_parameters"], parameter_rows(inputs, lang), source["parameters"],
                     words["n_parameters"]),
               Heading(words["appendix_years"])]  # fmt: skip
    years = plan_period_years(inputs.summary["year"], inputs.plan_year)
    for name in inputs.names:
        table = indicator_rows(inputs.summary, name, lang, years=years, intervals=False)
        note = words["n_years"].format(base=inputs.base_year)
        blocks.append(Table(words["t_years"].format(scenario=labels.get(name, name)), table,
                            source["with_base"],
                            _noted(note, table, TABLE_INDICATORS, lang)))  # fmt: skip
    return blocks


def report_outline(inputs: ReportInputs, lang: str) -> list[Block]:
    """Every block of the report in order: the summary and its table, the recommendations, the
    results by section, the data, the evaluation and optimisation when the run has
    them, and the appendices."""
    return [
        *_summary_blocks(inputs, lang),
        *_results_blocks(inputs, lang),
        *_evaluation_blocks(inputs, lang),
        *_optimisation_blocks(inputs, lang),
        *_placement_blocks(inputs, lang),
        *_appendix_blocks(inputs, lang),
    ]
