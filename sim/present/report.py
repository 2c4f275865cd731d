"""Reports for planning documents: Word, Excel and Markdown from run folders.

A report reads one or more run folders (`sim run`) or comparison folders
(`sim compare`) and writes one file: a title, the scenarios' descriptions, an
indicator table per scenario laid out like the plan's 专栏 table (indicator,
unit, 2020, 2022, 2025, 2030, 2035; mean with its 95% interval), target
attainment, the paired differences and costs against the first scenario when
there are several, the charts, and an appendix of the assumptions
(`data/parameters.csv` rows of confidence 'assumption' or 'low'). Chinese by
default, English with `lang="en"`.

The formatting helpers here (`format_cell`, `indicator_rows`, ...) are the one
definition of how a number is shown, used by the command line's printed tables
too. python-docx, openpyxl and matplotlib are imported only when a file is
written.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.experiments.compare import cost_effectiveness, paired_differences
from sim.experiments.folders import RunResults, check_output, read_run, staged_outputs
from sim.model.indicators import INDICATORS
from sim.present.charts import CHART_SET, CHARTS_INDEX, chart_figures, save_figure
from sim.present.labels import (
    ATTRIBUTE_NAMES,
    MISSING,
    OBSERVED_ITEM_NAMES,
    STATUS_NAMES,
    VERDICT_NAMES,
    decimals,
    display_unit,
    format_cell,
    format_count,
    format_difference,
    format_money_10k,
    format_percent,
    indicator_name,
    name_in,
    scenario_labels,
    unit_name,
)

FORMATS = ("docx", "xlsx", "md")
#: Years of the indicator table, when they are inside the horizon (2020 = starting state).
TABLE_YEARS = (2020, 2022, 2025, 2030, 2035)
#: Indicators of the indicator table, in the plan's order of concerns.
TABLE_INDICATORS = (
    "population_60plus", "share_60plus", "disabled_partial", "disabled_full", "beds_total",
    "nursing_bed_share", "caregivers", "certified_caregivers_per_10k", "community_centres",
    "consortia", "occupancy_rate_nursing", "occupancy_rate", "waiting_list", "mean_wait_days",
    "unmet_bed_demand", "community_coverage", "cost_total",
)  # fmt: skip
#: Indicators whose paired differences against the reference are reported.
DIFFERENCE_INDICATORS = (
    "beds_total", "nursing_bed_share", "certified_caregivers_per_10k", "residents",
    "waiting_list", "mean_wait_days", "unmet_bed_demand", "community_coverage", "cost_total",
)  # fmt: skip
DIFFERENCE_YEARS = (2022, 2025, 2030, 2035)
#: Confidence levels of data/parameters.csv listed in the assumptions appendix.
APPENDIX_CONFIDENCE = ("assumption", "low")
#: Fonts of the Word file: Latin text, Chinese body text, Chinese headings.
LATIN_FONT, EAST_ASIAN_BODY_FONT, EAST_ASIAN_HEADING_FONT = "Times New Roman", "宋体", "黑体"

TEXT = {
    "zh": {
        "title": "养老服务能力规划情景模拟结果",
        "generated": "生成时间：{time}。每个情景重复模拟{replications}次（随机数种子{seeds}）。",
        "scenarios": "一、情景说明",
        "indicators": "二、主要指标",
        "indicators_note": "注：数值为各次重复模拟的均值，方括号内为均值的95%置信区间；"
        "2020年为起始状态，年内流量指标（如入住率、轮候天数、支出）2020年不适用，记为“–”。"
        "支出以万元计。",
        "targets": "三、规划目标达成情况",
        "targets_note": "达成概率为达到目标的重复模拟所占比例；"
        "首个未达标年份为均值首次未达到目标的年份。",
        "differences": "四、情景比较（与“{reference}”相比）",
        "differences_note": "差值按同一随机数种子的重复模拟逐次配对相减（共同随机数），"
        "方括号内为差值的95%置信区间。",
        "costs": "成本与服务人次（{first}—{last}年合计）",
        "costs_note": "服务人次为入住人数与新获得社区照料名额人数之和；"
        "每新增服务一人次成本为新增总支出除以新增服务人次，情景未多服务人次时不计算。",
        "charts": "五、图表",
        "figure": "图{number}　{caption}",
        "appendix": "附录：主要假设（置信度为“假设”或“低”的参数）",
        "appendix_note": "参数见 data/parameters.csv；情景文件可在 assumptions 中修改。",
        "base_state": "基准年数据（{district}，{year}年）",
        "base_state_note": "“统计数据”为已公布数据；“估计值”为推算数据；"
        "“假设值”和“默认值”无统计来源，运行时按此取值，"
        "宜尽快以实际数据替换（在地区数据包 observed.csv 中修改）。",
        "evaluation": "“十四五”规划终期评估",
        "evaluation_note": "预测为规划情景自基准年起的模拟结果（均值）；"
        "达成概率为达到目标的重复模拟所占比例；无已公布的期末数据时，结论为“待统计数据核实”。",
        "item": "项目",
        "status": "数据性质",
        "target_year": "{year}年目标",
        "attribute": "属性",
        "projection": "{year}年预测",
        "observed": "{year}年实际",
        "verdict": "结论",
        "scenario_head": "情景",
        "indicator": "指标",
        "unit": "单位",
        "year": "年份",
        "target": "目标",
        "mean_ci": "均值[95%置信区间]",
        "p_met": "达成概率",
        "first_short": "首个未达标年份",
        "total_cost": "总支出（万元）",
        "extra_cost": "新增支出（万元）",
        "total_served": "服务人次",
        "extra_served": "新增服务人次",
        "per_person": "每新增服务一人次成本（元）",
        "parameter": "参数",
        "value": "取值",
        "confidence": "置信度",
        "source": "来源与说明",
        "replications": "重复次数",
        "seed": "种子",
    },
    "en": {
        "title": "Elderly-care capacity planning: scenario results",
        "generated": "Generated {time}. Each scenario was replicated {replications} times "
        "(seed {seeds}).",
        "scenarios": "1. Scenarios",
        "indicators": "2. Main indicators",
        "indicators_note": "Means over replications with the 95% confidence interval of the "
        "mean in brackets. 2020 is the starting state; flows during a year (occupancy, waits, "
        "costs) are not defined for 2020 (–). Costs in 10,000 yuan.",
        "targets": "3. Plan targets",
        "targets_note": "P(met): share of replications that meet the target. First year short: the "
        "first target year whose mean misses the target.",
        "differences": "4. Comparison with “{reference}”",
        "differences_note": "Differences are paired by replication (same seed: common random "
        "numbers); brackets give the 95% confidence interval of the difference.",
        "costs": "Cost and people served, {first}–{last}",
        "costs_note": "People served: admissions plus community-care places granted. Cost per "
        "extra person served: extra cost divided by extra people served; not given when a "
        "scenario serves no more people.",
        "charts": "5. Charts",
        "figure": "Figure {number}. {caption}",
        "appendix": "Appendix: assumptions (parameters of confidence 'assumption' or 'low')",
        "appendix_note": "Parameters are in data/parameters.csv; a scenario file may change them "
        "under assumptions.",
        "base_state": "Base-year figures ({district}, {year})",
        "base_state_note": "Observed: published. Estimate: derived. Assumption and default: no "
        "published source; the run uses them as given, and they should be replaced with real "
        "figures (in the district pack's observed.csv).",
        "evaluation": "End-of-term evaluation of the 2021-2025 plan",
        "evaluation_note": "Projection: the plan scenario's mean from the base year; P(met): "
        "share of replications meeting the target. Without a published final-year figure the "
        "verdict is 'not yet known'.",
        "item": "Item",
        "status": "Status",
        "target_year": "Target {year}",
        "attribute": "Attribute",
        "projection": "Projection {year}",
        "observed": "Observed {year}",
        "verdict": "Verdict",
        "scenario_head": "Scenario",
        "indicator": "Indicator",
        "unit": "Unit",
        "year": "Year",
        "target": "Target",
        "mean_ci": "Mean [95% CI]",
        "p_met": "P(met)",
        "first_short": "First year short",
        "total_cost": "Total cost (10,000 yuan)",
        "extra_cost": "Extra cost (10,000 yuan)",
        "total_served": "People served",
        "extra_served": "Extra people served",
        "per_person": "Cost per extra person served (yuan)",
        "parameter": "Parameter",
        "value": "Value",
        "confidence": "Confidence",
        "source": "Source and note",
        "replications": "Replications",
        "seed": "Seed",
    },
}
CONFIDENCE_NAMES = {"zh": {"assumption": "假设", "low": "低"}, "en": {}}


# ---- the inputs of a report ------------------------------------------------------


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report shows, gathered from one or more run or comparison folders."""

    folders: list[Path]
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    #: resolved scenario documents by name (from the manifests)
    scenarios: dict[str, dict[str, Any]]
    replications: dict[str, int]
    seeds: dict[str, int]
    differences: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    started: list[str] = field(default_factory=list)
    #: the parameters each scenario ran with (from the manifests)
    parameters: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: charts already drawn in a folder: (folder, language they were drawn in)
    drawn_charts: tuple[Path, str] | None = None
    #: figures charts mark beside the results (from the first manifest)
    reference_figures: dict[str, Any] = field(default_factory=dict)
    #: the base-year figures each scenario started from (from the manifests)
    base_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the district packs' records (names, targets, forecasts) from the manifests
    districts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the end-of-term evaluation, when a folder has one (`sim evaluate`)
    evaluation: pd.DataFrame | None = None

    @property
    def names(self) -> list[str]:
        """Scenario names in report order."""
        return [str(name) for name in pd.unique(self.summary["scenario"])]

    @property
    def reference(self) -> str:
        """The scenario the others are compared with: the first one."""
        return self.names[0]

    @property
    def population_scale(self) -> float:
        """The population scale of the first scenario (1 for the real district)."""
        document = self.scenarios.get(self.reference, {})
        return float(document.get("population_scale", 1.0))


