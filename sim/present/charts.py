"""Charts for planning documents: functions that take result tables and return Figures.

The planning charts take the summary table (scenario, year, indicator, mean, ci_low,
ci_high, pi_low, pi_high), the targets table and the cost table of
`sim.experiments.compare.cost_effectiveness`, and return a matplotlib Figure built
without pyplot (Agg canvas). They are built around what binds: demand for
nursing-type beds against the beds and against the beds the care workers on hand can
run, workers needed against workers on hand, people who give up. Bands and whiskers
are the 95% range of outcomes across replications (2.5th to 97.5th percentile), which
carries what is not known about the inputs when the run draws them; every caption says
so. Count axes start at zero, every panel of a chart covers the same years, and lines
carry their names at their ends. Labels are Chinese by default and English with
`lang="en"`; names and units come from `sim.present.labels`, the look from
`sim.present.chart_style`.

`write_folder_charts` draws the standard set from a run folder's own files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.experiments.compare import cost_effectiveness
from sim.experiments.folders import read_manifest, write_json
from sim.present.chart_style import (
    CHART_WIDTH_IN,
    LABEL_SIZE_PT,
    MAX_BANDS,
    PNG_DPI,
    SCENARIO_STYLES,
    band_line,
    chart_style,
    cjk_font_family,
    cjk_font_path,
    coinciding,
    end_labels,
    from_zero,
    label_room_years,
    new_figure,
    note,
    set_title,
    style_of,
    styled,
    text_width_em,
    thousands,
    year_axis,
)
from sim.present.labels import (
    display_unit,
    indicator_label,
    indicator_name,
    money_unit,
    scenario_labels,
)
from sim.present.outlook import mark

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS_INDEX", "CHART_SET", "PNG_DPI", "SCENARIO_STYLES", "ChartSpec", "chart_figures",
    "cjk_font_family", "cjk_font_path", "save_figure", "write_chart_set", "write_folder_charts",
]  # fmt: skip

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
        "public_cost": "财政支出（{unit}，{first}—{last}年合计）",
        "served": "服务人次：入住与新获社区照料名额（{first}—{last}年合计）",
        "gave_up_total": "放弃轮候人数（{first}—{last}年合计）",
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
    },
}


# ---- reading the tables ---------------------------------------------------------------


def _scenarios(table: pd.DataFrame) -> list[str]:
    return [str(name) for name in pd.unique(table["scenario"])]


def _series(summary: pd.DataFrame, scenario: str, indicator_id: str) -> pd.DataFrame:
    """year, mean, low, high of one scenario's indicator in its display unit; low and high
    are the range of outcomes (the CI where a summary has no range)."""
    rows = summary[(summary["scenario"] == scenario) & (summary["indicator"] == indicator_id)]
    divisor, _ = display_unit(indicator_id, "en")
    low, high = ("pi_low", "pi_high") if "pi_low" in rows else ("ci_low", "ci_high")
    series = rows.sort_values("year")[["year", "mean", low, high]].copy()
    series.columns = ["year", "mean", "low", "high"]
    series[["mean", "low", "high"]] = series[["mean", "low", "high"]] / divisor
    return series.dropna(subset=["mean"]).reset_index(drop=True)


def _years_of(summary: pd.DataFrame, indicators: Sequence[str]) -> tuple[int, int]:
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


def _coincide_note(
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


def _axes_size_in(figure: Figure, ncols: int, nrows: int) -> tuple[float, float]:
    """A panel's approximate plotting area (inches), for placing direct labels."""
    width, height = figure.get_size_inches()
    return width / ncols - 0.75, height / nrows - 0.75


# ---- the planning charts ---------------------------------------------------------------------


