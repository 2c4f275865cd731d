"""The Word report: a document a bureau can paste into its plan.

A4 portrait (a landscape page for the targets table when the scenarios do not fit across a
portrait one), SimSun/SimHei with Times New Roman for Latin text, page numbers in the
footer, the district and base year on the title page, findings in words before the
tables, tables numbered above (Table 1 …) and figures below (Figure 1 …), each in its section.
Table text is 9 pt; columns are sized from font metrics so that no number breaks
across lines. The layout and the rules behind each sentence are in `docs/reports.md`.

python-docx is imported only when a document is written.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.present.charts import (
    CHART_SET,
    ChartSpec,
    chart_context,
    draw_chart,
    save_figure,
    wanted_charts,
)
from sim.present.labels import scenario_labels
from sim.present.outline import Block, Heading, NumberedList, Paragraph, Table, report_outline
from sim.present.report_inputs import ReportInputs
from sim.present.report_words import WORDS
from sim.present.text_metrics import (
    CELL_MARGIN_CM,
    CELL_PADDING_PT,
    number_tokens,
    text_width_pt,
)

#: Fonts of the Word file: Latin text, Chinese body text (SimSun), Chinese headings
#: (SimHei). The Chinese fonts are named as Word's font table names them, whatever the
#: report's language (an English report shows Chinese place names in them too): font
#: identifiers, not words a reader reads, so they stay here rather than in the catalogue.
LATIN_FONT, EAST_ASIAN_BODY_FONT, EAST_ASIAN_HEADING_FONT = "Times New Roman", "宋体", "黑体"
#: A4 and its margins (mm); the text is 170 mm wide in portrait, 257 mm in landscape.
PAGE_MM, MARGIN_SIDE_MM, MARGIN_TOP_MM = (210, 297), 20, 25
PORTRAIT_TEXT_PT = (PAGE_MM[0] - 2 * MARGIN_SIDE_MM) / 25.4 * 72
LANDSCAPE_TEXT_PT = (PAGE_MM[1] - 2 * MARGIN_SIDE_MM) / 25.4 * 72
#: Sizes (points): body text (Chinese size 5), table text (small 5), notes and captions.
BODY_PT, TABLE_PT, NOTE_PT = 10.5, 9.0, 9.0
#: Width of a chart on the page (cm).
FIGURE_WIDTH_CM = 16.0
#: A text column never gets narrower than this many ems of its text size (the first
#: column, which names the rows, than the second number).
MIN_TEXT_COLUMN_EM, MIN_FIRST_COLUMN_EM = 3.0, 8.0
#: Header lines up to this many ems stay on one line (a year, or a short indicator name);
#: longer Chinese lines are first broken at a word boundary (`header_breaks`).
SHORT_HEADER_EM = 7.0
#: A Chinese cell line up to this many ems is a name (a township, 东城街道; a scenario,
#: 床位优先) and stays on one line: a name broken inside reads as two words.
SHORT_NAME_EM = 5.0
#: Where a Chinese header line may break: after these characters ... These are rules of
#: Chinese typesetting applied to any line in Chinese script (`header_breaks` leaves Latin
#: lines to break at their spaces), not words a reader reads, so they stay beside the
#: code that applies them rather than in the catalogue.
BREAK_AFTER = "的与和及）」”，、/"
#: ... before these, and before these words, which end most indicator names.
BREAK_BEFORE = "（(“"
BREAK_BEFORE_WORDS = ("入住率", "入住人数", "需求", "人数", "占比", "满足率", "覆盖率", "支出",
                      "成本", "概率", "拥有", "较有把握")  # fmt: skip
#: A header line is not broken so as to leave fewer characters than this on either side.
SHORTEST_HEADER_PIECE = 2

# ---- low-level Word helpers --------------------------------------------------------------


def _east_asian(run: Any, font: str = EAST_ASIAN_BODY_FONT) -> None:
    """Give a run its Latin and East Asian fonts (w:rFonts w:eastAsia)."""
    from docx.oxml.ns import qn

    run.font.name = LATIN_FONT
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _style_fonts(document: Any) -> None:
    """Body in SimSun / Times New Roman, headings in SimHei, all black: a plain document."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for style in document.styles:
        if style.type != 1:  # paragraph styles only
            continue
        heading = style.name.startswith(("Heading", "Title"))
        style.font.name = LATIN_FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_HEADING_FONT if heading else EAST_ASIAN_BODY_FONT)
        if heading:
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = True
    document.styles["Normal"].font.size = Pt(BODY_PT)
    document.styles["Heading 1"].font.size = Pt(14)
    document.styles["Heading 2"].font.size = Pt(12)


