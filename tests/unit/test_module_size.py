"""One idea per module, functions that fit on a screen: no module of `sim` is over 600
lines and no function over 80 (ruff's PLR0915 and C901, set in pyproject.toml, bound
their statements and complexity; this bounds their length)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[2] / "sim"
MODULE_LINES = 600
FUNCTION_LINES = 80
MODULES = sorted(SIM.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SIM)) for p in MODULES])
def test_a_module_is_one_idea_and_its_functions_fit_a_screen(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MODULE_LINES, f"{path.name} is over {MODULE_LINES} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > FUNCTION_LINES
    ]
    assert not long, f"functions over {FUNCTION_LINES} lines: {', '.join(long)}"
