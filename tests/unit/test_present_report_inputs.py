"""What a report reads from its folders (`sim.present.report_inputs`): a report of run
folders written one scenario group at a time says what the report of their comparison
says, and a scenario given twice is refused (tests/unit/tiny_run.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiny_run import BEDS_FIRST, NAMES, REFERENCE, TARGETS, make_tiny_run

from sim.errors import InputError
from sim.present.findings import findings
from sim.present.report_inputs import load_report_inputs


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report_inputs")
    made = {"comparison": root / "comparison", "reference": root / "reference",
            "others": root / "others"}  # fmt: skip
    make_tiny_run(made["comparison"])
    make_tiny_run(made["reference"], [REFERENCE])
    make_tiny_run(made["others"], [BEDS_FIRST, TARGETS])
    return made


def test_run_folders_read_together_are_their_comparison(folders: dict[str, Path]) -> None:
    together = load_report_inputs([folders["reference"], folders["others"]])
    compared = load_report_inputs([folders["comparison"]])
    assert together.names == compared.names == list(NAMES)
    assert together.seeds == compared.seeds and together.replications == {n: 3 for n in NAMES}
    pd.testing.assert_frame_equal(together.summary, compared.summary)
    pd.testing.assert_frame_equal(together.outlook, compared.outlook)
    pd.testing.assert_frame_equal(together.plan_costs, compared.plan_costs)
    # The comparison's differences as written, the run folders' computed on reading.
    assert together.differences is not None and compared.differences is not None
    columns = list(together.differences.columns)
    pd.testing.assert_frame_equal(together.differences, compared.differences[columns])
    assert findings(together.facts("en"), "en") == findings(compared.facts("en"), "en")


def test_a_scenario_in_two_folders_is_refused(folders: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="also in"):
        load_report_inputs([folders["comparison"], folders["reference"]])


def test_a_folder_that_is_not_a_run_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_report_inputs([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="not a run folder"):
        load_report_inputs([tmp_path / "empty"])
