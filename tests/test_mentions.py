"""Unmarked mentions: only texts that can hold a term are analysed, and nothing is lost by it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keikaku.parsers import morphology
from keikaku.parsers.mentions import (
    SpellingIndex,
    _key,
    _outermost,
    find_mentions,
    fold,
    term_variants,
    text_fields,
)
from keikaku.parsers.morphology import tokens
from keikaku.pipeline.model import Chapter, GlossaryEntry, Mention, Paragraph, Source, walk

# (glossary term, text, whether the term is found in the text; whether analysing every text
# with Sudachi finds it, as before the spelling filter)
MENTIONS = [
    pytest.param("RPA", "RPAやAI-OCR等を活用します。", True, True, id="printed-spelling"),
    pytest.param("\uff32\uff30\uff21", "RPAを活用します。", True, True, id="full-width-term"),
    pytest.param("RPA", "\uff32\uff30\uff21を活用します。", True, True, id="full-width-text"),
    pytest.param("子ども", "子供の居場所づくり", True, True, id="text-in-normalized-spelling"),
    pytest.param("取組", "取り組みを進めます。", True, True, id="okurigana-added"),
    pytest.param("取り組み", "取組を進めます。", True, True, id="okurigana-left-out"),
    pytest.param("サーバー", "サーバを更新します。", True, True, id="long-vowel-left-out"),
    pytest.param("マネージメント", "マネジメントを進めます。", True, True, id="long-vowel-added"),
    pytest.param("京都", "東京都の施策", False, False, id="inside-a-longer-word"),
    pytest.param("リソース", "職員の人材を活用します。", False, False, id="absent"),
    # what the filter gives up: a text in other kana or kanji than both the glossary's
    # spelling and Sudachi's normalized one
    pytest.param("子供", "子どもの居場所づくり", False, True, id="kana-for-kanji-not-found"),
    pytest.param("町作り", "まちづくりを進めます。", False, True, id="kana-word-not-found"),
]


def _glossary(term: str) -> tuple[GlossaryEntry, ...]:
    return (GlossaryEntry(f"fn{200}", 200, term, "", "", (), (), Source(9, 9)),)


def _chapter(*texts: str) -> Chapter:
    paragraphs = tuple(
        Paragraph(f"ch1.para{i}", text, (), Source(i, i)) for i, text in enumerate(texts, 1)
    )
    return Chapter("ch1", 1, "章", (), Source(1, 1), paragraphs)


@pytest.mark.parametrize(("term", "text", "found", "found_by_analysing_all"), MENTIONS)
def test_mention_cases(term: str, text: str, found: bool, found_by_analysing_all: bool) -> None:
    (entry,) = find_mentions([_chapter(text)], _glossary(term))
    assert entry.mentions == ((Mention("ch1.para1", "text", 0),) if found else ())
    (reference,) = reference_mentions([_chapter(text)], _glossary(term))
    assert bool(reference.mentions) is found_by_analysing_all


def _occurrences(haystack, needles):
    """Every term whose first token stands here, compared token by token."""
    forms = [form for form, _, _ in haystack]
    for start, form in enumerate(forms):
        for number, needle in needles.get(form, ()):
            stop = start + len(needle)
            if forms[start:stop] == needle:
                yield number, haystack[start][1], haystack[stop - 1][2]


def reference_mentions(chapters, glossary) -> tuple[GlossaryEntry, ...]:
    """The method before the spelling filter and the trie: every text field analysed by
    Sudachi, every term that begins with a token compared where the token stands."""
    needles: dict[str, list[tuple[int, list[str]]]] = {}
    for entry in glossary:
        for variant in term_variants(entry.term):
            if key := _key(variant):
                needles.setdefault(key[0], []).append((entry.number, key))
    found: dict[int, list[Mention]] = {entry.number: [] for entry in glossary}
    for node in (node for chapter in chapters for node in walk(chapter)):
        for field, text, markers in text_fields(node):
            haystack = [(t.normalized, t.begin, t.end) for t in tokens(text) if not t.is_space]
            spans: dict[int, set[tuple[int, int]]] = {}
            for number, begin, end in _occurrences(haystack, needles):
                spans.setdefault(number, set()).add((begin, end))
            for number, found_spans in spans.items():
                found[number].extend(
                    Mention(node.id, field, begin)
                    for begin, end in _outermost(found_spans)
                    if (number, end) not in markers
                )
    return tuple(
        dataclasses.replace(entry, mentions=tuple(found[entry.number])) for entry in glossary
    )


def test_the_edition_gives_what_analysing_every_text_gives(document) -> None:
    unlinked = tuple(dataclasses.replace(entry, mentions=()) for entry in document.glossary)
    expected = reference_mentions(document.chapters, unlinked)
    assert find_mentions(document.chapters, unlinked) == expected
    assert sum(len(entry.mentions) for entry in expected) == 47


FOLDS = [
    pytest.param("取り組み", "取組", id="hiragana-left-out"),
    pytest.param("サーバー", "サバ", id="long-vowel-mark-left-out"),
    pytest.param("E BPM", "ebpm", id="spaces-and-case"),
    pytest.param("\uff21\uff29\uff0d\uff2f\uff23\uff32", "ai-ocr", id="full-width"),
    pytest.param("まちづくり", "", id="all-hiragana"),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="行政手続DXの推進", max_size=4), max_size=6),
    st.lists(st.text(alphabet="行政手続DXの推進市民", max_size=12), max_size=6),
)
def test_the_index_finds_what_a_search_for_every_spelling_finds(
    spellings: list[str], texts: list[str]
) -> None:
    index = SpellingIndex(spellings, [set(text) for text in texts])
    for text in texts:
        assert index.found_in(text) == any(spelling in text for spelling in spellings)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("ＲＰＡやAI-OCR等のQzxvw導入", id="latin-oov"),
        pytest.param("ｶﾀｶﾅのﾃｽﾄと😀、㍻", id="half-width-and-symbols"),
        pytest.param("デジタルC o Eの行政手續", id="spaced-acronym"),
    ],
)
def test_an_oov_word_has_an_id_no_dictionary_word_has(text: str) -> None:
    """morphology reads a word by its id without asking whether it is OOV: Sudachi files an
    OOV word under a dictionary of its own (0xF in the id's top four bits), the system
    dictionary's words under 0; the tokens are the same as those read from each morpheme."""
    tokenizer = morphology._get_tokenizer()
    morphemes = list(tokenizer.tokenize(text))
    assert any(m.is_oov() for m in morphemes)
    for m in morphemes:
        assert (m.word_id() >> 28 == 0xF) == m.is_oov()
    read = [
        (m.surface(), m.part_of_speech(), m.normalized_form(), m.reading_form(), m.is_oov())
        for m in morphemes
    ]
    morphology.forget()
    assert [t[:5] for t in morphology.tokens(text, remember=False)] == read
