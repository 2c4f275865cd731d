"""A township's bed queue against queueing theory: with no transfers between townships
(travel too long for anyone to accept), each township is an Erlang-A queue (M/M/c+M) at
its own arrival rate, its share of the district's stream.

Each simulated year after the first is one batch; theory must lie within 4 standard
errors of the batch mean, and the standard error must be small enough for the check
to have power (as in test_queueing_theory.py).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.config.load import scenario_from_mapping
from sim.config.pack_readers import load_pack
from sim.config.resolve import UNLIMITED_STAFF, resolve
from sim.model.care.system import CareSystem
from sim.model.places import home_areas
from sim.model.queueing import erlang_a
from sim.model.spec import InitialState, PlacesSpec
from sim.model.stationary import stationary_inputs

pytestmark = pytest.mark.slow

ARRIVALS_PER_DAY, STAY_DAYS, PATIENCE_DAYS = 2.0, 10.0, 10.0
SHARES, BEDS = (0.6, 0.4), (12, 8)
#: minutes between the townships: nobody accepts a home this far away
FAR_MINUTES = 1e9


def _township_spec():
    stream = {"arrivals_per_day": ARRIVALS_PER_DAY, "mean_stay_days": STAY_DAYS,
              "beds": sum(BEDS), "mean_patience_days": PATIENCE_DAYS}  # fmt: skip
    scenario = scenario_from_mapping(
        {"name": "townships", "title": {"zh": "乡镇", "en": "townships"}, "seed": 31,
         "base_year": 2020, "end_year": 2034, "validation": stream}
    )  # fmt: skip
    spec = resolve(scenario, load_pack("huangyan"))
    initial = tuple(
        replace(spec.initial, nursing_beds=beds, caregivers=UNLIMITED_STAFF) for beds in BEDS
    )
    places = PlacesSpec(
        codes=("001", "002"), share_60plus=np.array(SHARES), share_registered=np.array(SHARES),
        travel_minutes=np.array([[10.0, FAR_MINUTES], [FAR_MINUTES, 10.0]]), initial=initial,
        hiring_share=np.array(SHARES), urban=np.array([True, False]),
        villages_and_communities=np.array([1, 1]),
    )  # fmt: skip
    assert isinstance(initial[0], InitialState)
    return replace(spec, places=places)


def test_each_township_queue_without_transfers_matches_erlang_a() -> None:
    spec = _township_spec()
    occupancy: list[list[float]] = [[], []]
    abandoned: list[list[float]] = [[], []]
    for replication in range(6):
        courses, inputs = stationary_inputs(spec, spec.stationary, replication)
        system = CareSystem(
            spec, courses, inputs, replication, home_areas(spec, courses, replication)
        )
        system.run()
        for index, area in enumerate(system.areas):
            record = area.record
            kept = slice(1, None)  # the first year warms the empty system up
            occupancy[index] += list(record.occupied_bed_days[kept, 0] / record.bed_days[kept, 0])
            outcomes = record.admissions[kept] + record.gave_up[kept]
            abandoned[index] += list(record.gave_up[kept] / outcomes)
            assert record.transfers.sum() == 0
    for index, (share, beds) in enumerate(zip(SHARES, BEDS, strict=True)):
        theory = erlang_a(beds, ARRIVALS_PER_DAY * share, STAY_DAYS, PATIENCE_DAYS)
        for values, expected, power in (
            (np.array(occupancy[index]), theory.occupancy, 0.02),
            (np.array(abandoned[index]), theory.share_abandoned, 0.06),
        ):
            mean = values.mean()
            se = values.std(ddof=1) / np.sqrt(len(values))
            assert se <= power * expected, f"SE {se:.3g} too large for the check to have power"
            assert abs(mean - expected) <= 4 * se, f"{mean:.4g} vs {expected:.4g} (SE {se:.3g})"
