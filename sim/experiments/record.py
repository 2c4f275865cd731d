"""The run record (`manifest.json`): what a run or comparison folder holds besides its
tables, as a versioned pydantic model. It is the contract between the experiments that
write a folder and the presentation that reads one; both go through `RunRecord`.

Version 2 adds the areas: every table of a folder (`indicators.parquet`, `summary.csv`,
`targets.csv`, `differences.csv`) has an `area` column, and the record lists the areas
(`areas`: id -> name, kind and parent) and the area of each scenario (`scenario_areas`).
A scenario covers one area: its district, or, for a city run's total, the city.
Version 3 adds townships: a run by township lists each township as an area (kind
`township`, its district as parent, its unit kind and whether it is in the mountain
area), and its folder holds the townships' tables beside the district's
(`townships.parquet`, `township_summary.csv`, `township_targets.csv`). A folder of
version 2 reads as it is (no townships); one of version 1 (no `format_version`) is read
as one area per district, as it was; a folder of a later version than this program's is
refused, naming both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sim.errors import InputError

#: The version this program writes, and the newest it reads.
FORMAT_VERSION = 3
#: Where the area column goes in every table: right after the scenario.
AREA = "area"

Names = dict[str, str]


class Area(BaseModel):
    """One place results are given for: a township of a district, a district, or a city
    made of districts."""

    model_config = ConfigDict(extra="forbid")

    name: Names = Field(default_factory=dict)  # by language
    kind: Literal["township", "district", "city"] = "district"
    #: the area this one is part of (a township's district; a district's city, when the
    #: run is city-wide)
    parent: str | None = None
    #: a township's kind: subdistrict (街道), town (镇) or township (乡)
    unit: str | None = None
    #: a township in the mountain area
    mountain: bool = False


class RunRecord(BaseModel):
    """The manifest of a run or comparison folder. Keys written by other versions of the
    program that this one does not know are kept (and written back) as they were."""

    model_config = ConfigDict(extra="allow")

    format_version: int = FORMAT_VERSION
    kind: Literal["run", "comparison"] = "run"
    #: each scenario as resolved (its YAML document with every default filled in)
    scenarios: dict[str, dict[str, Any]] = Field(default_factory=dict)
    scenario_files: list[str] = Field(default_factory=list)
    seeds: dict[str, int] = Field(default_factory=dict)
    replications: dict[str, int] = Field(default_factory=dict)
    #: each scenario's parameters: value, source and confidence by parameter
    parameters: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: each scenario's base-year figures, which were assumed, and the indicators they give
    base_state: dict[str, dict[str, Any]] = Field(default_factory=dict)
    uncertainty: dict[str, str] = Field(default_factory=dict)
    draws: dict[str, Any] = Field(default_factory=dict)
    #: each district pack a scenario used: names, units, targets, forecasts, observed
    districts: dict[str, dict[str, Any]] = Field(default_factory=dict)
    city_districts: list[str] = Field(default_factory=list)
    reference_figures: dict[str, Any] = Field(default_factory=dict)
    areas: dict[str, Area] = Field(default_factory=dict)
    scenario_areas: dict[str, str] = Field(default_factory=dict)
    reference: str | None = None
    common_random_numbers: bool | None = None
    run_folders: list[str] = Field(default_factory=list)
    jobs: int | None = None
    backend: str | None = None
    packages: dict[str, str] = Field(default_factory=dict)
    git_commit: str | None = None
    started_utc: str | None = None
    run_time_seconds: float | None = None
    command: list[str] = Field(default_factory=list)

    def document(self) -> dict[str, Any]:
        """The record as the JSON document written to `manifest.json`."""
        return self.model_dump(mode="json", exclude_none=True)

    def area_of(self, scenario: str) -> str:
        """The area a scenario's rows belong to."""
        return self.scenario_areas[scenario]


def district_areas(districts: dict[str, dict[str, Any]]) -> dict[str, Area]:
    """One area per district pack record (`districts` of the record), no parent."""
    return {d: Area(name=dict(record.get("name", {}))) for d, record in districts.items()}


