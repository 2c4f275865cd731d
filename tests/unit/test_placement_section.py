"""Section 布局方案 of the report and the placement map, from a hand-written optimisation
folder: every table has its words in both languages, the map is drawn, and a folder with
no placement has no section."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.present.charts.maps import placement_map
from sim.present.placement_section import PLACEMENT_MAP, placement_section

CODES = ["999001001", "999001002", "999001003", "999001004"]
PLACES = {"codes": CODES, "names": {"zh": ["甲", "乙", "丙", "丁"], "en": ["A", "B", "C", "D"]},
          "mountain": [False, False, False, True], "centroid_lon": [120.0, 120.1, 120.0, 120.1],
          "centroid_lat": [28.0, 28.0, 28.1, 28.1]}  # fmt: skip


def _placement() -> pd.DataFrame:
    return pd.DataFrame({
        "area": CODES, "name_zh": PLACES["names"]["zh"], "name_en": PLACES["names"]["en"],
        "new_nursing_beds_per_year": [0, 20, 0, 40], "regional_centre": [0, 0, 1, 1],
        "village_centres": [0, 0, 0, 2], "home_care_hires_per_year": [10, 5, 5, 8],
        "within_15_before": [100.0, 100.0, 96.0, 90.0],
        "within_15_after": [100.0, 100.0, 98.0, 100.0],
        "goals": [1, 1, 2, 3], "goals_certified": [1, 1, 2, 2],
        "lowest_p_met": [1.0, 0.95, 0.9, 0.7],
    })  # fmt: skip


def _folder(tmp_path):
    _placement().to_csv(tmp_path / "placement.csv", index=False)
    pd.DataFrame({
        "area": "district", "rule": ["placement", "by_60plus"], "factor": [1.0, 1.0],
        "cost_yuan": [2.4e7, 2.1e7], "goals_met": [7, 3], "goals": [7, 7],
        "township_centre_coverage": [100.0, 50.0], "within_15_min_centre": [99.0, 96.0],
        "goals_short": ["", "township_centre_coverage@2030"],
    }).to_csv(tmp_path / "naive.csv", index=False)  # fmt: skip
    pd.DataFrame({
        "area": "district", "coverage_percent": [50.0, 100.0], "feasible": [True, False],
        "regional_centres": [1, None], "village_centres": [0, None],
        "cost_yuan": [350000.0, None], "mip_gap": [0.0, float("nan")],
    }).to_csv(tmp_path / "coverage_frontier.csv", index=False)  # fmt: skip
    return {
        "folder": str(tmp_path),
        "search": {"verification_replications": 40, "check_replications": 15},
        "placement": {"centres_cost_yuan": 700000.0, "centres_mip_gap": 0.0,
                      "beds_mip_gap": [0.0], "bed_travel_minutes": 60},
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_section_has_its_tables_in_each_language(tmp_path, lang) -> None:
    section = placement_section(_folder(tmp_path), lang)
    assert section is not None
    assert ("十一、布局方案" if lang == "zh" else "11. Where to build") == section.heading
    regional = "（全日托）2个" if lang == "zh" else "2 new regional centres"
    assert "mip_gap" in section.summary and regional in section.summary
    titles = [title for title, _, _ in section.tables]
    assert len(titles) == 3
    townships, naive, coverage = (rows for _, rows, _ in section.tables)
    assert len(townships) == 4 and townships.iloc[3, 7] == "2/3"
    assert len(naive) == 2
    assert coverage.iloc[1, 3] == (
        "候选点无法达到" if lang == "zh" else "out of the candidates' reach"
    )


def test_no_placement_no_section(tmp_path) -> None:
    record = _folder(tmp_path)
    assert placement_section({**record, "placement": None}, "zh") is None
    assert placement_section(None, "en") is None


@pytest.mark.slow
def test_the_map_draws_both_panels(tmp_path) -> None:
    figure = placement_map(_placement(), PLACES, None, "en")
    # The chart style puts titles on the left.
    titles = [ax.get_title() or ax.get_title(loc="left") for ax in figure.axes]
    assert [title for title in titles if title] == ["Before", "After the plan"]
    out = tmp_path / PLACEMENT_MAP
    out.parent.mkdir()
    figure.savefig(out, dpi=60)
    assert out.stat().st_size > 1000
    # The record of the shown files: a json-able placement (no NaN) is what the report reads.
    json.dumps(_folder(tmp_path)["placement"], allow_nan=False)
