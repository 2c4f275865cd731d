"""A district pack's township tables: its township-level units, their nursing homes and
centres, and the minutes by road between them, read and checked (`TownshipTables`).

A pack holding `townships.csv` holds `homes.csv`, `centres.csv` and `travel.csv` too
(`townships.geojson` is optional: only the map needs it); the formats are in
`docs/places.md`. A pack without `townships.csv` is one area, as before. Every problem
raises the one-line `InputError` naming the file and the key (`homes.csv: row 3.
township_code: unknown township '331003999'`); rows of homes.csv and centres.csv are
counted from 1 below the header.

The facility tables state the base year they describe, and their totals must equal the
observed figures of that year exactly, so that a run from that year finds the same beds
and centres whether it reads the district totals or the tables (`sim.model.places.spread`
shares a district total out over the units in whole numbers).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from sim.config.csv_rows import read_rows
from sim.config.pack_schema import CONFIDENCE_LEVELS, OBSERVED_CONFIDENCE
from sim.config.township_schema import TownshipTables
from sim.errors import InputError

__all__ = ["TOWNSHIP_FILES", "TownshipTables", "read_townships"]

#: The files of a pack's township tables; the first decides whether a pack has them.
TOWNSHIP_FILES = ("townships.csv", "homes.csv", "centres.csv", "travel.csv")
GEOMETRY_FILE = "townships.geojson"
#: Kinds of township-level unit: 街道, 镇, 乡.
UNIT_KINDS = ("subdistrict", "town", "township")
#: Kinds of centre: village or community centre (照料中心), township-level centre.
CENTRE_KINDS = ("community", "regional")
#: How far a share column's sum may be from 1.
SHARE_SUM_TOLERANCE = 1e-6
#: Columns every row carries.
PROVENANCE = ["source", "source_zh", "confidence", "note"]
#: Figures of townships.csv given with a range (`_low`, `_high`).
RANGED = ("share_registered", "share_60plus", "internal_minutes")
UNIT_COLUMNS = [
    "code", "name_zh", "name_en", "kind", "area_km2", "centroid_lon", "centroid_lat",
    "villages", "communities", "mountain",
    *(f"{name}{end}" for name in RANGED for end in ("", "_low", "_high")),
    *PROVENANCE,
]  # fmt: skip
HOME_COLUMNS = [
    "township_code", "name_zh", "name_en", "homes", "nursing_beds", "ordinary_beds",
    "public", "year", *PROVENANCE,
]  # fmt: skip
CENTRE_COLUMNS = [
    "township_code", "kind", "centres", "places", "full_day_care", "year", *PROVENANCE
]  # fmt: skip
TRAVEL_COLUMNS = ["from_code", "to_code", "minutes", "minutes_low", "minutes_high", *PROVENANCE]


def read_townships(
    folder: Path, observed: dict[int, dict[str, dict[str, Any]]]
) -> TownshipTables | None:
    """The township tables of the pack in `folder`, checked against its `observed`
    figures ({year: {item: row}}); None when it has no `townships.csv`."""
    if not (folder / "townships.csv").is_file():
        return None
    for name in TOWNSHIP_FILES[1:]:
        if not (folder / name).is_file():
            raise InputError(
                str(folder / name), "", "file not found (a pack with townships.csv has it)"
            )
    units = _read_units(folder / "townships.csv")
    codes = units["codes"]
    facilities = _read_homes(folder / "homes.csv", codes, observed)
    centres = _read_centres(folder / "centres.csv", codes, observed, facilities["year"])
    travel = _read_travel(folder / "travel.csv", codes, units)
    geometry = folder / GEOMETRY_FILE
    if geometry.is_file():
        _check_geometry(geometry, codes)
    estimates = (*units.pop("estimates"), facilities.pop("estimates"), centres.pop("estimates"),
                 travel.pop("estimates"))  # fmt: skip
    return TownshipTables(
        **units,
        **{key: value for key, value in facilities.items() if key != "year"},
        **{key: value for key, value in centres.items() if key != "year"},
        facilities_year=int(facilities["year"]),
        **travel,
        geometry_file=geometry if geometry.is_file() else None,
        estimates=tuple(line for line in estimates if line),
    )


def _number(file: str, key: str, raw: str, *, minimum: float | None = None) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InputError(file, key, f"expected a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise InputError(file, key, f"expected a finite number, got {raw!r}")
    if minimum is not None and value < minimum:
        raise InputError(file, key, f"expected a number >= {minimum:g}, got {raw}")
    return value


def _whole(file: str, key: str, raw: str, *, minimum: int = 0) -> int:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value != int(value) or value < minimum:
        raise InputError(file, key, f"expected a whole number >= {minimum}, got {raw!r}")
    return int(value)


def _choice(file: str, key: str, raw: str, allowed: tuple[str, ...]) -> str:
    if raw not in allowed:
        raise InputError(file, key, f"expected one of {', '.join(allowed)}, got {raw!r}")
    return raw


def _yes(file: str, key: str, raw: str) -> bool:
    return _choice(file, key, raw, ("yes", "no")) == "yes"


def _provenance(file: str, key: str, row: dict[str, str]) -> bool:
    """Check a row's source and confidence; True when it rests on an estimate."""
    if not row["source"]:
        raise InputError(file, f"{key}.source", "every row needs a source")
    _choice(file, f"{key}.confidence", row["confidence"], CONFIDENCE_LEVELS)
    return row["confidence"] not in OBSERVED_CONFIDENCE


