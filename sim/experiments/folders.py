"""Run folders and every other output, written atomically; run folders read back.

`staged_outputs` is the one writer of the project: every folder and file a
command writes (run and comparison folders, sweep tables, reports) is filled
under a hidden staging folder beside its final place and renamed into place
only when everything succeeded. A run that fails or is interrupted leaves
nothing behind, and nothing that exists is replaced without `force`. An output
is locked from the command's first check of it (`check_output`, before any work)
until it is in place, so two runs aimed at one output never both write it: the
second fails at once.

A run folder holds `indicators.parquet` (tidy: scenario, area, replication, year,
indicator, value), `summary.csv` (scenario, area, year, indicator, mean, ci_low,
ci_high, n), `targets.csv` and `manifest.json` (the run record,
`sim.experiments.record.RunRecord`: the resolved scenarios with their assumptions and
targets, the parameters used, seeds, areas, package versions, git commit, run time); a
comparison folder adds `differences.csv` and `costs.csv`; either may hold `charts/`.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd

from sim.errors import InputError
from sim.experiments.record import RunRecord, read_record, with_area

RUN_FILES = ("indicators.parquet", "summary.csv", "targets.csv", "manifest.json")
COMPARISON_FILES = ("differences.csv", "costs.csv")
MANIFEST = "manifest.json"
#: A run by township: every township's rows (columns scenario, area, replication, year,
#: indicator, value) and their summary, beside the district's tables.
TOWNSHIPS_FILE, TOWNSHIP_SUMMARY_FILE = "townships.parquet", "township_summary.csv"
#: The townships' boundaries as the district pack gives them (for the map).
TOWNSHIP_GEOMETRY_FILE = "townships.geojson"
#: The pack's township targets against the townships' results.
TOWNSHIP_TARGETS_FILE = "township_targets.csv"


@dataclass(frozen=True)
class RunResults:
    """The tables and run record of one run or comparison folder (comparison tables or
    None). Every table has an `area` column after `scenario`."""

    path: Path
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    record: RunRecord
    differences: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    #: each township's rows and their summary (`area` is the township's code), when the
    #: run was by township
    townships: pd.DataFrame | None = None
    township_summary: pd.DataFrame | None = None
    township_targets: pd.DataFrame | None = None

    @property
    def manifest(self) -> dict[str, Any]:
        """The run record as the JSON document `manifest.json` holds."""
        return self.record.document()


def check_output(path: Path, force: bool, *, folder: bool = True) -> None:
    """Before any work: refuse an output that cannot be written, that another run is
    writing, or that exists (without `force`); then hold its lock.

    The nearest existing folder above `path` must be a folder this process can write
    in: the missing folders are created and a lock file is opened there, which also
    proves the place writable (even for root, where permission bits say nothing). The
    lock is held by this process from here until `staged_outputs` has put the output
    in place (or `release_output`), so a second run aimed at the same output fails at
    once instead of replacing the first's results at the end.
    """
    acquired = path.resolve() not in _HELD
    lock_output(path, folder=folder)
    try:
        if path.exists() and not force:
            raise InputError(str(path), "", "already exists; use --force to replace it")
        if path.exists() and folder and not path.is_dir():
            raise InputError(str(path), "", "exists and is not a folder")
        if path.exists() and not folder and path.is_dir():
            raise InputError(str(path), "", "is a folder, not a file")
    except InputError:
        if acquired:
            release_output(path)
        raise


@dataclass
class _OutputLock:
    """An open, locked lock file beside an output, and the folders made to hold it."""

    file: IO[str]
    path: Path
    created_folders: list[Path]


#: The outputs this process is writing (resolved path -> its lock). One process takes
#: an output's lock once, in its first `check_output`, and keeps it through the rename.
_HELD: dict[Path, _OutputLock] = {}


def lock_output(path: Path, *, folder: bool = True) -> None:
    """Hold the exclusive lock on the output `path` for this process (nothing if held).

    The lock is `flock` on `.<name>.lock` beside `path`: the system releases it when the
    process ends in any way, so a killed run never blocks the next one (its lock file
    may remain and is reused). Raises `InputError` when the place is unusable or another
    process holds the lock.
    """
    key = path.resolve()
    if key in _HELD:
        return
    created = _make_parent_folders(path)
    lock_path = path.parent / f".{path.name}.lock"
    try:
        while True:
            handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 (held open)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                handle.close()
                what = "folder" if folder else "file"
                raise InputError(
                    str(path), "", f"another run is writing this {what} (pid {holder}); "
                    "wait for it or choose another --out",
                ) from None  # fmt: skip
            # A holder that finished removed the file it locked: lock the one in place.
            if _same_file(handle, lock_path):
                break
            handle.close()
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
    except OSError as error:
        _remove_empty(created)
        raise InputError(
            str(path), "", f"cannot write in {path.parent} ({error.strerror or error})"
        ) from None
    _HELD[key] = _OutputLock(handle, lock_path, created)


def release_all_outputs() -> None:
    """Give up every output lock this process holds (run at exit, however the command
    ended short of a signal that kills at once, so its lock files do not linger)."""
    for key in list(_HELD):
        release_output(key)


atexit.register(release_all_outputs)


def release_output(path: Path) -> None:
    """Give up this process's lock on the output `path`: remove the lock file, and the
    folders made for it when they are still empty (nothing if not held)."""
    held = _HELD.pop(path.resolve(), None)
    if held is None:
        return
    held.path.unlink(missing_ok=True)
    held.file.close()
    _remove_empty(held.created_folders)


def _make_parent_folders(path: Path) -> list[Path]:
    """Create the missing folders above `path`; return them, deepest first.

    Raises `InputError` when one of them cannot be made: an existing ancestor is a file,
    or the nearest existing folder is not writable.
    """
    missing = [p for p in path.parents if not p.exists()][::-1]
    nearest = missing[0].parent if missing else path.parent
    if not nearest.is_dir():
        raise InputError(str(path), "", f"{nearest} is not a folder")
    created: list[Path] = []
    for folder in missing:
        try:
            folder.mkdir()
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to remove
        except OSError as error:
            _remove_empty(created[::-1])
            raise InputError(
                str(path), "", f"cannot create {folder} ({error.strerror or error})"
            ) from None
        created.append(folder)
    return created[::-1]


def _same_file(handle: IO[str], path: Path) -> bool:
    """Whether the open `handle` is still the file at `path` (not removed meanwhile)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


