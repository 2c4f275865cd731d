"""Whether the Sobol indices of the standard study have converged: the same study of
`scenarios/15th/no-new-investment.yaml` at a tenth of the district, run with 32, 64 and
128 Saltelli base samples; for each output and input, the total and first-order indices
with their 95% confidence half-widths, and the wall time on this machine.

    .venv/bin/python benchmarks/sobol_convergence.py [--out FILE.csv]

It writes benchmarks/sobol_convergence.csv, the table `docs/verification.md` (§10)
quotes. About 5 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from sim.config.load import load_scenario
from sim.experiments.global_sensitivity import StudySizes, run_study

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "15th" / "no-new-investment.yaml"
RESULTS_FILE = ROOT / "benchmarks" / "sobol_convergence.csv"
#: Base samples N of the Saltelli design; a study runs N x (inputs + 2) simulations.
SAMPLE_SIZES = (32, 64, 128)
#: As in the standard study that `make run` writes.
POPULATION_SCALE = 0.1
TRAJECTORIES = 4
TOP = 6


def convergence_table() -> pd.DataFrame:
    """The Sobol table of each sample size, stacked, with `samples` and `seconds`."""
    scenario = load_scenario(SCENARIO)
    tables = []
    for samples in SAMPLE_SIZES:
        started = time.perf_counter()
        study = run_study(
            [scenario],
            sizes=StudySizes(trajectories=TRAJECTORIES, sobol_samples=samples, top=TOP,
                             decision_replications=1),
            population_scale=POPULATION_SCALE,
            jobs=2,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        tables.append(study.sobol.assign(samples=samples, seconds=seconds))
        print(f"{samples} samples: {seconds:.0f} s", flush=True)
    return pd.concat(tables, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RESULTS_FILE)
    args = parser.parse_args()
    table = convergence_table()
    table.to_csv(args.out, index=False)
    widest = table.groupby(["output", "samples"])["ST_conf"].max().unstack()
    print("widest 95% half-width of a total index, by output and sample size")
    print(widest.round(2).to_string())


if __name__ == "__main__":
    main()
