"""Exact results for the bed queue in validation mode: Erlang B, C and A.

Used by the theory tests and by anyone checking a validation run by hand.
Rates are per day; `offered_load` is arrivals per day times mean stay in days
(the mean number of beds that would be busy with unlimited beds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def erlang_b(beds: int, offered_load: float) -> float:
    """Probability that an arrival finds every bed busy in an M/M/c/c loss system."""
    blocking = 1.0
    for k in range(1, beds + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    return blocking


@dataclass(frozen=True)
class QueueAnswer:
    """Steady-state answers for arrivals to a bed queue (waits in days)."""

    probability_wait: float  # share of admitted people who waited at all
    mean_wait_days: float  # mean wait of admitted people
    mean_queue_length: float  # time-average number waiting
    share_abandoned: float  # share of arrivals who gave up
    occupancy: float  # time-average share of beds in use


def erlang_c(beds: int, arrivals_per_day: float, mean_stay_days: float) -> QueueAnswer:
    """M/M/c with no abandonment (requires offered load < beds)."""
    load = arrivals_per_day * mean_stay_days
    if load >= beds:
        raise ValueError("an M/M/c queue without abandonment needs offered load < beds")
    blocking = erlang_b(beds, load)
    wait_probability = beds * blocking / (beds - load * (1 - blocking))
    mean_wait = wait_probability * mean_stay_days / (beds - load)
    return QueueAnswer(
        probability_wait=wait_probability,
        mean_wait_days=mean_wait,
        mean_queue_length=arrivals_per_day * mean_wait,
        share_abandoned=0.0,
        occupancy=load / beds,
    )


def erlang_a(
    beds: int, arrivals_per_day: float, mean_stay_days: float, mean_patience_days: float,
    max_queue: int | None = None,
) -> QueueAnswer:  # fmt: skip
    """M/M/c+M (exponential patience), from the birth-death stationary distribution.

    An arrival who finds n - 1 people queueing ahead is admitted with probability
    c mu / (c mu + n theta); given admission, its expected wait is
    sum_{m=1..n} 1 / (c mu + m theta).
    """
    mu, theta, lam = 1 / mean_stay_days, 1 / mean_patience_days, arrivals_per_day
    # Beyond about lam / theta people queueing, abandonment outpaces arrivals: the
    # tail is negligible well before 20 times that (checked below).
    queue_limit = max_queue or min(int(50 + 20 * lam / theta), 1_000_000)
    # log pi_k up to k = beds + queue_limit, unnormalised
    k = np.arange(beds + queue_limit + 1)
    death_rate = np.where(k <= beds, k * mu, beds * mu + (k - beds) * theta)
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam) - np.log(death_rate[1:]))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    if pi[-1] > 1e-12:
        raise ValueError("queue truncated too early; give a larger max_queue")
    queued = k[beds:] - beds + 1  # position of an arrival that finds k in the system
    serve_rate = beds * mu
    admitted_given_position = serve_rate / (serve_rate + queued * theta)
    wait_given_admitted = np.cumsum(1 / (serve_rate + np.arange(1, len(queued) + 1) * theta))
    found = pi[beds:]
    abandon = float(np.sum(found * (1 - admitted_given_position)))
    admitted = 1 - abandon
    return QueueAnswer(
        probability_wait=float(np.sum(found * admitted_given_position)) / admitted,
        mean_wait_days=float(np.sum(found * admitted_given_position * wait_given_admitted))
        / admitted,
        mean_queue_length=float(np.sum(pi[beds:] * (k[beds:] - beds))),
        share_abandoned=abandon,
        occupancy=float(np.sum(pi * np.minimum(k, beds))) / beds,
    )
