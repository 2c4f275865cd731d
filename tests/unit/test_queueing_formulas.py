"""The queueing formulas the validation checks rely on, against closed forms and their own
balance equations."""

from __future__ import annotations

import pytest

from sim.model.queueing import erlang_a, erlang_b, erlang_c


def test_erlang_b_recursion_matches_the_closed_form() -> None:
    from math import factorial

    for beds, load in ((1, 0.5), (5, 3.0), (12, 10.0)):
        closed = (load**beds / factorial(beds)) / sum(
            load**k / factorial(k) for k in range(beds + 1)
        )
        assert erlang_b(beds, load) == pytest.approx(closed, rel=1e-12)


def test_erlang_a_tends_to_erlang_c_and_obeys_its_own_balance() -> None:
    c = erlang_c(20, 1.6, 10)
    a = erlang_a(20, 1.6, 10, mean_patience_days=1e6)
    assert a.probability_wait == pytest.approx(c.probability_wait, rel=1e-3)
    assert a.mean_wait_days == pytest.approx(c.mean_wait_days, rel=1e-3)
    patient = erlang_a(50, 5.0, 10, 10)
    # Abandonment rate = theta * Lq, so the share who abandon is Lq / (lambda * patience).
    assert patient.share_abandoned == pytest.approx(
        patient.mean_queue_length / (5.0 * 10), rel=1e-9
    )
