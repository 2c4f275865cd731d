"""Backends and sweeps: the same tables whatever runs them; grid files fail in one line."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import variant

from sim.config.scenario import Scenario
from sim.errors import InputError
from sim.experiments.runner import run_scenarios
from sim.experiments.sweep import load_grid, run_sweep

SCALE = 0.1
REPLICATIONS = 2


def small(name: str, **changes) -> Scenario:
    return variant(name, population_scale=SCALE, **changes)


@pytest.fixture(scope="module")
def scenarios():
    return [small("baseline"), small("plan-2025")]


@pytest.fixture(scope="module")
def process_table(scenarios) -> pd.DataFrame:
    return run_scenarios(scenarios, replications=REPLICATIONS, jobs=2, backend="processes")


def test_dask_local_cluster_gives_the_process_backends_table(scenarios, process_table) -> None:
    dask_table = run_scenarios(scenarios, replications=REPLICATIONS, jobs=2, backend="dask")
    pd.testing.assert_frame_equal(process_table, dask_table, check_exact=True)
    assert list(dask_table["scenario"].unique()) == ["baseline", "plan-2025"]


def test_an_existing_dask_scheduler_gives_the_same_table(scenarios, process_table) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask_table = run_scenarios(
            scenarios, replications=REPLICATIONS, backend="dask",
            dask_scheduler=cluster.scheduler_address,
        )  # fmt: skip
        # The run closes its client, not the cluster it was given: the cluster still
        # answers a client of its own afterwards.
        from distributed import Client

        with Client(cluster.scheduler_address, timeout=10) as client:
            assert client.submit(sum, [1, 2], pure=False).result() == 3
    pd.testing.assert_frame_equal(process_table, dask_table, check_exact=True)


def test_an_unknown_backend_or_a_stray_scheduler_address_is_refused(scenarios) -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        run_scenarios(scenarios, replications=1, backend="threads")
    with pytest.raises(ValueError, match="needs backend='dask'"):
        run_scenarios(scenarios, replications=1, dask_scheduler="tcp://127.0.0.1:8786")


def test_a_sweep_gives_the_numbers_of_separate_runs(write_yaml) -> None:
    grid = write_yaml("grid.yaml", {"assumptions.mean_patience_full_days": [120, 240]})
    swept = run_sweep(small("plan-2025"), grid, replications=REPLICATIONS)
    assert list(swept.columns) == [
        "scenario", "area", "assumptions.mean_patience_full_days", "replication", "year",
        "indicator", "value",
    ]  # fmt: skip
    assert list(swept["scenario"].unique()) == [
        "plan-2025[assumptions.mean_patience_full_days=120]",
        "plan-2025[assumptions.mean_patience_full_days=240]",
    ]
    for patience in (120, 240):
        alone = run_scenarios(
            [small("plan-2025", assumptions={"mean_patience_full_days": patience})],
            replications=REPLICATIONS,
        )
        part = swept[swept["assumptions.mean_patience_full_days"] == patience]
        columns = ["replication", "year", "indicator", "value"]
        pd.testing.assert_frame_equal(
            part[columns].reset_index(drop=True), alone[columns], check_exact=True
        )
    first, second = (swept[swept["assumptions.mean_patience_full_days"] == p] for p in (120, 240))
    assert not first["value"].reset_index(drop=True).equals(second["value"].reset_index(drop=True))


@pytest.mark.parametrize(
    ("content", "key", "message"),
    [
        ({"supply.caregivers.hire_per_yeer": [100]}, "supply.caregivers.hire_per_yeer",
         "unknown key"),
        ({"assumptions.no_such_parameter": [1.0]}, "assumptions.no_such_parameter",
         "unknown parameter"),
        ({"seed": 7}, "seed", "expected a non-empty list"),
        ({"seed": []}, "seed", "expected a non-empty list"),
        ({"supply.beds.soon.add_nursing": [10]}, "supply.beds.soon.add_nursing",
         "expected a year or a date"),
        ({"name": ["a", "b"]}, "name", "cannot be swept"),
    ],
)  # fmt: skip
def test_a_bad_grid_file_is_one_line_naming_the_file_and_key(
    write_yaml, content, key, message
) -> None:
    path = write_yaml("grid.yaml", content)
    with pytest.raises(InputError) as caught:
        load_grid(path)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: {key}: ")
    assert message in line


def test_a_bad_value_in_a_grid_names_the_file_and_key(write_yaml) -> None:
    path = write_yaml("grid.yaml", {"supply.caregivers.hire_per_year": [100, -5]})
    with pytest.raises(InputError) as caught:
        run_sweep(small("plan-2025"), path, replications=1)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: supply.caregivers.hire_per_year: value -5: ")


def test_a_missing_or_shapeless_grid_file_is_one_line(tmp_path, write_yaml) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InputError, match="file not found"):
        load_grid(missing)
    with pytest.raises(InputError, match="expected a mapping of key paths"):
        load_grid(write_yaml("list.yaml", "- 1\n- 2\n"))
