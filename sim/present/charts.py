"""Charts for planning documents: functions that take result tables and return Figures.

Every chart takes the summary table (scenario, year, indicator, mean, ci_low,
ci_high) or the cost table of `sim.experiments.compare.cost_effectiveness`, and
returns a matplotlib Figure built without pyplot (no global figure registry, Agg
canvas). Labels are Chinese by default and English with `lang="en"`; indicator
names and units come from `sim.present.labels`. `write_folder_charts` draws the
standard set from a run folder's own files. Text is set in the Noto Sans CJK
SC font bundled with the `mplfonts` package, so Chinese renders without
missing-glyph boxes and nothing is downloaded.

The style is meant for print: no background fills or heavy frames, and every
scenario has its own line style and marker as well as its own colour, so the
charts still read on a grey-scale printer. Bands are 95% confidence intervals
of the mean over replications.

matplotlib is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.experiments.compare import cost_effectiveness
from sim.experiments.folders import read_manifest, write_json
from sim.present.labels import (
    check_lang,
    display_unit,
    indicator_label,
    indicator_name,
    scenario_labels,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Written beside the charts of a run folder: the language they were drawn in.
CHARTS_INDEX = "charts.json"
#: The bundled CJK font file inside the mplfonts package folder.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
PNG_DPI = 300
#: (colour, line style, marker) per scenario, in scenario order: Okabe-Ito colours
#: that stay apart for colour-blind readers, and line styles and markers that stay
#: apart in grey.
SCENARIO_STYLES = (
    ("#000000", "-", "o"),
    ("#0072B2", "--", "s"),
    ("#D55E00", "-.", "^"),
    ("#009E73", ":", "D"),
    ("#CC79A7", (0, (5, 1, 1, 1, 1, 1)), "v"),
    ("#E69F00", (0, (1, 1)), "P"),
)
#: Years that carry a marker on a yearly line (markers on every year would be clutter).
MARKER_EVERY_YEARS = 5

#: Text that is not an indicator name: chart words in both languages.
WORDS = {
    "zh": {
        "year": "年份",
        "plan": "规划预计2025年",
        "target": "规划目标",
        "demand": "需求",
        "all_scenarios": "各情景（人口不随照护情景变化）",
        "total_cost": "总支出（{unit}，{first}—{last}年合计）",
        "served": "{admissions}+{granted}\n（{unit}，{first}—{last}年合计）",
        "gave_up": "{gave_up}\n（{unit}，{first}—{last}年合计）",
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
    },
    "en": {
        "year": "Year",
        "plan": "plan's figure for 2025",
        "target": "plan target",
        "demand": "demand",
        "all_scenarios": "every scenario (population does not depend on care)",
        "total_cost": "Total cost ({unit}), sum {first}–{last}",
        "served": "{admissions} + {granted}\n({unit}, sum {first}–{last})",
        "gave_up": "{gave_up}\n({unit}, sum {first}–{last})",
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
    },
}


# ---- font and style --------------------------------------------------------------


def cjk_font_path() -> Path:
    """The Noto Sans CJK SC font file bundled in the mplfonts package folder."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the mplfonts package is not installed; it bundles the CJK font")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / CJK_FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"bundled CJK font not found at {path}")
    return path


@lru_cache(maxsize=1)
def cjk_font_family() -> str:
    """Register the bundled CJK font with matplotlib (once); return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def _style() -> dict[Any, Any]:
    """rc settings of every chart: one sober print style."""
    return {
        # Named families, not "sans-serif": a Text keeps its families, so a figure saved
        # later, outside this style, still finds the CJK font.
        "font.family": [cjk_font_family(), "DejaVu Sans"],
        "font.size": 8.5,
        "axes.titlesize": 9.5,
        "axes.titleweight": "normal",
        "axes.titlelocation": "left",
        "axes.labelsize": 8.5,
        "axes.edgecolor": "0.25",
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": "0.88",
        "grid.linewidth": 0.5,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "lines.linewidth": 1.4,
        "lines.markersize": 4.5,
        "figure.dpi": 100,
        "savefig.dpi": PNG_DPI,
        # Text as outlines: the SVG shows the same glyphs without the font installed.
        "svg.fonttype": "path",
        "axes.unicode_minus": True,
    }


def _new_figure(ncols: int, nrows: int = 1, *, width_in: float = 7.2, height_in: float = 3.0):
    """A Figure on an Agg canvas (no pyplot) with a grid of axes, in the chart style."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in * nrows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(nrows, ncols, squeeze=False)
    return figure, [ax for row in axes for ax in row]


