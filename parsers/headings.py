"""Headings: chapter, table of contents, parts, numbered headings, groups and labels.

Each rule takes one line of text and returns the fields it read, or ``None``. Whether a
numbered heading is a section, a policy or a parent initiative is decided by its context in
``parsers/outline.py``; here only its surface form is read.

A page design may set an ornament before a heading (``■ 1 行政運営の取組``, ``◆ 現状と課題``,
``○ I 多様な…``): ``ornamented`` gives the heading that follows it, and ``parsers/blocks.py``
reads that with the rules here. The same ornaments mark list items (``● 市民の困りごとや…``);
what follows tells the two apart, as it does for a reader (``ornamented``).
"""

from __future__ import annotations

from keikaku.parsers import cells
from keikaku.parsers.patterns import (
    LABEL_BRACKETS,
    ORNAMENT,
    PART_HEADING,
    ROMAN_NUMERAL_CHARS,
    ROMAN_NUMERALS,
    SENTENCE_END,
    TOC_ENTRY,
    grammar,
)
from keikaku.parsers.profile import Label, active
from keikaku.parsers.text import join_wrapped
from keikaku.pipeline.model import Block, Line
from keikaku.pipeline.typography import join_wrapped_pair

Fields = dict[str, str]

# The labels of the plan's standard sub-headings and the role each plays in the tree are the
# profile's (``[labels]``, then ``[label_suffixes]`` for labels that name their subject:
# "行政運営の目指す姿"); a label that names its subject is short.
LABEL_MAX_LENGTH = 20


def _fields(match: object) -> Fields | None:
    return None if match is None else {k: v for k, v in match.groupdict().items() if v is not None}  # type: ignore[attr-defined]


def chapter_label(text: str) -> Fields | None:
    """A chapter number alone on its line, as on a chapter's title page: ``第3章``."""
    return _fields(grammar().chapter_label.match(text))


def chapter_heading(text: str) -> Fields | None:
    """Chapter number and title: ``第3章 行財政運営の取組``."""
    return _fields(grammar().chapter_heading.match(text))


def toc_entry(text: str) -> Fields | None:
    """A table-of-contents line, title then printed page: ``1 行政運営の取組\\t176``."""
    return _fields(TOC_ENTRY.match(text))


def part_heading(text: str) -> Fields | None:
    """A part of a section, without tabs: ``(1) 行政運営の取組策定に当たっての基本的な考え方``."""
    return _fields(PART_HEADING.match(text))


def numbered_heading(text: str) -> Fields | None:
    """A number and a title, without tabs: ``1 行政サービスの高度化``."""
    return _fields(grammar().numbered_heading.match(text))


def group_heading(text: str) -> Fields | None:
    """A Roman numeral and a title: ``II デジタル化や区役所改革など市民目線の…``."""
    return _fields(grammar().group_heading.match(text))


def policy_summary_heading(text: str) -> Fields | None:
    """A policy as announced in the introduction: ``取組方針1 行政サービスの高度化``.

    Printed as a table row, the policy's summary is the cell after its title:
    ``取組方針1\\t行政サービスの高度化\\t多様な市民ニーズへの…`` (``text``).
    """
    row = cells.filled(text)
    announcement = grammar().policy_summary_heading
    fields = _fields(announcement.match(row[0])) if row else None
    rest = row[1:]
    if fields is None and len(row) > 1:  # the number in a cell of its own: 取組方針1 | 題
        fields = _fields(announcement.match(f"{row[0]} {row[1]}"))
        rest = row[2:]
    if fields is not None and rest:
        fields["text"] = join_wrapped(rest)
    return fields


def continues_summary_row(
    block: Block, row: str | None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, str] | None:
    """A policy summary row (``取組方針1\\t題\\t文``) with ``line`` as the rest of its text.

    The rest is a line of cells under the row's columns (``\\t\\t目線の行政サービス…``, also on
    the next page), or, right under the row, its text wrapped onto a plain line: a line no
    rule claims while the text has not ended its sentence, or one that cannot start a line
    (``・効果的に適応できる…``). ``row`` is the row as joined so far.
    """
    if "text" not in block.fields:
        return None
    text, row = line.text, row or block.lines[0].text
    lines = (*block.lines, line)
    if cells.continues_columns(text):
        row = cells.merge_columns(row, text)
        fields = policy_summary_heading(row)
        return None if fields is None else (Block(block.kind, lines, fields), row)
    open_text = block.fields["text"]
    plain = alone.kind == "paragraph" and not cells.ends_sentence(open_text)
    if after_blank or not (plain or cells.is_wrapped(open_text, text)):
        return None
    fields = {**block.fields, "text": join_wrapped_pair(open_text, text.strip())}
    return Block(block.kind, lines, fields), cells.wrap_last_cell(row, text)


def ornamented(text: str) -> str | None:
    """The heading an ornament stands before: ``■ 1 行政運営の取組`` → ``1 行政運営の取組``.

    ``None`` when the line has no ornament or reads as a sentence (``● 市民に信頼される…取り組
    みます。``): a heading never ends with a full stop; whether the rest is a heading at all
    is for the heading rules to say.
    """
    match = ORNAMENT.match(text)
    if match is None or SENTENCE_END.search(text):
        return None
    return match.group("rest").rstrip()


def unbracketed(title: str) -> str:
    """A label without the brackets it is set in: ``【現状と課題】`` → ``現状と課題``."""
    title = title.strip()
    enclosed = LABEL_BRACKETS.match(title)
    return title if enclosed is None else enclosed.group("label").strip()


def label_of(title: str) -> Label | None:
    """The profile's label a standard sub-heading is: ``現状と課題`` → role ``current_state``;
    the label set in brackets (``【現状と課題】``, see ``LABEL_BRACKETS``) is the same label."""
    title = unbracketed(title)
    profile = active()
    if title in profile.labels:
        return profile.labels[title]
    if len(title) <= LABEL_MAX_LENGTH:
        for suffix, found in profile.label_suffixes.items():
            if title.endswith(suffix):
                return found
    return None


def label_role(title: str) -> str | None:
    """The role of a standard sub-heading: ``現状と課題`` → ``current_state``."""
    found = label_of(title)
    return None if found is None else found.role


def label(text: str) -> Fields | None:
    """A standard sub-heading alone on its line: ``現状と課題``, ``行政運営の目指す姿``."""
    if "\t" in text:
        return None
    found = label_of(text)
    if found is None:
        return None
    fields = {"title": unbracketed(text), "role": found.role}
    if found.owner != "innermost":  # a label of an outer level: 期待される施策の主な効果
        fields["owner"] = found.owner
    return fields


def roman_value(numeral: str) -> int:
    """``"III"`` → 3; ``"Ⅲ"`` (one character) → 3."""
    if numeral in ROMAN_NUMERAL_CHARS:
        return ROMAN_NUMERAL_CHARS.index(numeral) + 1
    return ROMAN_NUMERALS.index(numeral) + 1


def ascii_numeral(numeral: str) -> str:
    """The numeral in ASCII letters: ``"Ⅱ"`` → ``"II"``; ASCII stays as it is."""
    return ROMAN_NUMERALS[roman_value(numeral) - 1]
