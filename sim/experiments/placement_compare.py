"""The placement against the naive rule, and its cost against the coverage goal
(`docs/placement.md`, "Output").

- **The naive rule** spends the same money the district's way: the plan's new beds,
  centres and home-care hires as district-wide supply, spread over the townships by
  people aged 60+ (`spread: by_60plus`). Centres spread that way are community centres
  (a district-wide centre offers no full-day care), so the rule cannot raise the share
  of townships with a regional centre whatever it spends. It is run at the search's
  scale, seed and check replications (common random numbers with the plan's check), at
  the plan's amounts and scaled up by `NAIVE_FACTORS`.
- **The coverage frontier** is the covering program's least cost at a few levels of the
  district's regional-centre coverage, the other coverage goals as they are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goals, plan_supply
from sim.config.load import scenario_from_mapping
from sim.config.yaml_files import deep_merge, resolve_extends
from sim.experiments.placement import site_centres, within_15
from sim.experiments.placement_plan import _spec_at, centre_sites
from sim.experiments.plan_check import judge, plan_mapping, point_table
from sim.experiments.runner import run_scenarios_by_place

#: How far the naive rule's amounts are scaled up, looking for one that meets the goals.
NAIVE_FACTORS = (1.0, 2.0, 3.0)
#: District coverage levels (percent of townships with a regional centre) of the frontier.
COVERAGE_LEVELS = (50.0, 60.0, 70.0, 80.0, 90.0, 100.0)


def _base_hires(goals: Goals) -> float:
    """The base's home-care hiring ceiling in the first plan year (0 when it sets none)."""
    schedule = goals.base.supply.home_care.hire_per_year
    years = [year for year in schedule if year <= goals.first_year]
    return float(schedule[max(years)]) if years else 0.0


def naive_document(goals: Goals, values: dict[str, float], factor: float) -> dict[str, Any]:
    """The base with the plan's district levers as they are and its placed supply (beds,
    centres, home-care hires) `factor` times over, spread by people aged 60+."""
    record = goals.placement
    supply = plan_supply(goals, values)
    for lever in goals.spec.levers:
        if not lever.placed:
            continue
        amount = round(values[lever.id] * factor)
        years = goals.lever_years(lever)
        if lever.set == "beds.add_nursing":
            beds = supply.setdefault("beds", {})
            for year in years:
                beds.setdefault(year, {})["add_nursing"] = amount
        else:
            home_care = supply.setdefault("home_care", {})
            home_care["hire_per_year"] = {years[0]: round(_base_hires(goals)) + amount}
    siting = record.siting if record is not None else None
    if siting is not None:
        centres = round(int(siting.day_care.sum() + siting.village.sum()) * factor)
        year = goals.spec.placement.year or goals.first_year
        if centres:
            supply.setdefault("centres", {})[year] = {"add": centres}
    document = deep_merge(resolve_extends(goals.base_path), {"supply": supply})
    document["spread"] = "by_60plus"
    return document


def naive_comparison(
    goals: Goals, values: dict[str, float], *, replications: int, jobs: int,
    progress: Any = None,
) -> pd.DataFrame:  # fmt: skip
    """Per rule (the placement, then the naive rule at each factor): cost, goals certified
    of all, the district's regional-centre coverage and 15-minute share (means in the
    last goal year), each run at the search's scale and seed with `replications`."""
    settings = goals.spec.search
    packs = {goals.base.district: goals.pack}
    plan = plan_mapping(goals, values, "point-0")
    documents = [plan] + [naive_document(goals, values, f) for f in NAIVE_FACTORS]
    scenarios = []
    for index, document in enumerate(documents):
        document.update({"name": f"point-{index}", "seed": settings.seed,
                         "population_scale": settings.population_scale})  # fmt: skip
        scenarios.append(scenario_from_mapping(document, f"<{goals.path} rule {index}>",
                                               packs=packs))  # fmt: skip
    tidy, townships = run_scenarios_by_place(scenarios, replications=replications, jobs=jobs,
                                             progress=progress)  # fmt: skip
    table = point_table(goals, tidy, townships)
    district = tidy[tidy["year"] == goals.last_year].pivot_table(
        index="scenario", columns="indicator", values="value", aggfunc="mean")  # fmt: skip
    rows = []
    for index, factor in enumerate((1.0, *NAIVE_FACTORS)):
        results = table[table["point"] == index]
        means = district.loc[f"point-{index}"]
        rows.append(_row("placement" if index == 0 else "by_60plus", factor,
                         float(results["cost"].mean()), judge(goals, results),
                         float(means.get("township_centre_coverage", np.nan)),
                         float(means.get("within_15_min_centre", np.nan))))  # fmt: skip
    table_out = pd.DataFrame(rows)
    # The costs are at the search's scale: comparable with each other, not with the plan's.
    table_out["population_scale"] = settings.population_scale
    table_out["replications"] = replications
    return table_out


