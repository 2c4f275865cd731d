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
growth of the 60+ population against Zhejiang's registered growth and where it sits in
the band of published growth, prevalence by age band, occupancy and the care mix against
the "9073" pattern.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.base_state import base_year_indicators
from sim.config.load import load_scenario
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import DistrictPack
from sim.config.resolve import resolve, scenario_base_state
from sim.config.scenario import Scenario
from sim.model.population import sample_life_courses
from sim.model.simulate import Replication, simulate
from sim.model.spec import AGE_BAND_STARTS, ModelSpec

CALIBRATION_SEED = 20_251_231
#: Growth of Zhejiang's registered population aged 60+ (provincial ageing bulletins,
#: reposts; medium): 12.6445 M (2022) -> 13.3940 M (2023) -> 14.0501 M (2024).
ZHEJIANG_REGISTERED_60PLUS = {2022: 12_644_538, 2023: 13_394_000, 2024: 14_050_100}
ZHEJIANG_SOURCE = "Zhejiang registered 60+, provincial ageing bulletins 2022-2024 (medium)"
#: The band of published yearly growth of a registered 60+ population, in % a year: Taizhou
#: about 3.9% (2010-2019), China 4.5% (2024), Zhejiang 4.9% (2024) and 5.9% (2023), medium;
#: the low end leaves room below Taizhou's pace for a district that grows more slowly.
PUBLISHED_GROWTH_BAND_PERCENT = (3.4, 5.9)
PUBLISHED_GROWTH_SOURCE = (
    "published registered 60+ growth: Taizhou about 3.9% (2010-2019), China 4.5% (2024), "
    "Zhejiang 4.9% (2024), 5.9% (2023) (medium); model: mean yearly growth over the first "
    "five years"
)
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
    check = _Calibration(spec, pack, [simulate(spec, r) for r in range(replications)])
    check.base_year_and_forecasts(scenario_base_state(scenario, pack))
    check.provincial_growth()
    check.published_growth_band()
    if spec.base_year == 2020 and pack.id == "huangyan":
        check.census_2020()
    check.prevalence()
    check.occupancy()
    check.care_pattern()
    return pd.DataFrame(check.rows)


