"""`sim run` end to end on a small replication count, and the run folder it writes."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from conftest import ROOT, scenario_file

from sim.cli import main
from sim.experiments.folders import read_run
from sim.experiments.record import FORMAT_VERSION
from sim.model.indicators import INDICATORS, PLACE_INDICATORS

#: What the folder holds does not depend on the district's size: the runs of its tests
#: are of a tenth of it (the printed table's test runs the whole district).
SCALE = 0.1


def _scaled(folder, name: str) -> str:
    """A shipped scenario (its name and seed) at a tenth of the district."""
    path = folder / f"{name}.yaml"
    document = {"extends": str(scenario_file(name)), "population_scale": SCALE}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    scenarios = tmp_path_factory.mktemp("scenarios")
    out = tmp_path_factory.mktemp("runs") / "pair"
    code = main([
        "run", _scaled(scenarios, "baseline"), _scaled(scenarios, "plan-2025"),
        "--replications", "2", "--jobs", "2", "--out", str(out), "--quiet",
    ])  # fmt: skip
    assert code == 0
    return out


def test_run_folder_holds_every_table(run_folder) -> None:
    results = read_run(run_folder)
    tidy = results.indicators
    assert list(tidy.columns) == ["scenario", "area", "replication", "year", "indicator", "value"]
    assert set(tidy["scenario"]) == {"baseline", "plan-2025"}
    # Every table names its area: the district, as the run record lists it.
    assert results.record.format_version == FORMAT_VERSION
    assert results.record.areas["huangyan"].kind == "district"
    assert results.record.scenario_areas == {"baseline": "huangyan", "plan-2025": "huangyan"}
    for table in (tidy, results.summary, results.targets):
        assert table.columns[1] == "area" and set(table["area"]) == {"huangyan"}
    assert set(tidy["replication"]) == {0, 1}
    # The 2021-2025 runs are of the district as one pool: no indicators of places.
    assert set(tidy["indicator"]) == set(INDICATORS) - set(PLACE_INDICATORS)
    assert tidy["year"].min() == 2020 and tidy["year"].max() == 2035
    summary = results.summary
    assert list(summary.columns) == [
        "scenario",
        "area",
        "year",
        "indicator",
        "mean",
        "ci_low",
        "ci_high",
        "pi_low",
        "pi_high",
        "n",
    ]
    assert (
        (summary["ci_low"] <= summary["mean"] + 1e-9)
        & (summary["mean"] <= summary["ci_high"] + 1e-9)
    ).all()
    assert len(results.targets) == 12


def test_summary_is_the_mean_of_the_replications(run_folder) -> None:
    results = read_run(run_folder)
    tidy, summary = results.indicators, results.summary
    means = tidy.groupby(["scenario", "year", "indicator"])["value"].mean()
    merged = summary.set_index(["scenario", "year", "indicator"])["mean"]
    pd.testing.assert_series_equal(
        merged.sort_index(), means.rename("mean").sort_index(), check_exact=False, rtol=1e-12
    )


def test_manifest_records_what_was_run(run_folder) -> None:
    manifest = json.loads((run_folder / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["scenarios"]) == {"baseline", "plan-2025"}
    assert manifest["seeds"] == {"baseline": 2020, "plan-2025": 2020}
    assert manifest["replications"] == {"baseline": 2, "plan-2025": 2}
    assert manifest["packages"]["simpy"]
    assert manifest["run_time_seconds"] > 0


def test_existing_folder_is_not_overwritten_without_force(run_folder, capsys) -> None:
    before = (run_folder / "indicators.parquet").read_bytes()
    code = main(["run", str(scenario_file("baseline")), "--replications", "1",
                 "--out", str(run_folder), "--no-charts"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and "--force" in err[0] and str(run_folder) in err[0]
    assert (run_folder / "indicators.parquet").read_bytes() == before


def test_force_replaces_the_folder(tmp_path, capsys) -> None:
    out = tmp_path / "again"
    args = ["run", _scaled(tmp_path, "baseline"), "--replications", "1", "--jobs", "1",
            "--out", str(out), "--quiet", "--no-charts"]  # fmt: skip
    assert main(args) == 0
    (out / "note.txt").write_text("mine")
    assert main([*args, "--force"]) == 0
    assert not (out / "note.txt").exists()
    assert read_run(out).indicators["replication"].max() == 0
    assert not list(tmp_path.glob(".again*"))


def test_printed_table_and_python_dash_m(tmp_path) -> None:
    # The whole district, to the plan's last target year (the table's last column).
    baseline = tmp_path / "baseline.yaml"
    document = {"extends": str(scenario_file("baseline")), "end_year": 2025}
    baseline.write_text(yaml.safe_dump(document), encoding="utf-8")
    out = tmp_path / "printed"
    result = subprocess.run(
        [sys.executable, "-m", "sim", "run", str(baseline),
         "--replications", "1", "--jobs", "1", "--out", str(out), "--lang", "en", "--no-charts"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Nursing-type bed share" in result.stdout
    assert "6,086" in result.stdout
    assert f"run folder: {out}" in result.stdout
    # Not a terminal: plain progress lines, no bar.
    assert "1/1 replications done" in result.stderr


def test_indicators_command_lists_every_indicator(capsys) -> None:
    assert main(["indicators"]) == 0
    header, *lines = capsys.readouterr().out.strip().splitlines()
    assert header.split("\t") == [
        "id", "unit", "name_en", "name_zh", "aggregation", "definition_en", "definition_zh",
    ]  # fmt: skip
    rows = [line.split("\t") for line in lines]
    assert [row[0] for row in rows] == list(INDICATORS)
    rules = dict((row[0], row[4]) for row in rows)
    assert rules["population_60plus"] == "sum"
    assert rules["nursing_bed_share"] == "ratio 100 × beds_nursing / beds_total"
    assert rules["p90_wait_days"] == "not aggregable"
    assert rules["beds_per_1000_older"] == "ratio 1000 × elderly_care_beds / population_60plus"
    definitions = {row[0]: row[5:] for row in rows}
    assert "养老机构床位" in definitions["beds_per_1000_older"][1]
    assert definitions["population_60plus"] == ["", ""]


def test_validate_reports_every_broken_file(tmp_path, capsys) -> None:
    missing = [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    code = main(["validate", str(scenario_file("baseline")), *missing])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert [line.split(":")[0] for line in lines] == missing


def test_calibrate_prints_model_against_source(capsys, monkeypatch) -> None:
    # Wide enough that no item name is broken, whatever width another test left.
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["calibrate", "--replications", "1"]) == 0
    out = capsys.readouterr().out
    for item in ("beds_total", "population_60plus", "prevalence_full_80", "share_in_institutions"):
        assert item in out


def test_dask_scheduler_needs_the_dask_backend(capsys) -> None:
    code = main(["run", str(scenario_file("baseline")), "--dask-scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--backend dask" in err[0]
