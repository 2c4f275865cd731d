"""The district by township in the presentation: the maps (on the pack's cells and, without
them, as a schematic), the table and workbook sheet of the plan year by township, the
summary sentences that name the townships that fall short, and an English report with no
Chinese in it.

The folder is a small real run of two shipped scenarios of the 15th plan (population
scale 0.02, one replication each, to 2030: a few seconds), with the pack's township cells copied
in beside its tables."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.experiments.record import read_record
from sim.present.charts import save_figure, write_folder_charts
from sim.present.charts.maps import (
    TOWNSHIP_GEOMETRY_FILE,
    places_of,
    read_township_map_data,
    township_map,
)
from sim.present.findings import township_beds_finding, township_home_care_finding
from sim.present.report_inputs import ReportInputs, load_report_inputs
from sim.present.township_tables import township_rows, township_sheet

#: A real run at a fiftieth of the district: not part of the fast tier.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CELLS = ROOT / "data" / "districts" / "huangyan" / TOWNSHIP_GEOMETRY_FILE
SCENARIOS = ("no-new-investment", "targets-2030")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run by township of the two scenarios, with the pack's cells in its folder."""
    folder = tmp_path_factory.mktemp("townships")
    files = []
    for name in SCENARIOS:
        scenario = folder / f"{name}.yaml"
        scenario.write_text(f"extends: {ROOT / 'scenarios' / '15th' / name}.yaml\n"
                            "population_scale: 0.02\nend_year: 2030\n",
                            encoding="utf-8")  # fmt: skip
        files.append(str(scenario))
    out = folder / "run"
    subprocess.run([sys.executable, "-m", "sim", "run", *files, "--out", str(out),
                    "--replications", "1", "--quiet", "--no-charts"],
                   cwd=ROOT, check=True)  # fmt: skip
    if not (out / TOWNSHIP_GEOMETRY_FILE).is_file():
        shutil.copyfile(CELLS, out / TOWNSHIP_GEOMETRY_FILE)
    return out


@pytest.fixture(scope="module")
def inputs(run_folder: Path) -> ReportInputs:
    return load_report_inputs([run_folder])


def test_the_run_has_townships(inputs: ReportInputs) -> None:
    assert inputs.places is not None
    assert len(inputs.places["codes"]) == 19
    assert inputs.township_geometry is not None


@pytest.mark.parametrize("cells", [True, False])
def test_a_map_is_drawn_with_and_without_cells(
    run_folder: Path, tmp_path: Path, cells: bool
) -> None:
    record = read_record(run_folder)
    data = read_township_map_data(run_folder, places_of(record.districts), SCENARIOS[0])
    assert data is not None
    if not cells:
        data = dataclasses.replace(data, geometry=None)
    figure = township_map(data, "home_care_need_met", lang="zh")
    texts = " ".join(text.get_text() for text in figure.findobj(lambda a: hasattr(a, "get_text")))
    assert "屿头乡" in texts and "2030" in texts
    assert ("示意图" in texts) != cells  # the schematic says it is one
    assert ("近似范围" in texts) == cells  # approximate cells say they are not boundaries
    (png,) = save_figure(figure, tmp_path / "map_home_care_need_met")
    assert png.is_file() and "map" in png.name and png.stat().st_size > 10_000


def test_an_english_map_names_the_townships_in_english(run_folder: Path) -> None:
    record = read_record(run_folder)
    data = read_township_map_data(run_folder, places_of(record.districts), SCENARIOS[0], "X")
    assert data is not None
    figure = township_map(data, "beds_per_1000_older", lang="en")
    texts = [text.get_text() for text in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert "Yutou" in texts
    assert not any(CJK.search(text) for text in texts)


def test_the_folder_charts_end_with_two_maps(run_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(run_folder, folder)
    paths = write_folder_charts(folder, "zh")
    maps = [path.name for path in paths if "map" in path.name]
    assert maps == ["map_home_care_need_met.png", "map_beds_per_1000_older.png"]


def test_the_township_table_has_a_row_per_township(inputs: ReportInputs) -> None:
    table = township_rows(inputs, "zh")
    assert len(table) == 19
    assert table.columns[0] == "乡镇（街道）"
    assert table.iloc[0, 0] == "东城街道"
    kinds = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert (
        kinds["屿头乡"] == "乡（山区）" and kinds["东城街道"] == "街道" and kinds["院桥镇"] == "镇"
    )


def test_the_workbook_sheet_keeps_numbers_and_the_area_code(inputs: ReportInputs) -> None:
    sheet = township_sheet(inputs, "en", {})
    assert len(sheet) == 19 * len(SCENARIOS)
    assert sheet["area"].iloc[0] == "331003001"
    assert pd.api.types.is_numeric_dtype(sheet["Home-care need met (%)"])


def test_the_summary_names_the_townships_under_60_percent(inputs: ReportInputs) -> None:
    facts = inputs.facts("zh")
    townships = pd.DataFrame(
        {"home_care_need_met": [45.0, 58.0, 75.0], "beds_per_1000_older": [9.0, 20.0, 41.0]},
        index=["屿头乡", "上郑乡", "东城街道"],
    )
    facts = dataclasses.replace(facts, townships=townships)
    sentence = township_home_care_finding(facts, "zh")
    assert sentence is not None
    assert "屿头乡、上郑乡" in sentence and "东城街道" not in sentence and "60%" in sentence
    beds = township_beds_finding(facts, "zh")
    assert beds is not None and beds.index("屿头乡") < beds.index("上郑乡")
    facts = dataclasses.replace(facts, townships=townships.assign(home_care_need_met=80.0))
    assert township_home_care_finding(facts, "zh") is None


def test_without_townships_there_is_no_township_sentence(inputs: ReportInputs) -> None:
    facts = dataclasses.replace(inputs.facts("en"), townships=None)
    assert township_home_care_finding(facts, "en") is None
    assert township_beds_finding(facts, "en") is None


def _document_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _blank_chart(*_args: object, **_kwargs: object) -> object:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    FigureCanvasAgg(figure)
    return figure


def test_the_reports_show_the_townships(
    run_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sim.present.report import write_report

    # The words are what is checked: blank pictures keep the test quick.
    monkeypatch.setattr("sim.present.word.draw_chart", _blank_chart)
    chinese, english = tmp_path / "report-zh.docx", tmp_path / "report-en.docx"
    write_report([run_folder], chinese, lang="zh")
    write_report([run_folder], english, lang="en")
    text = _document_text(chinese)
    assert "分乡镇（街道）" in text and "屿头乡" in text
    assert "乡镇表：" in text  # the pack's estimates are listed
    assert "各乡镇（街道）居家上门服务需求满足率" in text  # the map's caption
    english_text = _document_text(english)
    assert "By township" in english_text and "Yutou Township" in english_text
    assert not CJK.findall(english_text)


def test_the_packs_estimate_lines_are_told_in_each_language() -> None:
    from sim.present.township_tables import estimate_line

    line = "townships.csv: share_60plus (19 of 19 units)"
    assert estimate_line(line, "zh") == "乡镇表：60岁及以上人口占全区比例（19个乡镇中19个）"
    assert estimate_line(line, "en").endswith("share of the people aged 60+ (19 of 19 townships)")
    assert estimate_line("travel.csv: minutes (171 pairs)", "zh").endswith("（171对乡镇）")
    unknown = "roads.csv: lanes (all rows)"
    assert estimate_line(unknown, "en") == unknown
    assert not re.search(r"[A-Za-z]", estimate_line(unknown, "zh"))
