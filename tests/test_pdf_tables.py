"""Our table finder (tables.find_tables) finds what pdfplumber's TableFinder finds.

``find_tables`` runs pdfplumber's edge merging (ported: the same arithmetic in the same order)
and finds the intersections, cells and tables through an index instead of comparing every
pair; these tests hold it to pdfplumber's functions on drawn grids and on the pages of the
real PDFs: the same edges, the same cells, and the same tables row by row (the order of a
table's ``cells`` list is not kept: its rows sort them).
"""

from __future__ import annotations

import itertools

import pytest
from pdfplumber import utils
from pdfplumber.table import Table
from pdfplumber.table import cells_to_tables as plumber_tables
from pdfplumber.table import edges_to_intersections as plumber_intersections
from pdfplumber.table import intersections_to_cells as plumber_cells
from pdfplumber.table import merge_edges as plumber_merge

from keikaku.pipeline.loaders.pdf.pdfium import Frame, PdfiumDocument, Shapes
from keikaku.pipeline.loaders.pdf.tables import (
    CROSS,
    JOIN,
    MIN_EDGE,
    SNAP,
    cells_to_tables,
    edges_to_intersections,
    filter_edges,
    find_tables,
    intersections_to_cells,
    merge_edges,
    page_to_grids,
    table_rows,
)
from tests.test_real_pdfs import PDFS

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
PAGES = 12  # the first pages of each real PDF compared


def _h(top: float, x0: float, x1: float) -> dict:
    return {"orientation": "h", "top": top, "bottom": top, "x0": x0, "x1": x1}


def _v(x: float, top: float, bottom: float) -> dict:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def _grid(xs: list[float], ys: list[float]) -> list[dict]:
    return [_h(y, xs[0], xs[-1]) for y in ys] + [_v(x, ys[0], ys[-1]) for x in xs]


GRIDS = [
    pytest.param(_grid([10, 50, 90], [10, 30, 50]), id="two-by-two"),
    pytest.param(_grid([10, 50, 90, 130], [10, 30]), id="one-row"),
    pytest.param(
        [
            *(_h(10, 10, 90), _h(30, 10, 50), _h(50, 10, 90)),
            *(_v(10, 10, 50), _v(50, 10, 50), _v(90, 10, 50)),
        ],
        id="cell-spanning-two-rows",
    ),
    pytest.param(
        [_h(10, 10, 90), _h(50, 10, 90), _v(10, 10, 50), _v(90, 10, 50), _v(50, 10, 30)],
        id="rule-stopping-half-way",
    ),
    pytest.param(
        [
            *(_h(10.0, 10, 90), _h(12.5, 88, 150), _h(50, 10, 150)),
            *(_v(10, 9, 50), _v(90, 11, 51), _v(150, 12.5, 48)),
        ],
        id="edges-meeting-within-tolerance",
    ),
    pytest.param(
        [
            *(_h(10, 10, 90), _h(10 + CROSS + 0.5, 10, 90), _h(60, 10, 90)),
            *(_v(10, 10 + CROSS + 0.5, 60), _v(90, 10, 60)),
        ],
        id="edges-missing-by-more-than-tolerance",
    ),
    pytest.param(_grid([10, 50], [10, 30]) + _grid([200, 260, 300], [10, 40]), id="two-tables"),
    pytest.param(_grid([0, 600], [0, 800]) + _grid([100, 200, 300], [100, 150, 200]), id="frame"),
    pytest.param(_grid([10, 50], [10, 30]) + _grid([50, 90], [30, 60]), id="meeting-at-a-corner"),
    pytest.param([_h(10, 10, 90), _v(50, 0, 60)], id="a-cross-alone"),
    pytest.param([], id="no-edges"),
]


def _rows(tables: list) -> list[list[tuple]]:
    """Each table's rows of cells (None where a row has no cell in a column)."""
    return [[tuple(row.cells) for row in table.rows] for table in tables]


@pytest.mark.parametrize("edges", GRIDS)
def test_cells_and_tables_are_pdfplumbers(edges) -> None:
    expected = plumber_cells(plumber_intersections(edges, CROSS, CROSS))
    found = intersections_to_cells(edges_to_intersections(edges))
    assert found == expected
    tables = [Table(None, cells) for cells in plumber_tables(expected)]
    assert [table_rows(cells) for cells in cells_to_tables(found)] == _rows(tables)


@pytest.mark.skipif(not PDFS, reason="../shared/real-pdf is not here")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_tables_of_real_pages_are_pdfplumbers(path) -> None:
    """The drawn shapes of each page (as PDFium reads them: quicker than pdfminer, and the
    same shapes for this purpose) through pdfplumber's TableFinder and through ours."""
    from pdfplumber.table import TableFinder

    pdf = PdfiumDocument(str(path))
    try:
        for number, page in enumerate(itertools.islice(pdf.pages(), PAGES), start=1):
            expected = _rows(TableFinder(page.shapes, LINES).tables)
            assert find_tables(page.shapes) == expected, number
    finally:
        pdf.close()


@pytest.mark.skipif(not PDFS, reason="../shared/real-pdf is not here")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_edges_of_real_pages_are_pdfplumbers(path) -> None:
    """The edges of each page's lines and rectangles, and those edges filtered, snapped and
    joined (at pdfplumber's tolerances and a hair beyond, as find_tables reaches for ties),
    exactly as pdfplumber's own functions make them, every key."""
    pdf = PdfiumDocument(str(path))
    try:
        for number, page in enumerate(itertools.islice(pdf.pages(), PAGES), start=1):
            shapes = page.shapes
            edges = shapes.edges
            expected = [utils.line_to_edge(line) for line in shapes.lines]
            for rect in shapes.rects:
                expected.extend(utils.rect_to_edges(rect))
            assert edges == expected, number
            for tie in (0.0, 1e-3):
                assert filter_edges(edges, None, MIN_EDGE - tie) == utils.filter_edges(
                    edges, min_length=MIN_EDGE - tie
                ), number
                found = merge_edges(edges, SNAP + tie, JOIN + tie)
                assert found == plumber_merge(edges, *(SNAP + tie,) * 2, *(JOIN + tie,) * 2)
    finally:
        pdf.close()


HAIR = 5e-5  # how far off single precision (PDFium's coordinates) may put a side


def _fill(x0: float, top: float, x1: float, bottom: float) -> dict:
    rect = Frame.of((0.0, 0.0, 600.0, 800.0), 0).box(x0, 800.0 - bottom, x1, 800.0 - top)
    rect["object_type"] = "rect"
    return rect


@pytest.mark.parametrize("hair", [-HAIR, 0.0, HAIR])
def test_filled_rows_a_tolerance_apart_are_one_table(hair: float) -> None:
    """weasyprint rendition p3: rows of filled cells with white gutters of 3 pt between them,
    the table finder's tolerance, are one table however single precision puts the gutters."""
    rows = [(100.0, 130.0), (133.0 + hair, 163.0)]
    fills = [
        _fill(x0, top, x1, bottom) for top, bottom in rows for x0, x1 in ((50, 200), (203, 350))
    ]
    grids = page_to_grids(Shapes([], fills), lambda box: box, 10.0)
    assert [[len(row) for row in grid.rows] for grid in grids] == [[2, 2]]
