"""Shared fixtures: the shipped scenarios and small variants of them.

Tests come in three tiers: `tests/unit` (fast, no full replication: `make
test-fast`), `tests/functional` (the model, commands and outputs end to end)
and `tests/statistical` (long statistical checks, marked `slow`). `make test`
runs them all.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.config.load import load_scenario, scenario_from_mapping
from sim.config.pack_readers import load_pack, load_packs
from sim.config.pack_schema import DistrictPack
from sim.config.resolve import resolve
from sim.config.scenario import Scenario
from sim.config.yaml_files import deep_merge
from sim.model.spec import ModelSpec

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def scenario_file(name: str) -> Path:
    return SCENARIOS / f"{name}.yaml"


@functools.cache
def shipped_packs() -> dict[str, DistrictPack]:
    """The shipped district packs, read once in each test process and passed to the
    loaders as a planner's command passes the packs it has read (no test changes the
    shipped packs; a test that needs another pack copies one to its own folder)."""
    return load_packs(folder.name for folder in sorted((ROOT / "data" / "districts").iterdir()))


def shipped(name: str) -> Scenario:
    """A shipped scenario, validated."""
    return load_scenario(scenario_file(name), packs=shipped_packs())


def variant(name: str, **changes: Any) -> Scenario:
    """A shipped scenario with `changes` deep-merged over it, validated again."""
    base = shipped(name).model_dump()
    return scenario_from_mapping(
        deep_merge(base, changes), file=f"<{name} variant>", packs=shipped_packs()
    )


def resolved(scenario: Scenario, **options: Any) -> ModelSpec:
    """The model spec of `scenario`, resolved against its district pack (a shipped one as
    read once, any other read here)."""
    pack = shipped_packs().get(scenario.district) or load_pack(scenario.district)
    return resolve(scenario, pack, **options)


def spec_of(name: str, **changes: Any) -> ModelSpec:
    """The model spec of a shipped scenario, with `changes` deep-merged over it."""
    return resolved(variant(name, **changes) if changes else shipped(name))


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write a mapping (or raw text) as a YAML file in tmp_path; return its path."""

    def write(name: str, content: Any) -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


# Property-based tests are derandomised so that every run of the suite checks the
# same examples (reproducible CI); raise max_examples locally to search harder.
from hypothesis import settings  # noqa: E402

settings.register_profile("project", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("project")


#: The longest test files (about 15 s or more each on two cores), longest first. `make
#: test` hands whole files to its workers in the order collected (`--no-loadscope-reorder`
#: keeps that order; by default the files with the most tests go first), so these go
#: first and the many short files fill in at the end: neither worker is left running a
#: long file alone while the other waits (longest-first scheduling).
LONGEST_FIRST = (
    "tests/functional/test_notebooks_study.py",
    "tests/functional/test_report.py",
    "tests/functional/test_optimise.py",
    "tests/functional/test_notebooks.py",
    "tests/statistical/test_queueing_theory.py",
    "tests/functional/test_districts.py",
    "tests/functional/test_charts.py",
    "tests/unit/test_loader_fuzz.py",
    "tests/functional/test_uncertainty_runs.py",
    "tests/functional/test_backtest.py",
    "tests/statistical/test_calibration.py",
    "tests/functional/test_uncertainty_dask.py",
    "tests/functional/test_backends.py",
    "tests/functional/test_channels.py",
    "tests/unit/test_workbook.py",
    "tests/statistical/test_queueing_loss.py",
    "tests/unit/test_present_townships.py",
    "tests/functional/test_faults.py",
    "tests/functional/test_cli_terminal.py",
    "tests/functional/test_monotonicity.py",
    "tests/functional/test_optimise_fresh_seeds.py",
    "tests/statistical/test_township_queues.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collect the longest files first (`LONGEST_FIRST`), the rest in their own order."""
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
