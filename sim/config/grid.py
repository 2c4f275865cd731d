"""Sweep grid files: key paths of a scenario and lists of values to try.

A grid file is a YAML mapping of key paths (dotted, as in a scenario file) to
lists of values; the sweep runs every combination (the full Cartesian
product, first key varying slowest):

    assumptions.mean_patience_full_days: [120, 240]
    supply.caregivers.hire_per_year: [135, 200]

Each combination is the base scenario with the values deep-merged over it,
validated like any scenario file and named `<base>[key=value,...]`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from sim.config.data import load_default_data
from sim.config.load import scenario_from_mapping
from sim.config.pack_readers import load_packs
from sim.config.pack_schema import DistrictPack
from sim.config.scenario import Scenario
from sim.config.yaml_files import deep_merge, read_yaml
from sim.errors import InputError
from sim.model.indicators import INDICATORS

#: Keys a grid may not change: the sweep names each combination itself.
RESERVED_KEYS = ("name", "extends")


@dataclass(frozen=True)
class Grid:
    """Swept values by key path, in file order; `file` names the grid in errors."""

    file: str
    values: dict[str, list[Any]]

    @property
    def keys(self) -> list[str]:
        """The swept key paths, in file order."""
        return list(self.values)

    def combinations(self) -> list[dict[str, Any]]:
        """Every combination of values, {key path: value}, the first key varying slowest."""
        return [
            dict(zip(self.keys, chosen, strict=True))
            for chosen in itertools.product(*self.values.values())
        ]


# ---- grid files -----------------------------------------------------------------


def load_grid(path: str | Path) -> Grid:
    """Read and check a grid file; any problem is one `InputError` naming the file and key.

    Checked here: the file exists and is a mapping, each key is a key path the
    scenario schema has, and each value is a non-empty list without repeats.
    Whether each value is valid for its key is checked when the combinations are
    built against a base scenario (`sweep_scenarios`).
    """
    path = Path(path)
    file = str(path)
    document = read_yaml(path)
    if not isinstance(document, dict) or not document:
        raise InputError(file, "", "expected a mapping of key paths to lists of values")
    values: dict[str, list[Any]] = {}
    for key, listed in document.items():
        if not isinstance(key, str):
            raise InputError(file, str(key), "expected a key path such as assumptions.NAME")
        _schema_path(file, key)
        if not isinstance(listed, list) or not listed:
            raise InputError(file, key, "expected a non-empty list of values")
        labels = [value_label(value) for value in listed]
        if len(set(labels)) != len(labels):
            raise InputError(file, key, "a value is listed twice")
        values[key] = listed
    keys = list(values)
    for key in keys:
        inner = [other for other in keys if other.startswith(f"{key}.")]
        if inner:
            raise InputError(file, inner[0], f"is inside {key}, which is also swept")
    return Grid(file, values)


def _schema_path(file: str, key: str) -> list[Any]:
    """The parts of `key` typed as the scenario schema keys them (years as numbers, dates
    as dates); raise `InputError` unless `key` names a place in the schema."""
    parts = key.split(".")
    if any(not part for part in parts):
        raise InputError(file, key, "expected a key path such as assumptions.NAME")
    if parts[0] in RESERVED_KEYS:
        raise InputError(file, key, "cannot be swept (the sweep names each combination)")
    typed: list[Any] = []
    kind: Any = Scenario
    for depth, part in enumerate(parts):
        kind = _container(kind)
        where = ".".join(parts[: depth + 1])
        if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
            if part not in kind.model_fields:
                raise InputError(
                    file, key, "unknown key" if where == key else f"unknown key {where}"
                )
            kind = kind.model_fields[part].annotation
            typed.append(part)
        elif typing.get_origin(kind) is dict:
            key_type, kind = typing.get_args(kind)
            as_key = _as_key(part, key_type)
            if as_key is None:
                raise InputError(file, key, f"{where}: expected a year or a date here")
            typed.append(as_key)
        else:
            raise InputError(file, key, f"{'.'.join(parts[:depth])} holds a value, not keys")
    # The open mappings are checked against the tables their keys come from.
    if (
        parts[0] == "assumptions"
        and len(parts) > 1
        and parts[1] not in load_default_data().parameters
    ):
        raise InputError(file, key, "unknown parameter (see data/parameters.csv)")
    if parts[0] == "targets" and len(parts) > 1 and parts[1] not in INDICATORS:
        raise InputError(file, key, "unknown indicator (see `sim indicators`)")
    return typed


def _container(kind: Any) -> Any:
    """The model or mapping inside an annotation (unwrapping Annotated, unions and None)."""
    while True:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif origin is typing.Union or origin is types.UnionType:
            members = [member for member in typing.get_args(kind) if member is not type(None)]
            nested = [
                member
                for member in members
                if typing.get_origin(member) is dict
                or (isinstance(member, type) and issubclass(member, pydantic.BaseModel))
            ]
            kind = nested[0] if nested else members[0]
        else:
            return kind


def _as_key(part: str, key_type: Any) -> Any:
    """`part` as a key of a mapping whose keys are `key_type` (None if it cannot be one)."""
    accepted = set(typing.get_args(key_type)) or {key_type}
    if str in accepted:
        return part
    if int in accepted and part.isdigit():
        return int(part)
    if dt.date in accepted:
        try:
            return dt.date.fromisoformat(part)
        except ValueError:
            return None
    return None


def _nested(file: str, key: str, value: Any) -> dict[Any, Any]:
    """`{"a.b.2023": v}` as `{"a": {"b": {2023: v}}}`, keys typed as the schema keys them."""
    nested: Any = value
    for part in reversed(_schema_path(file, key)):
        nested = {part: nested}
    return nested


def value_label(value: Any) -> str:
    """A short, stable text for a value, used in scenario names."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | str):
        return str(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def combination_name(base: str, combination: Mapping[str, Any]) -> str:
    """`base[key=value,...]`: the name of one combination's scenario."""
    changes = ",".join(f"{key}={value_label(value)}" for key, value in combination.items())
    return f"{base}[{changes}]"


def sweep_scenarios(base: Scenario, grid: Grid) -> list[tuple[dict[str, Any], Scenario]]:
    """Every combination of the grid, with its validated scenario, in grid order.

    Each value is first checked on its own against the base scenario, so an
    error names the grid file and the key it came from; a combination that is
    invalid only as a whole (say, closing more beds than another value adds)
    names every swept key.
    """
    document = base.model_dump()
    packs = load_packs([base.district])  # read once for every combination
    for key, listed in grid.values.items():
        for value in listed:
            _build(document, {key: value}, base.name, grid, key, packs)
    built = []
    for combination in grid.combinations():
        scenario = _build(document, combination, base.name, grid, ",".join(grid.keys), packs)
        built.append((combination, scenario))
    return built


def _build(
    document: Mapping[str, Any],
    changes: Mapping[str, Any],
    base: str,
    grid: Grid,
    key: str,
    packs: Mapping[str, DistrictPack],
) -> Scenario:
    merged: dict[str, Any] = dict(document)
    for path, value in changes.items():
        merged = deep_merge(merged, _nested(grid.file, path, value))
    merged["name"] = combination_name(base, changes)
    try:
        return scenario_from_mapping(merged, file=grid.file, packs=packs)
    except InputError as error:
        shown = (
            f"value {value_label(next(iter(changes.values())))}"
            if len(changes) == 1
            else ", ".join(f"{k}={value_label(v)}" for k, v in changes.items())
        )
        where = f" (at {error.key})" if error.key and error.key != key else ""
        raise InputError(grid.file, key, f"{shown}: {error.message}{where}") from None
