"""Run folders: written atomically, read back.

A run folder holds `indicators.parquet` (tidy: scenario, replication, year,
indicator, value), `summary.csv` (scenario, year, indicator, mean, ci_low,
ci_high, n), `targets.csv` and `manifest.json` (the resolved scenarios, seeds,
package versions, git commit, run time). Everything is written to a hidden
sibling folder first and renamed into place, so a run that fails or is
interrupted leaves no half-written folder; an existing folder is replaced only
with `force=True`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError

RUN_FILES = ("indicators.parquet", "summary.csv", "targets.csv", "manifest.json")
PACKAGES = ("eldercare-sim", "simpy", "numpy", "pandas", "scipy", "pydantic", "pyarrow")


@dataclass(frozen=True)
class RunResults:
    """The tables and manifest of one run folder."""

    path: Path
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    manifest: dict[str, Any]


def default_run_dir(names: list[str], root: Path = Path("runs")) -> Path:
    """`runs/<scenario names>-<UTC timestamp>`: a new folder for every run."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    label = "+".join(names) if len(names) <= 2 else f"{names[0]}+{len(names) - 1}-more"
    return root / f"{label}-{stamp}"


def check_output_dir(path: Path, force: bool) -> None:
    """Refuse, before any work, to overwrite an existing folder without `force`."""
    if path.exists() and not force:
        raise InputError(str(path), "", "already exists; use --force to replace it")
    if path.exists() and not path.is_dir():
        raise InputError(str(path), "", "exists and is not a folder")


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape the results."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["python"] = platform.python_version()
    return versions


def git_commit() -> str | None:
    """The commit of the source tree, when it is a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None if result.returncode == 0 else None


@contextmanager
def staged_folder(path: Path, *, force: bool) -> Iterator[Path]:
    """Yield a hidden sibling path to fill; on success it replaces `path` in one rename.

    The yielded path does not exist yet. If the body fails or is interrupted,
    nothing is left behind and `path` is untouched; an existing `path` is
    replaced only with `force`.
    """
    check_output_dir(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.parent / f".{path.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        yield staging
        if path.exists():
            retired = path.parent / f".{path.name}.replaced-{os.getpid()}"
            path.rename(retired)
            staging.rename(path)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_run(
    path: Path,
    indicators: pd.DataFrame,
    summary: pd.DataFrame,
    targets: pd.DataFrame,
    manifest: dict[str, Any],
    *,
    force: bool = False,
) -> Path:
    """Write a run folder at `path` atomically (see `staged_folder`); return the path."""
    with staged_folder(path, force=force) as staging:
        staging.mkdir()
        indicators.to_parquet(staging / "indicators.parquet", index=False)
        summary.to_csv(staging / "summary.csv", index=False)
        targets.to_csv(staging / "targets.csv", index=False)
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
    return path


def read_run(path: str | Path) -> RunResults:
    """Read a run folder written by `write_run`."""
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(str(folder), "", "run folder not found")
    missing = [name for name in RUN_FILES if not (folder / name).is_file()]
    if missing:
        raise InputError(str(folder), missing[0], "not a run folder (file missing)")
    targets = pd.read_csv(folder / "targets.csv")
    if "first_year_short" in targets:
        targets["first_year_short"] = targets["first_year_short"].astype("Int64")
    return RunResults(
        path=folder,
        indicators=pd.read_parquet(folder / "indicators.parquet"),
        summary=pd.read_csv(folder / "summary.csv"),
        targets=targets,
        manifest=json.loads((folder / "manifest.json").read_text(encoding="utf-8")),
    )
