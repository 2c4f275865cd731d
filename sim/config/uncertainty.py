"""What we do not know about the inputs: a distribution for every uncertain figure, and
one draw of them per replication.

Every parameter with a range in `data/parameters.csv` has a distribution there
(`distribution` and its reason): `triangular` (most likely at the value, possible to
the ends of the range), `uniform` (nothing favours the value) or `lognormal` (a
positive quantity known only roughly: median at the value, the range as its 2.5 and
97.5 percentiles, truncated to it). Base-year figures of a district pack that are
not published (estimates, assumptions, calibrated) and carry a range are drawn
triangularly within it.

With `uncertainty: parameters` a replication draws one value of each from a named
stream of its own (`parameter:<name>`, `figure:<year>:<item>`) keyed by the seed and
the replication number, so replication k draws the same values in every scenario
(the comparison stays paired), and adding an input changes no other input's draws.
A value the scenario sets under `assumptions:` is the planner's and is not drawn. A
parameter the district pack sets is the district's: drawn within the pack's range when
it gives one, otherwise used as given.
The two probabilities of each disabled state's care choice that have a range are
drawn; the third (family care) is what remains.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.config.data import DISTRIBUTIONS, DefaultData, ParameterRecord
from sim.config.pack_schema import OBSERVED_CONFIDENCE, DistrictPack
from sim.model import rng
from sim.model.spec import CHOICE_GROUPS, PLACE_PARAMETERS, parameter_bounds

UNCERTAINTY_MODES = ("none", "parameters")
#: The 2.5th and 97.5th percentiles of a lognormal lie this many sigmas from the median.
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class InputValues:
    """Values of uncertain inputs that replace their defaults in one run: parameters by
    name, base-year figures by item."""

    parameters: Mapping[str, float]
    figures: Mapping[str, float]


@dataclass(frozen=True)
class Distribution:
    """A figure's distribution: its kind, range and most likely (or median) value."""

    kind: str
    low: float
    value: float
    high: float

    def quantile(self, u: float) -> float:
        """The value at probability `u` (0-1)."""
        from scipy import stats  # imported here: scipy.stats takes a second to load

        if self.kind == "uniform":
            return self.low + u * (self.high - self.low)
        if self.kind == "triangular":
            width = self.high - self.low
            mode = (self.value - self.low) / width if width > 0 else 0.5
            return float(stats.triang.ppf(u, mode, loc=self.low, scale=width))
        if self.kind == "lognormal":
            sigma = math.log(self.high / self.low) / (2 * Z_95)
            distribution = stats.lognorm(s=sigma, scale=self.value)
            # Truncated to the range: u maps onto the range's part of the distribution.
            low, high = distribution.cdf(self.low), distribution.cdf(self.high)
            return float(np.clip(distribution.ppf(low + u * (high - low)), self.low, self.high))
        return self.value


def parameter_distribution(record: ParameterRecord) -> Distribution:
    """The distribution a parameters row declares (fixed when it has no range; the rows
    were checked when the data was loaded)."""
    kind = record.distribution or ("fixed" if record.low == record.high else "triangular")
    assert kind in DISTRIBUTIONS
    return Distribution(kind, record.low, record.value, record.high)


def uncertain_parameters(
    data: DefaultData, pack: DistrictPack | None = None
) -> dict[str, Distribution]:
    """Every parameter that is drawn, with its distribution (family-care shares, which are
    what remains of their state's choices, are not listed). A parameter the district
    pack sets is the district's: drawn triangularly within the pack's range around its
    value, or not drawn when the pack gives no range."""
    overrides = pack.parameters if pack is not None else {}
    # A figure only townships use is not uncertain in a district that is one pool.
    pooled = pack is None or getattr(pack, "places", None) is None
    drawn = {}
    for name, record in data.parameters.items():
        if pooled and name in PLACE_PARAMETERS:
            continue
        if name in overrides:
            own = overrides[name]
            if own.low is None or own.high is None or not own.low < own.high:
                continue
            distribution = Distribution("triangular", own.low, own.value, own.high)
        else:
            distribution = parameter_distribution(record)
        if distribution.kind != "fixed" and distribution.low < distribution.high:
            drawn[name] = distribution
    return drawn


def central_values(data: DefaultData, pack: DistrictPack | None = None) -> dict[str, float]:
    """Every parameter's value when nothing is drawn: the default, or the pack's own."""
    values = {name: record.value for name, record in data.parameters.items()}
    if pack is not None:
        values.update({name: own.value for name, own in pack.parameters.items()})
    return values


def draw(seed: int, replication: int, key: str, distribution: Distribution) -> float:
    """One value of `distribution` from the stream `key` of this seed and replication."""
    u = rng.stream(seed, replication, key).random()
    return distribution.quantile(u)


def drawn_parameters(
    data: DefaultData,
    pack: DistrictPack | None,
    fixed_by_scenario: Mapping[str, float],
    seed: int,
    replication: int,
) -> dict[str, float]:
    """The drawn value of every uncertain parameter the scenario does not set itself."""
    values = {
        name: draw(seed, replication, f"parameter:{name}", distribution)
        for name, distribution in uncertain_parameters(data, pack).items()
        if name not in fixed_by_scenario
    }
    bounds = parameter_bounds()
    for name, value in values.items():
        low = bounds[name].ge if bounds[name].ge is not None else -np.inf
        high = bounds[name].le if bounds[name].le is not None else np.inf
        values[name] = float(np.clip(value, low, high))
    complete_choices(values, central_values(data, pack), fixed_by_scenario)
    return values


def complete_choices(
    values: dict[str, float],
    central: Mapping[str, float],
    fixed_by_scenario: Mapping[str, float],
) -> None:
    """Set each disabled state's family-care share to what its community and bed shares
    (drawn, the scenario's, or the central values) leave, unless the scenario sets it."""
    for family, community, bed in CHOICE_GROUPS.values():
        if family in fixed_by_scenario:
            continue
        chosen_community = fixed_by_scenario.get(
            community, values.get(community, central[community])
        )
        chosen_bed = fixed_by_scenario.get(bed, values.get(bed, central[bed]))
        values[family] = max(0.0, 1.0 - chosen_community - chosen_bed)


def uncertain_figures(pack: DistrictPack, year: int) -> dict[str, Distribution]:
    """The base-year figures of `year` that are drawn: not published, and with a range."""
    column = pack.observed.get(year, {})
    drawn = {}
    for item, row in column.items():
        low, high = row.get("low"), row.get("high")
        if row["confidence"] in OBSERVED_CONFIDENCE or low is None or high is None:
            continue
        if low < high:
            drawn[item] = Distribution("triangular", float(low), float(row["value"]), float(high))
    return drawn


def drawn_figures(pack: DistrictPack, year: int, seed: int, replication: int) -> dict[str, float]:
    """The drawn value of every uncertain base-year figure of `year` (whole numbers)."""
    return {
        item: float(round(draw(seed, replication, f"figure:{year}:{item}", distribution)))
        for item, distribution in uncertain_figures(pack, year).items()
    }


def replication_inputs(
    data: DefaultData,
    pack: DistrictPack,
    fixed_by_scenario: Mapping[str, float],
    base_year: int,
    seed: int,
    replication: int,
) -> InputValues:
    """Every uncertain input's draw for one replication."""
    return InputValues(
        parameters=drawn_parameters(data, pack, fixed_by_scenario, seed, replication),
        figures=drawn_figures(pack, base_year, seed, replication),
    )