def _page_number_footer(section: Any) -> None:
    """'— n —' centred in the footer (a PAGE field, so Word counts the pages)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ").font.size = Pt(NOTE_PT)
    run = paragraph.add_run()
    run.font.size = Pt(NOTE_PT)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind is not None:
            element = run._element.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        elif text == "PAGE":
            element = run._element.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            element.text = " PAGE "
        else:
            element = run._element.makeelement(qn("w:t"), {})
            element.text = text
        run._element.append(element)
    paragraph.add_run(" —").font.size = Pt(NOTE_PT)


def _paragraph(
    document: Any,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    align: str | None = None,
    indent: bool = False,
    space_after: float = 4,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    _east_asian(run)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    format_ = paragraph.paragraph_format
    format_.space_after = Pt(space_after)
    if indent:
        format_.first_line_indent = Pt(2 * size)
    return paragraph


def _heading(document: Any, text: str, level: int) -> None:
    heading = document.add_heading(level=level)
    _east_asian(heading.add_run(text), EAST_ASIAN_HEADING_FONT)


# ---- tables ------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return str(text).split("\n")


def _break_points(line: str) -> list[int]:
    """Positions inside `line` where a Chinese header may break between words."""
    points = {i + 1 for i, char in enumerate(line[:-1]) if char in BREAK_AFTER}
    points |= {i for i, char in enumerate(line) if i and char in BREAK_BEFORE}
    for word in BREAK_BEFORE_WORDS:
        start = line.find(word, 1)
        while start > 0:
            points.add(start)
            start = line.find(word, start + 1)
    return sorted(p for p in points
                  if SHORTEST_HEADER_PIECE <= p <= len(line) - SHORTEST_HEADER_PIECE)  # fmt: skip


def header_breaks(header: str, size_pt: float = TABLE_PT) -> str:
    """`header` with each line longer than `SHORT_HEADER_EM` broken at the word boundary
    nearest its middle, again until every line fits or has no boundary left: a table's
    header then breaks between words (before the word for occupancy rate, say), never inside
    one."""
    lines: list[str] = []
    pending = _lines(header)
    while pending:
        line = pending.pop(0)
        # Latin text breaks at its spaces by itself.
        points = [] if line.isascii() else _break_points(line)
        if text_width_pt(line, size_pt, bold=True) <= SHORT_HEADER_EM * size_pt or not points:
            lines.append(line)
            continue
        middle = min(points, key=lambda point: abs(point - len(line) / 2))
        pending[:0] = [line[:middle], line[middle:]]
    return "\n".join(lines)


def with_header_breaks(table: pd.DataFrame, size_pt: float = TABLE_PT) -> pd.DataFrame:
    """`table` with its headers broken between words (`header_breaks`)."""
    return table.rename(columns=lambda header: header_breaks(str(header), size_pt))


#: No column is set wider than this share of the table when others need the room.
MAX_COLUMN_SHARE = 0.45


#: An interval in brackets ('（68%—100%）', '(0%–32%)'): set on one line.
INTERVAL = re.compile(r"[（(][^（）()\s]*[—–-][^（）()\s]*[）)]")


def _words(text: str) -> list[str]:
    """Runs of Latin letters, and intervals in brackets, that a line break must not split."""
    # A line may break at a space, a slash, a bracket or after a hyphen.
    pieces = re.split(r"[\s/（）()、，,]+|(?<=-)", text)
    return [word for word in pieces if word.isascii() and word] + INTERVAL.findall(text)


def column_bounds_pt(
    table: pd.DataFrame, size_pt: float = TABLE_PT
) -> tuple[list[float], list[float]]:
    """(minimum, natural) width of each column in points: the minimum keeps its longest
    number, Latin word and short Chinese name (`SHORT_NAME_EM`) on one line, the natural
    sets every body cell on one line (headers may wrap)."""
    minimum, natural = [], []
    for index, header in enumerate(table.columns):
        body = [str(v) for v in table[header]]
        unbreakable = [text_width_pt(token, size_pt) for text in body
                       for token in number_tokens(text) + _words(text)]  # fmt: skip
        unbreakable += [text_width_pt(token, size_pt, bold=True) for token in
                        number_tokens(str(header)) + _words(str(header))]  # fmt: skip
        unbreakable += [width for line in _lines(str(header))
                        if (width := text_width_pt(line, size_pt, bold=True))
                        <= SHORT_HEADER_EM * size_pt]  # fmt: skip
        names = [line for text in body for line in _lines(text) if not line.isascii()]
        name_widths = [text_width_pt(line, size_pt) for line in names]
        unbreakable += [width for width in name_widths if width <= SHORT_NAME_EM * size_pt]
        longest_line = max(
            [text_width_pt(line, size_pt) for t in body for line in _lines(t)] or [0]
        )
        least = (MIN_FIRST_COLUMN_EM if index == 0 else MIN_TEXT_COLUMN_EM) * size_pt
        floor = max([*unbreakable, min(max(longest_line, size_pt), least)])
        # Two points to spare: renderers differ a little in how they set a line.
        minimum.append(floor + CELL_PADDING_PT + 2)
        natural.append(max(longest_line, floor) + CELL_PADDING_PT + 2)
    return minimum, natural


def column_widths_pt(
    table: pd.DataFrame, total_pt: float, size_pt: float = TABLE_PT
) -> list[float]:
    """Column widths (points) adding up to `total_pt`: every column at least its minimum
    (`column_bounds_pt`), the room left shared by how much more each needs to set its
    cells on one line, no column taking more than `MAX_COLUMN_SHARE` while others wait."""
    minimum, natural = (np.array(bound) for bound in column_bounds_pt(table, size_pt))
    wanted = np.maximum(np.minimum(natural, MAX_COLUMN_SHARE * total_pt), minimum)
    spare = total_pt - minimum.sum()
    if spare <= 0:
        return list(minimum * total_pt / minimum.sum())
    if wanted.sum() <= total_pt:
        # Everything fits on one line: share what is left in proportion to the widths.
        return list(wanted * total_pt / wanted.sum())
    wants = wanted - minimum
    return list(minimum + wants * spare / wants.sum())


def fits_across(table: pd.DataFrame, total_pt: float, size_pt: float = TABLE_PT) -> bool:
    """Whether every body cell of `table` can be set on one line in `total_pt` (headers
    may wrap): a table that would need its cells broken goes on a landscape page."""
    return sum(column_bounds_pt(with_header_breaks(table, size_pt), size_pt)[1]) <= total_pt


def _numeric_columns(table: pd.DataFrame) -> list[bool]:
    """Whether each column holds numbers (centred) rather than text (left-aligned)."""
    flags = []
    for column in table.columns:
        values = [str(v) for v in table[column] if str(v) not in ("", "–")]
        numeric = sum(bool(number_tokens(v)) and len(v) <= 24 for v in values)
        flags.append(bool(values) and numeric >= 0.8 * len(values))
    return flags


def _table_text_style(document: Any, size_pt: float) -> Any:
    """The paragraph style of table text at `size_pt` (made once per document)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    name = f"Table Text {size_pt:g}"
    if name in [style.name for style in document.styles]:
        return document.styles[name]
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size_pt)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    return style


