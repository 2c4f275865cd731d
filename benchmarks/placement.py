"""The placement's programs for `make bench` (part 10): how long HiGHS takes to site the
centres and place the beds of `scenarios/15th/goals-2030-townships.yaml` on Huangyan's 19
townships, and the optimality gap it reports.

Run alone: `.venv/bin/python benchmarks/placement.py` prints the JSON.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOALS = ROOT / "scenarios" / "15th" / "goals-2030-townships.yaml"
#: New nursing-type beds a year placed in the timing of the bed program.
BEDS_PER_YEAR = (100, 200, 400)
REPEATS = 5


def time_placement() -> dict[str, Any]:
    """Fastest of REPEATS solves of each program (seconds), with its result and gap."""
    from sim.config.goals import load_goals
    from sim.experiments.placement import place_beds, site_centres
    from sim.experiments.placement_plan import _spec_at, bed_sites, centre_sites

    goals = load_goals(GOALS)
    sites = centre_sites(goals, _spec_at(goals, 1.0, fewest_centres=True))
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        siting = site_centres(sites)
        times.append(time.perf_counter() - started)
    result: dict[str, Any] = {
        "townships": sites.n,
        "centres_seconds": min(times),
        "centres_cost_yuan": siting.cost_yuan,
        "regional_centres": int(siting.day_care.sum()),
        "village_centres": int(siting.village.sum()),
        "centres_mip_gap": siting.mip_gap,
        "beds": [],
    }
    lever = next(lever for lever in goals.spec.levers if lever.set == "beds.add_nursing")
    beds = bed_sites(goals, _spec_at(goals, 1.0), lever)
    for per_year in BEDS_PER_YEAR:
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            placement = place_beds(beds, per_year)
            times.append(time.perf_counter() - started)
        result["beds"].append({
            "beds_per_year": per_year, "seconds": min(times), "mip_gap": placement.mip_gap,
            "unserved_beds": placement.unserved_beds,
            "mean_travel_minutes": placement.mean_travel_minutes,
            "townships_with_beds": int((placement.beds_per_year > 0).sum()),
        })  # fmt: skip
    return result


if __name__ == "__main__":
    print(json.dumps(time_placement(), indent=2))
