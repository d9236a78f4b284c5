"""Stage ``elements_to_text``: the page's lines, tables and boxes, in reading order, as text.

What comes out reads like a text edition of the plan, one block per line:

* a paragraph (or list item) is one line: lines wrapped at the edge of their column are
  joined back (no space between Japanese characters, one between Latin words), across a page
  or column break too. A line continues the one before when a reader would read on: the line
  before ran to the column's edge, the type is the same, the baseline is one line pitch
  further down (any distance after a page or column break), the line starts where the
  paragraph's lines start (within a type size and a half, so hanging and first-line indents
  both wrap), and it does not start with a list marker where items start. A line that opens
  with a character Japanese never begins a line with (行頭禁則) always goes on;
* a table row is one line of tab-separated cells, a cell's wrapped lines joined into one
  text; a table continued at the top of the next page with the same columns goes on;
* a box (a heading band, a framed passage) is read as a region of its own: what is inside
  it does not run on into what is outside; a number in a box of its own beside a heading
  band leads the heading (「1 行政サービスの高度化」);
* a footnote definition is a line that starts with the number of a marker already
  seen (raised or not), set in smaller type than the line that marker stands in; it comes
  out as ``¹⁷⁸ term：…``, after the paragraph it interrupted, wherever it was set;
* a contents line (title, dot leaders, page number) comes out as ``title<TAB>page``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from keikaku.pipeline.loaders.pdf.columns import FULL
from keikaku.pipeline.loaders.pdf.lines import MARKER_DIGITS, TIE, TextLine
from keikaku.pipeline.loaders.pdf.tables import Grid
from keikaku.pipeline.model import PageSpan
from keikaku.pipeline.typography import (
    ASCII_TO_SUPERSCRIPT,
    NO_LINE_START,
    SUPERSCRIPT_TO_ASCII,
    join_wrapped_pair,
)

FULL_LINE = 1.5  # a line ending within this many type sizes of its column's edge is wrapped
PITCH_SLACK = 0.4  # a wrapped line's baseline is at most one pitch + this × size below
ALIGN = 1.5  # a wrapped line starts within this many sizes of its paragraph's first line
TAB_GAP_SLACK = 1.5  # a cell ran on when it ends within the gap a tab needs of the next
SAME_SIZE = 0.1  # type sizes within this share are the same
NOTE_SIZE = 0.97  # a footnote is set below this share of the size of the text it annotates
NOTE_LIST = 3  # a list of this many consecutive note numbers is a list of notes
NOTE_STEP = 2.0  # a note's wrapped line is at most this many sizes below the line before
LIST_MARKERS = frozenset("・•●○◆◇■□▪▫◎※-－‐−")
CONTENTS_LINE = regex.compile(
    r"^(?P<title>.*?\S)[ \t\u3000]*(?:[.\uff0e・･…‥·⋯][ \t\u3000]*){3,}(?P<page>\d{1,4})[ \t]*$"
)
NUMBER_LABEL = regex.compile(r"^(?:\d{1,3}|[IVX]{1,4}|[\u2160-\u216b]|[\u2460-\u2473])$")

Where = tuple[int, int | None]  # page index, printed page
# where a printed line stands: page index, x0, top, x1, bottom (in the page's reading frame)
Area = tuple[int, float, float, float, float]


def line_area(line: TextLine, where: Where) -> Area:
    """The rectangle a printed line covers on its page, its raised markers included."""
    glyphs = line.glyphs + line.markers
    return (
        where[0],
        min(g.x0 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.x1 for g in glyphs),
        max(g.bottom for g in glyphs),
    )


@dataclass
class Output:
    """The text lines, the page span each was read from and the printed lines it covers."""

    lines: list[str] = field(default_factory=list)
    pages: list[PageSpan] = field(default_factory=list)
    areas: list[list[Area]] = field(default_factory=list)

    def add(self, text: str, first: Where, last: Where, areas: list[Area] | None = None) -> None:
        self.lines.append(text)
        self.pages.append(PageSpan(first[0], last[0], first[1], last[1]))
        self.areas.append(areas or [])

    def blank(self, where: Where) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("", where, where)


@dataclass
class Paragraph:
    text: str
    first: Where
    last: Where
    line: TextLine  # the last line read into it
    left: float  # where its first line starts
    edge: float  # the right edge of the column or box it is set in
    indent: float = 0.0  # how far right of its column's left edge its first line starts
    lines: int = 1  # how many lines were read into it
    areas: list[Area] = field(default_factory=list)  # where its printed lines stand


@dataclass
class UnruledRow:
    """The last row of an unruled table written: its output line, its columns' left edges,
    its cells' texts and right ends, the line it was read from, its column's edge."""

    index: int
    starts: list[float]
    cells: list[str]
    ends: list[float]
    line: TextLine
    edge: float

    @property
    def ran_on(self) -> list[bool]:
        """For each cell: whether its text ran to the next column (or to the edge)."""
        limits = [*self.starts[1:], self.edge]
        size = self.line.size
        return [
            bool(text) and end >= limit - (TAB_GAP_SLACK + 1.5 + TIE) * size
            for text, end, limit in zip(self.cells, self.ends, limits, strict=True)
        ]


def _cut_at(
    line: TextLine, pieces: list[tuple[float, float, str]], starts: list[float]
) -> list[tuple[float, float, str]]:
    """The line's pieces, also cut where a piece runs over the start of a known column with
    white space just before it (a cell that came closer to the next than a cell gap)."""
    cuts = [
        x
        for x in starts[1:]
        if any(x0 < x - (0.5 + TIE) * line.size and x < x1 for x0, x1, _ in pieces)
        and not any(g.x1 > x - (0.3 - TIE) * line.size and g.x0 < x for g in line.glyphs)
    ]
    if not cuts:
        return pieces
    out: list[tuple[float, float, str]] = []
    rest: TextLine | None = line
    for x in cuts:
        if rest is None:
            break
        left, rest = rest.split_at(x)
        if left is not None:
            out.extend(left.cells())
    if rest is not None:
        out.extend(rest.cells())
    return out


def _column(starts: list[float], x0: float, size: float) -> int | None:
    """The column a piece starting at ``x0`` stands in: the one whose left edge is nearest,
    within a type size and a half (fpdf2 rendition p6: a cell's second line centred 1.5 sizes
    in)."""
    nearest = min(abs(start - x0) for start in starts)
    # of two as near (to within TIE, kampo-page: a piece halfway between two), the first
    best = next(j for j, start in enumerate(starts) if abs(start - x0) <= nearest + TIE * size)
    return best if nearest <= (ALIGN + TIE) * size else None


@dataclass
class FlowLine:
    """A line of running text in reading order; ``fresh`` after a page or column break."""

    line: TextLine
    column: int
    edge: float
    left: float  # where the lines of its column start
    fresh: bool = False
    listed: int = 0  # lines in the run of consecutive leading numbers it belongs to
    page_size: float = 0.0  # the type size most running text on its page is set in


@dataclass
class GridElement:
    grid: Grid
    cells: list[list[list[TextLine]]]  # per row, per cell: the cell's lines
    fresh: bool = False


@dataclass
class BoxElement:
    grid: Grid
    lines: list[TextLine]
    fresh: bool = False


Element = FlowLine | GridElement | BoxElement


def leading_number(line: TextLine) -> int | None:
    """The number a line starts with, raised or not (``¹⁷⁸ リソース…``, ``178 リソース…``)."""
    glyphs = sorted(line.glyphs + line.markers, key=lambda g: g.x0)
    digits = ""
    for glyph in glyphs:
        if glyph.text in MARKER_DIGITS:
            digits += glyph.text
        elif glyph.text.strip() or digits:
            break
    if not digits or len(digits) > 4:
        return None
    return int(digits.translate(SUPERSCRIPT_TO_ASCII))


def number_runs(elements: list[Element]) -> None:
    """Mark each line that starts a run of consecutive numbers (178, 179, …) set at one x in
    one type size with the length of its run (``FlowLine.listed``)."""
    numbered = [
        (e, n)
        for e in elements
        if isinstance(e, FlowLine) and (n := leading_number(e.line)) is not None
    ]
    runs: list[list[FlowLine]] = []
    previous: tuple[FlowLine, int] | None = None
    for element, number in numbered:
        if (
            previous is not None
            and number == previous[1] + 1
            and abs(element.line.x0 - previous[0].line.x0) <= (1 + TIE) * element.line.size
            and abs(element.line.size - previous[0].line.size) <= SAME_SIZE * element.line.size
        ):
            runs[-1].append(element)
        else:
            runs.append([element])
        previous = (element, number)
    for run in runs:
        for element in run:
            element.listed = len(run)


def marker_numbers(line: TextLine) -> list[int]:
    """The footnote numbers the line's raised markers name, left to right."""
    numbers: list[int] = []
    run = ""
    last_x1 = None
    for glyph in sorted(line.markers, key=lambda g: g.x0):
        if run and last_x1 is not None and glyph.x0 - last_x1 > (0.5 + TIE) * glyph.size:
            numbers.append(int(run.translate(SUPERSCRIPT_TO_ASCII)))
            run = ""
        run += glyph.text
        last_x1 = glyph.x1
    if run:
        numbers.append(int(run.translate(SUPERSCRIPT_TO_ASCII)))
    return numbers


