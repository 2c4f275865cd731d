"""Loading scenarios: from a file (with `extends:`), from a mapping, from a manifest.

Every scenario that loads has been checked completely: against the schema and
the data (`sim.config.scenario.parse_scenario`) and by resolving it into a model
spec once (`sim.config.resolve.resolve`), so that `sim validate` accepts exactly
the scenarios that `sim run` can run. The scenario's district pack is read once here
(or taken from the `packs` a caller already loaded) and used by both checks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.config.data import DefaultData, load_default_data
from sim.config.pack_schema import DistrictPack
from sim.config.resolve import resolve
from sim.config.scenario import Scenario, district_of, parse_scenario
from sim.config.yaml_files import read_yaml_mapping, resolve_extends


def scenario_from_mapping(
    document: Mapping[str, Any],
    file: str = "<scenario>",
    data: DefaultData | None = None,
    packs: Mapping[str, DistrictPack] | None = None,
) -> Scenario:
    """Validate a scenario given as a mapping (already merged); errors name `file`.
    `packs` (district -> pack) spares reading a pack already loaded."""
    data = data or load_default_data()
    pack = district_of(document, file, packs)
    scenario = parse_scenario(document, pack, file, data)
    resolve(scenario, pack, data, file=file)
    return scenario


def load_scenario(
    path: str | Path,
    data: DefaultData | None = None,
    packs: Mapping[str, DistrictPack] | None = None,
) -> Scenario:
    """Read, merge (`extends:`) and validate the scenario file at `path`.

    The scenario's `name` is the file's own `name:` key, or the file name without
    its extension, so that a child never inherits its parent's name.
    """
    path = Path(path)
    document = resolve_extends(path)
    if "name" not in read_yaml_mapping(path):
        document["name"] = path.stem
    return scenario_from_mapping(document, str(path), data, packs)


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The fully resolved scenario as plain data (for manifests and YAML export)."""
    return scenario.model_dump(mode="json")


def _json_keys_to_schedule_keys(node: Any) -> Any:
    """Undo JSON's stringified keys: '2023' -> 2023, '2023-07-01' -> date(2023, 7, 1)."""
    if not isinstance(node, dict):
        return node
    converted = {}
    for key, value in node.items():
        if isinstance(key, str) and key.isdigit() and len(key) == 4:
            key = int(key)
        elif isinstance(key, str) and len(key) == 10 and key[4] == "-" and key[7] == "-":
            with contextlib.suppress(ValueError):  # not a date: keep the text key
                key = dt.date.fromisoformat(key)
        converted[key] = _json_keys_to_schedule_keys(value)
    return converted


def scenario_from_document(document: Mapping[str, Any], file: str = "<manifest>") -> Scenario:
    """A scenario from `scenario_document` output, e.g. as read back from a manifest.json."""
    return scenario_from_mapping(_json_keys_to_schedule_keys(dict(document)), file)
