"""The Word report: a document a bureau can paste into its plan.

A4 portrait (a landscape page for the 专栏 table when the scenarios do not fit across a
portrait one), 宋体/黑体 with Times New Roman for Latin text, page numbers in the
footer, the district and base year on the title page, findings in words before the
tables, tables numbered above (表1 …) and figures below (图1 …), each in its section.
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
from sim.present.findings import findings, recommendations
from sim.present.labels import scenario_labels
from sim.present.report_inputs import ReportInputs
from sim.present.tables import (
    base_state_rows,
    capacity_rows,
    care_at_home_rows,
    evaluation_rows,
    frontier_rows,
    indicator_rows,
    measure_first_rows,
    optimised_goal_rows,
    optimised_lever_rows,
    parameter_rows,
    plan_cost_rows,
    plan_period_years,
    population_rows,
    zhuanlan_rows,
)
from sim.present.text_metrics import (
    CELL_MARGIN_CM,
    CELL_PADDING_PT,
    number_tokens,
    text_width_pt,
)

#: Fonts of the Word file: Latin text, Chinese body text, Chinese headings.
LATIN_FONT, EAST_ASIAN_BODY_FONT, EAST_ASIAN_HEADING_FONT = "Times New Roman", "宋体", "黑体"
#: A4 and its margins (mm); the text is 170 mm wide in portrait, 257 mm in landscape.
PAGE_MM, MARGIN_SIDE_MM, MARGIN_TOP_MM = (210, 297), 20, 25
PORTRAIT_TEXT_PT = (PAGE_MM[0] - 2 * MARGIN_SIDE_MM) / 25.4 * 72
LANDSCAPE_TEXT_PT = (PAGE_MM[1] - 2 * MARGIN_SIDE_MM) / 25.4 * 72
#: Sizes (points): body text (五号), table text (小五), notes and captions.
BODY_PT, TABLE_PT, NOTE_PT = 10.5, 9.0, 9.0
#: Width of a chart on the page (cm).
FIGURE_WIDTH_CM = 16.0
#: A text column never gets narrower than this many ems of its text size (the first
#: column, which names the rows, than the second number).
MIN_TEXT_COLUMN_EM, MIN_FIRST_COLUMN_EM = 3.0, 6.0
#: Header lines up to this many ems stay on one line ('2025年', '基准值').
SHORT_HEADER_EM = 4.5

WORDS = {
    "zh": {
        "title": "{district}养老服务能力规划情景模拟报告",
        "subtitle": "基准年：{base}年　规划期：{first}—{plan}年",
        "scenarios_line": "比较情景：{count}个（{names}）",
        "replications_line": "每个情景重复模拟{replications}次（随机数种子{seeds}）；{uncertainty}",
        "uncertainty_on": "每次模拟抽取一组不确定参数和基准年估计值，结果范围同时反映个体随机性与"
        "参数不确定性",
        "uncertainty_off": "参数取固定值，结果范围只反映个体随机性",
        "scale_line": "注意：本次模拟的人口和设施规模按{scale:g}倍缩放，绝对数不代表全区实际。",
        "generated": "生成时间：{time}",
        "intervals": "说明：“95%结果范围”指各次模拟结果的第2.5至第97.5百分位数；“达成概率”指达到目"
        "标的模拟次数占比。",
        "summary": "一、摘要", "advice": "二、对策建议", "targets": "三、规划目标",
        "population": "四、老年人口", "capacity": "五、床位与护理人员",
        "care_at_home": "六、居家和社区照护", "costs": "七、成本",
        "data": "八、基准年数据与需优先核实的数据", "evaluation": "九、规划终期评估（{first}—"
        "{last}年）",
        "appendix_scenarios": "附录一　情景说明", "appendix_parameters": "附录二　主要参数",
        "appendix_years": "附录三　各情景主要指标（逐年）",
        "table": "表{number}　{title}", "figure": "图{number}　{caption}",
        "t_zhuanlan": "{plan}年规划目标与各情景预测（专栏）",
        "n_zhuanlan": "注：基准值为{base}年地区数据包的数值（部分为估计值，见第八部分）。情景列为"
        "{plan}年"
        "各次模拟的均值，其下为达成概率（达到目标的模拟次数占比），✓表示达成概率不低于80%（很可能达成），△为50%—80%（不确定），✗低于50%（很可能未达成）。"
        "护理人员为{plan}年末的人数。",
        "t_capacity": "{plan}年床位与护理人员",
        "n_capacity": "注：数值为各次模拟的均值。护理型床位需求＝护理型床位入住人数＋年末轮候人数"
        "＋当年放弃"
        "轮候人数；可运营护理型床位指现有护理员按人员配比能够照护的护理型床位入住人数。",
        "t_population": "老年人口与健康状况",
        "n_population": "注：人口与健康状况不随照护情景变化，数值为各次模拟的均值。",
        "t_care": "{plan}年居家和社区照护",
        "n_care": "注：数值为各次模拟的均值。",
        "t_costs": "{first}—{last}年成本与服务人次",
        "n_costs": "注：财政支出下方括号内为各次模拟结果的95%范围。服务人次为入住人数与新获得社区"
        "照料名额"
        "人数之和；每新增服务一人次成本＝新增总支出÷新增服务人次，未多服务人次的情景不计算。",
        "t_base": "基准年（{base}年）数据",
        "n_base": "注：“统计数据”为已公布数据；“估计值”为推算数据；“假设值”和“默认值”无统计来源，"
        "运行时按此取值，宜尽快以实际数据替换（在地区数据包中修改）。",
        "t_measure": "需优先核实的数据",
        "n_measure": "注：根据全局敏感性分析（Morris筛选后计算Sobol指数）排序：先看该数据取其范围"
        "两端时首选"
        "情景改变的概率，再看它最多可解释某项结果方差的比例。",
        "t_evaluation": "规划目标终期评估",
        "n_evaluation": "注：预测为规划情景自基准年起的模拟均值；达成概率为达到目标的模拟次数占比"
        "；无已公布的期末"
        "数据时，结论为“待统计数据核实”。",
        "t_parameters": "主要参数（本次运行取值）",
        "n_parameters": "注：列出置信度为“假设”或“低”的参数，以及情景（标*）或地区数据包（标†）修"
        "改的参数；"
        "取值为本次运行所用的值。参数见默认参数表，情景文件可在假设项中修改。",
        "t_years": "{scenario}：主要指标",
        "n_years": "注：数值为各次模拟的均值；支出以万元计；年内流量指标在基准年不适用，记为“–”。",
        "no_findings": "本次运行没有可据以作出判断的结果。",
    },
    "en": {
        "title": "{district}: elderly-care capacity planning, scenario results",
        "subtitle": "Base year {base}. Plan period {first}–{plan}.",
        "scenarios_line": "Scenarios compared: {count} ({names})",
        "replications_line": "Each scenario replicated {replications} times (seed {seeds}); "
        "{uncertainty}",
        "uncertainty_on": "each replication draws one set of the uncertain inputs, so ranges carry "
        "both the randomness of lives and what is not known about the inputs",
        "uncertainty_off": "inputs fixed: ranges carry only the randomness of lives",
        "scale_line": "Note: this run scales the population and every capacity by {scale:g}; "
        "counts are not the district's.",
        "generated": "Generated {time}",
        "intervals": "“95% range of outcomes”: the 2.5th to 97.5th percentile across "
        "replications. “P(met)”: the share of replications that meet a target.",
        "summary": "1. Summary of findings", "advice": "2. Recommendations",
        "targets": "3. Plan targets", "population": "4. Older population",
        "capacity": "5. Beds and care workers", "care_at_home": "6. Care at home and in the commun"
        "ity",
        "costs": "7. Costs", "data": "8. Base-year figures and what to measure first",
        "evaluation": "9. End-of-term evaluation ({first}–{last})",
        "appendix_scenarios": "Appendix 1. Scenarios", "appendix_parameters": "Appendix 2. Paramet"
        "ers",
        "appendix_years": "Appendix 3. Indicators by year",
        "table": "Table {number}. {title}", "figure": "Figure {number}. {caption}",
        "t_zhuanlan": "Targets for {plan} and each scenario's projection",
        "n_zhuanlan": "Base: the district pack's {base} figures (some are estimates; see section "
        "8). Scenario columns: the mean in {plan}, with P(met) beneath it (✓ 80% or more: likely m"
        "et; △ "
        "50-80%: uncertain; ✗ below 50%: likely missed). Care workers: persons at the end of "
        "{plan}.",
        "t_capacity": "Beds and care workers in {plan}",
        "n_capacity": "Means over replications. Demand for nursing-type beds = their residents + "
        "people waiting at year end + people who gave up in the year; beds staff can run: "
        "residents the care workers on hand can look after at the staffing ratios.",
        "t_population": "Older population and health",
        "n_population": "Population and health do not depend on the care scenario; means over "
        "replications.",
        "t_care": "Care at home and in the community in {plan}",
        "n_care": "Means over replications.",
        "t_costs": "Costs and people served, {first}–{last}",
        "n_costs": "Brackets under the public cost: the 95% range of outcomes. People served: "
        "admissions plus new community places. Cost per extra person served = extra total cost "
        "/ extra people served; not given when a scenario serves no more people.",
        "t_base": "Base-year figures ({base})",
        "n_base": "Observed: published. Estimate: derived. Assumption and default: no published "
        "source; the run uses them as given, and they should be replaced (in the district pack).",
        "t_measure": "What to measure first",
        "n_measure": "Ranked by a global sensitivity study (Morris screening, then Sobol indices): "
        "first by the probability that the preferred scenario changes at an end of the "
        "figure's range, then by the largest share of an output's variance it explains.",
        "t_evaluation": "End-of-term evaluation",
        "n_evaluation": "Projection: the plan scenario's mean from the base year; P(met): share "
        "of replications meeting the target; without a published final-year figure the "
        "verdict is 'not yet known'.",
        "t_parameters": "Parameters (the values this run used)",
        "n_parameters": "Parameters of confidence 'assumption' or 'low', and those the scenario "
        "(*) or the district pack (†) changed; values as the run used them.",
        "t_years": "{scenario}: main indicators",
        "n_years": "Means over replications; costs in 10,000 yuan; flows during a year are not "
        "defined for the base year (–).",
        "no_findings": "The run has no results to judge.",
    },
}  # fmt: skip


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
    """Body in 宋体 / Times New Roman, headings in 黑体, all black: a plain document."""
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


#: No column is set wider than this share of the table when others need the room.
MAX_COLUMN_SHARE = 0.45


def _words(text: str) -> list[str]:
    """Runs of Latin letters that a line break must not split."""
    # A line may break at a space, a slash, a bracket or after a hyphen.
    return [word for word in re.split(r"[\s/（）()、，,]+|(?<=-)", text) if word.isascii() and word]


def column_bounds_pt(
    table: pd.DataFrame, size_pt: float = TABLE_PT
) -> tuple[list[float], list[float]]:
    """(minimum, natural) width of each column in points: the minimum keeps its longest
    number and Latin word on one line, the natural sets every body cell on one line
    (headers may wrap)."""
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
    return sum(column_bounds_pt(table, size_pt)[1]) <= total_pt


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
              total_pt: float = PORTRAIT_TEXT_PT) -> None:  # fmt: skip
        """表n title above the table, the table, its note below."""
        if table.empty:
            return
        self.tables += 1
        caption = _paragraph(document, self.words["table"].format(number=self.tables, title=title),
                             size=BODY_PT, bold=True, align="center", space_after=2)  # fmt: skip
        caption.paragraph_format.keep_with_next = True
        _word_table(document, table, total_pt=total_pt)
        if note:
            _paragraph(document, note, size=NOTE_PT, space_after=8)

    def figure(self, document: Any, png: Path, caption: str) -> None:
        """The picture, then 图n caption below it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        self.figures += 1
        document.add_picture(str(png), width=Cm(FIGURE_WIDTH_CM))
        picture = document.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        _paragraph(document, self.words["figure"].format(number=self.figures, caption=caption),
                   size=NOTE_PT, align="center", space_after=10)  # fmt: skip


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
    context = chart_context(inputs.summary, inputs.plan_targets, inputs.plan_costs
                            if len(inputs.names) > 1 else None)  # fmt: skip
    costs = inputs.plan_costs if len(inputs.names) > 1 else None
    specs = wanted_charts(inputs.targets, costs)
    labels = scenario_labels(inputs.scenarios, lang)
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
                            reference_figures=inputs.reference_figures)  # fmt: skip
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
    separator = "、" if lang == "zh" else "; "
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
        mark = f"{number}．" if lang == "zh" else f"{number}. "
        _paragraph(document, f"{mark}{sentence}", indent=True, space_after=4)


