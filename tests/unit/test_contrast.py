"""WCAG 2.1 contrast of every text/background pair the app defines: the light and dark themes of
.streamlit/config.toml (text, captions, links, code, badges, the primary colour), and the house style's colours on
charts, slide cards and briefs (evidence/views/style.py). AA asks 4.5:1 for text and 3:1 for the parts of a
control (WCAG 1.4.3 and 1.4.11).

Streamlit draws captions and other secondary text in the theme's text colour at 60% opacity over the background
(measured in Chromium: #2f2d2b over white gave #828180), so a caption's colour is computed the same way here.
"""

from __future__ import annotations

import tomllib

import pytest

from evidence.data.load import load_dataset
from evidence.views import charts, forest
from evidence.views.style import (
    CHART_BAND,
    CITED_BADGE_COLOURS,
    FIGURE_FONT,
    FIGURE_PAPER,
    INK,
    MUTED,
    PAPER,
    VERDICT_BADGE_COLOURS,
    VERDICT_COLOURS,
    contrast_ratio,
    hex_of,
    over,
    rgb,
    text_colour_on,
)
from tests.conftest import FIXTURE_DATA, ROOT

AA_TEXT = 4.5
AA_CONTROL = 3.0
CAPTION_OPACITY = 0.6
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
SCHEMES = ("light", "dark")


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio(rgb("#000000"), rgb("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(rgb("#777777"), rgb("#FFFFFF")) == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio(rgb("#0072B2"), rgb("#FFFFFF")) == pytest.approx(5.19, abs=0.01)
    assert over(rgb("#2f2d2b"), rgb("#ffffff"), CAPTION_OPACITY) == rgb("#828180")  # Streamlit's caption, measured


def test_the_theme_offers_light_and_dark_and_forces_neither() -> None:
    assert "base" not in THEME  # the reader's system setting chooses
    assert set(SCHEMES) <= set(THEME)


def _pairs(scheme: str) -> dict[str, tuple[str, str]]:
    """Every text colour of a theme on each background it is drawn on, as hex (text, background)."""
    theme = THEME[scheme]
    text, links, code = theme["textColor"], theme["linkColor"], theme["codeTextColor"]
    pairs: dict[str, tuple[str, str]] = {}
    for where in ("backgroundColor", "secondaryBackgroundColor"):
        background = rgb(theme[where])
        pairs[f"text on {where}"] = (text, theme[where])
        pairs[f"caption on {where}"] = (hex_of(over(rgb(text), background, CAPTION_OPACITY)), theme[where])
        pairs[f"link on {where}"] = (links, theme[where])
    code_background = rgb(theme["codeBackgroundColor"])
    pairs["code"] = (code, theme["codeBackgroundColor"])
    pairs["code in a caption"] = (
        hex_of(over(rgb(code), code_background, CAPTION_OPACITY)),
        theme["codeBackgroundColor"],
    )
    for colour in sorted(set(VERDICT_BADGE_COLOURS.values()) | set(CITED_BADGE_COLOURS.values())):
        pairs[f"{colour} badge"] = (theme[f"{colour}TextColor"], theme[f"{colour}BackgroundColor"])
    return pairs


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_theme_text_reaches_aa(scheme: str) -> None:
    ratios = {name: contrast_ratio(rgb(fg), rgb(bg)) for name, (fg, bg) in _pairs(scheme).items()}
    failing = {name: round(ratio, 2) for name, ratio in ratios.items() if ratio < AA_TEXT}
    assert not failing, f"{scheme}: below {AA_TEXT}:1: {failing}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_primary_colour_is_readable_as_text_and_under_white_text(scheme: str) -> None:
    """Streamlit draws the primary colour as text on the page and the sidebar (slider values, the chosen segment)
    and white text on it (primary buttons, chosen options in a multiselect)."""
    theme = THEME[scheme]
    primary = rgb(theme["primaryColor"])
    sidebar = THEME.get(scheme, {}).get("sidebar", {}).get("backgroundColor", theme["secondaryBackgroundColor"])
    for background in (theme["backgroundColor"], sidebar):
        assert contrast_ratio(primary, rgb(background)) >= AA_TEXT, background
    assert contrast_ratio(PAPER, primary) >= AA_TEXT


def test_badges_keep_the_okabe_ito_hues_of_the_house_style() -> None:
    hues = {"blue": "#0072B2", "orange": "#E69F00", "violet": "#CC79A7", "red": "#D55E00", "gray": "#999999"}
    for colour, hue in hues.items():
        assert THEME["light"][f"{colour}Color"] == hue
        assert THEME["dark"][f"{colour}Color"] in (hue, "#56B4E9")  # dark blue: the palette's sky blue


def test_figure_type_is_dark_on_a_white_panel_in_either_theme() -> None:
    assert contrast_ratio(rgb(FIGURE_FONT["color"]), rgb(FIGURE_PAPER)) >= 7
    # the forest plot's fixed label colours (trial labels, 'favours' labels, subtitle) on that panel
    for colour in ("#222222", "#333333", "#555555"):
        assert contrast_ratio(rgb(colour), rgb(FIGURE_PAPER)) >= AA_TEXT, colour
    assert charts.FIGURE_BACKGROUND == forest.FIGURE_BACKGROUND == {"paper_bgcolor": FIGURE_PAPER,
                                                                    "plot_bgcolor": FIGURE_PAPER}  # fmt: skip


def test_labels_on_coloured_marks_and_bands_reach_aa() -> None:
    """Numbers inside the evidence map's bubbles (ink or paper, whichever reads), verdict bands of slide cards
    and briefs, and the chart card's slate band."""
    marks = {group: colour for group, (colour, _) in charts.DESIGN_GROUPS.items()}
    for name, colour in {**marks, **VERDICT_COLOURS, "chart band": CHART_BAND}.items():
        background = rgb(colour)
        assert contrast_ratio(text_colour_on(background), background) >= AA_TEXT, name
    assert contrast_ratio(INK, PAPER) >= 7 and contrast_ratio(MUTED, PAPER) >= AA_TEXT


def test_bubble_labels_use_the_readable_ink() -> None:
    table = charts.gap_table(load_dataset(FIXTURE_DATA).studies)
    figure = charts.gap_figure(table)
    assert figure.data
    for trace in figure.data:
        drawn = over(rgb(trace.marker.color), rgb(FIGURE_PAPER), trace.marker.opacity)  # as the browser blends it
        assert contrast_ratio(rgb(trace.textfont.color), drawn) >= AA_TEXT, trace.name
    for colour, _ in charts.DESIGN_GROUPS.values():  # every design's colour, whether or not the fixture has it
        drawn = over(rgb(colour), rgb(FIGURE_PAPER), charts.BUBBLE_OPACITY)
        assert contrast_ratio(rgb(charts.bubble_label_colour(colour)), drawn) >= AA_TEXT, colour
