"""The plan typeset by Typst (the ``typst`` Python package): the held-out rendition.

The design lives in ``PRELUDE`` (Typst functions); the content follows as calls whose arguments
are the printed strings and marker numbers, so nothing of the plan's text is parsed as markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import pylopdf_fonts_jp
import typst

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

TIMESTAMP = 1698745325  # 2023-10-31, written as the document's date nowhere: it only fixes Typst

PRELUDE = r"""
#set document(title: TITLE, date: none)
#let ink = rgb("#262626")
#let accent = rgb("#8a3b12")
#let pale = rgb("#f6ece4")
#set text(font: "Noto Serif JP", size: 9.5pt, lang: "ja", fill: ink)
#set par(justify: true, leading: 0.85em, spacing: 0.9em, first-line-indent: (amount: 1em, all: true))
#let sans(body) = text(font: "Noto Sans JP", body)
#let runs(items) = items.map(r => if type(r) == int {
  super(typographic: false, size: 0.62em, baseline: -0.5em)[#str(r)]
} else { r }).join()
#let running = page.with(
  paper: "a4",
  margin: (top: 26mm, bottom: 20mm, inside: 24mm, outside: 20mm),
  header: context {
    let n = counter(page).get().first()
    set text(size: 7.5pt)
    grid(columns: (1fr, auto), align: (left + bottom, right + bottom), column-gutter: 6pt,
      sans[札幌市 2023　#TITLE],
      box(fill: accent, inset: (x: 5pt, y: 3pt), text(fill: white, size: 9pt, sans[#str(n)])))
    v(-4pt)
    line(length: 100%, stroke: 0.4pt + accent)
  },
  background: context {
    place(left + horizon, dx: 7mm,
      rotate(-90deg, reflow: true, text(size: 8pt, fill: accent, sans[CHAPTER])))
  },
)
#let noteblock(items) = block(above: 4pt, below: 10pt, width: 100%, inset: (top: 3pt),
  stroke: (top: (paint: accent, thickness: 0.4pt, dash: "dotted")), {
  set text(size: 7.2pt)
  set par(first-line-indent: 0pt, hanging-indent: 1.6em, justify: true, leading: 0.6em)
  for (n, body) in items [#super(typographic: false, size: 0.8em, baseline: -0.35em)[#str(n)]#h(3pt)#body \ ]
})
#let cover(label, title, lines) = page(paper: "a4", margin: 30mm, {
  v(50mm)
  sans(text(size: 14pt, fill: accent)[#label])
  v(2mm)
  sans(text(size: 26pt)[#title])
  v(20mm)
  set text(size: 11pt)
  for (number, name, pg) in lines [
    #sans[#number #name] #box(width: 1fr, repeat[#h(2pt)・#h(2pt)]) #sans[#pg] \
  ]
})
#let chapterhead(number, title) = block(below: 12pt, {
  sans(text(size: 18pt)[#box(stroke: 1pt + accent, inset: (x: 6pt, y: 4pt))[#number] #h(6pt) #title])
})
#let sectionhead(number, title) = block(above: 8pt, below: 10pt,
  sans(text(size: 14pt, fill: accent)[◆ #number #title]))
#let parthead(number, title) = block(above: 12pt, below: 8pt, width: 100%, fill: pale,
  inset: (x: 6pt, y: 5pt), sans(text(size: 11.5pt)[#number #title]))
#let labelhead(title) = block(above: 10pt, below: 6pt,
  sans(text(size: 11pt, fill: accent)[○ #title]))
#let policyhead(number, title) = {
  pagebreak(weak: true)
  block(below: 12pt, width: 100%, stroke: (bottom: 2pt + accent), inset: (bottom: 5pt),
    sans(text(size: 15pt)[#box(fill: accent, inset: (x: 7pt, y: 4pt), text(fill: white)[#number])#h(8pt)#title]))
}
#let grouphead(number, title) = block(above: 12pt, below: 6pt, breakable: false,
  sans(text(size: 11pt)[#box(stroke: 0.8pt + accent, inset: (x: 4pt, y: 2pt))[#number] #h(4pt) #title]))
#let para(body) = par(runs(body))
#let bullets(items) = {
  set par(first-line-indent: 0pt)
  for item in items { block(above: 3pt, below: 3pt, grid(columns: (1.1em, 1fr), [○], runs(item))) }
}
#let listblock(title, items) = block(above: 8pt, below: 8pt, {
  sans(text(size: 10pt, fill: accent)[【#title】])
  columns(2, gutter: 5mm, bullets(items))
})
#let vision(title, statement, items) = block(width: 100%, inset: 8pt, stroke: 0.8pt + accent,
  radius: 4pt, above: 10pt, below: 10pt, {
  sans(text(fill: accent)[#title])
  align(center, sans(text(size: 13pt)[#statement]))
  bullets(items)
})
#let summaries(title, rows) = page(paper: "a4", flipped: true,
  margin: (x: 20mm, y: 22mm), header: none, background: none,
  footer: context align(center, text(size: 8pt, sans[#counter(page).display()])), {
  sans(text(size: 13pt, fill: accent)[● #title])
  v(4pt)
  table(columns: (auto, 52mm, 1fr), stroke: 0.5pt + accent, inset: 6pt,
    ..rows.map(r => (sans(r.at(0)), sans(r.at(1)), runs(r.at(2)))).flatten())
})
#let initiative(number, title, depts, description, targets, indent: 0pt) = pad(left: indent,
  block(above: 6pt, below: 6pt, breakable: true, {
  set text(size: 8.6pt)
  set par(first-line-indent: 0pt, leading: 0.6em)
  table(columns: (28pt, 1fr, 66pt, 66pt), stroke: 0.5pt + ink, inset: 4pt,
    fill: (x, y) => if y == 0 { pale },
    table.cell(align: center + horizon, sans[#number]),
    table.cell(colspan: 3, sans(runs(title))),
    table.cell(colspan: 4)[#sans[所管]：#depts],
    table.cell(colspan: 4, runs(description)),
    ..targets.map(t => (
      table.cell(align: horizon, sans[目標]),
      runs(t.at(0)),
      table.cell(align: center, t.at(1)),
      table.cell(align: center, t.at(2)),
    )).flatten(),
  )
}))
#let parent(number, title, description) = block(above: 8pt, below: 2pt, breakable: false,
  table(columns: (28pt, 1fr), stroke: 0.5pt + ink, inset: 4pt, fill: pale,
    table.cell(align: center + horizon, sans[#number]), sans(runs(title)),
    table.cell(colspan: 2, fill: none, text(size: 8.6pt, runs(description)))))
"""


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _runs(text: Text) -> str:
    items = [str(run.number) if isinstance(run, Marker) else _string(run) for run in text]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _call(name: str, *args: str, **named: str) -> str:
    rendered = [*args, *(f"{k}: {v}" for k, v in named.items())]
    return f"#{name}({', '.join(rendered)})"


class _Writer:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.out: list[str] = []

    def notes(self, numbers: list[int]) -> None:
        if numbers:
            items = ", ".join(f"({n}, {_string(self.content.notes[n].body)})" for n in numbers)
            self.out.append(_call("noteblock", f"({items},)"))

    def initiative(self, box: Initiative, indent: str = "0pt") -> None:
        targets = ", ".join(
            f"({_runs(t.indicator)}, {_string(f'{t.base_year} {t.base}'.strip())}, "
            f"{_string(f'{t.goal_year} {t.goal}'.strip())})"
            for t in box.targets
        )
        self.out.append(
            _call(
                "initiative",
                _string(box.number),
                _runs(box.title),
                _string(box.departments),
                _runs(box.description),
                f"({targets},)",
                indent=indent,
            )
        )
        self.notes(block_markers(box))

    def heading(self, block: Heading) -> None:
        title = "".join(run for run in block.title if isinstance(run, str))
        if block.level == "chapter":
            self.out.append("#running[")
            self.out.append(f"#counter(page).update({FIRST_PAGE})")
            self.out.append(_call("chapterhead", _string(block.number), _string(title)))
        elif block.level in ("section",):
            self.out.append(_call("sectionhead", _string(block.number), _string(title)))
        elif block.level == "part":
            self.out.append(_call("parthead", _string(block.number), _string(title)))
        elif block.level == "policy":
            self.out.append(_call("policyhead", _string(block.number), _string(title)))
        elif block.level == "group":
            self.out.append(_call("grouphead", _string(block.number), _string(title)))
        elif block.level == "label":
            self.out.append(_call("labelhead", _string(title)))
        else:
            raise ValueError(f"no layout for heading level {block.level}")

    def document(self) -> str:
        content = self.content
        cover = content.cover
        lines = ", ".join(
            f"({_string(c.number)}, {_string(c.title)}, {_string(c.page)})" for c in cover.contents
        )
        self.out.append(_call("cover", _string(cover.label), _string(cover.title), f"({lines},)"))
        blocks = list(content.blocks)
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if isinstance(block, Heading) and block.level == "summaries":
                rows = []
                while i + 1 < len(blocks) and isinstance(blocks[i + 1], PolicySummary):
                    i += 1
                    row = blocks[i]
                    assert isinstance(row, PolicySummary)
                    rows.append(f"({_string(row.label)}, {_string(row.title)}, {_runs(row.text)})")
                self.out.append("]")  # the landscape page stands outside the running pages
                title = _string("".join(r for r in block.title if isinstance(r, str)))
                self.out.append(_call("summaries", title, f"({', '.join(rows)},)"))
                summary_notes = [
                    n for b in blocks if isinstance(b, PolicySummary) for n in block_markers(b)
                ]
                self.out.append("#running[")
                self.notes(summary_notes)
            elif isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.out.append(_call("para", _runs(block.text)))
                self.notes(block_markers(block))
            elif isinstance(block, Vision):
                bullets = ", ".join(_runs(b) for b in block.bullets)
                self.out.append(
                    _call("vision", _string(block.title), _string(block.statement), f"({bullets},)")
                )
                self.notes(block_markers(block))
            elif isinstance(block, BulletList):
                bullets = ", ".join(_runs(b) for b in block.bullets)
                self.out.append(_call("listblock", _string(block.label), f"({bullets},)"))
                self.notes(block_markers(block))
            elif isinstance(block, Initiative):
                self.initiative(block)
            elif isinstance(block, Parent):
                self.out.append(
                    _call(
                        "parent",
                        _string(block.number),
                        _runs(block.title),
                        _runs(block.description),
                    )
                )
                self.notes(markers_of_parent(block))
                for child in block.children:
                    self.initiative(child, indent="12pt")
            else:
                raise TypeError(f"no layout for {block!r}")
            i += 1
        self.out.append("]")
        prelude = PRELUDE.replace("TITLE", _string(content.title)).replace(
            "CHAPTER", "第3章　行財政運営の取組"
        )
        return prelude + "\n".join(self.out) + "\n"


def markers_of_parent(parent: Parent) -> list[int]:
    own = set(block_markers(parent)) - {
        n for child in parent.children for n in block_markers(child)
    }
    return [n for n in block_markers(parent) if n in own]


def source() -> str:
    return _Writer(load_content()).document()


def render(out_path: Path) -> Path:
    """Write the Typst rendition to ``out_path``."""
    fonts = str(pylopdf_fonts_jp.sans_path().parent)
    pdf = typst.compile(
        source().encode("utf-8"),
        font_paths=[fonts],
        ignore_system_fonts=True,
        timestamp=TIMESTAMP,
        pdf_tags=False,
    )
    out_path.write_bytes(pdf)
    return out_path
