"""Stage ``page_to_glyphs``: the characters of one page, as a reader would count them.

* A glyph drawn several times at (nearly) the same place is one character: producers fake a
  bold weight by overprinting each glyph two to four times, slightly shifted (「重要」 drawn as
  「重重重重要要要要」). The copy kept is marked ``bold``.
* Text set sideways (a landscape table on a portrait page) is turned to read left to right:
  its boxes are rotated into the frame in which its baselines are horizontal.
* A glyph the font has no Unicode map for comes out as ``(cid:N)``: it is dropped and counted,
  so the caller can report how many on which page.
* The code points the JIS fonts' maps give for a few characters (U+2015 for the dash) are
  folded as for Shift_JIS text (``LEGACY_FOLDS``).

Only the characters' own geometry is used; nothing here knows what a plan says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple

import regex

from keikaku.pipeline.loaders.text import LEGACY_FOLDS

CID = regex.compile(r"^\(cid:\d+\)$")
# which way a baseline runs, in degrees clockwise on the page (y grows downwards)
ANGLES = {"right": 0, "down": 90, "left": 180, "up": 270}
ACROSS = {90: 1, 270: -1}  # text turned a quarter from the page's: read down, or up
FOLDED = frozenset(chr(code) for code in LEGACY_FOLDS)  # what LEGACY_FOLDS changes
OVERPRINT = 0.25  # copies closer than this share of the type size are one glyph


class Glyph(NamedTuple):
    """One character on the page: box in points from the top left, type size, weight.

    A named tuple rather than a frozen dataclass: a page holds a thousand glyphs or more, made
    once each, and pickled when a long document's pages are spooled (spool.py). Making one costs
    a tuple's making, where a frozen dataclass sets each field through ``object.__setattr__``.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    across: int = 0  # set across the page's lines: +1 reading down, -1 reading up (a tab)

    def __reduce__(self) -> tuple[type[Glyph], tuple[Any, ...]]:
        # pickled as the call that makes it (a long document's pages are spooled, spool.py;
        # a page reader sends its pages pickled): a named tuple's own way asks a Python method
        # for its fields. On 30 pages of the 100-page plan of scripts/bench, dumps 1.53 ->
        # 1.11 and loads 0.89 -> 0.75 ms a page.
        return (Glyph, tuple(self))

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class PageGlyphs:
    """What ``page_to_glyphs`` found: the glyphs, the frame they are in, what was dropped."""

    glyphs: tuple[Glyph, ...]
    width: float
    height: float
    unmapped: int  # (cid:N) glyphs dropped
    direction: str  # which way the page's text ran: "right" unless it was turned

    def turn(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box of the page as drawn, in the frame of these glyphs."""
        if self.direction in ("up", "down"):
            return turn_box(box, self.direction, self.height, self.width)
        return turn_box(box, self.direction, self.width, self.height)

    def drawn(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box in the frame of these glyphs, on the page as drawn (``turn`` undone)."""
        if self.direction in ("up", "down"):
            return drawn_box(box, self.direction, self.height, self.width)
        return drawn_box(box, self.direction, self.width, self.height)


def _direction(char: dict[str, Any]) -> str:
    """Which way a character's baseline runs: right, up, down or left (from its matrix)."""
    a, b = char["matrix"][0], char["matrix"][1]
    if abs(a) >= abs(b):
        return "right" if a >= 0 else "left"
    return "up" if b > 0 else "down"


def turn_box(
    box: tuple[float, float, float, float], direction: str, width: float, height: float
) -> tuple[float, float, float, float]:
    """The box (x0, top, x1, bottom) in the frame where text running ``direction`` reads right.

    Text running up is read by turning the page a quarter clockwise: what was at the bottom
    comes to the left. Text running down: a quarter anticlockwise.
    """
    x0, top, x1, bottom = box
    if direction == "up":
        return height - bottom, x0, height - top, x1
    if direction == "down":
        return top, width - x1, bottom, width - x0
    if direction == "left":
        return width - x1, height - bottom, width - x0, height - top
    return box


def drawn_box(
    box: tuple[float, float, float, float], direction: str, width: float, height: float
) -> tuple[float, float, float, float]:
    """The box on the page as drawn (``width`` × ``height``) of a box ``turn_box`` gave."""
    x0, top, x1, bottom = box
    if direction == "up":
        return top, height - x1, bottom, height - x0
    if direction == "down":
        return width - bottom, x0, width - top, x1
    if direction == "left":
        return width - x1, height - bottom, width - x0, height - top
    return box


def _frame(chars: list[dict[str, Any]]) -> str:
    """The direction most of the page's text runs in (sideways pages read turned)."""
    counts: dict[str, int] = {}
    for char in chars:
        if char["text"].strip():
            direction = _direction(char)
            counts[direction] = counts.get(direction, 0) + 1
    if not counts:
        return "right"
    return max(sorted(counts), key=lambda d: (counts[d], d == "right"))


def merge_overprints(glyphs: Iterable[Glyph]) -> list[Glyph]:
    """One glyph for each character drawn repeatedly at almost the same place (fake bold).

    Copies are found through a grid of cells one type size wide, so the work stays linear: a
    glyph is compared with the glyphs of its own text in the cells around its own (most
    glyphs have none of their text in the rows next to theirs: no cell is looked at).
    """
    kept: list[Glyph] = []
    grids: dict[str, dict[int, dict[int, list[int]]]] = {}  # text → row → column → kept
    for glyph in glyphs:
        text, x0, _, top, _, size, _, _ = glyph  # once, not a field at a time
        if not text.strip():
            kept.append(glyph)
            continue
        cell = 1.0 if 1.0 > size else size  # max(size, 1.0)
        gx, gy = int(x0 // cell), int(top // cell)
        rows = grids.get(text)
        if rows is None:
            rows = grids[text] = {}
        above, row, below = rows.get(gy - 1), rows.get(gy), rows.get(gy + 1)
        twin = _twin(glyph, gx, (above, row, below), kept) if above or row or below else None
        if twin is None:
            if row is None:
                row = rows[gy] = {}
            column = row.get(gx)
            if column is None:
                row[gx] = [len(kept)]
            else:
                column.append(len(kept))
            kept.append(glyph)
        elif not kept[twin].bold:
            kept[twin] = kept[twin]._replace(bold=True)
    return kept


def _twin(
    glyph: Glyph, gx: int, near: tuple[dict[int, list[int]] | None, ...], kept: list[Glyph]
) -> int | None:
    """The kept glyph ``glyph`` is a copy of, among those in the rows ``near`` (above, its
    own, below) and the columns around ``gx`` (the last found, column by column, then row by
    row)."""
    twin = None
    for dx in (-1, 0, 1):
        for row in near:
            for index in row.get(gx + dx, ()) if row else ():
                other = kept[index]
                # within a fraction of the type size, and of the glyph's own width: the
                # letters of 「III」 stand closer than a size apart but are not copies
                limit = OVERPRINT * max(other.size, glyph.size)
                shift = min(limit, OVERPRINT * (glyph.x1 - glyph.x0))
                if abs(other.x0 - glyph.x0) <= shift and abs(other.top - glyph.top) < limit:
                    twin = index
                    break
    return twin


# A glyph made from its fields in one tuple: Glyph(...) goes through the named tuple's
# generated __new__, a Python call, for each of a page's characters
_make = Glyph._make


def chars_to_glyphs(chars: list[dict[str, Any]], width: float, height: float) -> PageGlyphs:
    """pdfplumber's character dicts of one page as glyphs in reading frame (see module doc)."""
    direction = _frame(chars)
    page_width, page_height = width, height  # the page as it is drawn, for _turn
    if direction in ("up", "down"):
        width, height = height, width
    glyphs: list[Glyph] = []
    unmapped = 0
    frame = ANGLES[direction]
    upright = direction == "right"
    for char in chars:
        text = char["text"]
        if text.startswith("(cid:") and CID.match(text):
            unmapped += 1
            continue
        if upright:
            x0, top, x1, bottom = (
                float(char["x0"]),
                float(char["top"]),
                float(char["x1"]),
                float(char["bottom"]),
            )
        else:
            box = (char["x0"], char["top"], char["x1"], char["bottom"])
            x0, top, x1, bottom = (
                float(value) for value in turn_box(box, direction, page_width, page_height)
            )
        size = float(char["size"]) or bottom - top
        matrix = char["matrix"]
        if upright and matrix[0] >= 0 and abs(matrix[0]) >= abs(matrix[1]):
            across = 0
        else:
            across = ACROSS.get((ANGLES[_direction(char)] - frame) % 360, 0)
        if len(text) != 1 or text in FOLDED:
            text = text.translate(LEGACY_FOLDS)
        glyphs.append(_make((text, x0, x1, top, bottom, size, False, across)))
    glyphs.sort(key=attrgetter("top", "x0"))
    merged = merge_overprints(glyphs)
    return PageGlyphs(tuple(merged), width, height, unmapped, direction)
