"""The standard chart set of a run folder: what each chart needs and its caption, drawing
it by name, saving figures as PNG and SVG, and writing the set into `charts/`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.catalogue import text
from sim.experiments.compare import cost_effectiveness, plan_period
from sim.experiments.folders import write_json
from sim.experiments.record import read_record
from sim.present.base_year import stated_base_year
from sim.present.chart_style import (
    PNG_DPI,
    chart_style,
)
from sim.present.charts.lines import (
    beds_chart,
    care_at_home_chart,
    gave_up_chart,
    population_chart,
    waiting_chart,
)
from sim.present.charts.maps import (
    MAPPED_INDICATORS,
    TownshipMapData,
    places_of,
    read_township_map_data,
    township_map,
)
from sim.present.charts.ranges import cost_outcome_chart, staff_chart, targets_chart
from sim.present.charts.series import (
    CHARTS_INDEX,
    plan_year_of,
)
from sim.present.labels import (
    scenario_labels,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


@dataclass(frozen=True)
class ChartInputs:
    """What the standard charts are drawn from: a run's summary, targets and plan-period
    cost table, and how to label them."""

    summary: pd.DataFrame
    targets: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    lang: str = "zh"
    labels: Mapping[str, str] | None = None
    population_scale: float = 1.0
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None
    #: the townships of a run by township (for the maps), else None
    townships: TownshipMapData | None = None


def _cost_outcome(inputs: ChartInputs) -> Figure:
    if inputs.costs is None or inputs.costs.empty:
        raise ValueError("the cost chart needs a cost table")
    return cost_outcome_chart(inputs.costs, lang=inputs.lang, labels=inputs.labels)


def _township_map(indicator_id: str, inputs: ChartInputs) -> Figure:
    if inputs.townships is None:
        raise ValueError("a township map needs a run by township")
    year = plan_year_of(inputs.summary, inputs.targets)
    return township_map(inputs.townships, indicator_id, year=year, lang=inputs.lang)


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the standard set: file name, what it needs and how it is drawn; its
    caption is the catalogue's `chart_caption.<name>` (fields {plan_year}, {first},
    {last}, and {range}, the band it names: `chart_caption.range`)."""

    name: str
    #: "summary", "targets" (summary and targets), "costs" (the cost table) or
    #: "townships" (a run by township)
    needs: str
    #: the chart from the run's tables
    draw: Callable[[ChartInputs], Figure]

    def caption(self, lang: str, **context: Any) -> str:
        """The caption in `lang`, with the years of `context` filled in."""
        band = text("chart_caption.range", lang)
        return text(f"chart_caption.{self.name}", lang, **{"range": band, **context})


CHART_SET = (
    ChartSpec("population", "summary", lambda i: population_chart(
        i.summary, lang=i.lang, labels=i.labels, population_scale=i.population_scale,
        reference_figures=i.reference_figures)),
    ChartSpec("targets", "targets",
              lambda i: targets_chart(i.summary, i.targets, lang=i.lang, labels=i.labels)),
    ChartSpec("beds", "summary", lambda i: beds_chart(i.summary, lang=i.lang, labels=i.labels)),
    ChartSpec("staff", "targets", lambda i: staff_chart(
        i.summary, plan_year_of(i.summary, i.targets), lang=i.lang, labels=i.labels)),
    ChartSpec("gave_up", "summary",
              lambda i: gave_up_chart(i.summary, lang=i.lang, labels=i.labels)),
    ChartSpec("waiting", "summary",
              lambda i: waiting_chart(i.summary, lang=i.lang, labels=i.labels)),
    ChartSpec("care_at_home", "summary",
              lambda i: care_at_home_chart(i.summary, lang=i.lang, labels=i.labels)),
    ChartSpec("cost_outcome", "costs", _cost_outcome),
)  # fmt: skip
#: The maps a run by township adds to the set (`map_<indicator>.png`), after CHART_SET.
TOWNSHIP_CHARTS = tuple(
    ChartSpec(f"map_{indicator}", "townships", partial(_township_map, indicator))
    for indicator in MAPPED_INDICATORS
)
#: Each chart of the set, and each map, by its name.
CHARTS_BY_NAME = {spec.name: spec for spec in (*CHART_SET, *TOWNSHIP_CHARTS)}


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


