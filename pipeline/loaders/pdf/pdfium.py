"""A second character source: the page's characters, lines and rectangles read by PDFium.

PDFium (through pypdfium2, which pdfplumber already depends on) parses a page in C++, an order
of magnitude faster than pdfminer. This module hands the loader what pdfplumber would: each
character as a dict with pdfminer's geometry (``text``, ``x0``, ``x1``, ``top``, ``bottom``,
``size``, ``matrix``), and the page's painted lines and rectangles as pdfplumber classifies
them, with ``filter`` and ``find_tables`` for the table stage. tests/test_pdf_engines.py
compares the two sources on the real PDFs and the Typst rendition and lists where they still
differ (PDFium drops or re-makes some drawn space glyphs).

pdfminer's geometry, rebuilt from PDFium's: a character's box runs along its baseline from its
origin over the width the PDF gives it (PDFium's loose box may reach out to the glyph's
drawing), and across it from the font's descent to the descent plus the font size (not to the
ascent, as the loose box does); its ``size`` is that box's height on the page. Paths are
classified as pdfminer does: each subpath on its own; one segment is a line; four sides closing
on an axis-aligned rectangle are a rectangle; anything else a curve, which the table stage does
not read. Coordinates are pdfplumber's: points from the top left of the page as displayed (its
``/Rotate`` applied).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
UNMAPPED = "(cid:0)"  # what pdfminer prints for a glyph its font gives no Unicode for
PDFIUM_MARKS = {"\x02": "-"}  # PDFium's text page marks a hyphen ending a line with U+0002


def _multiply(m0: Matrix, m1: Matrix) -> Matrix:
    """m0 then m1 (pdfminer's ``mult_matrix``)."""
    a0, b0, c0, d0, e0, f0 = m0
    a1, b1, c1, d1, e1, f1 = m1
    return (
        a0 * a1 + b0 * c1,
        a0 * b1 + b0 * d1,
        c0 * a1 + d0 * c1,
        c0 * b1 + d0 * d1,
        e0 * a1 + f0 * c1 + e1,
        e0 * b1 + f0 * d1 + f1,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass(frozen=True)
class Frame:
    """From PDF user space to pdfplumber's page coordinates (pdfminer's page CTM, then
    pdfplumber's flip and MediaBox offsets)."""

    ctm: Matrix
    height: float
    width: float
    x_offset: float
    top_offset: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> Frame:
        x0, y0, x1, y1 = mediabox
        ctm = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        nx0, nx1 = sorted((x0, x1))
        ny0, ny1 = sorted((y0, y1))
        if rotation in (90, 270):
            nx0, ny0, nx1, ny1 = ny0, nx0, ny1, nx1
        height = ny1 - ny0
        return cls(ctm, height, nx1 - nx0, nx0, height - ny1)

    def box(self, x0: float, y0: float, x1: float, y1: float) -> Obj:
        """A box given in pdfminer's coordinates as pdfplumber's keys."""
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        return {
            "x0": x0 + self.x_offset,
            "x1": x1 + self.x_offset,
            "y0": y0,
            "y1": y1,
            "top": self.height - y1 + self.top_offset,
            "bottom": self.height - y0 + self.top_offset,
            "doctop": self.height - y1 + self.top_offset,
            "width": x1 - x0,
            "height": y1 - y0,
        }


def _char(
    textpage: Any, index: int, frame: Frame, buffers: tuple[Any, Any, Any, Any, Any]
) -> Obj | None:
    """One character as pdfplumber gives it, or None for what PDFium made up (spaces and line
    breaks it infers between words)."""
    if raw.FPDFText_IsGenerated(textpage, index) == 1:
        return None
    rect, m, x, y, width = buffers
    code = raw.FPDFText_GetUnicode(textpage, index)
    if raw.FPDFText_HasUnicodeMapError(textpage, index) == 1:
        text = UNMAPPED
    else:
        text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else UNMAPPED
        text = PDFIUM_MARKS.get(text, text)
    size = raw.FPDFText_GetFontSize(textpage, index)
    raw.FPDFText_GetLooseCharBox(textpage, index, rect)
    raw.FPDFText_GetMatrix(textpage, index, m)  # its e, f are the text object's, not the char's
    raw.FPDFText_GetCharOrigin(textpage, index, x, y)
    a, b, c, d, e, f = m.a, m.b, m.c, m.d, x.value, y.value
    left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
    # the advance along the baseline and the descent across it, from PDFium's loose box
    if abs(a) >= abs(b):
        advance = (right - left) / abs(a) if a else 0.0
        across = d if d else 1.0
        descent = ((bottom if across > 0 else top) - f) / across
    else:
        advance = (top - bottom) / abs(b)
        across = c if c else 1.0
        descent = ((left if across > 0 else right) - e) / across
    # the loose box may reach out to the glyph's drawing; pdfminer's advance is the width the
    # PDF gives the character (/W), which PDFium reports for the font (a ligature excepted:
    # its characters' own widths are not the glyph's)
    loose_advance = advance
    font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, index))
    drawn = ord(text) if len(text) == 1 else code  # U+0002 stands for a hyphen
    if font and raw.FPDFFont_GetGlyphWidth(font, drawn, size, width) and width.value > 0:
        advance = width.value
    if font and raw.FPDFFont_GetDescent(font, size, width):
        descent = width.value  # the font's own descent, as pdfminer takes it
    matrix = _multiply((a, b, c, d, e, f), frame.ctm)
    ma, mb, mc, md, me, mf = matrix
    if mb == 0 and mc == 0:  # upright (most characters): the box's corners directly
        x0, x1 = sorted((me, me + advance * ma))
        y0, y1 = sorted((mf + descent * md, mf + (descent + size) * md))
    else:
        corners = [_apply(matrix, s, t) for s in (0.0, advance) for t in (descent, descent + size)]
        x0, x1 = min(x for x, _ in corners), max(x for x, _ in corners)
        y0, y1 = min(y for _, y in corners), max(y for _, y in corners)
    bottom_edge = frame.height - y0 + frame.top_offset
    loose_x1 = me + loose_advance * ma + frame.x_offset
    return {
        "object_type": "char",
        "text": text,
        "x0": x0 + frame.x_offset,
        "x1": x1 + frame.x_offset,
        "top": frame.height - y1 + frame.top_offset,
        "bottom": bottom_edge,
        "size": y1 - y0,
        "matrix": matrix,
        "loose_x1": loose_x1,  # where PDFium's own box ends (for a ligature)
    }


