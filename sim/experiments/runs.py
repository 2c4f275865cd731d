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

from sim.catalogue import LANGUAGES, text
from sim.config.data import DefaultData, load_default_data
from sim.config.load import scenario_document, scenario_from_mapping
from sim.config.pack_readers import load_pack, load_packs
from sim.config.pack_schema import DistrictPack
from sim.config.resolve import resolve_parameters, scenario_base_indicators, scenario_base_state
from sim.config.scenario import Scenario
from sim.config.uncertainty import replication_inputs
from sim.errors import InputError
from sim.experiments.backends import ProgressCallback
from sim.experiments.city import TOTAL, city_totals, district_name, for_districts
from sim.experiments.compare import (
    combined_scenarios,
    cost_effectiveness,
    paired_differences,
    plan_period,
)
from sim.experiments.folders import (
    RunResults,
    check_output,
    read_run,
    release_output,
    staged_outputs,
    write_tables,
)
from sim.experiments.pack_record import district_record
from sim.experiments.record import RunRecord, run_areas, with_area
from sim.experiments.runner import run_scenarios_by_place, summarise, target_attainment
from sim.experiments.township_tables import by_township, township_estimates, townships_of
from sim.model.indicators import AGGREGATION

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


def parameters_used(
    scenario: Scenario, data: DefaultData, pack: DistrictPack
) -> dict[str, dict[str, Any]]:
    """Every parameter of a run: its value, unit, documented range, confidence, source,
    and whether the scenario's `assumptions:` (or its district `pack`) set it."""
    used = {}
    values = resolve_parameters(scenario, pack, data)
    district = pack.parameters
    for name, record in data.parameters.items():
        overridden = name in scenario.assumptions
        own = district.get(name) if not overridden else None
        low, high, distribution = record.low, record.high, record.distribution
        if own is not None:
            # The district's value, drawn within the pack's range or used as given.
            low = own.low if own.low is not None else own.value
            high = own.high if own.high is not None else own.value
            distribution = "triangular" if low < high else "fixed"
        used[name] = {
            "value": getattr(values, name),
            "default": record.value,
            "unit": record.unit,
            "low": low,
            "high": high,
            "confidence": own.confidence if own is not None else record.confidence,
            "source": f"district pack {scenario.district}: {own.source}"
            if own is not None
            else record.source,
            "source_zh": text(
                "parameter_source.district_pack", "zh", source=own.source_zh or own.source
            )
            if own is not None
            else record.source_zh,
            "note": record.note,
            "label_en": record.label_en,
            "label_zh": record.label_zh,
            "distribution": distribution,
            "overridden": overridden,
            "district_override": name in district,
        }
    return used


def draws_record(scenario: Scenario, data: DefaultData, pack: DistrictPack) -> dict[str, Any]:
    """The uncertain inputs each replication of `scenario` (of district `pack`) drew:
    {"parameters": {name: [value by replication]}, "figures": {item: [...]},
    "allowances": {kind.band: [yuan a month]}} (empty without draws)."""
    if scenario.uncertainty != "parameters" or scenario.validation is not None:
        return {}
    record: dict[str, dict[str, list[float]]] = {"parameters": {}, "figures": {}, "allowances": {}}
    for replication in range(scenario.replications):
        drawn = replication_inputs(data, pack, scenario.assumptions, scenario.base_year,
                                   scenario.seed, replication)  # fmt: skip
        for kind, values in (("parameters", drawn.parameters), ("figures", drawn.figures),
                             ("allowances", drawn.allowances)):  # fmt: skip
            for name, value in values.items():
                record[kind].setdefault(name, []).append(value)
    return record


def base_state_record(scenario: Scenario, pack: DistrictPack | None = None) -> dict[str, Any]:
    """The base-year figures a scenario's run started from, which of them are assumed, and
    the indicators they determine (`indicators`: the one base-year value of each that
    every table, chart and sentence of a report shows). `pack`: the scenario's district
    pack, read when not given."""
    pack = pack or load_pack(scenario.district)
    figures = scenario_base_state(scenario, pack)
    return {
        "district": scenario.district,
        "base_year": scenario.base_year,
        # The figures and indicators are the pack's; the run starts from them times this.
        "population_scale": scenario.population_scale,
        "figures": {item: vars(figure) for item, figure in figures.items()},
        "indicators": at_scale(
            scenario_base_indicators(scenario, pack, figures), scenario.population_scale
        ),
        "assumed": [item for item, figure in figures.items() if figure.assumed],
        "population_structure": _table_status(pack, "population", scenario.base_year),
        "prevalence": _table_status(pack, "prevalence", scenario.base_year),
    }


