"""Batches of a validation scenario's run for the checks against queueing theory: each
simulated year after the warm-up is one batch, and the checks against a fixed relative
tolerance or within 4 standard errors (the reasoning: test_queueing_theory.py)."""

from __future__ import annotations

import numpy as np

from sim.config.load import scenario_from_mapping
from sim.experiments.runner import run_scenarios

WARM_UP_YEARS = 1


def validation_scenario(name: str, stream: dict, end_year: int = 2040):
    """A scenario that sends the stationary `stream` of bed seekers through the beds."""
    return scenario_from_mapping(
        {"name": name, "title": {"zh": name, "en": name}, "seed": 101, "base_year": 2020,
         "end_year": end_year, "validation": stream}
    )  # fmt: skip


def yearly_batches(stream: dict, replications: int, indicators: list[str], end_year: int = 2040):
    """Per-year values after the warm-up year, all replications pooled: {indicator: array}."""
    scenario = validation_scenario("check", stream, end_year)
    tidy = run_scenarios([scenario], replications=replications, jobs=2)
    kept = tidy[tidy["year"] > 2020 + WARM_UP_YEARS]
    return {name: kept.loc[kept["indicator"] == name, "value"].to_numpy() for name in indicators}


def estimate(values: np.ndarray) -> tuple[float, float]:
    """The batch mean and its standard error."""
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(len(values)))


def within_fixed(values: np.ndarray, theory: float, tolerance: float) -> None:
    """The batch mean lies within `tolerance` (relative) of theory, 3 SE at least."""
    mean, se = estimate(values)
    assert 3 * se <= tolerance * theory, f"run too short for a {tolerance:.0%} check: SE {se:.4g}"
    assert abs(mean - theory) <= tolerance * theory, f"{mean:.5g} vs {theory:.5g}"


def within_se(values: np.ndarray, theory: float, max_relative_se: float) -> None:
    """Theory lies within 4 SE of the batch mean, the SE small enough to have power."""
    mean, se = estimate(values)
    assert se <= max_relative_se * theory, f"SE {se:.4g} too large for the check to have power"
    assert abs(mean - theory) <= 4 * se, f"{mean:.5g} vs {theory:.5g} (SE {se:.3g})"
