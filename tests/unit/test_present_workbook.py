"""The Excel workbook of the tiny run (tests/unit/tiny_run.py): its sheets, their sizes
and cells worked out by hand, shares stored as fractions, money in 万元."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tiny_run import BEDS_FIRST, REFERENCE, TARGETS, make_tiny_run

from sim.model.indicators import INDICATORS
from sim.present.outlook import mark
from sim.present.report_inputs import load_report_inputs
from sim.present.workbook import HEADERS, write_xlsx

openpyxl = pytest.importorskip("openpyxl")

#: The sheets in order: targets, by year, summary, costs, differences, parameters (no
#: sensitivity study, so no measure-first sheet).
SHEETS = 6
#: The workbook's headers (it is written in English).
H = HEADERS["en"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("workbook") / "run"
    make_tiny_run(folder)
    path = write_xlsx(load_report_inputs([folder]), folder.parent / "tiny.xlsx", "en")
    assert isinstance(path, Path)
    return openpyxl.load_workbook(path)


def _rows(sheet: Any) -> list[dict[str, Any]]:
    """The sheet's rows as {header: cell}."""
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def _find(sheet: Any, **ids: str) -> dict[str, Any]:
    """The one row whose id columns (the last ones, for tracing) hold `ids`."""
    header = [cell.value for cell in sheet[1]]
    id_columns = {"scenario": H["scenario_id"], "indicator": H["indicator_id"]}
    found = [row for row in _rows(sheet)
             if all(row[id_columns[key]].value == value for key, value in ids.items())]  # fmt: skip
    assert len(found) == 1, (ids, header)
    return found[0]


def test_the_workbook_has_its_sheets_each_with_frozen_headers(workbook: Any) -> None:
    assert len(workbook.worksheets) == SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
    targets, by_year, summary, costs, differences, parameters = workbook.worksheets
    indicators = len(INDICATORS)
    assert targets.max_row - 1 == 3 * 4
    assert by_year.max_row - 1 == 3 * indicators
    assert summary.max_row - 1 == 3 * 6 * indicators
    assert costs.max_row - 1 == 3
    assert differences.max_row - 1 == 2 * 6 * indicators
    assert parameters.max_row > 1


def test_the_targets_sheet_stores_shares_as_fractions(workbook: Any) -> None:
    row = _find(workbook.worksheets[0], scenario=TARGETS, indicator="nursing_bed_share")
    assert row[H["year"]].value == 2030
    assert row[H["target"]].value == pytest.approx(0.73)
    assert row[H["mean"]].value == pytest.approx(0.75)
    assert row[H["mean"]].number_format == "0.0%"
    assert row[H["p_met"]].value == 1
    # Wilson's lower bound of 3 of 3: 3 / (3 + 1.96²) = 0.4385.
    assert row[H["p_met_low"]].value == pytest.approx(0.4385, abs=1e-3)
    near = _find(workbook.worksheets[0], scenario=BEDS_FIRST, indicator="nursing_bed_share")
    assert near[H["p_met"]].value == pytest.approx(2 / 3)
    outlook = [cell for cell in near.values() if cell.value == mark(2 / 3)]
    assert len(outlook) == 1


def test_the_by_year_sheet_shows_the_stated_base_year(workbook: Any) -> None:
    row = _find(workbook.worksheets[1], scenario=REFERENCE, indicator="population_60plus")
    assert row["2025"].value == 185_975
    assert row["2030"].value == 200_000
    assert row["2030"].number_format == "#,##0"
    cost = _find(workbook.worksheets[1], scenario=TARGETS, indicator="cost_public")
    assert cost["2030"].value == 4_000  # 40 million yuan in 万元
    assert cost["2025"].value is None  # a flow has no base-year value


def test_the_cost_sheet_in_10000_yuan(workbook: Any) -> None:
    rows = _rows(workbook.worksheets[3])
    by_scenario = {row[H["scenario_id"]].value: row for row in rows}
    assert list(by_scenario) == [REFERENCE, BEDS_FIRST, TARGETS]
    targets = by_scenario[TARGETS]
    assert targets[H["first_year"]].value == 2026 and targets[H["last_year"]].value == 2030
    # The district's public cost, its allowances (5 million a year) and the city's fund.
    assert targets["District public cost (10,000 yuan)"].value == 20_000
    assert targets["Of which age and care allowances (10,000 yuan)"].value == 2_500
    assert targets["City insurance fund (10,000 yuan)"].value == 0
    assert targets["Public cost with the fund (10,000 yuan)"].value == 20_000
    assert targets[H["public_low"]].value == pytest.approx(19_525)
    assert targets[H["total"]].value == 35_000
    assert targets[H["extra"]].value == 25_000
    assert targets[H["served"]].value == 9_500
    assert targets[H["per_extra"]].value == 125_000
    assert by_scenario[REFERENCE][H["per_extra"]].value is None


def test_the_differences_sheet(workbook: Any) -> None:
    rows = _rows(workbook.worksheets[4])
    found = [row for row in rows if row[H["scenario_id"]].value == TARGETS
             and row[H["indicator_id"]].value == "nursing_bed_share"
             and row[H["year"]].value == 2030]  # fmt: skip
    assert len(found) == 1
    # 17 percentage points, stored as a fraction.
    assert found[0][H["difference"]].value == pytest.approx(0.17)