#: Counts a run does not scale with its population (consortia are targets in their own
#: right: `sim.config.resolve`).
UNSCALED_COUNTS = ("consortia",)


def at_scale(indicators: dict[str, float], scale: float) -> dict[str, float]:
    """Base-year indicators as a run at population `scale` starts from them: the counts
    that add up over areas times `scale`, shares and ratios (of two such counts) as they
    are. A scaled run's base year then agrees with its later years (no growth from the
    whole district to a tenth of it)."""
    if scale == 1.0:
        return indicators
    return {
        name: value * scale
        if AGGREGATION[name].rule == "sum" and name not in UNSCALED_COUNTS
        else value
        for name, value in indicators.items()
    }


def _table_status(pack: DistrictPack, table: str, year: int) -> str:
    """Where a run's age structure or prevalence came from: "district" (published),
    "estimate" (the pack's, not all published) or "default" (the default tables)."""
    if year not in getattr(pack, table):
        return "default"
    return "estimate" if year in pack.estimated_years.get(table, ()) else "district"


def assumed_lines(scenarios: Sequence[Scenario], districts: Sequence[str]) -> list[str]:
    """One line per district and base year (`assumed_summary`): which base-year figures the
    runs of `scenarios` (for each of `districts`, when given) have to assume. Every line
    is made before any is shown, so a bad pack is its error alone."""
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
            lines.append(assumed_summary(base_state_record(copy)))
            lines += township_estimates(copy)
    return lines


def assumed_summary(record: dict[str, Any]) -> str:
    """One line: which base-year figures of a run are estimates, assumptions or defaults."""
    assumed = record["assumed"]
    status = {"default": "from the default tables", "estimate": "estimated"}
    extra = [
        f"{what} {status[record[key]]}"
        for what, key in (
            ("age structure", "population_structure"),
            ("disability prevalence", "prevalence"),
        )
        if record.get(key) in status
    ]
    listed = ", ".join([*assumed, *extra]) or "none"
    total = len(record["figures"])
    return (
        f"{record['district']} {record['base_year']}: {len(assumed)} of {total} base-year figures "
        f"are estimates, assumptions or defaults ({listed})"
    )


@dataclass(frozen=True)
class RunTables:
    """What a run produced, before it is written: tables and manifest."""

    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    record: RunRecord
    differences: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    #: every township's rows (`TOWNSHIP_COLUMNS`) and their summary, when a run had them
    townships: pd.DataFrame | None = None
    township_summary: pd.DataFrame | None = None
    #: the pack's township targets (targets.csv rows naming a township), met or not
    township_targets: pd.DataFrame | None = None
    #: the townships' boundaries (GeoJSON text) of the run's district, when its pack has them
    township_geometry: str | None = None


