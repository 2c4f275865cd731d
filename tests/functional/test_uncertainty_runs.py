"""Runs that draw their uncertain inputs: paired draws across scenarios, the range of
outcomes beside the confidence interval, draws recorded, and studies of global sensitivity
(the same study on Dask: test_uncertainty_dask.py)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT

from sim.cli import main

FIFTEENTH = ROOT / "scenarios" / "15th"


def _small(tmp_path, name: str, **changes) -> str:
    path = tmp_path / f"{name}.yaml"
    # One pool: these check the study's tables, not places (tests/functional/
    # test_township_runs.py checks runs by township, on every backend).
    document = {"extends": str(FIFTEENTH / f"{name}.yaml"), "population_scale": 0.1,
                "places": "pooled", "end_year": 2031, **changes}  # fmt: skip
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("uncertain")
    files = [_small(tmp_path, n) for n in ("no-new-investment", "targets-2030")]
    out = tmp_path / "cmp"
    code = main(["compare", *files, "--replications", "6", "--out", str(out), "--quiet",
                 "--no-charts", "--uncertainty", "parameters"])  # fmt: skip
    assert code == 0
    certain = tmp_path / "certain"
    code = main(["compare", *files, "--replications", "6", "--out", str(certain), "--quiet",
                 "--no-charts", "--uncertainty", "none"])  # fmt: skip
    assert code == 0
    return out, certain


def test_replication_k_draws_the_same_inputs_in_every_scenario(compared) -> None:
    out, _ = compared
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    draws = manifest["draws"]
    first, second = draws["no-new-investment"], draws["targets-2030"]
    for name in ("caregiver_attrition_per_year", "mean_stay_before_discharge_days"):
        assert first["parameters"][name] == second["parameters"][name]
        assert len(set(first["parameters"][name])) == 6  # each replication its own draw
    assert first["figures"]["population_60plus"] == second["figures"]["population_60plus"]
    assert manifest["uncertainty"] == {
        "no-new-investment": "parameters",
        "targets-2030": "parameters",
    }
    # What the runs started from: replication k's base-year population is its recorded
    # draw (at a tenth of the district) in both scenarios, and differs between replications.
    tidy = pd.read_parquet(out / "indicators.parquet")
    started = tidy[(tidy["indicator"] == "population_60plus") & (tidy["year"] == 2025)]
    started = started.pivot(index="replication", columns="scenario", values="value")
    drawn = np.array(first["figures"]["population_60plus"]) * 0.1
    assert np.abs(started["no-new-investment"].to_numpy() - drawn).max() <= 1
    assert (started["no-new-investment"] == started["targets-2030"]).all()
    assert started["no-new-investment"].nunique() == 6


def test_the_summary_names_both_intervals(compared) -> None:
    out, certain = compared
    for folder in (out, certain):
        summary = pd.read_csv(folder / "summary.csv")
        assert {"ci_low", "ci_high", "pi_low", "pi_high"} <= set(summary.columns)
        ok = summary.dropna(subset=["pi_low", "pi_high"])
        assert (ok["pi_low"] <= ok["mean"] + 1e-9).all() and (
            ok["mean"] <= ok["pi_high"] + 1e-9
        ).all()
    # What we do not know widens the range of outcomes.
    drawn = pd.read_csv(out / "summary.csv").set_index(["scenario", "indicator", "year"])
    fixed = pd.read_csv(certain / "summary.csv").set_index(["scenario", "indicator", "year"])
    key = ("targets-2030", "certified_caregivers_per_10k", 2030)
    width = lambda table: table.loc[key, "pi_high"] - table.loc[key, "pi_low"]  # noqa: E731
    assert width(drawn) > 2 * width(fixed)


def test_a_sensitivity_study_writes_its_tables_and_chart(tmp_path, capsys) -> None:
    # At a hundredth of the district, to 2030: what is checked is what the study writes.
    files = [_small(tmp_path, n, end_year=2030) for n in ("no-new-investment", "targets-2030")]
    out = tmp_path / "sensitivity"
    code = main(["sensitivity", *files, "--trajectories", "2", "--samples", "4", "--top", "3",
                 "--decision-replications", "1", "--population-scale", "0.01", "--out", str(out),
                 "--quiet"])  # fmt: skip
    assert code == 0
    morris = pd.read_csv(out / "morris.csv")
    sobol = pd.read_csv(out / "sobol.csv")
    ranking = pd.read_csv(out / "measure_first.csv")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    inputs = {item["name"] for item in manifest["inputs"]}
    assert len(inputs) >= 60 and "population_60plus" in inputs  # parameters and 2025 estimates
    assert set(morris["input"]) == inputs
    assert set(morris["output"]) == {"waiting_list", "unmet_bed_demand", "home_care_need_met",
                                     "certified_caregivers_per_10k", "cost_public"}  # fmt: skip
    assert 1 <= len(manifest["screened"]) <= 3
    assert set(sobol["input"]) == set(manifest["screened"]) == set(ranking["input"])
    assert list(ranking["rank"]) == list(range(1, len(ranking) + 1))
    assert ranking["p_change"].between(0, 1).all()
    # Each output names its years: the cost sums 2026-2030, the others are read in 2030.
    named = ranking.rename(columns={"output_most_explained": "output",
                                    "output_first_year": "first_year",
                                    "output_last_year": "last_year"})  # fmt: skip
    for table in (morris, sobol, named):
        cost = table[table["output"] == "cost_public"]
        others = table.drop(cost.index)
        assert set(cost["first_year"]) <= {2026} and set(cost["last_year"]) <= {2030}
        assert set(others["first_year"]) == set(others["last_year"]) == {2030}
    assert {(o["indicator"], o["first_year"], o["last_year"]) for o in manifest["outputs"]} == {
        ("waiting_list", 2030, 2030), ("unmet_bed_demand", 2030, 2030),
        ("home_care_need_met", 2030, 2030), ("certified_caregivers_per_10k", 2030, 2030),
        ("cost_public", 2026, 2030)}  # fmt: skip
    assert (out / "charts" / "sensitivity.png").is_file()
