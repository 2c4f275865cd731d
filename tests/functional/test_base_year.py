"""A run starts from its district pack's observed column exactly: the plan's 2020 column,
the estimated 2025 column, and any pack's (the synthetic one too)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import resolved, spec_of

from sim.config.load import scenario_from_mapping
from sim.config.pack_readers import load_pack
from sim.config.resolve import scenario_base_indicators, scenario_base_state
from sim.experiments.runs import run_to_folder
from sim.model.simulate import run_replication


def _start(tidy: pd.DataFrame, year: int) -> dict[str, float]:
    rows = tidy[tidy["year"] == year]
    return dict(zip(rows["indicator"], rows["value"], strict=True))


@pytest.fixture(scope="module")
def start_2020() -> dict[str, float]:
    return _start(run_replication(spec_of("baseline"), 0), 2020)


def test_the_plans_2020_column_is_reproduced(start_2020: dict[str, float]) -> None:
    # The plan: 42 homes, 6,086 beds, 281 + 22 centres, and 专栏1 rows 4-6 as whole numbers.
    assert start_2020["beds_total"] == 6086
    assert start_2020["community_centres"] == 281 + 22
    assert start_2020["consortia"] == 1
    assert round(start_2020["nursing_bed_share"]) == 51
    assert round(start_2020["certified_caregivers_per_10k"]) == 16
    assert abs(start_2020["nursing_bed_share"] - 51) < 0.05
    assert abs(start_2020["certified_caregivers_per_10k"] - 16) < 0.05


def _scenario(district: str, base_year: int):
    document = {
        "name": f"{district}-{base_year}", "title": {"zh": district, "en": district},
        "district": district, "base_year": base_year, "end_year": base_year + 3,
        "supply": {"caregivers": {"hire_per_year": 100, "certify_per_year": 20}},
    }  # fmt: skip
    return scenario_from_mapping(document, f"<{district} {base_year}>")


@pytest.mark.parametrize(
    ("district", "year"),
    [
        ("huangyan", 2020),
        ("huangyan", 2025),
        ("synthetic-county", 2020),
        ("synthetic-county", 2025),
    ],
)
def test_the_base_year_column_of_summary_equals_the_pack(district, year, tmp_path) -> None:
    scenario = _scenario(district, year)
    results = run_to_folder([scenario], tmp_path / "run", replications=2)
    summary = pd.read_csv(tmp_path / "run" / "summary.csv")
    start = summary[summary["year"] == year].set_index("indicator")
    pack = load_pack(district)
    expected = scenario_base_indicators(scenario, pack, scenario_base_state(scenario, pack))
    assert len(expected) >= 12
    for indicator, value in expected.items():
        assert start.loc[indicator, "mean"] == pytest.approx(value, rel=1e-12), indicator
        assert start.loc[indicator, "ci_low"] == start.loc[indicator, "ci_high"], indicator
    # The manifest says which figures were assumed.
    record = results.manifest["base_state"][scenario.name]
    assert record["base_year"] == year
    published = {item for item, row in pack.observed[year].items()
                 if row["confidence"] in ("high", "medium", "low")}  # fmt: skip
    assert set(record["assumed"]) == set(record["figures"]) - published


def test_the_2020_state_is_the_same_in_every_replication() -> None:
    # A quarter of the district: the start is set, not drawn, whatever the district's size.
    spec = spec_of("plan-2025", population_scale=0.25)
    stocks = ["beds_total", "beds_nursing", "certified_caregivers", "community_centres"]
    values = []
    for replication in (0, 1):
        tidy = run_replication(spec, replication)
        rows = tidy[(tidy["year"] == 2020) & tidy["indicator"].isin(stocks)]
        values.append(rows["value"].tolist())
    assert values[0] == values[1]


def test_the_2025_start_continues_the_2020_run() -> None:
    # The 2025 column was derived from the plan scenario's 2020-2025 run: the 2025
    # start's population and its health mix are that run's.
    from_2020 = run_replication(spec_of("plan-2025", end_year=2025), 0)
    from_2025 = run_replication(resolved(_scenario("huangyan", 2025)), 0)
    then, now = _start(from_2020, 2025), _start(from_2025, 2025)
    assert now["population_60plus"] == pytest.approx(then["population_60plus"], rel=0.01)
    for state in ("disabled_partial", "disabled_full"):
        assert now[state] == pytest.approx(then[state], rel=0.05), state
