"""The packages are layers and data flows one way: nothing imports a higher layer, and no
module imports itself through others (no cycles), counting imports inside functions too."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[2] / "sim"
#: Rank of each layer: a module may import modules of its own rank or lower. A name is
#: the module itself and, for a package, every module inside it; the top package `sim`
#: is listed as itself alone, so a new package under it belongs to no layer until it
#: is given one here.
RANKS = {
    "sim.errors": 0,
    "sim.catalogue": 0,
    "sim.model": 1,
    "sim.config": 2,
    "sim.experiments": 3,
    "sim.present": 4,
    "sim.cli": 5,
    "sim.__main__": 5,
}
#: Modules ranked by their own name only (their submodules are not covered).
ONLY_ITSELF = {"sim": 0}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SIM.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _rank(module: str) -> int:
    if module in ONLY_ITSELF:
        return ONLY_ITSELF[module]
    for prefix in sorted(RANKS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return RANKS[prefix]
    raise AssertionError(f"{module} belongs to no layer")


def _imports(path: Path, own: str | None = None) -> set[str]:
    """The sim modules `path` (module `own`) imports, wherever the import statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = own or _module_name(path)
    package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("sim"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module == "sim" or module.startswith("sim."):
                found.add(module)
                # `from sim.model import rng` imports the module sim.model.rng
                for alias in node.names:
                    candidate = f"{module}.{alias.name}"
                    if (SIM.parent / candidate.replace(".", "/")).with_suffix(".py").is_file():
                        found.add(candidate)
    found.discard(own)
    return found


MODULES = {_module_name(path): path for path in sorted(SIM.rglob("*.py"))}


@functools.cache
def graph() -> dict[str, set[str]]:
    """Each module's imports of other modules of the package (read when a test asks:
    every test worker collects this file)."""
    return {name: {m for m in _imports(path) if m in MODULES} for name, path in MODULES.items()}


def test_every_module_belongs_to_a_layer() -> None:
    assert len(MODULES) > 20
    for name in MODULES:
        _rank(name)


@pytest.mark.parametrize("module", ["sim.newpkg", "sim.newpkg.thing", "sim.tools", "simx"])
def test_a_module_outside_the_layers_is_reported(module) -> None:
    with pytest.raises(AssertionError, match=f"{module} belongs to no layer"):
        _rank(module)


def test_the_top_package_and_each_layer_keep_their_ranks() -> None:
    assert _rank("sim") == 0
    assert _rank("sim.errors") == 0
    assert _rank("sim.model.care.draws") == 1
    assert _rank("sim.experiments.folders") == 3
    assert _rank("sim.cli") == 5


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_layer(module) -> None:
    upward = sorted(m for m in graph()[module] if _rank(m) > _rank(module))
    assert not upward, f"{module} imports a higher layer: {upward}"


def test_the_model_never_imports_configuration() -> None:
    for module, imported in graph().items():
        if module.startswith("sim.model"):
            assert not any(m.startswith("sim.config") for m in imported), module


def test_presentation_reads_the_run_folder_not_the_configuration() -> None:
    """Everything a chart, table or report shows comes from the run folder (its tables and
    run record), base-year figures included: no presentation module imports sim.config."""
    for module, imported in graph().items():
        if module.startswith("sim.present"):
            config = sorted(m for m in imported if m.startswith("sim.config"))
            assert not config, f"{module} imports {config}"


def test_there_are_no_import_cycles() -> None:
    # Package __init__ modules only hold docstrings here, so importing a submodule
    # through its package is not a cycle.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph()[module]):
            if target in trail[-1:]:
                continue
            if state.get(target) == 1:
                cycles.append(
                    [*trail[trail.index(target) :], target] if target in trail else [module, target]
                )
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph()):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


def test_the_layer_check_catches_an_upward_import_inside_a_function(tmp_path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f():\n    from ..config import scenario\n    from sim.present.labels import x\n",
        encoding="utf-8",
    )
    imported = _imports(probe, "sim.model.probe")
    assert {"sim.config.scenario", "sim.present.labels"} <= imported
    assert all(_rank(m) > _rank("sim.model.probe") for m in imported)
