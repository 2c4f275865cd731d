"""What a search of `sim.experiments.optimise` found: the record its folder is written
from (`sim.experiments.optimise_folder`) and a notebook reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.config.goals import Goals
from sim.experiments.surrogate import Infeasible, Solution, Surrogate

#: Exit code of `sim optimise` when the goals cannot be met within the levers' bounds
#: (or no plan was verified within the rounds): the closest plan is still written.
EXIT_GOALS_NOT_MET = 3


@dataclass
class Optimisation:
    """Everything a search found, for the output folder and the notebook."""

    goals: Goals
    plan: Solution
    feasible: bool
    verified_in_search: bool
    rounds: list[dict[str, Any]]
    frontier: pd.DataFrame
    design: pd.DataFrame
    results: pd.DataFrame
    margins: dict[str, float]
    surrogate: Surrogate
    infeasible: list[Infeasible]
    seconds: float
    check: pd.DataFrame
    #: every plan the model ran, one row each (`sim.experiments.frontier.checked_plan`)
    checked: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the frontier's own last solve and check at each probability
    frontier_solves: dict[float, dict[str, Any]] = field(default_factory=dict)
    #: each lever's value and whether it binds (`sim.experiments.levers.lever_binding`)
    levers: pd.DataFrame = field(default_factory=pd.DataFrame)
    verification: pd.DataFrame | None = None
    verification_cost: float | None = None
    #: the share of the district the verification ran (the plan as written: its base's)
    verification_scale: float = 1.0
    folder: Path | None = None

    @property
    def exit_code(self) -> int:
        """0 when the plan meets the goals (in the search), else EXIT_GOALS_NOT_MET."""
        return 0 if self.feasible and self.verified_in_search else EXIT_GOALS_NOT_MET
