"""The optimiser's P(met) interval: Wilson score bounds, one-sided 90%, against values
worked out independently, and what a check must reach to certify a probability."""

from __future__ import annotations

import pytest

from sim.experiments.p_met import (
    aim_probability,
    certified,
    replications_to_certify,
    significantly_below,
    surrogate_probability,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("met", "replications", "low", "high"),
    [
        # (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.28155 (one-sided 90%),
        # worked out apart from the module.
        (20, 20, 0.92411, 1.0),
        (19, 20, 0.84678, 0.98492),
        (39, 40, 0.92004, 0.99249),
        (38, 40, 0.88547, 0.97903),
        (5, 10, 0.31220, 0.68780),
        (0, 10, 0.0, 0.14107),
    ],
)
def test_wilson_bounds_match_known_values(met, replications, low, high) -> None:
    got_low, got_high = wilson_interval(met, replications)
    assert got_low == pytest.approx(low, abs=2e-5)
    assert got_high == pytest.approx(high, abs=2e-5)


def test_a_share_at_the_threshold_does_not_certify_it() -> None:
    # 18 of 20 is a point estimate of 90% but its lower bound is far under: a plan stopped
    # there would meet a 90% goal out of sample only about half the time.
    assert not certified(18, 20, 0.9)
    assert certified(20, 20, 0.9) and certified(39, 40, 0.9) and not certified(38, 40, 0.9)
    assert aim_probability(0.9, 20) == 1.0 and aim_probability(0.9, 40) == 0.975
    assert aim_probability(0.8, 20) == 0.95


def test_checks_get_the_replications_their_bound_needs() -> None:
    assert replications_to_certify(0.9, 20) == 20  # 20 of 20 certifies 90%
    assert replications_to_certify(0.9, 2) == 15  # 14 of 14 does not
    assert not certified(14, 14, 0.9) and certified(15, 15, 0.9)
    assert replications_to_certify(0.95, 20) == 32


def test_the_surrogate_aims_where_a_check_certifies_with_even_odds() -> None:
    # All 20 must meet a 90% goal: each must with probability 0.5 ** (1 / 20).
    assert surrogate_probability(0.9, 20) == pytest.approx(0.5 ** (1 / 20), abs=1e-6)
    assert 0.9 < surrogate_probability(0.8, 20) < 0.95


def test_significantly_below_uses_the_upper_bound() -> None:
    assert significantly_below(10, 20, 0.8)  # upper bound 0.64
    assert not significantly_below(15, 20, 0.8)  # upper bound 0.86
