"""What we do not know about the inputs: a distribution for every uncertain figure, and
one draw of them per replication.

Every parameter with a range in `data/parameters.csv` has a distribution there
(`distribution` and its reason): `triangular` (most likely at the value, possible to
the ends of the range), `uniform` (nothing favours the value) or `lognormal` (a
positive quantity known only roughly: median at the value, the range as its 2.5 and
97.5 percentiles, truncated to it). Base-year figures of a district pack that are
not published (estimates, assumptions, calibrated) and carry a range are drawn
triangularly within it, and so are the monthly allowance rates of its `allowances.csv`
that are not published and carry a range (`monthly_yuan_low`, `monthly_yuan_high`).

With `uncertainty: parameters` a replication draws one value of each from a named
stream of its own (`parameter:<name>`, `figure:<year>:<item>`, `allowance:<kind.band>`)
keyed by the seed and
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
from dataclasses import dataclass, field

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
    name, base-year figures by item, monthly allowance rates (yuan) by name (kind.band)."""

    parameters: Mapping[str, float]
    figures: Mapping[str, float]
    allowances: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Distribution:
    """A figure's distribution: its kind, range and most likely (or median) value."""

    kind: str
    low: float
    value: float
    high: float

    def quantile(self, u: float) -> float:
        """The value at probability `u` (0-1).

        Closed forms of what `scipy.stats` computes (`triang.ppf`; `lognorm.cdf` and
        `.ppf`), in the same operations and order so that every value is bit for bit
        the same (tests/unit/test_uncertainty_quantiles.py checks it), at a hundredth of
        the cost: a replication draws some seventy values."""
        if self.kind == "uniform":
            return self.low + u * (self.high - self.low)
        if self.kind == "triangular":
            width = self.high - self.low
            mode = (self.value - self.low) / width if width > 0 else 0.5
            return _triangular_quantile(u, mode, self.low, width)
        if self.kind == "lognormal":
            return _truncated_lognormal_quantile(u, self.low, self.value, self.high)
        return self.value


def _triangular_quantile(u: float, mode: float, low: float, width: float) -> float:
    """`scipy.stats.triang.ppf(u, mode, loc=low, scale=width)`: NaN outside its domain."""
    if not (0 <= mode <= 1 and width > 0 and low == low and 0 <= u <= 1):
        return math.nan
    if u == 0:
        standard = 0.0
    elif u == 1:
        standard = 1.0
    elif u < mode:
        standard = math.sqrt(mode * u)
    else:
        standard = 1 - math.sqrt((1 - mode) * (1 - u))
    return standard * width + low


def _truncated_lognormal_quantile(u: float, low: float, median: float, high: float) -> float:
    """The lognormal whose median is `median` and whose 2.5 and 97.5 percentiles are `low`
    and `high`, truncated to them: `u` maps onto the range's part of the distribution."""
    sigma = math.log(high / low) / (2 * Z_95)
    if not (sigma > 0 and median > 0):
        return math.nan  # scipy.stats answers NaN for a shape or scale out of its domain
    probability_low = _standard_lognormal_cdf(low / median, sigma)
    probability_high = _standard_lognormal_cdf(high / median, sigma)
    probability = probability_low + u * (probability_high - probability_low)
    value = _standard_lognormal_quantile(probability, sigma) * median
    return min(max(value, low), high)  # as np.clip: NaN stays NaN


def _standard_lognormal_cdf(x: float, sigma: float) -> float:
    """`scipy.stats.lognorm.cdf(x, sigma)`: 0 at and below 0, 1 at infinity."""
    from scipy import special  # the normal distribution's functions; scipy.stats is slow

    if math.isnan(x):
        return math.nan
    if x <= 0 or x == math.inf:
        return 0.0 if x <= 0 else 1.0
    # A one-element array, as scipy.stats passes, so that numpy takes the same log.
    return float(special.ndtr(np.log(np.array([x])) / sigma)[0])


def _standard_lognormal_quantile(probability: float, sigma: float) -> float:
    """`scipy.stats.lognorm.ppf(probability, sigma)`: NaN outside 0-1."""
    from scipy import special

    if probability == 0 or probability == 1:
        return 0.0 if probability == 0 else math.inf
    if not 0 < probability < 1:
        return math.nan
    return float(np.exp(sigma * special.ndtri(np.array([probability])))[0])


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
    pooled = pack is None or pack.places is None
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


def uncertain_allowances(pack: DistrictPack) -> dict[str, Distribution]:
    """The monthly allowance rates that are drawn: not published, and with a range."""
    drawn = {}
    for rate in pack.allowances:
        low, high = rate.monthly_yuan_low, rate.monthly_yuan_high
        if rate.confidence in OBSERVED_CONFIDENCE or low is None or high is None:
            continue
        if low < high:
            drawn[rate.name] = Distribution("triangular", low, rate.monthly_yuan, high)
    return drawn


def drawn_allowances(pack: DistrictPack, seed: int, replication: int) -> dict[str, float]:
    """The drawn value of every uncertain monthly allowance rate (yuan)."""
    return {
        name: draw(seed, replication, f"allowance:{name}", distribution)
        for name, distribution in uncertain_allowances(pack).items()
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
        allowances=drawn_allowances(pack, seed, replication),
    )
