"""Slide cards: one claim on one 1920x1080 PNG a coach can drop into a talk, and a talk pack of them as a ZIP.

A card carries the verdict in words on a band of the verdict's colour (colour-blind-safe, never the only signal),
the certainty, the claim as the post words it, a one-line takeaway in runner words, the runners' guide chart the
claim stands behind (or, for a claim without one, the key numbers of its evidence as text), the sources, and a QR
code of a link with the link printed beside it.

Everything here is pure (no Streamlit): the same inputs give the same bytes. Drawing a chart starts a headless
Chromium through kaleido, which takes seconds the first time; one browser session is kept for the whole process
and reused by every later chart, and drawn charts are remembered by their figure. A page caches whole cards with
``st.cache_data``, keyed on plain values and leaving the dataset out of the hash, e.g.::

    @st.cache_data(max_entries=64, show_spinner="Drawing the slide...")
    def card_png(claim_id: str, fingerprint: str, link: str, _dataset: Dataset) -> bytes:
        return slides.slide_card(claim_id, _dataset, link)

    card_png(claim_id, dataset.fingerprint, link, dataset)

The browser is the one named by the setting ``BROWSER_PATH``; when that is unset, Debian's ``/usr/bin/chromium``
(set as ``BROWSER_PATH`` if present), else any Chrome or Chromium kaleido can find. Without one, drawing a chart
raises :class:`SlideError` with a message a page can show.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import io
import json
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import qrcode
from PIL import Image, ImageDraw, ImageFont

from evidence.data.load import Dataset
from evidence.data.schema import MAX_QUOTE_WORDS, VERDICT_LABELS
from evidence.outputs import references as export
from evidence.views import charts, guide, present
from evidence.views.claims import CERTAINTY_LABELS, VERDICT_BADGES, evidence_items

# --- Errors and the browser -------------------------------------------------------------------------------------

BROWSER_SETTING = "BROWSER_PATH"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
NO_BROWSER_MESSAGE = "Slide cards need Chromium: make test installs Debian's chromium package"
#: Browser names looked up on PATH when ``BROWSER_PATH`` is unset and Debian's Chromium is absent.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Seconds to wait for the browser to start, and for one chart.
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 90.0


class SlideError(RuntimeError):
    """A slide card cannot be made; the message is written for a page to show as it is."""


def _is_executable(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def _search_browser() -> str | None:
    """A Chrome or Chromium on PATH, else one downloaded with ``kaleido_get_chrome`` (None when there is none)."""
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found and _is_executable(found):
            return found
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False, skip_typical=False)
    except Exception:  # noqa: BLE001 - a best-effort search in a library's internals
        return None
    return found if found and _is_executable(found) else None


def browser_path() -> str:
    """The Chrome/Chromium that draws charts: ``BROWSER_PATH``, which is set to Debian's Chromium when unset and
    that file exists; else a browser found on PATH or downloaded by kaleido. Raises :class:`SlideError` when none
    exists (or ``BROWSER_PATH`` names a file that is not an executable)."""
    if DEBIAN_CHROMIUM.exists():
        os.environ.setdefault(BROWSER_SETTING, str(DEBIAN_CHROMIUM))
    configured = os.environ.get(BROWSER_SETTING)
    if configured:
        if _is_executable(configured):
            return configured
        raise SlideError(f"{NO_BROWSER_MESSAGE} (no browser at {BROWSER_SETTING}={configured}).")
    found = _search_browser()
    if found is None:
        raise SlideError(f"{NO_BROWSER_MESSAGE}.")
    return found


class _ChartSession:
    """One headless browser (a ``kaleido.Kaleido``) kept open on its own event-loop thread for every chart.

    kaleido's own ``start_sync_server`` is not used: it has no timeout (a browser that dies leaves the caller
    waiting forever) and its callers can receive each other's images when two threads call at once, which
    Streamlit sessions do. Here a lock lets one chart through at a time, every wait has a timeout, and a failure
    closes the browser so the next chart starts a fresh one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._path: str | None = None

    def _run(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def _open(self, path: str) -> None:
        import kaleido

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="slide-chart-browser", daemon=True).start()
        self._loop, self._path = loop, path

        async def start() -> Any:
            session = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path)
            await session.open()
            return session

        try:
            self._kaleido = self._run(start(), START_TIMEOUT)
        except Exception:
            self._close_locked()
            raise

    def _close_locked(self) -> None:
        loop, session = self._loop, self._kaleido
        self._loop = self._kaleido = self._path = None
        if loop is None:
            return
        if session is not None:
            try:
                asyncio.run_coroutine_threadsafe(session.close(), loop).result(START_TIMEOUT)
            except Exception:  # noqa: BLE001 - closing a browser that already failed
                pass
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        """Close the browser (a later chart opens a new one)."""
        with self._lock:
            self._close_locked()

    def render(self, figure: dict, width: int, height: int, scale: float) -> bytes:
        """The figure as PNG bytes, ``width x height`` CSS pixels at ``scale``."""
        path = browser_path()
        with self._lock:
            if self._kaleido is not None and self._path != path:
                self._close_locked()
            try:
                if self._kaleido is None:
                    self._open(path)
                options = {"format": "png", "width": width, "height": height, "scale": scale}
                return self._run(self._kaleido.calc_fig(figure, opts=options), RENDER_TIMEOUT + 10)
            except Exception as error:
                self._close_locked()
                raise SlideError(f"The chart for the slide could not be drawn in {path}: {error}") from error


