"""Write the township tables of the Huangyan pack: townships, travel, centres and homes.

Reads the per-unit facts in ``data/derive/inputs/huangyan_townships.csv`` (published
areas, populations, villages and communities where a public source gives them, and
rough guesses where none does), their sources in ``huangyan_township_sources.csv``, the
district outline (DataV ``331003.json``, GCJ-02) and, when a bureau has put one in the
pack, township boundaries in ``data/districts/huangyan/townships.geojson`` (WGS84, one
feature per unit with property ``code``). Writes ``townships.csv``, ``travel.csv``,
``centres.csv`` and ``homes.csv`` into the pack. Totals come from the pack's
``observed.csv`` (base year 2025) and the places per centre from
``data/parameters.csv``.

The geometry is plain numpy (no shapely): areas and centroids in a sinusoidal
equal-area projection about the district's centre, distances on the sphere.

Run from the repository root: ``.venv/bin/python data/derive/townships.py``.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from township_geometry import area_centroid, gcj02_to_wgs84, great_circle_km, inside, polygons_of

DATA_DIR = Path(__file__).resolve().parents[1]
INPUT_DIR = DATA_DIR / "derive" / "inputs"
PACK_DIR = DATA_DIR / "districts" / "huangyan"
UNITS_FILE = INPUT_DIR / "huangyan_townships.csv"
SOURCES_FILE = INPUT_DIR / "huangyan_township_sources.csv"
OUTLINE_FILE = INPUT_DIR / "huangyan_outline_datav_gcj02.json"
BOUNDARY_FILE = PACK_DIR / "townships.geojson"

DISTRICT_AREA_KM2 = 988.0  # zh.wikipedia 黄岩区: 988.36 km2
POPULATION_YEAR = 2020  # observed.csv year whose population_total the shares divide
BASE_YEAR = 2025  # observed.csv year whose beds and centres the rows add up to
SHARE_DECIMALS = 6
SOURCED_SPREAD = 0.10  # +-10%: figures of 2011-2019 standing in for 2020
GUESSED_SPREAD = 0.30  # +-30%: rough guesses scaled to the district total


@dataclass(frozen=True)
class Terrain:
    """Road detour over the straight line and mean road speed (km/h), with ranges."""

    detour: tuple[float, float, float]
    speed_kmh: tuple[float, float, float]


# Assumptions (no road network was used): value, low, high.
TERRAINS = {
    "urban": Terrain((1.3, 1.2, 1.5), (25.0, 20.0, 35.0)),
    "plain": Terrain((1.3, 1.2, 1.5), (40.0, 30.0, 50.0)),
    "hilly": Terrain((1.45, 1.3, 1.8), (35.0, 28.0, 45.0)),
    "mountain": Terrain((1.6, 1.4, 2.0), (30.0, 22.0, 40.0)),
}
# A unit is not a disc: the mean trip to its seat is longer in the high case.
SHAPE_FACTOR_HIGH = 1.25


@dataclass
class Unit:
    """One township-level unit with what the inputs and the geometry give."""

    row: dict[str, str]
    area_km2: float = 0.0
    area_sourced: bool = False
    lon: float = 0.0
    lat: float = 0.0
    centroid_from_boundary: bool = False
    population: float = 0.0
    population_sourced: bool = False

    @property
    def code(self) -> str:
        return self.row["code"]

    @property
    def terrain(self) -> Terrain:
        return TERRAINS[self.row["terrain"]]

    @property
    def places(self) -> int:
        return int(self.row["villages"]) + int(self.row["communities"])


def check_outline(units: list[Unit]) -> float:
    """Read the district outline, print its area and check every seat lies inside."""
    features = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    geometry = features[0]["geometry"]
    rings = []
    for rings_of_polygon in polygons_of(geometry):
        coords = np.asarray(rings_of_polygon[0], dtype=float)
        lon, lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
        rings.append([np.column_stack([lon, lat]).tolist()])
    lon0 = float(np.mean(np.asarray(rings[0][0])[:, 0]))
    area, _, _ = area_centroid(rings, lon0)
    outer = [np.asarray(r[0]) for r in rings]
    for unit in units:
        if not any(inside(unit.lon, unit.lat, ring) for ring in outer):
            raise SystemExit(f"seat of {unit.code} lies outside the district outline")
    print(f"district outline (DataV, WGS84): {area:.1f} km2; published {DISTRICT_AREA_KM2}")
    return lon0


# ---------------------------------------------------------------- inputs


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def observed(year: int) -> dict[str, float]:
    """The pack's observed.csv figures for a year."""
    rows = read_csv(PACK_DIR / "observed.csv")
    return {r["item"]: float(r["value"]) for r in rows if int(r["year"]) == year and r["value"]}


