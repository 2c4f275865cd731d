"""The `sim` command: parses arguments, calls the public functions, prints.

    sim validate SCENARIO.yaml...
    sim run SCENARIO.yaml... [--replications N] [--seed S] [--jobs J] [--out DIR] [--force]
    sim compare SCENARIO.yaml...|RUN_DIR... [--replications N] [--seed S] [--jobs J]
                [--out DIR] [--force] [--lang zh|en]
    sim report RUN_DIR... [--format docx|xlsx|md] [--lang zh|en] [--out FILE] [--force]
    sim sweep SCENARIO.yaml --grid GRID.yaml [--replications N] [--jobs J] [--out FILE]
    sim evaluate [SCENARIO.yaml] [--replications N] [--out DIR]
    sim sensitivity SCENARIO.yaml... [--population-scale F] [--trajectories N]
                [--samples N] [--top N] [--out DIR]
    sim calibrate [--replications N] [--scenario SCENARIO.yaml]
    sim new-district ID [--year YEAR] [--out DIR]
    sim indicators

`run` and `compare` take `--district ID` (repeated) to run every scenario for several
district packs and in total.

`run`, `compare` and `sweep` take `--backend processes|dask` and, with dask,
`--dask-scheduler ADDRESS` for an existing cluster.

Bad input (a broken scenario file, a bad flag, an output that exists, a folder
that is not a run folder) prints one line naming the file and the key, exits
with code 2 and writes nothing. Heavy libraries are imported inside the
commands that use them, so `sim --help` and `sim validate` start quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sim import __version__
from sim.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from sim.config.scenario import Scenario
    from sim.experiments.folders import RunResults

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
FORMATS = ("docx", "xlsx", "md")
#: Indicators and years of the printed comparison (paired differences).
COMPARED_INDICATORS = (
    "nursing_bed_share", "certified_caregivers_per_10k", "waiting_list", "mean_wait_days",
    "unmet_bed_demand", "community_coverage", "cost_total",
)  # fmt: skip
COMPARED_YEARS = (2022, 2025, 2035)
#: Indicators `sim sweep` prints for each combination (mean in the last year).
SWEEP_PRINTED_INDICATORS = ("waiting_list", "mean_wait_days", "unmet_bed_demand", "occupancy_rate")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text}")
    return value


def _power_of_two(text: str) -> int:
    value = _positive_int(text)
    if value & (value - 1):
        raise argparse.ArgumentTypeError(f"expected a power of two, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sim", description="Elderly-care capacity planning simulator.")
    parser.add_argument("--version", action="version", version=f"sim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="check scenario files; print only errors")
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")

    run = commands.add_parser("run", help="run scenarios and write a run folder")
    run.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    run.add_argument("--replications", type=_positive_int, help="override each scenario's count")
    run.add_argument("--seed", type=_seed, help="override each scenario's seed")
    run.add_argument("--out", type=Path, help="run folder (default: runs/<names>-<time>)")
    run.add_argument("--force", action="store_true", help="replace an existing run folder")
    run.add_argument("--lang", choices=("zh", "en"), default="zh",
                     help="labels of the table and the charts")  # fmt: skip
    run.add_argument("--no-charts", action="store_true", help="do not draw the charts")
    run.add_argument("--svg", action="store_true", help="also write the charts as SVG")
    run.add_argument("--district", action="append", default=[], metavar="ID",
                     help="run for this district pack (repeat for a city-wide run)")  # fmt: skip
    _execution_arguments(run)

    compare = commands.add_parser(
        "compare", help="run scenarios with common random numbers (or read run folders) "
        "and write a comparison folder against the first",
    )  # fmt: skip
    compare.add_argument("inputs", nargs="+", metavar="SCENARIO.yaml|RUN_DIR")
    compare.add_argument(
        "--replications",
        type=_positive_int,
        help="replications of every scenario (default: the first's count)",
    )
    compare.add_argument(
        "--seed", type=_seed, help="seed of every scenario (default: the first's seed)"
    )
    compare.add_argument(
        "--out", type=Path, help="comparison folder (default: runs/compare-<names>-<time>)"
    )
    compare.add_argument("--force", action="store_true", help="replace an existing folder")
    compare.add_argument("--no-charts", action="store_true", help="do not draw the charts")
    compare.add_argument("--svg", action="store_true", help="also write the charts as SVG")
    compare.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="labels of the table and the charts"
    )
    compare.add_argument("--district", action="append", default=[], metavar="ID",
                         help="compare city-wide totals over these district packs")  # fmt: skip
    _execution_arguments(compare)

    report = commands.add_parser("report", help="write a Word, Excel or Markdown report")
    report.add_argument("folders", nargs="+", metavar="RUN_DIR")
    report.add_argument(
        "--format", choices=FORMATS, help="docx, xlsx or md (default: from --out, else docx)"
    )
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language")
    report.add_argument(
        "--out", type=Path, help="report file (default: RUN_DIR/report-<lang>.<format>)"
    )
    report.add_argument("--force", action="store_true", help="replace an existing file")
    report.add_argument("--quiet", action="store_true", help="print nothing but errors")
    report.add_argument(
        "--sensitivity", type=Path, metavar="STUDY_DIR",
        help="a `sim sensitivity` folder whose figures to measure first go into the report "
        "(default: RUN_DIR/sensitivity when there is one)",
    )  # fmt: skip

    sweep = commands.add_parser("sweep", help="run one scenario over a grid of values")
    sweep.add_argument("scenario", metavar="SCENARIO.yaml")
    sweep.add_argument("--grid", required=True, metavar="GRID.yaml",
                       help="key paths and lists of values")  # fmt: skip
    sweep.add_argument("--replications", type=_positive_int, help="override the scenario's count")
    sweep.add_argument("--out", type=Path,
                       help="table file, .parquet or .csv (default: under runs/)")  # fmt: skip
    sweep.add_argument("--force", action="store_true", help="replace an existing file")
    _execution_arguments(sweep)

    calibrate = commands.add_parser(
        "calibrate", help="print model against source for every figure the data came from"
    )
    calibrate.add_argument("--replications", type=_positive_int, default=5,
                           help="replications of the baseline (default: 5)")  # fmt: skip
    calibrate.add_argument("--scenario", metavar="SCENARIO.yaml",
                           help="scenario to check (default: scenarios/baseline.yaml)")  # fmt: skip

    evaluate = commands.add_parser(
        "evaluate", help="end-of-term evaluation of a Five-Year plan (终期评估)"
    )
    evaluate.add_argument("scenario", nargs="?", default="scenarios/plan-2025.yaml",
                          metavar="SCENARIO.yaml",
                          help="the plan scenario (default: scenarios/plan-2025.yaml)")  # fmt: skip
    evaluate.add_argument("--replications", type=_positive_int, help="override its count")
    evaluate.add_argument("--out", type=Path, help="run folder (default: runs/evaluate-...)")
    evaluate.add_argument("--force", action="store_true", help="replace an existing folder")
    evaluate.add_argument("--lang", choices=("zh", "en"), default="zh", help="printed labels")
    evaluate.add_argument("--no-charts", action="store_true", help="do not draw the charts")
    evaluate.add_argument("--svg", action="store_true", help="also write the charts as SVG")
    _execution_arguments(evaluate)

    sensitivity = commands.add_parser(
        "sensitivity",
        help="global sensitivity (Morris, then Sobol) of the first scenario; with several, "
        "whether the preferred one changes",
    )  # fmt: skip
    sensitivity.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    sensitivity.add_argument("--population-scale", type=_positive_float, default=0.1,
                             help="district size of every run (default: 0.1)")  # fmt: skip
    sensitivity.add_argument("--trajectories", type=_positive_int, default=10,
                             help="Morris trajectories (default: 10)")  # fmt: skip
    sensitivity.add_argument("--samples", type=_power_of_two, default=64,
                             help="Sobol base samples, a power of two (default: 64)")  # fmt: skip
    sensitivity.add_argument("--top", type=_positive_int, default=8,
                             help="inputs that go on to the Sobol step (default: 8)")  # fmt: skip
    sensitivity.add_argument("--decision-replications", type=_positive_int, default=3,
                             help="replications of the choice check (default: 3)")  # fmt: skip
    sensitivity.add_argument("--out", type=Path, help="folder (default: runs/sensitivity-...)")
    sensitivity.add_argument("--force", action="store_true", help="replace an existing folder")
    sensitivity.add_argument("--lang", choices=("zh", "en"), default="zh", help="chart labels")
    sensitivity.add_argument("--no-charts", action="store_true", help="do not draw the chart")
    _execution_arguments(sensitivity, uncertainty=False)

    optimise = commands.add_parser(
        "optimise",
        help="the least-cost plan that meets a goals file's targets with their probabilities",
        description="Find the least-cost plan of a goals file (docs/optimise.md). Exit codes: "
        "0 the plan meets every goal; 2 bad input; 3 the goals cannot be met within the "
        "levers' bounds, or the plan found falls short in its verification run (the closest "
        "plan is written all the same).",
    )  # fmt: skip
    optimise.add_argument("goals", metavar="GOALS.yaml")
    optimise.add_argument("--out", type=Path, help="folder (default: runs/optimise-<name>-...)")
    optimise.add_argument("--force", action="store_true", help="replace an existing folder")
    optimise.add_argument("--lang", choices=("zh", "en"), default="zh",
                          help="language of the charts and the report")  # fmt: skip
    optimise.add_argument("--no-report", action="store_true",
                          help="write no charts and no Word report")  # fmt: skip
    optimise.add_argument("--jobs", type=_positive_int, default=min(2, os.cpu_count() or 1),
                          help="worker processes (default: up to 2)")  # fmt: skip
    optimise.add_argument("--quiet", action="store_true", help="print nothing but errors")

    new_district = commands.add_parser(
        "new-district", help="write an empty district pack with every field explained"
    )
    new_district.add_argument("id", metavar="ID", help="the district's id (a folder name)")
    new_district.add_argument("--year", type=int, default=2025, help="its first base year")
    new_district.add_argument("--out", type=Path,
                              help="folder to write (default: data/districts/ID)")  # fmt: skip
    new_district.add_argument("--force", action="store_true", help="replace an existing folder")

    commands.add_parser("indicators", help="list indicator ids, names and units")
    return parser


def _execution_arguments(command: argparse.ArgumentParser, *, uncertainty: bool = True) -> None:
    """The flags shared by every command that runs replications."""
    if uncertainty:  # a sensitivity study varies the inputs itself
        command.add_argument("--uncertainty", choices=("parameters", "none"),
                             help="draw the uncertain inputs in each replication, or not "
                             "(default: as each scenario says)")  # fmt: skip
    command.add_argument("--jobs", type=_positive_int, default=min(2, os.cpu_count() or 1),
                         help="worker processes (default: up to 2)")  # fmt: skip
    command.add_argument("--quiet", action="store_true", help="print nothing but errors")
    command.add_argument("--backend", choices=("processes", "dask"), default="processes",
                         help="where replications run (default: processes)")  # fmt: skip
    command.add_argument("--dask-scheduler", metavar="ADDRESS",
                         help="existing Dask scheduler, e.g. tcp://host:8786")  # fmt: skip


def _execution(args: argparse.Namespace, label: str) -> dict[str, Any]:
    """Keyword arguments of the running functions from the shared flags."""
    if args.dask_scheduler is not None and args.backend != "dask":
        raise InputError("--dask-scheduler", "", "needs --backend dask")
    return {
        "jobs": args.jobs,
        "backend": args.backend,
        "dask_scheduler": args.dask_scheduler,
        "progress": None if args.quiet else _progress_printer(label),
        "uncertainty": getattr(args, "uncertainty", None),
    }


def _load_all(paths: Sequence[str]) -> list[Scenario]:
    from sim.config.load import load_scenario

    return [load_scenario(path) for path in paths]


def _console() -> Any:
    from rich.console import Console

    # On a terminal, its width; in a pipe or a log, wide enough for every column.
    return Console() if sys.stdout.isatty() else Console(width=200)


def _progress_printer(total_label: str) -> Callable[[int, int], None]:
    """A progress callback: a bar on a terminal, a few plain lines otherwise."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskID, TimeRemainingColumn

        progress = Progress(
            "[progress.description]{task.description}", BarColumn(),
            "{task.completed}/{task.total}", TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )  # fmt: skip
        state: dict[str, TaskID] = {}

        def update(done: int, total: int) -> None:
            if "task" not in state:
                progress.start()
                state["task"] = progress.add_task(total_label, total=total)
            progress.update(state["task"], completed=done)
            if done == total:
                progress.stop()

        return update

    def plain(done: int, total: int) -> None:
        step = max(total // 10, 1)
        if done == total or done % step == 0:
            print(f"{total_label}: {done}/{total} replications done", file=sys.stderr)

    return plain


def _chart_finisher(args: argparse.Namespace) -> list[Callable[[Path], Any]]:
    """Draw the standard charts into a folder before it is put in place (unless --no-charts)."""
    if args.no_charts:
        return []
    from sim.present.charts import write_folder_charts

    svg = bool(getattr(args, "svg", False))
    return [lambda folder: write_folder_charts(folder, args.lang, svg=svg)]


# ---- printed tables ---------------------------------------------------------------

_HEADERS = {
    "zh": ("指标", "单位", "目标达成", "年份", "目标", "均值", "达成概率", "首个未达标年份"),
    "en": ("indicator", "unit", "Targets", "year", "target", "mean", "P(met)", "first year short"),
}


def print_tables(
    summary: pd.DataFrame, targets: pd.DataFrame, documents: dict[str, Any], lang: str
) -> None:
    """Print, per scenario, the main indicators by year (mean and 95% CI) and its targets."""
    import pandas as pd
    from rich.table import Table

    from sim.present.labels import (
        display_unit,
        format_cell,
        format_percent,
        indicator_name,
        scenario_labels,
    )
    from sim.present.tables import TABLE_INDICATORS, headline_years

    console = _console()
    titles = scenario_labels(documents, lang)
    indicator_h, unit_h, targets_h, *target_columns = _HEADERS[lang]
    by_key = summary.set_index(["scenario", "indicator", "year"])
    plan_year = int(targets["year"].max()) if len(targets) else int(summary["year"].max())
    years = headline_years(summary["year"], plan_year)
    for name in documents:
        table = Table(title=f"{name}: {titles[name]}", title_justify="left", show_lines=True)
        table.add_column(indicator_h, no_wrap=True)
        table.add_column(unit_h, no_wrap=True)
        for year in years:
            table.add_column(str(year), justify="right", no_wrap=True)
        for indicator_id in TABLE_INDICATORS:
            cells = []
            for year in years:
                key = (name, indicator_id, year)
                if key in by_key.index:
                    row = by_key.loc[key]
                    cells.append(
                        format_cell(row["mean"], row["ci_low"], row["ci_high"], indicator_id)
                    )
                else:
                    cells.append("–")
            unit = display_unit(indicator_id, lang)[1]
            table.add_row(indicator_name(indicator_id, lang), unit, *cells)
        console.print(table)
        own = targets[targets["scenario"] == name]
        if len(own):
            target_table = Table(title=targets_h, title_justify="left")
            target_table.add_column(indicator_h, no_wrap=True)
            for column in target_columns:
                target_table.add_column(column, justify="right", no_wrap=True)
            for row in own.itertuples(index=False):
                target_table.add_row(
                    indicator_name(str(row.indicator), lang), str(row.year),
                    f"{row.target:g}", f"{row.mean:.1f}", format_percent(row.p_met),
                    "" if pd.isna(row.first_year_short) else str(row.first_year_short),
                )  # fmt: skip
            console.print(target_table)


def print_comparison(results: RunResults, lang: str) -> None:
    """Print the paired differences of the main indicators and the cost table."""
    import pandas as pd
    from rich.table import Table

    from sim.present.labels import format_difference, indicator_name, scenario_labels
    from sim.present.tables import cost_rows

    assert results.differences is not None and results.costs is not None
    console = _console()
    labels = scenario_labels(results.manifest["scenarios"], lang)
    reference_name = str(results.manifest["reference"])
    reference = labels.get(reference_name, reference_name)
    differences = results.differences.set_index(["scenario", "indicator", "year"])
    years = [y for y in COMPARED_YEARS if y in set(results.differences["year"])]
    for scenario in pd.unique(results.differences["scenario"]):
        label = labels.get(scenario, scenario)
        title = (
            f"{label} − {reference}（配对差值，95%置信区间）"
            if lang == "zh"
            else f"{label} − {reference} (paired difference, 95% CI)"
        )
        table = Table(title=title, title_justify="left")
        table.add_column("指标" if lang == "zh" else "indicator", no_wrap=True)
        for year in years:
            table.add_column(str(year), justify="right", no_wrap=True)
        for indicator_id in COMPARED_INDICATORS:
            cells = []
            for year in years:
                key = (scenario, indicator_id, year)
                if key in differences.index:
                    row = differences.loc[key]
                    cells.append(
                        format_difference(
                            row["mean_difference"], row["ci_low"], row["ci_high"], indicator_id
                        )
                    )
                else:
                    cells.append("–")
            table.add_row(indicator_name(indicator_id, lang), *cells)
        console.print(table)
    costs = cost_rows(results.costs, lang, labels)
    cost_table = Table(title="成本" if lang == "zh" else "Costs", title_justify="left")
    for index, column in enumerate(costs.columns):
        cost_table.add_column(str(column), justify="left" if index == 0 else "right")
    for values in costs.itertuples(index=False):
        cost_table.add_row(*[str(v) for v in values])
    console.print(cost_table)


def print_sweep(tidy: pd.DataFrame, keys: Sequence[str], year: int) -> None:
    """Print, per combination, the swept values and a few indicators' means in `year`."""
    from rich.table import Table

    from sim.config.grid import value_label
    from sim.experiments.runner import summarise
    from sim.present.labels import indicator_label

    summary = summarise(tidy).set_index(["scenario", "year", "indicator"])
    table = Table(title=f"Sweep: means in {year}", title_justify="left")
    for key in keys:
        table.add_column(key, justify="right")
    for indicator in SWEEP_PRINTED_INDICATORS:
        table.add_column(indicator_label(indicator, "en"), justify="right")
    for _, row in tidy.drop_duplicates("scenario").iterrows():
        cells = [value_label(row[key]) for key in keys]
        for indicator in SWEEP_PRINTED_INDICATORS:
            index = (row["scenario"], year, indicator)
            cells.append(f"{summary.loc[index, 'mean']:,.1f}" if index in summary.index else "–")
        table.add_row(*cells)
    _console().print(table)


# ---- commands ---------------------------------------------------------------------


def _validate(paths: Sequence[str]) -> int:
    """Check every file, a scenario or an optimiser's goals file (one with `goals:` and
    `levers:`); one line per broken file; exit code 2 if any is broken."""
    from sim.config.load import load_scenario
    from sim.config.yaml_files import read_yaml_mapping

    broken = 0
    for path in paths:
        try:
            if {"goals", "levers"} <= set(read_yaml_mapping(Path(path))):
                from sim.config.goals import load_goals  # only a goals file needs it

                load_goals(path)
            else:
                load_scenario(path)
        except InputError as error:
            print(error.line(), file=sys.stderr)
            broken += 1
    return EXIT_BAD_INPUT if broken else 0


def _announce_assumed(scenarios: Sequence[Scenario], districts: Sequence[str]) -> None:
    """Say first which base-year figures the run had to assume (one line per district).
    Every line is made before any is printed, so a bad pack is its error line alone."""
    from sim.config.load import scenario_from_mapping
    from sim.experiments.runs import assumed_summary, base_state_record

    lines = []
    seen = set()
    for scenario in scenarios:
        if scenario.validation is not None:
            continue
        for district in districts or [scenario.district]:
            key = (district, scenario.base_year)
            if key in seen:
                continue
            seen.add(key)
            copy = scenario
            if district != scenario.district:
                document = {**scenario.model_dump(), "district": district}
                copy = scenario_from_mapping(document, f"<{scenario.name} for {district}>")
            lines.append(f"sim run: {assumed_summary(base_state_record(copy))}")
    for line in lines:
        print(line, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from sim.experiments.folders import check_output
    from sim.experiments.runs import run_to_folder

    scenarios = _load_all(args.scenarios)
    execution = _execution(args, "sim run")
    if args.out is not None:
        check_output(args.out, args.force)
    if not args.quiet:
        _announce_assumed(scenarios, args.district)
    results = run_to_folder(
        scenarios, args.out, replications=args.replications, seed=args.seed, force=args.force,
        finish=_chart_finisher(args), scenario_files=args.scenarios, districts=args.district,
        **execution,
    )  # fmt: skip
    if not args.quiet:
        print_tables(results.summary, results.targets, results.manifest["scenarios"], args.lang)
        print(f"run folder: {results.path}")
    return 0


def _compare_sources(inputs: Sequence[str]) -> str:
    """'files' or 'folders': what the arguments of `sim compare` are (not a mixture)."""
    folders = [Path(item).is_dir() for item in inputs]
    if all(folders):
        return "folders"
    if not any(folders):
        return "files"
    mixed = inputs[folders.index(not folders[0])]
    raise InputError(mixed, "", "give either scenario files or run folders, not both")


def _compare(args: argparse.Namespace) -> int:
    from sim.experiments.runs import compare_folders, run_to_folder

    if _compare_sources(args.inputs) == "folders":
        if args.replications is not None or args.seed is not None:
            raise InputError(args.inputs[0], "", "--replications and --seed apply to scenario "
                             "files; run folders are compared as they are")  # fmt: skip
        _execution(args, "sim compare")  # checks the backend flags
        results = compare_folders(
            args.inputs, args.out, force=args.force, finish=_chart_finisher(args)
        )
    else:
        scenarios = _load_all(args.inputs)
        if len(scenarios) < 2:
            raise InputError(args.inputs[0], "", "a comparison needs at least two scenarios")
        results = run_to_folder(
            scenarios, args.out, replications=args.replications, seed=args.seed, compare=True,
            force=args.force, finish=_chart_finisher(args), scenario_files=args.inputs,
            districts=args.district, **_execution(args, "sim compare"),
        )  # fmt: skip
    if not args.quiet:
        if not results.manifest["common_random_numbers"]:
            print(
                "sim compare: the scenarios have different seeds, so they do not share random "
                "numbers; differences are still paired by replication",
                file=sys.stderr,
            )
        print_comparison(results, args.lang)
        print(f"comparison folder: {results.path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from sim.present.report import default_report_path, format_of, write_report

    fmt = format_of(args.out, args.format)
    out = args.out or default_report_path(args.folders, fmt, args.lang)
    written = write_report(
        args.folders, out, fmt=fmt, lang=args.lang, force=args.force, sensitivity=args.sensitivity
    )
    if not args.quiet:
        print(f"report: {written[-1]}")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    """`sim sweep SCENARIO.yaml --grid GRID.yaml ...`: run a sweep, write one table.

    Every input, every combination included, is checked before any replication runs.
    """
    import datetime as dt

    from sim.config.grid import load_grid
    from sim.config.load import load_scenario
    from sim.experiments.sweep import sweep_to_file

    execution = _execution(args, "sim sweep")
    base = load_scenario(args.scenario)
    grid = load_grid(args.grid)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else Path("runs") / f"{base.name}-sweep-{stamp}.parquet"
    tidy = sweep_to_file(
        base, grid, out, replications=args.replications, force=args.force, **execution
    )
    if not args.quiet:
        print_sweep(tidy, grid.keys, base.end_year)
        print(f"sweep table: {out}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sim.config.load import load_scenario
    from sim.experiments.evaluation import final_plan_year, write_evaluation
    from sim.experiments.folders import check_output
    from sim.experiments.runs import default_run_dir, run_to_folder
    from sim.present.labels import format_percent, indicator_name

    scenario = load_scenario(args.scenario)
    final = final_plan_year(scenario)
    if final is None:
        raise InputError(args.scenario, "base_year", "the district pack has no adopted targets "
                         "after this scenario's base year: nothing to evaluate")  # fmt: skip
    scenario = scenario.model_copy(update={"end_year": final})
    execution = _execution(args, "sim evaluate")
    out = args.out or default_run_dir([scenario.name], prefix="evaluate-")
    check_output(out, args.force)
    if not args.quiet:
        _announce_assumed([scenario], [])
    tables: list[Any] = []

    def evaluation(folder: Path) -> None:
        tables.append(write_evaluation(folder))

    results = run_to_folder(
        [scenario], out, replications=args.replications, force=args.force,
        finish=[*_chart_finisher(args), evaluation], scenario_files=[args.scenario],
        **execution,
    )  # fmt: skip
    if not args.quiet:
        zh = args.lang == "zh"
        heads = (
            ("指标", f"{scenario.base_year}年", f"{final}年目标", "属性", f"{final}年预测（均值）",
             "达成概率", f"{final}年实际", "结论")
            if zh else
            ("indicator", str(scenario.base_year), f"{final} target", "attribute",
             f"{final} projection (mean)", "P(met)", f"{final} observed", "verdict")
        )  # fmt: skip
        words = {"met": "已完成", "missed": "未完成", "not yet known": "待核实",
                 "binding": "约束性", "expected": "预期性"}  # fmt: skip
        table = Table(title="终期评估" if zh else "End-of-term evaluation", title_justify="left")
        for index, head in enumerate(heads):
            table.add_column(head, justify="left" if index in (0, 3, 7) else "right")
        for row in tables[0].itertuples(index=False):
            table.add_row(
                indicator_name(row.indicator, args.lang), f"{row.base_value:,.1f}",
                f"{row.target:g}", words[row.attribute] if zh else row.attribute,
                f"{row.projection_mean:,.1f}", format_percent(row.p_met),
                "–" if row.observed != row.observed else f"{row.observed:,.1f}",
                words[row.verdict] if zh else row.verdict,
            )  # fmt: skip
        _console().print(table)
        print(f"evaluation: {results.path / 'evaluation.csv'}")
    return 0


def _optimise(args: argparse.Namespace) -> int:
    """`sim optimise GOALS.yaml`: search, write the folder, print the goals' verification."""
    import pandas as pd
    from rich.table import Table

    from sim.config.goals import load_goals
    from sim.experiments.folders import check_output
    from sim.experiments.optimise import EXIT_GOALS_NOT_MET, optimise, write_optimisation
    from sim.experiments.runs import default_run_dir

    goals = load_goals(args.goals)  # a bad file stops here, before any work
    out = args.out or default_run_dir([goals.spec.name], prefix="optimise-")
    check_output(out, args.force)
    say = (lambda _text: None) if args.quiet else (lambda text: print(text, file=sys.stderr))
    result = optimise(args.goals, jobs=args.jobs, say=say)
    finish = [] if args.no_report else [_optimisation_finisher(args.lang)]
    write_optimisation(result, out, force=args.force, jobs=args.jobs, finish=finish)
    binding = pd.read_csv(out / "goals.csv")
    verified = bool((binding["verified_p_met"] >= binding["required_probability"] - 0.05).all())
    for item in result.infeasible:
        print(f"sim optimise: {item.message()}", file=sys.stderr)
    if not args.quiet:
        zh = args.lang == "zh"
        table = Table(title="目标核验（新随机数种子）" if zh else "Goals in the verification run",
                      title_justify="left")  # fmt: skip
        for head in (("目标", "要求概率", "达成概率", "均值", "约束") if zh
                     else ("goal", "required P", "P(met)", "mean", "binding")):  # fmt: skip
            table.add_column(head)
        for row in binding.itertuples(index=False):
            table.add_row(row.goal, f"{row.required_probability:.0%}", f"{row.verified_p_met:.0%}",
                          f"{row.verified_mean:,.1f}", "yes" if row.binding else "")  # fmt: skip
        _console().print(table)
        cost = result.verification_cost or float("nan")
        print(f"plan: {out / 'plan.yaml'}; cost {cost / 1e8:,.2f} x 100 million yuan "
              f"({goals.spec.objective.cost}, {goals.first_year}-{goals.last_year})")  # fmt: skip
        print(f"optimisation folder: {out}")
    if result.exit_code or not verified:
        if not result.infeasible:
            short = ", ".join(binding.loc[
                binding["verified_p_met"] < binding["required_probability"] - 0.05, "goal"
            ]) or "none"  # fmt: skip
            last = ", ".join(result.rounds[-1]["goals_short"]) if result.rounds else "none"
            print(f"sim optimise: no plan held every goal in the search's checks (short in the "
                  f"last: {last}); short in the verification run: {short} "
                  f"(see {out / 'goals.csv'})", file=sys.stderr)  # fmt: skip
        return EXIT_GOALS_NOT_MET
    return 0


def _optimisation_finisher(lang: str) -> Callable[[Path], Any]:
    """Charts of the verification run, the frontier chart and the Word report."""

    def finish(folder: Path) -> None:
        from sim.present.charts import write_folder_charts, write_frontier_chart
        from sim.present.report import write_report

        write_folder_charts(folder / "verification", lang)
        write_frontier_chart(folder, lang)
        write_report([folder / "verification"], folder / f"report-{lang}.docx", lang=lang)

    return finish


def _sensitivity(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sim.experiments.folders import check_output
    from sim.experiments.global_sensitivity import StudySizes, run_study, write_study
    from sim.experiments.runs import default_run_dir

    scenarios = _load_all(args.scenarios)
    execution = _execution(args, "sim sensitivity")
    execution.pop("uncertainty")
    out = args.out or default_run_dir([s.name for s in scenarios], prefix="sensitivity-")
    check_output(out, args.force)
    sizes = StudySizes(args.trajectories, args.samples, args.top, args.decision_replications)
    study = run_study(scenarios, sizes=sizes, population_scale=args.population_scale, **execution)
    finish = []
    if not args.no_charts:
        from sim.present.charts import write_sensitivity_chart

        finish.append(lambda folder: write_sensitivity_chart(folder, args.lang))
    write_study(out, study, force=args.force, finish=finish)
    if not args.quiet:
        from sim.present.labels import input_label

        zh = args.lang == "zh"
        table = Table(
            title="优先测量的数据" if zh else "What to measure first", title_justify="left"
        )
        heads = (
            ("排序", "输入", "方差贡献（ST）", "改变优选情景的概率", "如何测量")
            if zh
            else ("rank", "input", "variance share (ST)", "P(preferred changes)", "how to measure")
        )
        for index, head in enumerate(heads):
            table.add_column(head, justify="right" if index in (0, 2, 3) else "left")
        for row in study.measure_first.itertuples(index=False):
            table.add_row(
                str(row.rank),
                input_label(row.input, row.kind, row.label_zh if zh else row.label_en, args.lang),
                f"{row.variance_share:.2f} ± {row.variance_share_conf:.2f}",
                "–" if row.p_change != row.p_change else f"{row.p_change:.0%}",
                row.measure_zh if zh else row.measure_en,
            )  # fmt: skip
        _console().print(table)
        print(f"sensitivity folder: {out}")
    return 0


def _new_district(args: argparse.Namespace) -> int:
    from sim.config.district import districts_dir, empty_pack_files
    from sim.experiments.folders import staged_outputs

    if not args.id.replace("-", "").replace("_", "").isalnum():
        raise InputError(args.id, "", "expected an id of letters, digits, - and _")
    folder = args.out or districts_dir() / args.id
    with staged_outputs([folder], force=args.force, folders=True) as (staging,):
        staging.mkdir()
        for name, text in empty_pack_files(args.id, args.year).items():
            (staging / name).write_text(text, encoding="utf-8")
    print(f"district pack: {folder} (fill in observed.csv; see its README.md)")
    return 0


def _calibrate(args: argparse.Namespace) -> int:
    from rich.table import Table

    from sim.config.load import load_scenario
    from sim.experiments.calibration import calibration_report

    if args.scenario is not None:
        load_scenario(args.scenario)  # one-line error before any work
    report = calibration_report(args.replications, args.scenario)
    table = Table(title=f"Calibration: model (mean of {args.replications}) against source")
    for column in ("item", "year", "source", "model", "difference", "unit", "from"):
        table.add_column(
            column, justify="right" if column in ("source", "model", "difference") else "left"
        )
    for row in report.itertuples(index=False):
        table.add_row(
            row.item, str(row.year), f"{row.source_value:,.2f}", f"{row.model_value:,.2f}",
            f"{row.difference:+,.2f}", row.unit, row.source,
        )  # fmt: skip
    _console().print(table)
    return 0


def _indicators() -> int:
    from sim.model.indicators import INDICATORS
    from sim.present.labels import indicator_name, unit_name

    for indicator_id in INDICATORS:
        print(
            f"{indicator_id}\t{unit_name(indicator_id, 'en')}\t"
            f"{indicator_name(indicator_id, 'en')}\t{indicator_name(indicator_id, 'zh')}"
        )
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": lambda args: _validate(args.scenarios),
    "run": _run,
    "compare": _compare,
    "report": _report,
    "sweep": _sweep,
    "evaluate": _evaluate,
    "calibrate": _calibrate,
    "sensitivity": _sensitivity,
    "optimise": _optimise,
    "new-district": _new_district,
    "indicators": lambda _args: _indicators(),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sim` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputError as error:
        print(error.line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sim: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED


def entry_point() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())
