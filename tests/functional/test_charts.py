"""Charts: every chart renders in Chinese and English with the bundled CJK font, draws
what it says (ranges of outcomes, targets with P(met), axes from zero, direct labels),
and saves as valid PNG and SVG files."""

from __future__ import annotations

import io
import os
import warnings
import xml.etree.ElementTree as ET

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.container import ErrorbarContainer
from matplotlib.text import Text

from sim.experiments.compare import cost_effectiveness
from sim.experiments.runner import summarise
from sim.model.indicators import INDICATORS
from sim.present import charts
from sim.present.chart_style import contrast_ratio
from sim.present.labels import indicator_name, unit_name

YEARS = range(2020, 2036)


@pytest.fixture(scope="module")
def tables():
    """A tidy table shaped like a run of two scenarios (3 replications), and its summaries.

    Values are synthetic, so the charts are tested on every indicator without a run.
    """
    generator = np.random.default_rng(11)
    rows = []
    for scenario, lift in (("baseline", 0.0), ("plan-2025", 1.0)):
        for replication in range(3):
            for indicator in INDICATORS.values():
                for year in YEARS:
                    if indicator.kind == "flow" and year == 2020:
                        continue  # flows are not defined for the starting year
                    base = 50.0 if indicator.unit == "%" else 1_000.0 * (1 + lift)
                    value = base * (1 + 0.02 * (year - 2020)) + generator.normal(0, 5)
                    rows.append((scenario, replication, year, indicator.id, value))
    tidy = pd.DataFrame(rows, columns=["scenario", "replication", "year", "indicator", "value"])
    summary = summarise(tidy)
    targets = pd.DataFrame(
        {"scenario": ["baseline", "baseline", "plan-2025", "plan-2025"],
         "indicator": "nursing_bed_share", "year": [2022, 2025, 2022, 2025],
         "target": [55.0, 58.0, 55.0, 58.0], "mean": [54.0, 57.0, 60.0, 61.0],
         "p_met": [0.0, 1 / 3, 1.0, 2 / 3]}
    )  # fmt: skip
    return summary, targets, cost_effectiveness(tidy, "baseline")


def _all_figures(tables, lang):
    summary, targets, costs = tables
    labels = {"baseline": "基准情景" if lang == "zh" else "Baseline", "plan-2025": "plan"}
    return charts.chart_figures(summary, targets, costs=costs, lang=lang, labels=labels)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_without_missing_glyphs(tables, lang) -> None:
    figures = _all_figures(tables, lang)
    assert [spec.name for spec, _ in figures] == [spec.name for spec in charts.CHART_SET]
    cjk = os.path.realpath(charts.cjk_font_path())
    for spec, figure in figures:
        with warnings.catch_warnings():
            # matplotlib warns "Glyph ... missing from font(s)" when it draws a box.
            warnings.simplefilter("error")
            figure.savefig(io.BytesIO(), format="png", dpi=40)
        texts = [t for t in figure.findobj(Text) if t.get_text()]
        assert texts, spec.name
        for text in texts:
            assert os.path.realpath(font_manager.findfont(text.get_fontproperties())) == cjk, (
                text.get_text()
            )


def test_chinese_labels_come_from_the_indicator_table(tables) -> None:
    figure = charts.waiting_chart(tables[0], lang="zh")
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert titles[0].startswith(indicator_name("waiting_list", "zh"))
    assert unit_name("mean_wait_days", "zh") in titles[1]
    english = charts.waiting_chart(tables[0], lang="en")
    assert english.axes[0].get_title(loc="left").startswith(indicator_name("waiting_list", "en"))


def test_lines_carry_their_scenario_names_and_differ_in_style(tables) -> None:
    labels = {"baseline": "Baseline", "plan-2025": "Plan"}
    figure = charts.gave_up_chart(tables[0], lang="en", labels=labels)
    ax = figure.axes[0]
    named = [t.get_text() for t in ax.texts]
    assert named == ["Baseline", "Plan"], "direct labels, no legend"
    assert ax.get_legend() is None
    keyed = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
    assert not {"Baseline", "Plan"} & set(keyed), "the key names the range, not the scenarios"
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert lines[0].get_marker() != lines[1].get_marker()


def test_count_axes_start_at_zero_and_panels_cover_the_same_years(tables) -> None:
    for figure in (charts.waiting_chart(tables[0]), charts.beds_chart(tables[0]),
                   charts.care_at_home_chart(tables[0])):  # fmt: skip
        limits = {ax.get_xlim() for ax in figure.axes if ax.get_visible()}
        assert len(limits) == 1, "every panel over the same years"
        for ax in figure.axes:
            if ax.get_visible():
                assert ax.get_ylim()[0] == 0
    # The waiting list starts in the first simulated year: the base year's is an input.
    waiting = charts.waiting_chart(tables[0])
    assert waiting.axes[0].get_xlim()[0] > 2020


def test_the_target_chart_draws_ranges_targets_and_p_met(tables) -> None:
    summary, targets, _ = tables
    figure = charts.targets_chart(summary, targets, lang="en")
    panels = [ax for ax in figure.axes if ax.get_visible()]
    assert len(panels) == 2, "one panel per target (indicator and year)"
    texts = [t.get_text() for t in panels[1].texts]
    assert "target 58" in texts
    # ✓ from 80%, △ from 50%, ✗ below: the findings' thresholds.
    assert {"33% ✗", "67% △"} <= set(texts)
    # An error bar per scenario: the 95% range of outcomes from the summary.
    row = summary[(summary["scenario"] == "baseline") & (summary["indicator"] == "nursing_bed_share")
                  & (summary["year"] == 2025)].iloc[0]  # fmt: skip
    bars = [segment[:, 0] for _, _, (columns,) in _error_bars(panels[1])
            for segment in columns.get_segments()]  # fmt: skip
    assert len(bars) == 2, "one bar per scenario"
    assert any(np.allclose(sorted(b), [row["pi_low"], row["pi_high"]]) for b in bars)


