"""Plain-numpy geometry for the township tables: GCJ-02 to WGS84, equal-area polygon
areas and centroids, point in polygon, great-circle distances (degrees and km).

Used by ``data/derive/townships.py`` so that it runs without shapely.
"""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Undo the GCJ-02 offset (degrees in, degrees out; error well under 10 m)."""
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1 - ee * np.sin(rad) ** 2
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * np.sqrt(magic)) * np.pi)
    dlon = (dlon * 180.0) / (a / np.sqrt(magic) * np.cos(rad) * np.pi)
    return lon - dlon, lat - dlat


def project(lon: np.ndarray, lat: np.ndarray, lon0: float) -> tuple[np.ndarray, np.ndarray]:
    """Sinusoidal (equal-area) projection about meridian lon0, in km."""
    phi = np.radians(lat)
    return EARTH_RADIUS_KM * np.radians(lon - lon0) * np.cos(phi), EARTH_RADIUS_KM * phi


def unproject(x: float, y: float, lon0: float) -> tuple[float, float]:
    """Inverse of project for one point (degrees)."""
    phi = y / EARTH_RADIUS_KM
    return lon0 + math.degrees(x / (EARTH_RADIUS_KM * math.cos(phi))), math.degrees(phi)


def ring_area_centroid(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Signed area (km2) and centroid of a closed or open ring in projected km."""
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2.0
    if area == 0.0:
        return 0.0, float(x.mean()), float(y.mean())
    cx = ((x + x1) * cross).sum() / (6.0 * area)
    cy = ((y + y1) * cross).sum() / (6.0 * area)
    return float(area), float(cx), float(cy)


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    """The polygons (lists of rings) of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {geometry['type']}")


def area_centroid(polygons: list, lon0: float) -> tuple[float, float, float]:
    """Area (km2) and area centroid (lon, lat) of polygons with holes, WGS84 degrees."""
    total, sx, sy = 0.0, 0.0, 0.0
    for rings in polygons:
        for index, ring in enumerate(rings):
            coords = np.asarray(ring, dtype=float)
            x, y = project(coords[:, 0], coords[:, 1], lon0)
            area, cx, cy = ring_area_centroid(x, y)
            signed = abs(area) if index == 0 else -abs(area)  # outer ring, then holes
            total += signed
            sx += signed * cx
            sy += signed * cy
    lon, lat = unproject(sx / total, sy / total, lon0)
    return total, lon, lat


def inside(lon: float, lat: float, ring: np.ndarray) -> bool:
    """Whether a point lies inside a ring (ray casting, degrees)."""
    x, y = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    crosses = (y > lat) != (y1 > lat)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_at = x + (lat - y) * (x1 - x) / (y1 - y)
    return bool(np.count_nonzero(crosses & (lon < x_at)) % 2)


def great_circle_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