def _ranged(file: str, key: str, row: dict[str, str], name: str) -> tuple[float, float, float]:
    """`name`, `name_low`, `name_high` of a row: numbers >= 0 with low <= value <= high."""
    value, low, high = (
        _number(file, f"{key}.{name}{end}", row[f"{name}{end}"], minimum=0.0)
        for end in ("", "_low", "_high")
    )
    if not low <= value <= high:
        raise InputError(
            file, f"{key}.{name}", f"expected {name}_low <= {name} <= {name}_high, "
            f"got {low:g} <= {value:g} <= {high:g}",
        )  # fmt: skip
    return value, low, high


def _code(file: str, key: str, raw: str, codes: tuple[str, ...]) -> int:
    if raw not in codes:
        raise InputError(file, key, f"unknown township {raw!r} (not in townships.csv)")
    return codes.index(raw)


def _unit(file: str, number: int, row: dict[str, str], seen: set[str]) -> dict[str, Any]:
    """One row of townships.csv, checked (`number` counts rows from 1)."""
    code = row["code"]
    if not (len(code) == 9 and code.isdigit()):
        raise InputError(file, f"row {number}.code", f"expected a 9-digit code, got {code!r}")
    if code in seen:
        raise InputError(file, f"{code}.code", "listed twice")
    seen.add(code)
    area = _number(file, f"{code}.area_km2", row["area_km2"])
    if area <= 0:
        raise InputError(file, f"{code}.area_km2", f"expected a number > 0, got {area:g}")
    lon = _number(file, f"{code}.centroid_lon", row["centroid_lon"])
    lat = _number(file, f"{code}.centroid_lat", row["centroid_lat"])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InputError(file, f"{code}.centroid_lon", "expected WGS84 degrees")
    unit: dict[str, Any] = {
        "code": code,
        "name_zh": row["name_zh"],
        "name_en": row["name_en"],
        "kind": _choice(file, f"{code}.kind", row["kind"], UNIT_KINDS),
        "area_km2": area,
        "centroid_lon": lon,
        "centroid_lat": lat,
        "villages": _whole(file, f"{code}.villages", row["villages"]),
        "communities": _whole(file, f"{code}.communities", row["communities"]),
        "mountain": _yes(file, f"{code}.mountain", row["mountain"]),
        "estimated": _provenance(file, code, row),
    }
    for name in RANGED:
        value, low, high = _ranged(file, code, row, name)
        unit[name], unit[f"{name}_low"], unit[f"{name}_high"] = value, low, high
    for name in ("share_registered", "share_60plus"):
        if unit[f"{name}_high"] > 1:
            raise InputError(file, f"{code}.{name}_high", "expected a share <= 1")
    return unit


