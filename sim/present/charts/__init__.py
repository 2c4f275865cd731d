"""Charts for planning documents: functions that take result tables and return Figures.

The planning charts take the summary table (scenario, year, indicator, mean, ci_low,
ci_high, pi_low, pi_high), the targets table and the cost table of
`sim.experiments.compare.cost_effectiveness`, and return a matplotlib Figure built
without pyplot (Agg canvas). They are built around what binds: demand for
nursing-type beds against the beds and against the beds the care workers on hand can
run, workers needed against workers on hand, people who give up. Bands and error bars
are the 95% range of outcomes across replications (2.5th to 97.5th percentile), which
carries what is not known about the inputs when the run draws them; every chart names
them in a key and every caption says so. Count axes start at zero, every panel of a
chart covers the same years, and lines carry their names at their ends. Labels are
Chinese by default and English with `lang="en"`; names and units come from
`sim.present.labels`, every other word from the catalogue's `charts` domain
(`sim/catalogue/<lang>/charts.po`), the look from `sim.present.chart_style`.

The modules, one per family: `series` (reading the tables, chart words), `lines`
(yearly lines per scenario), `ranges` (a row per scenario: targets, staff, cost),
`calibration` (pyramids, prevalence, tornado), `studies` (Sobol indices, the cost
frontier), `maps` (an indicator by township, for a run by township) and `chart_set`
(the standard set: captions, drawing by name, saving, and
`write_folder_charts`, which draws the set from a run folder's own files).
"""

from __future__ import annotations

from sim.present.chart_style import PNG_DPI, SCENARIO_STYLES, cjk_font_family, cjk_font_path
from sim.present.charts.calibration import prevalence_chart, pyramid_chart, tornado_chart
from sim.present.charts.chart_set import (
    CHART_SET,
    TOWNSHIP_CHARTS,
    ChartSpec,
    chart_context,
    chart_figures,
    draw_chart,
    plan_cost_table,
    save_figure,
    wanted_charts,
    write_chart_set,
    write_folder_charts,
)
from sim.present.charts.lines import (
    beds_chart,
    care_at_home_chart,
    gave_up_chart,
    population_chart,
    waiting_chart,
)
from sim.present.charts.ranges import (
    cost_outcome_chart,
    staff_chart,
    target_points,
    targets_chart,
)
from sim.present.charts.series import (
    CHARTS_INDEX,
    MAX_TARGET_PANELS,
    WORDS,
    plan_year_of,
)
from sim.present.charts.studies import (
    FRONTIER_WORDS,
    SENSITIVITY_WORDS,
    frontier_chart,
    sensitivity_chart,
    write_frontier_chart,
    write_sensitivity_chart,
)

__all__ = [
    "CHARTS_INDEX", "CHART_SET", "FRONTIER_WORDS", "MAX_TARGET_PANELS", "PNG_DPI",
    "SCENARIO_STYLES", "SENSITIVITY_WORDS", "TOWNSHIP_CHARTS", "WORDS", "ChartSpec", "beds_chart",
    "care_at_home_chart", "chart_context", "chart_figures", "cjk_font_family", "cjk_font_path",
    "cost_outcome_chart", "draw_chart", "frontier_chart", "gave_up_chart", "plan_cost_table",
    "plan_year_of", "population_chart", "prevalence_chart", "pyramid_chart", "save_figure",
    "sensitivity_chart", "staff_chart", "target_points", "targets_chart", "tornado_chart",
    "waiting_chart", "wanted_charts", "write_chart_set", "write_folder_charts",
    "write_frontier_chart", "write_sensitivity_chart",
]  # fmt: skip
