"""The plan's outlook from a run: targets with their attribute and P(met), what binds,
costs over the plan period and the recommended scenario, as tables.

Everything the summary sentences (`sim.present.findings`), the targets table and the
charts say about targets and constraints is computed here once, from the tidy table
of a run and its manifest, by the rules in `docs/reports.md`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.compare import cost_effectiveness
from sim.experiments.p_met import wilson_interval
from sim.model.indicators import meets_target

#: P(met) at or above which a target is likely met.
LIKELY = 0.8
#: P(met) below which a target is likely missed (between the two: uncertain).
EVEN = 0.5
#: A capacity binds when it falls short of what it is compared with by more than this.
SHORTFALL_TOLERANCE = 0.02
#: A channel binds when less than this share (%) of its need or requests is met.
CHANNEL_MET_PERCENT = 90.0
#: The constraints `binding_constraints` can name, in the order they are reported.
CONSTRAINTS = ("staff", "beds", "home_care", "community")


#: The mark of a target's outlook in tables and charts: likely, uncertain, unlikely.
MARKS = {"likely": "✓", "uncertain": "△", "unlikely": "✗"}


def mark(p_met: float) -> str:
    """✓ (P(met) ≥ 80%), △ (≥ 50%) or ✗: the same thresholds as the findings' words."""
    return MARKS[verdict(p_met)]


def verdict(p_met: float) -> str:
    """'likely' (P(met) ≥ 80%), 'uncertain' (≥ 50%) or 'unlikely'."""
    if p_met >= LIKELY:
        return "likely"
    if p_met >= EVEN:
        return "uncertain"
    return "unlikely"


def plan_targets(
    district_targets: Sequence[Mapping[str, Any]],
    scenario_targets: pd.DataFrame,
    base_year: int,
    last_year: int,
) -> pd.DataFrame:
    """The targets a report judges: the district pack's after the base year (with their
    attribute), then any other target a scenario sets. Columns: indicator, year, target,
    attribute, status, source."""
    rows = [
        {
            "indicator": t["indicator"],
            "year": int(t["year"]),
            "target": float(t["value"]),
            "attribute": t.get("attribute", "expected"),
            "status": t.get("status", ""),
            "source": t.get("source", ""),
        }
        for t in district_targets
        if base_year < int(t["year"]) <= last_year
    ]
    seen = {(row["indicator"], row["year"]) for row in rows}
    if len(scenario_targets):
        extra = scenario_targets[["indicator", "year", "target"]].drop_duplicates(
            ["indicator", "year"]
        )
        for row in extra.itertuples(index=False):
            if (row.indicator, int(row.year)) not in seen:
                rows.append(
                    {"indicator": row.indicator, "year": int(row.year), "target": row.target,
                     "attribute": "expected", "status": "scenario", "source": "scenario"}
                )  # fmt: skip
                seen.add((row.indicator, int(row.year)))
    return pd.DataFrame(
        rows, columns=["indicator", "year", "target", "attribute", "status", "source"]
    )


