"""The district by township (分乡镇（街道）): one row per township with the plan year's
means of one scenario, as text for the reports and as numbers for the workbook.

Everything comes from a run folder's `township_summary.csv` and the townships its
manifest records (`districts[d]["places"]`: codes, names, kinds, mountain), both held by
`ReportInputs` (`township_summary`, `places`). Without townships every function returns
an empty table. (The townships that fall short are the findings' to name:
`sim.present.findings`.)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.catalogue import Section
from sim.present.labels import MISSING, table_unit
from sim.present.tables import shown
from sim.present.township_values import means_by_township, township_name

if TYPE_CHECKING:
    from sim.present.report_inputs import ReportInputs

#: The columns of the township table, in order.
TOWNSHIP_INDICATORS = (
    "population_60plus", "beds_total", "beds_per_1000_older", "waiting_list", "gave_up",
    "home_care_need_met", "within_15_min_centre", "travel_minutes_admitted",
)  # fmt: skip
#: Headers and cell words of the township table (`report_township.*`).
WORDS = Section("report_township")


def township_values(inputs: ReportInputs, scenario: str, year: int) -> pd.DataFrame:
    """The means of `TOWNSHIP_INDICATORS` of `scenario` in `year`, one row per township in
    the manifest's order (index: the township's code; columns: indicator ids)."""
    places = inputs.places
    summary = inputs.township_summary
    if places is None or summary is None:
        return pd.DataFrame(columns=list(TOWNSHIP_INDICATORS))
    return means_by_township(summary, places, scenario, year, TOWNSHIP_INDICATORS)


def kind_word(places: dict[str, Any], index: int, lang: str) -> str:
    """街道, 镇 or 乡 (subdistrict, town, township), with 山区 (mountain) when it is one."""
    words = WORDS[lang]
    kinds = places.get("kinds") or []
    kind = str(kinds[index]) if index < len(kinds) else ""
    word = words.get(f"kind_{kind}", kind) if kind else MISSING
    mountain = places.get("mountain") or []
    if index < len(mountain) and mountain[index]:
        return words["mountain_kind"].format(kind=word)
    return word


def township_header(indicator_id: str, lang: str) -> str:
    """A short column header with the unit: 'name (unit)'."""
    return WORDS[lang]["header"].format(name=WORDS[lang][f"col_{indicator_id}"],
                                        unit=table_unit(indicator_id, lang))  # fmt: skip


def township_rows(inputs: ReportInputs, lang: str, scenario: str | None = None) -> pd.DataFrame:
    """The Word and Markdown table: township name first, its kind, then the plan year's
    means of `scenario` (default: the reference scenario)."""
    places = inputs.places
    if places is None:
        return pd.DataFrame()
    values = township_values(inputs, scenario or inputs.reference, inputs.plan_year)
    words = WORDS[lang]
    rows = []
    for index, (_, row) in enumerate(values.iterrows()):
        cells = {words["township"]: township_name(places, index, lang),
                 words["kind"]: kind_word(places, index, lang)}  # fmt: skip
        for indicator_id in TOWNSHIP_INDICATORS:
            cells[township_header(indicator_id, lang)] = shown(row[indicator_id], indicator_id)
        rows.append(cells)
    return pd.DataFrame(rows)


def township_sheet(inputs: ReportInputs, lang: str, labels: dict[str, str]) -> pd.DataFrame:
    """The workbook's sheet: every scenario's plan-year means by township, numbers kept
    (one row per scenario and township), with the township's `area` code."""
    places = inputs.places
    if places is None:
        return pd.DataFrame()
    words = WORDS[lang]
    frames = []
    for scenario in inputs.names:
        values = township_values(inputs, scenario, inputs.plan_year)
        count = len(values)
        frame = pd.DataFrame({
            words["scenario"]: [labels.get(scenario, scenario)] * count,
            words["township"]: [township_name(places, i, lang) for i in range(count)],
            words["kind"]: [kind_word(places, i, lang) for i in range(count)],
            words["year"]: [inputs.plan_year] * count,
        })  # fmt: skip
        for indicator_id in TOWNSHIP_INDICATORS:
            frame[township_header(indicator_id, lang)] = values[indicator_id].to_numpy()
        frame["area"] = list(values.index)
        frame["scenario_id"] = scenario
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


#: A line of the pack's township estimates (`sim.config.townships`): "file.csv: what (count)".
ESTIMATE_LINE = re.compile(r"^(?P<file>\w+)\.csv: (?P<items>.+) \((?P<count>[^()]+)\)$")
#: How many rows or townships a line covers, with the catalogue key that says it.
ESTIMATE_COUNTS = (
    (re.compile(r"^(?P<count>\d+) of (?P<total>\d+) units$"), "count_units"),
    (re.compile(r"^(?P<count>\d+) of (?P<total>\d+) rows$"), "count_rows"),
    (re.compile(r"^all rows$"), "count_all_rows"),
    (re.compile(r"^(?P<count>\d+) pairs?$"), "count_pairs"),
)


def estimate_line(line: str, lang: str) -> str:
    """A line of the pack's township estimates in `lang`: its table, figures and how
    many rows, from the catalogue; a line whose words the catalogue does not know is
    shown as 'other estimates' (the pack's own text in English)."""
    words = WORDS[lang]
    match = ESTIMATE_LINE.match(line.strip())
    counted = None
    if match:
        counted = next(((key, found.groupdict()) for pattern, key in ESTIMATE_COUNTS
                        if (found := pattern.match(match["count"]))), None)  # fmt: skip
    if match is None or counted is None:
        return line if lang == "en" else words["estimate_other"]
    items = [item.strip().replace(" ", "_") for item in match["items"].split(",")]
    keys = [f"file_{match['file']}", *(f"item_{item}" for item in items)]
    if not all(key in words for key in keys):
        return line if lang == "en" else words["estimate_other"]
    return words["estimate_line"].format(
        file=words[keys[0]],
        items=words["item_separator"].join(words[key] for key in keys[1:]),
        count=words[counted[0]].format(**counted[1]),
    )
