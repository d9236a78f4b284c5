"""Initiatives printed twice: the same initiative listed under two policies or groups.

Two initiatives are the same when their normalized titles (quotation brackets 「」 aside) and
their descriptions are both nearly identical. The デジタル改革推進チーム initiative is printed
under policy 1 as "…（デジタルC o E）…" and under policy 2 as "「…（デジタルCDE）」…", a text
extraction error: both copies get ``also_listed_as`` pointing at each other, and a diagnostic
shows how their titles differ so a reviewer can see it.

The thresholds keep apart what only looks alike: a parent and its child (行政手続のオンライン化の
推進 / …化推進) share a title but not a description.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from itertools import combinations

from pipeline.model import Chapter, Diagnostic, Initiative, walk

TITLE_SIMILARITY = 0.85
DESCRIPTION_SIMILARITY = 0.85
QUOTATION_BRACKETS = str.maketrans("", "", "「」『』")


def _similar(
    a: str, b: str, threshold: float, counts: tuple[Counter[str], Counter[str]] | None = None
) -> bool:
    """Whether difflib's ratio of ``a`` and ``b`` reaches ``threshold``.

    The ratio is 2·matches / (len a + len b); the shorter length and the characters in common
    (``counts``: the strings' character counts, when the caller has them) bound the matches
    from above, so most pairs are settled before difflib runs.
    """
    total = len(a) + len(b)
    if not total or 2 * min(len(a), len(b)) < threshold * total:
        return False
    count_a, count_b = counts or (Counter(a), Counter(b))
    if 2 * sum((count_a & count_b).values()) < threshold * total:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def title_key(node: Initiative) -> str:
    """What titles are compared on: the normalized title without quotation brackets."""
    return node.title_normalized.translate(QUOTATION_BRACKETS)


def same_initiative(a: Initiative, b: Initiative) -> bool:
    return _similar(title_key(a), title_key(b), TITLE_SIMILARITY) and _similar(
        a.description, b.description, DESCRIPTION_SIMILARITY
    )


def find_relisted(
    chapters: Iterable[Chapter],
) -> tuple[dict[str, dict[str, object]], list[Diagnostic]]:
    """``also_listed_as`` changes for every initiative printed more than once, and diagnostics."""
    initiatives = [n for c in chapters for n in walk(c) if isinstance(n, Initiative)]
    keys = {n.id: title_key(n) for n in initiatives}
    counts = {node_id: Counter(key) for node_id, key in keys.items()}
    links: dict[str, list[str]] = {}
    diagnostics = []
    for a, b in combinations(initiatives, 2):
        if not _similar(keys[a.id], keys[b.id], TITLE_SIMILARITY, (counts[a.id], counts[b.id])):
            continue
        if not _similar(a.description, b.description, DESCRIPTION_SIMILARITY):
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
