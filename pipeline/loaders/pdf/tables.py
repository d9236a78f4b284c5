"""Stage ``page_to_grids``: ruled tables, boxes and background-filled cells as grids of cells.

A table is what a reader sees as one: cells bounded by ruling lines, by the sides of
rectangles, or only by background fills. pdfplumber's table finder (the ``lines`` strategy,
whose edges include every rectangle's sides) finds the ruled and rectangle-drawn ones;
``find_tables`` runs its stages, three of them (``edges_to_intersections``,
``intersections_to_cells``, ``cells_to_tables``) through an index: the same points, cells
and tables, found without comparing every pair. A single cell is a box (a heading band, a
framed note), not a table. Boxes standing side by side on one band of the page (fills with
white gutters between them) are the cells of one row, and such rows one under the other
make one table.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from keikaku.pipeline.loaders.pdf.lines import TIE

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in the glyphs' frame
Obj = dict[str, Any]  # a line, rectangle or edge as pdfplumber gives it

MIN_CELL = 2.0  # a cell narrower or lower than this (points) is a rule, not a cell
ROW_OVERLAP = 0.6  # boxes sharing this share of their height stand on one row
COVER = 0.9  # a table this share of which lies inside another lies over it
RULE = 0.2  # a rectangle thinner than this share of the type size is a ruling line
# pdfplumber's defaults for the "lines" strategy (TableSettings): edges shorter than
# PREFILTER are dropped, edges within SNAP are snapped and JOIN apart joined, edges then
# shorter than MIN_EDGE dropped, and edges meeting within CROSS points intersect
PREFILTER, SNAP, JOIN, MIN_EDGE, CROSS = 1, 3, 3, 3, 3

Point = tuple[float, float]


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


def edges_to_intersections(
    edges: list[dict[str, Any]], cross: float = CROSS
) -> dict[Point, tuple[set[Box], set[Box]]]:
    """Where a vertical and a horizontal edge meet (within ``cross`` points): each point with
    the boxes of the vertical and of the horizontal edges through it.

    pdfplumber's ``edges_to_intersections`` tests every pair; here each vertical edge looks
    only at the horizontal edges whose height it spans (a bisection over them sorted by
    height, a point wider on each side than the test, which is then made as pdfplumber makes
    it).
    """
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    tops = [e["top"] for e in horizontals]
    found: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in verticals:
        x, top, bottom = v["x0"], v["top"], v["bottom"]
        start = bisect.bisect_left(tops, top - cross - 1)
        end = bisect.bisect_right(tops, bottom + cross + 1)
        for h in horizontals[start:end]:
            if (
                top <= h["top"] + cross
                and bottom >= h["top"] - cross
                and x >= h["x0"] - cross
                and x <= h["x1"] + cross
            ):
                point = (x, h["top"])
                if point not in found:
                    found[point] = (set(), set())
                found[point][0].add((v["x0"], v["top"], v["x1"], v["bottom"]))
                found[point][1].add((h["x0"], h["top"], h["x1"], h["bottom"]))
    return found


def intersections_to_cells(intersections: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """The smallest cell each intersection is the top left corner of: pdfplumber's
    ``intersections_to_cells``, with the points below and right of each taken from the
    points grouped by column and by row instead of a scan of all the points after it."""

    def connects(p1: Point, p2: Point) -> bool:  # one edge runs from one point to the other
        if p1[0] == p2[0] and not intersections[p1][0].isdisjoint(intersections[p2][0]):
            return True
        return p1[1] == p2[1] and not intersections[p1][1].isdisjoint(intersections[p2][1])

    points = sorted(intersections)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for point in points:  # in order: each column top to bottom, each row left to right
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    at: dict[Point, tuple[int, int]] = {}
    for column in columns.values():
        for i, point in enumerate(column):
            at[point] = (i, 0)
    for row in rows.values():
        for j, point in enumerate(row):
            at[point] = (at[point][0], j)
    cells: list[Box] = []
    for point in points:
        i, j = at[point]
        below = columns[point[0]][i + 1 :]
        right = [p for p in rows[point[1]][j + 1 :] if connects(point, p)]
        cell = next(
            (
                (point[0], point[1], corner[0], corner[1])
                for low in below
                if connects(point, low)
                for side in right
                if (corner := (side[0], low[1])) in intersections
                and connects(corner, side)
                and connects(corner, low)
            ),
            None,
        )
        if cell is not None:
            cells.append(cell)
    return cells


def cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """The cells grouped into tables, as pdfplumber's ``cells_to_tables`` groups them: cells
    that share a corner, and the cells sharing a corner with those, make one table; tables
    come top to bottom (then left to right) by their top left cell, and a lone cell is no
    table. Grouped here through the corners (each joins the groups of the cells at it), where
    pdfplumber sweeps the remaining cells until a sweep adds none; a table's cells come in
    the order given, which only ``Table.cells`` shows (its rows sort them).
    """
    parent = list(range(len(cells)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first_at: dict[Point, int] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = first_at.setdefault(corner, k)
            parent[root(other)] = root(k)
    groups: dict[int, list[Box]] = {}
    for k, cell in enumerate(cells):
        groups.setdefault(root(k), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(page: Any, tie: float = 0.0) -> list[list[tuple[Box | None, ...]]]:
    """The tables pdfplumber's ``TableFinder`` finds on ``page`` with the ``lines`` strategy
    on both axes, each as its ``Table.rows`` give it: rows top to bottom, each a cell (or
    None) for every column.

    With ``tie`` (points), each of its tolerances reaches that much further: edges exactly a
    tolerance apart are snapped, joined or met whether their coordinates were computed in
    double precision (pdfminer) or single (PDFium)."""
    edges = page.edges
    edges = filter_edges(edges, "v", PREFILTER - tie) + filter_edges(edges, "h", PREFILTER - tie)
    edges = merge_edges(edges, SNAP + tie, JOIN + tie)
    edges = filter_edges(edges, None, MIN_EDGE - tie)
    cells = intersections_to_cells(edges_to_intersections(edges, CROSS + tie))
    return [table_rows(group) for group in cells_to_tables(cells)]


# pdfplumber's edge merging (table.merge_edges and the utils it calls) and Table.rows, ported
# with the same arithmetic in the same order, so the same edges and rows: for these few
# functions the PDFium path would import pdfplumber, and with it pdfminer, at about 100 ms of
# each worker's start (tests/test_pdf_tables.py holds them to pdfplumber's own). pdfplumber is
# MIT-licensed, Copyright (c) 2015, Jeremy Singer-Vine; these follow its table.py and utils.


def rect_to_edges(rect: Obj) -> list[Obj]:
    """pdfplumber's ``utils.rect_to_edges``: a rectangle's four sides (top, bottom, left,
    right) as edges."""
    top, bottom, left, right = (dict(rect) for _ in range(4))
    top.update(
        object_type="rect_edge", height=0, y0=rect["y1"], bottom=rect["top"], orientation="h"
    )
    bottom.update(
        object_type="rect_edge",
        height=0,
        y1=rect["y0"],
        top=rect["top"] + rect["height"],
        doctop=rect["doctop"] + rect["height"],
        orientation="h",
    )
    left.update(object_type="rect_edge", width=0, x1=rect["x0"], orientation="v")
    right.update(object_type="rect_edge", width=0, x0=rect["x1"], orientation="v")
    return [top, bottom, left, right]


def line_to_edge(line: Obj) -> Obj:
    """pdfplumber's ``utils.line_to_edge``: a line as an edge, horizontal if level."""
    edge = dict(line)
    edge["orientation"] = "h" if line["top"] == line["bottom"] else "v"
    return edge


