"""`sim optimise` with goals by township: the plan places beds and a regional centre in
townships (written as `supply.townships`), the verification reads the township goals,
the folder holds the placement, the naive rule and the coverage frontier; a township
goal no candidate can meet is exit code 3, naming the township."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from optimise_goals import goals_file

from sim.cli import main
from sim.config.load import load_scenario

BEDS = {"id": "beds", "set": "beds.add_nursing", "min": 0, "max": 200, "step": 40,
        "candidates": ["331003101", "331003200", "331003201"]}  # fmt: skip
CENTRES = {"id": "day_care", "set": "day_care_centres.add", "min": 0, "max": 1, "step": 1,
           "candidates": "all"}  # fmt: skip
QUICK = {"design_points": 4, "replications": 2, "check_replications": 2,
         "verification_replications": 2, "rounds": 1, "frontier": [0.5],
         "population_scale": 0.05}  # fmt: skip
#: Two replications certify a probability of one half: every check stays at two.
PROBABILITY = 0.5


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    root = tmp_path_factory.mktemp("townships")
    goals = goals_file(root, [
        {"indicator": "township_centre_coverage", "year": 2030, "at_least": 100,
         "area": "331003200"},
        {"indicator": "township_centre_coverage", "year": 2030, "at_least": 50},
        {"indicator": "beds_per_1000_older", "year": 2030, "at_least": 25},
    ], levers=[BEDS, CENTRES], search=QUICK, probability=PROBABILITY)  # fmt: skip
    out = root / "out"
    code = main(["optimise", goals, "--out", str(out), "--quiet", "--no-report", "--jobs", "1"])
    return code, out


def test_the_plan_places_supply_by_township(placed) -> None:
    code, out = placed
    assert code in (0, 3)  # the tiny search may not certify; the plan is written either way
    plan = yaml.safe_load((out / "plan.yaml").read_text(encoding="utf-8"))
    townships = plan["supply"]["townships"]
    assert townships["331003200"]["day_care_centres"] == {2026: {"add": 1}}
    assert "beds" not in plan["supply"]  # placed, not spread
    beds = {code: own["beds"] for code, own in townships.items() if "beds" in own}
    assert set(beds) <= set(BEDS["candidates"])
    scenario = load_scenario(out / "plan.yaml")  # runs as written
    assert "331003200" in scenario.supply.townships
    record = json.loads((out / "optimisation.json").read_text(encoding="utf-8"))
    assert record["placement"]["centres_mip_gap"] == pytest.approx(0.0, abs=1e-9)
    goals = pd.read_csv(out / "goals.csv", dtype={"area": str})
    coverage = goals[(goals["indicator"] == "township_centre_coverage")
                     & (goals["area"] == "331003200")]  # fmt: skip
    assert coverage["verified_mean"].tolist() == [100.0]


def test_the_folder_compares_with_the_naive_rule(placed) -> None:
    _, out = placed
    naive = pd.read_csv(out / "naive.csv")
    assert list(naive["rule"]) == ["placement", "by_60plus", "by_60plus", "by_60plus"]
    # Spread by people aged 60+, centres are community centres: the coverage of regional
    # centres does not move, whatever the money.
    spread = naive[naive["rule"] == "by_60plus"]["township_centre_coverage"]
    assert (spread == spread.iloc[0]).all()
    assert naive["township_centre_coverage"].iloc[0] > spread.iloc[0]
    frontier = pd.read_csv(out / "coverage_frontier.csv")
    costs = frontier["cost_yuan"].dropna().to_numpy()
    assert (costs[1:] >= costs[:-1]).all()  # more coverage never costs less
    table = pd.read_csv(out / "placement.csv", dtype={"area": str})
    assert "area" in table and table["regional_centre"].sum() >= 1


def test_a_township_no_candidate_reaches_is_exit_code_3(tmp_path, capsys) -> None:
    only_yutou = {**CENTRES, "candidates": ["331003200"]}
    goals = goals_file(tmp_path, [
        {"indicator": "township_centre_coverage", "year": 2030, "at_least": 100,
         "area": "331003201"},
    ], levers=[BEDS, only_yutou], search=QUICK, probability=PROBABILITY)  # fmt: skip
    out = tmp_path / "out"
    assert main(["optimise", goals, "--out", str(out), "--quiet"]) == 3
    error = capsys.readouterr().err
    assert "331003201 上郑乡" in error and "not a candidate site" in error
    assert not out.exists()
