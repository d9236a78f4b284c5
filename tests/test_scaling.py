"""A plan of many chapters: the indexes give what the pairwise methods give.

The plans are made from the corpus chapter by tests/plans.py; scripts/bench times them.
"""

from __future__ import annotations

import dataclasses

import pytest

from keikaku.parsers.mentions import find_mentions
from keikaku.parsers.relisted import find_relisted
from keikaku.pipeline.model import Document
from tests.conftest import MAIN_DOCUMENT, extract_text
from tests.plans import scaled_plan, scaled_stats
from tests.test_mentions import reference_mentions
from tests.test_relisted import pairwise_relisted

CHAPTERS = 3


@pytest.fixture(scope="module", params=[True, False], ids=["shuffled", "copies"])
def plan(request, tmp_path_factory) -> Document:
    text = scaled_plan(MAIN_DOCUMENT.read_text(encoding="utf-8"), CHAPTERS, request.param)
    manifest = MAIN_DOCUMENT.with_suffix(".manifest.toml").read_text(encoding="utf-8")
    return extract_text(tmp_path_factory.mktemp("plan"), text, "plan.txt", manifest)


def test_every_chapter_has_the_structure_of_the_first(plan: Document, document) -> None:
    assert scaled_stats(document.stats, plan.stats, CHAPTERS) == []
    assert [chapter.id for chapter in plan.chapters] == ["ch1", "ch2", "ch3"]


def test_relisted_as_every_pair_gives(plan: Document) -> None:
    links, diagnostics = find_relisted(plan.chapters)
    assert (links, diagnostics) == pairwise_relisted(plan.chapters)
    assert len(diagnostics) >= CHAPTERS  # the デジタル改革推進チーム pair, in every chapter


def test_mentions_as_analysing_every_text_gives(plan: Document) -> None:
    unlinked = tuple(dataclasses.replace(entry, mentions=()) for entry in plan.glossary)
    mentions = find_mentions(plan.chapters, unlinked)
    assert mentions == reference_mentions(plan.chapters, unlinked)
    assert {m.node.split(".")[0] for entry in mentions for m in entry.mentions} == {
        "ch1",
        "ch2",
        "ch3",
    }


def test_copies_are_relisted_across_chapters(tmp_path) -> None:
    text = scaled_plan(MAIN_DOCUMENT.read_text(encoding="utf-8"), 2, shuffle=False)
    manifest = MAIN_DOCUMENT.with_suffix(".manifest.toml").read_text(encoding="utf-8")
    document = extract_text(tmp_path, text, "plan.txt", manifest)
    links, _ = find_relisted(document.chapters)
    assert links["ch1.s1.p2.pol1.g2.i2.c1"] == {"also_listed_as": ("ch2.s1.p2.pol1.g2.i2.c1",)}
