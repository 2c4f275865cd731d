"""From scenarios to a run folder: the one public function that does what `sim run` does.

`run_to_folder` resolves and runs the scenarios, summarises them, checks their
targets, builds the manifest (resolved scenarios with their `assumptions:` and
targets, every parameter used, reference figures, seeds, versions) and writes
the folder atomically; with `reference=` it also writes the paired differences
and costs of a comparison folder. `compare_folders` makes a comparison folder
from run folders already written. The command line, the sweep and notebooks
all build on these, so a notebook can make exactly what `sim run` makes.

Anything presentation adds to a folder (charts) is passed in as `finish`
callables that receive the staging folder before it is renamed into place, so
it is part of the same atomic write and reads only the folder's own files.
"""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config.data import DefaultData, load_default_data
from sim.config.load import scenario_document
from sim.config.scenario import Scenario
from sim.errors import InputError
from sim.experiments.backends import ProgressCallback
from sim.experiments.compare import combined_scenarios, cost_effectiveness, paired_differences
from sim.experiments.folders import (
    RunResults,
    check_output,
    read_run,
    staged_outputs,
    write_tables,
)
from sim.experiments.runner import run_scenarios, summarise, target_attainment

PACKAGES = ("eldercare-sim", "simpy", "numpy", "pandas", "scipy", "pydantic", "pyarrow")
#: Called with the staging folder after the tables are written (e.g. to draw charts).
Finisher = Callable[[Path], None]


def default_run_dir(names: Sequence[str], root: Path = Path("runs"), prefix: str = "") -> Path:
    """`runs/<prefix><scenario names>-<UTC timestamp>`: a new folder for every run."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return root / f"{prefix}{combined_scenarios(list(names))}-{stamp}"


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the results."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["python"] = platform.python_version()
    return versions


def git_commit() -> str | None:
    """The commit of the source tree, when it is a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


def parameters_used(scenario: Scenario, data: DefaultData) -> dict[str, dict[str, Any]]:
    """Every parameter of a run: its value, unit, documented range, confidence, source,
    and whether the scenario's `assumptions:` set it."""
    used = {}
    for name, record in data.parameters.items():
        overridden = name in scenario.assumptions
        used[name] = {
            "value": scenario.assumptions[name] if overridden else record.value,
            "default": record.value,
            "unit": record.unit,
            "low": record.low,
            "high": record.high,
            "confidence": record.confidence,
            "source": record.source,
            "note": record.note,
            "overridden": overridden,
        }
    return used


def reference_figures(data: DefaultData) -> dict[str, dict[str, Any]]:
    """Figures a chart marks beside the results (the plan's 2025 population figures), by
    indicator: {year: value} and their source."""
    figures: dict[str, dict[str, Any]] = {}
    plan = data.plan_indicators
    if "target_2025" not in plan:
        return figures
    for row in plan.itertuples(index=False):
        if pd.isna(row.value_2020) and not pd.isna(row.target_2025):
            figures[str(row.indicator)] = {
                "values": {"2025": float(row.target_2025)},
                "source": str(getattr(row, "source", "")),
            }
    return figures


@dataclass(frozen=True)
class RunTables:
    """What a run produced, before it is written: tables and manifest."""

    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    manifest: dict[str, Any]
    differences: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None


