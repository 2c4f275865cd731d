"""Charts of the population and of the model's inputs: population pyramids, disability
prevalence against its source, and one-at-a-time sensitivity (tornado)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.present.chart_style import (
    CHART_WIDTH_IN,
    new_figure,
    set_title,
    style_of,
    styled,
    thousands,
)
from sim.present.charts.series import (
    WORDS,
)
from sim.present.labels import (
    display_unit,
    indicator_label,
    indicator_name,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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
