"""District data packs: the public names of `sim.config.pack_schema`,
`sim.config.pack_readers`, `sim.config.base_state` and `sim.config.pack_template`, for
code that still imports them from here. New code imports them from those modules."""

from __future__ import annotations

from sim.config.base_state import (
    base_state,
    base_year_indicators,
    pack_parameters,
    population_shape,
    prevalence_for,
)
from sim.config.pack_readers import districts_dir, load_pack, load_packs, pack_folder
from sim.config.pack_schema import (
    ATTRIBUTES,
    CONFIDENCE_LEVELS,
    DEFAULT_DISTRICT,
    ESTIMATE,
    ITEM_MEASURE,
    OBSERVED_CONFIDENCE,
    OBSERVED_ITEMS,
    PACK_FILES,
    TARGET_STATUSES,
    YOUNGEST_BAND_START,
    DistrictPack,
    Figure,
    ObservedItem,
    ParameterOverride,
    Target,
)
from sim.config.pack_template import ITEM_NOTES, empty_pack_files

__all__ = [
    "ATTRIBUTES",
    "CONFIDENCE_LEVELS",
    "DEFAULT_DISTRICT",
    "ESTIMATE",
    "ITEM_MEASURE",
    "ITEM_NOTES",
    "OBSERVED_CONFIDENCE",
    "OBSERVED_ITEMS",
    "PACK_FILES",
    "TARGET_STATUSES",
    "YOUNGEST_BAND_START",
    "DistrictPack",
    "Figure",
    "ObservedItem",
    "ParameterOverride",
    "Target",
    "base_state",
    "base_year_indicators",
    "districts_dir",
    "empty_pack_files",
    "load_pack",
    "load_packs",
    "pack_folder",
    "pack_parameters",
    "population_shape",
    "prevalence_for",
]