_SESSION = _ChartSession()
atexit.register(_SESSION.close)


@functools.lru_cache(maxsize=32)
def _render_cached(figure_json: str, width: int, height: int, scale: float) -> bytes:
    return _SESSION.render(json.loads(figure_json), width, height, scale)


def render_chart(figure: go.Figure, size: tuple[int, int], scale: float = 1.25) -> bytes:
    """A figure as a PNG of ``size`` pixels (drawn at ``scale``, so its type is ``scale`` times larger).

    Reuses the process's browser session; the same figure at the same size is drawn once. Raises
    :class:`SlideError` when no browser can be found or the drawing fails.
    """
    browser_path()  # a missing browser is reported even when the chart was drawn before
    width, height = round(size[0] / scale), round(size[1] / scale)
    return _render_cached(figure.to_json(), width, height, scale)


# --- What goes on a card ----------------------------------------------------------------------------------------

ClaimRef = str | pd.Series


def _claim_row(claim: ClaimRef, dataset: Dataset) -> pd.Series:
    """The claim's row with its ``claim_id``, from an id or a row (of ``dataset.claims`` or indexed by id)."""
    if isinstance(claim, str):
        rows = dataset.claims[dataset.claims["claim_id"] == claim]
        if rows.empty:
            raise KeyError(f"no claim has the id {claim!r}")
        return rows.iloc[0]
    row = claim.copy()
    if "claim_id" not in row.index:
        row["claim_id"] = row.name
    return row


def _chart_table(claim_id: str, dataset: Dataset) -> tuple[guide.Section, pd.DataFrame] | None:
    """The guide section a claim stands behind and the rows of its chart (None without a section or rows)."""
    section = present.section_for(claim_id)
    if section is None:
        return None
    table = _rows(section, dataset)
    return None if table.empty else (section, table)


def _rows(section: guide.Section, dataset: Dataset) -> pd.DataFrame:
    """The rows of a guide section's chart: bars of changes or ratio dots."""
    if section.chart == "changes":
        return guide.change_rows(section, dataset.results)
    return guide.ratio_rows(section, dataset.results)


def claim_chart(claim: ClaimRef, dataset: Dataset) -> go.Figure | None:
    """The chart of a claim's card: the runners' guide chart whose section lists the claim (bars of changes or
    ratio dots, as on the guide page); None when no section lists it or the dataset has none of its results."""
    row = _claim_row(claim, dataset)
    section = present.section_for(str(row["claim_id"]))
    return None if section is None else section_chart(section.key, dataset)


def evidence_keys(claim: ClaimRef, dataset: Dataset) -> list[str]:
    """The works behind a claim, in the card's order: those the post cites first, then the other evidence."""
    row = _claim_row(claim, dataset)
    return [item.key for item in evidence_items(row, dataset.studies, dataset.results, per_study=0)]


