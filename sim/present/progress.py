"""The progress of long work, on stderr: a bar on a terminal, a plain line at most every
tenth of the work otherwise, so a log stays short."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console


class ProgressPrinter:
    """Progress of long work on stderr, a callback `(done, total)` as the backends call it.

    On a terminal: a bar that disappears when the work is done. Otherwise: a plain line
    when the work passes each tenth, so a log gets at most eleven lines per batch.
    `step("name: details")` starts the next batch of work, whose counts then carry its
    name; `say(text)` prints a line of news (both: one line on stderr, prefixed with the
    command's name).
    """

    def __init__(self, command: str, unit: str = "replications") -> None:
        self.command = command
        self.unit = unit
        self.stage = ""
        self._terminal = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        self._tenth = -1

    def say(self, text: str) -> None:
        """One line of news (on a terminal, above the bar)."""
        line = f"{self.command}: {text}"
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr, flush=True)

    def step(self, text: str) -> None:
        """The next batch of work is `text`: say so and start its count afresh."""
        self._finish()
        self.stage = text.split(":")[0]  # the counts repeat its name, not its details
        self.say(text)

    def __call__(self, done: int, total: int) -> None:
        if self._terminal:
            self._draw(done, total)
            return
        tenth = 10 * done // max(total, 1)
        if done >= total or tenth > self._tenth:
            self._tenth = -1 if done >= total else tenth
            stage = f"{self.stage}: " if self.stage else ""
            print(f"{self.command}: {stage}{done}/{total} {self.unit} done", file=sys.stderr,
                  flush=True)  # fmt: skip

    def _draw(self, done: int, total: int) -> None:
        from rich.progress import BarColumn, Progress, TimeRemainingColumn

        if self._bar is None:
            self._bar = Progress(
                "[progress.description]{task.description}", BarColumn(),
                "{task.completed}/{task.total} " + self.unit, TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._bar.start()
            label = f"{self.command}: {self.stage}" if self.stage else self.command
            self._task = self._bar.add_task(label, total=total)
        self._bar.update(self._task, completed=done, total=total)
        if done >= total:
            self._finish()

    def _finish(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        self._tenth = -1
