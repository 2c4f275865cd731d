"""The test files scheduled first (`conftest.LONGEST_FIRST`) exist and are collected
first, in that order."""

from __future__ import annotations

from conftest import LONGEST_FIRST, ROOT, pytest_collection_modifyitems


class _Item:
    def __init__(self, nodeid: str) -> None:
        self.nodeid = nodeid


def test_every_file_scheduled_first_exists() -> None:
    missing = [name for name in LONGEST_FIRST if not (ROOT / name).is_file()]
    assert not missing
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)


def test_the_longest_files_come_first_and_the_rest_keep_their_order() -> None:
    items = [_Item("tests/unit/test_a.py::t1"), _Item(f"{LONGEST_FIRST[1]}::t"),
             _Item("tests/unit/test_b.py::t2"), _Item(f"{LONGEST_FIRST[0]}::u"),
             _Item("tests/unit/test_a.py::t3")]  # fmt: skip
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == [
        f"{LONGEST_FIRST[0]}::u", f"{LONGEST_FIRST[1]}::t", "tests/unit/test_a.py::t1",
        "tests/unit/test_b.py::t2", "tests/unit/test_a.py::t3",
    ]  # fmt: skip
