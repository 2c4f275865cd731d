"""End-of-term evaluation (zhongqi pinggu) of a Five-Year plan: each adopted target of the plan
period against its base-year value, the plan scenario's projection with P(met), and the
observed value where the district pack has one.

The plan period runs from the scenario's base year to the last year of the pack's
adopted targets up to the scenario's horizon (2025 for Huangyan's 14th plan). The
verdict of each indicator is `met` or `missed` when the pack holds an observed
(published) figure for the final year, and `not yet known` otherwise: the
projection says how likely the target is, not whether it was met.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.load import scenario_from_document
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import OBSERVED_CONFIDENCE, DistrictPack
from sim.config.resolve import scenario_base_indicators, scenario_base_state
from sim.config.scenario import Scenario
from sim.errors import InputError
from sim.experiments.folders import read_manifest
from sim.experiments.runner import target_attainment
from sim.model.indicators import meets_target

EVALUATION_FILE = "evaluation.csv"
VERDICTS = ("met", "missed", "not yet known")
COLUMNS = [
    "indicator", "base_year", "base_value", "final_year", "target", "attribute",
    "projection_mean", "projection_pi_low", "projection_pi_high", "p_met", "observed",
    "observed_source", "verdict",
]  # fmt: skip


def final_plan_year(scenario: Scenario, pack: DistrictPack | None = None) -> int | None:
    """The last year with adopted targets within the scenario's horizon (`pack`: its
    district pack, read when not given)."""
    pack = pack or load_pack(scenario.district)
    years = [
        t.year
        for t in pack.targets
        if t.status == "adopted" and scenario.base_year < t.year <= scenario.end_year
    ]
    return max(years) if years else None


def _observed_final(
    scenario: Scenario, pack: DistrictPack, year: int
) -> dict[str, tuple[float, str]]:
    """Indicator values of the final year's observed column, where every figure they use
    was published (not estimated or assumed)."""
    column = pack.observed.get(year)
    if not column:
        return {}
    published = {item for item, row in column.items() if row["confidence"] in OBSERVED_CONFIDENCE}
    final_scenario = scenario.model_copy(update={"base_year": year})
    try:
        figures = scenario_base_state(final_scenario, pack)
    except InputError:  # an incomplete column: nothing can be compared
        return {}
    values = scenario_base_indicators(final_scenario, pack, figures)
    certified = {"certified_caregivers_nursing_home"}
    if scenario.certified_scope == "all":
        # The value counts every setting, so every setting's figure must be published.
        certified |= {"certified_caregivers_home_care", "certified_caregivers_community"}
    parts = {
        "nursing_bed_share": {"beds_nursing", "beds_ordinary"},
        "certified_caregivers_per_10k": certified | {"population_60plus"},
        "consortia": {"consortia"},
        "beds_total": {"beds_nursing", "beds_ordinary"},
        # beds_per_1000_older is left out: its day-care places are centres times an
        # assumed number of places per centre, never a published count.
        "institution_beds_per_1000_older": {"beds_nursing", "beds_ordinary", "population_60plus"},
        "population_60plus": {"population_60plus"},
        "share_60plus": {"population_60plus", "population_total"},
        "community_centres": {"community_centres", "township_centres"},
    }
    return {
        indicator: (values[indicator], f"district pack {pack.id}, {year} column")
        for indicator, needed in parts.items()
        if needed <= published and indicator in values
    }


def evaluate(tidy: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The evaluation table of the plan scenario `scenario` from its run's tidy table."""
    pack = load_pack(scenario.district)
    final = final_plan_year(scenario, pack)
    if final is None:
        return pd.DataFrame(columns=COLUMNS)
    base_values = scenario_base_indicators(scenario, pack)
    observed = _observed_final(scenario, pack, final)
    adopted = [t for t in pack.targets if t.status == "adopted" and t.year == final]
    scenario = scenario.model_copy(
        update={"targets": {t.indicator: {t.year: t.value} for t in adopted}}
    )
    attainment = target_attainment(tidy, [scenario]).set_index("indicator")
    own = tidy[(tidy["scenario"] == scenario.name) & (tidy["year"] == final)]
    rows: list[dict[str, Any]] = []
    for target in adopted:
        values = own.loc[own["indicator"] == target.indicator, "value"].to_numpy()
        met = attainment.loc[target.indicator]
        value, source = observed.get(target.indicator, (np.nan, ""))
        if np.isnan(value):
            verdict = "not yet known"
        else:
            verdict = "met" if meets_target(target.indicator, value, target.value) else "missed"
        rows.append(
            {
                "indicator": target.indicator,
                "base_year": scenario.base_year,
                "base_value": base_values.get(target.indicator, np.nan),
                "final_year": final,
                "target": target.value,
                "attribute": target.attribute,
                "projection_mean": float(np.mean(values)) if len(values) else np.nan,
                "projection_pi_low": float(np.percentile(values, 2.5)) if len(values) else np.nan,
                "projection_pi_high": float(np.percentile(values, 97.5)) if len(values) else np.nan,
                "p_met": float(met["p_met"]),
                "observed": value,
                "observed_source": source,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def write_evaluation(folder: Path) -> pd.DataFrame:
    """Evaluate the (single) plan scenario of the run folder `folder` from its own tables;
    write `evaluation.csv` there and return it."""
    manifest = read_manifest(folder)
    document = next(iter(manifest["scenarios"].values()))
    scenario = scenario_from_document(document, str(folder / "manifest.json"))
    table = evaluate(pd.read_parquet(folder / "indicators.parquet"), scenario)
    table.to_csv(folder / EVALUATION_FILE, index=False)
    return table
