"""Calibration: the model against every figure its data came from, and the one calibrated
figure (the 2020 population aged 60+).

The district plan gives no 2020 count of registered residents aged 60+, only that
they reach about 186,000 (about 30% of the registered population) by 2025. The
age and sex shape of the 2020 population and of the cohorts turning 60 come from
the district pack (or the default census shape); one number scales them all,
the pack's 2020 `population_60plus`. The expected 2025 population is
proportional to it, so one step of `calibrated_population` finds it.

`calibration_report` sets the model's results beside each source figure: the
base-year column of the pack (reproduced exactly), the plan's forecasts, the
growth of the 60+ population against Zhejiang's registered growth, prevalence by
age band, occupancy and the care mix against the "9073" pattern.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.base_state import base_year_indicators
from sim.config.load import load_scenario
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import DistrictPack
from sim.config.resolve import resolve, scenario_base_state
from sim.config.scenario import Scenario
from sim.model.population import sample_life_courses
from sim.model.simulate import simulate
from sim.model.spec import AGE_BAND_STARTS

CALIBRATION_SEED = 20_251_231
#: Growth of Zhejiang's registered population aged 60+ (provincial ageing bulletins,
#: reposts; medium): 12.6445 M (2022) -> 13.3940 M (2023) -> 14.0501 M (2024).
ZHEJIANG_REGISTERED_60PLUS = {2022: 12_644_538, 2023: 13_394_000, 2024: 14_050_100}
ZHEJIANG_SOURCE = "Zhejiang registered 60+, provincial ageing bulletins 2022-2024 (medium)"
#: Huangyan 2020 census, residents (7th census county table; medium).
#: How far the base year's shares of institutions, centres and home may lie from the
#: "9073" pattern (90% home, 7% community, 3% institutions), in percentage points.
PATTERN_TOLERANCE_POINTS = 1.5
HUANGYAN_CENSUS_2020 = {"population_60plus": 147_616, "population_65plus": 106_549,
                        "population_80plus": 25_434}  # fmt: skip


def projected_population(
    scenario: Scenario,
    year: int,
    replications: int,
    seed: int = CALIBRATION_SEED,
    pack: DistrictPack | None = None,
) -> np.ndarray:
    """People aged 60+ at the end of `year` under `scenario`, one value per replication
    (`pack`: its district pack, read when not given)."""
    pack = pack or load_pack(scenario.district)
    spec = resolve(scenario.model_copy(update={"end_year": year, "seed": seed}), pack)
    day = spec.calendar.year_end_day(year)
    return np.array(
        [sample_life_courses(spec, r).state_counts_at(day).sum() for r in range(replications)]
    )


def calibrated_population(
    scenario: Scenario, target: float, year: int, replications: int = 20
) -> tuple[int, float]:
    """(base-year 60+ population that makes the mean projection for `year` equal
    `target`, the mean projection now)."""
    pack = load_pack(scenario.district)
    current = scenario_base_state(scenario, pack)["population_60plus"].value
    mean = float(projected_population(scenario, year, replications, pack=pack).mean())
    return round(current * target / mean), mean


def calibration_report(replications: int = 5, scenario_path: str | None = None) -> pd.DataFrame:
    """Model against source for every figure the data was built from.

    Runs `replications` replications of the baseline scenario (or `scenario_path`)
    and returns one row per figure: item, year, source value, model value (mean
    over replications), difference (model - source), unit, source.
    """
    path = scenario_path or Path(__file__).resolve().parents[2] / "scenarios" / "baseline.yaml"
    scenario = load_scenario(path)
    pack = load_pack(scenario.district)
    spec = resolve(scenario, pack)
    figures = scenario_base_state(scenario, pack)
    base = spec.base_year
    rows: list[dict[str, object]] = []

    def add(item: str, year: int, source: float, model: float, unit: str, where: str) -> None:
        rows.append({"item": item, "year": year, "source_value": source, "model_value": model,
                     "difference": model - source, "unit": unit, "source": where})  # fmt: skip

    runs = [simulate(spec, r) for r in range(replications)]
    tables = [run.indicators for run in runs]

    def mean_of(indicator: str, year: int) -> float:
        return float(np.mean([table[indicator][year - base] for table in tables]))

    for indicator, value in base_year_indicators(figures).items():
        add(indicator, base, value, mean_of(indicator, base), "",
            f"district pack {pack.id}, {base} column")  # fmt: skip
    for indicator, forecast in pack.forecasts.items():
        for year, value in forecast["values"].items():
            if base < int(year) <= spec.end_year:
                add(indicator, int(year), value, mean_of(indicator, int(year)), "",
                    forecast["source"])  # fmt: skip
    for year in ZHEJIANG_REGISTERED_60PLUS:
        if year - 1 in ZHEJIANG_REGISTERED_60PLUS and base <= year - 1 and year <= spec.end_year:
            provincial = ZHEJIANG_REGISTERED_60PLUS[year] / ZHEJIANG_REGISTERED_60PLUS[year - 1]
            model = mean_of("population_60plus", year) / mean_of("population_60plus", year - 1)
            add("growth_60plus", year, 100 * (provincial - 1), 100 * (model - 1), "% a year",
                ZHEJIANG_SOURCE)  # fmt: skip
    if base == 2020 and pack.id == "huangyan":
        add("population_60plus_against_census_residents", 2020,
            HUANGYAN_CENSUS_2020["population_60plus"], mean_of("population_60plus", 2020),
            "persons", "Huangyan 2020 census, residents (registered residents differ)")  # fmt: skip
        end = spec.calendar.year_end_day(2020)
        counts = np.mean([run.courses.state_counts_by_band_at(end).sum(axis=1) for run in runs], 0)
        census = HUANGYAN_CENSUS_2020
        for label, first_band in (("share_65plus_of_60plus", 1), ("share_80plus_of_60plus", 4)):
            age = "65plus" if first_band == 1 else "80plus"
            add(label, 2020, 100 * census[f"population_{age}"] / census["population_60plus"],
                100 * counts[first_band:].sum() / counts.sum(), "%",
                "Huangyan 2020 census, residents (medium)")  # fmt: skip

    # Prevalence by age band: the base-year input, and how far the transitions move it.
    for year in (base, min(base + 5, spec.end_year)):
        counts = np.mean(
            [run.courses.state_counts_by_band_at(spec.calendar.year_end_day(year)) for run in runs],
            axis=0,
        )
        shares = counts / counts.sum(axis=1, keepdims=True)
        for band, start in enumerate(AGE_BAND_STARTS):
            for state, name in ((1, "partial"), (2, "full")):
                source = 100 * spec.health.initial_prevalence[band, state]
                add(f"prevalence_{name}_{start}", year, source, 100 * shares[band, state], "%",
                    f"prevalence at the start ({base})")  # fmt: skip

    initial = spec.initial
    for kind, residents, beds in (
        ("nursing", initial.nursing_residents_full + initial.nursing_residents_partial,
         initial.nursing_beds),
        ("ordinary", initial.ordinary_residents_independent + initial.ordinary_residents_partial,
         initial.ordinary_beds),
    ):  # fmt: skip
        add(f"occupancy_rate_{kind}", base + 1, 100 * residents / beds if beds else np.nan,
            mean_of(f"occupancy_rate_{kind}", base + 1), "%",
            f"occupancy at the start ({base}), against the first simulated year")  # fmt: skip
    for year in (base, min(base + 5, spec.end_year)):
        population = mean_of("population_60plus", year)
        institutions = 100 * mean_of("residents", year) / population
        community = 100 * mean_of("community_users", year) / population
        for item, share, model in (
            ("share_in_institutions", 3.0, institutions),
            ("share_using_community_centres", 7.0, community),
            ("share_at_home", 90.0, 100 - institutions - community),
        ):
            where = f"'9073' pattern (medium); tolerance {PATTERN_TOLERANCE_POINTS:g} points"
            add(item, year, share, model, "%", where)
        disabled = mean_of("disabled_partial", year) + mean_of("disabled_full", year)
        add("share_disabled", year, 7.45, 100 * disabled / population, "%",
            "Zhejiang 2016: 7.45% disabled or partially disabled (medium)")  # fmt: skip
    return pd.DataFrame(rows)
