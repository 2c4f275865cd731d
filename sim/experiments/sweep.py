"""Sensitivity sweeps: one base scenario run over a grid of changed values.

The grid (`sim.config.grid`) names key paths of the scenario and lists of
values; every combination keeps the base seed, so they share common random
numbers: the differences between them come from the changed values, not from
the draws.

The result is one tidy table: scenario, one column per swept key (holding that
combination's value), replication, year, indicator, value; it is written with
a manifest beside it (`<table>.manifest.json`), both atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from sim.config.grid import Grid, load_grid, sweep_scenarios, value_label
from sim.config.scenario import Scenario
from sim.errors import InputError
from sim.experiments.backends import ProgressCallback
from sim.experiments.folders import staged_outputs, write_json
from sim.experiments.record import with_area
from sim.experiments.runs import execute, prepare
from sim.model.simulate import TIDY_COLUMNS

OUTPUT_SUFFIXES = (".parquet", ".csv")


def run_sweep(
    scenario: Scenario,
    grid: Grid | str | Path,
    replications: int | None = None,
    jobs: int = 1,
    backend: str = "processes",
    dask_scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    uncertainty: str | None = None,
) -> pd.DataFrame:
    """Tidy table of every replication of every combination of `grid` over `scenario`.

    Columns: scenario, one per swept key path (that combination's value; lists
    and mappings as their text), replication, year, indicator, value. The
    backend arguments are those of `sim.experiments.runner.run_scenarios`.
    """
    tidy, _ = _sweep_tables(
        scenario, grid, replications=replications, jobs=jobs, backend=backend,
        dask_scheduler=dask_scheduler, progress=progress, uncertainty=uncertainty,
    )  # fmt: skip
    return tidy


def _sweep_tables(
    scenario: Scenario,
    grid: Grid | str | Path,
    *,
    replications: int | None,
    jobs: int,
    backend: str,
    dask_scheduler: str | None,
    progress: ProgressCallback | None,
    uncertainty: str | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The sweep's tidy table (with one column per swept key) and its manifest."""
    if not isinstance(grid, Grid):
        grid = load_grid(grid)
    built = sweep_scenarios(scenario, grid)
    scenarios = prepare(
        [swept for _, swept in built], replications=replications, uncertainty=uncertainty
    )
    tables = execute(
        scenarios, jobs=jobs, progress=progress, backend=backend, dask_scheduler=dask_scheduler
    )
    tidy = with_area(tables.indicators, tables.record.scenario_areas)
    by_name = {swept.name: combination for combination, swept in built}
    for position, key in enumerate(grid.keys, start=1):
        values = {name: _column_value(combination[key]) for name, combination in by_name.items()}
        tidy.insert(position + 1, key, tidy["scenario"].map(values))
    manifest = {
        **tables.record.document(),
        "kind": "sweep",
        "grid_file": grid.file,
        "grid": grid.values,
    }
    return tidy[["scenario", "area", *grid.keys, *TIDY_COLUMNS[1:]]], manifest


def _column_value(value: Any) -> Any:
    """Numbers and text as they are; lists and mappings as their text (a table cell)."""
    if isinstance(value, bool | int | float | str):
        return value
    return value_label(value)


def manifest_path(table: Path) -> Path:
    """Where the manifest of the sweep table `table` is written: beside it."""
    return table.with_name(f"{table.name}.manifest.json")


def sweep_to_file(
    scenario: Scenario,
    grid: Grid,
    out: Path,
    *,
    replications: int | None = None,
    jobs: int = 1,
    backend: str = "processes",
    dask_scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
    uncertainty: str | None = None,
) -> pd.DataFrame:
    """Run the sweep and write its table (Parquet or CSV, by suffix) with its manifest
    beside it, atomically; every combination is checked before any replication runs."""
    if out.suffix not in OUTPUT_SUFFIXES:
        raise InputError(str(out), "", "expected a file name ending in .parquet or .csv")
    targets = [manifest_path(out), out]
    with staged_outputs(targets, force=force) as (staged_manifest, staged_table):
        tidy, manifest = _sweep_tables(
            scenario, grid, replications=replications, jobs=jobs, backend=backend,
            dask_scheduler=dask_scheduler, progress=progress, uncertainty=uncertainty,
        )  # fmt: skip
        if out.suffix == ".csv":
            tidy.to_csv(staged_table, index=False)
        else:
            tidy.to_parquet(staged_table, index=False)
        write_json(staged_manifest, manifest)
    return tidy