def parameter(name: str) -> float:
    """A value of data/parameters.csv."""
    for row in read_csv(DATA_DIR / "parameters.csv"):
        if row["name"] == name:
            return float(row["value"])
    raise KeyError(name)


def scale_guesses(values: list[float], sourced: list[bool], total: float) -> list[float]:
    """Keep sourced values; scale the others so that all add up to total."""
    known = sum(v for v, s in zip(values, sourced, strict=True) if s)
    guessed = sum(v for v, s in zip(values, sourced, strict=True) if not s)
    if known >= total or guessed <= 0:
        raise SystemExit("sourced figures already exceed the district total")
    factor = (total - known) / guessed
    return [v if s else v * factor for v, s in zip(values, sourced, strict=True)]


def load_units(registered_total: float) -> list[Unit]:
    """Units with area, centre and population (sourced, or guesses scaled to totals)."""
    units = [Unit(row) for row in read_csv(UNITS_FILE)]
    for unit in units:
        unit.area_sourced = bool(unit.row["area_km2"])
        unit.area_km2 = float(unit.row["area_km2"] or unit.row["area_guess_km2"])
        unit.lon, unit.lat = float(unit.row["seat_lon"]), float(unit.row["seat_lat"])
        unit.population_sourced = bool(unit.row["population"])
        unit.population = float(unit.row["population"] or unit.row["population_guess"])
    areas = scale_guesses(
        [u.area_km2 for u in units], [u.area_sourced for u in units], DISTRICT_AREA_KM2
    )
    people = scale_guesses(
        [u.population for u in units], [u.population_sourced for u in units], registered_total
    )
    for unit, area, persons in zip(units, areas, people, strict=True):
        unit.area_km2, unit.population = area, persons
    return units


def apply_boundaries(units: list[Unit], lon0: float) -> bool:
    """Take areas and centroids from township polygons when the pack has them."""
    if not BOUNDARY_FILE.exists():
        return False
    collection = json.loads(BOUNDARY_FILE.read_text(encoding="utf-8"))
    # Approximate cells (township_cells.py: nearest seat) are drawn on maps only; their
    # areas and centroids would only echo the seats they were made from.
    by_code = {str(f["properties"]["code"]): f["geometry"] for f in collection["features"]
               if not f["properties"].get("approximate")}  # fmt: skip
    for unit in units:
        if unit.code in by_code:
            area, lon, lat = area_centroid(polygons_of(by_code[unit.code]), lon0)
            unit.area_km2, unit.area_sourced = area, True
            unit.lon, unit.lat, unit.centroid_from_boundary = lon, lat, True
    return True


# ---------------------------------------------------------------- derived columns


def round_to_one(values: list[float]) -> list[float]:
    """Round shares to SHARE_DECIMALS and put the residue into the largest."""
    rounded = [round(v, SHARE_DECIMALS) for v in values]
    largest = max(range(len(values)), key=lambda i: values[i])
    rounded[largest] = round(rounded[largest] + 1.0 - sum(rounded), SHARE_DECIMALS)
    return rounded


def population_bounds(unit: Unit) -> tuple[float, float]:
    """Low and high multipliers of a unit's population: a spread, or published bounds."""
    spread = SOURCED_SPREAD if unit.population_sourced else GUESSED_SPREAD
    low, high = 1.0 - spread, 1.0 + spread
    if unit.row["population_low"]:
        low = min(low, float(unit.row["population_low"]) / unit.population)
    if unit.row["population_high"]:
        high = max(high, float(unit.row["population_high"]) / unit.population)
    return low, high


