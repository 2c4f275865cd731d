"""More beds never make the mean wait longer (paired on the same seeds, small case)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from conftest import spec_of

from sim.model.simulate import simulate

EXTRA_NURSING_BEDS = (0, 30, 100, 300)
# Enough workers that beds, not staff, limit admissions: otherwise extra beds do nothing.
AMPLE_STAFF = {"hire_per_year": {2021: 400}}


def _mean_wait_days(extra_beds: int, replication: int) -> float:
    supply: dict = {"caregivers": AMPLE_STAFF}
    if extra_beds:
        supply["beds"] = {2022: {"add_nursing": extra_beds}}
    table = simulate(
        spec_of("baseline", population_scale=0.2, supply=supply), replication
    ).indicators
    waits, admissions = table["mean_wait_days"][1:], table["admissions"][1:]
    return float(np.nansum(waits * admissions) / admissions.sum())


def test_more_beds_never_lengthen_the_mean_wait() -> None:
    for replication in range(3):
        waits = [_mean_wait_days(extra, replication) for extra in EXTRA_NURSING_BEDS]
        assert all(later <= earlier for earlier, later in pairwise(waits)), waits
        assert waits[-1] < waits[0], "the largest addition shortens waits"
