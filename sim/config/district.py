"""District data packs: what a bureau knows about its district, in one folder.

A pack is a folder `data/districts/<id>/` with

- `district.yaml`: id, names, the villages and urban communities, township units,
  the default base year, and whether the pack is synthetic;
- `observed.csv`: the observed state in each base year, one row per (year, item),
  each with its unit, source and confidence (`estimate` marks a figure derived
  rather than published; `assumption` one that nothing supports);
- `population.csv` (optional): the age-and-sex structure of the registered
  population aged 40+ in a base year, as persons or as a shape to be scaled;
- `prevalence.csv` (optional): shares partially and fully disabled by age band in a
  base year;
- `targets.csv`: targets by indicator and year, binding (约束性) or expected (预期性),
  adopted or proposed, each with its source and reasoning;
- `forecasts.csv` (optional): figures a plan forecast (the 60+ population it expects),
  marked beside the results on charts;
- `parameters.csv` (optional): the district's overrides of the default parameters,
  with an optional range (`low`, `high`) that replications draw from.

Where the pack lacks a figure of the base year, the documented default
(`OBSERVED_ITEMS`) is used, and the figure is listed as assumed wherever a run is
shown: the line `sim run` prints first, the manifest, the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.data import STATE_NAMES, default_data_dir, read_table
from sim.config.yaml_files import read_yaml_mapping
from sim.errors import InputError
from sim.model.indicators import INDICATORS
from sim.model.spec import AGE_BAND_STARTS, SEXES, Parameters, parameter_bounds

DEFAULT_DISTRICT = "huangyan"
#: Confidence of a figure that is not published but derived (e.g. from targets and a run).
ESTIMATE = "estimate"
#: Confidence levels that mean "a real figure someone published".
OBSERVED_CONFIDENCE = ("high", "medium", "low")
CONFIDENCE_LEVELS = (*OBSERVED_CONFIDENCE, ESTIMATE, "assumption", "calibrated")
ATTRIBUTES = ("binding", "expected")
TARGET_STATUSES = ("adopted", "proposed")
PACK_FILES = ("district.yaml", "observed.csv", "targets.csv")
#: The youngest band a population table may start at: cohorts reaching 60 within 20 years.
YOUNGEST_BAND_START = 40


@dataclass(frozen=True)
class ObservedItem:
    """One figure of the observed base-year state: its unit and what is used without it."""

    id: str
    unit: str
    #: None: the pack must give it; otherwise how the default is made (for docs and lists)
    default: str | None
    #: used by the model (False: reported only)
    used: bool = True
    #: how the default is made, in Chinese (for reports)
    default_zh: str = ""


#: Every figure a base-year column may hold, in the order a pack lists them.
OBSERVED_ITEMS: dict[str, ObservedItem] = {
    item.id: item
    for item in (
        ObservedItem("population_total", "persons", None),
        ObservedItem("population_60plus", "persons", None),
        ObservedItem("beds_nursing", "beds", None),
        ObservedItem("beds_ordinary", "beds", None),
        ObservedItem(
            "residents_nursing",
            "persons",
            "occupancy_nursing_start x beds_nursing",
            default_zh="护理型床位期初入住率 × 护理型床位数",
        ),
        ObservedItem(
            "residents_ordinary",
            "persons",
            "occupancy_ordinary_start x beds_ordinary",
            default_zh="普通床位期初入住率 × 普通床位数",
        ),
        ObservedItem(
            "residents_nursing_full",
            "persons",
            "nursing_residents_full_share_start x residents_nursing",
            default_zh="护理型床位入住者中失能老年人比例 × 护理型床位入住人数",
        ),
        ObservedItem(
            "residents_ordinary_independent",
            "persons",
            "ordinary_residents_independent_share_start x residents_ordinary",
            default_zh="普通床位入住者中自理老年人比例 × 普通床位入住人数",
        ),
        ObservedItem(
            "waiting_list",
            "persons",
            "waiting_list_per_1000_older_start x population_60plus",
            default_zh="每千名老年人期初轮候人数 × 60岁及以上老年人口",
        ),
        ObservedItem(
            "caregivers_nursing_home",
            "persons",
            "caregiver_staffing_margin_start x the workers the residents need",
            default_zh="期初护理员配备系数 × 入住老年人所需护理员数",
        ),
        ObservedItem(
            "certified_caregivers_nursing_home",
            "persons",
            "certified_caregiver_share_start x caregivers_nursing_home",
            default_zh="期初持证比例 × 机构养老护理员数",
        ),
        ObservedItem(
            "caregivers_home_care",
            "persons",
            "home_care_workers_per_1000_older_start x population_60plus",
            default_zh="每千名老年人期初居家上门服务人员数 × 60岁及以上老年人口",
        ),
        ObservedItem(
            "certified_caregivers_home_care",
            "persons",
            "certified_caregiver_share_start x caregivers_home_care",
            default_zh="期初持证比例 × 居家上门服务人员数",
        ),
        ObservedItem("community_centres", "centres", "0", default_zh="0"),
        ObservedItem("township_centres", "centres", "0", default_zh="0"),
        ObservedItem(
            "community_place_users",
            "persons",
            "community_place_use_start x community places",
            default_zh="期初名额使用率 × 社区照料名额",
        ),
        ObservedItem(
            "caregivers_community",
            "persons",
            "community_workers_per_centre x (community_centres + township_centres)",
            default_zh="每个照料中心护理员数 × 照料中心数（村社区与乡镇街道）",
        ),
        ObservedItem(
            "certified_caregivers_community",
            "persons",
            "certified_caregiver_share_start x caregivers_community",
            default_zh="期初持证比例 × 社区照料中心护理员数",
        ),
        ObservedItem("consortia", "consortia", "0", default_zh="0"),
        ObservedItem("homes_public", "homes", "not known", used=False, default_zh="不详"),
        ObservedItem("homes_private", "homes", "not known", used=False, default_zh="不详"),
    )
}


@dataclass(frozen=True)
class Figure:
    """One base-year figure as a run uses it: value, where it came from, how sure it is.

    `status` is `observed` (published), `estimate` (derived in the pack), `assumption`
    (given in the pack without support) or `default` (the pack lacks it; the
    documented default rule made it).
    """

    item: str
    value: float
    unit: str
    status: str
    source: str
    confidence: str
    low: float | None = None
    high: float | None = None
    #: the source in Chinese (for reports)
    source_zh: str = ""

    @property
    def assumed(self) -> bool:
        """Whether a planner should read this figure as assumed rather than known."""
        return self.status != "observed"


@dataclass(frozen=True)
class Target:
    """A target of the district: indicator, year, value, attribute, status and sources."""

    indicator: str
    year: int
    value: float
    attribute: str  # binding (约束性) or expected (预期性)
    status: str  # adopted or proposed
    source: str
    reasoning: str
    source_zh: str = ""
    reasoning_zh: str = ""


@dataclass(frozen=True)
class ParameterOverride:
    """A district's own value of a default parameter, with its source and, when it is
    uncertain, the range a replication draws it from (triangular, most likely at
    `value`; without a range the district's value is used as given)."""

    value: float
    source: str
    confidence: str
    low: float | None = None
    high: float | None = None
    source_zh: str = ""


@dataclass(frozen=True, eq=False)
class DistrictPack:
    """A district's data pack, checked."""

    id: str
    folder: Path
    name: dict[str, str]
    city: dict[str, str]
    province: dict[str, str]
    synthetic: bool
    default_base_year: int
    villages: int
    urban_communities: int
    townships: int
    #: {year: {item: row}} with row keys value, unit, source, confidence, note, low, high
    observed: dict[int, dict[str, dict[str, Any]]]
    targets: tuple[Target, ...]
    #: {year: DataFrame of age_band_start, sex, persons} (40+; any scale)
    population: dict[int, pd.DataFrame]
    #: {year: array [band, state]} of shares
    prevalence: dict[int, np.ndarray]
    #: parameter overrides by name
    parameters: dict[str, ParameterOverride] = field(default_factory=dict)
    #: {indicator: {"values": {year: value}, "source": text}}
    forecasts: dict[str, dict[str, Any]] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    #: years of `population` and `prevalence` ("population", "prevalence") with a row that
    #: is not a published figure (confidence estimate, assumption or calibrated)
    estimated_years: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def base_years(self) -> list[int]:
        """Years with an observed column."""
        return sorted(self.observed)

    def label(self, lang: str) -> str:
        """The district's name in `lang`."""
        return self.name.get(lang) or self.name.get("en") or self.id


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
        year = int(_number(file, f"{indicator}.year", row["year"]))
        key = f"{indicator}.{year}"
        if (indicator, year) in seen:
            raise InputError(file, key, "listed twice")
        seen.add((indicator, year))
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
            )
        )
    return tuple(targets)


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


