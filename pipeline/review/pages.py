"""A PDF's pages as PDFium draws them: images for the review site, and the characters on them.

PDFium (pypdfium2, which pdfplumber already installs) renders a page in a few tens of
milliseconds and lists its characters with their boxes. Both are put in the frame the JSON's
boxes use: points from the top left of the page as it is displayed, so a page turned by its
``/Rotate`` entry is upright here as in any viewer. The characters come from another reader
than the loader's (pdfminer), so "every character is in a node" is checked by a second pair
of eyes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom in points, top left origin


@dataclass(frozen=True)
class PageChar:
    """One character PDFium found on a page, in the displayed page's frame."""

    text: str
    box: Rect


@dataclass(frozen=True)
class PageImage:
    """A page drawn as an image: its file's bytes and suffix, its size in pixels and points."""

    data: bytes
    suffix: str
    pixels: tuple[int, int]
    points: tuple[float, float]


@contextmanager
def open_pdf(path: str | Path) -> Iterator[Any]:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        yield pdf
    finally:
        pdf.close()


def displayed(box: Rect, rotation: int, width: float, height: float) -> Rect:
    """A PDF box (left, bottom, right, top; y up, origin at the page's corner) in the frame
    of the page as displayed, turned clockwise by ``rotation``; ``width`` × ``height`` is the
    page before it is turned."""
    left, bottom, right, top = box
    if rotation == 90:
        return bottom, left, top, right
    if rotation == 180:
        return width - right, bottom, width - left, top
    if rotation == 270:
        return height - top, width - right, height - bottom, width - left
    return left, height - top, right, height - bottom


def page_chars(page: Any) -> list[PageChar]:
    """The page's visible characters (white space left out), in the displayed frame."""
    x0, y0, x1, y1 = page.get_bbox()
    width, height = x1 - x0, y1 - y0
    rotation = page.get_rotation() % 360
    textpage = page.get_textpage()
    try:
        chars = []
        for index in range(textpage.count_chars()):
            text = textpage.get_text_range(index, 1)
            if not text.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            box = (left - x0, bottom - y0, right - x0, top - y0)
            chars.append(PageChar(text, displayed(box, rotation, width, height)))
        return chars
    finally:
        textpage.close()


def render_page(page: Any, scale: float, quality: int) -> PageImage:
    """The page drawn at ``scale`` pixels per point, as a lossy WebP of ``quality``."""
    bitmap = page.render(scale=scale)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=quality, method=2)  # 4-6: slower, ~3 % smaller
    width, height = page.get_size()
    return PageImage(buffer.getvalue(), ".webp", image.size, (float(width), float(height)))