def wanted_charts(
    targets: pd.DataFrame | None, costs: pd.DataFrame | None, *, townships: bool = False
) -> list[ChartSpec]:
    """The charts of the standard set the tables allow (the maps with `townships`)."""
    has_targets = targets is not None and len(targets) > 0
    has_costs = costs is not None and len(costs) > 0
    return [
        spec for spec in CHART_SET
        if (spec.name != "targets" or has_targets) and (spec.name != "cost_outcome" or has_costs)
    ] + (list(TOWNSHIP_CHARTS) if townships else [])  # fmt: skip


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
    townships: TownshipMapData | None = None,
) -> Figure:
    """One chart of the standard set by name."""
    if name not in CHARTS_BY_NAME:
        raise ValueError(f"no chart named {name!r}")
    inputs = ChartInputs(summary, targets, costs, lang, labels, population_scale,
                         reference_figures, townships)  # fmt: skip
    return CHARTS_BY_NAME[name].draw(inputs)


def chart_figures(
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    costs: pd.DataFrame | None = None,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
    population_scale: float = 1.0,
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None,
    townships: TownshipMapData | None = None,
) -> list[tuple[ChartSpec, Figure]]:
    """Every chart of the standard set that the given tables allow, in CHART_SET order."""
    return [
        (spec, draw_chart(spec.name, summary, targets, costs=costs, lang=lang, labels=labels,
                          population_scale=population_scale,
                          reference_figures=reference_figures, townships=townships))
        for spec in wanted_charts(targets, costs, townships=townships is not None)
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
    townships: TownshipMapData | None = None,
) -> list[Path]:
    """Save the standard chart set as `folder/charts/<name>.png` (and `.svg` with `svg`);
    return the paths. Each figure is freed once saved. With `townships` (a run by
    township) the set ends with the maps (`map_<indicator>.png`)."""
    paths: list[Path] = []
    for spec in wanted_charts(targets, costs, townships=townships is not None):
        figure = draw_chart(spec.name, summary, targets, costs=costs, lang=lang, labels=labels,
                            population_scale=population_scale,
                            reference_figures=reference_figures, townships=townships)  # fmt: skip
        paths.extend(save_figure(figure, folder / "charts" / spec.name, svg=svg))
    return paths


def plan_cost_table(
    tidy: pd.DataFrame, reference: str, targets: pd.DataFrame | None
) -> pd.DataFrame:
    """Costs of the plan period (`sim.experiments.compare.plan_period`: the year after the
    base year to the plan year) against the first scenario."""
    years = targets["year"] if targets is not None and len(targets) else ()
    first, last = plan_period(tidy["year"], years)
    return cost_effectiveness(tidy, reference, first_year=first, last_year=last)


def write_folder_charts(folder: Path, lang: str = "zh", *, svg: bool = False) -> list[Path]:
    """Draw the standard chart set of a run or comparison folder from its own files
    (summary, targets, indicators and manifest) into `folder/charts/`; return the paths."""
    record = read_record(folder)
    documents = record.scenarios
    first: dict[str, Any] = next(iter(documents.values()), {})
    # The base year as the district pack states it, as in every table of the report.
    summary = stated_base_year(pd.read_csv(folder / "summary.csv"), record.base_state)
    targets = pd.read_csv(folder / "targets.csv")
    costs = None
    if len(documents) > 1:
        tidy = pd.read_parquet(folder / "indicators.parquet")
        costs = plan_cost_table(tidy, next(iter(documents)), targets)
    labels = scenario_labels(documents, lang)
    reference = next(iter(documents), "")
    townships = read_township_map_data(folder, places_of(record.districts), reference,
                                       labels.get(reference, reference))  # fmt: skip
    paths = write_chart_set(
        folder, summary, targets, costs=costs, lang=lang, labels=labels,
        population_scale=float(first.get("population_scale", 1.0)),
        reference_figures=record.reference_figures, svg=svg, townships=townships,
    )  # fmt: skip
    context: dict[str, Any] = dict(chart_context(summary, targets, costs))
    if townships is not None:  # the maps' captions name the scenario they show
        context["scenario"] = labels.get(reference, reference)
    write_json(folder / "charts" / CHARTS_INDEX,
               {"lang": lang, "files": [p.name for p in paths], "context": context})  # fmt: skip
    return paths
