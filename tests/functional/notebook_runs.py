"""Executing the notebooks in tests: on a fresh kernel, at a small size, with what each
printed and displayed at hand. The notebooks are executed in two test files, so that
the two halves of the work run side by side (`make test` runs a file's tests in one
worker)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = (
    "01_baseline_and_calibration",
    "02_compare_investment_scenarios",
    "03_sensitivity",
    "04_optimise",
    "05_townships",
)
#: The notebooks each test file executes (the sensitivity study alone is as long as the
#: other three together).
EXECUTED_IN = {
    "test_notebooks": ("01_baseline_and_calibration", "02_compare_investment_scenarios",
                       "04_optimise"),
    "test_notebooks_study": ("03_sensitivity",),
    "test_notebooks_places": ("05_townships",),
}  # fmt: skip
#: One replication of a district scaled to a tenth, in the kernel's process (starting
#: worker processes costs more than such small runs): the three notebooks in about a minute.
ENVIRONMENT = {
    "SIM_NOTEBOOK_REPLICATIONS": "1",
    "SIM_NOTEBOOK_SCALE": "0.1",
    "SIM_NOTEBOOK_JOBS": "1",
    "SIM_NOTEBOOK_LANG": "zh",
    "SIM_NOTEBOOK_CHARTS": "",
    "SIM_NOTEBOOK_RUN": "",
}
#: The sensitivity notebook runs 91 variants and a global study of some 200 runs: a
#: hundredth of the district (the smallest a scenario may be; what the tests read is
#: which parameters and inputs are listed, not their effects) on two worker processes
#: (the runs outweigh starting them).
OVERRIDES = {
    "03_sensitivity": {
        "SIM_NOTEBOOK_SCALE": "0.01",
        "SIM_NOTEBOOK_JOBS": "2",
        "SIM_NOTEBOOK_TRAJECTORIES": "2",
        "SIM_NOTEBOOK_SOBOL_SAMPLES": "4",
        "SIM_NOTEBOOK_TOP": "3",
        # One pool: the test reads which inputs are listed (tests/functional/
        # test_township_runs.py checks runs by township).
        "SIM_NOTEBOOK_PLACES": "pooled",
    },
    # The search at a twentieth of the district, two replications a point.
    "04_optimise": {"SIM_NOTEBOOK_SCALE": "0.02", "SIM_NOTEBOOK_REPLICATIONS": "2"},
    # Three runs by township at a fiftieth of the district, two replications each, so the
    # what-if's paired differences are means over replications.
    "05_townships": {"SIM_NOTEBOOK_SCALE": "0.02", "SIM_NOTEBOOK_REPLICATIONS": "2"},
}
COLUMN_2020_MARKER = "=== 2020 column:"
TORNADO_PREFIX = "tornado "


def _execute(name: str, runs_dir: Path) -> nbformat.NotebookNode:
    # Imported here: nbformat's schema checker takes seconds to import, and every test
    # worker collects this module.
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    # The kernel inherits this process's environment.
    with pytest.MonkeyPatch.context() as patch:
        for key, value in {**ENVIRONMENT, **OVERRIDES.get(name, {})}.items():
            patch.setenv(key, value)
        patch.setenv("SIM_NOTEBOOK_RUNS_DIR", str(runs_dir))
        client.execute()
    return notebook


def execute_all(names, tmp_path_factory) -> dict[str, nbformat.NotebookNode]:
    """The notebooks `names`, each executed once on a fresh kernel (an error fails the
    fixture that calls this); the run folders they write go to a temporary folder."""
    runs_dir = tmp_path_factory.mktemp("notebook-runs")
    return {name: _execute(name, runs_dir) for name in names}


def errors_and_images(notebook: nbformat.NotebookNode) -> tuple[list, int]:
    """The error outputs of a notebook's cells, and how many images they display."""
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    return errors, _images(notebook)


def printed_text(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook's cells printed to stdout."""
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.get("name") == "stdout"
    )


def _images(notebook: nbformat.NotebookNode) -> int:
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
