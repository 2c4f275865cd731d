"""Costs per simulated year, in yuan: total (public, operators and families) and public.

Total cost is every yuan spent on care, whoever pays: building beds and centres,
converting beds, care workers' pay in every setting, the running cost of occupied
beds and of centres, consortia, training and recruitment, home-care hours, the
insurance's cash benefit and the district's monthly allowances to older people.

Public cost is what the district's budget pays: construction subsidies and centre
grants, operating subsidies of occupied beds and centres, consortia, training,
purchased home-care hours, and the allowances (高龄津贴 by age, 护理补贴 by disability;
`sim.model.allowances`). The long-term-care insurance fund (its home-care hours, cash
and bed subsidies) is the city's medical insurance, a city-level decision: it is kept
apart (`ltc_fund_yuan`) and is not part of the district's public cost; public cost with
the fund is their sum. The bed subsidy is part of a bed's running cost, so it is counted
once in the total. Costs are discounted to the first simulated year at the spec's
discount rate.

Each channel gives its cost lines (quantities per simulated year, `CareChannel.cost_lines`);
a line several channels have (certifications, hires) is added up over them first, in
the order of `care_channels`, and priced here:

- nursing homes: `new_nursing_beds`, `new_ordinary_beds`, `bed_conversions` (beds),
  `caregiver_years` (worker-years), `occupied_bed_years` (bed-years);
- community centres: `new_centres` (centres), `centre_years` (centre-years),
  `community_worker_years` (worker-years);
- home care: `home_care_hours_delivered`, `purchased_home_care_hours` (bought by the
  government), `insured_home_care_hours` (paid by the insurance fund), in hours;
- long-term-care insurance: `ltc_cash_yuan`, `ltc_bed_subsidy_yuan` (yuan);
- family care beds: `new_family_care_beds` (beds set up: home adaptation and equipment,
  capital, with a construction subsidy) and `family_care_bed_visits` (visits, running,
  with a service subsidy per visit);
- shared: `certifications` and `hires` (persons; nursing homes, home care, centres).

Consortia are the district's, not a channel's: their number comes from the spec.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sim.model.allowances import allowance_yuan_by_year
from sim.model.care.record import YearlyRecord
from sim.model.channels import CareChannel, ChannelRecord, care_channels
from sim.model.channels.channel import CostLines
from sim.model.population import LifeCourses
from sim.model.spec import ModelSpec


@dataclass(frozen=True, eq=False)
class YearlyCosts:
    """Cost per simulated year (index 0 = base year + 1), in yuan, discounted."""

    capital_yuan: np.ndarray
    running_yuan: np.ndarray
    #: the district's public cost: without the insurance fund, with the allowances
    public_yuan: np.ndarray
    #: the city's long-term-care insurance fund
    ltc_fund_yuan: np.ndarray
    #: the district's monthly allowances to older people (part of `public_yuan`)
    allowances_yuan: np.ndarray

    @property
    def public_with_fund_yuan(self) -> np.ndarray:
        """The district's public cost and the city's insurance fund together."""
        total: np.ndarray = self.public_yuan + self.ltc_fund_yuan
        return total


def discounted(cost_yuan: np.ndarray, rate_per_year: float) -> np.ndarray:
    """Yearly costs (index 0 = first simulated year) in first-year values."""
    years_after_first = np.arange(len(cost_yuan))
    result: np.ndarray = cost_yuan / (1 + rate_per_year) ** years_after_first
    return result


def cost_lines(channels: Iterable[CareChannel]) -> CostLines:
    """Every channel's cost lines; a line several channels have is their sum, added in the
    channels' order."""
    lines: CostLines = {}
    for channel in channels:
        for name, quantity in channel.cost_lines().items():
            lines[name] = lines[name] + quantity if name in lines else quantity
    return lines


def yearly_costs(
    spec: ModelSpec, record: YearlyRecord, channels: ChannelRecord, courses: LifeCourses
) -> YearlyCosts:
    """What the care system cost each simulated year, in total, to the district's budget
    and to the city's insurance fund (`courses`: the people the allowances are paid to)."""
    lines = cost_lines(care_channels(spec, record, channels))
    return priced(spec, lines, allowance_yuan_by_year(spec, courses))


def priced(spec: ModelSpec, lines: CostLines, allowances_yuan: np.ndarray) -> YearlyCosts:
    """The costs of the cost lines `lines` at the spec's prices, with the allowances the
    district pays (yuan per simulated year, not discounted)."""
    p = spec.parameters
    consortia = spec.capacity.consortia_by_year.astype(float)
    new_consortia = np.maximum(np.diff(consortia), 0)
    occupied_years, centre_years = lines["occupied_bed_years"], lines["centre_years"]
    certifications = lines["certifications"]
    fund = (
        lines["insured_home_care_hours"] * p.cost_home_care_hour_yuan
        + lines["ltc_cash_yuan"]
        + lines["ltc_bed_subsidy_yuan"]
    )
    capital = (
        lines["new_nursing_beds"] * p.cost_new_nursing_bed_yuan
        + lines["new_ordinary_beds"] * p.cost_new_ordinary_bed_yuan
        + lines["bed_conversions"] * p.cost_convert_to_nursing_bed_yuan
        + lines["new_centres"] * p.cost_new_centre_yuan
        + new_consortia * p.cost_new_consortium_yuan
        + lines["new_family_care_beds"] * p.cost_new_family_care_bed_yuan
    )
    running = (
        lines["caregiver_years"] * p.cost_caregiver_year_yuan
        + occupied_years * p.cost_occupied_bed_year_yuan
        + centre_years * p.cost_centre_year_yuan
        + consortia[1:] * p.cost_consortium_year_yuan
        + certifications * p.cost_certification_yuan
        + lines["hires"] * p.cost_hire_yuan
        + lines["home_care_hours_delivered"] * p.cost_home_care_hour_yuan
        + lines["community_worker_years"] * p.cost_community_worker_year_yuan
        + lines["ltc_cash_yuan"]
        + lines["family_care_bed_visits"] * p.cost_family_care_bed_visit_yuan
        + allowances_yuan
    )
    public = (
        lines["new_nursing_beds"] * p.subsidy_new_nursing_bed_yuan
        + lines["new_ordinary_beds"] * p.subsidy_new_ordinary_bed_yuan
        + lines["bed_conversions"] * p.subsidy_convert_to_nursing_bed_yuan
        + lines["new_centres"] * p.subsidy_new_centre_yuan
        + new_consortia * p.cost_new_consortium_yuan
        + occupied_years * p.subsidy_occupied_bed_year_yuan
        + centre_years * p.subsidy_centre_year_yuan
        + consortia[1:] * p.cost_consortium_year_yuan
        + certifications * p.cost_certification_yuan
        + lines["purchased_home_care_hours"] * p.cost_home_care_hour_yuan
        + lines["new_family_care_beds"] * p.subsidy_new_family_care_bed_yuan
        + lines["family_care_bed_visits"] * p.subsidy_family_care_bed_visit_yuan
        + allowances_yuan
    )
    rate = p.discount_rate_per_year
    return YearlyCosts(
        capital_yuan=discounted(capital, rate),
        running_yuan=discounted(running, rate),
        public_yuan=discounted(public, rate),
        ltc_fund_yuan=discounted(fund, rate),
        allowances_yuan=discounted(allowances_yuan, rate),
    )
