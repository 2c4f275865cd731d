"""One replication of one scenario, from scenario to indicator table.

`run_replication` is a pure function of (scenario, replication): the same
inputs give bit-identical results in any process, in any order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.calendar import START_YEAR
from sim.care import CareSystem, YearlyRecord, care_inputs
from sim.data import DefaultData, load_default_data
from sim.indicators import indicator_table
from sim.population import LifeCourses, sample_life_courses
from sim.scenario import Scenario, resolve_parameters
from sim.supply import CapacityPlan, capacity_plan
from sim.validation import stationary_stream

TIDY_COLUMNS = ["scenario", "replication", "year", "indicator", "value"]


def simulate(
    scenario: Scenario, replication: int, data: DefaultData | None = None
) -> tuple[LifeCourses, YearlyRecord, CapacityPlan, dict[str, np.ndarray]]:
    """Run one replication; return the life courses, care record, capacity plan and indicators."""
    data = data or load_default_data()
    values = resolve_parameters(scenario, data)
    if scenario.validation is not None:
        courses, inputs, plan, values = stationary_stream(scenario, values, replication)
    else:
        plan = capacity_plan(scenario, values)
        courses = sample_life_courses(
            data, values, seed=scenario.seed, replication=replication,
            end_year=scenario.end_year, scale=scenario.population_scale,
            consortia_by_year=plan.consortia_by_year,
        )  # fmt: skip
        inputs = care_inputs(courses, values, scenario.seed, replication)
    system = CareSystem(
        courses, inputs, plan, values,
        queue_policy=scenario.queue_policy, seed=scenario.seed, replication=replication,
        n_years=scenario.end_year - START_YEAR, scale=scenario.population_scale,
    )  # fmt: skip
    record = system.run()
    table = indicator_table(
        courses, record, plan, values, end_year=scenario.end_year, scale=scenario.population_scale
    )
    return courses, record, plan, table


def run_replication(
    scenario: Scenario, replication: int, data: DefaultData | None = None
) -> pd.DataFrame:
    """Tidy indicator rows (scenario, replication, year, indicator, value) of one replication.

    Values that are not defined (flows in 2020, a mean wait in a year nobody was
    admitted) are left out.
    """
    *_, table = simulate(scenario, replication, data)
    years = scenario.years
    frames = []
    for indicator, values in table.items():
        frames.append(pd.DataFrame({"year": years, "indicator": indicator, "value": values}))
    tidy = pd.concat(frames, ignore_index=True).dropna(subset=["value"])
    tidy.insert(0, "replication", replication)
    tidy.insert(0, "scenario", scenario.name)
    return tidy.reset_index(drop=True)[TIDY_COLUMNS]
