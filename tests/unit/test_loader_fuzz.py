"""The scenario loader under attack: broken documents never produce a traceback.

Every broken file gives one line on stderr that starts with the file's path, exit
code 2, and nothing written.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import shipped
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main

FUZZ = settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check_rejected(path: Path, out: Path, capsys, named: Path | None = None) -> None:
    """`path` is refused: one line naming `named` (a file it extends) or itself, exit 2."""
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 2, captured
    assert len(lines) == 1 and lines[0].startswith(str(named or path)), captured.err
    assert "Traceback" not in captured.err + captured.out
    code = main(["run", str(path), "--replications", "1", "--out", str(out), "--quiet"])
    assert code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists() and not list(out.parent.glob(f".{out.name}*"))


def _write(path: Path, document: Any) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(text, tmp_path, capsys) -> None:
    path = tmp_path / "random.yaml"
    path.write_text(text, encoding="utf-8")
    _check_rejected(path, tmp_path / "out", capsys)


def _leaf_paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    if isinstance(node, dict) and node:
        return [p for key, value in node.items() for p in _leaf_paths(value, (*prefix, key))]
    return [prefix]


def _set(document: dict, path: tuple, value: Any) -> dict:
    if not path:
        return value
    copy = dict(document)
    copy[path[0]] = _set(copy[path[0]], path[1:], value) if len(path) > 1 else value
    return copy


BASE = shipped("plan-2025").model_dump(mode="json", exclude_none=True)
LEAVES = [p for p in _leaf_paths(BASE) if p and p[0] not in ("name",)]
# Values that no numeric or text leaf of a scenario accepts.
BAD_VALUES = st.sampled_from([
    math.nan, math.inf, -math.inf, 10**30, -(10**30), 1e300, -1.5, [1, 2], {"deep": {"er": [1]}}, None, True,
])  # fmt: skip


def _nested(depth: int) -> dict:
    node: dict = {"x": 1}
    for _ in range(depth):
        node = {"nest": node}
    return node


@pytest.mark.slow  # hundreds of files through the loader: make test, not the fast tier
@FUZZ
@given(path=st.sampled_from(LEAVES), value=BAD_VALUES)
def test_wrong_values_at_every_leaf(path, value, tmp_path, capsys) -> None:
    document = _set(BASE, path, value)
    file = _write(tmp_path / "wrong.yaml", document)
    from sim.config.load import load_scenario
    from sim.errors import InputError

    try:
        load_scenario(file)
    except InputError:
        _check_rejected(file, tmp_path / "out", capsys)
    else:
        # A few leaves accept some of these values (targets take any finite number):
        # then the value is not broken, and only finite numbers may get through.
        assert isinstance(value, int | float) and math.isfinite(value) and path[0] == "targets"


@pytest.mark.slow  # as above
@FUZZ
@given(
    path=st.sampled_from([(), *{p[:-1] for p in LEAVES if len(p) > 1}]),
    key=st.text(min_size=1, max_size=12).filter(lambda k: k.strip() and k != "extends"),
)
def test_unknown_keys_at_every_level(path, key, tmp_path, capsys) -> None:
    parent = BASE
    for part in path:
        parent = parent[part]
    if key in parent:
        return
    document = _set(BASE, path, {**parent, key: 1}) if path else {**BASE, key: 1}
    _check_rejected(_write(tmp_path / "unknown.yaml", document), tmp_path / "out", capsys)


@FUZZ
@given(depth=st.integers(5, 3000))
def test_deep_nesting(depth, tmp_path, capsys) -> None:
    text = "name: deep\ntitle: " + "[" * depth + "]" * depth + "\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    _check_rejected(path, tmp_path / "out", capsys)
    deep = _write(tmp_path / "deep2.yaml", {**BASE, "supply": _nested(min(depth, 300))})
    _check_rejected(deep, tmp_path / "out", capsys)


@FUZZ
@given(length=st.integers(1, 6), missing=st.booleans())
def test_extends_cycles_and_missing_parents(length, missing, tmp_path, capsys) -> None:
    names = [f"s{i}.yaml" for i in range(length)]
    for i, name in enumerate(names):
        parent = names[(i + 1) % length] if not (missing and i == length - 1) else "absent.yaml"
        _write(tmp_path / name, {"extends": parent, "name": f"s{i}"})
    # The line names the file whose `extends:` is broken: the first of the chain for a
    # cycle, the last for a missing parent.
    broken = tmp_path / (names[-1] if missing else names[0])
    _check_rejected(tmp_path / names[0], tmp_path / "out", capsys, named=broken)
