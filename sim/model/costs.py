"""Costs per simulated year, in yuan: capital (building, converting, opening) and running."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.calendar import DAYS_PER_YEAR
from sim.model.care.record import YearlyRecord
from sim.model.spec import ModelSpec


@dataclass(frozen=True, eq=False)
class YearlyCosts:
    """Capital and running cost per simulated year (index 0 = base year + 1), in yuan,
    discounted to the first simulated year at the spec's discount rate."""

    capital_yuan: np.ndarray
    running_yuan: np.ndarray


def discounted(cost_yuan: np.ndarray, rate_per_year: float) -> np.ndarray:
    """Yearly costs (index 0 = first simulated year) in first-year values."""
    years_after_first = np.arange(len(cost_yuan))
    return cost_yuan / (1 + rate_per_year) ** years_after_first


def yearly_costs(spec: ModelSpec, record: YearlyRecord) -> YearlyCosts:
    """What the care system cost each simulated year."""
    p = spec.parameters
    consortia = spec.capacity.consortia_by_year.astype(float)
    capital = (
        record.new_nursing_beds * p.cost_new_nursing_bed_yuan
        + record.new_ordinary_beds * p.cost_new_ordinary_bed_yuan
        + record.conversions * p.cost_convert_to_nursing_bed_yuan
        + record.new_centres * p.cost_new_centre_yuan
        + np.maximum(np.diff(consortia), 0) * p.cost_new_consortium_yuan
    )
    running = (
        record.caregiver_days / DAYS_PER_YEAR * p.cost_caregiver_year_yuan
        + record.occupied_bed_days.sum(axis=1) / DAYS_PER_YEAR * p.cost_occupied_bed_year_yuan
        + record.centre_days / DAYS_PER_YEAR * p.cost_centre_year_yuan
        + consortia[1:] * p.cost_consortium_year_yuan
        + record.certifications * p.cost_certification_yuan
        + record.hires * p.cost_hire_yuan
    )
    return YearlyCosts(
        capital_yuan=discounted(capital, p.discount_rate_per_year),
        running_yuan=discounted(running, p.discount_rate_per_year),
    )