@lru_cache(maxsize=16)
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
        targets=_read_targets(folder / "targets.csv"),
        population=_read_population(folder / "population.csv"),
        prevalence=_read_prevalence(folder / "prevalence.csv"),
        parameters=_read_parameters(folder / "parameters.csv"),
        forecasts=_read_forecasts(folder / "forecasts.csv"),
        description=_text(meta_file, "description", meta.get("description", "")),
        estimated_years={
            "population": _estimated_years(folder / "population.csv"),
            "prevalence": _estimated_years(folder / "prevalence.csv"),
        },
    )


# ---- the base-year state --------------------------------------------------------------


def _figure(item: str, row: Mapping[str, Any]) -> Figure:
    confidence = str(row["confidence"])
    status = "observed" if confidence in OBSERVED_CONFIDENCE else (
        ESTIMATE if confidence in (ESTIMATE, "calibrated") else "assumption"
    )  # fmt: skip
    return Figure(
        item=item, value=float(row["value"]), unit=str(row["unit"]), status=status,
        source=str(row["source"]), confidence=confidence, low=row.get("low"), high=row.get("high"),
        source_zh=str(row.get("source_zh") or ""),
    )  # fmt: skip


def base_state(
    pack: DistrictPack,
    year: int,
    parameters: Parameters,
    *,
    file: str = "<scenario>",
    drawn: Mapping[str, float] | None = None,
) -> dict[str, Figure]:
    """Every figure of the base year `year`: the pack's, with defaults for what it lacks.

    `drawn` replaces the values of uncertain figures with one replication's draws
    (`sim.config.uncertainty`); parts are then kept within their wholes (residents
    within beds, certified within workers). Raises `InputError` naming the pack's
    observed.csv when the year has no column or lacks a figure that has no default.
    """
    observed_file = str(pack.folder / "observed.csv")
    if year not in pack.observed:
        raise InputError(
            observed_file, str(year),
            f"no observations for base year {year} (years with observations: "
            f"{', '.join(map(str, pack.base_years))}; asked for by {file})",
        )  # fmt: skip
    given = pack.observed[year]
    figures: dict[str, Figure] = {item: _figure(item, row) for item, row in given.items()}
    for drawn_item, drawn_value in (drawn or {}).items():
        if drawn_item in figures:
            figures[drawn_item] = replace(figures[drawn_item], value=drawn_value)
    for item in OBSERVED_ITEMS.values():
        if item.default is None and item.id not in figures:
            raise InputError(observed_file, f"{year}.{item.id}", "required figure is missing")

    def default(item_id: str, value: float) -> None:
        if item_id not in figures:
            rule = OBSERVED_ITEMS[item_id].default or ""
            figures[item_id] = Figure(
                item_id, float(value), OBSERVED_ITEMS[item_id].unit, "default",
                f"default rule: {rule} (data/parameters.csv)", "assumption",
                source_zh=f"默认规则：{OBSERVED_ITEMS[item_id].default_zh}（参数见默认参数表）",
            )  # fmt: skip

    p = parameters
    value = {item: figure.value for item, figure in figures.items()}
    default("residents_nursing", round(p.occupancy_nursing_start * value["beds_nursing"]))
    default("residents_ordinary", round(p.occupancy_ordinary_start * value["beds_ordinary"]))
    value = {item: figure.value for item, figure in figures.items()}
    default(
        "residents_nursing_full",
        round(value["residents_nursing"] * p.nursing_residents_full_share_start),
    )
    default(
        "residents_ordinary_independent",
        round(value["residents_ordinary"] * p.ordinary_residents_independent_share_start),
    )
    default(
        "waiting_list",
        round(p.waiting_list_per_1000_older_start * value["population_60plus"] / 1000),
    )
    value = {item: figure.value for item, figure in figures.items()}
    need = (
        value["residents_nursing_full"] / p.residents_per_caregiver_full
        + (value["residents_nursing"] - value["residents_nursing_full"])
        / p.residents_per_caregiver_partial
        + (value["residents_ordinary"] - value["residents_ordinary_independent"])
        / p.residents_per_caregiver_partial
        + value["residents_ordinary_independent"] / p.residents_per_caregiver_independent
    )
    default("caregivers_nursing_home", math.ceil(p.caregiver_staffing_margin_start * need))
    value = {item: figure.value for item, figure in figures.items()}
    default(
        "certified_caregivers_nursing_home",
        round(p.certified_caregiver_share_start * value["caregivers_nursing_home"]),
    )
    default(
        "caregivers_home_care",
        round(p.home_care_workers_per_1000_older_start * value["population_60plus"] / 1000),
    )
    value = {item: figure.value for item, figure in figures.items()}
    default(
        "certified_caregivers_home_care",
        round(p.certified_caregiver_share_start * value["caregivers_home_care"]),
    )
    default("community_centres", 0)
    default("township_centres", 0)
    value = {item: figure.value for item, figure in figures.items()}
    places = (
        value["community_centres"] * p.places_per_community_centre
        + value["township_centres"] * p.places_per_township_centre
    )
    default("community_place_users", round(p.community_place_use_start * places))
    default(
        "caregivers_community",
        round(
            p.community_workers_per_centre
            * (value["community_centres"] + value["township_centres"])
        ),
    )
    value = {item: figure.value for item, figure in figures.items()}
    default(
        "certified_caregivers_community",
        round(p.certified_caregiver_share_start * value["caregivers_community"]),
    )
    default("consortia", 0)
    _check_consistency(observed_file, year, figures, clip=bool(drawn))
    return {item: figures[item] for item in OBSERVED_ITEMS if item in figures}


