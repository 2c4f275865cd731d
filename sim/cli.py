"""The `sim` command: validate scenario files and run them.

    sim validate SCENARIO.yaml...
    sim run SCENARIO.yaml... [--replications N] [--seed S] [--jobs J] [--out DIR] [--force]
    sim indicators

Bad input (a broken scenario file, a bad flag, an output folder that exists)
prints one line naming the file and the key, exits with code 2 and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd
from rich.console import Console
from rich.table import Table

from sim import __version__
from sim.errors import InputError
from sim.indicators import INDICATORS
from sim.scenario import Scenario, load_scenario, scenario_document

EXIT_BAD_INPUT = 2
#: Years shown in the printed table, when they are inside the horizon.
PRINTED_YEARS = (2020, 2022, 2025, 2030, 2035)
PRINTED_INDICATORS = (
    "population_60plus", "share_60plus", "disabled_partial", "disabled_full", "beds_total",
    "nursing_bed_share", "caregivers", "certified_caregivers_per_10k", "community_centres",
    "consortia", "occupancy_rate_nursing", "occupancy_rate", "waiting_list", "mean_wait_days",
    "unmet_bed_demand", "community_coverage", "cost_total",
)  # fmt: skip


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
    run.add_argument("--jobs", type=_positive_int, default=min(2, os.cpu_count() or 1),
                     help="worker processes (default: up to 2)")  # fmt: skip
    run.add_argument("--out", type=Path, help="run folder (default: runs/<names>-<time>)")
    run.add_argument("--force", action="store_true", help="replace an existing run folder")
    run.add_argument("--lang", choices=("zh", "en"), default="zh", help="labels of the table")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")

    commands.add_parser("indicators", help="list indicator ids, names and units")
    return parser


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


#: Indicators printed in a larger unit: (divide by, unit zh, unit en). Tables keep yuan.
DISPLAY_UNITS = {"cost_total": (10_000.0, "万元", "10k yuan")}


def _decimals(indicator_id: str) -> int:
    """Whole numbers for counts and money; one decimal for shares, rates and days."""
    indicator = INDICATORS[indicator_id]
    fractional = indicator.unit_en in ("%", "days") or "_per_" in indicator_id
    return 1 if fractional else 0


def _cell(row: pd.Series, digits: int) -> str:
    """Mean, with its 95% interval on a second line when it has one."""
    mean, low, high = row["mean"], row["ci_low"], row["ci_high"]
    if pd.isna(low) or low == high:
        return f"{mean:,.{digits}f}"
    return f"{mean:,.{digits}f}\n[{low:,.{digits}f}, {high:,.{digits}f}]"


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
            divisor, unit_zh, unit_en = DISPLAY_UNITS.get(
                indicator_id, (1.0, indicator.unit_zh, indicator.unit_en)
            )
            for year in years:
                key = (scenario.name, indicator_id, year)
                if key in by_key.index:
                    shown = by_key.loc[key, ["mean", "ci_low", "ci_high"]] / divisor
                    cells.append(_cell(shown, _decimals(indicator_id)))
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


def _run(args: argparse.Namespace) -> int:
    from sim.results import (
        check_output_dir,
        default_run_dir,
        git_commit,
        package_versions,
        write_run,
    )
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
        scenarios, replications=args.replications, jobs=args.jobs, progress=progress
    )
    summary = summarise(tidy)
    targets = target_attainment(tidy, scenarios)
    manifest = {
        "scenarios": {s.name: scenario_document(s) for s in scenarios},
        "scenario_files": [str(Path(p)) for p in args.scenarios],
        "seeds": {s.name: s.seed for s in scenarios},
        "replications": {s.name: args.replications or s.replications for s in scenarios},
        "jobs": args.jobs,
        "packages": package_versions(),
        "git_commit": git_commit(),
        "started_utc": started.isoformat(),
        "run_time_seconds": round(time.perf_counter() - clock, 3),
        "command": sys.argv,
    }
    path = write_run(out, tidy, summary, targets, manifest, force=args.force)
    if not args.quiet:
        print_tables(summary, targets, scenarios, args.lang)
        print(f"run folder: {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `sim` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            _load_all(args.scenarios)
            return 0
        if args.command == "run":
            return _run(args)
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
