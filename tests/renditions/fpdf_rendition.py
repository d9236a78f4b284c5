"""The plan laid out line by line with fpdf2: a classic print design with its own line breaker.

Design: A4; the cover with the contents lines ranged right without leaders; a chapter index tab
on the outer edge of every page with the chapter written vertically, the page number at the
outer bottom corner and a printer's slug (file name, page, date, time) in the bottom margin;
headings marked by ornaments (■ ◆ ● ○) instead of boxes; ragged-right text with a quarter-em
gap set between kanji/kana and Latin letters or digits, as word processors do; footnote
definitions gathered at the end of each section, their numbers on the baseline at 90 % of the
body size; initiative boxes drawn as stroked rectangles, title first and its number in a cell
after it, 所管 in a row of its own (「所管：…」), the 目標 rows ruled by horizontal lines only
with the values in a row below the years; boxes split between rows at page breaks; the policy
overview on a page turned to landscape (/Rotate 90).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

from tests.renditions.content import (
    FIRST_PAGE,
    BulletList,
    Content,
    Heading,
    Initiative,
    Marker,
    Paragraph,
    Parent,
    PolicySummary,
    Target,
    Text,
    Vision,
    block_markers,
    load_content,
)
from tests.renditions.fonts import SANS, SERIF, truetype_file

PORTRAIT = (595.28, 841.89)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 62.0, 78.0, 64.0, 74.0
BODY, LEADING = 10.0, 17.0
NOTE, NOTE_LEADING = 9.0, 13.5  # 90 % of the body
CELL, CELL_LEADING, PAD = 9.0, 13.0, 4.0
MARKER_SCALE, MARKER_RISE = 0.58, 0.42
CJK_LATIN_GAP = 0.25  # em, between kanji/kana and Latin letters or digits
TAB_TEXT = "第3章行財政運営の取組"
SLUG = "ap2023_ch3-1_gyosei.indd   {page}   2023/10/31   10:22:05"
CREATED = datetime(2023, 10, 31, 10, 22, 5, tzinfo=UTC)
PREFIX = {
    "section": "■",
    "part": "◆",
    "summaries": "●",
    "policy": "■",
    "label": "◆",
    "group": "○",
}
SIZE = {"chapter": 18.0, "section": 15.0, "part": 12.5, "summaries": 12.0, "policy": 15.0}
# 行頭禁則: what never begins a line (the escapes are full-width punctuation and a quote)
NO_LINE_START = set(
    "、。，）」』】：ー…‥々ぁぃぅぇぉっゃゅょァィゥェォッャュョ%)]}”"
    "\uff0e\u3015\uff1b\uff1f\uff01\uff05\u2019"
)
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%/+&'\u2019-]*|\s|.")
INK, GREY, TAB = (30, 30, 30), (120, 120, 120), (46, 110, 84)


@dataclass(frozen=True)
class Piece:
    """An unbreakable piece of a line: a character, a Latin word or number, or a marker."""

    text: str
    marker: bool = False


def _script(text: str) -> str:
    first = text[:1]
    if first.isascii() and first.isalnum():
        return "latin"
    return "cjk" if first and ord(first) >= 0x2E80 else "other"


def _pieces(text: Text) -> list[Piece]:
    out: list[Piece] = []
    for run in text:
        if isinstance(run, Marker):
            out.append(Piece(str(run.number), marker=True))
        else:
            out.extend(Piece(token) for token in TOKEN.findall(run))
    return out


class Page:
    """One page's frame: its size (as seen) and whether it is turned to landscape."""

    def __init__(self, landscape: bool) -> None:
        width, height = PORTRAIT
        self.width, self.height = (height, width) if landscape else (width, height)
        self.landscape = landscape
        self.left, self.right = MARGIN_LEFT, self.width - MARGIN_RIGHT
        self.top, self.bottom = MARGIN_TOP, self.height - MARGIN_BOTTOM