OPTIMISE_WORDS = {
    "zh": {
        "heading": "十、投资方案优化",
        "summary": "在{count}项投入的可选范围内，求得同时满足{goals}项目标（约束性目标要求达成概率"
        "{p}）的"
        "最低{cost}方案：{first}—{last}年{cost}{value}亿元（新随机数种子、{reps}次模拟核验）。",
        "summary_short": "在投入的可选范围内，未能找到满足全部目标的方案；以下为最接近的方案。",
        "public": "财政支出", "total": "总支出",
        "t_levers": "优化方案的年度投入", "t_goals": "各项目标的核验结果",
        "n_goals": "注：核验为按新随机数种子运行方案{reps}次；“是否约束”指方案中该目标恰好达到要求"
        "，"
        "放宽该目标即可降低成本；“作用最大的投入”为每增加一步对该目标影响最大的投入。",
        "t_frontier": "不同达成概率要求下的最低成本",
        "n_frontier": "注：每个概率下求得的方案均经模拟核验（{reps}次），有目标未达标时按差距加大"
        "余量重新求解、核验一次；达标目标数为达成概率不低于要求的目标个数；“—”表示投入范围内"
        "无满足该概率的方案。",
        "f_frontier": "不同达成概率要求下的最低成本（实心为模拟核验，空心为代理模型预测）",
    },
    "en": {
        "heading": "10. Optimised investment plan",
        "summary": "Within the ranges of {count} levers, the least-{cost} plan that meets all "
        "{goals} "
        "goals (binding targets with probability {p}): {value} hundred million yuan of {cost} "
        "in {first}–{last}, checked by {reps} replications with a fresh seed.",
        "summary_short": "No plan within the levers' ranges meets every goal; this is the "
        "closest found.",
        "public": "public cost", "total": "total cost",
        "t_levers": "The optimised plan's yearly levers", "t_goals": "Each goal in the verificatio"
        "n",
        "n_goals": "Verification: the plan run {reps} times with a fresh seed. Binding: the plan "
        "meets the goal with no room to spare, so relaxing it would lower the cost. Lever that "
        "moves it most: the largest effect of one step.",
        "t_frontier": "Least cost at each required probability",
        "n_frontier": "Each probability's plan was checked by simulation ({reps} replications); "
        "where a goal fell short, its margin was raised by the miss and the plan solved and "
        "checked once more. Goals met: those whose P(met) reaches the requirement; – : no plan "
        "within the levers' ranges reaches that probability.",
        "f_frontier": "Least cost at each required probability (filled: checked by simulation; "
        "hollow: the surrogate's prediction)",
    },
}  # fmt: skip


