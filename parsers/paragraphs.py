"""Running text: bullets, a quoted statement, table rules and plain paragraphs."""

from __future__ import annotations

from keikaku.parsers.patterns import ORNAMENT, QUOTED_LINE, TABLE_RULE, grammar

Fields = dict[str, str]


def table_rule(text: str) -> Fields | None:
    """The dashes under a table's header row: ``---\\t-------------\\t----\\t--------``."""
    return {} if TABLE_RULE.match(text) else None


def bullet(text: str) -> Fields | None:
    """A bullet item: ``- 市民の困りごとや不安に共感し、…`` (also ・ ● ○ ◆ ■ □).

    Any other ornament a design sets before a line that is no heading is a bullet too
    (``◇ 市民の困りごとや…``; ``parsers/blocks.py`` tries the headings first).
    """
    match = grammar().bullet.match(text)
    if match is not None:
        return {"text": match.group("text")}
    ornament = ORNAMENT.match(text)
    return None if ornament is None else {"text": ornament.group("rest").strip()}


def quoted_line(text: str) -> Fields | None:
    """A statement alone in quotes: ``“市民のために、協働し、挑戦する市役所”``."""
    match = QUOTED_LINE.match(text.strip())
    return None if match is None else {"text": match.group("text")}


def paragraph(text: str) -> Fields:
    """Anything else: a line of running text (cells of a table row separated by tabs)."""
    return {"text": text.strip()}
