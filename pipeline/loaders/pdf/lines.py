"""Stage ``glyphs_to_lines``: glyphs on one baseline, left to right, with their markers.

A footnote marker is what a reader sees as one: digits set smaller than the line they stand
in and raised above its baseline (``リソース¹⁷⁸``). Digits that are only smaller but sit on the
baseline (a half-width 「60」 in 「60 万組」) are ordinary text. Markers come out as superscript
digits, as a text edition prints them.

A horizontal gap wider than ``TAB_GAP`` type sizes separates cells of an unruled table and
comes out as a tab; a space glyph drawn in a gap, or a gap wider than a fifth of the type
size, is a space (the parsers remove spaces next to Japanese text, so only the spaces between
Latin words matter).
Space glyphs are not characters of the line: where they stand only says where spaces are.
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, TypeVar

from keikaku.pipeline.loaders.pdf.glyphs import Glyph
from keikaku.pipeline.typography import SUPERSCRIPT_DIGITS

BASELINE = 0.25  # glyphs whose baselines differ by less (× type size) share a line
SMALL = 0.86  # a marker's type is below this share of its line's
RAISED = 0.18  # a marker's baseline is this share of its line's size above the line's
TAB_GAP = 1.5  # a gap wider than this many type sizes separates cells
SPACE_GAP = 0.2  # a gap wider than this (× size) between two glyphs is a space
LATIN_SPACE_GAP = 0.15  # between two Latin letters or digits, narrower gaps are spaces
VERTICAL_ALIGN = 0.2  # stacked characters' centres differ by less than this × size
VERTICAL_GAP = 0.45  # and one starts less than this × size below the one above
SPACE_SEEN = 0.5  # a space glyph marks a space where the gap holds this share of its width
# Coordinates closer than this × the type size are equal (0.001 pt at 10 pt: over the error
# of PDFium's single precision, under 1e-4 pt on a page, and under the steps producers set
# letters apart by, kyuyo-teiin's gaps of 1.791 and 1.8 pt at 9 pt). A distance exactly at a
# threshold is compared as if exact, so it reads the same from pdfminer's coordinates
# (double precision) and PDFium's: 及 び 1.8 pt apart at 9 pt (kyuyo-teiin p3) are not more
# than a fifth of the size apart, characters that touch (their gap 0) touch
TIE = 1e-4
# the cells around a glyph's (rows, columns of one type size) where a neighbour beside it
# would stand: its own row first, nearest first (a neighbour usually stands right there)
NEAR = sorted(
    ((dy, dx) for dy in (-1, 0, 1) for dx in (-2, -1, 0, 1, 2)),
    key=lambda d: (abs(d[0]), abs(d[1])),
)
FULLWIDTH_DIGITS = "".join(chr(0xFF10 + d) for d in range(10))
MARKER_DIGITS = frozenset("0123456789" + FULLWIDTH_DIGITS + SUPERSCRIPT_DIGITS)
# a marker's digits, half- or full-width, as the superscripts a text edition prints
TO_SUPERSCRIPT = str.maketrans("0123456789" + FULLWIDTH_DIGITS, SUPERSCRIPT_DIGITS * 2)
_X0 = attrgetter("x0")
T = TypeVar("T")
# characters that draw nothing (zero-width spaces and joiners, direction marks, the word
# joiner, the byte order mark): a line is read without them, its gaps from what is drawn (not
# the soft hyphen, which a PDF draws as a hyphen)
INVISIBLE = frozenset(
    chr(code)
    for first, last in ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F))
    for code in range(first, last + 1)
) | {"\ufeff"}


@dataclass(eq=False)
class TextLine:
    """Glyphs on one baseline, with the raised markers that belong to it.

    The geometry (``top``, ``bottom`` = the baseline, ``x0``, ``x1``, ``size``) is computed once
    by ``measure`` and again only when glyphs are added.
    """

    glyphs: list[Glyph]
    markers: list[Glyph] = field(default_factory=list)
    spaces: list[Glyph] = field(default_factory=list)  # space glyphs: only where gaps are
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    bold: bool = False
    vertical: bool = False  # set top to bottom (a 縦書き label): read in that order

    def __post_init__(self) -> None:
        self.measure()

    def measure(self) -> None:
        glyphs = self.glyphs
        self.top = min([g.top for g in glyphs])
        self.bottom = float(statistics.median([g.bottom for g in glyphs]))
        self.x0 = min([g.x0 for g in glyphs])
        self.x1 = max([g.x1 for g in glyphs])
        self.size = float(statistics.median([g.size for g in glyphs]))
        self.bold = sum([g.bold for g in glyphs]) * 2 > len(glyphs)

    @property
    def left(self) -> float:
        """Where the line starts, a raised marker before its first character included."""
        return min([self.x0, *(m.x0 for m in self.markers)])

    def text(self) -> str:
        """The characters left to right: markers as superscripts, wide gaps as tabs."""
        return "\t".join(text for _, _, text in self.cells())

    def cells(self) -> list[tuple[float, float, str]]:
        """The line cut at its wide gaps: (x0, x1, text) of each piece, left to right."""
        if self.vertical:
            upward = sum(g.across for g in self.glyphs) < 0  # turned text reading upwards
            ordered = sorted(self.glyphs, key=lambda g: -g.top if upward else g.top)
            return [(self.x0, self.x1, "".join(g.text for g in ordered))]
        marks = {id(g) for g in self.markers}
        spaces = sorted([((g.x0 + g.x1) / 2, g.x1 - g.x0) for g in self.spaces])
        centres = [centre for centre, _ in spaces]
        pieces: list[tuple[float, float, str]] = []
        out: list[str] = []
        start = 0.0
        previous: Glyph | None = None
        for glyph in sorted(self.glyphs + self.markers, key=_X0):
            if previous is None:
                start = glyph.x0
            else:
                spaced = bool(spaces) and _spaced(spaces, centres, previous.x1, glyph.x0)
                gap = _gap(previous, glyph, self.size, spaced)
                if gap == "\t":
                    pieces.append((start, previous.x1, "".join(out)))
                    out, start = [], glyph.x0
                else:
                    out.append(gap)
            text = glyph.text
            out.append(text.translate(TO_SUPERSCRIPT) if marks and id(glyph) in marks else text)
            previous = glyph
        if previous is not None:
            if spaces and centres[-1] > previous.x1:
                out.append(" ")  # a space drawn at the end of the line stays at the seam
            pieces.append((start, previous.x1, "".join(out)))
        return pieces

    def split_at(self, x: float) -> tuple[TextLine | None, TextLine | None]:
        """The part of the line left of ``x`` and the part right of it (None where empty)."""
        left = [g for g in self.glyphs if g.center_x < x]
        right = [g for g in self.glyphs if g.center_x >= x]
        if not left or not right:
            return (self, None) if left else (None, self)
        marks_left = [m for m in self.markers if m.center_x < x]
        marks_right = [m for m in self.markers if m.center_x >= x]
        spaces_left = [m for m in self.spaces if m.center_x < x]
        spaces_right = [m for m in self.spaces if m.center_x >= x]
        return TextLine(left, marks_left, spaces_left), TextLine(right, marks_right, spaces_right)


def _spaced(spaces: list[tuple[float, float]], centres: list[float], x0: float, x1: float) -> bool:
    """Whether a space glyph is drawn in the gap from ``x0`` to ``x1``: its centre in the gap,
    and the gap as wide as ``SPACE_SEEN`` of it (a space drawn over two characters that touch,
    kyuyo-teiin p7 「級等 による」 with 0.24 pt between 等 and に, leaves no space to see).
    ``spaces``: (centre, width) of the line's space glyphs, ``centres`` theirs, in order."""
    first = bisect.bisect_left(centres, x0)
    if first == len(centres) or centres[first] > x1:
        return False  # no space glyph in the gap (most gaps)
    last = bisect.bisect_right(centres, x1, first)
    return any(x1 - x0 >= SPACE_SEEN * spaces[k][1] for k in range(first, last))


