"""Layout helpers of the charts: which years an axis names, how error bars of several
scenarios are spread around a year, where titles may break and that they stay in the
figure."""

from __future__ import annotations

import itertools

import pytest

from sim.present.chart_style import (
    DODGE_SPAN_YEARS,
    YEAR_LABEL_IN,
    dodge_offsets,
    wrap,
    year_ticks,
)


def test_a_narrow_axis_names_the_first_year_every_fifth_and_the_last() -> None:
    assert year_ticks(2026, 2035) == [2026, 2030, 2035]
    assert year_ticks(2021, 2035) == [2021, 2025, 2030, 2035]
    # A year next to a named one gives way to it.
    assert year_ticks(2024, 2036) == [2025, 2030, 2036]


def test_a_wide_axis_names_every_year() -> None:
    assert year_ticks(2026, 2035, YEAR_LABEL_IN) == list(range(2026, 2036))


@pytest.mark.parametrize("count", [1, 2, 4, 7, 8])
def test_dodged_bars_stay_apart_and_around_their_year(count) -> None:
    offsets = dodge_offsets(count)
    assert len(set(offsets)) == count
    assert sum(offsets) == pytest.approx(0.0)
    assert max(map(abs, offsets)) <= DODGE_SPAN_YEARS / 2 + 1e-9
    if count > 1:
        gaps = [b - a for a, b in itertools.pairwise(offsets)]
        assert min(gaps) >= DODGE_SPAN_YEARS / 8 - 1e-9


def test_a_title_never_breaks_after_an_opening_bracket() -> None:
    lines = wrap("放弃轮候人数（2026—2030年合计）", 10).split("\n")
    assert all(not line.endswith("（") for line in lines)
    assert lines[-1].startswith("（")
    lines = wrap("服务人次：入住与新获社区照料名额（2026—2030年合计）", 14).split("\n")
    assert all(not line.endswith("（") for line in lines)


def test_the_sensitivity_charts_titles_stay_inside_the_figure() -> None:
    import io

    import pandas as pd
    from matplotlib.text import Text

    from sim.experiments.global_sensitivity import OUTPUTS
    from sim.present.charts.studies import sensitivity_chart

    inputs = {"choice": "失能老年人选择入住机构比例", "turnover": "护理员年流失率"}
    rows = [{"output": output, "input": name, "S1": 0.2, "S1_conf": 0.1, "ST": 0.4,
             "ST_conf": 0.1, "first_year": 2030 if reading == "final" else 2026,
             "last_year": 2030} for output, reading, _ in OUTPUTS for name in inputs]  # fmt: skip
    figure = sensitivity_chart(pd.DataFrame(rows), inputs, lang="zh")
    figure.savefig(io.BytesIO(), format="png")  # lays the figure out
    renderer = figure.canvas.get_renderer()
    width_px = figure.bbox.width
    wanted = {ax.get_title(loc) for ax in figure.axes if ax.get_visible()
              for loc in ("left", "center", "right")} - {""}  # fmt: skip
    titles = [text for text in figure.findobj(Text) if text.get_text() in wanted]
    assert len(titles) == len(OUTPUTS)
    assert any(title.get_text().startswith("2030年每万老年人") for title in titles)
    assert any(title.get_text() == "2026—2030年区级财政支出" for title in titles)
    for title in titles:
        box = title.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width_px, title.get_text()
