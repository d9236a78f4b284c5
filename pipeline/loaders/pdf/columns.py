"""Stage ``lines_to_columns``: a page set in two columns is read column by column.

A reader sees two columns where a vertical white gutter runs down the middle of the page
with text on both sides of it. The gutter is found from the glyphs themselves: an x position
in the middle of the page that no glyph covers while many lines stand wholly left of it and
many wholly right. Lines that cross it (a title over both columns) span the page and divide
it into bands; each band is read left column first.
"""

from __future__ import annotations

from pipeline.loaders.pdf.lines import TextLine

MIDDLE = (0.3, 0.7)  # the gutter lies in this part of the page width
MIN_SIDE_SHARE = 0.25  # at least this share of the page's lines stands on each side
MIN_LINES = 8  # fewer lines than this are not enough to call a page two-column
FILLED = 0.6  # in a column of text, the median line fills this share of the column width

FULL, LEFT, RIGHT = 0, 1, 2


def find_gutter(lines: list[TextLine], width: float) -> float | None:
    """The x of the gutter between two columns, or None for a page in one column."""
    if len(lines) < MIN_LINES:
        return None
    low, high = int(MIDDLE[0] * width), int(MIDDLE[1] * width)
    covered = [0] * (high - low + 1)
    for line in lines:
        for glyph in line.glyphs + line.markers:
            start, end = max(int(glyph.x0), low), min(int(glyph.x1) + 1, high)
            for x in range(start, end + 1):
                covered[x - low] += 1
    best: tuple[int, int] | None = None
    run_start = None
    for offset, count in enumerate([*covered, 1]):
        if count == 0 and run_start is None:
            run_start = offset
        elif count and run_start is not None:
            if best is None or offset - run_start > best[1] - best[0]:
                best = (run_start, offset)
            run_start = None
    if best is None:
        return None
    gutter = low + (best[0] + best[1]) / 2
    left = [line for line in lines if line.x1 < gutter]
    right = [line for line in lines if line.x0 > gutter]
    if min(len(left), len(right)) < MIN_SIDE_SHARE * len(lines):
        return None
    if not (_filled(left) and _filled(right)):
        return None  # short labels beside values: an unruled table, not two columns of text
    return gutter


def _filled(lines: list[TextLine]) -> bool:
    """Whether most lines run across their column, as running text does."""
    x0 = min(line.x0 for line in lines)
    x1 = max(line.x1 for line in lines)
    widths = sorted(line.x1 - line.x0 for line in lines)
    return widths[len(widths) // 2] >= FILLED * (x1 - x0)


def split_columns(lines: list[TextLine], gutter: float | None) -> list[tuple[int, TextLine]]:
    """Each line with its column (FULL, LEFT or RIGHT); a line that only shares its baseline
    with the other column's line is split in two at the gutter."""
    if gutter is None:
        return [(FULL, line) for line in lines]
    out: list[tuple[int, TextLine]] = []
    for line in lines:
        crossing = any(g.x0 < gutter < g.x1 for g in line.glyphs)
        if crossing:
            out.append((FULL, line))
            continue
        left, right = line.split_at(gutter)
        if left is not None:
            out.append((LEFT, left))
        if right is not None:
            out.append((RIGHT, right))
    return out
