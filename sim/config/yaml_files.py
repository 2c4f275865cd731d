"""Reading YAML input files: one mapping per file, `extends:` chains, deep merging.

Every problem is one `InputError` line naming the file (and the line for a
syntax error).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from sim.errors import InputError

#: No input file needs more levels; deeper documents are refused before parsing (fast).
MAX_NESTING = 64


def _nesting_depth(text: str) -> int:
    """Rough nesting depth of a YAML text: open brackets, or indentation in steps of 2."""
    depth = deepest = 0
    for character in text:
        if character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth = max(depth - 1, 0)
    indents = [len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip()]
    return max(deepest, max(indents, default=0) // 2)


def read_yaml(path: Path) -> Any:
    """The document in the YAML file at `path` (None for an empty file)."""
    name = str(path)
    if not path.is_file():
        raise InputError(name, "", "file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(name, "", f"cannot be read ({error.__class__.__name__})") from None
    if _nesting_depth(text) > MAX_NESTING:
        raise InputError(name, "", f"YAML nested too deeply (more than {MAX_NESTING} levels)")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise InputError(name, where, f"YAML syntax error: {problem}") from None
    except RecursionError:
        raise InputError(name, "", "YAML nested too deeply") from None


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """The mapping in the YAML file at `path` (an empty file is an empty mapping)."""
    document = read_yaml(path)
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise InputError(str(path), "", "expected a mapping of keys at the top level")
    return document


def deep_merge(parent: Mapping[Any, Any], child: Mapping[Any, Any]) -> dict[Any, Any]:
    """`child` over `parent`: mappings merge key by key, anything else is replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve_extends(path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The mapping at `path` deep-merged over the files its `extends:` chain names."""
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise InputError(str(path), "extends", f"cycle: {cycle}")
    document = read_yaml_mapping(path)
    parent = document.pop("extends", None)
    if parent is None:
        return document
    if not isinstance(parent, str) or not parent:
        raise InputError(str(path), "extends", "expected the path of a scenario file")
    parent_path = path.parent / parent
    if not parent_path.is_file():
        raise InputError(str(path), "extends", f"file not found: {parent}")
    return deep_merge(resolve_extends(parent_path, (*chain, resolved)), document)
