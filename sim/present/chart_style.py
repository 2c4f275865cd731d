"""The look of every chart: font, print style, figures without pyplot, and the drawing
helpers the charts share (bands, direct labels, notes).

Text is set in the Noto Sans CJK SC font bundled with the `mplfonts` package, so Chinese
renders without missing-glyph boxes and nothing is downloaded. The style is meant for
print: no background fills or heavy frames, and every scenario has its own line style
and marker as well as its own colour, so the charts still read on a grey-scale printer.
Lines carry their names at their ends instead of a legend.

matplotlib is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import importlib.util
import textwrap
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from sim.present.labels import check_lang

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The bundled CJK font file inside the mplfonts package folder.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
PNG_DPI = 300
#: Width of a chart (inches): the text width of an A4 page with 2 cm margins.
CHART_WIDTH_IN = 6.5
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
    ("#56B4E9", (0, (6, 2)), "X"),
    ("#7F7F7F", (0, (3, 1, 1, 1)), "h"),
)
#: Width (inches) of axis a year needs for its label ("2030" at 8 pt and a gap).
YEAR_LABEL_IN = 0.42
#: Years that carry a marker on a yearly line (markers on every year would be clutter).
MARKER_EVERY_YEARS = 5
#: Font size (points) of direct labels at line ends and beside points.
LABEL_SIZE_PT = 7.0
#: Means within this relative distance of each other in every year are "the same line".
COINCIDE_TOLERANCE = 0.005
BAND_ALPHA = 0.12
#: With more scenarios than this, ranges are error bars at chosen years, not bands.
MAX_BANDS = 2
#: Half the length (points) of an error bar's cap; the line width (points) of the bar.
CAP_SIZE_PT = 2.5
RANGE_LINE_PT = 0.9
#: Years of axis the error bars of one year share: spread around the year, one per
#: scenario, so that no bar hides another.
DODGE_SPAN_YEARS = 0.8


#: Least WCAG 2 contrast ratio of text against the white page (normal-size text, level AA).
MIN_TEXT_CONTRAST = 4.5
#: Each darkening step keeps this share of the red, green and blue of a text colour.
DARKEN_STEP = 0.95


# ---- colour contrast -------------------------------------------------------------


def relative_luminance(colour: Any) -> float:
    """WCAG 2 relative luminance (0 black to 1 white) of a matplotlib colour."""
    from matplotlib.colors import to_rgb

    linear = [
        channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
        for channel in to_rgb(colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: Any, b: Any) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(colour: Any, background: Any = "white") -> str:
    """`colour` as a '#rrggbb' text colour readable on `background`: darkened in steps,
    hue kept (red, green and blue scaled alike), until the contrast ratio is at least
    `MIN_TEXT_CONTRAST`. Series colours light enough for a line are too light for text."""
    from matplotlib.colors import to_hex, to_rgb

    rgb = np.asarray(to_rgb(colour), dtype=float)
    # Checked on the hex it returns: rounding to 8 bits must not undo the last step.
    while contrast_ratio(to_hex(tuple(rgb)), background) < MIN_TEXT_CONTRAST and rgb.max() > 0:
        rgb = rgb * DARKEN_STEP
    return str(to_hex(tuple(rgb)))


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


def chart_style() -> dict[Any, Any]:
    """rc settings of every chart: one sober print style."""
    return {
        # Named families, not "sans-serif": a Text keeps its families, so a figure saved
        # later, outside this style, still finds the CJK font.
        "font.family": [cjk_font_family(), "DejaVu Sans"],
        "font.size": 8.5,
        "axes.titlesize": 9,
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


def new_figure(
    ncols: int, nrows: int = 1, *, width_in: float = CHART_WIDTH_IN, height_in: float = 2.6,
    sharey: bool = False,
) -> tuple[Figure, list[Axes]]:  # fmt: skip
    """A Figure on an Agg canvas (no pyplot) with a grid of axes, in the chart style;
    `height_in` is the height of one row."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_in, height_in * nrows), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(nrows, ncols, squeeze=False, sharey=sharey)
    return figure, [ax for row in axes for ax in row]


