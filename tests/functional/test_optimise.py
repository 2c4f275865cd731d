"""`sim optimise`: a goals file becomes the least-cost plan that meets it, written as an
editable scenario with its verification, frontier and report; goals that cannot be met
say which and by how much, and a bad goals file is one line and exit code 2. (That a
plan's stated probability holds with fresh seeds: test_optimise_fresh_seeds.py.)"""

from __future__ import annotations

import json

import docx
import pandas as pd
import pytest
import yaml
from conftest import ROOT
from optimise_goals import QUICK, goals_file

from sim.cli import main
from sim.config.load import load_scenario
from sim.experiments.optimise import EXIT_GOALS_NOT_MET


@pytest.fixture(scope="module")
def optimised(tmp_path_factory):
    root = tmp_path_factory.mktemp("optimise")
    goals = goals_file(root, [
        {"indicator": "nursing_bed_share", "year": 2030, "at_least": 62},
        {"indicator": "consortia", "year": 2030, "at_least": 12},
    ])  # fmt: skip
    out = root / "out"
    code = main(["optimise", goals, "--out", str(out), "--quiet"])
    return code, out


def test_the_plan_meets_its_goals_and_is_an_editable_scenario(optimised) -> None:
    code, out = optimised
    assert code == 0
    plan = yaml.safe_load((out / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["extends"].endswith("no-new-investment.yaml")
    assert plan["targets"] == {"nursing_bed_share": {2030: 62}, "consortia": {2030: 12}}
    scenario = load_scenario(out / "plan.yaml")  # it runs as written
    assert scenario.supply.consortia[2030] >= 12
    # The verification run (a fresh seed) reports each goal's P(met) in targets.csv.
    targets = pd.read_csv(out / "verification" / "targets.csv")
    assert set(targets["indicator"]) == {"nursing_bed_share", "consortia"}
    record = json.loads((out / "optimisation.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "verification" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seeds"]["quick-plan"] == record["search"]["verification_seed"]
    goals = pd.read_csv(out / "goals.csv")
    assert (goals["verified_p_met"] >= goals["required_probability"]).all()
    # The cheapest plan gives no more consortia than the goal asks: the goal binds.
    consortia = goals.set_index("indicator").loc["consortia"]
    assert consortia["verified_mean"] == 12 and consortia["binding"]


def test_the_folder_holds_the_frontier_the_charts_and_the_report(optimised) -> None:
    _, out = optimised
    frontier = pd.read_csv(out / "frontier.csv")
    assert list(frontier["probability"]) == [0.5, 0.8]
    assert (frontier["simulated_cost_yuan"] > 0).all()
    # The plan held at 0.8 in its check: the frontier's point at 0.8 is reached and costs
    # no more than the plan did there (the plan itself is a candidate).
    record = json.loads((out / "optimisation.json").read_text(encoding="utf-8"))
    plan_check = next(r for r in record["rounds"] if r["levers"] == record["plan"])
    at_plan = frontier.set_index("probability").loc[0.8]
    assert at_plan["reached"] and at_plan["goals_held"] == at_plan["goals"]
    assert at_plan["simulated_cost_yuan"] <= plan_check["simulated_cost"] + 1e-6
    assert (frontier["p_met_low"] <= frontier["p_met_high"]).all()
    # Every checked plan, the verification (the plan as written, on the scaled base)
    # among them, says the share of the district it ran: costs compare at district size.
    checked = pd.read_csv(out / "checked.csv")
    assert "verification" in set(checked["source"])
    assert set(checked["population_scale"]) == {QUICK["population_scale"]}
    # Every P(met) written carries its interval, and each lever says whether it binds.
    goals = pd.read_csv(out / "goals.csv")
    assert (goals["p_met_low"] <= goals["verified_p_met"]).all()
    assert (goals["verified_p_met"] <= goals["p_met_high"]).all()
    levers = pd.read_csv(out / "levers.csv")
    assert list(levers["lever"]) == ["add_nursing", "convert", "consortia"]
    assert {"value", "binding", "binds_below"} <= set(levers.columns)
    assert [r["lever"] for r in record["lever_binding"]] == list(levers["lever"])
    header = (out / "plan.yaml").read_text(encoding="utf-8").split("extends:")[0]
    assert "#   consortia = " in header and ": binds" in header
    assert (out / "charts" / "frontier.png").is_file()
    assert (out / "verification" / "charts" / "targets.png").is_file()
    text = "\n".join(p.text for p in docx.Document(str(out / "report-zh.docx")).paragraphs)
    assert "十、投资方案优化" in text and "最低财政支出方案" in text


def test_goals_beyond_the_levers_say_which_and_write_the_closest_plan(tmp_path, capsys) -> None:
    # One round and one frontier level: the goal is out of reach at every point anyway.
    goals = goals_file(tmp_path, [{"indicator": "consortia", "year": 2030, "at_least": 30}],
                       search={**QUICK, "rounds": 1, "frontier": [0.5]})  # fmt: skip
    out = tmp_path / "out"
    code = main(["optimise", goals, "--out", str(out), "--quiet", "--no-report"])
    err = capsys.readouterr().err
    assert code == EXIT_GOALS_NOT_MET
    assert "consortia@2030" in err and "bound of 20" in err
    plan = yaml.safe_load((out / "plan.yaml").read_text(encoding="utf-8"))
    assert plan["supply"]["consortia"][2030] == 20, "the closest plan: every consortium allowed"


def test_an_insurance_lever_sets_the_take_up_of_the_bases_scheme(tmp_path) -> None:
    from sim.config.goals import load_goals
    from sim.experiments.optimise import plan_mapping

    base = ROOT / "scenarios" / "15th" / "ltc-insurance-2030.yaml"
    lever = {"id": "take_up", "set": "ltc.take_up", "min": 0.2, "max": 1, "step": 0.2}
    goals = load_goals(goals_file(tmp_path, [{"indicator": "consortia", "year": 2030,
                                          "at_least": 12}], base=str(base), levers=[lever]))  # fmt: skip
    document = plan_mapping(goals, {"take_up": 0.4}, "plan")
    assert document["ltc"]["take_up"] == 0.4
    assert document["ltc"]["start_year"] == 2027  # the rest of the base's scheme stays
    # The plan is a valid scenario, and the same rule applies through `sim validate`.
    assert main(["validate", goals_file(tmp_path, [{"indicator": "consortia", "year": 2030,
                                                "at_least": 12}], base=str(base),
                                     levers=[lever])]) == 0  # fmt: skip


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"levers": [{"id": "x", "set": "beds.add_palaces", "min": 0, "max": 1, "step": 1}]},
         "levers.0"),
        ({"goals": [{"indicator": "gave_up", "year": 2030, "at_least": 3}]}, "goals.0"),
        ({"goals": [{"indicator": "consortia", "year": 2050, "at_least": 3}]}, "goals.0.year"),
        ({"base": "missing.yaml"}, "base"),
        ({"levers": [{"id": "x", "set": "beds.add_nursing", "min": -100, "max": 0, "step": 50}]},
         "levers.0.min"),
        ({"levers": [{"id": "x", "set": "home_care.purchased_share", "min": 0, "max": 2,
                      "step": 0.5}]}, "levers.0.max"),
        ({"levers": [{"id": "x", "set": "beds.add_nursing", "min": 0, "max": 100, "step": 50,
                      "first_year": 2029, "last_year": 2027}]}, "levers.0.last_year"),
        ({"levers": [{"id": "x", "set": "ltc.take_up", "min": 0, "max": 1, "step": 0.5}]},
         "levers.0.set"),
    ],
)  # fmt: skip
def test_a_bad_goals_file_is_one_line_and_exit_2(tmp_path, capsys, change, key) -> None:
    goals = goals_file(
        tmp_path, [{"indicator": "consortia", "year": 2030, "at_least": 12}], **change
    )
    out = tmp_path / "out"
    assert main(["optimise", goals, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "goals.yaml" in err[0] and key in err[0]
    assert not out.exists()
