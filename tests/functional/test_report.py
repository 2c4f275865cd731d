"""`sim report`: Word, Excel and Markdown reports read back to the numbers of the run folder."""

from __future__ import annotations

import docx
import pandas as pd
import pytest
import yaml
from conftest import scenario_file

from sim.cli import main
from sim.present.labels import format_cell, indicator_name
from sim.present.report import TABLE_INDICATORS, TABLE_YEARS, markdown_chart_names


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    """A `sim run` folder of baseline and plan-2025 at a tenth of the district, 2 replications."""
    root = tmp_path_factory.mktemp("report")
    files = []
    for name in ("baseline", "plan-2025"):
        path = root / f"{name}.yaml"
        document = {"extends": str(scenario_file(name)), "name": name, "population_scale": 0.1}
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        files.append(str(path))
    out = root / "run"
    args = ["run", *files, "--replications", "2", "--jobs", "1", "--out", str(out), "--quiet"]
    assert main(args) == 0
    return out


def _expected_cell(summary: pd.DataFrame, scenario: str, indicator: str, year: int) -> str:
    row = summary[
        (summary["scenario"] == scenario)
        & (summary["indicator"] == indicator)
        & (summary["year"] == year)
    ]
    if row.empty:
        return "–"
    row = row.iloc[0]
    return format_cell(row["mean"], row["ci_low"], row["ci_high"], indicator)


def test_run_folder_holds_the_charts(run_folder) -> None:
    names = {p.name for p in (run_folder / "charts").iterdir()}
    assert {"population.png", "population.svg", "targets.png", "waiting.svg"} <= names


def test_word_report_holds_the_indicator_table_and_charts(run_folder, tmp_path, capsys) -> None:
    out = tmp_path / "report.docx"
    assert main(["report", str(run_folder), "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    document = docx.Document(str(out))
    summary = pd.read_csv(run_folder / "summary.csv")
    header = ["指标", "单位", *(str(y) for y in TABLE_YEARS)]
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == header]
    assert len(tables) == 2, "one indicator table per scenario"
    for scenario, table in zip(("baseline", "plan-2025"), tables, strict=True):
        assert len(table.rows) == 1 + len(TABLE_INDICATORS)
        for indicator, row in zip(TABLE_INDICATORS, table.rows[1:], strict=True):
            cells = [cell.text for cell in row.cells]
            assert cells[0] == indicator_name(indicator, "zh")
            for year, text in zip(TABLE_YEARS, cells[2:], strict=True):
                assert text == _expected_cell(summary, scenario, indicator, year)
    # The 2020 bed stock of the scaled district, exactly as the table shows it.
    beds_row = tables[0].rows[1 + TABLE_INDICATORS.index("beds_total")]
    beds_2020 = summary[(summary["year"] == 2020) & (summary["indicator"] == "beds_total")]
    assert beds_row.cells[2].text == f"{beds_2020['mean'].iloc[0]:,.0f}"
    assert len(document.inline_shapes) >= 5
    text = "\n".join(p.text for p in document.paragraphs)
    assert "十四五规划目标情景" in text and "附录" in text
    # Chinese text carries an East Asian font.
    fonts = document.element.body.xpath(".//w:rFonts/@w:eastAsia")
    assert fonts and set(fonts) <= {"宋体", "黑体"}


def test_excel_report_reads_back_to_the_summary(run_folder, tmp_path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["report", str(run_folder), "--out", str(out), "--lang", "en", "--quiet"]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"summary", "targets", "differences", "costs", "inputs"} <= set(sheets)
    summary = pd.read_csv(run_folder / "summary.csv")
    book = sheets["summary"]
    assert {"name", "unit"} <= set(book.columns)
    columns = ["scenario", "year", "indicator", "mean", "ci_low", "ci_high", "n"]
    pd.testing.assert_frame_equal(book[columns], summary[columns], check_dtype=False)
    assert (book["name"] == book["indicator"].map(lambda i: indicator_name(i, "en"))).all()
    assert len(sheets["targets"]) == len(pd.read_csv(run_folder / "targets.csv"))


def test_markdown_report_and_its_charts(run_folder, tmp_path) -> None:
    out = tmp_path / "report.md"
    assert main(["report", str(run_folder), "--format", "md", "--out", str(out), "--quiet"]) == 0
    text = out.read_text(encoding="utf-8")
    summary = pd.read_csv(run_folder / "summary.csv")
    cell = _expected_cell(summary, "plan-2025", "nursing_bed_share", 2025).replace("\n", " ")
    assert f"| {indicator_name('nursing_bed_share', 'zh')} | % |" in text and cell in text
    charts = [p for p in markdown_chart_names(out) if p.exists()]
    assert len(charts) >= 5
    for chart in charts:
        assert f"]({chart.name})" in text
        assert chart.read_bytes()[:4] == b"\x89PNG"
    assert not list(tmp_path.glob(".*"))  # no staging files left behind


@pytest.mark.parametrize("make", ["missing", "not_a_run"])
def test_report_on_a_bad_folder_is_one_line_and_writes_nothing(tmp_path, capsys, make) -> None:
    folder = tmp_path / "results"
    if make == "not_a_run":
        folder.mkdir()
        (folder / "summary.csv").write_text("scenario,year\n")
    out = tmp_path / "out" / "report.docx"
    code = main(["report", str(folder), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and str(folder) in err[0]
    assert not out.exists() and not out.parent.exists()


def test_existing_report_is_kept_without_force(run_folder, tmp_path, capsys) -> None:
    out = tmp_path / "report.xlsx"
    out.write_text("mine")
    code = main(["report", str(run_folder), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--force" in err[0]
    assert out.read_text() == "mine"
    assert main(["report", str(run_folder), "--out", str(out), "--force", "--quiet"]) == 0
    assert out.read_bytes()[:2] == b"PK"  # a zip: the workbook replaced the file