def _styled(build: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the figure inside the chart style; text keeps the style's font afterwards."""

    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        import matplotlib as mpl

        check_lang(kwargs.get("lang", "zh"))
        with mpl.rc_context(_style()):
            return build(*args, **kwargs)

    wrapper.__name__ = build.__name__
    wrapper.__doc__ = build.__doc__
    wrapper.__wrapped__ = build  # type: ignore[attr-defined]
    return wrapper


# ---- drawing helpers -------------------------------------------------------------


def _scenarios(table: pd.DataFrame) -> list[str]:
    return [str(name) for name in pd.unique(table["scenario"])]


def _series(summary: pd.DataFrame, scenario: str, indicator_id: str) -> pd.DataFrame:
    rows = summary[(summary["scenario"] == scenario) & (summary["indicator"] == indicator_id)]
    divisor, _ = display_unit(indicator_id, "en")
    series = rows.sort_values("year")[["year", "mean", "ci_low", "ci_high"]].copy()
    series[["mean", "ci_low", "ci_high"]] = series[["mean", "ci_low", "ci_high"]] / divisor
    return series.dropna(subset=["mean"])


def _marker_positions(years: pd.Series) -> list[int]:
    return [i for i, year in enumerate(years) if int(year) % MARKER_EVERY_YEARS == 0]


def _style_of(index: int) -> tuple[str, Any, str]:
    return SCENARIO_STYLES[index % len(SCENARIO_STYLES)]


def _line_with_band(ax: Axes, series: pd.DataFrame, index: int, label: str) -> None:
    """Mean as a line (markers every 5 years), its 95% interval as a light band."""
    colour, linestyle, marker = _style_of(index)
    years = series["year"]
    if series["ci_low"].notna().any():
        ax.fill_between(
            years, series["ci_low"], series["ci_high"], color=colour, alpha=0.15,
            linewidth=0, label="_nolegend_",
        )  # fmt: skip
    ax.plot(
        years, series["mean"], color=colour, linestyle=linestyle, marker=marker,
        markevery=_marker_positions(years), markerfacecolor="white", label=label,
    )  # fmt: skip


def _year_axis(ax: Axes, years: Sequence[int]) -> None:
    from matplotlib.ticker import MaxNLocator

    if len(years):
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))


def _thousands(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
    if axis == "x":
        # Wide numbers: fewer ticks, so the labels do not run into each other.
        target.set_major_locator(MaxNLocator(nbins=5))


def _legend_below(figure: Figure, ax: Axes, count: int) -> None:
    handles, names = ax.get_legend_handles_labels()
    if handles:
        figure.legend(handles, names, loc="outside lower center", ncol=min(max(count, 1), 3))


def _indicator_panel(
    ax: Axes,
    summary: pd.DataFrame,
    indicator_id: str,
    lang: str,
    labels: Mapping[str, str],
) -> list[int]:
    """One indicator, every scenario a line with its band; returns the years drawn."""
    years: set[int] = set()
    for index, scenario in enumerate(_scenarios(summary)):
        series = _series(summary, scenario, indicator_id)
        if series.empty:
            continue
        _line_with_band(ax, series, index, labels.get(scenario, scenario))
        years.update(int(y) for y in series["year"])
    _title(ax, indicator_label(indicator_id, lang), lang)
    _year_axis(ax, sorted(years))
    return sorted(years)


def _title(ax: Axes, text: str, lang: str) -> None:
    """Panel title (name and unit), wrapped to the panel; units live here, not on a
    rotated y label, which reads badly in Chinese."""
    import textwrap

    # A CJK character is about twice as wide as a Latin one.
    width = 26 if lang == "zh" else 50
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width) if len(line) > width else [line])
    ax.set_title("\n".join(lines))


def _same_in_every_scenario(
    summary: pd.DataFrame, indicator_id: str, tolerance: float = 0.005
) -> bool:
    """Whether every scenario's mean is within `tolerance` (relative) of the first's, every year."""
    rows = summary[summary["indicator"] == indicator_id]
    wide = rows.pivot_table(index="year", columns="scenario", values="mean")
    first = wide.iloc[:, 0]
    spread = wide.sub(first, axis=0).abs().div(first.abs().where(first != 0), axis=0)
    return bool((spread.fillna(0) <= tolerance).all().all())


