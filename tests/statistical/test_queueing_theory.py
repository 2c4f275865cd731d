"""The care system's bed queue against queueing theory, and the life courses against
their own Markov chain.

Validation scenarios (`validation:` block) send a stationary stream of bed seekers
through the real `CareSystem`. Each simulated year after the first (warm-up: the
system starts empty) is one batch; the batch means over years and replications give
an estimate and its standard error (SE).

How the checks are set: a fixed relative tolerance is only meaningful when the run is
long enough that the SE is a small fraction of it. Time-averaged occupancy and the
loss probability converge fast, so they are checked against a fixed 2% with runs
chosen so that 2% is at least 3 SE. Waiting-time quantities near saturation converge
very slowly (their autocorrelation time is many mean stays): at rho = 0.95 with 500
beds, 2% on P(wait) would need about 10^8 simulated events. For those the check is
the statistical one: theory must lie within 4 SE of the estimate (false alarm rate
about 1 in 16,000), and each test also asserts that its SE is small enough for the
check to have power (stated per case). The loss system and abandonment are checked in
test_queueing_loss.py (a file of its own, so that it runs beside this one), with the
batches of queue_batches.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import spec_of
from queue_batches import estimate, within_fixed, within_se, yearly_batches
from scipy.linalg import expm

from sim.config.data import load_default_data
from sim.model import rng
from sim.model.calendar import DAYS_PER_YEAR
from sim.model.health import annual_hazards
from sim.model.population import sample_episodes
from sim.model.queueing import erlang_c
from sim.model.simulate import simulate
from sim.model.spec import HealthSpec
from sim.model.states import Health

pytestmark = pytest.mark.slow
DEAD, FULL, INDEPENDENT, PARTIAL = Health.DEAD, Health.FULL, Health.INDEPENDENT, Health.PARTIAL

# ---- M/M/c (Erlang C) ------------------------------------------------------------------

ERLANG_C_INDICATORS = [
    "occupancy_rate_nursing",
    "share_waited",
    "mean_wait_days",
    "mean_waiting_list",
]


def test_mmc_moderate_load_against_erlang_c() -> None:
    # rho = 0.8, 20 beds: 8 replications x 19 years.
    batches = yearly_batches(
        {"arrivals_per_day": 1.6, "mean_stay_days": 10, "beds": 20}, 8, ERLANG_C_INDICATORS
    )
    theory = erlang_c(20, 1.6, 10)
    within_fixed(batches["occupancy_rate_nursing"], 100 * theory.occupancy, 0.02)
    within_se(batches["share_waited"], 100 * theory.probability_wait, 0.05)
    within_se(batches["mean_wait_days"], theory.mean_wait_days, 0.10)
    within_se(batches["mean_waiting_list"], theory.mean_queue_length, 0.10)


def test_mmc_heavy_load_many_beds_against_erlang_c() -> None:
    # rho = 0.95, 500 beds: 2 replications x 19 years (about 650,000 arrivals).
    batches = yearly_batches(
        {"arrivals_per_day": 47.5, "mean_stay_days": 10, "beds": 500}, 2, ERLANG_C_INDICATORS
    )
    theory = erlang_c(500, 47.5, 10)
    within_fixed(batches["occupancy_rate_nursing"], 100 * theory.occupancy, 0.02)
    within_se(batches["share_waited"], 100 * theory.probability_wait, 0.15)
    within_se(batches["mean_wait_days"], theory.mean_wait_days, 0.35)
    within_se(batches["mean_waiting_list"], theory.mean_queue_length, 0.35)


# ---- Little's law ----------------------------------------------------------------------


def test_littles_law_in_a_stationary_stream() -> None:
    # L = lambda W for the beds: mean occupied beds = admissions per day x mean stay.
    stream = {"arrivals_per_day": 1.6, "mean_stay_days": 10, "beds": 20, "mean_patience_days": 5}
    batches = yearly_batches(stream, 4, ["occupancy_rate_nursing", "admissions"])
    occupied = batches["occupancy_rate_nursing"] / 100 * 20
    implied = batches["admissions"] / DAYS_PER_YEAR * 10
    difference = occupied - implied
    mean, se = estimate(difference)
    assert abs(mean) <= 4 * se and se < 0.02 * occupied.mean()


def test_occupied_bed_days_equal_the_time_residents_spent_in_beds() -> None:
    # The accounting identity behind Little's law, per year, on the full model.
    record = simulate(spec_of("plan-2025", population_scale=0.3), 0).record
    spells = np.array(record.bed_spells)
    for year in range(record.n_years):
        start, end = year * DAYS_PER_YEAR, (year + 1) * DAYS_PER_YEAR
        for kind in (0, 1):
            own = spells[spells[:, 0] == kind]
            overlap = np.clip(np.minimum(own[:, 2], end) - np.maximum(own[:, 1], start), 0, None)
            assert overlap.sum() == pytest.approx(record.occupied_bed_days[year, kind], rel=1e-9)


# ---- the life-course layer against its Markov chain ------------------------------------


def test_closed_cohort_matches_the_markov_chain() -> None:
    """50,000 independent women aged exactly 65, followed 10 years, against expm(Q t)."""
    data = load_default_data()
    hazards = annual_hazards(
        data.death_probability_independent, data.transition_probability, data.mortality_multiplier
    )
    n = 50_000
    courses = sample_episodes(
        sex=np.ones(n, dtype=np.int8),
        age_at_start_years=np.full(n, 65.0),
        entry_day=np.zeros(n),
        entry_state=np.full(n, INDEPENDENT, dtype=np.int8),
        health=HealthSpec(hazards, data.prevalence, None),
        horizon_day=10 * DAYS_PER_YEAR,
        clocks=rng.PersonDraws(7, 0, "life_course", n),
        destinations=rng.PersonDraws(7, 0, "life_course_destination", n),
    )

    def generator_matrix(band: int) -> np.ndarray:
        q = np.zeros((4, 4))
        q[:3, :] = hazards[1, band]
        np.fill_diagonal(q, 0)
        np.fill_diagonal(q, -q.sum(axis=1))
        return q

    start = np.array([1.0, 0, 0, 0])
    for years, expected in (
        (5, start @ expm(generator_matrix(1) * 5)),
        (10, start @ expm(generator_matrix(1) * 5) @ expm(generator_matrix(2) * 5)),
    ):
        alive = courses.state_counts_at(years * DAYS_PER_YEAR - 1e-9)
        observed = np.array([*alive, n - alive.sum()]) / n
        se = np.sqrt(expected * (1 - expected) / n)
        assert np.all(np.abs(observed - expected) <= 4 * se + 1e-12), (years, observed, expected)
        assert expected[DEAD] > 0.05 and expected[PARTIAL] > 0.005 and expected[FULL] > 0.001
