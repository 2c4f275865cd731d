"""The error users see for bad input: one line naming the file and the key."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a file, the key path inside it (may be empty), and what was expected.

    `str(error)` is the one line the command line prints before exiting with code 2.
    """

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        """`file: key: message`, leaving out an empty key, always on one line."""
        parts = [self.file, self.key, self.message] if self.key else [self.file, self.message]
        return ": ".join(_printable(part) for part in parts)


def _printable(text: str) -> str:
    """`text` with line breaks and other control characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )
