"""The files of an empty district pack, which `sim new-district` writes: every field
listed and explained, no values, and a README saying how to fill them in."""

from __future__ import annotations

from sim.config.pack_schema import OBSERVED_ITEMS

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
    }


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
"""
