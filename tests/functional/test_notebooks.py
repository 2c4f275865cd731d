"""Notebooks: each runs top to bottom on a fresh kernel, shows what it promises, and is
committed without outputs; and the pyramid, prevalence and tornado functions they call.
The sensitivity notebook is executed in test_notebooks_study.py."""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from conftest import spec_of
from matplotlib import font_manager
from matplotlib.text import Text
from notebook_runs import (
    COLUMN_2020_MARKER,
    EXECUTED_IN,
    NAMES,
    NOTEBOOKS,
    errors_and_images,
    execute_all,
    printed_text,
)

from sim.model.calendar import Calendar
from sim.model.population import population_pyramid, sample_life_courses
from sim.model.spec import SEXES
from sim.present import charts
from sim.present.labels import indicator_name

if TYPE_CHECKING:
    import nbformat


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """This file's notebooks, executed once each."""
    return execute_all(EXECUTED_IN["test_notebooks"], tmp_path_factory)


@pytest.mark.parametrize("name", EXECUTED_IN["test_notebooks"])
def test_notebook_runs_top_to_bottom_and_draws_charts(executed, name) -> None:
    errors, images = errors_and_images(executed[name])
    assert not errors
    assert images >= 3, "charts are displayed as images"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_opens_with_what_it_shows_and_its_parameters(name) -> None:
    import nbformat

    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    first, second = notebook.cells[0], notebook.cells[1]
    assert first.cell_type == "markdown"
    assert "Time:" in first.source and "SIM_NOTEBOOK_REPLICATIONS" in first.source
    assert second.cell_type == "code"
    for variable in ("SIM_NOTEBOOK_REPLICATIONS", "SIM_NOTEBOOK_SCALE", "SIM_NOTEBOOK_JOBS"):
        assert f'os.environ.get("{variable}"' in second.source


def test_notebook_01_reproduces_the_plans_2020_column(executed) -> None:
    lines = printed_text(executed["01_baseline_and_calibration"]).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(COLUMN_2020_MARKER))
    header, *rows = lines[start + 1 : start + 1 + 6]
    assert header.split()[:3] == ["indicator", "plan_2020", "model_2020"]
    printed = {row.split()[0]: (float(row.split()[1]), float(row.split()[2])) for row in rows}
    expected = {
        "beds_total": 6086,
        "nursing_bed_share": 51,
        "certified_caregivers_per_10k": 16,
        "community_centres": 303,
        "consortia": 1,
    }
    assert set(printed) == set(expected)
    for indicator, value in expected.items():
        plan_value, model_value = printed[indicator]
        assert plan_value == value
        assert round(model_value) == value, indicator


def test_notebook_02_shows_the_lever_as_a_paired_difference(executed) -> None:
    notebook = executed["02_compare_investment_scenarios"]
    printed = printed_text(notebook)
    assert "2023 bed changes:" in printed
    shown = [
        output["data"]["text/plain"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "text/plain" in output.get("data", {})
    ]
    assert any("beds_nursing" in text for text in shown)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path) -> None:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{path.name} cell {index} has outputs: make strip-notebooks"
        assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"


def test_every_notebook_is_tested() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)
    executed = [name for names in EXECUTED_IN.values() for name in names]
    assert sorted(executed) == sorted(NAMES), "each notebook executed once, in one file"
    for file in EXECUTED_IN:
        assert (Path(__file__).parent / f"{file}.py").is_file()


# ---- the functions the notebooks call that exist for them ---------------------------


@pytest.fixture(scope="module")
def courses():
    return sample_life_courses(spec_of("baseline", seed=7, population_scale=0.02), 0)


def year_end_day(year: int) -> float:
    return Calendar(2020).year_end_day(year)


@pytest.mark.parametrize("year", [2020, 2027, 2035])
def test_population_pyramid_counts_everyone_alive_once(courses, year) -> None:
    day = year_end_day(year)
    pyramid = population_pyramid(courses, day)
    assert list(pyramid.columns) == list(SEXES)
    assert list(pyramid.index) == ["60-64", "65-69", "70-74", "75-79", "80-84", "85-89",
                                   "90-94", "95+"]  # fmt: skip
    assert pyramid.to_numpy().sum() == courses.state_counts_at(day).sum()
    by_band = courses.state_counts_by_band_at(day).sum(axis=1)
    assert pyramid.sum(axis=1).tolist() == by_band.tolist()


def _tornado() -> pd.DataFrame:
    rows = [
        ("waiting_list", 2025, "small", 100.0, 95.0, 104.0),
        ("waiting_list", 2025, "large", 100.0, 40.0, 180.0),
        ("waiting_list", 2025, "none", 100.0, 100.0, 100.0),
    ]
    table = pd.DataFrame(rows, columns=["indicator", "year", "parameter", "base", "low", "high"])
    table["swing"] = (table["high"] - table["low"]).abs()
    return table


def _renders_with_the_cjk_font(figure) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)"
        figure.savefig(io.BytesIO(), format="png", dpi=40)
    cjk = os.path.realpath(charts.cjk_font_path())
    for text in figure.findobj(Text):
        if text.get_text():
            assert os.path.realpath(font_manager.findfont(text.get_fontproperties())) == cjk, (
                text.get_text()
            )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tornado_chart_sorts_parameters_by_swing(lang) -> None:
    figure = charts.tornado_chart(_tornado(), "waiting_list", 2025, lang=lang)
    _renders_with_the_cjk_font(figure)
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert labels == ["none", "small", "large"]  # drawn bottom to top: largest on top
    title = figure.axes[0].get_title(loc="left")
    assert indicator_name("waiting_list", lang) in title
    with pytest.raises(ValueError, match="no rows"):
        charts.tornado_chart(_tornado(), "waiting_list", 2030, lang=lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pyramid_and_prevalence_charts_render(courses, lang) -> None:
    pyramids = {year: population_pyramid(courses, year_end_day(year)) for year in (2020, 2035)}
    figure = charts.pyramid_chart(pyramids, lang=lang)
    _renders_with_the_cjk_font(figure)
    assert len(figure.axes) == 2
    assert indicator_name("population_60plus", lang) in figure.axes[0].get_title(loc="left")
    report = pd.DataFrame(
        [
            (f"prevalence_{state}_{band}", year, 5.0, 5.5)
            for year in (2020, 2025)
            for state in ("partial", "full")
            for band in (60, 65, 70, 75, 80, 85, 90, 95)
        ],
        columns=["item", "year", "source_value", "model_value"],
    )
    figure = charts.prevalence_chart(report, lang=lang)
    _renders_with_the_cjk_font(figure)
    assert indicator_name("disabled_full", lang) in figure.axes[1].get_title(loc="left")


def test_notebook_04_walks_through_the_frontier(executed) -> None:
    notebook = executed["04_optimise"]
    text = "\n".join(
        output.get("text", "") or str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    )  # fmt: skip
    assert "predicted_cost_yuan" in text and "simulated_cost_yuan" in text
    assert "extends:" in text and "targets:" in text
