"""Reports for planning documents, from run folders: Word, Excel or Markdown.

`write_report` reads one or more run or comparison folders (`sim.present.report_inputs`)
and writes one file: the Word document (`sim.present.word`), the workbook
(`sim.present.workbook`) or Markdown (`sim.present.markdown`), in Chinese by default or
English. The words come from rules (`sim.present.findings`, `docs/reports.md`), the tables
from `sim.present.tables`. Every file is written under a temporary name and renamed into
place, so a failure leaves no half-written report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sim.errors import InputError
from sim.experiments.folders import check_output, staged_outputs

FORMATS = ("docx", "xlsx", "md")
LANGUAGES = ("zh", "en")


def markdown_chart_names(path: Path) -> list[Path]:
    """The chart PNGs that may be written beside a Markdown report at `path`."""
    from sim.present.markdown import markdown_chart_names as names

    return names(path)


def format_of(out: Path | None, requested: str | None) -> str:
    """The report format: as requested, else from the output's suffix, else docx."""
    if requested:
        if out is not None and out.suffix and out.suffix.lstrip(".").lower() != requested:
            raise InputError(str(out), "", f"does not end in .{requested} (--format {requested})")
        return requested
    if out is not None and out.suffix.lstrip(".").lower() in FORMATS:
        return out.suffix.lstrip(".").lower()
    return "docx"


def default_report_path(folders: Sequence[str | Path], fmt: str, lang: str) -> Path:
    """`<first folder>/report-<lang>.<format>`: the report sits with the results it shows."""
    return Path(folders[0]) / f"report-{lang}.{fmt}"


def write_report(
    folders: Sequence[str | Path],
    out: Path,
    *,
    fmt: str = "docx",
    lang: str = "zh",
    force: bool = False,
    sensitivity: str | Path | None = None,
) -> list[Path]:
    """Read run or comparison `folders` and write the report at `out`; return the files
    written. `sensitivity` names a study folder (`sim sensitivity`) whose ranking of the
    figures to measure first goes into the report; without it, one inside the first
    folder (or beside a comparison folder) is used.

    Nothing is written when a folder is missing or not a run folder, or when an output
    exists and `force` is not set.
    """
    from sim.present.report_inputs import load_report_inputs

    if fmt not in FORMATS:
        raise InputError(str(out), "", f"unknown format {fmt!r} (expected docx, xlsx or md)")
    if lang not in LANGUAGES:
        raise InputError(str(out), "", f"unknown language {lang!r} (expected zh or en)")
    inputs = load_report_inputs(folders, sensitivity=sensitivity)
    # Charts first, the report last: a reader never sees a report without its charts.
    outputs = [*(markdown_chart_names(out) if fmt == "md" else []), out]
    for path in outputs:
        check_output(path, force, folder=False)
    with staged_outputs(outputs, force=force) as staged:
        staged_out = staged[-1]
        if fmt == "docx":
            from sim.present.word import write_docx

            write_docx(inputs, staged_out, lang)
        elif fmt == "xlsx":
            from sim.present.workbook import write_xlsx

            write_xlsx(inputs, staged_out, lang)
        else:
            from sim.present.markdown import write_markdown

            write_markdown(inputs, staged_out, lang, chart_folder=staged_out.parent)
    return [path for path in outputs if path.exists()]
