"""Scenario comparison: paired differences, cost per extra person served, comparison folders.

Scenarios run with the same seed share their random numbers (common random
numbers): replication r of every scenario sees the same people with the same
life courses, patience and stays. So the difference between two scenarios is
taken replication by replication, and its confidence interval comes from the
spread of those paired differences, which is much narrower than the interval
of a difference between two independent means.

Every function here works on tidy tables (scenario, replication, year,
indicator, value) as `sim.experiments.runner.run_scenarios` returns them. A
comparison folder is a run folder with `differences.csv` and `costs.csv` added
(`sim.experiments.runs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.record import scenario_keys
from sim.experiments.runner import CONFIDENCE_LEVEL, summarise

DIFFERENCE_COLUMNS = ["scenario", "year", "indicator", "mean_difference", "ci_low", "ci_high", "n"]
#: People served: admissions to a bed plus community-care places granted.
SERVED_INDICATORS = ("admissions", "community_granted")


def plan_period(years: Iterable[int], target_years: Iterable[int] = ()) -> tuple[int, int]:
    """The years a plan's totals (costs, people served) and its choice of scenario run
    over: from the year after the base year (the first year of a run's tables, a starting
    state in which nothing is spent) to the plan year, the last target year after the
    base year, or the run's last year when no target lies after it. Every cost figure a
    report, a workbook, `costs.csv` or the terminal shows sums these years."""
    simulated = [int(year) for year in years]
    base_year, last_year = min(simulated), max(simulated)
    later = [int(year) for year in target_years if base_year < int(year) <= last_year]
    return base_year + 1, max(later) if later else last_year


def _t_interval(mean: pd.Series, sd: pd.Series, n: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Two-sided t interval of a mean at CONFIDENCE_LEVEL; exact when sd is 0, NaN for n < 2."""
    from scipy.special import stdtrit  # t quantiles without loading scipy.stats (a second)

    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = stdtrit(n - 1, 0.5 + CONFIDENCE_LEVEL / 2)
        half_width = pd.Series(quantile, index=mean.index) * sd / np.sqrt(n)
    half_width = half_width.where(sd != 0, 0.0)
    return mean - half_width, mean + half_width


