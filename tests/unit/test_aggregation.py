"""Indicators add up over areas by their declared rules, on two hand-built areas."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sim.model.aggregation import RULES, Aggregation, aggregate, ratio, weighted_mean
from sim.model.indicators import AGGREGATION, INDICATORS, Indicator


def test_every_indicator_declares_a_known_rule_over_known_indicators() -> None:
    assert "aggregation" in {field.name for field in dataclasses.fields(Indicator)}
    with pytest.raises(TypeError):
        Indicator("x", "persons", None, "stock")  # type: ignore[call-arg]
    for name, indicator in INDICATORS.items():
        assert isinstance(indicator.aggregation, Aggregation), name
        assert indicator.aggregation.rule in RULES, name
        for needed in indicator.aggregation.needs():
            assert needed in INDICATORS, (name, needed)
    assert set(AGGREGATION) == set(INDICATORS)


def test_a_rule_must_name_what_it_reads() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Aggregation("median")
    with pytest.raises(ValueError, match="numerator"):
        Aggregation("ratio")
    with pytest.raises(ValueError, match="weight"):
        Aggregation("weighted_mean")


def _two_areas() -> pd.DataFrame:
    """Area a: 100 beds, 60 nursing, 90% occupied; area b: 300 beds, 90 nursing, 50%."""
    rows = {
        ("a", 0, 2030): {"beds_total": 100.0, "beds_nursing": 60.0, "occupancy_rate": 90.0,
                         "nursing_bed_share": 60.0, "p90_wait_days": 40.0, "wait": 5.0},
        ("b", 0, 2030): {"beds_total": 300.0, "beds_nursing": 90.0, "occupancy_rate": 50.0,
                         "nursing_bed_share": 30.0, "p90_wait_days": 10.0, "wait": 9.0},
        ("a", 0, 2031): {"beds_total": 100.0, "beds_nursing": np.nan, "occupancy_rate": 80.0,
                         "nursing_bed_share": np.nan, "p90_wait_days": 1.0, "wait": 1.0},
        ("b", 0, 2031): {"beds_total": 100.0, "beds_nursing": 50.0, "occupancy_rate": 80.0,
                         "nursing_bed_share": 50.0, "p90_wait_days": 1.0, "wait": 2.0},
    }  # fmt: skip
    wide = pd.DataFrame.from_dict(rows, orient="index")
    wide.index = pd.MultiIndex.from_tuples(wide.index, names=["area", "replication", "year"])
    return wide


RULES_OF_TEST = {
    "beds_total": Aggregation("sum"),
    "beds_nursing": Aggregation("sum"),
    "occupancy_rate": weighted_mean("beds_total"),
    "nursing_bed_share": ratio("beds_nursing", "beds_total"),
    "p90_wait_days": Aggregation("none"),
    "wait": Aggregation("maximum"),
}


def test_totals_follow_each_rule() -> None:
    total = aggregate(_two_areas(), ["replication", "year"], RULES_OF_TEST, areas=2)
    first = total.loc[(0, 2030)]
    assert first["beds_total"] == 400 and first["beds_nursing"] == 150
    # A share is recomputed from the summed parts (150 / 400), not averaged (45).
    assert first["nursing_bed_share"] == pytest.approx(37.5)
    # Occupancy is weighted by beds: (90 × 100 + 50 × 300) / 400.
    assert first["occupancy_rate"] == pytest.approx(60.0)
    assert first["wait"] == 9.0
    assert "p90_wait_days" not in total.columns
    assert list(total.columns) == ["beds_total", "beds_nursing", "occupancy_rate",
                                   "nursing_bed_share", "wait"]  # fmt: skip


def test_an_area_without_a_value_leaves_the_total_without_one() -> None:
    later = aggregate(_two_areas(), ["replication", "year"], RULES_OF_TEST, areas=2).loc[(0, 2031)]
    assert np.isnan(later["beds_nursing"]) and np.isnan(later["nursing_bed_share"])
    assert later["beds_total"] == 200 and later["wait"] == 2.0


def test_a_weight_of_several_terms_subtracts() -> None:
    rules = {"beds_total": Aggregation("sum"), "beds_nursing": Aggregation("sum"),
             "occupancy_rate": weighted_mean(("beds_total", 1.0), ("beds_nursing", -1.0))}  # fmt: skip
    total = aggregate(_two_areas(), ["replication", "year"], rules, areas=2).loc[(0, 2030)]
    # Ordinary beds 40 and 210: (90 × 40 + 50 × 210) / 250.
    assert total["occupancy_rate"] == pytest.approx((90 * 40 + 50 * 210) / 250)
    assert INDICATORS["occupancy_rate_ordinary"].aggregation.describe() == (
        "weighted mean by beds_total - beds_nursing"
    )
