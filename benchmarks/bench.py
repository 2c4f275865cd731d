"""Speed, memory and scaling of the simulator, measured in one run (`make bench`).

Measures, on scenarios/plan-2025.yaml:

1. one replication: wall time (and where it goes), SimPy events processed,
   mean and peak length of the event queue, peak memory (tracemalloc peak and
   the process's peak resident set size, VmHWM on Linux, and its ru_maxrss);
2. a bare SimPy loop of the same number of events with the model's mean queue
   length, and the model's events per second as a share of the bare loop's;
3. 30 replications with 1 and 2 worker processes: wall times and speed-up;
4. population_scale 1, 3 and 10: time and peak memory per replication, and the
   exponents of time and memory against size (log-log slopes);
5. the same 30 replications on a Dask LocalCluster of 2 workers: wall time, and
   whether its table equals the process backend's exactly;
6. the commands a planner runs (`benchmarks/planning.py`): `sim --help` and `sim validate`
   start-up, one scenario with one replication as a whole process with charts, and
   `sim report` of a docx (one scenario, and the seven 2026-2030 scenarios);
7. the standard global sensitivity study (`make run`'s) of the seven scenarios;
8. `sim optimise scenarios/15th/goals-2030.yaml`: its time, each goal's verified P(met),
   its cost against the cheapest hand-written scenario meeting the same goals, and how
   close its surrogate and its cost prediction came to the simulation;
9. the cost of places (`benchmarks/places.py`): one replication of the 2026-2030 base
   scenario by Huangyan's 19 townships against the same as one pool, time and memory;
10. the placement's programs (`benchmarks/placement.py`): HiGHS siting the centres and
   placing the beds of `scenarios/15th/goals-2030-townships.yaml`, time and mip_gap.

Every single-replication measurement runs in a fresh Python process (this
file, called with --child), so that one measurement's peak memory or
instrumentation does not leak into another; the event counter and tracemalloc
slow a run down, so timing, counting and tracing each get their own process.
Part 4 runs before part 3, while this process is still small.

Prints a table and writes benchmarks/results.json (with CPU count, platform
and package versions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from functools import wraps
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILE = ROOT / "scenarios" / "plan-2025.yaml"
RESULTS_FILE = Path(__file__).resolve().parent / "results.json"
SCALES = (1.0, 3.0, 10.0)
BACKEND_JOBS = 2
MB = 1024 * 1024
#: Seed of the bare loop's delays (its own generator; the model's streams are untouched).
BARE_LOOP_SEED = 12345

#: What the numbers are held against (reported, not enforced).
TARGETS = {
    "replication_seconds_max": 3.0,
    "replication_memory_mb_max": 500.0,
    "township_replication_seconds_max": 3.0,
    "township_memory_mb_max": 1000.0,
    "events_per_second_share_of_bare_min": 0.5,
    "time_ratio_x10_max": 11.0,
    "memory_ratio_x10_max": 10.0,
    "speedup_2_jobs_min": 1.8,
    "help_seconds_max": 1.0,
    "validate_seconds_max": 1.0,
    "one_run_with_charts_seconds_max": 5.0,
    "report_seconds_max": 3.0,
    "optimise_seconds_max": 900.0,
    "optimise_cost_ratio_max": 0.9,
    "optimise_cost_error_max": 0.02,
    "optimise_verified_min": 1.0,
}


# ---- scenarios ------------------------------------------------------------------------


def scaled_scenario(scale: float) -> Any:
    """plan-2025 with `population_scale` set to `scale`, validated again."""
    from sim.config.load import load_scenario, scenario_from_mapping
    from sim.config.yaml_files import deep_merge

    base = load_scenario(SCENARIO_FILE)
    if scale == base.population_scale:
        return base
    document = deep_merge(base.model_dump(), {"population_scale": scale})
    return scenario_from_mapping(document, file=f"<plan-2025 x{scale:g}>")


# ---- measurements made in a child process ------------------------------------------------


def _ru_maxrss_mb() -> float:
    """This process's ru_maxrss. Linux carries it over from the parent across fork and
    exec, so a child of a large parent starts at the parent's size: see `_max_rss_mb`."""
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB


