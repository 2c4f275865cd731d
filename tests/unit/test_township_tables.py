"""Township tables of a district pack: the synthetic county's four units read into the
right arrays, every broken table is one line naming the file and the key, a pack without
them is one area, and `spread` shares a total out in whole numbers."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from sim.cli import main
from sim.config.pack_readers import load_pack
from sim.config.pack_template import TOWNSHIP_EXAMPLE_FOLDER
from sim.config.townships import TOWNSHIP_FILES, read_townships
from sim.errors import InputError
from sim.model.places import spread

SYNTHETIC = ROOT / "data" / "districts" / "synthetic-county"


def _pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(SYNTHETIC, folder)
    return folder


def test_the_synthetic_county_reads_into_arrays_in_file_order() -> None:
    pack = load_pack("synthetic-county")
    places = pack.places
    assert places is not None
    assert places.codes == ("999001001", "999001002", "999001101", "999001201")
    assert places.kinds == ("subdistrict", "subdistrict", "town", "township")
    assert places.names["en"][2] == "Hekou Town (made up)"
    assert places.names["zh"][3] == "青山乡（虚构）"
    assert places.mountain.tolist() == [False, False, False, True]
    assert places.villages.sum() == pack.villages and places.communities.sum() == 10
    np.testing.assert_allclose(places.share_60plus, [0.26, 0.22, 0.30, 0.22])
    assert (places.share_registered_low <= places.share_registered).all()
    assert places.nursing_beds.tolist() == [450, 120, 150, 80]
    assert places.ordinary_beds.tolist() == [300, 250, 150, 100]
    assert places.public_nursing_beds.tolist() == [300, 120, 150, 80]
    assert places.homes.tolist() == [3, 1, 1, 1]
    assert places.community_centres.tolist() == [12, 18, 40, 40]
    assert places.regional_centres.tolist() == [2, 2, 2, 2]
    assert places.community_places.tolist() == [120, 150, 200, 160]
    assert places.full_day_care_centres.tolist() == [2, 2, 2, 0]
    assert places.facilities_year == 2025
    year = pack.observed[places.facilities_year]
    assert places.nursing_beds.sum() == year["beds_nursing"]["value"]
    assert places.ordinary_beds.sum() == year["beds_ordinary"]["value"]
    assert places.community_centres.sum() == year["community_centres"]["value"]
    assert places.regional_centres.sum() == year["township_centres"]["value"]
    for matrix in (places.travel_minutes, places.travel_minutes_low, places.travel_minutes_high):
        assert matrix.shape == (4, 4)
        np.testing.assert_array_equal(matrix, matrix.T)
    np.testing.assert_array_equal(np.diag(places.travel_minutes), places.internal_minutes)
    assert places.travel_minutes[0, 3] == 45 and places.travel_minutes_high[3, 0] == 58
    assert places.geometry_file == SYNTHETIC / "townships.geojson"
    assert "townships.csv: share_60plus (4 of 4 units)" in places.estimates
    assert "homes.csv: beds by township (all rows)" in places.estimates
    assert "travel.csv: minutes (6 pairs)" in places.estimates


def test_a_pack_without_townships_csv_is_one_area(tmp_path) -> None:
    folder = _pack(tmp_path)
    (folder / "townships.csv").unlink()
    assert load_pack(str(folder)).places is None
    assert read_townships(folder, {}) is None


def _edit(file: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / file
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        change(table).to_csv(path, index=False)

    return edit


def _cell(file: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def change(table: pd.DataFrame) -> pd.DataFrame:
        table.loc[row, column] = value
        return table

    return _edit(file, change)


def _add_observed(item: str, value: str, unit: str) -> Callable[[Path], None]:
    def change(table: pd.DataFrame) -> pd.DataFrame:
        row = {**table.iloc[-1].to_dict(), "item": item, "value": value, "unit": unit}
        return pd.concat([table, pd.DataFrame([row])], ignore_index=True)

    return _edit("observed.csv", change)


def _geometry_code(code: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / "townships.geojson"
        path.write_text(path.read_text(encoding="utf-8").replace("999001001", code, 1))

    return edit


def _unlink(file: str) -> Callable[[Path], None]:
    return lambda folder: (folder / file).unlink()


def _text(file: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    """Change the file's text as a person editing it by hand might."""

    def edit(folder: Path) -> None:
        path = folder / file
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    return edit


