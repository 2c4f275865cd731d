"""What a run folder records of a district pack: names, units, targets, forecasts,
observed figures and townships, so that presentation never reads `data/`."""

from __future__ import annotations

from typing import Any

from sim.config.pack_schema import DistrictPack


def district_record(pack: DistrictPack) -> dict[str, Any]:
    """What a report needs of a district pack: names, units, targets with their
    attributes, forecasts, the allowances it pays."""
    return {
        "id": pack.id,
        "name": pack.name,
        "city": pack.city,
        "province": pack.province,
        "synthetic": pack.synthetic,
        "villages": pack.villages,
        "urban_communities": pack.urban_communities,
        "townships": pack.townships,
        "targets": [vars(target) for target in pack.targets],
        "forecasts": pack.forecasts,
        "observed": {str(year): column for year, column in pack.observed.items()},
        "places": places_record(pack),
        "allowances": [vars(rate) for rate in pack.allowances],
    }


def places_record(pack: DistrictPack) -> dict[str, Any] | None:
    """What a report needs of a pack's townships: codes, names, kinds, the mountain ones,
    villages and communities, and which of their figures are estimates."""
    places = pack.places
    if places is None:
        return None
    return {
        "codes": list(places.codes),
        "names": {lang: list(names) for lang, names in places.names.items()},
        "kinds": list(places.kinds),
        "mountain": [bool(m) for m in places.mountain],
        "villages_and_communities": [int(v) for v in places.villages + places.communities],
        "centroid_lon": [float(x) for x in places.centroid_lon],
        "centroid_lat": [float(y) for y in places.centroid_lat],
        "facilities_year": places.facilities_year,
        "estimates": list(places.estimates),
    }
