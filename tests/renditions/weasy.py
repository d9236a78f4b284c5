"""The plan as an HTML page printed by WeasyPrint: a modern report design set in CSS.

Design: A4; a cover with the chapter in a coloured panel and a contents list with dot leaders;
running head at the top (plan title left, chapter right, over a thin rule) and the page number
alone at the bottom centre; headings in coloured bands with their numbers in boxes of their own;
the basic-ideas paragraphs set justified in two columns; footnotes at the foot of the page below
a short rule (CSS ``float: footnote``) with raised numbers at 80 % of the body size, except that
the notes of an initiative box follow the box; initiative boxes as tables drawn only with
background fills (no rules): number, title, 所管 and departments side by side, the 目標 row with
year and value in one cell; tables split between rows at page breaks.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import weasyprint

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
    Text,
    Vision,
    block_markers,
    load_content,
)
from tests.renditions.fonts import SANS, SERIF, font_file

CHAPTER_HEAD = "第3章 行財政運営の取組"
# number or 目標 | title or indicator | (baseline) | 所管 (baseline) | departments or target
BOX_COLUMNS = (
    '<col style="width: 26pt"><col><col style="width: 62pt"><col style="width: 30pt">'
    '<col style="width: 100pt">'
)
PARENT_COLUMNS = '<col style="width: 26pt"><col>'
# The short rule over the page-foot notes (a third of the text width).
SHORT_RULE = (
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='160pt' height='0.6pt'>"
    "<rect width='160pt' height='0.6pt' fill='%23444'/></svg>"
)

CSS = """
@font-face { font-family: "Body"; src: url("%(serif)s"); }
@font-face { font-family: "Head"; src: url("%(sans)s"); }
@page {
  size: A4; margin: 24mm 18mm 22mm 18mm;
  @top-left { content: "%(title)s"; font: 7.5pt "Head"; color: #37607f;
              border-bottom: 0.6pt solid #37607f; vertical-align: bottom; padding-bottom: 2pt; }
  @top-right { content: "%(chapter)s"; font: 7.5pt "Head"; color: #37607f;
               border-bottom: 0.6pt solid #37607f; vertical-align: bottom; padding-bottom: 2pt; }
  @bottom-center { content: counter(page); font: 9pt "Body"; }
  @footnote { background: url("%(rule)s") no-repeat 0 0; padding-top: 4pt; margin-top: 8pt; }
}
@page :first { counter-reset: page %(before)d; }
@page cover { @top-left { content: none; border: none; } @top-right { content: none; border: none; }
              @bottom-center { content: none; } }
html { font-family: "Body"; font-size: 10pt; line-height: 1.65; color: #1b1b1b; }
body { margin: 0; }
p { margin: 0 0 5pt 0; text-align: justify; text-indent: 1em; }
sup.m { font-size: 60%%; vertical-align: 0.55em; line-height: 0; }
.fn { float: footnote; font-size: 8pt; line-height: 1.45; text-align: justify; }
.fn::footnote-call { content: attr(data-n); font-size: 60%%; vertical-align: 0.55em; line-height: 0; }
.fn::footnote-marker { content: attr(data-n); font-size: 70%%; vertical-align: 0.5em;
                       padding-right: 3pt; }
.cover { page: cover; height: 240mm; }
.cover .label { display: inline-block; background: #1f4e79; color: white; font: 30pt "Head";
                padding: 10pt 18pt; margin-top: 60mm; }
.cover .title { font: 26pt "Head"; color: #1f4e79; border-bottom: 3pt solid #7fb2d9;
                padding: 8pt 0; margin: 10pt 0 40pt 0; }
.toc { font: 12pt "Head"; margin: 0 10mm; }
.toc div { margin: 8pt 0; }
.toc .page::before { content: leader(". "); }
h1, h2, h3, h4, h5 { font-family: "Head"; font-weight: normal; break-after: avoid; }
h1.chapter { break-before: page; background: #1f4e79; color: white; font-size: 17pt;
             padding: 6pt 10pt; margin: 0 0 12pt 0; }
h1.chapter .no { background: white; color: #1f4e79; padding: 0 6pt; margin-right: 10pt; }
h2.section { font-size: 15pt; color: #1f4e79; border-bottom: 1.5pt solid #1f4e79;
             padding-bottom: 2pt; margin: 6pt 0 10pt 0; }
h2.section .no { display: inline-block; background: #1f4e79; color: white; width: 20pt;
                 text-align: center; margin-right: 8pt; }
h3.part { font-size: 12.5pt; border-left: 6pt solid #7fb2d9; padding-left: 6pt;
          margin: 12pt 0 8pt 0; }
h3.part .no { margin-right: 6pt; }
.columns { columns: 2; column-gap: 8mm; }
.vision { background: #eef5fb; border-radius: 6pt; padding: 8pt 12pt; margin: 10pt 0; }
.vision h4 { background: #7fb2d9; color: white; display: inline-block; padding: 1pt 10pt;
             margin: 0 0 4pt 0; font-size: 10.5pt; }
.vision .statement { font: 15pt "Head"; color: #1f4e79; text-align: center; margin: 4pt 0 6pt 0; }
ul { list-style: none; padding-left: 1.2em; margin: 2pt 0 8pt 0; }
li { text-indent: -1.2em; text-align: justify; margin-bottom: 2pt; }
li::before { content: "●"; display: inline-block; width: 1.2em; text-indent: 0; color: #37607f;
             font-size: 0.8em; }
h4.summaries { font-size: 12pt; background: #dbe9f5; padding: 3pt 8pt; margin: 14pt 0 6pt 0; }
table.summary { border-collapse: separate; border-spacing: 0 3pt; width: 100%%;
                table-layout: fixed; }
table.summary td { vertical-align: top; padding: 4pt 6pt; }
table.summary td.label { background: #37607f; color: white; font-family: "Head"; width: 20%%; }
table.summary td.title { background: #dbe9f5; font-family: "Head"; width: 25%%; }
table.summary td.text { background: #f3f8fc; text-align: justify; }
h2.policy { break-before: page; background: #37607f; color: white; font-size: 15pt;
            padding: 5pt 8pt; margin: 0 0 10pt 0; }
h2.policy .no { display: inline-block; background: white; color: #37607f; width: 22pt;
                text-align: center; margin-right: 10pt; }
h4.list { display: inline-block; font-size: 10.5pt; background: #7fb2d9; color: white;
          padding: 1pt 10pt; margin: 8pt 0 3pt 0; }
h3.label { font-size: 12pt; border-bottom: 2pt solid #37607f; color: #37607f;
           margin: 14pt 0 6pt 0; }
h4.group { font-size: 11pt; background: #eef5fb; padding: 3pt 6pt; margin: 12pt 0 6pt 0; }
h4.group .no { display: inline-block; background: #37607f; color: white; min-width: 16pt;
               text-align: center; margin-right: 8pt; padding: 0 3pt; }
table.box { border-collapse: separate; border-spacing: 2pt; width: 100%%; margin: 4pt 0 2pt 0;
            font-size: 9pt; line-height: 1.45; table-layout: fixed; }
table.box td { padding: 3pt 5pt; vertical-align: middle; }
table.box td.no { background: #37607f; color: white; font-family: "Head"; text-align: center; }
table.box td.title { background: #c9dced; font-family: "Head"; }
table.box td.label { background: #7fb2d9; color: white; font-family: "Head"; text-align: center;
                     padding: 3pt 1pt; }
table.box td.departments { background: #e4eef7; }
table.box td.description { background: #f6f9fc; text-align: justify; }
table.box td.year { background: #e4eef7; text-align: center; }
table.box td.indicator { background: #f6f9fc; }
.children { margin-left: 12pt; }
.after { font-size: 8pt; line-height: 1.45; border-top: 0.5pt solid #444; width: 100%%;
         margin: 4pt 0 8pt 0; padding-top: 2pt; }
.after div { text-align: justify; }
.after sup { font-size: 70%%; vertical-align: 0.5em; padding-right: 3pt; }
"""


class _Writer:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.parts: list[str] = []

    def text(self, text: Text, footnotes: bool) -> str:
        """Runs as HTML; a marker becomes a page-foot note or a plain superscript."""
        out = []
        for run in text:
            if not isinstance(run, Marker):
                out.append(escape(run))
            elif footnotes:
                note = escape(self.content.notes[run.number].body)
                out.append(f'<span class="fn" data-n="{run.number}">{note}</span>')
            else:
                out.append(f'<sup class="m">{run.number}</sup>')
        return "".join(out)

    def notes_after(self, numbers: list[int]) -> None:
        if not numbers:
            return
        rows = "".join(
            f"<div><sup>{n}</sup>{escape(self.content.notes[n].body)}</div>" for n in numbers
        )
        self.parts.append(f'<div class="after">{rows}</div>')

    def cover(self) -> None:
        cover = self.content.cover
        lines = "".join(
            f'<div>{escape(c.number)} {escape(c.title)}<span class="page">{escape(c.page)}</span>'
            "</div>"
            for c in cover.contents
        )
        self.parts.append(
            f'<section class="cover"><div class="label">{escape(cover.label)}</div>'
            f'<div class="title">{escape(cover.title)}</div><div class="toc">{lines}</div>'
            "</section>"
        )

    def heading(self, block: Heading) -> None:
        number = f'<span class="no">{escape(block.number)}</span>' if block.number else ""
        title = self.text(block.title, footnotes=False)
        tag = {
            "chapter": ("h1", "chapter"),
            "section": ("h2", "section"),
            "part": ("h3", "part"),
            "summaries": ("h4", "summaries"),
            "policy": ("h2", "policy"),
            "label": ("h3", "label"),
            "group": ("h4", "group"),
        }[block.level]
        self.parts.append(f'<{tag[0]} class="{tag[1]}">{number}{title}</{tag[0]}>')

    def bullets(self, bullets: tuple[Text, ...]) -> str:
        items = "".join(f"<li>{self.text(b, footnotes=True)}</li>" for b in bullets)
        return f"<ul>{items}</ul>"

    def initiative(self, box: Initiative) -> str:
        rows = [
            f'<tr><td class="no">{escape(box.number)}</td>'
            f'<td class="title" colspan="2">{self.text(box.title, footnotes=False)}</td>'
            f'<td class="label">所管</td><td class="departments">{escape(box.departments)}</td>'
            "</tr>",
            f'<tr><td class="description" colspan="5">'
            f"{self.text(box.description, footnotes=False)}</td></tr>",
        ]
        for t in box.targets:
            base = escape(f"{t.base_year} {t.base}".strip())
            goal = escape(f"{t.goal_year} {t.goal}".strip())
            rows.append(
                f'<tr><td class="label">目標</td><td class="indicator">'
                f"{self.text(t.indicator, footnotes=False)}</td>"
                f'<td class="year" colspan="2">{base}</td><td class="year">{goal}</td></tr>'
            )
        return f'<table class="box">{BOX_COLUMNS}{"".join(rows)}</table>'

    def block(self, block: object) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.parts.append(f"<p>{self.text(block.text, footnotes=True)}</p>")
        elif isinstance(block, Vision):
            self.parts.append(
                f'<div class="vision"><h4>{escape(block.title)}</h4>'
                f'<div class="statement">{escape(block.statement)}</div>'
                f"{self.bullets(block.bullets)}</div>"
            )
        elif isinstance(block, PolicySummary):
            self.parts.append(
                f'<tr><td class="label">{escape(block.label)}</td>'
                f'<td class="title">{escape(block.title)}</td>'
                f'<td class="text">{self.text(block.text, footnotes=True)}</td></tr>'
            )
        elif isinstance(block, BulletList):
            self.parts.append(f'<h4 class="list">{escape(block.label)}</h4>')
            self.parts.append(self.bullets(block.bullets))
        elif isinstance(block, Initiative):
            self.parts.append(self.initiative(block))
            self.notes_after(block_markers(block))
        elif isinstance(block, Parent):
            head = (
                f'<table class="box">{PARENT_COLUMNS}<tr><td class="no">{escape(block.number)}</td>'
                f'<td class="title">{self.text(block.title, footnotes=False)}</td></tr>'
                f'<tr><td class="description" colspan="2">'
                f"{self.text(block.description, footnotes=False)}</td></tr></table>"
            )
            self.parts.append(head)
            self.notes_after([n for n in block_markers(block) if n not in _child_markers(block)])
            self.parts.append('<div class="children">')
            for child in block.children:
                self.parts.append(self.initiative(child))
                self.notes_after(block_markers(child))
            self.parts.append("</div>")
        else:
            raise TypeError(f"no layout for {block!r}")

    def document(self) -> str:
        self.cover()
        columns = table = False
        for block in self.content.blocks:
            # The basic ideas (part (1)'s paragraphs) are set in two columns.
            if isinstance(block, Paragraph) != columns:
                self.parts.append('<div class="columns">' if not columns else "</div>")
                columns = not columns
            # The policy summaries are the rows of one table, which a page break may split.
            if isinstance(block, PolicySummary) != table:
                self.parts.append('<table class="summary">' if not table else "</table>")
                table = not table
            self.block(block)
        css = CSS % {
            "serif": font_file(SERIF).as_uri(),
            "sans": font_file(SANS).as_uri(),
            "title": self.content.title,
            "chapter": CHAPTER_HEAD,
            "before": FIRST_PAGE - 1,
            "rule": SHORT_RULE,
        }
        body = "\n".join(self.parts)
        return (
            f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
            f"<title>{escape(self.content.title)}</title><style>{css}</style></head>"
            f"<body>{body}</body></html>"
        )


def _child_markers(parent: Parent) -> set[int]:
    return {n for child in parent.children for n in block_markers(child)}


def render(out_path: Path) -> Path:
    """Write the WeasyPrint rendition to ``out_path``."""
    html = _Writer(load_content()).document()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"  # fontTools stamps the embedded subsets with this
    try:
        document = weasyprint.HTML(string=html, base_url=str(out_path.parent)).render()
        document.write_pdf(out_path, full_fonts=True)  # the fonts are subsets already
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return out_path
