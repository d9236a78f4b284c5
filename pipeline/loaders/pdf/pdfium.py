"""A second character source: the page's characters, lines and rectangles read by PDFium.

PDFium (through pypdfium2, which pdfplumber already depends on) parses a page in C++, an order
of magnitude faster than pdfminer. This module hands the loader what pdfplumber would: each
character as a dict with pdfminer's geometry (``text``, ``x0``, ``x1``, ``top``, ``bottom``,
``size``, ``matrix``), in the order the page draws them, and the page's painted lines and
rectangles as pdfplumber classifies them, with ``edges`` and ``filter`` for the table
stage. tests/test_pdf_engines.py compares the two sources on the real PDFs and the renditions
and lists where they still differ.

The characters come from PDFium's text page, which is made for selecting and searching text,
not for reading every glyph drawn (core/fpdftext/cpdf_textpage.cpp): it adds spaces and line
breaks of its own (flagged as generated: left out here), skips a text object less than a
hundredth of a point wide (one that draws only a space glyph, which has no ink), skips a text
object that repeats one of the five before it at nearly the same place (a bold weight faked by
overprinting) and keeps one of two spaces in a row. What it skipped is put back from the
page's objects (``_left_out``), and dropped spaces where their place can be told
(``_textpage_chars``): not a run of spaces in a text object of spaces only.

PDFium keeps coordinates in single precision, pdfminer in double: the characters agree to
about 1e-4 pt, not to the bit, so a comparison the loader makes at an exact tie (a gap of
exactly a fifth of the type size, tables exactly the table finder's tolerance apart) and a box
rounded to two decimals at a half may come out otherwise.

pdfminer's geometry, rebuilt from PDFium's: a character's box runs along its baseline from its
origin over the width the PDF gives it (PDFium's loose box may reach out to the glyph's
drawing), and across it from the font's descent to the descent plus the font size (not to the
ascent, as the loose box does); its ``size`` is that box's height on the page. In a font for
vertical writing (whose advance PDFium gives below zero) the box is one size wide from PDFium's
origin, as high as the advance, and its ``size`` is its width. Paths are
classified as pdfminer does: each subpath on its own; one segment is a line; four sides closing
on an axis-aligned rectangle are a rectangle; anything else a curve, which the table stage does
not read. Coordinates are pdfplumber's: points from the top left of the page as displayed (its
``/Rotate`` applied).
"""

from __future__ import annotations

import ctypes
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from keikaku.pipeline.loaders.pdf.tables import line_to_edge, rect_to_edges

Obj = dict[str, Any]
Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
UNMAPPED = "(cid:0)"  # what pdfminer prints for a glyph its font gives no Unicode for
PDFIUM_MARKS = {"\x02": "-"}  # PDFium's text page marks a hyphen ending a line with U+0002
NO_WIDTH = 0.01  # PDFium's text page skips a text object narrower than this (points)
REPEATS_SEEN = 5  # it compares a text object with this many drawn before it
SAME_PLACE = 0.01  # this close (points, or share of a space) is the same place (PDFium keeps
# single precision)


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


Widths = dict[tuple[int, int, float], float]  # (font, code point, size) → advance; ≤ 0: none


@dataclass
class Fonts:
    """What a document's fonts told so far: glyph widths, and the drawer of each font, size
    and matrix (a page's text objects share a few)."""

    widths: Widths = field(default_factory=dict)
    # by the page's frame (its ctm), then by font, size and matrix
    drawers: dict[Matrix, dict[tuple[Any, ...], Drawer]] = field(default_factory=dict)


GENERATED = frozenset(map(ord, " \r\n"))  # what PDFium's text page makes up between words


