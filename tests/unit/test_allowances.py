"""The district's monthly allowances: the pack's file, its checks, and what they cost."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from tiny_systems import Episode, Life, tiny_spec, world

from sim.config.allowances import ALLOWANCE_COLUMNS, load_allowances
from sim.config.resolve import allowances_of
from sim.errors import InputError
from sim.model.allowances import allowance_yuan_by_year, recipients_at
from sim.model.spec import Allowance
from sim.model.states import Health

HUANGYAN = Path(__file__).resolve().parents[2] / "data" / "districts" / "huangyan"
HEADER = ",".join(ALLOWANCE_COLUMNS)
GOOD_AGE_ROW = "elderly_age,80-89,80,89,,50,0,100,,2025,a source,来源,assumption,"
GOOD_CARE_ROW = "care_disability,full,,,full,200,0,400,1200,2025,a source,来源,assumption,"


def write(folder: Path, *rows: str, header: str = HEADER) -> Path:
    (folder / "allowances.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


def test_the_huangyan_pack_pays_by_age_band_and_by_disability_with_sources_and_ranges() -> None:
    rates = load_allowances(HUANGYAN)
    assert rates is not None
    assert [(r.allowance, r.band) for r in rates] == [
        ("elderly_age", "80-89"), ("elderly_age", "90-99"), ("elderly_age", "100+"),
        ("care_disability", "partial"), ("care_disability", "full"),
    ]  # fmt: skip
    oldest = rates[2]
    assert (oldest.age_min, oldest.age_max, oldest.health) == (100, None, None)
    for rate in rates:
        assert rate.source and rate.source_zh and rate.confidence
        assert rate.monthly_yuan_low is not None and rate.monthly_yuan_high is not None
        assert rate.monthly_yuan_low <= rate.monthly_yuan <= rate.monthly_yuan_high


def test_a_pack_without_the_file_pays_nothing(tmp_path: Path) -> None:
    assert load_allowances(tmp_path) is None
    assert allowances_of(load_allowances(tmp_path) or ()) == ()


def test_the_model_reads_age_bands_in_completed_years_and_health_as_its_state(
    tmp_path: Path,
) -> None:
    write(tmp_path, GOOD_AGE_ROW, "elderly_age,100+,100,,,500,300,1000,,2025,s,来源,assumption,",
          GOOD_CARE_ROW)  # fmt: skip
    assert allowances_of(load_allowances(tmp_path) or ()) == (
        Allowance("elderly_age.80-89", 80.0, 89.0, None, 50.0),
        Allowance("elderly_age.100+", 100.0, math.inf, None, 500.0),
        Allowance("care_disability.full", 0.0, math.inf, int(Health.FULL), 200.0),
    )
    rates = load_allowances(tmp_path)
    assert rates is not None and rates[2].recipients == 1200


@pytest.mark.parametrize(
    ("rows", "key"),
    [
        (["pension,80-89,80,89,,50,0,100,,2025,s,来源,assumption,"], "pension.allowance"),
        (["elderly_age,80-89,80,89,full,50,0,100,,2025,s,来源,assumption,"], "elderly_age.80-89"),
        (["elderly_age,80-89,,89,,50,0,100,,2025,s,来源,assumption,"], "elderly_age.80-89"),
        (
            ["elderly_age,80-89,80,79,,50,0,100,,2025,s,来源,assumption,"],
            "elderly_age.80-89.age_max",
        ),
        (
            ["care_disability,some,,,some,50,0,100,,2025,s,来源,assumption,"],
            "care_disability.some.health",
        ),
        (
            ["care_disability,full,80,,full,50,0,100,,2025,s,来源,assumption,"],
            "care_disability.full.health",
        ),
        (
            ["elderly_age,80-89,80,89,,-5,,,,2025,s,来源,assumption,"],
            "elderly_age.80-89.monthly_yuan",
        ),
        (["elderly_age,80-89,80,89,,50,60,100,,2025,s,来源,assumption,"], "elderly_age.80-89"),
        (
            ["elderly_age,80-89,80,89,,fifty,,,,2025,s,来源,assumption,"],
            "elderly_age.80-89.monthly_yuan",
        ),
        (["elderly_age,80-89,80,89,,50,,,,2025,s,来源,sure,"], "elderly_age.80-89.confidence"),
        (["elderly_age,80-89,80,89,,50,,,,2025,,来源,assumption,"], "elderly_age.80-89.source"),
        (
            ["elderly_age,80-89,80,89,,50,,,12.5,2025,s,来源,assumption,"],
            "elderly_age.80-89.recipients",
        ),
        ([GOOD_AGE_ROW, GOOD_AGE_ROW], "elderly_age.80-89"),
    ],
)
def test_a_bad_row_is_one_line_naming_the_file_and_the_key(
    tmp_path: Path, rows: list[str], key: str
) -> None:
    write(tmp_path, *rows)
    with pytest.raises(InputError) as caught:
        load_allowances(tmp_path)
    assert caught.value.file == str(tmp_path / "allowances.csv")
    assert caught.value.key == key
    assert "\n" not in str(caught.value)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    write(tmp_path, GOOD_AGE_ROW.rsplit(",", 1)[0], header=HEADER.rsplit(",", 1)[0])
    with pytest.raises(InputError, match="note: column missing"):
        load_allowances(tmp_path)


AGE_80S = Allowance("elderly_age.80-89", 80.0, 89.0, None, 50.0)
AGE_90_UP = Allowance("elderly_age.90+", 90.0, math.inf, None, 100.0)
PARTIAL = Allowance("care_disability.partial", 0.0, math.inf, int(Health.PARTIAL), 100.0)
FULL = Allowance("care_disability.full", 0.0, math.inf, int(Health.FULL), 200.0)


def test_each_person_in_a_band_at_a_year_end_is_paid_twelve_months() -> None:
    spec = replace(tiny_spec(n_years=2), allowances=(AGE_80S, AGE_90_UP, PARTIAL, FULL))
    lives = [
        # turns 80 half-way through the first year: in the 80s band at both year ends
        Life((Episode(0.0, Health.INDEPENDENT),), age_years=79.5),
        # fully disabled in her 80s, dies in the second year: paid for the first only
        Life((Episode(0.0, Health.FULL),), death_day=500.0, age_years=85.0),
        # partially disabled, too young for an age allowance
        Life((Episode(0.0, Health.PARTIAL),), age_years=70.0),
        # turns 60 during the first year, independent: no allowance
        Life((Episode(182.0, Health.INDEPENDENT),), age_years=59.5),
    ]
    courses, _ = world(spec, lives)
    first_end = spec.calendar.year_end_day(2021)
    assert recipients_at(courses, AGE_80S, first_end) == 2
    assert recipients_at(courses, FULL, first_end) == 1
    assert recipients_at(courses, AGE_90_UP, first_end) == 0
    # first year: 50 + 50 (80s) + 200 (full) + 100 (partial); second: 50 + 100
    expected = np.array([400.0, 150.0]) * 12
    assert allowance_yuan_by_year(spec, courses).tolist() == expected.tolist()


def test_a_spec_without_allowances_pays_nothing() -> None:
    spec = tiny_spec(n_years=3)
    courses, _ = world(spec, [Life((Episode(0.0, Health.FULL),), age_years=95.0)])
    assert allowance_yuan_by_year(spec, courses).tolist() == [0.0, 0.0, 0.0]


def test_assumed_rates_with_a_range_are_drawn_and_the_model_pays_the_draw() -> None:
    from sim.config.pack_readers import load_pack
    from sim.config.uncertainty import drawn_allowances, uncertain_allowances

    pack = load_pack("huangyan")
    distributions = uncertain_allowances(pack)
    assert list(distributions) == [rate.name for rate in pack.allowances]
    full = distributions["care_disability.full"]
    assert (full.kind, full.low, full.value, full.high) == ("triangular", 0, 200, 400)
    draws = [drawn_allowances(pack, 2025, replication) for replication in range(20)]
    assert draws[3] == drawn_allowances(pack, 2025, 3)  # a stream of its own, repeatable
    values = [d["care_disability.full"] for d in draws]
    assert all(0 <= v <= 400 for v in values) and len(set(values)) == 20
    paid = {a.name: a.monthly_yuan for a in allowances_of(pack.allowances, draws[3])}
    assert paid == draws[3]
    # A published rate (or one without a range) is paid as given.
    published = replace(pack.allowances[4], confidence="high")
    assert uncertain_allowances(replace(pack, allowances=(published,))) == {}
    assert allowances_of((published,))[0].monthly_yuan == 200


def test_a_replication_of_a_scenario_that_draws_its_inputs_pays_its_own_draw() -> None:
    from sim.config.load import load_scenario
    from sim.config.pack_readers import load_pack
    from sim.config.resolve import resolve
    from sim.config.uncertainty import drawn_allowances

    scenario = load_scenario(HUANGYAN.parents[2] / "scenarios" / "15th" / "no-new-investment.yaml")
    assert scenario.uncertainty == "parameters"
    pack = load_pack(scenario.district)
    spec = resolve(scenario, pack, replication=5)
    paid = {a.name: a.monthly_yuan for a in spec.allowances}
    assert paid == drawn_allowances(pack, scenario.seed, 5)
    fixed = resolve(scenario.model_copy(update={"uncertainty": "none"}), pack, replication=5)
    assert {a.name: a.monthly_yuan for a in fixed.allowances}["care_disability.full"] == 200
