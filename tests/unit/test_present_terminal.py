"""What `sim run` and `sim compare` print for the tiny run (tests/unit/tiny_run.py): the
indicators with their range of outcomes, the targets with P(met), the paired differences
and the cost table, with the numbers worked out by hand. (tests/unit/test_terminal.py
checks how the tables fit the terminal.)"""

from __future__ import annotations

import pytest
from tiny_run import REFERENCE, make_tiny_run

from sim.experiments.folders import RunResults
from sim.present import terminal
from sim.present.base_year import stated_base_year
from sim.present.labels import indicator_name, scenario_labels


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> RunResults:
    return make_tiny_run(tmp_path_factory.mktemp("terminal") / "run")


@pytest.fixture(autouse=True)
def wide_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")


def test_the_comparison_prints_paired_differences_and_costs(
    results: RunResults, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal.print_comparison(results, "en")
    printed = capsys.readouterr().out
    assert scenario_labels(results.manifest["scenarios"], "en")[REFERENCE] in printed
    # Meet the 2030 targets against the reference in 2030: 1,450 more beds; a share 17
    # points higher in each replication's pairing (16, 17, 18), t interval ±2.48.
    assert "+1,450" in printed
    assert "+17.0" in printed and "[+14.5, +19.5]" in printed
    assert "2026–2030" in printed  # the years the cost table sums
    # Total cost in 万元 and the cost per extra person served (yuan).
    for number in ("10,000", "25,000", "35,000", "150,000", "125,000"):
        assert number in printed, number


def test_the_run_prints_indicators_and_targets(
    results: RunResults, capsys: pytest.CaptureFixture[str]
) -> None:
    # As `sim run` prints them: the base year as the district pack states it.
    summary = stated_base_year(results.summary, results.manifest["base_state"])
    terminal.print_tables(summary, results.targets, results.manifest["scenarios"], "zh")
    printed = capsys.readouterr().out
    assert indicator_name("population_60plus", "zh") in printed
    assert "185,975" in printed and "190,000" not in printed
    # The range of outcomes of 199,900, 200,000 and 200,100.
    assert "199,905–200,095" in printed
    # The targets table: the mean and P(met) of each scenario (31.0 and 67% for the
    # certified care workers of the targets scenario).
    assert "31.0" in printed and "67%" in printed
    assert "≥ 73" in printed


def test_mean_and_range_cells() -> None:
    assert terminal.mean_and_range(200_000, 199_905, 200_095, "population_60plus") == (
        "200,000\n199,905–200,095"
    )
    assert terminal.mean_and_range(58.0, 58.0, 58.0, "nursing_bed_share") == "58.0"
    assert terminal.mean_and_range(50.0, float("nan"), 1.0, "gave_up") == "50"