def _word_table(document: Any, table: pd.DataFrame, *, total_pt: float = PORTRAIT_TEXT_PT,
                size_pt: float = TABLE_PT) -> Any:  # fmt: skip
    """A Word table of the text DataFrame `table`: header repeated on every page, rows kept
    whole, fixed column widths from `column_widths_pt`; text columns left-aligned,
    numbers and headers centred."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    table = with_header_breaks(table, size_pt)
    count = len(table.columns)
    widths = column_widths_pt(table, total_pt, size_pt)
    numeric = _numeric_columns(table)
    word = document.add_table(rows=1, cols=count)
    word.style = "Table Grid"
    word.autofit = False
    margins = word._tbl.tblPr.makeelement(qn("w:tblCellMar"), {})
    twips = str(round(CELL_MARGIN_CM / 2.54 * 1440))
    for side in ("left", "right"):
        margins.append(
            margins.makeelement(qn(f"w:{side}"), {qn("w:w"): twips, qn("w:type"): "dxa"})
        )
    word._tbl.tblPr.append(margins)
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = word.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    header_properties.append(
        header_properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    )

    style_id = _table_text_style(document, size_pt).style_id

    def fill(cell: Any, text: str, column: int, bold: bool = False) -> None:
        # A new cell holds one empty paragraph; its fonts and size come from the style.
        paragraph = cell.paragraphs[0]
        # By id: looking a style up by object walks every style of the document.
        paragraph._p.style = style_id
        lines = _lines(text)
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if bold:
                run.bold = True
            if index < len(lines) - 1:
                run.add_break()
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if bold or numeric[column] else WD_ALIGN_PARAGRAPH.LEFT
        )

    for column, name in enumerate(table.columns):
        fill(header.cells[column], str(name), column, bold=True)
    for values in table.itertuples(index=False):
        cells = word.add_row().cells
        for column, value in enumerate(values):
            fill(cells[column], str(value), column)
    for column, width in zip(word.columns, widths, strict=True):
        column.width = Pt(width)
    for row in word.rows:
        row_properties = row._tr.get_or_add_trPr()
        row_properties.append(row_properties.makeelement(qn("w:cantSplit"), {}))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width)
    return word


class Numbered:
    """Tables and figures numbered in the order they appear."""

    def __init__(self, lang: str) -> None:
        self.words = WORDS[lang]
        self.tables = 0
        self.figures = 0

    def table(self, document: Any, title: str, table: pd.DataFrame, note: str = "", *,
              source: str = "", total_pt: float = PORTRAIT_TEXT_PT) -> None:  # fmt: skip
        """'Table n' title above the table, the table, its source line and note below."""
        if table.empty:
            return
        self.tables += 1
        caption = _paragraph(document, self.words["table"].format(number=self.tables, title=title),
                             size=BODY_PT, bold=True, align="center", space_after=2)  # fmt: skip
        caption.paragraph_format.keep_with_next = True
        _word_table(document, table, total_pt=total_pt)
        lines = [text for text in (source, note) if text]
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            paragraph = _paragraph(document, line, size=NOTE_PT, space_after=8 if last else 2)
            paragraph.paragraph_format.keep_with_next = not last

    def figure(self, document: Any, png: Path, caption: str, source: str = "") -> None:
        """The picture, then the 'Figure n' caption and its source line below it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        self.figures += 1
        document.add_picture(str(png), width=Cm(FIGURE_WIDTH_CM))
        picture = document.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        text = self.words["figure"].format(number=self.figures, caption=caption)
        title = _paragraph(document, text, size=NOTE_PT, align="center",
                           space_after=2 if source else 10)  # fmt: skip
        if source:
            title.paragraph_format.keep_with_next = True
            _paragraph(document, source, size=NOTE_PT, align="center", space_after=10)


