"""The closed-form quantiles of the uncertain inputs' distributions give, bit for bit,
what scipy.stats gives: a replication's draws (and so every run with drawn inputs) do
not depend on which of the two computed them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from sim.config.data import load_default_data
from sim.config.uncertainty import Z_95, Distribution, uncertain_parameters


def scipy_quantile(distribution: Distribution, u):
    """The quantile as scipy.stats computes it (the former implementation), at one
    probability or (elementwise, the same operations) at an array of them."""
    if distribution.kind == "triangular":
        width = distribution.high - distribution.low
        mode = (distribution.value - distribution.low) / width if width > 0 else 0.5
        return stats.triang.ppf(u, mode, loc=distribution.low, scale=width)
    sigma = math.log(distribution.high / distribution.low) / (2 * Z_95)
    lognormal = stats.lognorm(s=sigma, scale=distribution.value)
    low, high = lognormal.cdf(distribution.low), lognormal.cdf(distribution.high)
    return np.clip(lognormal.ppf(low + u * (high - low)), distribution.low, distribution.high)


def same_bits(first: float, second: float) -> bool:
    """Equal to the last bit (NaN equal to NaN)."""
    return np.float64(first).tobytes() == np.float64(second).tobytes()


def assert_same_as_scipy(distribution: Distribution, probabilities) -> None:
    """Each probability's quantile is scipy's, asked one at a time (as the former
    implementation did) for a few probabilities, and at once for a grid of them."""
    probabilities = np.asarray(probabilities, dtype=float)
    theirs = (
        [float(scipy_quantile(distribution, float(u))) for u in probabilities]
        if len(probabilities) <= 8
        else scipy_quantile(distribution, probabilities)
    )
    for u, their in zip(probabilities, theirs, strict=True):
        ours = distribution.quantile(float(u))
        assert same_bits(ours, their), (distribution, float(u), ours, float(their))


# A dense grid of probabilities (scipy asked once for the whole grid, whose elementwise
# results a few scalar calls per shape confirm below), with the ends, the smallest steps from them and the
# values random() gives most often near the mode of a triangle.
GRID = np.concatenate(
    [
        np.linspace(0.0, 1.0, 2001),
        [np.nextafter(0.0, 1.0), 1e-300, 1e-12, 1 - 2**-53, np.nextafter(1.0, 0.0)],
        np.random.default_rng(20260101).random(500),
    ]
)

SHAPES = [
    (0.0, 1.0, 4.0),
    (2.0, 3.0, 8.0),
    (3.0, 3.0, 9.0),  # the mode at the low end
    (3.0, 9.0, 9.0),  # and at the high end
    (0.05, 0.12, 0.3),
    (120.0, 180.0, 365.0),
    (1e-4, 3e-4, 2e-3),
    (35_000.0, 41_234.0, 47_000.0),
]


@pytest.mark.parametrize(("low", "value", "high"), SHAPES)
def test_a_triangle_quantile_is_scipy_bit_for_bit(low, value, high) -> None:
    assert_same_as_scipy(Distribution("triangular", low, value, high), GRID)


@pytest.mark.parametrize(("low", "value", "high"), [s for s in SHAPES if s[0] > 0])
def test_a_truncated_lognormal_quantile_is_scipy_bit_for_bit(low, value, high) -> None:
    assert_same_as_scipy(Distribution("lognormal", low, value, high), GRID)


def test_every_shipped_distribution_is_scipy_bit_for_bit() -> None:
    drawn = uncertain_parameters(load_default_data())
    assert {d.kind for d in drawn.values()} >= {"triangular", "lognormal"}
    for distribution in drawn.values():
        if distribution.kind != "uniform":
            assert_same_as_scipy(distribution, GRID[::4])


def test_out_of_domain_quantiles_are_nan_as_in_scipy() -> None:
    assert_same_as_scipy(Distribution("triangular", 5.0, 5.0, 5.0), [0.0, 0.5, 1.0])
    assert_same_as_scipy(Distribution("triangular", 0.0, 1.0, 4.0), [-0.1, 1.5, math.nan])
    assert_same_as_scipy(Distribution("triangular", 0.0, 5.0, 4.0), [0.5])  # mode past the end
    assert_same_as_scipy(Distribution("lognormal", 2.0, -1.0, 8.0), [0.5])  # median below 0
    assert_same_as_scipy(Distribution("lognormal", 8.0, 4.0, 2.0), [0.5])  # range reversed
    assert_same_as_scipy(Distribution("lognormal", 2.0, 4.0, 8.0), [-0.1, 1.5, math.nan])


positive = st.floats(min_value=1e-6, max_value=1e7, allow_nan=False)
probability = st.floats(min_value=0.0, max_value=1.0, exclude_max=True)


@given(low=positive, mode=st.floats(0.0, 1.0), extra=positive, u=probability)
def test_any_triangle_quantile_is_scipy_bit_for_bit(low, mode, extra, u) -> None:
    high = low + extra
    value = low + mode * (high - low)
    assert_same_as_scipy(Distribution("triangular", low, value, high), [u])


@given(low=positive, ratio=st.floats(1.0001, 1e4), position=st.floats(0.0, 1.0), u=probability)
def test_any_truncated_lognormal_quantile_is_scipy_bit_for_bit(low, ratio, position, u) -> None:
    high = low * ratio
    median = low * ratio**position  # anywhere in the range, in the logs
    assert_same_as_scipy(Distribution("lognormal", low, median, high), [u])


@pytest.mark.parametrize(("low", "value", "high"), SHAPES[1:])
def test_scipy_on_a_grid_is_scipy_one_probability_at_a_time(low, value, high) -> None:
    for kind in ("triangular", "lognormal"):
        distribution = Distribution(kind, low, value, high)
        at_once = scipy_quantile(distribution, GRID[::50])
        for u, value_at_once in zip(GRID[::50], at_once, strict=True):
            assert same_bits(float(scipy_quantile(distribution, float(u))), value_at_once)