def _gap(left: Glyph, right: Glyph, size: float, spaced: bool) -> str:
    """What stands between two glyphs: a tab (a wide gap), a space (a space glyph drawn in
    the gap, or a gap wide enough to read as one), or nothing. A gap at a threshold to
    within ``TIE`` is not wider than it."""
    gap = right.x0 - left.x1
    if gap > (TAB_GAP + TIE) * size:
        return "\t"
    if spaced:
        return " "
    latin = left.text[-1:].isascii() and left.text[-1:].isalnum() and right.text[:1].isascii()
    if gap > ((LATIN_SPACE_GAP if latin else SPACE_GAP) + TIE) * size:
        return " "
    return ""


def _is_marker_run(glyphs: Iterable[Glyph]) -> bool:
    return all(g.text in MARKER_DIGITS for g in glyphs)


def _split_raised(line: TextLine) -> TextLine:
    """Within one baseline cluster: small raised digits become the line's markers."""
    if len(line.glyphs) < 2:
        return line
    raised = [
        g
        for g in line.glyphs
        if g.text in MARKER_DIGITS
        and g.size < SMALL * line.size
        and g.bottom < line.bottom - RAISED * line.size
    ]
    if not raised or len(raised) == len(line.glyphs):
        return line
    ids = {id(g) for g in raised}
    rest = [g for g in line.glyphs if id(g) not in ids]
    return TextLine(rest, line.markers + raised)


