"""How an indicator adds up over areas (districts of a city; later, townships of a
district), declared once per indicator and computed by one function.

Each indicator in `sim.model.indicators` carries an `Aggregation`:
- `sum`: counts, costs and hours add up;
- `ratio`: a share recomputed from the areas' summed parts (`factor` × numerator ÷ the
  sum of the denominators), never averaged;
- `weighted_mean`: a mean weighted by what it averages over (the sum of the weight
  terms, each an indicator with a coefficient, e.g. ordinary beds = all beds − nursing);
- `maximum`: the largest area's value;
- `none`: cannot be combined from the areas' values (a percentile); left out.

`aggregate` turns a wide table of areas' values into the totals; an area without a
value (a flow in the base year) leaves the total without one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

RULES = ("sum", "ratio", "weighted_mean", "maximum", "none")


@dataclass(frozen=True)
class Aggregation:
    """How one indicator adds up over areas (see the module's docstring)."""

    rule: str
    #: ratio: the summed indicator over the others
    numerator: str = ""
    #: ratio: the summed indicators the numerator is divided by (their sum)
    denominators: tuple[str, ...] = ()
    #: ratio: the factor of the share (100 for percent, 1,000 per thousand)
    factor: float = 1.0
    #: weighted_mean: (indicator, coefficient) terms whose sum is the weight
    weight: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown aggregation rule {self.rule!r}")
        if self.rule == "ratio" and not (self.numerator and self.denominators):
            raise ValueError("a ratio names its numerator and denominators")
        if self.rule == "weighted_mean" and not self.weight:
            raise ValueError("a weighted mean names its weight")

    def needs(self) -> tuple[str, ...]:
        """The indicators this rule reads besides the indicator itself."""
        numerator = (self.numerator,) if self.numerator else ()
        return (*numerator, *self.denominators, *(term for term, _ in self.weight))

    def describe(self) -> str:
        """The rule in a few words: 'sum', 'ratio 100 × beds_nursing / beds_total', …"""
        if self.rule == "ratio":
            return f"ratio {self.factor:g} × {self.numerator} / {' + '.join(self.denominators)}"
        if self.rule == "weighted_mean":
            terms = " ".join(
                f"{'-' if c < 0 else '+'} {name}" if i else name
                for i, (name, c) in enumerate(self.weight)
            )
            return f"weighted mean by {terms}"
        return {"none": "not aggregable"}.get(self.rule, self.rule)


SUM = Aggregation("sum")
MAXIMUM = Aggregation("maximum")
NOT_AGGREGABLE = Aggregation("none")


def ratio(numerator: str, *denominators: str, factor: float = 100.0) -> Aggregation:
    """A share recomputed from summed parts."""
    return Aggregation("ratio", numerator=numerator, denominators=denominators, factor=factor)


def weighted_mean(*weight: tuple[str, float] | str) -> Aggregation:
    """A mean weighted by the sum of `weight` (indicator ids, or (id, coefficient))."""
    terms = tuple((term, 1.0) if isinstance(term, str) else term for term in weight)
    return Aggregation("weighted_mean", weight=terms)


def aggregate(
    wide: pd.DataFrame, by: Sequence[str], rules: Mapping[str, Aggregation], areas: int
) -> pd.DataFrame:
    """Totals over areas. `wide` has one row per area and key (its index levels include
    `by`, e.g. replication and year) and one column per indicator; `areas` is how many
    areas each total needs (a key missing a value in any area has no total). Returns
    one row per key of `by` and a column per aggregable indicator, in the order of
    `rules` (ratios are computed last: they read the summed parts)."""
    groups = lambda values: values.groupby(level=list(by))  # noqa: E731
    present = [name for name in rules if name in wide]
    total = pd.DataFrame(
        {
            name: groups(wide[name]).sum(min_count=areas)
            if rules[name].rule == "sum"
            else groups(wide[name]).max().where(groups(wide[name]).count() == areas)
            for name in present
            if rules[name].rule in ("sum", "maximum")
        }
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        for name in present:
            rule = rules[name]
            if rule.rule == "weighted_mean":
                weight = sum(coefficient * wide[term] for term, coefficient in rule.weight)
                # As in `combine`: an area of zero weight counts for nothing.
                product = groups((wide[name] * weight).where(weight != 0, 0.0)).sum(min_count=areas)
                mass = groups(weight).sum(min_count=areas)
                total[name] = (product / mass).where(mass > 0)
        for name in present:
            rule = rules[name]
            if rule.rule == "ratio":
                denominator = sum(total[d] for d in rule.denominators)
                total[name] = (rule.factor * total[rule.numerator] / denominator).where(
                    denominator > 0
                )
    return total[[name for name in rules if name in total]]


def combine(
    tables: Sequence[Mapping[str, np.ndarray]], rules: Mapping[str, Aggregation]
) -> dict[str, np.ndarray]:
    """Totals over areas of one replication's indicator tables ({indicator: values by
    year}, one table per area), by the same rules as `aggregate`: a year missing a value
    in any area has no total; a not-aggregable indicator is left out."""
    stacked = {name: np.vstack([table[name] for table in tables]) for name in rules}
    with np.errstate(invalid="ignore", divide="ignore"):
        total: dict[str, np.ndarray] = {}
        for name, rule in rules.items():
            values = stacked[name]
            if rule.rule == "sum":
                total[name] = values.sum(axis=0)
            elif rule.rule == "maximum":
                total[name] = values.max(axis=0)
            elif rule.rule == "weighted_mean":
                weight = np.sum([c * stacked[term] for term, c in rule.weight], axis=0)
                mass = weight.sum(axis=0)
                # An area of zero weight (nobody admitted) counts for nothing, even if its
                # mean is undefined; an undefined weight leaves the total undefined.
                product = np.where(weight == 0, 0.0, values * weight).sum(axis=0)
                total[name] = np.where(mass > 0, product / mass, np.nan)
        for name, rule in rules.items():
            if rule.rule == "ratio":
                denominator = np.sum([total[d] for d in rule.denominators], axis=0)
                share = rule.factor * total[rule.numerator] / denominator
                total[name] = np.where(denominator > 0, share, np.nan)
    return {name: total[name] for name in rules if name in total}
