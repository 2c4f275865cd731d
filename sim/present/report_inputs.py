"""What a report shows, gathered from run or comparison folders: the tables, the
manifests' records, a sensitivity study when the run has one, and the outlook computed
from them (targets with P(met), costs of the plan period, the recommended scenario)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.experiments.compare import cost_effectiveness, paired_differences, plan_period
from sim.experiments.folders import RunResults, read_run
from sim.experiments.optimise import read_optimisation
from sim.experiments.optimise_folder import DISTRICT_AREA
from sim.experiments.record import RunRecord
from sim.present.base_year import stated_base_year
from sim.present.charts import CHARTS_INDEX
from sim.present.charts.maps import TOWNSHIP_GEOMETRY_FILE, TownshipMapData
from sim.present.findings import ReportFacts
from sim.present.labels import input_label, scenario_labels, study_output_name
from sim.present.outlook import plan_costs, plan_targets, recommend, target_outlook
from sim.present.township_values import means_by_township, township_name

#: The township figures the findings read (`sim.present.findings`, township sentences).
TOWNSHIP_FACTS = ("home_care_need_met", "beds_per_1000_older")
#: The folder of a sensitivity study inside a run folder (`make run` writes it there).
SENSITIVITY_FOLDER = "sensitivity"


@dataclass(frozen=True)
class ReportInputs:
    """Everything a report shows, gathered from one or more run or comparison folders."""

    folders: list[Path]
    indicators: pd.DataFrame
    summary: pd.DataFrame
    targets: pd.DataFrame
    #: resolved scenario documents by name (from the manifests)
    scenarios: dict[str, dict[str, Any]]
    replications: dict[str, int]
    seeds: dict[str, int]
    differences: pd.DataFrame | None = None
    costs: pd.DataFrame | None = None
    started: list[str] = field(default_factory=list)
    #: the parameters each scenario ran with (from the manifests)
    parameters: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: charts already drawn in a folder: (folder, index written beside them)
    drawn_charts: tuple[Path, dict[str, Any]] | None = None
    #: figures charts mark beside the results (from the first manifest)
    reference_figures: dict[str, Any] = field(default_factory=dict)
    #: the base-year figures each scenario started from (from the manifests)
    base_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the district packs' records (names, targets, forecasts) from the manifests
    districts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: whether each scenario drew its uncertain inputs ("parameters" or "none")
    uncertainty: dict[str, str] = field(default_factory=dict)
    #: the end-of-term evaluation, when a folder has one (`sim evaluate`)
    evaluation: pd.DataFrame | None = None
    #: a sensitivity study's ranking and manifest, when the run has one
    measure_first: pd.DataFrame | None = None
    sensitivity_manifest: dict[str, Any] = field(default_factory=dict)
    #: an optimisation's record, goals and frontier when the folder is its verification run
    optimisation: dict[str, Any] | None = None
    #: a run by township: the townships' summary (`area` the code, as text) and their
    #: boundaries (GeoJSON) when the folder has them
    township_summary: pd.DataFrame | None = None
    township_geometry: dict[str, Any] | None = None

    @property
    def names(self) -> list[str]:
        """Scenario names in report order."""
        return [str(name) for name in pd.unique(self.summary["scenario"])]

    @property
    def reference(self) -> str:
        """The scenario the others are compared with: the first one."""
        return self.names[0]

    @property
    def population_scale(self) -> float:
        """The population scale of the first scenario (1 for the real district)."""
        document = self.scenarios.get(self.reference, {})
        return float(document.get("population_scale", 1.0))

    @property
    def base_year(self) -> int:
        """The year the runs start from (the first year of the tables)."""
        return int(self.summary["year"].min())

    @property
    def last_year(self) -> int:
        """The last year of the tables."""
        return int(self.summary["year"].max())

    @property
    def district_id(self) -> str:
        """The first scenario's district pack."""
        return str(self.scenarios.get(self.reference, {}).get("district", ""))

    def district_name(self, lang: str) -> str:
        """The district's name in `lang` (its id when the manifest does not record one)."""
        names = self.districts.get(self.district_id, {}).get("name", {})
        return str(names.get(lang) or self.district_id)

    @cached_property
    def plan_targets(self) -> pd.DataFrame:
        """The targets the report judges (`sim.present.outlook.plan_targets`)."""
        record = self.districts.get(self.district_id, {})
        return plan_targets(record.get("targets", []), self.targets, self.base_year, self.last_year)

    @property
    def plan_year(self) -> int:
        """The last target year after the base year, else the last year."""
        if len(self.plan_targets):
            return int(self.plan_targets["year"].max())
        return self.last_year

    @cached_property
    def outlook(self) -> pd.DataFrame:
        """Every scenario against every target (`sim.present.outlook.target_outlook`)."""
        return target_outlook(self.indicators, self.plan_targets, self.names)

    @property
    def plan_period(self) -> tuple[int, int]:
        """The years every cost total and the choice of scenario sum over: the year after
        the base year to the plan year (`sim.experiments.compare.plan_period`)."""
        return plan_period(self.summary["year"], self.plan_targets["year"])

    @cached_property
    def plan_costs(self) -> pd.DataFrame:
        """Costs of the plan period, every scenario against the first."""
        return plan_costs(self.indicators, self.reference, *self.plan_period)

    def facts(self, lang: str) -> ReportFacts:
        """What the findings and recommendations read, in `lang`."""
        return ReportFacts(
            summary=self.summary,
            outlook=self.outlook,
            costs=self.plan_costs,
            names=self.names,
            labels=scenario_labels(self.scenarios, lang),
            reference=self.reference,
            plan_year=self.plan_year,
            district=self.district_name(lang),
            recommendation=recommend(self.outlook, self.plan_costs) if len(self.names) > 1
            else None,
            plan_period=self.plan_period,
            base_year=self.base_year,
            measure_first=self.measure_first,
            output_names=self.study_output_names(lang),
            townships=self.township_facts(lang),
        )  # fmt: skip

    def study_output_names(self, lang: str) -> dict[str, str]:
        """The sensitivity study's outputs (id -> name with the years it read them, as in
        `sim.present.labels.study_output_name`); empty without a study."""
        table = self.measure_first
        if table is None or table.empty:
            return {}
        missing = [None] * len(table)
        first = table.get("output_first_year", missing)
        last = table.get("output_last_year", missing)
        return {
            str(output): study_output_name(str(output), first_year, last_year, lang)
            for output, first_year, last_year in zip(
                table["output_most_explained"], first, last, strict=True)
        }  # fmt: skip

    def township_facts(self, lang: str) -> pd.DataFrame | None:
        """The reference scenario's plan-year means by township (index: the township's
        name in `lang`), for the findings; None when the run was not by township."""
        places = self.places
        if places is None or self.township_summary is None:
            return None
        values = means_by_township(self.township_summary, places, self.reference,
                                   self.plan_year, TOWNSHIP_FACTS)  # fmt: skip
        values.index = [township_name(places, i, lang) for i in range(len(values))]
        return values

    @property
    def places(self) -> dict[str, Any] | None:
        """The first scenario's district's townships as the manifest records them
        (`districts[d]["places"]`), when the run was by township."""
        if self.township_summary is None:
            return None
        places = self.districts.get(self.district_id, {}).get("places")
        return dict(places) if places else None

    def area_names(self, lang: str) -> dict[str, str]:
        """The names in `lang` of the areas a table may name: the district
        (`DISTRICT_AREA`) and, for a run by township, each township by its code."""
        names = {DISTRICT_AREA: self.district_name(lang)}
        places = self.places
        if places is not None:
            names |= {str(code): township_name(places, index, lang)
                      for index, code in enumerate(places["codes"])}  # fmt: skip
        return names

    def township_map_data(self, lang: str) -> TownshipMapData | None:
        """What the township maps draw: the first scenario's townships (None when the run
        was not by township)."""
        places = self.places
        if places is None or self.township_summary is None:
            return None
        label = scenario_labels(self.scenarios, lang).get(self.reference, self.reference)
        return TownshipMapData(self.township_summary, places, self.township_geometry,
                               self.reference, label)  # fmt: skip

    def input_names(self, lang: str) -> dict[str, str]:
        """Names of a sensitivity study's inputs in `lang`."""
        return {
            item["name"]: input_label(item["name"], item["kind"], item.get(f"label_{lang}", ""),
                                      lang)
            for item in self.sensitivity_manifest.get("inputs", [])
        }  # fmt: skip


