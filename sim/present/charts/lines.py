"""Charts of yearly lines, one per scenario, with their ranges of outcomes: the older
population, beds against demand, people who gave up, the waiting list and care at home."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.present.chart_style import (
    CHART_WIDTH_IN,
    LABEL_SIZE_PT,
    MAX_BANDS,
    band_line,
    coinciding,
    dodge_offsets,
    end_labels,
    from_zero,
    label_room_years,
    new_figure,
    note,
    range_handle,
    range_key,
    set_title,
    style_of,
    styled,
    thousands,
    year_axis,
)
from sim.present.charts.series import (
    NOTE_HEIGHT_IN,
    WORDS,
    axes_size_in,
    coincide_note,
    scenario_series,
    scenarios,
    years_of,
)
from sim.present.labels import (
    display_unit,
    indicator_label,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


# ---- the planning charts ---------------------------------------------------------------------


def scenario_lines(
    ax: Axes, summary: pd.DataFrame, indicator_id: str, names: Sequence[str],
    labels: Mapping[str, str], first: int, last: int, axes_in: tuple[float, float],
    *, zero: bool = True, top: float | None = None,
) -> str:  # fmt: skip
    """Every scenario's line with its range, named at its end; years `first`..`last`. With
    more than `MAX_BANDS` scenarios the ranges are capped error bars every five years
    (not the last, where the names are), spread around the year one per scenario,
    instead of bands that would hide each other. Returns what shows the range: "band"
    or "bar"."""
    ends, colours, texts = [], [], []
    bar_years = (
        [y for y in range(first, last) if y % 5 == 0] or [(first + last) // 2]
        if len(names) > MAX_BANDS
        else []
    )
    offsets = dodge_offsets(len(names))
    for index, name in enumerate(names):
        series = scenario_series(summary, name, indicator_id)
        series = series[series["year"].between(first, last)]
        if series.empty:
            continue
        band_line(ax, series["year"], series["mean"], series["low"], series["high"], index,
                  bar_years=bar_years, bar_offset=offsets[index])  # fmt: skip
        ends.append(float(series["mean"].iloc[-1]))
        colours.append(style_of(index)[0])
        texts.append(labels.get(name, name))
    room = label_room_years(texts, last - first, axes_in[0])
    year_axis(ax, first, last, room, axes_in[0])
    if zero:
        from_zero(ax, top)
    end_labels(ax, last, ends, texts, colours, axes_in[1])
    return "bar" if bar_years else "band"


def add_range_key(figure: Figure, kind: str, lang: str) -> None:
    """The key naming the range of outcomes: a shaded band or a capped error bar."""
    words = WORDS[lang]
    range_key(figure, [(range_handle(kind), words["mean_range" if kind == "bar" else "range"])])


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
    names = scenarios(summary)
    if len(names) > 1:
        groups = coinciding(
            {
                n: scenario_series(summary, n, "population_60plus").set_index("year")["mean"]
                for n in names
            }
        )
        if groups and len(groups[0]) == len(names):
            # One line instead of several drawn on top of each other.
            names = names[:1]
            labels = {names[0]: words["all_scenarios"]}
    figure, axes = new_figure(2, height_in=2.6)
    first, last = years_of(summary, ["population_60plus", "share_60plus"])
    axes_in = axes_size_in(figure, 2, 1)
    figures = reference_figures or {}
    kind = "band"
    for ax, indicator_id, factor in (
        (axes[0], "population_60plus", population_scale),
        (axes[1], "share_60plus", 1.0),
    ):
        kind = scenario_lines(ax, summary, indicator_id, names, labels, first, last, axes_in)
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
    add_range_key(figure, kind, lang)
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
    names = scenarios(summary)
    ncols = 2 if len(names) > 1 else 1
    nrows = -(-len(names) // ncols)
    figure, axes = new_figure(ncols, nrows, height_in=1.9)
    first, last = years_of(summary, ["nursing_bed_demand", "beds_nursing", "beds_staffable"])
    lines = (
        ("nursing_bed_demand", "#D55E00", "-", "^", words["demand"]),
        ("beds_nursing", "#000000", "-", "s", words["beds"]),
        ("beds_staffable", "#0072B2", "--", "o", words["staffable"]),
    )
    axes_in = axes_size_in(figure, ncols, nrows)
    room = label_room_years([line[4] for line in lines], last - first, axes_in[0])
    top = 0.0
    for name in names:
        for indicator_id, *_ in lines:
            series = scenario_series(summary, name, indicator_id)
            series = series[series["year"].between(first, last)]
            if len(series):
                top = max(top, float(np.nanmax(series[["mean", "high"]].to_numpy())))
    for ax, name in zip(axes, names, strict=False):
        ends, colours, texts = [], [], []
        for indicator_id, colour, linestyle, marker, text in lines:
            series = scenario_series(summary, name, indicator_id)
            series = series[series["year"].between(first, last)]
            if series.empty:
                continue
            band_line(ax, series["year"], series["mean"], series["low"], series["high"], 0,
                      colour=colour, linestyle=linestyle, marker=marker)  # fmt: skip
            ends.append(float(series["mean"].iloc[-1]))
            colours.append(colour)
            texts.append(text)
        year_axis(ax, first, last, room, axes_in[0])
        from_zero(ax, top * 1.08)
        thousands(ax)
        end_labels(ax, last, ends, texts, colours, axes_in[1])
        set_title(ax, labels.get(name, name), axes_in[0] + 0.5)
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    add_range_key(figure, "band", lang)
    return figure


def lines_chart(
    summary: pd.DataFrame, indicators: Sequence[str], lang: str, labels: Mapping[str, str],
    *, first: int | None = None, tops: Mapping[str, float] | None = None,
) -> Figure:  # fmt: skip
    """One full-width panel per indicator, every scenario a named line with its band,
    every panel over the same years; a note names scenarios whose lines coincide."""
    names = scenarios(summary)
    start, last = years_of(summary, indicators)
    first = max(start, first) if first is not None else start
    figure, axes = new_figure(1, len(indicators), height_in=2.3)
    width_in, height_in = axes_size_in(figure, 1, len(indicators))
    # The title above and the note below take about a third of an inch more of a panel.
    axes_in = (width_in, height_in - (NOTE_HEIGHT_IN if len(names) > 1 else 0.0))
    kind = "band"
    for ax, indicator_id in zip(axes, indicators, strict=True):
        top = (tops or {}).get(indicator_id)
        kind = scenario_lines(
            ax, summary, indicator_id, names, labels, first, last, axes_in, top=top
        )
        if top is not None and top > 100:
            ax.axhline(100, color="0.5", linewidth=0.6, linestyle=":")
        if display_unit(indicator_id, lang)[1] not in ("%",):
            thousands(ax)
        set_title(ax, indicator_label(indicator_id, lang), CHART_WIDTH_IN - 0.3)
    if len(names) > 1:
        note(figure, coincide_note(summary, indicators, names, labels, lang, first, last))
    add_range_key(figure, kind, lang)
    return figure


@styled
def gave_up_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """People who gave up waiting for a bed, per year (persons), every scenario."""
    return lines_chart(summary, ["gave_up"], lang, labels or {})


@styled
def waiting_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """People waiting for a bed at year end (persons) and the mean wait of people admitted
    (days), from the first simulated year: the base year's list is an input, not a result."""
    first = int(summary["year"].min()) + 1
    return lines_chart(summary, ["waiting_list", "mean_wait_days"], lang, labels or {},
                        first=first)  # fmt: skip


@styled
def care_at_home_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Home-care hours needed that were delivered and community-care requests met (%)."""
    indicators = ["home_care_need_met", "community_coverage"]
    return lines_chart(summary, indicators, lang, labels or {},
                        tops={indicator: 105.0 for indicator in indicators})  # fmt: skip
