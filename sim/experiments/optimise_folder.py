"""The optimiser's output folder: the plan as a scenario, its verification run with a
fresh seed, each goal's verified P(met) with its interval and whether it binds, each
lever and whether it binds, the frontier, the design and a JSON record
(`docs/optimise.md`, "The output folder")."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.catalogue import LANGUAGES, text
from sim.config.goals import Goals, plan_changes, plan_targets
from sim.config.load import load_scenario
from sim.experiments.backends import ProgressCallback
from sim.experiments.folders import staged_outputs, write_json
from sim.experiments.frontier import checked_plan, frontier_from_checked, run_scale
from sim.experiments.levers import binding_comment, lever_records
from sim.experiments.p_met import CONFIDENCE
from sim.experiments.plan_check import judge, point_table, verification_replications

if TYPE_CHECKING:
    from sim.experiments.optimisation import Optimisation

#: A constraint whose slack is under this share of its target counts as binding.
BINDING_SHARE = 0.02
#: `goals.csv`'s area of a goal on the district as a whole (a township goal gives its code).
DISTRICT_AREA = "district"


def plan_yaml(
    goals: Goals, values: dict[str, float], out: Path, levers: pd.DataFrame | None = None
) -> str:
    """The plan as a scenario file that `extends:` the base (path relative to `out`); with
    `levers` (`sim.experiments.levers.lever_binding`), a comment says which bind."""
    import yaml

    base = Path(os.path.relpath(goals.base_path, out.resolve()))
    changes = plan_changes(goals, values)
    document = {
        "extends": base.as_posix(),
        "name": goals.spec.name,
        "title": goals.spec.title.model_dump(),
        "description": {lang: text("plan.optimised_description", lang) for lang in LANGUAGES},
        **changes,
        "targets": plan_targets(goals),
    }
    header = (
        f"# The least-cost plan for {goals.path.name}, found by `sim optimise` on "
        f"{dt.date.today().isoformat()}.\n# Levers: "
        + ", ".join(f"{lever.id} = {values[lever.id]:g}" for lever in goals.spec.levers)
        + "\n"
    )
    if goals.placement is not None:
        header += _placement_comment(goals, values)
    if levers is not None and len(levers):
        header += "# Whether each lever binds (in the search's check of the plan):\n"
        header += binding_comment(levers) + "\n"
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _placement_comment(goals: Goals, values: dict[str, float]) -> str:
    """Comment lines on the placement: what each program found and its optimality gap."""
    record = goals.placement
    lines = []
    if record.siting is not None:
        lines.append(f"# Centres sited by an exact covering program (HiGHS): "
                     f"{int(record.siting.day_care.sum())} regional, "
                     f"{int(record.siting.village.sum())} village; mip_gap "
                     f"{record.siting.mip_gap:.2g}")  # fmt: skip
    for lever in goals.spec.levers:
        placement = record.beds.get(values[lever.id]) if lever.placed else None
        if placement is not None:
            lines.append(f"# {lever.id} placed by location-allocation (HiGHS): mip_gap "
                         f"{placement.mip_gap:.2g}, unserved within the limit "
                         f"{placement.unserved_beds:.0f} beds")  # fmt: skip
    return "".join(line + "\n" for line in lines)


def binding_table(result: Optimisation, verification: pd.DataFrame | None) -> pd.DataFrame:
    """Per goal: required and verified P(met) with its Wilson interval (`p_met_low`,
    `p_met_high`; `certified` when the lower bound reaches the requirement), the
    surrogate's and the simulation's mean,
    the slack of the chosen plan and whether the goal binds, and the lever that moves it
    most per step."""
    goals, plan, surrogate = result.goals, result.plan, result.surrogate
    levers = goals.spec.levers
    judged = judge(goals, verification) if verification is not None else result.check
    rows = []
    for row in judged.itertuples(index=False):
        slope = surrogate.slope[row.goal]
        per_step = np.array([slope[j] * lever.step for j, lever in enumerate(levers)])
        main = int(np.argmax(np.abs(per_step)))
        slack = plan.slack.get(row.goal, np.nan)
        rows.append({
            "goal": row.goal, "indicator": row.indicator, "year": row.year, "sense": row.sense,
            "target": row.target, "required_probability": row.required_probability,
            "verified_p_met": row.p_met, "p_met_low": row.p_met_low,
            "p_met_high": row.p_met_high, "replications": row.replications,
            "certified": bool(row.holds), "verified_mean": row.mean,
            "surrogate_mean": plan.predicted.get(row.goal, np.nan),
            "slack": slack,
            "binding": bool(abs(slack) <= BINDING_SHARE * max(abs(row.target), 1.0)),
            "main_lever": levers[main].id, "effect_per_step": float(per_step[main]),
            "area": row.area or DISTRICT_AREA,
        })  # fmt: skip
    return pd.DataFrame(rows)


def write_optimisation(
    result: Optimisation, out: Path, *, force: bool = False, jobs: int = 1,
    progress: ProgressCallback | None = None, finish: Sequence[Any] = (),
) -> Path:  # fmt: skip
    """Write the output folder: plan.yaml, the verification run (fresh seed), frontier,
    goals (binding), design, and optimisation.json; `finish` steps run on the staged
    folder (charts, the report) before it is put in place."""
    goals = result.goals
    with staged_outputs([out], force=force, folders=True) as (staging,):
        staging.mkdir()
        plan_file = staging / "plan.yaml"
        plan_file.write_text(plan_yaml(goals, result.plan.values, out, result.levers),
                             encoding="utf-8")  # fmt: skip
        binding = _verify(result, staging, out, jobs=jobs, progress=progress)
        binding.to_csv(staging / "goals.csv", index=False)
        if goals.placement is not None:
            _write_placement(result, binding, staging)
        result.levers.to_csv(staging / "levers.csv", index=False)
        # The verification is a checked plan too: it joins the frontier. It runs the plan
        # as written (at its base's scale), so a search at a smaller scale has its other
        # rows at that scale (the `population_scale` column says which).
        assert result.verification is not None
        verified = checked_plan(goals, "verification", result.plan.values, result.verification,
                                result.plan.cost)  # fmt: skip
        verified["population_scale"] = result.verification_scale
        result.checked = pd.concat([result.checked, pd.DataFrame([verified])],
                                   ignore_index=True)  # fmt: skip
        result.frontier = frontier_from_checked(
            goals.spec.search.frontier,
            result.checked,
            result.frontier_solves,
            [lever.id for lever in goals.spec.levers],
        )
        result.frontier.to_csv(staging / "frontier.csv", index=False)
        result.checked.to_csv(staging / "checked.csv", index=False)
        design = result.design.copy()
        means = result.results.groupby("point").mean(numeric_only=True).drop(columns="replication")
        design.join(means).to_csv(staging / "design.csv", index_label="point")
        write_json(staging / "optimisation.json", _record(result, binding))
        for step in finish:
            step(staging)
    result.folder = out
    return out


def _verify(
    result: Optimisation, staging: Path, out: Path, *, jobs: int,
    progress: ProgressCallback | None,
) -> pd.DataFrame:  # fmt: skip
    """Run the plan as written with the verification seed into `staging/verification`;
    record its values and cost on `result`; return each goal's binding table."""
    from sim.experiments.runs import run_to_folder

    goals = result.goals
    # The plan file names its base relative to the final folder: write a copy that
    # resolves from the staging folder for the run.
    runnable = staging / ".plan-for-run.yaml"
    runnable.write_text(plan_yaml(goals, result.plan.values, staging), encoding="utf-8")
    scenario = load_scenario(runnable)
    scenario = scenario.model_copy(update={"name": goals.spec.name})
    result.verification_scale = scenario.population_scale
    run = run_to_folder([scenario], staging / "verification",
                        replications=verification_replications(goals),
                        seed=goals.spec.search.verification_seed, jobs=jobs, progress=progress,
                        scenario_files=[out / "plan.yaml"])  # fmt: skip
    runnable.unlink()
    tidy = run.indicators.assign(scenario="point-0")
    townships = None if run.townships is None else run.townships.assign(scenario="point-0")
    result.verification = point_table(goals, tidy, townships)
    result.verification_cost = float(result.verification["cost"].mean())
    return binding_table(result, result.verification)