def styled(build: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the figure inside the chart style; text keeps the style's font afterwards."""

    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        import matplotlib as mpl

        check_lang(kwargs.get("lang", "zh"))
        with mpl.rc_context(chart_style()):
            return build(*args, **kwargs)

    wrapper.__name__ = build.__name__
    wrapper.__doc__ = build.__doc__
    wrapper.__wrapped__ = build  # type: ignore[attr-defined]
    return wrapper


def style_of(index: int) -> tuple[str, Any, str]:
    """(colour, line style, marker) of the scenario at `index`."""
    return SCENARIO_STYLES[index % len(SCENARIO_STYLES)]


# ---- text ------------------------------------------------------------------------


def text_width_em(text: str) -> float:
    """Width of `text` in ems: a CJK character is one em, a Latin one about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _tokens(line: str) -> list[str]:
    """A line cut where it may break: between CJK characters (not before closing
    punctuation), never inside a run of Latin letters and digits such as '2026—2030'."""
    tokens: list[str] = []
    for char in line:
        wide = unicodedata.east_asian_width(char) in "WF"
        closing = char in "，。；：、）》”！？%"
        after_opening = bool(tokens) and tokens[-1][-1] in "（《“("
        if tokens and (
            closing
            or after_opening
            or (
                not wide
                and not tokens[-1][-1].isspace()
                and unicodedata.east_asian_width(tokens[-1][-1]) not in "WF"
            )
        ):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def wrap(text: str, width_em: float) -> str:
    """`text` wrapped to lines of at most `width_em` ems where it can be."""
    lines: list[str] = []
    for line in text.split("\n"):
        if text_width_em(line) <= width_em:
            lines.append(line)
        elif any(unicodedata.east_asian_width(c) in "WF" for c in line):
            current = ""
            for token in _tokens(line):
                if current and text_width_em(current + token) > width_em:
                    lines.append(current.rstrip())
                    current = token.lstrip()
                else:
                    current += token
            lines.append(current)
        else:
            lines.extend(textwrap.wrap(line, max(int(width_em / 0.55), 10)))
    return "\n".join(lines)


def set_title(ax: Axes, text: str, width_in: float) -> None:
    """Panel title (name and unit), wrapped to the panel's width; units live here, not on
    a rotated y label, which reads badly in Chinese."""
    import matplotlib as mpl

    size_pt = float(mpl.rcParams["axes.titlesize"])
    ax.set_title(wrap(text, width_in * 72 / size_pt * 0.95))


def note(figure: Figure, text: str) -> None:
    """A note under the panels (e.g. which lines coincide)."""
    if text:
        figure.supxlabel(text, fontsize=7.5, x=0.01, ha="left", color="0.3")


# ---- axes ------------------------------------------------------------------------


def year_ticks(first: int, last: int, year_in: float = 0.0) -> list[int]:
    """The years an axis labels: every year when each has `year_in` inches of axis and its
    label fits, else the first, the multiples of five and the last, so the plan years
    and the horizon are always named (a year next to a named one gives way)."""
    years = list(range(first, last + 1))
    if year_in >= YEAR_LABEL_IN:
        return years
    ticks = [y for y in years if y % 5 == 0]
    if first not in ticks and not (ticks and ticks[0] - first < 2):
        ticks.insert(0, first)
    if last not in ticks:
        ticks = [y for y in ticks if last - y >= 2] + [last]
    return ticks


def year_axis(
    ax: Axes, first: int, last: int, room_right: float = 0.0, width_in: float = 0.0
) -> None:
    """Whole years from `first` to `last` on the x axis, with `room_right` years of
    space after the last for direct labels; `width_in` (the axes' width in inches)
    decides whether every year is labelled. Every year has a small tick."""
    ax.set_xlim(first - 0.4, last + 0.4 + room_right)
    year_in = width_in / (last - first + 0.8 + room_right)
    ax.set_xticks(year_ticks(first, last, year_in))
    ax.set_xticks(range(first, last + 1), minor=True)


def thousands(ax: Axes, axis: str = "y", *, ticks: int = 5) -> None:
    """Tick labels with thousands separators (at most about `ticks` on an x axis)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
    if axis == "x":
        # Wide numbers: fewer ticks, so the labels do not run into each other.
        target.set_major_locator(MaxNLocator(nbins=ticks))


def from_zero(ax: Axes, top: float | None = None) -> None:
    """A count axis: from zero to a little above the largest value (or `top`)."""
    high = ax.get_ylim()[1]
    ax.set_ylim(0, top if top is not None else max(high, 1.0))


# ---- lines, bands and labels -----------------------------------------------------------------


def dodge_offsets(count: int, span: float = DODGE_SPAN_YEARS) -> list[float]:
    """Offsets (axis units) that spread `count` marks evenly over `span`, centred on 0."""
    if count < 2:
        return [0.0] * count
    return [(i - (count - 1) / 2) * span / (count - 1) for i in range(count)]


def range_bars(
    ax: Axes, at: ArrayLike, mean: ArrayLike, low: ArrayLike, high: ArrayLike, colour: str,
    marker: str, *, horizontal: bool = False,
    filled: bool = False, markersize: float = 4.0,
) -> Any:  # fmt: skip
    """Means (`marker`) with capped error bars from `low` to `high`, placed at `at` on the
    other axis: vertical bars over years, or `horizontal` bars in rows. Returns the
    ErrorbarContainer."""
    mean_array = np.asarray(mean, float)
    spread = np.clip(
        [mean_array - np.asarray(low, float), np.asarray(high, float) - mean_array], 0, None
    )  # a mean outside its range (rare, with few replications) gets a bar of length 0
    at_array = np.asarray(at, float)
    x, y = (mean_array, at_array) if horizontal else (at_array, mean_array)
    return ax.errorbar(
        x, y, xerr=spread if horizontal else None, yerr=None if horizontal else spread,
        fmt=marker, color=colour, markerfacecolor=colour if filled else "white",
        markersize=markersize, elinewidth=RANGE_LINE_PT, capsize=CAP_SIZE_PT,
        capthick=RANGE_LINE_PT, clip_on=False, zorder=4,
    )  # fmt: skip


def range_handle(kind: str, colour: str = "0.2", marker: str = "o") -> Any:
    """A legend handle for the range of outcomes: `kind` "band" (a shaded patch), "bar"
    (a vertical error bar with caps) or "row" (a horizontal one)."""
    from matplotlib.collections import LineCollection
    from matplotlib.container import ErrorbarContainer
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if kind == "band":
        return Patch(facecolor=colour, alpha=BAND_ALPHA * 2, linewidth=0)
    mean = Line2D([], [], color=colour, marker=marker, markerfacecolor="white",
                  markersize=4.0, linestyle="none")  # fmt: skip
    cap = Line2D([], [], color=colour, marker="_" if kind == "bar" else "|",
                 markersize=2 * CAP_SIZE_PT, markeredgewidth=RANGE_LINE_PT)  # fmt: skip
    bars = LineCollection([], colors=colour, linewidths=RANGE_LINE_PT)
    return ErrorbarContainer(
        (mean, (cap, cap), (bars,)), has_xerr=kind == "row", has_yerr=kind == "bar"
    )


def range_key(figure: Figure, entries: Sequence[tuple[Any, str]]) -> None:
    """The key under the panels: what the marks mean, the range of outcomes among them
    (`entries`: (legend handle, text))."""
    if entries:
        handles, texts = zip(*entries, strict=True)
        figure.legend(list(handles), list(texts), loc="outside lower center",
                      ncol=len(entries), fontsize=LABEL_SIZE_PT, handlelength=1.6,
                      columnspacing=1.2)  # fmt: skip


def band_line(
    ax: Axes, years: Sequence[float], mean: Sequence[float], low: Sequence[float] | None,
    high: Sequence[float] | None, index: int, *, colour: str | None = None,
    linestyle: Any = None, marker: str | None = None, band: bool = True,
    bar_years: Sequence[int] = (), bar_offset: float = 0.0,
) -> None:  # fmt: skip
    """A mean line (markers every 5 years, never clipped at the frame) with its range:
    a band, or with `bar_years` capped error bars at those years, shifted by `bar_offset`
    years so that several scenarios' bars stand side by side; the bar carries the
    line's marker at the mean, so the line has none in those years."""
    own_colour, own_style, own_marker = style_of(index)
    colour = colour or own_colour
    marker = marker or own_marker
    years_array = np.asarray(years, dtype=float)
    has_range = low is not None and high is not None and np.isfinite(np.asarray(low)).any()
    barred: list[int] = []
    if band and has_range and bar_years:
        low_array, high_array = np.asarray(low, float), np.asarray(high, float)
        barred = [
            i for i, year in enumerate(years_array)
            if int(year) in bar_years and np.isfinite(low_array[i]) and np.isfinite(high_array[i])
        ]  # fmt: skip
        if barred:
            range_bars(ax, years_array[barred] + bar_offset, np.asarray(mean, float)[barred],
                       low_array[barred], high_array[barred], colour, marker)  # fmt: skip
    elif band and has_range:
        ax.fill_between(
            years_array, np.asarray(low, float), np.asarray(high, float), color=colour,
            alpha=BAND_ALPHA, linewidth=0,
        )  # fmt: skip
    markers = [
        i for i, year in enumerate(years_array)
        if int(year) % MARKER_EVERY_YEARS == 0 and i not in barred
    ]  # fmt: skip
    ax.plot(
        years_array, np.asarray(mean, float), color=colour,
        linestyle=linestyle if linestyle is not None else own_style,
        marker=marker, markevery=markers, markerfacecolor="white", clip_on=False,
        zorder=3,
    )  # fmt: skip


def spread_positions(values: Sequence[float], gap: float, low: float, high: float) -> np.ndarray:
    """Positions near `values` at least `gap` apart, within [low, high] where they fit."""
    wanted = np.asarray(values, dtype=float)
    order = np.argsort(wanted, kind="stable")
    placed = wanted[order].copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - high if len(placed) else 0.0
    if overflow > 0:
        placed[-1] -= overflow
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    if len(placed) and placed[0] < low:
        placed += low - placed[0]
    result = np.empty_like(placed)
    result[order] = placed
    return result


def label_room_years(labels: Sequence[str], span_years: float, axes_width_in: float) -> float:
    """Years of x axis to add after the last year so labels of `LABEL_SIZE_PT` fit."""
    widest_in = max((text_width_em(t) for t in labels), default=0.0) * LABEL_SIZE_PT / 72 + 0.12
    share = min(widest_in / max(axes_width_in, 0.5), 0.6)
    return share / (1 - share) * (span_years + 0.8)


def end_labels(
    ax: Axes, x: float, values: Sequence[float], labels: Sequence[str],
    colours: Sequence[str], axes_height_in: float,
) -> None:  # fmt: skip
    """Names at the ends of lines (at `x`, data units), pushed apart so none overlap."""
    values = [float(v) for v in values]
    finite = [i for i, v in enumerate(values) if np.isfinite(v)]
    if not finite:
        return
    low, high = ax.get_ylim()
    gap = (high - low) * (LABEL_SIZE_PT * 1.25 / 72) / max(axes_height_in, 0.5)
    positions = spread_positions([values[i] for i in finite], gap, low, high)
    for i, y in zip(finite, positions, strict=True):
        ax.annotate(
            labels[i], xy=(x, values[i]), xytext=(x + 0.25, y), textcoords="data",
            fontsize=LABEL_SIZE_PT, color=text_colour(colours[i]), va="center", ha="left",
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": colours[i], "linewidth": 0.4,
                        "shrinkA": 0, "shrinkB": 1} if abs(y - values[i]) > gap * 0.3 else None,
        )  # fmt: skip


def coinciding(series: Mapping[str, pd.Series]) -> list[list[str]]:
    """Groups of names whose series are the same within `COINCIDE_TOLERANCE` everywhere."""
    names = list(series)
    groups: list[list[str]] = []
    taken: set[str] = set()
    for i, first in enumerate(names):
        if first in taken:
            continue
        group = [first]
        for other in names[i + 1 :]:
            if other in taken:
                continue
            a, b = series[first].align(series[other], join="outer")
            scale = np.maximum(np.abs(a), np.abs(b)).replace(0, 1.0)
            if len(a) and bool(((a - b).abs() / scale <= COINCIDE_TOLERANCE).fillna(False).all()):
                group.append(other)
        if len(group) > 1:
            groups.append(group)
            taken.update(group)
    return groups
