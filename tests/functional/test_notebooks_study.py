"""The sensitivity notebook runs top to bottom on a fresh kernel: a tornado of every
low-confidence parameter and a global study (in a file of its own, the longest of the
notebooks runs beside the others)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from notebook_runs import EXECUTED_IN, TORNADO_PREFIX, errors_and_images, execute_all, printed_text

if TYPE_CHECKING:
    import nbformat

from sim.experiments.sensitivity import DEFAULT_OUTCOMES, low_confidence_parameters


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """This file's notebook, executed once."""
    return execute_all(EXECUTED_IN["test_notebooks_study"], tmp_path_factory)


@pytest.mark.parametrize("name", EXECUTED_IN["test_notebooks_study"])
def test_notebook_runs_top_to_bottom_and_draws_charts(executed, name) -> None:
    errors, images = errors_and_images(executed[name])
    assert not errors
    assert images >= 3, "charts are displayed as images"


def test_notebook_03_tornado_lists_every_low_confidence_parameter(executed) -> None:
    wanted = sorted(p.name for p in low_confidence_parameters())
    lines = [
        line
        for line in printed_text(executed["03_sensitivity"]).splitlines()
        if line.startswith(TORNADO_PREFIX)
    ]
    assert len(lines) == len(DEFAULT_OUTCOMES)
    for line, (indicator, year) in zip(lines, DEFAULT_OUTCOMES, strict=True):
        assert line.startswith(f"{TORNADO_PREFIX}{indicator} {year} lists {len(wanted)} ")
        listed = line.split(": ", 1)[1].split(", ")
        assert sorted(listed) == wanted


def test_notebook_03_runs_a_global_study(executed) -> None:
    printed = printed_text(executed["03_sensitivity"])
    line = next(line for line in printed.splitlines() if line.startswith("global study:"))
    assert "'morris'" in line and "screened:" in line
