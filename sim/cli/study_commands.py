"""`sim calibrate`, `evaluate`, `sensitivity` and `optimise`: the studies built on runs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sim.cli.flags as flags
from sim.errors import InputError


def add_parsers(commands: Any) -> None:
    """The study commands' parsers, added to the `sim` command's subparsers."""
    calibrate = commands.add_parser("calibrate", help="print model against source for every "
                                    "figure the data came from")  # fmt: skip
    calibrate.add_argument("--replications", type=flags.replications, default=5,
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
    evaluate.add_argument("--replications", type=flags.replications, help="override its count")
    flags.folder_arguments(evaluate, "run folder (default: runs/evaluate-...)")
    flags.execution_arguments(evaluate)

    sensitivity = commands.add_parser(
        "sensitivity",
        help="global sensitivity (Morris, then Sobol) of the first scenario; with several, "
        "whether the preferred one changes",
    )  # fmt: skip
    sensitivity.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    sensitivity.add_argument("--population-scale", type=flags.population_scale, default=0.1,
                             help="district size of every run (default: 0.1)")  # fmt: skip
    sensitivity.add_argument("--trajectories", type=flags.trajectories, default=10,
                             help="Morris trajectories (default: 10)")  # fmt: skip
    sensitivity.add_argument("--samples", type=flags.sobol_samples, default=64,
                             help="Sobol base samples, a power of two (default: 64)")  # fmt: skip
    sensitivity.add_argument("--top", type=flags.positive, default=8,
                             help="inputs that go on to the Sobol step (default: 8)")  # fmt: skip
    sensitivity.add_argument("--decision-replications", type=flags.replications, default=3,
                             help="replications of the choice check (default: 3)")  # fmt: skip
    flags.folder_arguments(sensitivity, "folder (default: runs/sensitivity-...)", svg=False)
    flags.execution_arguments(sensitivity, uncertainty=False)

    optimise = commands.add_parser(
        "optimise",
        help="the least-cost plan that meets a goals file's targets with their probabilities",
        description="Find the least-cost plan of a goals file (docs/optimise.md). Exit codes: "
        "0 the plan meets every goal; 2 bad input; 3 the goals cannot be met within the "
        "levers' bounds, or the plan found falls short in its verification run (the closest "
        "plan is written all the same).",
    )  # fmt: skip
    optimise.add_argument("goals", metavar="GOALS.yaml")
    flags.folder_arguments(optimise, "folder (default: runs/optimise-<name>-...)", charts=False)
    optimise.add_argument("--no-report", action="store_true",
                          help="write no charts and no Word report")  # fmt: skip
    optimise.add_argument("--jobs", type=flags.jobs, default=min(2, os.cpu_count() or 1),
                          help="worker processes (default: up to 2)")  # fmt: skip
    optimise.add_argument("--quiet", action="store_true", help="print nothing but errors")


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
    execution = flags.execution(args, "sim evaluate")
    out = args.out or default_run_dir([scenario.name], prefix="evaluate-")
    check_output(out, args.force)
    if not args.quiet:
        from sim.experiments.runs import assumed_lines
        from sim.present.terminal import announce_assumed

        announce_assumed(assumed_lines([scenario], []))
    tables: list[Any] = []

    def evaluation(folder: Path) -> None:
        tables.append(write_evaluation(folder))

    results = run_to_folder(
        [scenario], out, replications=args.replications, force=args.force,
        finish=[*flags.chart_finisher(args), evaluation], scenario_files=[args.scenario],
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
    from sim.experiments.placement_plan import EXIT_PLACEMENT_SHORT, PlacementShortError
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
    try:
        result = optimise(args.goals, jobs=args.jobs, progress=progress, say=say)
    except PlacementShortError as placement:
        # A township goal no candidate site can meet: nothing is written.
        for message in placement.messages:
            print(f"sim optimise: {placement.file}: {message}", file=sys.stderr)
        return EXIT_PLACEMENT_SHORT
    if progress is not None:
        progress.step(f"verification run: the plan with a fresh seed, "
                      f"{verification_replications(goals)} replications")  # fmt: skip
    finish = [] if args.no_report else [optimisation_finisher(args.lang)]
    write_optimisation(result, out, force=args.force, jobs=args.jobs, progress=progress,
                       finish=finish)  # fmt: skip
    binding = pd.read_csv(out / "goals.csv", dtype={"area": str})
    # A goal holds when the lower bound of its P(met) reaches its probability.
    short = binding.loc[~binding["certified"].astype(bool)]
    for item in result.infeasible:
        print(f"sim optimise: {item.message()}", file=sys.stderr)
    if not args.quiet:
        print_goals_check(binding, args.lang, _area_names(goals.pack, args.lang))
        years = (goals.first_year, goals.last_year)
        print_plan(out, result.verification_cost, goals.spec.objective.cost, years)
        _print_placement(out, args.lang)
    if result.exit_code or len(short):
        if not result.infeasible:
            print_shortfall(result.rounds, list(short["goal"]), out / "goals.csv")
        return EXIT_GOALS_NOT_MET
    return 0


def _area_names(pack: Any, lang: str) -> dict[str, str]:
    """The names in `lang` of the areas a goal may name: the district and its townships
    (`pack`: the goals' district pack)."""
    from sim.experiments.optimise_folder import DISTRICT_AREA

    names = {DISTRICT_AREA: pack.label(lang)}
    if pack.places is not None:
        names |= dict(zip(pack.places.codes, pack.places.names[lang], strict=True))
    return names


def _print_placement(out: Path, lang: str) -> None:
    """One line on what the placement put where, when the plan was placed by township."""
    import json

    import pandas as pd

    from sim.catalogue import text

    table_file = out / "placement.csv"
    if not table_file.is_file():
        return
    table = pd.read_csv(table_file)
    record = json.loads((out / "optimisation.json").read_text(encoding="utf-8"))["placement"]
    gaps = [g for g in [record.get("centres_mip_gap"), *record.get("beds_mip_gap", [])]
            if g is not None]  # fmt: skip
    print(text("placement.terminal", lang, regional=int(table["regional_centre"].sum()),
               village=int(table["village_centres"].sum()),
               bed_townships=int((table["new_nursing_beds_per_year"] > 0).sum()),
               gap=f"{max(gaps):.2g}" if gaps else "-", folder=out))  # fmt: skip


def _sensitivity(args: argparse.Namespace) -> int:
    from sim.experiments.folders import check_output
    from sim.experiments.runs import default_run_dir

    scenarios = flags.load_all(args.scenarios)
    out = args.out or default_run_dir([s.name for s in scenarios], prefix="sensitivity-")
    check_output(out, args.force)
    # Imported after the output is checked: SALib and SciPy take seconds to load.
    from sim.experiments.global_sensitivity import StudySizes, run_study, write_study
    from sim.present.finishers import sensitivity_chart_finisher

    execution = flags.execution(args, "sim sensitivity", unit="runs")
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
    "evaluate": _evaluate,
    "calibrate": _calibrate,
    "sensitivity": _sensitivity,
    "optimise": _optimise,
}
