"""Public cost as the district's budget sees it: the allowances in, the city's insurance
fund apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_systems import tiny_parameters, tiny_spec

from sim.model.costs import priced
from sim.present.findings import fund_sentence
from sim.present.tables import cost_rows

LINES = (
    "new_nursing_beds", "new_ordinary_beds", "bed_conversions", "caregiver_years",
    "occupied_bed_years", "new_centres", "centre_years", "community_worker_years",
    "home_care_hours_delivered", "purchased_home_care_hours", "insured_home_care_hours",
    "ltc_cash_yuan", "ltc_bed_subsidy_yuan", "certifications", "hires",
    "new_family_care_beds", "family_care_bed_visits",
)  # fmt: skip
HOUR_YUAN = 50.0


def lines_with(**quantities: float) -> dict[str, np.ndarray]:
    """One simulated year of cost lines: zero except `quantities`."""
    return {name: np.array([quantities.get(name, 0.0)]) for name in LINES}


def test_the_insurance_fund_is_the_citys_and_the_allowances_the_districts() -> None:
    spec = tiny_spec(parameters=tiny_parameters(cost_home_care_hour_yuan=HOUR_YUAN))
    lines = lines_with(
        purchased_home_care_hours=100, insured_home_care_hours=300, home_care_hours_delivered=400,
        ltc_cash_yuan=7_000, ltc_bed_subsidy_yuan=2_000,
    )  # fmt: skip
    costs = priced(spec, lines, np.array([12_000.0]))
    fund = 300 * HOUR_YUAN + 7_000 + 2_000
    assert costs.ltc_fund_yuan.tolist() == [fund]
    assert costs.allowances_yuan.tolist() == [12_000.0]
    # the district pays its purchased hours and the allowances, not the fund
    assert costs.public_yuan.tolist() == [100 * HOUR_YUAN + 12_000.0]
    assert costs.public_with_fund_yuan.tolist() == [100 * HOUR_YUAN + 12_000.0 + fund]
    # the total counts every hour once, the cash benefit and the allowances
    assert costs.running_yuan.tolist() == [400 * HOUR_YUAN + 7_000 + 12_000.0]


def test_the_allowances_are_discounted_like_every_other_cost() -> None:
    spec = tiny_spec(n_years=2, parameters=tiny_parameters(discount_rate_per_year=0.25))
    lines = {name: np.zeros(2) for name in LINES}
    costs = priced(spec, lines, np.array([1_000.0, 1_000.0]))
    assert costs.allowances_yuan.tolist() == pytest.approx([1_000.0, 800.0])
    assert costs.public_yuan.tolist() == pytest.approx([1_000.0, 800.0])


def cost_table(fund_yuan: float) -> pd.DataFrame:
    """Two scenarios' plan-period costs as costs.csv has them; the second draws on the fund."""
    return pd.DataFrame({
        "scenario": ["reference", "insured"], "reference": ["reference", "reference"],
        "total_cost_yuan": [2e8, 3e8], "total_public_cost_yuan": [1e8, 1.2e8],
        "total_ltc_fund_cost_yuan": [0.0, fund_yuan],
        "total_public_cost_with_fund_yuan": [1e8, 1.2e8 + fund_yuan],
        "extra_cost_yuan": [0.0, 1e8], "total_served": [1_000.0, 1_100.0],
        "extra_served": [0.0, 100.0], "cost_per_extra_person_yuan": [np.nan, 1e6],
    })  # fmt: skip


def test_a_scenario_that_draws_on_the_fund_says_what_its_public_cost_leaves_out() -> None:
    costs = cost_table(fund_yuan=0.5e8).set_index("scenario")
    assert fund_sentence(costs.loc["reference"], "en") == ""
    sentence = fund_sentence(costs.loc["insured"], "zh")
    assert "0.50亿元" in sentence and "1.70亿元" in sentence and "市" in sentence
    assert "0.50 hundred million" in fund_sentence(costs.loc["insured"], "en")


def test_the_terminal_shows_the_city_fund_beside_the_districts_cost_only_when_drawn() -> None:
    labels = {"reference": "Reference", "insured": "Insured"}
    with_fund = cost_rows(cost_table(fund_yuan=0.5e8), "en", labels)
    assert list(with_fund.columns[1:4]) == [
        "Total cost (10,000 yuan)", "District public cost (10,000 yuan)",
        "City insurance fund (10,000 yuan)",
    ]  # fmt: skip
    assert with_fund.iloc[1, 2:4].tolist() == ["12,000", "5,000"]
    without = cost_rows(cost_table(fund_yuan=0.0), "en", labels)
    assert "City insurance fund (10,000 yuan)" not in without.columns
