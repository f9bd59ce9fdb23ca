"""Drawing a card from its plan with Pillow: the band, the texts, the chart's image and the QR code."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from evidence.outputs.slides.layout import (
    BULLET_INDENT,
    HEIGHT,
    QR_SIZE,
    WIDTH,
    Box,
    CardPlan,
    font,
    line_height,
    qr_matrix,
    qr_module,
)
from evidence.outputs.slides.texts import CardTexts
from evidence.views.style import PAPER


def qr_image(link: str, size: int = QR_SIZE) -> Image.Image:
    """A QR code of the link (error correction M, the standard four-module quiet zone), drawn in whole pixels per
    module and centred on a white square of ``size``. Raises SlideError when the link is too long to be read."""
    modules, module = qr_module(link, size)
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
