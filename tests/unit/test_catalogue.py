"""The catalogue of words: every message in every language, with the same fields, read
once; and its sections behave as the dicts they replace."""

from __future__ import annotations

import string

import pytest

from sim.catalogue import LANGUAGES, MissingMessageError, Section, catalogue, text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_is_in_every_language_with_the_same_fields() -> None:
    first, *others = LANGUAGES
    for lang in others:
        assert set(catalogue(lang)) == set(catalogue(first)), lang
    for key, template in catalogue(first).items():
        for lang in others:
            assert _fields(catalogue(lang)[key]) == _fields(template), (key, lang)
        assert all(catalogue(lang)[key].strip() for lang in LANGUAGES), f"{key} is empty"


def test_text_fills_fields_and_names_a_missing_key() -> None:
    assert text("report.table", "zh", number=3, title="成本") == "表3　成本"
    assert text("report.table", "en", number=3, title="Costs").startswith("Table 3")
    with pytest.raises(MissingMessageError, match=r"no message 'report\.nothing' in the zh"):
        text("report.nothing", "zh")


def test_a_section_reads_by_language_like_a_dict() -> None:
    words = Section("report")
    assert list(words) == list(LANGUAGES)
    assert words["zh"]["summary"] == "一、摘要"
    assert set(words["zh"]) == set(words["en"])
    with pytest.raises(KeyError):
        words["fr"]


def test_the_catalogue_is_read_once() -> None:
    assert catalogue("zh") is catalogue("zh")
