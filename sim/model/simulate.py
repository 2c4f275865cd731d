"""One replication of one model spec, from spec to indicator table.

`simulate` and `run_replication` are pure functions of (spec, replication): the
same inputs give bit-identical results in any process, in any order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.model.aggregation import combine
from sim.model.care.draws import CareInputs, care_inputs
from sim.model.care.record import YearlyRecord
from sim.model.care.system import CareSystem
from sim.model.channels import ChannelRecord, simulate_channels
from sim.model.channels.census import HomeCensus
from sim.model.channels.nursing_homes import NursingHomes
from sim.model.channels.run import township_channels
from sim.model.costs import yearly_costs
from sim.model.indicators import AGGREGATION, INDICATORS, indicator_table
from sim.model.places import (
    area_spec,
    courses_by_area,
    home_areas,
    township_place_rows,
    urban_rural_gaps,
)
from sim.model.population import LifeCourses, sample_life_courses
from sim.model.spec import ModelSpec
from sim.model.stationary import stationary_inputs

TIDY_COLUMNS = ["scenario", "replication", "year", "indicator", "value"]
#: A run with townships: `area` is a township's code, or empty for the district.
TOWNSHIP_COLUMNS = ["scenario", "area", "replication", "year", "indicator", "value"]


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
    #: each township's indicators, by township code (empty without townships)
    townships: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)


def simulate(spec: ModelSpec, replication: int) -> Replication:
    """Run one replication of `spec`."""
    if spec.stationary is not None:
        courses, inputs = stationary_inputs(spec, spec.stationary, replication)
    else:
        courses = sample_life_courses(spec, replication)
        inputs = care_inputs(courses, spec, replication)
    home_area = home_areas(spec, courses, replication)
    system = CareSystem(spec, courses, inputs, replication, home_area)
    record = system.run()
    if spec.places is None:
        channels = simulate_channels(spec, courses, record, replication)
        costs = yearly_costs(spec, record, channels, courses)
        table = indicator_table(spec, courses, record, channels, costs)
        return Replication(courses, inputs, record, channels, table)
    places = spec.places
    census = HomeCensus(spec, courses, record, replication, home_area, places.n_areas)
    specs = [area_spec(spec, area) for area in range(places.n_areas)]
    by_area = courses_by_area(courses, home_area, places.n_areas)
    records = [area.record for area in system.areas]
    township_channels_ = township_channels(specs, by_area, records, census, replication)
    townships = {}
    for area, (own_spec, own_courses, own_record, channels) in enumerate(
        zip(specs, by_area, records, township_channels_, strict=True)
    ):
        costs = yearly_costs(own_spec, own_record, channels, own_courses)
        rows = indicator_table(own_spec, own_courses, own_record, channels, costs)
        townships[places.codes[area]] = rows | township_place_rows(spec, area, rows, own_record)
    table = district_indicators(spec, record, townships)
    return Replication(
        courses, inputs, record, ChannelRecord.added(township_channels_), table, townships
    )


def district_indicators(
    spec: ModelSpec, record: YearlyRecord, townships: dict[str, dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """The district's indicators from its townships', by each indicator's declared
    aggregation; an indicator that does not add up is computed from the district's
    record (the 90th percentile of waits) or the townships' parts (villages with a
    centre)."""
    tables = list(townships.values())
    if len(tables) == 1:  # one township is the district: nothing to add up
        return dict(tables[0])
    total = combine(tables, AGGREGATION)
    places = spec.places
    assert places is not None
    units = places.villages_and_communities
    covered = np.sum(
        [t["villages_with_centre"] / 100.0 * n for t, n in zip(tables, units, strict=True)],
        axis=0,
    )
    total["villages_with_centre"] = 100.0 * covered / max(int(units.sum()), 1)
    total["p90_wait_days"] = NursingHomes(spec, record).indicator_rows()["p90_wait_days"]
    total |= urban_rural_gaps(places, tables)
    return {indicator: total[indicator] for indicator in INDICATORS}


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
    """The tidy indicator table of one replication of `spec`: the district's rows."""
    return tidy_indicators(spec, replication, simulate(spec, replication).indicators)


def run_replication_by_place(spec: ModelSpec, replication: int) -> pd.DataFrame:
    """`run_replication`'s table and, with townships, each township's rows, told apart by
    a column `area` (the township's code; empty for the district) after `scenario`."""
    run = simulate(spec, replication)
    tidy = tidy_indicators(spec, replication, run.indicators)
    if not run.townships:
        return tidy
    frames = [tidy] + [
        tidy_indicators(spec, replication, rows).assign(area=code)
        for code, rows in run.townships.items()
    ]
    tidy = pd.concat(frames, ignore_index=True)
    tidy["area"] = tidy["area"].fillna("")
    return tidy[TOWNSHIP_COLUMNS]