def paired_differences(tidy: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Each other scenario minus `reference`, paired by replication, per year and indicator.

    The difference is taken within each replication (same seed and replication
    number, so the same random numbers), then averaged; the 95% interval is a t
    interval of those per-replication differences. Columns: scenario, year,
    indicator, mean_difference, ci_low, ci_high (in the indicator's unit; points
    for percentages), n (replications present in both).
    """
    keys = ["replication", "year", "indicator"]
    base = tidy.loc[tidy["scenario"] == reference, [*keys, "value"]]
    if base.empty:
        raise ValueError(f"reference scenario {reference!r} is not in the table")
    others = tidy.loc[tidy["scenario"] != reference]
    paired = others.merge(base, on=keys, suffixes=("", "_reference"), how="inner")
    paired["difference"] = paired["value"] - paired["value_reference"]
    by = [*scenario_keys(tidy), "year", "indicator"]
    grouped = paired.groupby(by, sort=False, dropna=False)["difference"]
    table = grouped.agg(mean_difference="mean", sd="std", n="count").reset_index()
    table["ci_low"], table["ci_high"] = _t_interval(
        table["mean_difference"], table["sd"], table["n"]
    )
    return table[[*by, *DIFFERENCE_COLUMNS[3:]]]


def unpaired_difference_ci(tidy: pd.DataFrame, reference: str) -> pd.DataFrame:
    """The same differences treated as independent samples (Welch t interval).

    What the interval would be without common random numbers; kept to show how
    much pairing sharpens a comparison. Same columns as `paired_differences`
    (n is the smaller of the two sample sizes).
    """
    from scipy.special import stdtrit  # t quantiles without loading scipy.stats (a second)

    grouped = tidy.groupby(["scenario", "year", "indicator"], sort=False)["value"]
    moments = grouped.agg(mean="mean", var="var", n="count").reset_index()
    base = moments[moments["scenario"] == reference].drop(columns="scenario")
    if base.empty:
        raise ValueError(f"reference scenario {reference!r} is not in the table")
    others = moments[moments["scenario"] != reference]
    both = others.merge(base, on=["year", "indicator"], suffixes=("", "_reference"))
    se2_a = both["var"] / both["n"]
    se2_b = both["var_reference"] / both["n_reference"]
    standard_error = np.sqrt(se2_a + se2_b)
    with np.errstate(invalid="ignore", divide="ignore"):
        # Welch-Satterthwaite degrees of freedom.
        dof = (se2_a + se2_b) ** 2 / (
            se2_a**2 / (both["n"] - 1) + se2_b**2 / (both["n_reference"] - 1)
        )
        half_width = stdtrit(dof, 0.5 + CONFIDENCE_LEVEL / 2) * standard_error
    half_width = half_width.where(standard_error != 0, 0.0)
    both["mean_difference"] = both["mean"] - both["mean_reference"]
    both["ci_low"] = both["mean_difference"] - half_width
    both["ci_high"] = both["mean_difference"] + half_width
    both["n"] = np.minimum(both["n"], both["n_reference"])
    return both[DIFFERENCE_COLUMNS]


#: The parts and kin of public cost that `costs.csv` sums beside it (indicator: column):
#: the city's insurance fund (not the district's), the public cost with it, and the
#: allowances (part of the district's).
PUBLIC_COST_PARTS = {
    "cost_ltc_fund": "ltc_fund_cost_yuan",
    "cost_public_with_fund": "public_cost_with_fund_yuan",
    "cost_allowances": "allowances_cost_yuan",
}


def _per_replication_totals(
    tidy: pd.DataFrame, first_year: int, last_year: int | None = None
) -> pd.DataFrame:
    """Per scenario and replication: total cost, the district's public cost, the city's
    insurance fund, the public cost with the fund and the allowances (yuan), people
    served, people who gave up, over `first_year`..`last_year` (default: the table's last
    year)."""
    window = tidy[tidy["year"] >= first_year]
    if last_year is not None:
        window = window[window["year"] <= last_year]
    wanted = ["cost_total", "cost_public", *PUBLIC_COST_PARTS, *SERVED_INDICATORS, "gave_up"]
    wide = (
        window[window["indicator"].isin(wanted)]
        .pivot_table(
            index=["scenario", "replication"], columns="indicator", values="value", aggfunc="sum"
        )
        .reindex(columns=wanted, fill_value=0.0)
        .fillna(0.0)
    )
    totals = pd.DataFrame(
        {
            "cost_yuan": wide["cost_total"],
            "public_cost_yuan": wide["cost_public"],
            **{column: wide[indicator] for indicator, column in PUBLIC_COST_PARTS.items()},
            "admissions": wide["admissions"],
            "community_granted": wide["community_granted"],
            "served": wide["admissions"] + wide["community_granted"],
            "gave_up": wide["gave_up"],
        }
    )
    return totals.reset_index()


def _mean_ci(values: pd.Series) -> tuple[float, float, float]:
    n = int(values.count())
    mean = float(values.mean())
    sd = float(values.std()) if n > 1 else float("nan")
    low, high = _t_interval(pd.Series([mean]), pd.Series([sd]), pd.Series([n]))
    return mean, float(low.iloc[0]), float(high.iloc[0])


def cost_effectiveness(
    tidy: pd.DataFrame,
    reference: str,
    *,
    first_year: int | None = None,
    last_year: int | None = None,
) -> pd.DataFrame:
    """Total cost and cost per extra person served, each scenario against `reference`.

    Totals run over `first_year`..`last_year` (defaults: the year after the table's
    first year, which is the base year's starting state, and the table's last year;
    `plan_period` gives the plan's years). Each row names the years it sums.
    People served are admissions to a bed plus community-care places granted (both counted as
    events: a person admitted twice counts twice). Extra cost and extra people
    served are paired by replication. `cost_per_extra_person_yuan` is the ratio
    of the mean extra cost to the mean extra people served; it is left empty
    when the scenario serves no more people than the reference (the ratio would
    then mean nothing). One row per scenario, the reference first; costs in yuan.
    """
    if first_year is None:
        first_year = int(tidy["year"].min()) + 1
    if last_year is None:
        last_year = int(tidy["year"].max())
    totals = _per_replication_totals(tidy, first_year, last_year)
    base = totals[totals["scenario"] == reference].set_index("replication")
    if base.empty:
        raise ValueError(f"reference scenario {reference!r} is not in the table")
    rows: list[dict[str, Any]] = []
    order = [reference, *[s for s in pd.unique(tidy["scenario"]) if s != reference]]
    for scenario in order:
        own = totals[totals["scenario"] == scenario].set_index("replication")
        row: dict[str, Any] = {"scenario": scenario, "reference": reference}
        for column in (
            "cost_yuan", "public_cost_yuan", *PUBLIC_COST_PARTS.values(), "served", "admissions",
            "community_granted", "gave_up",
        ):  # fmt: skip
            mean, low, high = _mean_ci(own[column])
            # Totals cannot be negative: clip the symmetric interval as `summarise` does.
            row[f"total_{column}"], row[f"total_{column}_ci_low"] = mean, max(low, 0.0)
            row[f"total_{column}_ci_high"] = high
            # The range of outcomes (2.5th-97.5th percentiles across replications).
            row[f"total_{column}_pi_low"] = float(own[column].quantile(0.025))
            row[f"total_{column}_pi_high"] = float(own[column].quantile(0.975))
        common = own.index.intersection(base.index)
        extra_cost = own.loc[common, "cost_yuan"] - base.loc[common, "cost_yuan"]
        extra_served = own.loc[common, "served"] - base.loc[common, "served"]
        extra_public = own.loc[common, "public_cost_yuan"] - base.loc[common, "public_cost_yuan"]
        for name, values in (
            ("extra_cost_yuan", extra_cost),
            ("extra_public_cost_yuan", extra_public),
            ("extra_served", extra_served),
        ):
            mean, low, high = _mean_ci(values)
            row[name], row[f"{name}_ci_low"], row[f"{name}_ci_high"] = mean, low, high
        row["extra_admissions"] = float(
            (own.loc[common, "admissions"] - base.loc[common, "admissions"]).mean()
        )
        row["extra_community_granted"] = float(
            (own.loc[common, "community_granted"] - base.loc[common, "community_granted"]).mean()
        )
        row["cost_per_extra_person_yuan"] = (
            row["extra_cost_yuan"] / row["extra_served"] if row["extra_served"] > 0 else np.nan
        )
        row["first_year"], row["last_year"] = first_year, last_year
        row["n"] = len(common)
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Comparison:
    """Every table of a comparison; `reference` is the scenario the others are set against."""

    reference: str
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    differences: pd.DataFrame
    costs: pd.DataFrame


def compare_tables(tidy: pd.DataFrame, targets: pd.DataFrame, reference: str) -> Comparison:
    """Summaries, paired differences and costs of the scenarios in `tidy` against
    `reference`; costs over the plan period (`plan_period` of the targets' years)."""
    first_year, last_year = plan_period(tidy["year"], targets["year"] if len(targets) else ())
    return Comparison(
        reference=reference,
        indicators=tidy,
        summary=summarise(tidy),
        targets=targets,
        differences=paired_differences(tidy, reference),
        costs=cost_effectiveness(tidy, reference, first_year=first_year, last_year=last_year),
    )


def combined_scenarios(names: Sequence[str]) -> str:
    """A short label for a list of scenario names (for folder names)."""
    return "+".join(names) if len(names) <= 2 else f"{names[0]}+{len(names) - 1}-more"