def prepare(
    scenarios: Sequence[Scenario],
    *,
    seed: int | None = None,
    replications: int | None = None,
    common_random_numbers: bool = False,
    uncertainty: str | None = None,
) -> list[Scenario]:
    """The scenarios as they will run: `seed`, `replications` and `uncertainty` (`none` or
    `parameters`) override each one's own; with `common_random_numbers`, every
    scenario takes the first one's seed and count."""
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
    if uncertainty is not None:
        update["uncertainty"] = uncertainty
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
    districts: Sequence[str] = (),
) -> RunTables:
    """Run every replication of `scenarios` (as `prepare` left them) and build the tables
    and the manifest; with `reference`, also the paired differences and costs.

    With `districts`, each scenario runs once per district pack (`<name>@<district>`)
    and the city's total (`<name>@total`) is added; a reference names a scenario
    and is compared in total."""
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    data = load_default_data()
    runs = for_districts(scenarios, districts) if districts else list(scenarios)
    packs = load_packs(s.district for s in runs)
    tidy, townships = run_scenarios_by_place(
        runs,
        jobs=jobs,
        progress=progress,
        backend=backend,
        dask_scheduler=dask_scheduler,
        packs=packs,
    )
    documents = {s.name: scenario_document(s) for s in runs}
    totals: list[Scenario] = []
    if districts:
        tidy, totals = _with_city_totals(tidy, scenarios, districts, documents)
        reference = district_name(reference, TOTAL) if reference else None
    reported = [*runs, *totals]
    summary = summarise(tidy)
    targets = target_attainment(tidy, reported)
    manifest: dict[str, Any] = {
        "kind": "comparison" if reference else "run",
        "scenarios": documents,
        "scenario_files": [str(Path(p)) for p in scenario_files],
        "seeds": {s.name: s.seed for s in reported},
        "replications": {s.name: s.replications for s in reported},
        **_inputs_record(runs, packs, data),
        "districts": {d: district_record(pack) for d, pack in packs.items()},
        "city_districts": list(districts),
        "reference_figures": (packs[runs[0].district].forecasts if runs and not districts else {}),
        "jobs": jobs,
        "backend": backend,
    }
    manifest.update(
        run_areas(
            manifest["districts"], {s.name: s.district for s in runs}, [s.name for s in totals]
        )
    )
    differences = costs = None
    if reference is not None:
        manifest["reference"] = reference
        manifest["common_random_numbers"] = len({s.seed for s in runs}) == 1
        compared = tidy
        if districts:  # compare the city totals
            compared = tidy[tidy["scenario"].str.endswith(f"@{TOTAL}")]
        differences = paired_differences(compared, reference)
        first_year, last_year = plan_period(compared["year"], targets["year"])
        costs = cost_effectiveness(compared, reference, first_year=first_year, last_year=last_year)
    manifest.update(
        packages=package_versions(),
        git_commit=git_commit(),
        started_utc=started.isoformat(),
        run_time_seconds=round(time.perf_counter() - clock, 3),
        command=list(sys.argv),
    )
    return RunTables(
        tidy, summary, targets, RunRecord.model_validate(manifest), differences, costs,
        **by_township(townships, runs, packs),
    )  # fmt: skip


def _with_city_totals(
    tidy: pd.DataFrame, scenarios: Sequence[Scenario], districts: Sequence[str],
    documents: dict[str, Any],
) -> tuple[pd.DataFrame, list[Scenario]]:  # fmt: skip
    """The tidy table with each scenario's city total (`<name>@total`) added, and the
    totals as scenarios; their documents (titled as totals) go into `documents`."""
    totals = [s.model_copy(update={"name": district_name(s.name, TOTAL)}) for s in scenarios]
    tidy = pd.concat(
        [tidy, city_totals(tidy, [s.name for s in scenarios], districts)], ignore_index=True
    )
    for total in totals:
        document = scenario_document(total)
        document["title"] = {
            lang: text("scenario.total_title", lang, title=getattr(total.title, lang))
            for lang in LANGUAGES
        }
        documents[total.name] = document
    return tidy, totals


def _inputs_record(
    runs: Sequence[Scenario], packs: dict[str, DistrictPack], data: DefaultData
) -> dict[str, Any]:
    """What each scenario ran with: its parameters, base state, uncertainty and draws."""
    return {
        "parameters": {s.name: parameters_used(s, data, packs[s.district]) for s in runs},
        "base_state": {
            s.name: base_state_record(s, packs[s.district]) for s in runs if s.validation is None
        },
        "uncertainty": {s.name: s.uncertainty for s in runs},
        "draws": {
            s.name: draws_record(s, data, packs[s.district])
            for s in runs
            if s.uncertainty == "parameters"
        },
    }


