"""The Word report's column widths: a short Chinese name (a township, a scenario) keeps
to one line, while a long Chinese text may wrap and a long column does not hold its
line whole."""

from __future__ import annotations

import pandas as pd

from sim.present.text_metrics import text_width_pt
from sim.present.word import SHORT_NAME_EM, TABLE_PT, column_bounds_pt, column_widths_pt

TABLE = pd.DataFrame({
    "目标": ["居家上门服务需求满足率", "乡镇（街道）区域养老服务中心覆盖率"],
    "地区": ["东城街道", "屿头乡"],
    "年份": ["2030", "2030"],
    "作用最大的投入": ["每年新建护理型床位（张，分乡镇布局）", "各乡镇居家上门服务每年加招（人）"],
})  # fmt: skip


def test_a_short_chinese_name_keeps_to_one_line() -> None:
    minimum, _ = column_bounds_pt(TABLE)
    assert minimum[1] >= text_width_pt("东城街道", TABLE_PT)
    # Narrow enough that the long columns must wrap: the name still fits.
    widths = column_widths_pt(TABLE, total_pt=300)
    assert widths[1] >= text_width_pt("东城街道", TABLE_PT)


def test_a_long_chinese_text_may_wrap() -> None:
    minimum, natural = column_bounds_pt(TABLE)
    longest = text_width_pt("每年新建护理型床位（张，分乡镇布局）", TABLE_PT)
    assert longest > SHORT_NAME_EM * TABLE_PT
    assert minimum[3] < longest <= natural[3]
