"""Goals by township and levers placed by township in a goals file: `area: each` is one
goal per township, duplicates after that are refused, candidates name known townships,
and the placement puts the plan's supply in `supply.townships`."""

from __future__ import annotations

import pytest
import yaml
from conftest import SCENARIOS

from sim.config.goals import load_goals, plan_changes
from sim.errors import InputError
from sim.experiments.placement_plan import PlacementShortError, attach_placement

BASE = SCENARIOS / "15th" / "no-new-investment.yaml"
BEDS = {"id": "beds", "set": "beds.add_nursing", "min": 0, "max": 200, "step": 20,
        "candidates": "all"}  # fmt: skip
CENTRES = {"id": "day_care", "set": "day_care_centres.add", "min": 0, "max": 1, "step": 1,
           "candidates": ["331003101", "331003200"]}  # fmt: skip


def _goals_file(tmp_path, goals, levers=(BEDS,)):
    path = tmp_path / "goals.yaml"
    document = {"base": str(BASE), "levers": list(levers), "goals": goals}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_each_is_one_goal_per_township(tmp_path) -> None:
    path = _goals_file(tmp_path, [
        {"indicator": "home_care_need_met", "year": 2030, "at_least": 60, "area": "each"},
        {"indicator": "nursing_bed_share", "year": 2030, "at_least": 60},
    ])  # fmt: skip
    goals = load_goals(path)
    codes = goals.pack.places.codes
    areas = [goal.area for goal in goals.spec.goals]
    assert areas == [*codes, None]
    assert len(codes) == 19


def test_a_township_goal_repeated_by_each_is_refused(tmp_path) -> None:
    path = _goals_file(tmp_path, [
        {"indicator": "home_care_need_met", "year": 2030, "at_least": 60, "area": "each"},
        {"indicator": "home_care_need_met", "year": 2030, "at_least": 70, "area": "331003200"},
    ])  # fmt: skip
    with pytest.raises(InputError) as caught:
        load_goals(path)
    assert caught.value.key == "goals.19"  # the first after the expansion's 19
    assert "in 331003200" in caught.value.message


@pytest.mark.parametrize(("lever", "key", "words"), [
    ({**BEDS, "candidates": ["331003999"]}, "levers.0.candidates", "unknown township"),
    ({**CENTRES, "candidates": None}, "levers.1.candidates", "give candidates"),
    ({**BEDS, "set": "beds.add_ordinary"}, "levers.0.candidates", "expected only on"),
])  # fmt: skip
def test_bad_candidates_are_refused(tmp_path, lever, key, words) -> None:
    levers = [lever] if lever["id"] == "beds" else [BEDS, lever]
    path = _goals_file(tmp_path, [{"indicator": "nursing_bed_share", "year": 2030,
                                   "at_least": 60}], levers)  # fmt: skip
    with pytest.raises(InputError) as caught:
        load_goals(path)
    assert caught.value.key == key and words in caught.value.message


def test_district_only_indicators_take_no_area(tmp_path) -> None:
    path = _goals_file(tmp_path, [{"indicator": "urban_rural_gap_beds", "year": 2030,
                                   "at_most": 10, "area": "each"}])  # fmt: skip
    with pytest.raises(InputError) as caught:
        load_goals(path)
    assert caught.value.key == "goals.0.area"


@pytest.mark.slow
def test_the_plan_places_supply_by_township(tmp_path) -> None:
    path = _goals_file(tmp_path, [
        {"indicator": "township_centre_coverage", "year": 2030, "at_least": 100,
         "area": "331003200"},
        {"indicator": "nursing_bed_share", "year": 2030, "at_least": 60},
    ], [BEDS, CENTRES])  # fmt: skip
    goals = load_goals(path)
    assert [lever.id for lever in goals.spec.levers] == ["beds"]
    record = attach_placement(goals)
    assert record is not None and record.siting is not None
    changes = plan_changes(goals, {"beds": 100})
    townships = changes["supply"]["townships"]
    # The one township the goal names gets the one regional centre; nothing else does.
    assert townships["331003200"]["day_care_centres"] == {2026: {"add": 1}}
    assert sum("day_care_centres" in own for own in townships.values()) == 1
    # The beds are placed, not spread: no district-wide beds, 100 a year by township.
    assert "beds" not in changes["supply"]
    per_year = [own["beds"][2027]["add_nursing"] for own in townships.values() if "beds" in own]
    assert sum(per_year) == 100
    assert record.beds[100].mip_gap == pytest.approx(0.0, abs=1e-9)


@pytest.mark.slow
def test_a_goal_no_candidate_can_meet_names_the_township(tmp_path) -> None:
    path = _goals_file(tmp_path, [
        {"indicator": "township_centre_coverage", "year": 2030, "at_least": 100,
         "area": "331003201"},
    ], [BEDS, CENTRES])  # fmt: skip
    goals = load_goals(path)
    with pytest.raises(PlacementShortError) as caught:
        attach_placement(goals)
    assert caught.value.messages[0].startswith("331003201 上郑乡 (Shangzheng Township): "
                                               "township_centre_coverage")  # fmt: skip


@pytest.mark.slow
def test_a_count_of_townships_with_full_day_care_is_sited(tmp_path) -> None:
    """Nine townships have a regional centre with full-day care: twelve needs three more,
    at the candidates with the most people aged 60+ (all cost the same)."""
    every = {**CENTRES, "candidates": "all"}
    path = _goals_file(tmp_path, [{"indicator": "townships_with_day_care_centre",
                                   "year": 2030, "at_least": 12}], [BEDS, every])  # fmt: skip
    goals = load_goals(path)
    record = attach_placement(goals)
    assert record is not None and record.siting is not None
    sited = [code for code, new in zip(record.codes, record.siting.day_care, strict=True) if new]
    assert sited == ["331003101", "331003102", "331003103"]  # 宁溪镇, 北洋镇, 头陀镇
