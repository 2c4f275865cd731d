"""`sim validate`, `run`, `compare`, `report` and `sweep`: scenarios in, run folders,
comparisons, reports and sweep tables out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sim.cli.flags as flags
from sim.errors import InputError


def add_parsers(commands: Any) -> None:
    """The run commands' parsers, added to the `sim` command's subparsers."""
    validate = commands.add_parser("validate", help="check scenario files; print only errors")
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")

    run = commands.add_parser("run", help="run scenarios and write a run folder")
    run.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    run.add_argument(
        "--replications", type=flags.replications, help="override each scenario's count"
    )
    run.add_argument("--seed", type=flags.seed, help="override each scenario's seed")
    flags.folder_arguments(run, "run folder (default: runs/<names>-<time>)")
    run.add_argument("--district", action="append", default=[], metavar="ID",
                     help="run for this district pack (repeat for a city-wide run)")  # fmt: skip
    flags.execution_arguments(run)

    compare = commands.add_parser(
        "compare", help="run scenarios with common random numbers (or read run folders) "
        "and write a comparison folder against the first",
    )  # fmt: skip
    compare.add_argument("inputs", nargs="+", metavar="SCENARIO.yaml|RUN_DIR")
    compare.add_argument(
        "--replications",
        type=flags.replications,
        help="replications of every scenario (default: the first's count)",
    )
    compare.add_argument("--seed", type=flags.seed,
                         help="seed of every scenario (default: the first's seed)")  # fmt: skip
    flags.folder_arguments(compare, "comparison folder (default: runs/compare-<names>-<time>)")
    compare.add_argument("--district", action="append", default=[], metavar="ID",
                         help="compare city-wide totals over these district packs")  # fmt: skip
    flags.execution_arguments(compare)

    report = commands.add_parser("report", help="write a Word, Excel or Markdown report")
    report.add_argument("folders", nargs="+", metavar="RUN_DIR")
    report.add_argument("--format", choices=flags.FORMATS,
                        help="docx, xlsx or md (default: from --out, else docx)")  # fmt: skip
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="report language")
    report.add_argument("--out", type=Path,
                        help="report file (default: RUN_DIR/report-<lang>.<format>)")  # fmt: skip
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
    sweep.add_argument(
        "--replications", type=flags.replications, help="override the scenario's count"
    )
    sweep.add_argument("--out", type=Path,
                       help="table file, .parquet or .csv (default: under runs/)")  # fmt: skip
    sweep.add_argument("--force", action="store_true", help="replace an existing file")
    flags.execution_arguments(sweep)


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
    return flags.EXIT_BAD_INPUT if broken else 0


def _run(args: argparse.Namespace) -> int:
    from sim.experiments.folders import check_output
    from sim.experiments.runs import run_to_folder

    scenarios = flags.load_all(args.scenarios)
    execution = flags.execution(args, "sim run")
    if args.out is not None:
        check_output(args.out, args.force)
    if not args.quiet:
        from sim.experiments.runs import assumed_lines
        from sim.present.terminal import announce_assumed

        announce_assumed(assumed_lines(scenarios, args.district))
    results = run_to_folder(
        scenarios, args.out, replications=args.replications, seed=args.seed, force=args.force,
        finish=flags.chart_finisher(args), scenario_files=args.scenarios, districts=args.district,
        **execution,
    )  # fmt: skip
    if not args.quiet:
        from sim.present.base_year import stated_base_year
        from sim.present.terminal import print_tables

        # The base year as the district pack states it, as in the report.
        summary = stated_base_year(results.summary, results.record.base_state)
        print_tables(summary, results.targets, results.record.scenarios, args.lang)
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
        flags.execution(args, "sim compare")  # checks the backend flags
        results = compare_folders(
            args.inputs, args.out, force=args.force, finish=flags.chart_finisher(args)
        )
    else:
        scenarios = flags.load_all(args.inputs)
        if len(scenarios) < 2:
            raise InputError(args.inputs[0], "", "a comparison needs at least two scenarios")
        results = run_to_folder(
            scenarios, args.out, replications=args.replications, seed=args.seed, compare=True,
            force=args.force, finish=flags.chart_finisher(args), scenario_files=args.inputs,
            districts=args.district, **flags.execution(args, "sim compare"),
        )  # fmt: skip
    if not args.quiet:
        from sim.present.terminal import print_comparison

        if not results.record.common_random_numbers:
            print("sim compare: the scenarios have different seeds, so they do not share "
                  "random numbers; differences are still paired by replication",
                  file=sys.stderr)  # fmt: skip

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

    execution = flags.execution(args, "sim sweep")
    base = load_scenario(args.scenario)
    grid = load_grid(args.grid)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else Path("runs") / f"{base.name}-sweep-{stamp}.parquet"
    tidy = sweep_to_file(
        base, grid, out, replications=args.replications, force=args.force, **execution
    )
    if not args.quiet:
        from sim.present.terminal import print_sweep

        print_sweep(tidy, grid.keys, base.end_year)
        print(f"sweep table: {out}")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": lambda args: _validate(args.scenarios),
    "run": _run,
    "compare": _compare,
    "report": _report,
    "sweep": _sweep,
}
