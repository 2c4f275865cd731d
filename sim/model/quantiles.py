"""Poisson and binomial quantiles of given uniforms (counts drawn by inversion, so that
common random numbers hold across scenarios).

The numbers are exactly those of `scipy.stats.poisson.ppf` and `scipy.stats.binom.ppf`:
for uniforms strictly inside (0, 1) and valid parameters these functions call the same
special functions scipy's distributions use, and skip the per-call argument handling of
`scipy.stats`, which costs a tenth of a millisecond, hundreds of times a replication.
Anything else (a uniform of 0, a zero mean, an empty pool) goes to `scipy.stats` itself.
`tests/unit/test_quantiles.py` checks the two agree.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

Numbers = float | int | npt.ArrayLike


#: Arrays up to this size are checked element by element in Python: for the few pools of
#: a month's turnover that is several times quicker than numpy's reductions.
SMALL_ARRAY_SIZE = 32


def _inside(uniform: np.ndarray) -> bool:
    """Whether every uniform lies strictly inside (0, 1)."""
    if uniform.size <= SMALL_ARRAY_SIZE:
        return all(0.0 < u < 1.0 for u in uniform.flat)
    return bool(np.all((uniform > 0) & (uniform < 1)))


def _positive_and_finite(mean: np.ndarray) -> bool:
    """Whether every mean is a positive finite number."""
    if mean.size <= SMALL_ARRAY_SIZE:
        return all(0.0 < m < math.inf for m in mean.flat)
    return bool(np.all(np.isfinite(mean) & (mean > 0)))


def _positive_and_whole(trials: np.ndarray) -> bool:
    """Whether every count of trials is a positive whole number."""
    if trials.size <= SMALL_ARRAY_SIZE:
        return all(n > 0 and (n == math.inf or n == math.floor(n)) for n in trials.flat)
    return bool(np.all((trials > 0) & (trials == np.floor(trials))))


def poisson_quantile(uniform: Numbers, mean: Numbers) -> Any:
    """The smallest count k with P(X <= k) >= `uniform` for X ~ Poisson(`mean`), as
    floats (a scalar for scalar arguments). `mean` is in events per period."""
    # Imported here, and scipy.stats only for the rare argument the fast path leaves to
    # it: scipy.stats takes over half a second to load, in every worker process.
    from scipy import special

    q, mu = np.asarray(uniform, dtype=float), np.asarray(mean, dtype=float)
    if not (_inside(q) and _positive_and_finite(mu)):
        from scipy import stats

        return stats.poisson.ppf(q, mu)
    # scipy.stats' own Poisson inversion: the continuous root, then one step down if the
    # count below already reaches the uniform.
    above = np.ceil(special.pdtrik(q, mu))
    below = np.maximum(above - 1, 0)
    quantile = np.where(special.pdtr(below, mu) >= q, below, above)
    return quantile[()] if quantile.ndim == 0 else quantile


def binomial_quantile(uniform: Numbers, trials: Numbers, probability: float) -> Any:
    """The smallest count k with P(X <= k) >= `uniform` for X ~ Binomial(`trials`,
    `probability`), as floats (a scalar for scalar arguments)."""
    from scipy.special import _ufuncs

    q, n = np.asarray(uniform, dtype=float), np.asarray(trials, dtype=float)
    inverse = getattr(_ufuncs, "_binom_ppf", None)  # the Boost inversion scipy.stats calls
    valid = _positive_and_whole(n) and 0 <= probability <= 1
    if inverse is None or not (valid and _inside(q)):
        from scipy import stats

        return stats.binom.ppf(q, n, probability)
    quantile = np.asarray(inverse(q, n, probability))
    return quantile[()] if quantile.ndim == 0 else quantile
