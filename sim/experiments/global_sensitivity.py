"""Global sensitivity: which uncertain inputs move the answers, and which figures a bureau
should measure first.

A study has three steps, each run on a backend like any replications:

1. Morris screening (SALib) over every uncertain input: the parameters with a range
   in `data/parameters.csv` that the scenario does not set itself, and the base-year
   figures of the district pack that are estimates or assumptions with a range. Each
   input is sampled through its own distribution (`sim.config.uncertainty`), so the
   unit interval SALib samples is the input's probability scale.
2. Sobol indices (SALib, Saltelli sampling) for the inputs the screening found to
   matter: first-order (S1) and total (ST) indices with 95% confidence intervals. The
   other inputs stay at their values.
3. For those inputs, whether the preferred scenario changes when the input is set to
   the low or the high end of its range (`preferred_scenario`).

Every run of a study uses the same replication number, so the samples share their
random numbers and the indices measure the inputs, not the noise. The outputs are
the indicators a plan turns on: the waiting list, the share of bed seekers who give
up, home-care need met and certified care workers per 10,000 in the final year (2030
when the horizon reaches it), and the public cost summed from the year after the base
year to the final year: the plan period of the report's cost table. Every table of a
study names the years of each output (`first_year`, `last_year`), and the screening and
Sobol runs end in the final year, since nothing later is read.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sampling
from SALib.sample import sobol as sobol_sampling

from sim.catalogue import text
from sim.config.allowances import allowance_label
from sim.config.data import load_default_data
from sim.config.load import scenario_document
from sim.config.pack_readers import load_pack, load_packs
from sim.config.pack_schema import ITEM_MEASURE, DistrictPack
from sim.config.resolve import resolve
from sim.config.scenario import Scenario
from sim.config.uncertainty import (
    Distribution,
    InputValues,
    central_values,
    complete_choices,
    uncertain_allowances,
    uncertain_figures,
    uncertain_parameters,
)
from sim.experiments.backends import ProgressCallback, Task, backend_session, run_tasks
from sim.experiments.decision import preferred_scenarios
from sim.experiments.folders import staged_outputs, write_json
from sim.experiments.runs import git_commit, package_versions

#: Outputs of a study: (indicator, how it is read: "final" = the final year, "sum" = the
#: total from the year after the base year to the final year, `study_years`), and the
#: value it takes when undefined in a run.
OUTPUTS: tuple[tuple[str, str, float], ...] = (
    ("waiting_list", "final", 0.0),
    ("unmet_bed_demand", "final", 0.0),
    ("home_care_need_met", "final", 100.0),
    ("certified_caregivers_per_10k", "final", 0.0),
    ("cost_public", "sum", 0.0),
)
MORRIS_LEVELS = 4
#: An input passes the screening when its Morris mu* reaches this share of the largest
#: mu* of some output.
SCREENING_SHARE = 0.1
STUDY_REPLICATION = 0
#: The largest study sizes: every run of a step is prepared before the first starts (about
#: 10 kB each), so a Morris step of 1,000 trajectories over some 90 inputs (90,000 runs)
#: or a Sobol step of 8,192 base samples over 10 inputs (98,304 runs) holds about 1 GB.
MAX_TRAJECTORIES = 1_000
MAX_SOBOL_SAMPLES = 2**13
SENSITIVITY_FILES = ("morris.csv", "sobol.csv", "measure_first.csv")


@dataclass(frozen=True)
class StudyInput:
    """One uncertain input of a study: a parameter or a base-year figure."""

    kind: str  # "parameter", "figure" or "allowance" (a monthly allowance rate)
    name: str
    distribution: Distribution
    measure_en: str
    measure_zh: str
    label_en: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class StudySizes:
    """How big a study is: Morris trajectories, Sobol base samples (a power of two), how
    many inputs go on to Sobol, and the replications of the decision check."""

    trajectories: int = 10
    sobol_samples: int = 64
    top: int = 8
    decision_replications: int = 3


def study_inputs(scenario: Scenario) -> list[StudyInput]:
    """Every uncertain input of `scenario`: parameters first, then base-year figures."""
    data = load_default_data()
    pack = load_pack(scenario.district)
    inputs = [
        StudyInput(
            "parameter",
            name,
            distribution,
            data.parameters[name].measure_en,
            data.parameters[name].measure_zh,
            data.parameters[name].label_en,
            data.parameters[name].label_zh,
        )
        for name, distribution in uncertain_parameters(data, pack).items()
        if name not in scenario.assumptions
    ]
    for item, distribution in uncertain_figures(pack, scenario.base_year).items():
        measure_en, measure_zh = ITEM_MEASURE.get(item, ("", ""))
        # A figure's name is a label of presentation (sim.present.labels).
        inputs.append(StudyInput("figure", item, distribution, measure_en, measure_zh))
    rates = {rate.name: rate for rate in pack.allowances}
    for name, distribution in uncertain_allowances(pack).items():
        label = {lang: allowance_label(rates[name], lang) for lang in ("en", "zh")}
        measure = {lang: text("costs.allowance_measure", lang, label=label[lang])
                   for lang in ("en", "zh")}  # fmt: skip
        inputs.append(StudyInput("allowance", name, distribution, measure["en"], measure["zh"],
                                 label["en"], label["zh"]))  # fmt: skip
    return inputs


def input_values(
    scenario: Scenario,
    pack: DistrictPack,
    inputs: Sequence[StudyInput],
    probabilities: np.ndarray,
) -> InputValues:
    """The inputs at the given probabilities (one per input, 0-1) through their
    distributions; family-care shares are what remains of their state's choices
    (`pack`: the scenario's district pack)."""
    parameters: dict[str, float] = {}
    figures: dict[str, float] = {}
    allowances: dict[str, float] = {}
    for spec, u in zip(inputs, probabilities, strict=True):
        value = spec.distribution.quantile(float(u))
        if spec.kind == "parameter":
            parameters[spec.name] = value
        elif spec.kind == "allowance":
            allowances[spec.name] = value
        else:
            figures[spec.name] = float(round(value))
    central = central_values(load_default_data(), pack)
    complete_choices(parameters, central, scenario.assumptions)
    return InputValues(parameters=parameters, figures=figures, allowances=allowances)


def _outputs(tidy: pd.DataFrame, years: tuple[int, int]) -> np.ndarray:
    """One run's outputs, in `OUTPUTS` order, read over `years` (first, final)."""
    values = []
    first_year, final_year = years
    for indicator, reading, fallback in OUTPUTS:
        rows = tidy[tidy["indicator"] == indicator]
        if reading == "final":
            chosen = rows.loc[rows["year"] == final_year, "value"]
            values.append(float(chosen.iloc[0]) if len(chosen) else fallback)
        else:
            summed = rows.loc[rows["year"].between(first_year, final_year), "value"]
            values.append(float(summed.sum()) if len(summed) else fallback)
    return np.array(values)


def output_years(scenario: Scenario) -> dict[str, tuple[int, int]]:
    """Each output's years (first, last) in a study of `scenario`: the final year alone
    for a "final" reading, `study_years` for a "sum"."""
    first_year, final_year = study_years(scenario)
    return {indicator: (final_year if reading == "final" else first_year, final_year)
            for indicator, reading, _ in OUTPUTS}  # fmt: skip


def _with_years(table: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """`table` (one row per output and input) with the years of its output."""
    years = output_years(scenario)
    table["first_year"] = table["output"].map(lambda output: years[output][0])
    table["last_year"] = table["output"].map(lambda output: years[output][1])
    return table


def evaluate(
    scenario: Scenario,
    inputs: Sequence[StudyInput],
    samples: np.ndarray,
    years: tuple[int, int],
    **backend: Any,
) -> np.ndarray:
    """The outputs of every sample (rows of probabilities), [sample, output]."""
    tasks: list[Task] = []
    pack = load_pack(scenario.district)
    for index, row in enumerate(samples):
        copy = scenario.model_copy(update={"name": f"{scenario.name}#{index}"})
        tasks.append((resolve(copy, pack, inputs=input_values(scenario, pack, inputs, row)),
                      STUDY_REPLICATION))  # fmt: skip
    frames = run_tasks(tasks, **backend)
    results = np.empty((len(samples), len(OUTPUTS)))
    for frame in frames:
        index = int(str(frame["scenario"].iloc[0]).rsplit("#", 1)[1])
        results[index] = _outputs(frame, years)
    return results


def final_year_of(scenario: Scenario) -> int:
    """The year whose outputs a study reads: 2030 when in the horizon, else the last."""
    return 2030 if scenario.base_year < 2030 <= scenario.end_year else scenario.end_year


def study_years(scenario: Scenario) -> tuple[int, int]:
    """The years a study sums its "sum" outputs over: from the year after the base year
    (a starting state in which nothing is spent) to the final year, as the report's cost
    table does for a plan whose targets lie in that year."""
    return scenario.base_year + 1, final_year_of(scenario)


def morris(
    scenario: Scenario, inputs: Sequence[StudyInput], trajectories: int, **backend: Any
) -> pd.DataFrame:
    """Morris screening: per output and input, mu*, its 95% interval and sigma."""
    problem = {"num_vars": len(inputs), "names": [i.name for i in inputs],
               "bounds": [[0.0, 1.0]] * len(inputs)}  # fmt: skip
    samples = morris_sampling.sample(problem, N=trajectories, num_levels=MORRIS_LEVELS,
                                     seed=scenario.seed)  # fmt: skip
    results = evaluate(scenario, inputs, samples, study_years(scenario), **backend)
    rows = []
    for column, (indicator, _, _) in enumerate(OUTPUTS):
        analysis = morris_analysis.analyze(
            problem, samples, results[:, column], num_levels=MORRIS_LEVELS,
            print_to_console=False, seed=scenario.seed,
        )  # fmt: skip
        for index, spec in enumerate(inputs):
            rows.append({
                "output": indicator, "input": spec.name, "kind": spec.kind,
                "mu_star": float(analysis["mu_star"][index]),
                "mu_star_conf": float(analysis["mu_star_conf"][index]),
                "sigma": float(analysis["sigma"][index]),
            })  # fmt: skip
    table = _with_years(pd.DataFrame(rows), scenario)
    table["runs"] = len(samples)
    return table


def screened(table: pd.DataFrame, top: int) -> list[str]:
    """The inputs that matter: mu* at least `SCREENING_SHARE` of an output's largest,
    ranked by their largest share, at most `top`."""
    largest = table.groupby("output")["mu_star"].transform("max")
    share = (table["mu_star"] / largest.where(largest > 0)).fillna(0.0)
    best = table.assign(share=share).groupby("input", sort=False)["share"].max()
    chosen = best[best >= SCREENING_SHARE].sort_values(ascending=False, kind="stable")
    return list(chosen.index[:top])


def sobol(
    scenario: Scenario, inputs: Sequence[StudyInput], samples: int, **backend: Any
) -> pd.DataFrame:
    """Sobol first-order and total indices with 95% intervals, per output and input;
    inputs not listed stay at their values."""
    problem = {"num_vars": len(inputs), "names": [i.name for i in inputs],
               "bounds": [[0.0, 1.0]] * len(inputs)}  # fmt: skip
    design = sobol_sampling.sample(problem, samples, calc_second_order=False, seed=scenario.seed)
    results = evaluate(scenario, inputs, design, study_years(scenario), **backend)
    rows = []
    for column, (indicator, _, _) in enumerate(OUTPUTS):
        values = results[:, column]
        if np.ptp(values) == 0:  # the output does not move: nothing to attribute
            analysis = {key: np.zeros(len(inputs)) for key in ("S1", "S1_conf", "ST", "ST_conf")}
        else:
            analysis = sobol_analysis.analyze(
                problem, values, calc_second_order=False, print_to_console=False,
                seed=scenario.seed,
            )  # fmt: skip
        for index, spec in enumerate(inputs):
            rows.append({
                "output": indicator, "input": spec.name, "kind": spec.kind,
                "S1": float(analysis["S1"][index]), "S1_conf": float(analysis["S1_conf"][index]),
                "ST": float(analysis["ST"][index]), "ST_conf": float(analysis["ST_conf"][index]),
                "output_variance": float(np.var(values)),
            })  # fmt: skip
    table = _with_years(pd.DataFrame(rows), scenario)
    table["runs"] = len(design)
    return table


def decision_switches(
    scenarios: Sequence[Scenario],
    inputs: Sequence[StudyInput],
    replications: int,
    **backend: Any,
) -> pd.DataFrame:
    """For each input: how often the preferred scenario changes when the input is set to
    the low or the high end of its range (everything else at its value), against the
    preferred scenario with every input at its value, replication by replication."""
    level_of = {"base": None, "low": 0.0, "high": 1.0}
    tasks: list[Task] = []
    runs: dict[str, tuple[str, str]] = {}
    packs = load_packs(s.district for s in scenarios)
    for scenario in scenarios:
        pack = packs[scenario.district]
        for spec_input in [None, *inputs]:
            for level, probability in level_of.items():
                if (spec_input is None) != (level == "base"):
                    continue
                key = f"{scenario.name}|{spec_input.name if spec_input else ''}|{level}"
                runs[key] = (spec_input.name if spec_input else "", level)
                values = InputValues(parameters={}, figures={})
                if spec_input is not None and probability is not None:
                    chosen = [spec_input]
                    values = input_values(scenario, pack, chosen, np.array([probability]))
                copy = scenario.model_copy(update={"name": key})
                spec = resolve(copy, pack, inputs=values)
                tasks.extend((spec, replication) for replication in range(replications))
    tidy = pd.concat(run_tasks(tasks, **backend), ignore_index=True)

    def preferred(input_name: str, level: str) -> pd.Series:
        names = {s.name: f"{s.name}|{input_name}|{level}" for s in scenarios}
        renamed = [s.model_copy(update={"name": names[s.name]}) for s in scenarios]
        chosen = preferred_scenarios(tidy, renamed, packs)
        return chosen.map({value: key for key, value in names.items()})

    base = preferred("", "base")
    rows = []
    for spec_input in inputs:
        row: dict[str, Any] = {"input": spec_input.name}
        for level in ("low", "high"):
            changed = preferred(spec_input.name, level) != base
            row[f"p_change_{level}"] = float(changed.mean())
        rows.append(row)
    table = pd.DataFrame(rows)
    table["preferred_at_values"] = base.mode().iloc[0] if len(base) else ""
    return table


def measure_first(
    inputs: Sequence[StudyInput], sobol_table: pd.DataFrame, switches: pd.DataFrame
) -> pd.DataFrame:
    """The inputs ranked by how much knowing them would narrow the decision: first by the
    probability that the preferred scenario changes at either end of their range, then
    by the largest share of an output's variance they explain (Sobol ST)."""
    by_name = {spec.name: spec for spec in inputs}
    largest = sobol_table.loc[sobol_table.groupby("input")["ST"].idxmax()]
    table = largest[["input", "kind", "output", "first_year", "last_year", "ST", "ST_conf"]]
    table = table.rename(columns={
        "output": "output_most_explained", "first_year": "output_first_year",
        "last_year": "output_last_year", "ST": "variance_share",
        "ST_conf": "variance_share_conf",
    })  # fmt: skip
    if len(switches):
        table = table.merge(switches.drop(columns="preferred_at_values"), on="input", how="left")
    else:
        table["p_change_low"] = table["p_change_high"] = np.nan
    table["p_change"] = table[["p_change_low", "p_change_high"]].max(axis=1)
    table["label_en"] = table["input"].map(lambda name: by_name[name].label_en)
    table["label_zh"] = table["input"].map(lambda name: by_name[name].label_zh)
    table["measure_en"] = table["input"].map(lambda name: by_name[name].measure_en)
    table["measure_zh"] = table["input"].map(lambda name: by_name[name].measure_zh)
    table["low"] = table["input"].map(lambda name: by_name[name].distribution.low)
    table["value"] = table["input"].map(lambda name: by_name[name].distribution.value)
    table["high"] = table["input"].map(lambda name: by_name[name].distribution.high)
    table = table.sort_values(["p_change", "variance_share"], ascending=False, kind="stable")
    table.insert(0, "rank", range(1, len(table) + 1))
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class Study:
    """A finished study's tables and manifest."""

    morris: pd.DataFrame
    sobol: pd.DataFrame
    measure_first: pd.DataFrame
    manifest: dict[str, Any]


def run_study(
    scenarios: Sequence[Scenario],
    *,
    sizes: StudySizes = StudySizes(),
    population_scale: float | None = None,
    progress: ProgressCallback | None = None,
    step: Callable[[str], None] | None = None,
    jobs: int = 1,
    backend: str = "processes",
    dask_scheduler: str | None = None,
) -> Study:
    """Morris screening and Sobol indices for the first scenario, and whether the preferred
    among all `scenarios` changes with each screened input. Runs without parameter
    draws (the study varies the inputs itself), at `population_scale` if given.

    `progress(done, total)` is called as the runs of each step finish (the count starts
    afresh with each step) and `step(text)` before each step starts: 'name: what, N
    runs'."""
    announce = step or (lambda _text: None)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    update: dict[str, Any] = {"uncertainty": "none"}
    if population_scale is not None:
        update["population_scale"] = population_scale
    ready = [s.model_copy(update=update) for s in scenarios]
    # Screening and Sobol read nothing after the final year, so their runs end there; the
    # decision check runs the whole horizon, as the report's choice of scenario does.
    reference = ready[0].model_copy(update={"end_year": final_year_of(ready[0])})
    inputs = study_inputs(reference)
    # One session for the three steps: a local Dask cluster is started once.
    with backend_session(backend, jobs, dask_scheduler) as session:
        options = {"session": session, "progress": progress}
        announce(f"Morris screening: {len(inputs)} inputs, "
                 f"{sizes.trajectories * (len(inputs) + 1)} runs")  # fmt: skip
        screening = morris(reference, inputs, sizes.trajectories, **options)
        chosen_names = screened(screening, sizes.top)
        chosen = [spec for spec in inputs if spec.name in chosen_names]
        chosen.sort(key=lambda spec: chosen_names.index(spec.name))
        indices = pd.DataFrame()
        if chosen:
            announce(f"Sobol indices: {len(chosen)} inputs, "
                     f"{sizes.sobol_samples * (len(chosen) + 2)} runs")  # fmt: skip
            indices = sobol(reference, chosen, sizes.sobol_samples, **options)
        switches = pd.DataFrame()
        if len(ready) > 1 and chosen:
            runs = len(ready) * (2 * len(chosen) + 1) * sizes.decision_replications
            announce(f"decision check: whether the preferred of {len(ready)} scenarios "
                     f"changes, {runs} runs")  # fmt: skip
            switches = decision_switches(ready, chosen, sizes.decision_replications, **options)
    ranking = measure_first(chosen, indices, switches) if chosen else pd.DataFrame()
    manifest = _study_manifest(ready, inputs, chosen_names, screening, indices, sizes)
    manifest.update(started_utc=started.isoformat(),
                    run_time_seconds=round(time.perf_counter() - clock, 3))  # fmt: skip
    return Study(screening, indices, ranking, manifest)


def _study_manifest(
    ready: Sequence[Scenario], inputs: Sequence[Any], chosen_names: list[str],
    screening: pd.DataFrame, indices: pd.DataFrame, sizes: StudySizes,
) -> dict[str, Any]:  # fmt: skip
    """What a study folder records besides its tables: the scenarios, the inputs varied and
    screened, the outputs, the sizes and runs, and where it ran."""
    reference = ready[0]
    return {
        "kind": "sensitivity",
        "reference": reference.name,
        "scenarios": {s.name: scenario_document(s) for s in ready},
        "inputs": [
            {
                "name": i.name,
                "kind": i.kind,
                "label_en": i.label_en,
                "label_zh": i.label_zh,
                "distribution": i.distribution.kind,
                "low": i.distribution.low,
                "value": i.distribution.value,
                "high": i.distribution.high,
            }
            for i in inputs
        ],
        "screened": chosen_names,
        "outputs": [
            {"indicator": indicator, "reading": reading, "first_year": first, "last_year": last}
            for (indicator, reading, _), (first, last) in zip(
                OUTPUTS, output_years(reference).values(), strict=True
            )
        ],
        "sizes": vars(sizes),
        "runs": {
            "morris": int(screening["runs"].iloc[0]) if len(screening) else 0,
            "sobol": int(indices["runs"].iloc[0]) if len(indices) else 0,
        },
        "replication": STUDY_REPLICATION,
        "population_scale": reference.population_scale,
        "packages": package_versions(),
        "git_commit": git_commit(),
    }


def write_study(
    out: Path, study: Study, *, force: bool = False, finish: Sequence[Any] = ()
) -> Path:
    """Write a study folder (morris.csv, sobol.csv, measure_first.csv, manifest.json)
    atomically; `finish` callables (charts) run on the staged folder."""
    with staged_outputs([out], force=force, folders=True) as (staging,):
        staging.mkdir()
        study.morris.to_csv(staging / "morris.csv", index=False)
        study.sobol.to_csv(staging / "sobol.csv", index=False)
        study.measure_first.to_csv(staging / "measure_first.csv", index=False)
        write_json(staging / "manifest.json", study.manifest)
        for step in finish:
            step(staging)
    return out
