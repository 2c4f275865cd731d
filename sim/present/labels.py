"""Labels in Chinese and English, units and number formats: the one place they are defined.

Indicator ids, units and directions are the model's (`sim.model.indicators`);
here they get their names, their unit words, the unit they are shown in and
how many decimals they carry. Charts, reports and the command line's printed
tables all format numbers with these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from sim.model.indicators import INDICATORS, PERCENT

LANGUAGES = ("zh", "en")
MISSING = "–"
#: The unit word of a share in percent (the same in both languages).
PERCENT_UNIT = "%"

#: Indicator names: id -> (Chinese, English).
INDICATOR_NAMES: dict[str, tuple[str, str]] = {
    "population_total": ("户籍人口", "Registered population"),
    "population_60plus": ("60岁及以上户籍老年人口", "Registered population aged 60+"),
    "share_60plus": ("60岁及以上人口占户籍人口比例", "Share aged 60+ of registered population"),
    "disabled_partial": ("半失能老年人", "Partially disabled people aged 60+"),
    "disabled_full": ("失能老年人", "Fully disabled people aged 60+"),
    "beds_total": ("养老机构床位", "Nursing-home beds"),
    "beds_nursing": ("护理型床位", "Nursing-type beds"),
    "nursing_bed_share": ("养老机构护理型床位占比", "Nursing-type bed share"),
    "beds_per_1000_older": ("每千名老年人养老床位", "Beds per 1,000 people aged 60+"),
    "caregivers": ("养老机构护理员", "Care workers in nursing homes"),
    "caregivers_needed": ("养老机构所需护理员", "Care workers nursing homes need"),
    "caregivers_home": ("居家上门服务人员", "Home-care workers"),
    "caregivers_home_needed": ("居家上门服务所需人员", "Home-care workers needed"),
    "caregivers_community": ("社区照料中心护理员", "Community-centre care workers"),
    "certified_caregivers": ("持证养老护理员", "Certified care workers"),
    "certified_caregivers_per_10k": ("每万老年人拥有持证养老护理员数", "Certified care workers per 10,000 aged 60+"),
    "community_centres": ("社区居家养老服务照料中心", "Community home-care centres"),
    "community_places": ("社区照料服务名额", "Community care places"),
    "consortia": ("康养联合体数", "Health-and-care consortia"),
    "residents": ("机构入住老年人", "Nursing-home residents"),
    "residents_nursing": ("护理型床位入住人数", "Residents of nursing-type beds"),
    "nursing_bed_demand": ("护理型床位需求", "Demand for nursing-type beds"),
    "beds_staffable": ("现有护理员可服务的护理型床位", "Nursing-type beds the care workers on hand can serve"),
    "occupancy_rate": ("床位入住率", "Bed occupancy (time-weighted)"),
    "occupancy_rate_nursing": ("护理型床位入住率", "Nursing-type bed occupancy"),
    "occupancy_rate_ordinary": ("普通床位入住率", "Ordinary bed occupancy"),
    "waiting_list": ("轮候人数", "People waiting for a bed"),
    "mean_waiting_list": ("平均轮候人数", "People waiting for a bed (time-weighted mean)"),
    "bed_seekers": ("申请入住人数", "People seeking a bed"),
    "admissions": ("入住人数", "Admissions"),
    "gave_up": ("放弃轮候人数", "People who gave up waiting"),
    "died_waiting": ("轮候期间死亡人数", "People who died while waiting"),
    "mean_wait_days": ("平均轮候天数", "Mean wait of people admitted"),
    "share_waited": ("需轮候的入住者比例", "Admitted people who had to wait"),
    "p90_wait_days": ("轮候天数第90百分位", "90th percentile wait of people admitted"),
    "unmet_bed_demand": ("未满足的入住需求", "Bed seekers who gave up"),
    "community_coverage": ("社区日间照料需求满足率", "Community day-care requests met"),
    "home_care_clients": ("居家上门服务对象", "Home-care clients"),
    "home_care_hours_needed": ("居家上门服务需求时数", "Home-care hours needed"),
    "home_care_hours_delivered": ("居家上门服务提供时数", "Home-care hours delivered"),
    "home_care_need_met": ("居家上门服务需求满足率", "Home-care need met"),
    "community_users": ("社区照料中心服务人数", "Community-centre users"),
    "villages_with_centre": ("照料中心村（社区）覆盖率", "Villages and communities with a centre"),
    "ltc_beneficiaries": ("长期护理保险享受人数", "Long-term-care insurance beneficiaries"),
    "unmet_care_need": ("照护需求未满足人数", "Disabled people without care"),
    "cost_capital": ("资本性支出", "Capital cost"),
    "cost_running": ("运行支出", "Running cost"),
    "cost_total": ("总支出", "Total cost"),
    "cost_public": ("财政支出", "Public cost"),
    "cost_ltc_fund": ("长期护理保险基金支出", "Long-term-care insurance fund"),
    "community_granted": ("新获得社区照料名额人数", "People newly given a community-care place"),
    "community_requests": ("申请社区照料名额人数", "People asking for a community-care place"),
}  # fmt: skip

#: Base-year figures of a district pack: item -> (Chinese, English).
OBSERVED_ITEM_NAMES: dict[str, tuple[str, str]] = {
    "population_total": ("户籍人口", "Registered population"),
    "population_60plus": ("60岁及以上户籍老年人口", "Registered population aged 60+"),
    "beds_nursing": ("护理型床位", "Nursing-type beds"),
    "beds_ordinary": ("普通床位", "Ordinary beds"),
    "residents_nursing": ("护理型床位入住人数", "Residents of nursing-type beds"),
    "residents_ordinary": ("普通床位入住人数", "Residents of ordinary beds"),
    "residents_nursing_full": (
        "护理型床位入住者中失能老年人",
        "Residents of nursing-type beds: fully disabled",
    ),
    "residents_ordinary_independent": (
        "普通床位入住者中自理老年人",
        "Residents of ordinary beds: independent",
    ),
    "waiting_list": ("轮候人数", "People waiting for a bed"),
    "caregivers_nursing_home": ("机构养老护理员", "Care workers in institutions"),
    "certified_caregivers_nursing_home": ("其中持证护理员", "of whom certified"),
    "caregivers_home_care": ("居家上门服务人员", "Home-care workers"),
    "certified_caregivers_home_care": ("其中持证人员", "of whom certified"),
    "caregivers_community": ("社区照料中心护理员", "Community-centre care workers"),
    "certified_caregivers_community": ("其中持证护理员（社区）", "of whom certified (community)"),
    "community_centres": ("社区居家养老服务照料中心", "Community home-care centres"),
    "township_centres": ("乡镇（街道）示范型照料中心", "Township home-care centres"),
    "community_place_users": ("社区日间照料使用人数", "Users of community day-care places"),
    "consortia": ("康养联合体", "Health-and-care consortia"),
    "homes_public": ("公办养老机构", "Public elderly-care homes"),
    "homes_private": ("民办养老机构", "Private elderly-care homes"),
}
#: How sure a base-year figure is: status -> (Chinese, English).
STATUS_NAMES: dict[str, tuple[str, str]] = {
    "observed": ("统计数据", "observed"),
    "estimate": ("估计值", "estimate"),
    "assumption": ("假设值", "assumption"),
    "default": ("默认值", "default"),
}
#: Target attributes and evaluation verdicts.
ATTRIBUTE_NAMES: dict[str, tuple[str, str]] = {
    "binding": ("约束性", "binding"),
    "expected": ("预期性", "expected"),
}
VERDICT_NAMES: dict[str, tuple[str, str]] = {
    "met": ("已完成", "met"),
    "missed": ("未完成", "missed"),
    "not yet known": ("待统计数据核实", "not yet known"),
}

#: Unit words: unit -> (Chinese, English).
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "persons": ("人", "persons"),
    PERCENT: ("%", "%"),
    "beds": ("张", "beds"),
    "centres": ("个", "centres"),
    "places": ("个", "places"),
    "consortia": ("个", "consortia"),
    "days": ("天", "days"),
    "yuan": ("元", "yuan"),
    "homes": ("个", "homes"),
    "hours": ("小时", "hours"),
}

#: Indicators shown in a larger unit: (divide by, unit zh, unit en). Tables keep yuan.
DISPLAY_UNITS: dict[str, tuple[float, str, str]] = {
    "cost_total": (10_000.0, "万元", "10,000 yuan"),
    "cost_capital": (10_000.0, "万元", "10,000 yuan"),
    "cost_running": (10_000.0, "万元", "10,000 yuan"),
    "cost_public": (10_000.0, "万元", "10,000 yuan"),
    "cost_ltc_fund": (10_000.0, "万元", "10,000 yuan"),
}


#: Units of rates per so many people, as tables write them: indicator -> (Chinese, English).
RATE_UNITS: dict[str, tuple[str, str]] = {
    "certified_caregivers_per_10k": ("人/万名老年人", "per 10,000 aged 60+"),
    "beds_per_1000_older": ("张/千名老年人", "beds per 1,000 aged 60+"),
}

#: Units of data/parameters.csv in Chinese (English: as the file writes them).
PARAMETER_UNIT_NAMES: dict[str, str] = {
    "days": "天",
    "fraction": "比例",
    "fraction per year": "年比例",
    "growth rate per year": "年增长率",
    "hours per month": "小时/月",
    "months": "月",
    "multiplier": "倍数",
    "persons aged 60+": "60岁及以上老年人数",
    "persons per 1000 aged 60+": "人/千名老年人",
    "persons per centre": "人/中心",
    "places": "个",
    "probability": "概率",
    "probability per year": "年概率",
    "rate per person-year": "次/人年",
    "residents per worker": "老年人/护理员",
    "yuan per bed": "元/张",
    "yuan per bed-year": "元/张·年",
    "yuan per centre": "元/个",
    "yuan per centre-year": "元/个·年",
    "yuan per certificate": "元/证",
    "yuan per consortium": "元/个",
    "yuan per consortium-year": "元/个·年",
    "yuan per hire": "元/人",
    "yuan per hour": "元/小时",
    "yuan per worker-year": "元/人·年",
    "persons": "人",
    "yuan": "元",
}
#: Confidence levels of data/parameters.csv and the packs: level -> (Chinese, English).
CONFIDENCE_NAMES: dict[str, tuple[str, str]] = {
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
    "assumption": ("假设", "assumption"),
    "estimate": ("估计", "estimate"),
    "calibrated": ("校准", "calibrated"),
}


def parameter_unit(unit: str, lang: str) -> str:
    """A parameter's unit in `lang` (the file's own words in English)."""
    return PARAMETER_UNIT_NAMES.get(unit, unit) if lang == "zh" else unit


def table_unit(indicator_id: str, lang: str) -> str:
    """The unit a table writes beside an indicator: rates per so many people in full."""
    if indicator_id in RATE_UNITS:
        return _pick(RATE_UNITS[indicator_id], lang)
    return display_unit(indicator_id, lang)[1]


def money_unit(largest_yuan: float, lang: str) -> tuple[float, str]:
    """(yuan per unit, unit) for showing sums of money: 亿元 from 100 million yuan, else
    万元 (English: 100 million yuan, 10,000 yuan)."""
    if abs(largest_yuan) >= 1e8:
        return 1e8, "亿元" if lang == "zh" else "100 million yuan"
    return 1e4, "万元" if lang == "zh" else "10,000 yuan"


def check_lang(lang: str) -> None:
    """Refuse a language other than zh or en."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def name_in(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The name of `key` in one of the two-language tables above (the key itself if absent)."""
    return _pick(table[key], lang) if key in table else key


