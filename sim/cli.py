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
    from sim.config.scenario import Scenario

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
FORMATS = ("docx", "xlsx", "md")
#: Worker processes per CPU a command may start: more only queue for the same cores, and
#: each worker holds its own copy of the libraries.
MAX_JOBS_PER_CPU = 4


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _bounded(
    what: str, flag: str, *, whole: bool = True, power_of_two: bool = False
) -> Callable[[str], Any]:
    """An argparse type: a number within `_limits(flag)`, which are read only when the flag
    is given (so `sim --help` loads no schema); an error is one line naming the range."""

    def parse(text: str) -> int | float:
        kind = "a whole number" if whole else "a number"
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {kind}, got {text!r}") from None
        low, high = _limits(flag)
        if not low <= value <= high:  # NaN fails this too
            bounds_text = f"from {_readable(low)} to {_readable(high)}"
            raise argparse.ArgumentTypeError(f"expected {what} {bounds_text}, got {text}")
        if power_of_two and int(value) & (int(value) - 1):
            raise argparse.ArgumentTypeError(f"expected a power of two, got {text}")
        return value

    return parse


def _readable(number: float) -> str:
    """A bound as people write it: thousands separators from 10,000 (not in years)."""
    return f"{number:,}" if abs(number) >= 10_000 else f"{number:g}"


def _positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _limits(flag: str) -> tuple[float, float]:
    """The lowest and highest value of a bounded flag: the scenario schema's bounds of the
    field of that name, else the bounds of the code that takes it."""
    from sim.config.scenario import MAX_POPULATION_SCALE, MIN_POPULATION_SCALE, Scenario

    if flag in Scenario.model_fields:
        found = {k: getattr(c, k) for c in Scenario.model_fields[flag].metadata
                 for k in ("ge", "le") if hasattr(c, k)}  # fmt: skip
        return found["ge"], found["le"]
    if flag == "population_scale":
        return MIN_POPULATION_SCALE, MAX_POPULATION_SCALE
    if flag == "jobs":
        return 1, MAX_JOBS_PER_CPU * (os.cpu_count() or 1)
    from sim.experiments import global_sensitivity  # the study's sizes

    return 1, getattr(global_sensitivity, f"MAX_{flag.upper()}")


