"""Costs per simulated year, in yuan: total (public, operators and families) and public.

Total cost is every yuan spent on care, whoever pays: building beds and centres,
converting beds, care workers' pay in every setting, the running cost of occupied
beds and of centres, consortia, training and recruitment, home-care hours, and the
insurance's cash benefit. Public cost is the part the government budget pays:
construction subsidies and centre grants, operating subsidies of occupied beds and
centres, consortia, training, purchased home-care hours, and the long-term-care
insurance fund (its home-care hours, cash and bed subsidies). The bed subsidy is
part of a bed's running cost, so it is counted once in the total. Costs are
discounted to the first simulated year at the spec's discount rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.record import YearlyRecord
from sim.model.channels import ChannelRecord
from sim.model.spec import ModelSpec


@dataclass(frozen=True, eq=False)
class YearlyCosts:
    """Cost per simulated year (index 0 = base year + 1), in yuan, discounted."""

    capital_yuan: np.ndarray
    running_yuan: np.ndarray
    public_yuan: np.ndarray
    ltc_fund_yuan: np.ndarray


def discounted(cost_yuan: np.ndarray, rate_per_year: float) -> np.ndarray:
    """Yearly costs (index 0 = first simulated year) in first-year values."""
    years_after_first = np.arange(len(cost_yuan))
    return cost_yuan / (1 + rate_per_year) ** years_after_first


def yearly_costs(spec: ModelSpec, record: YearlyRecord, channels: ChannelRecord) -> YearlyCosts:
    """What the care system cost each simulated year, in total and to the public budget."""
    p = spec.parameters
    consortia = spec.capacity.consortia_by_year.astype(float)
    new_consortia = np.maximum(np.diff(consortia), 0)
    occupied_years = record.occupied_bed_days.sum(axis=1) / DAYS_PER_YEAR
    centre_years = record.centre_days / DAYS_PER_YEAR
    certifications = (
        record.certifications
        + channels.home_care_certifications[1:]
        + channels.community_certifications[1:]
    )
    fund = (
        channels.insured_hours[1:] * p.cost_home_care_hour_yuan
        + channels.ltc_cash_yuan[1:]
        + channels.ltc_bed_subsidy_yuan[1:]
    )
    capital = (
        record.new_nursing_beds * p.cost_new_nursing_bed_yuan
        + record.new_ordinary_beds * p.cost_new_ordinary_bed_yuan
        + record.conversions * p.cost_convert_to_nursing_bed_yuan
        + record.new_centres * p.cost_new_centre_yuan
        + new_consortia * p.cost_new_consortium_yuan
    )
    running = (
        record.caregiver_days / DAYS_PER_YEAR * p.cost_caregiver_year_yuan
        + occupied_years * p.cost_occupied_bed_year_yuan
        + centre_years * p.cost_centre_year_yuan
        + consortia[1:] * p.cost_consortium_year_yuan
        + certifications * p.cost_certification_yuan
        + (record.hires + channels.home_care_hires[1:]) * p.cost_hire_yuan
        + channels.home_care_hours_delivered[1:] * p.cost_home_care_hour_yuan
        + channels.community_workers[1:] * p.cost_community_worker_year_yuan
        + channels.ltc_cash_yuan[1:]
    )
    public = (
        record.new_nursing_beds * p.subsidy_new_nursing_bed_yuan
        + record.new_ordinary_beds * p.subsidy_new_ordinary_bed_yuan
        + record.conversions * p.subsidy_convert_to_nursing_bed_yuan
        + record.new_centres * p.subsidy_new_centre_yuan
        + new_consortia * p.cost_new_consortium_yuan
        + occupied_years * p.subsidy_occupied_bed_year_yuan
        + centre_years * p.subsidy_centre_year_yuan
        + consortia[1:] * p.cost_consortium_year_yuan
        + certifications * p.cost_certification_yuan
        + channels.purchased_hours[1:] * p.cost_home_care_hour_yuan
        + fund
    )
    rate = p.discount_rate_per_year
    return YearlyCosts(
        capital_yuan=discounted(capital, rate),
        running_yuan=discounted(running, rate),
        public_yuan=discounted(public, rate),
        ltc_fund_yuan=discounted(fund, rate),
    )
