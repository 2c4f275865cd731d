"""The 2020 starting state reproduces the plan's 2020 column exactly (at the plan's precision)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import spec_of

from sim.config.data import load_default_data
from sim.model.simulate import run_replication


@pytest.fixture(scope="module")
def start_2020() -> dict[str, float]:
    tidy = run_replication(spec_of("baseline"), 0)
    rows = tidy[tidy["year"] == 2020]
    return dict(zip(rows["indicator"], rows["value"], strict=True))


def test_beds_homes_and_centres_match_the_plan_text(start_2020: dict[str, float]) -> None:
    assert start_2020["beds_total"] == 6086
    assert start_2020["community_centres"] == 281 + 22
    assert start_2020["consortia"] == 1


def test_plan_indicator_column_is_reproduced(start_2020: dict[str, float]) -> None:
    # The plan states these as whole numbers (专栏1 rows 4-6).
    assert round(start_2020["nursing_bed_share"]) == 51
    assert round(start_2020["certified_caregivers_per_10k"]) == 16
    assert abs(start_2020["nursing_bed_share"] - 51) < 0.05
    assert abs(start_2020["certified_caregivers_per_10k"] - 16) < 0.05


def test_every_2020_value_in_the_plan_table_is_reproduced(start_2020: dict[str, float]) -> None:
    plan = load_default_data().plan_indicators
    checked = 0
    for row in plan.itertuples(index=False):
        if pd.isna(row.value_2020):
            continue
        assert round(start_2020[row.indicator]) == row.value_2020, row.indicator
        checked += 1
    assert checked == 5


def test_2020_state_is_the_same_in_every_replication() -> None:
    spec = spec_of("plan-2025")
    stocks = ["beds_total", "beds_nursing", "certified_caregivers", "community_centres"]
    values = []
    for replication in (0, 1):
        tidy = run_replication(spec, replication)
        rows = tidy[(tidy["year"] == 2020) & tidy["indicator"].isin(stocks)]
        values.append(rows["value"].tolist())
    assert values[0] == values[1]
