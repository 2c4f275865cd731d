"""Labels in Chinese and English, units and number formats: the one place they are looked up.

Indicator ids, units and directions are the model's (`sim.model.indicators`);
here they get their names, their unit words, the unit they are shown in and
how many decimals they carry. The words themselves are in the catalogue
(`sim/catalogue/<lang>/labels.po`: `indicator.<id>`, `unit.<unit>`, …). Charts,
reports and the command line's printed tables all format numbers with these
functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

from sim.catalogue import LANGUAGES, has, text, texts
from sim.model.indicators import INDICATORS, PERCENT

MISSING = "–"
#: The unit word of a share in percent (the same in both languages).
PERCENT_UNIT = "%"


class Names(Mapping[str, Mapping[str, str]]):
    """The catalogue's names under one key prefix, by key and then language
    (`STATUS_NAMES['observed']['zh']` is the message `status.observed` in Chinese);
    the keys in the catalogue's order."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __getitem__(self, key: str) -> Mapping[str, str]:
        if key not in texts(self.prefix, LANGUAGES[0]):
            raise KeyError(key)
        return {lang: texts(self.prefix, lang)[key] for lang in LANGUAGES}

    def __iter__(self) -> Iterator[str]:
        return iter(texts(self.prefix, LANGUAGES[0]))

    def __len__(self) -> int:
        return len(texts(self.prefix, LANGUAGES[0]))


#: Base-year figures of a district pack, in the pack's order (`observed_item.<item>`).
OBSERVED_ITEM_NAMES = Names("observed_item")
#: How sure a base-year figure is: observed, estimate, assumption, default.
STATUS_NAMES = Names("status")
#: Target attributes and evaluation verdicts.
ATTRIBUTE_NAMES = Names("attribute")
VERDICT_NAMES = Names("verdict")
#: Confidence levels of data/parameters.csv and the packs.
CONFIDENCE_NAMES = Names("confidence")
#: Units of rates per so many people, as tables write them, by indicator.
RATE_UNITS = Names("rate_unit")

#: The catalogue's key of a unit whose own name is not a key (`unit.<key>`).
UNIT_KEYS = {PERCENT: "percent"}
#: Indicators shown in a larger unit: (divide by, the unit's key). Tables keep yuan.
DISPLAY_UNITS: dict[str, tuple[float, str]] = {
    "cost_total": (10_000.0, "yuan_10k"),
    "cost_capital": (10_000.0, "yuan_10k"),
    "cost_running": (10_000.0, "yuan_10k"),
    "cost_public": (10_000.0, "yuan_10k"),
    "cost_ltc_fund": (10_000.0, "yuan_10k"),
    "cost_allowances": (10_000.0, "yuan_10k"),
    "cost_public_with_fund": (10_000.0, "yuan_10k"),
}


def parameter_unit(unit: str, lang: str) -> str:
    """A parameter's unit in `lang` (the file's own words in English; a unit the
    catalogue does not name, as the file writes it)."""
    key = f"parameter_unit.{unit}"
    return text(key, lang) if has(key) else unit


def table_unit(indicator_id: str, lang: str) -> str:
    """The unit a table writes beside an indicator: rates per so many people in full."""
    if indicator_id in RATE_UNITS:
        return RATE_UNITS[indicator_id][lang]
    return display_unit(indicator_id, lang)[1]


def money_unit(largest_yuan: float, lang: str) -> tuple[float, str]:
    """(yuan per unit, unit) for showing sums of money: 100 million yuan from 100 million
    yuan up, else 10,000 yuan, in `lang`."""
    if abs(largest_yuan) >= 1e8:
        return 1e8, text("unit.yuan_100m", lang)
    return 1e4, text("unit.yuan_10k", lang)


def at_district_size(table: pd.DataFrame, search_scale: float = 1.0) -> pd.DataFrame:
    """`table` (frontier or naive-rule rows with a `population_scale` column) with its
    costs taken to the whole district: a run at a fraction of the people costs about that
    fraction (beds, hires, places and allowances scale with them), so a simulated cost is
    divided by its row's scale and the surrogate's prediction, always at the search's
    scale, by `search_scale`. Rows at scale 1, or without one, are unchanged."""
    if "population_scale" not in table:
        return table
    scale = pd.to_numeric(table["population_scale"], errors="coerce").fillna(1.0)
    costs = {c: table[c] / scale for c in ("simulated_cost_yuan", "cost_yuan") if c in table}
    if "predicted_cost_yuan" in table:
        costs["predicted_cost_yuan"] = table["predicted_cost_yuan"] / search_scale
    return table.assign(**costs)


def check_lang(lang: str) -> None:
    """Refuse a language the catalogue does not have."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")


def name_in(
    table: Mapping[str, Mapping[str, str]] | Mapping[str, tuple[str, ...]], key: str, lang: str
) -> str:
    """The name of `key` in `lang` from one of the tables of names above (the key itself
    if absent). A table may also give each key a tuple of names in `LANGUAGES` order."""
    if key not in table:
        return key
    names = table[key]
    if isinstance(names, tuple):
        return str(names[LANGUAGES.index(lang)])
    return names[lang]


def indicator_name(indicator_id: str, lang: str) -> str:
    """An indicator's name in `lang`."""
    return text(f"indicator.{indicator_id}", lang)


