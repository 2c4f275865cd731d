"""How wide a line of text is when printed, from real font metrics, so that table columns
can be sized to keep every number on one line.

Chinese characters are measured in the bundled Noto Sans CJK SC font (the width of a
SimSun character: one em); everything else in DejaVu Serif, which ships with matplotlib
and is wider than Times New Roman in every digit, so a column sized by it fits the
printed numbers with room to spare. No font is needed on the machine.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Left and right padding of a table cell in the report's tables (cm; Word's default is
#: 0.19): narrow, so that a boxed-panel (zhuanlan) table of seven scenarios fits across a
#: portrait page.
CELL_MARGIN_CM = 0.1
#: Left plus right cell padding, in points.
CELL_PADDING_PT = 2 * CELL_MARGIN_CM / 2.54 * 72
#: Runs of characters that must stay on one line: numbers with their separators, signs,
#: percent signs and the outlook marks that precede (joined by a no-break space) or follow them.
NUMBER_TOKEN = re.compile(
    r"(?:[✓△✗]\u00a0)?[+\-−]?\(?[\d][\d,.]*(?:[–—\-/][\d][\d,.]*)?%?\)?(?: ?[✓△✗])?"
)


#: The size (points, at 72 dpi) fonts are loaded at: widths come out in hundredths of an em.
_LOAD_SIZE = 100.0


@lru_cache(maxsize=3)
def _font(kind: str):
    from matplotlib import font_manager, ft2font

    if kind == "cjk":
        from sim.present.chart_style import cjk_font_path

        path = str(cjk_font_path())
    else:
        weight = "bold" if kind == "latin-bold" else "normal"
        path = font_manager.findfont(
            font_manager.FontProperties(family="DejaVu Serif", weight=weight),
            fallback_to_default=True,
        )
    font = ft2font.FT2Font(path)
    font.set_size(_LOAD_SIZE, 72)
    return font


@lru_cache(maxsize=8192)
def _em_width(char: str, bold: bool = False) -> float:
    """Width of one character in ems (bold: in the bold Latin face)."""
    wide = unicodedata.east_asian_width(char) in "WF"
    latin = "latin-bold" if bold else "latin"
    font = _font("cjk" if wide else latin)
    if font.get_char_index(ord(char)) == 0:
        # Not in this font (a check mark in the Latin one): measure it in the other.
        font = _font(latin if wide else "cjk")
        if font.get_char_index(ord(char)) == 0:
            return 1.0
    glyph = font.load_char(ord(char))
    return float(glyph.linearHoriAdvance) / 65536 / _LOAD_SIZE


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Printed width of one line of `text` at `size_pt` points (`bold`: bold face)."""
    return sum(_em_width(char, bold) for char in text) * size_pt


def number_tokens(text: str) -> list[str]:
    """The numbers in `text` that must not be broken across lines."""
    return [match.group(0) for match in NUMBER_TOKEN.finditer(text)]