def _evaluation(runs: Sequence[RunResults]) -> pd.DataFrame | None:
    """The end-of-term evaluation of the first folder that has one."""
    for run in runs:
        if (run.path / "evaluation.csv").is_file():
            return pd.read_csv(run.path / "evaluation.csv")
    return None


def load_report_inputs(paths: Sequence[str | Path]) -> ReportInputs:
    """Read run or comparison folders; scenarios keep the order of the folders.

    Raises InputError (one line naming the folder) for a folder that does not
    exist, is not a run folder, or repeats a scenario of an earlier folder. A
    single comparison folder's differences and costs are used as written; for
    several run folders they are computed here.
    """
    runs = [read_run(path) for path in paths]
    seen: dict[str, Path] = {}
    for run in runs:
        for name in pd.unique(run.summary["scenario"]):
            if name in seen:
                raise InputError(
                    str(run.path), "", f"scenario {name!r} is also in {seen[name]}"
                )  # fmt: skip
            seen[str(name)] = run.path
    tidy = pd.concat([run.indicators for run in runs], ignore_index=True)
    summary = pd.concat([run.summary for run in runs], ignore_index=True)
    targets = pd.concat([run.targets for run in runs], ignore_index=True)
    scenarios: dict[str, dict[str, Any]] = {}
    replications: dict[str, int] = {}
    seeds: dict[str, int] = {}
    parameters: dict[str, dict[str, dict[str, Any]]] = {}
    base_state: dict[str, dict[str, Any]] = {}
    districts: dict[str, dict[str, Any]] = {}
    for run in runs:
        base_state.update(run.manifest.get("base_state", {}))
        districts.update(run.manifest.get("districts", {}))
        scenarios.update(run.manifest.get("scenarios", {}))
        replications.update(run.manifest.get("replications", {}))
        seeds.update(run.manifest.get("seeds", {}))
        parameters.update(run.manifest.get("parameters", {}))
    names = [str(name) for name in pd.unique(summary["scenario"])]
    differences = costs = None
    if len(runs) == 1 and runs[0].differences is not None and runs[0].costs is not None:
        differences, costs = runs[0].differences, runs[0].costs
    elif len(names) > 1:
        differences = paired_differences(tidy, names[0])
        costs = cost_effectiveness(tidy, names[0])
    drawn = None
    if len(runs) == 1 and (runs[0].path / "charts" / CHARTS_INDEX).is_file():
        index = json.loads((runs[0].path / "charts" / CHARTS_INDEX).read_text(encoding="utf-8"))
        drawn = (runs[0].path / "charts", str(index.get("lang", "")))
    return ReportInputs(
        folders=[run.path for run in runs],
        indicators=tidy,
        summary=summary,
        targets=targets,
        scenarios=scenarios,
        replications=replications,
        seeds=seeds,
        differences=differences,
        costs=costs,
        started=[str(run.manifest.get("started_utc", "")) for run in runs],
        parameters=parameters,
        drawn_charts=drawn,
        reference_figures=runs[0].manifest.get("reference_figures", {}),
        base_state=base_state,
        districts=districts,
        evaluation=_evaluation(runs),
    )


