"""Stage ``lines_to_blocks``: classify every non-blank line by the first rule that accepts it.

``RULES`` is the ordered table; a rule is a function from a line's text to the fields it read
(or ``None``). Order matters where forms overlap: a table-of-contents line ``1 題\\t176`` is
tried before an initiative row, a part heading ``(1) 題`` before a child row.

Two kinds of line continue the block before them instead of starting one:

* a value row right under a 目標 row (``\\t\\t100%\\t100%``) belongs to that row;
* a paragraph line right under a paragraph, bullet or footnote definition, with no blank line
  between, is the same text wrapped onto a new line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from parsers import glossary, headings, initiatives, paragraphs, targets
from pipeline.model import Block, Line

Rule = Callable[[str], "dict[str, str] | None"]

RULES: tuple[tuple[str, Rule], ...] = (
    ("footnote_definition", glossary.footnote_definition),
    ("table_rule", paragraphs.table_rule),
    ("value_row", targets.value_row),
    ("chapter_label", headings.chapter_label),
    ("chapter_heading", headings.chapter_heading),
    ("toc_entry", headings.toc_entry),
    ("part_heading", headings.part_heading),
    ("policy_summary_heading", headings.policy_summary_heading),
    ("target", targets.target_row),
    ("initiative_row", initiatives.initiative_row),
    ("numbered_heading", headings.numbered_heading),
    ("group_heading", headings.group_heading),
    ("label", headings.label),
    ("bullet", paragraphs.bullet),
    ("quote", paragraphs.quoted_line),
)

# Blocks that a following paragraph line, with no blank line between, continues.
WRAPPING_KINDS = frozenset({"paragraph", "bullet", "footnote_definition"})


def classify(line: Line) -> Block:
    """The block one line makes on its own."""
    for kind, rule in RULES:
        fields = rule(line.text)
        if fields is not None:
            return Block(kind, (line,), fields)
    return Block("paragraph", (line,), paragraphs.paragraph(line.text))


def _extend(block: Block, line: Line) -> Block:
    return Block(block.kind, (*block.lines, line), block.fields)


def lines_to_blocks(lines: Sequence[Line]) -> list[Block]:
    """Blocks in document order; blank lines separate blocks and belong to none."""
    blocks: list[Block] = []
    previous_blank = True
    for line in lines:
        if line.is_blank:
            previous_blank = True
            continue
        block = classify(line)
        last = blocks[-1] if blocks and not previous_blank else None
        if last is not None and block.kind == "value_row" and last.kind == "target":
            blocks[-1] = _extend(last, line)
        elif last is not None and block.kind == "paragraph" and last.kind in WRAPPING_KINDS:
            blocks[-1] = _extend(last, line)
        else:
            blocks.append(block)
        previous_blank = False
    return blocks
