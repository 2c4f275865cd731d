"""What the commands add to a folder before it is put in place: each finisher draws on the
folder it is given, in the language it was made for (the drawing itself is replaced by a
record of the calls; tests/unit/test_present_charts.py draws the charts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sim.present import charts, report
from sim.present.finishers import (
    chart_finishers,
    optimisation_finisher,
    sensitivity_chart_finisher,
)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    made: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def recorder(name: str) -> Any:
        return lambda *args, **kwargs: made.append((name, args, kwargs))

    for module, name in ((charts, "write_folder_charts"), (charts, "write_frontier_chart"),
                         (charts, "write_sensitivity_chart"), (report, "write_report")):  # fmt: skip
        monkeypatch.setattr(module, name, recorder(name))
    return made


def test_the_chart_finisher_draws_the_folders_charts(calls: list, tmp_path: Path) -> None:
    (finish,) = chart_finishers("en", svg=True)
    finish(tmp_path)
    assert calls == [("write_folder_charts", (tmp_path, "en"), {"svg": True})]


def test_the_optimisation_finisher_draws_and_reports_the_verification(
    calls: list, tmp_path: Path
) -> None:
    optimisation_finisher("zh")(tmp_path)
    verification = tmp_path / "verification"
    assert calls == [
        ("write_folder_charts", (verification, "zh"), {}),
        ("write_frontier_chart", (tmp_path, "zh"), {}),
        ("write_report", ([verification], tmp_path / "report-zh.docx"), {"lang": "zh"}),
    ]


def test_the_sensitivity_finisher_draws_its_chart(calls: list, tmp_path: Path) -> None:
    sensitivity_chart_finisher("en")(tmp_path)
    assert calls == [("write_sensitivity_chart", (tmp_path, "en"), {})]