def _optimisation_section(document: Any, numbered: Numbered, inputs: ReportInputs,
                          lang: str) -> None:  # fmt: skip
    """十、投资方案优化: the plan, its goals in the verification and the cost frontier."""
    record = inputs.optimisation
    assert record is not None
    words = OPTIMISE_WORDS[lang]
    search = record["search"]
    _heading(document, words["heading"], 1)
    if record.get("all_goals_verified") and record.get("feasible"):
        cost = record["objective"]["cost"]
        _paragraph(document, words["summary"].format(
            count=len(record["levers"]), goals=len(record["goals_table"]),
            p=f"{record['probability']:.0%}", cost=words[cost],
            first=record["first_year"], last=record["last_year"],
            value=f"{(record['verified_cost_yuan'] or 0) / 1e8:,.2f}",
            reps=search["verification_replications"]), indent=True)  # fmt: skip
    else:
        _paragraph(document, words["summary_short"], indent=True)
        for item in record.get("infeasible", []):
            _paragraph(document, item["message"], indent=True)
    numbered.table(document, words["t_levers"], optimised_lever_rows(record, lang))
    numbered.table(document, words["t_goals"], optimised_goal_rows(record, lang),
                   words["n_goals"].format(reps=search["verification_replications"]))  # fmt: skip
    numbered.table(document, words["t_frontier"], frontier_rows(record, lang),
                   words["n_frontier"].format(reps=search["check_replications"]))  # fmt: skip
    chart = Path(record["folder"]) / "charts" / "frontier.png"
    if chart.is_file():
        numbered.figure(document, chart, words["f_frontier"])


