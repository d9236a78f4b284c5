"""A contents page (目次): its entries, read to know which lines of the text are headings.

A plan may open with a contents page: its title (``目\\t次``) alone on a line, then one entry a
line — a part without a page (``I 総合戦略について``, the numeral one character), a section
without a number and its page (``策定の趣旨\\t1``), a numbered goal or measure (``1 村の振興の
要となる高校の機能強化\\t7``, ``① 高校の仕組みの強化\\t7``). The page ends where the text
begins, and the text begins with its first entry printed again as a heading
(``I\uff0e総合戦略について``, with a full-width stop): that is where a reader sees the
contents end, whatever the page's layout.

The entries are not structure themselves. The outline reads them to tell a heading from a
line that only looks like one (``parsers/outline.py``): a section printed without a number is
a heading because the contents lists it, and a numbered line inside a figure is not one when
the contents does not list it (the profile names the levels the contents lists).
"""

from __future__ import annotations

from collections.abc import Iterable

from keikaku.parsers.patterns import CONTENTS_NUMBER, WHITE_SPACE
from keikaku.parsers.profile import active
from keikaku.pipeline.model import Block, Line

Fields = dict[str, str]


def contents_title(text: str) -> Fields | None:
    """The title of a contents page alone on its line, spaced or not: ``目\\t次``, ``目次``."""
    title = active().contents_title
    if title is None or WHITE_SPACE.sub("", text) != title:
        return None
    return {"title": title}


def entry_key(text: str) -> str:
    """What an entry and its heading have in common: the title without its number, its page
    and any white space (``1 村の…強化\\t7`` and ``1\uff0e村の…強化`` → ``村の…強化``)."""
    text = text.strip()
    head, tab, page = text.rpartition("\t")
    if tab and page.strip().isdecimal():
        text = head.strip()
    return WHITE_SPACE.sub("", CONTENTS_NUMBER.sub("", text, count=1))


def is_numbered(text: str) -> bool:
    """Whether an entry prints a number (``1 題``, ``I 題``, ``① 題``), not only a title."""
    return CONTENTS_NUMBER.match(text.strip()) is not None


def continues_contents(
    block: Block, read: None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, None] | None:
    """A contents page with ``line`` as one more entry, until the text begins: the first
    entry printed again."""
    if len(block.lines) > 1 and entry_key(line.text) == entry_key(block.lines[1].text):
        return None
    return Block(block.kind, (*block.lines, line), block.fields), None


def listed(pages: Iterable[Block]) -> tuple[set[str], set[str]]:
    """The keys of every entry of the contents pages, and of those printed without a number."""
    keys: set[str] = set()
    unnumbered: set[str] = set()
    for page in pages:
        for line in page.lines[1:]:
            key = entry_key(line.text)
            if not key:
                continue
            keys.add(key)
            if not is_numbered(line.text):
                unnumbered.add(key)
    return keys, unnumbered