def _error_bars(ax):
    """(data line, caplines, bar line collections) of every error bar of `ax`."""
    return [container.lines for container in ax.containers
            if isinstance(container, ErrorbarContainer)]  # fmt: skip


def test_coinciding_scenarios_are_named_in_a_note(tables) -> None:
    summary = tables[0]
    twin = summary[summary["scenario"] == "baseline"].assign(scenario="copy")
    both = pd.concat([summary[summary["scenario"] == "baseline"], twin], ignore_index=True)
    figure = charts.gave_up_chart(both, lang="en", labels={"baseline": "A", "copy": "B"})
    assert "A and B coincide" in figure.get_supxlabel()
    apart = charts.gave_up_chart(summary, lang="en")
    assert "coincide" not in apart.get_supxlabel()


def test_saved_files_are_valid_png_and_svg(tables, tmp_path) -> None:
    for spec, figure in _all_figures(tables, "zh")[:2]:
        png, svg = charts.save_figure(figure, tmp_path / spec.name, svg=True)
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = matplotlib.image.imread(png)
        width_in = figure.get_size_inches()[0]
        assert image.shape[1] == pytest.approx(width_in * charts.PNG_DPI, abs=2)  # 300 dpi
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")


# ---- many scenarios: error bars, keys and readable text --------------------------------------

#: Seven scenarios: more than the bands a chart draws, and every colour of the palette.
MANY = [f"s{i}" for i in range(7)]


@pytest.fixture(scope="module")
def many():
    """Summary, targets and costs of seven scenarios (3 replications, 2025-2035), the
    shape of the standard 2026-2030 comparison."""
    generator = np.random.default_rng(5)
    rows = []
    for number, scenario in enumerate(MANY):
        for replication in range(3):
            for indicator in INDICATORS.values():
                for year in range(2025, 2036):
                    if indicator.kind == "flow" and year == 2025:
                        continue
                    base = 50.0 if indicator.unit == "%" else 100.0 * (1 + 0.1 * number)
                    value = base * (1 + 0.02 * (year - 2025)) + generator.normal(0, 8)
                    rows.append((scenario, replication, year, indicator.id, value))
    tidy = pd.DataFrame(rows, columns=["scenario", "replication", "year", "indicator", "value"])
    summary = summarise(tidy)
    targets = pd.DataFrame(
        {"scenario": MANY, "indicator": "nursing_bed_share", "year": 2030, "target": 55.0,
         "mean": 50.0, "p_met": [i / 6 for i in range(7)]}
    )  # fmt: skip
    costs = cost_effectiveness(tidy, "s0", first_year=2026, last_year=2030)
    return summary, targets, costs


@pytest.fixture(scope="module")
def many_figures(many):
    """The standard chart set of the seven scenarios, drawn once per language."""
    summary, targets, costs = many
    return {
        lang: charts.chart_figures(summary, targets, costs=costs, lang=lang,
                                   labels={name: f"情景{name}" if lang == "zh" else
                                           f"Scenario {name}" for name in MANY})
        for lang in ("zh", "en")
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_text_reads_on_white(many_figures, lang) -> None:
    for spec, figure in many_figures[lang]:
        figure.canvas.draw()  # tick labels exist once drawn
        texts = [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
        assert texts, spec.name
        for text in texts:
            ratio = contrast_ratio(text.get_color(), "white")
            assert ratio >= 4.5, (spec.name, text.get_text(), text.get_color(), ratio)


def test_range_bars_have_caps(many_figures) -> None:
    for spec, figure in many_figures["zh"]:
        if spec.name == "beds":
            continue  # three lines a panel: bands
        bars = [lines for ax in figure.axes for lines in _error_bars(ax)]
        assert bars, f"{spec.name}: ranges drawn as error bars"
        for _, caplines, _ in bars:
            assert len(caplines) == 2, f"{spec.name}: a cap at each end"
            assert all(cap.get_markersize() > 0 for cap in caplines)


@pytest.mark.parametrize("chart", ["gave_up_chart", "waiting_chart", "care_at_home_chart"])
def test_bars_of_the_scenarios_at_one_year_stand_apart(many, chart) -> None:
    figure = getattr(charts, chart)(many[0], labels={n: n for n in MANY})
    for ax in figure.axes:
        xs = sorted(float(data.get_xdata()[0]) for data, _, _ in _error_bars(ax))
        assert len(xs) == len(MANY), "a bar per scenario"
        assert all(abs(x - 2030) <= 0.5 for x in xs), "around the year they stand for"
        gaps = np.diff(xs)
        assert gaps.min() >= 0.1, "no bar on top of another"


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "95%结果范围"), ("en", "95% range of outcomes")]
)
def test_every_chart_names_its_range_in_a_key(tables, many_figures, lang, words) -> None:
    # Two scenarios draw bands, seven draw error bars: both are named.
    for spec, figure in [*_all_figures(tables, lang), *many_figures[lang]]:
        keyed = [t.get_text() for legend in figure.legends for t in legend.get_texts()]
        assert any(words in text for text in keyed), (spec.name, keyed)