def _check_consistency(
    file: str, year: int, figures: dict[str, Figure], *, clip: bool = False
) -> None:
    """Refuse a part larger than its whole (or, for drawn figures, cut it to the whole)."""
    pairs = (
        ("population_60plus", "population_total", "the 60+ population exceeds the total"),
        ("residents_nursing", "beds_nursing", "more residents than nursing-type beds"),
        ("residents_ordinary", "beds_ordinary", "more residents than ordinary beds"),
        ("residents_nursing_full", "residents_nursing",
         "more fully disabled residents than residents"),
        ("residents_ordinary_independent", "residents_ordinary",
         "more independent residents than residents"),
        ("certified_caregivers_nursing_home", "caregivers_nursing_home",
         "more certified caregivers than caregivers"),
        ("certified_caregivers_home_care", "caregivers_home_care",
         "more certified home-care workers than workers"),
        ("certified_caregivers_community", "caregivers_community",
         "more certified community workers than workers"),
    )  # fmt: skip
    for part, whole, message in pairs:
        if figures[part].value > figures[whole].value:
            if not clip:
                raise InputError(file, f"{year}.{part}", message)
            figures[part] = replace(figures[part], value=figures[whole].value)


def pack_parameters(pack: DistrictPack) -> dict[str, float]:
    """The pack's parameter overrides, by name."""
    return {name: override.value for name, override in pack.parameters.items()}


