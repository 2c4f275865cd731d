"""Write approximate township cells for the Huangyan pack: ``townships.geojson``.

No public township boundaries were found (see data/README.md), so the map of a run by
township draws, for each of the 19 units, the part of the district nearest to the unit's
seat: the Voronoi cell of the seats in ``data/districts/huangyan/townships.csv``
(``centroid_lon``, ``centroid_lat``, WGS84), clipped to the district outline (DataV
``331003.json``, GCJ-02, converted to WGS84). The cells are computed in kilometres (an
equirectangular projection about the district's mean latitude, so "nearest" is nearest
on the ground), simplified to about 50 m, and written with six decimals.

These are cells of the nearest township seat, not administrative boundaries: every
feature carries ``approximate: true`` and the collection a top-level ``note`` saying so.
The bureau's boundaries (国土 or 民政 boundary data, WGS84) replace the file as they are.

Run from the repository root: ``.venv/bin/python data/derive/township_cells.py``.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Polygon, mapping, shape
from shapely.ops import unary_union, voronoi_diagram
from township_geometry import gcj02_to_wgs84

DATA_DIR = Path(__file__).resolve().parents[1]
PACK_DIR = DATA_DIR / "districts" / "huangyan"
UNITS_FILE = PACK_DIR / "townships.csv"
OUTLINE_FILE = DATA_DIR / "derive" / "inputs" / "huangyan_outline_datav_gcj02.json"
CELLS_FILE = PACK_DIR / "townships.geojson"

EARTH_RADIUS_KM = 6371.0088
SIMPLIFY_KM = 0.05  # 50 m: well under the +-2 km of the seats themselves
DECIMALS = 6  # about 0.1 m
NOTE = (
    "Approximate township cells: each unit is the part of the district outline (DataV "
    "331003, GCJ-02 converted to WGS84) nearer to its township seat (townships.csv "
    "centroid, +-2 km) than to any other seat (Voronoi cells). They are NOT administrative "
    "boundaries; replace this file with the bureau's township boundaries (WGS84, one "
    "feature per unit with property code). 近似乡镇范围：按最近乡镇驻地划分的泰森多边形，"
    "并非行政区划界线，待以区里提供的乡镇界线替换。"
)


def read_outline() -> Polygon:
    """The district outline in WGS84 degrees (largest polygon of the DataV feature)."""
    features = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    parts = []
    for polygon in features[0]["geometry"]["coordinates"]:
        rings = []
        for ring in polygon:
            coords = np.asarray(ring, dtype=float)
            lon, lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
            rings.append(np.column_stack([lon, lat]))
        parts.append(Polygon(rings[0], rings[1:]))
    outline = unary_union(parts)
    return outline.buffer(0)


def read_units() -> list[dict[str, str]]:
    """The rows of the pack's townships.csv."""
    with UNITS_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def projection(lat0: float):
    """Degrees to km and back ((n, 2) arrays), equirectangular about latitude lat0."""
    scale_x = EARTH_RADIUS_KM * math.radians(1.0) * math.cos(math.radians(lat0))
    scale_y = EARTH_RADIUS_KM * math.radians(1.0)

    scale = np.array([scale_x, scale_y])

    def to_km(coords: np.ndarray) -> np.ndarray:
        return coords * scale

    def to_degrees(coords: np.ndarray) -> np.ndarray:
        return coords / scale

    return to_km, to_degrees


def cells(units: list[dict[str, str]], outline: Polygon) -> list[dict]:
    """One GeoJSON feature per unit: its Voronoi cell clipped to the outline."""
    lat0 = float(outline.centroid.y)
    to_km, to_degrees = projection(lat0)
    outline_km = shapely.transform(outline, to_km)
    seats = to_km(np.array([[float(u["centroid_lon"]), float(u["centroid_lat"])] for u in units]))
    seat_points = MultiPoint([(float(x), float(y)) for x, y in seats])
    diagram = voronoi_diagram(seat_points, envelope=outline_km.buffer(20.0))
    features = []
    for unit, (x, y) in zip(units, seats, strict=True):
        seat = shapely.Point(float(x), float(y))
        cell = next(c for c in diagram.geoms if c.contains(seat))
        clipped = cell.intersection(outline_km).simplify(SIMPLIFY_KM, preserve_topology=True)
        degrees = shapely.transform(clipped, to_degrees)
        geometry = rounded(mapping(degrees))
        area_km2 = clipped.area
        features.append({
            "type": "Feature",
            "properties": {
                "code": unit["code"],
                "name_zh": unit["name_zh"],
                "name_en": unit["name_en"],
                "approximate": True,
                "cell_area_km2": round(area_km2, 1),
            },
            "geometry": geometry,
        })  # fmt: skip
        print(f"{unit['code']} {unit['name_zh']}: cell {area_km2:.1f} km2, "
              f"published or guessed {unit['area_km2']} km2")  # fmt: skip
    return features


def rounded(geometry: dict) -> dict:
    """A GeoJSON geometry with coordinates rounded to DECIMALS (and lists, not tuples)."""

    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], float):
            return [round(v, DECIMALS) for v in value]
        return [walk(v) for v in value]

    checked = shape(geometry)
    if checked.is_empty:
        raise SystemExit("an empty cell: a seat lies outside the outline")
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main() -> None:
    outline = read_outline()
    units = read_units()
    collection = {
        "type": "FeatureCollection",
        "note": NOTE,
        "approximate": True,
        "features": cells(units, outline),
    }
    CELLS_FILE.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                          encoding="utf-8")  # fmt: skip
    print(f"wrote {CELLS_FILE} ({CELLS_FILE.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
