"""Counts drawn by inversion: `sim.model.quantiles` gives exactly scipy.stats' quantiles,
inside its fast path (uniforms in (0, 1), valid parameters) and outside it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.model.quantiles import binomial_quantile, poisson_quantile


@pytest.fixture(scope="module")
def uniforms() -> np.ndarray:
    draws = np.random.default_rng(20261203).random(20_000)
    # The tails, where rounding of the inversion matters most.
    return np.concatenate([draws, [1e-12, 1e-6, 0.5, 1 - 1e-6, 1 - 1e-12]])


@pytest.mark.parametrize("mean", [1e-4, 0.03, 0.7, 2.5, 11.0, 40.0, 310.0])
def test_poisson_quantiles_are_scipys(uniforms, mean) -> None:
    np.testing.assert_array_equal(poisson_quantile(uniforms, mean),
                                  stats.poisson.ppf(uniforms, mean))  # fmt: skip


def test_poisson_quantiles_by_element_and_at_the_edges(uniforms) -> None:
    means = np.random.default_rng(1).uniform(0, 60, uniforms.size)
    np.testing.assert_array_equal(poisson_quantile(uniforms, means),
                                  stats.poisson.ppf(uniforms, means))  # fmt: skip
    for u, mean in [(0.0, 3.0), (0.5, 0.0), (0.3, 0.0)]:  # scipy's own answers
        assert poisson_quantile(u, mean) == stats.poisson.ppf(u, mean)
    assert isinstance(poisson_quantile(0.4, 2.0), float)


@pytest.mark.parametrize("trials", [1, 2, 7, 40, 433, 2_000])
@pytest.mark.parametrize("probability", [0.0, 0.004, 0.0255, 0.3, 1.0])
def test_binomial_quantiles_are_scipys(uniforms, trials, probability) -> None:
    np.testing.assert_array_equal(binomial_quantile(uniforms, trials, probability),
                                  stats.binom.ppf(uniforms, trials, probability))  # fmt: skip


def test_binomial_quantiles_of_pools_with_none_left(uniforms) -> None:
    pools = [[5, 0], [0, 0], [12, 3]]
    for pool in pools:
        got = binomial_quantile(uniforms[:2], pool, 0.02)
        np.testing.assert_array_equal(got, stats.binom.ppf(uniforms[:2], pool, 0.02))
    assert binomial_quantile(0.0, 10, 0.1) == stats.binom.ppf(0.0, 10, 0.1)
