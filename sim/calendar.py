"""Model time: days since the plan's 2020 starting state.

Day 0 is the end of 2020 (2021-01-01 00:00), the moment the plan's 2020 column
describes. A model year is 365.25 days, so the end of year Y is day
(Y - 2020) * 365.25; a date is placed by its year and its day within the year.
"""

from __future__ import annotations

import datetime as dt

START_YEAR = 2020
DAYS_PER_YEAR = 365.25


def year_end_day(year: int) -> float:
    """The model day at the end of calendar `year` (day 0 is the end of 2020)."""
    return (year - START_YEAR) * DAYS_PER_YEAR


def day_of(key: int | dt.date) -> float:
    """The model day on which a schedule entry applies: 1 January for a year, else the date."""
    if isinstance(key, int):
        return year_end_day(key - 1)
    return year_end_day(key.year - 1) + (key - dt.date(key.year, 1, 1)).days
