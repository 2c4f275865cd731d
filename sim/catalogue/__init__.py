"""Every word a user reads, in one catalogue per language: `sim/catalogue/<lang>/*.po`.

The catalogues are gettext `.po` files, read with Babel. Each message id is a dotted key
(`indicator.population_60plus`, `report.title`), the same in every language; the
message is the text, with `{name}` fields that `text` fills in. A language is a folder;
its files are domains (labels, report, terminal, …) that together make its one
catalogue, loaded once, on first use. `.po` is the format translators' tools edit, a
new language is a new folder, and Babel reads it without a compile step.

`tests/unit/test_catalogue.py` checks that every message exists in every language with
the same fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
LANGUAGES = ("zh", "en")


class MissingMessageError(KeyError):
    """A key the catalogue does not hold (a programming error, not a user's)."""


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of `lang` (key -> text), from all its domain files."""
    from babel.messages.pofile import read_po

    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for language {lang!r} (have: {', '.join(LANGUAGES)})")
    messages: dict[str, str] = {}
    for path in sorted((FOLDER / lang).glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=None, charset="utf-8"):
                if not message.id:
                    continue  # the header
                key = str(message.id)
                if key in messages:
                    raise ValueError(f"{path}: message {key!r} is defined twice in {lang}")
                messages[key] = str(message.string)
    return messages


def text(key: str, lang: str, /, **fields: object) -> str:
    """The message `key` in `lang`, its `{name}` fields filled from `fields`."""
    try:
        template = catalogue(lang)[key]
    except KeyError:
        raise MissingMessageError(f"no message {key!r} in the {lang} catalogue") from None
    return template.format(**fields) if fields else template


@cache
def texts(prefix: str, lang: str) -> Mapping[str, str]:
    """Every message whose key starts with `prefix` + '.', by the rest of its key
    (`texts('indicator', 'zh')['population_60plus']`)."""
    start = prefix + "."
    return {k[len(start) :]: v for k, v in catalogue(lang).items() if k.startswith(start)}


class Section(Mapping[str, Mapping[str, str]]):
    """The messages under one key prefix, by language: `Section('report')['zh']['title']`
    is the message `report.title` in Chinese. Read on first use."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return texts(self.prefix, lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


def has(key: str) -> bool:
    """Whether the catalogue holds `key` (in the first language; the test checks the rest)."""
    return key in catalogue(LANGUAGES[0])