def indicator_name(indicator_id: str, lang: str) -> str:
    """An indicator's name in `lang`."""
    return _pick(INDICATOR_NAMES[indicator_id], lang)


def unit_name(indicator_id: str, lang: str) -> str:
    """The word for an indicator's own unit in `lang` (persons -> 人)."""
    return _pick(UNIT_NAMES[INDICATORS[indicator_id].unit], lang)


def display_unit(indicator_id: str, lang: str) -> tuple[float, str]:
    """(divisor, unit) in which an indicator is shown in charts and report tables."""
    if indicator_id in DISPLAY_UNITS:
        divisor, unit_zh, unit_en = DISPLAY_UNITS[indicator_id]
        return divisor, unit_zh if lang == "zh" else unit_en
    return 1.0, unit_name(indicator_id, lang)


def indicator_label(indicator_id: str, lang: str) -> str:
    """'name (unit)' in `lang`, with full-width brackets in Chinese."""
    _, unit = display_unit(indicator_id, lang)
    name = indicator_name(indicator_id, lang)
    return f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"


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
    """Yuan shown in 10,000 yuan (万元), whole, with thousands separators, or '–'."""
    return MISSING if pd.isna(value) else f"{value / 10_000:,.0f}"


def format_percent(fraction: float, digits: int = 0) -> str:
    """A fraction 0-1 as a percentage ('77%'), or '–'."""
    return MISSING if pd.isna(fraction) else f"{100 * fraction:.{digits}f}%"


def input_label(name: str, kind: str, given: str, lang: str) -> str:
    """The name of an uncertain input: a parameter's label as its data gives it, a
    base-year figure's from `OBSERVED_ITEM_NAMES`."""
    if kind == "figure":
        return name_in(OBSERVED_ITEM_NAMES, name, lang)
    return given if isinstance(given, str) and given else name
