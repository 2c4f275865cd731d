"""Backends that run replications: worker processes on this machine, or Dask.

A backend takes (model spec, replication) tasks and returns one tidy table per
task. It promises nothing about the order work finishes in; the runner sorts
the tables afterwards, so the content and order of the results do not depend
on the backend or the number of workers (`run_replication` is a pure function).

- `processes`: `jobs` <= 1 runs in this process; more jobs run in a pool of
  worker processes forked from a fork server that has imported the model
  (nothing of the caller's state leaks in).
- `dask`: a `dask.distributed` cluster. With a scheduler address, an existing
  cluster (its workers must have this package installed at the same version);
  without one, a local cluster of `jobs` single-threaded worker processes that
  is started for the run and closed afterwards.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.experiments.folders import termination_as_exit
from sim.model import simulate
from sim.model.spec import ModelSpec

#: One unit of work: a resolved scenario and a replication number.
Task = tuple[ModelSpec, int]
#: Called after each finished replication with (done, total).
ProgressCallback = Callable[[int, int], None]

BACKENDS = ("processes", "dask")
#: Seconds to wait for an existing Dask scheduler to answer.
DASK_CONNECT_TIMEOUT_SECONDS = 10
#: How often a worker process looks whether the command that started it is still there.
PARENT_WATCH_SECONDS = 0.5
#: Exit code of a worker that ended because its command had gone.
EXIT_PARENT_GONE = 70
#: Seconds to wait for a terminated worker process to end.
WORKER_EXIT_TIMEOUT_SECONDS = 5


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of one replication.

    A replication allocates hundreds of thousands of short-lived objects (events,
    waiting-list entries) beside tens of thousands of long-lived ones (people), so
    the collector's repeated scans of the long-lived ones cost about a third of the
    run time. What a replication discards during the run is freed by reference
    counting; the collector is restored (and runs as usual) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_replication(spec: ModelSpec, replication: int) -> pd.DataFrame:
    """One replication's tidy table of the district, run with the collector paused (see
    `collector_paused`)."""
    with collector_paused():
        return simulate.run_replication(spec, replication)


def run_replication_by_place(spec: ModelSpec, replication: int) -> pd.DataFrame:
    """`run_replication`, with its townships' rows (`area` set) when the spec has
    townships."""
    with collector_paused():
        return simulate.run_replication_by_place(spec, replication)


class BackendSession:
    """Where a command's replications run, kept open across its steps: the worker
    processes of `processes`, or the Dask client (and its local cluster) of `dask`.

    A study or search that runs its replications in several steps opens one session
    and passes it to each `run_tasks`, so that a local cluster is started once, not
    once a step. Open it with `backend_session`; the results do not depend on it."""

    def __init__(self, backend: str, jobs: int, dask_scheduler: str | None) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        if dask_scheduler is not None and backend != "dask":
            raise ValueError("a Dask scheduler address needs backend='dask'")
        self.backend, self.jobs, self.dask_scheduler = backend, jobs, dask_scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._cluster: Any = None

    def run(
        self,
        tasks: Sequence[Task],
        progress: ProgressCallback | None = None,
        work: Callable[[ModelSpec, int], pd.DataFrame] = run_replication,
    ) -> list[pd.DataFrame]:
        """One tidy table per task, computed by `work`, in no particular order."""
        if self.backend == "dask":
            return _run_dask(tasks, self._dask_client(), progress=progress, work=work)
        # One task gains nothing from a pool: starting one costs more than it saves.
        if self.jobs <= 1 or len(tasks) <= 1:
            return _run_here(tasks, progress=progress, work=work)
        try:
            return _run_processes(tasks, self._process_pool(), progress=progress, work=work)
        except BaseException:
            self._pool = None  # its workers were stopped: the next step starts new ones
            raise

    def close(self) -> None:
        """End the worker processes, the Dask client and the local cluster, if started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # A fork server imports the model once and forks clean workers from it: no
            # state of the caller (threads, open files) is inherited, and workers start
            # without paying the imports each (the start method is chosen here, not set
            # for the interpreter).
            context = multiprocessing.get_context("forkserver")
            # scipy.special too: the model's count draws use it in every worker.
            context.set_forkserver_preload(["sim.experiments.backends", "scipy.special"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=end_with_parent,
                initargs=(os.getpid(),),
            )  # fmt: skip
        return self._pool

    def _dask_client(self) -> Any:
        if self._client is not None:
            return self._client
        # Imported here: starting Python for a run on the processes backend should not
        # pay for importing distributed.
        from distributed import Client, LocalCluster

        if self.dask_scheduler is None:
            # One thread per worker: a replication holds the GIL for its whole run.
            # No dashboard, and the scheduler's own HTTP server on a free local port:
            # two runs on one machine must not contend for the default 8787.
            self._cluster = LocalCluster(
                n_workers=max(self.jobs, 1), threads_per_worker=1, processes=True,
                dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )  # fmt: skip
            self._client = Client(self._cluster)
            return self._client
        try:
            self._client = Client(self.dask_scheduler, timeout=DASK_CONNECT_TIMEOUT_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(
                self.dask_scheduler,
                "",
                f"cannot connect to the Dask scheduler ({_first_line(error)})",
            ) from None
        return self._client


@contextmanager
def backend_session(
    backend: str = "processes", jobs: int = 1, dask_scheduler: str | None = None
) -> Iterator[BackendSession]:
    """A `BackendSession` of `backend` with `jobs` workers (for `dask` without an address,
    the workers of a local cluster; `dask_scheduler` is an existing scheduler's address),
    closed on the way out, however the block ends. SIGTERM ends the block like Ctrl-C:
    workers are stopped and the cluster closed, instead of the command vanishing with
    its workers left running."""
    session = BackendSession(backend, jobs, dask_scheduler)
    with termination_as_exit():
        try:
            yield session
        finally:
            session.close()


def run_tasks(
    tasks: Sequence[Task],
    *,
    backend: str = "processes",
    jobs: int = 1,
    dask_scheduler: str | None = None,
    progress: ProgressCallback | None = None,
    by_place: bool = False,
    session: BackendSession | None = None,
) -> list[pd.DataFrame]:
    """One tidy table per task, in no particular order, computed by `backend` (with
    `by_place`, each with its townships' rows: `run_replication_by_place`).

    `jobs` is the number of worker processes (for `dask` without an address, the
    number of workers of the local cluster). `dask_scheduler` is the address of
    an existing Dask scheduler (`tcp://host:8786`) and needs `backend="dask"`. With an
    open `session`, its workers run the tasks, and `backend`, `jobs` and
    `dask_scheduler` are not read.
    """
    work = run_replication_by_place if by_place else run_replication
    if session is not None:
        return session.run(tasks, progress=progress, work=work)
    with backend_session(backend, jobs, dask_scheduler) as opened:
        return opened.run(tasks, progress=progress, work=work)


def _run_here(
    tasks: Sequence[Task],
    *,
    progress: ProgressCallback | None,
    work: Callable[[ModelSpec, int], pd.DataFrame],
) -> list[pd.DataFrame]:
    frames: list[pd.DataFrame] = []
    for done, (spec, replication) in enumerate(tasks, start=1):
        frames.append(work(spec, replication))
        if progress:
            progress(done, len(tasks))
    return frames


def _run_processes(
    tasks: Sequence[Task],
    pool: ProcessPoolExecutor,
    *,
    progress: ProgressCallback | None,
    work: Callable[[ModelSpec, int], pd.DataFrame],
) -> list[pd.DataFrame]:
    frames: list[pd.DataFrame] = []
    futures = [pool.submit(work, s, r) for s, r in tasks]
    try:
        for done, future in enumerate(as_completed(futures), start=1):
            frames.append(future.result())
            if progress:
                progress(done, len(tasks))
    except BaseException:
        _stop_workers(pool)
        raise
    return frames


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End `pool`'s workers now, mid-replication: the run has failed or been interrupted,
    and waiting for replications nobody will read would keep the command alive."""
    # The executor has no public way to end busy workers (before Python 3.14).
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=WORKER_EXIT_TIMEOUT_SECONDS)


def end_with_parent(command_pid: int) -> None:
    """Make this worker process end when the command that started it is gone.

    A worker idles on its task queue for as long as it lives; if the command is killed
    (kill -9 gives it no chance to stop its workers), nothing else would end it. A
    daemon thread looks every `PARENT_WATCH_SECONDS` whether the worker's parent has
    changed (the fork server or nanny that started it has ended, and the worker has
    been handed to another process) or the command has gone, and then exits at once.
    """
    parent_pid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_WATCH_SECONDS)
            if os.getppid() != parent_pid or not _process_exists(command_pid):
                os._exit(EXIT_PARENT_GONE)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _process_exists(pid: int) -> bool:
    """Whether a process `pid` exists (a finished one not yet reaped still does)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run_dask(
    tasks: Sequence[Task],
    client: Any,
    *,
    progress: ProgressCallback | None,
    work: Callable[[ModelSpec, int], pd.DataFrame],
) -> list[pd.DataFrame]:
    from distributed import as_completed as dask_as_completed

    # pure=False: every task is run, and Dask does not hash the scenarios for keys.
    futures = [client.submit(work, s, r, pure=False) for s, r in tasks]
    frames: list[pd.DataFrame] = []
    for done, future in enumerate(dask_as_completed(futures), start=1):
        frames.append(future.result())
        if progress:
            progress(done, len(tasks))
    return frames


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or error.__class__.__name__
    return text.splitlines()[0]
