"""Charts with a row per scenario: the plan's targets with P(met), care workers on hand
against needed, and the cost against outcomes, each mean with its range of outcomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.present.chart_style import (
    CHART_WIDTH_IN,
    LABEL_SIZE_PT,
    new_figure,
    range_bars,
    range_handle,
    range_key,
    set_title,
    style_of,
    styled,
    text_colour,
    text_width_em,
    thousands,
)
from sim.present.charts.series import (
    MAX_TARGET_PANELS,
    TARGET_LABEL_ROW,
    WORDS,
    scenarios,
)
from sim.present.labels import (
    display_unit,
    indicator_label,
    money_unit,
)
from sim.present.outlook import mark

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def target_points(summary: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """The targets table with each row's range of outcomes from the summary: scenario,
    indicator, year, target, mean, low, high, p_met."""
    low, high = ("pi_low", "pi_high") if "pi_low" in summary else ("ci_low", "ci_high")
    ranges = summary[["scenario", "indicator", "year", low, high]].rename(
        columns={low: "low", high: "high"}
    )
    merged = targets.merge(ranges, on=["scenario", "indicator", "year"], how="left")
    return merged[["scenario", "indicator", "year", "target", "mean", "low", "high", "p_met"]]


def column_header(ax: Axes, text: str) -> None:
    """A header over the column of figures printed right of a panel, in the panel's top
    row (`TARGET_LABEL_ROW`, which has no scenario)."""
    ax.annotate(text, xy=(1.0, TARGET_LABEL_ROW), xycoords=("axes fraction", "data"),
                xytext=(4, 0), textcoords="offset points", va="center", ha="left",
                fontsize=LABEL_SIZE_PT, color="0.2", annotation_clip=False)  # fmt: skip


def scenario_rows(ax: Axes, texts: Sequence[str], *, named: bool) -> None:
    """A panel with a row per scenario, top to bottom, named on the y axis when `named`,
    and an empty top row for the target label and the column header."""
    positions = np.arange(len(texts))
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.set_ylim(len(texts) - 0.5, TARGET_LABEL_ROW - 0.45)
    ax.set_yticks(positions, list(texts) if named else [])
    ax.tick_params(axis="y", length=0)


def target_panel(
    ax: Axes, own: pd.DataFrame, names: Sequence[str], divisor: float, lang: str
) -> None:
    """One target's panel: each scenario's mean with its capped range of outcomes, the
    target as a dashed line labelled in the top row, P(met) in a column at the right."""
    words = WORDS[lang]
    target = float(own["target"].dropna().iloc[0]) / divisor
    for position, (name, row) in enumerate(own.iterrows()):
        if pd.isna(row["mean"]):
            continue
        colour, _, marker = style_of(names.index(str(name)))
        low, high = row["low"] / divisor, row["high"] / divisor
        if not (np.isfinite(low) and np.isfinite(high)):
            low = high = row["mean"] / divisor
        range_bars(ax, [position], [row["mean"] / divisor], [low], [high], colour, marker,
                   horizontal=True, markersize=5.5)  # fmt: skip
        ax.annotate(
            f"{row['p_met']:.0%} {mark(row['p_met'])}", xy=(1.0, position),
            xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
            va="center", ha="left", fontsize=LABEL_SIZE_PT, color=text_colour(colour),
            annotation_clip=False,
        )  # fmt: skip
    column_header(ax, words["p_met"])
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
    if ax.get_xlim()[1] >= 1000:
        thousands(ax, "x")


@styled
def targets_chart(
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Each target of the plan: every scenario's mean (marker) with its 95% range of
    outcomes (capped error bar), the target as a dashed line, and P(met) printed beside
    each scenario. One panel per target (indicator and year); scenarios top to bottom;
    a key under the panels."""
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
    names = scenarios(points)
    ncols = 2 if len(pairs) > 1 else 1
    nrows = -(-len(pairs) // ncols)
    figure, axes = new_figure(ncols, nrows, height_in=0.45 + 0.3 * len(names))
    scenario_texts = [labels.get(n, n) for n in names]
    label_in = max(text_width_em(t) for t in scenario_texts) * 8 / 72 + 0.15
    # The first column carries the scenario names; both columns are as wide.
    axes_width_in = (CHART_WIDTH_IN - label_in) / ncols - 0.55
    for column, (ax, (indicator_id, year)) in enumerate(zip(axes, pairs, strict=False)):
        own = points[(points["indicator"] == indicator_id) & (points["year"] == year)]
        divisor, _ = display_unit(indicator_id, lang)
        target_panel(ax, own.set_index("scenario").reindex(names), names, divisor, lang)
        scenario_rows(ax, scenario_texts, named=column % ncols == 0)
        title = indicator_label(indicator_id, lang)
        if len({y for _, y in pairs}) > 1:
            title = words["year_title"].format(year=year, title=title)
        set_title(ax, title, axes_width_in)
    for ax in axes[len(pairs) :]:
        ax.set_visible(False)
    from matplotlib.lines import Line2D

    target_line = Line2D([], [], color="black", linestyle="--", linewidth=0.9)
    range_key(figure, [(range_handle("row"), words["mean_range"]), (target_line, words["target"])])
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
    nursing homes and in home care, per scenario, each with its 95% range of outcomes as
    a capped error bar; on hand/needed printed right of each panel."""
    labels = labels or {}
    words = WORDS[lang]
    names = scenarios(summary)
    settings = (
        ("caregivers", "caregivers_needed", words["staff_homes"]),
        ("caregivers_home", "caregivers_home_needed", words["staff_home_care"]),
    )
    figure, axes = new_figure(2, height_in=0.6 + 0.3 * len(names))
    # The first panel carries the scenario names: each panel is what is left, halved.
    label_in = max(text_width_em(labels.get(n, n)) for n in names) * 8 / 72 + 0.15
    panel_in = (CHART_WIDTH_IN - label_in) / 2 - 0.55
    at_year = summary[summary["year"] == year].set_index(["scenario", "indicator"])
    low, high = ("pi_low", "pi_high") if "pi_low" in summary else ("ci_low", "ci_high")
    for ax, (have_id, need_id, title) in zip(axes, settings, strict=True):
        largest = 0.0
        for position, name in enumerate(names):
            colour, _, marker = style_of(position)
            if (name, have_id) not in at_year.index or (name, need_id) not in at_year.index:
                continue
            have, need = at_year.loc[(name, have_id)], at_year.loc[(name, need_id)]
            ax.plot([have["mean"], need["mean"]], [position, position], color="0.75",
                    linewidth=2.2, solid_capstyle="butt", zorder=1)  # fmt: skip
            for values, filled, offset in ((have, True, -0.16), (need, False, 0.16)):
                range_bars(ax, [position + offset], [values["mean"]], [values[low]],
                           [values[high]], colour, marker, horizontal=True, filled=filled,
                           markersize=5.5)  # fmt: skip
                largest = max(largest, float(values[high]), float(values["mean"]))
            short = need["mean"] - have["mean"] > 0.02 * need["mean"]
            ax.annotate(
                f"{have['mean']:,.0f}/{need['mean']:,.0f}", xy=(1.0, position),
                xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                va="center", fontsize=LABEL_SIZE_PT, annotation_clip=False,
                color=text_colour("#D55E00") if short else "0.2",
            )  # fmt: skip
        column_header(ax, words["on_hand_needed"])
        ax.set_xlim(0, largest * 1.08 if largest > 0 else 1.0)
        thousands(ax, "x")
        scenario_rows(ax, [labels.get(n, n) for n in names], named=ax is axes[0])
        set_title(ax, title, panel_in)
    from matplotlib.lines import Line2D

    # One key for both panels.
    on_hand, needed = (
        Line2D([], [], color="0.2", linestyle="none", marker="o", markersize=5,
               markerfacecolor=face)
        for face in ("0.2", "white")
    )  # fmt: skip
    range_key(figure, [
        (on_hand, words["on_hand"]),
        (needed, words["needed"]),
        (range_handle("row", marker="none"), words["range"]),
    ])  # fmt: skip
    return figure


@styled
def cost_outcome_chart(
    costs: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Per scenario, over the cost table's years: public cost (in 100 million or 10,000
    yuan), people served (admissions and new community places) and people who gave up
    waiting, each mean with its 95% range of outcomes as a capped error bar; every axis
    starts at zero."""
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
    width_in = (CHART_WIDTH_IN - label_in) / 3 - 0.3
    for ax, (column, scale, title) in zip(axes, panels, strict=True):
        for position, row in enumerate(costs.itertuples(index=False)):
            colour, _, marker = style_of(position)
            mean = getattr(row, f"total_{column}") / scale
            low = getattr(row, f"total_{column}_pi_low") / scale
            high = getattr(row, f"total_{column}_pi_high") / scale
            range_bars(ax, [position], [mean], [low], [high], colour, marker, horizontal=True,
                       markersize=5.5)  # fmt: skip
        largest = float(costs[f"total_{column}_pi_high"].max()) / scale
        ax.set_xlim(0, largest * 1.1 if largest > 0 else 1.0)
        if column != "public_cost_yuan":
            thousands(ax, "x", ticks=3)
        scenario_rows(ax, texts, named=ax is axes[0])
        set_title(ax, title, width_in)
    range_key(figure, [(range_handle("row"), words["mean_range"])])
    return figure