def _read_units(path: Path) -> dict[str, Any]:
    """townships.csv: the units' columns as tuples and arrays, and its estimate lines."""
    file = str(path)
    seen: set[str] = set()
    units = [_unit(file, n, row, seen) for n, row in enumerate(read_rows(path, UNIT_COLUMNS), 1)]
    column: Callable[[str], list[Any]] = lambda name: [unit[name] for unit in units]  # noqa: E731
    for name in ("share_registered", "share_60plus"):
        total = math.fsum(column(name))
        if abs(total - 1) > SHARE_SUM_TOLERANCE:
            raise InputError(file, name, f"expected the shares to sum to 1, got {total:.9g}")
    tables: dict[str, Any] = {
        "codes": tuple(column("code")),
        "names": {"zh": tuple(column("name_zh")), "en": tuple(column("name_en"))},
        "kinds": tuple(column("kind")),
        "mountain": np.array(column("mountain"), dtype=bool),
        "villages": np.array(column("villages"), dtype=np.int64),
        "communities": np.array(column("communities"), dtype=np.int64),
    }
    for name in ("area_km2", "centroid_lon", "centroid_lat"):
        tables[name] = np.array(column(name), dtype=float)
    for name in RANGED:
        for end in ("", "_low", "_high"):
            tables[f"{name}{end}"] = np.array(column(f"{name}{end}"), dtype=float)
    count = len(units)
    estimated = column("estimated")
    lines = []
    if any(estimated):
        lines.append(
            f"townships.csv: area_km2, centroid, villages, communities "
            f"({sum(estimated)} of {count} units)"
        )
    for name in RANGED:
        uncertain = sum(
            e or u[f"{name}_low"] < u[f"{name}_high"] for e, u in zip(estimated, units, strict=True)
        )
        if uncertain:
            lines.append(f"townships.csv: {name} ({uncertain} of {count} units)")
    tables["estimates"] = tuple(lines)
    return tables


def _facility_year(file: str, key: str, raw: str, observed: dict[int, Any], years: set[int]) -> int:
    year = _whole(file, key, raw, minimum=1990)
    if year not in observed:
        raise InputError(file, key, f"expected a base year of observed.csv, got {year}")
    years.add(year)
    if len(years) > 1:
        raise InputError(file, key, f"expected one year for every row, got {sorted(years)}")
    return year


def _observed_total(observed: dict[int, Any], year: int, item: str) -> float | None:
    entry = observed.get(year, {}).get(item)
    return None if entry is None else float(entry["value"])


def _rows_label(estimated: int, count: int) -> str:
    return "all rows" if estimated == count else f"{estimated} of {count} rows"


def _read_homes(path: Path, codes: tuple[str, ...], observed: dict[int, Any]) -> dict[str, Any]:
    """homes.csv summed by township, its totals checked against observed.csv."""
    file = str(path)
    n = len(codes)
    sums = {name: np.zeros(n, dtype=np.int64) for name in (
        "nursing_beds", "ordinary_beds", "public_nursing_beds", "public_ordinary_beds", "homes"
    )}  # fmt: skip
    homes_by_owner = {"homes_public": 0, "homes_private": 0}
    years: set[int] = set()
    rows = read_rows(path, HOME_COLUMNS)
    estimated = 0
    for number, row in enumerate(rows, 1):
        key = f"row {number}"
        unit = _code(file, f"{key}.township_code", row["township_code"], codes)
        homes = _whole(file, f"{key}.homes", row["homes"], minimum=1)
        nursing = _whole(file, f"{key}.nursing_beds", row["nursing_beds"])
        ordinary = _whole(file, f"{key}.ordinary_beds", row["ordinary_beds"])
        public = _yes(file, f"{key}.public", row["public"])
        year = _facility_year(file, f"{key}.year", row["year"], observed, years)
        estimated += _provenance(file, key, row)
        sums["homes"][unit] += homes
        sums["nursing_beds"][unit] += nursing
        sums["ordinary_beds"][unit] += ordinary
        if public:
            sums["public_nursing_beds"][unit] += nursing
            sums["public_ordinary_beds"][unit] += ordinary
        homes_by_owner["homes_public" if public else "homes_private"] += homes
    for column, item in (("nursing_beds", "beds_nursing"), ("ordinary_beds", "beds_ordinary")):
        _check_total(file, column, int(sums[column].sum()), year, item, observed, required=True)
    for item, count in homes_by_owner.items():
        _check_total(file, "homes", count, year, item, observed, required=False)
    return {
        **sums,
        "year": year,
        "estimates": f"homes.csv: beds by township ({_rows_label(estimated, len(rows))})"
        if estimated
        else "",
    }


def _check_total(
    file: str, column: str, total: int, year: int, item: str, observed: dict[int, Any],
    *, required: bool,
) -> None:  # fmt: skip
    """The sum of `column` equals observed.csv's `item` of `year` (when it gives one; a
    figure it must give for the check is `required`)."""
    expected = _observed_total(observed, year, item)
    if expected is None:
        if required:
            raise InputError(
                file, f"{year}.{column}", f"observed.csv gives no {item} for {year} to match"
            )
        return
    if total != expected:
        raise InputError(
            file, f"{year}.{column}",
            f"rows sum to {total}, but observed.csv's {year} {item} is {expected:g}",
        )  # fmt: skip


