"""Reading the result tables for charts: a scenario's series in its display unit, the
years every panel covers, the plan year, which scenarios coincide; and the chart words
in both languages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from sim.present.chart_style import (
    coinciding,
)
from sim.present.labels import (
    display_unit,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


#: Written beside the charts of a run folder: the language they were drawn in.
CHARTS_INDEX = "charts.json"
#: At most this many target panels; with more, only the last target year's are drawn.
MAX_TARGET_PANELS = 6

#: Text that is not an indicator name: chart words in both languages.
WORDS = {
    "zh": {
        "plan": "规划预计数",
        "target": "目标",
        "all_scenarios": "各情景",
        "coincide": "注：{groups}的曲线重合。",
        "coincide_join": "与",
        "demand": "需求",
        "beds": "护理型床位",
        "staffable": "护理员可运营",
        "on_hand": "现有",
        "needed": "所需",
        "staff_homes": "养老机构护理员（人）",
        "staff_home_care": "居家上门服务人员（人）",
        "public_cost": "财政支出（{unit}）\n{first}—{last}年合计",
        "served": "服务人次：入住与\n新获社区照料名额\n{first}—{last}年合计",
        "gave_up_total": "放弃轮候人数\n{first}—{last}年合计",
        "male": "男",
        "female": "女",
        "age_band": "年龄组（岁）",
        "pyramid_panel": "{year}年末\n{name}：{total}{unit}",
        "outline_of": "{year}年末（轮廓）",
        "share_of_band": "{name}占本年龄组比例（%）",
        "source_2020": "来源数据（2020年）",
        "model_year": "模型（{year}年末）",
        "in_year": "{label}，{year}年",
        "at_low": "参数取下限",
        "at_high": "参数取上限",
        "base_value": "竖线：基准值 {value}",
        "p_met": "达成概率",
        "range": "95%结果范围（各次模拟结果的第2.5至第97.5百分位数）",
        "mean_range": "均值与95%结果范围（各次模拟结果的第2.5至第97.5百分位数）",
        "on_hand_needed": "现有/所需",
    },
    "en": {
        "plan": "plan's forecast",
        "target": "target",
        "all_scenarios": "every scenario",
        "coincide": "Note: the lines of {groups} coincide.",
        "coincide_join": " and ",
        "demand": "demand",
        "beds": "nursing-type beds",
        "staffable": "staff can run",
        "on_hand": "on hand",
        "needed": "needed",
        "staff_homes": "Care workers in nursing homes (persons)",
        "staff_home_care": "Home-care workers (persons)",
        "public_cost": "Public cost ({unit}), {first}–{last}",
        "served": "People served: admissions and new community places, {first}–{last}",
        "gave_up_total": "People who gave up waiting, {first}–{last}",
        "male": "Men",
        "female": "Women",
        "age_band": "Age band (years)",
        "pyramid_panel": "End of {year}\n{name}: {total} {unit}",
        "outline_of": "end of {year} (outline)",
        "share_of_band": "{name}: share of the age band (%)",
        "source_2020": "source (2020)",
        "model_year": "model (end of {year})",
        "in_year": "{label}, {year}",
        "at_low": "parameter at the low end of its range",
        "at_high": "parameter at the high end of its range",
        "base_value": "vertical line: base value {value}",
        "p_met": "P(met)",
        "range": "95% range of outcomes (2.5th to 97.5th percentile of the replications)",
        "mean_range": "mean and 95% range of outcomes (2.5th to 97.5th percentile of the "
        "replications)",
        "on_hand_needed": "on hand/needed",
    },
}


# ---- reading the tables ---------------------------------------------------------------


def scenarios(table: pd.DataFrame) -> list[str]:
    return [str(name) for name in pd.unique(table["scenario"])]


def scenario_series(summary: pd.DataFrame, scenario: str, indicator_id: str) -> pd.DataFrame:
    """year, mean, low, high of one scenario's indicator in its display unit; low and high
    are the range of outcomes (the CI where a summary has no range)."""
    rows = summary[(summary["scenario"] == scenario) & (summary["indicator"] == indicator_id)]
    divisor, _ = display_unit(indicator_id, "en")
    low, high = ("pi_low", "pi_high") if "pi_low" in rows else ("ci_low", "ci_high")
    series = rows.sort_values("year")[["year", "mean", low, high]].copy()
    series.columns = ["year", "mean", "low", "high"]
    series[["mean", "low", "high"]] = series[["mean", "low", "high"]] / divisor
    return series.dropna(subset=["mean"]).reset_index(drop=True)


def years_of(summary: pd.DataFrame, indicators: Sequence[str]) -> tuple[int, int]:
    """First and last year in which every one of `indicators` has a value."""
    firsts, lasts = [], []
    for indicator_id in indicators:
        rows = summary[(summary["indicator"] == indicator_id) & summary["mean"].notna()]
        if len(rows):
            firsts.append(int(rows["year"].min()))
            lasts.append(int(rows["year"].max()))
    if not firsts:
        years = summary["year"].astype(int)
        return int(years.min()), int(years.max())
    return max(firsts), min(lasts)


def plan_year_of(summary: pd.DataFrame, targets: pd.DataFrame | None) -> int:
    """The year a plan's targets end (the last target year), else the last year."""
    if targets is not None and len(targets):
        return int(targets["year"].max())
    return int(summary["year"].max())


def coincide_note(
    summary: pd.DataFrame, indicators: Sequence[str], names: Sequence[str],
    labels: Mapping[str, str], lang: str, first: int, last: int,
) -> str:  # fmt: skip
    """'the lines of A and B coincide' for scenarios equal in every drawn indicator."""
    wide = summary[
        summary["indicator"].isin(indicators) & summary["year"].between(first, last)
    ].pivot_table(index=["indicator", "year"], columns="scenario", values="mean")
    series = {name: wide[name] for name in names if name in wide}
    groups = coinciding(series)
    if not groups:
        return ""
    words = WORDS[lang]
    quote = (lambda t: f"“{t}”") if lang == "zh" else (lambda t: t)
    text = "；".join if lang == "zh" else "; ".join
    parts = [
        words["coincide_join"].join(quote(labels.get(n, n)) for n in group) for group in groups
    ]
    return words["coincide"].format(groups=text(parts))


#: The row (in scenario positions, 0 the first) of a target chart's target label.
TARGET_LABEL_ROW = -0.9
#: Height (inches) a figure's note and a panel title take from a one-row chart's panel.
NOTE_HEIGHT_IN = 0.35


def axes_size_in(figure: Figure, ncols: int, nrows: int) -> tuple[float, float]:
    """A panel's approximate plotting area (inches), for placing direct labels."""
    width, height = figure.get_size_inches()
    return width / ncols - 0.75, height / nrows - 0.75
