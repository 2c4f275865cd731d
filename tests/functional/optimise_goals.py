"""A small goals file for the tests of `sim optimise`: the 2030 base of the 15th plan
(run to 2030), three bed and consortium levers, and a quick search (and verification)
at a twentieth of the district."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT

BASE = ROOT / "scenarios" / "15th" / "no-new-investment.yaml"
QUICK = {"design_points": 4, "replications": 2, "check_replications": 2,
         "verification_replications": 2, "rounds": 2, "frontier": [0.5, 0.8],
         "population_scale": 0.05}  # fmt: skip
LEVERS = [
    {"id": "add_nursing", "set": "beds.add_nursing", "min": 0, "max": 400, "step": 40},
    {"id": "convert", "set": "beds.convert_to_nursing", "min": 0, "max": 200, "step": 40},
    {"id": "consortia", "set": "consortia", "min": 10, "max": 20, "step": 1},
]


def scaled_base(folder: Path) -> Path:
    """The base at the search's district size, in `folder`: the plan found extends it, so
    that the verification run (the plan as written) is as small as the search's runs."""
    path = folder / BASE.name
    # To the plan's last year: the goals and the cost period end there.
    document = {"extends": str(BASE), "population_scale": QUICK["population_scale"],
                "end_year": 2030}  # fmt: skip
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def goals_file(tmp_path, wanted, **changes) -> str:
    """A goals file in `tmp_path` asking `wanted` of the scaled base, with `changes` over
    its other keys."""
    document = {"base": str(scaled_base(tmp_path)), "name": "quick-plan", "probability": 0.8,
                "levers": LEVERS, "goals": wanted, "search": QUICK, **changes}  # fmt: skip
    path = tmp_path / "goals.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return str(path)
