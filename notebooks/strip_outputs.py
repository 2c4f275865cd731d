"""Clear outputs and execution counts of the notebooks in this folder, in place.

Committed notebooks carry no outputs, so their diffs show only what changed in the
cells. `make strip-notebooks` runs this; `tests/test_notebooks.py` checks it was run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def strip(path: Path) -> bool:
    """Clear one notebook's outputs and execution counts; return whether it changed."""
    notebook = nbformat.read(path, as_version=4)
    changed = False
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if cell.outputs or cell.execution_count is not None:
            cell.outputs, cell.execution_count = [], None
            changed = True
        if "execution" in cell.metadata:
            del cell.metadata["execution"]
            changed = True
    if changed:
        nbformat.write(notebook, path)
    return changed


def main(paths: list[str]) -> int:
    folder = Path(__file__).resolve().parent
    notebooks = [Path(p) for p in paths] or sorted(folder.glob("*.ipynb"))
    for path in notebooks:
        if strip(path):
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
