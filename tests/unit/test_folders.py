"""Outputs are locked while written, refused early when unusable, never replaced unasked,
and SIGTERM ends a write like Ctrl-C does (nothing left behind)."""

from __future__ import annotations

import fcntl
import os
import signal
import time

import pytest

from sim.errors import InputError
from sim.experiments.folders import (
    check_output,
    release_output,
    staged_outputs,
    termination_as_exit,
)


def _held_elsewhere(target):
    """Hold `target`'s lock through a second open file, as another process would."""
    handle = open(target.parent / f".{target.name}.lock", "a+", encoding="utf-8")  # noqa: SIM115
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    handle.write("4242\n")
    handle.flush()
    return handle


def test_check_output_holds_the_lock_until_released(tmp_path) -> None:
    target = tmp_path / "runs" / "x"
    check_output(target, False)
    lock = tmp_path / "runs" / ".x.lock"
    assert lock.read_text(encoding="utf-8").strip() == str(os.getpid())
    with open(lock, encoding="utf-8") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    check_output(target, False)  # the same process checks again: still its lock
    release_output(target)
    assert not lock.exists()
    assert not (tmp_path / "runs").exists()  # the folder made for the lock is gone too


def test_an_output_another_process_is_writing_is_refused_at_once(tmp_path) -> None:
    target = tmp_path / "x"
    holder = _held_elsewhere(target)
    try:
        with pytest.raises(InputError) as caught:
            check_output(target, True)
        assert caught.value.line() == (
            f"{target}: another run is writing this folder (pid 4242); wait for it or "
            "choose another --out"
        )
        with pytest.raises(InputError, match="another run"), staged_outputs([target], force=True):
            pytest.fail("the body must not run")
    finally:
        holder.close()
    assert not target.exists()


def test_a_lock_file_left_by_a_killed_run_blocks_nothing(tmp_path) -> None:
    target = tmp_path / "x"
    (tmp_path / ".x.lock").write_text("99999999\n", encoding="utf-8")  # no one holds it
    with staged_outputs([target], force=False, folders=True) as (staging,):
        staging.mkdir()
        (staging / "a.csv").write_text("a\n", encoding="utf-8")
    assert (target / "a.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_an_output_that_appears_during_the_write_is_not_replaced(tmp_path) -> None:
    target = tmp_path / "x"
    appeared = pytest.raises(InputError, match="appeared while this run was writing it")
    with appeared, staged_outputs([target], force=False, folders=True) as (staging,):
        staging.mkdir()
        (staging / "mine.csv").write_text("mine\n", encoding="utf-8")
        target.mkdir()  # someone else's, made meanwhile
        (target / "theirs.csv").write_text("theirs\n", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == ["theirs.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_with_force_the_output_is_replaced_and_the_lock_released(tmp_path) -> None:
    target = tmp_path / "x"
    target.mkdir()
    with staged_outputs([target], force=True, folders=True) as (staging,):
        staging.mkdir()
        (staging / "new.csv").write_text("new\n", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == ["new.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


@pytest.mark.parametrize("below", ["a-file/out", "a-file/deeper/out"])
def test_an_output_under_a_file_is_refused_at_once(tmp_path, below) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    target = tmp_path / below
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        check_output(target, False)
    assert time.perf_counter() - started < 1
    assert caught.value.line() == f"{target}: {tmp_path / 'a-file'} is not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder all the same")
def test_an_output_in_a_read_only_folder_is_refused_at_once(tmp_path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(InputError, match="cannot"):
            check_output(locked / "deeper" / "out", False)
    finally:
        locked.chmod(0o755)
    assert list(locked.iterdir()) == []


def test_sigterm_inside_a_write_leaves_nothing_behind(tmp_path) -> None:
    target = tmp_path / "x"
    exited = pytest.raises(SystemExit)
    with exited as caught, staged_outputs([target], force=False, folders=True) as (staging,):
        staging.mkdir()
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
    assert caught.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_handler_already_installed_for_sigterm_is_left_alone() -> None:
    def mine(_signum, _frame):
        return None

    previous = signal.signal(signal.SIGTERM, mine)
    try:
        with termination_as_exit():
            assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, previous)
