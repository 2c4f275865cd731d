"""The Markdown report: the Word report's words and tables as text, with the charts as
PNG files beside it (`<stem>-<chart>.png`)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from sim.present.charts import CHART_SET, TOWNSHIP_CHARTS
from sim.present.outline import Block, Heading, NumberedList, Paragraph, Table, report_outline
from sim.present.report_inputs import ReportInputs
from sim.present.report_words import WORDS
from sim.present.word import chart_pngs


def markdown_table(table: pd.DataFrame, text_columns: int = 1) -> str:
    """A pipe table; line breaks inside cells become spaces."""

    def clean(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(clean(c) for c in table.columns) + " |"
    rule = "|" + "|".join(
        "---" if i < text_columns else "---:" for i in range(len(table.columns))
    ) + "|"  # fmt: skip
    body = [
        "| " + " | ".join(clean(v) for v in row) + " |" for row in table.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def markdown_chart_names(path: Path) -> list[Path]:
    """The chart PNGs that may be written beside a Markdown report at `path`."""
    return [
        path.with_name(f"{path.stem}-{spec.name}.png") for spec in (*CHART_SET, *TOWNSHIP_CHARTS)
    ]


def _block_lines(block: Block, counters: dict[str, int], links: dict[str, tuple[str, str]],
                 words: Mapping[str, str], lang: str) -> list[str]:  # fmt: skip
    """The Markdown lines of one block of the outline."""
    if isinstance(block, Heading):
        return [f"{'#' * (block.level + 1)} {block.text}", ""]
    if isinstance(block, Paragraph):
        return [f"**{block.text}**" if block.bold else block.text, ""]
    if isinstance(block, NumberedList):
        return [f"{i}. {s}" for i, s in enumerate(block.sentences, 1)] + [""]
    if isinstance(block, Table):
        if block.rows.empty:
            return []
        counters["table"] += 1
        heading = words["table"].format(number=counters["table"], title=block.title)
        below = [line for line in (block.source, block.note) if line]
        return [f"**{heading}**", "", markdown_table(block.rows, block.text_columns), "",
                *[item for line in below for item in (line, "")]]  # fmt: skip
    if block.png is not None:
        file, caption = block.png.name, block.caption
    elif block.chart in links:
        file, caption = links[block.chart]
    else:
        return []
    counters["figure"] += 1
    text = words["figure"].format(number=counters["figure"], caption=caption)
    return [f"![{text}]({file})", "", f"*{text}*", "", block.source, ""]


def write_markdown(inputs: ReportInputs, path: Path, lang: str = "zh", *,
                   chart_folder: Path | None = None) -> list[Path]:  # fmt: skip
    """Write the report as Markdown at `path` and its chart PNGs beside it (or into
    `chart_folder`, named as `markdown_chart_names`); return every file written. The
    blocks are those of the Word report (`sim.present.outline.report_outline`)."""
    words = WORDS[lang]
    folder = chart_folder or path.parent
    written: list[Path] = []
    links: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, (png, caption) in chart_pngs(inputs, Path(scratch), lang).items():
            target = folder / f"{path.stem}-{name}.png"
            shutil.copyfile(png, target)
            written.append(target)
            links[name] = (target.name, caption)
    district = inputs.district_name(lang)
    base, plan = inputs.base_year, inputs.plan_year
    lines = [f"# {words['title'].format(district=district)}", "",
             words["subtitle"].format(base=base, first=base + 1, plan=plan), "",
             words["intervals"], ""]  # fmt: skip
    counters = {"table": 0, "figure": 0}
    for block in report_outline(inputs, lang):
        lines += _block_lines(block, counters, links, words, lang)
    path.write_text("\n".join(lines), encoding="utf-8")
    return [path, *written]