def short_quote(quote: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The quote in curly quotation marks, cut to ``max_words`` words (with an ellipsis when cut)."""
    words = str(quote).split()
    text = " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")
    return f"“{text}”"


@dataclass(frozen=True)
class CardTexts:
    """Every string a slide card draws (before fitting: the sources and key numbers may be shortened)."""

    claim_id: str
    verdict: str  # the stored verdict, e.g. "overstated"
    verdict_label: str  # its words, e.g. "Overstated"
    certainty: str  # e.g. "Certainty: Low"
    quote: str  # in curly quotation marks, at most MAX_QUOTE_WORDS words
    takeaway: str  # the first sentence of the runner text
    sources: tuple[str, ...]  # labels of the works behind the claim, cited first
    chart_title: str | None  # the guide chart's title when the card has a chart
    key_numbers: tuple[str, ...]  # when there is no chart: one sentence of numbers per work (or the reason)
    numbers_heading: str  # the heading over the key numbers
    link: str
    footer: str
    band_hex: str = ""  # the band's colour when it is not the verdict's (a chart's card)
    side_label: str = ""  # what the card shows, above the QR code ("Claim C23" when empty)


def card_texts(claim: ClaimRef, dataset: Dataset, link: str = "") -> CardTexts:
    """The strings a claim's card shows, from the fixed vocabularies and the curated claim."""
    row = _claim_row(claim, dataset)
    claim_id = str(row["claim_id"])
    items = evidence_items(row, dataset.studies, dataset.results, per_study=1)
    found = _chart_table(claim_id, dataset)
    if found is not None:
        key_numbers: tuple[str, ...] = ()
    elif items:
        key_numbers = tuple(item.sentences[0] for item in items if item.sentences)
    else:  # nothing to count: the verdict's reason says what the dataset shows
        key_numbers = (str(row["reason"]),)
    return CardTexts(
        claim_id=claim_id,
        verdict=str(row["verdict"]),
        verdict_label=VERDICT_LABELS[row["verdict"]],
        certainty=f"Certainty: {CERTAINTY_LABELS[row['certainty']]}",
        quote=short_quote(row["quote"]),
        takeaway=present.takeaway(str(row["runner_text"])),
        sources=tuple(item.label for item in items),
        chart_title=found[0].chart_title if found else None,
        key_numbers=key_numbers,
        numbers_heading="What the studies found" if items else "Why this verdict",
        link=link,
        footer="Runner Strength Evidence Explorer",
    )


# --- Layout ---------------------------------------------------------------------------------------------------

WIDTH, HEIGHT = 1920, 1080
MARGIN = 72
BAND_HEIGHT = 150
SIDE_WIDTH = 320  # the right column: which claim, the QR code and its link
BOTTOM = 36  # white space under the last line
SCAN_CAPTION = "Scan for the evidence"
GAP = 48
QR_SIZE = 280
QR_MIN_MODULE = 3  # pixels per QR module: below this a phone struggles to read it from a screen
INK = (26, 26, 26)
MUTED = (85, 85, 85)
PAPER = (255, 255, 255)
HEX_OF_BADGE = {
    "blue": charts.OKABE_ITO["blue"],
    "orange": charts.OKABE_ITO["orange"],
    "violet": charts.OKABE_ITO["purple"],
    "gray": charts.OKABE_ITO["grey"],
    "red": charts.OKABE_ITO["vermillion"],
}
#: The band's colour per verdict: the app's badge colour, in the Okabe-Ito palette.
VERDICT_COLOURS: dict[str, str] = {verdict: HEX_OF_BADGE[colour] for verdict, (colour, _) in VERDICT_BADGES.items()}

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {False: FONT_DIR / "DejaVuSans.ttf", True: FONT_DIR / "DejaVuSans-Bold.ttf"}

Box = tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0072B2' -> (0, 114, 178)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever has more contrast on the background (WCAG)."""
    light = _luminance(background)
    on_white = 1.05 / (light + 0.05)
    on_black = (light + 0.05) / (_luminance(INK) + 0.05)
    return PAPER if on_white >= on_black else INK


@functools.lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans (Debian's fonts-dejavu-core) at ``size`` pixels; Pillow's own font when it is missing."""
    try:
        return ImageFont.truetype(str(FONT_FILES[bold]), size)
    except OSError:
        return ImageFont.load_default(size=size)


_MEASURE = ImageDraw.Draw(Image.new("RGB", (1, 1)))
#: The fonts (FreeType faces) and the measuring canvas are shared; Streamlit sessions run in threads, so
#: :func:`slide_card` lays out and draws one card at a time (a few tenths of a second).
_PILLOW_LOCK = threading.Lock()


def text_width(text: str, face: Font) -> int:
    left, _, right, _ = _MEASURE.textbbox((0, 0), text, font=face)
    return int(right - left)


def line_height(face: Font) -> int:
    """Baseline-to-baseline distance for a font: its ascent and descent plus a fifth."""
    _, top, _, bottom = _MEASURE.textbbox((0, 0), "Ág|", font=face)
    return int((bottom - top) * 1.2)


def _break_word(word: str, face: Font, width: int) -> list[str]:
    """A word too long for a line, cut into pieces that fit (links, long labels)."""
    pieces, piece = [], ""
    for char in word:
        if piece and text_width(piece + char, face) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    return pieces + ([piece] if piece else [])


def _ellipsized(lines: Sequence[str], text: str) -> bool:
    """Whether fitting cut the text short."""
    return " ".join(lines).split() != text.split()


def wrap(text: str, face: Font, width: int) -> list[str]:
    """Greedy word wrap measured with ``textbbox``; words wider than a line are broken."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if text_width(word, face) <= width:
            line = word
        else:
            *full, line = _break_word(word, face, width)
            lines.extend(full)
    return lines + ([line] if line else [])


def _ellipsize(line: str, face: Font, width: int) -> str:
    while line and text_width(line + "…", face) > width:
        line = line[:-1].rstrip()
    return line + "…"


def fit_text(text: str, width: int, max_lines: int, sizes: Sequence[int], bold: bool = False) -> tuple[int, list[str]]:
    """The largest size whose wrap fits ``max_lines`` lines of ``width`` pixels; at the smallest size, the lines
    that fit with an ellipsis at the end."""
    for size in sizes:
        face = font(size, bold)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return size, lines
    lines = lines[:max_lines]
    lines[-1] = _ellipsize(lines[-1], face, width)
    return size, lines


@dataclass(frozen=True)
class Placed:
    """A block of text on the card: what it says, where, in which font."""

    name: str
    lines: tuple[str, ...]
    box: Box
    size: int
    bold: bool
    fill: tuple[int, int, int]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class CardPlan:
    """Where everything goes on a card: text blocks, the chart (or key numbers) area and the QR code."""

    texts: tuple[Placed, ...]
    band: Box
    band_colour: tuple[int, int, int]
    chart_box: Box | None
    qr_box: Box

    def block(self, name: str) -> Placed:
        return next(p for p in self.texts if p.name == name)


def _place(
    name: str, lines: Sequence[str], size: int, bold: bool, x: int, y: int, fill: tuple[int, int, int]
) -> Placed:
    """A text block at (x, y): its box is as wide as its widest line and one line height per line."""
    face = font(size, bold)
    width = max((text_width(line, face) for line in lines), default=0)
    return Placed(name, tuple(lines), (x, y, x + width, y + line_height(face) * len(lines)), size, bold, fill)


def citation_lines(labels: Sequence[str], face: Font, width: int, max_lines: int) -> list[str]:
    """'Sources: A; B; C' wrapped in at most ``max_lines`` lines; when the labels do not all fit, the last ones
    give way to 'and N more in the references'."""
    if not labels:
        return ["Sources: none cited, and none found in our dataset"]
    for shown in range(len(labels), 0, -1):
        rest = len(labels) - shown
        text = "Sources: " + "; ".join(labels[:shown]) + (f"; and {rest} more in the references" if rest else "")
        lines = wrap(text, face, width)
        if len(lines) <= max_lines:
            return lines
    lines = lines[:max_lines]
    lines[-1] = _ellipsize(lines[-1], face, width)
    return lines


_LINK_PIECES = re.compile(r"[^/?&=#.\-]*[/?&=#.\-]?")


def wrap_link(link: str, face: Font, width: int) -> list[str]:
    """A link in lines of ``width`` pixels, broken after '/', '?', '&', '=', '#', '.' or '-' where it can be."""
    lines: list[str] = []
    line = ""
    for piece in (p for p in _LINK_PIECES.findall(link) if p):
        if text_width(line + piece, face) <= width:
            line += piece
            continue
        if line:
            lines.append(line)
        *full, line = _break_word(piece, face, width) if text_width(piece, face) > width else [piece]
        lines.extend(full)
    return lines + ([line] if line else [])


def plan_card(texts: CardTexts) -> CardPlan:
    """Lay a card out: every text measured with ``textbbox``, wrapped and shrunk until it fits its area."""
    colour = rgb(texts.band_hex or VERDICT_COLOURS[texts.verdict])
    on_band = text_colour_on(colour)
    placed: list[Placed] = []
    inner = WIDTH - 2 * MARGIN

    # Header band: the verdict in words at the left, the certainty at the right, both on the verdict's colour.
    certainty_width = text_width(texts.certainty, font(44))
    verdict_size, verdict_lines = fit_text(
        texts.verdict_label, inner - certainty_width - GAP, 1, range(72, 35, -2), bold=True
    )
    for name, size, bold, lines, x in (
        ("verdict", verdict_size, True, verdict_lines, MARGIN),
        ("certainty", 44, False, [texts.certainty], WIDTH - MARGIN - certainty_width),
    ):
        top = (BAND_HEIGHT - line_height(font(size, bold))) // 2
        placed.append(_place(name, lines, size, bold, x, top, on_band))

    # The quote and the takeaway across the whole width.
    size, lines = fit_text(texts.quote, inner, 2, range(54, 43, -2), bold=True)
    if _ellipsized(lines, texts.quote):  # two lines at a large size leave the chart more room; else three
        size, lines = fit_text(texts.quote, inner, 3, range(54, 33, -2), bold=True)
    placed.append(_place("quote", lines, size, True, MARGIN, BAND_HEIGHT + 40, INK))
    size, lines = fit_text(texts.takeaway, inner, 1, range(40, 31, -2))
    if _ellipsized(lines, texts.takeaway):  # one line only at a readable size, else two lines
        size, lines = fit_text(texts.takeaway, inner, 2, range(40, 25, -2))
    placed.append(_place("takeaway", lines, size, False, MARGIN, placed[-1].box[3] + 18, MUTED))
    body_top = placed[-1].box[3] + 36

    # The right column: which claim at the top; the QR code, its caption and the link at the bottom.
    side_left = WIDTH - MARGIN - SIDE_WIDTH
    link_lines = wrap_link(texts.link, font(20), SIDE_WIDTH)[:6]
    link_top = HEIGHT - BOTTOM - line_height(font(20)) * len(link_lines)
    qr_left = side_left - _qr_margin(texts.link) if texts.link else WIDTH - MARGIN - QR_SIZE
    qr_box = (qr_left, link_top - 8 - QR_SIZE, qr_left + QR_SIZE, link_top - 8)
    side_free = qr_box[1]
    if link_lines:
        placed.append(_place("link", link_lines, 20, False, side_left, link_top, MUTED))
        placed.append(_place("scan", [SCAN_CAPTION], 22, True, side_left, qr_box[1] - line_height(font(22)), INK))
        side_free = placed[-1].box[1]
    claim_block = _place("claim", [texts.side_label or f"Claim {texts.claim_id}"], 28, True, side_left, body_top, INK)
    footer_lines = wrap(texts.footer, font(22), SIDE_WIDTH)
    footer_block = _place("footer", footer_lines, 22, False, side_left, claim_block.box[3] + 4, MUTED)
    # Which claim, and from where, above the QR code when there is room (a long quote can leave none).
    for block in (claim_block, footer_block):
        if block.box[3] + 16 <= side_free:
            placed.append(block)

    # The sources under the chart, at most two lines; the chart (or the key numbers) fills the rest.
    body_right = side_left - GAP
    source_lines = citation_lines(texts.sources, font(24), body_right - MARGIN, 2)
    sources_top = HEIGHT - BOTTOM - line_height(font(24)) * len(source_lines)
    placed.append(_place("sources", source_lines, 24, False, MARGIN, sources_top, INK))
    body = (MARGIN, body_top, body_right, sources_top - 16)
    chart_box: Box | None = body if texts.chart_title is not None else None
    if chart_box is None:
        placed.extend(_key_number_blocks(texts.numbers_heading, texts.key_numbers, body))
    return CardPlan(tuple(placed), (0, 0, WIDTH, BAND_HEIGHT), colour, chart_box, qr_box)


BULLET_INDENT = 34


def _key_number_blocks(title: str, sentences: Sequence[str], body: Box) -> list[Placed]:
    """The heading and one bullet per work, at the largest size where three works (or all, when fewer) fit the
    body area; works that do not fit are left to the sources line and the references."""
    left, top, right, bottom = body
    width = right - left - BULLET_INDENT
    wanted = min(3, len(sentences))
    for size in range(32, 21, -2):
        heading = _place("numbers_heading", [title], size + 4, True, left, top, INK)
        step = line_height(font(size))
        y = heading.box[3] + step // 2
        blocks: list[Placed] = []
        for index, sentence in enumerate(sentences):
            lines = wrap(sentence, font(size), width)
            if y + step * len(lines) > bottom:
                break
            blocks.append(_place(f"number_{index}", lines, size, False, left + BULLET_INDENT, y, INK))
            y = blocks[-1].box[3] + step // 3
        if len(blocks) >= wanted:
            return [heading, *blocks]
    room = max(1, (bottom - heading.box[3]) // step - 1)
    lines = wrap(sentences[0], font(size), width)[:room]
    lines[-1] = _ellipsize(lines[-1], font(size), width)
    return [heading, _place("number_0", lines, size, False, left + BULLET_INDENT, heading.box[3] + step // 2, INK)]


# --- Drawing --------------------------------------------------------------------------------------------------


QR_BORDER = 4  # modules of white around the code, as the standard asks


@functools.lru_cache(maxsize=64)
def qr_matrix(link: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (error correction M), quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(link)
    code.make(fit=True)
    return tuple(tuple(bool(dark) for dark in row) for row in code.get_matrix())


def _qr_module(link: str, size: int = QR_SIZE) -> tuple[int, int]:
    """(modules across, pixels per module) of the link's QR code in a square of ``size``. Raises SlideError when
    a module would be too small to read."""
    modules = len(qr_matrix(link))
    module = size // modules
    if module < QR_MIN_MODULE:
        raise SlideError(f"The link is too long for a readable QR code on a slide ({len(link)} characters).")
    return modules, module


def _qr_margin(link: str, size: int = QR_SIZE) -> int:
    """Pixels from the edge of the QR square to its first dark module, so the code lines up with the text."""
    modules, module = _qr_module(link, size)
    return (size - modules * module) // 2 + QR_BORDER * module


def qr_image(link: str, size: int = QR_SIZE) -> Image.Image:
    """A QR code of the link (error correction M, the standard four-module quiet zone), drawn in whole pixels per
    module and centred on a white square of ``size``. Raises SlideError when the link is too long to be read."""
    modules, module = _qr_module(link, size)
    matrix = qr_matrix(link)
    small = Image.new("L", (modules, modules), 255)
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    code_image = small.resize((modules * module, modules * module), Image.Resampling.NEAREST)
    square = Image.new("RGB", (size, size), PAPER)
    offset = (size - modules * module) // 2
    square.paste(code_image.convert("RGB"), (offset, offset))
    return square


def _fit_image(png: bytes, box: Box) -> tuple[Image.Image, tuple[int, int]]:
    """The image scaled (never enlarged) to fit the box, and where to paste it (top-left of the box)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = box[2] - box[0], box[3] - box[1]
    if image.width > width or image.height > height:
        image.thumbnail((width, height), Image.Resampling.LANCZOS)
    return image, (box[0], box[1])


def draw_card(plan: CardPlan, texts: CardTexts, chart_png: bytes | None = None) -> Image.Image:
    """The card as an RGB image of exactly 1920x1080, drawn from its plan."""
    card = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle(plan.band, fill=plan.band_colour)
    for block in plan.texts:
        face = font(block.size, block.bold)
        step = line_height(face)
        bullet = block.name.startswith("number_")
        for index, line in enumerate(block.lines):
            y = block.box[1] + index * step
            draw.text((block.box[0], y), line, font=face, fill=block.fill, anchor="la")
            if bullet and index == 0:
                draw.text((block.box[0] - BULLET_INDENT, y), "•", font=face, fill=block.fill, anchor="la")
    if plan.chart_box is not None and chart_png is not None:
        image, position = _fit_image(chart_png, plan.chart_box)
        card.paste(image, position)
    if texts.link:
        card.paste(qr_image(texts.link, plan.qr_box[2] - plan.qr_box[0]), plan.qr_box[:2])
    return card


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def slide_card(claim: ClaimRef, dataset: Dataset, link: str) -> bytes:
    """A claim's 1920x1080 PNG slide card (see the module's docstring for what it shows).

    ``claim`` is a claim id or a row of ``dataset.claims``; ``link`` is encoded in the QR code and printed beside
    it. Pure: the same inputs give the same bytes, so a page can cache the result. Raises :class:`SlideError` when
    the card has a chart and no browser can draw it, or when the link is too long for a QR code.
    """
    if not link:
        raise ValueError("a slide card needs a link for its QR code")
    return _card_png(card_texts(claim, dataset, link), lambda: claim_chart(claim, dataset))


def _card_png(texts: CardTexts, figure: Callable[[], go.Figure | None]) -> bytes:
    """Lay out, draw the chart (only when the plan has room for one) and compose a card."""
    with _PILLOW_LOCK:
        plan = plan_card(texts)
    chart_png = None
    drawn = figure() if plan.chart_box is not None else None
    if plan.chart_box is not None and drawn is not None:
        box = plan.chart_box
        size = (box[2] - box[0], box[3] - box[1])
        chart_png = render_chart(slide_figure(drawn), size, chart_scale(drawn, size[1]))
    with _PILLOW_LOCK:
        return png_bytes(draw_card(plan, texts, chart_png))


# --- Chart cards: one runners' guide chart with its question and answer -------------------------------------------

#: The band of a chart's card: a neutral slate, since a chart carries several verdicts (each on its claim's card).
CHART_BAND = "#3D4A5C"


def _section(key: str) -> guide.Section:
    found = next((s for s in guide.SECTIONS if s.key == key), None)
    if found is None:
        raise KeyError(f"no guide chart has the key {key!r}")
    return found


def section_certainty(section: guide.Section, dataset: Dataset) -> str:
    """'Certainty: Moderate at best': the highest certainty among the claims the chart answers."""
    rows = dataset.claims[dataset.claims["claim_id"].isin(section.claims)]
    if rows.empty:
        return "Certainty: not rated"
    order = list(CERTAINTY_LABELS)
    best = min(rows["certainty"], key=order.index)
    return f"Certainty: {CERTAINTY_LABELS[best]}" + (" at best" if len(rows) > 1 else "")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def section_card_texts(key: str, dataset: Dataset, link: str = "") -> CardTexts:
    """The strings of a guide chart's card: the question on the band, the answer's first sentence large, the rest
    of the answer as the takeaway, the chart, and the works it draws."""
    section = _section(key)
    table = (
        guide.change_rows(section, dataset.results)
        if section.chart == "changes"
        else guide.ratio_rows(section, dataset.results)
    )
    answer = _sentences(section.answer)
    return CardTexts(
        claim_id="",
        verdict="",
        verdict_label=section.question,
        certainty=section_certainty(section, dataset),
        quote=answer[0],
        takeaway=" ".join(answer[1:]),
        sources=tuple(dict.fromkeys(str(label) for label in table.get("Study", []))),
        chart_title=section.chart_title if len(table) else None,
        key_numbers=() if len(table) else ("The dataset in use has none of the results this chart draws on.",),
        numbers_heading="What the studies found",
        link=link,
        footer="Runner Strength Evidence Explorer · claims " + ", ".join(section.claims),
        band_hex=CHART_BAND,
        side_label="Runners' guide",
    )


def section_chart(key: str, dataset: Dataset) -> go.Figure | None:
    """The guide chart of a section, as the guide page draws it (None when the dataset has none of its results)."""
    section = _section(key)
    table = _rows(section, dataset)
    draw = charts.change_bars if section.chart == "changes" else charts.ratio_dots
    return draw(table, section.chart_title, section.axis_title) if len(table) else None


def section_card(key: str, dataset: Dataset, link: str) -> bytes:
    """A guide chart's 1920x1080 PNG card; the link (to the chart on the guide page) is in its QR code. Raises
    KeyError for an unknown section and :class:`SlideError` as :func:`slide_card` does."""
    if not link:
        raise ValueError("a slide card needs a link for its QR code")
    return _card_png(section_card_texts(key, dataset, link), lambda: section_chart(key, dataset))


CHART_FONT = 17  # the chart's type on a slide, in its own pixels (the page uses charts.FONT, 15)
CHART_ROW = 30  # height of one row of bars or dots, in the chart's pixels, at CHART_FONT
CHART_FRAME = 150  # title, axis and margins, in the chart's pixels
CHART_SCALES = (0.8, 1.25)  # how much larger than its pixels a chart is drawn: a full box, never cramped rows


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
    """How much to enlarge a chart drawn into a box: as much as fits its rows (up to 1.25), never below 0.8."""
    rows = max((len(trace.y) for trace in figure.data if trace.y is not None), default=1)
    wanted = CHART_ROW * rows + CHART_FRAME
    return round(min(CHART_SCALES[1], max(CHART_SCALES[0], box_height / wanted)), 2)


# --- Talk pack --------------------------------------------------------------------------------------------------

_ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so the same talk gives the same bytes


def _zip_write(archive: zipfile.ZipFile, name: str, data: bytes | str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


def talk_keys(claim_ids: Iterable[str], dataset: Dataset) -> list[str]:
    """Every work behind the claims, each once, in the order of the claims."""
    return list(dict.fromkeys(key for claim_id in claim_ids for key in evidence_keys(claim_id, dataset)))


def talk_readme(
    claim_ids: Sequence[str], dataset: Dataset, link_for: Callable[[str], str], briefs: Iterable[str] = ()
) -> str:
    """README.txt of a talk pack: what the files are, and each claim with its verdict, certainty and link."""
    briefs = list(briefs)
    lines = [
        "Runner Strength Evidence Explorer: talk pack",
        "",
        "cards/               one slide card (1920x1080 PNG) per claim, in the order of the talk",
        *(["briefs/              a one-page brief (PDF) per outcome of these claims"] if briefs else []),
        "references.bib       the works behind these claims (BibTeX)",
        "references-apa.txt   the same works as an APA 7 reference list",
        "",
        "Claims",
        "",
    ]
    for number, claim_id in enumerate(claim_ids, start=1):
        texts = card_texts(claim_id, dataset)
        lines += [
            f"{number}. {claim_id}: {texts.quote}",
            f"   Verdict: {texts.verdict_label}. {texts.certainty}.",
            f"   Card: cards/{claim_id}.png",
            f"   Link: {link_for(claim_id)}",
            "",
        ]
    if briefs:
        lines += ["Briefs", "", *(f"briefs/{outcome}.pdf" for outcome in briefs), ""]
    return "\n".join(lines)


def talk_pack(
    claim_ids: Sequence[str],
    dataset: Dataset,
    link_for: Callable[[str], str],
    *,
    cards: Mapping[str, bytes] | None = None,
    briefs: Mapping[str, bytes] | None = None,
) -> bytes:
    """A ZIP for a talk: ``cards/<claim id>.png`` per claim (its link from ``link_for``), ``briefs/<outcome>.pdf``
    for the briefs given, ``references.bib`` and ``references-apa.txt`` of every work behind the claims, and
    ``README.txt`` listing claims, verdicts, links and briefs.

    ``cards`` holds cards already drawn (by claim id); the others are drawn here. Claims repeated in ``claim_ids``
    are packed once. Raises KeyError for an unknown claim id, and :class:`SlideError` as :func:`slide_card` does.
    """
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise ValueError("a talk pack needs at least one claim")
    for claim_id in ids:
        _claim_row(claim_id, dataset)  # unknown ids fail before any drawing
    cards = dict(cards or {})
    briefs = dict(briefs or {})
    keys = talk_keys(ids, dataset)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for claim_id in ids:
            card = cards.get(claim_id) or slide_card(claim_id, dataset, link_for(claim_id))
            _zip_write(archive, f"cards/{claim_id}.png", card)
        for outcome, pdf in briefs.items():
            _zip_write(archive, f"briefs/{outcome}.pdf", pdf)
        _zip_write(archive, "references.bib", export.bibtex(keys, dataset.bib_text))
        _zip_write(archive, "references-apa.txt", export.reference_list_text(keys, dataset.bibliography, "apa"))
        _zip_write(archive, "README.txt", talk_readme(ids, dataset, link_for, briefs))
    return buffer.getvalue()
