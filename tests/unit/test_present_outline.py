"""The report's outline for a run of one scenario (tests/unit/tiny_run.py's reference
alone): what a report without a comparison leaves out, and what it keeps."""

from __future__ import annotations

import pytest
from tiny_run import REFERENCE, make_tiny_run

from sim.present.outline import Figure, Heading, NumberedList, Table, report_outline
from sim.present.report_inputs import ReportInputs, load_report_inputs
from sim.present.report_words import WORDS


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("outline") / "run"
    results = make_tiny_run(folder, [REFERENCE])
    assert results.differences is None and results.costs is None
    assert results.record.kind == "run"
    return load_report_inputs([folder])


def test_one_scenario_has_no_recommendation_and_no_costs(single: ReportInputs) -> None:
    assert single.names == [REFERENCE]
    assert single.differences is None and single.costs is None
    facts = single.facts("en")
    assert facts.recommendation is None
    blocks = report_outline(single, "en")
    words = WORDS["en"]
    headings = [block.text for block in blocks if isinstance(block, Heading)]
    assert words["summary"] in headings
    assert words["advice"] not in headings and words["costs"] not in headings
    # The 摘要: the population and what binds the one scenario; nothing to choose.
    (summary,) = [block for block in blocks if isinstance(block, NumberedList)]
    assert len(summary.sentences) == 2
    assert "3,800" in summary.sentences[1]


def test_one_scenario_keeps_its_tables_and_figures(single: ReportInputs) -> None:
    blocks = report_outline(single, "en")
    tables = [block for block in blocks if isinstance(block, Table) and not block.rows.empty]
    # The 专栏, population, capacity, care at home, base year, main assumptions, parameters,
    # one by-year table.
    assert len(tables) == 8
    zhuanlan = tables[0].rows
    assert len(zhuanlan.columns) == 5 + 1
    assert zhuanlan.iloc[0, 5].startswith("58.0\n")
    charts = [block.chart for block in blocks if isinstance(block, Figure)]
    assert charts == ["targets", "population", "beds", "staff", "gave_up", "waiting",
                      "care_at_home"]  # fmt: skip
