"""Bed-seeking times for rates near zero: an infinite time ("never"), without a warning."""

from __future__ import annotations

import warnings

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.draws import time_to_seek_days


def test_a_rate_near_zero_gives_an_infinite_time_without_a_warning() -> None:
    # 1 / 1e-307 years is a finite float; in days (x 365) it is past the largest one.
    unit_exponential = np.array([1.0, 0.5, 2.0])
    age_years = np.array([85.0, 70.0, 79.5])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        days = time_to_seek_days(unit_exponential, age_years, 1e-307, 1e-307)
        never = time_to_seek_days(unit_exponential, age_years, 0.0, 0.0)
    assert np.isinf(days).all()
    assert np.isinf(never).all()


def test_ordinary_rates_give_the_piecewise_exponential_time() -> None:
    # Aged 70 at rate 0.1 before 80 and 0.5 after: a unit exponential of 0.5 is spent
    # within 5 years; one of 2.0 takes the 10 years to 80 (1.0 spent) and 2 more at 0.5.
    days = time_to_seek_days(np.array([0.5, 2.0]), np.array([70.0, 70.0]), 0.1, 0.5)
    np.testing.assert_allclose(days, np.array([5.0, 12.0]) * DAYS_PER_YEAR)