def _max_rss_mb() -> float:
    """Peak resident memory of this process since it started (MB).

    On Linux, the high-water mark of this process's own address space (VmHWM),
    which, unlike ru_maxrss, does not include the parent's size at fork.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    return _ru_maxrss_mb()


def _timed(stages: dict[str, float], name: str, function: Callable[..., Any]) -> Any:
    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def child_time(scale: float) -> dict[str, Any]:
    """Wall time of one replication, its stages, and the process's peak resident memory."""
    import simpy

    from sim.config.pack_readers import load_pack
    from sim.config.resolve import resolve
    from sim.experiments import backends
    from sim.model import simulate

    scenario = scaled_scenario(scale)
    pack = load_pack(scenario.district)  # read once, as the runner passes it
    resolve(scenario, pack)  # loads and caches the data tables, as a worker process has them
    rss_before = _max_rss_mb()
    stages: dict[str, float] = {}
    # Wrapping whole stages adds a few calls, not per-event work: the timing stays honest.
    simulate.sample_life_courses = _timed(stages, "life_courses", simulate.sample_life_courses)
    simulate.care_inputs = _timed(stages, "care_inputs", simulate.care_inputs)
    simulate.indicator_table = _timed(stages, "indicators", simulate.indicator_table)
    simulate.simulate_channels = _timed(stages, "channels", simulate.simulate_channels)
    simulate.CareSystem.run = _timed(stages, "care_system", simulate.CareSystem.run)  # type: ignore[method-assign]
    simpy.Environment.run = _timed(stages, "simpy_run", simpy.Environment.run)  # type: ignore[method-assign]
    started = time.perf_counter()
    spec = _timed(stages, "resolve", resolve)(scenario, pack)
    backends.run_replication(spec, 0)  # as the runner runs it: collector paused
    wall = time.perf_counter() - started
    return {
        "wall_seconds": wall,
        "stages_seconds": stages,
        "max_rss_mb": _max_rss_mb(),
        "max_rss_before_replication_mb": rss_before,
        "ru_maxrss_mb": _ru_maxrss_mb(),
    }


def child_tracemalloc(scale: float) -> dict[str, Any]:
    """Peak of memory allocated by Python and numpy during one replication (tracemalloc)."""
    import tracemalloc

    from sim.config.pack_readers import load_pack
    from sim.config.resolve import resolve
    from sim.experiments.backends import run_replication

    scenario = scaled_scenario(scale)
    spec = resolve(scenario, load_pack(scenario.district))
    tracemalloc.start()
    run_replication(spec, 0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"tracemalloc_peak_mb": peak / MB}


def child_events(scale: float) -> dict[str, Any]:
    """SimPy events processed in one replication, and the event queue's mean and peak length."""
    import simpy

    from sim.config.pack_readers import load_pack
    from sim.config.resolve import resolve
    from sim.experiments.backends import run_replication

    scenario = scaled_scenario(scale)
    spec = resolve(scenario, load_pack(scenario.district))
    counts = {"events": 0, "queue_sum": 0, "queue_max": 0}
    original_step = simpy.Environment.step

    def counting_step(env: simpy.Environment) -> None:
        # Sampled before each step: the heap the step pops from.
        length = len(env._queue)
        counts["events"] += 1
        counts["queue_sum"] += length
        counts["queue_max"] = max(counts["queue_max"], length)
        original_step(env)

    simpy.Environment.step = counting_step  # type: ignore[method-assign,assignment]
    run_replication(spec, 0)
    events = counts["events"]
    return {
        "events": events,
        "queue_mean": counts["queue_sum"] / max(events, 1),
        "queue_max": counts["queue_max"],
    }