def study_output_name(indicator_id: str, first_year: Any, last_year: Any, lang: str) -> str:
    """A sensitivity study's output named with its years: the year it is read in, or the
    years it sums; the indicator's name alone when the study did not record them (a study
    folder written before its tables named the years)."""
    name = indicator_name(indicator_id, lang)
    if pd.isna(first_year) or pd.isna(last_year):
        return name
    if int(first_year) == int(last_year):
        return text("study_output.year", lang, name=name, year=int(last_year))
    return text("study_output.period", lang, name=name, first=int(first_year), last=int(last_year))


def indicator_definition(indicator_id: str, lang: str) -> str:
    """An indicator's statistical definition (统计口径) in `lang`, for a note under the
    tables that show it; empty for an indicator whose name says it all."""
    key = f"indicator_definition.{indicator_id}"
    return text(key, lang) if has(key) else ""


def definitions_note(indicator_ids: Iterable[str], lang: str) -> str:
    """The definitions of those of `indicator_ids` that have one, as one note."""
    found = (indicator_definition(indicator_id, lang) for indicator_id in indicator_ids)
    return " ".join(dict.fromkeys(definition for definition in found if definition))


def unit_name(indicator_id: str, lang: str) -> str:
    """The word for an indicator's own unit in `lang` (`unit.persons`: persons, ren)."""
    unit = INDICATORS[indicator_id].unit
    return text(f"unit.{UNIT_KEYS.get(unit, unit)}", lang)


def display_unit(indicator_id: str, lang: str) -> tuple[float, str]:
    """(divisor, unit) in which an indicator is shown in charts and report tables."""
    if indicator_id in DISPLAY_UNITS:
        divisor, unit = DISPLAY_UNITS[indicator_id]
        return divisor, text(f"unit.{unit}", lang)
    return 1.0, unit_name(indicator_id, lang)


def indicator_label(indicator_id: str, lang: str) -> str:
    """'name (unit)' in `lang`, with full-width brackets in Chinese."""
    _, unit = display_unit(indicator_id, lang)
    return text("label.name_unit", lang, name=indicator_name(indicator_id, lang), unit=unit)


def scenario_labels(documents: Mapping[str, Mapping[str, Any]], lang: str) -> dict[str, str]:
    """Scenario name -> its title in `lang`, from resolved scenario documents (manifest)."""
    labels = {}
    for name, document in documents.items():
        title = document.get("title") or {}
        labels[name] = str(title.get(lang) or name)
    return labels


# ---- number formats ------------------------------------------------------------------


def decimals(indicator_id: str) -> int:
    """Whole numbers for counts and money; one decimal for shares, rates and days."""
    unit = INDICATORS[indicator_id].unit
    fractional = unit in (PERCENT, "days") or "_per_" in indicator_id
    return 1 if fractional else 0


def format_cell(
    mean: float, ci_low: float, ci_high: float, indicator_id: str, *, separator: str = "\n"
) -> str:
    """Mean and 95% interval in the indicator's display unit: '1,234\\n[1,200, 1,270]'.

    An exact value (no interval, or a zero-width one) is shown alone; a missing
    value is '–'.
    """
    if mean is None or pd.isna(mean):
        return MISSING
    divisor, _ = display_unit(indicator_id, "en")
    digits = decimals(indicator_id)
    mean, ci_low, ci_high = mean / divisor, ci_low / divisor, ci_high / divisor
    shown = f"{mean:,.{digits}f}"
    if pd.isna(ci_low) or pd.isna(ci_high):
        return shown
    low, high = f"{ci_low:,.{digits}f}", f"{ci_high:,.{digits}f}"
    if low == high == shown:
        return shown
    return f"{shown}{separator}[{low}, {high}]"


def format_difference(
    mean: float, ci_low: float, ci_high: float, indicator_id: str, *, separator: str = " "
) -> str:
    """A signed difference with its interval, in the indicator's display unit."""
    if pd.isna(mean):
        return MISSING
    divisor, _ = display_unit(indicator_id, "en")
    digits = decimals(indicator_id)
    shown = f"{mean / divisor:+,.{digits}f}"
    if pd.isna(ci_low) or pd.isna(ci_high):
        return shown
    low, high = f"{ci_low / divisor:+,.{digits}f}", f"{ci_high / divisor:+,.{digits}f}"
    if low == high == shown:
        return shown  # the same in every replication: no interval to show
    return f"{shown}{separator}[{low}, {high}]"


def format_count(value: float) -> str:
    """A whole number with thousands separators, or '–'."""
    return MISSING if pd.isna(value) else f"{value:,.0f}"


def format_money_10k(value: float) -> str:
    """Yuan shown in 10,000 yuan (wan yuan), whole, with thousands separators, or '–'."""
    return MISSING if pd.isna(value) else f"{value / 10_000:,.0f}"


def compact_number(value: float) -> str:
    """A parameter or lever value without trailing noise: 0.2, 1,500, 0.0027."""
    if pd.isna(value):
        return MISSING
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def format_percent(fraction: float, digits: int = 0) -> str:
    """A fraction 0-1 as a percentage ('77%'), or '–'."""
    return MISSING if pd.isna(fraction) else f"{100 * fraction:.{digits}f}%"


def input_label(name: str, kind: str, given: str, lang: str) -> str:
    """The name of an uncertain input: a parameter's label as its data gives it, a
    base-year figure's from `OBSERVED_ITEM_NAMES`."""
    if kind == "figure":
        return name_in(OBSERVED_ITEM_NAMES, name, lang)
    return given if isinstance(given, str) and given else name