#: (broken how, the file named, the key, words of the message)
BROKEN = [
    (_cell("townships.csv", 1, "code", "999001001"), "townships.csv", "999001001.code",
     "listed twice"),
    (_cell("townships.csv", 0, "code", "99900100"), "townships.csv", "row 1.code", "9-digit"),
    (_cell("townships.csv", 0, "kind", "village"), "townships.csv", "999001001.kind",
     "subdistrict, town, township"),
    (_cell("townships.csv", 3, "mountain", "maybe"), "townships.csv", "999001201.mountain",
     "yes, no"),
    (_cell("townships.csv", 0, "villages", "2.5"), "townships.csv", "999001001.villages",
     "whole number"),
    (_cell("townships.csv", 0, "area_km2", "0"), "townships.csv", "999001001.area_km2", "> 0"),
    (_cell("townships.csv", 0, "share_60plus", "0.2"), "townships.csv", "999001001.share_60plus",
     "share_60plus_low <= share_60plus <= share_60plus_high"),
    (_cell("townships.csv", 0, "share_registered", "0.31"), "townships.csv", "share_registered",
     "sum to 1"),
    (_cell("townships.csv", 0, "internal_minutes", "-1"), "townships.csv",
     "999001001.internal_minutes", ">= 0"),
    (_cell("townships.csv", 0, "confidence", "sure"), "townships.csv", "999001001.confidence",
     "expected one of"),
    (_cell("townships.csv", 0, "source", ""), "townships.csv", "999001001.source", "source"),
    (_cell("homes.csv", 2, "township_code", "999001999"), "homes.csv", "row 3.township_code",
     "unknown township '999001999'"),
    (_cell("homes.csv", 0, "homes", "0"), "homes.csv", "row 1.homes", "whole number >= 1"),
    (_cell("homes.csv", 0, "public", "partly"), "homes.csv", "row 1.public", "yes, no"),
    (_cell("homes.csv", 0, "year", "2023"), "homes.csv", "row 1.year", "base year"),
    (_cell("homes.csv", 0, "year", "2020"), "homes.csv", "row 2.year", "one year"),
    (_cell("homes.csv", 0, "nursing_beds", "301"), "homes.csv", "2025.nursing_beds",
     "rows sum to 801, but observed.csv's 2025 beds_nursing is 800"),
    (_cell("homes.csv", 4, "ordinary_beds", "99"), "homes.csv", "2025.ordinary_beds",
     "beds_ordinary is 800"),
    (_add_observed("homes_public", "3", "homes"), "homes.csv", "2025.homes", "homes_public is 3"),
    (_cell("centres.csv", 0, "kind", "village"), "centres.csv", "row 1.kind",
     "community, regional"),
    (_cell("centres.csv", 2, "township_code", "999001001"), "centres.csv", "row 3",
     "a second community row"),
    (_cell("centres.csv", 0, "centres", "13"), "centres.csv", "2025.community.centres",
     "community_centres is 110"),
    (_cell("centres.csv", 1, "centres", "1"), "centres.csv", "2025.regional.centres",
     "township_centres is 8"),
    (_cell("centres.csv", 1, "full_day_care", "y"), "centres.csv", "row 2.full_day_care",
     "yes, no"),
    (_cell("centres.csv", 1, "places", "-3"), "centres.csv", "row 2.places", "whole number"),
    (_edit("centres.csv", lambda t: t.assign(year="2020")), "centres.csv", "year",
     "the year of homes.csv (2025), got 2020"),
    (_cell("travel.csv", 1, "to_code", "999001002"), "travel.csv", "999001001-999001002",
     "pair listed twice"),
    (_edit("travel.csv", lambda t: t.iloc[:-1]), "travel.csv", "999001101-999001201",
     "pair missing"),
    (_cell("travel.csv", 0, "to_code", "999001001"), "travel.csv", "999001001-999001001",
     "internal_minutes"),
    (_cell("travel.csv", 0, "minutes", "17"), "travel.csv", "999001001-999001002.minutes",
     "minutes_low <= minutes <= minutes_high"),
    (_cell("travel.csv", 0, "minutes_low", "-2"), "travel.csv",
     "999001001-999001002.minutes_low", ">= 0"),
    (_cell("travel.csv", 0, "from_code", "999001999"), "travel.csv", "from_code",
     "unknown township"),
    (_unlink("homes.csv"), "homes.csv", "", "file not found"),
    (_geometry_code("999001999"), "townships.geojson", "features.1.properties.code",
     "unknown township '999001999'"),
    (_edit("travel.csv", lambda t: t.drop(columns="minutes_high")), "travel.csv",
     "minutes_high", "column missing"),
    (_text("homes.csv", lambda text: text.replace("\n", ",extra\n", 2).replace(",extra", "", 1)),
     "homes.csv", "", "row 1 has more cells than the header"),
    (_text("centres.csv", lambda text: text.replace("\n", ",places\n", 1)), "centres.csv",
     "places", "column given twice"),
]  # fmt: skip


@pytest.mark.parametrize(("broken", "file", "key", "words"), BROKEN)
def test_each_check_names_the_file_and_the_key(tmp_path, broken, file, key, words) -> None:
    folder = _pack(tmp_path)
    broken(folder)
    with pytest.raises(InputError) as caught:
        load_pack(str(folder))
    error = caught.value
    assert error.file == str(folder / file), error.line()
    assert key in error.key, error.line()
    assert words in error.message, error.line()
    assert "\n" not in error.line()