def _row(rule: str, factor: float, cost: float, judged: pd.DataFrame, coverage: float,
         within: float) -> dict[str, Any]:  # fmt: skip
    short = judged.loc[~judged["holds"], "goal"].tolist()
    more = f"; ... ({len(short)} in all)" if len(short) > 6 else ""
    return {
        "area": "district", "rule": rule, "factor": factor, "cost_yuan": cost,
        "goals_met": int(judged["holds"].sum()), "goals": len(judged),
        "township_centre_coverage": coverage, "within_15_min_centre": within,
        "goals_short": "; ".join(short[:6]) + more,
    }  # fmt: skip


def coverage_frontier(goals: Goals) -> pd.DataFrame:
    """The covering program's least cost (yuan) at each district coverage level of
    `COVERAGE_LEVELS`, the other coverage goals as the file has them."""
    spec = _spec_at(goals, goals.base.population_scale, fewest_centres=True)
    sites = centre_sites(goals, spec)
    rows = []
    for level in COVERAGE_LEVELS:
        siting = site_centres(replace(sites, coverage_percent=level))
        rows.append({
            "area": "district", "coverage_percent": level, "feasible": siting.feasible,
            "regional_centres": int(siting.day_care.sum()) if siting.feasible else None,
            "village_centres": int(siting.village.sum()) if siting.feasible else None,
            "cost_yuan": siting.cost_yuan if siting.feasible else None,
            "mip_gap": siting.mip_gap,
        })  # fmt: skip
    return pd.DataFrame(rows)


def township_table(goals: Goals, values: dict[str, float], binding: pd.DataFrame) -> pd.DataFrame:
    """By township: what the plan places there (new nursing-type beds a year, a regional
    centre, village centres, home-care hires a year), its 15-minute share before and after
    (the covering program's, at the fewest base-year centres), and its goals: how many,
    how many certified in the verification, and the lowest verified P(met)."""
    record = goals.placement
    tables = goals.pack.places
    assert record is not None and tables is not None
    supply = goals.township_supply(values, goals.base.population_scale) \
        if goals.township_supply is not None else {}  # fmt: skip
    spec = _spec_at(goals, goals.base.population_scale, fewest_centres=True)
    sites = centre_sites(goals, spec)
    nothing = np.zeros(sites.n, dtype=np.int64)
    before = within_15(sites, nothing, nothing)
    siting = record.siting
    after = within_15(sites, siting.day_care, siting.village) if siting is not None else before
    area_of = binding["goal"].str.split("@").str[2].fillna("")
    rows = []
    for index, code in enumerate(tables.codes):
        own = supply.get(code, {})
        beds: dict[int, dict[str, int]] = own.get("beds", {})
        first_beds = next(iter(beds.values()), {"add_nursing": 0})
        hires = own.get("home_care_hire_per_year", {})
        goals_here = binding[area_of == code]
        rows.append({
            "area": code, "name_zh": tables.names["zh"][index],
            "name_en": tables.names["en"][index],
            "new_nursing_beds_per_year": first_beds["add_nursing"],
            "regional_centre": int(siting.day_care[index]) if siting is not None else 0,
            "village_centres": int(siting.village[index]) if siting is not None else 0,
            "home_care_hires_per_year": next(iter(hires.values()), 0),
            "within_15_before": float(before[index]), "within_15_after": float(after[index]),
            "goals": len(goals_here), "goals_certified": int(goals_here["certified"].sum()),
            "lowest_p_met": float(goals_here["verified_p_met"].min()) if len(goals_here)
            else np.nan,
        })  # fmt: skip
    return pd.DataFrame(rows)
