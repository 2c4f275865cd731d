"""One-at-a-time sensitivity to the low-confidence assumptions in `data/`.

Every parameter that `data/parameters.csv` marks `low` or `assumption` is set to
the low and to the high end of its stated range, one at a time, with everything
else at its default; all variants share the base scenario's seed, so their
differences are not blurred by sampling noise (common random numbers). When a
choice-of-setting probability moves, the other two settings of the same health
state are rescaled in proportion so that the three still sum to 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.config.data import DefaultData, ParameterRecord, load_default_data
from sim.config.load import scenario_from_mapping
from sim.config.pack_readers import load_packs
from sim.config.scenario import Scenario
from sim.config.yaml_files import deep_merge
from sim.experiments.backends import ProgressCallback
from sim.experiments.runner import run_scenarios

LOW_CONFIDENCE = ("low", "assumption")
#: (indicator, year) pairs a sensitivity study reports by default.
DEFAULT_OUTCOMES: tuple[tuple[str, int], ...] = (
    ("waiting_list", 2025),
    ("unmet_bed_demand", 2025),
    ("community_coverage", 2025),
)
SETTINGS = ("family", "community", "bed")


def low_confidence_parameters(data: DefaultData | None = None) -> list[ParameterRecord]:
    """Parameters whose confidence is low or that are assumptions, in file order."""
    data = data or load_default_data()
    return [
        p for p in data.parameters.values() if p.confidence in LOW_CONFIDENCE and p.low < p.high
    ]


def _with_value(base: dict[str, float], parameter: str, value: float) -> dict[str, float]:
    """Assumption overrides with `parameter` at `value` (choice shares kept summing to 1)."""
    changed = {**base, parameter: value}
    if parameter.startswith("choice_"):
        _, state, setting = parameter.split("_", 2)
        others = [f"choice_{state}_{s}" for s in SETTINGS if s != setting]
        rest = sum(base[name] for name in others)
        for name in others:
            changed[name] = base[name] / rest * (1 - value) if rest > 0 else (1 - value) / 2
    return changed


def sensitivity_scenarios(
    scenario: Scenario, parameters: Sequence[ParameterRecord], population_scale: float | None = None
) -> list[tuple[str, str, float, Scenario]]:
    """(parameter, level, value, scenario) for the base ('base') and each low/high variant."""
    data = load_default_data()
    defaults = {name: p.value for name, p in data.parameters.items()}
    current = {**defaults, **scenario.assumptions}
    document = scenario.model_dump()
    if population_scale is not None:
        document["population_scale"] = population_scale
    packs = load_packs([scenario.district])  # read once for every variant
    variants = [
        (
            "base",
            "base",
            float("nan"),
            scenario_from_mapping(document, f"<{scenario.name}>", packs=packs),
        )
    ]
    for parameter in parameters:
        for level, value in (("low", parameter.low), ("high", parameter.high)):
            overrides = _with_value(current, parameter.name, value)
            changed = {k: v for k, v in overrides.items() if v != defaults[k]}
            variant = deep_merge({**document, "assumptions": {}}, {"assumptions": changed})
            variant["name"] = f"{parameter.name}={level}"
            variants.append(
                (
                    parameter.name,
                    level,
                    value,
                    scenario_from_mapping(variant, f"<{variant['name']}>", packs=packs),
                )
            )
    return variants


def outcomes_end_year(scenario: Scenario, outcomes: Sequence[tuple[str, int]]) -> int:
    """The last year a one-at-a-time study must simulate: its last outcome year within the
    scenario's horizon (and after its base year), else the horizon's end."""
    within = [year for _, year in outcomes if scenario.base_year < year <= scenario.end_year]
    return max(within, default=scenario.end_year)


def one_at_a_time(
    scenario: Scenario,
    *,
    parameters: Sequence[ParameterRecord] | None = None,
    outcomes: Sequence[tuple[str, int]] = DEFAULT_OUTCOMES,
    replications: int = 2,
    jobs: int = 2,
    population_scale: float | None = None,
    progress: ProgressCallback | None = None,
) -> pd.DataFrame:
    """Mean outcome per variant: columns parameter, level, value, indicator, year, mean.

    `population_scale` runs every variant on a smaller (or larger) district, to
    trade precision for time; the default is the scenario's own.
    """
    chosen = low_confidence_parameters() if parameters is None else list(parameters)
    variants = sensitivity_scenarios(scenario, chosen, population_scale)
    # Nothing after the last outcome year is read, so the variants end there (2025 for
    # the default outcomes: a 2020 scenario runs 5 years instead of 15).
    end_year = outcomes_end_year(scenario, outcomes)
    runs = [v[3].model_copy(update={"end_year": end_year}) for v in variants]
    tidy = run_scenarios(runs, replications=replications, jobs=jobs, progress=progress)
    wanted = pd.DataFrame(outcomes, columns=["indicator", "year"])
    means = (
        tidy.merge(wanted, on=["indicator", "year"])
        .groupby(["scenario", "indicator", "year"], sort=False)["value"]
        .mean()
        .rename("mean")
        .reset_index()
    )
    labels = pd.DataFrame(
        [(v[3].name, v[0], v[1], v[2]) for v in variants],
        columns=["scenario", "parameter", "level", "value"],
    )
    table = labels.merge(means, on="scenario").drop(columns="scenario")
    return table[["parameter", "level", "value", "indicator", "year", "mean"]]


def tornado_table(results: pd.DataFrame) -> pd.DataFrame:
    """Per outcome and parameter: base, outcome at low and at high, and the swing.

    Sorted by outcome, then by swing (|high - low|), largest first.
    """
    base = results[results["level"] == "base"].set_index(["indicator", "year"])["mean"]
    varied = results[results["level"] != "base"].pivot_table(
        index=["indicator", "year", "parameter"], columns="level", values="mean"
    )
    varied = varied.reset_index()
    varied["base"] = [
        base[(i, y)] for i, y in zip(varied["indicator"], varied["year"], strict=True)
    ]
    varied["swing"] = (varied["high"] - varied["low"]).abs()
    columns = ["indicator", "year", "parameter", "base", "low", "high", "swing"]
    return varied.sort_values(["indicator", "swing"], ascending=[True, False])[columns].reset_index(
        drop=True
    )
