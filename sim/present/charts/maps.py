"""Maps of a district by township: one indicator's plan-year mean in each township
(乡镇/街道), from a run folder's `township_summary.csv`, its `townships.geojson` when it
has one, and the townships its manifest records (names, kinds, mountain, seats).

With boundaries the map is a choropleth: each unit filled by its value, named in its
cell, mountain units hatched, and open circles at the seats sized by the unit's beds in
homes, small squares by its community centres. Without boundaries it is a schematic:
a circle at each seat sized by the unit's population aged 60+ and filled by its value.
A title names the indicator, the year and the scenario; a colour bar gives the unit; a
source line under the map says where the figures (and the cells) come from. Words come
from the catalogue's `charts` domain (`chart.map_*`). Nothing is downloaded: shapely
reads the cells, matplotlib draws them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.present.chart_style import CHART_WIDTH_IN, styled, wrap
from sim.present.charts.series import WORDS
from sim.present.labels import indicator_name, table_unit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The township files of a run folder (`sim.experiments.folders`).
TOWNSHIP_SUMMARY_FILE = "township_summary.csv"
TOWNSHIP_GEOMETRY_FILE = "townships.geojson"
#: The indicators the standard chart set maps, in order (file `map_<indicator>.png`).
MAPPED_INDICATORS = ("home_care_need_met", "beds_per_1000_older")
#: Sequential colours, light (low) to dark (high), readable in grey.
COLOUR_MAP = "YlGnBu"
#: Height of a map (inches), title, colour bar and source line included.
MAP_HEIGHT_IN = 4.2
#: Font size (points) of the township names.
NAME_PT = 6.5
#: Largest marker area (points squared) of the proportional circles.
LARGEST_MARK_PT2 = 260.0
#: Colour of the rings marking new beds on the placement map.
BEDS_RING = "#e67e22"


@dataclass(frozen=True)
class TownshipMapData:
    """What a township map is drawn from: the township summary (scenario, area, year,
    indicator, mean, …; `area` the 9-digit code as text), the district's township record
    of the manifest (`districts[d]["places"]`: codes, names, kinds, mountain,
    centroid_lon, centroid_lat), the boundaries (a GeoJSON FeatureCollection, or None)
    and the scenario to map with its label."""

    summary: pd.DataFrame
    places: Mapping[str, Any]
    geometry: Mapping[str, Any] | None
    scenario: str
    scenario_label: str = ""

    @property
    def codes(self) -> list[str]:
        return [str(code) for code in self.places["codes"]]

    def name(self, code: str, lang: str) -> str:
        """A township's name in `lang` (its code when the record has no name)."""
        names = self.places.get("names", {}).get(lang) or []
        index = self.codes.index(code)
        return str(names[index]) if index < len(names) else code

    def values(self, indicator_id: str, year: int) -> pd.Series:
        """The mapped scenario's mean of `indicator_id` in `year`, by township code."""
        table = self.summary
        rows = table[(table["scenario"] == self.scenario) & (table["indicator"] == indicator_id)
                     & (table["year"] == year)]  # fmt: skip
        return rows.set_index(rows["area"].astype(str))["mean"].reindex(self.codes)

    def plan_year(self, preferred: int = 2030) -> int:
        """`preferred` when the summary has it, else its last year."""
        years = set(int(y) for y in self.summary["year"].unique())
        return preferred if preferred in years else max(years)


def read_township_map_data(
    folder: Path, places: Mapping[str, Any] | None, scenario: str, scenario_label: str = ""
) -> TownshipMapData | None:
    """The map data of a run or comparison folder, or None when the run was not by
    township (no `township_summary.csv`, or no township record in the manifest)."""
    summary_file = folder / TOWNSHIP_SUMMARY_FILE
    if not places or not places.get("codes") or not summary_file.is_file():
        return None
    summary = pd.read_csv(summary_file, dtype={"area": str})
    geometry_file = folder / TOWNSHIP_GEOMETRY_FILE
    geometry = (json.loads(geometry_file.read_text(encoding="utf-8"))
                if geometry_file.is_file() else None)  # fmt: skip
    return TownshipMapData(summary, places, geometry, scenario, scenario_label)


