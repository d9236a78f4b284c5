"""Where a glossary term is used in the text without its footnote marker.

Terms are matched on Sudachi tokens (normalized forms), not on raw substrings, so a term is
only found where the text's own tokens spell it: ``RPA`` in ``RPAやAI-OCR等``, but ``AI`` not
inside an unrelated longer token. A term printed with a bracketed alias is also found by each
part: ``成果連動型民間委託契約方式（PFS）`` by ``PFS`` (``PFS・SIBの活用の検討``) and by the
name outside the brackets.

The occurrence a marker belongs to is not a mention: the one that ends where the marker
stood (``RPA ¹⁹² 等`` — the marker right after the term).

Only the texts that can hold a term are analysed (``SpellingIndex``): folded alike (NFKC, lower
case, no spaces, no hiragana, no ー), the text must contain the term's printed spelling or
Sudachi's normalized one. That finds a term whatever the spaces, width, case, okurigana or long
vowels (取組 / 取り組み, サーバ / サーバー); a spelling that differs in its kanji or kana from
both (子ども in the text, 子供 in the glossary) is not found.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import chain

import regex

from keikaku.parsers.morphology import Form, normalized_forms, tokens
from keikaku.parsers.patterns import BRACKETED_ALIAS, SPELLING_NOISE
from keikaku.pipeline.model import Chapter, GlossaryEntry, Initiative, Mention, Node, walk


def text_fields(node: Node) -> list[tuple[str, str, set[tuple[int, int]]]]:
    """A node's clean text fields in reading order: (field, text, {(footnote, offset)} markers)."""
    markers = getattr(node, "markers", ())
    fields = [
        (name, value, {(n, offset) for f, n, offset in markers if f == name})
        for name in ("title", "statement", "text", "description")
        if isinstance(value := getattr(node, name, None), str) and value
    ]
    if isinstance(node, Initiative):
        fields.extend(
            (f"targets[{i}].indicator", t.indicator, {(n, offset) for _, n, offset in t.markers})
            for i, t in enumerate(node.targets)
        )
    return fields


def term_variants(term: str) -> list[str]:
    """The term, and for ``名称（略称）`` each part on its own."""
    variants = [term]
    match = BRACKETED_ALIAS.match(term)
    if match:
        variants.extend(part for part in match.group("name", "alias") if part not in variants)
    return variants


def _key(text: str) -> list[str]:
    return [t.normalized for t in tokens(text) if not t.is_space]


Haystack = list[Form]  # (normalized form, begin, end) of each token


class TermTrie:
    """The terms' token sequences as a trie: a node per token, the footnotes of the terms
    that end there. Finding every term at one place of a text walks as far as tokens match,
    however many terms begin with the same token (行政…, デジタル…)."""

    def __init__(self) -> None:
        self.children: dict[str, TermTrie] = {}
        self.numbers: list[int] = []

    def add(self, key: list[str], number: int) -> None:
        node = self
        for form in key:
            node = node.children.setdefault(form, TermTrie())
        if number not in node.numbers:
            node.numbers.append(number)


def _occurrences(haystack: Haystack, terms: TermTrie) -> Iterable[tuple[int, int, int]]:
    """(footnote number, begin, end) wherever a term's tokens stand in the haystack's tokens."""
    forms = [form for form, _, _ in haystack]
    first = terms.children
    # A term starts only at a token that begins one: most tokens begin none, and are passed
    # over without a walk.
    for start in (i for i, form in enumerate(forms) if form in first):
        node, stop = terms, start
        while stop < len(forms) and (child := node.children.get(forms[stop])) is not None:
            node, stop = child, stop + 1
            for number in node.numbers:
                yield number, haystack[start][1], haystack[stop - 1][2]


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside a longer one (an alias inside its full term), in text order."""
    return sorted(
        (begin, end)
        for begin, end in spans
        if not any(b <= begin and end <= e and (b, e) != (begin, end) for b, e in spans)
    )


def fold(text: str) -> str:
    """What spellings are compared on: ``取り組み`` → ``取組``, ``E BPM`` → ``ebpm``."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return SPELLING_NOISE.sub("", text.casefold())


class SpellingIndex:
    """Finds the texts that contain one of many spellings, in time linear in the texts.

    Each spelling is filed under its rarest character (in how often the texts hold it); a text
    is checked only against the spellings filed under characters it holds, which one pattern
    of those characters finds.
    """

    def __init__(self, spellings: Iterable[str], characters: Iterable[Iterable[str]]) -> None:
        """``characters``: the characters of each text to be searched (its set, or the text)."""
        distinct = set(spellings)
        self.everywhere = "" in distinct  # a spelling of nothing but noise: every text
        frequency = Counter(chain.from_iterable(characters))
        self.by_char: dict[str, list[str]] = {}
        for spelling in sorted(distinct - {""}):
            rarest = min(spelling, key=lambda char: (frequency[char], char))
            self.by_char.setdefault(rarest, []).append(spelling)
        # The filing characters as one class: a text's are found by a scan in C, not by a set
        # of all its characters.
        filed = "".join(map(regex.escape, self.by_char))
        self.filed = regex.compile(f"[{filed}]") if filed else None

    def found_in(self, text: str) -> bool:
        """Whether ``text`` contains one of the spellings."""
        if self.everywhere:
            return True
        if self.filed is None:
            return False
        for char in set(self.filed.findall(text)):
            for spelling in self.by_char[char]:
                if spelling in text:
                    return True
        return False


def find_mentions(
    chapters: Iterable[Chapter], glossary: tuple[GlossaryEntry, ...]
) -> tuple[GlossaryEntry, ...]:
    """The glossary with each entry's ``mentions`` filled in, in document order."""
    terms = TermTrie()
    spellings: list[str] = []
    for entry in glossary:
        for variant in term_variants(entry.term):
            if key := _key(variant):
                terms.add(key, entry.number)
                spellings.extend((fold(variant), fold("".join(key))))
    fields = [
        (node, field, text, markers, fold(text))
        for node in (node for chapter in chapters for node in walk(chapter))
        for field, text, markers in text_fields(node)
    ]
    index = SpellingIndex(spellings, (folded for *_, folded in fields))
    found: dict[int, list[Mention]] = {entry.number: [] for entry in glossary}
    for node, field, text, markers, folded in fields:
        if not index.found_in(folded):
            continue
        haystack = normalized_forms(text)  # the last stage to read it: not kept
        spans: dict[int, set[tuple[int, int]]] = {}
        for number, begin, end in _occurrences(haystack, terms):
            spans.setdefault(number, set()).add((begin, end))
        for number, found_spans in spans.items():
            found[number].extend(
                Mention(node.id, field, begin)
                for begin, end in _outermost(found_spans)
                if (number, end) not in markers  # the marker right after it: not a mention
            )
    return tuple(
        dataclasses.replace(entry, mentions=tuple(found[entry.number])) for entry in glossary
    )
