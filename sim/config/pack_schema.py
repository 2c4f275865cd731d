"""District data packs, their schema: what a bureau knows about its district, in one folder.

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
  with an optional range (`low`, `high`) that replications draw from;
- `townships.csv`, `homes.csv`, `centres.csv`, `travel.csv`, `townships.geojson`
  (optional): the township tables (`sim.config.townships`, `docs/places.md`).

Where the pack lacks a figure of the base year, the documented default
(`OBSERVED_ITEMS`) is used, and the figure is listed as assumed wherever a run is
shown: the line `sim run` prints first, the manifest, the report.

This module holds what a pack is (its items, figures, targets and overrides); reading
and checking the files is `sim.config.pack_readers`, the base-year state a run starts
from is `sim.config.base_state`, and the files `sim new-district` writes are
`sim.config.pack_template`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.township_schema import TownshipTables

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
        ),
        ObservedItem(
            "residents_ordinary",
            "persons",
            "occupancy_ordinary_start x beds_ordinary",
        ),
        ObservedItem(
            "residents_nursing_full",
            "persons",
            "nursing_residents_full_share_start x residents_nursing",
        ),
        ObservedItem(
            "residents_ordinary_independent",
            "persons",
            "ordinary_residents_independent_share_start x residents_ordinary",
        ),
        ObservedItem(
            "waiting_list",
            "persons",
            "waiting_list_per_1000_older_start x population_60plus",
        ),
        ObservedItem(
            "caregivers_nursing_home",
            "persons",
            "caregiver_staffing_margin_start x the workers the residents need",
        ),
        ObservedItem(
            "certified_caregivers_nursing_home",
            "persons",
            "certified_caregiver_share_start x caregivers_nursing_home",
        ),
        ObservedItem(
            "caregivers_home_care",
            "persons",
            "home_care_workers_per_1000_older_start x population_60plus",
        ),
        ObservedItem(
            "certified_caregivers_home_care",
            "persons",
            "certified_caregiver_share_start x caregivers_home_care",
        ),
        ObservedItem("community_centres", "centres", "0"),
        ObservedItem("township_centres", "centres", "0"),
        ObservedItem(
            "community_place_users",
            "persons",
            "community_place_use_start x community places",
        ),
        ObservedItem(
            "caregivers_community",
            "persons",
            "community_workers_per_centre x (community_centres + township_centres)",
        ),
        ObservedItem(
            "certified_caregivers_community",
            "persons",
            "certified_caregiver_share_start x caregivers_community",
        ),
        ObservedItem("consortia", "consortia", "0"),
        ObservedItem("homes_public", "homes", "not known", used=False),
        ObservedItem("homes_private", "homes", "not known", used=False),
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
    #: a township's code for a township's target; empty for the district's
    area: str = ""


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


@dataclass(frozen=True)
class AllowanceRate:
    """One monthly allowance rate: who gets it (an age band, or a disability level) and
    how much, in yuan a month per person, with its range and source."""

    allowance: str
    band: str
    age_min: int | None
    age_max: int | None
    health: str | None
    monthly_yuan: float
    monthly_yuan_low: float | None
    monthly_yuan_high: float | None
    recipients: int | None
    year: int
    source: str
    source_zh: str
    confidence: str
    note: str

    @property
    def name(self) -> str:
        """The rate's name in a run (the model's allowance, a draw's stream): kind.band."""
        return f"{self.allowance}.{self.band}"


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
    #: the district's targets (the townships' are `township_targets`)
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
    #: targets.csv's rows that name a township (`area`)
    township_targets: tuple[Target, ...] = ()
    #: years of `population` and `prevalence` ("population", "prevalence") with a row that
    #: is not a published figure (confidence estimate, assumption or calibrated)
    estimated_years: dict[str, frozenset[int]] = field(default_factory=dict)
    #: the township tables (`townships.csv` and its companions), None for one area
    places: TownshipTables | None = None
    #: the rates of `allowances.csv`, in its order (none without the file)
    allowances: tuple[AllowanceRate, ...] = ()

    @property
    def base_years(self) -> list[int]:
        """Years with an observed column."""
        return sorted(self.observed)

    def label(self, lang: str) -> str:
        """The district's name in `lang`."""
        return self.name.get(lang) or self.name.get("en") or self.id


class _ItemMeasures(Mapping[str, tuple[str, str]]):
    """What a bureau would measure to know a base-year figure, and how: item -> (English,
    Chinese), read from the catalogue (`config.measure.<item>`) on first use."""

    def _messages(self) -> Mapping[str, Mapping[str, str]]:
        from sim.catalogue import Section

        return Section("config.measure")

    def __getitem__(self, item: str) -> tuple[str, str]:
        messages = self._messages()
        return messages["en"][item], messages["zh"][item]

    def __iter__(self) -> Iterator[str]:
        return iter(self._messages()["en"])

    def __len__(self) -> int:
        return len(self._messages()["en"])


#: What a bureau would measure to know a base-year figure, and how (English, Chinese).
ITEM_MEASURE: Mapping[str, tuple[str, str]] = _ItemMeasures()
