"""The run record: written and read through one versioned model; an old folder is read
as one area per district, a newer one is refused in one line; every table gets its
area after its scenario."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.errors import InputError
from sim.experiments.record import (
    FORMAT_VERSION,
    RunRecord,
    read_record,
    record_from_document,
    run_areas,
    scenario_keys,
    with_area,
)

DISTRICTS = {
    "a": {"name": {"zh": "甲区", "en": "A"}, "city": {"zh": "丙市", "en": "Bing City"}},
    "b": {"name": {"zh": "乙区", "en": "B"}, "city": {"zh": "丙市", "en": "Bing City"}},
}


def test_a_district_run_puts_each_scenario_in_its_district() -> None:
    areas = run_areas(DISTRICTS, {"s1": "a", "s2": "b"}, [])
    assert areas["scenario_areas"] == {"s1": "a", "s2": "b"}
    assert areas["areas"]["a"] == {"name": DISTRICTS["a"]["name"], "kind": "district",
                                   "parent": None}  # fmt: skip


def test_a_city_run_puts_its_totals_in_the_city_the_packs_name() -> None:
    areas = run_areas(DISTRICTS, {"s@a": "a", "s@b": "b"}, ["s@total"])
    assert areas["scenario_areas"]["s@total"] == "bing-city"
    assert areas["areas"]["bing-city"]["kind"] == "city"
    assert areas["areas"]["a"]["parent"] == "bing-city"


def test_the_area_column_follows_the_scenario() -> None:
    table = pd.DataFrame({"scenario": ["s1", "s2"], "year": [2030, 2030]})
    placed = with_area(table, {"s1": "a", "s2": "b"})
    assert list(placed.columns) == ["scenario", "area", "year"]
    assert list(placed["area"]) == ["a", "b"]
    assert scenario_keys(placed) == ["scenario", "area"] and scenario_keys(table) == ["scenario"]


def test_a_record_round_trips_through_its_json(tmp_path) -> None:
    record = RunRecord(scenarios={"s1": {"district": "a"}}, seeds={"s1": 7},
                       **run_areas(DISTRICTS, {"s1": "a"}, []))  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps(record.document()), encoding="utf-8")
    assert read_record(tmp_path) == record
    assert record.document()["format_version"] == FORMAT_VERSION


def test_a_version_1_record_is_read_as_one_area_per_district() -> None:
    old = {"scenarios": {"s1": {"district": "a"}, "s2": {}}, "districts": DISTRICTS,
           "seeds": {"s1": 1, "s2": 1}, "kind": "run"}  # fmt: skip
    record = record_from_document(old, "old/manifest.json")
    assert record.format_version == FORMAT_VERSION
    assert record.scenario_areas == {"s1": "a", "s2": "a"}
    assert set(record.areas) == {"a", "b"}


def test_a_newer_record_is_refused_naming_both_versions() -> None:
    with pytest.raises(InputError) as raised:
        record_from_document({"format_version": 99}, "new/manifest.json")
    message = str(raised.value)
    assert "new/manifest.json" in message and "format_version" in message
    assert "99" in message and str(FORMAT_VERSION) in message and "\n" not in message


def test_a_malformed_record_names_its_key() -> None:
    with pytest.raises(InputError, match=r"seeds\.s1"):
        record_from_document({"format_version": 2, "seeds": {"s1": "seven"}}, "m.json")