class Layout:
    def __init__(self, content: Content) -> None:
        self.content = content
        pdf = FPDF(unit="pt", format="A4")
        pdf.set_creation_date(CREATED)
        pdf.set_title(content.title)
        pdf.set_auto_page_break(False)
        pdf.add_font("serif", fname=str(truetype_file(SERIF)))
        pdf.add_font("sans", fname=str(truetype_file(SANS)))
        self.pdf = pdf
        self.page = Page(landscape=False)
        self.y = 0.0
        self.printed = FIRST_PAGE - 1
        self.turned: AbstractContextManager[None] | None = None
        self.pending_notes: list[int] = []
        self.splits = 0
        self.body_on_page = False

    # --- pages ---

    def new_page(self, landscape: bool = False, furniture: bool = True) -> None:
        if self.turned is not None:
            self.turned.__exit__(None, None, None)
            self.turned = None
        self.pdf.add_page()
        self.page = Page(landscape)
        if landscape:
            # The viewer turns the page a quarter clockwise (/Rotate 90); the content is drawn a
            # quarter anticlockwise so that it stands upright on the turned page.
            height = PORTRAIT[1]
            self.turned = self.pdf.rotation(90, x=height / 2, y=height / 2)
            self.turned.__enter__()
            self.pdf.pages[self.pdf.page].rotate = 90  # type: ignore[attr-defined]
        self.y = self.page.top
        self.body_on_page = False
        if furniture:
            self.printed += 1
            self.furniture()

    def furniture(self) -> None:
        """The chapter tab on the outer edge, the page number and the printer's slug."""
        pdf, page = self.pdf, self.page
        tab_x, tab_top = page.width - 30, 96.0
        pdf.set_fill_color(*TAB)
        pdf.rect(tab_x, tab_top, 30, 14 + 13 * len(TAB_TEXT), style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("sans", size=10)
        for i, char in enumerate(TAB_TEXT):
            w = pdf.get_string_width(char)
            pdf.text(tab_x + 15 - w / 2, tab_top + 18 + 13 * i, char)
        pdf.set_text_color(*INK)
        number = str(self.printed)
        pdf.set_font("sans", size=10.5)
        w = pdf.get_string_width(number)
        x = page.left if self.printed % 2 == 0 else page.right - w
        pdf.text(x, page.height - 40, number)
        pdf.set_font("sans", size=5.5)
        pdf.set_text_color(*GREY)
        pdf.text(14, page.height - 12, SLUG.format(page=self.printed))
        pdf.set_text_color(*INK)

    def need(self, height: float) -> bool:
        """Start a new page unless ``height`` fits on this one; True if a page was started."""
        if self.y + height <= self.page.bottom:
            return False
        self.new_page()
        return True

    # --- text ---

    def width_of(self, piece: Piece, font: str, size: float) -> float:
        self.pdf.set_font(font, size=size * (MARKER_SCALE if piece.marker else 1.0))
        return self.pdf.get_string_width(piece.text)

    def wrap(
        self, text: Text, font: str, size: float, width: float, indent: float = 0.0
    ) -> list[list[tuple[Piece, float]]]:
        """Lines of (piece, x offset); the first line starts ``indent`` in."""
        lines: list[list[tuple[Piece, float]]] = [[]]
        x, previous = indent, ""
        for piece in _pieces(text):
            script = "marker" if piece.marker else _script(piece.text)
            gap = 0.0
            if {previous, script} == {"cjk", "latin"}:
                gap = CJK_LATIN_GAP * size
            w = self.width_of(piece, font, size)
            fits = x + gap + w <= width or piece.text.isspace() or piece.marker
            if not fits and lines[-1] and piece.text not in NO_LINE_START:
                lines.append([])
                x, gap = 0.0, 0.0
            lines[-1].append((piece, x + gap))
            x += gap + w
            previous = script if script != "marker" else previous
        return [line for line in lines if line]

    def draw_line(
        self, line: list[tuple[Piece, float]], x: float, baseline: float, font: str, size: float
    ) -> None:
        for piece, offset in line:
            if piece.text.isspace():
                continue
            scale = MARKER_SCALE if piece.marker else 1.0
            rise = MARKER_RISE * size if piece.marker else 0.0
            self.pdf.set_font(font, size=size * scale)
            self.pdf.text(x + offset, baseline - rise, piece.text)

    def lines(
        self,
        text: Text,
        font: str = "serif",
        size: float = BODY,
        leading: float = LEADING,
        indent: float = 0.0,
        hang: float = 0.0,
        prefix: str = "",
    ) -> None:
        """Set text from the current y, page by page; ``hang`` indents all lines after a prefix."""
        left = self.page.left + hang
        for i, line in enumerate(self.wrap(text, font, size, self.page.right - left, indent)):
            self.need(leading)
            baseline = self.y + leading * 0.75
            if i == 0 and prefix:
                self.pdf.set_font(font, size=size)
                self.pdf.text(self.page.left, baseline, prefix)
            self.draw_line(line, left, baseline, font, size)
            self.y += leading

    # --- blocks ---

    def cover(self) -> None:
        cover, pdf = self.content.cover, self.pdf
        self.new_page(furniture=False)
        pdf.set_font("sans", size=30)
        pdf.text(self.page.left, 300, cover.label)
        pdf.set_font("sans", size=24)
        pdf.text(self.page.left, 345, cover.title)
        pdf.set_draw_color(*TAB)
        pdf.set_line_width(2.0)
        pdf.line(self.page.left, 362, self.page.right, 362)
        pdf.set_font("sans", size=12.5)
        for i, line in enumerate(cover.contents):
            y = 430 + 28 * i
            pdf.text(self.page.left + 20, y, f"{line.number} {line.title}")
            pdf.text(self.page.right - 20 - pdf.get_string_width(line.page), y, line.page)

    def heading(self, block: Heading) -> None:
        pdf = self.pdf
        if block.level in ("chapter", "policy") and self.body_on_page:
            self.new_page()
        size = SIZE.get(block.level, 11.0)
        self.need(size * 2.6 + LEADING * 2)
        self.y += size * 0.9
        title = (block.number + " " if block.number else "") + "".join(
            run for run in block.title if isinstance(run, str)
        )
        if block.level == "policy":
            pdf.set_fill_color(226, 239, 232)
            pdf.rect(
                self.page.left - 6,
                self.y - 4,
                self.page.right - self.page.left + 6,
                size * 1.9,
                "F",
            )
        prefix = PREFIX.get(block.level, "")
        wrapped = self.wrap((title,), "sans", size, self.page.right - self.page.left - size * 1.4)
        for line in wrapped:
            baseline = self.y + size * 1.05
            if prefix:
                pdf.set_text_color(*TAB)
                pdf.set_font("sans", size=size)
                pdf.text(self.page.left, baseline, prefix)
                pdf.set_text_color(*INK)
            self.draw_line(
                line, self.page.left + (size * 1.4 if prefix else 0), baseline, "sans", size
            )
            prefix = ""
            self.y += size * 1.5
        if block.level == "chapter":
            pdf.set_draw_color(*TAB)
            pdf.set_line_width(1.5)
            pdf.line(self.page.left, self.y + 2, self.page.right, self.y + 2)
            self.y += 8
        self.y += size * 0.4

    def vision(self, block: Vision) -> None:
        pdf, left, right = self.pdf, self.page.left, self.page.right
        bullets = [self.wrap(b, "serif", BODY, right - left - 36) for b in block.bullets]
        height = 70 + LEADING * sum(len(b) for b in bullets)
        self.need(height + 10)
        top = self.y + 4
        pdf.set_draw_color(*TAB)
        pdf.set_line_width(1.0)
        pdf.rect(left, top, right - left, height, style="D", round_corners=True, corner_radius=8)
        pdf.set_font("sans", size=10.5)
        pdf.set_text_color(*TAB)
        pdf.text(left + 12, top + 18, "● " + block.title)
        pdf.set_text_color(*INK)
        pdf.set_font("sans", size=13)
        w = pdf.get_string_width(block.statement)
        pdf.text(left + (right - left - w) / 2, top + 42, block.statement)
        self.y = top + 54
        for lines in bullets:
            for i, line in enumerate(lines):
                baseline = self.y + LEADING * 0.75
                if i == 0:
                    pdf.set_font("serif", size=BODY)
                    pdf.text(left + 14, baseline, "・")
                self.draw_line(line, left + 26, baseline, "serif", BODY)
                self.y += LEADING
        self.y = top + height + 8

    def bullets(self, bullets: tuple[Text, ...]) -> None:
        for bullet in bullets:
            self.lines(bullet, hang=BODY * 1.2, prefix="・")
        self.y += 4

    def summaries_page(self, block: Heading) -> None:
        self.new_page(landscape=True)
        self.heading(block)

    def summary(self, block: PolicySummary) -> None:
        """One row of the overview table: label | title | text, between horizontal rules."""
        pdf, left, right = self.pdf, self.page.left, self.page.right
        columns = (left, left + 90, left + 260, right)
        text = self.wrap(block.text, "serif", BODY, columns[3] - columns[2] - 2 * PAD)
        title = self.wrap((block.title,), "sans", BODY, columns[2] - columns[1] - 2 * PAD)
        height = max(len(text), len(title)) * LEADING + 2 * PAD
        self.need(height)
        pdf.set_draw_color(*TAB)
        pdf.set_line_width(0.8)
        pdf.line(left, self.y, right, self.y)
        pdf.set_fill_color(*TAB)
        pdf.rect(columns[0], self.y + 3, columns[1] - columns[0] - 6, height - 6, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("sans", size=BODY)
        pdf.text(columns[0] + PAD, self.y + PAD + LEADING * 0.75, block.label)
        pdf.set_text_color(*INK)
        for i, line in enumerate(title):
            self.draw_line(
                line, columns[1] + PAD, self.y + PAD + LEADING * (i + 0.75), "sans", BODY
            )
        for i, line in enumerate(text):
            self.draw_line(
                line, columns[2] + PAD, self.y + PAD + LEADING * (i + 0.75), "serif", BODY
            )
        self.y += height
        pdf.line(left, self.y, right, self.y)

    # --- initiative boxes ---

    def cell_lines(self, text: Text, font: str, width: float) -> list[list[tuple[Piece, float]]]:
        return self.wrap(text, font, CELL, width - 2 * PAD)

    def draw_cell(
        self,
        lines: list[list[tuple[Piece, float]]],
        x: float,
        y: float,
        font: str,
        align: str = "left",
        width: float = 0,
    ) -> None:
        for i, line in enumerate(lines):
            offset = 0.0
            if align == "center" and line:
                piece, last = line[-1]
                offset = (width - 2 * PAD - (last + self.width_of(piece, font, CELL))) / 2
            self.draw_line(line, x + PAD + offset, y + PAD + CELL_LEADING * (i + 0.78), font, CELL)

    def row(self, height: float, first: bool) -> float:
        """Room for one row of a box; returns its top. A break between rows splits the box."""
        if self.need(height) and not first:
            self.splits += 1
        top = self.y
        self.y += height
        return top

    def box_head(self, number: str, title: Text, x: float, width: float) -> None:
        pdf = self.pdf
        number_width = 34.0
        lines = self.cell_lines(title, "sans", width - number_width)
        height = len(lines) * CELL_LEADING + 2 * PAD
        top = self.row(height, first=True)
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.6)
        pdf.rect(x, top, width - number_width, height, style="D")
        pdf.set_fill_color(226, 239, 232)
        pdf.rect(x + width - number_width, top, number_width, height, style="DF")
        self.draw_cell(lines, x, top, "sans")
        number_lines = self.cell_lines((number,), "sans", number_width)
        self.draw_cell(
            number_lines,
            x + width - number_width,
            top + (height - 2 * PAD - CELL_LEADING) / 2,
            "sans",
            "center",
            number_width,
        )

    def box_cell(self, text: Text, x: float, width: float) -> None:
        lines = self.cell_lines(text, "serif", width)
        height = len(lines) * CELL_LEADING + 2 * PAD
        top = self.row(height, first=False)
        self.pdf.rect(x, top, width, height, style="D")
        self.draw_cell(lines, x, top, "serif")

    def target(self, target: Target, x: float, width: float) -> None:
        """目標 | indicator | year over value | year over value, between horizontal rules."""
        pdf = self.pdf
        columns = (x, x + 36, x + width - 150, x + width - 75, x + width)
        indicator = self.cell_lines(target.indicator, "serif", columns[2] - columns[1])
        values = [
            self.cell_lines((value,), "serif", columns[i + 1] - columns[i]) if value else []
            for i, value in ((2, target.base), (3, target.goal))
        ]
        below = max(len(v) for v in values) * CELL_LEADING
        height = max(len(indicator) * CELL_LEADING, CELL_LEADING + PAD + below) + 2 * PAD
        top = self.row(height + 4, first=False) + 3
        pdf.set_line_width(0.6)
        pdf.line(x, top, x + width, top)
        self.draw_cell(self.cell_lines(("目標",), "sans", 36), columns[0], top, "sans")
        self.draw_cell(indicator, columns[1], top, "serif")
        for i, year, lines in ((2, target.base_year, values[0]), (3, target.goal_year, values[1])):
            cell = columns[i + 1] - columns[i]
            year_lines = self.cell_lines((year,), "sans", cell)
            self.draw_cell(year_lines, columns[i], top, "sans", "center", cell)
            self.draw_cell(lines, columns[i], top + CELL_LEADING + PAD, "serif", "center", cell)
        pdf.set_line_width(0.3)
        pdf.line(columns[2], top + CELL_LEADING + PAD + 1, x + width, top + CELL_LEADING + PAD + 1)
        pdf.set_line_width(0.6)
        pdf.line(x, top + height, x + width, top + height)

    def initiative(self, box: Initiative, x: float) -> None:
        width = self.page.right - x
        self.y += 6
        self.box_head(box.number, box.title, x, width)
        self.box_cell(("所管：" + box.departments,), x, width)
        self.box_cell(box.description, x, width)
        for target in box.targets:
            self.target(target, x, width)
        self.y += 4

    def parent(self, block: Parent) -> None:
        x = self.page.left
        width = self.page.right - x
        self.y += 8
        self.box_head(block.number, block.title, x, width)
        self.box_cell(block.description, x, width)
        for child in block.children:
            self.initiative(child, x + 14)

    # --- notes at the end of a section ---

    def flush_notes(self) -> None:
        if not self.pending_notes:
            return
        self.need(NOTE_LEADING * 2 + 10)
        self.y += 6
        self.pdf.set_draw_color(*GREY)
        self.pdf.set_line_width(0.4)
        self.pdf.line(self.page.left, self.y, self.page.right, self.y)
        self.y += 4
        for number in self.pending_notes:
            note = self.content.notes[number]
            self.lines(
                (note.body,), size=NOTE, leading=NOTE_LEADING, hang=NOTE * 3.2, prefix=str(number)
            )
        self.pending_notes = []
        self.y += 6

    # --- the document ---

    def blocks(self) -> Iterator[None]:
        for block in self.content.blocks:
            if isinstance(block, Heading) and block.level in ("part", "policy"):
                self.flush_notes()
            if self.page.landscape and not isinstance(block, PolicySummary):
                self.flush_notes()
                self.new_page()
            if isinstance(block, Heading) and block.level == "summaries":
                self.summaries_page(block)
            elif isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.lines(block.text, indent=BODY)
                self.y += 5
            elif isinstance(block, Vision):
                self.vision(block)
            elif isinstance(block, PolicySummary):
                self.summary(block)
            elif isinstance(block, BulletList):
                self.heading(Heading("label", "", (block.label,)))
                self.bullets(block.bullets)
            elif isinstance(block, Initiative):
                self.initiative(block, self.page.left)
            elif isinstance(block, Parent):
                self.parent(block)
            self.pending_notes.extend(block_markers(block))
            self.body_on_page = self.body_on_page or not isinstance(block, Heading)
            yield
        self.flush_notes()

    def render(self, out: Path) -> None:
        self.cover()
        self.new_page()
        for _ in self.blocks():
            pass
        if self.turned is not None:
            self.turned.__exit__(None, None, None)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a missing glyph must fail, not print a blank
            self.pdf.output(str(out))


def render(out_path: Path) -> Path:
    """Write the fpdf2 rendition to ``out_path``."""
    Layout(load_content()).render(out_path)
    return out_path