@dataclass(frozen=True)
class Drawer:
    """What every character of one text object shares, read once: its font and size, its
    matrix in PDF user space and on the page (without the origin), and the font's descent."""

    font: Any  # PDFium's font handle, or None
    font_id: int
    size: float
    text_linear: tuple[float, float, float, float]  # a, b, c, d in user space
    linear: tuple[float, float, float, float]  # the same times the frame
    descent: float | None
    across: tuple[float, float] | None  # the descent and the descent plus the size

    @classmethod
    def of(cls, font: Any, size: float, matrix: Matrix, frame: Frame) -> Drawer:
        a, b, c, d = matrix[:4]
        ma, mb, mc, md, _, _ = _multiply((a, b, c, d, 0.0, 0.0), frame.ctm)
        descent = ctypes.c_float()
        found = bool(font) and raw.FPDFFont_GetDescent(font, size, descent)
        font_id = _handle_id(font)
        low = descent.value if found else None
        across = None if low is None else (low, low + size)
        return cls(font, font_id, size, (a, b, c, d), (ma, mb, mc, md), low, across)

    def advance(self, drawn: int, widths: Widths) -> float | None:
        """The width the PDF gives the character ``drawn`` (a code point) in this font: its
        advance, or (below zero) its advance downwards in a font for vertical writing."""
        if not self.font:
            return None
        key = (self.font_id, drawn, self.size)
        width = widths.get(key)
        if width is None:
            value = ctypes.c_float()
            found = raw.FPDFFont_GetGlyphWidth(self.font, drawn, self.size, value)
            width = widths[key] = value.value if found else 0.0
        return width or None

    def loose_metrics(
        self, box: tuple[float, float, float, float], origin: tuple[float, float]
    ) -> tuple[float, float]:
        """The advance along the baseline and the descent across it, from PDFium's loose box
        (for a font that gives no width or descent)."""
        left, right, bottom, top = box
        a, b, c, d = self.text_linear
        x, y = origin
        if abs(a) >= abs(b):
            advance = (right - left) / abs(a) if a else 0.0
            across = d if d else 1.0
            descent = ((bottom if across > 0 else top) - y) / across
        else:
            advance = (top - bottom) / abs(b)
            across = c if c else 1.0
            descent = ((left if across > 0 else right) - x) / across
        return advance, descent

    def char(
        self,
        text: str,
        origin: tuple[float, float],
        advance: float,
        across: tuple[float, float],
        frame: Frame,
        vertical: bool = False,
    ) -> Obj:
        """One character as pdfplumber gives it: its box runs ``advance`` along the baseline
        from its origin, and ``across`` it (from, to: the descent and the descent plus the
        size); ``vertical`` for a font for vertical writing, whose size is the box's width."""
        ma, mb, mc, md = self.linear
        x, y = origin
        a, b, c, d, e, f = frame.ctm
        me, mf = a * x + c * y + e, b * x + d * y + f  # _apply, inline: once per character
        matrix = (ma, mb, mc, md, me, mf)
        low, high = across
        if mb == 0 and mc == 0:  # upright (most characters): the box's corners directly
            x0, x1 = me, me + advance * ma
            y0, y1 = mf + low * md, mf + high * md
            x0, x1 = (x0, x1) if x0 <= x1 else (x1, x0)
            y0, y1 = (y0, y1) if y0 <= y1 else (y1, y0)
        else:
            corners = [_apply(matrix, s, t) for s in (0.0, advance) for t in across]
            x0, x1 = min(x for x, _ in corners), max(x for x, _ in corners)
            y0, y1 = min(y for _, y in corners), max(y for _, y in corners)
        return {
            "object_type": "char",
            "text": text,
            "x0": x0 + frame.x_offset,
            "x1": x1 + frame.x_offset,
            "top": frame.height - y1 + frame.top_offset,
            "bottom": frame.height - y0 + frame.top_offset,
            "size": x1 - x0 if vertical else y1 - y0,
            "matrix": matrix,
        }


def _handle_id(handle: Any) -> int:
    """Where a PDFium object lives (0 for none): the same object, the same number."""
    return ctypes.addressof(handle.contents) if handle else 0


def _loose_box(textpage: Any, index: int) -> tuple[float, float, float, float]:
    rect = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(textpage, index, rect)
    return rect.left, rect.right, rect.bottom, rect.top


@cache
def _text(code: int) -> str:
    """The character PDFium read (``code``), as pdfminer prints it (the caller has checked
    that the font maps it to Unicode)."""
    text = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else UNMAPPED
    return PDFIUM_MARKS.get(text, text)


