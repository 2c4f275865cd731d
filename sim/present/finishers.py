"""What the commands add to a folder before it is put in place: its charts and reports.

`run_to_folder` and the other writers call each finisher with the staging folder after
the tables are written, so the charts and reports are part of the same atomic write
(docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def chart_finishers(lang: str, *, svg: bool = False) -> list[Callable[[Path], Any]]:
    """Draw the standard chart set of a run or comparison folder in `lang` (and as SVG)."""
    from sim.present.charts import write_folder_charts

    return [lambda folder: write_folder_charts(folder, lang, svg=svg)]


def optimisation_finisher(lang: str) -> Callable[[Path], Any]:
    """Charts of an optimisation's verification run, the frontier chart and the Word report."""

    def finish(folder: Path) -> None:
        from sim.present.charts import write_folder_charts, write_frontier_chart
        from sim.present.placement_section import write_placement_map
        from sim.present.report import write_report

        write_folder_charts(folder / "verification", lang)
        write_frontier_chart(folder, lang)
        write_placement_map(folder, lang)
        write_report([folder / "verification"], folder / f"report-{lang}.docx", lang=lang)

    return finish


def sensitivity_chart_finisher(lang: str) -> Callable[[Path], Any]:
    """Draw a sensitivity study's chart."""
    from sim.present.charts import write_sensitivity_chart

    return lambda folder: write_sensitivity_chart(folder, lang)
