"""Initiatives printed twice: the same initiative listed under two policies or groups.

Two initiatives are the same when their normalized titles (quotation brackets 「」 aside) and
their descriptions are both nearly identical. The デジタル改革推進チーム initiative is printed
under policy 1 as "…（デジタルC o E）…" and under policy 2 as "「…（デジタルCDE）」…", a text
extraction error: both copies get ``also_listed_as`` pointing at each other, and a diagnostic
shows how their titles differ so a reviewer can see it.

The thresholds keep apart what only looks alike: a parent and its child (行政手続のオンライン化の
推進 / …化推進) share a title but not a description.

Only pairs whose titles share enough characters to reach the title threshold are compared: an
index of each title's rarest characters finds them (``candidate_pairs``), so a plan of a
thousand initiatives costs a thousand look-ups, not half a million comparisons.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from keikaku.pipeline.model import Chapter, Diagnostic, Initiative, walk

TITLE_SIMILARITY = 0.85
DESCRIPTION_SIMILARITY = 0.85
QUOTATION_BRACKETS = str.maketrans("", "", "「」『』")


def _similar(
    a: str, b: str, threshold: float, tokens: tuple[frozenset[int], frozenset[int]] | None = None
) -> bool:
    """Whether difflib's ratio of ``a`` and ``b`` reaches ``threshold``.

    The ratio is 2·matches / (len a + len b); the shorter length and the characters in common
    (counted with repeats: ``tokens``, the strings' ``token_set``, when the caller has them)
    bound the matches from above, so most pairs are settled before difflib runs.
    """
    total = len(a) + len(b)
    if not total or 2 * min(len(a), len(b)) < threshold * total:
        return False
    if a == b:  # difflib's ratio of a string and itself is exactly 1
        return True
    tokens_a, tokens_b = tokens or (token_set(a), token_set(b))
    if 2 * len(tokens_a & tokens_b) < threshold * total:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def title_key(node: Initiative) -> str:
    """What titles are compared on: the normalized title without quotation brackets."""
    return node.title_normalized.translate(QUOTATION_BRACKETS)


def same_initiative(a: Initiative, b: Initiative) -> bool:
    return _similar(title_key(a), title_key(b), TITLE_SIMILARITY) and _similar(
        a.description, b.description, DESCRIPTION_SIMILARITY
    )


def _tokens(key: str) -> list[int]:
    """The characters of ``key`` as a set: each occurrence of a character is its own token.

    A token packs the occurrence number above the code point (which fits in 21 bits) into one
    int: the second の of a title is ``2 << 21 | ord("の")``.
    """
    seen: dict[str, int] = {}
    out = []
    for char in key:
        seen[char] = occurrence = seen.get(char, 0) + 1
        out.append(occurrence << 21 | ord(char))
    return out


def token_set(text: str) -> frozenset[int]:
    """The characters of ``text`` counted with repeats, as a set: its size in common with
    another's is the number of characters the two have in common."""
    return frozenset(_tokens(text))


def _prefix(ordered: list[int], overlap: float) -> list[int]:
    """The first tokens of ``ordered`` that any set sharing ``overlap`` of them meets.

    Two sets that share at least m tokens share their first common token in a global order,
    and it stands among the first len − m + 1 tokens of each; one token less than the bound
    rounds down, to absorb rounding error in the bounds below.
    """
    least = max(1, math.ceil(overlap) - 1)
    return ordered[: len(ordered) - least + 1]


def candidate_pairs(keys: Sequence[str], threshold: float) -> list[tuple[int, int]]:
    """Index pairs (i < j) of ``keys`` that pass the bounds ``_similar`` applies before
    difflib (lengths, characters in common with repeats); in ``itertools.combinations`` order.

    Prefix filtering, shortest key first: a key of length n reaches the threshold only with a
    key of length at least t·n/(2−t), so they share at least t·n/(2−t) characters, and with a
    key at least as long it shares at least t·n. Each key, its tokens ordered rarest first,
    looks up the shorter keys indexed so far under its first n − t·n/(2−t) + 1 tokens, then
    is indexed under its first n − t·n + 1; the keys it meets are checked with the bounds.
    """
    tokens = [_tokens(key) for key in keys]
    frequency = Counter(token for key_tokens in tokens for token in key_tokens)
    # Each token's place in the order rarest first (ties by the token), looked up when a key's
    # tokens are sorted instead of a (frequency, token) pair made per token per key.
    rank = {token: i for i, token in enumerate(sorted(frequency, key=lambda t: (frequency[t], t)))}
    sets = [frozenset(key_tokens) for key_tokens in tokens]  # token_set of each key
    lengths = [len(key) for key in keys]
    # token → (keys, their lengths), both in the order keys were indexed: shortest first
    index: dict[int, tuple[list[int], list[int]]] = {}
    pairs = []
    for j in sorted(range(len(keys)), key=lambda k: (lengths[k], k)):
        length = lengths[j]
        shortest = threshold * length / (2 - threshold)
        ordered = sorted(tokens[j], key=rank.__getitem__)
        met: set[int] = set()
        for token in _prefix(ordered, shortest):
            if token in index:
                indexed, indexed_lengths = index[token]
                met.update(indexed[bisect_left(indexed_lengths, math.floor(shortest)) :])
        for token in _prefix(ordered, threshold * length):
            indexed, indexed_lengths = index.setdefault(token, ([], []))
            indexed.append(j)
            indexed_lengths.append(length)
        for i in met:
            total = lengths[i] + length
            if 2 * lengths[i] >= threshold * total and (
                2 * len(sets[i] & sets[j]) >= threshold * total
            ):
                pairs.append((i, j) if i < j else (j, i))
    return sorted(pairs)


def find_relisted(
    chapters: Iterable[Chapter],
) -> tuple[dict[str, dict[str, object]], list[Diagnostic]]:
    """``also_listed_as`` changes for every initiative printed more than once, and diagnostics.

    The same pairs, links and diagnostics as comparing every pair of initiatives in document
    order (tests/test_relisted.py keeps that method to check it).
    """
    initiatives = [n for c in chapters for n in walk(c) if isinstance(n, Initiative)]
    keys = [title_key(n) for n in initiatives]
    descriptions: dict[int, frozenset[int]] = {}  # token sets, of the descriptions compared

    def description_tokens(item: int) -> frozenset[int]:
        if item not in descriptions:
            descriptions[item] = token_set(initiatives[item].description)
        return descriptions[item]

    links: dict[str, list[str]] = {}
    diagnostics = []
    for i, j in candidate_pairs(keys, TITLE_SIMILARITY):
        a, b = initiatives[i], initiatives[j]
        # The descriptions first: titles alike are common (a plan reuses a title's words
        # from chapter to chapter), descriptions alike are rare, and their bounds settle most
        # pairs before difflib reads either (on the 50-chapter plan, 52 of 3,484 pairs).
        tokens = (description_tokens(i), description_tokens(j))
        if not _similar(a.description, b.description, DESCRIPTION_SIMILARITY, tokens):
            continue
        if not _similar(keys[i], keys[j], TITLE_SIMILARITY):
            continue
        links.setdefault(a.id, []).append(b.id)
        links.setdefault(b.id, []).append(a.id)
        spelling = "the same title" if a.title == b.title else f"{a.title!r} and {b.title!r}"
        diagnostics.append(
            Diagnostic(
                "warning",
                "initiative-relisted",
                f"{a.id} and {b.id} print the same initiative, as {spelling}",
                b.source.line,
            )
        )
    return {node_id: {"also_listed_as": tuple(ids)} for node_id, ids in links.items()}, diagnostics
