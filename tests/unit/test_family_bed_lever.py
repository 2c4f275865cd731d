"""Family care beds (家庭养老床位) are a lever of `sim optimise`: a goals file may ask how
many to set up a year, and the plan writes them into the scenario's supply, from the
lever's first year on, as a scenario of the planner's own would."""

from __future__ import annotations

import pytest
import yaml
from conftest import SCENARIOS

from sim.config.goals import load_goals, plan_supply
from sim.config.load import scenario_from_mapping
from sim.config.yaml_files import deep_merge

LEVERS = [
    {"id": "family_beds", "set": "family_beds.add_per_year", "min": 0, "max": 3000,
     "step": 100},
    {"id": "add_nursing", "set": "beds.add_nursing", "min": 0, "max": 600, "step": 20},
]  # fmt: skip


def _goals(folder):
    """The 15th plan's base with the two levers and a goal of 52 beds per 1,000 in 2030."""
    path = folder / "goals.yaml"
    document = {
        "base": str(SCENARIOS / "15th" / "no-new-investment.yaml"),
        "levers": LEVERS,
        "goals": [{"indicator": "beds_per_1000_older", "year": 2030, "at_least": 52}],
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_goals(path)


def test_a_family_bed_lever_sets_the_beds_added_a_year(tmp_path) -> None:
    goals = _goals(tmp_path)
    supply = plan_supply(goals, {"family_beds": 800.0, "add_nursing": 40.0})
    assert supply["family_beds"] == {"add_per_year": {2026: 800}}
    scenario = scenario_from_mapping(
        deep_merge(goals.base.model_dump(), {"supply": supply}), "<plan>"
    )
    assert scenario.supply.family_beds.add_per_year[2026] == 800


def test_the_surrogate_lets_family_beds_move_beds_per_1000(tmp_path) -> None:
    import pandas as pd

    from sim.experiments.surrogate import fit

    goals = _goals(tmp_path)
    # Four points: 1,000 family beds a year add 20 per 1,000, 100 nursing beds add 2.
    levers = pd.DataFrame({"family_beds": [0.0, 1000.0, 0.0, 1000.0],
                           "add_nursing": [0.0, 0.0, 100.0, 100.0]})  # fmt: skip
    value = 36 + 0.02 * levers["family_beds"] + 0.02 * levers["add_nursing"]
    results = pd.DataFrame({"point": levers.index, "replication": 0,
                            "beds_per_1000_older@2030": value, "cost": 1e6})  # fmt: skip
    slope = fit(goals, levers, results).slope["beds_per_1000_older@2030"]
    assert slope == pytest.approx([0.02, 0.02])
