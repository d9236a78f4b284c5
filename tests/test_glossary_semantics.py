"""Readings, normalized forms, unmarked mentions and re-listed initiatives (Sudachi-based)."""

import pytest

from keikaku.parsers.blocks import classify
from keikaku.parsers.glossary import link_glossary, parse_glossary_entry
from keikaku.parsers.mentions import find_mentions, term_variants
from keikaku.parsers.morphology import normalized, reading
from keikaku.pipeline.model import Initiative, Line
from tests.conftest import all_nodes, extract_text, initiatives

READINGS = [
    pytest.param("リソース", "リソース", id="katakana"),
    pytest.param("書かない窓口", "カカナイマドグチ", id="verb-and-noun"),
    pytest.param("EBPM", "イービーピーエム", id="unknown-acronym-by-letter"),
    pytest.param("BPR", "ビーピーアール", id="known-acronym"),
    pytest.param(
        "成果連動型民間委託契約方式（PFS）",
        "セイカレンドウガタミンカンイタクケイヤクホウシキピーエフエス",
        id="brackets-left-out",
    ),
    pytest.param(
        "子育て・女性職員応援プラン", "コソダテジョセイショクインオウエンプラン", id="middle-dot"
    ),
]


@pytest.mark.parametrize(("term", "expected"), READINGS)
def test_reading(term: str, expected: str) -> None:
    assert reading(term) == expected


NORMALIZED = [
    pytest.param(
        "来庁した場合でも負担なく手續ができるよう",
        "来庁した場合でも負担なく手続ができるよう",
        id="old-form-kanji",
    ),
    pytest.param("書かない窓口", "書かない窓口", id="conjugation-kept"),
    pytest.param("2,273,760人", "2273760人", id="numeral"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZED)
def test_normalized(text: str, expected: str) -> None:
    assert normalized(text) == expected


def test_every_glossary_entry_has_a_katakana_reading(document) -> None:
    for entry in document.glossary:
        assert entry.reading, entry.term
        katakana = all("\u30a0" <= ch <= "\u30ff" for ch in entry.reading)
        assert katakana, (entry.term, entry.reading)


def test_titles_and_indicators_carry_a_normalized_form(document) -> None:
    node = next(n for n in initiatives(document) if n.id == "ch3.s1.p2.pol1.g2.i1")
    assert node.title_normalized == "デジタル改革推進チーム(デジタルCOE)による行政DXの推進"
    assert (
        node.title == "デジタル改革推進チーム（デジタルCoE）による行政DXの推進"
    )  # printed text kept
    assert node.targets[0].indicator_normalized.startswith(
        "「デジタル改革推進チーム(デジタルCOE)」"
    )


def test_term_variants() -> None:
    assert term_variants("成果連動型民間委託契約方式（PFS）") == [
        "成果連動型民間委託契約方式（PFS）",
        "成果連動型民間委託契約方式",
        "PFS",
    ]
    assert term_variants("リソース") == ["リソース"]


def mentions_of(document, number):
    (entry,) = [e for e in document.glossary if e.number == number]
    return [(m.node, m.field, m.offset) for m in entry.mentions]


def test_mentions_in_the_edition(document) -> None:
    # RPA ¹⁹² is marked in the title of ②; its description uses it again without a marker
    assert mentions_of(document, 192) == [("ch3.s1.p2.pol2.g2.i2.c2", "description", 28)]
    # the alias PFS is found in the indicator "PFS・SIBの活用の検討"; the marked occurrence is not
    assert mentions_of(document, 201) == [
        ("ch3.s1.p2.pol3.g2.i4.c1", "title", 0),
        ("ch3.s1.p2.pol3.g2.i4.c1", "targets[0].indicator", 0),
    ]
    # OJT（職場内研修）²¹² is used once, with its marker: no mention
    assert mentions_of(document, 212) == []
    assert document.stats.mentions == sum(len(e.mentions) for e in document.glossary) == 47


SNIPPET = """第1章 章

1 節

(1) 部

東京都の施策と京都の施策。

京都²⁰⁰との連携を京都で進めます。

²⁰⁰ 京都：府の名前。
"""


def test_terms_match_whole_tokens_not_substrings(tmp_path) -> None:
    document = extract_text(tmp_path, SNIPPET)
    # 京都 inside 東京都 is not a mention; the marked 京都 is not either
    assert mentions_of(document, 200) == [
        ("ch1.s1.p1.para1", "text", 7),
        ("ch1.s1.p1.para2", "text", 7),
    ]


def test_glossary_entry_from_a_line_has_no_mentions_until_linked() -> None:
    entry, _ = parse_glossary_entry(classify(Line(1, "¹⁹² RPA：ソフトウェアロボット。")))
    assert (entry.reading, entry.mentions) == ("アールピーエー", ())
    linked, diagnostics = link_glossary((), (entry,))
    assert find_mentions((), linked)[0].mentions == ()
    assert [d.code for d in diagnostics] == ["footnote-unreferenced"]


def test_relisted_initiative_is_linked_both_ways(document) -> None:
    linked = {
        n.id: n.also_listed_as
        for n in all_nodes(document)
        if isinstance(n, Initiative) and n.also_listed_as
    }
    assert linked == {
        "ch3.s1.p2.pol1.g2.i1": ("ch3.s1.p2.pol2.g2.i1.c1",),
        "ch3.s1.p2.pol2.g2.i1.c1": ("ch3.s1.p2.pol1.g2.i1",),
    }
    (diagnostic,) = [d for d in document.diagnostics if d.code == "initiative-relisted"]
    assert diagnostic.line == 279
    assert "デジタルCoE" in diagnostic.message and "デジタルCDE" in diagnostic.message


def _field_text(node, field: str) -> str:
    if field.startswith("targets["):
        return node.targets[int(field[8 : field.index("]")])].indicator
    return getattr(node, field)


def test_every_mention_points_at_its_term(document) -> None:
    nodes = {n.id: n for n in all_nodes(document)}
    for entry in document.glossary:
        for mention in entry.mentions:
            text = _field_text(nodes[mention.node], mention.field)
            rest = normalized(text[mention.offset :])
            assert any(rest.startswith(normalized(v)) for v in term_variants(entry.term)), (
                entry.term,
                mention,
            )
