"""Add messages to a domain of every language's catalogue (used when writing new words;
the files are plain `.po` text and can be edited by hand too).

    python -m sim.catalogue.add DOMAIN words.json

`words.json` maps each key to {"zh": ..., "en": ..., "note": where it is shown}. A key
already in the domain is replaced.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from sim.catalogue import FOLDER, LANGUAGES

#: The comment at the top of every catalogue file.
HEADER = "# Elderly-care capacity planning simulator: the words of its {domain} domain ({lang})."


def add_messages(domain: str, words: Mapping[str, Mapping[str, str]]) -> None:
    """Write `words` (key -> {lang: text, 'note': …}) into `<lang>/<domain>.po`."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    for lang in LANGUAGES:
        path = FOLDER / lang / f"{domain}.po"
        catalog = Catalog(
            locale=lang, domain=domain, project="eldercare-sim", version="1", charset="utf-8",
            msgid_bugs_address="", last_translator="", language_team=lang, fuzzy=False,
            header_comment=HEADER.format(domain=domain, lang=lang),
        )  # fmt: skip
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=None, charset="utf-8")
        for key, entry in words.items():
            if key in catalog:
                del catalog[key]
            note = entry.get("note", "")
            catalog.add(key, entry[lang], auto_comments=[note] if note else ())
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, sort_output=False)


def main(argv: list[str]) -> int:
    domain, source = argv
    add_messages(domain, json.loads(Path(source).read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