def _shape(segments: list[tuple[str, float, float]], frame: Frame) -> Obj | None:
    """One subpath as pdfminer classifies it: a line, a rectangle, or None (a curve)."""
    shape = "".join(op for op, _, _ in segments)
    points = [(x, y) for _, x, y in segments]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in ("mlh", "ml"):
        (x0, y0), (x1, y1) = points[0], points[1]
        obj = frame.box(x0, y0, x1, y1)
        obj["object_type"] = "line"
        return obj
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
        closed = points[0] == points[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            obj = frame.box(x0, y0, x2, y2)
            obj["object_type"] = "rect"
            return obj
    return None


def _subpaths(path: Any, matrix: Matrix) -> Iterator[list[tuple[str, float, float]]]:
    """A path object's subpaths as pdfminer's operators (m, l, c, h) with their end points,
    in pdfminer's coordinates."""
    x, y = ctypes.c_float(), ctypes.c_float()
    current: list[tuple[str, float, float]] = []
    bezier = 0
    for index in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if current:
                yield current
            current = [("m", *point)]
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # PDFium gives a curve's two control points and its end
                current.append(("c", *point))
        else:
            current.append(("l", *point))
        if raw.FPDFPathSegment_GetClose(segment) and current:
            current.append(("h", *current[0][1:]))
    if current:
        yield current


def _objects(parent: Any, count: int, get: Callable[[Any, int], Any]) -> Iterator[Any]:
    for index in range(count):
        yield get(parent, index)


def _matrix_of(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _page_shapes(page: Any, frame: Frame) -> tuple[list[Obj], list[Obj]]:
    """The page's painted lines and rectangles, form XObjects' included."""
    lines: list[Obj] = []
    rects: list[Obj] = []

    def visit(objects: Iterator[Any], outer: Matrix) -> None:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                matrix = _multiply(_multiply(_matrix_of(obj), outer), frame.ctm)
                for subpath in _subpaths(obj, matrix):
                    found = _shape(subpath, frame)
                    if found is not None:
                        (lines if found["object_type"] == "line" else rects).append(found)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                inner = _multiply(_matrix_of(obj), outer)
                visit(
                    _objects(obj, raw.FPDFFormObj_CountObjects(obj), raw.FPDFFormObj_GetObject),
                    inner,
                )

    visit(_objects(page, raw.FPDFPage_CountObjects(page), raw.FPDFPage_GetObject), IDENTITY)
    return lines, rects


class Shapes:
    """A page's lines and rectangles with the part of pdfplumber's page API the table stage
    uses: ``lines``, ``rects``, ``edges``, ``filter`` and ``find_tables``."""

    def __init__(self, lines: list[Obj], rects: list[Obj]) -> None:
        self.lines = lines
        self.rects = rects
        self.curves: list[Obj] = []

    @property
    def edges(self) -> list[Obj]:
        from pdfplumber import utils

        edges = [utils.line_to_edge(line) for line in self.lines]
        for rect in self.rects:
            edges.extend(utils.rect_to_edges(rect))
        return edges

    def filter(self, test: Callable[[Obj], bool]) -> Shapes:
        return Shapes([o for o in self.lines if test(o)], [o for o in self.rects if test(o)])

    def find_tables(self, settings: dict[str, Any]) -> list[Any]:
        from pdfplumber.table import TableFinder

        return TableFinder(self, settings).tables  # type: ignore[arg-type]


@dataclass
class PdfiumPage:
    """One page read by PDFium: what ``read_page`` takes from a pdfplumber page."""

    chars: list[Obj]
    width: float
    height: float
    shapes: Shapes

    @property
    def lines(self) -> list[Obj]:
        return self.shapes.lines

    @property
    def rects(self) -> list[Obj]:
        return self.shapes.rects

    def filter(self, test: Callable[[Obj], bool]) -> Shapes:
        return self.shapes.filter(test)

    def close(self) -> None:
        pass


def read_pdfium_page(page: Any) -> PdfiumPage:
    """The characters and shapes of one pypdfium2 page."""
    left, bottom, right, top = (
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
        ctypes.c_float(),
    )
    handle = page.raw
    if raw.FPDFPage_GetMediaBox(handle, left, bottom, right, top):
        mediabox = (left.value, bottom.value, right.value, top.value)
    else:
        mediabox = (0.0, 0.0, page.get_width(), page.get_height())
    frame = Frame.of(mediabox, raw.FPDFPage_GetRotation(handle) * 90)
    textpage = page.get_textpage()
    try:
        buffers = (
            raw.FS_RECTF(),
            raw.FS_MATRIX(),
            ctypes.c_double(),
            ctypes.c_double(),
            ctypes.c_float(),
        )
        chars: list[Obj] = []
        previous = None
        for index in range(raw.FPDFText_CountChars(textpage.raw)):
            char = _char(textpage.raw, index, frame, buffers)
            if char is None:
                continue
            drawn_by = ctypes.cast(raw.FPDFText_GetTextObject(textpage.raw, index), ctypes.c_void_p)
            if (
                previous is not None
                and drawn_by.value == previous
                and char["matrix"] == chars[-1]["matrix"]
                and char["loose_x1"] == chars[-1]["loose_x1"]
            ):
                # one glyph the font maps to several characters (the ligature ﬀ as "ff"):
                # PDFium gives each its own copy of the box, pdfminer one character
                chars[-1]["text"] += char["text"]
                chars[-1]["x1"] = char["loose_x1"]
                continue
            chars.append(char)
            previous = drawn_by.value
    finally:
        textpage.close()
    lines, rects = _page_shapes(handle, frame)
    return PdfiumPage(chars, frame.width, frame.height, Shapes(lines, rects))


class PdfiumDocument:
    """A PDF opened with PDFium, its pages read one at a time."""

    def __init__(self, path: str) -> None:
        self.pdf = pdfium.PdfDocument(path)

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self) -> Iterator[PdfiumPage]:
        for index in range(len(self.pdf)):
            page = self.pdf[index]
            try:
                yield read_pdfium_page(page)
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()