def _write_placement(result: Optimisation, binding: pd.DataFrame, staging: Path) -> None:
    """`placement.csv` (what goes where, by township), `naive.csv` (the naive rule with
    the same money) and `coverage_frontier.csv` (the centres' cost at each coverage)."""
    from sim.experiments.placement_compare import township_table

    record = result.goals.placement
    township_table(result.goals, result.plan.values, binding).to_csv(
        staging / "placement.csv", index=False
    )
    if record.naive is not None:
        record.naive.to_csv(staging / "naive.csv", index=False)
    if record.coverage is not None:
        record.coverage.to_csv(staging / "coverage_frontier.csv", index=False)


def _placement_record(result: Optimisation) -> dict[str, Any] | None:
    """The placement's part of optimisation.json: the centres' cost and the optimality
    gap HiGHS reports for each program solved for the plan."""
    record = result.goals.placement
    if record is None:
        return None
    siting = record.siting
    beds = [record.beds[value] for lever in result.goals.spec.levers
            if lever.placed and (value := result.plan.values[lever.id]) in record.beds]  # fmt: skip
    return {
        "bed_travel_minutes": result.goals.spec.placement.bed_travel_minutes,
        "centres_cost_yuan": None if siting is None else siting.cost_yuan,
        "centres_mip_gap": None if siting is None else siting.mip_gap,
        "beds_mip_gap": [placement.mip_gap for placement in beds],
        "beds_unserved": [placement.unserved_beds for placement in beds],
        "beds_mean_travel_minutes": [placement.mean_travel_minutes for placement in beds],
        "naive": None
        if record.naive is None
        else json.loads(record.naive.to_json(orient="records")),
    }