def _orientation(document: Any, landscape: bool) -> None:
    """Start a new section in landscape or portrait A4."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (PAGE_MM[1], PAGE_MM[0]) if landscape else PAGE_MM
    section.page_width, section.page_height = Mm(width), Mm(height)


# ---- charts --------------------------------------------------------------------------------------


def chart_pngs(inputs: ReportInputs, folder: Path, lang: str) -> dict[str, tuple[Path, str]]:
    """{chart name: (PNG, caption)} of the standard set: those already drawn in the run
    folder in `lang`, the others drawn into `folder`."""
    context: dict[str, Any] = dict(chart_context(
        inputs.summary, inputs.plan_targets, inputs.plan_costs if len(inputs.names) > 1 else None
    ))  # fmt: skip
    costs = inputs.plan_costs if len(inputs.names) > 1 else None
    townships = inputs.township_map_data(lang)
    specs = wanted_charts(inputs.targets, costs, townships=townships is not None)
    labels = scenario_labels(inputs.scenarios, lang)
    context = {**context, "scenario": labels.get(inputs.reference, inputs.reference)}
    drawn_folder, index = inputs.drawn_charts or (None, {})
    result: dict[str, tuple[Path, str]] = {}
    for spec in specs:
        caption = spec.caption(lang, **context)
        if drawn_folder is not None and index.get("lang") == lang:
            png = drawn_folder / f"{spec.name}.png"
            if png.is_file():
                result[spec.name] = (png, caption)
                continue
        figure = draw_chart(spec.name, inputs.summary, inputs.targets, costs=costs, lang=lang,
                            labels=labels, population_scale=inputs.population_scale,
                            reference_figures=inputs.reference_figures,
                            townships=townships)  # fmt: skip
        result[spec.name] = (save_figure(figure, folder / spec.name)[0], caption)
    return result


def chart_specs() -> Sequence[ChartSpec]:
    """The standard chart set, in order."""
    return CHART_SET


# ---- the document ------------------------------------------------------------------------------


def _title_page(document: Any, inputs: ReportInputs, lang: str) -> None:
    from docx.enum.text import WD_BREAK

    words = WORDS[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    district = inputs.district_name(lang)
    for _ in range(4):
        _paragraph(document, "", space_after=12)
    _paragraph(document, words["title"].format(district=district), size=20, bold=True,
               align="center", space_after=18)  # fmt: skip
    _paragraph(document, words["subtitle"].format(base=inputs.base_year, first=inputs.base_year + 1,
                                                  plan=inputs.plan_year),
               size=14, align="center", space_after=30)  # fmt: skip
    separator = words["scenario_separator"]
    names = separator.join(labels.get(n, n) for n in inputs.names)
    replications = "/".join(str(r) for r in sorted(set(inputs.replications.values()))) or "?"
    seeds = "/".join(str(s) for s in sorted(set(inputs.seeds.values()))) or "?"
    drawn = any(mode == "parameters" for mode in inputs.uncertainty.values())
    lines = [
        words["scenarios_line"].format(count=len(inputs.names), names=names),
        words["replications_line"].format(
            replications=replications,
            seeds=seeds,
            uncertainty=words["uncertainty_on" if drawn else "uncertainty_off"],
        ),
        words["intervals"],
        words["generated"].format(time=dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
    ]
    if inputs.population_scale != 1.0:
        lines.insert(2, words["scale_line"].format(scale=inputs.population_scale))
    for line in lines:
        _paragraph(document, line, size=BODY_PT, space_after=6)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _numbered_list(document: Any, sentences: Sequence[str], lang: str) -> None:
    for number, sentence in enumerate(sentences, start=1):
        mark = WORDS[lang]["numbered"].format(number=number)
        _paragraph(document, f"{mark}{sentence}", indent=True, space_after=4)


def _landscape(block: Block) -> bool:
    """Whether a block is a wide table whose cells would break on a portrait page."""
    return isinstance(block, Table) and block.wide and not fits_across(block.rows, PORTRAIT_TEXT_PT)


def _render(document: Any, numbered: Numbered, block: Block,
            charts: dict[str, tuple[Path, str]], lang: str, landscape: bool) -> None:  # fmt: skip
    """Lay one block of the outline out in the document (a table across a landscape page
    when `landscape`)."""
    if isinstance(block, Heading):
        _heading(document, block.text, block.level)
    elif isinstance(block, Paragraph):
        _paragraph(document, block.text, bold=block.bold, indent=not block.bold,
                   space_after=2 if block.bold else 6)  # fmt: skip
    elif isinstance(block, NumberedList):
        _numbered_list(document, block.sentences, lang)
    elif isinstance(block, Table):
        width = LANDSCAPE_TEXT_PT if landscape else PORTRAIT_TEXT_PT
        numbered.table(document, block.title, block.rows, block.note, source=block.source,
                       total_pt=width)  # fmt: skip
    elif block.png is not None:
        numbered.figure(document, block.png, block.caption, block.source)
    elif block.chart in charts:
        numbered.figure(document, *charts[block.chart], block.source)


def _render_all(document: Any, blocks: Sequence[Block], charts: dict[str, tuple[Path, str]],
                lang: str) -> None:  # fmt: skip
    """Lay every block out; a landscape table gets a landscape page of its own, which
    its section heading joins when the heading comes right before it."""
    numbered = Numbered(lang)
    # Sizing a table's columns reads every cell: decide each block's page once.
    landscape = [_landscape(block) for block in blocks]
    for index, block in enumerate(blocks):
        heading_of_wide = (isinstance(block, Heading) and index + 1 < len(blocks)
                           and landscape[index + 1])  # fmt: skip
        # Wide tables one after another share their landscape pages (no empty page between).
        after_wide = index > 0 and (landscape[index - 1] or isinstance(blocks[index - 1], Heading))
        if heading_of_wide or (landscape[index] and not after_wide):
            _orientation(document, landscape=True)
        _render(document, numbered, block, charts, lang, landscape[index])
        if landscape[index] and not (index + 1 < len(blocks) and landscape[index + 1]):
            _orientation(document, landscape=False)


def write_docx(inputs: ReportInputs, path: Path, lang: str = "zh") -> Path:
    """Write the report as a Word file at `path`: the title page, then the blocks of
    `sim.present.outline.report_outline` in order."""
    from docx import Document
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_SIDE_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_TOP_MM)
    _style_fonts(document)
    _page_number_footer(section)
    _title_page(document, inputs, lang)
    with tempfile.TemporaryDirectory() as scratch:
        charts = chart_pngs(inputs, Path(scratch), lang)
        _render_all(document, report_outline(inputs, lang), charts, lang)
        document.save(str(path))
    return path
