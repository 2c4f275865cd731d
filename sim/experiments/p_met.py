"""How sure a simulated P(met) is: the Wilson score interval of a share of replications.

A goal's P(met) from n replications is a sample share k/n. The optimiser states it with
its interval and holds a plan to the interval's lower bound, so that a stated
probability holds out of sample (`docs/optimise.md`, "Probability"). Each bound is
one-sided at `CONFIDENCE` (90%): the true P(met) is below the lower bound, or above the
upper bound, with probability of about 10% each.

Wilson rather than Clopper-Pearson: Clopper-Pearson's guarantee is conservative enough
that 20 replications that all meet a goal (its one-sided 90% lower bound 0.891) could
never certify a 90% goal, while Wilson's coverage is close to nominal on average and
20 of 20 certifies it (0.924).
"""

from __future__ import annotations

import math

#: One-sided confidence of each bound of a P(met).
CONFIDENCE = 0.9
#: The most replications a check may need to certify a probability (a cap, so that a
#: probability near 1 does not ask for thousands).
MOST_REPLICATIONS = 200


def _z(confidence: float) -> float:
    # scipy.special, not scipy.stats: the quantile without a second of imports.
    from scipy.special import ndtri

    return float(ndtri(confidence))


def wilson_interval(
    met: int, replications: int, confidence: float = CONFIDENCE
) -> tuple[float, float]:
    """The Wilson score bounds (lower, upper) of a share `met` of `replications`, each
    one-sided at `confidence`; (0, 1) without replications."""
    if replications <= 0:
        return 0.0, 1.0
    z = _z(confidence)
    share = met / replications
    denominator = 1 + z * z / replications
    centre = share + z * z / (2 * replications)
    half = z * math.sqrt(share * (1 - share) / replications + z * z / (4 * replications**2))
    low = max(0.0, (centre - half) / denominator)
    high = min(1.0, (centre + half) / denominator)
    return low, high


def certified(met: int, replications: int, required: float) -> bool:
    """Whether `met` of `replications` shows P(met) at least `required` (the lower bound
    at least the requirement)."""
    return wilson_interval(met, replications)[0] >= required - 1e-12


def significantly_below(met: int, replications: int, required: float) -> bool:
    """Whether `met` of `replications` shows P(met) below `required` (the upper bound
    below the requirement): the test a fresh run of a plan puts its claim to."""
    return wilson_interval(met, replications)[1] < required - 1e-12


def aim_probability(required: float, replications: int) -> float:
    """The share of `replications` a check must reach for its lower bound to certify
    `required`: the least k/n that does, or 1 when even n of n does not."""
    for met in range(replications + 1):
        if certified(met, replications, required):
            return met / replications
    return 1.0


def surrogate_probability(required: float, replications: int) -> float:
    """The probability a plan's goal should hold with for a check of `replications` to
    certify `required` with even odds: the least P at which a binomial count of
    `replications` reaches the certifying share (`aim_probability`) half the time. It is
    what the surrogate aims at: a quantile of a pooled spread, unlike the share of a few
    replications, must stay short of the extreme."""
    from scipy.optimize import brentq
    from scipy.stats import binom

    needed = round(aim_probability(required, replications) * replications)
    if needed <= 0:
        return required

    def odds(p: float) -> float:
        return float(binom.sf(needed - 1, replications, p)) - 0.5

    return float(brentq(odds, 1e-9, 1 - 1e-12))


def replications_to_certify(required: float, at_least: int) -> int:
    """The fewest replications (at least `at_least`, at most MOST_REPLICATIONS) whose
    every one meeting a goal certifies `required`."""
    count = max(at_least, 1)
    while count < MOST_REPLICATIONS and not certified(count, count, required):
        count += 1
    return count
