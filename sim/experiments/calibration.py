"""Calibration of the 2020 population to the plan's 2025 figure.

The plan gives no 2020 count of registered residents aged 60+, only that they
reach about 186,000 (about 30% of the registered population) by 2025. The age
and sex shape of the 2020 population and of the cohorts turning 60 come from
the 2020 census (`data/population_shape.csv`); one number scales them all,
`registered_60plus_2020`. The expected 2025 population is proportional to it,
so one step of `calibrated_population_2020` finds it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.data import load_default_data
from sim.config.load import load_scenario
from sim.config.resolve import resolve
from sim.config.scenario import Scenario
from sim.model.population import sample_life_courses
from sim.model.simulate import simulate
from sim.model.spec import AGE_BAND_STARTS

PLAN_POPULATION_60PLUS_2025 = 186_000
PLAN_SHARE_60PLUS_2025_PERCENT = 30.0
CALIBRATION_SEED = 20_251_231


def projected_population(
    scenario: Scenario, year: int, replications: int, seed: int = CALIBRATION_SEED
) -> np.ndarray:
    """People aged 60+ at the end of `year` under `scenario`, one value per replication."""
    spec = resolve(scenario.model_copy(update={"end_year": year, "seed": seed}))
    day = spec.calendar.year_end_day(year)
    return np.array(
        [sample_life_courses(spec, r).state_counts_at(day).sum() for r in range(replications)]
    )


def calibrated_population_2020(scenario: Scenario, replications: int = 20) -> tuple[int, float]:
    """(registered_60plus_2020 that makes the mean 2025 projection 186,000, that mean now)."""
    current = resolve(scenario).parameters.registered_60plus_2020
    mean_2025 = float(projected_population(scenario, 2025, replications).mean())
    return round(current * PLAN_POPULATION_60PLUS_2025 / mean_2025), mean_2025


def calibration_report(replications: int = 5, scenario_path: str | None = None) -> pd.DataFrame:
    """Model against source for every figure the default data was built from.

    Runs `replications` replications of the baseline scenario (or `scenario_path`)
    and returns one row per figure: item, year, source value, model value (mean
    over replications), difference (model - source), unit, source.
    """
    path = scenario_path or Path(__file__).resolve().parents[2] / "scenarios" / "baseline.yaml"
    spec = resolve(load_scenario(path))
    data = load_default_data()
    p = spec.parameters
    plan = data.plan_indicators.set_index("indicator")
    rows: list[dict[str, object]] = []

    def add(item: str, year: int, source: float, model: float, unit: str, where: str) -> None:
        rows.append({"item": item, "year": year, "source_value": source, "model_value": model,
                     "difference": model - source, "unit": unit, "source": where})  # fmt: skip

    runs = [simulate(spec, r) for r in range(replications)]
    tables = [run.indicators for run in runs]

    def mean_of(indicator: str, year: int) -> float:
        return float(np.mean([table[indicator][year - 2020] for table in tables]))

    for indicator in ("beds_total", "nursing_bed_share", "certified_caregivers_per_10k",
                      "community_centres", "consortia"):  # fmt: skip
        add(indicator, 2020, float(plan.loc[indicator, "value_2020"]), mean_of(indicator, 2020),
            str(plan.loc[indicator, "unit"]), "district plan 2020 column")  # fmt: skip
    add("population_60plus", 2025, PLAN_POPULATION_60PLUS_2025, mean_of("population_60plus", 2025),
        "persons", "district plan: 186,000 by 2025")  # fmt: skip
    add("share_60plus", 2025, PLAN_SHARE_60PLUS_2025_PERCENT, mean_of("share_60plus", 2025), "%",
        "district plan: about 30% by 2025")  # fmt: skip

    # Prevalence by age band: the 2020 input, and how far the transitions move it by 2025.
    for year in (2020, 2025):
        counts = np.mean(
            [run.courses.state_counts_by_band_at(spec.calendar.year_end_day(year)) for run in runs],
            axis=0,
        )
        shares = counts / counts.sum(axis=1, keepdims=True)
        for band, start in enumerate(AGE_BAND_STARTS):
            for state, name in ((1, "partial"), (2, "full")):
                add(f"prevalence_{name}_{start}", year, 100 * data.prevalence[band, state],
                    100 * shares[band, state], "%", "data/prevalence_2020.csv")  # fmt: skip

    for kind, parameter in (
        ("nursing", "occupancy_nursing_2020"),
        ("ordinary", "occupancy_ordinary_2020"),
    ):
        add(f"occupancy_rate_{kind}", 2021, 100 * getattr(p, parameter),
            mean_of(f"occupancy_rate_{kind}", 2021), "%",
            f"data/parameters.csv {parameter} (at the start), against 2021")  # fmt: skip
    for year in (2020, 2025):
        population = mean_of("population_60plus", year)
        add("share_in_nursing_homes", year, 3.0, 100 * mean_of("residents", year) / population, "%",
            "'9073' pattern: 3% in institutions (medium)")  # fmt: skip
        users = np.mean([
            run.record.start.community_users if year == 2020
            else run.record.community_users_end[year - 2021]
            for run in runs
        ])  # fmt: skip
        add("share_using_community_places", year, 7.0, 100 * users / population, "%",
            "'9073' pattern: 7% community (medium; places serve disabled people only)")  # fmt: skip
        disabled = mean_of("disabled_partial", year) + mean_of("disabled_full", year)
        add("share_disabled", year, 7.45, 100 * disabled / population, "%",
            "Zhejiang 2016: 7.45% disabled or partially disabled (medium)")  # fmt: skip
    return pd.DataFrame(rows)
