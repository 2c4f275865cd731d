"""Health-state hazards from annual transition and death probabilities.

The data give, per age band, annual probabilities of moving between the living
states and of dying (by sex, for the independent state, with a hazard multiplier
per state). The model samples times-to-event, so it needs hazards: the
competing-risks conversion below turns the probabilities of leaving a state
into hazards that reproduce them exactly over one year.
"""

from __future__ import annotations

import numpy as np

from sim.model.states import Health


def annual_hazards(
    death_probability_independent: np.ndarray,
    transition_probability: np.ndarray,
    mortality_multiplier_by_state: np.ndarray,
) -> np.ndarray:
    """Transition hazards per year, [sex, band, from state, to state (4, last = dead)].

    `death_probability_independent[sex, band]` and `transition_probability[band,
    from, to]` (living states, zero diagonal) are annual probabilities;
    `mortality_multiplier_by_state[state]` is each state's death hazard relative to
    the independent state. Annual probabilities p_ij (death included) become
    hazards by P_i = sum_j p_ij, lambda_i = -ln(1 - P_i), q_ij = lambda_i p_ij / P_i.
    """
    death_hazard_independent = -np.log1p(-death_probability_independent)  # [sex, band]
    n_sexes, n_bands = death_probability_independent.shape
    hazards = np.zeros((n_sexes, n_bands, 3, 4))
    for sex in range(n_sexes):
        probability = np.zeros((n_bands, 3, 4))
        probability[:, :, :3] = transition_probability
        death_hazard = (
            death_hazard_independent[sex][:, None] * mortality_multiplier_by_state[None, :]
        )
        probability[:, :, Health.DEAD] = -np.expm1(-death_hazard)
        leave = probability.sum(axis=2, keepdims=True)
        hazards[sex] = -np.log1p(-leave) * probability / leave
    return hazards


def with_multipliers(
    hazards: np.ndarray, mortality_multiplier: float, disability_multiplier: float
) -> np.ndarray:
    """`hazards` with every death hazard and the onset hazards from independence scaled."""
    scaled = hazards.copy()
    scaled[..., Health.DEAD] *= mortality_multiplier
    scaled[:, :, Health.INDEPENDENT, Health.PARTIAL] *= disability_multiplier
    scaled[:, :, Health.INDEPENDENT, Health.FULL] *= disability_multiplier
    return scaled


#: No age band has more than this share in either disabled state after a multiplier,
#: so the independent share stays >= 0.
MAX_DISABLED_SHARE = 0.5


def prevalence_with_multiplier(prevalence: np.ndarray, multiplier: float) -> np.ndarray:
    """Shares of [independent, partial, full] by age band, disabled shares scaled."""
    shares = prevalence.copy()
    shares[:, Health.PARTIAL :] *= multiplier
    shares[:, Health.PARTIAL :] = np.minimum(shares[:, Health.PARTIAL :], MAX_DISABLED_SHARE)
    shares[:, Health.INDEPENDENT] = 1 - shares[:, Health.PARTIAL :].sum(axis=1)
    return shares