def shares(units: list[Unit]) -> list[dict[str, float]]:
    """Shares of the registered population and of the registered 60+, with ranges."""
    total = sum(u.population for u in units)
    base = [u.population / total for u in units]
    bounds = [population_bounds(u) for u in units]
    factors = [float(u.row["old_age_factor"]) for u in units]
    weighted = sum(b * f for b, f in zip(base, factors, strict=True))
    older = [b * f / weighted for b, f in zip(base, factors, strict=True)]
    registered, older = round_to_one(base), round_to_one(older)
    rows = []
    for i, (low, high) in enumerate(bounds):
        factor_low, factor_high = factors[i] - 0.10, factors[i] + 0.15
        rows.append(
            {
                "share_registered": registered[i],
                "share_registered_low": math.floor(base[i] * low * 1e6) / 1e6,
                "share_registered_high": math.ceil(base[i] * high * 1e6) / 1e6,
                "share_60plus": older[i],
                "share_60plus_low": math.floor(base[i] * low * factor_low / weighted * 1e6) / 1e6,
                "share_60plus_high": math.ceil(base[i] * high * factor_high / weighted * 1e6) / 1e6,
            }
        )
    for row in rows:  # keep low <= value <= high after the residue went to the largest
        for key in ("share_registered", "share_60plus"):
            row[f"{key}_low"] = min(row[f"{key}_low"], row[key])
            row[f"{key}_high"] = max(row[f"{key}_high"], row[key])
    return rows


def internal_minutes(unit: Unit) -> tuple[float, float, float]:
    """Mean minutes from a home to the seat: mean distance in a disc of the unit's area."""
    mean_km = 2.0 / 3.0 * math.sqrt(unit.area_km2 / math.pi)
    (detour, detour_low, detour_high), (speed, speed_low, speed_high) = (
        unit.terrain.detour,
        unit.terrain.speed_kmh,
    )
    return (
        60.0 * mean_km * detour / speed,
        60.0 * mean_km * detour_low / speed_high,
        60.0 * mean_km * detour_high * SHAPE_FACTOR_HIGH / speed_low,
    )


def pair_minutes(a: Unit, b: Unit) -> tuple[float, float, float, float]:
    """Straight km between two seats and minutes (value, low, high) by road."""
    km = great_circle_km(a.lon, a.lat, b.lon, b.lat)
    detour = [max(x, y) for x, y in zip(a.terrain.detour, b.terrain.detour, strict=True)]
    speed = [(x + y) / 2 for x, y in zip(a.terrain.speed_kmh, b.terrain.speed_kmh, strict=True)]
    return (
        km,
        60.0 * km * detour[0] / speed[0],
        60.0 * km * detour[1] / speed[2],
        60.0 * km * detour[2] / speed[1],
    )


# ---------------------------------------------------------------- allocation


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Whole numbers proportional to weights that add up to total exactly."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# ---------------------------------------------------------------- rows


def unit_sources(unit: Unit, sources: dict[str, dict[str, str]]) -> tuple[str, str, str]:
    """Source, source_zh and confidence of a unit's row."""
    refs = ["codes"]
    refs += [unit.row[k] for k in ("area_ref", "population_ref", "units_ref") if unit.row[k]]
    if unit.row["mountain"] == "yes":
        refs.append("mountain")
    refs.append("district")
    refs = list(dict.fromkeys(refs))
    english = "; ".join(sources[r]["source"] for r in refs)
    chinese = "；".join(sources[r]["source_zh"] for r in refs)
    sourced = unit.area_sourced and unit.population_sourced
    return english, chinese, "low" if sourced else "estimate"