def _host(line: TextLine, hosts: list[TextLine], bottoms: list[float]) -> TextLine | None:
    """The line a small raised run stands in: larger type, its baseline a little below."""
    start = bisect.bisect_left(bottoms, line.bottom)
    for other in hosts[start:]:
        if other.bottom - other.size > line.bottom + line.size:
            break
        if (
            other is not line
            and line.size < SMALL * other.size
            and other.bottom - other.size < line.bottom < other.bottom - RAISED * other.size
            and other.x0 - 2 * other.size <= line.x0 <= other.x1 + other.size
        ):
            return other
    return None


def _stacked(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs that have another right above or right below them, centred alike."""
    written = [g for g in glyphs if g.text.strip()]
    centres = [(g.x0 + g.x1) / 2 for g in written]
    order = sorted(range(len(written)), key=lambda k: (round(centres[k]), written[k].top))
    found: dict[int, Glyph] = {}
    for a, b in itertools.pairwise(order):
        upper, lower = written[a], written[b]
        if (
            abs(centres[a] - centres[b]) < VERTICAL_ALIGN * lower.size
            and -TIE * lower.size <= lower.top - upper.bottom < VERTICAL_GAP * lower.size
        ):
            found[id(upper)], found[id(lower)] = upper, lower
    return list(found.values())


def vertical_runs(glyphs: list[Glyph]) -> tuple[list[TextLine], list[Glyph]]:
    """Characters stacked one under the other with nothing beside them (a chapter tab set
    縦書き in the margin) as vertical lines, and the glyphs left over."""
    stacked_pairs = _stacked(glyphs)
    if not stacked_pairs:
        return [], glyphs
    # each written glyph with its centre's height, filed under the cell (of a grid one type
    # size wide) its centre falls in
    cells: dict[tuple[int, int], list[tuple[Glyph, float]]] = {}
    for glyph in glyphs:
        if glyph.text.strip():
            unit = 1.0 if 1.0 > glyph.size else glyph.size  # max(size, 1.0), see _runs
            x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
            cells.setdefault((int(y // unit), int(x // unit)), []).append((glyph, y))

    def alone(glyph: Glyph) -> bool:
        unit = 1.0 if 1.0 > glyph.size else glyph.size  # max(size, 1.0)
        x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
        row, col = int(y // unit), int(x // unit)
        # a neighbour stands nearer than half a size (cao-shoshika p1: the 「（」 below 「率」 in
        # the vertical 婚姻率（人口千対）, half a size lower, is not one)
        reach = (0.5 - TIE) * glyph.size
        for dy, dx in NEAR:
            for other, other_y in cells.get((row + dy, col + dx), ()):
                if other is glyph or abs(other_y - y) >= reach:
                    continue
                if max(other.x0 - glyph.x1, glyph.x0 - other.x1) < reach:
                    return False
        return True

    candidates = sorted((g for g in stacked_pairs if alone(g)), key=lambda g: (g.x0, g.top))
    runs: list[list[Glyph]] = []
    for glyph in candidates:
        run = next(
            (
                r
                for r in runs
                if abs(r[-1].center_x - glyph.center_x) < VERTICAL_ALIGN * glyph.size
                and -TIE * glyph.size <= glyph.top - r[-1].bottom < VERTICAL_GAP * glyph.size
            ),
            None,
        )
        if run is None:
            runs.append([glyph])
        else:
            run.append(glyph)
    stacked = [r for r in runs if len(r) >= 2]
    used = {id(g) for r in stacked for g in r}
    lines = [TextLine(r, vertical=True) for r in stacked]
    return lines, [g for g in glyphs if id(g) not in used]


def turned_runs(glyphs: list[Glyph]) -> tuple[list[TextLine], list[Glyph]]:
    """Characters set turned a quarter from the page's text (a label running up the margin)
    as vertical lines read in their own direction, and the glyphs left over."""
    turned = sorted((g for g in glyphs if g.across and g.text.strip()), key=lambda g: g.top)
    runs: list[list[Glyph]] = []
    for glyph in turned:
        run = next(
            (
                r
                for r in runs
                if abs(r[-1].center_x - glyph.center_x) < VERTICAL_ALIGN * glyph.size * 2
                and -0.1 * glyph.size <= glyph.top - r[-1].bottom < 2 * VERTICAL_GAP * glyph.size
            ),
            None,
        )
        if run is None:
            runs.append([glyph])
        else:
            run.append(glyph)
    lines = [TextLine(r, vertical=True) for r in runs]
    return lines, [g for g in glyphs if not g.across]


def glyphs_to_lines(glyphs: Iterable[Glyph]) -> list[TextLine]:
    """Lines top to bottom; runs of small raised digits become markers of their line;
    characters stacked vertically alone, or turned, make vertical lines. Characters that draw
    nothing (``INVISIBLE``) are left out: cao-shoshika p3 draws a U+200C after 「資料集」."""
    turned, unturned = turned_runs([g for g in glyphs if g.text not in INVISIBLE])
    vertical, glyphs = vertical_runs(unturned)
    vertical += turned
    clusters: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=attrgetter("bottom", "x0")):
        last = clusters[-1] if clusters else None
        if last is None:
            clusters.append([glyph])
            continue
        reach = last[-1].size * SMALL
        reach = reach if reach > glyph.size else glyph.size  # max(size, reach), see _runs
        if abs(last[-1].bottom - glyph.bottom) <= BASELINE * reach:
            last.append(glyph)
        else:
            clusters.append([glyph])
    lines = [
        _split_raised(
            TextLine([g for g in c if g.text.strip()], spaces=[g for g in c if not g.text.strip()])
        )
        for c in clusters
        if any(g.text.strip() for g in c)
    ]
    bottoms = [line.bottom for line in lines]
    order = sorted(range(len(lines)), key=lambda i: bottoms[i])
    hosts = [lines[i] for i in order]
    host_bottoms = [bottoms[i] for i in order]
    kept: list[TextLine] = []
    for line in lines:
        # a run of small digits apart from the rest of its baseline (text elsewhere on the
        # page can share a marker's baseline) is looked at on its own
        rest: list[Glyph] = []
        for run in _runs(line.glyphs):
            host = _host(TextLine(run), hosts, host_bottoms) if _is_marker_run(run) else None
            if host is not None and host is not line:
                host.markers.extend(run)
            else:
                rest.extend(run)
        if rest:
            if len(rest) < len(line.glyphs):
                line.glyphs = rest
                line.measure()
            kept.append(line)
    return by_baseline(kept + vertical)


def by_baseline(lines: list[TextLine]) -> list[TextLine]:
    """Lines top to bottom by their baselines, left to right on one baseline; baselines
    within ``TIE`` of each other are one (kampo-page: a vertical line ends level with a row of
    characters, in either engine's coordinates)."""
    tie = TIE * max((line.size for line in lines), default=0.0)
    return level_sorted(lines, attrgetter("bottom"), tie, then=_X0)


def level_sorted(
    items: Iterable[T], height: Callable[[T], float], tie: float, then: Callable[[T], Any]
) -> list[T]:
    """``items`` by ``height``; those within ``tie`` of the one before are level, and come in
    the order ``then`` gives. Coordinates computed in single precision (PDFium's) put two
    that are level a hair's breadth apart either way: ordering them by height alone would
    turn them over."""
    rows: list[list[T]] = []
    last = 0.0
    for item in sorted(items, key=height):
        value = height(item)
        if rows and value - last <= tie:
            rows[-1].append(item)
        else:
            rows.append([item])
        last = value
    return [item for row in rows for item in (sorted(row, key=then) if len(row) > 1 else row)]


def attach_markers(lines: list[TextLine], hosts: list[TextLine]) -> list[TextLine]:
    """Give lines of small raised digits to the line they stand in among ``hosts`` (a marker
    printed just past the edge of a table cell belongs to the cell's text); the rest."""
    ordered = sorted(hosts, key=lambda ln: ln.bottom)
    bottoms = [ln.bottom for ln in ordered]
    rest = []
    for line in lines:
        host = _host(line, ordered, bottoms) if _is_marker_run(line.glyphs) else None
        if host is not None and host is not line:
            host.markers.extend(line.glyphs)
        else:
            rest.append(line)
    return rest


def _runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs of one baseline cut where a gap wider than a cell gap parts them.

    The larger of two sizes here (and in glyphs_to_lines and vertical_runs, once for each
    glyph) is taken as ``b if b > a else a``, which is ``max(a, b)`` to the bit, NaN and signed
    zeros included, without a call of ``max``: 340k calls over the 100-page plan of
    scripts/bench, 0.43 -> 0.38 s for all its glyphs_to_lines."""
    runs: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=_X0):
        if not runs:
            runs.append([glyph])
            continue
        last = runs[-1][-1]
        size = last.size if last.size > glyph.size else glyph.size  # max(glyph.size, last.size)
        if glyph.x0 - last.x1 <= (TAB_GAP + TIE) * size:
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    return runs
