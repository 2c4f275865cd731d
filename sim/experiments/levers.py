"""Whether each lever of a plan binds: a hiring ceiling that the providers' hires never
reach reads as a requirement but changes nothing, so the plan says it does not bind and
below which value it starts to (`docs/optimise.md`, "The output folder").

Providers hire toward the workers they need, at most the ceiling a year
(`sim.model.care.staff.hires_this_month`). The yearly hires are the model's own record
(`YearlyRecord.hires` for nursing homes, `ChannelRecord.home_care_hires` for home
care): a ceiling binds when some replication's hires in some year come near it. Every
other lever acts on every unit (each bed, conversion, certification, centre and
consortium is built, trained or paid for), so it binds at its value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

from sim.config.goals import Goals
from sim.config.load import scenario_from_mapping
from sim.config.pack_readers import load_pack
from sim.config.pack_schema import DistrictPack
from sim.config.scenario import Scenario

#: Ceilings whose use the model records: lever target -> setting of the hires table.
CEILINGS = {"caregivers.hire_per_year": "homes", "home_care.hire_per_year": "home_care"}
#: A binding ceiling hires a Poisson count whose mean is the ceiling in the months it
#: binds: hires this many standard deviations under the ceiling show it did not bind.
POISSON_ROOM_SD = 3.0


def _hires_of(scenario: Scenario, pack: DistrictPack, replication: int) -> pd.DataFrame:
    """One replication's yearly hires by setting (model counts, at its population scale);
    `pack` is the scenario's district pack."""
    from sim.config.resolve import resolve
    from sim.model.simulate import simulate

    spec = resolve(scenario, pack, replication=replication) \
        if scenario.uncertainty == "parameters" else resolve(scenario, pack)  # fmt: skip
    run = simulate(spec, replication)
    simulated = spec.years[1:]
    homes = np.asarray(run.record.hires, dtype=float)[: len(simulated)]
    home_care = np.asarray(run.channels.home_care_hires, dtype=float)[1:]
    frames = [
        pd.DataFrame({"setting": setting, "year": simulated, "hires": values})
        for setting, values in (("homes", homes), ("home_care", home_care))
    ]
    table = pd.concat(frames, ignore_index=True)
    table.insert(0, "replication", replication)
    return table


def plan_hires(
    goals: Goals, document: dict[str, Any], *, replications: int, seed: int, jobs: int
) -> pd.DataFrame:
    """Yearly hires of a plan (`document`: its scenario mapping) in each replication, in
    the district's numbers (model counts divided by the population scale).
    Columns: replication, setting, year, hires."""
    packs = {goals.base.district: goals.pack}
    scenario = scenario_from_mapping(
        {**document, "seed": seed}, f"<{goals.path} plan>", packs=packs
    )
    pack = packs.get(scenario.district) or load_pack(scenario.district)
    indices = list(range(replications))
    if jobs > 1:
        import multiprocessing

        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            frames = list(
                pool.map(_hires_of, [scenario] * replications, [pack] * replications, indices)
            )
    else:
        frames = [_hires_of(scenario, pack, r) for r in indices]
    table = pd.concat(frames, ignore_index=True)
    table["hires"] = table["hires"] / goals.spec.search.population_scale
    return table


def lever_binding(
    goals: Goals, values: dict[str, float], hires: pd.DataFrame,
    population_scale: float | None = None,
) -> pd.DataFrame:  # fmt: skip
    """Per lever: its value, whether it binds, and `binds_below` (the value under which it
    starts to bind: the most hired in a year for a ceiling that does not bind, else its
    value). A ceiling does not bind when the most hired in any year of any replication
    (`hires`: replication, setting, year, hires in the district's numbers) stays more than
    POISSON_ROOM_SD Poisson standard deviations, at the model's counts, under it."""
    scale = population_scale or goals.spec.search.population_scale
    rows = []
    for lever in goals.spec.levers:
        value = float(values[lever.id])
        row = {"lever": lever.id, "set": lever.set, "value": value, "binding": True,
               "binds_below": value, "most_used": np.nan}  # fmt: skip
        setting = CEILINGS.get(lever.set)
        if setting is not None:
            years = goals.lever_years(lever)
            used = hires[(hires["setting"] == setting) & hires["year"].between(years[0], years[-1])]
            most = float(used["hires"].max()) if len(used) else 0.0
            room = POISSON_ROOM_SD * math.sqrt(value * scale) / scale
            row["most_used"] = most
            if most < value - room:
                row["binding"] = False
                row["binds_below"] = float(math.ceil(most - 1e-9))
        rows.append(row)
    return pd.DataFrame(rows)


def least_same_value(
    goals: Goals, values: dict[str, float], lever_id: str, start: float,
    samples: pd.DataFrame, *, replications: int, jobs: int, progress: Any = None,
) -> float:  # fmt: skip
    """The least value of a lever's grid, from the least at or above `start` up to its
    value in the plan, whose run (the plan's seed and replications, the other levers as
    they are) gives every goal value and the cost exactly as `samples`, the plan's own
    check: by bisection, assuming that once a value gives the same outcome every higher
    value does."""
    from sim.experiments.plan_check import constraints_of, run_points

    lever = next(lever for lever in goals.spec.levers if lever.id == lever_id)
    columns = [c.key for c in constraints_of(goals)] + ["cost"]
    expected = samples[columns].to_numpy(float)

    def same_at(step: int) -> bool:
        probe = run_points(goals, [{**values, lever_id: lever.min + step * lever.step}],
                           replications=replications, seed=goals.spec.search.seed,
                           jobs=jobs, progress=progress)  # fmt: skip
        return bool(np.allclose(probe[columns].to_numpy(float), expected, rtol=1e-12,
                                atol=0.0, equal_nan=True))  # fmt: skip

    high = round((values[lever_id] - lever.min) / lever.step)  # gives the same outcome
    low = max(0, math.ceil((start - lever.min) / lever.step - 1e-9))
    if low >= high:
        return float(values[lever_id])
    if same_at(low):
        return float(lever.min + low * lever.step)
    while high - low > 1:  # `low` differs, `high` is the same
        middle = (low + high) // 2
        if same_at(middle):
            high = middle
        else:
            low = middle
    return float(lever.min + high * lever.step)


def binding_comment(table: pd.DataFrame) -> str:
    """The lever table as comment lines of plan.yaml."""
    lines = []
    for row in table.itertuples(index=False):
        if row.binding:
            lines.append(f"#   {row.lever} = {row.value:g}: binds")
        else:
            lines.append(
                f"#   {row.lever} = {row.value:g}: does not bind (the most used in a year is "
                f"{row.most_used:,.0f}; the same outcome down to {row.binds_below:g}, below "
                "which it binds)"
            )
    return "\n".join(lines)


def lever_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The lever table as JSON-ready records."""
    records: Sequence[dict[str, Any]] = table.to_dict(orient="records")
    return [{key: (None if isinstance(v, float) and math.isnan(v) else v)
             for key, v in record.items()} for record in records]  # fmt: skip