# ---- tables as text --------------------------------------------------------------


def _years(summary: pd.DataFrame, wanted: Sequence[int]) -> list[int]:
    present = set(int(year) for year in summary["year"])
    return [year for year in wanted if year in present]


def _by_year_rows(
    table: pd.DataFrame,
    scenario: str,
    lang: str,
    indicators: Sequence[str],
    years: Sequence[int],
    cell: Callable[[pd.Series, str], str],
) -> pd.DataFrame:
    """Rows of indicator, unit and one text cell per year for one scenario of `table`."""
    words = TEXT[lang]
    by_key = table[table["scenario"] == scenario].set_index(["indicator", "year"])
    rows = []
    for indicator_id in indicators:
        row = {
            words["indicator"]: indicator_name(indicator_id, lang),
            words["unit"]: display_unit(indicator_id, lang)[1],
        }
        for year in years:
            key = (indicator_id, year)
            row[str(year)] = cell(by_key.loc[key], indicator_id) if key in by_key.index else MISSING
        rows.append(row)
    return pd.DataFrame(rows)


def indicator_rows(
    summary: pd.DataFrame, scenario: str, lang: str, *, separator: str = "\n"
) -> pd.DataFrame:
    """The 专栏-style table of one scenario as text: indicator, unit, one column per year."""

    def cell(values: pd.Series, indicator_id: str) -> str:
        return format_cell(
            values["mean"], values["ci_low"], values["ci_high"], indicator_id, separator=separator
        )

    years = _years(summary, TABLE_YEARS)
    return _by_year_rows(summary, scenario, lang, TABLE_INDICATORS, years, cell)


