"""The base year as the pack states it: in a run at a population scale other than 1, the
counts the run starts from are the pack's scaled, so the stated base year is too; shares
and ratios and the unscaled consortia stay as the pack gives them."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.experiments.runs import at_scale
from sim.present.base_year import stated_base_year

PACK = {"population_60plus": 185_975.0, "beds_total": 6_566.0, "consortia": 10.0,
        "beds_per_1000_older": 35.3, "nursing_bed_share": 58.0}  # fmt: skip


def test_a_whole_district_run_states_the_packs_figures() -> None:
    assert at_scale(PACK, 1.0) == PACK


def test_a_tenth_of_the_district_states_a_tenth_of_the_counts() -> None:
    tenth = at_scale(PACK, 0.1)
    assert tenth["population_60plus"] == pytest.approx(18_597.5)
    assert tenth["beds_total"] == pytest.approx(656.6)
    assert tenth["consortia"] == 10
    assert tenth["beds_per_1000_older"] == 35.3 and tenth["nursing_bed_share"] == 58.0


def test_the_stated_figure_replaces_the_base_year_only() -> None:
    summary = pd.DataFrame({"scenario": "tenth", "year": [2025, 2030],
                            "indicator": "population_60plus", "mean": [18_630.0, 22_246.0],
                            "ci_low": [18_600.0, 21_891.0], "ci_high": [18_660.0, 22_575.0]})  # fmt: skip
    base_state = {"tenth": {"indicators": at_scale(PACK, 0.1)}}
    stated = stated_base_year(summary, base_state).set_index("year")
    assert stated.loc[2025, "mean"] == stated.loc[2025, "ci_low"] == pytest.approx(18_597.5)
    assert stated.loc[2030, "mean"] == 22_246