def places_of(districts: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The township record of the first district that has one (`districts[d]["places"]`)."""
    for record in districts.values():
        places = record.get("places")
        if places:
            return dict(places)
    return None


# ---- drawing ----------------------------------------------------------------------------


def _cells(geometry: Mapping[str, Any] | None) -> dict[str, Any]:
    """The shapely shape of each township's feature, by code."""
    from shapely.geometry import shape

    if not geometry:
        return {}
    return {str(f["properties"]["code"]): shape(f["geometry"])
            for f in geometry.get("features", []) if f.get("geometry")}  # fmt: skip


def _polygons(cell: Any) -> list[Any]:
    return list(cell.geoms) if hasattr(cell, "geoms") else [cell]


def _draw_cell(ax: Axes, cell: Any, colour: Any, mountain: bool) -> None:
    from matplotlib.patches import Polygon

    for polygon in _polygons(cell):
        ring = np.asarray(polygon.exterior.coords)
        ax.add_patch(Polygon(ring, closed=True, facecolor=colour, edgecolor="white",
                             linewidth=0.8, zorder=1))  # fmt: skip
        if mountain:
            ax.add_patch(Polygon(ring, closed=True, facecolor="none", edgecolor="0.45",
                                 hatch="////", linewidth=0.0, zorder=2))  # fmt: skip


def _seat(data: TownshipMapData, code: str) -> tuple[float, float]:
    index = data.codes.index(code)
    return float(data.places["centroid_lon"][index]), float(data.places["centroid_lat"][index])


def _push(a: np.ndarray, half_a: np.ndarray, b: np.ndarray, half_b: np.ndarray) -> np.ndarray:
    """How far box b (centre, half-size) must move to clear box a (zero when apart),
    along the axis that needs less travel."""
    dx, dy = b - a
    overlap_x = half_a[0] + half_b[0] - abs(dx)
    overlap_y = half_a[1] + half_b[1] - abs(dy)
    if overlap_x <= 0 or overlap_y <= 0:
        return np.zeros(2)
    if overlap_y / (half_a[1] + half_b[1]) < overlap_x / (half_a[0] + half_b[0]):
        return np.array([0.0, (overlap_y + 1e-4) * (1 if dy >= 0 else -1)])
    return np.array([(overlap_x + 1e-4) * (1 if dx >= 0 else -1), 0.0])


def _spread_labels(points: np.ndarray, gap: np.ndarray, obstacles: np.ndarray,
                   obstacle_gap: np.ndarray, steps: int = 80) -> np.ndarray:  # fmt: skip
    """Label positions near `points` (x, y in map units) pushed apart until boxes of
    half-size `gap` (per label, x and y) overlap neither each other nor the fixed boxes
    of `obstacles` (the markers), or `steps` are spent."""
    positions = points.astype(float).copy()
    for _ in range(steps):
        moved = False
        for i in range(len(positions)):
            for centre, half in zip(obstacles, obstacle_gap, strict=True):
                step = _push(centre, half, positions[i], gap[i])
                if step.any():
                    positions[i] += step
                    moved = True
            for j in range(i + 1, len(positions)):
                step = _push(positions[i], gap[i], positions[j], gap[j])
                if step.any():
                    positions[i] -= step / 2
                    positions[j] += step / 2
                    moved = True
        if not moved:
            break
    return positions


def _label_points(data: TownshipMapData, cells: Mapping[str, Any]) -> np.ndarray:
    """Where each township's name goes: inside its cell (or beside its seat)."""
    points = []
    for code in data.codes:
        if code in cells:
            point = cells[code].representative_point()
            points.append((point.x, point.y))
        else:
            lon, lat = _seat(data, code)
            points.append((lon, lat - 0.012))
    return np.asarray(points)


def _names(ax: Axes, data: TownshipMapData, lang: str, anchors: np.ndarray,
           marks: tuple[np.ndarray, np.ndarray], around_marks: bool = False) -> None:  # fmt: skip
    """Every township's name near its anchor, pushed apart so that none overlaps another
    or a mark; a thin leader line joins a name that had to move far to its place
    (`around_marks`: the anchors are the marks themselves, as on the schematic)."""
    degrees_per_pt = _degrees_per_pt(ax)
    from matplotlib.patheffects import withStroke

    names = [data.name(code, lang) for code in data.codes]
    if lang == "en":  # "Ningxi Town" -> "Ningxi": the map has room for the name only
        names = [name.split(" ")[0] for name in names]
    gap = np.asarray([
        (max(len(line) * (0.55 if lang == "en" else 1.0) for line in name.split("\n"))
         * NAME_PT / 2 + 1, (name.count("\n") + 1) * NAME_PT * 0.62)
        for name in names
    ]) * degrees_per_pt  # fmt: skip
    mark_half = marks[1] * degrees_per_pt
    positions = _spread_labels(anchors, gap, marks[0], mark_half)
    # A name beside its own mark (the schematic's circle) has not moved away from it.
    allowance = (1.1 * np.hypot(gap[:, 0] + mark_half[:, 0], gap[:, 1] + mark_half[:, 1])
                 if around_marks else 2 * gap[:, 1])  # fmt: skip
    for name, anchor, position, limit in zip(names, anchors, positions, allowance, strict=True):
        if np.hypot(*(position - anchor)) > limit:
            ax.plot(*zip(anchor, position, strict=True), color="0.35", linewidth=0.5, zorder=4)
        # Dark text in a white halo reads on every fill and across cell borders.
        ax.text(position[0], position[1], name, fontsize=NAME_PT, ha="center", va="center",
                color="0.1", zorder=6, linespacing=1.0,
                path_effects=[withStroke(linewidth=2.2, foreground="white")])  # fmt: skip


def _marker_sizes(values: pd.Series) -> np.ndarray:
    largest = float(np.nanmax(values.to_numpy(dtype=float))) if values.notna().any() else 0.0
    if largest <= 0:
        return np.zeros(len(values))
    return np.nan_to_num(values.to_numpy(dtype=float)) / largest * LARGEST_MARK_PT2


def _facility_marks(
    ax: Axes, data: TownshipMapData, year: int, lang: str
) -> tuple[tuple[np.ndarray, np.ndarray], list[Any]]:
    """Open circles at the seats sized by beds in homes, small squares just right of
    them sized by community centres; returns the marks (seats and half-sizes in points,
    which names keep clear of) and the legend handles."""
    from matplotlib.lines import Line2D

    seats = np.asarray([_seat(data, code) for code in data.codes])
    half_pt = np.full((len(seats), 2), 3.0)
    handles: list[Any] = []
    beds = data.values("beds_total", year)
    if beds.notna().any():
        sizes = _marker_sizes(beds)
        ax.scatter(seats[:, 0], seats[:, 1], s=sizes, facecolors="none", edgecolors="#B22222",
                   linewidths=0.9, zorder=5)  # fmt: skip
        half_pt = np.maximum(half_pt, np.sqrt(sizes)[:, None] / 2 + 1)
        largest = float(np.nanmax(beds.to_numpy(dtype=float)))
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=8,
                              markerfacecolor="none", markeredgecolor="#B22222",
                              label=_legend_words("map_beds", largest, lang)))  # fmt: skip
    centres = data.values("community_centres", year)
    if centres.notna().any():
        sizes = _marker_sizes(centres) * 0.07
        ax.scatter(seats[:, 0], seats[:, 1], s=sizes, marker="s", facecolors="#4D4D4D",
                   edgecolors="white", linewidths=0.3, zorder=6)  # fmt: skip
        largest = float(np.nanmax(centres.to_numpy(dtype=float)))
        handles.append(Line2D([], [], linestyle="none", marker="s", markersize=3.5,
                              markerfacecolor="#4D4D4D", markeredgecolor="white",
                              label=_legend_words("map_centres", largest, lang)))  # fmt: skip
    return (seats, half_pt), handles


