"""Invariants on random valid scenarios (Hypothesis): nobody lost or counted twice, no
capacity exceeded, shares within 0-100, waits >= 0, and the same seed gives the same
results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checked_care import run_checked
from conftest import resolved, shipped, shipped_packs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.config.data import load_default_data
from sim.config.load import scenario_from_mapping
from sim.config.yaml_files import deep_merge
from sim.errors import InputError
from sim.model.channels import simulate_channels
from sim.model.costs import yearly_costs
from sim.model.indicators import INDICATORS, PERCENT, indicator_table
from sim.model.simulate import run_replication
from sim.model.spec import CHOICE_GROUPS, parameter_bounds

pytestmark = pytest.mark.slow

YEARS = st.integers(2021, 2025)


@st.composite
def scenarios(draw):
    beds = draw(st.dictionaries(YEARS, st.fixed_dictionaries({}, optional={
        "add_nursing": st.integers(0, 300), "add_ordinary": st.integers(0, 300),
        "convert_to_nursing": st.integers(0, 400), "close_nursing": st.integers(0, 300),
        "close_ordinary": st.integers(0, 300),
    }), max_size=3))  # fmt: skip
    family = draw(st.floats(0.2, 0.8))
    community = draw(st.floats(0.0, 1 - family))
    changes = {
        "end_year": 2025,
        "population_scale": draw(st.sampled_from([0.03, 0.05, 0.08])),
        "queue_policy": draw(st.sampled_from(["fifo", "full_first"])),
        "seed": draw(st.integers(0, 2**32)),
        "supply": {
            "beds": beds,
            "caregivers": {
                "hire_per_year": draw(st.integers(0, 400)),
                "certify_per_year": draw(st.integers(0, 200)),
                "attrition_per_year": draw(st.floats(0.0, 0.5)),
            },
            "centres": draw(
                st.dictionaries(
                    YEARS, st.fixed_dictionaries({"add": st.integers(0, 30)}), max_size=2
                )
            ),
        },
        "assumptions": {
            "choice_full_family": family,
            "choice_full_community": community,
            "choice_full_bed": 1 - family - community,
            "mean_patience_full_days": draw(st.floats(1, 900)),
            "mean_stay_before_discharge_days": draw(st.floats(100, 5000)),
            "residents_per_caregiver_full": draw(st.floats(1, 6)),
        },
    }
    document = deep_merge(shipped("baseline").model_dump(), changes)
    try:
        return scenario_from_mapping(document, file="<generated>", packs=shipped_packs())
    except InputError:
        assume(False)  # e.g. closures beyond the stock: not a valid scenario
        raise


@settings(
    max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(scenario=scenarios())
def test_random_scenarios_keep_every_invariant(scenario) -> None:
    spec = resolved(scenario)
    courses, system, record = run_checked(spec)
    assert system.checks > 0  # invariants were checked during the run

    outcomes = record.admissions.sum() + record.gave_up.sum() + record.died_waiting.sum()
    assert record.bed_seekers.sum() == outcomes + sum(area.n_waiting for area in system.areas)
    assert (record.occupied_end <= record.beds_end).all()
    assert (record.caregivers_end >= record.certified_end).all()
    assert all(w >= 0 for year in record.waits_days for w in year)

    channels = simulate_channels(spec, courses, record, 0)
    assert (
        channels.home_care_hours_delivered[1:] <= channels.home_care_hours_needed[1:] + 1e-6
    ).all()
    assert (channels.home_care_workers >= channels.certified_home_care_workers).all()
    assert (channels.community_workers >= channels.certified_community_workers).all()
    assert (channels.unmet_care_need >= 0).all() and (channels.home_care_clients >= 0).all()
    costs = yearly_costs(spec, record, channels, courses)
    table = indicator_table(spec, courses, record, channels, costs)
    for name, series in table.items():
        finite = series[np.isfinite(series)]
        assert (finite >= 0).all(), name
        if INDICATORS[name].unit == PERCENT and name != "share_60plus":
            assert (finite <= 100 + 1e-9).all(), name  # ratios of float sums


@settings(max_examples=8, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(scenario=scenarios())
def test_random_scenarios_are_reproducible(scenario) -> None:
    spec = resolved(scenario)
    first = run_replication(spec, 1)
    second = run_replication(spec, 1)
    pd.testing.assert_frame_equal(first, second, check_exact=True)


@st.composite
def accepted_assumptions(draw):
    """Every parameter drawn anywhere validation accepts: inside its declared bounds and
    under the ceiling of 10 x its documented range; the choice shares summing to 1."""
    data = load_default_data()
    bounds = parameter_bounds()
    assumptions = {}
    choice_names = {name for names in CHOICE_GROUPS.values() for name in names}
    for name, bound in bounds.items():
        if name in choice_names:
            continue
        ceiling = 10.0 * max(abs(data.parameters[name].high), 1.0)
        low = bound.ge if bound.ge is not None else bound.gt if bound.gt is not None else -ceiling
        high = min(ceiling, bound.le if bound.le is not None else ceiling)
        high = min(high, bound.lt if bound.lt is not None else high)
        value = draw(
            st.floats(
                low, high, allow_nan=False, exclude_min=bound.gt is not None,
                exclude_max=bound.lt is not None,
            )
        )  # fmt: skip
        assumptions[name] = value
    for names in CHOICE_GROUPS.values():
        family = draw(st.floats(0.0, 1.0))
        community = draw(st.floats(0.0, 1.0 - family))
        assumptions[names[0]] = family
        assumptions[names[1]] = community
        assumptions[names[2]] = 1.0 - family - community
    return assumptions


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(assumptions=accepted_assumptions(), seed=st.integers(0, 2**32))
def test_any_scenario_validation_accepts_completes_a_replication(assumptions, seed) -> None:
    document = deep_merge(
        shipped("baseline").model_dump(),
        {"population_scale": 0.02, "end_year": 2025, "seed": seed, "assumptions": assumptions},
    )
    try:
        scenario = scenario_from_mapping(document, file="<generated>", packs=shipped_packs())
    except InputError:
        assume(False)  # e.g. rounding leaves the choice shares a hair off 1
        raise
    tidy = run_replication(resolved(scenario), 0)
    assert len(tidy) > 0
    assert np.isfinite(tidy["value"]).all()