def unit_note(unit: Unit) -> str:
    """What in a unit's row is sourced and what is estimated."""
    parts = []
    if unit.centroid_from_boundary:
        parts.append("area and centroid from townships.geojson")
    else:
        parts.append("centroid = approximate seat of the township government (+-2 km, estimate)")
        parts.append(
            "area published"
            if unit.area_sourced
            else "area a rough guess scaled so the 19 units add up to 988 km2 (estimate, +-30%)"
        )
    year = unit.row["population_year"]
    parts.append(
        f"share_registered from {int(unit.population):,} people ({year}) over the 2020 total"
        + (
            f" (low from {int(float(unit.row['population_low'])):,})"
            if unit.row["population_low"]
            else ""
        )
        if unit.population_sourced
        else f"share_registered from a guess of {int(unit.population):,} people, the guesses "
        "scaled to the 2020 total less the published units (estimate, +-30%)"
    )
    parts.append(
        f"share_60plus = share_registered x old-age factor {unit.row['old_age_factor']} "
        f"({unit.row['terrain']}; mountain and hill units older), renormalised"
    )
    if not unit.row["units_ref"]:
        parts.append("villages and communities estimated so the district adds up to 297 and 32")
    terrain = unit.terrain
    parts.append(
        f"internal_minutes: mean distance in a disc of the area x detour {terrain.detour[0]} "
        f"/ {terrain.speed_kmh[0]:.0f} km/h (low {terrain.detour[1]}/{terrain.speed_kmh[2]:.0f}, "
        f"high {terrain.detour[2]}x{SHAPE_FACTOR_HIGH}/{terrain.speed_kmh[1]:.0f})"
    )
    return "; ".join(parts)


def township_rows(units: list[Unit], sources: dict[str, dict[str, str]]) -> list[dict]:
    """The rows of townships.csv."""
    rows = []
    for unit, share in zip(units, shares(units), strict=True):
        minutes = internal_minutes(unit)
        source, source_zh, confidence = unit_sources(unit, sources)
        row = {k: unit.row[k] for k in ("code", "name_zh", "name_en", "kind")}
        row.update(
            area_km2=f"{unit.area_km2:.2f}",
            centroid_lon=f"{unit.lon:.4f}",
            centroid_lat=f"{unit.lat:.4f}",
            villages=unit.row["villages"],
            communities=unit.row["communities"],
            mountain=unit.row["mountain"],
        )
        row.update({k: f"{v:.6f}" for k, v in share.items()})
        row.update(
            internal_minutes=f"{minutes[0]:.1f}",
            internal_minutes_low=f"{minutes[1]:.1f}",
            internal_minutes_high=f"{minutes[2]:.1f}",
            source=source,
            source_zh=source_zh,
            confidence=confidence,
            note=unit_note(unit),
        )
        rows.append(row)
    return rows


def travel_rows(units: list[Unit]) -> list[dict]:
    """The rows of travel.csv: one per unordered pair of units."""
    rows = []
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            km, minutes, low, high = pair_minutes(a, b)
            rows.append(
                {
                    "from_code": a.code,
                    "to_code": b.code,
                    "minutes": f"{minutes:.1f}",
                    "minutes_low": f"{low:.1f}",
                    "minutes_high": f"{high:.1f}",
                    "source": "derived: straight line between the seats x a detour factor / "
                    "a road speed (data/derive/townships.py); no road network was used",
                    "source_zh": "推算值：两地乡镇（街道）驻地直线距离×绕行系数÷道路车速"
                    "（data/derive/townships.py），未使用路网数据",
                    "confidence": "assumption",
                    "note": f"{km:.1f} km straight; detour the larger of the two units' "
                    f"({a.row['terrain']}, {b.row['terrain']}), speed their mean; seats "
                    "approximate (+-2 km)",
                }
            )
    return rows


def centre_rows(units: list[Unit]) -> list[dict]:
    """The rows of centres.csv for the base year, adding up to observed.csv."""
    figures = observed(BASE_YEAR)
    community = largest_remainder(int(figures["community_centres"]), [u.places for u in units])
    regional = [1] * len(units)
    extra = int(figures["township_centres"]) - len(units)
    for i in sorted(range(len(units)), key=lambda i: -units[i].population)[:extra]:
        regional[i] += 1
    per_community = parameter("places_per_community_centre")
    per_regional = parameter("places_per_township_centre")
    rows = []
    for unit, n_community, n_regional in zip(units, community, regional, strict=True):
        full_day = unit.row["kind"] == "subdistrict" or unit.code == "331003107"
        rows.append(_centre_row(unit, "community", n_community, per_community, False))
        rows.append(_centre_row(unit, "regional", n_regional, per_regional, full_day))
    return rows


