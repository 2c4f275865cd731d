"""The report's section 布局方案 (where to build), for an optimisation placed by township:
a map of what goes where with the 15-minute share before and after, a table by township
(new beds, centres, home-care hires, goals met with the lowest P(met)), the centres'
cost and the optimality gap, the naive rule with the same money, and the centres' cost
at each coverage goal (`docs/placement.md`). Read from the optimisation folder's
`placement.csv`, `naive.csv`, `coverage_frontier.csv` and `optimisation.json`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.catalogue import text
from sim.present.labels import at_district_size, format_percent, money_unit

#: The map of the placement in an optimisation folder.
PLACEMENT_MAP = Path("charts") / "placement_map.png"


def write_placement_map(folder: Path, lang: str) -> Path | None:
    """Draw `charts/placement_map.png` of an optimisation folder placed by township (None
    when it has no placement or its verification run has no township record)."""
    from sim.present.charts.maps import TOWNSHIP_GEOMETRY_FILE, placement_map, places_of

    table_file = folder / "placement.csv"
    manifest_file = folder / "verification" / "manifest.json"
    if not table_file.is_file() or not manifest_file.is_file():
        return None
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    places = places_of(manifest.get("districts", {}))
    if not places:
        return None
    geometry_file = folder / "verification" / TOWNSHIP_GEOMETRY_FILE
    geometry = (json.loads(geometry_file.read_text(encoding="utf-8"))
                if geometry_file.is_file() else None)  # fmt: skip
    figure = placement_map(pd.read_csv(table_file, dtype={"area": str}), places, geometry, lang)
    out = folder / PLACEMENT_MAP
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=200)
    return out


@dataclass(frozen=True)
class PlacementSection:
    """What the section says, in order: the heading, the summary, the map (a PNG, or
    None) with its caption, and the tables (title, rows, note)."""

    heading: str
    summary: str
    chart: Path | None
    caption: str
    tables: list[tuple[str, pd.DataFrame, str]] = field(default_factory=list)


def placement_section(record: Mapping[str, Any] | None, lang: str) -> PlacementSection | None:
    """The section of an optimisation `record` (`read_optimisation`), or None when it
    placed nothing by township. The outline (`sim.present.outline`) lays it out."""
    if record is None or not record.get("placement"):
        return None
    folder = Path(record["folder"])
    table_file = folder / "placement.csv"
    if not table_file.is_file():
        return None
    placement = record["placement"]
    townships = pd.read_csv(table_file, dtype={"area": str})
    replications = record["search"]["verification_replications"]
    cost = placement.get("centres_cost_yuan") or 0.0
    divisor, unit = money_unit(max(float(cost), 1.0), lang)
    gaps = [g for g in [placement.get("centres_mip_gap"), *placement.get("beds_mip_gap", [])]
            if g is not None and np.isfinite(g)]  # fmt: skip
    summary = text("placement.summary", lang,
                   regional=int(townships["regional_centre"].sum()),
                   village=int(townships["village_centres"].sum()),
                   cost=f"{cost / divisor:,.2f} {unit}",
                   gap=f"{max(gaps):.2g}" if gaps else "-",
                   minutes=f"{placement.get('bed_travel_minutes', 60):g}")  # fmt: skip
    chart = folder / PLACEMENT_MAP
    section = PlacementSection(text("placement.heading", lang), summary,
                               chart if chart.is_file() else None,
                               text("placement.f_map", lang))  # fmt: skip
    section.tables.append((text("placement.t_townships", lang), township_rows(townships, lang),
                           text("placement.n_townships", lang, reps=replications)))  # fmt: skip
    naive_file = folder / "naive.csv"
    if naive_file.is_file():
        check = record["search"]["check_replications"]
        section.tables.append((text("placement.t_naive", lang),
                               naive_rows(pd.read_csv(naive_file), lang),
                               text("placement.n_naive", lang, reps=check)))  # fmt: skip
    coverage_file = folder / "coverage_frontier.csv"
    if coverage_file.is_file():
        section.tables.append((text("placement.t_coverage", lang),
                               coverage_rows(pd.read_csv(coverage_file), lang), ""))  # fmt: skip
    return section


def _word(key: str, lang: str) -> str:
    return text(f"placement.{key}", lang)


def township_rows(townships: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table by township, in the report's words."""
    rows = []
    for row in townships.itertuples(index=False):
        name = row.name_zh if lang == "zh" else row.name_en
        lowest = row.lowest_p_met
        rows.append({
            _word("c_area", lang): str(name),
            _word("c_beds", lang): f"{int(row.new_nursing_beds_per_year):,}",
            _word("c_regional", lang): "1" if row.regional_centre else "-",
            _word("c_village", lang): str(int(row.village_centres)) if row.village_centres else "-",
            _word("c_hires", lang): f"{int(row.home_care_hires_per_year):,}",
            _word("c_before", lang): f"{row.within_15_before:.1f}",
            _word("c_after", lang): f"{row.within_15_after:.1f}",
            _word("c_goals", lang): f"{int(row.goals_certified)}/{int(row.goals)}",
            _word("c_lowest", lang): format_percent(lowest) if pd.notna(lowest) else "-",
        })  # fmt: skip
    return pd.DataFrame(rows)


def naive_rows(naive: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The placement against the naive rule at each factor (costs at the district's size)."""
    naive = at_district_size(naive)
    divisor, unit = money_unit(float(naive["cost_yuan"].max()), lang)
    rows = []
    for row in naive.itertuples(index=False):
        rule = (_word("rule_placement", lang) if row.rule == "placement"
                else text("placement.rule_naive", lang, factor=f"{row.factor:g}"))  # fmt: skip
        rows.append({
            _word("c_rule", lang): rule,
            _word("c_cost", lang): f"{row.cost_yuan / divisor:,.2f} {unit}",
            _word("c_met", lang): f"{int(row.goals_met)}/{int(row.goals)}",
            _word("c_coverage", lang): _percent_or_dash(row.township_centre_coverage),
            _word("c_within", lang): _percent_or_dash(row.within_15_min_centre),
        })  # fmt: skip
    return pd.DataFrame(rows)


def coverage_rows(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The centres' least cost at each coverage goal."""
    costs = coverage["cost_yuan"].dropna()
    divisor, unit = money_unit(float(costs.max()) if len(costs) else 1.0, lang)
    rows = []
    for row in coverage.itertuples(index=False):
        reachable = bool(row.feasible)
        rows.append({
            _word("c_level", lang): f"{row.coverage_percent:g}%",
            _word("c_centres", lang): str(int(row.regional_centres)) if reachable else "-",
            _word("c_village", lang): str(int(row.village_centres)) if reachable else "-",
            _word("c_centres_cost", lang): f"{row.cost_yuan / divisor:,.2f} {unit}"
            if reachable else _word("unreachable", lang),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _percent_or_dash(value: float) -> str:
    return f"{value:.1f}%" if pd.notna(value) else "-"