def write_folder(
    out: Path, tables: RunTables, *, force: bool = False, finish: Sequence[Finisher] = ()
) -> RunResults:
    """Write `tables` as a run (or comparison) folder at `out`, atomically, then run each
    finisher on the staged folder; return the folder as read back."""
    with staged_outputs([out], force=force, folders=True) as (staging,):
        write_tables(
            staging, tables.indicators, tables.summary, tables.targets, tables.record,
            differences=tables.differences, costs=tables.costs, townships=tables.townships,
            township_summary=tables.township_summary, township_geometry=tables.township_geometry,
            township_targets=tables.township_targets,
        )  # fmt: skip
        for step in finish:
            step(staging)
    # The tables as written: each with its area column, from memory rather than read back.
    areas = tables.record.scenario_areas
    placed = {
        name: None if table is None else with_area(table, areas)
        for name, table in (("differences", tables.differences), ("costs", tables.costs))
    }
    return RunResults(
        out, with_area(tables.indicators, areas), with_area(tables.summary, areas),
        with_area(tables.targets, areas), tables.record, **placed,
        townships=tables.townships, township_summary=tables.township_summary,
        township_targets=tables.township_targets,
    )  # fmt: skip


def run_to_folder(
    scenarios: Sequence[Scenario],
    out: str | Path | None = None,
    *,
    replications: int | None = None,
    seed: int | None = None,
    compare: bool = False,
    uncertainty: str | None = None,
    jobs: int = 1,
    backend: str = "processes",
    dask_scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
    finish: Sequence[Finisher] = (),
    scenario_files: Sequence[str | Path] = (),
    districts: Sequence[str] = (),
) -> RunResults:
    """Run `scenarios` and write their run folder at `out` (default `runs/<names>-<time>`).

    With `districts`, every scenario runs for each of those district packs and in
    total (`sim.experiments.city`).

    With `compare`, every scenario runs with the first one's seed and replication
    count (common random numbers) and the folder is a comparison folder against
    the first (default `runs/compare-<names>-<time>`). An existing `out` is refused
    before any work unless `force`; a failure leaves nothing behind.
    """
    if compare and len(scenarios) < 2:
        raise InputError(str(out or scenarios[0].name), "", "a comparison needs at least two "
                         "scenarios")  # fmt: skip
    ready = prepare(
        scenarios, seed=seed, replications=replications, common_random_numbers=compare,
        uncertainty=uncertainty,
    )  # fmt: skip
    names = [s.name for s in ready]
    folder = (
        Path(out)
        if out is not None
        else default_run_dir(names, prefix="compare-" if compare else "")
    )
    check_output(folder, force)
    try:
        tables = execute(
            ready, reference=names[0] if compare else None, jobs=jobs, backend=backend,
            dask_scheduler=dask_scheduler, progress=progress, scenario_files=scenario_files,
            districts=districts,
        )  # fmt: skip
        return write_folder(folder, tables, force=force, finish=finish)
    except BaseException:
        # In a long-lived process (a notebook) a failed run must not keep its lock.
        release_output(folder)
        raise


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
    for key in ("scenarios", "scenario_files", "seeds", "replications", "parameters",
                "base_state", "districts", "uncertainty", "draws", "areas",
                "scenario_areas"):  # fmt: skip
        merged: Any = [] if key == "scenario_files" else {}
        for run in runs:
            value = getattr(run.record, key)
            if isinstance(value, dict):  # areas are models: written as the record writes them
                value = {k: v.model_dump() if hasattr(v, "model_dump") else v
                         for k, v in value.items()}  # fmt: skip
            merged = merged + list(value) if key == "scenario_files" else {**merged, **value}
        manifest[key] = merged
    manifest["reference_figures"] = runs[0].record.reference_figures
    manifest["run_folders"] = [str(run.path) for run in runs]
    manifest["common_random_numbers"] = len(set(manifest["seeds"].values())) == 1
    manifest.update(
        packages=package_versions(), git_commit=git_commit(), started_utc=started.isoformat(),
        command=list(sys.argv),
    )  # fmt: skip
    targets = pd.concat([run.targets for run in runs], ignore_index=True)
    first_year, last_year = plan_period(tidy["year"], targets["year"])
    tables = RunTables(
        indicators=tidy,
        summary=pd.concat([run.summary for run in runs], ignore_index=True),
        targets=targets,
        record=RunRecord.model_validate(manifest),
        differences=paired_differences(tidy, names[0]),
        costs=cost_effectiveness(tidy, names[0], first_year=first_year, last_year=last_year),
        **townships_of(runs),
    )
    return write_folder(folder, tables, force=force, finish=finish)
