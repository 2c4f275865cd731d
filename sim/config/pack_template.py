"""The files of an empty district pack, which `sim new-district` writes: every field
listed and explained, no values, and a README saying how to fill them in.

The township tables are written as an example in the subfolder `townships-example/`,
which a pack never reads: a new pack is one area until its planner fills them in and
moves them up beside observed.csv."""

from __future__ import annotations

import json

from sim.config.pack_schema import OBSERVED_ITEMS
from sim.config.townships import (
    CENTRE_COLUMNS,
    GEOMETRY_FILE,
    HOME_COLUMNS,
    TRAVEL_COLUMNS,
    UNIT_COLUMNS,
)

#: The subfolder holding the example township tables (not read as part of the pack).
TOWNSHIP_EXAMPLE_FOLDER = "townships-example"
#: Provenance of every example row: source, source_zh, confidence, note.
_EXAMPLE = "example: replace,示例：请替换,assumption,example row: replace with your own figures"

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
        **{
            f"{TOWNSHIP_EXAMPLE_FOLDER}/{name}": text
            for name, text in _township_files(year).items()
        },
    }


def _township_files(year: int) -> dict[str, str]:
    """The township tables with two example units (a subdistrict and a mountain
    township), their homes, centres and the one pair between them: a valid set for a
    base year whose observed figures are 130 nursing-type and 90 ordinary beds, 9
    community centres and 2 township centres."""
    units = [
        "999999001,示例街道,Example Subdistrict,subdistrict,12.5,121.00,28.60,3,8,no,"
        f"0.6,0.55,0.65,0.55,0.5,0.6,8,6,10,{_EXAMPLE}",
        "999999002,示例乡,Example Township,township,180.0,120.80,28.75,25,0,yes,"
        f"0.4,0.35,0.45,0.45,0.4,0.5,20,15,30,{_EXAMPLE}",
    ]
    homes = [
        f"999999001,示例福利院,Example Welfare Home,1,100,50,yes,{year},{_EXAMPLE}",
        f"999999002,示例乡民办养老机构,Example private homes,2,30,40,no,{year},{_EXAMPLE}",
    ]
    centres = [
        f"999999001,community,4,40,no,{year},{_EXAMPLE}",
        f"999999001,regional,1,30,yes,{year},{_EXAMPLE}",
        f"999999002,community,5,25,no,{year},{_EXAMPLE}",
        f"999999002,regional,1,10,no,{year},{_EXAMPLE}",
    ]
    travel = [
        "999999001,999999002,35,28,45,example: replace,示例：请替换,estimate,"
        '"example row: 25 km straight line x detour 1.3-1.8 / 60 km/h; replace"'
    ]
    squares = (("999999001", "示例街道", 121.00, 28.60), ("999999002", "示例乡", 120.80, 28.75))
    geometry = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "name_zh": name},
                "geometry": {"type": "Polygon", "coordinates": [_square(lon, lat, 0.05)]},
            }
            for code, name, lon, lat in squares
        ],
    }
    return {
        "townships.csv": "\n".join([",".join(UNIT_COLUMNS), *units]) + "\n",
        "homes.csv": "\n".join([",".join(HOME_COLUMNS), *homes]) + "\n",
        "centres.csv": "\n".join([",".join(CENTRE_COLUMNS), *centres]) + "\n",
        "travel.csv": "\n".join([",".join(TRAVEL_COLUMNS), *travel]) + "\n",
        GEOMETRY_FILE: json.dumps(geometry, ensure_ascii=False, indent=1) + "\n",
    }


def _square(lon: float, lat: float, half_degrees: float) -> list[list[float]]:
    """A closed ring of a square around (`lon`, `lat`), WGS84 degrees."""
    corners = ((-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1))
    return [
        [round(lon + x * half_degrees, 3), round(lat + y * half_degrees, 3)] for x, y in corners
    ]


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

{_TOWNSHIP_README.format(folder=TOWNSHIP_EXAMPLE_FOLDER, year=year)}"""


#: The README's section on the township tables ({folder}, {year} filled in).
_TOWNSHIP_README = """## Township tables (optional): `{folder}/`

Without them the district is one area. To describe its township-level units (乡镇/
街道), fill in the five files of `{folder}/` (their rows are examples: replace them
all), then move them up into this folder beside `observed.csv`: only there are they
read, and then `townships.csv`, `homes.csv`, `centres.csv` and `travel.csv` must all be
present (`townships.geojson` is optional: only the map needs it). Every row carries
`source`, `source_zh`, `confidence` (as above) and `note` (how a figure was made).

### townships.csv: one row per township-level unit, in statistical-code order

| column | what |
|---|---|
| `code` | the 9-digit statistical code (统计用区划代码), unique |
| `name_zh`, `name_en` | the unit's name in Chinese and English |
| `kind` | `subdistrict` (街道), `town` (镇) or `township` (乡) |
| `area_km2` | area in km², > 0 |
| `centroid_lon`, `centroid_lat` | the unit's centre, WGS84 degrees |
| `villages`, `communities` | administrative villages, urban residents' committees (whole numbers) |
| `mountain` | `yes` for a unit of the mountain area named in public warnings, else `no` |
| `share_registered` | its share of the registered population (the column sums to 1) |
| `share_60plus` | its share of the district's registered 60+ (the column sums to 1) |
| `internal_minutes` | mean minutes by road from a home to the unit's centre (its seat) |
| `..._low`, `..._high` | the range of each share and of the minutes: low <= value <= high |

### homes.csv: one row per nursing home, or per group of homes in a unit

| column | what |
|---|---|
| `township_code` | a `code` of townships.csv |
| `name_zh`, `name_en` | the home's (or group's) name |
| `homes` | how many homes the row stands for, >= 1 |
| `nursing_beds`, `ordinary_beds` | nursing-type (护理型) and other beds, whole numbers |
| `public` | `yes` for public (公办) homes, `no` for private (民办) ones |
| `year` | the base year the table describes ({year} here), one for every row |

Summed over the rows, the beds equal `beds_nursing` and `beds_ordinary` of that year
in `observed.csv` exactly, and the homes equal `homes_public` and `homes_private` when
those are given.

### centres.csv: one row per unit and kind of centre

| column | what |
|---|---|
| `township_code` | a `code` of townships.csv |
| `kind` | `community` (村/社区照料中心) or `regional` (乡镇/街道 level centre) |
| `centres` | how many, a whole number |
| `places` | their day-care places, a whole number |
| `full_day_care` | `yes` when the centres offer full-day care (全日托) |
| `year` | the base year, the same as in homes.csv |

Summed over the rows, the centres equal `community_centres` (kind `community`) and
`township_centres` (kind `regional`) of that year in `observed.csv` exactly.

### travel.csv: minutes by road between the centres of two units

| column | what |
|---|---|
| `from_code`, `to_code` | two different codes of townships.csv; every pair once |
| `minutes` | minutes by road between their centres, >= 0 |
| `minutes_low`, `minutes_high` | its range |

Road times are rarely published: straight-line km between the centroids x a detour
factor (higher in the mountains) / a speed in km/h is a fair estimate; say which in
`note`.

### townships.geojson (optional)

A FeatureCollection with one Polygon or MultiPolygon per unit, WGS84, properties
`code` and `name_zh`; keep it small (simplified, < 300 KB).
"""