def _evaluation(runs: Sequence[RunResults]) -> pd.DataFrame | None:
    """The end-of-term evaluation of the first folder that has one."""
    for run in runs:
        if (run.path / "evaluation.csv").is_file():
            return pd.read_csv(run.path / "evaluation.csv")
    return None


def find_sensitivity(folder: Path) -> Path | None:
    """The sensitivity study of a run: `<folder>/sensitivity`, or beside a comparison
    folder inside a run folder (`<run>/comparison` -> `<run>/sensitivity`)."""
    for candidate in (folder / SENSITIVITY_FOLDER, folder.parent / SENSITIVITY_FOLDER):
        if (candidate / "measure_first.csv").is_file():
            return candidate
    return None


def load_report_inputs(
    paths: Sequence[str | Path], *, sensitivity: str | Path | None = None
) -> ReportInputs:
    """Read run or comparison folders; scenarios keep the order of the folders.

    Raises InputError (one line naming the folder) for a folder that does not
    exist, is not a run folder, or repeats a scenario of an earlier folder. A
    single comparison folder's differences and costs are used as written; for
    several run folders they are computed here. A sensitivity study is read from
    `sensitivity`, else found beside the first folder (`find_sensitivity`).
    """
    runs = _distinct_runs(paths)
    tidy = pd.concat([run.indicators for run in runs], ignore_index=True)
    summary = pd.concat([run.summary for run in runs], ignore_index=True)
    targets = pd.concat([run.targets for run in runs], ignore_index=True)
    records = [run.record for run in runs]
    merged = {key: _merged(records, key) for key in
              ("base_state", "districts", "scenarios", "replications", "seeds", "parameters",
               "uncertainty")}  # fmt: skip
    differences, costs = _comparison(runs, tidy, targets, summary)
    drawn = None
    index_file = runs[0].path / "charts" / CHARTS_INDEX
    if len(runs) == 1 and index_file.is_file():
        drawn = (runs[0].path / "charts", json.loads(index_file.read_text(encoding="utf-8")))
    study = Path(sensitivity) if sensitivity is not None else find_sensitivity(runs[0].path)
    measure_first, study_manifest = _sensitivity_study(study)
    optimisation = read_optimisation(runs[0].path)
    if optimisation is not None:
        folder = Path(optimisation["folder"])
        optimisation["goals_table"] = pd.read_csv(folder / "goals.csv")
        optimisation["frontier_table"] = pd.read_csv(folder / "frontier.csv")
    return ReportInputs(
        optimisation=optimisation,
        folders=[run.path for run in runs],
        indicators=tidy,
        summary=stated_base_year(summary, merged["base_state"]),
        targets=targets,
        scenarios=merged["scenarios"],
        replications=merged["replications"],
        seeds=merged["seeds"],
        differences=differences,
        costs=costs,
        started=[record.started_utc or "" for record in records],
        parameters=merged["parameters"],
        drawn_charts=drawn,
        reference_figures=records[0].reference_figures,
        base_state=merged["base_state"],
        districts=merged["districts"],
        uncertainty={str(k): str(v) for k, v in merged["uncertainty"].items()},
        evaluation=_evaluation(runs),
        measure_first=measure_first,
        sensitivity_manifest=study_manifest,
        **_townships(runs),
    )


