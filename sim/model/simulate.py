"""One replication of one model spec, from spec to indicator table.

`simulate` and `run_replication` are pure functions of (spec, replication): the
same inputs give bit-identical results in any process, in any order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.model.care.draws import CareInputs, care_inputs
from sim.model.care.record import YearlyRecord
from sim.model.care.system import CareSystem
from sim.model.channels import ChannelRecord, simulate_channels
from sim.model.costs import yearly_costs
from sim.model.indicators import indicator_table
from sim.model.places import home_areas
from sim.model.population import LifeCourses, sample_life_courses
from sim.model.spec import ModelSpec
from sim.model.stationary import stationary_inputs

TIDY_COLUMNS = ["scenario", "replication", "year", "indicator", "value"]


@dataclass(frozen=True, eq=False)
class Replication:
    """Everything one replication produced: life courses, care inputs, the yearly record
    of the bed queue, the home-care and community channels, and the indicators by
    reported year."""

    courses: LifeCourses
    inputs: CareInputs
    record: YearlyRecord
    channels: ChannelRecord
    indicators: dict[str, np.ndarray]


def simulate(spec: ModelSpec, replication: int) -> Replication:
    """Run one replication of `spec`."""
    if spec.stationary is not None:
        courses, inputs = stationary_inputs(spec, spec.stationary, replication)
    else:
        courses = sample_life_courses(spec, replication)
        inputs = care_inputs(courses, spec, replication)
    record = CareSystem(
        spec, courses, inputs, replication, home_areas(spec, courses, replication)
    ).run()
    channels = simulate_channels(spec, courses, record, replication)
    table = indicator_table(spec, courses, record, channels, yearly_costs(spec, record, channels))
    return Replication(courses, inputs, record, channels, table)


def tidy_indicators(
    spec: ModelSpec, replication: int, table: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Tidy rows (scenario, replication, year, indicator, value); undefined values left out
    (flows in the base year, a mean wait in a year nobody was admitted)."""
    years = np.asarray(spec.years, dtype=np.int64)
    names = list(table)
    # One frame from whole columns: a frame per indicator, then concatenated, costs more
    # than a small district's whole replication.
    values = np.concatenate([np.asarray(table[name], dtype=np.float64) for name in names])
    kept = ~np.isnan(values)
    rows = int(kept.sum())
    tidy = pd.DataFrame({
        "scenario": [spec.name] * rows,
        "replication": np.full(rows, replication, dtype=np.int64),
        "year": np.tile(years, len(names))[kept],
        "indicator": np.repeat(np.asarray(names, dtype=object), len(years))[kept],
        "value": values[kept],
    })  # fmt: skip
    return tidy[TIDY_COLUMNS]


def run_replication(spec: ModelSpec, replication: int) -> pd.DataFrame:
    """The tidy indicator table of one replication of `spec`."""
    return tidy_indicators(spec, replication, simulate(spec, replication).indicators)
