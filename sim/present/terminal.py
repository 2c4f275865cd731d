"""What the `sim` command prints: tables sized to the terminal, and the progress of long work.

Tables are as wide as the terminal (in a pipe or a log: the `COLUMNS` variable, else
`PIPE_WIDTH`). Every indicator keeps its full name and unit; what gives way to a narrow
terminal is the number of years and scenarios side by side: the plan year comes first,
then the last year, the base year and the middle of the plan, and scenarios that do not
fit go into a further table. Cells show the mean and, below it, the interval the report
shows: the 95% range of outcomes (2.5th to 97.5th percentile of the replications), named
in the table's title. Numbers are formatted by `sim.present.labels`, as everywhere else.

The progress of long work is `sim.present.progress`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from sim.catalogue import Section
from sim.present.labels import (
    ATTRIBUTE_NAMES,
    MISSING,
    format_difference,
    format_percent,
    indicator_label,
    indicator_name,
    input_label,
    name_in,
    scenario_labels,
    table_unit,
)
from sim.present.optimise_tables import goal_name
from sim.present.tables import (
    DIFFERENCE_INDICATORS,
    TABLE_INDICATORS,
    cost_rows,
    headline_years,
    shown,
)

if TYPE_CHECKING:
    from pathlib import Path

    from sim.experiments.folders import RunResults

#: Width of the printed tables when stdout is not a terminal and COLUMNS is not set.
PIPE_WIDTH = 100
#: Characters a plain table keeps for each column of wrapping text before names get theirs.
TEXT_SHARE = 8
#: A header word longer than this is folded rather than widening its column.
LONGEST_HEADER_WORD = 20
#: The printed tables' words (`terminal.<key>` in the catalogue), by language; the
#: interval each table names is `interval.pi` or `interval.ci`, by summary columns.
WORDS = Section("terminal")
#: Indicators `sim sweep` prints for each combination (mean in the last year).
SWEEP_PRINTED_INDICATORS = ("waiting_list", "mean_wait_days", "unmet_bed_demand", "occupancy_rate")


def terminal_width(stream: Any) -> int | None:
    """The width to print at: None (the terminal's own) on a terminal, else COLUMNS or
    `PIPE_WIDTH` characters."""
    if stream.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def console(*, stderr: bool = False) -> Console:
    """A rich console on stdout (or stderr) at `terminal_width`."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=terminal_width(stream))


# ---- fitting columns to the width --------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One printed column: its header and one cell per row (lines separated by \\n)."""

    header: str
    cells: tuple[str, ...]


def _text_width(texts: Sequence[str]) -> int:
    return max((cell_len(line) for text in texts for line in text.split("\n")), default=1)


#: Where a header may break: spaces, and before or after any Chinese character.
HEADER_BREAKS = re.compile(r"\s+|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”]")


def _column_width(column: Column) -> int:
    """The widest cell line, or, if wider, what keeps the header to two lines and its
    longest unbreakable part whole (up to a limit, beyond which the header is folded)."""
    words = [w for w in HEADER_BREAKS.split(column.header) if cell_len(w) <= LONGEST_HEADER_WORD]
    half = min(-(-cell_len(column.header) // 2), LONGEST_HEADER_WORD)
    return max(_text_width(column.cells), _text_width(words) if words else 1, half)


def plain_table() -> Table:
    """An empty table in the printed style: a rule under the header, no outer frame."""
    return Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)


def titled(title: str, table: Table) -> Group:
    """The title on its own line (wrapped at the terminal's width, not the table's), then
    the table."""
    return Group(Text(title, style="bold"), table)


def grid(title: str, corner: str, row_heads: Sequence[str], columns: Sequence[Column]) -> Group:
    """A titled table of row heads (left) and columns of right-aligned cells; every column
    is as wide as its widest cell, so a cell never wraps and headers wrap instead."""
    # Rows of two lines (name and unit; mean and range) alternate in brightness on a
    # terminal instead of taking a ruled line each.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, row_styles=["", "dim"])
    table.add_column(corner, width=_text_width([*row_heads, corner]), overflow="fold")
    for column in columns:
        table.add_column(column.header, justify="right", width=_column_width(column),
                         overflow="fold")  # fmt: skip
    for index, head in enumerate(row_heads):
        table.add_row(head, *(column.cells[index] for column in columns))
    return titled(title, table)


def table_width(printed: Group) -> int:
    """The number of character cells the widest line of a titled table's table takes."""
    table = printed.renderables[-1]
    with open(os.devnull, "w", encoding="utf-8") as nowhere:
        wide = Console(width=10_000, record=True, file=nowhere)
        wide.print(table)
    return _text_width(wide.export_text().splitlines())


def fitted_tables(
    width: int, make: Callable[[Sequence[Any]], Group], groups: Sequence[Sequence[Any]]
) -> list[Group]:
    """The tables to print: `make(columns)` for the first layout in `groups` (most columns
    first) that fits `width`; when none does, the last layout's columns one at a time,
    several to a table, as many as fit."""
    for columns in groups:
        table = make(columns)
        if table_width(table) <= width:
            return [table]
    last = list(groups[-1])
    tables: list[Group] = []
    while last:
        count = 1
        while count < len(last) and table_width(make(last[: count + 1])) <= width:
            count += 1
        tables.append(make(last[:count]))
        last = last[count:]
    return tables


def _year_preference(years: Sequence[int], plan_year: int) -> list[int]:
    """Years in the order they earn a column: the plan year, the last year, the base year,
    then the rest in time order."""
    ordered = sorted(years)
    if not ordered:
        return []
    first = [y for y in (plan_year, ordered[-1], ordered[0]) if y in ordered]
    return list(dict.fromkeys([*first, *ordered]))


def _layouts(names: Sequence[str], years: Sequence[int], plan_year: int) -> list[list[Any]]:
    """Column layouts of (scenario, year) pairs, most years first, ordered by year."""
    preferred = _year_preference(years, plan_year)
    layouts = []
    for count in range(len(preferred), 0, -1):
        chosen = sorted(preferred[:count])
        layouts.append([(name, year) for year in chosen for name in names])
    return layouts


def _printed_width(out: Console) -> int:
    return out.size.width


# ---- sim run -----------------------------------------------------------------------------


def interval_kind(summary: pd.DataFrame) -> str:
    """'pi' when the summary has the range of outcomes (what the report shows), else 'ci'."""
    return "pi" if {"pi_low", "pi_high"} <= set(summary.columns) else "ci"


def mean_and_range(mean: float, low: float, high: float, indicator_id: str) -> str:
    """The mean and, on the next line, 'low–high', each as the report shows it; the mean
    alone when the interval is missing or the same in every replication."""
    values = [shown(value, indicator_id) for value in (mean, low, high)]
    if MISSING in values[1:] or values[0] == values[1] == values[2]:
        return values[0]
    return f"{values[0]}\n{values[1]}–{values[2]}"


def indicator_head(indicator_id: str, lang: str) -> str:
    """An indicator's name and, on the next line, its unit as the report's tables write it."""
    return WORDS[lang]["indicator_head"].format(
        name=indicator_name(indicator_id, lang), unit=table_unit(indicator_id, lang)
    )


def _column_header(title: str, year: int, one_scenario: bool, one_year: bool) -> str:
    if one_scenario:
        return str(year)
    return title if one_year else f"{title} {year}"


def indicator_tables(
    summary: pd.DataFrame, documents: Mapping[str, Any], plan_year: int, lang: str, width: int
) -> list[Group]:
    """The indicators of every scenario as tables that fit `width`: mean and interval."""
    words = WORDS[lang]
    kind = interval_kind(summary)
    low, high = f"{kind}_low", f"{kind}_high"
    titles = scenario_labels(documents, lang)
    names = list(documents)
    by_key = summary.set_index(["scenario", "indicator", "year"]).sort_index()
    years = headline_years(summary["year"], plan_year)

    def make(pairs: Sequence[tuple[str, int]]) -> Group:
        table_years = sorted({year for _, year in pairs})
        columns = []
        for name, year in pairs:
            cells = []
            for indicator_id in TABLE_INDICATORS:
                key = (name, indicator_id, year)
                row = by_key.loc[key] if key in by_key.index else None
                cells.append(MISSING if row is None else mean_and_range(
                    row["mean"], row[low], row[high], indicator_id))  # fmt: skip
            header = _column_header(titles[name], year, len(names) == 1, len(table_years) == 1)
            columns.append(Column(header, tuple(cells)))
        interval = words[f"interval.{kind}"]
        if len(names) == 1:
            title = f"{names[0]}: {titles[names[0]]} — {interval}"
        elif len(table_years) == 1:
            title = f"{words['year'].format(year=table_years[0])} — {interval}"
        else:
            title = interval
        heads = [indicator_head(i, lang) for i in TABLE_INDICATORS]
        return grid(title, words["indicator"], heads, columns)

    return fitted_tables(width, make, _layouts(names, years, plan_year))


def target_tables(
    targets: pd.DataFrame, documents: Mapping[str, Any], lang: str, width: int
) -> list[Group]:
    """Targets (rows) against scenarios (columns): the mean and P(met) in the target's
    year (the first year a mean falls short is the first row of an indicator that does)."""
    if not len(targets):
        return []
    titles = scenario_labels(documents, lang)
    names = [name for name in documents if name in set(targets["scenario"])]
    keys = list(dict.fromkeys(zip(targets["indicator"], targets["year"], targets["target"],
                                  targets["direction"], strict=True)))  # fmt: skip
    by_key = targets.set_index(["scenario", "indicator", "year"]).sort_index()
    words = WORDS[lang]
    heads = []
    for indicator_id, year, target, direction in keys:
        sign = "≤" if direction == "at_most" else "≥"
        line = words["target_line"].format(year=year, sign=sign, target=f"{target:g}")
        heads.append(f"{indicator_head(indicator_id, lang)}\n{line}")

    def cell(name: str, indicator_id: str, year: int) -> str:
        key = (name, indicator_id, year)
        if key not in by_key.index:
            return MISSING
        row = by_key.loc[key]
        return f"{shown(row['mean'], indicator_id)}\n{format_percent(row['p_met'])}"

    def make(chosen: Sequence[str]) -> Group:
        columns = [Column(titles[name], tuple(cell(name, key[0], key[1]) for key in keys))
                   for name in chosen]  # fmt: skip
        return grid(words["targets_title"], words["target"], heads, columns)

    return fitted_tables(width, make, [names])


def print_tables(
    summary: pd.DataFrame, targets: pd.DataFrame, documents: dict[str, Any], lang: str
) -> None:
    """Print the indicators of every scenario (mean and 95% range of outcomes) and their
    targets, in as few tables as the terminal's width allows."""
    out = console()
    plan_year = int(targets["year"].max()) if len(targets) else int(summary["year"].max())
    width = _printed_width(out)
    for table in indicator_tables(summary, documents, plan_year, lang, width):
        out.print(table)
    for table in target_tables(targets, documents, lang, width):
        out.print(table)


# ---- sim compare -------------------------------------------------------------------------


def difference_tables(results: RunResults, lang: str, width: int) -> list[Group]:
    """Paired differences of each scenario against the reference, with their 95% CI."""
    assert results.differences is not None
    words = WORDS[lang]
    differences = results.differences
    labels = scenario_labels(results.record.scenarios, lang)
    reference = str(results.record.reference)
    targets = results.targets
    plan_year = int(targets["year"].max()) if len(targets) else int(differences["year"].max())
    names = [str(name) for name in pd.unique(differences["scenario"])]
    by_key = differences.set_index(["scenario", "indicator", "year"]).sort_index()
    years = headline_years(differences["year"], plan_year)

    def make(pairs: Sequence[tuple[str, int]]) -> Group:
        one_year = len({year for _, year in pairs}) == 1
        columns = []
        for name, year in pairs:
            cells = []
            for indicator_id in DIFFERENCE_INDICATORS:
                key = (name, indicator_id, year)
                row = by_key.loc[key] if key in by_key.index else None
                cells.append(MISSING if row is None else format_difference(
                    row["mean_difference"], row["ci_low"], row["ci_high"], indicator_id,
                    separator="\n"))  # fmt: skip
            header = _column_header(labels.get(name, name), year, len(names) == 1, one_year)
            columns.append(Column(header, tuple(cells)))
        against = labels.get(reference, reference)
        title = words["against"].format(against=against, interval=words["difference"])
        if one_year:
            title += words["in_year"].format(year=pairs[0][1])
        heads = [indicator_head(i, lang) for i in DIFFERENCE_INDICATORS]
        return grid(title, words["indicator"], heads, columns)

    return fitted_tables(width, make, _layouts(names, years, plan_year))


def cost_table(results: RunResults, lang: str) -> Group:
    """Total and extra cost, people served and the cost per extra person served, over
    the years `costs.csv` names (the plan period), which the title gives."""
    assert results.costs is not None
    labels = scenario_labels(results.record.scenarios, lang)
    costs = cost_rows(results.costs, lang, labels)
    table = plain_table()
    for index, column in enumerate(costs.columns):
        table.add_column(str(column), justify="left" if index == 0 else "right",
                         overflow="fold")  # fmt: skip
    for values in costs.itertuples(index=False):
        table.add_row(*[str(v) for v in values])
    first, last = int(results.costs["first_year"].iloc[0]), int(results.costs["last_year"].iloc[0])
    return titled(WORDS[lang]["costs_title"].format(first=first, last=last), table)


def print_comparison(results: RunResults, lang: str) -> None:
    """Print the paired differences of the main indicators and the cost table."""
    out = console()
    for table in difference_tables(results, lang, _printed_width(out)):
        out.print(table)
    out.print(cost_table(results, lang))


# ---- the other commands ------------------------------------------------------------------


def print_sweep(tidy: pd.DataFrame, keys: Sequence[str], year: int) -> None:
    """Print, per combination, the swept values and a few indicators' means in `year`."""
    from sim.experiments.runner import summarise
    from sim.experiments.sweep import value_label

    summary = summarise(tidy).set_index(["scenario", "year", "indicator"])
    table = plain_table()
    for key in keys:
        table.add_column(key, justify="right", overflow="fold")
    for indicator in SWEEP_PRINTED_INDICATORS:
        table.add_column(indicator_label(indicator, "en"), justify="right", overflow="fold")
    for _, row in tidy.drop_duplicates("scenario").iterrows():
        cells = [value_label(row[key]) for key in keys]
        for indicator in SWEEP_PRINTED_INDICATORS:
            index = (row["scenario"], year, indicator)
            cells.append(f"{summary.loc[index, 'mean']:,.1f}" if index in summary.index else "–")
        table.add_row(*cells)
    console().print(titled(f"Sweep: means in {year}", table))


def print_rows(title: str, heads: Sequence[str], rows: Sequence[Sequence[str]],
               left: Sequence[int] = (0,), wrap: Sequence[int] = ()) -> None:  # fmt: skip
    """Print a plain table: columns in `left` left-aligned, the others right-aligned (numbers,
    never broken). The columns in `wrap` (text) break across lines; the other left-aligned
    columns (names) share what the numbers and a little of the text leave, and only names
    longer than their share are broken."""
    out = console()
    widths = [_column_width(Column(head, tuple(row[index] for row in rows)))
              for index, head in enumerate(heads)]  # fmt: skip
    names = [i for i in left if i not in wrap]
    numbers = sum(w + 3 for i, w in enumerate(widths) if i not in left)
    share = (out.size.width - numbers - (TEXT_SHARE + 3) * len(wrap)) // max(len(names), 1) - 3
    table = plain_table()
    for index, head in enumerate(heads):
        minimum = widths[index] if index not in left else None
        if index in names:
            minimum = max(min(widths[index], share), 1)
        # A fixed width (as wide as the widest number): rich narrows the text columns, not
        # these, to fit the terminal, and their headers wrap.
        table.add_column(head, justify="left" if index in left else "right", overflow="fold",
                         width=minimum)  # fmt: skip
    for row in rows:
        table.add_row(*row)
    out.print(titled(title, table))


def print_measure_first(measure_first: pd.DataFrame, lang: str) -> None:
    """The inputs a sensitivity study ranks first, with how to measure them."""
    words = WORDS[lang]
    columns = ("rank", "input", "variance_share", "p_change", "how_to_measure")
    heads = tuple(words[f"measure_first.{key}"] for key in columns)
    rows = [
        (str(row.rank),
         input_label(row.input, row.kind, getattr(row, f"label_{lang}"), lang),
         f"{row.variance_share:.2f} ± {row.variance_share_conf:.2f}",
         MISSING if row.p_change != row.p_change else f"{row.p_change:.0%}",
         str(getattr(row, f"measure_{lang}")))
        for row in measure_first.itertuples(index=False)
    ]  # fmt: skip
    print_rows(words["measure_first.title"], heads, rows, left=(1, 4), wrap=(1, 4))


def print_evaluation(table: pd.DataFrame, base_year: int, final: int, lang: str) -> None:
    """The end-of-term evaluation: each target with its projection, P(met) and verdict."""
    words = WORDS[lang]
    heads = (
        words["indicator"], words["year"].format(year=base_year),
        words["evaluation.target"].format(year=final), words["evaluation.attribute"],
        words["evaluation.projection"].format(year=final), words["evaluation.p_met"],
        words["evaluation.observed"].format(year=final), words["evaluation.verdict"],
    )  # fmt: skip
    rows = [
        (indicator_name(row.indicator, lang), f"{row.base_value:,.1f}", f"{row.target:g}",
         name_in(ATTRIBUTE_NAMES, row.attribute, lang), f"{row.projection_mean:,.1f}",
         format_percent(row.p_met),
         MISSING if row.observed != row.observed else f"{row.observed:,.1f}",
         words[f"verdict.{row.verdict}"])
        for row in table.itertuples(index=False)
    ]  # fmt: skip
    print_rows(words["evaluation.title"], heads, rows, left=(0, 3, 7))


def print_goals_check(
    binding: pd.DataFrame, lang: str, area_names: Mapping[str, str] | None = None
) -> None:
    """The optimiser's goals in the verification run, each named by its indicator, area
    (`area_names`: the district's and the townships' names by code) and year."""
    words = WORDS[lang]
    columns = ("goal", "required", "p_met", "mean", "binding")
    heads = tuple(words[f"goals_check.{key}"] for key in columns)
    rows = [
        (goal_name(row, area_names or {}, lang), f"{row.required_probability:.0%}",
         f"{row.verified_p_met:.0%}", f"{row.verified_mean:,.1f}",
         words["goals_check.binds"] if row.binding else "")
        for row in binding.itertuples(index=False)
    ]  # fmt: skip
    print_rows(words["goals_check.title"], heads, rows)


def print_plan(out: Path, cost_yuan: float | None, cost: str, years: tuple[int, int]) -> None:
    """Where the optimiser's plan is, what it costs (`cost`: public or total, over `years`,
    first and last) in its verification run, and the folder."""
    value = float("nan") if cost_yuan is None else cost_yuan
    print(f"plan: {out / 'plan.yaml'}; cost {value / 1e8:,.2f} x 100 million yuan "
          f"({cost}, {years[0]}-{years[1]})")  # fmt: skip
    print(f"optimisation folder: {out}")


def print_shortfall(
    rounds: Sequence[Mapping[str, Any]], short: Sequence[str], goals_csv: Path
) -> None:
    """On stderr: no plan held every goal; which goals fell short in the search's last check
    and in the verification run."""
    last = ", ".join(rounds[-1]["goals_short"]) if rounds else "none"
    print(f"sim optimise: no plan held every goal in the search's checks (short in the "
          f"last: {last}); short in the verification run: {', '.join(short) or 'none'} "
          f"(see {goals_csv})", file=sys.stderr)  # fmt: skip


def print_calibration(report: pd.DataFrame, replications: int) -> None:
    """Model against source for every figure the data came from."""
    rows = [
        (row.item, str(row.year), f"{row.source_value:,.2f}", f"{row.model_value:,.2f}",
         f"{row.difference:+,.2f}", row.unit, row.source)
        for row in report.itertuples(index=False)
    ]  # fmt: skip
    print_rows(
        f"Calibration: model (mean of {replications}) against source",
        ("item", "year", "source", "model", "difference", "unit", "from"), rows,
        left=(0, 5, 6), wrap=(5, 6),
    )  # fmt: skip


def announce_assumed(lines: Sequence[str]) -> None:
    """Say first which base-year figures the run had to assume (one line per district, as
    `sim.experiments.runs.assumed_lines` made them), on stderr."""
    for line in lines:
        print(f"sim run: {line}", file=sys.stderr)


def print_indicator_list() -> int:
    """Every indicator: id, unit, English and Chinese name, how it adds up over areas
    (`sim.model.aggregation`) and, where the catalogue gives one, its statistical
    definition (统计口径) in English and Chinese, tab-separated under a header row;
    returns 0 (the command's exit code)."""
    from sim.model.indicators import INDICATORS
    from sim.present.labels import indicator_definition, unit_name

    print("id\tunit\tname_en\tname_zh\taggregation\tdefinition_en\tdefinition_zh")
    for indicator_id, indicator in INDICATORS.items():
        print(
            f"{indicator_id}\t{unit_name(indicator_id, 'en')}\t"
            f"{indicator_name(indicator_id, 'en')}\t{indicator_name(indicator_id, 'zh')}\t"
            f"{indicator.aggregation.describe()}\t"
            f"{indicator_definition(indicator_id, 'en')}\t"
            f"{indicator_definition(indicator_id, 'zh')}"
        )
    return 0