def write_docx(inputs: ReportInputs, path: Path, lang: str = "zh") -> Path:
    """Write the report as a Word file at `path`."""
    from docx import Document
    from docx.shared import Mm

    words = WORDS[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    facts = inputs.facts(lang)
    plan, base = inputs.plan_year, inputs.base_year
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_SIDE_MM)
    section.top_margin = section.bottom_margin = Mm(MARGIN_TOP_MM)
    _style_fonts(document)
    _page_number_footer(section)
    numbered = Numbered(lang)
    _title_page(document, inputs, lang)

    with tempfile.TemporaryDirectory() as scratch:
        charts = chart_pngs(inputs, Path(scratch), lang)

        def figure(name: str) -> None:
            if name in charts:
                numbered.figure(document, *charts[name])

        _heading(document, words["summary"], 1)
        _numbered_list(document, findings(facts, lang) or [words["no_findings"]], lang)
        advice = recommendations(facts, lang)
        if advice:
            _heading(document, words["advice"], 1)
            _numbered_list(document, advice, lang)

        zhuanlan = zhuanlan_rows(inputs, lang)
        wide = not fits_across(zhuanlan, PORTRAIT_TEXT_PT)
        if wide:
            _orientation(document, landscape=True)
        _heading(document, words["targets"], 1)
        numbered.table(document, words["t_zhuanlan"].format(plan=plan), zhuanlan,
                       words["n_zhuanlan"].format(base=base, plan=plan),
                       total_pt=LANDSCAPE_TEXT_PT if wide else PORTRAIT_TEXT_PT)  # fmt: skip
        if wide:
            _orientation(document, landscape=False)
        figure("targets")

        _heading(document, words["population"], 1)
        numbered.table(document, words["t_population"], population_rows(inputs, lang),
                       words["n_population"])  # fmt: skip
        figure("population")

        _heading(document, words["capacity"], 1)
        numbered.table(document, words["t_capacity"].format(plan=plan),
                       capacity_rows(inputs, lang), words["n_capacity"])  # fmt: skip
        for name in ("beds", "staff", "gave_up", "waiting"):
            figure(name)

        _heading(document, words["care_at_home"], 1)
        numbered.table(document, words["t_care"].format(plan=plan), care_at_home_rows(inputs, lang),
                       words["n_care"])  # fmt: skip
        figure("care_at_home")

        if len(inputs.names) > 1:
            _heading(document, words["costs"], 1)
            numbered.table(document, words["t_costs"].format(first=base + 1, last=plan),
                           plan_cost_rows(inputs, lang), words["n_costs"])  # fmt: skip
            figure("cost_outcome")

        _heading(document, words["data"], 1)
        numbered.table(document, words["t_base"].format(base=base), base_state_rows(inputs, lang),
                       words["n_base"])  # fmt: skip
        numbered.table(document, words["t_measure"], measure_first_rows(inputs, lang),
                       words["n_measure"])  # fmt: skip

        if inputs.evaluation is not None and len(inputs.evaluation):
            evaluation = inputs.evaluation
            first, last = (
                int(evaluation["base_year"].iloc[0]),
                int(evaluation["final_year"].iloc[0]),
            )
            _heading(document, words["evaluation"].format(first=first + 1, last=last), 1)
            numbered.table(document, words["t_evaluation"], evaluation_rows(evaluation, lang),
                           words["n_evaluation"])  # fmt: skip

        if inputs.optimisation is not None:
            _optimisation_section(document, numbered, inputs, lang)

        _heading(document, words["appendix_scenarios"], 1)
        for name in inputs.names:
            _paragraph(document, labels.get(name, name), bold=True, space_after=2)
            description = (inputs.scenarios.get(name, {}).get("description") or {}).get(lang)
            if description:
                _paragraph(document, str(description).strip(), indent=True)
        _heading(document, words["appendix_parameters"], 1)
        numbered.table(document, words["t_parameters"], parameter_rows(inputs, lang),
                       words["n_parameters"])  # fmt: skip
        _heading(document, words["appendix_years"], 1)
        years = plan_period_years(inputs.summary["year"], plan)
        for name in inputs.names:
            table = indicator_rows(inputs.summary, name, lang, years=years, intervals=False)
            numbered.table(document, words["t_years"].format(scenario=labels.get(name, name)),
                           table, words["n_years"] if name == inputs.names[-1] else "")  # fmt: skip
        document.save(str(path))
    return path
