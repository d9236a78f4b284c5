"""Re-listed initiatives found through the title index give what comparing every pair gives."""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keikaku.parsers.relisted import (
    DESCRIPTION_SIMILARITY,
    QUOTATION_BRACKETS,
    TITLE_SIMILARITY,
    candidate_pairs,
    find_relisted,
    title_key,
)
from keikaku.pipeline.model import Chapter, Diagnostic, Initiative, Source, walk

# The two printings of the デジタル改革推進チーム initiative (policy 1 and, misread, policy 2)
COE = "デジタル改革推進チーム(デジタルCOE)による行政DXの推進"
CDE = "「デジタル改革推進チーム(デジタルCDE)」による行政DXの推進"
COE_TEXT = (
    "令和3年（2021年）12月に策定した「札幌DX推進方針」に基づき、部局横断的な「デジタル改革推進"
    "チーム（デジタルCoE）」を設置し、外部専門家の知見、ノウハウも活用しながら、行政DXを推進します。"
)
CDE_TEXT = COE_TEXT.replace("CoE", "CDE")
# A parent (2) and its child (①): nearly the same title, different descriptions
PARENT = "行政手続のオンライン化の推進"
PARENT_TEXT = (
    "各種申請や手続、相談の利便性の向上のため、行政手続のオンライン化の取組を加速させ、市役所等に"
    "来庁せずとも行政サービスが受けられる環境を整備します。"
)
CHILD = "行政手続のオンライン化推進"
CHILD_TEXT = (
    "市役所等に来庁せずとも行政手続が可能となるよう、特に、子育て、介護、戸籍など、市民の利便性が"
    "高い分野を中心に、市役所内の様々な手続、届出、申請について、オンライン化を推進します。"
)
SIBLING = "税務手続きのオンライン化推進"

# (title a, title b, whether the index offers the pair for comparison)
TITLE_PAIRS = [
    pytest.param(COE, CDE, True, id="relisted-with-extraction-error"),
    pytest.param(PARENT, CHILD, True, id="parent-and-child"),
    pytest.param(CHILD, CHILD, True, id="same-title"),
    pytest.param("推進", "推進", True, id="short-same-title"),
    pytest.param(CHILD, SIBLING, False, id="siblings-differ-in-more-than-a-sixth"),
    pytest.param("行政DXの推進", COE, False, id="one-title-inside-a-longer"),
    pytest.param(CHILD, "職員の人材育成の推進", False, id="unrelated"),
    pytest.param("推", "進", False, id="one-character-each"),
    pytest.param("", "", False, id="empty"),
]


def _bounds_pass(a: str, b: str, threshold: float) -> bool:
    """The bounds ``_similar`` applies before difflib, computed the slow way."""
    total = len(a) + len(b)
    if not total or 2 * min(len(a), len(b)) < threshold * total:
        return False
    return 2 * sum((Counter(a) & Counter(b)).values()) >= threshold * total


@pytest.mark.parametrize(("a", "b", "offered"), TITLE_PAIRS)
def test_the_index_offers_pairs_that_may_match(a: str, b: str, offered: bool) -> None:
    keys = [a.translate(QUOTATION_BRACKETS), "市民参加の推進", b.translate(QUOTATION_BRACKETS)]
    assert ((0, 2) in candidate_pairs(keys, TITLE_SIMILARITY)) is offered
    assert _bounds_pass(keys[0], keys[2], TITLE_SIMILARITY) is offered


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="行政手続のオン化推進「」DX", max_size=14), max_size=25),
    st.sampled_from([0.5, 0.7, TITLE_SIMILARITY, 0.95, 1.0]),
)
def test_the_index_misses_no_pair(keys: list[str], threshold: float) -> None:
    """Every pair that passes the bounds is offered, and nothing else, in combinations order."""
    expected = [
        (i, j)
        for i, j in combinations(range(len(keys)), 2)
        if _bounds_pass(keys[i], keys[j], threshold)
    ]
    assert candidate_pairs(keys, threshold) == expected


def _initiative(node_id: str, title: str, description: str, line: int) -> Initiative:
    return Initiative(
        id=node_id,
        number="1",
        title=title,
        title_normalized=title,
        departments=(),
        departments_raw=None,
        departments_and_others=False,
        description=description,
        targets=(),
        footnote_refs=(),
        also_listed_as=(),
        source=Source(line, line),
    )


def _chapter(number: int, initiatives: list[Initiative]) -> Chapter:
    return Chapter(f"ch{number}", number, "章", (), Source(1, 1), tuple(initiatives))


# (title and description of a, of b, whether they are one initiative printed twice)
RELISTED = [
    pytest.param(COE, COE_TEXT, CDE, CDE_TEXT, True, id="relisted-with-extraction-error"),
    pytest.param(PARENT, PARENT_TEXT, CHILD, CHILD_TEXT, False, id="parent-and-child"),
    pytest.param(CHILD, CHILD_TEXT, SIBLING, CHILD_TEXT, False, id="same-text-other-title"),
    pytest.param(
        CHILD,
        CHILD_TEXT,
        CHILD,
        CHILD_TEXT[:-10] + "検討します。",
        True,
        id="text-reworded-at-the-end",
    ),
]


@pytest.mark.parametrize(("title_a", "text_a", "title_b", "text_b", "same"), RELISTED)
def test_relisted_pairs(title_a: str, text_a: str, title_b: str, text_b: str, same: bool) -> None:
    a = _initiative("ch1.i1", title_a, text_a, 10)
    other = _initiative("ch1.i2", "職員の人材育成の推進", "職員を育成します。", 20)
    b = _initiative("ch2.i1", title_b, text_b, 30)
    links, diagnostics = find_relisted([_chapter(1, [a, other]), _chapter(2, [b])])
    if same:
        assert links == {
            "ch1.i1": {"also_listed_as": ("ch2.i1",)},
            "ch2.i1": {"also_listed_as": ("ch1.i1",)},
        }
        assert [(d.code, d.line) for d in diagnostics] == [("initiative-relisted", 30)]
    else:
        assert (links, diagnostics) == ({}, [])


def pairwise_relisted(chapters) -> tuple[dict[str, dict[str, object]], list[Diagnostic]]:
    """The method the index replaced: every pair of initiatives compared with difflib."""
    initiatives = [n for c in chapters for n in walk(c) if isinstance(n, Initiative)]

    def similar(a: str, b: str, threshold: float) -> bool:
        return bool(a or b) and SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold

    links: dict[str, list[str]] = {}
    diagnostics = []
    for a, b in combinations(initiatives, 2):
        if not similar(title_key(a), title_key(b), TITLE_SIMILARITY):
            continue
        if not similar(a.description, b.description, DESCRIPTION_SIMILARITY):
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


def test_the_edition_gives_what_every_pair_gives(document) -> None:
    assert find_relisted(document.chapters) == pairwise_relisted(document.chapters)
