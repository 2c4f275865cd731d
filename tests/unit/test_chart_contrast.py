"""Text colours of the charts: the WCAG 2 contrast ratio, and series colours darkened for
text until they read on white (at least 4.5:1), keeping their hue."""

from __future__ import annotations

import colorsys

import pytest
from matplotlib.colors import to_rgb

from sim.present.chart_style import (
    MIN_TEXT_CONTRAST,
    SCENARIO_STYLES,
    contrast_ratio,
    relative_luminance,
    text_colour,
)

#: Colours the charts draw text in besides the scenarios': the beds chart's lines.
OTHER_TEXT_COLOURS = ("#D55E00", "#0072B2", "#000000", "0.2", "0.3")


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio("black", "white") == pytest.approx(21.0)
    assert contrast_ratio("white", "white") == pytest.approx(1.0)
    assert contrast_ratio("#0072B2", "white") == pytest.approx(contrast_ratio("white", "#0072B2"))
    # Published reference values: #767676 is the lightest grey that passes on white.
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "white") < MIN_TEXT_CONTRAST
    assert relative_luminance("#FF0000") == pytest.approx(0.2126)


@pytest.mark.parametrize("colour", [c for c, _, _ in SCENARIO_STYLES] + list(OTHER_TEXT_COLOURS))
def test_every_label_colour_reads_on_white(colour) -> None:
    shown = text_colour(colour)
    assert contrast_ratio(shown, "white") >= MIN_TEXT_CONTRAST, (colour, shown)


@pytest.mark.parametrize("colour", [c for c, _, _ in SCENARIO_STYLES])
def test_text_colour_keeps_the_hue_and_darkens_only_what_it_must(colour) -> None:
    shown = text_colour(colour)
    before, after = colorsys.rgb_to_hsv(*to_rgb(colour)), colorsys.rgb_to_hsv(*to_rgb(shown))
    if before[1] > 0.1:  # a grey has no hue to keep
        assert after[0] == pytest.approx(before[0], abs=0.02), (colour, shown)
    assert after[2] <= before[2] + 1e-9
    if contrast_ratio(colour, "white") >= MIN_TEXT_CONTRAST:
        assert to_rgb(shown) == pytest.approx(to_rgb(colour), abs=1 / 255)
    else:
        # The lightest that passes, near enough: one step lighter would not.
        assert contrast_ratio(shown, "white") < MIN_TEXT_CONTRAST * 1.15


def test_some_palette_colours_are_too_light_for_text_as_they_are() -> None:
    light = [c for c, _, _ in SCENARIO_STYLES if contrast_ratio(c, "white") < MIN_TEXT_CONTRAST]
    assert {"#E69F00", "#56B4E9"} <= set(light)
    assert all(text_colour(c) != c.lower() for c in light)