def _read_centres(
    path: Path, codes: tuple[str, ...], observed: dict[int, Any], homes_year: int
) -> dict[str, Any]:
    """centres.csv summed by township and kind, its totals checked against observed.csv
    (a missing community_centres or township_centres counts as 0, its default); its
    year is `homes_year`, the year of homes.csv."""
    file = str(path)
    n = len(codes)
    sums = {name: np.zeros(n, dtype=np.int64) for name in (
        "community_centres", "regional_centres", "community_places", "regional_places",
        "full_day_care_centres",
    )}  # fmt: skip
    years: set[int] = set()
    seen: set[tuple[str, str, str]] = set()
    rows = read_rows(path, CENTRE_COLUMNS)
    estimated = 0
    for number, row in enumerate(rows, 1):
        key = f"row {number}"
        unit = _code(file, f"{key}.township_code", row["township_code"], codes)
        kind = _choice(file, f"{key}.kind", row["kind"], CENTRE_KINDS)
        # One row per township, kind and full-day care: a township may have centres of
        # one kind with and without full-day care.
        group = (row["township_code"], kind, row["full_day_care"])
        if group in seen:
            raise InputError(file, key, f"a second {kind} row for {row['township_code']} "
                             f"with full_day_care {row['full_day_care']}")  # fmt: skip
        seen.add(group)
        centres = _whole(file, f"{key}.centres", row["centres"])
        sums[f"{kind}_centres"][unit] += centres
        sums[f"{kind}_places"][unit] += _whole(file, f"{key}.places", row["places"])
        if _yes(file, f"{key}.full_day_care", row["full_day_care"]):
            sums["full_day_care_centres"][unit] += centres
        year = _facility_year(file, f"{key}.year", row["year"], observed, years)
        if year != homes_year:
            raise InputError(
                file, f"{key}.year", f"expected the year of homes.csv ({homes_year}), got {year}"
            )
        estimated += _provenance(file, key, row)
    for kind, item in (("community", "community_centres"), ("regional", "township_centres")):
        total = int(sums[f"{kind}_centres"].sum())
        if _observed_total(observed, year, item) is None and total == 0:
            continue
        _check_total(file, f"{kind}.centres", total, year, item, observed, required=True)
    return {
        **sums,
        "year": year,
        "estimates": "centres.csv: centres and places by township "
        f"({_rows_label(estimated, len(rows))})"
        if estimated
        else "",
    }


def _read_travel(path: Path, codes: tuple[str, ...], units: dict[str, Any]) -> dict[str, Any]:
    """travel.csv as [n, n] matrices: every pair of distinct units once, either way round."""
    file = str(path)
    n = len(codes)
    matrices = {
        end: np.diag(units[f"internal_minutes{end}"]).astype(float) for end in ("", "_low", "_high")
    }
    seen = np.eye(n, dtype=bool)
    estimated = 0
    for row in read_rows(path, TRAVEL_COLUMNS):
        key = f"{row['from_code']}-{row['to_code']}"
        first = _code(file, f"{key}.from_code", row["from_code"], codes)
        second = _code(file, f"{key}.to_code", row["to_code"], codes)
        if first == second:
            raise InputError(file, key, "a unit to itself: give it as internal_minutes in "
                             "townships.csv")  # fmt: skip
        if seen[first, second]:
            raise InputError(file, key, "pair listed twice")
        seen[first, second] = seen[second, first] = True
        value, low, high = _ranged(file, key, row, "minutes")
        for end, minutes in (("", value), ("_low", low), ("_high", high)):
            matrices[end][first, second] = matrices[end][second, first] = minutes
        estimated += _provenance(file, key, row) or low < high
    if not seen.all():
        first, second = (int(i) for i in np.argwhere(~seen)[0])
        raise InputError(file, f"{codes[first]}-{codes[second]}", "pair missing")
    return {
        "travel_minutes": matrices[""],
        "travel_minutes_low": matrices["_low"],
        "travel_minutes_high": matrices["_high"],
        "estimates": f"travel.csv: minutes ({estimated} pair{'s' * (estimated > 1)})"
        if estimated
        else "",
    }


def _check_geometry(path: Path, codes: tuple[str, ...]) -> None:
    """townships.geojson: a FeatureCollection whose features name units of townships.csv."""
    file = str(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(file, "", f"cannot be read as JSON ({error})") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InputError(file, "type", "expected a FeatureCollection")
    for number, feature in enumerate(document.get("features") or [], 1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        code = str((properties or {}).get("code", ""))
        _code(file, f"features.{number}.properties.code", code, codes)
