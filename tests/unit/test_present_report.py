"""The Markdown and Word reports of the tiny run (tests/unit/tiny_run.py): every section,
the tables and figures numbered in order, the sentences of the 摘要, the numbers of the
专栏. The charts are taken as already drawn in the run folder (one-pixel PNGs, as
`sim.present.word.chart_pngs` reuses a folder's `charts/`), so a render stays quick; the
charts themselves are tests/unit/test_present_charts.py's."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from tiny_run import TARGETS, make_tiny_run

from sim.errors import InputError
from sim.present.charts import CHART_SET, CHARTS_INDEX
from sim.present.findings import findings
from sim.present.labels import scenario_labels
from sim.present.report import default_report_path, format_of, write_report
from sim.present.report_inputs import ReportInputs, load_report_inputs
from sim.present.report_words import WORDS

#: Tables: the outlook, the 专栏, population, capacity, care at home, costs, the base
#: year, the main assumptions, the parameters, and one by-year table per scenario (no
#: sensitivity study, so no measure-first table).
TABLES = 9 + 3
#: The sections every report of a comparison has, in order.
SECTIONS = ("summary", "advice", "targets", "population", "capacity", "care_at_home", "costs",
            "data", "appendix_scenarios", "appendix_parameters", "appendix_years")  # fmt: skip


def one_pixel_png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))  # fmt: skip


def tiny_run_with_charts(folder: Path, lang: str) -> ReportInputs:
    """The tiny run at `folder` with its chart set as drawn in `lang`."""
    make_tiny_run(folder)
    charts = folder / "charts"
    charts.mkdir()
    for spec in CHART_SET:
        (charts / f"{spec.name}.png").write_bytes(one_pixel_png())
    (charts / CHARTS_INDEX).write_text(json.dumps({"lang": lang}), encoding="utf-8")
    return load_report_inputs([folder])


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportInputs, Path, list[Path]]:
    folder = tmp_path_factory.mktemp("markdown") / "run"
    inputs = tiny_run_with_charts(folder, "en")
    out = folder.parent / "report" / "tiny.md"
    written = write_report([folder], out, fmt="md", lang="en")
    return inputs, out, written


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportInputs, Any]:
    docx = pytest.importorskip("docx")
    folder = tmp_path_factory.mktemp("word") / "run"
    inputs = tiny_run_with_charts(folder, "zh")
    out = folder.parent / "tiny.docx"
    assert write_report([folder], out, fmt="docx", lang="zh") == [out]
    return inputs, docx.Document(str(out))


def test_the_markdown_report_and_its_charts_are_written(
    markdown: tuple[ReportInputs, Path, list[Path]],
) -> None:
    _, out, written = markdown
    assert written[-1] == out
    assert sorted(p.name for p in written[:-1]) == sorted(
        f"tiny-{spec.name}.png" for spec in CHART_SET
    )  # fmt: skip
    assert all(path.is_file() for path in written)


def test_the_markdown_report_has_every_section_in_order(
    markdown: tuple[ReportInputs, Path, list[Path]],
) -> None:
    inputs, out, _ = markdown
    lines = out.read_text(encoding="utf-8").splitlines()
    words = WORDS["en"]
    assert lines[0] == "# " + words["title"].format(district=inputs.district_name("en"))
    headings = [line.removeprefix("## ") for line in lines if line.startswith("## ")]
    assert headings == [words[key] for key in SECTIONS]


def test_the_markdown_report_numbers_its_tables_and_figures(
    markdown: tuple[ReportInputs, Path, list[Path]],
) -> None:
    _, out, _ = markdown
    lines = out.read_text(encoding="utf-8").splitlines()
    rules = [line for line in lines if line.startswith("|---")]
    assert len(rules) == TABLES
    figures = [line for line in lines if line.startswith("![")]
    assert len(figures) == len(CHART_SET)
    assert figures[0].endswith("(tiny-targets.png)")  # the 专栏's figure comes first


def test_the_markdown_summary_is_the_findings(
    markdown: tuple[ReportInputs, Path, list[Path]],
) -> None:
    inputs, out, _ = markdown
    text = out.read_text(encoding="utf-8")
    sentences = findings(inputs.facts("en"), "en")
    assert len(sentences) == 4
    for number, sentence in enumerate(sentences, 1):
        assert f"\n{number}. {sentence}\n" in text


def test_the_word_report_has_its_tables_and_figures(word: tuple[ReportInputs, Any]) -> None:
    _, document = word
    assert len(document.tables) == TABLES
    assert len(document.inline_shapes) == len(CHART_SET)


def test_the_word_report_has_every_section(word: tuple[ReportInputs, Any]) -> None:
    _, document = word
    texts = [paragraph.text for paragraph in document.paragraphs]
    words = WORDS["zh"]
    positions = [texts.index(words[key]) for key in SECTIONS]
    assert positions == sorted(positions)


def test_the_word_zhuanlan_shows_the_plan_years_means(word: tuple[ReportInputs, Any]) -> None:
    inputs, document = word
    zhuanlan = document.tables[1]
    header = [cell.text for cell in zhuanlan.rows[0].cells]
    label = scenario_labels(inputs.scenarios, "zh")[TARGETS]
    # A long header may be broken across lines in Word: compare without the breaks.
    column = [text.replace("\n", "") for text in header].index(label)
    share = zhuanlan.rows[1].cells[column].text
    assert share.startswith("75.0\n✓")
    assert [row.cells[column].text for row in zhuanlan.rows[5:]] == ["1,500", "1,600", "420",
                                                                    "400"]  # fmt: skip


def test_the_format_comes_from_the_request_or_the_suffix() -> None:
    assert format_of(Path("r.xlsx"), None) == "xlsx"
    assert format_of(Path("r.MD"), None) == "md"
    assert format_of(None, None) == "docx"
    assert format_of(Path("r.docx"), "docx") == "docx"
    with pytest.raises(InputError):
        format_of(Path("r.docx"), "md")
    assert default_report_path(["runs/a", "runs/b"], "md", "en") == Path("runs/a/report-en.md")


def test_a_report_is_not_written_over_one_or_in_an_unknown_format(
    markdown: tuple[ReportInputs, Path, list[Path]],
) -> None:
    inputs, out, _ = markdown
    before = out.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        write_report(inputs.folders, out, fmt="md", lang="en")
    assert out.read_bytes() == before
    with pytest.raises(InputError, match="unknown format"):
        write_report(inputs.folders, out.with_suffix(".pdf"), fmt="pdf")
    with pytest.raises(InputError, match="unknown language"):
        write_report(inputs.folders, out.with_suffix(".docx"), lang="fr")
