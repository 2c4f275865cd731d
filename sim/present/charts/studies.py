"""Charts of studies: global sensitivity (Sobol indices) and the optimiser's cost
frontier, each written into its study folder."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.catalogue import Section
from sim.experiments.folders import read_manifest, write_json
from sim.present.chart_style import (
    CHART_WIDTH_IN,
    LABEL_SIZE_PT,
    new_figure,
    set_title,
    styled,
)
from sim.present.charts.chart_set import save_figure
from sim.present.charts.series import (
    CHARTS_INDEX,
)
from sim.present.labels import (
    at_district_size,
    money_unit,
    study_output_name,
)
from sim.present.text_metrics import text_width_pt

if TYPE_CHECKING:
    from matplotlib.figure import Figure


# ---- global sensitivity --------------------------------------------------------------

#: The Sobol chart's words (`chart_sensitivity.<key>` in the catalogue), by language.
SENSITIVITY_WORDS = Section("chart_sensitivity")


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
    names = [labels.get(i, i) for i in inputs]
    # A title spans its panel's plot area, right of the inputs' names (7 pt).
    names_in = max(text_width_pt(name, 7) for name in names) / 72 + 0.15
    title_in = max(CHART_WIDTH_IN / 2 - names_in, 1.0)
    for ax, output in zip(axes, outputs, strict=False):
        rows = sobol[sobol["output"] == output].set_index("input").reindex(inputs)
        total = rows["ST"].clip(lower=0).to_numpy()
        ax.barh(
            positions, total, height=0.6, color="#0072B2", alpha=0.75, label=words["total"],
            xerr=rows["ST_conf"].to_numpy(), error_kw={"elinewidth": 0.8, "capsize": 2},
        )  # fmt: skip
        ax.plot(rows["S1"].clip(lower=0).to_numpy(), positions, "D", color="#D55E00",
                markersize=4, markerfacecolor="white", label=words["first"])  # fmt: skip
        ax.set_yticks(positions, names)
        ax.tick_params(axis="y", labelsize=7)
        ax.invert_yaxis()
        ax.set_xlim(left=0)
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        first_year, last_year = (rows.get(column, pd.Series([None])).iloc[0]
                                 for column in ("first_year", "last_year"))  # fmt: skip
        set_title(ax, study_output_name(output, first_year, last_year, lang), title_in)
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

#: The cost frontier chart's words (`chart_frontier.<key>`), by language.
FRONTIER_WORDS = Section("chart_frontier")


@styled
def frontier_chart(
    frontier: pd.DataFrame,
    *,
    cost: str = "public",
    first: int,
    last: int,
    lang: str = "zh",
    search_scale: float = 1.0,
) -> Figure:
    """The cheapest plan's cost at each required probability: the simulation's check
    (filled) and the surrogate's prediction (hollow); a plan that did not meet every goal
    in its check is marked."""
    words = FRONTIER_WORDS[lang]
    rows = at_district_size(frontier, search_scale).dropna(subset=["simulated_cost_yuan"])
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
        search_scale=float(record.get("search", {}).get("population_scale", 1.0)),
    )  # fmt: skip
    return list(save_figure(figure, folder / "charts" / "frontier", svg=svg))
