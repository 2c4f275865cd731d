"""Default data tables in `data/`: loading and checking them.

Each table carries its source and confidence beside the values (see
`data/README.md`). Scalar assumptions live in `data/parameters.csv`, one row
each, with a plausible range; a scenario may override any of them by name
under `assumptions:`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import InputError

#: Health states, in the order the model indexes them.
HEALTH_STATES: tuple[str, ...] = ("independent", "partial", "full")
INDEPENDENT, PARTIAL, FULL, DEAD = 0, 1, 2, 3

#: Lower edges of the 5-year age bands of the health tables; the last is open (95+).
AGE_BAND_STARTS: tuple[int, ...] = (60, 65, 70, 75, 80, 85, 90, 95)

SEXES: tuple[str, ...] = ("male", "female")

#: Probabilities of each setting that a scenario or the data must give per state.
CARE_SETTINGS: tuple[str, ...] = ("family", "community", "bed")


def default_data_dir() -> Path:
    """The project's `data/` folder, or `$SIM_DATA_DIR` when set."""
    override = os.environ.get("SIM_DATA_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Parameter:
    """One scalar assumption or sourced figure from `data/parameters.csv`."""

    name: str
    value: float
    unit: str
    low: float
    high: float
    confidence: str
    source: str
    note: str


@dataclass(frozen=True)
class DefaultData:
    """All default tables, checked.

    Health tables are held as arrays indexed [band, ...] in `AGE_BAND_STARTS` order:
    `death_probability_independent[sex, band]` (annual probability),
    `transition_probability[band, from_state, to_state]` (annual, non-death, 3x3 with
    a zero diagonal), `prevalence_2020[band, state]` (fractions summing to 1),
    `mortality_multiplier[state]` (hazard ratio against the independent state).
    """

    parameters: Mapping[str, Parameter]
    population_shape: pd.DataFrame
    death_probability_independent: np.ndarray
    transition_probability: np.ndarray
    prevalence_2020: np.ndarray
    mortality_multiplier: np.ndarray
    plan_indicators: pd.DataFrame

    def value(self, name: str) -> float:
        """The default value of parameter `name`."""
        return self.parameters[name].value


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(str(path), "", "data file not found")
    try:
        table = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise InputError(str(path), "", f"cannot be read as CSV ({error})") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(str(path), missing[0], "column missing")
    return table


def _check_probability(path: Path, key: str, values: np.ndarray) -> None:
    if not np.all(np.isfinite(values)) or np.any(values < 0) or np.any(values > 1):
        raise InputError(str(path), key, "expected probabilities between 0 and 1")


def _band_index(path: Path, bands: pd.Series) -> np.ndarray:
    index = np.searchsorted(AGE_BAND_STARTS, bands.to_numpy())
    valid = (index < len(AGE_BAND_STARTS)) & (
        np.asarray(AGE_BAND_STARTS)[np.minimum(index, len(AGE_BAND_STARTS) - 1)] == bands
    )
    if not valid.all():
        raise InputError(str(path), "age_band_start", f"expected one of {list(AGE_BAND_STARTS)}")
    return index


def _load_parameters(path: Path) -> dict[str, Parameter]:
    table = _read(path, ["name", "value", "unit", "low", "high", "confidence", "source"])
    parameters: dict[str, Parameter] = {}
    for row in table.itertuples(index=False):
        name = str(row.name)
        if name in parameters:
            raise InputError(str(path), name, "parameter listed twice")
        values = (float(row.value), float(row.low), float(row.high))
        if not all(np.isfinite(values)):
            raise InputError(str(path), name, "value, low and high must be numbers")
        if not values[1] <= values[0] <= values[2]:
            raise InputError(str(path), name, "expected low <= value <= high")
        note = "" if pd.isna(getattr(row, "note", "")) else str(getattr(row, "note", ""))
        parameters[name] = Parameter(
            name, values[0], str(row.unit), values[1], values[2],
            str(row.confidence), str(row.source), note,
        )  # fmt: skip
    return parameters


@lru_cache(maxsize=4)
def load_default_data(data_dir: Path | None = None) -> DefaultData:
    """Read and check every table in `data_dir` (the project's `data/` by default)."""
    folder = data_dir or default_data_dir()
    parameters = _load_parameters(folder / "parameters.csv")

    shape_path = folder / "population_shape.csv"
    shape = _read(shape_path, ["age_band_start", "sex", "persons_thousands"])
    if not set(shape["sex"]) <= set(SEXES) or (shape["persons_thousands"] < 0).any():
        raise InputError(str(shape_path), "sex/persons_thousands", "expected male/female, >= 0")

    n_bands = len(AGE_BAND_STARTS)
    mortality_path = folder / "mortality.csv"
    mortality = _read(
        mortality_path, ["age_band_start", "sex", "annual_death_probability_independent"]
    )
    death = np.full((len(SEXES), n_bands), np.nan)
    bands = _band_index(mortality_path, mortality["age_band_start"])
    sexes = mortality["sex"].map({s: i for i, s in enumerate(SEXES)})
    if sexes.isna().any():
        raise InputError(str(mortality_path), "sex", "expected male or female")
    death[sexes.to_numpy(int), bands] = mortality["annual_death_probability_independent"]
    if np.isnan(death).any():
        raise InputError(str(mortality_path), "", "expected one row per sex and age band")
    _check_probability(mortality_path, "annual_death_probability_independent", death)

    transitions_path = folder / "transitions.csv"
    transitions = _read(
        transitions_path, ["age_band_start", "from_state", "to_state", "annual_probability"]
    )
    state_index = {s: i for i, s in enumerate(HEALTH_STATES)}
    origin = transitions["from_state"].map(state_index)
    target = transitions["to_state"].map(state_index)
    if origin.isna().any() or target.isna().any() or (origin == target).any():
        raise InputError(str(transitions_path), "from_state/to_state", f"expected {HEALTH_STATES}")
    transition = np.zeros((n_bands, 3, 3))
    transition[
        _band_index(transitions_path, transitions["age_band_start"]),
        origin.to_numpy(int),
        target.to_numpy(int),
    ] = transitions["annual_probability"]
    _check_probability(transitions_path, "annual_probability", transition)
    multipliers_path = folder / "state_mortality_multipliers.csv"
    multipliers = _read(multipliers_path, ["state", "hazard_multiplier"])
    multiplier = np.full(3, np.nan)
    multiplier[multipliers["state"].map(state_index).to_numpy(int)] = multipliers[
        "hazard_multiplier"
    ]
    if np.isnan(multiplier).any() or (multiplier <= 0).any():
        raise InputError(str(multipliers_path), "hazard_multiplier", "one positive row per state")
    worst_leave = transition.sum(axis=2) + death.max(axis=0)[:, None] * multiplier[None, :]
    if (worst_leave >= 1).any():
        raise InputError(
            str(transitions_path), "annual_probability", "leaving a state sums to >= 1"
        )

    prevalence_path = folder / "prevalence_2020.csv"
    prevalence = _read(prevalence_path, ["age_band_start", "partial_share", "full_share"])
    shares = np.zeros((n_bands, 3))
    bands = _band_index(prevalence_path, prevalence["age_band_start"])
    shares[bands, PARTIAL] = prevalence["partial_share"]
    shares[bands, FULL] = prevalence["full_share"]
    shares[:, INDEPENDENT] = 1 - shares[:, PARTIAL] - shares[:, FULL]
    _check_probability(prevalence_path, "partial_share/full_share", shares)

    plan = _read(folder / "plan_indicators.csv", ["indicator", "value_2020"])
    return DefaultData(
        parameters=parameters,
        population_shape=shape,
        death_probability_independent=death,
        transition_probability=transition,
        prevalence_2020=shares,
        mortality_multiplier=multiplier,
        plan_indicators=plan,
    )