def _record(result: Optimisation, binding: pd.DataFrame) -> dict[str, Any]:
    """`optimisation.json`: the goals file, the plan, its costs and checks, the search."""
    goals = result.goals
    return {
        "kind": "optimisation",
        "goals_file": str(goals.path),
        "base": str(goals.base_path),
        "objective": goals.spec.objective.model_dump(),
        "probability": goals.spec.probability,
        "first_year": goals.first_year,
        "last_year": goals.last_year,
        "levers": [
            lever.model_dump() | {"title": {"zh": lever.name("zh"), "en": lever.name("en")}}
            for lever in goals.spec.levers
        ],
        "plan": result.plan.values,
        "predicted_cost_yuan": result.plan.cost,
        "verified_cost_yuan": result.verification_cost,
        "feasible": result.feasible,
        "verified_in_search": result.verified_in_search,
        "all_goals_verified": bool(binding["verified_p_met"].ge(
            binding["required_probability"]).all()),
        "all_goals_certified": bool(binding["certified"].all()),
        "p_met_interval": {"method": "wilson", "one_sided_confidence": CONFIDENCE},
        "lever_binding": lever_records(result.levers),
        "placement": _placement_record(result),
        "exit_code": result.exit_code,
        "infeasible": [vars(item) | {"message": item.message()} for item in result.infeasible],
        "rounds": result.rounds,
        "margins": result.margins,
        # The scale the search ran at (its base's when the search keeps the whole).
        "search": goals.spec.search.model_dump() | {"population_scale": run_scale(goals)},
        "search_seconds": result.seconds,
        "runs": len(result.results),
        "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }  # fmt: skip


def read_optimisation(folder: Path) -> dict[str, Any] | None:
    """The optimisation record of a folder (or of the folder above a verification run):
    optimisation.json's keys (among them `lever_binding`, one record per lever: lever,
    set, value, binding, binds_below, most_used) and `folder`."""
    for candidate in (folder, folder.parent):
        record = candidate / "optimisation.json"
        if record.is_file():
            document: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
            document["folder"] = str(candidate)
            return document
    return None