def filter_edges(edges: Iterable[Obj], orientation: str | None, min_length: float) -> list[Obj]:
    """pdfplumber's ``utils.filter_edges``: the edges of one ``orientation`` ("h", "v"; None:
    both) at least ``min_length`` long."""
    return [
        e
        for e in edges
        if (orientation is None or e["orientation"] == orientation)
        and e["height" if e["orientation"] == "v" else "width"] >= min_length
    ]


def _clusters(objs: list[Obj], key: str, tolerance: float) -> list[list[Obj]]:
    """pdfplumber's ``utils.cluster_objects``: the objects grouped by ``key``, a value joining
    the group of the next smaller one within ``tolerance``; groups in ascending order, each
    in the objects' order."""
    values = sorted({obj[key] for obj in objs})
    group_of: dict[float, int] = {}
    group = 0
    for k, value in enumerate(values):
        if k and value > values[k - 1] + tolerance:
            group += 1
        group_of[value] = group
    groups: list[list[Obj]] = [[] for _ in range(group + 1)] if values else []
    for obj in objs:
        groups[group_of[obj[key]]].append(obj)
    return groups


def _snapped(objs: list[Obj], key: str, tolerance: float) -> list[Obj]:
    """pdfplumber's ``utils.snap_objects``: each group of ``_clusters`` moved to its mean
    ``key`` (x0: sideways; top: up or down)."""
    moved = []
    for group in _clusters(objs, key, tolerance):
        mean = sum(obj[key] for obj in group) / len(group)
        for obj in group:
            value = mean - obj[key]
            copy = dict(obj)
            if key == "x0":
                copy.update(x0=obj["x0"] + value, x1=obj["x1"] + value)
            else:
                copy.update(top=obj["top"] + value, bottom=obj["bottom"] + value)
                if "doctop" in obj:
                    copy["doctop"] = obj["doctop"] + value
                if "y0" in obj:
                    copy.update(y0=obj["y0"] - value, y1=obj["y1"] - value)
            moved.append(copy)
    return moved


