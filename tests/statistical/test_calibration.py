"""The population is calibrated to the plan: 186,000 aged 60+ (±1%) at about 30% (±1 point) in 2025."""

from __future__ import annotations

import pytest
from conftest import shipped

from sim.config.data import load_default_data
from sim.experiments.calibration import (
    PLAN_POPULATION_60PLUS_2025,
    PLAN_SHARE_60PLUS_2025_PERCENT,
    calibrated_population_2020,
    projected_population,
)
from sim.experiments.runner import run_scenarios, summarise

pytestmark = pytest.mark.slow


def test_mean_2025_population_is_within_one_percent_of_the_plan() -> None:
    population = projected_population(shipped("baseline"), 2025, replications=10)
    assert abs(population.mean() / PLAN_POPULATION_60PLUS_2025 - 1) <= 0.01


def test_2025_population_and_share_from_the_full_model() -> None:
    tidy = run_scenarios([shipped("baseline")], replications=3)
    summary = summarise(tidy).set_index(["year", "indicator"])["mean"]
    assert abs(summary[(2025, "population_60plus")] / PLAN_POPULATION_60PLUS_2025 - 1) <= 0.01
    assert abs(summary[(2025, "share_60plus")] - PLAN_SHARE_60PLUS_2025_PERCENT) <= 1.0


def test_stored_calibration_is_a_fixed_point() -> None:
    # Recalibrating from the stored value would change it by well under 1%.
    suggested, _ = calibrated_population_2020(shipped("baseline"), replications=10)
    stored = load_default_data().value("registered_60plus_2020")
    assert abs(suggested / stored - 1) < 0.005
