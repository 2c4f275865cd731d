"""Derive a district's 2025 column (estimates) from its 14th plan's targets and a
2020 -> 2025 run of the plan scenario.

Until a bureau's own end-2025 figures are in the pack, the 15th Five-Year period
needs a 2025 starting state. This script writes one, marking every figure
`estimate`:

- figures the plan set a 2025 target for are taken at their target (assumed met):
  the nursing-type share of beds, certified caregivers per 10,000 aged 60+,
  consortia;
- every other figure is the mean over replications of the plan scenario's run
  from 2020 to the end of 2025: population aged 60+, beds, residents by bed kind
  and health state, waiting list, care workers, centres and their users;
- the registered population of all ages follows the pack's growth rate;
- the age-and-sex structure at the end of 2025 (population.csv) is the run's
  mean for ages 60+, and, for the cohorts who turn 60 in 2026-2040, the 2020
  cohorts aged five years with the death probability before 60;
- the disability prevalence by age band (prevalence.csv) is the run's mean at
  the end of 2025, so a 2025 start continues the 2020 run's health mix.

Run from the project root:

    .venv/bin/python data/derive/base_year_2025.py [--district huangyan]
        [--scenario scenarios/plan-2025.yaml] [--replications 10]

It replaces the pack's 2025 rows of observed.csv, population.csv and
prevalence.csv and leaves every other row as it is. To use real figures
instead, edit the 2025 rows of observed.csv (see data/README.md).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.config.district import OBSERVED_ITEMS, load_pack
from sim.config.load import load_scenario
from sim.config.resolve import resolve, scenario_base_state
from sim.model.simulate import simulate
from sim.model.spec import AGE_BAND_STARTS, BAND_WIDTH_YEARS, SEXES
from sim.model.states import BedKind, Health

YEAR = 2025
FROM_YEAR = 2020


#: Relative half-width of an estimate's range (an assumption, documented in
#: data/README.md): the population projection is tight, the bed stock fairly sure
#: (the plan's targets), the centres a count the bureau holds but the run had to
#: produce, the consortia the plan's target that may have been missed or passed, and
#: everything else the run had to produce less sure.
RELATIVE_RANGE = {"population_total": 0.03, "population_60plus": 0.02, "beds_nursing": 0.05,
                  "beds_ordinary": 0.05, "consortia": 0.3, "township_centres": 0.1,
                  "community_centres": 0.1}  # fmt: skip
#: The waiting list a run ends with says little about the real one: up to this many per
#: 1,000 aged 60+ (the 2020 assumption's range reached about 5).
WAITING_PER_1000_HIGH = 2.0
DEFAULT_RELATIVE_RANGE = 0.15


def _low(item: str, value: float) -> str:
    width = RELATIVE_RANGE.get(item, DEFAULT_RELATIVE_RANGE)
    return f"{round(value * (1 - width)):g}" if width else ""


def _high(item: str, value: float) -> str:
    width = RELATIVE_RANGE.get(item, DEFAULT_RELATIVE_RANGE)
    if not width:
        return ""
    return f"{round(value * (1 + width)):g}"


def _target(pack, indicator: str) -> float | None:
    for target in pack.targets:
        if target.indicator == indicator and target.year == YEAR:
            return target.value
    return None


def derive(district: str, scenario_path: Path, replications: int) -> None:
    pack = load_pack(district)
    scenario = load_scenario(scenario_path)
    if scenario.base_year != FROM_YEAR or scenario.district != pack.id:
        raise SystemExit(f"{scenario_path}: expected a {pack.id} scenario starting in {FROM_YEAR}")
    scenario = scenario.model_copy(update={"end_year": YEAR, "population_scale": 1.0})
    spec = resolve(scenario)
    runs = [simulate(spec, r) for r in range(replications)]
    index = YEAR - FROM_YEAR - 1  # simulated-year index of 2025
    day = spec.calendar.year_end_day(YEAR)
    source = (
        f"derived: {scenario_path.as_posix()} run {FROM_YEAR}-{YEAR}, mean of {replications} "
        f"replications (seed {scenario.seed}), data/derive/base_year_2025.py"
    )
    # A Chinese reader of the report gets the method in words, not file paths.
    source_zh = (
        f"推算值：按“十四五”规划情景模拟{FROM_YEAR}—{YEAR}年，取{replications}次重复模拟均值"
    )

    def mean(values: list[float]) -> float:
        return float(np.mean(values))

    population = mean([r.courses.state_counts_at(day).sum() for r in runs])
    residents = np.mean([r.record.residents_end[index] for r in runs], axis=0)  # [kind, state]
    beds = np.mean([r.record.beds_end[index] for r in runs], axis=0)
    base = scenario_base_state(scenario)
    growth = spec.parameters.registered_population_growth_per_year
    total = base["population_total"].value * (1 + growth) ** (YEAR - FROM_YEAR)

    # item -> (value, source, source in Chinese)
    rows: dict[str, tuple[float, str, str]] = {}
    rows["population_total"] = (
        round(total, -2),
        f"{FROM_YEAR} figure grown at {growth:.2%} a year",
        f"{FROM_YEAR}年数据按年增长{growth:.2%}推算",
    )
    rows["population_60plus"] = (round(population), source, source_zh)
    beds_total = round(beds.sum())
    share = _target(pack, "nursing_bed_share")
    if share is not None:
        nursing = round(beds_total * share / 100)
        why = f"{source}; nursing-type share at the plan's {YEAR} target of {share:g}%"
        why_zh = f"{source_zh}；护理型床位占比取规划{YEAR}年目标{share:g}%"
    else:
        nursing, why, why_zh = round(beds[BedKind.NURSING]), source, source_zh
    rows["beds_nursing"] = (nursing, why, why_zh)
    rows["beds_ordinary"] = (beds_total - nursing, why, why_zh)
    # Residents: the run's occupancy of each kind applied to the estimated stock.
    for kind, item, full_item in (
        (BedKind.NURSING, "residents_nursing", "residents_nursing_full"),
        (BedKind.ORDINARY, "residents_ordinary", "residents_ordinary_independent"),
    ):
        occupancy = residents[kind].sum() / beds[kind] if beds[kind] else 0.0
        stock = rows["beds_nursing" if kind == BedKind.NURSING else "beds_ordinary"][0]
        count = round(min(occupancy, 1.0) * stock)
        rows[item] = (
            count,
            f"{source}; the run's occupancy ({occupancy:.1%}) of this stock",
            f"{source_zh}；按模拟所得入住率（{occupancy:.1%}）乘以上述床位数",
        )
        state = Health.FULL if kind == BedKind.NURSING else Health.INDEPENDENT
        part = residents[kind][state] / residents[kind].sum() if residents[kind].sum() else 0.0
        rows[full_item] = (
            round(part * count),
            f"{source}; the run's mix of residents",
            f"{source_zh}；按模拟所得入住老年人构成",
        )
    rows["waiting_list"] = (
        round(mean([r.record.waiting_end[index] for r in runs])), source, source_zh
    )
    rows["caregivers_nursing_home"] = (
        round(mean([r.record.caregivers_end[index] for r in runs])), source, source_zh
    )
    rows["caregivers_home_care"] = (
        round(mean([r.channels.home_care_workers[index + 1] for r in runs])), source, source_zh
    )
    rows["caregivers_community"] = (
        round(mean([r.channels.community_workers[index + 1] for r in runs])), source, source_zh
    )
    # Certified workers by setting: the run's, scaled so that every setting together meets
    # the plan's per-10,000 target when it has one.
    by_setting = {
        "certified_caregivers_nursing_home": mean([r.record.certified_end[index] for r in runs]),
        "certified_caregivers_home_care": mean(
            [r.channels.certified_home_care_workers[index + 1] for r in runs]
        ),
        "certified_caregivers_community": mean(
            [r.channels.certified_community_workers[index + 1] for r in runs]
        ),
    }
    per_10k = _target(pack, "certified_caregivers_per_10k")
    factor, why, why_zh = 1.0, source, source_zh
    if per_10k is not None:
        factor = per_10k * population / 10_000 / sum(by_setting.values())
        why = (
            f"{source}; every setting scaled to the plan's {YEAR} target of {per_10k:g} "
            "per 10,000 aged 60+"
        )
        why_zh = (
            f"{source_zh}；各类场所持证人员均按规划{YEAR}年目标（每万名老年人{per_10k:g}人）等比例调整"
        )
    workers_of = {
        "certified_caregivers_nursing_home": "caregivers_nursing_home",
        "certified_caregivers_home_care": "caregivers_home_care",
        "certified_caregivers_community": "caregivers_community",
    }
    for item, value in by_setting.items():
        rows[item] = (min(round(value * factor), rows[workers_of[item]][0]), why, why_zh)
    opened = sum(o.centres for o in spec.capacity.centre_openings if o.day < day)
    rows["community_centres"] = (
        base["community_centres"].value + opened,
        f"{source}; centres opened",
        f"{source_zh}；含新建照料中心",
    )
    rows["township_centres"] = (
        base["township_centres"].value, f"{FROM_YEAR} figure", f"沿用{FROM_YEAR}年数据"
    )
    rows["community_place_users"] = (
        round(mean([r.record.community_users_end[index] for r in runs])), source, source_zh
    )
    consortia = _target(pack, "consortia")
    rows = {item: rows[item] for item in OBSERVED_ITEMS if item in rows} | {
        item: value for item, value in rows.items() if item not in OBSERVED_ITEMS
    }
    rows["consortia"] = (
        (consortia, f"the plan's {YEAR} target", f"规划{YEAR}年目标值") if consortia is not None
        else (float(spec.capacity.consortia_by_year[YEAR - FROM_YEAR]), source, source_zh)
    )  # fmt: skip

    observed_path = pack.folder / "observed.csv"
    observed = pd.read_csv(observed_path, dtype=str, keep_default_na=False)
    observed = observed[observed["year"] != str(YEAR)]
    waiting_high = f"{round(WAITING_PER_1000_HIGH * rows['population_60plus'][0] / 1000):g}"
    new = pd.DataFrame(
        [
            {"year": str(YEAR), "item": item, "value": f"{value:g}",
             "unit": OBSERVED_ITEMS[item].unit, "low": _low(item, value),
             "high": waiting_high if item == "waiting_list" else _high(item, value),
             "source": why, "source_zh": why_zh, "confidence": "estimate",
             "note": f"estimate until the bureau's {YEAR} figure replaces it"}
            for item, (value, why, why_zh) in rows.items()
        ]
    )  # fmt: skip
    pd.concat([observed, new], ignore_index=True).to_csv(observed_path, index=False)

    # Age structure at the end of 2025: the run's 60+ pyramid, then the younger cohorts.
    pyramid = np.mean(
        [r.courses.state_counts_by_band_at(day) for r in runs], axis=0
    )  # [band, state], both sexes
    by_sex = np.zeros((len(AGE_BAND_STARTS), len(SEXES)))
    for r in runs:
        alive = (r.courses.episode_start_day <= day) & (r.courses.episode_end_day > day)
        person = r.courses.episode_person[alive]
        age = r.courses.age_at_start_years[person] + day / 365.25
        band = np.clip((age - 60) // BAND_WIDTH_YEARS, 0, len(AGE_BAND_STARTS) - 1).astype(int)
        np.add.at(by_sex, (band, r.courses.sex[person]), 1 / len(runs))
    assert math.isclose(by_sex.sum(), pyramid.sum(), rel_tol=1e-9)
    population_rows = []
    for b, start in enumerate(AGE_BAND_STARTS):
        for s, sex in enumerate(SEXES):
            population_rows.append((start, sex, round(by_sex[b, s]), source))
    survival = (1 - spec.population.death_probability_per_year_before_60) ** (YEAR - FROM_YEAR)
    cohorts = spec.population
    for start, sex, persons in zip(
        cohorts.cohort_age_start_years, cohorts.cohort_sex, cohorts.cohort_persons, strict=True
    ):
        aged = int(start) + (YEAR - FROM_YEAR)
        if aged < AGE_BAND_STARTS[0]:
            population_rows.append(
                (aged, SEXES[sex], round(persons * survival),
                 f"{FROM_YEAR} cohort aged {YEAR - FROM_YEAR} years with the death probability "
                 "before 60")
            )  # fmt: skip
    population_path = pack.folder / "population.csv"
    table = pd.read_csv(population_path, dtype=str, keep_default_na=False)
    table = table[table["year"] != str(YEAR)]
    new = pd.DataFrame(
        [{"year": str(YEAR), "age_band_start": str(a), "sex": s, "persons": str(p),
          "source": why, "confidence": "estimate", "note": "registered persons (estimate)"}
         for a, s, p, why in population_rows]
    )  # fmt: skip
    pd.concat([table, new], ignore_index=True).to_csv(population_path, index=False)

    shares = pyramid / pyramid.sum(axis=1, keepdims=True)
    prevalence_path = pack.folder / "prevalence.csv"
    old = (
        pd.read_csv(prevalence_path, dtype=str, keep_default_na=False)
        if prevalence_path.is_file() else pd.DataFrame()
    )  # fmt: skip
    if len(old):
        old = old[old["year"] != str(YEAR)]
    new = pd.DataFrame(
        [{"year": str(YEAR), "age_band_start": str(start),
          "partial_share": f"{shares[b, Health.PARTIAL]:.6f}",
          "full_share": f"{shares[b, Health.FULL]:.6f}", "source": source, "confidence": "estimate"}
         for b, start in enumerate(AGE_BAND_STARTS)]
    )  # fmt: skip
    pd.concat([old, new], ignore_index=True).to_csv(prevalence_path, index=False)
    print(f"wrote the {YEAR} estimates of {pack.id} into {observed_path.parent}")
    for item, (value, *_) in rows.items():
        print(f"  {item:36s} {value:>12,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", default="huangyan")
    parser.add_argument("--scenario", type=Path, default=Path("scenarios/plan-2025.yaml"))
    parser.add_argument("--replications", type=int, default=10)
    args = parser.parse_args()
    derive(args.district, args.scenario, args.replications)


if __name__ == "__main__":
    main()