def _joined(edges: Iterable[Obj], orientation: str, tolerance: float) -> list[Obj]:
    """pdfplumber's ``join_edge_group``: edges along one line, those within ``tolerance`` of
    each other joined into one."""
    start, end = ("x0", "x1") if orientation == "h" else ("top", "bottom")
    ordered = sorted(edges, key=itemgetter(start))
    joined = [ordered[0]]
    for edge in ordered[1:]:
        last = joined[-1]
        if edge[start] > last[end] + tolerance:
            joined.append(edge)
        elif edge[end] > last[end]:  # the last one, extended to where this one ends
            longer, value = dict(last), edge[end]
            longer[end] = value
            if end == "x1":
                longer["width"] = value - last["x0"]
            else:
                diff = value - last["bottom"]
                longer["height"] = last["height"] + diff
                if "y0" in last:
                    longer["y0"] = last["y0"] - diff
            joined[-1] = longer
    return joined


def merge_edges(edges: list[Obj], snap: float, join: float) -> list[Obj]:
    """pdfplumber's ``merge_edges`` with one tolerance for both axes: vertical edges within
    ``snap`` of each other moved to one x, horizontal ones to one height, then those on one
    line within ``join`` joined."""
    edges = _snapped([e for e in edges if e["orientation"] == "v"], "x0", snap) + _snapped(
        [e for e in edges if e["orientation"] == "h"], "top", snap
    )

    def line_of(edge: Obj) -> tuple[str, float]:
        return ("h", edge["top"]) if edge["orientation"] == "h" else ("v", edge["x0"])

    grouped = itertools.groupby(sorted(edges, key=line_of), key=line_of)
    return [edge for (side, _), group in grouped for edge in _joined(group, side, join)]


def table_rows(cells: list[Box]) -> list[tuple[Box | None, ...]]:
    """pdfplumber's ``Table.rows``: the cells by their top, each row a cell (or None) for
    every left side any cell of the table has, left to right."""
    lefts = sorted({cell[0] for cell in cells})
    rows = []
    for _, in_row in itertools.groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1)):
        at = {cell[0]: cell for cell in in_row}
        rows.append(tuple(at.get(x) for x in lefts))
    return rows


def _grids(page: Any, turn: Callable[[Box], Box], drawn: str, tie: float) -> list[Grid]:
    grids: list[Grid] = []
    smallest = MIN_CELL - tie
    for table in find_tables(page, tie):
        cells = [
            _normal(turn(cell))
            for row in table
            for cell in row
            if cell is not None and cell[2] - cell[0] >= smallest and cell[3] - cell[1] >= smallest
        ]
        rows = cells_to_rows(cells, tie)
        if rows:
            grids.append(Grid(rows, _enclose(cells), drawn))
    return grids


def cells_to_rows(cells: list[Box], tie: float = 0.0) -> tuple[tuple[Box, ...], ...]:
    """Cells as rows read top to bottom, each left to right, in the glyphs' frame (on a page
    turned to be read, the drawn table's columns are its rows). A cell spanning several rows
    stands in the row of its top."""
    rows: list[list[Box]] = []
    for cell in sorted(set(cells), key=lambda c: (c[1], c[0])):
        if rows and abs(rows[-1][0][1] - cell[1]) <= MIN_CELL + tie:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return tuple(tuple(sorted(row)) for row in rows)


def page_to_grids(page: Any, turn: Callable[[Box], Box], type_size: float) -> list[Grid]:
    """The page's tables and boxes, each cell turned into the glyphs' frame by ``turn``.

    Ruling lines (lines, and rectangles thinner than a fifth of ``type_size``) bound the cells
    a reader sees; background fills inside a ruled table are decoration (Word shades a cell
    with one strip per text line). Fills elsewhere are read as boxes and rows of boxes.

    Distances exactly at a tolerance, to within ``TIE`` of the type size, are within it
    (weasyprint rendition p3: rows of filled cells 3 pt apart, the table finder's tolerance,
    are one table).
    """
    tie = TIE * type_size
    thickness = RULE * type_size + tie
    shapes = page.lines + page.rects
    rules = [obj for obj in shapes if _is_rule(obj, thickness)]
    ruled = (
        _grids(page.filter(lambda obj: _is_rule(obj, thickness)), turn, "table", tie)
        if rules
        else []
    )
    frames = [grid.bbox for grid in ruled]

    def loose_fill(obj: dict[str, Any]) -> bool:
        if not _is_area(obj, thickness):
            return False
        box = _normal(turn((obj["x0"], obj["top"], obj["x1"], obj["bottom"])))
        return not any(_inside(box, frame) for frame in frames)

    fills = [obj for obj in page.rects if loose_fill(obj)]
    filled = _grids(page.filter(loose_fill), turn, "table", tie) if fills else []
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
