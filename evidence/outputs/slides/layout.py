"""Where everything goes on a 1920x1080 slide card: every text measured with Pillow's ``textbbox``, wrapped and
shrunk until it fits its area, and the QR code placed so its first dark module lines up with the text.

The fonts (FreeType faces) and the measuring canvas are shared; Streamlit sessions run in threads, so a card is
laid out and drawn under :data:`PILLOW_LOCK`, one card at a time (a few tenths of a second).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw, ImageFont

from evidence.outputs.slides.errors import SlideError
from evidence.outputs.slides.texts import CardTexts
from evidence.views.style import DEJAVU_SANS, DEJAVU_SANS_BOLD, INK, MUTED, VERDICT_COLOURS, Rgb, rgb, text_colour_on

WIDTH, HEIGHT = 1920, 1080
MARGIN = 72
BAND_HEIGHT = 150
SIDE_WIDTH = 320  # the right column: which claim, the QR code and its link
BOTTOM = 36  # white space under the last line
SCAN_CAPTION = "Scan for the evidence"
GAP = 48
BULLET_INDENT = 34
QR_SIZE = 280
QR_MIN_MODULE = 3  # pixels per QR module: below this a phone struggles to read it from a screen
QR_BORDER = 4  # modules of white around the code, as the standard asks
FONT_FILES = {False: DEJAVU_SANS, True: DEJAVU_SANS_BOLD}

Box = tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans (Debian's fonts-dejavu-core) at ``size`` pixels; Pillow's own font when it is missing."""
    try:
        return ImageFont.truetype(str(FONT_FILES[bold]), size)
    except OSError:
        return ImageFont.load_default(size=size)


_MEASURE = ImageDraw.Draw(Image.new("RGB", (1, 1)))
#: Held while a card is laid out or drawn: the fonts and the measuring canvas are shared between threads.
PILLOW_LOCK = threading.Lock()


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
    fill: Rgb

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class CardPlan:
    """Where everything goes on a card: text blocks, the chart (or key numbers) area and the QR code."""

    texts: tuple[Placed, ...]
    band: Box
    band_colour: Rgb
    chart_box: Box | None
    qr_box: Box

    def block(self, name: str) -> Placed:
        return next(p for p in self.texts if p.name == name)


def _place(name: str, lines: Sequence[str], size: int, bold: bool, x: int, y: int, fill: Rgb) -> Placed:
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


# --- The QR code's geometry ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def qr_matrix(link: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (error correction M), quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(link)
    code.make(fit=True)
    return tuple(tuple(bool(dark) for dark in row) for row in code.get_matrix())


def qr_module(link: str, size: int = QR_SIZE) -> tuple[int, int]:
    """(modules across, pixels per module) of the link's QR code in a square of ``size``. Raises SlideError when
    a module would be too small to read."""
    modules = len(qr_matrix(link))
    module = size // modules
    if module < QR_MIN_MODULE:
        raise SlideError(f"The link is too long for a readable QR code on a slide ({len(link)} characters).")
    return modules, module


def _qr_margin(link: str, size: int = QR_SIZE) -> int:
    """Pixels from the edge of the QR square to its first dark module, so the code lines up with the text."""
    modules, module = qr_module(link, size)
    return (size - modules * module) // 2 + QR_BORDER * module


# --- The plan -----------------------------------------------------------------------------------------------------


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

    # A claim's card leads with the finding; then the quote, who said it, and the whole summary. A chart's card:
    # the answer large, then the rest of it.
    # A claim's words leave the right column free from the band down, for its id and what the post cited.
    side_top = BAND_HEIGHT + 32 if texts.finding else None
    if texts.finding:
        placed.extend(_claim_words(texts, inner - SIDE_WIDTH - GAP))
    else:
        placed.extend(_answer_words(texts, inner))
    body_top = placed[-1].box[3] + 36
    side_top = side_top or body_top

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
    claim_block = _place("claim", [texts.side_label or f"Claim {texts.claim_id}"], 28, True, side_left, side_top, INK)
    side_blocks = [claim_block]
    if texts.cited_label:  # what the post cited: the second judgment, under the claim's id
        cited_lines = wrap(texts.cited_label, font(24, True), SIDE_WIDTH)
        cited_block = _place("cited", cited_lines, 24, True, side_left, claim_block.box[3] + 4, MUTED)
        if cited_block.box[3] + 16 > side_free:  # no room under the id (a long quote): the judgment takes its place
            cited_block = _place("cited", cited_lines, 24, True, side_left, side_top, MUTED)
            side_blocks = []
        side_blocks.append(cited_block)
    footer_lines = wrap(texts.footer, font(22), SIDE_WIDTH)
    side_blocks.append(_place("footer", footer_lines, 22, False, side_left, side_blocks[-1].box[3] + 4, MUTED))
    # Which claim, what its post cited, and from where, above the QR code when there is room (a long quote can
    # leave none).
    for block in side_blocks:
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


def _claim_words(texts: CardTexts, inner: int) -> list[Placed]:
    """The finding (bold, up to three lines, four when it is long), the post's quote (muted, up to two), who said
    it, and the summary (up to three lines), each shrunk to fit."""
    size, lines = fit_text(texts.finding, inner, 3, range(44, 29, -2), bold=True)
    if _ellipsized(lines, texts.finding):  # a long key number: a fourth line before any word is lost
        size, lines = fit_text(texts.finding, inner, 4, range(30, 23, -2), bold=True)
    blocks = [_place("finding", lines, size, True, MARGIN, BAND_HEIGHT + 32, INK)]
    size, lines = fit_text(texts.quote, inner, 2, range(38, 25, -2))
    blocks.append(_place("quote", lines, size, False, MARGIN, blocks[-1].box[3] + 20, MUTED))
    if texts.attribution:
        size, lines = fit_text(texts.attribution, inner, 1, range(26, 19, -2))
        blocks.append(_place("attribution", lines, size, False, MARGIN, blocks[-1].box[3] + 4, MUTED))
    size, lines = fit_text(texts.takeaway, inner, 3, range(32, 23, -2))
    blocks.append(_place("takeaway", lines, size, False, MARGIN, blocks[-1].box[3] + 18, INK))
    return blocks


def _answer_words(texts: CardTexts, inner: int) -> list[Placed]:
    """A chart's card: the answer's first sentence large and bold, the rest of it under it."""
    size, lines = fit_text(texts.quote, inner, 2, range(54, 43, -2), bold=True)
    if _ellipsized(lines, texts.quote):  # two lines at a large size leave the chart more room; else three
        size, lines = fit_text(texts.quote, inner, 3, range(54, 33, -2), bold=True)
    quote = _place("quote", lines, size, True, MARGIN, BAND_HEIGHT + 40, INK)
    size, lines = fit_text(texts.takeaway, inner, 1, range(40, 31, -2))
    if _ellipsized(lines, texts.takeaway):  # one line only at a readable size, else two lines
        size, lines = fit_text(texts.takeaway, inner, 2, range(40, 25, -2))
    return [quote, _place("takeaway", lines, size, False, MARGIN, quote.box[3] + 18, MUTED)]


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
