"""Commands under faults: two runs aimed at one folder, an unusable --out, and a command
killed while its worker processes run (nothing may be left running)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import ROOT, SCENARIOS

from sim.cli import main
from sim.experiments.folders import read_run

SIM = [sys.executable, "-m", "sim"]
#: Seconds within which every process a killed command started must be gone.
WORKERS_GONE_SECONDS = 5


def _scenario(tmp_path, name, population_scale):
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'baseline.yaml'}\nname: {name}\n"
        f"population_scale: {population_scale}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def _sensitivity_imported():
    """Import the sensitivity study's libraries first: `sim sensitivity` imports them
    (SALib, SciPy: seconds on a loaded machine) before it checks its output, and what is
    timed here is the check, not the imports."""
    import sim.experiments.global_sensitivity  # noqa: F401


def test_two_runs_at_one_folder_one_writes_and_the_other_stops_at_once(tmp_path) -> None:
    scenario = _scenario(tmp_path, "small", 0.1)
    out = tmp_path / "runs" / "shared"
    commands = [
        [*SIM, "run", str(scenario), "--replications", "1", "--seed", str(seed),
         "--out", str(out), "--quiet", "--no-charts"]
        for seed in (11, 22)
    ]  # fmt: skip
    runs = [
        subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for command in commands
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    results = [(run.returncode, error) for run, error in zip(runs, errors, strict=True)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    winner = 11 if results[0][0] == 0 else 22
    error = next(text for code, text in results if code == 2)
    assert error.count("\n") == 1
    assert error.startswith(f"{out}: another run is writing this folder (pid ")
    assert read_run(out).manifest["seeds"] == {"small": winner}
    assert sorted(p.name for p in out.parent.iterdir()) == ["shared"]


@pytest.mark.parametrize("command", ["run", "sensitivity", "compare"])
@pytest.mark.usefixtures("_sensitivity_imported")
def test_an_output_under_a_file_stops_the_command_before_any_work(
    tmp_path, capsys, command
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    out = blocker / "out"
    scenarios = [str(SCENARIOS / "baseline.yaml"), str(SCENARIOS / "plan-2025.yaml")]
    started = time.perf_counter()
    code = main([command, *scenarios, "--out", str(out), "--quiet"])
    seconds = time.perf_counter() - started
    assert code == 2
    assert capsys.readouterr().err == f"{out}: {blocker} is not a folder\n"
    assert seconds < 2, seconds


def test_optimise_with_an_unusable_output_stops_before_the_search(tmp_path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    out = blocker / "deeper" / "out"
    goals = SCENARIOS / "15th" / "goals-2030.yaml"
    started = time.perf_counter()
    assert main(["optimise", str(goals), "--out", str(out), "--quiet"]) == 2
    assert time.perf_counter() - started < 2
    assert capsys.readouterr().err == f"{out}: {blocker} is not a folder\n"


def _descendants_once_working(process, count, timeout_seconds=60):
    """The processes below `process` once at least `count` exist (and the run goes on)."""
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before its workers were seen"
        found = parent.children(recursive=True)
        if len(found) >= count:
            time.sleep(0.5)  # let the workers take their first replications
            return parent.children(recursive=True)
        time.sleep(0.2)
    pytest.fail(f"fewer than {count} processes below the command after {timeout_seconds} s")


def _still_running(processes):
    alive = []
    for process in processes:
        try:
            if process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            continue
    return alive


#: (backend, processes below the command once both workers run): the processes backend
#: has a fork server and a resource tracker beside its two workers, Dask a tracker.
BACKENDS = [("processes", 4), ("dask", 3)]


#: How the command is ended, and the exit code it must end with: kill -9 gives it no
#: say; SIGTERM and SIGINT (Ctrl-C, here sent to the command alone) end it in order.
ENDINGS = {
    "kill-9": (signal.SIGKILL, -signal.SIGKILL),
    "sigterm": (signal.SIGTERM, 128 + signal.SIGTERM),
    "sigint": (signal.SIGINT, 130),
}


def _default_interrupt() -> None:
    """In the command: Ctrl-C as a terminal gives it. A test run in the background of a
    shell inherits SIGINT ignored, and Python then installs no KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


#: Each backend is killed outright (its workers' own watchdog ends them) and ended in order
#: one way; SIGTERM and SIGINT take the same path in the command, so one backend each.
CASES = [("processes", "kill-9"), ("processes", "sigterm"), ("dask", "kill-9"), ("dask", "sigint")]


@pytest.mark.parametrize(("backend", "ending"), CASES, ids=[f"{b}-{e}" for b, e in CASES])
def test_no_worker_outlives_a_killed_command(tmp_path, backend, ending) -> None:
    count = dict(BACKENDS)[backend]
    how, expected_code = ENDINGS[ending]
    scenario = _scenario(tmp_path, "full", 1)  # long replications: the kill lands mid-run
    out = tmp_path / "out"
    command = subprocess.Popen(
        [*SIM, "run", str(scenario), "--replications", "6", "--jobs", "2", "--backend",
         backend, "--out", str(out), "--quiet", "--no-charts"],
        cwd=ROOT, stderr=subprocess.DEVNULL, preexec_fn=_default_interrupt,
    )  # fmt: skip
    below = []
    try:
        below = _descendants_once_working(command, count)
        command.send_signal(how)
        code = command.wait(timeout=30)
        deadline = time.monotonic() + WORKERS_GONE_SECONDS
        while _still_running(below) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _still_running(below)
        assert not left, [" ".join(p.cmdline())[:120] for p in left]
        assert code == expected_code
        assert not out.exists()
        if how != signal.SIGKILL:  # an orderly exit: no lock file or staging folder left
            assert list(tmp_path.glob(".out*")) == []
    finally:
        for process in [psutil.Process(command.pid), *below] if command.poll() is None else below:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                continue
