"""The care system's bed queue against queueing theory when nobody waits (Erlang B) and
when people give up waiting (Erlang A); how the checks are set: test_queueing_theory.py."""

from __future__ import annotations

import pytest
from queue_batches import within_fixed, within_se, yearly_batches

from sim.model.queueing import erlang_a, erlang_b

pytestmark = pytest.mark.slow


# ---- M/M/c/c (Erlang B) and M/M/c+M (Erlang A) -----------------------------------------


def test_loss_system_blocking_against_erlang_b() -> None:
    # Nobody waits: whoever finds no bed gives up at once. 10 beds, offered load 10.
    stream = {"arrivals_per_day": 1.0, "mean_stay_days": 10, "beds": 10, "waiting_room": False}
    batches = yearly_batches(stream, 40, ["unmet_bed_demand", "mean_waiting_list"])
    within_fixed(batches["unmet_bed_demand"], 100 * erlang_b(10, 10.0), 0.02)
    assert batches["mean_waiting_list"].max() < 1e-6, "a loss system has no queue"


def test_abandonment_against_erlang_a() -> None:
    # 10 beds, offered load 10, mean patience = mean stay.
    stream = {"arrivals_per_day": 1.0, "mean_stay_days": 10, "beds": 10, "mean_patience_days": 10}
    batches = yearly_batches(stream, 16, ["unmet_bed_demand", "mean_wait_days", "share_waited"])
    theory = erlang_a(10, 1.0, 10, 10)
    within_se(batches["unmet_bed_demand"], 100 * theory.share_abandoned, 0.03)
    within_se(batches["mean_wait_days"], theory.mean_wait_days, 0.04)
    within_se(batches["share_waited"], 100 * theory.probability_wait, 0.03)
