"""The workbook end to end: a template filled with a few of the bureau's figures, imported
into a copy of the Huangyan pack, and a small run from that copy that no longer lists
those figures as estimates (the line `sim run` prints first, and the manifest)."""

from __future__ import annotations

import json
import shutil

import yaml
from conftest import ROOT
from openpyxl import load_workbook

from sim.cli import main

SCALE = 0.05
IMPORTED = ("population_total", "waiting_list", "caregivers_home_care",
            "certified_caregivers_home_care")  # fmt: skip


def _assumed(line: str) -> set[str]:
    """The items the first line of `sim run` lists as estimates, assumptions or defaults."""
    listed = line[line.index("(") + 1 : line.rindex(")")]
    return {item.strip() for item in listed.split(",")}


def test_imported_figures_are_observed_in_the_next_run(tmp_path, capsys) -> None:
    pack = tmp_path / "huangyan"
    shutil.copytree(ROOT / "data" / "districts" / "huangyan", pack)
    scenario = tmp_path / "small.yaml"
    scenario.write_text(yaml.safe_dump({
        "extends": str(ROOT / "scenarios" / "15th" / "no-new-investment.yaml"),
        "population_scale": SCALE, "end_year": 2027, "district": str(pack),
    }), encoding="utf-8")  # fmt: skip
    assert main(["validate", str(scenario)]) == 0

    book = tmp_path / "book.xlsx"
    assert main(["pack", "template", str(book), "--district", str(pack)]) == 0
    workbook = load_workbook(book)
    workbook["说明"]["B2"] = "黄岩区民政局"
    workbook["说明"]["B3"] = "2026-11-30"
    figures = workbook["基年数据"]
    row = next(r for r in range(2, 40) if figures.cell(r, 1).value == "population_total")
    figures.cell(row, 7).value = 621000
    for township_row in range(2, 21):  # every township's waiting list and home-care workers
        workbook["轮候名单"].cell(township_row, 2).value = 12
        workbook["居家服务"].cell(township_row, 3).value = 18
        workbook["居家服务"].cell(township_row, 4).value = 4
    workbook.save(book)
    capsys.readouterr()
    assert main(["pack", "import", str(book), "--district", str(pack)]) == 0
    assert "observed.csv 2025.waiting_list" in capsys.readouterr().out

    out = tmp_path / "run"
    code = main(["run", str(scenario), "--replications", "1", "--out", str(out),
                 "--no-charts"])  # fmt: skip
    assert code == 0
    first = capsys.readouterr().err.strip().splitlines()[0]
    assert "2025:" in first and not _assumed(first) & set(IMPORTED)
    assert {"residents_nursing", "beds_nursing"} <= _assumed(first)  # still estimates
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (record,) = manifest["base_state"].values()
    assert not set(record["assumed"]) & set(IMPORTED)
    figures = record["figures"]
    assert figures["waiting_list"]["value"] == 12 * 19
    assert figures["caregivers_home_care"]["value"] == 18 * 19
    assert figures["population_total"]["status"] == "observed"
    assert "黄岩区民政局" in figures["population_total"]["source_zh"]
