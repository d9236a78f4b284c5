"""Load a plan PDF into the numbered lines of a text edition, reading its layout as a person would.

The stages, each a module of this package (each a function from one representation to the
next)::

    page_to_glyphs      pdfplumber page → glyphs (overprints merged, sideways text turned)
    page_to_grids       ruling lines, rectangles, fills → tables and boxes (grids of cells)
    glyphs_to_lines     glyphs → lines with their raised markers
    lines_to_furniture  every page's lines → running headers/footers, printed page numbers
    find_gutter         a page's lines → the gutter of a two-column page, if any
    elements_to_text    lines, tables, boxes in reading order → text lines (compose.py)

Every decision is taken from geometry and the document's own statistics: the line pitch (in
type sizes), the right edge lines reach in each kind of column, the sizes of neighbouring
lines, and what repeats from page to page. Nothing here knows what a plan
says: the parsers read the text this loader writes, as they read a text edition.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import multiprocessing
import pickle
import signal
import statistics
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from operator import itemgetter
from pathlib import Path
from typing import Any

from keikaku.pipeline.collector import collector_paused
from keikaku.pipeline.errors import InputError, LimitError, caused_by
from keikaku.pipeline.loaders.pdf.columns import (
    FULL,
    LEFT,
    RIGHT,
    Stretch,
    column_of,
    find_stretches,
    split_columns,
)
from keikaku.pipeline.loaders.pdf.compose import (
    ALIGN,
    PITCH_SLACK,
    Area,
    BoxElement,
    Composer,
    Element,
    FlowLine,
    GridElement,
    number_runs,
)
from keikaku.pipeline.loaders.pdf.furniture import edge_lines, edges_to_furniture
from keikaku.pipeline.loaders.pdf.glyphs import Glyph, PageGlyphs, chars_to_glyphs
from keikaku.pipeline.loaders.pdf.lines import (
    TIE,
    TextLine,
    attach_markers,
    glyphs_to_lines,
    level_sorted,
)
from keikaku.pipeline.loaders.pdf.spool import PageSpool
from keikaku.pipeline.loaders.pdf.streams import StreamTooLarge, bounded_streams
from keikaku.pipeline.loaders.pdf.tables import Box as Rect
from keikaku.pipeline.loaders.pdf.tables import Grid, page_to_grids
from keikaku.pipeline.model import Box, Diagnostic, Line, SourceText

__all__ = ["TextLine", "glyphs_to_lines", "load_pdf"]

UNREADABLE_SHARE = 0.5  # more unmapped glyphs than this share: the document cannot be read
EDGE_PERCENTILE = 0.9  # a column's edge: where this share of its body lines end, or before
SAME_SIZE = 0.1
LEAD = 0.0  # where a glyph starts: this share of its width from its left side
DECORATION = 2.0  # an empty cell narrower than this many type sizes is a decoration
LOCAL_MARGIN = 0.4  # a right margin narrower than the column's is this share of it at least


@dataclass
class PageLayout:
    """One page read into glyph geometry: what the composing stage needs, nothing of pdfplumber."""

    index: int
    glyphs: PageGlyphs
    flow: list[TextLine]
    boxes: list[tuple[Grid, list[TextLine]]]
    tables: list[tuple[Grid, list[list[list[TextLine]]]]]
    columns: list[tuple[int, TextLine]] = field(default_factory=list)
    stretches: list[Stretch] = field(default_factory=list)


def _box_holding(glyph: Glyph, boxes: Sequence[Rect], start: float) -> int | None:
    """The box a glyph stands in: the one holding its centre, else one holding ``start``, a
    point of its width. On the side two boxes share (to within ``TIE``), the first.

    One pass over the boxes: both points stand at the centre's height, so a box is looked at
    across only when it spans that height (the first holding ``start`` kept in case none
    holds the centre). Read_page asks this of every glyph of a page with grids: 175k calls
    on the 100-page plan of scripts/bench, where two passes scanned every box twice for a
    glyph outside them all."""
    x, y = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
    tie = TIE * glyph.size
    holding_start = None
    for index, (x0, top, x1, bottom) in enumerate(boxes):
        if top - tie <= y <= bottom + tie:
            if x0 - tie <= x <= x1 + tie:
                return index
            if holding_start is None and x0 - tie <= start <= x1 + tie:
                holding_start = index
    return holding_start


def _cell_of(glyph: Glyph, row: tuple[Rect, ...]) -> int | None:
    """The cell of a row a glyph stands in: the one holding its centre, else one it starts
    in (a glyph a producer let overhang a cell's right side at the end of a line)."""
    return _box_holding(glyph, row, glyph.x0 + LEAD * (glyph.x1 - glyph.x0))


def _by_height(glyphs: list[Glyph]) -> tuple[list[float], list[int]]:
    """The glyphs' centre heights in ascending order, and the glyphs' positions in that order:
    the glyphs between two heights are found by bisection."""
    heights = [(g.top + g.bottom) / 2 for g in glyphs]
    order = sorted((k for k, y in enumerate(heights) if y == y), key=heights.__getitem__)
    return [heights[k] for k in order], order


def _home(glyph: Glyph, boxes: list[Rect]) -> int | None:
    """The grid a glyph stands in: the one holding its centre, else one it starts in."""
    return _box_holding(glyph, boxes, glyph.x0)


def _usual_size(sizes: Counter[float]) -> float | None:
    """The most common of the type sizes counted in ``sizes``, to a tenth of a point (of
    equals, the first counted); None for none. Each size is rounded once, not once per glyph
    (read_page: 70 -> 27 ms over the 100-page plan of scripts/bench)."""
    rounded: Counter[float] = Counter()
    for size, count in sizes.items():
        rounded[round(size, 1)] += count
    return rounded.most_common(1)[0][0] if rounded else None


def read_page(index: int, page: Any) -> PageLayout:
    """page_to_glyphs → page_to_grids → glyphs_to_lines, for one page."""
    glyphs = chars_to_glyphs(page.chars, float(page.width), float(page.height))
    usual = _usual_size(Counter([g.size for g in glyphs.glyphs if g.text.strip()]))
    type_size = 10.0 if usual is None else usual
    grids = page_to_grids(page, glyphs.turn, type_size)
    inside: dict[int, list[Glyph]] = {i: [] for i in range(len(grids))}
    flow: list[Glyph] = []
    boxes_of_grids = [grid.bbox for grid in grids]
    if not boxes_of_grids:
        flow.extend(glyphs.glyphs)
    else:
        for glyph in glyphs.glyphs:
            home = _home(glyph, boxes_of_grids)
            if home is None:
                flow.append(glyph)
            else:
                inside[home].append(glyph)
    boxes, tables = [], []
    for i, grid in enumerate(grids):
        if grid.is_box:
            boxes.append((grid, glyphs_to_lines(inside[i])))
            continue
        rows = []
        heights, order = _by_height(inside[i])
        for row in grid.rows:
            top, bottom = min(c[1] for c in row), max(c[3] for c in row)
            found = order[bisect.bisect_left(heights, top) : bisect.bisect_right(heights, bottom)]
            in_row = [inside[i][k] for k in sorted(found)]  # in the page's order
            by_cell: dict[int | None, list[Glyph]] = {}
            for g in in_row:
                by_cell.setdefault(_cell_of(g, row), []).append(g)
            cells = [glyphs_to_lines(by_cell.get(k, [])) for k in range(len(row))]
            rows.append(cells)
        in_cells = {id(g) for row in rows for cell in row for ln in cell for g in ln.glyphs}
        in_cells |= {id(g) for row in rows for cell in row for ln in cell for g in ln.markers}
        flow.extend(g for g in inside[i] if id(g) not in in_cells)  # between the cells
        tables.append((grid, rows))
    in_grids = [ln for _, lines in boxes for ln in lines]
    in_grids += [ln for _, rows in tables for row in rows for cell in row for ln in cell]
    flow_lines = attach_markers(glyphs_to_lines(flow), in_grids)
    return PageLayout(index, glyphs, flow_lines, boxes, tables)


def page_lines(page: PageLayout) -> list[TextLine]:
    """Every line of the page: running text, in boxes and in table cells."""
    lines = list(page.flow)
    lines.extend(ln for _, box in page.boxes for ln in box)
    lines.extend(ln for _, rows in page.tables for row in rows for cell in row for ln in cell)
    return lines


def set_aside(page: PageLayout, aside: frozenset[int]) -> None:
    """Take the furniture lines out of the page, then tidy what it leaves of boxes and tables:
    an empty narrow cell is a decoration (a coloured square before a heading), a table left
    with one cell is a box, a box left empty is gone."""
    page.flow = [ln for ln in page.flow if id(ln) not in aside]
    boxes = [(grid, [ln for ln in lines if id(ln) not in aside]) for grid, lines in page.boxes]
    tables = []
    for grid, rows in page.tables:
        kept_rows, kept_boxes = [], []
        for row, boxes_of_row in zip(rows, grid.rows, strict=True):
            cells = [
                ([ln for ln in cell if id(ln) not in aside], box)
                for cell, box in zip(row, boxes_of_row, strict=True)
            ]
            sizes = [ln.size for lines, _ in cells for ln in lines]
            narrow = DECORATION * statistics.median(sizes) if sizes else 0.0
            cells = [(lines, box) for lines, box in cells if lines or box[2] - box[0] >= narrow]
            if any(lines for lines, _ in cells):
                kept_rows.append([lines for lines, _ in cells])
                kept_boxes.append(tuple(box for _, box in cells))
        if not kept_rows:
            continue
        tidy = Grid(tuple(kept_boxes), grid.bbox, grid.drawn)
        if tidy.is_box:
            boxes.append((tidy, kept_rows[0][0]))
        else:
            tables.append((tidy, kept_rows))
    page.boxes = [(grid, lines) for grid, lines in boxes if lines]
    page.tables = tables


def _page_steps(page: PageLayout) -> list[float]:
    """The distances between consecutive baselines of one type size on the page, in type
    sizes (what ``_pitch`` takes the median of)."""
    steps = []
    for column in (FULL, LEFT, RIGHT):
        lines = sorted((ln for c, ln in page.columns if c == column), key=lambda ln: ln.bottom)
        for a, b in itertools.pairwise(lines):
            if abs(a.size - b.size) <= SAME_SIZE * b.size:
                step = (b.bottom - a.bottom) / b.size
                if 0.9 + TIE < step < 3 - TIE:  # (koudoukeikaku p2: a step of 3 exactly)
                    steps.append(round(step, 2))
    return steps


def _pitch(steps: list[float]) -> float:
    """The usual distance between consecutive baselines of one type size, in type sizes
    (1.5 where it cannot be measured)."""
    return statistics.median(steps) if steps else 1.5


def _page_ends(page: PageLayout, ends: dict[int, list[float]]) -> None:
    """Add where each line of the page ends to ``ends``, by kind of column."""
    for column, line in page.columns:
        ends[column].append(line.x1)


def _edges(ends: dict[int, list[float]]) -> dict[int, float]:
    """For each kind of column, the x most of its lines end at or before (the column's edge)."""
    edges = {}
    for column, found in ends.items():
        found.sort()
        edges[column] = found[int(EDGE_PERCENTILE * (len(found) - 1))] if found else 0.0
    return edges


def _block_edges(
    columns: list[tuple[int, TextLine]], pitch: float, edges: dict[int, float]
) -> dict[int, float]:
    """For lines set to a right margin narrower than their column's, that margin.

    Text set beside a figure or in a frame wraps at its own right margin. A reader sees that
    margin where a line ends level with another line of its block (lines one pitch apart in
    one type size, starting at the same place), and the margin is wide
    (``LOCAL_MARGIN`` of the column at least, so two short labels of one length are not
    taken for wrapped text).
    """
    found: dict[int, float] = {}
    for column in (FULL, LEFT, RIGHT):
        lines = sorted((ln for c, ln in columns if c == column), key=lambda ln: ln.bottom)
        if not lines:
            continue
        left = min(ln.x0 for ln in lines)
        width = (edges[column] or max(ln.x1 for ln in lines)) - left
        blocks: list[list[TextLine]] = []
        for line in lines:
            # the open block this line goes on: its last line stands one pitch above, in the
            # same type, starting where this one starts (a figure's labels beside a block do
            # not break it)
            home = next(
                (
                    block
                    for block in reversed(blocks)
                    if abs(block[-1].size - line.size) <= SAME_SIZE * line.size
                    and TIE * line.size
                    < line.bottom - block[-1].bottom
                    <= (pitch + PITCH_SLACK + TIE) * line.size
                    and abs(block[-1].x0 - line.x0) <= (ALIGN + TIE) * line.size
                ),
                None,
            )
            if home is None:
                blocks.append([line])
            else:
                home.append(line)
        for block in blocks:
            for line in block:
                # level within less than a character: punctuation may hang past the margin
                # (ぶら下げ); lines a character apart to within TIE (sogosenryaku p6: two
                # numbered items, meti-denki-kaishaku-b: two short lines) are not level
                reach = (1 - TIE) * line.size
                level = [other.x1 for other in block if abs(other.x1 - line.x1) < reach]
                if len(level) >= 2 and line.x1 - left >= LOCAL_MARGIN * width:
                    found[id(line)] = max(level)
    return found


def page_elements(page: PageLayout, edges: dict[int, float], pitch: float) -> list[Element]:
    """The page's lines, tables and boxes in reading order.

    On a two-column page, elements that span the gutter divide the page into bands; each band
    is read left column, then right column.
    """
    placed: list[tuple[int, float, Element]] = []
    block_edges = _block_edges(page.columns, pitch, edges)
    lefts: dict[int, float] = {}
    for column, line in page.columns:
        lefts[column] = min(lefts.get(column, line.x0), line.x0)
    for column, line in page.columns:
        edge = block_edges.get(id(line)) or edges[column] or line.x1
        placed.append((column, line.top, FlowLine(line, column, edge, lefts[column])))
    for grid, lines in page.boxes:
        placed.append((column_of(grid.bbox, page.stretches), grid.bbox[1], BoxElement(grid, lines)))
    for grid, rows in page.tables:
        placed.append((column_of(grid.bbox, page.stretches), grid.bbox[1], GridElement(grid, rows)))
    # tops this close are level (in either engine's coordinates)
    tie = TIE * max((line.size for _, line in page.columns), default=0.0)
    spanning = sorted(top for column, top, _ in placed if column == FULL)
    ordered: list[tuple[int, int, float, Element]] = []
    for column, top, element in placed:
        if column == FULL:  # after the bands above it
            band = 2 * sum(1 for t in spanning if t < top - tie) + 1
        else:  # after the spanning elements above it, before those below
            band = 2 * sum(1 for t in spanning if t <= top + tie)
        ordered.append((band, column, top, element))
    # by band and column, then top to bottom; elements level at the top keep the order they
    # were placed in (kampo-page: a vertical line starts level with a row of characters)
    placed_at = {id(item): k for k, item in enumerate(ordered)}
    ordered.sort(key=lambda item: (item[0], item[1]))
    ordered = [
        item
        for _, group in itertools.groupby(ordered, key=lambda item: (item[0], item[1]))
        for item in level_sorted(group, itemgetter(2), tie, then=lambda item: placed_at[id(item)])
    ]
    elements = [element for *_, element in ordered]
    number_runs(elements)
    sizes: Counter[float] = Counter()  # by glyph
    for e in elements:
        if isinstance(e, FlowLine) and e.line.glyphs:
            sizes[e.line.size] += len(e.line.glyphs)
    usual = _usual_size(sizes)
    page_size = 0.0 if usual is None else float(usual)
    for element in elements:
        if isinstance(element, FlowLine):
            element.page_size = page_size
    previous_column = None
    for position, (_, column, _, element) in enumerate(ordered):
        if position == 0 or (column == RIGHT and previous_column != RIGHT):
            element.fresh = True
        previous_column = column
    return elements


ENGINES = ("pdfium", "pdfplumber")  # the character sources; the first is the default
DEFAULT_ENGINE = "pdfplumber"


def _check_header(path: str, data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        kind = "PNG image data" if data.startswith(b"\x89PNG") else f"starts with {data[:8]!r}"
        raise InputError(path, f"not a PDF file ({kind})")


def _open(path: str, data: bytes) -> Any:
    import pdfplumber

    _check_header(path, data)
    try:
        pdf = pdfplumber.open(path)
        if not pdf.pages:
            raise InputError(path, "damaged or truncated PDF (no pages)")
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # pdfplumber wraps what pdfminer raises for damaged files
        raise _damaged(path, exc) from None
    return pdf


# A page source opens the document and gives its page count and a function that reads its
# pages first, first + step, … (0-based), closing the document when they are read.
Pages = Callable[[int, int], Generator[Any, None, None]]


def _plumber_pages(path: str, data: bytes) -> tuple[int, Pages]:
    """pdfplumber's pages, each closed once read (only glyph geometry is kept)."""
    pdf = _open(path, data)

    def pages(first: int, step: int) -> Generator[Any, None, None]:
        with pdf:
            for page in pdf.pages[first::step]:
                yield page
                page.close()

    return len(pdf.pages), pages


def _pdfium_pages(path: str, data: bytes) -> tuple[int, Pages]:
    """PDFium's pages (pdfium.py), read one at a time."""
    import pypdfium2

    from keikaku.pipeline.loaders.pdf.pdfium import PdfiumDocument

    _check_header(path, data)
    try:
        pdf = PdfiumDocument(path)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise InputError(path, "encrypted PDF: it needs a password to be read") from None
        raise InputError(path, f"damaged or truncated PDF ({exc})") from None
    if not len(pdf):
        pdf.close()
        raise InputError(path, "damaged or truncated PDF (no pages)")

    def pages(first: int, step: int) -> Generator[Any, None, None]:
        try:
            yield from pdf.pages(first, step)
        finally:
            pdf.close()

    return len(pdf), pages


SOURCES: dict[str, Callable[[str, bytes], tuple[int, Pages]]] = {
    "pdfium": _pdfium_pages,
    "pdfplumber": _plumber_pages,
}


def _damaged(path: str, exc: BaseException) -> InputError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return InputError(path, "encrypted PDF: it needs a password to be read")
    detail = str(cause) or type(cause).__name__
    return InputError(path, f"damaged or truncated PDF ({detail})")


def load_pdf(
    path: str | Path,
    on_page: Callable[[int, int], None] | None = None,
    max_stream_bytes: int | None = None,
    engine: str = DEFAULT_ENGINE,
    jobs: int = 1,
) -> tuple[SourceText, list[Diagnostic]]:
    """The PDF as numbered lines (and the page each came from), and what could not be read.

    ``on_page(done, total)`` is called after each page is read. A compressed stream that
    decodes to more than ``max_stream_bytes`` stops the document with a ``LimitError``.
    ``engine`` names the character source: ``"pdfium"`` or ``"pdfplumber"``. ``jobs``: how
    many processes may read the pages of a long document (the result is the same).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (one of {', '.join(ENGINES)})")
    try:
        with bounded_streams(max_stream_bytes):
            return _load_pdf(path, on_page, engine, jobs)
    except Exception as error:
        if caused_by(error, StreamTooLarge):
            mib = (max_stream_bytes or 0) / (1 << 20)
            raise LimitError(
                str(path),
                f"a compressed stream decodes to more than {mib:g} MiB (--max-stream-mib)",
            ) from None
        raise


def _load_pdf(
    path: str | Path, on_page: Callable[[int, int], None] | None, engine: str, jobs: int
) -> tuple[SourceText, list[Diagnostic]]:
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    spool: PageSpool[PageLayout] = PageSpool()
    try:
        # The loader keeps every page it has read (up to the spool's budget) and makes almost
        # no cycles: with PDFium the collector took 10 % of its time on scripts/bench's
        # 100-page plan, freeing nothing. Paused for the reading, it stays paused into the
        # composing: turned on between the two, it looked at once through every page held
        # (one collection of 65 ms on that plan).
        with collector_paused(engine in ACYCLIC_SOURCES):
            summaries = _read_pages(name, data, engine, jobs, on_page, spool)
            with collector_paused():
                return _compose_pages(name, Path(path).name, data, summaries, spool)
    finally:
        spool.close()


# The character sources whose pages leave no reference cycles behind (306 objects for the
# collector after PDFium read the 100-page plan of scripts/bench). pdfminer's objects do form
# cycles (191 731 objects, 20 MiB more at the peak, on the same plan): pdfplumber reads with
# the collector on.
ACYCLIC_SOURCES = frozenset({"pdfium"})


@dataclass(frozen=True)
class PageSummary:
    """What the whole-document passes keep of a page read: its frame (``PageGlyphs`` without
    the glyphs), its glyph count and whether any glyph has text, and its edge lines (the
    furniture candidates) with their places in ``page_lines``."""

    index: int
    frame: PageGlyphs
    glyphs: int
    has_text: bool
    edges: list[TextLine]
    places: tuple[int, ...]  # where each edge line stands in page_lines


def summarize(page: PageLayout) -> PageSummary:
    lines = page_lines(page)
    edges = edge_lines(lines)
    place = {id(line): index for index, line in enumerate(lines)}
    glyphs = page.glyphs.glyphs
    frame = replace(page.glyphs, glyphs=())
    has_text = any(g.text.strip() for g in glyphs)
    places = tuple(place[id(line)] for line in edges)
    return PageSummary(page.index, frame, len(glyphs), has_text, edges, places)


def _read_one(name: str, pages: Iterator[Any], index: int) -> PageLayout:
    """The next page of ``pages``, read; what goes wrong names the file."""
    try:
        return read_page(index, next(pages))
    except (InputError, MemoryError):
        raise  # a memory cap is the caller's to report, not a damaged file
    except Exception as exc:
        raise _damaged(name, exc) from None


def _read_pages(
    name: str,
    data: bytes,
    engine: str,
    jobs: int,
    on_page: Callable[[int, int], None] | None,
    spool: PageSpool[PageLayout],
) -> list[PageSummary]:
    """Pass 1: every page read, summarized, and kept in ``spool``.

    With ``jobs`` above one and enough pages (``PAGES_PER_READER`` each), the pages are
    shared out among that many readers: this process reads every ``readers``-th page from
    the first, and forked processes (``_reader``) the others, each sending its pages back
    pickled; they are taken in page order, so what comes out is what one reader gives."""
    total, pages = SOURCES[engine](name, data)
    readers = max(1, min(jobs, total // PAGES_PER_READER)) if CAN_FORK else 1
    others = [_Reader.start(name, data, engine, first, readers) for first in range(1, readers)]
    own = pages(0, readers)
    summaries = []
    try:
        for index in range(1, total + 1):
            turn = (index - 1) % readers
            if turn == 0:
                layout = _read_one(name, own, index)
                summary = summarize(layout)
                spool.put(index, layout, summary.glyphs)
            else:
                summary = others[turn - 1].receive(name, index, spool)
            summaries.append(summary)
            if on_page is not None:
                on_page(index, total)
    finally:
        own.close()
        for reader in others:
            reader.stop()
    return summaries


# A document is read by several processes only with at least this many pages for each. A
# reader costs its forking, its opening the document again and the pickling of its pages: on
# otoineppu-sogosenryaku (16 pages, two readers of 8) the processes' CPU time together was
# 0.02 s (PDFium) and 0.10 s (pdfplumber) over one reader's, against 25 and 120 ms a page.
PAGES_PER_READER = 16
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


@dataclass
class _Reader:
    """A forked process reading pages ``first``, ``first + step``, … of a document."""

    process: Any
    connection: Connection

    @staticmethod
    def start(name: str, data: bytes, engine: str, first: int, step: int) -> _Reader:
        context = multiprocessing.get_context("fork")
        receiving, sending = context.Pipe(duplex=False)
        seconds = signal.alarm(0)  # a time limit set on this process holds for its readers
        signal.alarm(seconds)
        process = context.Process(
            target=_reader,
            args=(sending, name, data, engine, first, step, seconds),
            daemon=True,
        )
        process.start()
        sending.close()
        return _Reader(process, receiving)

    def receive(self, name: str, index: int, spool: PageSpool[PageLayout]) -> PageSummary:
        """Page ``index`` from this reader, kept in ``spool``; its reader's error raised."""
        try:
            message = pickle.loads(self.connection.recv_bytes())
        except EOFError:
            self.process.join()
            raise RuntimeError(
                f"{name}: the process reading page {index} ended unexpectedly "
                f"(exit status {self.process.exitcode})"
            ) from None
        kind = message[0]
        if kind == "page":
            summary = message[1]
            spool.put_pickled(index, self.connection.recv_bytes(), summary.glyphs)
            return summary
        if kind == "memory":
            raise MemoryError
        if kind == "stream":
            raise StreamTooLarge
        if kind == "bug":
            raise RuntimeError(f"{name}: reading page {index}: {message[1]}")
        raise InputError(message[1], message[2])

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _reader(
    connection: Connection,
    name: str,
    data: bytes,
    engine: str,
    first: int,
    step: int,
    seconds: int,
) -> None:
    """A reader process: pages ``first``, ``first + step``, … sent pickled, each as
    ("page", summary) followed by the pickled layout (which the loader may keep on disk as
    it is), or the error that stopped it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the loader's process ends its readers
    if seconds:
        signal.alarm(seconds)
    message: tuple[object, ...]
    try:
        total, pages = SOURCES[engine](name, data)
        read = pages(first, step)
        for index in range(first + 1, total + 1, step):
            layout = _read_one(name, read, index)
            layout_bytes = pickle.dumps(layout, protocol=pickle.HIGHEST_PROTOCOL)
            message = ("page", summarize(layout))
            connection.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
            connection.send_bytes(layout_bytes)  # as it is: not pickled again in a message
        return
    except BrokenPipeError:
        return  # the loader's process is gone (killed at its time limit): nothing to tell
    except MemoryError:
        message = ("memory",)
    except InputError as error:
        if caused_by(error, StreamTooLarge):
            message = ("stream",)
        else:
            message = ("input", error.path, error.reason)
    except Exception as error:  # a bug: the loader's process raises it as one
        message = ("bug", f"{type(error).__name__}: {error}")
    with contextlib.suppress(BrokenPipeError):
        connection.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))


def _settle(page: PageLayout, places: frozenset[int]) -> None:
    """Set the page's furniture aside (the lines at ``places`` in ``page_lines``), then find
    its two-column stretches and each line's column."""
    lines = page_lines(page)
    set_aside(page, frozenset(id(lines[place]) for place in places))
    page.stretches = find_stretches(page.flow, page.glyphs.width)
    page.columns = split_columns(page.flow, page.stretches)


def _compose_pages(
    name: str,
    file_name: str,
    data: bytes,
    summaries: list[PageSummary],
    spool: PageSpool[PageLayout],
) -> tuple[SourceText, list[Diagnostic]]:
    """Passes 2 and 3: the furniture, pitch and column edges of the whole document, then each
    page composed in turn."""
    glyph_count = sum(s.glyphs for s in summaries)
    unmapped = sum(s.frame.unmapped for s in summaries)
    if unmapped > UNREADABLE_SHARE * (glyph_count + unmapped) and unmapped:
        raise InputError(
            name,
            f"{unmapped} of {glyph_count + unmapped} characters are in fonts without a Unicode "
            "map: the text cannot be read",
        )
    if not any(s.has_text for s in summaries):
        raise InputError(name, "no text layer (a scanned PDF?): run OCR first")
    furniture = edges_to_furniture(
        [s.edges for s in summaries], [(s.frame.width, s.frame.height) for s in summaries]
    )
    aside = [
        frozenset(place for line, place in zip(s.edges, s.places, strict=True) if id(line) in ids)
        for s, ids in zip(summaries, furniture.lines, strict=True)
    ]
    steps: list[float] = []
    ends: dict[int, list[float]] = {FULL: [], LEFT: [], RIGHT: []}
    for summary, places in zip(summaries, aside, strict=True):
        on_disk = summary.index in spool.on_disk
        page = spool.take(summary.index)
        _settle(page, places)
        steps.extend(_page_steps(page))
        _page_ends(page, ends)
        if not on_disk:  # a page on disk stays as pass 1 wrote it: pass 3 settles it again,
            spool.put(summary.index, page)  # which costs less than writing it again
    composer = Composer(_pitch(steps))
    edges = _edges(ends)
    diagnostics = []
    for summary, places, printed in zip(summaries, aside, furniture.printed, strict=True):
        on_disk = summary.index in spool.on_disk
        page = spool.take(summary.index)
        if on_disk:
            _settle(page, places)
        composer.page(page_elements(page, edges, composer.pitch), (page.index, printed))
        if summary.frame.unmapped:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "pdf-unmapped-glyphs",
                    f"{summary.frame.unmapped} characters in a font without a Unicode map "
                    "could not be read",
                    None,
                    page=page.index,
                    printed_page=printed,
                )
            )
    out = composer.finish()
    frames = {summary.index: summary.frame for summary in summaries}
    text = "\n".join(out.lines) + "\n"
    source = SourceText(
        path=name,
        name=file_name,
        encoding="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        lines=tuple(Line(n, t) for n, t in enumerate(out.lines, start=1)),
        pages=tuple(out.pages),
        boxes=tuple(tuple(_box(area, frames) for area in areas) for areas in out.areas),
    )
    return source, diagnostics


def _box(area: Area, frames: dict[int, PageGlyphs]) -> Box:
    """A printed line's place on its page as drawn, to two decimals (stable in goldens)."""
    index, *corners = area
    x0, top, x1, bottom = frames[index].drawn((corners[0], corners[1], corners[2], corners[3]))
    return Box(index, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
