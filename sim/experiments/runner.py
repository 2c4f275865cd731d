"""Replications, parallel backends, summaries and target attainment.

The runner resolves each scenario into a model spec, maps `run_replication`
over (spec, replication) pairs with a backend and puts the results back in a
fixed order, so the tables do not depend on the backend, the number of workers
or the order work finishes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim.config.pack_readers import load_packs
from sim.config.pack_schema import DistrictPack
from sim.config.resolve import resolve
from sim.config.scenario import Scenario
from sim.experiments.backends import ProgressCallback, Task, run_tasks
from sim.experiments.record import scenario_keys
from sim.model.indicators import INDICATORS, PERCENT, meets_target
from sim.model.simulate import TIDY_COLUMNS, TOWNSHIP_COLUMNS

CONFIDENCE_LEVEL = 0.95


def _tasks(
    scenarios: Sequence[Scenario],
    replications: int | None,
    packs: Mapping[str, DistrictPack] | None = None,
) -> list[Task]:
    """(spec, replication) of every replication: one spec per scenario, or one per
    replication when the scenario draws its uncertain inputs."""
    tasks: list[Task] = []
    packs = packs if packs is not None else load_packs(s.district for s in scenarios)
    for scenario in scenarios:
        count = replications or scenario.replications
        pack = packs[scenario.district]
        if scenario.uncertainty == "parameters":
            tasks.extend((resolve(scenario, pack, replication=r), r) for r in range(count))
        else:
            spec = resolve(scenario, pack)
            tasks.extend((spec, r) for r in range(count))
    return tasks


def _ordered(
    frames: Iterable[pd.DataFrame],
    scenarios: Sequence[Scenario],
    columns: Sequence[str] = TIDY_COLUMNS,
) -> pd.DataFrame:
    """Concatenate and sort by scenario (given order), area (when there is one),
    replication, year, indicator order."""
    tidy = pd.concat(list(frames), ignore_index=True)
    scenario_rank = {s.name: i for i, s in enumerate(scenarios)}
    indicator_rank = {name: i for i, name in enumerate(INDICATORS)}
    keys = pd.DataFrame(
        {
            "s": tidy["scenario"].map(scenario_rank),
            "r": tidy["replication"],
            "y": tidy["year"],
            "i": tidy["indicator"].map(indicator_rank),
        }
    )
    # Townships in code order (a rank: lexsort takes numbers).
    area = (
        np.unique(tidy["area"].to_numpy(dtype=str), return_inverse=True)[1]
        if "area" in columns
        else np.zeros(len(tidy), dtype=np.int64)
    )
    order = np.lexsort((keys["i"], keys["y"], keys["r"], area, keys["s"]))
    return tidy.iloc[order].reset_index(drop=True)[list(columns)]


def run_scenarios(
    scenarios: Sequence[Scenario],
    *,
    replications: int | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
    backend: str = "processes",
    dask_scheduler: str | None = None,
    packs: Mapping[str, DistrictPack] | None = None,
) -> pd.DataFrame:
    """Tidy indicator table of every replication of every scenario.

    `replications` overrides each scenario's own count. `backend` is `processes`
    (`jobs` > 1 runs replications in that many worker processes from a fork server, so
    nothing of the parent's state leaks into them) or `dask` (a local cluster of
    `jobs` workers, or the existing scheduler at `dask_scheduler`); see
    `sim.backends`. The table is the same whatever the backend and worker count.
    `packs` (district -> pack) are the scenarios' district packs, read when not given.
    """
    frames = _run(scenarios, replications, packs, by_place=False, jobs=jobs,
                  progress=progress, backend=backend, dask_scheduler=dask_scheduler)  # fmt: skip
    return _ordered(frames, scenarios)


def run_scenarios_by_place(
    scenarios: Sequence[Scenario],
    *,
    replications: int | None = None,
    packs: Mapping[str, DistrictPack] | None = None,
    **backend: Any,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`run_scenarios`' table of the districts (the same keywords: `jobs`, `progress`,
    `backend`, `dask_scheduler`), and the tidy table of their townships (columns
    `TOWNSHIP_COLUMNS`: a row per township, replication, year and indicator; empty when
    no scenario's district has townships)."""
    tidy = pd.concat(_run(scenarios, replications, packs, by_place=True, **backend),
                     ignore_index=True)  # fmt: skip
    if "area" not in tidy:
        return _ordered([tidy], scenarios), pd.DataFrame(columns=TOWNSHIP_COLUMNS)
    area = tidy["area"].fillna("")
    district = _ordered([tidy[area == ""]], scenarios)
    townships = _ordered([tidy[area != ""]], scenarios, columns=TOWNSHIP_COLUMNS)
    return district, townships


