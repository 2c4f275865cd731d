"""Every chart of the standard set draws on the tiny run (tests/unit/tiny_run.py) and
shows the values worked out by hand: figures are built, not rendered, so the test stays
quick (one is saved, at a low resolution)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from tiny_run import BEDS_FIRST, REFERENCE, TARGETS, make_tiny_run

matplotlib.use("Agg")

from matplotlib.container import ErrorbarContainer
from matplotlib.text import Text

from sim.present.charts import (
    CHART_SET,
    CHARTS_INDEX,
    chart_context,
    draw_chart,
    plan_year_of,
    target_points,
    wanted_charts,
)
from sim.present.labels import scenario_labels
from sim.present.outlook import mark
from sim.present.report_inputs import ReportInputs, load_report_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    folder = tmp_path_factory.mktemp("charts") / "run"
    make_tiny_run(folder)
    return load_report_inputs([folder])


@pytest.fixture(scope="module")
def figures(inputs: ReportInputs) -> dict[str, Any]:
    """Every chart of the set in English, drawn as the reports draw them (on Agg canvases
    of their own, without pyplot: nothing to close)."""
    labels = scenario_labels(inputs.scenarios, "en")
    return {
        spec.name: draw_chart(spec.name, inputs.summary, inputs.targets, costs=inputs.plan_costs,
                              lang="en", labels=labels, population_scale=inputs.population_scale,
                              reference_figures=inputs.reference_figures)
        for spec in wanted_charts(inputs.targets, inputs.plan_costs)
    }  # fmt: skip


def _texts(figure: Any) -> list[str]:
    return [text.get_text() for text in figure.findobj(Text)]


def _means(ax: Any) -> list[float]:
    """The means an axes marks with error bars, in the order drawn (x of horizontal bars)."""
    return [float(c.lines[0].get_xdata()[0]) for c in ax.containers
            if isinstance(c, ErrorbarContainer)]  # fmt: skip


def test_the_whole_set_is_wanted_and_drawn(figures: dict[str, Any]) -> None:
    assert list(figures) == [spec.name for spec in CHART_SET]


def test_the_captions_name_the_plan_year_and_period(inputs: ReportInputs) -> None:
    context = chart_context(inputs.summary, inputs.targets, inputs.plan_costs)
    assert context == {"plan_year": 2030, "first": 2026, "last": 2030}
    assert plan_year_of(inputs.summary, inputs.targets) == 2030
    captions = {spec.name: spec.caption("en", **context) for spec in CHART_SET}
    assert "2030" in captions["targets"] and "2026" in captions["cost_outcome"]
    # Without targets or costs, neither chart is wanted.
    assert [s.name for s in wanted_charts(None, None)] == [
        s.name for s in CHART_SET if s.name not in ("targets", "cost_outcome")
    ]  # fmt: skip


def test_one_population_line_for_every_scenario(figures: dict[str, Any]) -> None:
    older = figures["population"].axes[0]
    lines = [line for line in older.get_lines() if len(line.get_xdata()) == 6]
    # The three scenarios' populations coincide: one line, from the stated 185,975.
    assert len(lines) == 1
    values = list(lines[0].get_ydata())
    assert values[0] == 185_975 and values[-1] == 200_000


def test_the_targets_chart_gives_each_p_met(inputs: ReportInputs, figures: dict[str, Any]) -> None:
    points = target_points(inputs.summary, inputs.targets)
    assert len(points) == 3 * 4
    panels = [ax for ax in figures["targets"].axes if ax.get_visible()]
    assert len(panels) == 4
    share = panels[0]  # nursing-type bed share: 58, 74, 75
    assert _means(share) == [58.0, 74.0, 75.0]
    texts = [text.get_text() for text in share.texts]
    for p_met in (0.0, 2 / 3, 1.0):
        assert f"{p_met:.0%} {mark(p_met)}" in texts


def test_the_staff_chart_gives_on_hand_and_needed(figures: dict[str, Any]) -> None:
    texts = _texts(figures["staff"])
    for pair in ("1,000/1,100", "1,400/1,500", "1,500/1,600", "350/500", "360/500", "420/400"):
        assert pair in texts, pair


def test_the_cost_chart_in_hundred_million_yuan(figures: dict[str, Any]) -> None:
    public, served, gave_up = figures["cost_outcome"].axes[:3]
    assert _means(public) == pytest.approx([0.5, 1.5, 2.0])
    # The axis reaches 10% past the highest range: 204.75 million yuan, in 亿元.
    assert public.get_xlim() == pytest.approx((0, 2.0475 * 1.1))
    assert _means(served) == [7_500, 8_500, 9_500]
    assert _means(gave_up) == [1_500, 500, 250]


@pytest.mark.parametrize(
    ("chart", "indicator_ends"),
    [("gave_up", [300, 100, 50]), ("waiting", [600, 100, 80]),
     ("care_at_home", [85.0, 86.0, 95.0])],
)  # fmt: skip
def test_the_yearly_lines_end_at_the_plan_years_means(
    inputs: ReportInputs, figures: dict[str, Any], chart: str, indicator_ends: list[float]
) -> None:
    first = figures[chart].axes[0]
    # Each scenario's line over 2026-2030 (not its error bar in the middle year, nor the
    # 100% rule of the care chart).
    ends = [float(line.get_ydata()[-1]) for line in first.get_lines()
            if list(line.get_xdata()) == list(range(2026, 2031))]  # fmt: skip
    assert ends == indicator_ends
    labels = scenario_labels(inputs.scenarios, "en")
    texts = _texts(figures[chart])
    assert all(labels[name] in texts for name in (REFERENCE, BEDS_FIRST, TARGETS))


def test_the_beds_chart_has_a_panel_per_scenario(
    inputs: ReportInputs, figures: dict[str, Any]
) -> None:
    panels = [ax for ax in figures["beds"].axes if ax.get_visible()]
    assert len(panels) == 3
    texts = _texts(figures["beds"])
    labels = scenario_labels(inputs.scenarios, "en")
    assert all(any(labels[name] in text for text in texts) for name in inputs.names)


def test_a_chart_is_saved_as_png(figures: dict[str, Any], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from sim.present.charts import chart_set

    monkeypatch.setattr(chart_set, "PNG_DPI", 30)  # the same drawing, fewer pixels
    paths = chart_set.save_figure(figures["staff"], tmp_path / "charts" / "staff")
    assert [path.name for path in paths] == ["staff.png"]
    assert paths[0].read_bytes().startswith(b"\x89PNG")


def test_a_folders_charts_are_drawn_from_its_own_files(
    inputs: ReportInputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`write_folder_charts` reads the folder as a report does: the base year as stated,
    the costs of the plan period, the scenarios' titles; it indexes what it wrote. (The
    drawing and saving are recorded, not done: the figures are the tests' above.)"""
    from sim.present.charts import chart_set

    drawn: dict[str, dict[str, Any]] = {}

    def draw(name: str, summary: Any, targets: Any, **kwargs: Any) -> str:
        drawn[name] = {"summary": summary, "targets": targets, **kwargs}
        return name

    def save(figure: str, path: Path, *, svg: bool = False) -> tuple[Path, ...]:
        path.parent.mkdir(parents=True, exist_ok=True)
        png = path.with_name(f"{figure}.png")
        png.write_bytes(b"")
        return (png,)

    monkeypatch.setattr(chart_set, "draw_chart", draw)
    monkeypatch.setattr(chart_set, "save_figure", save)
    folder = inputs.folders[0]
    paths = chart_set.write_folder_charts(folder, "en")
    assert [path.name for path in paths] == [f"{spec.name}.png" for spec in CHART_SET]
    population = drawn["population"]["summary"]
    base = population[(population["year"] == 2025)
                      & (population["indicator"] == "population_60plus")]  # fmt: skip
    assert set(base["mean"]) == {185_975}
    costs = drawn["cost_outcome"]["costs"]
    assert list(costs["total_public_cost_yuan"]) == [50e6, 150e6, 200e6]
    assert drawn["staff"]["labels"][TARGETS] == "Meet the 2030 targets"
    assert drawn["population"]["reference_figures"] == inputs.reference_figures
    index = json.loads((folder / "charts" / CHARTS_INDEX).read_text(encoding="utf-8"))
    assert index == {"lang": "en", "files": [path.name for path in paths],
                     "context": {"plan_year": 2030, "first": 2026, "last": 2030}}  # fmt: skip