def child_bare(events: int, queue_length: int) -> dict[str, Any]:
    """A bare SimPy loop: `events` timeouts, `queue_length` of them pending at any time.

    Each timeout, when processed, schedules the next one, so the heap keeps the
    model's size until the last `queue_length` events drain it.
    """
    import numpy as np
    import simpy

    queue_length = max(1, min(queue_length, events))
    env = simpy.Environment()
    delays = iter(np.random.default_rng(BARE_LOOP_SEED).exponential(30.0, events).tolist())
    left = [events - queue_length]

    def refill(_event: simpy.Event) -> None:
        if left[0] > 0:
            left[0] -= 1
            env.timeout(next(delays)).callbacks.append(refill)

    for _ in range(queue_length):
        env.timeout(next(delays)).callbacks.append(refill)
    started = time.perf_counter()
    env.run()
    wall = time.perf_counter() - started
    return {"events": events, "queue_length": queue_length, "wall_seconds": wall}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "time": child_time,
    "tracemalloc": child_tracemalloc,
    "events": child_events,
    "bare": child_bare,
}


def in_child(kind: str, *arguments: float) -> dict[str, Any]:
    """Run one measurement in a fresh Python process; return what it printed (JSON)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    command += [repr(argument) for argument in arguments]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{kind} {arguments} failed:\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


# ---- the benchmark -------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def log_log_slope(sizes: list[float], values: list[float]) -> float:
    """Least-squares slope of log(value) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(value) for value in values]
    x_mean, y_mean = sum(xs) / len(xs), sum(ys) / len(ys)
    numerator = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    return numerator / sum((x - x_mean) ** 2 for x in xs)


def tables_differ(left: Any, right: Any) -> str | None:
    """None when two tables are exactly equal, else the first line of the difference."""
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(left, right, check_exact=True)
    except AssertionError as error:
        return str(error).strip().splitlines()[0]
    return None