def _scenario_lines(
    ax: Axes, summary: pd.DataFrame, indicator_id: str, names: Sequence[str],
    labels: Mapping[str, str], first: int, last: int, axes_in: tuple[float, float],
    *, zero: bool = True, top: float | None = None,
) -> None:  # fmt: skip
    """Every scenario's line with its range, named at its end; years `first`..`last`. With
    more than `MAX_BANDS` scenarios the ranges are whiskers every five years, side by
    side, instead of bands that would hide each other."""
    ends, colours, texts = [], [], []
    whisker_years = (
        [y for y in range(first, last) if y % 5 == 0] or [(first + last) // 2]
        if len(names) > MAX_BANDS
        else []
    )
    for index, name in enumerate(names):
        series = _series(summary, name, indicator_id)
        series = series[series["year"].between(first, last)]
        if series.empty:
            continue
        offset = (index - (len(names) - 1) / 2) * 0.09
        band_line(ax, series["year"], series["mean"], series["low"], series["high"], index,
                  whisker_years=whisker_years, whisker_offset=offset)  # fmt: skip
        ends.append(float(series["mean"].iloc[-1]))
        colours.append(style_of(index)[0])
        texts.append(labels.get(name, name))
    room = label_room_years(texts, last - first, axes_in[0])
    year_axis(ax, first, last, room)
    if zero:
        from_zero(ax, top)
    end_labels(ax, last, ends, texts, colours, axes_in[1])


@styled
def population_chart(
    summary: pd.DataFrame,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
    population_scale: float = 1.0,
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None,
) -> Figure:
    """People aged 60+ (persons) and their share of the registered population (%), by year,
    with the plan's forecasts (`reference_figures`, multiplied by `population_scale` for
    scaled runs) marked. One line when every scenario has the same population."""
    labels = dict(labels or {})
    words = WORDS[lang]
    names = _scenarios(summary)
    if len(names) > 1:
        groups = coinciding(
            {n: _series(summary, n, "population_60plus").set_index("year")["mean"] for n in names}
        )
        if groups and len(groups[0]) == len(names):
            # One line instead of several drawn on top of each other.
            names = names[:1]
            labels = {names[0]: words["all_scenarios"]}
    figure, axes = new_figure(2, height_in=2.6)
    first, last = _years_of(summary, ["population_60plus", "share_60plus"])
    axes_in = _axes_size_in(figure, 2, 1)
    figures = reference_figures or {}
    for ax, indicator_id, factor in (
        (axes[0], "population_60plus", population_scale),
        (axes[1], "share_60plus", 1.0),
    ):
        _scenario_lines(ax, summary, indicator_id, names, labels, first, last, axes_in)
        set_title(ax, indicator_label(indicator_id, lang), axes_in[0] + 0.5)
        values = figures.get(indicator_id, {}).get("values", {})
        points = [(int(y), float(v) * factor) for y, v in values.items() if first <= int(y) <= last]
        for year, value in points:
            ax.scatter([year], [value], marker="*", s=70, facecolor="white", edgecolor="black",
                       linewidth=0.8, zorder=5, clip_on=False)  # fmt: skip
            ax.annotate(f"{words['plan']} {value:,.0f}" if value >= 1000 else
                        f"{words['plan']} {value:g}", (year, value), xytext=(6, -10),
                        textcoords="offset points", fontsize=LABEL_SIZE_PT)  # fmt: skip
        if indicator_id == "population_60plus":
            thousands(ax)
    return figure


def target_points(summary: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The targets table with each row's range of outcomes from the summary: scenario,
    indicator, year, target, mean, low, high, p_met."""
    low, high = ("pi_low", "pi_high") if "pi_low" in summary else ("ci_low", "ci_high")
    ranges = summary[["scenario", "indicator", "year", low, high]].rename(
        columns={low: "low", high: "high"}
    )
    merged = targets.merge(ranges, on=["scenario", "indicator", "year"], how="left")
    return merged[["scenario", "indicator", "year", "target", "mean", "low", "high", "p_met"]]


@styled
def targets_chart(
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Each target of the plan: every scenario's mean (marker) with its 95% range of
    outcomes (whisker), the target as a dashed line, and P(met) printed beside each
    scenario. One panel per target (indicator and year); scenarios top to bottom."""
    labels = labels or {}
    words = WORDS[lang]
    points = target_points(summary, targets) if targets is not None and len(targets) else None
    if points is None or points.empty:
        figure, (ax,) = new_figure(1, height_in=1.2)
        ax.set_axis_off()
        return figure
    pairs = points[["indicator", "year"]].drop_duplicates().to_records(index=False).tolist()
    if len(pairs) > MAX_TARGET_PANELS:
        final = max(year for _, year in pairs)
        pairs = [(i, y) for i, y in pairs if y == final]
    names = _scenarios(points)
    ncols = 2 if len(pairs) > 1 else 1
    nrows = -(-len(pairs) // ncols)
    row_height = 0.45 + 0.24 * len(names)
    figure, axes = new_figure(ncols, nrows, height_in=row_height)
    positions = np.arange(len(names))
    scenario_texts = [labels.get(n, n) for n in names]
    label_in = max(text_width_em(t) for t in scenario_texts) * 8 / 72 + 0.15
    # The first column carries the scenario names; both columns are as wide.
    axes_width_in = (CHART_WIDTH_IN - label_in) / ncols - 0.55
    for column, (ax, (indicator_id, year)) in enumerate(zip(axes, pairs, strict=False)):
        own = points[(points["indicator"] == indicator_id) & (points["year"] == year)]
        own = own.set_index("scenario").reindex(names)
        divisor, _ = display_unit(indicator_id, lang)
        target = float(own["target"].dropna().iloc[0]) / divisor
        for position, (name, row) in zip(positions, own.iterrows(), strict=True):
            if pd.isna(row["mean"]):
                continue
            colour, _, marker = style_of(names.index(name))
            low, high = row["low"] / divisor, row["high"] / divisor
            if np.isfinite(low) and np.isfinite(high):
                ax.plot([low, high], [position, position], color=colour, linewidth=1.6,
                        solid_capstyle="butt", clip_on=False)  # fmt: skip
            ax.plot([row["mean"] / divisor], [position], marker=marker, color=colour,
                    markerfacecolor="white", markersize=5.5, clip_on=False, zorder=4)  # fmt: skip
            met = mark(row["p_met"])
            ax.annotate(
                f"{row['p_met']:.0%} {met}", xy=(1.0, position), xycoords=("axes fraction", "data"),
                xytext=(4, 0), textcoords="offset points", va="center", ha="left",
                fontsize=LABEL_SIZE_PT, color=colour, annotation_clip=False,
            )  # fmt: skip
        ax.axvline(target, color="black", linestyle="--", linewidth=0.9)
        values = np.concatenate(
            [own[["low", "high", "mean"]].to_numpy(float).ravel() / divisor, [target]]
        )
        values = values[np.isfinite(values)]
        low_edge = 0.0 if values.min() >= 0 else values.min()
        high_edge = values.max() * 1.08 if values.max() > 0 else 1.0
        ax.set_xlim(low_edge, high_edge)
        # Right of the line, or left of it when the line is near the right edge, so the
        # label never runs into the P(met) column beside the panel.
        near_right = (target - low_edge) > 0.7 * (high_edge - low_edge)
        # In a row of its own above the scenarios, so it covers no marker either.
        ax.annotate(f"{words['target']} {target:g}", xy=(target, TARGET_LABEL_ROW),
                    xytext=(-3 if near_right else 3, 0), textcoords="offset points",
                    fontsize=LABEL_SIZE_PT, va="center",
                    ha="right" if near_right else "left")  # fmt: skip
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        ax.set_ylim(len(names) - 0.5, TARGET_LABEL_ROW - 0.45)
        ax.set_yticks(positions, scenario_texts if column % ncols == 0 else [])
        ax.tick_params(axis="y", length=0)
        if ax.get_xlim()[1] >= 1000:
            thousands(ax, "x")
        title = indicator_label(indicator_id, lang)
        if len({y for _, y in pairs}) > 1:
            title = f"{year}年：{title}" if lang == "zh" else f"{year}: {title}"
        set_title(ax, title, axes_width_in)
    for ax in axes[len(pairs) :]:
        ax.set_visible(False)
    return figure


@styled
def beds_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Per scenario (same scale): demand for nursing-type beds (residents of them, people
    waiting, people who gave up; persons), the nursing-type beds, and the nursing-type
    beds the care workers on hand can run, each with its 95% range of outcomes."""
    labels = labels or {}
    words = WORDS[lang]
    names = _scenarios(summary)
    ncols = 2 if len(names) > 1 else 1
    nrows = -(-len(names) // ncols)
    figure, axes = new_figure(ncols, nrows, height_in=1.9)
    first, last = _years_of(summary, ["nursing_bed_demand", "beds_nursing", "beds_staffable"])
    lines = (
        ("nursing_bed_demand", "#D55E00", "-", "^", words["demand"]),
        ("beds_nursing", "#000000", "-", "s", words["beds"]),
        ("beds_staffable", "#0072B2", "--", "o", words["staffable"]),
    )
    axes_in = _axes_size_in(figure, ncols, nrows)
    room = label_room_years([line[4] for line in lines], last - first, axes_in[0])
    top = 0.0
    for name in names:
        for indicator_id, *_ in lines:
            series = _series(summary, name, indicator_id)
            series = series[series["year"].between(first, last)]
            if len(series):
                top = max(top, float(np.nanmax(series[["mean", "high"]].to_numpy())))
    for ax, name in zip(axes, names, strict=False):
        ends, colours, texts = [], [], []
        for indicator_id, colour, linestyle, marker, text in lines:
            series = _series(summary, name, indicator_id)
            series = series[series["year"].between(first, last)]
            if series.empty:
                continue
            band_line(ax, series["year"], series["mean"], series["low"], series["high"], 0,
                      colour=colour, linestyle=linestyle, marker=marker)  # fmt: skip
            ends.append(float(series["mean"].iloc[-1]))
            colours.append(colour)
            texts.append(text)
        year_axis(ax, first, last, room)
        from_zero(ax, top * 1.08)
        thousands(ax)
        end_labels(ax, last, ends, texts, colours, axes_in[1])
        set_title(ax, labels.get(name, name), axes_in[0] + 0.5)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    return figure


@styled
def staff_chart(
    summary: pd.DataFrame,
    year: int,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Care workers on hand (filled) against care workers needed (hollow) in `year`, in
    nursing homes and in home care, per scenario, with 95% ranges of outcomes."""
    labels = labels or {}
    words = WORDS[lang]
    names = _scenarios(summary)
    settings = (
        ("caregivers", "caregivers_needed", words["staff_homes"]),
        ("caregivers_home", "caregivers_home_needed", words["staff_home_care"]),
    )
    figure, axes = new_figure(2, height_in=0.6 + 0.3 * len(names))
    positions = np.arange(len(names))
    # The first panel carries the scenario names: each panel is what is left, halved.
    label_in = max(text_width_em(labels.get(n, n)) for n in names) * 8 / 72 + 0.15
    panel_in = (CHART_WIDTH_IN - label_in) / 2 - 0.55
    at_year = summary[summary["year"] == year].set_index(["scenario", "indicator"])
    low, high = ("pi_low", "pi_high") if "pi_low" in summary else ("ci_low", "ci_high")
    for ax, (have_id, need_id, title) in zip(axes, settings, strict=True):
        largest = 0.0
        for position, name in zip(positions, names, strict=True):
            colour, _, marker = style_of(names.index(name))
            if (name, have_id) not in at_year.index or (name, need_id) not in at_year.index:
                continue
            have, need = at_year.loc[(name, have_id)], at_year.loc[(name, need_id)]
            ax.plot([have["mean"], need["mean"]], [position, position], color="0.75",
                    linewidth=2.2, solid_capstyle="butt", zorder=1)  # fmt: skip
            for values, filled, offset in ((have, True, -0.16), (need, False, 0.16)):
                ax.plot([values[low], values[high]], [position + offset] * 2, color=colour,
                        linewidth=0.9, clip_on=False)  # fmt: skip
                ax.plot([values["mean"]], [position + offset], marker=marker, color=colour,
                        markerfacecolor=colour if filled else "white", markersize=5.5,
                        linestyle="none", zorder=3, clip_on=False)  # fmt: skip
                largest = max(largest, float(values[high]), float(values["mean"]))
            gap = need["mean"] - have["mean"]
            ax.annotate(
                f"{have['mean']:,.0f}/{need['mean']:,.0f}", xy=(1.0, position),
                xycoords=("axes fraction", "data"), xytext=(3, 0), textcoords="offset points",
                va="center", fontsize=LABEL_SIZE_PT,
                color="#D55E00" if gap > 0.02 * need["mean"] else "0.2", annotation_clip=False,
            )  # fmt: skip
        ax.set_xlim(0, largest * 1.08 if largest > 0 else 1.0)
        thousands(ax, "x")
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        ax.set_ylim(len(names) - 0.5, TARGET_LABEL_ROW - 0.45)
        ax.set_yticks(positions, [labels.get(n, n) for n in names] if ax is axes[0] else [])
        ax.tick_params(axis="y", length=0)
        set_title(ax, title, panel_in)
    # One key for both panels.
    figure.supxlabel(
        f"●{words['on_hand']}　○{words['needed']}（{year}年；右：{words['on_hand']}/"
        f"{words['needed']}）" if lang == "zh"
        else f"● {words['on_hand']}  ○ {words['needed']} ({year}; right: "
        f"{words['on_hand']}/{words['needed']})",
        fontsize=LABEL_SIZE_PT,
    )  # fmt: skip
    return figure


def _lines_chart(
    summary: pd.DataFrame, indicators: Sequence[str], lang: str, labels: Mapping[str, str],
    *, first: int | None = None, tops: Mapping[str, float] | None = None,
) -> Figure:  # fmt: skip
    """One full-width panel per indicator, every scenario a named line with its band,
    every panel over the same years; a note names scenarios whose lines coincide."""
    names = _scenarios(summary)
    start, last = _years_of(summary, indicators)
    first = max(start, first) if first is not None else start
    figure, axes = new_figure(1, len(indicators), height_in=2.3)
    width_in, height_in = _axes_size_in(figure, 1, len(indicators))
    # The title above and the note below take about a third of an inch more of a panel.
    axes_in = (width_in, height_in - (NOTE_HEIGHT_IN if len(names) > 1 else 0.0))
    for ax, indicator_id in zip(axes, indicators, strict=True):
        top = (tops or {}).get(indicator_id)
        _scenario_lines(ax, summary, indicator_id, names, labels, first, last, axes_in, top=top)
        if top is not None and top > 100:
            ax.axhline(100, color="0.5", linewidth=0.6, linestyle=":")
        if display_unit(indicator_id, lang)[1] not in ("%",):
            thousands(ax)
        set_title(ax, indicator_label(indicator_id, lang), CHART_WIDTH_IN - 0.3)
    if len(names) > 1:
        note(figure, _coincide_note(summary, indicators, names, labels, lang, first, last))
    return figure


@styled
def gave_up_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """People who gave up waiting for a bed, per year (persons), every scenario."""
    return _lines_chart(summary, ["gave_up"], lang, labels or {})


@styled
def waiting_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """People waiting for a bed at year end (persons) and the mean wait of people admitted
    (days), from the first simulated year: the base year's list is an input, not a result."""
    first = int(summary["year"].min()) + 1
    return _lines_chart(summary, ["waiting_list", "mean_wait_days"], lang, labels or {},
                        first=first)  # fmt: skip


@styled
def care_at_home_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Home-care hours needed that were delivered and community-care requests met (%)."""
    indicators = ["home_care_need_met", "community_coverage"]
    return _lines_chart(summary, indicators, lang, labels or {},
                        tops={indicator: 105.0 for indicator in indicators})  # fmt: skip


@styled
def cost_outcome_chart(
    costs: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Per scenario, over the cost table's years: public cost (in 亿元 or 万元), people
    served (admissions and new community places) and people who gave up waiting, each
    mean with its 95% range of outcomes; every axis starts at zero."""
    labels = labels or {}
    words = WORDS[lang]
    first, last = int(costs["first_year"].iloc[0]), int(costs["last_year"].iloc[0])
    divisor, unit = money_unit(float(costs["total_public_cost_yuan_pi_high"].max()), lang)
    names = [str(name) for name in costs["scenario"]]
    panels = (
        ("public_cost_yuan", divisor, words["public_cost"
            ""].format(unit=unit, first=first, last=last)),
        ("served", 1.0, words["served"].format(first=first, last=last)),
        ("gave_up", 1.0, words["gave_up_total"].format(first=first, last=last)),
    )  # fmt: skip
    texts = [labels.get(n, n) for n in names]
    label_in = max(text_width_em(t) for t in texts) * 8 / 72 + 0.15
    figure, axes = new_figure(3, height_in=0.7 + 0.3 * len(names))
    positions = np.arange(len(names))
    width_in = (CHART_WIDTH_IN - label_in) / 3 - 0.3
    for ax, (column, scale, title) in zip(axes, panels, strict=True):
        for position, row in zip(positions, costs.itertuples(index=False), strict=True):
            colour, _, marker = style_of(int(position))
            mean = getattr(row, f"total_{column}") / scale
            low = getattr(row, f"total_{column}_pi_low") / scale
            high = getattr(row, f"total_{column}_pi_high") / scale
            ax.plot([low, high], [position, position], color=colour, linewidth=1.6,
                    solid_capstyle="butt", clip_on=False)  # fmt: skip
            ax.plot([mean], [position], marker=marker, color=colour, markerfacecolor="white",
                    markersize=5.5, clip_on=False, zorder=4)  # fmt: skip
        largest = float(costs[f"total_{column}_pi_high"].max()) / scale
        ax.set_xlim(0, largest * 1.1 if largest > 0 else 1.0)
        if column != "public_cost_yuan":
            thousands(ax, "x", ticks=3)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        ax.set_ylim(len(names) - 0.5, TARGET_LABEL_ROW - 0.45)
        ax.set_yticks(positions, texts if ax is axes[0] else [])
        ax.tick_params(axis="y", length=0)
        set_title(ax, title, width_in)
    return figure


# ---- population, calibration and sensitivity charts ------------------------------------


@styled
def pyramid_chart(table_by_year: Mapping[int, pd.DataFrame], *, lang: str = "zh") -> Figure:
    """Population pyramids (persons by age band and sex), a panel per year, on one scale.

    Takes {year: `sim.population.population_pyramid` table}. Men are drawn to the
    left, women to the right; every panel after the first also shows the first
    year's pyramid as an outline, so growth and ageing read at a glance.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    words = WORDS[lang]
    years = sorted(table_by_year)
    figure, axes = new_figure(len(years) or 1, height_in=3.4)
    _, unit = display_unit("population_60plus", lang)
    sexes = (("male", "#0072B2", -1.0, None), ("female", "#D55E00", 1.0, "////"))
    widest = max((float(table_by_year[y].to_numpy().max()) for y in years), default=1.0)
    first = years[0] if years else None
    for ax, year in zip(axes, years, strict=False):
        table = table_by_year[year]
        positions = np.arange(len(table))
        for column, colour, side, hatch in sexes:
            ax.barh(
                positions, side * table[column].to_numpy(), height=0.8, color=colour,
                alpha=0.75, hatch=hatch, edgecolor="white", linewidth=0.3, label=words[column],
            )  # fmt: skip
            if first is not None and year != first:
                earlier = table_by_year[first][column].reindex(table.index).to_numpy()
                ax.barh(
                    positions, side * earlier, height=0.8, fill=False, edgecolor="black",
                    linewidth=0.7,
                    label=words["outline_of"].format(year=first) if column == "male" else None,
                )  # fmt: skip
        ax.set_yticks(positions, [str(label) for label in table.index])
        ax.set_xlim(-widest * 1.08, widest * 1.08)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{abs(value):,.0f}"))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, symmetric=True))
        ax.axvline(0, color="0.25", linewidth=0.6)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        total = f"{int(table.to_numpy().sum()):,}"
        name = indicator_name("population_60plus", lang)
        set_title(
            ax,
            words["pyramid_panel"].format(year=year, name=name, total=total, unit=unit),
            CHART_WIDTH_IN / max(len(years), 1),
        )
        ax.set_xlabel(unit)
    if axes:
        axes[0].set_ylabel(words["age_band"])
    handles: dict[str, Any] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    if handles:
        figure.legend(list(handles.values()), list(handles), loc="outside lower center", ncol=3)
    return figure


@styled
def prevalence_chart(report: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """Partially and fully disabled shares (%) by age band: the source table against the model.

    Takes `sim.calibration.calibration_report`: its `prevalence_<state>_<band>` rows
    give the source share (data/prevalence_2020.csv) and the model's share at the
    end of each reported year.
    """
    words = WORDS[lang]
    figure, axes = new_figure(2)
    prevalence = report[report["item"].str.startswith("prevalence_")].copy()
    parts = prevalence["item"].str.split("_", expand=True)
    prevalence["state"], prevalence["band"] = parts[1], parts[2].astype(int)
    model_years = sorted(int(y) for y in pd.unique(prevalence["year"]))
    for ax, state, indicator_id in zip(
        axes, ("partial", "full"), ("disabled_partial", "disabled_full"), strict=True
    ):
        rows = prevalence[prevalence["state"] == state]
        source = rows[rows["year"] == model_years[0]].sort_values("band")
        bands = source["band"].to_numpy()
        labels = [f"{b}-{b + 4}" if i < len(bands) - 1 else f"{b}+" for i, b in enumerate(bands)]
        positions = np.arange(len(bands))
        ax.bar(
            positions, source["source_value"], width=0.7, color="0.82", edgecolor="0.45",
            linewidth=0.5, label=words["source_2020"],
        )  # fmt: skip
        for index, year in enumerate(model_years):
            model = rows[rows["year"] == year].sort_values("band")
            colour, linestyle, marker = style_of(index)
            ax.plot(
                positions, model["model_value"], color=colour, linestyle=linestyle,
                marker=marker, markerfacecolor="white", label=words["model_year"].format(year=year),
            )  # fmt: skip
        ax.set_xticks(positions, labels)
        ax.set_xlabel(words["age_band"])
        ax.set_ylim(bottom=0)
        set_title(
            ax,
            words["share_of_band"].format(name=indicator_name(indicator_id, lang)),
            CHART_WIDTH_IN / 2,
        )
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=3)
    return figure


@styled
def tornado_chart(
    tornado_table: pd.DataFrame, indicator: str, year: int, *, lang: str = "zh"
) -> Figure:
    """One outcome's sensitivity: a bar from the base value to the outcome with each
    parameter at the low and at the high end of its range.

    Takes `sim.sensitivity.tornado_table`; parameters are sorted by swing, largest
    at the top, and labelled by their names in data/parameters.csv. Values are in
    the indicator's display unit.
    """
    words = WORDS[lang]
    rows = tornado_table[
        (tornado_table["indicator"] == indicator) & (tornado_table["year"] == year)
    ].sort_values("swing", ascending=True, kind="stable")
    if rows.empty:
        raise ValueError(f"the tornado table has no rows for {indicator} in {year}")
    divisor, _ = display_unit(indicator, lang)
    base = float(rows["base"].iloc[0]) / divisor
    # One bar height per parameter: the figure grows with the list, the bars stay readable.
    figure, (ax,) = new_figure(1, width_in=7.2, height_in=1.2 + 0.16 * len(rows))
    positions = np.arange(len(rows))
    for column, colour, hatch, offset in (
        ("low", "#0072B2", None, 0.19),
        ("high", "#D55E00", "////", -0.19),
    ):
        values = rows[column].to_numpy(float) / divisor
        ax.barh(
            positions + offset, values - base, left=base, height=0.38, color=colour, alpha=0.8,
            hatch=hatch, edgecolor="white", linewidth=0.3, label=words[f"at_{column}"],
        )  # fmt: skip
    ax.axvline(base, color="black", linewidth=0.8)
    shown = f"{base:,.{1 if abs(base) < 100 else 0}f}"
    ax.set_yticks(positions, [str(name) for name in rows["parameter"]])
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.margins(x=0.04)  # the base line off the frame when every bar lies on one side
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    if max(abs(base), *np.abs(rows[["low", "high"]].to_numpy(float) / divisor).ravel()) >= 1000:
        thousands(ax, "x")
    title = words["in_year"].format(label=indicator_label(indicator, lang), year=year)
    set_title(ax, f"{title}\n{words['base_value'].format(value=shown)}", CHART_WIDTH_IN / 2)
    figure.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=2)
    return figure


# ---- saving and the standard set ---------------------------------------------------------


def save_figure(
    figure: Figure, path_without_suffix: str | Path, *, svg: bool = False
) -> tuple[Path, ...]:
    """Write `figure` as a 300-dpi PNG (and an SVG beside it with `svg`); return the paths."""
    import matplotlib as mpl

    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    png = base.with_name(base.name + ".png")
    engine = figure.get_layout_engine()
    with mpl.rc_context(chart_style()):
        figure.savefig(png, dpi=PNG_DPI, format="png")
        if not svg:
            return (png,)
        svg_path = base.with_name(base.name + ".svg")
        # The layout is settled by the first save; keeping it skips a second layout pass.
        figure.set_layout_engine("none")
        try:
            figure.savefig(svg_path, format="svg")
        finally:
            figure.set_layout_engine(engine)
    return png, svg_path


#: Which band a caption names: the range of outcomes, in both languages.
RANGE_ZH = "阴影或竖线为各次模拟结果的95%范围"
RANGE_EN = "bands or whiskers: 95% range of outcomes across replications"


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the standard set: file name, caption templates in both languages (fields
    {plan_year}, {first}, {last}) and what it needs."""

    name: str
    caption_zh: str
    caption_en: str
    #: "summary", "targets" (summary and targets) or "costs" (the cost table)
    needs: str

    def caption(self, lang: str, **context: Any) -> str:
        """The caption in `lang`, with the years of `context` filled in."""
        template = self.caption_zh if lang == "zh" else self.caption_en
        return template.format(**context)


CHART_SET = (
    ChartSpec("population", f"60岁及以上老年人口及占比（{RANGE_ZH}；★为规划预计数）",
              f"People aged 60+ and their share ({RANGE_EN}; ★ the plan's forecast)", "summary"),
    ChartSpec("targets", "{plan_year}年规划目标：各情景的预计值（点为均值，横线为各次模拟结果的95%"
        "范围，"
              "虚线为目标，右侧为达成概率：✓不低于80%，△为50%—80%，✗低于50%）",
              "Targets for {plan_year}: each scenario's projection (point: mean; line: 95% range "
              "of outcomes; dashed: the target; right: P(met), ✓ 80% or more, △ 50-80%, ✗ below)",
              "targets"),
    ChartSpec("beds", f"护理型床位：需求（入住、轮候与放弃轮候人数）、床位数与现有护理员可运营的床"
        f"位数（{RANGE_ZH}）",
              "Nursing-type beds: demand (residents, waiting and gave up), beds, and the beds "
              f"the care workers on hand can run ({RANGE_EN})", "summary"),
    ChartSpec("staff", "{plan_year}年护理人员：现有与所需（细线为各次模拟结果的95%范围）",
              "Care workers on hand and needed in {plan_year} (thin lines: 95% range of "
              "outcomes)", "targets"),
    ChartSpec("gave_up", f"每年放弃轮候养老机构床位的人数（{RANGE_ZH}）",
              f"People who gave up waiting for a bed each year ({RANGE_EN})", "summary"),
    ChartSpec("waiting", f"年末轮候人数与平均轮候天数（自{{first}}年起；{RANGE_ZH}）",
              f"People waiting at year end and mean wait (from {{first}}; {RANGE_EN})", "summary"),
    ChartSpec("care_at_home", f"居家上门服务需求满足率与社区照料申请满足率（{RANGE_ZH}）",
              f"Home-care need met and community requests met ({RANGE_EN})", "summary"),
    ChartSpec("cost_outcome", "{first}—{last}年财政支出与服务结果（误差线为各次模拟结果的95%范围）",
              "Public cost against outcomes, {first}–{last} (whiskers: 95% range of outcomes)",
              "costs"),
)  # fmt: skip


def chart_context(summary: pd.DataFrame, targets: pd.DataFrame | None,
                  costs: pd.DataFrame | None) -> dict[str, int]:  # fmt: skip
    """The years captions name: plan year, first simulated year, last cost year."""
    first = int(summary["year"].min()) + 1
    return {
        "plan_year": plan_year_of(summary, targets),
        "first": int(costs["first_year"].iloc[0]) if costs is not None and len(costs) else first,
        "last": int(costs["last_year"].iloc[0]) if costs is not None and len(costs)
        else int(summary["year"].max()),
    }  # fmt: skip


def wanted_charts(targets: pd.DataFrame | None, costs: pd.DataFrame | None) -> list[ChartSpec]:
    """The charts of the standard set the tables allow."""
    has_targets = targets is not None and len(targets) > 0
    has_costs = costs is not None and len(costs) > 0
    return [
        spec for spec in CHART_SET
        if (spec.name != "targets" or has_targets) and (spec.name != "cost_outcome" or has_costs)
    ]  # fmt: skip


def draw_chart(
    name: str,
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    costs: pd.DataFrame | None = None,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
    population_scale: float = 1.0,
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None,
) -> Figure:
    """One chart of the standard set by name."""
    if name == "population":
        return population_chart(summary, lang=lang, labels=labels,
                                population_scale=population_scale,
                                reference_figures=reference_figures)  # fmt: skip
    if name == "targets":
        return targets_chart(summary, targets, lang=lang, labels=labels)
    if name == "beds":
        return beds_chart(summary, lang=lang, labels=labels)
    if name == "staff":
        return staff_chart(summary, plan_year_of(summary, targets), lang=lang, labels=labels)
    if name == "gave_up":
        return gave_up_chart(summary, lang=lang, labels=labels)
    if name == "waiting":
        return waiting_chart(summary, lang=lang, labels=labels)
    if name == "care_at_home":
        return care_at_home_chart(summary, lang=lang, labels=labels)
    if name == "cost_outcome":
        if costs is None or costs.empty:
            raise ValueError("the cost chart needs a cost table")
        return cost_outcome_chart(costs, lang=lang, labels=labels)
    raise ValueError(f"no chart named {name!r}")


def chart_figures(
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    costs: pd.DataFrame | None = None,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
    population_scale: float = 1.0,
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[tuple[ChartSpec, Figure]]:
    """Every chart of the standard set that the given tables allow, in CHART_SET order."""
    return [
        (spec, draw_chart(spec.name, summary, targets, costs=costs, lang=lang, labels=labels,
                          population_scale=population_scale,
                          reference_figures=reference_figures))
        for spec in wanted_charts(targets, costs)
    ]  # fmt: skip


def write_chart_set(
    folder: Path,
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    costs: pd.DataFrame | None = None,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
    population_scale: float = 1.0,
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None,
    svg: bool = False,
) -> list[Path]:
    """Save the standard chart set as `folder/charts/<name>.png` (and `.svg` with `svg`);
    return the paths. Each figure is freed once saved."""
    paths: list[Path] = []
    for spec in wanted_charts(targets, costs):
        figure = draw_chart(spec.name, summary, targets, costs=costs, lang=lang, labels=labels,
                            population_scale=population_scale,
                            reference_figures=reference_figures)  # fmt: skip
        paths.extend(save_figure(figure, folder / "charts" / spec.name, svg=svg))
    return paths


def plan_cost_table(
    tidy: pd.DataFrame, reference: str, targets: pd.DataFrame | None
) -> pd.DataFrame:
    """Costs of the plan period (the first simulated year to the plan year) against the
    first scenario."""
    first = int(tidy["year"].min()) + 1
    last = plan_year_of(tidy.rename(columns={"value": "mean"}), targets)
    return cost_effectiveness(tidy, reference, first_year=first, last_year=last)


def write_folder_charts(folder: Path, lang: str = "zh", *, svg: bool = False) -> list[Path]:
    """Draw the standard chart set of a run or comparison folder from its own files
    (summary, targets, indicators and manifest) into `folder/charts/`; return the paths."""
    manifest = read_manifest(folder)
    documents = manifest.get("scenarios", {})
    first: dict[str, Any] = next(iter(documents.values()), {})
    summary = pd.read_csv(folder / "summary.csv")
    targets = pd.read_csv(folder / "targets.csv")
    costs = None
    if len(documents) > 1:
        tidy = pd.read_parquet(folder / "indicators.parquet")
        costs = plan_cost_table(tidy, next(iter(documents)), targets)
    paths = write_chart_set(
        folder, summary, targets, costs=costs, lang=lang,
        labels=scenario_labels(documents, lang),
        population_scale=float(first.get("population_scale", 1.0)),
        reference_figures=manifest.get("reference_figures", {}), svg=svg,
    )  # fmt: skip
    context = chart_context(summary, targets, costs)
    write_json(folder / "charts" / CHARTS_INDEX,
               {"lang": lang, "files": [p.name for p in paths], "context": context})  # fmt: skip
    return paths


# ---- global sensitivity --------------------------------------------------------------

SENSITIVITY_WORDS = {
    "zh": {"total": "总效应指数 ST（误差线：95%置信区间）", "first": "一阶指数 S1",
           "axis": "方差贡献"},
    "en": {"total": "total index ST (whiskers: 95% confidence interval)",
           "first": "first-order index S1", "axis": "share of variance"},
}  # fmt: skip


@styled
def sensitivity_chart(
    sobol: pd.DataFrame, labels: Mapping[str, str], *, lang: str = "zh"
) -> Figure:
    """Sobol indices of each output: a bar for the total index ST of each input with its
    95% interval, and a marker for the first-order index S1; inputs by name."""
    words = SENSITIVITY_WORDS[lang]
    outputs = list(pd.unique(sobol["output"]))
    inputs = list(pd.unique(sobol["input"]))
    ncols = 2
    nrows = -(-len(outputs) // ncols)
    figure, axes = new_figure(ncols, nrows, height_in=0.5 + 0.28 * len(inputs))
    positions = np.arange(len(inputs))
    for ax, output in zip(axes, outputs, strict=False):
        rows = sobol[sobol["output"] == output].set_index("input").reindex(inputs)
        total = rows["ST"].clip(lower=0).to_numpy()
        ax.barh(
            positions, total, height=0.6, color="#0072B2", alpha=0.75, label=words["total"],
            xerr=rows["ST_conf"].to_numpy(), error_kw={"elinewidth": 0.8, "capsize": 2},
        )  # fmt: skip
        ax.plot(rows["S1"].clip(lower=0).to_numpy(), positions, "D", color="#D55E00",
                markersize=4, markerfacecolor="white", label=words["first"])  # fmt: skip
        ax.set_yticks(positions, [labels.get(i, i) for i in inputs])
        ax.tick_params(axis="y", labelsize=7)
        ax.invert_yaxis()
        ax.set_xlim(left=0)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        set_title(ax, indicator_name(output, lang), CHART_WIDTH_IN / 2)
    for ax in axes[len(outputs) :]:
        ax.set_visible(False)
    axes[0].set_xlabel(words["axis"])
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=2)
    return figure


def write_sensitivity_chart(folder: Path, lang: str = "zh", *, svg: bool = False) -> list[Path]:
    """Draw the Sobol chart of a sensitivity study folder into `folder/charts/`."""
    from sim.present.labels import input_label

    sobol = pd.read_csv(folder / "sobol.csv")
    if sobol.empty:
        return []
    manifest = read_manifest(folder)
    labels = {
        item["name"]: input_label(item["name"], item["kind"], item.get(f"label_{lang}", ""), lang)
        for item in manifest.get("inputs", [])
    }
    paths = list(
        save_figure(
            sensitivity_chart(sobol, labels, lang=lang), folder / "charts" / "sensitivity", svg=svg
        )
    )
    write_json(folder / "charts" / CHARTS_INDEX, {"lang": lang, "files": [p.name for p in paths]})
    return paths


# ---- the optimiser's cost frontier ------------------------------------------------------------

FRONTIER_WORDS = {
    "zh": {"axis": "要求的达成概率", "cost": "{cost}（{unit}，{first}—{last}年合计）",
           "simulated": "模拟核验", "predicted": "代理模型预测", "public": "财政支出",
           "total": "总支出", "short": "（未全部达标）"},
    "en": {"axis": "required probability", "cost": "{cost} ({unit}), {first}–{last}",
           "simulated": "checked by simulation", "predicted": "surrogate's prediction",
           "public": "Public cost", "total": "Total cost", "short": " (not every goal met)"},
}  # fmt: skip


@styled
def frontier_chart(
    frontier: pd.DataFrame, *, cost: str = "public", first: int, last: int, lang: str = "zh"
) -> Figure:
    """The cheapest plan's cost at each required probability: the simulation's check
    (filled) and the surrogate's prediction (hollow); a plan that did not meet every goal
    in its check is marked."""
    words = FRONTIER_WORDS[lang]
    rows = frontier.dropna(subset=["simulated_cost_yuan"])
    divisor, unit = money_unit(float(rows["simulated_cost_yuan"].max() if len(rows) else 1e8), lang)
    figure, (ax,) = new_figure(1, height_in=2.8)
    ax.plot(rows["probability"], rows["simulated_cost_yuan"] / divisor, "o-", color="#000000",
            markerfacecolor="#000000", clip_on=False, label=words["simulated"])  # fmt: skip
    ax.plot(rows["probability"], rows["predicted_cost_yuan"] / divisor, "s--", color="#0072B2",
            markerfacecolor="white", clip_on=False, label=words["predicted"])  # fmt: skip
    for row in rows.itertuples(index=False):
        short = "" if row.goals_held == row.goals else words["short"]
        ax.annotate(f"{row.simulated_cost_yuan / divisor:,.2f}{short}",
                    (row.probability, row.simulated_cost_yuan / divisor), xytext=(6, -12),
                    textcoords="offset points", fontsize=LABEL_SIZE_PT)  # fmt: skip
    ax.set_xlim(min(0.45, float(frontier["probability"].min()) - 0.05), 1.0)
    ax.set_ylim(0, max(float((rows[["simulated_cost_yuan", "predicted_cost_yuan"]] / divisor)
                             .max().max()) * 1.15, 1e-9) if len(rows) else 1)  # fmt: skip
    ax.set_xlabel(words["axis"])
    ax.xaxis.set_major_formatter(_percent_formatter())
    set_title(ax, words["cost"].format(cost=words[cost], unit=unit, first=first, last=last),
              CHART_WIDTH_IN - 0.3)  # fmt: skip
    ax.legend(loc="lower right")
    return figure


def _percent_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:.0%}")


def write_frontier_chart(folder: Path, lang: str = "zh", *, svg: bool = False) -> list[Path]:
    """Draw the cost frontier of an optimisation folder into `folder/charts/`."""
    import json

    frontier = pd.read_csv(folder / "frontier.csv")
    record = json.loads((folder / "optimisation.json").read_text(encoding="utf-8"))
    figure = frontier_chart(
        frontier, cost=record["objective"]["cost"], first=record["first_year"],
        last=record["last_year"], lang=lang,
    )  # fmt: skip
    return list(save_figure(figure, folder / "charts" / "frontier", svg=svg))
