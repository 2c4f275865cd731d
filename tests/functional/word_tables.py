"""Finding a Word report's tables and the lines under them, by their captions."""

from __future__ import annotations

import re


def table_titled(document, title_part: str):
    """The Word table whose caption (the paragraph before it) contains `title_part`."""
    body = document.element.body
    caption = ""
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            caption = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
        elif child.tag.endswith("}tbl") and title_part in caption:
            return next(t for t in document.tables if t._tbl is child)
    raise AssertionError(f"no table titled {title_part!r}")


def paragraph_after_each(document, kind: str) -> list[tuple[str, str]]:
    """(caption, text after it) for every table ('表') or figure caption ('图')."""
    texts = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            texts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            texts.append("<table>")
    pairs = []
    for index, text in enumerate(texts):
        if re.match(rf"{kind}\d+　", text):
            after = texts[index + 1 : index + 3]
            pairs.append((text, after[1] if kind == "表" else after[0]))
    return pairs