def _centre_row(unit: Unit, kind: str, centres: int, per_centre: float, full_day: bool) -> dict:
    """One row of centres.csv."""
    if kind == "community":
        how = (
            f"district total ({BASE_YEAR}, observed.csv) spread by villages + communities "
            f"({unit.places})"
        )
        how_zh = "全区总数按各乡镇（街道）行政村和社区数分配"
    else:
        how = "one per unit, the district's other regional centres to the most populous units"
        how_zh = "每个乡镇（街道）1个，其余分给人口最多的乡镇（街道）"
    return {
        "township_code": unit.code,
        "kind": kind,
        "centres": centres,
        "places": round(centres * per_centre),
        "full_day_care": "yes" if full_day else "no",
        "year": BASE_YEAR,
        "source": f"derived: {how}; places at {per_centre:.0f} a centre (data/parameters.csv)",
        "source_zh": f"推算值：{how_zh}；每个中心床位数取data/parameters.csv设定值",
        "confidence": "estimate",
        "note": "no register of centres by township is public"
        + (
            "; full-day care (全日托) assumed in the urban subdistricts and Yuanqiao"
            if full_day
            else ""
        ),
    }


# Public homes (assumption): the district's own homes at its seat, and one township home
# (乡镇敬老院, reformed to publicly built, privately run) in each of the 11 towns and
# townships; the plan counts 11 reformed township homes and 14 public homes in all.
DISTRICT_PUBLIC = ("331003001", 3, 680, 0.65)  # code, homes, beds, nursing-type share
TOWNSHIP_HOME_BEDS = {"331003107": 120, "331003101": 100, "331003103": 100, "331003102": 100}
TOWNSHIP_HOME_BEDS_DEFAULT = 80
TOWNSHIP_HOME_NURSING_SHARE = 0.35
# Private homes (assumption): 28 homes, mostly in the urban subdistricts.
PRIVATE_HOMES = {
    "331003001": 5,
    "331003002": 4,
    "331003003": 4,
    "331003004": 4,
    "331003007": 3,
    "331003008": 2,
    "331003005": 2,
    "331003006": 1,
    "331003107": 2,
    "331003103": 1,
}


def home_rows(units: list[Unit]) -> list[dict]:
    """The rows of homes.csv for the base year, adding up to observed.csv's beds."""
    figures = observed(BASE_YEAR)
    nursing_total, ordinary_total = int(figures["beds_nursing"]), int(figures["beds_ordinary"])
    seat, seat_homes, seat_beds, seat_share = DISTRICT_PUBLIC
    public: list[tuple[str, str, str, int, int, float]] = [
        (seat, "区级公办养老机构", "district public homes", seat_homes, seat_beds, seat_share)
    ]
    share = TOWNSHIP_HOME_NURSING_SHARE
    for unit in units:
        if unit.row["kind"] != "subdistrict":
            beds = TOWNSHIP_HOME_BEDS.get(unit.code, TOWNSHIP_HOME_BEDS_DEFAULT)
            public.append((unit.code, "乡镇敬老院（公建民营）", "township home", 1, beds, share))
    rows = []
    for code, name_zh, name_en, homes, beds, nursing_share in public:
        nursing = round(beds * nursing_share)
        rows.append(_home_row(code, name_zh, name_en, homes, nursing, beds - nursing, True))
    nursing_left = nursing_total - sum(r["nursing_beds"] for r in rows)
    ordinary_left = ordinary_total - sum(r["ordinary_beds"] for r in rows)
    codes, counts = list(PRIVATE_HOMES), list(PRIVATE_HOMES.values())
    private_nursing = largest_remainder(nursing_left, [float(c) for c in counts])
    private_ordinary = largest_remainder(ordinary_left, [float(c) for c in counts])
    for code, homes, n, o in zip(codes, counts, private_nursing, private_ordinary, strict=True):
        rows.append(_home_row(code, "民办养老机构", "private homes", homes, n, o, False))
    order = {u.code: i for i, u in enumerate(units)}
    return sorted(rows, key=lambda r: (order[r["township_code"]], r["public"] == "no"))


