"""Care workers in nursing homes: how many, how many certified, and how many the residents need.

A bed without the staff to run it cannot take a resident: a resident in health
state s needs 1 / (residents per caregiver in s) workers, and an admission goes
ahead only while the workers on hand cover everyone's need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import rng
from sim.model.calendar import MONTHS_PER_YEAR
from sim.model.quantiles import binomial_quantile, poisson_quantile
from sim.model.spec import ModelSpec, Parameters

#: Slack in the staffing comparison, against rounding in the running sum of needs.
STAFF_TOLERANCE = 1e-9


class Workforce:
    """Certified and uncertified workers, and the workers the residents need."""

    __slots__ = ("certified", "needed", "per_resident", "residents_by_state", "uncertified")

    def __init__(self, parameters: Parameters, caregivers: int, certified: int) -> None:
        self.certified = certified
        self.uncertified = max(caregivers - certified, 0)
        #: workers one resident needs, by health state
        self.per_resident = (
            1 / parameters.residents_per_caregiver_independent,
            1 / parameters.residents_per_caregiver_partial,
            1 / parameters.residents_per_caregiver_full,
        )
        self.needed = 0.0
        self.residents_by_state = [0, 0, 0]

    @property
    def total(self) -> int:
        """All workers."""
        return self.certified + self.uncertified

    def allows(self, state: int) -> bool:
        """Whether the workers can look after one more resident in `state`."""
        needed = self.needed + self.per_resident[state]
        return needed <= self.certified + self.uncertified + STAFF_TOLERANCE

    def count_resident(self, state: int, change: int) -> None:
        """A resident in `state` arrives (+1) or leaves (-1)."""
        self.residents_by_state[state] += change
        self.needed += change * self.per_resident[state]


def hires_this_month(
    *,
    target: float,
    workers: int,
    expected_leavers: float,
    lag_months: float,
    ceiling: float,
    uniform: float,
) -> int:
    """Workers hired in a month by providers who recruit toward `target` workers.

    Providers replace the workers they expect to lose and close the gap to the target
    by 1/`lag_months` a month, but never hire more than the labour market gives them
    (`ceiling` a month) and never fire. The number hired is the Poisson quantile of
    `uniform` at that mean (inversion keeps common random numbers across scenarios).
    """
    wanted = expected_leavers + (target - workers) / lag_months
    mean = min(max(wanted, 0.0), ceiling)
    if mean <= 0:
        return 0
    return int(poisson_quantile(uniform, mean))


def leavers(uniforms: np.ndarray, workers: np.ndarray, probability: float) -> np.ndarray:
    """Workers who leave in a month, per pool of `workers` (each leaves with
    `probability`): binomial quantiles of `uniforms`, 0 for an empty pool."""
    left = np.zeros(len(workers), dtype=np.int64)
    staffed = workers > 0
    if staffed.any():
        counts = binomial_quantile(uniforms[staffed], workers[staffed], probability)
        left[staffed] = np.maximum(np.asarray(counts), 0).astype(np.int64)
    return left


def hires_by_pool(
    *,
    targets: np.ndarray,
    workers: np.ndarray,
    expected_leavers: np.ndarray,
    lag_months: float,
    ceilings: np.ndarray,
    uniforms: np.ndarray,
) -> np.ndarray:
    """`hires_this_month` for several pools of workers at once (arrays by pool)."""
    wanted = expected_leavers + (targets - workers) / lag_months
    means = np.minimum(np.maximum(wanted, 0.0), ceilings)
    hired = np.zeros(len(means), dtype=np.int64)
    hiring = means > 0
    if hiring.any():
        hired[hiring] = np.asarray(poisson_quantile(uniforms[hiring], means[hiring])).astype(
            np.int64
        )
    return hired


@dataclass(frozen=True, eq=False)
class TurnoverDraws:
    """The nursing-home workforce's monthly draws for every area: uniforms [month, area,
    4] (leavers certified, leavers uncertified, hires, certifications), the monthly
    chance to leave, hiring ceilings [month, area] and certifications [month, area]."""

    uniforms: np.ndarray
    leave_probability: float
    ceilings: np.ndarray
    certifications: np.ndarray

    @classmethod
    def of(cls, spec: ModelSpec, replication: int, n_areas: int) -> TurnoverDraws:
        """The draws of `spec`'s replication: the district's ceilings and training split
        by the areas' hiring shares (one area: the district's)."""
        capacity = spec.capacity
        n_months = spec.n_years * MONTHS_PER_YEAR
        uniforms = rng.stream(spec.seed, replication, "caregivers").random((n_months, n_areas, 4))
        # The annual share who leave, spread over months: 1 - (1 - a)^(1/12) a month.
        leave = 1 - (1 - capacity.attrition_per_year) ** (1 / MONTHS_PER_YEAR)
        year_of_month = np.arange(n_months) // MONTHS_PER_YEAR
        ceilings = np.asarray(capacity.hires_per_year)[year_of_month] / MONTHS_PER_YEAR
        trained = np.asarray(capacity.certifications_per_year)[year_of_month] / MONTHS_PER_YEAR
        ceilings, trained = ceilings[:, None], trained[:, None]
        if spec.places is not None:  # split by the townships' shares of the workers
            share = spec.places.hiring_share[None, :]
            ceilings, trained = ceilings * share, trained * share
            # What a township's homes may hire and certify on top of their share.
            extra = capacity.extra_hires_by_area
            if extra is not None:
                ceilings = ceilings + extra[year_of_month] / MONTHS_PER_YEAR
            extra = capacity.extra_certifications_by_area
            if extra is not None:
                trained = trained + extra[year_of_month] / MONTHS_PER_YEAR
        # Inversion keeps the draws aligned across scenarios (common random numbers);
        # certifications do not depend on the state, so they are inverted all at once.
        certifications = poisson_quantile(uniforms[:, :, 3], trained).astype(np.int64)
        return cls(uniforms, leave, ceilings, certifications)