def _drawer(
    textpage: Any,
    page: ctypes.c_void_p,
    index: int,
    key: int,
    frame: Frame,
    known: dict[tuple[Any, ...], Drawer],
) -> Drawer:
    """The drawer of the text object ``key`` (its address), which draws the character
    ``index``; ``known``: the drawers made so far on pages of this frame. ``page``: the text
    page's address, for the calls made for every text object (_rebound)."""
    m = raw.FS_MATRIX()
    _CHAR_MATRIX(page, index, ctypes.byref(m))  # its e, f are not the char's
    size = _CHAR_FONT_SIZE(page, index)
    found = (_FONT_OF(key) or 0, size, m.a, m.b, m.c, m.d)
    drawer = known.get(found)
    if drawer is None:
        font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, index))
        matrix = (m.a, m.b, m.c, m.d, 0.0, 0.0)
        drawer = known[found] = Drawer.of(font, size, matrix, frame)
    return drawer


def _rebound(function: Any, restype: Any, argtypes: tuple[Any, ...] | None = None) -> Any:
    """A PDFium function bound again with the result type ``restype`` and the argument types
    ``argtypes``, for the calls made for every character, text object or path segment of a
    page.

    Without ``argtypes``, ctypes neither checks nor converts the arguments: that conversion
    through pypdfium2's declared types took about half of each call (on the 100-page plan of
    scripts/bench, FPDFText_GetCharOrigin 1.0 -> 0.34 µs, FPDFText_GetUnicode 0.60 -> 0.33),
    and the caller passes C's types itself: an object as a pointer (pypdfium2's, or its
    address as a ``c_void_p``), an index as an int (a C int), a ``byref``. With ``restype``
    ``c_void_p``, a function that finds an object returns its address (None for none), not a
    pointer: the address is all that tells two objects apart, and costs less to make and
    read. ``argtypes`` (``c_void_p``) for a function given such an address as a Python int,
    which ctypes would otherwise pass as a C int."""
    rebound = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    rebound.argtypes = argtypes
    rebound.restype = restype
    return rebound


_FONT_OF = _rebound(raw.FPDFTextObj_GetFont, ctypes.c_void_p, (ctypes.c_void_p,))


# per character of the text page: its text object (an address, None for none), its code
# point, its origin (into two doubles), whether its font maps it (1: not), whether PDFium made
# it up (1)
_CHAR_OBJECT = _rebound(raw.FPDFText_GetTextObject, ctypes.c_void_p)
_CHAR_CODE = _rebound(raw.FPDFText_GetUnicode, ctypes.c_uint)
_CHAR_ORIGIN = _rebound(raw.FPDFText_GetCharOrigin, ctypes.c_int)
_CHAR_UNMAPPED = _rebound(raw.FPDFText_HasUnicodeMapError, ctypes.c_int)
_CHAR_GENERATED = _rebound(raw.FPDFText_IsGenerated, ctypes.c_int)
# per text object (a few characters each in some producers': Typst's, 2.8 on the 100-page
# plan): the matrix and font size of its character
_CHAR_MATRIX = _rebound(raw.FPDFText_GetMatrix, ctypes.c_int)
_CHAR_FONT_SIZE = _rebound(raw.FPDFText_GetFontSize, ctypes.c_double)


