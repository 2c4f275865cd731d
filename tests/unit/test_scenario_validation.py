"""Bad scenario files: one line naming the file and the key, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import SCENARIOS, scenario_file

from sim.cli import main


def _base() -> dict:
    return {"extends": str(scenario_file("baseline")), "name": "broken"}


CASES = {
    "unknown key": ({"supply": {"beds": {2023: {"add_nursng": 10}}}}, "supply.beds.2023.add_nursng", "unknown key"),
    "unknown top-level key": ({"replicatons": 3}, "replicatons", "unknown key"),
    "wrong type": ({"replications": "many"}, "replications", "expected a whole number"),
    "negative count": ({"supply": {"beds": {2023: {"convert_to_nursing": -5}}}}, "supply.beds.2023.convert_to_nursing", ">= 0"),
    "probabilities not summing to 1": ({"assumptions": {"choice_full_bed": 0.9}}, "assumptions.choice_full_*", "sum to 1"),
    "probability above 1": ({"assumptions": {"choice_full_bed": 1.5}}, "assumptions.choice_full_bed", "from 0 to 1"),
    "year outside the horizon": ({"supply": {"centres": {2040: {"add": 3}}}}, "supply.centres.2040", "outside the horizon"),
    "target year outside the horizon": ({"targets": {"consortia": {2019: 1}}}, "targets.consortia.2019", "outside the horizon"),
    "target on unknown indicator": ({"targets": {"happiness": {2025: 90}}}, "targets.happiness", "unknown indicator"),
    "unknown assumption": ({"assumptions": {"mean_stay_days": 10}}, "assumptions.mean_stay_days", "unknown parameter"),
    "not a number": ({"assumptions": {"mean_patience_full_days": ".nan"}}, "assumptions.mean_patience_full_days", "expected a finite number"),
    "infinite": ({"supply": {"caregivers": {"hire_per_year": float("inf")}}}, "supply.caregivers.hire_per_year", "finite"),
    "closing more beds than exist": ({"supply": {"beds": {2022: {"close_nursing": 99999}}}}, "supply.beds.2022.close_nursing", "more nursing-type beds than exist"),
    "bad queue policy": ({"queue_policy": "random"}, "queue_policy", "expected 'fifo' or 'full_first'"),
    "supply in a validation scenario": ({"validation": {"arrivals_per_day": 1, "mean_stay_days": 5, "beds": 3}}, "supply", "not used in a validation scenario"),
    "zero staffing ratio": ({"assumptions": {"residents_per_caregiver_full": 0}}, "assumptions.residents_per_caregiver_full", "expected a number from 0.1 to 100"),
    "negative mean stay": ({"assumptions": {"mean_stay_before_discharge_days": -5}}, "assumptions.mean_stay_before_discharge_days", "expected a number > 0"),
    "attrition above 1": ({"assumptions": {"caregiver_attrition_per_year": 1.2}}, "assumptions.caregiver_attrition_per_year", "from 0 to 1"),
    "boolean for a count": ({"supply": {"centres": {2022: {"add": True}}}}, "supply.centres.2022.add", "whole number"),
}  # fmt: skip


def _assert_rejected(capsys, path: Path, out: Path, key: str, expected: str) -> None:
    code = main(["run", str(path), "--replications", "1", "--out", str(out)])
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 2
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(str(path)), lines[0]
    assert key in lines[0] and expected in lines[0], lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}*")), "no staging folder is left behind"


@pytest.mark.parametrize("case", list(CASES))
def test_bad_scenario_is_rejected_with_one_line(case, tmp_path, write_yaml, capsys) -> None:
    changes, key, expected = CASES[case]
    document = {**_base(), **changes}
    text = yaml.safe_dump(document).replace("'.nan'", ".nan")
    path = write_yaml("broken.yaml", text)
    _assert_rejected(capsys, path, tmp_path / "out", key, expected)
    assert main(["validate", str(path)]) == 2


def test_missing_file(tmp_path, capsys) -> None:
    _assert_rejected(capsys, tmp_path / "nope.yaml", tmp_path / "out", "", "file not found")


def test_malformed_yaml(tmp_path, write_yaml, capsys) -> None:
    path = write_yaml("bad.yaml", "name: x\nsupply: {beds: [1, 2\n")
    _assert_rejected(capsys, path, tmp_path / "out", "line", "YAML syntax error")


def test_top_level_not_a_mapping(tmp_path, write_yaml, capsys) -> None:
    path = write_yaml("list.yaml", "- 1\n- 2\n")
    _assert_rejected(capsys, path, tmp_path / "out", "", "expected a mapping")


def test_extends_cycle(tmp_path, write_yaml, capsys) -> None:
    write_yaml("a.yaml", {"extends": "b.yaml"})
    path = write_yaml("b.yaml", {"extends": "a.yaml"})
    _assert_rejected(capsys, path, tmp_path / "out", "extends", "cycle")


def test_extends_missing_parent(tmp_path, write_yaml, capsys) -> None:
    path = write_yaml("child.yaml", {"extends": "parent.yaml", "name": "child"})
    _assert_rejected(capsys, path, tmp_path / "out", "extends", "file not found: parent.yaml")


def test_bad_flag_is_one_line_and_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(scenario_file("baseline")), "--jobs", "zero"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_every_shipped_scenario_is_valid(capsys) -> None:
    files = sorted(str(p) for p in SCENARIOS.glob("*.yaml"))
    assert len(files) >= 4
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().err == ""


def test_child_lists_only_what_changes_and_keeps_its_own_name(write_yaml) -> None:
    from sim.config.load import load_scenario

    path = write_yaml("child.yaml", {"extends": str(scenario_file("plan-2025")), "seed": 9})
    child = load_scenario(path)
    parent = load_scenario(scenario_file("plan-2025"))
    assert child.name == "child"
    assert child.seed == 9
    assert child.supply == parent.supply
    assert child.targets == parent.targets


def test_manifest_documents_load_back_as_the_same_scenario() -> None:
    import json

    from sim.config.load import load_scenario, scenario_document, scenario_from_document

    for name in ("plan-2025", "care-workforce-first"):
        scenario = load_scenario(scenario_file(name))
        document = json.loads(json.dumps(scenario_document(scenario)))
        assert scenario_from_document(document) == scenario