def _run(
    scenarios: Sequence[Scenario],
    replications: int | None,
    packs: Mapping[str, DistrictPack] | None,
    *,
    by_place: bool,
    **backend: Any,
) -> list[pd.DataFrame]:
    """Every replication's table of `scenarios` (names must differ) by `run_tasks`."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ValueError(f"scenario names must differ: {names}")
    return run_tasks(_tasks(scenarios, replications, packs), by_place=by_place, **backend)


#: The range of outcomes: these percentiles of the replications' values.
PREDICTION_PERCENTILES = (2.5, 97.5)


def summarise(tidy: pd.DataFrame) -> pd.DataFrame:
    """Two intervals per scenario, year and indicator, named as what they are.

    Columns: scenario, year, indicator, mean, ci_low, ci_high (the 95% confidence
    interval of the mean, t distribution: how precisely the replications pin the
    mean down), pi_low, pi_high (the 2.5th and 97.5th percentiles of the
    replications' values: the range of outcomes, which with parameter draws includes
    what we do not know about the inputs), n (replications with a value). With one
    replication the confidence interval is undefined (NaN). The confidence interval
    is clipped to the indicator's range (>= 0; <= 100 for percentages).
    """
    from scipy.special import stdtrit  # t quantiles without loading scipy.stats (a second)

    by = [*scenario_keys(tidy), "year", "indicator"]
    grouped = tidy.groupby(by, sort=False, dropna=False)["value"]
    summary = grouped.agg(mean="mean", sd="std", n="count").reset_index()
    low, high = (p / 100 for p in PREDICTION_PERCENTILES)
    summary["pi_low"] = grouped.quantile(low).to_numpy()
    summary["pi_high"] = grouped.quantile(high).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        half_width = (
            stdtrit(summary["n"] - 1, 0.5 + CONFIDENCE_LEVEL / 2)
            * summary["sd"]
            / np.sqrt(summary["n"])
        )
    summary["ci_low"] = summary["mean"] - half_width
    summary["ci_high"] = summary["mean"] + half_width
    # A constant indicator (a stock nobody changes) has an exact interval.
    exact = summary["sd"] == 0
    summary.loc[exact, ["ci_low", "ci_high"]] = summary.loc[exact, ["mean", "mean"]].to_numpy()
    # Every indicator is a count, cost, duration or percentage: clip the symmetric
    # t interval to what the indicator can take (>= 0, and <= 100 for percentages).
    percent = summary["indicator"].map(lambda i: INDICATORS[i].unit == PERCENT)
    summary["ci_low"] = summary["ci_low"].clip(lower=0)
    summary.loc[percent, "ci_high"] = summary.loc[percent, "ci_high"].clip(upper=100)
    columns = [*by, "mean", "ci_low", "ci_high", "pi_low", "pi_high"]
    return summary[[*columns, "n"]]


def target_attainment(tidy: pd.DataFrame, scenarios: Sequence[Scenario]) -> pd.DataFrame:
    """Each scenario's targets: mean, 95% CI, P(met) over replications, first year short.

    A target is met when the indicator is at least the target (at most, for
    indicators where lower is better). `first_year_short` is the first target
    year of that indicator whose mean misses its target (empty if none).
    """
    summary = summarise(tidy).set_index(["scenario", "year", "indicator"])
    rows = []
    for scenario in scenarios:
        for indicator, by_year in scenario.targets.items():
            first_short: int | None = None
            indicator_rows = []
            for year in sorted(by_year):
                target = by_year[year]
                values = tidy.loc[
                    (tidy["scenario"] == scenario.name)
                    & (tidy["indicator"] == indicator)
                    & (tidy["year"] == year),
                    "value",
                ]
                met = meets_target(indicator, values, target)
                key = (scenario.name, year, indicator)
                mean = summary.loc[key, "mean"] if key in summary.index else np.nan
                met_in_mean = bool(meets_target(indicator, mean, target))
                if not met_in_mean and first_short is None:
                    first_short = year
                indicator_rows.append(
                    {
                        "scenario": scenario.name,
                        "indicator": indicator,
                        "year": year,
                        "target": target,
                        "direction": "at_most"
                        if INDICATORS[indicator].higher_is_better is False
                        else "at_least",
                        "mean": mean,
                        "ci_low": summary.loc[key, "ci_low"] if key in summary.index else np.nan,
                        "ci_high": summary.loc[key, "ci_high"] if key in summary.index else np.nan,
                        "p_met": float(met.mean()) if len(values) else np.nan,
                        "met_in_mean": met_in_mean,
                    }
                )
            for row in indicator_rows:
                row["first_year_short"] = first_short
            rows.extend(indicator_rows)
    columns = [
        "scenario", "indicator", "year", "target", "direction", "mean", "ci_low", "ci_high",
        "p_met", "met_in_mean", "first_year_short",
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    table["first_year_short"] = table["first_year_short"].astype("Int64")
    return table


def township_target_attainment(
    townships: pd.DataFrame, targets: Mapping[str, Sequence[tuple[str, str, int, float]]]
) -> pd.DataFrame:
    """Each scenario's township targets ({scenario: [(township code, indicator, year,
    target)]}) against its townships' rows: mean and P(met) over replications.
    Columns: scenario, area, indicator, year, target, direction, mean, p_met."""
    rows = []
    for scenario, listed in targets.items():
        own = townships[townships["scenario"] == scenario]
        for area, indicator, year, target in listed:
            values = own.loc[
                (own["area"] == area) & (own["indicator"] == indicator) & (own["year"] == year),
                "value",
            ]
            rows.append({
                "scenario": scenario, "area": area, "indicator": indicator, "year": year,
                "target": target,
                "direction": "at_most" if INDICATORS[indicator].higher_is_better is False
                else "at_least",
                "mean": values.mean() if len(values) else np.nan,
                "p_met": float(meets_target(indicator, values, target).mean())
                if len(values) else np.nan,
            })  # fmt: skip
    columns = ["scenario", "area", "indicator", "year", "target", "direction", "mean", "p_met"]
    return pd.DataFrame(rows, columns=columns)
