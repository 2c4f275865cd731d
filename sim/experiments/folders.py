"""Run folders and every other output, written atomically; run folders read back.

`staged_outputs` is the one writer of the project: every folder and file a
command writes (run and comparison folders, sweep tables, reports) is filled
under a hidden staging folder beside its final place and renamed into place
only when everything succeeded. A run that fails or is interrupted leaves
nothing behind, and nothing that exists is replaced without `force`.

A run folder holds `indicators.parquet` (tidy: scenario, replication, year,
indicator, value), `summary.csv` (scenario, year, indicator, mean, ci_low,
ci_high, n), `targets.csv` and `manifest.json` (the resolved scenarios with
their assumptions and targets, the parameters used, seeds, package versions,
git commit, run time); a comparison folder adds `differences.csv` and
`costs.csv`; either may hold `charts/`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError

RUN_FILES = ("indicators.parquet", "summary.csv", "targets.csv", "manifest.json")
COMPARISON_FILES = ("differences.csv", "costs.csv")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class RunResults:
    """The tables and manifest of one run or comparison folder (comparison tables or None)."""

    path: Path
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    manifest: dict[str, Any]
    differences: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None


def check_output(path: Path, force: bool, *, folder: bool = True) -> None:
    """Refuse, before any work, to overwrite an existing output without `force`."""
    if path.exists() and not force:
        raise InputError(str(path), "", "already exists; use --force to replace it")
    if path.exists() and folder and not path.is_dir():
        raise InputError(str(path), "", "exists and is not a folder")
    if path.exists() and not folder and path.is_dir():
        raise InputError(str(path), "", "is a folder, not a file")


@contextmanager
def staged_outputs(
    targets: Sequence[Path], *, force: bool, folders: bool = False
) -> Iterator[list[Path]]:
    """Yield one staging path per target; on success each replaces its target by a rename.

    The staging paths do not exist yet (create a folder or write a file there).
    They sit in one hidden folder beside the first target, so that each rename
    stays on one file system; targets are renamed in order, so put the file a
    reader opens first (a report) last. If the body fails or is interrupted,
    nothing is left behind and the targets are untouched.
    """
    for target in targets:
        check_output(target, force, folder=folders)
    parent = targets[0].parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{targets[0].name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        staged = [staging / target.name for target in targets]
        yield staged
        for source, target in zip(staged, targets, strict=True):
            if not source.exists():
                continue
            if target.exists():
                retired = parent / f".{target.name}.replaced-{os.getpid()}"
                target.rename(retired)
                source.rename(target)
                if retired.is_dir():
                    shutil.rmtree(retired, ignore_errors=True)
                else:
                    retired.unlink(missing_ok=True)
            else:
                source.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_json(path: Path, document: Any) -> None:
    """`document` as indented UTF-8 JSON (dates and other objects as text)."""
    path.write_text(
        json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )


def write_tables(
    folder: Path,
    indicators: pd.DataFrame,
    summary: pd.DataFrame,
    targets: pd.DataFrame,
    manifest: dict[str, Any],
    *,
    differences: pd.DataFrame | None = None,
    costs: pd.DataFrame | None = None,
) -> None:
    """Write a run folder's tables into `folder` (a staging folder, created here)."""
    folder.mkdir()
    indicators.to_parquet(folder / "indicators.parquet", index=False)
    summary.to_csv(folder / "summary.csv", index=False)
    targets.to_csv(folder / "targets.csv", index=False)
    if differences is not None:
        differences.to_csv(folder / "differences.csv", index=False)
    if costs is not None:
        costs.to_csv(folder / "costs.csv", index=False)
    write_json(folder / MANIFEST, manifest)


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of a run folder."""
    return json.loads((Path(path) / MANIFEST).read_text(encoding="utf-8"))


def read_run(path: str | Path) -> RunResults:
    """Read a run or comparison folder written by `write_tables`."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(str(folder), "", "run folder not found")
    missing = [name for name in RUN_FILES if not (folder / name).is_file()]
    if missing:
        raise InputError(str(folder), missing[0], "not a run folder (file missing)")
    targets = pd.read_csv(folder / "targets.csv")
    if "first_year_short" in targets:
        targets["first_year_short"] = targets["first_year_short"].astype("Int64")
    comparison = {
        name.removesuffix(".csv"): pd.read_csv(folder / name)
        for name in COMPARISON_FILES
        if (folder / name).is_file()
    }
    return RunResults(
        path=folder,
        indicators=pd.read_parquet(folder / "indicators.parquet"),
        summary=pd.read_csv(folder / "summary.csv"),
        targets=targets,
        manifest=read_manifest(folder),
        differences=comparison.get("differences"),
        costs=comparison.get("costs"),
    )
