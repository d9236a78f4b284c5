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

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import regex

from keikaku.parsers import cells, contents, glossary, headings, initiatives, paragraphs, targets
from keikaku.parsers.patterns import (
    BULLET_DASHES,
    BULLETS,
    CIRCLED_NUMBERS,
    ORNAMENTS,
    PARENTHESIZED_NUMBERS,
    ROMAN_NUMERAL_CHARS,
    ROMAN_NUMERALS,
    SUPERSCRIPT_DIGITS,
    WHITE_SPACE,
)
from keikaku.parsers.profile import PerProfile, Profile
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


# --- the rules a line's first character leaves -------------------------------------------
# Most lines start with a character that few rules accept: a digit, a bracket, a bullet, the
# first character of a word of the profile (目標, 所管). ``openings`` says, for each rule, what
# the first character of a line it accepts can be, as a character class: one for a line
# without a tab, one for a line with one (a row of cells may start with anything, a label is
# never a row). A line is tried by the rules its first character fits, in the table's order,
# which finds the rule that trying every rule would (tests/test_blocks.py checks both ways on
# the corpus and on generated lines). A line that starts with white space is tried by every
# rule. A rule whose first character changes changes its opening here too.

ANY, NEVER = r"(?s:.)", r"(?!)"
Opening = tuple[str, str]  # (the class for a line without a tab, for a line with one)


def _first_of(words: Iterable[str]) -> str:
    """The first characters of ``words`` as a class; ``NEVER`` when there is none."""
    firsts = sorted({word[0] for word in words if word})
    return "[" + "".join(regex.escape(c) for c in firsts) + "]" if firsts else NEVER


def _both(first: str) -> Opening:
    return first, first


def openings(profile: Profile) -> dict[str, Opening]:
    """What the first character of a line may be for each rule to accept it (white space
    aside), with ``profile``'s words."""
    chapter = _first_of([profile.chapter_prefix]) if profile.chapter_prefix else r"\d"
    return {
        "contents": _both(_first_of([profile.contents_title or ""])),
        "footnote_definition": _both(_first_of([*SUPERSCRIPT_DIGITS, "※", "(", "（", "注"])),
        "table_rule": _both(_first_of("-")),
        "value_row": _both(NEVER),  # it starts with a tab
        "chapter_label": _both(chapter),
        "chapter_heading": _both(chapter),
        "toc_entry": _both(r"\d"),
        "part_heading": _both(_first_of("(（")),
        "policy_summary_heading": _both(_first_of([profile.policy_announcement or ""])),
        "target": _both(_first_of([profile.target_row_label or ""])),
        "target_table": _both(_first_of([profile.table_header or ""])),
        "departments": _both(_first_of(profile.responsible_labels)),
        # a number first ("1\t題", "(①) 題"), or in a row, last ("題\t1")
        "initiative_row": (
            r"\d|" + _first_of(["(", "（", *CIRCLED_NUMBERS, *PARENTHESIZED_NUMBERS]),
            ANY,
        ),
        "numbered_heading": _both(r"\d"),
        "group_heading": _both(_first_of([*ROMAN_NUMERALS, *ROMAN_NUMERAL_CHARS])),
        "label": (ANY, NEVER),
        "headline_target": _both(r"[^\t（(]" if profile.headline_arrow else NEVER),
        "bullet": _both(_first_of([*BULLET_DASHES, *BULLETS, *profile.bullets, *ORNAMENTS])),
        "quote": _both(_first_of('“"「『')),
    }


class RuleChoice:
    """The rules of ``RULES`` a line's first character leaves, for one profile."""

    def __init__(self, profile: Profile) -> None:
        opening = openings(profile)
        self.openings = [
            (kind, rule, regex.compile(opening[kind][0]), regex.compile(opening[kind][1]))
            for kind, rule in RULES
        ]
        self.chosen: dict[tuple[str, bool], tuple[tuple[str, Rule], ...]] = {}

    def rules(self, text: str) -> tuple[tuple[str, Rule], ...]:
        """The rules that may accept ``text``, in the table's order."""
        first = text[:1]
        if not first or first.isspace() or WHITE_SPACE.match(first):
            return RULES
        key = (first, "\t" in text)
        chosen = self.chosen.get(key)
        if chosen is None:
            chosen = tuple(
                (kind, rule)
                for kind, rule, plain, tabbed in self.openings
                if (tabbed if key[1] else plain).match(first)
            )
            self.chosen[key] = chosen
        return chosen


# The rule choice of the profile the rules read now (``profile.active()``).
rule_choice: PerProfile[RuleChoice] = PerProfile(RuleChoice)


def first_rule(
    text: str, rules: Iterable[tuple[str, Rule]], kinds: frozenset[str] | None = None
) -> tuple[str, dict[str, str]] | None:
    """The first of ``rules`` (of ``kinds``, when given) that accepts ``text``, and its fields."""
    for kind, rule in rules:
        if kinds is not None and kind not in kinds:
            continue
        fields = rule(text)
        if fields is not None:
            return kind, fields
    return None


def classify(line: Line, choice: RuleChoice | None = None) -> Block:
    """The block one line makes on its own (``choice``: the active profile's, when not given)."""
    choice = choice or rule_choice()
    heading = headings.ornamented(line.text)
    found = None
    if heading is not None:
        found = first_rule(heading, choice.rules(heading), HEADING_KINDS)
    if found is None:
        found = first_rule(line.text, choice.rules(line.text))
    if found is not None:
        return Block(found[0], (line,), found[1])
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


# Kinds whose reading their continuation makes before it is offered a line, kept on the block
# (``Block.read``): the tree parses the block from it instead of reading its lines again.
FIRST_READINGS: dict[str, Callable[[Block], Any]] = {"target": targets.read_target}

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
    choice = rule_choice()
    for line in lines:
        if line.is_blank:
            previous_blank = True
            continue
        alone = classify(line, choice)
        index = _continued(blocks, line)
        continuation = CONTINUATIONS.get(blocks[index].kind) if index is not None else None
        grown = None
        if index is not None and continuation is not None:
            grown = continuation(
                blocks[index], _read(blocks[index], read, index), line, alone, previous_blank
            )
        if index is not None and grown is not None:
            blocks[index], read[index] = grown
        else:
            blocks.append(alone)
            read.append(None)
        previous_blank = False
    return [_with_reading(block, state) for block, state in zip(blocks, read, strict=True)]


def _read(block: Block, read: list[Any], index: int) -> Any:
    """What the continuation of ``block`` has read of it, made first for ``FIRST_READINGS``."""
    if read[index] is None and block.kind in FIRST_READINGS:
        read[index] = FIRST_READINGS[block.kind](block)
    return read[index]


def _with_reading(block: Block, state: Any) -> Block:
    first = FIRST_READINGS.get(block.kind)
    if first is None:
        return block
    return dataclasses.replace(block, read=first(block) if state is None else state)


def _continued(blocks: list[Block], line: Line) -> int | None:
    """The block ``line`` may continue: the last one; for cells under a row's columns, the
    row before the footnote definitions a page break set between the row's two parts."""
    index = len(blocks) - 1
    if cells.continues_columns(line.text):
        while index > 0 and blocks[index].kind == "footnote_definition":
            index -= 1
    return index if index >= 0 else None
