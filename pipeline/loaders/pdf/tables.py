"""Stage ``page_to_grids``: ruled tables, boxes and background-filled cells as grids of cells.

A table is what a reader sees as one: cells bounded by ruling lines, by the sides of
rectangles, or only by background fills. pdfplumber's ``find_tables`` (the ``lines``
strategy, whose edges include every rectangle's sides) finds the ruled and rectangle-drawn
ones. A single cell is a box (a heading band, a framed note), not a table. Boxes standing side
by side on one band of the page (fills with white gutters between them) are the cells of one
row, and such rows one under the other make one table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in the glyphs' frame

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
MIN_CELL = 2.0  # a cell narrower or lower than this (points) is a rule, not a cell
ROW_OVERLAP = 0.6  # boxes sharing this share of their height stand on one row
COVER = 0.9  # a table this share of which lies inside another lies over it
RULE = 0.2  # a rectangle thinner than this share of the type size is a ruling line


@dataclass(frozen=True)
class Grid:
    """Rows of cell boxes; ``bbox`` encloses them all. One cell: a box."""

    rows: tuple[tuple[Box, ...], ...]
    bbox: Box
    drawn: str = "table"  # "table": ruled or drawn as one grid; "boxes": separate boxes

    @property
    def is_box(self) -> bool:
        return len(self.rows) == 1 and len(self.rows[0]) == 1

    @property
    def columns(self) -> tuple[int, ...]:
        """The left edges of the first row's cells: how a continued table is recognised."""
        return tuple(round(cell[0]) for cell in self.rows[0])


def _enclose(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _normal(box: Box) -> Box:
    x0, top, x1, bottom = box
    return min(x0, x1), min(top, bottom), max(x0, x1), max(top, bottom)


def _is_rule(obj: dict[str, Any], thickness: float) -> bool:
    """A ruling line: a line object, or a rectangle thinner than ``thickness`` one way."""
    if obj["object_type"] == "line":
        return True
    return obj["object_type"] == "rect" and min(obj["width"], obj["height"]) <= thickness


def _is_area(obj: dict[str, Any], thickness: float) -> bool:
    return obj["object_type"] == "rect" and min(obj["width"], obj["height"]) > thickness


def _grids(page: Any, turn: Callable[[Box], Box], drawn: str) -> list[Grid]:
    grids: list[Grid] = []
    for table in page.find_tables(TABLE_SETTINGS):
        cells = [
            _normal(turn(cell))
            for row in table.rows
            for cell in row.cells
            if cell is not None and cell[2] - cell[0] >= MIN_CELL and cell[3] - cell[1] >= MIN_CELL
        ]
        rows = cells_to_rows(cells)
        if rows:
            grids.append(Grid(rows, _enclose(cells), drawn))
    return grids


def cells_to_rows(cells: list[Box]) -> tuple[tuple[Box, ...], ...]:
    """Cells as rows read top to bottom, each left to right, in the glyphs' frame (on a page
    turned to be read, the drawn table's columns are its rows). A cell spanning several rows
    stands in the row of its top."""
    rows: list[list[Box]] = []
    for cell in sorted(set(cells), key=lambda c: (c[1], c[0])):
        if rows and abs(rows[-1][0][1] - cell[1]) <= MIN_CELL:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return tuple(tuple(sorted(row)) for row in rows)


def page_to_grids(page: Any, turn: Callable[[Box], Box], type_size: float) -> list[Grid]:
    """The page's tables and boxes, each cell turned into the glyphs' frame by ``turn``.

    Ruling lines (lines, and rectangles thinner than a fifth of ``type_size``) bound the cells
    a reader sees; background fills inside a ruled table are decoration (Word shades a cell
    with one strip per text line). Fills elsewhere are read as boxes and rows of boxes.
    """
    thickness = RULE * type_size
    shapes = page.lines + page.rects
    rules = [obj for obj in shapes if _is_rule(obj, thickness)]
    ruled = (
        _grids(page.filter(lambda obj: _is_rule(obj, thickness)), turn, "table") if rules else []
    )
    frames = [grid.bbox for grid in ruled]

    def loose_fill(obj: dict[str, Any]) -> bool:
        if not _is_area(obj, thickness):
            return False
        box = _normal(turn((obj["x0"], obj["top"], obj["x1"], obj["bottom"])))
        return not any(_inside(box, frame) for frame in frames)

    fills = [obj for obj in page.rects if loose_fill(obj)]
    filled = _grids(page.filter(loose_fill), turn, "table") if fills else []
    return merge_boxes(ruled + filled)


def _same_band(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= ROW_OVERLAP * min(a[3] - a[1], b[3] - b[1])


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0] - 1
        and inner[1] >= outer[1] - 1
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
    )


def _grid_of_boxes(rows: list[tuple[Box, ...]]) -> Grid:
    return Grid(tuple(rows), _enclose([c for r in rows for c in r]), "boxes")


def _cells(grid: Grid) -> int:
    return sum(len(row) for row in grid.rows)


def _covers(outer: Box, inner: Box) -> bool:
    """Whether ``inner`` lies (nearly) all inside ``outer``."""
    width = min(outer[2], inner[2]) - max(outer[0], inner[0])
    height = min(outer[3], inner[3]) - max(outer[1], inner[1])
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return width > 0 and height > 0 and width * height >= COVER * area


def merge_boxes(grids: list[Grid]) -> list[Grid]:
    """Single boxes side by side on one band become a row; rows with the same cells a table.

    A box that holds other grids (a frame around a table) is dropped: its content is theirs.
    """
    boxes = [g for g in grids if g.is_box]
    tables = [g for g in grids if not g.is_box]
    # of two tables one over the other, the one a reader reads is the one with more cells;
    # the other is its frame (ruled more coarsely around it)
    tables = [
        t
        for t in tables
        if not any(
            other is not t and _covers(t.bbox, other.bbox) and _cells(other) > _cells(t)
            for other in tables
        )
    ]
    boxes = [
        b
        for b in boxes
        if not any(other is not b and _inside(other.bbox, b.bbox) for other in boxes + tables)
    ]
    boxes.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    rows: list[list[Box]] = []
    for grid in boxes:
        box = grid.bbox
        row = next((r for r in rows if _same_band(r[0], box)), None)
        if row is None:
            rows.append([box])
        else:
            row.append(box)
    merged: list[Grid] = list(tables)
    current: list[tuple[Box, ...]] = []
    for row in rows:
        cells = tuple(sorted(row))
        if current and len(cells) > 1 and len(cells) == len(current[-1]):
            current.append(cells)
            continue
        if current:
            merged.append(_grid_of_boxes(current))
        current = [cells]
    if current:
        merged.append(_grid_of_boxes(current))
    return sorted(merged, key=lambda g: (g.bbox[1], g.bbox[0]))