def cell_text(lines: list[TextLine]) -> str:
    """A table cell's text: its lines joined as wrapped lines; a wide gap inside a cell (text
    spread across it) is a space, since a cell holds one text."""
    text = ""
    for line in lines:
        text = join_wrapped_pair(text, " ".join(piece for _, _, piece in line.cells()))
    return text


def contents_entry(text: str) -> str:
    """A contents line with its dot leaders as one tab: 「評価・検証の仕組み ・・・・ 3」."""
    match = CONTENTS_LINE.match(text)
    if match is None:
        return text
    return match.group("title") + "\t" + match.group("page")


class Composer:
    """Reads the elements of each page in turn and writes the text lines (module doc)."""

    def __init__(self, pitch: float) -> None:
        self.pitch = pitch  # the body's baseline distance, in type sizes
        self.out = Output()
        self.paragraph: Paragraph | None = None
        self.note: Paragraph | None = None
        self.pending_notes: list[Paragraph] = []
        self.last_table: tuple[int, ...] | None = None
        # the last table row written: its line, its cells, whether each cell's text ran on
        self.last_row: tuple[int, list[str], list[bool]] | None = None
        self.row: UnruledRow | None = None  # the last row of an unruled table written
        # each marker number seen, with the type size of the line it stands in
        self.markers_seen: dict[int, float] = {}

    # --- paragraphs -------------------------------------------------------------------

    def flush(self) -> None:
        """End the paragraph being read; the footnotes set inside it follow it."""
        self.end_note()
        if self.paragraph is not None:
            paragraph = self.paragraph
            self.out.add(paragraph.text, paragraph.first, paragraph.last, paragraph.areas)
            self.out.add("", self.paragraph.last, self.paragraph.last)
            self.paragraph = None
        for note in self.pending_notes:
            self.out.add(note.text, note.first, note.last, note.areas)
            self.out.add("", note.last, note.last)
        self.pending_notes = []

    def _continues(self, element: FlowLine, text: str) -> bool:
        line, fresh = element.line, element.fresh
        paragraph = self.paragraph
        if paragraph is None:
            return False
        before = paragraph.line
        if abs(before.size - line.size) > SAME_SIZE * line.size or before.bold != line.bold:
            return False
        if "\t" in text or "\t" in paragraph.text:
            return False  # cells of an unruled table are not wrapped text
        if before.x1 < paragraph.edge - (FULL_LINE + TIE) * before.size:
            return False  # the line before ended short of the edge: the paragraph ended
        step = line.bottom - before.bottom
        if not fresh and not TIE * line.size < step <= (self.pitch + PITCH_SLACK + TIE) * line.size:
            return False
        if text[:1] in NO_LINE_START and text[:1] not in LIST_MARKERS:
            return True  # a line never starts with these (行頭禁則): it goes on
        if fresh:  # at the top of a page or column: placed in its column as a wrap would be
            reach = element.left + max(paragraph.indent, 0.0) + (ALIGN + TIE) * line.size
            if not element.left - (0.5 + TIE) * line.size <= line.left <= reach:
                return False
        elif abs(line.left - before.left) > (ALIGN + TIE) * line.size:
            return False  # the lines of a paragraph start together (an indent or a hang aside)
        elif paragraph.lines >= 2 and line.left > before.left + (0.5 + TIE) * line.size:
            return False  # indented under wrapped lines: a new paragraph's first line
        if text[:1] in LIST_MARKERS and line.left <= paragraph.left + (0.5 + TIE) * line.size:
            return False  # a new item where items start
        return True

    def flow(self, element: FlowLine, where: Where) -> None:
        line = element.line
        pieces = line.cells()
        text = "\t".join(piece for _, _, piece in pieces)  # line.text(), cut once
        if self._is_note(element):  # its raised number names the note, it marks nothing
            self.start_note(line, text, where, element.edge)
            return
        self.markers_seen.update((n, line.size) for n in marker_numbers(line))
        if self.note is not None and self._note_goes_on(line, element.fresh):
            self.note.text = join_wrapped_pair(self.note.text, text)
            self.note.last, self.note.line = where, line
            self.note.areas.append(line_area(line, where))
            return
        self.end_note()
        self.last_table = None  # running text after a table: the table has ended
        if self._row(element, where, pieces):
            return
        if self._continues(element, text):
            paragraph = self.paragraph
            assert paragraph is not None
            paragraph.text = join_wrapped_pair(paragraph.text, text)
            paragraph.last, paragraph.line, paragraph.edge = where, line, element.edge
            paragraph.lines += 1
            paragraph.areas.append(line_area(line, where))
            if element.fresh:  # in a new column: items there start at the same place in it
                paragraph.left = element.left + paragraph.indent
            return
        self.flush()
        self.paragraph = Paragraph(
            contents_entry(text),
            where,
            where,
            line,
            line.x0,
            element.edge,
            line.x0 - element.left,
            areas=[line_area(line, where)],
        )

    # --- unruled tables ------------------------------------------------------------------

    def _row(self, element: FlowLine, where: Where, pieces: list[tuple[float, float, str]]) -> bool:
        """Read a line as a row of an unruled table, if it is one (module doc); True if so.

        A line cut by wide gaps starts or continues a table. A line right under a row whose
        pieces stand under that row's columns (not under the first) is another row, its empty
        cells kept; or, when each of its pieces goes on a cell whose text ran to the next
        column, the rest of those cells (an indicator wrapped onto a second line).
        ``pieces`` are the line's ``cells()``.
        """
        line = element.line
        row = self.row
        same = row is not None and abs(row.line.size - line.size) <= SAME_SIZE * line.size
        step = line.bottom - row.line.bottom if row is not None else 0.0
        low = TIE * line.size  # a step this short is none
        below = same and low < step <= (self.pitch + PITCH_SLACK + TIE) * line.size
        # the next row of the same table, after the space rows are set apart by
        next_row = same and low < step <= (2 * self.pitch + PITCH_SLACK + TIE) * line.size
        if row is not None and (below or next_row):
            pieces = _cut_at(line, pieces, row.starts)
            found = [_column(row.starts, x0, line.size) for x0, _, _ in pieces]
            columns = [j for j in found if j is not None]
            fits = len(columns) == len(pieces) and (len(pieces) > 1 or columns[0] != 0)
            if fits and not below:
                fits = len(pieces) > 1 and columns[0] == 0
            if fits:
                placed = dict(zip(columns, (text for _, _, text in pieces), strict=True))
                if below and all(row.ran_on[j] for j in placed):
                    for j, text in placed.items():
                        row.cells[j] = join_wrapped_pair(row.cells[j], text)
                        row.ends[j] = max(row.ends[j], pieces[columns.index(j)][1])
                    self.out.lines[row.index] = "\t".join(row.cells).rstrip("\t")
                    span = self.out.pages[row.index]
                    self.out.pages[row.index] = PageSpan(
                        span.page, where[0], span.printed_page, where[1]
                    )
                    self.out.areas[row.index].append(line_area(line, where))
                else:
                    cells = [placed.get(j, "") for j in range(len(row.starts))]
                    ends = [
                        pieces[columns.index(j)][1] if j in placed else 0.0
                        for j in range(len(row.starts))
                    ]
                    self.out.add(
                        "\t".join(cells).rstrip("\t"), where, where, [line_area(line, where)]
                    )
                    row = UnruledRow(
                        len(self.out.lines) - 1, row.starts, cells, ends, line, element.edge
                    )
                row.line = line
                self.row = row
                return True
        if len(pieces) < 2:
            self.row = None
            return False
        self.flush()
        self.out.blank(where)
        self.out.add(
            "\t".join(text for _, _, text in pieces), where, where, [line_area(line, where)]
        )
        self.row = UnruledRow(
            len(self.out.lines) - 1,
            [x0 for x0, _, _ in pieces],
            [text for _, _, text in pieces],
            [x1 for _, x1, _ in pieces],
            line,
            element.edge,
        )
        return True

    # --- footnote definitions -----------------------------------------------------------

    def _is_note(self, element: FlowLine) -> bool:
        """A line that starts with the number of a marker seen before, and that a reader takes
        for its note: set smaller than the line the marker stands in; or one of a list of
        consecutive numbers (178, 179, …) set smaller than the page's running text; or of a
        list of three or more such numbers, in type no larger than the marker's line (notes
        to markers that stand in small table cells)."""
        line = element.line
        number = leading_number(line)
        if number is None or number not in self.markers_seen:
            return False
        host = self.markers_seen[number]
        if line.size < NOTE_SIZE * host:
            return True
        if element.listed >= 2 and line.size < NOTE_SIZE * element.page_size:
            return True
        return element.listed >= NOTE_LIST and line.size <= host * (1 + SAME_SIZE)

    def _note_goes_on(self, line: TextLine, fresh: bool) -> bool:
        note = self.note
        assert note is not None
        before = note.line
        if abs(before.size - line.size) > SAME_SIZE * line.size or fresh:
            return False
        step = line.bottom - before.bottom
        return TIE * line.size < step <= (NOTE_STEP + TIE) * line.size and line.x0 >= (
            note.left - (1 + TIE) * line.size
        )

    def start_note(self, line: TextLine, text: str, where: Where, edge: float) -> None:
        self.end_note()
        number = leading_number(line)
        body = text.lstrip("".join(sorted(MARKER_DIGITS)) + " \t\u3000")
        marker = str(number).translate(ASCII_TO_SUPERSCRIPT)
        left = min(g.x0 for g in line.glyphs + line.markers)  # the number may hang left
        self.note = Paragraph(
            f"{marker} {body}", where, where, line, left, edge, areas=[line_area(line, where)]
        )

    def end_note(self) -> None:
        if self.note is not None:
            self.pending_notes.append(self.note)
            self.note = None

    # --- tables and boxes ---------------------------------------------------------------

    def table(self, element: GridElement, where: Where) -> None:
        grid = element.grid
        rows = [[cell_text(lines) for lines in cells] for cells in element.cells]
        areas = [
            [line_area(line, where) for lines in cells for line in lines] for cells in element.cells
        ]
        for cells in element.cells:
            for lines in cells:
                for line in lines:
                    self.markers_seen.update((n, line.size) for n in marker_numbers(line))
        if _is_numbered_heading(grid, rows):
            self.flush()
            self.out.blank(where)
            self.out.add(f"{rows[0][0]} {rows[0][1]}", where, where, areas[0])
            self.out.add("", where, where)
            self.last_table = None
            return
        continued = element.fresh and self.last_table == grid.columns
        if not continued:
            self.flush()  # a new table; one continued from the page before goes on directly
            self.out.blank(where)
        else:
            self.end_note()
            if self._row_goes_on(element.cells[0]):
                self._extend_last_row(rows[0], where, areas[0])
                rows, areas, element.cells = rows[1:], areas[1:], element.cells[1:]
        for row, row_areas in zip(rows, areas, strict=True):
            self.out.add("\t".join(row), where, where, row_areas)
        if element.cells:
            self.last_row = (len(self.out.lines) - 1, rows[-1], _wrapped(element, -1))
        self.last_table = grid.columns

    def _row_goes_on(self, cells: list[list[TextLine]]) -> bool:
        """Whether the first row of a table continued on a new page is the rest of the row the
        page before ended with: some cells empty, and text only in cells that were empty there
        or whose text there ran to the cell's edge."""
        if self.last_row is None or len(cells) != len(self.last_row[1]):
            return False
        filled = [i for i, lines in enumerate(cells) if lines]
        if not filled or len(filled) == len(cells):
            return False
        before = self.last_row[1]
        return all(self.last_row[2][i] or not before[i] for i in filled)

    def _extend_last_row(self, row: list[str], where: Where, areas: list[Area]) -> None:
        assert self.last_row is not None
        index, before, _ = self.last_row
        joined = [join_wrapped_pair(a, b) for a, b in zip(before, row, strict=True)]
        self.out.lines[index] = "\t".join(joined)
        self.out.areas[index].extend(areas)
        span = self.out.pages[index]
        self.out.pages[index] = PageSpan(span.page, where[0], span.printed_page, where[1])

    def box(self, element: BoxElement, where: Where) -> None:
        self.flush()
        self.last_table = None
        self.row = None  # an unruled table does not go on inside a box
        edge = max((line.x1 for line in element.lines), default=element.grid.bbox[2])
        left = min((line.x0 for line in element.lines), default=element.grid.bbox[0])
        for index, line in enumerate(element.lines):
            self.flow(FlowLine(line, FULL, edge, left, fresh=index == 0), where)
        self.flush()

    def page(self, elements: list[Element], where: Where) -> None:
        for element in elements:
            if isinstance(element, FlowLine):
                self.flow(element, where)
            elif isinstance(element, GridElement):
                self.table(element, where)
            else:
                self.box(element, where)

    def finish(self) -> Output:
        self.flush()
        while self.out.lines and self.out.lines[-1] == "":
            self.out.lines.pop()
            self.out.pages.pop()
            self.out.areas.pop()
        return self.out


def _wrapped(element: GridElement, row: int) -> list[bool]:
    """For each cell of a row: whether its last line runs to the cell's right edge."""
    flags = []
    for lines, box in zip(element.cells[row], element.grid.rows[row], strict=True):
        last = max(lines, key=lambda ln: ln.bottom) if lines else None
        flags.append(last is not None and last.x1 >= box[2] - (FULL_LINE + 0.5 + TIE) * last.size)
    return flags


def _is_numbered_heading(grid: Grid, rows: list[list[str]]) -> bool:
    """A number in a box of its own beside a heading band: one row of two cells, the first
    a number (a table of one row and two cells is not a table a reader sees)."""
    return (
        len(rows) == 1
        and len(rows[0]) == 2
        and NUMBER_LABEL.match(rows[0][0]) is not None
        and bool(rows[0][1])
    )
