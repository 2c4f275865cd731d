"""Calibration of the 2020 population to the plan's 2025 figure.

The plan gives no 2020 count of registered residents aged 60+, only that they
reach about 186,000 (about 30% of the registered population) by 2025. The age
and sex shape of the 2020 population and of the cohorts turning 60 come from
the 2020 census (`data/population_shape.csv`); one number scales them all,
`registered_60plus_2020`. The expected 2025 population is proportional to it,
so one step of `calibrated_population_2020` finds it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.calendar import year_end_day
from sim.data import DefaultData
from sim.population import sample_life_courses

PLAN_POPULATION_60PLUS_2025 = 186_000
PLAN_SHARE_60PLUS_2025_PERCENT = 30.0
CALIBRATION_SEED = 20_251_231


def projected_population(
    data: DefaultData,
    values: Mapping[str, float],
    year: int,
    replications: int,
    seed: int = CALIBRATION_SEED,
) -> np.ndarray:
    """People aged 60+ at the end of `year`, one value per replication."""
    return np.array(
        [
            sample_life_courses(data, values, seed=seed, replication=r, end_year=year)
            .state_counts_at(year_end_day(year))
            .sum()
            for r in range(replications)
        ]
    )


def calibrated_population_2020(
    data: DefaultData, values: Mapping[str, float], replications: int = 20
) -> tuple[int, float]:
    """(registered_60plus_2020 that makes the mean 2025 projection 186,000, that mean now)."""
    current = values["registered_60plus_2020"]
    mean_2025 = float(projected_population(data, values, 2025, replications).mean())
    return round(current * PLAN_POPULATION_60PLUS_2025 / mean_2025), mean_2025
