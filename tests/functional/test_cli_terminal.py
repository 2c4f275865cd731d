"""What `sim` prints: one line and exit code 2 for a flag the schema would refuse, and
progress of a sensitivity study on stderr unless --quiet."""

from __future__ import annotations

import subprocess
import sys
import time

import pandas as pd
import pytest
import yaml
from conftest import ROOT, SCENARIOS

from sim.cli import _parser, main
from sim.config.scenario import Scenario
from sim.experiments import global_sensitivity


def _sim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)  # fmt: skip


@pytest.mark.parametrize(
    "flag", [("--seed", "99999999999999999999"), ("--replications", "1000000000")]
)
def test_a_flag_beyond_the_schema_is_one_line_and_exit_code_2(tmp_path, flag) -> None:
    out = tmp_path / "never"
    result = _sim("run", str(SCENARIOS / "baseline.yaml"), *flag, "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and flag[0] in lines[0], result.stderr
    assert result.stdout == "" and not out.exists()


def _bound(field: str, side: str) -> int:
    (value,) = [getattr(c, side) for c in Scenario.model_fields[field].metadata if hasattr(c, side)]
    return int(value)


@pytest.mark.parametrize("field", ["seed", "replications"])
def test_the_flags_take_exactly_the_schemas_range(field, capsys) -> None:
    parser = _parser()
    for command in ("run", "compare"):
        for value in (_bound(field, "ge"), _bound(field, "le")):
            args = parser.parse_args([command, "a.yaml", "b.yaml", f"--{field}", str(value)])
            assert getattr(args, field) == value
        for value in (_bound(field, "ge") - 1, _bound(field, "le") + 1):
            with pytest.raises(SystemExit) as stop:
                parser.parse_args([command, "a.yaml", f"--{field}", str(value)])
            assert stop.value.code == 2
    assert capsys.readouterr().err.count("error:") == 4


@pytest.mark.parametrize(
    "flag",
    [("--population-scale", "0.001"), ("--population-scale", "nan"), ("--samples", "48"),
     ("--samples", str(2 * global_sensitivity.MAX_SOBOL_SAMPLES)),
     ("--trajectories", str(global_sensitivity.MAX_TRAJECTORIES + 1)), ("--jobs", "100000")],
)  # fmt: skip
def test_the_study_flags_refuse_what_the_study_cannot_take(flag, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        _parser().parse_args(["sensitivity", "a.yaml", *flag])
    assert stop.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def _short_scenarios(folder) -> list[str]:
    """Two scenarios of two years each, so that a study of the smallest sizes is quick."""
    first = folder / "short-a.yaml"
    first.write_text(yaml.safe_dump({
        "extends": str(SCENARIOS / "15th" / "no-new-investment.yaml"), "name": "short-a",
        "end_year": 2026,
    }), encoding="utf-8")  # fmt: skip
    second = folder / "short-b.yaml"
    second.write_text(yaml.safe_dump({
        "extends": "short-a.yaml", "name": "short-b",
        "supply": {"caregivers": {"hire_per_year": 400}},
    }), encoding="utf-8")  # fmt: skip
    return [str(first), str(second)]


SMALLEST_STUDY = ("--population-scale", "0.01", "--trajectories", "1", "--samples", "1",
                  "--top", "1", "--decision-replications", "1", "--jobs", "1", "--no-charts",
                  "--lang", "en")  # fmt: skip


def test_a_sensitivity_study_prints_its_steps_and_counts(tmp_path) -> None:
    started = time.perf_counter()
    result = _sim("sensitivity", *_short_scenarios(tmp_path), *SMALLEST_STUDY,
                  "--out", str(tmp_path / "study"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("sim sensitivity:")]
    for step in ("Morris screening", "Sobol indices", "decision check"):
        counts = [line for line in lines if line.startswith(f"sim sensitivity: {step}: ")
                  and line.endswith("runs done")]  # fmt: skip
        assert 1 <= len(counts) <= 11, (step, lines)
        total = counts[-1].rsplit("/", 1)[1].split()[0]
        assert counts[-1].endswith(f"{total}/{total} runs done")
    assert "What to measure first" in result.stdout
    assert time.perf_counter() - started < 60


def _fake_study(calls: list):
    """A stand-in for run_study that reports progress through what it is given."""

    def run_study(scenarios, *, progress=None, step=None, **_options):
        calls.append((progress, step))
        if step is not None and progress is not None:
            step("Morris screening: 3 inputs, 4 runs")
            for done in range(1, 5):
                progress(done, 4)
        empty = pd.DataFrame()
        return global_sensitivity.Study(empty, empty, empty, {"kind": "sensitivity"})

    return run_study


@pytest.mark.parametrize("quiet", [False, True])
def test_quiet_silences_a_studys_progress(tmp_path, monkeypatch, capsys, quiet) -> None:
    calls: list = []
    monkeypatch.setattr(global_sensitivity, "run_study", _fake_study(calls))
    args = ["sensitivity", *_short_scenarios(tmp_path), *SMALLEST_STUDY,
            "--out", str(tmp_path / "study")]  # fmt: skip
    assert main([*args, "--quiet"] if quiet else args) == 0
    printed = capsys.readouterr()
    if quiet:
        assert calls == [(None, None)] and printed.err == "" and printed.out == ""
    else:
        lines = printed.err.splitlines()
        assert lines[0] == "sim sensitivity: Morris screening: 3 inputs, 4 runs"
        assert lines[-1] == "sim sensitivity: Morris screening: 4/4 runs done"