def _home_row(
    code: str, name_zh: str, name_en: str, homes: int, nursing: int, ordinary: int, public: bool
) -> dict:
    """One row of homes.csv."""
    if public:
        how = (
            "the plan's 14 public homes: 11 township homes reformed to publicly built, privately "
            "run, one a town or township; the district's own 3 placed at its seat"
        )
        how_zh = (
            "规划：公办养老机构14家，其中11家乡镇敬老院完成公建民营改革，"
            "按每个镇、乡1家；区级3家置于区政府驻地"
        )
    else:
        how = "the plan's 28 private homes spread mostly over the urban subdistricts"
        how_zh = "规划：民办养老机构28家，主要分布在城区街道"
    return {
        "township_code": code,
        "name_zh": name_zh,
        "name_en": name_en,
        "homes": homes,
        "nursing_beds": nursing,
        "ordinary_beds": ordinary,
        "public": "yes" if public else "no",
        "year": BASE_YEAR,
        "source": f"derived: {how}; beds add up to the {BASE_YEAR} figures of observed.csv",
        "source_zh": f"推算值：{how_zh}；床位数合计等于observed.csv中{BASE_YEAR}年数据",
        "confidence": "estimate",
        "note": "no register of homes by township is public; locations and sizes assumed"
        + ("" if public else "; private beds are what the public rows leave of the total"),
    }


# ---------------------------------------------------------------- main

TOWNSHIP_COLUMNS = [
    "code",
    "name_zh",
    "name_en",
    "kind",
    "area_km2",
    "centroid_lon",
    "centroid_lat",
    "villages",
    "communities",
    "mountain",
    "share_registered",
    "share_registered_low",
    "share_registered_high",
    "share_60plus",
    "share_60plus_low",
    "share_60plus_high",
    "internal_minutes",
    "internal_minutes_low",
    "internal_minutes_high",
    "source",
    "source_zh",
    "confidence",
    "note",
]
TRAVEL_COLUMNS = [
    "from_code",
    "to_code",
    "minutes",
    "minutes_low",
    "minutes_high",
    "source",
    "source_zh",
    "confidence",
    "note",
]
CENTRE_COLUMNS = [
    "township_code",
    "kind",
    "centres",
    "places",
    "full_day_care",
    "year",
    "source",
    "source_zh",
    "confidence",
    "note",
]
HOME_COLUMNS = [
    "township_code",
    "name_zh",
    "name_en",
    "homes",
    "nursing_beds",
    "ordinary_beds",
    "public",
    "year",
    "source",
    "source_zh",
    "confidence",
    "note",
]


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Write rows as a UTF-8 CSV with a header, LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {path.relative_to(DATA_DIR.parent)} ({len(rows)} rows)")


def main() -> None:
    """Derive and write the four township tables of the Huangyan pack."""
    sources = {row["ref"]: row for row in read_csv(SOURCES_FILE)}
    registered = observed(POPULATION_YEAR)["population_total"]
    units = load_units(registered)
    lon0 = check_outline(units)
    if apply_boundaries(units, lon0):
        print(f"areas and centroids from {BOUNDARY_FILE.name}")
    write_csv(PACK_DIR / "townships.csv", TOWNSHIP_COLUMNS, township_rows(units, sources))
    write_csv(PACK_DIR / "travel.csv", TRAVEL_COLUMNS, travel_rows(units))
    write_csv(PACK_DIR / "centres.csv", CENTRE_COLUMNS, centre_rows(units))
    write_csv(PACK_DIR / "homes.csv", HOME_COLUMNS, home_rows(units))


if __name__ == "__main__":
    main()