def _mark_targets(
    ax: Axes, points: Sequence[tuple[int, float]], lang: str, *, label: str | None = None
) -> None:
    """Targets as large hollow stars, each with its value written beside it."""
    if not points:
        return
    years = [year for year, _ in points]
    values = [value for _, value in points]
    ax.scatter(
        years, values, marker="*", s=90, facecolor="white", edgecolor="black", linewidth=0.9,
        zorder=5, label=label or WORDS[lang]["target"],
    )  # fmt: skip
    for year, value in points:
        ax.annotate(
            f"{value:,.0f}" if value >= 1000 else f"{value:g}", (year, value),
            xytext=(7, -9), textcoords="offset points", fontsize=7.5, zorder=6,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        )  # fmt: skip


# ---- the charts ------------------------------------------------------------------


@_styled
def population_chart(
    summary: pd.DataFrame,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
    population_scale: float = 1.0,
    reference_figures: Mapping[str, Mapping[str, Any]] | None = None,
) -> Figure:
    """People aged 60+ (persons) and their share of the registered population (%), by year.

    `reference_figures` (a run manifest's: {indicator: {"values": {year: value}}},
    such as the plan's 2025 figures of 186,000 people and about 30%) are marked;
    the population figure is multiplied by `population_scale` for scaled-down runs.
    """
    labels = labels or {}
    scenarios = _scenarios(summary)
    if len(scenarios) > 1 and _same_in_every_scenario(summary, "population_60plus"):
        # One line instead of several drawn on top of each other.
        summary = summary[summary["scenario"] == scenarios[0]]
        labels = {scenarios[0]: WORDS[lang]["all_scenarios"]}
    figure, (left, right) = _new_figure(2)
    _indicator_panel(left, summary, "population_60plus", lang, labels)
    _thousands(left)
    _indicator_panel(right, summary, "share_60plus", lang, labels)
    plan = WORDS[lang]["plan"]
    figures = reference_figures or {}
    for ax, indicator_id, factor in (
        (left, "population_60plus", population_scale),
        (right, "share_60plus", 1.0),
    ):
        values = figures.get(indicator_id, {}).get("values", {})
        points = [(int(year), float(value) * factor) for year, value in values.items()]
        _mark_targets(ax, points, lang, label=plan)
    _legend_below(figure, left, len(_scenarios(summary)) + 1)
    return figure