def population_shape(
    pack: DistrictPack, year: int, default_shape: pd.DataFrame
) -> tuple[pd.DataFrame, bool]:
    """(age_band_start, sex, weight) of the population aged 40+ in `year`, and whether it
    is the pack's own (False: the default shape of `data/population_shape.csv`)."""
    if year in pack.population:
        table = pack.population[year].rename(columns={"persons": "weight"})
        return table, True
    table = default_shape.rename(columns={"persons_thousands": "weight"})
    return table[["age_band_start", "sex", "weight"]], False


def prevalence_for(pack: DistrictPack, year: int, default: np.ndarray) -> tuple[np.ndarray, bool]:
    """Shares [band, state] at the start of `year`, and whether they are the pack's own."""
    if year in pack.prevalence:
        return pack.prevalence[year], True
    return default, False


def base_year_indicators(figures: Mapping[str, Figure], scope: str = "all") -> dict[str, float]:
    """The indicators a base-year column determines, as the run's base year reports them
    (stocks only; shares in percent). `scope` is the certified-caregiver scope: every
    setting (`all`) or nursing homes only."""
    value = {item: figure.value for item, figure in figures.items()}
    beds = value["beds_nursing"] + value["beds_ordinary"]
    older = value["population_60plus"]
    residents = value["residents_nursing"] + value["residents_ordinary"]
    certified_homes = value["certified_caregivers_nursing_home"]
    certified = (
        certified_homes
        + value["certified_caregivers_home_care"]
        + value["certified_caregivers_community"]
        if scope == "all"
        else certified_homes
    )
    return {
        "population_total": value["population_total"],
        "population_60plus": older,
        "share_60plus": 100 * older / value["population_total"],
        "beds_total": beds,
        "beds_nursing": value["beds_nursing"],
        "nursing_bed_share": 100 * value["beds_nursing"] / beds if beds else math.nan,
        "beds_per_1000_older": 1000 * beds / older,
        "caregivers": value["caregivers_nursing_home"],
        "certified_caregivers": certified,
        "certified_caregivers_per_10k": 10_000 * certified / older,
        "caregivers_home": value["caregivers_home_care"],
        "caregivers_community": value["caregivers_community"],
        "community_centres": value["community_centres"] + value["township_centres"],
        "consortia": value["consortia"],
        "residents": residents,
        "waiting_list": value["waiting_list"],
    }


