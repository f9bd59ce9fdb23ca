"""The house style shared by charts, slide cards and briefs: the colours, the verdicts' colours, and the fonts.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common colour-vision deficiencies;
a colour is never the only signal (verdicts are always written out beside it).
"""

from __future__ import annotations

from pathlib import Path

OKABE_ITO = {
    "blue": "#0072B2",
    "sky": "#56B4E9",
    "green": "#009E73",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
#: The ink and paper of every figure on a page (plotly): a chart is drawn as a white panel with dark type in the
#: light and the dark theme alike, so its labels, direction labels and annotations (dark on white) keep their
#: contrast whichever theme the reader's system asks for (tests/unit/test_contrast.py).
FIGURE_INK = "#1A1A1A"
FIGURE_PAPER = "#FFFFFF"
FIGURE_BACKGROUND = dict(paper_bgcolor=FIGURE_PAPER, plot_bgcolor=FIGURE_PAPER)
#: The type of every figure on a page (plotly).
FIGURE_FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color=FIGURE_INK)


def inked(figure, layout: dict | None = None):
    """The figure with every text in FIGURE_INK: its title, axes, legend and annotations without a colour of their
    own. Streamlit's chart theme colours these for the page's theme (light type in dark), which would vanish on
    the figure's white panel; a colour set on the element itself wins over it. ``layout``: more of the layout, set
    at the same time.

    Returns a new figure, made in one go from the figure's traces and its whole layout: plotly checks a layout
    given to a new figure in a few milliseconds, while ``update_layout`` walked every property's path (20 to 30 ms
    a chart, most of the time a new view of the evidence map took). The charts use plotly's default template,
    which the new figure takes again."""
    import plotly.graph_objects as go

    whole = {key: value for key, value in figure.layout.to_plotly_json().items() if key != "template"}
    whole = merged(whole, layout or {})
    ink = {"color": FIGURE_INK}
    colours: dict = {"title": {"font": ink}, "legend": {"font": ink}}
    for axis in {name for name in whole if name.startswith(("xaxis", "yaxis"))} | {"xaxis", "yaxis"}:
        colours[axis] = {"tickfont": ink, "title": {"font": ink}}
    if whole.get("annotations"):
        colours["annotations"] = [_inked_note(note) for note in whole["annotations"]]
    return go.Figure(data=figure.data, layout=merged(whole, colours))


def _inked_note(note) -> dict:
    note = note.to_plotly_json() if hasattr(note, "to_plotly_json") else dict(note)
    if (note.get("font") or {}).get("color") is None:
        note["font"] = {**(note.get("font") or {}), "color": FIGURE_INK}
    return note


def merged(base: dict, more: dict) -> dict:
    """``base`` updated by ``more`` the way plotly's ``update`` does it: dicts merged key by key (a title given as
    its text is the dict of that text), anything else (a list, a number) replaced."""
    out = dict(base)
    for key, value in more.items():
        if key == "title" and isinstance(value, dict) and isinstance(out.get(key), str):
            out[key] = {"text": out[key]}
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


#: Streamlit's badge colour per evidence judgment and per cited judgment. Blue/orange/red/violet/grey stay
#: distinguishable with the common colour-vision deficiencies, and the words and an icon always go with them.
VERDICT_BADGE_COLOURS: dict[str, str] = {
    "supported": "blue",
    "small_or_mixed": "orange",
    "not_supported": "violet",
    "contradicted": "red",
    "not_yet_studied": "gray",
}
CITED_BADGE_COLOURS: dict[str, str] = {
    "cited_supports": "blue",
    "cited_does_not_test": "gray",
    "cited_contradicts": "red",
    "no_source_cited": "gray",
    "cited_not_found": "gray",
}
#: A badge colour drawn outside Streamlit (cards, briefs): its Okabe-Ito colour.
HEX_OF_BADGE = {
    "blue": OKABE_ITO["blue"],
    "orange": OKABE_ITO["orange"],
    "violet": OKABE_ITO["purple"],
    "gray": OKABE_ITO["grey"],
    "red": OKABE_ITO["vermillion"],
}
#: A verdict's colour on a card's band and in a brief's table: its badge colour, in the Okabe-Ito palette.
VERDICT_COLOURS: dict[str, str] = {verdict: HEX_OF_BADGE[badge] for verdict, badge in VERDICT_BADGE_COLOURS.items()}
#: The band of a chart's card: a neutral slate, since a chart carries several verdicts (each on its claim's card).
CHART_BAND = "#3D4A5C"

Rgb = tuple[int, int, int]
INK: Rgb = (26, 26, 26)
MUTED: Rgb = (85, 85, 85)
PAPER: Rgb = (255, 255, 255)

#: DejaVu Sans (Debian's fonts-dejavu-core): the type of slide cards and briefs, which carry Unicode (⅓, −, “”).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_SANS = FONT_DIR / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def rgb(colour: str) -> Rgb:
    """'#0072B2' -> (0, 114, 178)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_of(colour: Rgb) -> str:
    """(0, 114, 178) -> '#0072B2'."""
    return "#{:02X}{:02X}{:02X}".format(*colour)


def contrast_ratio(first: Rgb, second: Rgb) -> float:
    """WCAG 2.1's contrast ratio of two opaque colours, 1 to 21 (AA asks 4.5 for text, 3 for large text)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: Rgb, background: Rgb, alpha: float) -> Rgb:
    """A colour drawn at ``alpha`` opacity over a background, as the browser blends it."""
    return tuple(round(alpha * c + (1 - alpha) * b) for c, b in zip(colour, background, strict=True))  # type: ignore[return-value]


def relative_luminance(colour: Rgb) -> float:
    """WCAG's relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(background: Rgb) -> Rgb:
    """Ink or paper, whichever has more contrast on the background (WCAG)."""
    light = relative_luminance(background)
    on_white = 1.05 / (light + 0.05)
    on_black = (light + 0.05) / (relative_luminance(INK) + 0.05)
    return PAPER if on_white >= on_black else INK
