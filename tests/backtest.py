"""Back test: stored summary tables of the shipped scenarios, compared on every test run.

The stored tables change only when someone refreshes them on purpose with
`make update-baseline` (which runs this file with --update), after checking that
the change in results is intended. A test never writes them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
STORED = HERE / "backtest"
SCENARIOS = ("baseline", "plan-2025")
REPLICATIONS = 3


def stored_path(name: str) -> Path:
    return STORED / f"summary-{name}.csv"


def current_summary(name: str) -> pd.DataFrame:
    """The summary of `REPLICATIONS` replications of a shipped scenario, as stored."""
    from sim.config.load import load_scenario
    from sim.experiments.runner import run_scenarios, summarise

    scenario = load_scenario(HERE.parent / "scenarios" / f"{name}.yaml")
    tidy = run_scenarios([scenario], replications=REPLICATIONS, jobs=2)
    return summarise(tidy).reset_index(drop=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the stored tables")
    args = parser.parse_args()
    if not args.update:
        parser.error("pass --update to rewrite the stored back-test tables")
    STORED.mkdir(exist_ok=True)
    for name in SCENARIOS:
        current_summary(name).to_csv(stored_path(name), index=False, float_format="%.17g")
        print(f"wrote {stored_path(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