def target_outlook(tidy: pd.DataFrame, targets: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Each scenario against each target: mean, 95% range of outcomes, P(met) (share of
    replications meeting it) and the verdict. Columns: scenario, indicator, year,
    target, attribute, mean, pi_low, pi_high, p_met, verdict, n."""
    rows = []
    keyed = tidy.set_index(["scenario", "indicator", "year"])["value"].sort_index()
    for scenario in names:
        for target in targets.itertuples(index=False):
            key = (scenario, target.indicator, int(target.year))
            values = (
                np.atleast_1d(np.asarray(keyed.loc[key], dtype=float))
                if key in keyed.index
                else np.array([])
            )
            values = values[np.isfinite(values)]
            met = meets_target(target.indicator, values, target.target)
            p_met = float(met.mean()) if len(values) else np.nan
            rows.append(
                {
                    "scenario": scenario,
                    "indicator": target.indicator,
                    "year": int(target.year),
                    "target": float(target.target),
                    "attribute": target.attribute,
                    "mean": float(values.mean()) if len(values) else np.nan,
                    "pi_low": float(np.percentile(values, 2.5)) if len(values) else np.nan,
                    "pi_high": float(np.percentile(values, 97.5)) if len(values) else np.nan,
                    "p_met": p_met,
                    "verdict": verdict(p_met) if len(values) else "",
                    "n": len(values),
                }
            )
    return pd.DataFrame(rows)


def values_in(summary: pd.DataFrame, scenario: str, year: int) -> dict[str, float]:
    """Every indicator's mean for one scenario and year."""
    rows = summary[(summary["scenario"] == scenario) & (summary["year"] == year)]
    return dict(zip(rows["indicator"], rows["mean"].astype(float), strict=True))


def binding_constraints(values: Mapping[str, float]) -> list[str]:
    """What limits care in a year, from that year's means (rules in docs/reports.md):
    'staff', 'beds', 'home_care', 'community'; empty when nothing does."""
    found = []
    beds = values.get("beds_nursing", np.nan)
    demand = values.get("nursing_bed_demand", np.nan)
    staffable = values.get("beds_staffable", np.nan)
    margin = 1 - SHORTFALL_TOLERANCE
    if staffable < margin * min(beds, demand):
        found.append("staff")
    if beds < margin * demand and beds <= staffable:
        found.append("beds")
    if values.get("home_care_need_met", 100.0) < CHANNEL_MET_PERCENT:
        found.append("home_care")
    if values.get("community_coverage", 100.0) < CHANNEL_MET_PERCENT:
        found.append("community")
    return found


def plan_costs(tidy: pd.DataFrame, reference: str, first_year: int, last_year: int) -> pd.DataFrame:
    """Costs and people served of every scenario against `reference` over the plan
    period (`sim.experiments.compare.cost_effectiveness`)."""
    return cost_effectiveness(tidy, reference, first_year=first_year, last_year=last_year)


def proportion_interval(p_met: float, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The two-sided Wilson score interval of a P(met) observed in `n` replications
    (`sim.experiments.p_met.wilson_interval`, each bound one-sided at the middle of
    `confidence`): the sampling interval every P(met) of a report carries (with few
    replications a P(met) of 100% may well be 85% in truth). (nan, nan) when `n` is 0."""
    if not n or pd.isna(p_met):
        return np.nan, np.nan
    return wilson_interval(round(p_met * n), n, confidence=0.5 + confidence / 2)


@dataclass(frozen=True)
class Recommendation:
    """The scenario a report recommends, how surely, and the rule's inputs."""

    scenario: str
    #: 'confident' (every binding target likely met), 'margin' (none unlikely) or 'none'
    strength: str
    #: its binding targets' outlook rows
    binding: pd.DataFrame
    #: every scenario's public cost over the plan period (yuan, mean), cheapest first
    public_costs: pd.Series
    #: the scenarios whose binding targets are all likely met
    eligible: tuple[str, ...]


def _binding_rows(outlook: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """A scenario's binding targets' outlook rows (all its targets when none is binding)."""
    own = outlook[outlook["scenario"] == scenario]
    binding = own[own["attribute"] == "binding"]
    return binding if len(binding) else own


def recommend(outlook: pd.DataFrame, costs: pd.DataFrame) -> Recommendation | None:
    """The scenario to build the plan on, by the rule of docs/reports.md: of the scenarios
    that are likely to meet every binding target (each P(met) ≥ 80%, the ✓ of the targets
    table), the one with the lowest mean public cost over the plan period (`costs`, as
    `plan_costs` gives it: the report's cost table); when no scenario is, the one likely
    to meet the most binding targets, then the one with the highest lowest P(met), then
    the cheapest. Every input of the rule is a figure the report's tables show."""
    if costs.empty or outlook.empty:
        return None
    public = costs.set_index("scenario")["total_public_cost_yuan"].astype(float)
    ranked = []
    for scenario in public.index:
        binding = _binding_rows(outlook, str(scenario))
        likely = int((binding["p_met"] >= LIKELY).sum())
        lowest = float(binding["p_met"].min()) if len(binding) else 0.0
        everything = bool(len(binding)) and likely == len(binding)
        # Of the scenarios likely to meet everything only the cost counts.
        closeness = (0, 0.0) if everything else (-likely, -lowest)
        ranked.append((not everything, *closeness, float(public[scenario]), str(scenario)))
    ranked.sort()
    chosen = ranked[0][-1]
    binding = _binding_rows(outlook, chosen)
    if len(binding) and (binding["p_met"] >= LIKELY).all():
        strength = "confident"
    elif len(binding) and (binding["p_met"] >= EVEN).all():
        strength = "margin"
    else:
        strength = "none"
    eligible = tuple(item[-1] for item in ranked if not item[0])
    return Recommendation(chosen, strength, binding, public.sort_values(), eligible)
