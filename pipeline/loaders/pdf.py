"""Load a plan PDF with pdfplumber into the numbered lines the text loader gives.

Everything after the loader is shared with text input, so the PDF is turned into lines that
read like the extracted text of the same plan:

* body lines wrapped at the column edge are joined back into one paragraph (no space between
  Japanese characters, one between Latin words), never joining a line that starts a heading,
  a bullet or a table row, nor lines of another type size;
* footnote markers are characters smaller than their line and raised above its baseline: they
  become superscript digits (¹⁸¹), as the text has them;
* the running header and the page-number footer (bands at the top and bottom of the page) are
  set aside; the printed page number is kept for each line's source;
* footnote definitions at the bottom of the page (lines in a smaller type than the body, below
  the body) become ``¹⁸¹ term：definition`` lines;
* ruled tables are read cell by cell from their ruling lines, a cell's lines joined into one
  text, each row a line of tab-separated cells; a table continued at the top of the next page
  continues the table before it;
* CID fonts carry JIS characters with the code points the legacy codecs use (U+2015 for the
  dash): folded as for Shift_JIS text.

Only relative sizes and positions are used (fractions of the page, multiples of the body type
size), never font names or point sizes. Every character ends up in a line, a cell, the header
or the footer; any other is counted in a diagnostic.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from parsers.blocks import classify
from pipeline.errors import InputError
from pipeline.loaders.text import LEGACY_FOLDS
from pipeline.model import Diagnostic, Line, PageSpan, SourceText
from pipeline.typography import (
    ASCII_TO_SUPERSCRIPT,
    NO_LINE_START,
    SUPERSCRIPT_DIGITS,
    join_wrapped_pair,
)

Char = dict[str, Any]

HEADER_BAND = 0.065  # the running header stands above this fraction of the page height
FOOTER_BAND = 0.945  # the page-number footer below it
SMALL = 0.86  # type below this share of the body (or host line) size is small
RAISED = 0.2  # a marker's baseline is this share of its line's size above the line's
BASELINE = 0.25  # characters whose baselines differ by less (× size) share a line
TAB_GAP = 1.5  # a horizontal gap of this many type sizes separates cells
SPACE_GAP = 0.3  # a gap this wide, with no space character in it, is a space
FULL_LINE = 1.5  # a line ending within this many sizes of the column edge is wrapped
LINE_STEP = 2.0  # baselines further apart than this many sizes do not wrap one paragraph
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
NOTE_NUMBER = regex.compile(r"^([0-9" + SUPERSCRIPT_DIGITS + r"]{1,4})[ \t]+(?=\S)")
CID = regex.compile(r"\(cid:\d+\)")


@dataclass
class TextLine:
    """Characters on one baseline, with the raised markers that belong to it."""

    chars: list[Char]
    markers: list[Char] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return float(statistics.median(c["bottom"] for c in self.chars))

    @property
    def x0(self) -> float:
        return float(min(c["x0"] for c in self.chars))

    @property
    def x1(self) -> float:
        return float(max(c["x1"] for c in self.chars))

    @property
    def size(self) -> float:
        return float(statistics.median(c["size"] for c in self.chars))

    def text(self) -> str:
        """The characters left to right: markers as superscripts, wide gaps as tabs."""
        marks = {id(c) for c in self.markers}
        out: list[str] = []
        previous: Char | None = None
        for char in sorted(self.chars + self.markers, key=lambda c: c["x0"]):
            if previous is not None:
                gap = char["x0"] - previous["x1"]
                if gap > TAB_GAP * self.size:
                    out.append("\t")
                elif gap > SPACE_GAP * self.size and " " not in (char["text"], previous["text"]):
                    out.append(" ")
            text = char["text"].translate(LEGACY_FOLDS)
            out.append(text.translate(ASCII_TO_SUPERSCRIPT) if id(char) in marks else text)
            previous = char
        return "".join(out)


def chars_to_lines(chars: list[Char]) -> list[TextLine]:
    """Lines top to bottom; a run of small raised characters becomes markers of its line."""
    lines: list[TextLine] = []
    for char in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs(last.chars[-1]["bottom"] - char["bottom"]) <= BASELINE * char["size"]
        ):
            last.chars.append(char)
        else:
            lines.append(TextLine([char]))
    kept: list[TextLine] = []
    for line in lines:
        host = next(
            (
                other
                for other in lines
                if other is not line
                and line.size < SMALL * other.size
                and other.bottom - other.size < line.bottom < other.bottom - RAISED * other.size
                and other.x0 - other.size <= line.x0 <= other.x1 + other.size
            ),
            None,
        )
        if host is not None and all(c["text"].strip() for c in line.chars):
            host.markers.extend(line.chars)
        else:
            kept.append(line)
    return kept


def _inside(char: Char, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


@dataclass
class _Element:
    top: float
    line: TextLine | None = None
    rows: list[str] = field(default_factory=list)
    columns: tuple[int, ...] = ()


@dataclass
class _Output:
    lines: list[str] = field(default_factory=list)
    pages: list[PageSpan] = field(default_factory=list)

    def add(self, text: str, first: tuple[int, int | None], last: tuple[int, int | None]) -> None:
        self.lines.append(text)
        self.pages.append(PageSpan(first[0], last[0], first[1], last[1]))


@dataclass
class _Paragraph:
    text: str
    first: tuple[int, int | None]
    last: tuple[int, int | None]
    line: TextLine


class _Reader:
    def __init__(self, path: str, body_size: float, right_edge: float) -> None:
        self.path = path
        self.body = body_size
        self.right = right_edge
        self.out = _Output()
        self.paragraph: _Paragraph | None = None
        # footnote definitions wait until the paragraph running across the page break ends
        self.pending_notes: list[tuple[str, tuple[int, int | None]]] = []
        self.last_table: tuple[int, ...] | None = None
        self.diagnostics: list[Diagnostic] = []

    def flush(self) -> None:
        if self.paragraph is not None:
            self.out.add(self.paragraph.text, self.paragraph.first, self.paragraph.last)
            self.out.add("", self.paragraph.last, self.paragraph.last)
            self.paragraph = None
        for note, page in self.pending_notes:
            self.out.add(note, page, page)
            self.out.add("", page, page)
        self.pending_notes = []

    def _continues(self, line: TextLine, text: str, new_page: bool) -> bool:
        previous = self.paragraph
        if previous is None:
            return False
        before = previous.line
        if abs(before.size - line.size) > 0.1 * line.size:
            return False
        if before.x1 < self.right - FULL_LINE * before.size:
            return False  # the line before ended short of the edge: a paragraph ended
        if not new_page and not 0 < line.bottom - before.bottom <= LINE_STEP * line.size:
            return False
        if text[:1] in NO_LINE_START:
            return True  # a line never starts with these (行頭禁則): it goes on
        return classify(Line(0, text)).kind == "paragraph"

    def body_line(self, line: TextLine, page: tuple[int, int | None], new_page: bool) -> None:
        text = line.text()
        if self._continues(line, text, new_page):
            assert self.paragraph is not None
            self.paragraph.text = join_wrapped_pair(self.paragraph.text, text)
            self.paragraph.last, self.paragraph.line = page, line
            return
        self.flush()
        self.paragraph = _Paragraph(text, page, page, line)

    def table(self, element: _Element, page: tuple[int, int | None], first_on_page: bool) -> None:
        if not (first_on_page and self.last_table == element.columns):
            self.flush()  # a new table; one continued from the page before goes on directly
            if self.out.lines and self.out.lines[-1] != "":
                self.out.add("", page, page)
        for row in element.rows:
            self.out.add(row, page, page)
        self.last_table = element.columns

    def notes(self, lines: list[TextLine], page: tuple[int, int | None]) -> None:
        notes: list[str] = []
        for line in lines:
            text = line.text()
            number = NOTE_NUMBER.match(text)
            if number is not None or not notes:
                if number is not None:
                    marker = number.group(1).translate(ASCII_TO_SUPERSCRIPT)
                    text = marker + " " + text[number.end() :]
                notes.append(text)
            else:
                notes[-1] = join_wrapped_pair(notes[-1], text)
        self.pending_notes.extend((note, page) for note in notes)

    def page(self, index: int, page: Any) -> None:
        chars = list(page.chars)
        for char in chars:
            if CID.search(char["text"]):
                raise InputError(
                    self.path,
                    f"text in a font without a Unicode map ({char['text']} on page {index}): "
                    "the characters cannot be read",
                )
        height = page.height
        header = [c for c in chars if c["bottom"] < HEADER_BAND * height]
        footer = [c for c in chars if c["top"] > FOOTER_BAND * height]
        margins = {id(c) for c in header + footer}
        digits = "".join(
            c["text"] for c in sorted(footer, key=lambda c: c["x0"]) if c["text"].isdigit()
        )
        where = (index, int(digits) if digits else None)
        content = [c for c in chars if id(c) not in margins]
        placed = len(header) + len(footer)
        elements: list[_Element] = []
        in_tables: set[int] = set()
        for table in page.find_tables(TABLE_SETTINGS):
            inside = [c for c in content if _inside(c, table.bbox)]
            in_tables.update(id(c) for c in inside)
            rows = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    if cell is None:
                        continue
                    cell_chars = [c for c in inside if _inside(c, cell)]
                    placed += len(cell_chars)
                    text = ""
                    for cell_line in chars_to_lines(cell_chars):
                        text = join_wrapped_pair(text, cell_line.text())
                    cells.append(text)
                rows.append("\t".join(cells))
            columns = tuple(round(c[0]) for c in table.rows[0].cells if c is not None)
            elements.append(_Element(table.bbox[1], rows=rows, columns=columns))
        flow = [c for c in content if id(c) not in in_tables]
        lines = chars_to_lines(flow)
        placed += sum(len(ln.chars) + len(ln.markers) for ln in lines)
        normal = [ln for ln in lines if ln.size >= SMALL * self.body]
        lowest = max((ln.bottom for ln in normal), default=0.0)
        tables_bottom = max((e.top for e in elements), default=0.0)
        notes = [
            ln
            for ln in lines
            if ln.size < SMALL * self.body and ln.top > max(lowest, tables_bottom)
        ]
        elements.extend(_Element(ln.top, line=ln) for ln in lines if ln not in notes)
        elements.sort(key=lambda e: e.top)
        for position, element in enumerate(elements):
            if element.line is not None:
                self.body_line(element.line, where, new_page=position == 0)
            else:
                self.table(element, where, first_on_page=position == 0)
        if not elements or elements[-1].line is not None:
            self.last_table = None  # only a table ending the page may continue on the next
        if notes:
            self.notes(notes, where)
        if placed < len(chars):
            self.diagnostics.append(
                Diagnostic(
                    "warning",
                    "pdf-characters-unplaced",
                    f"page {index}: {len(chars) - placed} characters in no line, cell, header "
                    "or footer",
                    None,
                )
            )


def _open(path: str, data: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if not data.startswith(b"%PDF-"):
        kind = "PNG image data" if data.startswith(b"\x89PNG") else f"starts with {data[:8]!r}"
        raise InputError(path, f"not a PDF file ({kind})")
    try:
        pdf = pdfplumber.open(path)
        pages = list(pdf.pages)
        for page in pages:
            page.chars  # noqa: B018 — parse every content stream now, inside the guard
    except Exception as exc:  # pdfplumber wraps what pdfminer raises for damaged files
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise InputError(path, "encrypted PDF: it needs a password to be read") from None
        detail = str(cause) or type(cause).__name__
        raise InputError(path, f"damaged or truncated PDF ({detail})") from None
    if not pages:
        raise InputError(path, "damaged or truncated PDF (no pages)")
    return pdf


def load_pdf(path: str | Path) -> tuple[SourceText, list[Diagnostic]]:
    """The PDF as numbered lines (and the page each came from), and what did not fit."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    pdf = _open(name, data)
    with pdf:
        all_chars = [c for page in pdf.pages for c in page.chars]
        if not any(c["text"].strip() for c in all_chars):
            raise InputError(name, "no text layer (a scanned PDF?): run OCR first")
        sizes = Counter(round(c["size"], 1) for c in all_chars if c["text"].strip())
        body = sizes.most_common(1)[0][0]
        # the column edge most body lines reach: where each baseline of body type ends
        line_ends: dict[tuple[int, float], float] = {}
        for index, page in enumerate(pdf.pages):
            for c in page.chars:
                if abs(c["size"] - body) < 0.1 * body:
                    key = (index, round(c["bottom"]))
                    line_ends[key] = max(line_ends.get(key, 0.0), c["x1"])
        ends = sorted(line_ends.values())
        right_edge = ends[int(0.9 * (len(ends) - 1))]
        reader = _Reader(name, body, right_edge)
        for index, page in enumerate(pdf.pages, start=1):
            reader.page(index, page)
        reader.flush()
    out = reader.out
    text = "\n".join(out.lines) + "\n"
    source = SourceText(
        path=name,
        name=Path(path).name,
        encoding="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        lines=tuple(Line(n, t) for n, t in enumerate(out.lines, start=1)),
        pages=tuple(out.pages),
    )
    return source, reader.diagnostics
