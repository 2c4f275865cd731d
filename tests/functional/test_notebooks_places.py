"""The townships notebook runs top to bottom on a fresh kernel (in a file of its own, so
that it runs beside the other notebooks): the pack's townships, a run by township and a
what-if that places beds in one township."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from notebook_runs import EXECUTED_IN, errors_and_images, execute_all, printed_text

if TYPE_CHECKING:
    import nbformat

from sim.config.pack_readers import load_pack


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """This file's notebook, executed once."""
    return execute_all(EXECUTED_IN["test_notebooks_places"], tmp_path_factory)


@pytest.mark.parametrize("name", EXECUTED_IN["test_notebooks_places"])
def test_notebook_runs_top_to_bottom_and_draws_charts(executed, name) -> None:
    errors, images = errors_and_images(executed[name])
    assert not errors
    assert images >= 3, "charts are displayed as images"


def _number_after(line: str, label: str) -> float:
    """The signed number that follows `label` in `line`."""
    return float(line.split(label, 1)[1].split(",")[0].split()[0])


def test_notebook_05_places_the_beds_and_adds_up_by_township(executed) -> None:
    notebook = executed["05_townships"]
    lines = [line for line in printed_text(notebook).splitlines() if line.startswith("what-if ")]
    compared, beds, gave_up = lines
    # Every township of the pack has a row, and a paired difference in people who gave up.
    assert compared == (
        "what-if townships compared: 19, with a paired difference in people who gave up: 19"
    )
    # The beds placed in Yuanqiao land there; the district has the same beds either way.
    assert _number_after(beds, "院桥镇") > 0
    assert _number_after(beds, "townships") == _number_after(beds, "district") == 0
    # People who gave up add up over the townships: their differences sum to the district's.
    assert _number_after(gave_up, "townships") == _number_after(gave_up, "district")
    shown = "".join(
        str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    )  # fmt: skip
    places = load_pack("huangyan").places
    assert places is not None
    for name in places.names["zh"]:
        assert name in shown, name
