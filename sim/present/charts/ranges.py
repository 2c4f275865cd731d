"""Charts with a row per scenario: the plan's targets with P(met), care workers on hand
against needed, and the cost against outcomes, each mean with its range of outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.present.chart_style import (
    CHART_WIDTH_IN,
    LABEL_SIZE_PT,
    new_figure,
    set_title,
    style_of,
    styled,
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
    names = scenarios(points)
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
    names = scenarios(summary)
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
