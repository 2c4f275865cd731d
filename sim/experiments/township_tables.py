"""A run's tables by township: its townships' rows, summary, targets and boundaries,
for a run and for a comparison of run folders, and the line naming the township figures
that are estimates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from sim.config.pack_readers import load_pack
from sim.config.pack_schema import DistrictPack
from sim.config.places import uses_townships
from sim.config.scenario import Scenario
from sim.experiments.folders import TOWNSHIP_GEOMETRY_FILE, RunResults
from sim.experiments.runner import summarise, township_target_attainment


def by_township(
    townships: pd.DataFrame, runs: Sequence[Scenario], packs: dict[str, DistrictPack]
) -> dict[str, Any]:
    """A run's tables by township: the rows, their summary, the packs' township targets
    met or not, and the townships' boundaries (none for a run that is one pool)."""
    if not len(townships):
        return {}
    geometry = next(
        (p.places.geometry_file for p in packs.values() if p.places and p.places.geometry_file),
        None,
    )
    listed = {
        s.name: [(t.area, t.indicator, t.year, t.value)
                 for t in packs[s.district].township_targets if t.year > s.base_year]
        for s in runs
    }  # fmt: skip
    return {
        "townships": townships,
        "township_summary": summarise(townships),
        "township_targets": township_target_attainment(townships, listed),
        "township_geometry": geometry.read_text(encoding="utf-8") if geometry else None,
    }


def townships_of(runs: Sequence[RunResults]) -> dict[str, Any]:
    """The townships' tables and boundaries of run folders, for a comparison of them."""
    placed = [run for run in runs if run.townships is not None]
    if not placed:
        return {}
    geometry = next(
        (run.path / TOWNSHIP_GEOMETRY_FILE for run in placed
         if (run.path / TOWNSHIP_GEOMETRY_FILE).is_file()),
        None,
    )  # fmt: skip
    return {
        "townships": pd.concat([run.townships for run in placed], ignore_index=True),
        "township_summary": pd.concat([run.township_summary for run in placed], ignore_index=True),
        "township_targets": pd.concat(
            [run.township_targets for run in placed if run.township_targets is not None],
            ignore_index=True,
        ),
        "township_geometry": geometry.read_text(encoding="utf-8") if geometry else None,
    }


def township_estimates(scenario: Scenario) -> list[str]:
    """A line naming the township figures a run by township has to assume (none for a
    district that runs as one pool)."""
    pack = load_pack(scenario.district)
    if pack.places is None or not uses_townships(scenario, pack):
        return []
    return [
        f"{pack.id} townships: {len(pack.places.estimates)} groups of township figures are "
        f"estimates ({'; '.join(pack.places.estimates)})"
    ]
