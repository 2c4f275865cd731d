"""Reading a district data pack: its files into a checked `DistrictPack`.

Every problem with a file raises the one-line `InputError` naming the file and the key
(`observed.csv: 2020.beds_nursing: expected a number >= 0, got -3`). Nothing is kept
between calls: whoever needs a pack several times loads it once and passes it on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.allowances import load_allowances
from sim.config.data import STATE_NAMES, default_data_dir, read_table
from sim.config.pack_schema import (
    ATTRIBUTES,
    CONFIDENCE_LEVELS,
    DEFAULT_DISTRICT,
    OBSERVED_CONFIDENCE,
    OBSERVED_ITEMS,
    PACK_FILES,
    TARGET_STATUSES,
    YOUNGEST_BAND_START,
    DistrictPack,
    ParameterOverride,
    Target,
)
from sim.config.township_schema import TownshipTables
from sim.config.townships import read_townships
from sim.config.yaml_files import read_yaml_mapping
from sim.errors import InputError
from sim.model.indicators import INDICATORS
from sim.model.spec import AGE_BAND_STARTS, SEXES, parameter_bounds


def districts_dir() -> Path:
    """The folder holding the district packs (`data/districts/`)."""
    return default_data_dir() / "districts"


def pack_folder(district: str) -> Path:
    """The folder of pack `district`: an id under `data/districts/`, or a path to a folder."""
    candidate = Path(district)
    if candidate.is_dir() and (candidate / "district.yaml").is_file():
        return candidate
    return districts_dir() / district


def _text(file: str, key: str, value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"zh": value, "en": value}
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise InputError(file, key, "expected text, or {zh: ..., en: ...}")
    return {str(k): str(v) for k, v in value.items()}


def _whole(file: str, key: str, value: Any, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(file, key, f"expected a whole number >= {minimum}, got {value!r}")
    return value


def _number(file: str, key: str, raw: Any) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise InputError(file, key, f"expected a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise InputError(file, key, f"expected a finite number, got {raw!r}")
    return value


def _optional_text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _optional_number(file: str, key: str, value: Any) -> float | None:
    return _number(file, key, value) if _optional_text(value) else None


def _read_observed(path: Path) -> dict[int, dict[str, dict[str, Any]]]:
    table = read_table(path, ["year", "item", "value", "source", "confidence"])
    file = str(path)
    observed: dict[int, dict[str, dict[str, Any]]] = {}
    for row in table.to_dict("records"):
        item = str(row["item"])
        if item not in OBSERVED_ITEMS:
            raise InputError(file, item, f"unknown item (expected one of {list(OBSERVED_ITEMS)})")
        year = int(_number(file, f"{item}.year", row["year"]))
        key = f"{year}.{item}"
        if _optional_text(row["value"]) == "":
            continue  # a blank value: the figure is not known (the default applies)
        value = _number(file, key, row["value"])
        if value < 0:
            raise InputError(file, key, f"expected a number >= 0, got {value:g}")
        confidence = _optional_text(row["confidence"])
        if confidence not in CONFIDENCE_LEVELS:
            raise InputError(
                file, f"{key}.confidence", f"expected one of {', '.join(CONFIDENCE_LEVELS)}"
            )
        if not _optional_text(row["source"]):
            raise InputError(file, f"{key}.source", "every figure needs a source")
        unit = _optional_text(row.get("unit")) or OBSERVED_ITEMS[item].unit
        if unit != OBSERVED_ITEMS[item].unit:
            raise InputError(file, f"{key}.unit", f"expected {OBSERVED_ITEMS[item].unit!r}")
        low = _optional_text(row.get("low"))
        high = _optional_text(row.get("high"))
        entry: dict[str, Any] = {
            "value": value,
            "unit": unit,
            "source": str(row["source"]),
            "source_zh": _optional_text(row.get("source_zh")),
            "confidence": confidence,
            "note": _optional_text(row.get("note")),
            "low": _number(file, f"{key}.low", low) if low else None,
            "high": _number(file, f"{key}.high", high) if high else None,
        }
        if (
            entry["low"] is not None
            and entry["high"] is not None
            and not (entry["low"] <= value <= entry["high"])
        ):
            raise InputError(file, key, "expected low <= value <= high")
        by_year = observed.setdefault(year, {})
        if item in by_year:
            raise InputError(file, key, "listed twice")
        by_year[item] = entry
    return observed


def _read_targets(path: Path) -> tuple[Target, ...]:
    table = read_table(path, ["indicator", "year", "value", "attribute", "status", "source"])
    file = str(path)
    targets = []
    seen = set()
    for row in table.to_dict("records"):
        indicator = str(row["indicator"])
        if indicator not in INDICATORS:
            raise InputError(file, indicator, "unknown indicator (see `sim indicators`)")
        # A township's target names it in the optional column `area` (its code).
        area = _optional_text(row.get("area"))
        area = str(int(float(area))) if area.replace(".", "").isdigit() else area
        year = int(_number(file, f"{indicator}.year", row["year"]))
        key = f"{area + '.' if area else ''}{indicator}.{year}"
        if (area, indicator, year) in seen:
            raise InputError(file, key, "listed twice")
        seen.add((area, indicator, year))
        attribute = _optional_text(row["attribute"])
        if attribute not in ATTRIBUTES:
            raise InputError(file, f"{key}.attribute", "expected binding or expected")
        status = _optional_text(row["status"])
        if status not in TARGET_STATUSES:
            raise InputError(file, f"{key}.status", "expected adopted or proposed")
        if not _optional_text(row["source"]):
            raise InputError(file, f"{key}.source", "every target needs a source")
        targets.append(
            Target(
                indicator=indicator,
                year=year,
                value=_number(file, key, row["value"]),
                attribute=attribute,
                status=status,
                source=str(row["source"]),
                reasoning=_optional_text(row.get("reasoning")),
                source_zh=_optional_text(row.get("source_zh")),
                reasoning_zh=_optional_text(row.get("reasoning_zh")),
                area=area,
            )
        )
    return tuple(targets)


def _township_targets(
    path: Path, targets: tuple[Target, ...], places: TownshipTables | None
) -> tuple[Target, ...]:
    """The targets that name a township, each naming one the pack has."""
    known = set(places.codes) if places is not None else set()
    township = tuple(target for target in targets if target.area)
    for target in township:
        if target.area not in known:
            raise InputError(
                str(path), f"{target.area}.{target.indicator}.{target.year}",
                "unknown township (not in townships.csv)",
            )  # fmt: skip
    return township


def _read_population(path: Path) -> dict[int, pd.DataFrame]:
    if not path.is_file():
        return {}
    table = read_table(path, ["year", "age_band_start", "sex", "persons", "source", "confidence"])
    file = str(path)
    if not set(table["sex"]) <= set(SEXES):
        raise InputError(file, "sex", "expected male or female")
    bands = set(range(YOUNGEST_BAND_START, AGE_BAND_STARTS[-1] + 1, 5))
    if not set(table["age_band_start"]) <= bands:
        raise InputError(
            file, "age_band_start", f"expected 5-year bands from {YOUNGEST_BAND_START} to 95"
        )
    if (table["persons"] < 0).any() or table["persons"].isna().any():
        raise InputError(file, "persons", "expected numbers >= 0")
    by_year = {}
    for year, rows in table.groupby("year"):
        older = rows[rows["age_band_start"] >= AGE_BAND_STARTS[0]]
        complete = {(b, s) for b in AGE_BAND_STARTS for s in SEXES}
        if {
            (int(b), str(s)) for b, s in zip(older["age_band_start"], older["sex"], strict=True)
        } != complete:
            raise InputError(file, f"{year}", "expected one row per sex and 5-year band 60 to 95+")
        by_year[int(year)] = rows[["age_band_start", "sex", "persons"]].reset_index(drop=True)
    return by_year


def _estimated_years(path: Path) -> frozenset[int]:
    """Years of a by-age table with a row that is not a published figure (a row without a
    confidence counts as not published)."""
    if not path.is_file():
        return frozenset()
    table = read_table(path, ["year"])
    if "confidence" not in table:
        return frozenset(int(year) for year in table["year"])
    published = table["confidence"].isin(OBSERVED_CONFIDENCE)
    return frozenset(int(year) for year in table.loc[~published, "year"])


def _read_prevalence(path: Path) -> dict[int, np.ndarray]:
    if not path.is_file():
        return {}
    table = read_table(path, ["year", "age_band_start", "partial_share", "full_share"])
    file = str(path)
    by_year = {}
    for year, rows in table.groupby("year"):
        shares = np.full((len(AGE_BAND_STARTS), 3), np.nan)
        for row in rows.itertuples(index=False):
            if row.age_band_start not in AGE_BAND_STARTS:
                raise InputError(
                    file, f"{year}.{row.age_band_start}", "expected a band from 60 to 95"
                )
            band = AGE_BAND_STARTS.index(int(row.age_band_start))
            shares[band, 1], shares[band, 2] = row.partial_share, row.full_share
        shares[:, 0] = 1 - shares[:, 1] - shares[:, 2]
        if np.isnan(shares).any() or (shares < 0).any() or (shares > 1).any():
            raise InputError(
                file, f"{year}", f"expected shares 0-1 for every band ({STATE_NAMES[1:]})"
            )
        by_year[int(year)] = shares
    return by_year


def _read_forecasts(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    table = read_table(path, ["indicator", "year", "value", "source"])
    file = str(path)
    forecasts: dict[str, dict[str, Any]] = {}
    for row in table.to_dict("records"):
        indicator = str(row["indicator"])
        if indicator not in INDICATORS:
            raise InputError(file, indicator, "unknown indicator (see `sim indicators`)")
        year = int(_number(file, f"{indicator}.year", row["year"]))
        entry = forecasts.setdefault(
            indicator,
            {
                "values": {},
                "source": str(row["source"]),
                "source_zh": _optional_text(row.get("source_zh")),
            },
        )
        entry["values"][str(year)] = _number(file, f"{indicator}.{year}", row["value"])
    return forecasts


def _read_parameters(path: Path) -> dict[str, ParameterOverride]:
    if not path.is_file():
        return {}
    table = read_table(path, ["name", "value", "source", "confidence"])
    for column in ("low", "high", "source_zh"):
        if column not in table.columns:
            table[column] = None
    file = str(path)
    bounds = parameter_bounds()
    overrides = {}
    for row in table.to_dict("records"):
        name = str(row["name"])
        if name not in bounds:
            raise InputError(file, name, "not a parameter of the model (see data/parameters.csv)")
        value = _number(file, name, row["value"])
        if not bounds[name].admits(value):
            raise InputError(file, name, f"expected {bounds[name].describe()}, got {value:g}")
        low = _optional_number(file, f"{name}.low", row["low"])
        high = _optional_number(file, f"{name}.high", row["high"])
        if (low is None) != (high is None):
            raise InputError(file, name, "give both low and high, or neither")
        if low is not None and high is not None and not low <= value <= high:
            raise InputError(file, name, f"value {value:g} outside its range {low:g}-{high:g}")
        overrides[name] = ParameterOverride(
            value,
            str(row["source"]),
            _optional_text(row["confidence"]),
            low,
            high,
            _optional_text(row["source_zh"]),
        )
    return overrides


def load_pack(district: str = DEFAULT_DISTRICT) -> DistrictPack:
    """Read and check the pack of `district` (an id under `data/districts/` or a folder)."""
    folder = pack_folder(district)
    if not folder.is_dir():
        known = (
            sorted(p.name for p in districts_dir().iterdir()) if districts_dir().is_dir() else []
        )
        raise InputError(str(folder), "", f"no district pack here (known: {', '.join(known)})")
    for name in PACK_FILES:
        if not (folder / name).is_file():
            raise InputError(str(folder / name), "", "file not found (every pack has it)")
    meta_file = str(folder / "district.yaml")
    meta = read_yaml_mapping(folder / "district.yaml")
    for key in ("id", "name", "default_base_year", "villages", "urban_communities", "townships"):
        if key not in meta:
            raise InputError(meta_file, key, "required key is missing")
    observed = _read_observed(folder / "observed.csv")
    base_year = _whole(meta_file, "default_base_year", meta["default_base_year"], minimum=1990)
    if base_year not in observed:
        raise InputError(
            str(folder / "observed.csv"), str(base_year),
            "no observations for the default base year in district.yaml",
        )  # fmt: skip
    targets = _read_targets(folder / "targets.csv")
    places = read_townships(folder, observed)
    return DistrictPack(
        id=str(meta["id"]),
        folder=folder,
        name=_text(meta_file, "name", meta["name"]),
        city=_text(meta_file, "city", meta.get("city", "")),
        province=_text(meta_file, "province", meta.get("province", "")),
        synthetic=bool(meta.get("synthetic", False)),
        default_base_year=base_year,
        villages=_whole(meta_file, "villages", meta["villages"]),
        urban_communities=_whole(meta_file, "urban_communities", meta["urban_communities"]),
        townships=_whole(meta_file, "townships", meta["townships"]),
        observed=observed,
        targets=tuple(target for target in targets if not target.area),
        township_targets=_township_targets(folder / "targets.csv", targets, places),
        population=_read_population(folder / "population.csv"),
        prevalence=_read_prevalence(folder / "prevalence.csv"),
        parameters=_read_parameters(folder / "parameters.csv"),
        forecasts=_read_forecasts(folder / "forecasts.csv"),
        description=_text(meta_file, "description", meta.get("description", "")),
        estimated_years={
            "population": _estimated_years(folder / "population.csv"),
            "prevalence": _estimated_years(folder / "prevalence.csv"),
        },
        places=places,
        allowances=tuple(load_allowances(folder) or ()),
    )


def load_packs(districts: Iterable[str]) -> dict[str, DistrictPack]:
    """The packs of `districts`, each read once: {district: pack} (for a run of several
    scenarios, which may share a district)."""
    return {district: load_pack(district) for district in dict.fromkeys(districts)}