def _textpage_chars(textpage: Any, frame: Frame, fonts: Fonts) -> dict[int, list[Obj]]:
    """The characters of PDFium's text page, by the text object that draws them, without
    the spaces and line breaks PDFium makes up between words.

    A space PDFium makes inside a text object (where the text moves on further than a space
    between two characters) stands at the origin of the character after it. Where that
    character is not there, it was a drawn space that PDFium's text page dropped as the
    second of two spaces in a row: it is put back.

    This runs for every character of the document, so what is asked of PDFium per character
    is the least (its object, code point, origin and whether its font maps it; the rest once
    per text object) and PDFium's functions are held in local names.
    """
    object_at, code_at = _CHAR_OBJECT, _CHAR_CODE
    origin_at, unmapped_at, generated_at = _CHAR_ORIGIN, _CHAR_UNMAPPED, _CHAR_GENERATED
    page = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)  # for _rebound
    x, y = ctypes.c_double(), ctypes.c_double()
    x_at, y_at = ctypes.byref(x), ctypes.byref(y)
    widths = fonts.widths
    known = fonts.drawers.setdefault(frame.ctm, {})
    drawers: dict[int, Drawer] = {}
    chars: dict[int, list[Obj]] = {}
    previous: tuple[int, Point] | None = None  # the last character kept: object, origin
    previous_index = -1  # and its index
    made: tuple[int, tuple[float, float]] | None = None  # the last space PDFium made
    drawn_space: tuple[int, Point, tuple[Point, float | None] | None] | None = None
    last: dict[int, tuple[Point, float | None]] = {}  # each object's last character, its width
    for index in range(raw.FPDFText_CountChars(textpage)):
        key = object_at(page, index)
        if not key:  # a line break or a space between text objects PDFium made up
            continue
        code = code_at(page, index)
        origin_at(page, index, x_at, y_at)
        origin = (x.value, y.value)
        if made is not None:
            if made != (key, origin):
                _put_back_space(made, drawers, chars, frame, fonts)
            made = None
        if code in GENERATED and generated_at(page, index) == 1:
            made = (key, origin)
            continue
        drawer = drawers.get(key)
        if drawer is None:
            drawer = drawers[key] = _drawer(textpage, page, index, key, frame, known)
        text = UNMAPPED if unmapped_at(page, index) == 1 else _text(code)
        if previous == (key, origin):
            box = _loose_box(textpage, index)
            if box == _loose_box(textpage, previous_index):
                # one glyph the font maps to several characters (the ligature ﬀ as "ff"):
                # PDFium gives each its own copy of the box, pdfminer one character as wide
                # as the glyph
                merged = chars[key][-1]
                merged["text"] += text
                loose, _ = drawer.loose_metrics(box, origin)
                merged["x1"] = merged["matrix"][4] + loose * drawer.linear[0] + frame.x_offset
                continue
        if drawn_space is not None and drawn_space[0] == key:
            for between in _spaces_between(drawn_space[1], drawn_space[2], origin, drawer, fonts):
                space = _space(drawer, between, frame, fonts)
                if space is not None:
                    chars[key].append(space)
        drawn = ord(text) if len(text) == 1 else code
        width = widths.get((drawer.font_id, drawn, drawer.size))  # drawer.advance, inline
        width = drawer.advance(drawn, widths) if width is None else width or None
        drawn_space = (key, origin, last.get(key)) if text == " " else None
        last[key] = (origin, width)
        if width is not None and width >= 0 and drawer.across is not None:  # most characters
            char = drawer.char(text, origin, width, drawer.across, frame)
        else:
            char = _char(textpage, index, text, width, origin, drawer, frame)
        found = chars.get(key)
        if found is None:
            chars[key] = [char]
        else:
            found.append(char)
        previous, previous_index = (key, origin), index
    if made is not None:
        _put_back_space(made, drawers, chars, frame, fonts)
    return chars


def _char(
    textpage: Any,
    index: int,
    text: str,
    width: float | None,
    origin: tuple[float, float],
    drawer: Drawer,
    frame: Frame,
) -> Obj:
    """The character ``index`` of the text page with pdfminer's box. pdfminer's advance is
    the width the PDF gives the character (/W), which PDFium reports for the font
    (``width``; the loose box may reach out to the glyph's drawing)."""
    if width is not None and width < 0:
        # a font for vertical writing: PDFium's origin is the pen's less the glyph's
        # vertical origin, which is the corner of pdfminer's box (one size wide, as
        # high as the advance downwards)
        size = drawer.size
        return drawer.char(text, origin, size, (size + width, size), frame, vertical=True)
    descent = drawer.descent  # the font's own descent, as pdfminer takes it
    if width is None or descent is None:
        loose, loose_descent = drawer.loose_metrics(_loose_box(textpage, index), origin)
        width = loose if width is None else width
        descent = loose_descent if descent is None else descent
    return drawer.char(text, origin, width, (descent, descent + drawer.size), frame)


