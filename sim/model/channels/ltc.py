"""Long-term-care insurance (长期护理保险), month by month: who draws its benefits, and
what its fund pays in cash and in bed subsidies.

Who is insured is a per-person draw against the scheme's take-up, among people in the
eligible states from the scheme's start (`sim.model.care.draws.insured`); the census
of the month (`sim.model.channels.census`) carries it. The fund also pays the home-care
hours of insured people at home: those hours are home care's (`insured_home_care_hours`,
`sim.model.channels.home_care`), priced into the fund by `sim.model.costs`.
"""

from __future__ import annotations

import numpy as np

from sim.model.calendar import DAYS_PER_MONTH, MONTHS_PER_YEAR
from sim.model.channels.census import DisabledOnDay
from sim.model.channels.channel import CostLines, IndicatorRows, nan_first
from sim.model.spec import ModelSpec


class LongTermCare:
    """The insurance's beneficiaries (at year end, in December) and its yearly payments in
    yuan: cash to beneficiaries at home, a daily subsidy to those in a bed."""

    name = "ltc"

    def __init__(self, spec: ModelSpec) -> None:
        self.scheme = spec.ltc
        self.cash_yuan = np.zeros(spec.n_years)
        self.bed_subsidy_yuan = np.zeros(spec.n_years)
        self.beneficiaries = np.zeros(spec.n_years + 1)

    def start(self, people: DisabledOnDay) -> None:
        """Beneficiaries on day 0."""
        self.beneficiaries[0] = float(people.insured.sum())

    def month(self, month: int, day: float, people: DisabledOnDay) -> None:
        """Month `month` (its middle is `day`): the month's cash and bed subsidies."""
        insured = people.insured
        self.add_month(
            month,
            at_home=float((insured & people.home).sum()),
            in_beds=float((insured & people.in_bed).sum()),
            insured=float(insured.sum()),
        )

    def add_month(self, month: int, at_home: float, in_beds: float, insured: float) -> None:
        """Month `month` from its counts of insured people: at home, in a bed, in all."""
        year = month // MONTHS_PER_YEAR
        scheme = self.scheme
        if scheme is not None:
            self.cash_yuan[year] += at_home * scheme.cash_per_month_yuan
            subsidy_per_month = in_beds * scheme.bed_subsidy_per_day_yuan * DAYS_PER_MONTH
            self.bed_subsidy_yuan[year] += subsidy_per_month
        if month % MONTHS_PER_YEAR == MONTHS_PER_YEAR - 1:
            self.beneficiaries[year + 1] = insured

    def indicator_rows(self) -> IndicatorRows:
        """Beneficiaries."""
        return {"ltc_beneficiaries": self.beneficiaries}

    def cost_lines(self) -> CostLines:
        """Cash and bed subsidies paid, in yuan."""
        return {
            "ltc_cash_yuan": self.cash_yuan.copy(),
            "ltc_bed_subsidy_yuan": self.bed_subsidy_yuan.copy(),
        }

    def certified_workers(self) -> None:
        """The insurance employs no care workers of its own."""
        return None

    def flows(self) -> dict[str, np.ndarray]:
        """Cash and bed subsidies per reported year (NaN in the base year)."""
        return {"cash": nan_first(self.cash_yuan), "bed_subsidy": nan_first(self.bed_subsidy_yuan)}
