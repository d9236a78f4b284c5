"""Stage ``lines_to_columns``: text set in two columns is read column by column.

A reader sees two columns where a vertical white gutter runs down the middle of a stretch
of the page with running text on both sides. The gutter is found from the glyphs themselves:
an x position in the middle of the page that no glyph of a run of consecutive lines covers,
while many of those lines stand left of it and many right, and most lines on each side run
across their column (short labels beside values are an unruled table, not two columns). A
page may hold such a stretch between full-width text above and below it (a title over both
columns, a list under them); lines outside every stretch span the page.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from keikaku.pipeline.loaders.pdf.lines import TextLine

MIDDLE = (0.3, 0.7)  # the gutter lies in this part of the page width
GUTTER = 0.8  # a gutter is at least this many type sizes wide (5 mm beside 10 pt type)
MIN_SIDE_SHARE = 0.25  # at least this share of a stretch's lines stands on each side
MIN_LINES = 6  # a stretch of fewer lines is not enough to call two columns
FILLED = 0.6  # in a column of text, the median line fills this share of the column width
CUT_SHARE = 0.2  # at most this share of a column's lines is cut by wide gaps
APART = 1.5  # a line further than this many usual line steps from the run is not in it

FULL, LEFT, RIGHT = 0, 1, 2


@dataclass(frozen=True)
class Stretch:
    """Lines from ``top`` to ``bottom`` set in two columns either side of ``gutter``."""

    top: float
    bottom: float
    gutter: float


def _gaps(line: TextLine, low: float, high: float) -> list[tuple[float, float]]:
    """The wide gaps between a line's glyphs that lie in the middle of the page."""
    glyphs = sorted(line.glyphs + line.markers, key=lambda g: g.x0)
    found = []
    reach = glyphs[0].x1
    for glyph in glyphs[1:]:
        if glyph.x0 - reach > GUTTER * line.size and reach < high and glyph.x0 > low:
            found.append((reach, glyph.x0))
        reach = max(reach, glyph.x1)
    return found


def _clear(line: TextLine, x: float) -> bool:
    return not any(g.x0 < x < g.x1 for g in line.glyphs + line.markers)


def _filled(lines: list[TextLine]) -> bool:
    """Whether most lines run across their column, as running text does, unbroken by the
    wide gaps of table cells."""
    cut = sum(1 for line in lines if len(line.cells()) > 1)
    if cut > CUT_SHARE * len(lines):
        return False
    x0 = min(line.x0 for line in lines)
    x1 = max(line.x1 for line in lines)
    widths = sorted(line.x1 - line.x0 for line in lines)
    return widths[len(widths) // 2] >= FILLED * (x1 - x0)


def _trim(run: list[TextLine], x: float, start: int, end: int) -> tuple[int, int]:
    """Leave out of a run the lines at its ends that stand apart from it, on one side only
    (a heading under both columns that happens to keep clear of the gutter)."""
    steps = sorted(b.top - a.top for a, b in itertools.pairwise(run))
    usual = steps[len(steps) // 2] if steps else 0.0

    def one_sided(line: TextLine) -> bool:
        left, right = line.split_at(x)
        return left is None or right is None

    while end - start > 1 and one_sided(run[end - start - 1]):
        if run[end - start - 1].top - run[end - start - 2].top <= APART * usual:
            break
        end -= 1
    offset = start
    while end - start > 1 and one_sided(run[start - offset]):
        if run[start - offset + 1].top - run[start - offset].top <= APART * usual:
            break
        start += 1
    return start, end


def _stretch_at(lines: list[TextLine], x: float) -> tuple[int, int] | None:
    """The longest run of consecutive lines that keeps ``x`` clear and reads as two columns."""
    best: tuple[int, int] | None = None
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and _clear(lines[end], x):
            continue
        if end - start >= MIN_LINES and (best is None or end - start > best[1] - best[0]):
            run = lines[start:end]
            left = [ln.split_at(x)[0] for ln in run]
            right = [ln.split_at(x)[1] for ln in run]
            left_lines = [ln for ln in left if ln is not None]
            right_lines = [ln for ln in right if ln is not None]
            start, end = _trim(run, x, start, end)
            run = lines[start:end]
            left = [ln.split_at(x)[0] for ln in run]
            right = [ln.split_at(x)[1] for ln in run]
            left_lines = [ln for ln in left if ln is not None]
            right_lines = [ln for ln in right if ln is not None]
            share = MIN_SIDE_SHARE * len(run)
            if (
                len(left_lines) >= share
                and len(right_lines) >= share
                and _filled(left_lines)
                and _filled(right_lines)
            ):
                best = (start, end)
        start = end + 1
    return best


def find_stretches(lines: list[TextLine], width: float) -> list[Stretch]:
    """The stretches of the page set in two columns (none for a page in one column)."""
    ordered = sorted((ln for ln in lines if not ln.vertical), key=lambda ln: ln.top)
    low, high = MIDDLE[0] * width, MIDDLE[1] * width
    candidates = sorted({round((a + b) / 2) for line in ordered for a, b in _gaps(line, low, high)})
    stretches: list[Stretch] = []
    taken: set[int] = set()
    for x in candidates:
        found = _stretch_at(ordered, x)
        if found is None or any(i in taken for i in range(*found)):
            continue
        taken.update(range(*found))
        run = ordered[found[0] : found[1]]
        stretches.append(Stretch(min(ln.top for ln in run), max(ln.bottom for ln in run), float(x)))
    return sorted(stretches, key=lambda s: s.top)


def split_columns(lines: list[TextLine], stretches: list[Stretch]) -> list[tuple[int, TextLine]]:
    """Each line with its column (FULL, LEFT or RIGHT); a line in a two-column stretch that
    holds both columns' lines on one baseline is split at the gutter."""
    out: list[tuple[int, TextLine]] = []
    for line in lines:
        stretch = next((s for s in stretches if s.top <= line.top <= s.bottom), None)
        if stretch is None or not _clear(line, stretch.gutter):
            out.append((FULL, line))
            continue
        left, right = line.split_at(stretch.gutter)
        if left is not None:
            out.append((LEFT, left))
        if right is not None:
            out.append((RIGHT, right))
    return out


def column_of(box: tuple[float, float, float, float], stretches: list[Stretch]) -> int:
    """The column a table or box stands in."""
    stretch = next((s for s in stretches if s.top <= box[1] <= s.bottom), None)
    if stretch is None:
        return FULL
    if box[2] < stretch.gutter:
        return LEFT
    if box[0] > stretch.gutter:
        return RIGHT
    return FULL