def prepare(
    scenarios: Sequence[Scenario],
    *,
    seed: int | None = None,
    replications: int | None = None,
    common_random_numbers: bool = False,
) -> list[Scenario]:
    """The scenarios as they will run: `seed` and `replications` override each one's own;
    with `common_random_numbers`, every scenario takes the first one's seed and count."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise InputError(duplicate, "name", f"two scenarios are both called {duplicate!r}")
    if common_random_numbers and scenarios:
        seed = scenarios[0].seed if seed is None else seed
        replications = replications or scenarios[0].replications
    update: dict[str, Any] = {}
    if seed is not None:
        update["seed"] = seed
    if replications is not None:
        update["replications"] = replications
    return [s.model_copy(update=update) for s in scenarios] if update else list(scenarios)


def execute(
    scenarios: Sequence[Scenario],
    *,
    reference: str | None = None,
    jobs: int = 1,
    backend: str = "processes",
    dask_scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    scenario_files: Sequence[str | Path] = (),
) -> RunTables:
    """Run every replication of `scenarios` (as `prepare` left them) and build the tables
    and the manifest; with `reference`, also the paired differences and costs."""
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    data = load_default_data()
    tidy = run_scenarios(
        scenarios, jobs=jobs, progress=progress, backend=backend, dask_scheduler=dask_scheduler
    )
    summary = summarise(tidy)
    targets = target_attainment(tidy, scenarios)
    manifest: dict[str, Any] = {
        "kind": "comparison" if reference else "run",
        "scenarios": {s.name: scenario_document(s) for s in scenarios},
        "scenario_files": [str(Path(p)) for p in scenario_files],
        "seeds": {s.name: s.seed for s in scenarios},
        "replications": {s.name: s.replications for s in scenarios},
        "parameters": {s.name: parameters_used(s, data) for s in scenarios},
        "reference_figures": reference_figures(data),
        "jobs": jobs,
        "backend": backend,
    }
    differences = costs = None
    if reference is not None:
        manifest["reference"] = reference
        manifest["common_random_numbers"] = len({s.seed for s in scenarios}) == 1
        differences = paired_differences(tidy, reference)
        costs = cost_effectiveness(tidy, reference)
    manifest.update(
        packages=package_versions(),
        git_commit=git_commit(),
        started_utc=started.isoformat(),
        run_time_seconds=round(time.perf_counter() - clock, 3),
        command=list(sys.argv),
    )
    return RunTables(tidy, summary, targets, manifest, differences, costs)


def write_folder(
    out: Path, tables: RunTables, *, force: bool = False, finish: Sequence[Finisher] = ()
) -> RunResults:
    """Write `tables` as a run (or comparison) folder at `out`, atomically, then run each
    finisher on the staged folder; return the folder as read back."""
    with staged_outputs([out], force=force, folders=True) as (staging,):
        write_tables(
            staging, tables.indicators, tables.summary, tables.targets, tables.manifest,
            differences=tables.differences, costs=tables.costs,
        )  # fmt: skip
        for step in finish:
            step(staging)
    return RunResults(
        out, tables.indicators, tables.summary, tables.targets, tables.manifest,
        tables.differences, tables.costs,
    )  # fmt: skip


def run_to_folder(
    scenarios: Sequence[Scenario],
    out: str | Path | None = None,
    *,
    replications: int | None = None,
    seed: int | None = None,
    compare: bool = False,
    jobs: int = 1,
    backend: str = "processes",
    dask_scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
    finish: Sequence[Finisher] = (),
    scenario_files: Sequence[str | Path] = (),
) -> RunResults:
    """Run `scenarios` and write their run folder at `out` (default `runs/<names>-<time>`).

    With `compare`, every scenario runs with the first one's seed and replication
    count (common random numbers) and the folder is a comparison folder against
    the first (default `runs/compare-<names>-<time>`). An existing `out` is refused
    before any work unless `force`; a failure leaves nothing behind.
    """
    if compare and len(scenarios) < 2:
        raise InputError(str(out or scenarios[0].name), "", "a comparison needs at least two "
                         "scenarios")  # fmt: skip
    ready = prepare(scenarios, seed=seed, replications=replications, common_random_numbers=compare)
    names = [s.name for s in ready]
    folder = (
        Path(out)
        if out is not None
        else default_run_dir(names, prefix="compare-" if compare else "")
    )
    check_output(folder, force)
    tables = execute(
        ready, reference=names[0] if compare else None, jobs=jobs, backend=backend,
        dask_scheduler=dask_scheduler, progress=progress, scenario_files=scenario_files,
    )  # fmt: skip
    return write_folder(folder, tables, force=force, finish=finish)


def compare_folders(
    folders: Sequence[str | Path],
    out: str | Path | None = None,
    *,
    force: bool = False,
    finish: Sequence[Finisher] = (),
) -> RunResults:
    """A comparison folder from run folders already written, against the first scenario.

    Differences are paired by replication; they share random numbers only if the
    runs had the same seed (recorded in the manifest as `common_random_numbers`).
    """
    runs = [read_run(folder) for folder in folders]
    seen: dict[str, Path] = {}
    for run in runs:
        for name in pd.unique(run.summary["scenario"]):
            if name in seen:
                raise InputError(str(run.path), "", f"scenario {name!r} is also in {seen[name]}")
            seen[str(name)] = run.path
    names = list(seen)
    if len(names) < 2:
        raise InputError(str(folders[0]), "", "a comparison needs at least two scenarios")
    folder = Path(out) if out is not None else default_run_dir(names, prefix="compare-")
    check_output(folder, force)
    started = dt.datetime.now(dt.UTC)
    tidy = pd.concat([run.indicators for run in runs], ignore_index=True)
    manifest: dict[str, Any] = {"kind": "comparison", "reference": names[0]}
    for key in ("scenarios", "scenario_files", "seeds", "replications", "parameters"):
        merged: Any = [] if key == "scenario_files" else {}
        for run in runs:
            value = run.manifest.get(key, [] if key == "scenario_files" else {})
            merged = merged + list(value) if key == "scenario_files" else {**merged, **value}
        manifest[key] = merged
    manifest["reference_figures"] = runs[0].manifest.get("reference_figures", {})
    manifest["run_folders"] = [str(run.path) for run in runs]
    manifest["common_random_numbers"] = len(set(manifest["seeds"].values())) == 1
    manifest.update(
        packages=package_versions(), git_commit=git_commit(), started_utc=started.isoformat(),
        command=list(sys.argv),
    )  # fmt: skip
    tables = RunTables(
        indicators=tidy,
        summary=pd.concat([run.summary for run in runs], ignore_index=True),
        targets=pd.concat([run.targets for run in runs], ignore_index=True),
        manifest=manifest,
        differences=paired_differences(tidy, names[0]),
        costs=cost_effectiveness(tidy, names[0]),
    )
    return write_folder(folder, tables, force=force, finish=finish)