# Every flag accepts what the scenario schema or the code accepts, and no more.
_replications = _bounded("a scenario's replications", "replications")
_seed = _bounded("a scenario's seed", "seed")
_base_year = _bounded("a base year", "base_year")
_jobs = _bounded(f"worker processes ({MAX_JOBS_PER_CPU} per CPU at most)", "jobs")
_population_scale = _bounded("a population scale", "population_scale", whole=False)
_trajectories = _bounded("Morris trajectories", "trajectories")
_sobol_samples = _bounded("Sobol base samples", "sobol_samples", power_of_two=True)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sim", description="Elderly-care capacity planning simulator.")
    parser.add_argument("--version", action="version", version=f"sim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = commands.add_parser("validate", help="check scenario files; print only errors")
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")

    run = commands.add_parser("run", help="run scenarios and write a run folder")
    run.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    run.add_argument("--replications", type=_replications, help="override each scenario's count")
    run.add_argument("--seed", type=_seed, help="override each scenario's seed")
    _folder_arguments(run, "run folder (default: runs/<names>-<time>)")
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
        type=_replications,
        help="replications of every scenario (default: the first's count)",
    )
    compare.add_argument("--seed", type=_seed,
                         help="seed of every scenario (default: the first's seed)")  # fmt: skip
    _folder_arguments(compare, "comparison folder (default: runs/compare-<names>-<time>)")
    compare.add_argument("--district", action="append", default=[], metavar="ID",
                         help="compare city-wide totals over these district packs")  # fmt: skip
    _execution_arguments(compare)

    report = commands.add_parser("report", help="write a Word, Excel or Markdown report")
    report.add_argument("folders", nargs="+", metavar="RUN_DIR")
    report.add_argument("--format", choices=FORMATS,
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
    sweep.add_argument("--replications", type=_replications, help="override the scenario's count")
    sweep.add_argument("--out", type=Path,
                       help="table file, .parquet or .csv (default: under runs/)")  # fmt: skip
    sweep.add_argument("--force", action="store_true", help="replace an existing file")
    _execution_arguments(sweep)

    calibrate = commands.add_parser("calibrate", help="print model against source for every "
                                    "figure the data came from")  # fmt: skip
    calibrate.add_argument("--replications", type=_replications, default=5,
                           help="replications of the baseline (default: 5)")  # fmt: skip
    calibrate.add_argument("--scenario", metavar="SCENARIO.yaml",
                           help="scenario to check (default: scenarios/baseline.yaml)")  # fmt: skip

    # The gloss is the evaluation's name in the plan's own words, written here rather than
    # read from the catalogue: reading it would load every language's words on each start
    # and `sim --help` would lose its quick start.
    evaluate = commands.add_parser("evaluate", help="end-of-term evaluation of a Five-Year "
                                   "plan (终期评估)")  # fmt: skip
    evaluate.add_argument("scenario", nargs="?", default="scenarios/plan-2025.yaml",
                          metavar="SCENARIO.yaml",
                          help="the plan scenario (default: scenarios/plan-2025.yaml)")  # fmt: skip
    evaluate.add_argument("--replications", type=_replications, help="override its count")
    _folder_arguments(evaluate, "run folder (default: runs/evaluate-...)")
    _execution_arguments(evaluate)

    sensitivity = commands.add_parser(
        "sensitivity",
        help="global sensitivity (Morris, then Sobol) of the first scenario; with several, "
        "whether the preferred one changes",
    )  # fmt: skip
    sensitivity.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    sensitivity.add_argument("--population-scale", type=_population_scale, default=0.1,
                             help="district size of every run (default: 0.1)")  # fmt: skip
    sensitivity.add_argument("--trajectories", type=_trajectories, default=10,
                             help="Morris trajectories (default: 10)")  # fmt: skip
    sensitivity.add_argument("--samples", type=_sobol_samples, default=64,
                             help="Sobol base samples, a power of two (default: 64)")  # fmt: skip
    sensitivity.add_argument("--top", type=_positive, default=8,
                             help="inputs that go on to the Sobol step (default: 8)")  # fmt: skip
    sensitivity.add_argument("--decision-replications", type=_replications, default=3,
                             help="replications of the choice check (default: 3)")  # fmt: skip
    _folder_arguments(sensitivity, "folder (default: runs/sensitivity-...)", svg=False)
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
    _folder_arguments(optimise, "folder (default: runs/optimise-<name>-...)", charts=False)
    optimise.add_argument("--no-report", action="store_true",
                          help="write no charts and no Word report")  # fmt: skip
    optimise.add_argument("--jobs", type=_jobs, default=min(2, os.cpu_count() or 1),
                          help="worker processes (default: up to 2)")  # fmt: skip
    optimise.add_argument("--quiet", action="store_true", help="print nothing but errors")

    new_district = commands.add_parser("new-district", help="write an empty district pack "
                                       "with every field explained")  # fmt: skip
    new_district.add_argument("id", metavar="ID", help="the district's id (a folder name)")
    new_district.add_argument("--year", type=_base_year, default=2025, help="its first base year")
    new_district.add_argument("--out", type=Path,
                              help="folder to write (default: data/districts/ID)")  # fmt: skip
    new_district.add_argument("--force", action="store_true", help="replace an existing folder")

    commands.add_parser("indicators", help="list indicator ids, names and units")
    return parser


def _folder_arguments(
    command: argparse.ArgumentParser, out: str, *, charts: bool = True, svg: bool = True
) -> None:
    """The flags of a command that writes a folder with charts."""
    command.add_argument("--out", type=Path, help=out)
    command.add_argument("--force", action="store_true", help="replace an existing folder")
    command.add_argument("--lang", choices=("zh", "en"), default="zh",
                         help="labels of the printed tables, the charts and a report")  # fmt: skip
    if charts:
        command.add_argument("--no-charts", action="store_true", help="do not draw the charts")
    if charts and svg:
        command.add_argument("--svg", action="store_true", help="also write the charts as SVG")


def _execution_arguments(command: argparse.ArgumentParser, *, uncertainty: bool = True) -> None:
    """The flags shared by every command that runs replications."""
    if uncertainty:  # a sensitivity study varies the inputs itself
        command.add_argument("--uncertainty", choices=("parameters", "none"),
                             help="draw the uncertain inputs in each replication, or not "
                             "(default: as each scenario says)")  # fmt: skip
    command.add_argument("--jobs", type=_jobs, default=min(2, os.cpu_count() or 1),
                         help="worker processes (default: up to 2)")  # fmt: skip
    command.add_argument("--quiet", action="store_true", help="print nothing but errors")
    command.add_argument("--backend", choices=("processes", "dask"), default="processes",
                         help="where replications run (default: processes)")  # fmt: skip
    command.add_argument("--dask-scheduler", metavar="ADDRESS",
                         help="existing Dask scheduler, e.g. tcp://host:8786")  # fmt: skip


def _execution(args: argparse.Namespace, label: str, unit: str = "replications") -> dict[str, Any]:
    """Keyword arguments of the running functions from the shared flags; progress is
    counted in `unit`."""
    if args.dask_scheduler is not None and args.backend != "dask":
        raise InputError("--dask-scheduler", "", "needs --backend dask")
    from sim.present.progress import ProgressPrinter

    return {
        "jobs": args.jobs,
        "backend": args.backend,
        "dask_scheduler": args.dask_scheduler,
        "progress": None if args.quiet else ProgressPrinter(label, unit),
        "uncertainty": getattr(args, "uncertainty", None),
    }


def _print_indicator_list() -> int:
    from sim.present.terminal import print_indicator_list

    return print_indicator_list()


def _load_all(paths: Sequence[str]) -> list[Scenario]:
    from sim.config.load import load_scenario

    return [load_scenario(path) for path in paths]


def _chart_finisher(args: argparse.Namespace) -> list[Callable[[Path], Any]]:
    """Draw the standard charts into a folder before it is put in place (unless --no-charts)."""
    from sim.present.finishers import chart_finishers

    return [] if args.no_charts else chart_finishers(args.lang, svg=bool(getattr(args, "svg", 0)))


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


def _run(args: argparse.Namespace) -> int:
    from sim.experiments.folders import check_output
    from sim.experiments.runs import run_to_folder

    scenarios = _load_all(args.scenarios)
    execution = _execution(args, "sim run")
    if args.out is not None:
        check_output(args.out, args.force)
    if not args.quiet:
        from sim.present.terminal import announce_assumed

        announce_assumed(scenarios, args.district)
    results = run_to_folder(
        scenarios, args.out, replications=args.replications, seed=args.seed, force=args.force,
        finish=_chart_finisher(args), scenario_files=args.scenarios, districts=args.district,
        **execution,
    )  # fmt: skip
    if not args.quiet:
        from sim.present.base_year import stated_base_year
        from sim.present.terminal import print_tables

        # The base year as the district pack states it, as in the report.
        summary = stated_base_year(results.summary, results.manifest.get("base_state", {}))
        print_tables(summary, results.targets, results.manifest["scenarios"], args.lang)
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
        from sim.present.terminal import print_comparison

        if not results.manifest["common_random_numbers"]:
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

    execution = _execution(args, "sim sweep")
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


def _evaluate(args: argparse.Namespace) -> int:
    from sim.config.load import load_scenario
    from sim.experiments.evaluation import final_plan_year, write_evaluation
    from sim.experiments.folders import check_output
    from sim.experiments.runs import default_run_dir, run_to_folder

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
        from sim.present.terminal import announce_assumed

        announce_assumed([scenario], [])
    tables: list[Any] = []

    def evaluation(folder: Path) -> None:
        tables.append(write_evaluation(folder))

    results = run_to_folder(
        [scenario], out, replications=args.replications, force=args.force,
        finish=[*_chart_finisher(args), evaluation], scenario_files=[args.scenario],
        **execution,
    )  # fmt: skip
    if not args.quiet:
        from sim.present.terminal import print_evaluation

        print_evaluation(tables[0], scenario.base_year, final, args.lang)
        print(f"evaluation: {results.path / 'evaluation.csv'}")
    return 0


def _optimise(args: argparse.Namespace) -> int:
    """`sim optimise GOALS.yaml`: search, write the folder, print the goals' verification."""
    import pandas as pd

    from sim.config.goals import load_goals
    from sim.experiments.folders import check_output
    from sim.experiments.optimise import EXIT_GOALS_NOT_MET, optimise, write_optimisation
    from sim.experiments.plan_check import verification_replications
    from sim.experiments.runs import default_run_dir
    from sim.present.finishers import optimisation_finisher
    from sim.present.progress import ProgressPrinter
    from sim.present.terminal import print_goals_check, print_plan, print_shortfall

    goals = load_goals(args.goals)  # a bad file stops here, before any work
    out = args.out or default_run_dir([goals.spec.name], prefix="optimise-")
    check_output(out, args.force)
    progress = None if args.quiet else ProgressPrinter("sim optimise", "runs")
    say = progress.say if progress is not None else None
    result = optimise(args.goals, jobs=args.jobs, progress=progress, say=say)
    if progress is not None:
        progress.step(f"verification run: the plan with a fresh seed, "
                      f"{verification_replications(goals)} replications")  # fmt: skip
    finish = [] if args.no_report else [optimisation_finisher(args.lang)]
    write_optimisation(result, out, force=args.force, jobs=args.jobs, progress=progress,
                       finish=finish)  # fmt: skip
    binding = pd.read_csv(out / "goals.csv")
    # A goal holds when the lower bound of its P(met) reaches its probability.
    short = binding.loc[~binding["certified"].astype(bool)]
    for item in result.infeasible:
        print(f"sim optimise: {item.message()}", file=sys.stderr)
    if not args.quiet:
        print_goals_check(binding, args.lang)
        print_plan(out, result.verification_cost, goals)
    if result.exit_code or len(short):
        if not result.infeasible:
            print_shortfall(result.rounds, list(short["goal"]), out / "goals.csv")
        return EXIT_GOALS_NOT_MET
    return 0


def _sensitivity(args: argparse.Namespace) -> int:
    from sim.experiments.folders import check_output
    from sim.experiments.runs import default_run_dir

    scenarios = _load_all(args.scenarios)
    out = args.out or default_run_dir([s.name for s in scenarios], prefix="sensitivity-")
    check_output(out, args.force)
    # Imported after the output is checked: SALib and SciPy take seconds to load.
    from sim.experiments.global_sensitivity import StudySizes, run_study, write_study
    from sim.present.finishers import sensitivity_chart_finisher

    execution = _execution(args, "sim sensitivity", unit="runs")
    execution.pop("uncertainty")
    execution["step"] = execution["progress"] and execution["progress"].step
    sizes = StudySizes(args.trajectories, args.samples, args.top, args.decision_replications)
    study = run_study(scenarios, sizes=sizes, population_scale=args.population_scale, **execution)
    finish = [] if args.no_charts else [sensitivity_chart_finisher(args.lang)]
    write_study(out, study, force=args.force, finish=finish)
    if not args.quiet:
        from sim.present.terminal import print_measure_first

        print_measure_first(study.measure_first, args.lang)
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
    from sim.config.load import load_scenario
    from sim.experiments.calibration import calibration_report
    from sim.present.terminal import print_calibration

    if args.scenario is not None:
        load_scenario(args.scenario)  # one-line error before any work
    report = calibration_report(args.replications, args.scenario)
    print_calibration(report, args.replications)
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
    "indicators": lambda _args: _print_indicator_list(),
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
