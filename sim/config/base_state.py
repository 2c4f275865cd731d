"""The base-year state a run starts from: a pack's figures of one year, with defaults.

Where the pack lacks a figure of the base year, the documented default rule
(`OBSERVED_ITEMS`) makes it from the parameters, and the figure is marked as a default
(its source names the rule, in English and Chinese from the catalogue). Also here: the
pack's parameter overrides, its age structure and prevalence for a year (or the
defaults), and the indicators a base-year column determines.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from sim.catalogue import text
from sim.config.pack_schema import (
    ESTIMATE,
    OBSERVED_CONFIDENCE,
    OBSERVED_ITEMS,
    DistrictPack,
    Figure,
)
from sim.errors import InputError
from sim.model.spec import Parameters


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

    _fill_defaults(figures, parameters)
    _check_consistency(observed_file, year, figures, clip=bool(drawn))
    return {item: figures[item] for item in OBSERVED_ITEMS if item in figures}


def _default_figure(item_id: str, value: float) -> Figure:
    """A figure the pack lacks, made by its default rule; its source names the rule."""
    rule_en = text(f"config.default_rule.{item_id}", "en")
    rule_zh = text(f"config.default_rule.{item_id}", "zh")
    return Figure(
        item_id, float(value), OBSERVED_ITEMS[item_id].unit, "default",
        text("config.default_source", "en", rule=rule_en), "assumption",
        source_zh=text("config.default_source", "zh", rule=rule_zh),
    )  # fmt: skip


def _fill_defaults(figures: dict[str, Figure], parameters: Parameters) -> None:
    """Add every figure `figures` lacks, by its default rule (`OBSERVED_ITEMS`), in the
    order the rules need one another (residents before the workers they need)."""

    def default(item_id: str, value: float) -> None:
        if item_id not in figures:
            figures[item_id] = _default_figure(item_id, value)

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


def day_care_places(community_centres: float, township_centres: float, p: Parameters) -> int:
    """Day-care places (日间照料床位) of so many village and community centres and township
    centres, at the parameters' places per centre."""
    return round(
        community_centres * p.places_per_community_centre
        + township_centres * p.places_per_township_centre
    )


def family_care_beds_start(population_60plus: float, p: Parameters) -> int:
    """Family care beds (家庭养老床位) at the end of the base year: the parameters' beds
    per 1,000 aged 60+ times the base year's `population_60plus` (unscaled)."""
    return round(p.family_care_beds_per_1000_older_start * population_60plus / 1000)


def base_year_indicators(
    figures: Mapping[str, Figure], parameters: Parameters, scope: str = "all"
) -> dict[str, float]:
    """The indicators a base-year column determines, as the run's base year reports them
    (stocks only; shares in percent), with the `parameters` that make the figures a pack
    does not give (the centres' day-care places, the family care beds). `scope` is the
    certified-caregiver scope: every setting (`all`) or nursing homes only."""
    value = {item: figure.value for item, figure in figures.items()}
    beds = value["beds_nursing"] + value["beds_ordinary"]
    older = value["population_60plus"]
    places = day_care_places(value["community_centres"], value["township_centres"], parameters)
    family_beds = family_care_beds_start(older, parameters)
    care_beds = beds + places + family_beds
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
        "elderly_care_beds": care_beds,
        "beds_per_1000_older": 1000 * care_beds / older,
        "institution_beds_per_1000_older": 1000 * beds / older,
        "caregivers": value["caregivers_nursing_home"],
        "certified_caregivers": certified,
        "certified_caregivers_per_10k": 10_000 * certified / older,
        "caregivers_home": value["caregivers_home_care"],
        "caregivers_community": value["caregivers_community"],
        "community_centres": value["community_centres"] + value["township_centres"],
        "community_places": places,
        "family_care_beds": family_beds,
        "consortia": value["consortia"],
        "residents": residents,
        "waiting_list": value["waiting_list"],
    }
