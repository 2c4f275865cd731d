"""Scenario comparison: paired differences, common random numbers, costs, `sim compare`."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import scenario_file, variant
from scipy import stats

from sim.cli import main
from sim.experiments.compare import cost_effectiveness, paired_differences, unpaired_difference_ci
from sim.experiments.folders import read_run, write_tables
from sim.experiments.record import Area, RunRecord, with_area
from sim.experiments.runner import run_scenarios, summarise, target_attainment

REPLICATIONS = 5
SCALE = 0.1


@pytest.fixture(scope="module")
def pair():
    """Baseline and plan-2025 at a tenth of the district, same seed (common random numbers)."""
    scenarios = [variant(name, population_scale=SCALE) for name in ("baseline", "plan-2025")]
    tidy = run_scenarios(scenarios, replications=REPLICATIONS, jobs=2)
    return scenarios, tidy


def _widths(table: pd.DataFrame) -> pd.Series:
    return (table["ci_high"] - table["ci_low"]).rename("width")


def test_paired_difference_is_the_mean_of_per_replication_differences(pair) -> None:
    _, tidy = pair
    differences = paired_differences(tidy, "baseline")
    assert list(differences.columns) == [
        "scenario", "year", "indicator", "mean_difference", "ci_low", "ci_high", "n",
    ]  # fmt: skip
    assert set(differences["scenario"]) == {"plan-2025"}
    for indicator, year in (("waiting_list", 2035), ("cost_total", 2025), ("residents", 2030)):
        values = tidy[(tidy["indicator"] == indicator) & (tidy["year"] == year)]
        by_scenario = values.pivot(index="replication", columns="scenario", values="value")
        per_replication = by_scenario["plan-2025"] - by_scenario["baseline"]
        row = differences[
            (differences["indicator"] == indicator) & (differences["year"] == year)
        ].iloc[0]
        assert row["mean_difference"] == pytest.approx(per_replication.mean(), rel=1e-12)
        assert row["n"] == REPLICATIONS
        half = stats.t.ppf(0.975, REPLICATIONS - 1) * per_replication.std() / np.sqrt(REPLICATIONS)
        assert row["ci_low"] == pytest.approx(per_replication.mean() - half, rel=1e-9, abs=1e-9)
        assert row["ci_high"] == pytest.approx(per_replication.mean() + half, rel=1e-9, abs=1e-9)


def test_difference_of_a_scenario_with_itself_is_exactly_zero(pair) -> None:
    _, tidy = pair
    baseline = tidy[tidy["scenario"] == "baseline"]
    copy = baseline.assign(scenario="copy")
    differences = paired_differences(pd.concat([baseline, copy]), "baseline")
    assert (differences["mean_difference"] == 0).all()
    assert (differences["ci_low"] == 0).all() and (differences["ci_high"] == 0).all()


def test_confidence_intervals_shrink_with_more_replications() -> None:
    # Synthetic replications with a known spread: 4 against 40 replications.
    generator = np.random.default_rng(7)
    rows = []
    for replication in range(40):
        common = generator.normal(0, 10, size=3)  # shared by both scenarios, like CRN
        for scenario, shift in (("a", 0.0), ("b", 5.0)):
            noise = generator.normal(0, 1, size=3)
            for year, value in zip((2021, 2022, 2023), 100 + shift + common + noise, strict=True):
                rows.append((scenario, replication, year, "residents", value))
    tidy = pd.DataFrame(rows, columns=["scenario", "replication", "year", "indicator", "value"])
    few = tidy[tidy["replication"] < 4]
    for function in (paired_differences, unpaired_difference_ci):
        narrow, wide = _widths(function(tidy, "a")), _widths(function(few, "a"))
        assert (narrow < wide).all()
        # And the interval of the difference covers the true difference of 5.
        table = function(tidy, "a")
        assert ((table["ci_low"] < 5) & (table["ci_high"] > 5)).all()
    assert (
        _widths(paired_differences(tidy, "a")) < _widths(unpaired_difference_ci(tidy, "a"))
    ).all()


@pytest.mark.parametrize("indicator", ["cost_total", "caregivers", "community_granted"])
def test_common_random_numbers_make_the_paired_interval_narrower(pair, indicator) -> None:
    """On the shipped scenarios, pairing by replication beats independent samples in most years."""
    _, tidy = pair
    keys = ["scenario", "year", "indicator"]
    paired = paired_differences(tidy, "baseline").set_index(keys)
    unpaired = unpaired_difference_ci(tidy, "baseline").set_index(keys)
    both = pd.DataFrame({"paired": _widths(paired), "unpaired": _widths(unpaired)})
    both = both.xs(indicator, level="indicator").dropna()
    both = both[both["unpaired"] > 0]  # years where the indicator varies at all
    assert len(both) >= 12, "the indicator varies in most simulated years"
    narrower = (both["paired"] < both["unpaired"]).mean()
    assert narrower >= 0.8, both
    assert (both["paired"] / both["unpaired"]).median() < 0.9


def test_cost_per_extra_person_served(pair) -> None:
    _, tidy = pair
    costs = cost_effectiveness(tidy, "baseline").set_index("scenario")
    assert list(costs.index) == ["baseline", "plan-2025"]
    window = tidy[tidy["year"] >= 2021]
    totals = window.pivot_table(
        index=["scenario", "replication"], columns="indicator", values="value", aggfunc="sum"
    )
    cost = totals["cost_total"].unstack("scenario")
    served = (totals["admissions"] + totals["community_granted"]).unstack("scenario")
    extra_cost = (cost["plan-2025"] - cost["baseline"]).mean()
    extra_served = (served["plan-2025"] - served["baseline"]).mean()
    plan = costs.loc["plan-2025"]
    assert plan["total_cost_yuan"] == pytest.approx(cost["plan-2025"].mean())
    assert plan["extra_cost_yuan"] == pytest.approx(extra_cost)
    assert plan["extra_served"] == pytest.approx(extra_served)
    assert extra_cost > 0 and extra_served > 0
    assert plan["cost_per_extra_person_yuan"] == pytest.approx(extra_cost / extra_served)
    assert plan["first_year"] == 2021 and plan["last_year"] == 2035
    baseline = costs.loc["baseline"]
    assert baseline["extra_cost_yuan"] == 0 and np.isnan(baseline["cost_per_extra_person_yuan"])


def _small_yaml(tmp_path, name: str, **changes) -> str:
    document = {
        "extends": str(scenario_file(name)), "name": name, "population_scale": 0.1,
        "replications": 2, **changes,
    }  # fmt: skip
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return str(path)


def test_sim_compare_runs_scenario_files_with_one_seed(tmp_path, capsys) -> None:
    baseline = _small_yaml(tmp_path, "baseline")
    # A different seed in the second file: compare overrides it with the first's.
    plan = _small_yaml(tmp_path, "plan-2025", seed=99, replications=7)
    out = tmp_path / "cmp"
    code = main(["compare", baseline, plan, "--out", str(out), "--jobs", "1", "--no-charts",
                 "--quiet"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    names = {p.name for p in out.iterdir()}
    assert {"differences.csv", "summary.csv", "targets.csv", "costs.csv", "indicators.parquet",
            "manifest.json"} <= names  # fmt: skip
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seeds"] == {"baseline": 2020, "plan-2025": 2020}
    assert manifest["replications"] == {"baseline": 2, "plan-2025": 2}
    assert manifest["common_random_numbers"] is True
    assert manifest["reference"] == "baseline"
    results = read_run(out)  # a comparison folder is also a run folder
    differences = pd.read_csv(out / "differences.csv")
    pd.testing.assert_frame_equal(
        differences, paired_differences(results.indicators, "baseline"), check_dtype=False
    )
    # Same seed: the life courses are shared, so the 60+ population differs by exactly 0.
    population = differences[differences["indicator"] == "population_60plus"]
    assert (population["mean_difference"] == 0).all()
    assert not list(tmp_path.glob(".cmp*"))

    # An existing folder is kept without --force: one line, exit code 2.
    code = main(["compare", baseline, plan, "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--force" in err[0]


def test_sim_compare_reads_existing_run_folders(pair, tmp_path, capsys) -> None:
    scenarios, tidy = pair
    folders = []
    for scenario in scenarios:
        own = tidy[tidy["scenario"] == scenario.name].reset_index(drop=True)
        folder = tmp_path / scenario.name
        write_tables(
            folder, own, summarise(own), target_attainment(own, [scenario]),
            RunRecord(scenarios={scenario.name: scenario.model_dump(mode="json")},
                      seeds={scenario.name: scenario.seed},
                      replications={scenario.name: REPLICATIONS},
                      areas={"huangyan": Area()},
                      scenario_areas={scenario.name: "huangyan"}),
        )  # fmt: skip
        folders.append(str(folder))
    out = tmp_path / "from-folders"
    assert main(["compare", *folders, "--out", str(out), "--lang", "en"]) == 0
    charts = {p.name for p in (out / "charts").iterdir()}
    assert {"waiting.png", "cost_outcome.png", "staff.png"} <= charts
    printed = capsys.readouterr().out
    assert "paired difference" in printed
    differences = pd.read_csv(out / "differences.csv")
    expected = paired_differences(with_area(tidy, {s.name: "huangyan" for s in scenarios}),
                                  "baseline")  # fmt: skip
    pd.testing.assert_frame_equal(differences, expected, check_dtype=False)
    costs = pd.read_csv(out / "costs.csv")
    assert list(costs["scenario"]) == ["baseline", "plan-2025"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_folders"] == folders


def test_sim_compare_rejects_bad_inputs(tmp_path, capsys) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    baseline = _small_yaml(tmp_path, "baseline")
    for args in (
        [baseline, str(folder)],  # a file and a folder
        [baseline],  # one scenario
        [str(folder), str(folder)],  # not run folders
    ):
        code = main(["compare", *args, "--out", str(tmp_path / "never"), "--quiet"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1, err
    assert not (tmp_path / "never").exists()
