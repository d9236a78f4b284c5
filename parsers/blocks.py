"""Stage ``lines_to_blocks``: classify every non-blank line by the first rule that accepts it.

``RULES`` is the ordered table; a rule is a function from a line's text to the fields it read
(or ``None``). Order matters where forms overlap: a table-of-contents line ``1 題\\t176`` is
tried before an initiative row, a part heading ``(1) 題`` before a child row.

A page design may set an ornament before a heading (``■ 1 行政運営の取組``, ``◆ 現状と課題``):
the heading rules read the line without it (``headings.ornamented``). Before anything that is
not a heading, the ornament is a bullet (``● 市民の困りごとや…``).

Some lines continue the block before them instead of starting one. ``CONTINUATIONS`` names,
for the kind of that block, the rule that decides and reads the grown block:

* a 目標 row set over several lines: the value row under it (``\\t\\t100%\\t100%``), the years
  or values on lines of their own, a wrapped indicator (``targets.continues_target``);
* an initiative row whose cells go on below their columns (``\\t\\t\\tデ) …``, also on the
  next page) or whose 所管 list is cut after a separator; a 所管 row likewise
  (``initiatives.continues_row``, ``initiatives.continues_departments``);
* a policy summary printed as a row, whose text goes on (``headings.continues_summary_row``);
* a paragraph line right under a paragraph, bullet or footnote definition, with no blank line
  between, is the same text wrapped onto a new line.

Cells under a row's columns continue that row even when the footnote definitions of the page
stand between its two parts (a table split by a page break).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from keikaku.parsers import cells, contents, glossary, headings, initiatives, paragraphs, targets
from keikaku.pipeline.model import Block, Line

Rule = Callable[[str], "dict[str, str] | None"]
# A continuation: (the block so far, what its rule has read of it so far — None at first —, the
# next line, the block that line makes alone, a blank line between) → the block grown by the
# line and what the rule has read now, or None when the line is not part of the block. What was
# read is carried along so that a block grows by its new line alone, in linear time.
Continuation = Callable[[Block, Any, Line, Block, bool], "tuple[Block, Any] | None"]

RULES: tuple[tuple[str, Rule], ...] = (
    ("contents", contents.contents_title),
    ("footnote_definition", glossary.footnote_definition),
    ("table_rule", paragraphs.table_rule),
    ("value_row", targets.value_row),
    ("chapter_label", headings.chapter_label),
    ("chapter_heading", headings.chapter_heading),
    ("toc_entry", headings.toc_entry),
    ("part_heading", headings.part_heading),
    ("policy_summary_heading", headings.policy_summary_heading),
    ("target", targets.target_row),
    ("target_table", targets.table_header),
    ("departments", initiatives.departments_row),
    ("initiative_row", initiatives.initiative_row),
    ("numbered_heading", headings.numbered_heading),
    ("group_heading", headings.group_heading),
    ("label", headings.label),
    ("headline_target", targets.headline_target),
    ("bullet", paragraphs.bullet),
    ("quote", paragraphs.quoted_line),
)

# The kinds of block a rule may read from the line after an ornament.
HEADING_KINDS = frozenset(
    {
        "chapter_label",
        "chapter_heading",
        "part_heading",
        "policy_summary_heading",
        "numbered_heading",
        "group_heading",
        "label",
    }
)


def classify(line: Line) -> Block:
    """The block one line makes on its own."""
    heading = headings.ornamented(line.text)
    if heading is not None:
        for kind, rule in RULES:
            fields = rule(heading) if kind in HEADING_KINDS else None
            if fields is not None:
                return Block(kind, (line,), fields)
    for kind, rule in RULES:
        fields = rule(line.text)
        if fields is not None:
            return Block(kind, (line,), fields)
    return Block("paragraph", (line,), paragraphs.paragraph(line.text))


def wrapped_paragraph(
    block: Block, read: None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, None] | None:
    """A paragraph line right under running text, no blank line between: the text wrapped.
    A row of cells is no running text: the plain line under a table's last row
    (``…創生総合戦略\\t策定\\t\\t`` then ``…創生総合戦略の位置づけ``) starts a block."""
    if after_blank or alone.kind != "paragraph":
        return None
    if "\t" in block.lines[-1].text.strip() and "\t" not in line.text.strip():
        return None
    return Block(block.kind, (*block.lines, line), block.fields), None


CONTINUATIONS: dict[str, Continuation] = {
    "contents": contents.continues_contents,
    "target": targets.continues_target,
    "target_table": targets.continues_table,
    "initiative_row": initiatives.continues_row,
    "departments": initiatives.continues_departments,
    "policy_summary_heading": headings.continues_summary_row,
    "paragraph": wrapped_paragraph,
    "bullet": wrapped_paragraph,
    "footnote_definition": wrapped_paragraph,
}


def lines_to_blocks(lines: Sequence[Line]) -> list[Block]:
    """Blocks in document order; blank lines separate blocks and belong to none."""
    blocks: list[Block] = []
    read: list[Any] = []  # what each block's continuation rule has read of it
    previous_blank = True
    for line in lines:
        if line.is_blank:
            previous_blank = True
            continue
        alone = classify(line)
        index = _continued(blocks, line)
        continuation = CONTINUATIONS.get(blocks[index].kind) if index is not None else None
        grown = None
        if index is not None and continuation is not None:
            grown = continuation(blocks[index], read[index], line, alone, previous_blank)
        if index is not None and grown is not None:
            blocks[index], read[index] = grown
        else:
            blocks.append(alone)
            read.append(None)
        previous_blank = False
    return blocks


def _continued(blocks: list[Block], line: Line) -> int | None:
    """The block ``line`` may continue: the last one; for cells under a row's columns, the
    row before the footnote definitions a page break set between the row's two parts."""
    index = len(blocks) - 1
    if cells.continues_columns(line.text):
        while index > 0 and blocks[index].kind == "footnote_definition":
            index -= 1
    return index if index >= 0 else None
