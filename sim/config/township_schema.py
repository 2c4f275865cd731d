"""What a district's township tables are, once read and checked (`TownshipTables`);
reading and checking the files is `sim.config.townships`, their formats are in
`docs/places.md`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True, eq=False)
class TownshipTables:
    """A district's township-level units and what each holds, checked; every array is in
    townships.csv order (index i is unit `codes[i]`)."""

    codes: tuple[str, ...]
    #: {"zh": names, "en": names}
    names: dict[str, tuple[str, ...]]
    #: subdistrict, town or township per unit
    kinds: tuple[str, ...]
    #: in the mountain area named in public warnings
    mountain: np.ndarray
    area_km2: np.ndarray
    #: WGS84 degrees
    centroid_lon: np.ndarray
    centroid_lat: np.ndarray
    #: administrative villages and urban residents' committees
    villages: np.ndarray
    communities: np.ndarray
    #: the unit's share of the district's registered population, of its registered 60+
    share_registered: np.ndarray
    share_registered_low: np.ndarray
    share_registered_high: np.ndarray
    share_60plus: np.ndarray
    share_60plus_low: np.ndarray
    share_60plus_high: np.ndarray
    #: mean minutes by road from a home in the unit to the unit's centre
    internal_minutes: np.ndarray
    internal_minutes_low: np.ndarray
    internal_minutes_high: np.ndarray
    #: beds and homes in the unit (homes.csv summed), and the beds of public homes
    nursing_beds: np.ndarray
    ordinary_beds: np.ndarray
    public_nursing_beds: np.ndarray
    public_ordinary_beds: np.ndarray
    homes: np.ndarray
    #: centres and day-care places in the unit (centres.csv summed by kind)
    community_centres: np.ndarray
    regional_centres: np.ndarray
    community_places: np.ndarray
    regional_places: np.ndarray
    #: centres offering full-day care (全日托)
    full_day_care_centres: np.ndarray
    #: the base year homes.csv and centres.csv describe
    facilities_year: int
    #: [from, to] minutes by road between units' centres; the diagonal is internal_minutes
    travel_minutes: np.ndarray
    travel_minutes_low: np.ndarray
    travel_minutes_high: np.ndarray
    #: townships.geojson when the pack has it
    geometry_file: Path | None
    #: one line per figure group resting on an estimate, an assumption or a calibration
    estimates: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)