class _Calibration:
    """The rows of a calibration report, group by group, from the replications `runs` of
    `spec` (district `pack`)."""

    def __init__(self, spec: ModelSpec, pack: DistrictPack, runs: list[Replication]) -> None:
        self.spec, self.pack, self.runs = spec, pack, runs
        self.base = spec.base_year
        self.tables = [run.indicators for run in runs]
        self.rows: list[dict[str, object]] = []

    def add(self, item: str, year: int, source: float, model: float, unit: str,
            where: str) -> None:  # fmt: skip
        self.rows.append({"item": item, "year": year, "source_value": source,
                          "model_value": model, "difference": model - source, "unit": unit,
                          "source": where})  # fmt: skip

    def mean_of(self, indicator: str, year: int) -> float:
        return float(np.mean([table[indicator][year - self.base] for table in self.tables]))

    def counts_at(self, year: int) -> np.ndarray:
        """People by age band and health state at the end of `year`, mean of the runs."""
        end = self.spec.calendar.year_end_day(year)
        return np.asarray(np.mean([run.courses.state_counts_by_band_at(end) for run in self.runs],
                                  axis=0))  # fmt: skip

    def base_year_and_forecasts(self, figures: Any) -> None:
        """The base-year indicators the pack's figures give, and the pack's forecasts."""
        base, pack = self.base, self.pack
        indicators = base_year_indicators(figures, self.spec.parameters)
        for indicator, value in indicators.items():
            self.add(indicator, base, value, self.mean_of(indicator, base), "",
                     f"district pack {pack.id}, {base} column")  # fmt: skip
        for indicator, forecast in pack.forecasts.items():
            for year, value in forecast["values"].items():
                if base < int(year) <= self.spec.end_year:
                    self.add(indicator, int(year), value, self.mean_of(indicator, int(year)),
                             "", forecast["source"])  # fmt: skip

    def provincial_growth(self) -> None:
        """The 60+ population's growth a year against the province's registered figures."""
        figures = ZHEJIANG_REGISTERED_60PLUS
        for year in figures:
            if year - 1 in figures and self.base <= year - 1 and year <= self.spec.end_year:
                provincial = figures[year] / figures[year - 1]
                model = (self.mean_of("population_60plus", year)
                         / self.mean_of("population_60plus", year - 1))  # fmt: skip
                self.add("growth_60plus", year, 100 * (provincial - 1), 100 * (model - 1),
                         "% a year", ZHEJIANG_SOURCE)  # fmt: skip

    def published_growth_band(self) -> None:
        """Where the model's mean yearly growth of the 60+ population over its first five
        years (or fewer, to the end year) sits in the band of published growth: one row
        against each end of the band (a positive difference against the low end and a
        negative one against the high end put the model inside it)."""
        last = min(self.base + 5, self.spec.end_year)
        if last == self.base:
            return
        ratio = self.mean_of("population_60plus", last) / self.mean_of("population_60plus",
                                                                         self.base)  # fmt: skip
        model = 100 * (ratio ** (1 / (last - self.base)) - 1)
        for end, value in zip(("low", "high"), PUBLISHED_GROWTH_BAND_PERCENT, strict=True):
            self.add(f"growth_60plus_published_{end}", last, value, model, "% a year",
                     PUBLISHED_GROWTH_SOURCE)  # fmt: skip

    def census_2020(self) -> None:
        """Huangyan's 2020 census: residents aged 60+, and the shares aged 65+ and 80+."""
        census = HUANGYAN_CENSUS_2020
        where = "Huangyan 2020 census, residents (registered residents differ)"
        self.add("population_60plus_against_census_residents", 2020,
                 census["population_60plus"], self.mean_of("population_60plus", 2020),
                 "persons", where)  # fmt: skip
        counts = self.counts_at(2020).sum(axis=1)
        for label, first_band in (("share_65plus_of_60plus", 1), ("share_80plus_of_60plus", 4)):
            age = "65plus" if first_band == 1 else "80plus"
            self.add(label, 2020, 100 * census[f"population_{age}"] / census["population_60plus"],
                     100 * counts[first_band:].sum() / counts.sum(), "%",
                     "Huangyan 2020 census, residents (medium)")  # fmt: skip

    def prevalence(self) -> None:
        """Prevalence by age band: the base-year input, and how far the transitions move it."""
        for year in (self.base, min(self.base + 5, self.spec.end_year)):
            counts = self.counts_at(year)
            shares = counts / counts.sum(axis=1, keepdims=True)
            for band, start in enumerate(AGE_BAND_STARTS):
                for state, name in ((1, "partial"), (2, "full")):
                    source = 100 * self.spec.health.initial_prevalence[band, state]
                    self.add(f"prevalence_{name}_{start}", year, source,
                             100 * shares[band, state], "%",
                             f"prevalence at the start ({self.base})")  # fmt: skip

    def occupancy(self) -> None:
        """Occupancy at the start against the first simulated year's."""
        start, base = self.spec.initial, self.base
        where = f"occupancy at the start ({base}), against the first simulated year"
        for kind, residents, beds in (
            ("nursing", start.nursing_residents_full + start.nursing_residents_partial,
             start.nursing_beds),
            ("ordinary", start.ordinary_residents_independent + start.ordinary_residents_partial,
             start.ordinary_beds),
        ):  # fmt: skip
            self.add(f"occupancy_rate_{kind}", base + 1,
                     100 * residents / beds if beds else np.nan,
                     self.mean_of(f"occupancy_rate_{kind}", base + 1), "%", where)  # fmt: skip

    def care_pattern(self) -> None:
        """Where people aged 60+ live and are cared for, against the '9073' pattern, and the
        share disabled."""
        for year in (self.base, min(self.base + 5, self.spec.end_year)):
            population = self.mean_of("population_60plus", year)
            institutions = 100 * self.mean_of("residents", year) / population
            community = 100 * self.mean_of("community_users", year) / population
            for item, share, model in (
                ("share_in_institutions", 3.0, institutions),
                ("share_using_community_centres", 7.0, community),
                ("share_at_home", 90.0, 100 - institutions - community),
            ):
                where = f"'9073' pattern (medium); tolerance {PATTERN_TOLERANCE_POINTS:g} points"
                self.add(item, year, share, model, "%", where)
            disabled = self.mean_of("disabled_partial", year) + self.mean_of("disabled_full", year)
            self.add("share_disabled", year, 7.45, 100 * disabled / population, "%",
                     "Zhejiang 2016: 7.45% disabled or partially disabled (medium)")  # fmt: skip