@_styled
def beds_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Bed stock by kind (beds) against demand (residents plus waiting list), a panel per scenario.

    Demand is the mean of residents plus the mean waiting list at year end.
    """
    labels = labels or {}
    scenarios = _scenarios(summary)
    ncols = min(len(scenarios), 2) or 1
    nrows = -(-len(scenarios) // ncols) or 1
    figure, axes = _new_figure(ncols, nrows, height_in=2.7 if nrows > 1 else 3.0)
    person = display_unit("residents", lang)[1]
    demand_label = (
        f"{WORDS[lang]['demand']}："
        f"{indicator_name('residents', lang)}+{indicator_name('waiting_list', lang)}（{person}）"
        if lang == "zh"
        else f"{WORDS[lang]['demand']}: {indicator_name('residents', lang)} + "
        f"{indicator_name('waiting_list', lang)} ({person})"
    )
    lines = (
        ("beds_total", "#000000", "-", "o"),
        ("beds_nursing", "#0072B2", "--", "s"),
    )
    for ax, scenario in zip(axes, scenarios, strict=False):
        years: list[int] = []
        for indicator_id, colour, linestyle, marker in lines:
            series = _series(summary, scenario, indicator_id)
            years = [int(y) for y in series["year"]]
            ax.plot(
                series["year"], series["mean"], color=colour, linestyle=linestyle,
                marker=marker, markevery=_marker_positions(series["year"]),
                markerfacecolor="white", label=indicator_label(indicator_id, lang),
            )  # fmt: skip
        residents = _series(summary, scenario, "residents").set_index("year")["mean"]
        waiting = _series(summary, scenario, "waiting_list").set_index("year")["mean"]
        demand = (residents + waiting).dropna()
        ax.plot(
            demand.index, demand.to_numpy(), color="#D55E00", linestyle=":", marker="^",
            markevery=_marker_positions(pd.Series(demand.index)), markerfacecolor="white",
            label=demand_label,
        )  # fmt: skip
        _title(ax, labels.get(scenario, scenario), lang)
        ax.set_ylim(bottom=0)
        _thousands(ax)
        _year_axis(ax, years)
    for ax in axes[len(scenarios) :]:
        ax.set_visible(False)
    # Same scale in every panel, so scenarios compare at a glance.
    visible = axes[: len(scenarios)]
    top = max(ax.get_ylim()[1] for ax in visible)
    for ax in visible:
        ax.set_ylim(0, top)
    _legend_below(figure, axes[0], 3)
    return figure


@_styled
def targets_chart(
    summary: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    lang: str = "zh",
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """Nursing-type bed share (%) and certified caregivers per 10,000 aged 60+, with targets.

    Targets are the distinct (year, target) pairs of the targets table for each
    indicator.
    """
    labels = labels or {}
    figure, axes = _new_figure(2)
    for ax, indicator_id in zip(
        axes, ("nursing_bed_share", "certified_caregivers_per_10k"), strict=True
    ):
        _indicator_panel(ax, summary, indicator_id, lang, labels)
        points: list[tuple[int, float]] = []
        if targets is not None and len(targets):
            own = targets[targets["indicator"] == indicator_id][["year", "target"]]
            points = [(int(y), float(t)) for y, t in own.drop_duplicates().to_numpy()]
        _mark_targets(ax, points, lang)
    _legend_below(figure, axes[0], len(_scenarios(summary)) + 1)
    return figure


@_styled
def waiting_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Fan charts: people waiting for a bed at year end (persons) and mean wait (days)."""
    labels = labels or {}
    figure, axes = _new_figure(2)
    for ax, indicator_id in zip(axes, ("waiting_list", "mean_wait_days"), strict=True):
        _indicator_panel(ax, summary, indicator_id, lang, labels)
        ax.set_ylim(bottom=0)
        _thousands(ax)
    _legend_below(figure, axes[0], len(_scenarios(summary)))
    return figure


