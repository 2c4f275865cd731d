"""District packs: a bad pack is one line naming the file and the field, exit code 2, and
nothing written; an empty pack lists and explains every field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import yaml
from conftest import ROOT

from sim.cli import main
from sim.config.pack_schema import OBSERVED_ITEMS

SYNTHETIC = ROOT / "data" / "districts" / "synthetic-county"


def _pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(SYNTHETIC, folder)
    return folder


def _scenario(tmp_path: Path, folder: Path, **extra) -> Path:
    path = tmp_path / "s.yaml"
    document = {"name": "s", "title": {"zh": "s", "en": "s"}, "district": str(folder), **extra}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _rejected(capsys, scenario: Path, out: Path, file: str, field: str) -> str:
    code = main(["run", str(scenario), "--replications", "1", "--out", str(out), "--no-charts"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2, err
    assert len(err) == 1, err
    assert err[0].startswith(file), err[0]
    assert field in err[0], err[0]
    assert not out.exists() and not list(out.parent.glob(f".{out.name}*"))
    assert main(["validate", str(scenario)]) == 2
    assert capsys.readouterr().err.strip() == err[0]  # validate says the same
    return err[0]


def _edit_observed(folder: Path, year: int, item: str, value: str) -> None:
    path = folder / "observed.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[(table["year"] == str(year)) & (table["item"] == item), "value"] = value
    table.to_csv(path, index=False)


def test_a_missing_file(tmp_path, capsys) -> None:
    folder = _pack(tmp_path)
    (folder / "targets.csv").unlink()
    _rejected(capsys, _scenario(tmp_path, folder), tmp_path / "out", str(folder / "targets.csv"),
              "file not found")  # fmt: skip


def test_a_negative_count(tmp_path, capsys) -> None:
    folder = _pack(tmp_path)
    _edit_observed(folder, 2025, "beds_nursing", "-5")
    line = _rejected(capsys, _scenario(tmp_path, folder), tmp_path / "out",
                     str(folder / "observed.csv"), "2025.beds_nursing")  # fmt: skip
    assert ">= 0" in line


def test_a_base_year_without_observations(tmp_path, capsys) -> None:
    folder = _pack(tmp_path)
    line = _rejected(capsys, _scenario(tmp_path, folder, base_year=2023), tmp_path / "out",
                     str(folder / "observed.csv"), "2023")  # fmt: skip
    assert "no observations for base year 2023" in line


def test_targets_for_an_unknown_indicator(tmp_path, capsys) -> None:
    folder = _pack(tmp_path)
    with (folder / "targets.csv").open("a", encoding="utf-8") as targets:
        targets.write("happiness,2030,90,expected,proposed,made up,\n")
    _rejected(capsys, _scenario(tmp_path, folder), tmp_path / "out", str(folder / "targets.csv"),
              "happiness: unknown indicator")  # fmt: skip


def test_a_missing_required_figure_and_an_inconsistent_one(tmp_path, capsys) -> None:
    folder = _pack(tmp_path)
    _edit_observed(folder, 2025, "population_60plus", "")
    _rejected(capsys, _scenario(tmp_path, folder), tmp_path / "out", str(folder / "observed.csv"),
              "2025.population_60plus: required figure is missing")  # fmt: skip
    folder = _pack(tmp_path / "second")
    (folder / "townships.csv").unlink()  # one area: its homes.csv would disagree first
    _edit_observed(folder, 2025, "beds_nursing", "500")
    _rejected(capsys, _scenario(tmp_path, folder), tmp_path / "out", str(folder / "observed.csv"),
              "2025.residents_nursing: more residents than nursing-type beds")  # fmt: skip


def test_an_unknown_district(tmp_path, capsys) -> None:
    scenario = _scenario(tmp_path, Path("atlantis"))
    _rejected(capsys, scenario, tmp_path / "out", str(scenario), "district")


def test_new_district_writes_an_empty_pack_with_every_field(tmp_path, capsys) -> None:
    out = tmp_path / "lianhua"
    assert main(["new-district", "lianhua", "--out", str(out), "--year", "2025"]) == 0
    observed = pd.read_csv(out / "observed.csv")
    assert list(observed["item"]) == list(OBSERVED_ITEMS)
    assert observed["value"].isna().all()
    assert observed["note"].str.len().min() > 20  # every field explained
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert all(f"`{item}`" in readme for item in OBSERVED_ITEMS)
    # Not overwritten without --force.
    (out / "observed.csv").write_text("mine", encoding="utf-8")
    assert main(["new-district", "lianhua", "--out", str(out)]) == 2
    assert (out / "observed.csv").read_text(encoding="utf-8") == "mine"
    assert "--force" in capsys.readouterr().err
    # An empty pack cannot be run yet, and says why in one line.
    assert main(["new-district", "lianhua", "--out", str(out), "--force"]) == 0
    scenario = _scenario(tmp_path, out)
    assert main(["validate", str(scenario)]) == 2


def test_estimated_tables_by_age_are_named_until_real_figures_replace_them(tmp_path) -> None:
    from sim.config.load import load_scenario
    from sim.experiments.runs import assumed_summary, base_state_record

    folder = tmp_path / "huangyan"
    shutil.copytree(ROOT / "data" / "districts" / "huangyan", folder)
    scenario = load_scenario(_scenario(tmp_path, folder, base_year=2025, end_year=2030))
    record = base_state_record(scenario)
    assert record["population_structure"] == record["prevalence"] == "estimate"
    assert "age structure estimated" in assumed_summary(record)
    # The bureau's own 2025 population by age: published, so no longer listed.
    population = pd.read_csv(folder / "population.csv")
    population.loc[population["year"] == 2025, "confidence"] = "high"
    population.to_csv(folder / "population.csv", index=False)
    record = base_state_record(scenario)
    assert record["population_structure"] == "district" and record["prevalence"] == "estimate"
    assert "age structure" not in assumed_summary(record)
