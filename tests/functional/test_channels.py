"""The care channels behave as they claim: insurance shifts people to formal home care
and makes beds affordable, family limits create unmet need when home care falls short,
the workforce recruits toward need within its ceiling, and costs split public from total."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, resolved, shipped_packs

from sim.config.load import load_scenario, scenario_from_mapping
from sim.config.yaml_files import deep_merge
from sim.experiments.calibration import PATTERN_TOLERANCE_POINTS, calibration_report
from sim.model.simulate import simulate

SCALE = 0.25


def _run(changes: dict | None = None, replication: int = 0):
    base = load_scenario(ROOT / "scenarios" / "15th" / "no-new-investment.yaml").model_dump()
    document = deep_merge(base, {"population_scale": SCALE, "end_year": 2031, "targets": {},
                                 **(changes or {})})  # fmt: skip
    return simulate(
        resolved(scenario_from_mapping(document, "<channels>", packs=shipped_packs())), replication
    ).indicators


def _at(table: dict, indicator: str, year: int) -> float:
    return float(table[indicator][year - 2025])


LTC = {"ltc": {"start_year": 2027, "eligible": ["full"], "take_up": 0.8,
               "home_care_hours_per_month": 30, "bed_subsidy_per_day_yuan": 60}}  # fmt: skip


@pytest.fixture(scope="module")
def without_and_with_insurance():
    return _run(), _run(LTC)


def test_insurance_starts_in_its_year_and_pays_from_its_own_fund(
    without_and_with_insurance,
) -> None:
    plain, insured = without_and_with_insurance
    assert _at(insured, "ltc_beneficiaries", 2026) == 0
    assert _at(insured, "ltc_beneficiaries", 2027) > 100
    assert _at(insured, "cost_ltc_fund", 2026) == 0
    assert _at(insured, "cost_ltc_fund", 2028) > 0
    assert np.nansum(plain["cost_ltc_fund"]) == 0
    for year in range(2026, 2032):
        assert _at(insured, "cost_ltc_fund", year) <= _at(insured, "cost_public", year)
        assert _at(insured, "cost_public", year) <= _at(insured, "cost_total", year)


def test_insurance_shifts_people_to_formal_home_care_and_to_beds(
    without_and_with_insurance,
) -> None:
    plain, insured = without_and_with_insurance
    # Same people, same draws: the insured scenario has more clients and more hours needed.
    assert _at(insured, "home_care_clients", 2030) > 1.2 * _at(plain, "home_care_clients", 2030)
    assert _at(insured, "home_care_hours_needed", 2030) > _at(plain, "home_care_hours_needed", 2030)
    # By default the bed subsidy changes nobody's choice (no elasticity was found); where
    # the response is set (the top of its range), it makes a bed affordable for more
    # people after the start year only.
    responsive = _run(LTC | {"assumptions": {"bed_choice_increase_per_100_yuan_per_month": 0.1}})
    assert _at(responsive, "bed_seekers", 2026) == _at(plain, "bed_seekers", 2026)
    later = range(2028, 2032)
    baseline = sum(_at(plain, "bed_seekers", y) for y in later)
    assert sum(_at(insured, "bed_seekers", y) for y in later) == baseline
    assert sum(_at(responsive, "bed_seekers", y) for y in later) > baseline


def test_without_home_care_workers_carerless_people_go_without_care() -> None:
    starved = _run({"supply": {"home_care": {"hire_per_year": 0}}})
    staffed = _run({"supply": {"home_care": {"hire_per_year": 2000}}})
    assert _at(starved, "home_care_need_met", 2031) < _at(staffed, "home_care_need_met", 2031)
    # Hiring all it wants, home care still lags the need a little: a quarter of the workers
    # leave each year (caregiver_attrition_per_year) and replacements take months.
    assert _at(staffed, "home_care_need_met", 2031) > 93
    assert _at(starved, "unmet_care_need", 2031) > 10 * max(
        _at(staffed, "unmet_care_need", 2031), 1
    )
    # Nobody lacks a carer: nobody goes without care, whatever the workers.
    everyone_cared_for = _run({"supply": {"home_care": {"hire_per_year": 0}},
                               "assumptions": {"no_carer_share_start": 0.0,
                                               "no_carer_share_growth_per_year": 0.0}})  # fmt: skip
    assert np.nanmax(everyone_cared_for["unmet_care_need"]) == 0


def test_the_workforce_recruits_toward_need_within_its_ceiling() -> None:
    more_beds = {"beds": {2026: {"add_nursing": 300}}}
    keener = {"assumptions": {"choice_full_family": 0.25, "choice_full_community": 0.15,
                              "choice_full_bed": 0.6}}  # fmt: skip
    few = _run({"supply": {"caregivers": {"hire_per_year": 400}, **more_beds}})
    many = _run({"supply": {"caregivers": {"hire_per_year": 400}, **more_beds}, **keener})
    # More residents to look after (more people choose a bed): providers hire more, with
    # the same ceiling; beds without residents do not draw workers.
    assert _at(many, "residents", 2031) > _at(few, "residents", 2031) + 50
    assert _at(many, "caregivers", 2031) > _at(few, "caregivers", 2031) + 20
    # They aim at what the residents need, not at the ceiling.
    for table in (few, many):
        assert _at(table, "caregivers", 2031) < 1.25 * _at(table, "caregivers_needed", 2031)
    frozen = _run({"supply": {"caregivers": {"hire_per_year": 0}, **more_beds}})
    assert _at(frozen, "caregivers", 2031) < _at(frozen, "caregivers", 2025)


def test_the_certified_scope_switch_counts_nursing_homes_only() -> None:
    every_setting = _run()
    homes_only = _run({"certified_scope": "nursing_homes"})
    for year in (2025, 2030):
        assert _at(homes_only, "certified_caregivers_per_10k", year) < _at(
            every_setting, "certified_caregivers_per_10k", year
        )


def test_fully_disabled_people_live_in_ordinary_beds_only_if_they_accept_them() -> None:
    def fully_disabled_in_ordinary_beds(acceptance: float) -> int:
        base = load_scenario(ROOT / "scenarios" / "15th" / "no-new-investment.yaml").model_dump()
        document = deep_merge(base, {
            "population_scale": SCALE, "end_year": 2030, "targets": {},
            # One pool: by township, a resident who becomes fully disabled may wait in
            # an ordinary bed for a nursing-type bed of the same township.
            "places": "pooled",
            "assumptions": {"ordinary_bed_acceptance_full": acceptance},
            "supply": {"caregivers": {"hire_per_year": 1000}},
        })  # fmt: skip
        record = simulate(
            resolved(scenario_from_mapping(document, "<accept>", packs=shipped_packs())), 0
        ).record
        return int(record.residents_end[:, 1, 2].sum())  # [year, ordinary, fully disabled]

    assert fully_disabled_in_ordinary_beds(0.0) == 0
    assert fully_disabled_in_ordinary_beds(1.0) > 20


def test_villages_with_a_centre_grow_with_new_centres() -> None:
    more = _run({"supply": {"centres": {2026: {"add": 10}}}})
    plain = _run()
    assert _at(more, "villages_with_centre", 2026) > _at(plain, "villages_with_centre", 2026)
    assert _at(more, "villages_with_centre", 2031) <= 100


@pytest.mark.slow
def test_the_base_year_reproduces_the_9073_pattern_within_the_stated_tolerance() -> None:
    report = calibration_report(replications=2).set_index(["item", "year"])
    for item in ("share_in_institutions", "share_using_community_centres", "share_at_home"):
        row = report.loc[(item, 2020)]
        assert abs(row["difference"]) <= PATTERN_TOLERANCE_POINTS, item