@_styled
def community_chart(
    summary: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Community-care requests met (%) and community care places (places), by year."""
    labels = labels or {}
    figure, axes = _new_figure(2)
    _indicator_panel(axes[0], summary, "community_coverage", lang, labels)
    axes[0].set_ylim(0, 100)
    _indicator_panel(axes[1], summary, "community_places", lang, labels)
    axes[1].set_ylim(bottom=0)
    _thousands(axes[1])
    _legend_below(figure, axes[0], len(_scenarios(summary)))
    return figure


@_styled
def cost_outcome_chart(
    costs: pd.DataFrame, *, lang: str = "zh", labels: Mapping[str, str] | None = None
) -> Figure:
    """Total cost (10,000 yuan) against people served and people who gave up, per scenario.

    Takes the table of `sim.compare.cost_effectiveness`; whiskers are 95%
    intervals over replications.
    """
    labels = labels or {}
    words = WORDS[lang]
    divisor, cost_unit = display_unit("cost_total", lang)
    figure, axes = _new_figure(2)
    first, last = int(costs["first_year"].iloc[0]), int(costs["last_year"].iloc[0])
    panels = (
        ("total_served", words["served"].format(
            admissions=indicator_name("admissions", lang),
            granted=indicator_name("community_granted", lang), first=first, last=last,
            unit=display_unit("admissions", lang)[1],
        )),
        ("total_gave_up", words["gave_up"].format(
            gave_up=indicator_name("gave_up", lang), first=first, last=last,
            unit=display_unit("gave_up", lang)[1],
        )),
    )  # fmt: skip
    cost_label = words["total_cost"].format(first=first, last=last, unit=cost_unit)
    for ax, (column, title) in zip(axes, panels, strict=True):
        for index, row in enumerate(costs.itertuples(index=False)):
            colour, _, marker = _style_of(index)
            x = row.total_cost_yuan / divisor
            y = getattr(row, column)
            xerr = _error_bar(x, row.total_cost_yuan_ci_low / divisor,
                              row.total_cost_yuan_ci_high / divisor)  # fmt: skip
            yerr = _error_bar(y, getattr(row, f"{column}_ci_low"),
                              getattr(row, f"{column}_ci_high"))  # fmt: skip
            ax.errorbar(
                [x], [y], xerr=xerr, yerr=yerr, fmt=marker, color=colour,
                markerfacecolor="white", markersize=6, capsize=2, elinewidth=0.8,
                label=labels.get(row.scenario, row.scenario),
            )  # fmt: skip
        _title(ax, title, lang)
        ax.set_xlabel(cost_label)
        ax.grid(True, axis="both")
        _thousands(ax, "x")
        _thousands(ax, "y")
        ax.margins(x=0.15, y=0.15)
        if column == "total_gave_up":
            ax.set_ylim(bottom=0)  # a count: the axis starts at nobody
    _legend_below(figure, axes[0], len(costs))
    return figure


@_styled
def pyramid_chart(table_by_year: Mapping[int, pd.DataFrame], *, lang: str = "zh") -> Figure:
    """Population pyramids (persons by age band and sex), a panel per year, on one scale.

    Takes {year: `sim.population.population_pyramid` table}. Men are drawn to the
    left, women to the right; every panel after the first also shows the first
    year's pyramid as an outline, so growth and ageing read at a glance.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    words = WORDS[lang]
    years = sorted(table_by_year)
    figure, axes = _new_figure(len(years) or 1, height_in=3.4)
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
        _title(
            ax, words["pyramid_panel"].format(year=year, name=name, total=total, unit=unit), lang
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


@_styled
def prevalence_chart(report: pd.DataFrame, *, lang: str = "zh") -> Figure:
    """Partially and fully disabled shares (%) by age band: the source table against the model.

    Takes `sim.calibration.calibration_report`: its `prevalence_<state>_<band>` rows
    give the source share (data/prevalence_2020.csv) and the model's share at the
    end of each reported year.
    """
    words = WORDS[lang]
    figure, axes = _new_figure(2)
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
            colour, linestyle, marker = _style_of(index)
            ax.plot(
                positions, model["model_value"], color=colour, linestyle=linestyle,
                marker=marker, markerfacecolor="white", label=words["model_year"].format(year=year),
            )  # fmt: skip
        ax.set_xticks(positions, labels)
        ax.set_xlabel(words["age_band"])
        ax.set_ylim(bottom=0)
        _title(ax, words["share_of_band"].format(name=indicator_name(indicator_id, lang)), lang)
    _legend_below(figure, axes[0], len(model_years) + 1)
    return figure


@_styled
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
    figure, (ax,) = _new_figure(1, width_in=7.2, height_in=1.2 + 0.16 * len(rows))
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
        _thousands(ax, "x")
    title = words["in_year"].format(label=indicator_label(indicator, lang), year=year)
    _title(ax, f"{title}\n{words['base_value'].format(value=shown)}", lang)
    _legend_below(figure, ax, 2)
    return figure


def _error_bar(centre: float, low: float, high: float) -> Any:
    """Asymmetric error-bar lengths, or None when the interval is undefined."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return None
    return np.array([[max(centre - low, 0.0)], [max(high - centre, 0.0)]])


# ---- saving ----------------------------------------------------------------------


def save_figure(figure: Figure, path_without_suffix: str | Path) -> tuple[Path, Path]:
    """Write `figure` as a 300-dpi PNG and an SVG beside it; return both paths."""
    import matplotlib as mpl

    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    png, svg = base.with_name(base.name + ".png"), base.with_name(base.name + ".svg")
    engine = figure.get_layout_engine()
    with mpl.rc_context(_style()):
        figure.savefig(png, dpi=PNG_DPI, format="png")
        # The layout is settled by the first save; keeping it skips a second layout pass.
        figure.set_layout_engine("none")
        try:
            figure.savefig(svg, format="svg")
        finally:
            figure.set_layout_engine(engine)
    return png, svg


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the standard set: file name, caption in both languages, what it needs."""

    name: str
    caption_zh: str
    caption_en: str
    #: "summary" (summary table), "targets" (summary and targets), "costs" (cost table)
    needs: str

    def caption(self, lang: str) -> str:
        """The caption in `lang`."""
        return self.caption_zh if lang == "zh" else self.caption_en


CHART_SET = (
    ChartSpec("population", "60岁及以上老年人口及占比（★为规划2025年数）",
              "People aged 60+ and their share (★ the plan's 2025 figure)", "summary"),
    ChartSpec("beds", "养老床位（按类型）与入住需求", "Beds by kind against demand", "summary"),
    ChartSpec("targets", "护理型床位占比与每万老年人持证护理员数（★为规划目标）",
              "Nursing-type bed share and certified care workers per 10,000 (★ plan targets)",
              "targets"),
    ChartSpec("waiting", "轮候人数与平均轮候天数（阴影为95%置信区间）",
              "People waiting and mean wait (bands: 95% confidence intervals)", "summary"),
    ChartSpec("community", "社区照料需求满足率与服务名额", "Community-care coverage and places",
              "summary"),
    ChartSpec("cost_outcome", "各情景总支出与服务结果（误差线为95%置信区间）",
              "Total cost against outcomes by scenario (whiskers: 95% confidence intervals)",
              "costs"),
)  # fmt: skip


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
    figures: list[tuple[ChartSpec, Figure]] = []
    for spec in CHART_SET:
        if spec.name == "population":
            figure = population_chart(
                summary, lang=lang, labels=labels, population_scale=population_scale,
                reference_figures=reference_figures,
            )  # fmt: skip
        elif spec.name == "beds":
            figure = beds_chart(summary, lang=lang, labels=labels)
        elif spec.name == "targets":
            figure = targets_chart(summary, targets, lang=lang, labels=labels)
        elif spec.name == "waiting":
            figure = waiting_chart(summary, lang=lang, labels=labels)
        elif spec.name == "community":
            figure = community_chart(summary, lang=lang, labels=labels)
        elif spec.name == "cost_outcome":
            if costs is None or costs.empty:
                continue
            figure = cost_outcome_chart(costs, lang=lang, labels=labels)
        else:  # pragma: no cover - CHART_SET and this switch are edited together
            raise ValueError(spec.name)
        figures.append((spec, figure))
    return figures


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
) -> list[Path]:
    """Save the standard chart set as `folder/charts/<name>.png` and `.svg`; return the paths."""
    paths: list[Path] = []
    for spec, figure in chart_figures(
        summary, targets, costs=costs, lang=lang, labels=labels,
        population_scale=population_scale, reference_figures=reference_figures,
    ):  # fmt: skip
        paths.extend(save_figure(figure, folder / "charts" / spec.name))
    return paths


def write_folder_charts(folder: Path, lang: str = "zh") -> list[Path]:
    """Draw the standard chart set of a run or comparison folder from its own files
    (summary, targets, costs and manifest) into `folder/charts/`; return the paths."""
    manifest = read_manifest(folder)
    documents = manifest.get("scenarios", {})
    first: dict[str, Any] = next(iter(documents.values()), {})
    costs_file = folder / "costs.csv"
    if costs_file.is_file():
        costs = pd.read_csv(costs_file)
    elif len(documents) > 1:
        # A run of several scenarios: their costs against the first, from the run's own table.
        costs = cost_effectiveness(
            pd.read_parquet(folder / "indicators.parquet"), next(iter(documents))
        )
    else:
        costs = None
    paths = write_chart_set(
        folder,
        pd.read_csv(folder / "summary.csv"),
        pd.read_csv(folder / "targets.csv"),
        costs=costs,
        lang=lang,
        labels=scenario_labels(documents, lang),
        population_scale=float(first.get("population_scale", 1.0)),
        reference_figures=manifest.get("reference_figures", {}),
    )
    write_json(folder / "charts" / CHARTS_INDEX, {"lang": lang, "files": [p.name for p in paths]})
    return paths


# ---- global sensitivity --------------------------------------------------------------

SENSITIVITY_WORDS = {
    "zh": {"total": "总效应指数 ST（误差线：95%置信区间）", "first": "一阶指数 S1",
           "axis": "方差贡献"},
    "en": {"total": "total index ST (whiskers: 95% confidence interval)",
           "first": "first-order index S1", "axis": "share of variance"},
}  # fmt: skip


@_styled
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
    figure, axes = _new_figure(ncols, nrows, height_in=0.5 + 0.28 * len(inputs))
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
        _title(ax, indicator_name(output, lang), lang)
    for ax in axes[len(outputs) :]:
        ax.set_visible(False)
    axes[0].set_xlabel(words["axis"])
    _legend_below(figure, axes[0], 2)
    return figure


def write_sensitivity_chart(folder: Path, lang: str = "zh") -> list[Path]:
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
        save_figure(sensitivity_chart(sobol, labels, lang=lang), folder / "charts" / "sensitivity")
    )
    write_json(folder / "charts" / CHARTS_INDEX, {"lang": lang, "files": [p.name for p in paths]})
    return paths
