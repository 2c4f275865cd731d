"""Checks that the places are right: township sums, the pooling limit, common random
numbers across a change in one township, and what more beds in a township do.

Small runs of the synthetic county (four made-up townships) and of Huangyan at a small
population scale: each claim is exact, or paired across the same replications.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, shipped_packs

from sim.config.load import scenario_from_mapping
from sim.config.pack_readers import load_pack
from sim.config.resolve import resolve
from sim.errors import InputError
from sim.model.indicators import INDICATORS, PLACE_INDICATORS
from sim.model.simulate import simulate
from sim.model.spec import ModelSpec, PlacesSpec

SYNTHETIC = "synthetic-county"
#: the synthetic county's townships: two subdistricts, a town, a mountain township
CODES = ("999001001", "999001002", "999001101", "999001201")


def _spec(district: str = SYNTHETIC, **changes: object) -> ModelSpec:
    document = {
        "name": "check", "title": {"zh": "检查", "en": "check"}, "seed": 11,
        "district": district, "base_year": 2025, "end_year": 2030,
        "population_scale": 0.2 if district == SYNTHETIC else 0.03,
        "supply": {"caregivers": {"hire_per_year": 40}, "home_care": {"hire_per_year": 20}},
        **changes,
    }  # fmt: skip
    scenario = scenario_from_mapping(document, packs=shipped_packs())
    return resolve(scenario, shipped_packs()[district])


@pytest.fixture(scope="module")
def by_township():
    spec = _spec()
    return spec, [simulate(spec, replication) for replication in range(2)]


def test_the_synthetic_county_runs_by_its_four_townships(by_township) -> None:
    spec, runs = by_township
    assert spec.places is not None and spec.places.codes == CODES
    assert list(runs[0].townships) == list(CODES)


def test_district_counts_are_the_sums_of_the_townships_exactly(by_township) -> None:
    _, runs = by_township
    summed = [name for name, indicator in INDICATORS.items() if indicator.aggregation.rule == "sum"]
    assert "beds_total" in summed and "gave_up" in summed and "cost_total" in summed
    for run in runs:
        for name in summed:
            total = np.sum([rows[name] for rows in run.townships.values()], axis=0)
            assert np.array_equal(run.indicators[name], total, equal_nan=True), name
        # The townships' people are the district's: every one has one home township.
        assert run.indicators["townships"][0] == len(CODES)


def test_shares_are_recomputed_from_the_summed_parts(by_township) -> None:
    _, runs = by_township
    run = runs[0]
    beds = np.sum([rows["beds_total"] for rows in run.townships.values()], axis=0)
    care_beds = np.sum([rows["elderly_care_beds"] for rows in run.townships.values()], axis=0)
    people = np.sum([rows["population_60plus"] for rows in run.townships.values()], axis=0)
    assert np.allclose(run.indicators["beds_per_1000_older"], 1000 * care_beds / people)
    assert np.allclose(run.indicators["institution_beds_per_1000_older"], 1000 * beds / people)


def test_one_township_is_the_pooled_district_exactly() -> None:
    pooled = _spec(places="pooled")
    one = replace(
        pooled,
        places=PlacesSpec(
            codes=("000000001",), share_60plus=np.ones(1), share_registered=np.ones(1),
            travel_minutes=np.full((1, 1), 12.0), initial=(pooled.initial,),
            hiring_share=np.ones(1), urban=np.ones(1, dtype=bool),
            villages_and_communities=np.array([pooled.villages_and_communities]),
        ),
    )  # fmt: skip
    expected, placed = simulate(pooled, 0).indicators, simulate(one, 0).indicators
    for name in INDICATORS:
        if name not in PLACE_INDICATORS:
            assert np.array_equal(expected[name], placed[name], equal_nan=True), name


def test_zero_travel_everywhere_matches_the_pooled_district_within_paired_intervals() -> None:
    # Everyone accepts every township's homes; what still differs from one pool is that
    # workers and centres are each township's own.
    pooled = _spec(places="pooled")
    spread = _spec()
    assert spread.places is not None
    open_district = replace(
        spread, places=replace(spread.places, travel_minutes=np.zeros((4, 4)))
    )  # fmt: skip
    differences = []
    for replication in range(4):
        a = simulate(pooled, replication).indicators
        b = simulate(open_district, replication).indicators
        differences.append(b["admissions"][1:].sum() - a["admissions"][1:].sum())
        assert np.array_equal(a["population_60plus"], b["population_60plus"])
    mean, sd = np.mean(differences), np.std(differences, ddof=1)
    # A 99.9% paired interval (t with 3 degrees of freedom: 12.9) holds no difference,
    # and the difference is small against the admissions themselves.
    assert abs(mean) <= 12.9 * sd / 2 + 1e-9
    assert abs(mean) < 0.1 * a["admissions"][1:].sum()


def test_moving_beds_between_townships_in_2028_leaves_earlier_years_identical() -> None:
    def placed(code: str) -> ModelSpec:
        supply = {
            "caregivers": {"hire_per_year": 40},
            "townships": {code: {"beds": {2028: {"add_nursing": 60}}}},
        }
        return _spec(supply=supply)

    first, second = simulate(placed(CODES[0]), 0), simulate(placed(CODES[3]), 0)
    years = 3  # 2025, 2026 and 2027
    for name in INDICATORS:
        assert np.array_equal(
            first.indicators[name][:years], second.indicators[name][:years], equal_nan=True
        ), name
        for code in CODES:
            assert np.array_equal(
                first.townships[code][name][:years], second.townships[code][name][:years],
                equal_nan=True,
            ), (code, name)  # fmt: skip
    moved = round(60 * 0.2)  # at the synthetic runs' population scale
    assert first.townships[CODES[0]]["beds_total"][-1] == (
        second.townships[CODES[0]]["beds_total"][-1] + moved
    )


def test_more_beds_in_a_township_never_lengthen_its_own_wait() -> None:
    township = CODES[2]
    more = {"caregivers": {"hire_per_year": 40}, "townships": {township: {"beds": {
        2026: {"add_nursing": 40}}}}}  # fmt: skip
    without, with_beds = _spec(), _spec(supply=more)
    waits = []
    for replication in range(3):
        a = simulate(without, replication).townships[township]
        b = simulate(with_beds, replication).townships[township]
        # Person-days of waiting of the township's people, over the simulated years.
        waits.append((np.nansum(b["mean_waiting_list"]), np.nansum(a["mean_waiting_list"])))
    assert sum(b for b, _ in waits) < sum(a for _, a in waits)
    assert all(b <= a * 1.05 + 1 for b, a in waits)


def test_huangyan_runs_by_its_nineteen_townships() -> None:
    spec = _spec("huangyan")
    assert spec.places is not None and spec.places.n_areas == 19
    run = simulate(spec, 0)
    assert len(run.townships) == 19
    beds = np.sum([rows["beds_total"][0] for rows in run.townships.values()])
    assert (
        beds
        == run.indicators["beds_total"][0]
        == spec.initial.nursing_beds + (spec.initial.ordinary_beds)
    )
    # The mountain 乡 are further from everything: their home care is spread thinner.
    assert np.isfinite(run.indicators["urban_rural_gap_beds"][0])


@pytest.mark.parametrize(
    ("changes", "key", "words"),
    [
        ({"supply": {"townships": {"999009999": {"beds": {2027: {"add_nursing": 5}}}}}},
         "supply.townships.999009999", "unknown township"),
        ({"places": "pooled", "supply": {"townships": {CODES[0]: {"centres": {2027: {"add": 1}}}}}},
         "supply.townships.999001001", "one pool"),
        ({"supply": {"townships": {CODES[3]: {"beds": {2027: {"close_ordinary": 10_000}}}}}},
         "supply.townships.999001201.beds.2027", "more beds than the township has"),
    ],
)  # fmt: skip
def test_a_bad_township_supply_is_refused_naming_its_key(changes, key, words) -> None:
    with pytest.raises(InputError) as raised:
        _spec(**changes)
    assert raised.value.key == key and words in str(raised.value)


def test_residents_move_nearer_and_every_invariant_holds_by_township() -> None:
    # The care system with its invariants checked at every admission, by township: beds,
    # residents, workers and places stay consistent in every township, and residents
    # admitted far from home move to their own township when a bed frees there.
    from checked_care import run_checked

    from sim.model.states import Setting

    _, system, record = run_checked(_spec(), 0)
    assert system.checks > 100
    assert record.moves_nearer.sum() > 0
    in_beds = [p for p in system.people.values()
               if p.setting in (Setting.NURSING_BED, Setting.ORDINARY_BED)]  # fmt: skip
    assert len(in_beds) == sum(pool.occupied for area in system.areas for pool in area.pools)
    for kind, setting in enumerate((Setting.NURSING_BED, Setting.ORDINARY_BED)):
        for area in system.areas:
            here = [p for p in in_beds if p.setting == setting and p.bed_area == area.index]
            assert len(here) == area.pools[kind].occupied


def test_a_goal_can_name_a_township_and_is_judged_on_its_rows(tmp_path) -> None:
    import yaml

    from sim.config.goals import load_goals
    from sim.experiments.plan_check import constraints_of, run_points

    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump({
        "extends": str(ROOT / "scenarios" / "15th" / "no-new-investment.yaml"),
        "population_scale": 0.02, "uncertainty": "none", "end_year": 2030,
    }), encoding="utf-8")  # fmt: skip

    def goals_with(area: str, places: str | None = None) -> Path:
        if places:
            base.write_text(
                base.read_text(encoding="utf-8") + f"places: {places}\n", encoding="utf-8"
            )
        goals = {"base": str(base), "name": "mountain", "probability": 0.8,
                 "levers": [{"id": "hc", "set": "home_care.hire_per_year", "min": 0,
                             "max": 200, "step": 50}],
                 "goals": [{"indicator": "home_care_need_met", "year": 2027,
                            "at_least": 60, "area": area}]}  # fmt: skip
        path = tmp_path / "goals.yaml"
        path.write_text(yaml.safe_dump(goals, allow_unicode=True), encoding="utf-8")
        return path

    goals = load_goals(goals_with("331003200"))  # 屿头乡
    (constraint,) = constraints_of(goals)
    assert constraint.key == "home_care_need_met@2027@331003200"
    table = run_points(goals, [{"hc": 100}], replications=2, seed=5, jobs=1)
    values = table[constraint.key]
    assert values.notna().all() and ((values >= 0) & (values <= 100)).all()
    with pytest.raises(InputError) as unknown:
        load_goals(goals_with("331003999"))
    assert unknown.value.key == "goals.0.area" and "unknown township" in str(unknown.value)
    with pytest.raises(InputError) as pooled:
        load_goals(goals_with("331003200", places="pooled"))
    assert pooled.value.key == "goals.0.area" and "one pool" in str(pooled.value)


def test_a_township_can_hire_and_train_on_top_of_its_share() -> None:
    # The mountain township's homes and home-care providers may hire and certify more
    # than their share of the district's: each lever raises its own workers there (summed
    # over the simulated years: a township of a few workers at this scale).
    township = CODES[3]
    district = {"home_care": {"hire_per_year": 20}}

    def own(**levers: object) -> dict[str, np.ndarray]:
        supply = {**district, "townships": {township: levers}} if levers else district
        return simulate(_spec(supply=supply), 0).townships[township]

    plain = own()
    for lever, indicator in (
        ("caregivers_hire_per_year", "caregivers"),
        ("caregivers_certify_per_year", "certified_caregivers"),
        ("home_care_hire_per_year", "caregivers_home"),
        ("home_care_certify_per_year", "certified_caregivers"),
    ):
        more = own(**{lever: {2026: 100}})
        assert more[indicator][1:].sum() > plain[indicator][1:].sum(), lever


def test_a_run_by_township_is_the_same_on_one_or_two_processes_and_on_dask() -> None:
    from sim.config.load import load_scenario
    from sim.experiments.runner import run_scenarios_by_place

    base = load_scenario(ROOT / "scenarios" / "15th" / "no-new-investment.yaml")
    scenario = base.model_copy(update={"population_scale": 0.02, "end_year": 2027})
    tables = [
        run_scenarios_by_place([scenario], replications=2, jobs=jobs, backend=backend)
        for jobs, backend in ((1, "processes"), (2, "processes"), (2, "dask"))
    ]
    district, townships = tables[0]
    assert set(townships["area"]) == set(load_pack("huangyan").places.codes)
    for other_district, other_townships in tables[1:]:
        assert district.equals(other_district)
        assert townships.equals(other_townships)