def city_areas(districts: dict[str, dict[str, Any]]) -> tuple[dict[str, Area], str]:
    """The areas of a city run: each district with the city as its parent, and the city.
    The city's id and name are those the districts' packs give (`city`, its English name
    as a lower-case id) when they agree, else `city`. Returns the areas and the city id."""
    cities = {json.dumps(r.get("city", {}), sort_keys=True) for r in districts.values()}
    name: Names = json.loads(cities.pop()) if len(cities) == 1 else {}
    city = "-".join(name.get("en", "").lower().split()) or "city"
    areas = {d: Area(name=dict(r.get("name", {})), parent=city) for d, r in districts.items()}
    areas[city] = Area(name=name, kind="city")
    return areas, city


def run_areas(
    districts: dict[str, dict[str, Any]], scenario_districts: dict[str, str], totals: list[str]
) -> dict[str, Any]:
    """The `areas` and `scenario_areas` of a run: each scenario in its district; with
    `totals` (a city run's total scenarios), the districts are the city's and the totals
    are the city's rows."""
    if totals:
        areas, city = city_areas(districts)
        placed = {**scenario_districts, **dict.fromkeys(totals, city)}
    else:
        areas, placed = district_areas(districts), dict(scenario_districts)
    areas |= township_areas(districts)
    # Only a township has a unit kind and a mountain flag.
    document = {
        k: v.model_dump(exclude=None if v.kind == "township" else {"unit", "mountain"})
        for k, v in areas.items()
    }
    return {"areas": document, "scenario_areas": placed}


def township_areas(districts: dict[str, dict[str, Any]]) -> dict[str, Area]:
    """The townships of the districts that have them (`places` in a district's record),
    by code, each with its district as parent."""
    areas = {}
    for district, record in districts.items():
        places = record.get("places") or {}
        for index, code in enumerate(places.get("codes", [])):
            areas[code] = Area(
                name={lang: names[index] for lang, names in places["names"].items()},
                kind="township", parent=district, unit=places["kinds"][index],
                mountain=bool(places["mountain"][index]),
            )  # fmt: skip
    return areas


def scenario_keys(table: pd.DataFrame) -> list[str]:
    """`scenario`, and `area` when the table has one: what a table's rows are grouped by
    besides year and indicator, so that a table read from a folder keeps its areas. (Rows
    without an area, from a table joined to one that has them, are grouped by scenario
    alone: the groupings keep missing keys.)"""
    return ["scenario", AREA] if AREA in table else ["scenario"]


def with_area(table: pd.DataFrame, scenario_areas: dict[str, str]) -> pd.DataFrame:
    """`table` with an `area` column right after `scenario` (replacing any it had)."""
    table = table.drop(columns=AREA, errors="ignore")
    position = list(table.columns).index("scenario") + 1 if "scenario" in table else 0
    area = table["scenario"].map(scenario_areas) if "scenario" in table else ""
    table.insert(position, AREA, area)
    return table


def record_from_document(document: dict[str, Any], source: str) -> RunRecord:
    """A `RunRecord` from a manifest document; a version-1 document (no areas) gets one
    area per district; a newer version than this program reads is refused."""
    version = int(document.get("format_version", 1))
    if version > FORMAT_VERSION:
        raise InputError(
            source, "format_version",
            f"written by a newer version of sim (format {version}; this one reads up to "
            f"{FORMAT_VERSION}): update sim or run the scenarios again",
        )  # fmt: skip
    if version == 1:
        document = _as_version_2(document)
    try:
        return RunRecord.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        raise InputError(source, key, first["msg"]) from None


def _as_version_2(document: dict[str, Any]) -> dict[str, Any]:
    """A version-1 manifest read as one area per district: each scenario's area is the
    district its resolved document names."""
    districts = document.get("districts", {})
    areas = district_areas(districts)
    scenario_areas = {}
    for name, scenario in document.get("scenarios", {}).items():
        district = scenario.get("district") or next(iter(districts), "district")
        scenario_areas[name] = district
        areas.setdefault(district, Area())
    return {
        **document,
        "format_version": FORMAT_VERSION,
        "areas": {k: v.model_dump() for k, v in areas.items()},
        "scenario_areas": scenario_areas,
    }


def read_record(folder: Path, manifest: str = "manifest.json") -> RunRecord:
    """The run record of a folder."""
    path = folder / manifest
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(str(path), "", f"cannot read the run record: {error}") from None
    return record_from_document(document, str(path))