def _spaces_between(
    space: tuple[float, float],
    before: tuple[tuple[float, float], float | None] | None,
    origin: tuple[float, float],
    drawer: Drawer,
    fonts: Fonts,
) -> list[tuple[float, float]]:
    """Where the spaces after a space glyph at ``space`` stood, up to the next character of
    its text object at ``origin``: PDFium's text page keeps one of two spaces in a row, so
    where the next character stands a whole number of steps on (a space's width and the
    spacing the object sets between characters, seen between the space and the character
    ``before`` it; within a hundredth of a step), the spaces in between were drawn and
    dropped."""
    advance = drawer.advance(ord(" "), fonts.widths)
    a, b = drawer.text_linear[:2]
    scale = (a * a + b * b) ** 0.5
    if advance is None or advance <= 0 or not scale:
        return []

    def along(start: tuple[float, float], end: tuple[float, float]) -> float:
        return ((end[0] - start[0]) * a + (end[1] - start[1]) * b) / scale

    spacing = 0.0
    if before is not None and before[1] is not None and before[1] > 0:
        spacing = max(along(before[0], space) - before[1] * scale, 0.0)
    step = advance * scale + spacing
    along_to = along(space, origin)
    count = round(along_to / step)
    if count < 2 or abs(along_to - count * step) > SAME_PLACE * step:
        return []
    dx, dy = a / scale * step, b / scale * step
    return [(space[0] + dx * n, space[1] + dy * n) for n in range(1, count)]


def _space(drawer: Drawer, origin: tuple[float, float], frame: Frame, fonts: Fonts) -> Obj | None:
    """The font's space glyph drawn at ``origin`` (None for a font without one)."""
    advance = drawer.advance(ord(" "), fonts.widths)
    if advance is None or advance < 0 or drawer.descent is None:
        return None
    across = (drawer.descent, drawer.descent + drawer.size)
    return drawer.char(" ", origin, advance, across, frame)


def _put_back_space(
    made: tuple[int, tuple[float, float]],
    drawers: dict[int, Drawer],
    chars: dict[int, list[Obj]],
    frame: Frame,
    fonts: Fonts,
) -> None:
    key, origin = made
    drawer = drawers.get(key)
    space = _space(drawer, origin, frame, fonts) if drawer is not None else None
    if space is not None:
        chars.setdefault(key, []).append(space)


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


# per segment of a path (_rebound): the segment (a pointer, passed on as it is), its end
# point (into two floats), its kind, whether it closes the subpath
_SEGMENT = _rebound(raw.FPDFPath_GetPathSegment, raw.FPDF_PATHSEGMENT)
_SEGMENT_POINT = _rebound(raw.FPDFPathSegment_GetPoint, ctypes.c_int)
_SEGMENT_TYPE = _rebound(raw.FPDFPathSegment_GetType, ctypes.c_int)
_SEGMENT_CLOSES = _rebound(raw.FPDFPathSegment_GetClose, ctypes.c_int)


def _subpaths(path: Any, matrix: Matrix) -> Iterator[list[tuple[str, float, float]]]:
    """A path object's subpaths as pdfminer's operators (m, l, c, h) with their end points,
    in pdfminer's coordinates."""
    x, y = ctypes.c_float(), ctypes.c_float()
    x_at, y_at = ctypes.byref(x), ctypes.byref(y)
    current: list[tuple[str, float, float]] = []
    bezier = 0
    for index in range(raw.FPDFPath_CountSegments(path)):
        segment = _SEGMENT(path, index)
        _SEGMENT_POINT(segment, x_at, y_at)
        point = _apply(matrix, x.value, y.value)
        kind = _SEGMENT_TYPE(segment)
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
        if _SEGMENT_CLOSES(segment) and current:
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


def _walk(page: Any) -> Iterator[tuple[Any, int, Matrix, int]]:
    """Every path and text object of the page in the order it is drawn (a form XObject's in
    its place), with its type, the matrix of the forms it is in, and which form holds it (0:
    the page)."""

    def visit(objects: Iterator[Any], outer: Matrix, holder: int) -> Iterator[Any]:
        for obj in objects:
            kind = raw.FPDFPageObj_GetType(obj)
            if kind in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_TEXT):
                yield obj, kind, outer, holder
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                inner = _multiply(_matrix_of(obj), outer)
                count = raw.FPDFFormObj_CountObjects(obj)
                yield from visit(
                    _objects(obj, count, raw.FPDFFormObj_GetObject), inner, _handle_id(obj)
                )

    yield from visit(
        _objects(page, raw.FPDFPage_CountObjects(page), raw.FPDFPage_GetObject), IDENTITY, 0
    )