def sources_digest() -> str:
    """SHA-256 of the model's sources and data: a change during the run mixes two versions."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "sim").rglob("*.py"), *(ROOT / "data").rglob("*")]):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def environment() -> dict[str, Any]:
    """CPU count, platform and package versions of this run."""
    packages = {}
    for name in ("eldercare-sim", "simpy", "numpy", "pandas", "scipy", "pydantic", "dask",
                 "distributed"):  # fmt: skip
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "packages": packages,
        # Other work on the machine slows every number down; this records how much there was.
        "load_average_1_5_15_min_at_start": list(os.getloadavg()),
    }


def say(text: str) -> None:
    print(text, flush=True)


def run_benchmark(
    replications: int,
    scales: tuple[float, ...] = SCALES,
    parts: tuple[str, ...] = ("core", "planning"),
) -> dict[str, Any]:
    """Every measurement of the chosen parts; returns the results document."""
    import pandas as pd

    from sim.experiments.runner import run_scenarios

    results: dict[str, Any] = {
        "started_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scenario": str(SCENARIO_FILE.relative_to(ROOT)),
        "environment": environment(),
        "sources_sha256_at_start": sources_digest(),
    }

    if "core" not in parts:
        return _planning_parts(results)
    say("1. one replication of plan-2025 (fresh processes: timing, tracemalloc, event count)")
    single = in_child("time", 1.0)
    single.update(in_child("tracemalloc", 1.0))
    single.update({f"counted_{k}": v for k, v in in_child("events", 1.0).items()})
    single["events"] = single.pop("counted_events")
    results["single_replication"] = single
    say(f"   {single['wall_seconds']:.2f} s, {single['events']:,} events, "
        f"max RSS {single['max_rss_mb']:.0f} MB")  # fmt: skip

    say("2. bare SimPy loop with the same events and the model's mean queue length")
    queue_length = round(single["counted_queue_mean"])
    bare = in_child("bare", single["events"], queue_length)
    bare["events_per_second"] = bare["events"] / bare["wall_seconds"]
    model_rate_simpy = single["events"] / single["stages_seconds"]["simpy_run"]
    model_rate_whole = single["events"] / single["wall_seconds"]
    bare["model_events_per_second_in_simpy_run"] = model_rate_simpy
    bare["model_events_per_second_whole_replication"] = model_rate_whole
    bare["share_of_bare_in_simpy_run"] = model_rate_simpy / bare["events_per_second"]
    bare["share_of_bare_whole_replication"] = model_rate_whole / bare["events_per_second"]
    results["bare_loop"] = bare
    say(f"   bare {bare['events_per_second']:,.0f} events/s; model "
        f"{model_rate_simpy:,.0f} events/s in env.run")  # fmt: skip

    # Scaling runs first, while this process is small: Linux children inherit its ru_maxrss.
    say("4. scaling: population_scale " + ", ".join(f"{s:g}" for s in scales))
    scaling = []
    for scale in scales:
        row = {"scale": scale, **in_child("time", scale), **in_child("tracemalloc", scale)}
        scaling.append(row)
        say(f"   x{scale:g}: {row['wall_seconds']:.2f} s, tracemalloc peak "
            f"{row['tracemalloc_peak_mb']:.0f} MB, max RSS {row['max_rss_mb']:.0f} MB")  # fmt: skip
    sizes = [row["scale"] for row in scaling]
    # Ratios of the largest to the smallest scale (x10 to x1 with the default scales).
    first, last = scaling[0], scaling[-1]
    results["scaling"] = {
        "runs": scaling,
        "time_exponent": log_log_slope(sizes, [row["wall_seconds"] for row in scaling]),
        "tracemalloc_exponent": log_log_slope(
            sizes, [row["tracemalloc_peak_mb"] for row in scaling]
        ),
        "time_ratio_x10": last["wall_seconds"] / first["wall_seconds"],
        "tracemalloc_ratio_x10": last["tracemalloc_peak_mb"] / first["tracemalloc_peak_mb"],
        "max_rss_ratio_x10": last["max_rss_mb"] / first["max_rss_mb"],
        # The interpreter, libraries and data take the same memory at any scale.
        "max_rss_growth_ratio_x10": _ratio(
            last["max_rss_mb"] - last["max_rss_before_replication_mb"],
            first["max_rss_mb"] - first["max_rss_before_replication_mb"],
        ),
    }

    say(f"3. {replications} replications with 1 and {BACKEND_JOBS} worker processes")
    scenario = scaled_scenario(1.0)
    walls: dict[int, float] = {}
    tables: dict[int, pd.DataFrame] = {}
    for jobs in (1, BACKEND_JOBS):
        started = time.perf_counter()
        tables[jobs] = run_scenarios([scenario], replications=replications, jobs=jobs)
        walls[jobs] = time.perf_counter() - started
        say(f"   jobs={jobs}: {walls[jobs]:.1f} s")
    results["parallel"] = {
        "replications": replications,
        "wall_seconds_by_jobs": {str(jobs): wall for jobs, wall in walls.items()},
        "speedup": walls[1] / walls[BACKEND_JOBS],
        "identical_tables": tables_differ(tables[1], tables[BACKEND_JOBS]) is None,
    }

    say(f"5. {replications} replications on a Dask LocalCluster of {BACKEND_JOBS} workers")
    started = time.perf_counter()
    dask_table = run_scenarios(
        [scenario], replications=replications, jobs=BACKEND_JOBS, backend="dask"
    )
    dask_wall = time.perf_counter() - started
    difference = tables_differ(tables[BACKEND_JOBS], dask_table)
    identical = difference is None
    results["dask"] = {
        "workers": BACKEND_JOBS,
        "wall_seconds": dask_wall,
        "identical_to_processes": identical,
        "difference": difference or "",
    }
    say(f"   {dask_wall:.1f} s, identical to processes: {identical}")
    if "planning" in parts:
        return _planning_parts(results)
    return _finished(results)


def _planning_parts(results: dict[str, Any]) -> dict[str, Any]:
    """Parts 6-8: commands, the standard sensitivity study, the optimiser."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import planning

    say("6. commands: start-up, one replication with charts, Word reports")
    results["commands"] = planning.commands()
    say("   " + ", ".join(f"{k} {v:.2f}" for k, v in results["commands"].items()
                          if k.endswith("seconds")))  # fmt: skip
    say("7. the standard global sensitivity study of the seven 2026-2030 scenarios")
    results["sensitivity_study"] = planning.sensitivity_study()
    say(f"   {results['sensitivity_study']['seconds']:.0f} s")
    say("8. sim optimise scenarios/15th/goals-2030.yaml, and the hand-written scenarios")
    results["optimiser"] = planning.optimiser()
    say(f"   {results['optimiser']['seconds']:.0f} s, cost ratio "
        f"{results['optimiser']['cost_ratio_to_reference']:.2f}")  # fmt: skip
    import places

    say("9. places: one replication by the 19 townships against the district as one pool")
    results["places"] = places.cost_of_places()
    say(f"   {results['places']['by_township']['replication_seconds']:.2f} s by township, "
        f"{results['places']['pooled']['replication_seconds']:.2f} s pooled")  # fmt: skip
    import placement

    say("10. placement: the covering and bed programs of goals-2030-townships.yaml (HiGHS)")
    results["placement"] = placement.time_placement()
    say(f"   centres {results['placement']['centres_seconds']:.3f} s, mip_gap "
        f"{results['placement']['centres_mip_gap']:g}")  # fmt: skip
    return _finished(results)