def _legend_words(key: str, largest: float, lang: str) -> str:
    return WORDS[lang][key].format(largest=f"{largest:,.0f}")


def _title(data: TownshipMapData, indicator_id: str, year: int, lang: str) -> str:
    return WORDS[lang]["map_title"].format(
        year=year,
        indicator=indicator_name(indicator_id, lang),
        scenario=data.scenario_label or data.scenario,
    )


def _source(data: TownshipMapData, lang: str, schematic: bool) -> str:
    words = WORDS[lang]
    runs = int(data.summary["n"].max()) if "n" in data.summary and len(data.summary) else 0
    line = words["map_source"].format(runs=runs)
    features = (data.geometry or {}).get("features", [])
    approximate = any(f.get("properties", {}).get("approximate") for f in features)
    if schematic:
        line += words["map_schematic"]
    elif approximate:
        line += words["map_cells"]
    return line


@styled
def township_map(
    data: TownshipMapData, indicator_id: str, *, year: int | None = None, lang: str = "zh"
) -> Figure:
    """A map of one indicator's mean by township in `year` (default: 2030 when the
    summary has it) for the data's scenario: a choropleth of the cells when the data has
    boundaries, else a schematic of circles at the seats sized by population aged 60+."""
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    year = data.plan_year() if year is None else year
    values = data.values(indicator_id, year)
    cells = _cells(data.geometry)
    schematic = not any(code in cells for code in data.codes)
    figure = Figure(figsize=(CHART_WIDTH_IN, MAP_HEIGHT_IN), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.subplots()
    finite = values.dropna()
    low, high = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    norm = Normalize(vmin=low, vmax=high if high > low else low + 1.0)
    colour_map = colormaps[COLOUR_MAP]
    fills = [colour_map(norm(v)) if pd.notna(v) else (0.85, 0.85, 0.85, 1.0) for v in values]
    mountain = [bool(m) for m in data.places.get("mountain", [False] * len(data.codes))]
    ax.set_aspect(1.0 / np.cos(np.radians(float(np.mean(data.places["centroid_lat"])))))
    if schematic:
        marks = _schematic(ax, data, year, fills, mountain)
        handles = [_population_handle(data, year, lang)]
        anchors = marks[0]
    else:
        for code, fill, hilly in zip(data.codes, fills, mountain, strict=True):
            if code in cells:
                _draw_cell(ax, cells[code], fill, hilly)
        marks, handles = _facility_marks(ax, data, year, lang)
        anchors = _label_points(data, cells)
    _frame(ax, data, cells)
    _keys(figure, ax, norm, colour_map, handles, table_unit(indicator_id, lang), lang)
    figure.suptitle(wrap(_title(data, indicator_id, year, lang), 46 if lang == "zh" else 90),
                    fontsize=9.5, x=0.01, ha="left")  # fmt: skip
    figure.supxlabel(wrap(_source(data, lang, schematic), 62 if lang == "zh" else 120),
                     fontsize=6.5, x=0.01, ha="left", color="0.3")  # fmt: skip
    # The names last: their room is measured on the settled layout.
    figure.canvas.draw()
    _names(ax, data, lang, anchors, marks, around_marks=schematic)
    return figure


def _keys(figure: Figure, ax: Axes, norm: Any, colour_map: Any, handles: list[Any],
          unit: str, lang: str) -> None:  # fmt: skip
    """The colour bar under the map (its unit beneath it) and the legend of hatching and
    marks, in the map's empty upper-left corner."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.patches import Patch

    bar = figure.colorbar(ScalarMappable(norm=norm, cmap=colour_map), ax=ax, shrink=0.45,
                          pad=0.01, aspect=35, location="bottom")  # fmt: skip
    bar.set_label(WORDS[lang]["map_unit"].format(unit=unit), fontsize=7)
    bar.ax.tick_params(labelsize=7)
    legend = [Patch(facecolor="white", edgecolor="0.4", hatch="////",
                    label=WORDS[lang]["map_mountain"]), *handles]  # fmt: skip
    ax.legend(handles=legend, loc="upper left", fontsize=6.5, frameon=True, framealpha=0.85,
              edgecolor="none", borderaxespad=0.0)  # fmt: skip


def _frame(ax: Axes, data: TownshipMapData, cells: Mapping[str, Any]) -> None:
    """No axes, a small margin around the district."""
    if cells:
        bounds = np.asarray([cell.bounds for cell in cells.values()])
        west, south = bounds[:, 0].min(), bounds[:, 1].min()
        east, north = bounds[:, 2].max(), bounds[:, 3].max()
    else:
        lon = np.asarray(data.places["centroid_lon"], dtype=float)
        lat = np.asarray(data.places["centroid_lat"], dtype=float)
        west, east, south, north = lon.min(), lon.max(), lat.min(), lat.max()
    margin = 0.04 * max(east - west, north - south)
    ax.set_xlim(west - margin, east + margin)
    ax.set_ylim(south - margin, north + margin * 2.2)
    ax.set_axis_off()


def _degrees_per_pt(ax: Axes) -> np.ndarray:
    """Map units (x, y) per point of the page on a drawn figure, for sizing names."""
    box = ax.get_window_extent()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    pixels_per_pt = ax.figure.dpi / 72.0
    return np.asarray([(x1 - x0) / box.width, (y1 - y0) / box.height]) * pixels_per_pt


def _population_sizes(data: TownshipMapData, year: int) -> np.ndarray:
    return _marker_sizes(data.values("population_60plus", year)) * 3.0


def _schematic(
    ax: Axes, data: TownshipMapData, year: int, fills: Sequence[Any], mountain: Sequence[bool]
) -> tuple[np.ndarray, np.ndarray]:
    """Circles at the seats sized by population aged 60+ and filled by the value,
    mountain units hatched; returns the marks (seats and half-sizes in points)."""
    seats = np.asarray([_seat(data, code) for code in data.codes])
    sizes = _population_sizes(data, year)
    ax.scatter(seats[:, 0], seats[:, 1], s=sizes, c=list(fills), edgecolors="0.3",
               linewidths=0.6, zorder=3)  # fmt: skip
    hilly = np.asarray(mountain, dtype=bool)
    if hilly.any():
        ax.scatter(seats[hilly, 0], seats[hilly, 1], s=sizes[hilly], facecolors="none",
                   edgecolors="0.4", hatch="////", linewidths=0.0, zorder=4)  # fmt: skip
    half = np.sqrt(sizes) / 2 + 1
    return seats, np.column_stack([half, half])


def _population_handle(data: TownshipMapData, year: int, lang: str) -> Any:
    from matplotlib.lines import Line2D

    population = data.values("population_60plus", year)
    largest = float(np.nanmax(population.to_numpy(dtype=float))) if population.notna().any() else 0
    return Line2D([], [], linestyle="none", marker="o", markersize=9, markerfacecolor="white",
                  markeredgecolor="0.3",
                  label=_legend_words("map_population", largest, lang))  # fmt: skip


# ---- the placement map --------------------------------------------------------------------


@styled
def placement_map(
    placement: pd.DataFrame,
    places: Mapping[str, Any],
    geometry: Mapping[str, Any] | None,
    lang: str = "zh",
) -> Figure:
    """What `sim optimise` places where, and the share of each township's people aged 60+
    within 15 minutes of a centre before and after (two panels on one colour scale; the
    second marks each new regional centre with a star and the new nursing-type beds a
    year with a circle at the seat). `placement` is the optimisation's `placement.csv`."""
    from matplotlib import colormaps
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from sim.catalogue import text

    data = TownshipMapData(pd.DataFrame(), places, geometry, "")
    table = placement.set_index(placement["area"].astype(str)).reindex(data.codes)
    cells = _cells(geometry)
    figure = Figure(figsize=(CHART_WIDTH_IN, MAP_HEIGHT_IN * 0.75), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, 2)
    both = table[["within_15_before", "within_15_after"]].to_numpy(float)
    low = float(np.nanmin(both)) if np.isfinite(both).any() else 0.0
    norm = Normalize(vmin=min(low, 99.0), vmax=100.0)
    colour_map = colormaps[COLOUR_MAP]
    mountain = [bool(m) for m in places.get("mountain", [False] * len(data.codes))]
    seats = np.asarray([_seat(data, code) for code in data.codes])
    beds = table["new_nursing_beds_per_year"].fillna(0).to_numpy(float)
    largest = float(beds.max()) if len(beds) else 0.0
    panels = (("within_15_before", "placement.map_before"),
              ("within_15_after", "placement.map_after"))  # fmt: skip
    for ax, (column, key) in zip(axes, panels, strict=True):
        fills = [colour_map(norm(v)) for v in table[column].to_numpy(float)]
        ax.set_aspect(1.0 / np.cos(np.radians(float(np.mean(places["centroid_lat"])))))
        if cells:
            for code, fill, hilly in zip(data.codes, fills, mountain, strict=True):
                if code in cells:
                    _draw_cell(ax, cells[code], fill, hilly)
        else:
            ax.scatter(seats[:, 0], seats[:, 1], s=120, c=fills, edgecolors="0.3", zorder=3)
        _frame(ax, data, cells)
        ax.set_title(text(key, lang), fontsize=8.5)
    after = axes[1]
    if largest > 0:
        sizes = LARGEST_MARK_PT2 * beds / largest
        shown = beds > 0
        # Orange rings: seen on the dark cells as on the light ones.
        after.scatter(seats[shown, 0], seats[shown, 1], s=sizes[shown], facecolors="none",
                      edgecolors=BEDS_RING, linewidths=1.3, zorder=5)  # fmt: skip
    centre = table["regional_centre"].fillna(0).to_numpy(float) > 0
    after.scatter(seats[centre, 0], seats[centre, 1], marker="*", s=70, c="#c0392b",
                  edgecolors="white", linewidths=0.4, zorder=6)  # fmt: skip
    handles = [
        Line2D([], [], linestyle="none", marker="*", markersize=8, color="#c0392b",
               label=text("placement.map_centre", lang)),
        Line2D([], [], linestyle="none", marker="o", markersize=8, markerfacecolor="none",
               markeredgecolor=BEDS_RING, markeredgewidth=1.3,
               label=text("placement.map_beds", lang, largest=f"{largest:,.0f}")),
    ]  # fmt: skip
    after.legend(handles=handles, loc="upper left", fontsize=6, frameon=True, framealpha=0.85,
                 edgecolor="none", borderaxespad=0.0)  # fmt: skip
    bar = figure.colorbar(ScalarMappable(norm=norm, cmap=colour_map), ax=list(axes), shrink=0.5,
                          pad=0.01, aspect=35, location="bottom")  # fmt: skip
    bar.set_label(text("placement.map_unit", lang), fontsize=7)
    bar.ax.tick_params(labelsize=7)
    figure.supxlabel(wrap(text("placement.map_source", lang), 62 if lang == "zh" else 120),
                     fontsize=6.5, x=0.01, ha="left", color="0.3")  # fmt: skip
    return figure