def _path_shapes(obj: Any, outer: Matrix, frame: Frame) -> Iterator[Obj]:
    """The lines and rectangles a path object paints."""
    matrix = _multiply(_multiply(_matrix_of(obj), outer), frame.ctm)
    for subpath in _subpaths(obj, matrix):
        found = _shape(subpath, frame)
        if found is not None:
            yield found


@dataclass
class Drawn:
    """A text object as drawn, and the characters found for it; where it is drawn (its text
    matrix in user space), how large, and its bounds in its form are read when asked."""

    obj: Any
    outer: Matrix  # the matrix of the forms it is in
    chars: list[Obj]

    @cached_property
    def own_matrix(self) -> Matrix:
        """The text matrix in the form that holds the object."""
        return _matrix_of(self.obj)

    @cached_property
    def matrix(self) -> Matrix:
        return _multiply(self.own_matrix, self.outer)

    @cached_property
    def font(self) -> int:
        return _handle_id(raw.FPDFTextObj_GetFont(self.obj))

    @cached_property
    def size(self) -> float:
        size = ctypes.c_float()
        return size.value if raw.FPDFTextObj_GetFontSize(self.obj, size) else 0.0

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not raw.FPDFPageObj_GetBounds(self.obj, left, bottom, right, top):
            return 0.0, 0.0, 0.0, 0.0
        return left.value, bottom.value, right.value, top.value


def _has_actual_text(obj: Any) -> bool:
    """A text object in marked content with an /ActualText, which PDFium reads instead."""
    for index in range(raw.FPDFPageObj_CountMarks(obj)):
        mark = raw.FPDFPageObj_GetMark(obj, index)
        if raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != raw.FPDF_OBJECT_UNKNOWN:
            return True
    return False


def _repeats(drawn: Drawn, other: Drawn) -> bool:
    """Whether a text object the text page left out repeats ``other``, drawn just before it
    (PDFium keeps only the first of two text objects with the same codes in the same font and
    size that overlap by half their width): the same font, size and matrix, and bounds that are
    the other's moved as far as the origin moved (the same glyphs)."""
    if not other.chars or drawn.size != other.size or drawn.font != other.font:
        return False
    if drawn.own_matrix[:4] != other.own_matrix[:4]:
        return False
    dx = drawn.own_matrix[4] - other.own_matrix[4]
    dy = drawn.own_matrix[5] - other.own_matrix[5]
    moved = zip(drawn.bounds, other.bounds, (dx, dy, dx, dy), strict=True)
    if any(abs(mine - theirs - shift) > SAME_PLACE for mine, theirs, shift in moved):
        return False
    width = drawn.bounds[2] - drawn.bounds[0]
    return abs(dx) < width / 2 and abs(dy) < drawn.bounds[3] - drawn.bounds[1]


def _moved(char: Obj, dx: float, dy: float) -> Obj:
    a, b, c, d, e, f = char["matrix"]
    moved = dict(char)
    moved.update(
        x0=char["x0"] + dx,
        x1=char["x1"] + dx,
        top=char["top"] - dy,
        bottom=char["bottom"] - dy,
        matrix=(a, b, c, d, e + dx, f + dy),
    )
    return moved


def _left_out(drawn: Drawn, before: Iterable[Drawn], frame: Frame, fonts: Fonts) -> list[Obj]:
    """The characters of a text object PDFium's text page leaves out, as pdfminer reads them.

    The text page skips a text object no wider than a hundredth of a point (one that draws
    only a space: its glyph has no ink) and one that repeats one of the five drawn before it
    at nearly the same place (a bold weight faked by overprinting). A space comes back as the
    font's space glyph at the object's origin; a repeat as the copy of the characters it
    repeats, moved to where it is drawn.
    """
    if _has_actual_text(drawn.obj):
        return []
    left, bottom, right, top = drawn.bounds
    if right - left >= NO_WIDTH:
        for other in before:
            if _repeats(drawn, other):
                dx, dy = drawn.matrix[4] - other.matrix[4], drawn.matrix[5] - other.matrix[5]
                a, b, c, d = frame.ctm[:4]
                page_dx, page_dy = dx * a + dy * c, dx * b + dy * d
                return [_moved(char, page_dx, page_dy) for char in other.chars]
        return []
    if top - bottom >= NO_WIDTH:
        return []
    drawer = Drawer.of(raw.FPDFTextObj_GetFont(drawn.obj), drawn.size, drawn.matrix, frame)
    space = _space(drawer, (drawn.matrix[4], drawn.matrix[5]), frame, fonts)
    return [] if space is None else [space]