def test_a_table_saved_by_a_spreadsheet_reads_the_same(tmp_path) -> None:
    # A byte-order mark before the header, blank lines, and cells padded with spaces.
    folder = _pack(tmp_path)
    for file in ("townships.csv", "homes.csv"):
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines()
        padded = [", ".join(line.split(",")) for line in lines]
        path.write_text("\ufeff" + "\r\n".join([*padded[:2], "", *padded[2:]]) + "\r\n",
                        encoding="utf-8")  # fmt: skip
    read, shipped = load_pack(str(folder)).places, load_pack(str(SYNTHETIC)).places
    for field in dataclasses.fields(read):
        if field.name != "geometry_file":
            mine, theirs = getattr(read, field.name), getattr(shipped, field.name)
            assert np.array_equal(mine, theirs) if isinstance(mine, np.ndarray) else mine == theirs


def test_a_broken_table_stops_a_run_in_one_line(tmp_path, capsys) -> None:
    folder = _pack(tmp_path)
    _cell("homes.csv", 2, "township_code", "999001999")(folder)
    scenario = tmp_path / "s.yaml"
    document = {"name": "s", "title": {"zh": "s", "en": "s"}, "district": str(folder)}
    scenario.write_text(yaml.safe_dump(document), encoding="utf-8")
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"{folder / 'homes.csv'}: row 3.township_code: unknown township '999001999' "
        "(not in townships.csv)"
    ]


def test_a_new_pack_is_one_area_until_its_example_tables_are_moved_up(tmp_path) -> None:
    out = tmp_path / "lianhua"
    assert main(["new-district", "lianhua", "--out", str(out), "--year", "2025"]) == 0
    example = out / TOWNSHIP_EXAMPLE_FOLDER
    assert sorted(p.name for p in example.iterdir()) == sorted(
        [*TOWNSHIP_FILES, "townships.geojson"]
    )
    readme = (out / "README.md").read_text(encoding="utf-8")
    for name in TOWNSHIP_FILES:
        header = (example / name).read_text(encoding="utf-8").splitlines()[0]
        assert all(f"`{column}`" in readme or column in ("source", "source_zh", "confidence",
                   "note") or column.endswith(("_low", "_high")) for column in header.split(","))  # fmt: skip
    # Filled in with the synthetic county's figures, the pack loads as one area.
    shutil.copy(SYNTHETIC / "observed.csv", out / "observed.csv")
    assert load_pack(str(out)).places is None
    # Moved up, the example tables are read once observed.csv agrees with their totals.
    for name in (*TOWNSHIP_FILES, "townships.geojson"):
        shutil.move(example / name, out / name)
    for item, value in (("beds_nursing", "130"), ("beds_ordinary", "90"),
                        ("community_centres", "9"), ("township_centres", "2")):  # fmt: skip
        _edit("observed.csv", _set_2025(item, value))(out)
    places = load_pack(str(out)).places
    assert places is not None
    assert places.codes == ("999999001", "999999002")
    assert places.mountain.tolist() == [False, True]
    assert places.travel_minutes.tolist() == [[8, 35], [35, 20]]
    assert places.geometry_file == out / "townships.geojson"


def _set_2025(item: str, value: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(table: pd.DataFrame) -> pd.DataFrame:
        table.loc[(table["year"] == "2025") & (table["item"] == item), "value"] = value
        return table

    return change


def test_spread_examples() -> None:
    assert spread(10, np.array([1.0, 1.0, 2.0])).tolist() == [3, 2, 5]  # tie: lower index
    assert spread(1, np.array([1.0, 1.0])).tolist() == [1, 0]
    assert spread(5, np.array([0.0, 3.0, 0.0])).tolist() == [0, 5, 0]
    assert spread(5, np.zeros(3)).tolist() == [2, 2, 1]
    assert spread(0, np.array([0.2, 0.8])).tolist() == [0, 0]
    assert spread(0, np.zeros(0)).tolist() == []
    for total, weights in ((-1, [1.0]), (3, [1.0, -0.5]), (3, [np.nan]), (2, [])):
        with pytest.raises(ValueError):
            spread(total, np.array(weights))


@given(
    st.integers(min_value=0, max_value=100_000),
    st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=30),
)
def test_spread_is_whole_exact_proportional_and_deterministic(total, weights) -> None:
    values = np.array(weights)
    shares = spread(total, values)
    assert shares.dtype.kind == "i" and (shares >= 0).all()
    assert int(shares.sum()) == total
    used = values if values.sum() > 0 else np.ones_like(values)
    quotas = total * used / used.sum()
    assert (np.abs(shares - quotas) < 1 + 1e-9).all()
    if values.sum() > 0:
        assert (shares[values == 0] == 0).all()
    np.testing.assert_array_equal(spread(total, values.copy()), shares)
