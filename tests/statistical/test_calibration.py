"""The population is calibrated to the plan: 186,000 aged 60+ (±1%) at about 30% (±1 point)
in 2025, from the pack's 2020 column; and `sim calibrate` reports the checks."""

from __future__ import annotations

import pytest
from conftest import shipped

from sim.config.pack_readers import load_pack
from sim.experiments.calibration import (
    calibrated_population,
    calibration_report,
    projected_population,
)
from sim.experiments.runner import run_scenarios, summarise

pytestmark = pytest.mark.slow


def _forecast(indicator: str) -> float:
    return load_pack("huangyan").forecasts[indicator]["values"]["2025"]


def test_mean_2025_population_is_within_one_percent_of_the_plan() -> None:
    population = projected_population(shipped("baseline"), 2025, replications=10)
    assert _forecast("population_60plus") == 186_000
    assert abs(population.mean() / 186_000 - 1) <= 0.01


def test_2025_population_and_share_from_the_full_model() -> None:
    tidy = run_scenarios([shipped("baseline")], replications=3)
    summary = summarise(tidy).set_index(["year", "indicator"])["mean"]
    assert abs(summary[(2025, "population_60plus")] / 186_000 - 1) <= 0.01
    assert abs(summary[(2025, "share_60plus")] - _forecast("share_60plus")) <= 1.0


def test_stored_calibration_is_a_fixed_point() -> None:
    # Recalibrating from the stored value would change it by well under 1%.
    stored = load_pack("huangyan").observed[2020]["population_60plus"]["value"]
    suggested, _ = calibrated_population(shipped("baseline"), 186_000, 2025, replications=10)
    assert abs(suggested / stored - 1) < 0.005


def test_the_report_sets_the_base_year_forecasts_and_provincial_growth_beside_the_model() -> None:
    report = calibration_report(replications=2).set_index(["item", "year"])
    base = report[report["source"].str.contains("2020 column")]
    assert len(base) >= 12
    assert (base["difference"].abs() < 1e-9).all()  # the base year is reproduced exactly
    assert report.loc[("population_60plus", 2025), "source_value"] == 186_000
    for year, provincial in ((2023, 5.93), (2024, 4.90)):
        row = report.loc[("growth_60plus", year)]
        assert row["source_value"] == pytest.approx(provincial, abs=0.01)
        assert 0 < row["model_value"] < 10
