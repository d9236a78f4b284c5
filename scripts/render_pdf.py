"""Render a plan text (the corpus) into a plan PDF laid out the way city plans are.

    scripts/render_pdf.py [TEXT] [-o PDF] [--first-page 176]

A4, Mincho body text wrapped at the column width, Gothic headings, superscript footnote
markers (small digits on a raised baseline), footnote definitions at the bottom of the page
that first refers to them, a running header and a page-number footer from 176, initiative
boxes and 目標 rows as ruled tables whose cells wrap over several lines, tables that a page
break splits between rows. It uses reportlab's built-in CID fonts (no font file needed).

The renderer reads the text with keikaku's own block rules only to know what each line is;
the PDF loader (pipeline/loaders/pdf.py) knows nothing of this script.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from keikaku.parsers.blocks import lines_to_blocks  # noqa: E402
from keikaku.parsers.patterns import (  # noqa: E402
    NO_LINE_START,
    SUPERSCRIPT_DIGITS,
    SUPERSCRIPT_TO_ASCII,
)
from keikaku.pipeline.loaders.text import split_lines  # noqa: E402
from keikaku.pipeline.model import Block  # noqa: E402

MINCHO, GOTHIC = "HeiseiMin-W3", "HeiseiKakuGo-W5"
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT = 56.0, A4[0] - 56.0
TOP, BOTTOM = A4[1] - 70.0, 62.0
BODY, LEADING, GAP = 10.0, 16.0, 7.0
CELL, CELL_LEADING, PAD = 9.0, 13.0, 4.0
NOTE, NOTE_LEADING = 7.5, 11.0
SUPERSCRIPT_SCALE, SUPERSCRIPT_RISE = 0.6, 0.42
HEADER = "第3章 行財政運営の取組"
SUPERSCRIPT_RUN = re.compile("([" + SUPERSCRIPT_DIGITS + "]+)")
JIS_DASH = str.maketrans({"\u2014": "\u2015"})  # how CID fonts carry the JIS dash

BOX_COLUMNS = (30.0, 236.0, 36.0, 181.0)  # number | title | 所管 | departments
PARENT_COLUMNS = (30.0, 453.0)
TARGET_COLUMNS = (36.0, 251.0, 98.0, 98.0)  # 目標 | indicator | baseline | target


def _register_fonts() -> None:
    for name in (MINCHO, GOTHIC):
        pdfmetrics.registerFont(UnicodeCIDFont(name))


@dataclass
class Unit:
    """An unbreakable piece of a line: a kanji, a Latin word, a space, or a marker."""

    text: str
    superscript: bool = False


def units(text: str) -> list[Unit]:
    out: list[Unit] = []
    for piece in SUPERSCRIPT_RUN.split(text.translate(JIS_DASH)):
        if not piece:
            continue
        if SUPERSCRIPT_RUN.fullmatch(piece):
            out.append(Unit(piece.translate(SUPERSCRIPT_TO_ASCII), superscript=True))
            continue
        for word in re.findall(r"[A-Za-z0-9\-.,/%&'+]+| |.", piece):
            out.append(Unit(word))
    return out


def width(unit: Unit, font: str, size: float) -> float:
    scale = SUPERSCRIPT_SCALE if unit.superscript else 1.0
    return pdfmetrics.stringWidth(unit.text, font, size * scale)


def wrap(text: str, font: str, size: float, limit: float) -> list[list[Unit]]:
    """Lines of units no wider than ``limit``; a breaking space stays at the end of its line."""
    lines: list[list[Unit]] = [[]]
    used = 0.0
    for unit in units(text):
        w = width(unit, font, size)
        fits = (
            used + w <= limit
            or unit.text == " "
            or unit.superscript
            or not lines[-1]
            or unit.text in NO_LINE_START  # 行頭禁則: these never begin a line
        )
        if not fits:
            lines.append([])
            used = 0.0
        lines[-1].append(unit)
        used += w
    return [line for line in lines if line]


def markers_in(text: str) -> list[int]:
    return [int(m.translate(SUPERSCRIPT_TO_ASCII)) for m in SUPERSCRIPT_RUN.findall(text)]


@dataclass
class Renderer:
    canvas: Canvas
    notes: dict[int, str]
    first_page: int
    page: int = 0  # PDF page index
    y: float = TOP
    cover: bool = True
    placed_notes: set[int] = field(default_factory=set)
    page_notes: list[int] = field(default_factory=list)
    splits: int = 0

    # --- pages ---

    def note_height(self, numbers: list[int]) -> float:
        lines = sum(len(wrap(self.notes[n], MINCHO, NOTE, RIGHT - LEFT - 18)) for n in numbers)
        return lines * NOTE_LEADING + (10.0 if numbers else 0.0)

    def bottom(self, extra: list[int] | None = None) -> float:
        return BOTTOM + self.note_height(self.page_notes + (extra or []))

    def finish_page(self) -> None:
        c = self.canvas
        if self.page_notes:
            y = BOTTOM + self.note_height(self.page_notes) - 6
            c.setLineWidth(0.5)
            c.line(LEFT, y + 4, LEFT + 120, y + 4)
            for number in self.page_notes:
                for i, line in enumerate(wrap(self.notes[number], MINCHO, NOTE, RIGHT - LEFT - 18)):
                    y -= NOTE_LEADING
                    if i == 0:
                        c.setFont(MINCHO, NOTE)
                        c.drawString(LEFT, y, str(number))
                    self.draw_units(line, LEFT + 18, y, MINCHO, NOTE)
        if not self.cover:
            c.setFont(GOTHIC, 8)
            c.drawRightString(RIGHT, PAGE_HEIGHT - 36, HEADER)
            c.setFont(MINCHO, 9)
            c.drawCentredString(PAGE_WIDTH / 2, 30, str(self.first_page + self.page - 1))
        c.showPage()
        self.page += 1
        self.y = TOP
        self.page_notes = []

    def need(self, height: float, notes: list[int]) -> None:
        """Start a new page unless ``height`` (and the notes it brings) fits on this one."""
        fresh = [n for n in notes if n in self.notes and n not in self.placed_notes]
        if self.y - height < self.bottom(fresh):
            self.finish_page()
        for number in fresh:
            if number not in self.placed_notes:
                self.placed_notes.add(number)
                self.page_notes.append(number)

    # --- drawing ---

    def draw_units(self, line: list[Unit], x: float, y: float, font: str, size: float) -> None:
        for unit in line:
            scale = SUPERSCRIPT_SCALE if unit.superscript else 1.0
            self.canvas.setFont(font, size * scale)
            rise = size * SUPERSCRIPT_RISE if unit.superscript else 0.0
            self.canvas.drawString(x, y + rise, unit.text)
            x += width(unit, font, size)

    def paragraph(
        self, text: str, font: str = MINCHO, size: float = BODY, indent: float = 0, prefix: str = ""
    ) -> None:
        lines = wrap(text, font, size, RIGHT - LEFT - indent)
        for i, line in enumerate(lines):
            self.need(LEADING, [int(u.text) for u in line if u.superscript])
            self.y -= LEADING
            if i == 0 and prefix:
                self.canvas.setFont(font, size)
                self.canvas.drawString(LEFT, self.y, prefix)
            self.draw_units(line, LEFT + indent, self.y, font, size)
        self.y -= GAP

    def heading(self, text: str, size: float) -> None:
        self.need(size * 2.2, markers_in(text))
        self.y -= size * 1.6
        self.draw_units(units(text), LEFT, self.y, GOTHIC, size)
        self.y -= size * 0.6

    def table(self, rows: list[list[str]], columns: tuple[float, ...]) -> None:
        """Ruled rows; a page break may fall between two rows, never inside one."""
        for number, row in enumerate(rows):
            cells = [
                wrap(text, GOTHIC, CELL, w - 2 * PAD) if text else []
                for text, w in zip(row, columns, strict=True)
            ]
            height = max(len(c) for c in cells) * CELL_LEADING + 2 * PAD
            before = self.page
            self.need(height, [m for text in row for m in markers_in(text)])
            if self.page != before and number > 0:
                self.splits += 1
            x = LEFT
            for lines, w in zip(cells, columns, strict=True):
                self.canvas.setLineWidth(0.6)
                self.canvas.rect(x, self.y - height, w, height)
                y = self.y - PAD
                for line in lines:
                    y -= CELL_LEADING - 2
                    self.draw_units(line, x + PAD, y, GOTHIC, CELL)
                x += w
            self.y -= height
        self.y -= GAP


def _target_rows(block: Block) -> list[list[str]]:
    cells = block.lines[0].text.split("\t")
    years = [i for i, c in enumerate(cells) if re.match(r"^\s*\d{4}\s*年", c)]
    base, target = years[-2], years[-1]
    indicator = " ".join(c.strip() for c in cells[1:base] if c.strip())
    head, values = [], []
    for i in (base, target):
        match = re.match(r"^\s*(\d{4}\s*年)\s*(.*?)\s*$", cells[i])
        head.append(match.group(1))
        values.append(match.group(2))
    for line in block.lines[1:]:
        below = [c.strip() for c in line.text.split("\t") if c.strip()]
        if len(below) == 2:
            values = below
        elif len(below) == 1:
            values = [values[0], below[0]]
    return [["目標", indicator, head[0], head[1]], ["", "", values[0], values[1]]]


def render(text: str, out: Path, first_page: int = 176) -> Renderer:
    _register_fonts()
    blocks = lines_to_blocks(split_lines(text))
    notes = {}
    for block in blocks:
        if block.kind == "footnote_definition":
            number = int(block.fields["number"].translate(SUPERSCRIPT_TO_ASCII))
            notes[number] = block.fields["body"]
    canvas = Canvas(str(out), pagesize=A4, invariant=1)
    canvas.setTitle("第2次札幌市まちづくり戦略ビジョン・アクションプラン2023 第3章")
    r = Renderer(canvas, notes, first_page)
    for block in blocks:
        kind, f = block.kind, block.fields
        if kind == "chapter_heading" and r.cover:
            r.finish_page()
            r.cover = False
        if kind == "chapter_label":
            r.heading(block.text.strip(), 20)
        elif kind in (
            "chapter_heading",
            "part_heading",
            "numbered_heading",
            "group_heading",
            "policy_summary_heading",
            "label",
        ):
            r.heading(block.text.strip(), {"chapter_heading": 16, "label": 11}.get(kind, 12.5))
        elif kind == "toc_entry":
            r.need(LEADING * 1.5, [])
            r.y -= LEADING * 1.5
            r.canvas.setFont(GOTHIC, 12)
            r.canvas.drawString(LEFT, r.y, f"{f['number']} {f['title']}")
            r.canvas.drawRightString(RIGHT, r.y, f["page"])
        elif kind == "paragraph" and r.cover:
            r.heading(block.text.strip(), 18)
        elif kind in ("paragraph", "quote"):
            r.paragraph(" ".join(line.text.strip() for line in block.lines))
        elif kind == "bullet":
            r.paragraph(f["text"], indent=12, prefix="●")
        elif kind == "initiative_row":
            if "departments" in f:
                r.table([[f["number"], f["title"], "所管", f["departments"]]], BOX_COLUMNS)
            else:
                r.table([[f["number"], f["title"]]], PARENT_COLUMNS)
        elif kind == "target":
            r.table(_target_rows(block), TARGET_COLUMNS)
        elif kind == "footnote_definition":  # drawn with the page that refers to it
            r.need(0, [int(f["number"].translate(SUPERSCRIPT_TO_ASCII))])
        elif kind == "table_rule":
            continue
        else:
            raise ValueError(f"line {block.line}: no layout for {kind}")
    r.finish_page()
    canvas.save()
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description="Render a plan text into a plan PDF.")
    parser.add_argument("text", nargs="?", default=str(ROOT / "corpus" / "ap2023-ch3-gyosei.txt"))
    parser.add_argument("-o", "--output", default=str(ROOT / "output" / "ap2023-ch3-gyosei.pdf"))
    parser.add_argument("--first-page", type=int, default=176)
    args = parser.parse_args()
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = render(Path(args.text).read_text(encoding="utf-8"), out, args.first_page)
    print(f"{out}: {result.page} pages, {result.splits} tables split across a page break")


if __name__ == "__main__":
    main()
