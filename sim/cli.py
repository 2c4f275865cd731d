"""The `sim` command: validate scenario files, run and compare them, write reports.

    sim validate SCENARIO.yaml...
    sim run SCENARIO.yaml... [--replications N] [--seed S] [--jobs J] [--out DIR] [--force]
    sim compare SCENARIO.yaml...|RUN_DIR... [--replications N] [--seed S] [--jobs J]
                [--out DIR] [--force] [--lang zh|en]
    sim report RUN_DIR... [--format docx|xlsx|md] [--lang zh|en] [--out FILE] [--force]
    sim sweep SCENARIO.yaml --grid GRID.yaml [--replications N] [--jobs J] [--out FILE]
    sim calibrate [--replications N]
    sim indicators

`run`, `compare` and `sweep` take `--backend processes|dask` and, with dask,
`--dask-scheduler ADDRESS` for an existing cluster.

Bad input (a broken scenario file, a bad flag, an output that exists, a folder
that is not a run folder) prints one line naming the file and the key, exits
with code 2 and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pandas as pd
from rich.console import Console
from rich.table import Table

from sim import __version__
from sim.charts import DISPLAY_UNITS, scenario_labels
from sim.errors import InputError
from sim.indicators import INDICATORS
from sim.report import FORMATS, TABLE_INDICATORS, TABLE_YEARS, format_cell, format_difference
from sim.scenario import Scenario, load_scenario, scenario_document

if TYPE_CHECKING:
    from sim.compare import Comparison

EXIT_BAD_INPUT = 2
#: Years and indicators of the printed table: the same as the report's indicator table.
PRINTED_YEARS = TABLE_YEARS
PRINTED_INDICATORS = TABLE_INDICATORS
#: Indicators and years of the printed comparison (paired differences).
COMPARED_INDICATORS = (
    "nursing_bed_share", "certified_caregivers_per_10k", "waiting_list", "mean_wait_days",
    "unmet_bed_demand", "community_coverage", "cost_total",
)  # fmt: skip
COMPARED_YEARS = (2022, 2025, 2035)


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
    compare.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="labels of the table and the charts"
    )
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

    commands.add_parser("indicators", help="list indicator ids, names and units")
    return parser


def _execution_arguments(command: argparse.ArgumentParser) -> None:
    """The flags shared by every command that runs replications."""
    command.add_argument("--jobs", type=_positive_int, default=min(2, os.cpu_count() or 1),
                         help="worker processes (default: up to 2)")  # fmt: skip
    command.add_argument("--quiet", action="store_true", help="print nothing but errors")
    command.add_argument("--backend", choices=("processes", "dask"), default="processes",
                         help="where replications run (default: processes)")  # fmt: skip
    command.add_argument("--dask-scheduler", metavar="ADDRESS",
                         help="existing Dask scheduler, e.g. tcp://host:8786")  # fmt: skip


def _check_backend(args: argparse.Namespace) -> None:
    if args.dask_scheduler is not None and args.backend != "dask":
        raise InputError("--dask-scheduler", "", "needs --backend dask")


def _load_all(paths: Sequence[str]) -> list[Scenario]:
    return [load_scenario(path) for path in paths]


def _progress_printer(total_label: str) -> Callable[[int, int], None]:
    """A progress callback: a bar on a terminal, a few plain lines otherwise."""
    if sys.stderr.isatty():
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


_HEADERS = {
    "zh": ("指标", "单位", "目标达成", "年份", "目标", "均值", "达成概率", "首个未达标年份"),
    "en": ("indicator", "unit", "Targets", "year", "target", "mean", "P(met)", "first year short"),
}


def print_tables(
    summary: pd.DataFrame, targets: pd.DataFrame, scenarios: Sequence[Scenario], lang: str
) -> None:
    """Print, per scenario, the main indicators by year (mean and 95% CI) and its targets."""
    # On a terminal, its width; in a pipe or a log, wide enough for every column.
    console = Console() if sys.stdout.isatty() else Console(width=200)
    indicator_h, unit_h, targets_h, *target_columns = _HEADERS[lang]
    by_key = summary.set_index(["scenario", "indicator", "year"])
    for scenario in scenarios:
        years = [y for y in PRINTED_YEARS if y in scenario.years]
        title = getattr(scenario.title, lang)
        table = Table(title=f"{scenario.name}: {title}", title_justify="left", show_lines=True)
        table.add_column(indicator_h, no_wrap=True)
        table.add_column(unit_h, no_wrap=True)
        for year in years:
            table.add_column(str(year), justify="right", no_wrap=True)
        for indicator_id in PRINTED_INDICATORS:
            indicator = INDICATORS[indicator_id]
            cells = []
            _, unit_zh, unit_en = DISPLAY_UNITS.get(
                indicator_id, (1.0, indicator.unit_zh, indicator.unit_en)
            )
            for year in years:
                key = (scenario.name, indicator_id, year)
                if key in by_key.index:
                    row = by_key.loc[key]
                    cells.append(
                        format_cell(row["mean"], row["ci_low"], row["ci_high"], indicator_id)
                    )
                else:
                    cells.append("–")
            name = indicator.zh if lang == "zh" else indicator.en
            unit = unit_zh if lang == "zh" else unit_en
            table.add_row(name, unit, *cells)
        console.print(table)
        own = targets[targets["scenario"] == scenario.name]
        if len(own):
            target_table = Table(title=targets_h, title_justify="left")
            target_table.add_column(indicator_h, no_wrap=True)
            for column in target_columns:
                target_table.add_column(column, justify="right", no_wrap=True)
            for row in own.itertuples(index=False):
                indicator = INDICATORS[row.indicator]
                target_table.add_row(
                    indicator.zh if lang == "zh" else indicator.en, str(row.year),
                    f"{row.target:g}", f"{row.mean:.1f}", f"{row.p_met:.0%}",
                    "" if pd.isna(row.first_year_short) else str(row.first_year_short),
                )  # fmt: skip
            console.print(target_table)


def _manifest_common(started: dt.datetime, clock: float) -> dict[str, object]:
    from sim.results import git_commit, package_versions

    return {
        "packages": package_versions(),
        "git_commit": git_commit(),
        "started_utc": started.isoformat(),
        "run_time_seconds": round(time.perf_counter() - clock, 3),
        "command": sys.argv,
    }


def _run(args: argparse.Namespace) -> int:
    from sim.compare import cost_effectiveness
    from sim.results import check_output_dir, default_run_dir, staged_folder, write_run
    from sim.runner import run_scenarios, summarise, target_attainment

    scenarios = _load_all(args.scenarios)
    if args.seed is not None:
        scenarios = [s.model_copy(update={"seed": args.seed}) for s in scenarios]
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise InputError(args.scenarios[-1], "name", f"two scenarios are both called {names[-1]!r}")
    out = args.out or default_run_dir(names)
    check_output_dir(out, args.force)

    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    progress = None if args.quiet else _progress_printer("sim run")
    tidy = run_scenarios(
        scenarios, replications=args.replications, jobs=args.jobs, progress=progress,
        backend=args.backend, dask_scheduler=args.dask_scheduler,
    )  # fmt: skip
    summary = summarise(tidy)
    targets = target_attainment(tidy, scenarios)
    manifest = {
        "scenarios": {s.name: scenario_document(s) for s in scenarios},
        "scenario_files": [str(Path(p)) for p in args.scenarios],
        "seeds": {s.name: s.seed for s in scenarios},
        "replications": {s.name: args.replications or s.replications for s in scenarios},
        "jobs": args.jobs,
        "backend": args.backend,
        **_manifest_common(started, clock),
    }
    with staged_folder(out, force=args.force) as staging:
        write_run(staging, tidy, summary, targets, manifest)
        if not args.no_charts:
            from sim.charts import write_chart_set

            write_chart_set(
                staging, summary, targets, costs=cost_effectiveness(tidy, names[0]),
                lang=args.lang, labels=scenario_labels(manifest["scenarios"], args.lang),
                population_scale=scenarios[0].population_scale,
            )  # fmt: skip
    if not args.quiet:
        print_tables(summary, targets, scenarios, args.lang)
        print(f"run folder: {out}")
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
    from sim.compare import combined_scenarios, compare_tables, write_comparison
    from sim.results import check_output_dir, default_run_dir

    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    if _compare_sources(args.inputs) == "folders":
        if args.replications is not None or args.seed is not None:
            raise InputError(args.inputs[0], "", "--replications and --seed apply to scenario "
                             "files; run folders are compared as they are")  # fmt: skip
        from sim.report import load_report_inputs

        loaded = load_report_inputs(args.inputs)
        names = loaded.names
        out = args.out or _compare_dir(default_run_dir([combined_scenarios(names)]))
        _at_least_two(names, args.inputs[0])
        check_output_dir(out, args.force)
        documents = loaded.scenarios
        comparison = compare_tables(loaded.indicators, loaded.targets, names[0])
        manifest: dict[str, object] = {
            "kind": "comparison",
            "reference": names[0],
            "scenarios": documents,
            "run_folders": [str(p) for p in loaded.folders],
            "seeds": loaded.seeds,
            "replications": loaded.replications,
        }
    else:
        comparison, manifest, out = _compare_files(args, default_run_dir, check_output_dir)
        names = list(manifest["seeds"])  # type: ignore[call-overload]
        documents = manifest["scenarios"]  # type: ignore[assignment]
    seeds = set(manifest["seeds"].values())  # type: ignore[attr-defined]
    manifest["common_random_numbers"] = len(seeds) == 1
    manifest.update(_manifest_common(started, clock))
    labels = scenario_labels(documents, args.lang)
    write_comparison(
        out, comparison, manifest, force=args.force, lang=args.lang, labels=labels,
        charts=not args.no_charts,
        population_scale=float(documents[names[0]].get("population_scale", 1.0)),
    )  # fmt: skip
    if not args.quiet:
        if len(seeds) > 1:
            print(
                "sim compare: the scenarios have different seeds, so they do not share random "
                "numbers; differences are still paired by replication",
                file=sys.stderr,
            )
        print_comparison(comparison, labels, args.lang)
        print(f"comparison folder: {out}")
    return 0


def _compare_dir(run_dir: Path) -> Path:
    return run_dir.with_name(f"compare-{run_dir.name}")


def _at_least_two(names: Sequence[str], where: str) -> None:
    if len(names) < 2:
        raise InputError(where, "", "a comparison needs at least two scenarios")


def _compare_files(
    args: argparse.Namespace,
    default_run_dir: Callable[[list[str]], Path],
    check_output_dir: Callable[[Path, bool], None],
) -> tuple[Comparison, dict[str, object], Path]:
    """Run the scenario files with one seed and one replication count; compare the results."""
    from sim.compare import combined_scenarios, compare_tables
    from sim.runner import run_scenarios, target_attainment

    scenarios = _load_all(args.inputs)
    names = [s.name for s in scenarios]
    _at_least_two(names, args.inputs[0])
    if len(set(names)) != len(names):
        raise InputError(args.inputs[-1], "name", f"two scenarios are both called {names[-1]!r}")
    # Common random numbers: every scenario gets the same seed and replication count,
    # the first scenario's unless given on the command line.
    seed = args.seed if args.seed is not None else scenarios[0].seed
    replications = args.replications or scenarios[0].replications
    scenarios = [s.model_copy(update={"seed": seed, "replications": replications})
                 for s in scenarios]  # fmt: skip
    out = args.out or _compare_dir(default_run_dir([combined_scenarios(names)]))
    check_output_dir(out, args.force)
    progress = None if args.quiet else _progress_printer("sim compare")
    tidy = run_scenarios(scenarios, jobs=args.jobs, progress=progress, backend=args.backend,
                         dask_scheduler=args.dask_scheduler)  # fmt: skip
    comparison = compare_tables(tidy, target_attainment(tidy, scenarios), names[0])
    manifest: dict[str, object] = {
        "kind": "comparison",
        "reference": names[0],
        "scenarios": {s.name: scenario_document(s) for s in scenarios},
        "scenario_files": [str(Path(p)) for p in args.inputs],
        "seeds": {s.name: s.seed for s in scenarios},
        "replications": {s.name: replications for s in scenarios},
        "jobs": args.jobs,
    }
    return comparison, manifest, out


def print_comparison(comparison: Comparison, labels: dict[str, str], lang: str) -> None:
    """Print the paired differences of the main indicators and the cost table."""
    from sim.report import cost_rows

    console = Console() if sys.stdout.isatty() else Console(width=200)
    reference = labels.get(comparison.reference, comparison.reference)
    differences = comparison.differences.set_index(["scenario", "indicator", "year"])
    years = [y for y in COMPARED_YEARS if y in set(comparison.differences["year"])]
    for scenario in pd.unique(comparison.differences["scenario"]):
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
            indicator = INDICATORS[indicator_id]
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
            table.add_row(indicator.zh if lang == "zh" else indicator.en, *cells)
        console.print(table)
    costs = cost_rows(comparison.costs, lang, labels)
    cost_table = Table(title="成本" if lang == "zh" else "Costs", title_justify="left")
    for index, column in enumerate(costs.columns):
        cost_table.add_column(str(column), justify="left" if index == 0 else "right")
    for values in costs.itertuples(index=False):
        cost_table.add_row(*[str(v) for v in values])
    console.print(cost_table)


def _report(args: argparse.Namespace) -> int:
    from sim.report import default_report_path, format_of, write_report

    fmt = format_of(args.out, args.format)
    out = args.out or default_report_path(args.folders, fmt, args.lang)
    written = write_report(args.folders, out, fmt=fmt, lang=args.lang, force=args.force)
    if not args.quiet:
        print(f"report: {written[-1]}")
    return 0


def _validate(paths: Sequence[str]) -> int:
    """Check every file; one line per broken file; exit code 2 if any is broken."""
    broken = 0
    for path in paths:
        try:
            load_scenario(path)
        except InputError as error:
            print(error.line(), file=sys.stderr)
            broken += 1
    return EXIT_BAD_INPUT if broken else 0


def _calibrate(args: argparse.Namespace) -> int:
    from sim.calibration import calibration_report

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
    console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(table)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sim` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.scenarios)
        if args.command in ("run", "compare", "sweep"):
            _check_backend(args)
        if args.command == "run":
            return _run(args)
        if args.command == "compare":
            return _compare(args)
        if args.command == "sweep":
            from sim.sweep import sweep_command

            return sweep_command(args)
        if args.command == "calibrate":
            return _calibrate(args)
        if args.command == "report":
            return _report(args)
        if args.command == "indicators":
            for indicator in INDICATORS.values():
                print(f"{indicator.id}\t{indicator.unit_en}\t{indicator.en}\t{indicator.zh}")
            return 0
    except InputError as error:
        print(error.line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sim: interrupted; nothing was written", file=sys.stderr)
        return 130
    return 0


def entry_point() -> None:
    """Console-script wrapper: exit with `main`'s code."""
    sys.exit(main())
