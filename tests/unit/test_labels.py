"""Names and units come from the catalogue: every indicator has both in every language,
and the tables of names read like the dicts they replace (keys in order, absent keys
named by themselves)."""

from __future__ import annotations

import pytest

from sim.catalogue import LANGUAGES
from sim.model.indicators import INDICATORS
from sim.present.labels import (
    OBSERVED_ITEM_NAMES,
    RATE_UNITS,
    STATUS_NAMES,
    display_unit,
    indicator_label,
    indicator_name,
    money_unit,
    name_in,
    parameter_unit,
    table_unit,
    unit_name,
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_indicator_has_a_name_and_a_unit(lang) -> None:
    for indicator_id in INDICATORS:
        assert indicator_name(indicator_id, lang).strip(), indicator_id
        assert unit_name(indicator_id, lang).strip(), indicator_id
        assert table_unit(indicator_id, lang).strip(), indicator_id


def test_names_and_units_read_as_before() -> None:
    assert indicator_label("cost_public", "zh") == "区级财政支出（万元）"
    assert indicator_label("cost_public", "en") == "District public cost (10,000 yuan)"
    assert display_unit("share_60plus", "en") == (1.0, "%")
    assert table_unit("beds_per_1000_older", "zh") == "张/千名老年人"
    assert money_unit(3e8, "zh") == (1e8, "亿元")
    assert money_unit(3e6, "en") == (1e4, "10,000 yuan")
    assert parameter_unit("yuan per bed-year", "zh") == "元/张·年"
    assert parameter_unit("yuan per bed-year", "en") == "yuan per bed-year"
    assert parameter_unit("a unit nobody named", "zh") == "a unit nobody named"


def test_tables_of_names_read_like_dicts() -> None:
    assert list(OBSERVED_ITEM_NAMES)[:2] == ["population_total", "population_60plus"]
    assert STATUS_NAMES["estimate"] == {"zh": "估计值", "en": "estimate"}
    assert "certified_caregivers_per_10k" in RATE_UNITS and "beds_total" not in RATE_UNITS
    assert name_in(STATUS_NAMES, "assumption", "zh") == "假设值"
    assert name_in(STATUS_NAMES, "unheard of", "zh") == "unheard of"
    assert name_in({"beds": ("张", "beds")}, "beds", "en") == "beds"
    with pytest.raises(KeyError):
        STATUS_NAMES["unheard of"]
