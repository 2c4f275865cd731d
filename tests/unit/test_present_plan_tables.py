"""The 专栏 table and the per-scenario outlook of the tiny run (tests/unit/tiny_run.py):
base year as the pack states it, the plan year's means and marks worked out by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from tiny_run import BEDS_FIRST, REFERENCE, TARGETS, make_tiny_run

from sim.present.findings import p_met_text
from sim.present.labels import MISSING, indicator_name, scenario_labels
from sim.present.outlook import mark
from sim.present.plan_tables import WORKFORCE_ROWS, scenario_outlook_rows, zhuanlan_rows
from sim.present.report_inputs import ReportInputs, load_report_inputs

LANGUAGES = ("zh", "en")
TARGETED = ("nursing_bed_share", "certified_caregivers_per_10k", "consortia",
            "beds_per_1000_older")  # fmt: skip


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("plan_tables") / "run"
    make_tiny_run(folder)
    return load_report_inputs([folder])


@pytest.fixture(scope="module", params=LANGUAGES)
def zhuanlan(request: pytest.FixtureRequest, inputs: ReportInputs) -> tuple[str, pd.DataFrame]:
    return request.param, zhuanlan_rows(inputs, request.param)


def test_the_zhuanlan_has_a_row_per_target_then_the_workforce(
    zhuanlan: tuple[str, pd.DataFrame],
) -> None:
    lang, table = zhuanlan
    names = [indicator_name(i, lang) for i in (*TARGETED, *WORKFORCE_ROWS)]
    assert list(table.iloc[:, 0]) == names
    # indicator, unit, base, target 2030, attribute, then one column per scenario
    assert len(table.columns) == 5 + 3
    assert list(table.iloc[:, 3]) == ["73", "30", "15", "52", *[MISSING] * 4]


def test_the_base_year_column_is_the_packs_figure(zhuanlan: tuple[str, pd.DataFrame]) -> None:
    _, table = zhuanlan
    # The pack: 3,808 of 6,566 beds nursing-type (58.0%), 465 certified of 185,975 aged 60+
    # (25.0 per 10,000), 10 consortia, 51.8 elderly-care beds per 1,000 (6,566 beds and
    # 3,068 day-care places, civil-affairs definition), 962 and 340 workers; the care
    # workers needed are the run's own (1,000); a flow has no base-year value.
    assert list(table.iloc[:, 2]) == ["58.0", "25.0", "10", "51.8", "962", "1,000", "340",
                                      MISSING]  # fmt: skip


def test_each_scenario_cell_is_the_plan_years_mean_and_mark(
    inputs: ReportInputs, zhuanlan: tuple[str, pd.DataFrame]
) -> None:
    lang, table = zhuanlan
    labels = scenario_labels(inputs.scenarios, lang)
    assert list(table.columns[5:]) == [labels[n] for n in (REFERENCE, BEDS_FIRST, TARGETS)]
    share = table.iloc[0]
    chosen, near = share[labels[TARGETS]], share[labels[BEDS_FIRST]]
    reference = share[labels[REFERENCE]]
    assert chosen.startswith("75.0\n" + mark(1.0)) and "100%" in chosen
    assert near.startswith("74.0\n" + mark(2 / 3)) and "67%" in near
    assert reference.startswith("58.0\n" + mark(0.0))
    # The Wilson interval of 2 of 3 sits on a line of its own.
    low_high = p_met_text(2 / 3, 3, lang).removeprefix("67%").strip()
    assert near.splitlines()[-1] == low_high
    workforce = table.iloc[4:]
    assert list(workforce[labels[TARGETS]]) == ["1,500", "1,600", "420", "400"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_outlook_row_of_each_scenario(inputs: ReportInputs, lang: str) -> None:
    table = scenario_outlook_rows(inputs, lang)
    labels = scenario_labels(inputs.scenarios, lang)
    assert list(table.iloc[:, 0]) == [labels[n] for n in inputs.names]
    binding = list(table.iloc[:, 1])
    assert [cell[0] for cell in binding] == [mark(0.0), mark(2 / 3), mark(1.0)]
    # Of three expected targets likely met: none; beds per 1,000 (37); all but certified
    # care workers (29, 31, 33 against 30).
    counts = [re.findall(r"\d+", cell) for cell in table.iloc[:, 2]]
    assert counts == [["0", "3"], ["1", "3"], ["2", "3"]]
    # What binds: beds and home care, home care, nothing (the third differs from both).
    binds = list(table.iloc[:, 3])
    assert binds[1] in binds[0] and binds[2] not in binds[0]
    # Gave up in 2030, public and total cost 2026-2030 (亿元).
    assert list(table.iloc[:, 4]) == ["300", "100", "50"]
    assert list(table.iloc[:, 5]) == ["0.50", "1.50", "2.00"]
    assert list(table.iloc[:, 6]) == ["1.00", "2.50", "3.50"]
