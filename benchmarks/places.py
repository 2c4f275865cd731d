"""The cost of places for `make bench`: one replication of the district by its 19
townships against the same scenario as one pool.

Each measurement runs in a fresh Python process (this file with --child), which reads
the pack, resolves the scenario, runs one replication to warm up and then times
`REPEATS` replications (the fastest is kept, as the least disturbed by the machine),
and reports its peak resident memory (VmHWM on Linux).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "15th" / "no-new-investment.yaml"
REPEATS = 3
MB = 1024 * 1024


def _peak_rss_mb() -> float:
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    import resource

    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB


def child(places: str) -> dict[str, Any]:
    """Time replications of the scenario with `places` (townships or pooled)."""
    from sim.config.load import load_scenario
    from sim.config.pack_readers import load_pack
    from sim.config.resolve import resolve
    from sim.model.simulate import run_replication

    scenario = load_scenario(SCENARIO).model_copy(update={"places": places})
    pack = load_pack(scenario.district)
    spec = resolve(scenario, pack, replication=0)
    run_replication(spec, 99)  # warm-up: imports, caches
    times = []
    for replication in range(REPEATS):
        started = time.perf_counter()
        table = run_replication(spec, replication)
        times.append(time.perf_counter() - started)
    return {
        "townships": 0 if spec.places is None else spec.places.n_areas,
        "replication_seconds": min(times),
        "replication_seconds_all": times,
        "rows": len(table),
        "max_rss_mb": _peak_rss_mb(),
    }


def _in_child(places: str) -> dict[str, Any]:
    found = subprocess.run(
        [sys.executable, __file__, "--child", places],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def cost_of_places() -> dict[str, Any]:
    """One replication by township and as one pool, and their ratio."""
    townships, pooled = _in_child("townships"), _in_child("pooled")
    return {
        "scenario": str(SCENARIO.relative_to(ROOT)),
        "by_township": townships,
        "pooled": pooled,
        "time_ratio": townships["replication_seconds"] / pooled["replication_seconds"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=("townships", "pooled"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
    else:
        print(json.dumps(cost_of_places(), indent=2))


if __name__ == "__main__":
    main()