def target_rows(
    targets: pd.DataFrame, lang: str, labels: Mapping[str, str], *, separator: str = "\n"
) -> pd.DataFrame:
    """Target attainment as text: scenario, indicator, year, target, mean [CI], P(met),
    first year short."""
    words = TEXT[lang]
    rows = []
    for row in targets.itertuples(index=False):
        indicator_id = str(row.indicator)
        rows.append(
            {
                words["scenario_head"]: labels.get(row.scenario, row.scenario),
                words["indicator"]: indicator_name(indicator_id, lang),
                words["year"]: str(row.year),
                words["target"]: f"{row.target:g}",
                words["mean_ci"]: format_cell(
                    row.mean, row.ci_low, row.ci_high, indicator_id, separator=separator
                ),
                words["p_met"]: MISSING if pd.isna(row.p_met) else f"{row.p_met:.0%}",
                words["first_short"]: ""
                if pd.isna(row.first_year_short)
                else str(int(row.first_year_short)),
            }
        )
    return pd.DataFrame(rows)


def difference_rows(
    differences: pd.DataFrame, scenario: str, lang: str, *, separator: str = "\n"
) -> pd.DataFrame:
    """Paired differences of one scenario against the reference, as text, by year."""

    def cell(values: pd.Series, indicator_id: str) -> str:
        return format_difference(
            values["mean_difference"], values["ci_low"], values["ci_high"], indicator_id,
            separator=separator,
        )  # fmt: skip

    years = _years(differences, DIFFERENCE_YEARS)
    return _by_year_rows(differences, scenario, lang, DIFFERENCE_INDICATORS, years, cell)


def cost_rows(costs: pd.DataFrame, lang: str, labels: Mapping[str, str]) -> pd.DataFrame:
    """Total cost, extra cost, people served and cost per extra person served, as text."""
    words = TEXT[lang]
    rows = []
    for row in costs.itertuples(index=False):
        is_reference = row.scenario == row.reference
        rows.append(
            {
                words["scenario_head"]: labels.get(row.scenario, row.scenario),
                words["total_cost"]: format_money_10k(row.total_cost_yuan),
                words["extra_cost"]: MISSING
                if is_reference
                else format_money_10k(row.extra_cost_yuan),
                words["total_served"]: format_count(row.total_served),
                words["extra_served"]: MISSING if is_reference else format_count(row.extra_served),
                words["per_person"]: MISSING
                if is_reference
                else format_count(row.cost_per_extra_person_yuan),
            }
        )
    return pd.DataFrame(rows)


def base_state_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """The base-year figures the first scenario started from: item, value, unit, status
    (observed, estimate, assumption or default) and source."""
    record = inputs.base_state.get(inputs.reference)
    words = TEXT[lang]
    if not record:
        return pd.DataFrame()
    rows = []
    for item, figure in record["figures"].items():
        rows.append(
            {
                words["item"]: name_in(OBSERVED_ITEM_NAMES, item, lang),
                words["value"]: format_count(figure["value"]),
                words["status"]: name_in(STATUS_NAMES, figure["status"], lang),
                words["source"]: figure["source"],
            }
        )
    return pd.DataFrame(rows)


