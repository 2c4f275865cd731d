"""The optimisation section's tables and sentences, in Chinese or English: the plan's
levers, each goal in the verification (with the area it applies to: the district or a
township), the cost frontier, and the goals no plan within the levers' ranges meets.

They read an optimisation's record (`sim.present.report_inputs.ReportInputs.optimisation`,
from `optimisation.json` and the folder's tables) and the areas' names in the report's
language; every word comes from the catalogue (`report_optimise_table.*`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sim.catalogue import Section, text
from sim.experiments.optimise_folder import DISTRICT_AREA
from sim.present.labels import (
    MISSING,
    at_district_size,
    compact_number,
    format_percent,
    indicator_name,
    money_unit,
)
from sim.present.tables import shown

#: The optimisation tables' words, by language.
OPTIMISE_TEXT = Section("report_optimise_table")


def lever_titles(record: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Each lever's title in `lang` (its id when the goals file gives none)."""
    return {
        lever["id"]: (lever.get("title") or {}).get(lang) or lever["id"]
        for lever in record["levers"]
    }


def optimised_lever_rows(record: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """The plan's lever values with their ranges and steps, and whether each binds (a
    lever that does not bind names the value below which it starts to)."""
    words = OPTIMISE_TEXT[lang]
    titles = lever_titles(record, lang)
    bound = {str(item.get("lever")): item for item in record.get("lever_binding") or []}
    rows = []
    for lever in record["levers"]:
        row = {
            words["lever"]: titles[lever["id"]],
            words["value"]: compact_number(record["plan"][lever["id"]]),
            words["range"]: f"{compact_number(lever['min'])}–{compact_number(lever['max'])}",
            words["step"]: compact_number(lever["step"]),
        }
        item = bound.get(str(lever["id"]))
        if bound:
            below = item.get("binds_below") if item else None
            row[words["lever_binds"]] = (
                MISSING if item is None
                else words["yes"] if item.get("binding")
                else words["binds_below"].format(value=compact_number(below))
                if below is not None
                else words["no"]
            )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def area_name(area: Any, area_names: Mapping[str, str]) -> str:
    """The name of a goal's area: the district's or a township's (its code when the
    run recorded no name)."""
    key = DISTRICT_AREA if pd.isna(area) or str(area) == "" else str(area)
    return area_names.get(key, key)


def goal_name(goal_row: Any, area_names: Mapping[str, str], lang: str) -> str:
    """A goal of the goals table in words: its indicator, area and year."""
    name = indicator_name(str(goal_row.indicator), lang)
    area = area_name(getattr(goal_row, "area", None), area_names)
    return text("report_optimise_table.goal_named", lang, name=name, area=area,
                year=int(goal_row.year))  # fmt: skip


def optimised_goal_rows(
    record: Mapping[str, Any], area_names: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """Each goal: the area it applies to, what it needs, its required and verified
    P(met), the verified mean, whether it binds the plan and the lever that moves it most."""
    words = OPTIMISE_TEXT[lang]
    titles = lever_titles(record, lang)
    rows = []
    for row in record["goals_table"].itertuples(index=False):
        indicator = str(row.indicator)
        rows.append({
            words["goal"]: indicator_name(indicator, lang),
            words["area"]: area_name(getattr(row, "area", None), area_names),
            words["year"]: str(int(row.year)),
            words["need"]: f"{words[row.sense]} {row.target:g}",
            words["required"]: format_percent(row.required_probability),
            words["verified"]: format_percent(row.verified_p_met)
            + (f"\n({format_percent(row.p_met_low)}–{format_percent(row.p_met_high)})"
               if hasattr(row, "p_met_low") else ""),
            words["mean"]: shown(row.verified_mean, indicator),
            words["binding"]: words["yes"] if row.binding else words["no"],
            words["main"]: titles.get(str(row.main_lever), str(row.main_lever)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def frontier_rows(record: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """The cheapest plan's cost at each required probability."""
    words = OPTIMISE_TEXT[lang]
    search_scale = float((record.get("search") or {}).get("population_scale", 1.0))
    frontier = at_district_size(record["frontier_table"], search_scale)
    divisor, unit = money_unit(float(frontier["simulated_cost_yuan"].max()), lang)
    digits = 2 if divisor >= 1e8 else 0
    rows = []
    for row in frontier.itertuples(index=False):
        rows.append({
            words["p"]: format_percent(row.probability),
            words["predicted"].format(unit=unit): MISSING if pd.isna(row.predicted_cost_yuan)
            else f"{row.predicted_cost_yuan / divisor:,.{digits}f}",
            words["simulated"].format(unit=unit): MISSING if pd.isna(row.simulated_cost_yuan)
            else f"{row.simulated_cost_yuan / divisor:,.{digits}f}",
            words["held"]: f"{int(row.goals_held)}/{int(row.goals)}",
        })  # fmt: skip
    return pd.DataFrame(rows)


def infeasible_sentences(
    record: Mapping[str, Any], area_names: Mapping[str, str], lang: str
) -> list[str]:
    """One sentence per goal no plan within the levers' ranges meets (`infeasible` of
    the record): the goal with its area and year, the mean it needs against the best
    the levers reach, and what the lever that moves it most would need."""
    goals = record.get("goals_table")
    by_key = {} if goals is None else {str(row.goal): row for row in goals.itertuples()}
    titles = lever_titles(record, lang)
    return [
        _infeasible_sentence(item, by_key.get(str(item["goal"])), titles, area_names, lang)
        for item in record.get("infeasible") or []
    ]


def _infeasible_sentence(
    item: Mapping[str, Any], goal_row: Any, titles: Mapping[str, str],
    area_names: Mapping[str, str], lang: str,
) -> str:  # fmt: skip
    """The sentence of one goal no plan meets (`goal_row`: its row of the goals table,
    None when the table lacks it: the goal's key names it then)."""
    indicator = "" if goal_row is None else str(goal_row.indicator)
    goal = str(item["goal"]) if goal_row is None else goal_name(goal_row, area_names, lang)

    def value(number: float) -> str:
        return shown(number, indicator) if indicator else compact_number(number)

    lever = titles.get(str(item["lever"]), str(item["lever"]))
    needs_lever = float(item["lever_needed"])
    lever_part = (
        text("report_optimise_table.infeasible_lever", lang, lever=lever,
             value=compact_number(needs_lever), bound=compact_number(item["lever_bound"]))
        if np.isfinite(needs_lever)
        else text("report_optimise_table.infeasible_no_lever", lang, lever=lever)
    )  # fmt: skip
    higher = bool(item.get("higher", True))
    spread = "" if higher or float(item["needed"]) >= 0 else text(
        "report_optimise_table.infeasible_spread", lang)  # fmt: skip
    return text(
        f"report_optimise_table.infeasible_{'higher' if higher else 'lower'}", lang,
        goal=goal, needed=value(float(item["needed"])),
        reachable=value(float(item["reachable"])), spread=spread, lever_part=lever_part,
    )  # fmt: skip
