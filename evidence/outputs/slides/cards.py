"""Slide cards: one claim, or one runners' guide chart, on a 1920x1080 PNG a coach can drop into a talk.

A claim's card carries the verdict in words on a band of the verdict's colour (colour-blind-safe, never the only
signal), the certainty, the claim as the post words it, a one-line takeaway in runner words, the runners' guide
chart the claim stands behind (or, for a claim without one, the key numbers of its evidence as text), the
sources, and a QR code of a link with the link printed beside it. A chart's card carries the question on a slate
band, the answer, the chart and its works.

Pure (no Streamlit): the same inputs give the same bytes, so a page can cache the result. A chart is drawn by the
process's one browser (:mod:`evidence.outputs.slides.browser`), only when the card has room for it.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from evidence.data.load import Dataset
from evidence.outputs.slides.browser import render_chart
from evidence.outputs.slides.drawing import draw_card, png_bytes
from evidence.outputs.slides.layout import PILLOW_LOCK, plan_card
from evidence.outputs.slides.texts import (
    CardTexts,
    ClaimRef,
    card_texts,
    claim_row,
    guide_section,
    headline_card_texts,
    section_card_texts,
    section_rows,
)
from evidence.views import guide, present

CHART_FONT = 17  # the chart's type on a slide, in its own pixels (a page uses style.FIGURE_FONT, 15)
CHART_ROW = 30  # height of one row of bars or dots, in the chart's pixels, at CHART_FONT
CHART_FRAME = 150  # title, axis and margins, in the chart's pixels
CHART_SCALES = (0.6, 1.25)  # how much larger than its pixels a chart is drawn: a full box, never cramped rows


def claim_chart(claim: ClaimRef, dataset: Dataset) -> go.Figure | None:
    """The chart of a claim's card: the runners' guide chart whose section lists the claim (bars of changes or
    ratio dots, as on the guide page); None when no section lists it or the dataset has none of its results."""
    row = claim_row(claim, dataset)
    section = present.section_for(str(row["claim_id"]))
    return None if section is None else section_chart(section.key, dataset)


def claim_chart_alt(claim: ClaimRef, dataset: Dataset) -> str:
    """The text alternative of :func:`claim_chart` ('' when the claim has no chart)."""
    section = present.section_for(str(claim_row(claim, dataset)["claim_id"]))
    if section is None:
        return ""
    table = section_rows(section, dataset)
    return guide.section_alt_text(section, table) if len(table) else ""


def section_chart(key: str, dataset: Dataset) -> go.Figure | None:
    """The guide chart of a section, as the guide page draws it (None when the dataset has none of its results)."""
    section = guide_section(key)
    table = section_rows(section, dataset)
    return guide.section_figure(section, table) if len(table) else None


def slide_figure(figure: go.Figure) -> go.Figure:
    """The guide chart restyled for a slide: a larger font on a white page, each bar's label on one line (a slide
    is wide; the page's two-line labels are for phones), and room on both sides of horizontal bars for the numbers
    printed beyond their ends (a negative bar's number would otherwise run into the labels)."""
    copy = go.Figure(figure)
    copy.update_layout(font=dict(size=CHART_FONT), paper_bgcolor="white", title=dict(font=dict(size=22)))
    values: list[float] = []
    for trace in copy.data:
        if trace.type == "bar" and trace.orientation == "h":
            trace.y = [str(label).replace("<br>", " — ") for label in trace.y]
            values += [float(v) for v in trace.x]
    if values:
        low, high = min(0.0, *values), max(0.0, *values)
        pad = 0.2 * ((high - low) or 1.0)
        copy.update_xaxes(range=[low - pad if low < 0 else low, high + pad])
    return copy


def chart_scale(figure: go.Figure, box_height: int) -> float:
    """How much to enlarge a chart drawn into a box: as much as fits its rows (up to 1.25), never below 0.6."""
    rows = max((len(trace.y) for trace in figure.data if trace.y is not None), default=1)
    wanted = CHART_ROW * rows + CHART_FRAME
    return round(min(CHART_SCALES[1], max(CHART_SCALES[0], box_height / wanted)), 2)


def _card_png(texts: CardTexts, figure: Callable[[], go.Figure | None]) -> bytes:
    """Lay out, draw the chart (only when the plan has room for one) and compose a card."""
    with PILLOW_LOCK:
        plan = plan_card(texts)
    chart_png = None
    drawn = figure() if plan.chart_box is not None else None
    if plan.chart_box is not None and drawn is not None:
        box = plan.chart_box
        size = (box[2] - box[0], box[3] - box[1])
        chart_png = render_chart(slide_figure(drawn), size, chart_scale(drawn, size[1]))
    with PILLOW_LOCK:
        return png_bytes(draw_card(plan, texts, chart_png))


def slide_card(claim: ClaimRef, dataset: Dataset, link: str) -> bytes:
    """A claim's 1920x1080 PNG slide card (see the module's docstring for what it shows).

    ``claim`` is a claim id or a row of ``dataset.claims``; ``link`` is encoded in the QR code and printed beside
    it. Raises :class:`SlideError` when the card has a chart and no browser can draw it, or when the link is too
    long for a QR code.
    """
    if not link:
        raise ValueError("a slide card needs a link for its QR code")
    return _card_png(card_texts(claim, dataset, link), lambda: claim_chart(claim, dataset))


def section_card(key: str, dataset: Dataset, link: str) -> bytes:
    """A guide chart's 1920x1080 PNG card; the link (to the chart on the guide page) is in its QR code. Raises
    KeyError for an unknown section and :class:`SlideError` as :func:`slide_card` does."""
    if not link:
        raise ValueError("a slide card needs a link for its QR code")
    return _card_png(section_card_texts(key, dataset, link), lambda: section_chart(key, dataset))


def chart_for(slide_id: str, dataset: Dataset) -> go.Figure | None:
    """The chart of any slide of a talk: a claim's guide chart, a guide question's chart, none for a headline."""
    kind = present.slide_kind(slide_id)
    if kind == "guide":
        return section_chart(present.guide_key(slide_id), dataset)
    return None if kind == "headline" else claim_chart(slide_id, dataset)


def alt_for(slide_id: str, dataset: Dataset) -> str:
    """The text alternative of :func:`chart_for` ('' when the slide has no chart)."""
    kind = present.slide_kind(slide_id)
    if kind == "headline":
        return ""
    if kind == "guide":
        section = guide_section(present.guide_key(slide_id))
        table = section_rows(section, dataset)
        return guide.section_alt_text(section, table) if len(table) else ""
    return claim_chart_alt(slide_id, dataset)


def card_for(slide_id: str, dataset: Dataset, link: str) -> bytes:
    """The 1920x1080 PNG card of any slide of a talk (a claim, a guide question or a headline), its link in the QR
    code. Raises KeyError for an unknown slide and :class:`SlideError` as :func:`slide_card` does."""
    if not link:
        raise ValueError("a slide card needs a link for its QR code")
    kind = present.slide_kind(slide_id)
    if kind == "claim":
        return slide_card(slide_id, dataset, link)
    if kind == "guide":
        return section_card(present.guide_key(slide_id), dataset, link)
    return _card_png(headline_card_texts(slide_id, dataset, link), lambda: None)
