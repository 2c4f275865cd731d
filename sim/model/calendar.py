"""Model time: days since the end of the base year.

Day 0 is the end of the base year (for base year 2020, 2021-01-01 00:00), the
moment the observed base-year column describes. A model year is 365.25 days, so
the end of year Y is day (Y - base year) * 365.25; a date is placed by its year
and its day within the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAYS_PER_YEAR = 365.25
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = DAYS_PER_YEAR / MONTHS_PER_YEAR


@dataclass(frozen=True)
class Calendar:
    """Conversions between calendar years or dates and model days for one base year."""

    base_year: int

    def year_end_day(self, year: int) -> float:
        """The model day at the end of calendar `year` (day 0 is the end of the base year)."""
        return (year - self.base_year) * DAYS_PER_YEAR

    def day_of(self, key: int | dt.date) -> float:
        """The model day on which a schedule entry applies: 1 January for a year, else the date."""
        if isinstance(key, int):
            return self.year_end_day(key - 1)
        return self.year_end_day(key.year - 1) + (key - dt.date(key.year, 1, 1)).days

    def simulated_years(self, end_year: int) -> list[int]:
        """The years after the base year, up to `end_year`: index 0 is base year + 1."""
        return list(range(self.base_year + 1, end_year + 1))