def _remove_empty(folders: Sequence[Path]) -> None:
    """Remove `folders` (deepest first) while they are empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


@contextmanager
def termination_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM ends the command like Ctrl-C does: by an exception
    (`SystemExit(143)`), so that worker pools are shut down and staging folders removed
    on the way out, instead of the process vanishing at once.

    Only in the main thread, and only where SIGTERM has its default action: a handler
    someone else installed is left alone.
    """
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def exit_now(signum: int, _frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends at once
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, exit_now)
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is exit_now:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def staged_outputs(
    targets: Sequence[Path], *, force: bool, folders: bool = False
) -> Iterator[list[Path]]:
    """Yield one staging path per target; on success each replaces its target by a rename.

    The staging paths do not exist yet (create a folder or write a file there).
    They sit in one hidden folder beside the first target, so that each rename
    stays on one file system; targets are renamed in order, so put the file a
    reader opens first (a report) last. If the body fails or is interrupted
    (SIGTERM included), nothing is left behind and the targets are untouched.

    Every target is locked (`check_output`) from the start, or from an earlier
    `check_output` of this process, until its rename; a target that appeared
    meanwhile is still replaced only with `force`.
    """
    with ExitStack() as releases, termination_as_exit():
        for target in targets:
            releases.callback(release_output, target)
            check_output(target, force, folder=folders)
        parent = targets[0].parent
        staging = parent / f".{targets[0].name}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            staged = [staging / target.name for target in targets]
            yield staged
            present = [t for s, t in zip(staged, targets, strict=True) if s.exists()]
            for target in present:
                if target.exists() and not force:
                    raise InputError(
                        str(target), "", "appeared while this run was writing it; nothing "
                        "was replaced (use --force to replace it)",
                    )  # fmt: skip
            for source, target in zip(staged, targets, strict=True):
                if source.exists():
                    _put_in_place(source, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _put_in_place(source: Path, target: Path) -> None:
    """Rename `source` to `target`, replacing an existing `target` (file or folder)."""
    if not target.exists():
        source.rename(target)
        return
    retired = target.parent / f".{target.name}.replaced-{os.getpid()}"
    target.rename(retired)
    source.rename(target)
    if retired.is_dir():
        shutil.rmtree(retired, ignore_errors=True)
    else:
        retired.unlink(missing_ok=True)


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
    record: RunRecord,
    *,
    differences: pd.DataFrame | None = None,
    costs: pd.DataFrame | None = None,
    townships: pd.DataFrame | None = None,
    township_summary: pd.DataFrame | None = None,
    township_geometry: str | None = None,
    township_targets: pd.DataFrame | None = None,
) -> None:
    """Write a run folder's tables into `folder` (a staging folder, created here), each
    with its `area` column from the record's `scenario_areas` (the townships' tables
    have their own: the township's code)."""
    folder.mkdir()
    areas = record.scenario_areas
    with_area(indicators, areas).to_parquet(folder / "indicators.parquet", index=False)
    with_area(summary, areas).to_csv(folder / "summary.csv", index=False)
    with_area(targets, areas).to_csv(folder / "targets.csv", index=False)
    if differences is not None:
        with_area(differences, areas).to_csv(folder / "differences.csv", index=False)
    if costs is not None:
        with_area(costs, areas).to_csv(folder / "costs.csv", index=False)
    if townships is not None and township_summary is not None:
        townships.to_parquet(folder / TOWNSHIPS_FILE, index=False)
        township_summary.to_csv(folder / TOWNSHIP_SUMMARY_FILE, index=False)
    if township_targets is not None:
        township_targets.to_csv(folder / TOWNSHIP_TARGETS_FILE, index=False)
    if township_geometry is not None:
        (folder / TOWNSHIP_GEOMETRY_FILE).write_text(township_geometry, encoding="utf-8")
    write_json(folder / MANIFEST, record.document())


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
    record = read_record(folder, MANIFEST)
    areas = record.scenario_areas

    def table(name: str) -> pd.DataFrame:
        # A folder of format 1 has no area column: its rows get their scenario's area.
        read = pd.read_parquet if name.endswith(".parquet") else pd.read_csv
        found = read(folder / name)
        return found if "area" in found or "scenario" not in found else with_area(found, areas)

    targets = table("targets.csv")
    if "first_year_short" in targets:
        targets["first_year_short"] = targets["first_year_short"].astype("Int64")
    comparison = {
        name.removesuffix(".csv"): table(name)
        for name in COMPARISON_FILES
        if (folder / name).is_file()
    }
    by_place = _township_tables(folder)
    return RunResults(
        path=folder,
        indicators=table("indicators.parquet"),
        summary=table("summary.csv"),
        targets=targets,
        record=record,
        differences=comparison.get("differences"),
        costs=comparison.get("costs"),
        **by_place,
    )


def _township_tables(folder: Path) -> dict[str, pd.DataFrame | None]:
    """The tables by township of a run folder (none for a run that was one pool)."""
    if not (folder / TOWNSHIPS_FILE).is_file():
        return {}
    targets = folder / TOWNSHIP_TARGETS_FILE
    return {
        "townships": pd.read_parquet(folder / TOWNSHIPS_FILE),
        "township_summary": pd.read_csv(folder / TOWNSHIP_SUMMARY_FILE, dtype={"area": str}),
        "township_targets": pd.read_csv(targets, dtype={"area": str})
        if targets.is_file()
        else None,
    }