def _townships(runs: Sequence[RunResults]) -> dict[str, Any]:
    """The townships' summary of every folder run by township, and the first folder's
    boundaries."""
    placed = [run for run in runs if run.township_summary is not None]
    if not placed:
        return {}
    geometry_files = [run.path / TOWNSHIP_GEOMETRY_FILE for run in placed]
    geometry = next((json.loads(f.read_text(encoding="utf-8"))
                     for f in geometry_files if f.is_file()), None)  # fmt: skip
    summary = pd.concat([run.township_summary for run in placed], ignore_index=True)
    return {"township_summary": summary, "township_geometry": geometry}


def _distinct_runs(paths: Sequence[str | Path]) -> list[RunResults]:
    """The folders read, refusing one that repeats a scenario of an earlier one."""
    runs = [read_run(path) for path in paths]
    seen: dict[str, Path] = {}
    for run in runs:
        for name in pd.unique(run.summary["scenario"]):
            if name in seen:
                raise InputError(
                    str(run.path), "", f"scenario {name!r} is also in {seen[name]}"
                )  # fmt: skip
            seen[str(name)] = run.path
    return runs


def _merged(records: Sequence[RunRecord], key: str) -> dict[str, Any]:
    """One per-scenario field of the run records (`scenarios`, `seeds`, ...), merged."""
    merged: dict[str, Any] = {}
    for record in records:
        merged.update(getattr(record, key))
    return merged


def _comparison(
    runs: Sequence[RunResults], tidy: pd.DataFrame, targets: pd.DataFrame,
    summary: pd.DataFrame,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:  # fmt: skip
    """A single comparison folder's differences and costs as written; for several run
    folders, computed against the first scenario as `sim compare` does."""
    if len(runs) == 1 and runs[0].differences is not None and runs[0].costs is not None:
        return runs[0].differences, runs[0].costs
    names = [str(name) for name in pd.unique(summary["scenario"])]
    if len(names) < 2:
        return None, None
    first_year, last_year = plan_period(tidy["year"], targets["year"])
    costs = cost_effectiveness(tidy, names[0], first_year=first_year, last_year=last_year)
    return paired_differences(tidy, names[0]), costs


def _sensitivity_study(study: Path | None) -> tuple[pd.DataFrame | None, dict[str, Any]]:
    """A sensitivity study's figures to measure first and its manifest (None and {}
    without a study)."""
    if study is None:
        return None, {}
    if not (study / "measure_first.csv").is_file():
        raise InputError(str(study), "", "not a sensitivity study folder (no measure_first.csv)")
    manifest_file = study / "manifest.json"
    manifest = (
        json.loads(manifest_file.read_text(encoding="utf-8")) if manifest_file.is_file() else {}
    )
    return pd.read_csv(study / "measure_first.csv"), manifest