# ---- an empty pack ------------------------------------------------------------------------

#: What each observed item means, for the empty pack's notes and its README.
ITEM_NOTES: dict[str, str] = {
    "population_total": "registered residents (户籍人口) of all ages at the end of the year",
    "population_60plus": "registered residents aged 60+ at the end of the year",
    "beds_nursing": "nursing-type beds (护理型床位) in elderly-care institutions",
    "beds_ordinary": "all other beds in elderly-care institutions",
    "residents_nursing": "people living in nursing-type beds",
    "residents_ordinary": "people living in ordinary beds",
    "residents_nursing_full": "of the nursing-type bed residents, the fully disabled (失能)",
    "residents_ordinary_independent": "of the ordinary bed residents, the independent (自理)",
    "waiting_list": "people waiting for a nursing-home bed (轮候人数)",
    "caregivers_nursing_home": "care workers (养老护理员) in institutions",
    "certified_caregivers_nursing_home": "of those, certified (持证) workers",
    "caregivers_home_care": "home-care workers (居家上门服务人员)",
    "certified_caregivers_home_care": "of those, certified workers",
    "caregivers_community": "care workers of community centres",
    "certified_caregivers_community": "of those, certified workers",
    "community_centres": "village and community home-care service centres (照料中心)",
    "township_centres": "township-level (demonstration) home-care centres",
    "community_place_users": "disabled people using a community day-care place",
    "consortia": "health-and-care consortia (康养联合体)",
    "homes_public": "public (公办) elderly-care institutions",
    "homes_private": "private (民办) elderly-care institutions",
}


#: What a bureau would measure to know a base-year figure, and how (English, Chinese).
ITEM_MEASURE: dict[str, tuple[str, str]] = {
    "population_60plus": (
        "the registered population aged 60+: the public-security household register at year end",
        "60岁及以上户籍人口：年末公安户籍统计",
    ),
    "population_total": (
        "the registered population: the household register",
        "户籍人口：公安户籍统计",
    ),
    "beds_nursing": ("nursing-type beds: the homes' bed registers", "护理型床位：各机构床位登记"),
    "beds_ordinary": ("ordinary beds: the homes' bed registers", "普通床位：各机构床位登记"),
    "residents_nursing": (
        "residents by bed kind: a one-day census of the homes",
        "分类型入住人数：对全区养老机构开展一次入住普查",
    ),
    "residents_ordinary": ("as above", "同上"),
    "residents_nursing_full": (
        "residents' disability: assessment in the same census",
        "入住老年人失能等级：同一次普查中评估",
    ),
    "residents_ordinary_independent": ("as above", "同上"),
    "waiting_list": (
        "the waiting list: the homes' lists on one day, deduplicated",
        "轮候人数：同一日汇总各机构轮候名单并去重",
    ),
    "caregivers_nursing_home": (
        "care workers: the homes' staff registers",
        "机构护理员：各机构在岗人员名册",
    ),
    "certified_caregivers_nursing_home": (
        "certified workers: certificates on the staff registers",
        "持证护理员：在岗人员持证情况",
    ),
    "caregivers_home_care": (
        "home-care workers: the providers' rosters",
        "居家上门服务人员：服务机构人员名册",
    ),
    "certified_caregivers_home_care": ("as above, certified", "同上，持证人数"),
    "caregivers_community": (
        "centre workers: the centres' rosters",
        "照料中心护理员：各中心人员名册",
    ),
    "certified_caregivers_community": ("as above, certified", "同上，持证人数"),
    "community_place_users": (
        "day-care users: the centres' registers of disabled users",
        "日间照料使用人数：各中心失能老年人服务登记",
    ),
}


