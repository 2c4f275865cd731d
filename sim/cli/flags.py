"""The flags the `sim` commands share: one-line usage errors, numbers bounded by what the
scenario schema or the code accepts, the output, language and execution flags, and the
settings the running functions take from them."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sim.errors import InputError

if TYPE_CHECKING:
    from sim.config.scenario import Scenario

EXIT_BAD_INPUT = 2
FORMATS = ("docx", "xlsx", "md")
#: Worker processes per CPU a command may start: more only queue for the same cores, and
#: each worker holds its own copy of the libraries.
MAX_JOBS_PER_CPU = 4


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _bounded(
    what: str, flag: str, *, whole: bool = True, power_of_two: bool = False
) -> Callable[[str], Any]:
    """An argparse type: a number within `_limits(flag)`, which are read only when the flag
    is given (so `sim --help` loads no schema); an error is one line naming the range."""

    def parse(text: str) -> int | float:
        kind = "a whole number" if whole else "a number"
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {kind}, got {text!r}") from None
        low, high = _limits(flag)
        if not low <= value <= high:  # NaN fails this too
            bounds_text = f"from {_readable(low)} to {_readable(high)}"
            raise argparse.ArgumentTypeError(f"expected {what} {bounds_text}, got {text}")
        if power_of_two and int(value) & (int(value) - 1):
            raise argparse.ArgumentTypeError(f"expected a power of two, got {text}")
        return value

    return parse


def _readable(number: float) -> str:
    """A bound as people write it: thousands separators from 10,000 (not in years)."""
    return f"{number:,}" if abs(number) >= 10_000 else f"{number:g}"


def positive(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _limits(flag: str) -> tuple[float, float]:
    """The lowest and highest value of a bounded flag: the scenario schema's bounds of the
    field of that name, else the bounds of the code that takes it."""
    from sim.config.scenario import MAX_POPULATION_SCALE, MIN_POPULATION_SCALE, Scenario

    if flag in Scenario.model_fields:
        found = {k: getattr(c, k) for c in Scenario.model_fields[flag].metadata
                 for k in ("ge", "le") if hasattr(c, k)}  # fmt: skip
        return found["ge"], found["le"]
    if flag == "population_scale":
        return MIN_POPULATION_SCALE, MAX_POPULATION_SCALE
    if flag == "jobs":
        return 1, MAX_JOBS_PER_CPU * (os.cpu_count() or 1)
    from sim.experiments import global_sensitivity  # the study's sizes

    return 1, getattr(global_sensitivity, f"MAX_{flag.upper()}")


# Every flag accepts what the scenario schema or the code accepts, and no more.
replications = _bounded("a scenario's replications", "replications")
seed = _bounded("a scenario's seed", "seed")
base_year = _bounded("a base year", "base_year")
jobs = _bounded(f"worker processes ({MAX_JOBS_PER_CPU} per CPU at most)", "jobs")
population_scale = _bounded("a population scale", "population_scale", whole=False)
trajectories = _bounded("Morris trajectories", "trajectories")
sobol_samples = _bounded("Sobol base samples", "sobol_samples", power_of_two=True)


def folder_arguments(
    command: argparse.ArgumentParser, out: str, *, charts: bool = True, svg: bool = True
) -> None:
    """The flags of a command that writes a folder with charts."""
    command.add_argument("--out", type=Path, help=out)
    command.add_argument("--force", action="store_true", help="replace an existing folder")
    command.add_argument("--lang", choices=("zh", "en"), default="zh",
                         help="labels of the printed tables, the charts and a report")  # fmt: skip
    if charts:
        command.add_argument("--no-charts", action="store_true", help="do not draw the charts")
    if charts and svg:
        command.add_argument("--svg", action="store_true", help="also write the charts as SVG")


def execution_arguments(command: argparse.ArgumentParser, *, uncertainty: bool = True) -> None:
    """The flags shared by every command that runs replications."""
    if uncertainty:  # a sensitivity study varies the inputs itself
        command.add_argument("--uncertainty", choices=("parameters", "none"),
                             help="draw the uncertain inputs in each replication, or not "
                             "(default: as each scenario says)")  # fmt: skip
    command.add_argument("--jobs", type=jobs, default=min(2, os.cpu_count() or 1),
                         help="worker processes (default: up to 2)")  # fmt: skip
    command.add_argument("--quiet", action="store_true", help="print nothing but errors")
    command.add_argument("--backend", choices=("processes", "dask"), default="processes",
                         help="where replications run (default: processes)")  # fmt: skip
    command.add_argument("--dask-scheduler", metavar="ADDRESS",
                         help="existing Dask scheduler, e.g. tcp://host:8786")  # fmt: skip


def execution(args: argparse.Namespace, label: str, unit: str = "replications") -> dict[str, Any]:
    """Keyword arguments of the running functions from the shared flags; progress is
    counted in `unit`."""
    if args.dask_scheduler is not None and args.backend != "dask":
        raise InputError("--dask-scheduler", "", "needs --backend dask")
    from sim.present.progress import ProgressPrinter

    return {
        "jobs": args.jobs,
        "backend": args.backend,
        "dask_scheduler": args.dask_scheduler,
        "progress": None if args.quiet else ProgressPrinter(label, unit),
        "uncertainty": getattr(args, "uncertainty", None),
    }


def load_all(paths: Sequence[str]) -> list[Scenario]:
    from sim.config.load import load_scenario

    return [load_scenario(path) for path in paths]


def chart_finisher(args: argparse.Namespace) -> list[Callable[[Path], Any]]:
    """Draw the standard charts into a folder before it is put in place (unless --no-charts)."""
    from sim.present.finishers import chart_finishers

    return [] if args.no_charts else chart_finishers(args.lang, svg=bool(getattr(args, "svg", 0)))