def _page_objects(
    page: Any, found: dict[int, list[Obj]], frame: Frame, fonts: Fonts
) -> tuple[list[Obj], list[Obj], list[Obj]]:
    """The page's characters in the order they are drawn (``found`` by the text page, and
    what it left out), and its painted lines and rectangles."""
    chars: list[Obj] = []
    lines: list[Obj] = []
    rects: list[Obj] = []
    before: dict[int, deque[Drawn]] = {}
    for obj, kind, outer, holder in _walk(page):
        if kind == raw.FPDF_PAGEOBJ_PATH:
            for shape in _path_shapes(obj, outer, frame):
                (lines if shape["object_type"] == "line" else rects).append(shape)
            continue
        recent = before.setdefault(holder, deque(maxlen=REPEATS_SEEN))
        drawn = Drawn(obj, outer, found.pop(_handle_id(obj), []))
        if not drawn.chars:
            drawn.chars = _left_out(drawn, reversed(recent), frame, fonts)
        chars.extend(drawn.chars)
        recent.append(drawn)
    for rest in found.values():  # drawn by an object the walk did not meet (none expected)
        chars.extend(rest)
    return chars, lines, rects


class Shapes:
    """A page's lines and rectangles with the part of pdfplumber's page API the table stage
    uses: ``lines``, ``rects``, ``edges`` and ``filter`` (tables.find_tables reads them)."""

    def __init__(self, lines: list[Obj], rects: list[Obj]) -> None:
        self.lines = lines
        self.rects = rects

    @property
    def edges(self) -> list[Obj]:
        edges = [line_to_edge(line) for line in self.lines]
        for rect in self.rects:
            edges.extend(rect_to_edges(rect))
        return edges

    def filter(self, test: Callable[[Obj], bool]) -> Shapes:
        return Shapes([o for o in self.lines if test(o)], [o for o in self.rects if test(o)])


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


def read_pdfium_page(page: Any, fonts: Fonts | None = None) -> PdfiumPage:
    """The characters and shapes of one pypdfium2 page (``fonts``: what the document's fonts
    told so far)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    handle = page.raw
    if raw.FPDFPage_GetMediaBox(handle, left, bottom, right, top):
        mediabox = (left.value, bottom.value, right.value, top.value)
    else:  # a MediaBox the page inherits (GetMediaBox reads only the page's own): the
        # bounding box is the page's box unturned (its width and height are turned by /Rotate)
        rect = raw.FS_RECTF()
        if raw.FPDF_GetPageBoundingBox(handle, rect):
            mediabox = (rect.left, rect.bottom, rect.right, rect.top)
        else:
            mediabox = (0.0, 0.0, page.get_width(), page.get_height())
    frame = Frame.of(mediabox, raw.FPDFPage_GetRotation(handle) * 90)
    fonts = Fonts() if fonts is None else fonts
    textpage = page.get_textpage()
    try:
        found = _textpage_chars(textpage.raw, frame, fonts)
    finally:
        textpage.close()
    chars, lines, rects = _page_objects(handle, found, frame, fonts)
    return PdfiumPage(chars, frame.width, frame.height, Shapes(lines, rects))


class PdfiumDocument:
    """A PDF opened with PDFium, its pages read one at a time."""

    def __init__(self, path: str) -> None:
        self.pdf = pdfium.PdfDocument(path)
        self.fonts = Fonts()

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self, first: int = 0, step: int = 1) -> Iterator[PdfiumPage]:
        """Pages ``first``, ``first + step``, … (0-based; the loader's page readers share
        a document's pages that way)."""
        for index in range(first, len(self.pdf), step):
            page = self.pdf[index]
            try:
                yield read_pdfium_page(page, self.fonts)
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()
