"""Default data tables in `data/`: loading and checking them.

Each table carries its source and confidence beside the values (see
`data/README.md`). Scalar parameters live in `data/parameters.csv`, one row
each, with a documented range; each is a typed field of
`sim.model.spec.Parameters`, whose unit and admissible range the file is
checked against. A scenario may override any parameter by name under
`assumptions:`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.model.spec import AGE_BAND_STARTS, SEXES, parameter_bounds
from sim.model.states import LIVING_STATES, Health

#: How an uncertain parameter is distributed over its range (`sim.config.uncertainty`).
DISTRIBUTIONS = ("fixed", "uniform", "triangular", "lognormal")
#: Health-state names as the data files write them, in table order.
STATE_NAMES: tuple[str, ...] = ("independent", "partial", "full")


def default_data_dir() -> Path:
    """The project's `data/` folder, or `$SIM_DATA_DIR` when set."""
    override = os.environ.get("SIM_DATA_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent.parent / "data"


@dataclass(frozen=True)
class ParameterRecord:
    """One row of `data/parameters.csv`: a value with its unit, documented range and source."""

    name: str
    value: float
    unit: str
    low: float
    high: float
    confidence: str
    source: str
    note: str
    #: fixed, uniform, triangular or lognormal (see `sim.config.uncertainty`), and why
    distribution: str = ""
    distribution_reason: str = ""
    #: what a bureau would measure to know it better, and how (English, Chinese)
    measure_en: str = ""
    measure_zh: str = ""
    #: its name for readers (English, Chinese)
    label_en: str = ""
    label_zh: str = ""
    #: the source in Chinese (for reports)
    source_zh: str = ""


@dataclass(frozen=True, eq=False)
class DefaultData:
    """All default tables, checked.

    Health tables are held as arrays indexed [band, ...] in `AGE_BAND_STARTS` order:
    `death_probability_independent[sex, band]` (annual probability),
    `transition_probability[band, from_state, to_state]` (annual, non-death, 3x3 with
    a zero diagonal), `prevalence[band, state]` (fractions summing to 1),
    `mortality_multiplier[state]` (hazard ratio against the independent state).
    """

    folder: Path
    parameters: Mapping[str, ParameterRecord]
    population_shape: pd.DataFrame
    death_probability_independent: np.ndarray
    transition_probability: np.ndarray
    prevalence: np.ndarray
    mortality_multiplier: np.ndarray

    def value(self, name: str) -> float:
        """The default value of parameter `name`."""
        return self.parameters[name].value


def read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """A CSV table with at least `columns`; a missing or broken file is one `InputError`."""
    if not path.is_file():
        raise InputError(str(path), "", "data file not found")
    try:
        table = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
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


def _number(path: Path, name: str, column: str, raw: object) -> float:
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(str(path), f"{name}.{column}", f"expected a number, got {raw!r}") from None
    if not np.isfinite(value):
        raise InputError(str(path), f"{name}.{column}", f"expected a finite number, got {raw!r}")
    return value


def load_parameters(path: Path) -> dict[str, ParameterRecord]:
    """Every row of a parameters file, checked against the model's typed parameters."""
    table = read_table(path, ["name", "value", "unit", "low", "high", "confidence", "source"])
    bounds = parameter_bounds()
    parameters: dict[str, ParameterRecord] = {}
    for row in table.itertuples(index=False):
        name = str(row.name)
        if name in parameters:
            raise InputError(str(path), name, "parameter listed twice")
        if name not in bounds:
            raise InputError(str(path), name, "not a parameter of the model")
        value, low, high = (
            _number(path, name, c, getattr(row, c)) for c in ("value", "low", "high")
        )
        if not low <= value <= high:
            raise InputError(str(path), name, "expected low <= value <= high")
        expected = bounds[name]
        if str(row.unit) != expected.unit:
            raise InputError(
                str(path), f"{name}.unit", f"expected {expected.unit!r}, got {row.unit!r}"
            )
        for column, number in (("value", value), ("low", low), ("high", high)):
            if not expected.admits(number):
                raise InputError(
                    str(path), f"{name}.{column}", f"expected {expected.describe()}, got {number:g}"
                )

        def text(column: str, row: Any = row) -> str:
            raw = getattr(row, column, "")
            return "" if pd.isna(raw) else str(raw)

        distribution = text("distribution")
        if distribution not in ("", *DISTRIBUTIONS):
            raise InputError(str(path), f"{name}.distribution", f"expected one of {DISTRIBUTIONS}")
        if distribution == "lognormal" and low <= 0:
            raise InputError(str(path), f"{name}.distribution", "a lognormal needs low > 0")
        parameters[name] = ParameterRecord(
            name, value, str(row.unit), low, high, str(row.confidence), str(row.source),
            text("note"), text("distribution"), text("distribution_reason"), text("measure_en"),
            text("measure_zh"), text("label_en") or name, text("label_zh") or name,
            text("source_zh"),
        )  # fmt: skip
    missing = [name for name in bounds if name not in parameters]
    if missing:
        raise InputError(str(path), missing[0], "parameter missing")
    return parameters


@lru_cache(maxsize=4)
def load_default_data(data_dir: Path | None = None) -> DefaultData:
    """Read and check every table in `data_dir` (the project's `data/` by default)."""
    folder = data_dir or default_data_dir()
    parameters = load_parameters(folder / "parameters.csv")

    shape_path = folder / "population_shape.csv"
    shape = read_table(shape_path, ["age_band_start", "sex", "persons_thousands"])
    if not set(shape["sex"]) <= set(SEXES) or (shape["persons_thousands"] < 0).any():
        raise InputError(str(shape_path), "sex/persons_thousands", "expected male/female, >= 0")

    n_bands = len(AGE_BAND_STARTS)
    mortality_path = folder / "mortality.csv"
    mortality = read_table(
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
    transitions = read_table(
        transitions_path, ["age_band_start", "from_state", "to_state", "annual_probability"]
    )
    state_index = {name: int(state) for name, state in zip(STATE_NAMES, LIVING_STATES, strict=True)}
    origin = transitions["from_state"].map(state_index)
    target = transitions["to_state"].map(state_index)
    if origin.isna().any() or target.isna().any() or (origin == target).any():
        raise InputError(str(transitions_path), "from_state/to_state", f"expected {STATE_NAMES}")
    transition = np.zeros((n_bands, 3, 3))
    transition[
        _band_index(transitions_path, transitions["age_band_start"]),
        origin.to_numpy(int),
        target.to_numpy(int),
    ] = transitions["annual_probability"]
    _check_probability(transitions_path, "annual_probability", transition)
    multipliers_path = folder / "state_mortality_multipliers.csv"
    multipliers = read_table(multipliers_path, ["state", "hazard_multiplier"])
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
    prevalence = read_table(prevalence_path, ["age_band_start", "partial_share", "full_share"])
    shares = np.zeros((n_bands, 3))
    bands = _band_index(prevalence_path, prevalence["age_band_start"])
    shares[bands, Health.PARTIAL] = prevalence["partial_share"]
    shares[bands, Health.FULL] = prevalence["full_share"]
    shares[:, Health.INDEPENDENT] = 1 - shares[:, Health.PARTIAL] - shares[:, Health.FULL]
    _check_probability(prevalence_path, "partial_share/full_share", shares)

    return DefaultData(
        folder=folder,
        parameters=parameters,
        population_shape=shape,
        death_probability_independent=death,
        transition_probability=transition,
        prevalence=shares,
        mortality_multiplier=multiplier,
    )