def empty_pack_files(district: str, year: int) -> dict[str, str]:
    """The files of an empty pack for `district` with a base-year column for `year`: every
    field listed and explained, no values. `sim new-district` writes them."""
    observed = ["year,item,value,unit,low,high,source,source_zh,confidence,note"]
    for item in OBSERVED_ITEMS.values():
        need = "required" if item.default is None else f"optional; default: {item.default}"
        note = f"{ITEM_NOTES[item.id]} ({need})".replace('"', "'")
        observed.append(f'{year},{item.id},,{item.unit},,,,,,"{note}"')
    return {
        "district.yaml": (
            f"# The district pack of {district}: replace every value below.\n"
            f"id: {district}\n"
            f"name: {{zh: {district}, en: {district}}}\n"
            "city: {zh: '', en: ''}\n"
            "province: {zh: '', en: ''}\n"
            "# true for a made-up district (tests, training)\n"
            "synthetic: false\n"
            "# the base year a scenario starts from unless it names one\n"
            f"default_base_year: {year}\n"
            "# administrative villages, urban communities and township-level units\n"
            "villages: 0\nurban_communities: 0\ntownships: 0\n"
        ),
        "observed.csv": "\n".join(observed) + "\n",
        "targets.csv": (
            "indicator,year,value,attribute,status,source,source_zh,reasoning,reasoning_zh\n"
        ),
        "forecasts.csv": "indicator,year,value,source,source_zh\n",
        "parameters.csv": "name,value,low,high,source,source_zh,confidence,note\n",
        "README.md": _pack_readme(district, year),
    }


def _pack_readme(district: str, year: int) -> str:
    items = "\n".join(
        f"| `{item.id}` | {item.unit} | {ITEM_NOTES[item.id]} | "
        f"{'required' if item.default is None else item.default} |"
        for item in OBSERVED_ITEMS.values()
    )
    return f"""# District pack: {district}

Fill in the files of this folder; `sim validate` and `sim run` check them and name the
file and the field of anything wrong. Every figure needs a `source` and a `confidence`:
`high` (an official bulletin or the plan, read directly), `medium` (a repost of an
official figure), `low` (secondary or partial), `estimate` (derived, not published),
`assumption` (nothing supports it) or `calibrated`. The optional `source_zh` (and
`reasoning_zh` in targets.csv) gives the source in Chinese for Chinese reports; without
it they show the English.

## observed.csv: the state in each base year

One row per year and item. Leave `value` blank for a figure you do not know: the
default below is used, and every run lists it as assumed. `low` and `high` (optional)
give the range of an estimate or assumption.

| item | unit | what | default when blank |
|---|---|---|---|
{items}

The rows for {year} are listed; add rows for other base years.

## targets.csv

`indicator` (an id of `sim indicators`), `year`, `value`, `attribute` (`binding` =
约束性, `expected` = 预期性), `status` (`adopted`, or `proposed` for a value the
planner still has to set), `source`, `reasoning`.

## forecasts.csv (optional)

Figures a plan forecast (such as the 60+ population it expects): `indicator`, `year`,
`value`, `source`. Charts mark them beside the results.

## population.csv (optional)

The age-and-sex structure of the registered population aged 40 and over in a base
year: `year`, `age_band_start` (40, 45, ..., 95; 95 means 95+), `sex` (`male`,
`female`), `persons`, `source`, `confidence`. It is scaled to `population_60plus`;
without it the national 2020 census shape is used (and listed as assumed).

## prevalence.csv (optional)

Shares partially and fully disabled by age band in a base year: `year`,
`age_band_start` (60 ... 95), `partial_share`, `full_share`, `source`, `confidence`.

## parameters.csv (optional)

Overrides of `data/parameters.csv` for this district: `name`, `value`, `low`, `high`,
`source`, `confidence`, `note`. With `uncertainty: parameters` a value with a range
is drawn within it (most likely at `value`); one without is used as given.
"""