def _finished(results: dict[str, Any]) -> dict[str, Any]:
    results["environment"]["load_average_1_5_15_min_at_end"] = list(os.getloadavg())
    results["sources_changed_during_run"] = sources_digest() != results["sources_sha256_at_start"]
    results["targets"] = targets_met(results)
    return results


def targets_met(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target: the measured value, the limit and whether it is met."""
    checks: list[tuple[str, float, str, str]] = []
    if "single_replication" in results:
        checks += _core_checks(results)
    if "commands" in results:
        commands, optimiser = results["commands"], results["optimiser"]
        checks += [
            ("sim --help, seconds", commands["help_seconds"], "<=", "help_seconds_max"),
            ("sim validate, seconds", commands["validate_seconds"], "<=", "validate_seconds_max"),
            ("one scenario, one replication, charts, seconds",
             commands["one_scenario_one_replication_with_charts_seconds"], "<=",
             "one_run_with_charts_seconds_max"),
            ("sim report docx (7 scenarios), seconds",
             commands["report_docx_seven_scenarios_seconds"], "<=", "report_seconds_max"),
            ("sim optimise, seconds", optimiser["seconds"], "<=", "optimise_seconds_max"),
            ("optimised plan verified (P >= required - 0.05)",
             float(optimiser["verified_within_0_05"]), ">=", "optimise_verified_min"),
            ("independent sim run of the plan (P >= required - 0.05)",
             float(optimiser["independent_run"]["within_0_05"]), ">=", "optimise_verified_min"),
            ("optimised cost / cheapest hand-written meeting the goals",
             optimiser["cost_ratio_to_reference"], "<=", "optimise_cost_ratio_max"),
            ("optimiser cost prediction error", optimiser["cost_prediction_error"], "<=",
             "optimise_cost_error_max"),
        ]  # fmt: skip
        if optimiser.get("cost_ratio_to_reference_bound") is not None:
            # No scaled scenario met the goals: the ratio to the least cost one could have.
            checks.append(("optimised cost / lower bound of a scaled scenario meeting them",
                           optimiser["cost_ratio_to_reference_bound"], "<=",
                           "optimise_cost_ratio_max"))  # fmt: skip
    if "places" in results:
        by_township = results["places"]["by_township"]
        checks += [
            ("one replication by 19 townships, seconds", by_township["replication_seconds"],
             "<=", "township_replication_seconds_max"),
            ("one replication by 19 townships, max RSS MB", by_township["max_rss_mb"], "<=",
             "township_memory_mb_max"),
        ]  # fmt: skip
    met = {}
    for name, value, sign, target in checks:
        limit = TARGETS[target]
        met[name] = {
            "value": value,
            "limit": f"{sign} {limit:g}",
            "met": value <= limit if sign == "<=" else value >= limit,
        }
    return met


def _core_checks(results: dict[str, Any]) -> list[tuple[str, float, str, str]]:
    single, scaling = results["single_replication"], results["scaling"]
    share = results["bare_loop"]["share_of_bare_in_simpy_run"]
    return [
        ("one replication, seconds", single["wall_seconds"], "<=", "replication_seconds_max"),
        ("one replication, max RSS MB", single["max_rss_mb"], "<=", "replication_memory_mb_max"),
        ("model/bare events per second", share, ">=", "events_per_second_share_of_bare_min"),
        ("x10 population, time ratio", scaling["time_ratio_x10"], "<=", "time_ratio_x10_max"),
        ("x10 population, tracemalloc ratio", scaling["tracemalloc_ratio_x10"], "<=",
         "memory_ratio_x10_max"),
        ("x10 population, max RSS ratio", scaling["max_rss_ratio_x10"], "<=",
         "memory_ratio_x10_max"),
        (f"speed-up, {BACKEND_JOBS} jobs vs 1", results["parallel"]["speedup"], ">=",
         "speedup_2_jobs_min"),
    ]  # fmt: skip


def print_table(results: dict[str, Any]) -> None:
    """The results as a plain-text table."""
    if "single_replication" in results:
        _print_core(results)
    if "commands" in results:
        commands, study, optimiser = (
            results["commands"],
            results["sensitivity_study"],
            results["optimiser"],
        )
        say("")
        say("Commands (median of {repeats})".format(repeats=commands["repeats"]))
        for key, value in commands.items():
            if key.endswith("seconds"):
                say(f"  {key:<55} {value:6.2f} s")
        say(f"Standard sensitivity study ({study['options']}): {study['seconds']:.0f} s")
        say(f"sim optimise: {optimiser['seconds']:.0f} s, exit code {optimiser['exit_code']}")
        say(f"  verified cost {optimiser['verified_cost_yuan'] / 1e8:.3f} x 100m yuan, predicted "
            f"{optimiser['predicted_cost_yuan'] / 1e8:.3f} "
            f"(error {optimiser['cost_prediction_error']:.1%})")  # fmt: skip
        reference = optimiser["reference"]
        say(f"  reference: {reference['scenario']} scaled by {reference['scaled_by']}, "
            f"cost ratio {optimiser['cost_ratio_to_reference']:.2f}")  # fmt: skip
        for goal, p_met in optimiser["verified_p_met"].items():
            error = optimiser["surrogate_relative_error"][goal]
            required = optimiser["required_probability"][goal]
            independent = optimiser["independent_run"]["p_met"][goal]
            say(f"  {goal:<34} P(met) {p_met:.0%}, independent run {independent:.0%} "
                f"(required {required:.0%}); surrogate error {error:.0%}")  # fmt: skip
    say("")
    say("Targets")
    say("-" * 100)
    for name, check in results["targets"].items():
        mark = "met" if check["met"] else "MISSED"
        say(f"{name:<55}  {check['value']:>10.2f}  {check['limit']:<8}  {mark}")


def _print_core(results: dict[str, Any]) -> None:
    env, packages = results["environment"], results["environment"]["packages"]
    single, bare = results["single_replication"], results["bare_loop"]
    parallel, scaling, dask = results["parallel"], results["scaling"], results["dask"]
    stages = single["stages_seconds"]
    load = env["load_average_1_5_15_min_at_start"][0], env["load_average_1_5_15_min_at_end"][0]
    rss, rss_before = single["max_rss_mb"], single["max_rss_before_replication_mb"]
    in_run, whole = (
        bare["model_events_per_second_in_simpy_run"],
        bare["model_events_per_second_whole_replication"],
    )
    rows: list[tuple[str, str]] = [
        ("machine", f"{env['cpu_count']} CPUs ({env['cpus_usable']} usable), {env['platform']}"),
        ("load average (1 min) at start / end", f"{load[0]:.2f} / {load[1]:.2f}"),
        ("python / simpy / dask", f"{env['python']} / {packages['simpy']} / {packages['dask']}"),
        ("", ""),
        ("1 replication: wall time", f"{single['wall_seconds']:.2f} s"),
        ("  life courses", f"{stages.get('life_courses', 0):.2f} s"),
        ("  care inputs", f"{stages.get('care_inputs', 0):.2f} s"),
        ("  care system", f"{stages.get('care_system', 0):.2f} s"),
        ("    of it env.run", f"{stages.get('simpy_run', 0):.2f} s"),
        ("  home care and community channels", f"{stages.get('channels', 0):.2f} s"),
        ("  indicators", f"{stages.get('indicators', 0):.2f} s"),
        ("  SimPy events processed", f"{single['events']:,}"),
        ("  event queue length mean / max",
         f"{single['counted_queue_mean']:,.0f} / {single['counted_queue_max']:,}"),
        ("  tracemalloc peak", f"{single['tracemalloc_peak_mb']:.0f} MB"),
        ("  max RSS (before the replication)", f"{rss:.0f} MB ({rss_before:.0f} MB)"),
        ("  ru_maxrss", f"{single['ru_maxrss_mb']:.0f} MB"),
        ("", ""),
        ("bare loop: events/s",
         f"{bare['events_per_second']:,.0f} (queue {bare['queue_length']:,})"),
        ("model events/s in env.run",
         f"{in_run:,.0f} = {bare['share_of_bare_in_simpy_run']:.0%} of bare"),
        ("model events/s, whole replication",
         f"{whole:,.0f} = {bare['share_of_bare_whole_replication']:.0%} of bare"),
        ("", ""),
    ]  # fmt: skip
    for jobs, wall in parallel["wall_seconds_by_jobs"].items():
        per = wall / parallel["replications"]
        rows.append(
            (
                f"{parallel['replications']} replications, jobs={jobs}",
                f"{wall:.1f} s ({per:.2f} s each)",
            )
        )
    rows.append((f"speed-up jobs={BACKEND_JOBS} vs 1", f"{parallel['speedup']:.2f}x"))
    rows.append(
        (f"jobs=1 and jobs={BACKEND_JOBS} tables identical", str(parallel["identical_tables"]))
    )
    rows.append((
        f"Dask LocalCluster, {dask['workers']} workers",
        f"{dask['wall_seconds']:.1f} s, identical tables: {dask['identical_to_processes']}",
    ))  # fmt: skip
    rows.append(("", ""))
    for run in scaling["runs"]:
        rows.append((
            f"population x{run['scale']:g}",
            f"{run['wall_seconds']:.2f} s, tracemalloc peak {run['tracemalloc_peak_mb']:.0f} MB,"
            f" max RSS {run['max_rss_mb']:.0f} MB",
        ))  # fmt: skip
    rows.append((
        "x10 / x1: time, tracemalloc, max RSS",
        f"{scaling['time_ratio_x10']:.2f}x, {scaling['tracemalloc_ratio_x10']:.2f}x, "
        f"{scaling['max_rss_ratio_x10']:.2f}x",
    ))  # fmt: skip
    rows.append(
        ("  max RSS above the interpreter's", f"{scaling['max_rss_growth_ratio_x10']:.2f}x")
    )
    rows.append((
        "log-log slope: time, tracemalloc",
        f"{scaling['time_exponent']:.2f}, {scaling['tracemalloc_exponent']:.2f}",
    ))  # fmt: skip
    width = max(len(name) for name, _ in rows)
    say("")
    say("=" * 100)
    say(f"Benchmark of {results['scenario']}  ({results['started_utc']})")
    say("=" * 100)
    for name, value in rows:
        say(f"{name:<{width}}  {value}" if name else "")
    if results["sources_changed_during_run"]:
        say("WARNING: sim/ or data/ changed during the run; the numbers mix two versions.")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with --child, one measurement); returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=30, help="for parts 3 and 5")
    parser.add_argument(
        "--scales", default=",".join(f"{s:g}" for s in SCALES), help="population scales of part 4"
    )
    parser.add_argument("--out", type=Path, default=RESULTS_FILE, help="results JSON file")
    parser.add_argument("--parts", default="core,planning",
                        help="core (parts 1-5), planning (parts 6-8), or both")  # fmt: skip
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *arguments = args.child
        numbers = [float(argument) for argument in arguments]
        if kind in ("bare",):
            numbers = [int(number) for number in numbers]
        print(json.dumps(CHILDREN[kind](*numbers)))
        return 0
    started = time.perf_counter()
    scales = tuple(float(scale) for scale in args.scales.split(","))
    parts = tuple(part.strip() for part in args.parts.split(","))
    results = run_benchmark(args.replications, scales, parts)
    results["benchmark_seconds"] = time.perf_counter() - started
    results["command"] = "make bench  (= .venv/bin/python benchmarks/bench.py)"
    print_table(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say(f"\nresults: {args.out}  (benchmark took {results['benchmark_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
