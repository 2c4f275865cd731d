"""Two goals on one target (indicator and year) are refused by `sim validate` and
`sim optimise` alike: one line naming the file and the goal, exit code 2, no work."""

from __future__ import annotations

import pytest
import yaml
from conftest import SCENARIOS

from sim.cli import main
from sim.config.goals import load_goals
from sim.errors import InputError

LEVERS = [{"id": "add_nursing", "set": "beds.add_nursing", "min": 0, "max": 600, "step": 20}]


def _goals_file(tmp_path, goals):
    path = tmp_path / "goals.yaml"
    document = {
        "base": str(SCENARIOS / "15th" / "no-new-investment.yaml"),
        "levers": LEVERS,
        "goals": goals,
    }
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


SAME_YEAR = [
    {"indicator": "nursing_bed_share", "year": 2030, "at_least": 73},
    {"indicator": "mean_wait_days", "year": 2030, "at_most": 30},
    {"indicator": "nursing_bed_share", "year": 2030, "at_least": 60},
]
#: A range of years that takes in the year of another goal on the same indicator.
OVERLAPPING_RANGE = [
    {"indicator": "home_care_need_met", "year": 2030, "at_least": 95},
    {"indicator": "home_care_need_met", "year": 2028, "to_year": 2030, "at_least": 90},
]


@pytest.mark.parametrize(
    ("goals", "key", "year"), [(SAME_YEAR, "goals.2", 2030), (OVERLAPPING_RANGE, "goals.1", 2030)]
)
def test_the_loader_names_the_second_goal_on_one_target(tmp_path, goals, key, year) -> None:
    path = _goals_file(tmp_path, goals)
    with pytest.raises(InputError) as caught:
        load_goals(path)
    assert caught.value.file == str(path)
    assert caught.value.key == key
    assert f"in {year}" in caught.value.message and "goals.0" in caught.value.message


@pytest.mark.parametrize("command", ["validate", "optimise"])
def test_validate_and_optimise_refuse_duplicate_goals(tmp_path, capsys, command) -> None:
    path = _goals_file(tmp_path, SAME_YEAR)
    out = tmp_path / "out"
    argv = [command, str(path)] + (["--out", str(out), "--quiet"] if command == "optimise" else [])
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith(f"{path}: goals.2: a second goal on nursing_bed_share in 2030")
    assert not out.exists()


def test_goals_on_different_years_or_indicators_are_accepted(tmp_path) -> None:
    goals = [
        {"indicator": "nursing_bed_share", "year": 2029, "at_least": 70},
        {"indicator": "nursing_bed_share", "year": 2030, "at_least": 73},
        {"indicator": "home_care_need_met", "year": 2028, "to_year": 2030, "at_least": 90},
        {"indicator": "mean_wait_days", "year": 2028, "to_year": 2030, "at_most": 30},
    ]
    assert len(load_goals(_goals_file(tmp_path, goals)).spec.goals) == 4
