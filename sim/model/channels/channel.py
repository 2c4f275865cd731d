"""What a care channel is: one way older people get care, behind one interface.

Each channel (nursing-home beds, home care, community centres, long-term-care
insurance, family care beds) reads its part of the spec, keeps its state per year and, once a
replication has run, gives three things:

- its indicator rows: {indicator id: value per reported year, base year first}, for the
  indicators it owns (`sim.model.indicators` defines them and puts them in order);
- its cost lines: {cost line: quantity per simulated year}, which `sim.model.costs`
  adds up over the channels that have them and prices (a line such as
  `certifications` is shared: every channel trains workers at the same price);
- its certified care workers per reported year (None for a channel without workers of
  its own), which the indicator `certified_caregivers` adds up.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

#: Indicator rows of a channel: indicator id to value per reported year (base year first).
IndicatorRows = dict[str, np.ndarray]
#: Cost lines of a channel: line name to quantity per simulated year.
CostLines = dict[str, np.ndarray]


class CareChannel(Protocol):
    """One way of getting care, as the indicators and the costs see it."""

    #: a short id: "nursing_homes", "home_care", "community_centres", "ltc", "family_beds"
    name: str

    def indicator_rows(self) -> IndicatorRows:
        """The indicators this channel owns, by reported year."""
        ...

    def cost_lines(self) -> CostLines:
        """Quantities the costs price, by cost line and simulated year."""
        ...

    def certified_workers(self) -> np.ndarray | None:
        """Certified care workers at each reported year end, or None without workers."""
        ...


def percent(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """100 x `numerator` / `denominator`, NaN where the denominator is not positive."""
    with np.errstate(divide="ignore", invalid="ignore"):
        result: np.ndarray = np.where(denominator > 0, 100.0 * numerator / denominator, np.nan)
    return result


def with_start(value_at_start: float, per_year: np.ndarray) -> np.ndarray:
    """A value per reported year: the starting state, then one per simulated year."""
    return np.concatenate([[value_at_start], np.asarray(per_year, dtype=float)])


def flow(per_year: np.ndarray) -> np.ndarray:
    """A flow per reported year: undefined (NaN) in the base year."""
    return with_start(np.nan, per_year)


def nan_first(per_year: np.ndarray) -> np.ndarray:
    """A yearly total per reported year, NaN in the base year (kept as the channels'
    records have always built it)."""
    result: np.ndarray = np.r_[np.nan, per_year]
    return result