def evaluation_rows(evaluation: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The end-of-term evaluation as text: indicator, base value, target, attribute,
    projection with its 95% range and P(met), observed value, verdict."""
    words = TEXT[lang]
    rows = []
    for row in evaluation.itertuples(index=False):
        indicator = str(row.indicator)
        digits = decimals(indicator)
        rows.append(
            {
                words["indicator"]: indicator_name(indicator, lang),
                str(row.base_year): f"{row.base_value:,.{digits}f}",
                words["target_year"].format(year=row.final_year): f"{row.target:g}",
                words["attribute"]: name_in(ATTRIBUTE_NAMES, str(row.attribute), lang),
                words["projection"].format(year=row.final_year): (
                    f"{row.projection_mean:,.{digits}f}"
                ),
                words["p_met"]: format_percent(row.p_met),
                words["observed"].format(year=row.final_year): MISSING
                if pd.isna(row.observed)
                else f"{row.observed:,.{digits}f}",
                words["verdict"]: name_in(VERDICT_NAMES, str(row.verdict), lang),
            }
        )
    return pd.DataFrame(rows)


def _first_parameters(inputs: ReportInputs) -> dict[str, dict[str, Any]]:
    """The parameters the first scenario ran with (from its manifest)."""
    return inputs.parameters.get(inputs.reference, {})


def assumption_rows(inputs: ReportInputs, lang: str) -> pd.DataFrame:
    """The run's parameters of confidence 'assumption' or 'low', as text; a value that the
    scenario's `assumptions:` set is marked with an asterisk."""
    words = TEXT[lang]
    names = CONFIDENCE_NAMES[lang]
    rows = []
    for name, parameter in _first_parameters(inputs).items():
        if parameter["confidence"] not in APPENDIX_CONFIDENCE:
            continue
        note = "; ".join(part for part in (parameter["source"], parameter["note"]) if part)
        marker = "*" if parameter.get("overridden") else ""
        rows.append(
            {
                words["parameter"]: name,
                words["value"]: f"{parameter['value']:,.6g}{marker}",
                words["unit"]: parameter["unit"],
                words["confidence"]: names.get(parameter["confidence"], parameter["confidence"]),
                words["source"]: note,
            }
        )
    return pd.DataFrame(rows)


def parameter_table(inputs: ReportInputs) -> pd.DataFrame:
    """Every parameter the first scenario ran with, as numbers (the xlsx 'inputs' sheet)."""
    columns = ["value", "default", "overridden", "unit", "low", "high", "confidence", "source",
               "note"]  # fmt: skip
    return pd.DataFrame(
        [
            {"name": name, **{column: parameter.get(column) for column in columns}}
            for name, parameter in _first_parameters(inputs).items()
        ]
    )


def _district_name(inputs: ReportInputs, district: str, lang: str) -> str:
    """A district's name in `lang`, from the manifests (its id when not recorded)."""
    names = inputs.districts.get(district, {}).get("name", {})
    return str(names.get(lang) or district)


def _cost_years(costs: pd.DataFrame) -> tuple[int, int]:
    return int(costs["first_year"].iloc[0]), int(costs["last_year"].iloc[0])


def _generated_line(inputs: ReportInputs, lang: str) -> str:
    replications = [str(r) for r in sorted(set(inputs.replications.values()))] or ["?"]
    seeds = [str(s) for s in sorted(set(inputs.seeds.values()))] or ["?"]
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return TEXT[lang]["generated"].format(
        time=now, replications="/".join(replications), seeds="/".join(seeds)
    )


def _description(document: Mapping[str, Any], lang: str) -> str:
    description = document.get("description") or {}
    return str(description.get(lang) or "")


def _chart_pngs(inputs: ReportInputs, folder: Path, lang: str, prefix: str = "") -> list[Path]:
    """The chart set as PNGs in CHART_SET order: those already drawn in the run folder in
    `lang`, else rendered into `folder` (with `prefix`)."""
    has_costs = inputs.costs is not None and not inputs.costs.empty
    wanted = [spec.name for spec in CHART_SET if spec.name != "cost_outcome" or has_costs]
    if inputs.drawn_charts is not None and inputs.drawn_charts[1] == lang:
        drawn = [inputs.drawn_charts[0] / f"{name}.png" for name in wanted]
        if all(path.is_file() for path in drawn):
            if not prefix:
                return drawn
            copies = [folder / f"{prefix}{path.name}" for path in drawn]
            for source, copy in zip(drawn, copies, strict=True):
                shutil.copyfile(source, copy)
            return copies
    labels = scenario_labels(inputs.scenarios, lang)
    paths = []
    for spec, figure in chart_figures(
        inputs.summary, inputs.targets, costs=inputs.costs, lang=lang, labels=labels,
        population_scale=inputs.population_scale, reference_figures=inputs.reference_figures,
    ):  # fmt: skip
        png, svg = save_figure(figure, folder / f"{prefix}{spec.name}")
        svg.unlink()
        paths.append(png)
    return paths


def _captions(inputs: ReportInputs, lang: str) -> list[str]:
    has_costs = inputs.costs is not None and not inputs.costs.empty
    return [spec.caption(lang) for spec in CHART_SET if spec.name != "cost_outcome" or has_costs]


# ---- Word ------------------------------------------------------------------------


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
    document.styles["Normal"].font.size = Pt(10.5)
    document.styles["Title"].font.size = Pt(18)


def _paragraph(document: Any, text: str, *, style: str | None = None, size: float | None = None,
               bold: bool = False, align: str | None = None) -> Any:  # fmt: skip
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    _east_asian(run)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _heading(document: Any, text: str, level: int) -> None:
    heading = document.add_heading(level=level)
    _east_asian(heading.add_run(text), EAST_ASIAN_HEADING_FONT)


#: Width of the text on an A4 page with the report's margins, in cm.
TEXT_WIDTH_CM = 17.0


def _word_table(document: Any, table: pd.DataFrame, *, numeric: Sequence[int] | None = None,
                widths_cm: Sequence[float] | None = None, size: float = 8) -> Any:  # fmt: skip
    """A real Word table: a bold header row repeated on each page, numbers right-aligned.

    `numeric` lists the right-aligned columns (default: all but the first two);
    `widths_cm` fixes the column widths (default: first column wide, the rest even).
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    count = len(table.columns)
    right_aligned = set(range(2, count) if numeric is None else numeric)
    if widths_cm is None:
        first = min(4.2, TEXT_WIDTH_CM / 2)
        widths_cm = [first, *([(TEXT_WIDTH_CM - first) / max(count - 1, 1)] * (count - 1))]
    word = document.add_table(rows=1, cols=count)
    word.style = "Table Grid"
    # Fixed widths: Word and LibreOffice otherwise squeeze the name column.
    word.autofit = False
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = word.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    repeat = header_properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    header_properties.append(repeat)

    def fill(cell: Any, text: str, column: int, bold: bool = False) -> None:
        cell.text = ""
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
        _east_asian(run)
        if column in right_aligned:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for column, name in enumerate(table.columns):
        fill(header.cells[column], str(name), column, bold=True)
    for values in table.itertuples(index=False):
        cells = word.add_row().cells
        for column, value in enumerate(values):
            fill(cells[column], str(value), column)
    for column, width in zip(word.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in word.rows:
        # A row stays on one page: a mean never parts from its interval.
        row_properties = row._tr.get_or_add_trPr()
        row_properties.append(row_properties.makeelement(qn("w:cantSplit"), {}))
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    return word


def _by_year_widths(table: pd.DataFrame) -> list[float]:
    """Column widths (cm) of a by-year table: name and unit, then the years sharing the rest."""
    years = len(table.columns) - 2
    return [3.3, 1.1, *([(TEXT_WIDTH_CM - 4.4) / years] * years)]


def write_docx(inputs: ReportInputs, path: Path, lang: str = "zh") -> Path:
    """Write the report as a Word file at `path` (A4; 宋体/黑体 for Chinese text)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm

    words = TEXT[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(25)
    _style_fonts(document)

    title = document.add_heading(level=0)
    _east_asian(title.add_run(words["title"]), EAST_ASIAN_HEADING_FONT)
    _paragraph(document, _generated_line(inputs, lang), size=9)

    _heading(document, words["scenarios"], 1)
    for name in inputs.names:
        document_ = inputs.scenarios.get(name, {})
        paragraph = document.add_paragraph()
        _east_asian(paragraph.add_run(f"{labels.get(name, name)}（{name}）" if lang == "zh"
                                      else f"{labels.get(name, name)} ({name})"))  # fmt: skip
        paragraph.runs[0].bold = True
        description = _description(document_, lang)
        if description:
            _paragraph(document, description)

    state = base_state_rows(inputs, lang)
    if len(state):
        record = inputs.base_state[inputs.reference]
        district = _district_name(inputs, record["district"], lang)
        _heading(
            document, words["base_state"].format(district=district, year=record["base_year"]), 2
        )
        _word_table(document, state, numeric=[1], size=8, widths_cm=[4.2, 2.2, 1.8, 8.8])
        _paragraph(document, words["base_state_note"], size=8.5)
    if inputs.evaluation is not None and len(inputs.evaluation):
        _heading(document, words["evaluation"], 1)
        _word_table(document, evaluation_rows(inputs.evaluation, lang), numeric=range(1, 8),
                    size=8)  # fmt: skip
        _paragraph(document, words["evaluation_note"], size=8.5)

    _heading(document, words["indicators"], 1)
    for name in inputs.names:
        _heading(document, labels.get(name, name), 2)
        table = indicator_rows(inputs.summary, name, lang)
        _word_table(document, table, size=7, widths_cm=_by_year_widths(table))
    _paragraph(document, words["indicators_note"], size=8.5)

    if len(inputs.targets):
        _heading(document, words["targets"], 1)
        _word_table(document, target_rows(inputs.targets, lang, labels), numeric=[2, 3, 4, 5, 6],
                    widths_cm=[3.4, 4.2, 1.2, 1.2, 2.6, 1.6, 2.4])  # fmt: skip
        _paragraph(document, words["targets_note"], size=8.5)

    if inputs.differences is not None and inputs.costs is not None:
        reference = labels.get(inputs.reference, inputs.reference)
        _heading(document, words["differences"].format(reference=reference), 1)
        for name in inputs.names[1:]:
            _heading(document, labels.get(name, name), 2)
            table = difference_rows(inputs.differences, name, lang)
            _word_table(document, table, size=7, widths_cm=_by_year_widths(table))
        _paragraph(document, words["differences_note"], size=8.5)
        first, last = _cost_years(inputs.costs)
        _heading(document, words["costs"].format(first=first, last=last), 2)
        _word_table(document, cost_rows(inputs.costs, lang, labels), numeric=range(1, 6),
                    widths_cm=[4.1, 2.5, 2.5, 2.5, 2.5, 2.5])  # fmt: skip
        _paragraph(document, words["costs_note"], size=8.5)

    _heading(document, words["charts"], 1)
    with tempfile.TemporaryDirectory() as folder:
        pngs = _chart_pngs(inputs, Path(folder), lang)
        for number, (png, caption) in enumerate(
            zip(pngs, _captions(inputs, lang), strict=True), start=1
        ):
            document.add_picture(str(png), width=Cm(16.5))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _paragraph(document, words["figure"].format(number=number, caption=caption),
                       size=9, align="center")  # fmt: skip

    _heading(document, words["appendix"], 1)
    _word_table(document, assumption_rows(inputs, lang), numeric=[1], size=7.5,
                widths_cm=[4.4, 1.5, 2.6, 1.1, 7.0])  # fmt: skip
    _paragraph(document, words["appendix_note"], size=8.5)
    document.save(str(path))
    return path


# ---- Excel -----------------------------------------------------------------------


def _labelled(table: pd.DataFrame, lang: str, labels: Mapping[str, str]) -> pd.DataFrame:
    """Add the scenario title and the indicator's name and unit beside their ids."""
    out = table.copy()
    position = list(out.columns).index("scenario") + 1
    out.insert(position, "scenario_title", out["scenario"].map(lambda s: labels.get(s, s)))
    if "indicator" in out:
        position = list(out.columns).index("indicator") + 1
        out.insert(position, "name", out["indicator"].map(lambda i: indicator_name(i, lang)))
        unit = {i: unit_name(i, lang) for i in INDICATORS}
        out.insert(position + 1, "unit", out["indicator"].map(unit))
    return out


def write_xlsx(inputs: ReportInputs, path: Path, lang: str = "zh") -> Path:
    """Write the tables as an Excel workbook: one sheet per table, ids and units beside names.

    Sheets: summary, targets, differences and costs (with several scenarios),
    inputs (data/parameters.csv). Numbers stay numbers in their own units (yuan,
    persons, %), so the sheets read back to the same values as the CSV files.
    """
    labels = scenario_labels(inputs.scenarios, lang)
    sheets: dict[str, pd.DataFrame] = {
        "summary": _labelled(inputs.summary, lang, labels),
        "targets": _labelled(inputs.targets, lang, labels),
    }
    if inputs.differences is not None:
        sheets["differences"] = _labelled(inputs.differences, lang, labels)
    if inputs.costs is not None:
        sheets["costs"] = _labelled(inputs.costs, lang, labels)
    sheets["inputs"] = parameter_table(inputs)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets.items():
            table.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for column_cells in sheet.columns:
                longest = max(len(str(cell.value or "")) for cell in column_cells[:200])
                letter = column_cells[0].column_letter
                sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 60)
    return path


# ---- Markdown --------------------------------------------------------------------


def _markdown_table(table: pd.DataFrame, numeric_from: int = 2) -> str:
    def clean(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(clean(c) for c in table.columns) + " |"
    rule = "|" + "|".join(
        "---:" if i >= numeric_from else "---" for i in range(len(table.columns))
    ) + "|"  # fmt: skip
    body = [
        "| " + " | ".join(clean(v) for v in row) + " |" for row in table.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def markdown_chart_names(path: Path) -> list[Path]:
    """The chart PNGs written beside a Markdown report at `path`."""
    return [path.with_name(f"{path.stem}-{spec.name}.png") for spec in CHART_SET]


def write_markdown(inputs: ReportInputs, path: Path, lang: str = "zh",
                   *, chart_folder: Path | None = None) -> list[Path]:  # fmt: skip
    """Write the report as Markdown at `path` and its chart PNGs beside it.

    PNGs are rendered into `chart_folder` (default: beside `path`) under the
    names of `markdown_chart_names`; the Markdown links them by file name.
    Returns every file written.
    """
    words = TEXT[lang]
    labels = scenario_labels(inputs.scenarios, lang)
    lines = [f"# {words['title']}", "", _generated_line(inputs, lang), ""]
    lines += [f"## {words['scenarios']}", ""]
    for name in inputs.names:
        lines += [f"**{labels.get(name, name)}** (`{name}`)", ""]
        description = _description(inputs.scenarios.get(name, {}), lang)
        if description:
            lines += [description, ""]
    state = base_state_rows(inputs, lang)
    if len(state):
        record = inputs.base_state[inputs.reference]
        district = _district_name(inputs, record["district"], lang)
        title = words["base_state"].format(district=district, year=record["base_year"])
        lines += [f"### {title}", "", _markdown_table(state, 1), "", words["base_state_note"], ""]
    if inputs.evaluation is not None and len(inputs.evaluation):
        lines += [f"## {words['evaluation']}", "",
                  _markdown_table(evaluation_rows(inputs.evaluation, lang), 1), "",
                  words["evaluation_note"], ""]  # fmt: skip
    lines += [f"## {words['indicators']}", ""]
    for name in inputs.names:
        table = indicator_rows(inputs.summary, name, lang, separator=" ")
        lines += [f"### {labels.get(name, name)}", "", _markdown_table(table), ""]
    lines += [words["indicators_note"], ""]
    if len(inputs.targets):
        table = target_rows(inputs.targets, lang, labels, separator=" ")
        lines += [f"## {words['targets']}", "", _markdown_table(table, 2), "",
                  words["targets_note"], ""]  # fmt: skip
    if inputs.differences is not None and inputs.costs is not None:
        reference = labels.get(inputs.reference, inputs.reference)
        lines += [f"## {words['differences'].format(reference=reference)}", ""]
        for name in inputs.names[1:]:
            table = difference_rows(inputs.differences, name, lang, separator=" ")
            lines += [f"### {labels.get(name, name)}", "", _markdown_table(table), ""]
        lines += [words["differences_note"], ""]
        first, last = _cost_years(inputs.costs)
        lines += [f"### {words['costs'].format(first=first, last=last)}", "",
                  _markdown_table(cost_rows(inputs.costs, lang, labels), 1), "",
                  words["costs_note"], ""]  # fmt: skip
    folder = chart_folder or path.parent
    pngs = _chart_pngs(inputs, folder, lang, prefix=f"{path.stem}-")
    lines += [f"## {words['charts']}", ""]
    for number, (png, caption) in enumerate(zip(pngs, _captions(inputs, lang), strict=True), 1):
        text = words["figure"].format(number=number, caption=caption)
        # Linked by file name: the PNGs end up beside the Markdown file.
        lines += [f"![{text}]({png.name})", "", f"*{text}*", ""]
    lines += [f"## {words['appendix']}", "", _markdown_table(assumption_rows(inputs, lang), 1), "",
              words["appendix_note"], ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")
    return [path, *pngs]


# ---- one entry point -------------------------------------------------------------


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
) -> list[Path]:
    """Read run or comparison `folders` and write the report at `out`; return the files written.

    Nothing is written when a folder is missing or not a run folder, or when an
    output exists and `force` is not set. Files are written under temporary
    names and renamed into place, so a failure leaves no half-written report.
    """
    if fmt not in FORMATS:
        raise InputError(str(out), "", f"unknown format {fmt!r} (expected docx, xlsx or md)")
    if lang not in TEXT:
        raise InputError(str(out), "", f"unknown language {lang!r} (expected zh or en)")
    # Charts first, the report last: a reader never sees a report without its charts.
    outputs = [*(markdown_chart_names(out) if fmt == "md" else []), out]
    for path in outputs:
        check_output(path, force, folder=False)
    inputs = load_report_inputs(folders)
    with staged_outputs(outputs, force=force) as staged:
        staged_out = staged[-1]
        if fmt == "docx":
            write_docx(inputs, staged_out, lang)
        elif fmt == "xlsx":
            write_xlsx(inputs, staged_out, lang)
        else:
            write_markdown(inputs, staged_out, lang, chart_folder=staged_out.parent)
    return [path for path in outputs if path.exists()]
