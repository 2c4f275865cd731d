"""Which levers of a plan bind: a hiring ceiling the providers' yearly hires never come
near does not bind, and binds below the most hired in a year; other levers bind."""

from __future__ import annotations

import pandas as pd
import yaml
from conftest import ROOT

from sim.config.goals import load_goals
from sim.experiments.levers import binding_comment, lever_binding

BASE = ROOT / "scenarios" / "15th" / "no-new-investment.yaml"
LEVERS = [
    {"id": "add_nursing", "set": "beds.add_nursing", "min": 0, "max": 400, "step": 40},
    {"id": "hire_homes", "set": "caregivers.hire_per_year", "min": 200, "max": 1000, "step": 20},
    {"id": "hire_home_care", "set": "home_care.hire_per_year", "min": 70, "max": 600,
     "step": 10},
]  # fmt: skip


def _goals(tmp_path):
    document = {"base": str(BASE), "levers": LEVERS,
                "goals": [{"indicator": "consortia", "year": 2030, "at_least": 12}]}  # fmt: skip
    path = tmp_path / "goals.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_goals(path)


def _hires(homes: list[float], home_care: list[float]) -> pd.DataFrame:
    rows = []
    for replication, (a, b) in enumerate(zip(homes, home_care, strict=True)):
        for year in range(2026, 2031):
            # the most in the middle of the period, less before and after
            share = 1.0 if year == 2028 else 0.8
            rows.append({"replication": replication, "setting": "homes", "year": year,
                         "hires": a * share})  # fmt: skip
            rows.append({"replication": replication, "setting": "home_care", "year": year,
                         "hires": b * share})  # fmt: skip
    return pd.DataFrame(rows)


def test_a_ceiling_the_hires_never_reach_does_not_bind(tmp_path) -> None:
    goals = _goals(tmp_path)
    values = {"add_nursing": 200, "hire_homes": 940, "hire_home_care": 350}
    # Homes hire at most 690 a year against a ceiling of 940; home care reaches its
    # ceiling of 350 (a Poisson count at the ceiling's mean, here 352).
    table = lever_binding(goals, values, _hires([640, 690, 600], [330, 352, 340]), 1.0)
    rows = table.set_index("lever")
    assert not rows.loc["hire_homes", "binding"]
    assert rows.loc["hire_homes", "binds_below"] == 690
    assert rows.loc["hire_homes", "most_used"] == 690
    assert rows.loc["hire_home_care", "binding"]
    assert rows.loc["hire_home_care", "binds_below"] == 350
    assert rows.loc["add_nursing", "binding"]  # every bed is built: it binds at its value
    assert "hire_homes = 940: does not bind" in binding_comment(table)
    assert "the same outcome down to 690, below which it binds" in binding_comment(table)


def test_near_the_ceiling_at_a_small_scale_counts_as_binding(tmp_path) -> None:
    # At a twentieth of the district, 850 a year is 42.5 hires against 47: within three
    # Poisson standard deviations of the ceiling, so the ceiling may bind. Home care's
    # 60 (3 hires against 17.5) is far under its ceiling of 350.
    goals = _goals(tmp_path)
    values = {"add_nursing": 0, "hire_homes": 940, "hire_home_care": 350}
    table = lever_binding(goals, values, _hires([850, 800, 820], [40, 60, 50]), 0.05)
    rows = table.set_index("lever")
    assert rows.loc["hire_homes", "binding"]
    assert not rows.loc["hire_home_care", "binding"]
    assert rows.loc["hire_home_care", "binds_below"] == 60
