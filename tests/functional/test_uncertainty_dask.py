"""A study of global sensitivity gives the same tables on Dask as on worker processes (in
a file of its own, so that it runs beside the other studies of test_uncertainty_runs.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT

from sim.cli import main

FIFTEENTH = ROOT / "scenarios" / "15th"


def _small(tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.yaml"
    # One pool: these check the study's tables, not places (tests/functional/
    # test_township_runs.py checks runs by township, on every backend).
    # Two years: the inputs already move the outputs (nine of ten Sobol indices differ
    # from zero), in about two thirds of the time of a run to 2031.
    document = {"extends": str(FIFTEENTH / f"{name}.yaml"), "population_scale": 0.1,
                "places": "pooled", "end_year": 2027}  # fmt: skip
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return str(path)


@pytest.mark.slow
def test_a_sensitivity_study_gives_the_same_tables_on_dask(tmp_path) -> None:
    # At a hundredth of the district, the smallest a study may run (some two hundred runs
    # on each backend): the tables must agree to the last bit whatever the district's size.
    files = [_small(tmp_path, "no-new-investment")]
    tables = []
    for backend in ("processes", "dask"):
        out = tmp_path / backend
        assert main(["sensitivity", *files, "--trajectories", "2", "--samples", "4", "--top", "2",
                     "--population-scale", "0.01", "--out", str(out), "--quiet", "--no-charts",
                     "--backend", backend, "--jobs", "2"]) == 0  # fmt: skip
        tables.append(pd.read_csv(out / "sobol.csv"))
    pd.testing.assert_frame_equal(*tables, check_exact=True)
    assert np.isfinite(tables[0]["ST"]).all() and (tables[0]["ST"] != 0).any()
