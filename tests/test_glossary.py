"""Case table for footnote definitions, and the checks that link markers to them."""

import pytest

from keikaku.parsers.blocks import classify
from keikaku.parsers.glossary import parse_glossary_entry
from keikaku.pipeline.model import Line
from tests.conftest import extract_text

CASES = [
    pytest.param(
        "¹⁷⁸ リソース：資源や資産など。ここでは人的資源を指す。",
        178,
        "リソース",
        "資源や資産など。ここでは人的資源を指す。",
        id="full-width-colon",
    ),
    pytest.param(
        "¹⁷⁹ E BPM : Evidence-Based Policy Making (エビデンス・ベースド・ポリシー・メイキング) の略。",
        179,
        "EBPM",
        "Evidence-Based Policy Making (エビデンス・ベースド・ポリシー・メイキング)の略。",
        id="spaced-ascii-colon",
    ),
    pytest.param(
        "²⁰³ 指定管理施設：指定管理者により管理運営が行われている施設のこと（指定管理者制度：多様化する）。",
        203,
        "指定管理施設",
        "指定管理者により管理運営が行われている施設のこと（指定管理者制度：多様化する）。",
        id="second-colon-stays",
    ),
    pytest.param(
        "¹⁸¹ デジタル改革推進チーム（デジタルC o E）：DXの課題に対して",
        181,
        "デジタル改革推進チーム（デジタルCoE）",
        "DXの課題に対して",
        id="spelled-acronym-term",
    ),
    pytest.param(
        "¹⁹² RPA:「Robotic Process Automation」の略。",
        192,
        "RPA",
        "「Robotic Process Automation」の略。",
        id="ascii-colon",
    ),
]


@pytest.mark.parametrize(("text", "number", "term", "definition"), CASES)
def test_parse_glossary_entry(text: str, number: int, term: str, definition: str) -> None:
    block = classify(Line(7, text))
    entry, diagnostics = parse_glossary_entry(block)
    assert (entry.number, entry.term, entry.definition, entry.id) == (
        number,
        term,
        definition,
        f"fn{number}",
    )
    assert entry.source.line == 7
    assert diagnostics == []


def test_definition_without_colon_is_reported() -> None:
    entry, diagnostics = parse_glossary_entry(classify(Line(3, "¹⁸⁰ 書かない窓口")))
    assert (entry.term, entry.definition) == ("書かない窓口", "")
    assert [(d.code, d.line) for d in diagnostics] == [("glossary-no-colon", 3)]


SNIPPET = """第1章 テスト

1 節

(1) 部

市民のリソース¹⁷⁸を活かします。

¹⁷⁸ リソース：資源。

¹⁷⁹ 未使用：どこからも参照されない。

市民のナッジ²⁰⁰を活かします。
"""


def test_marker_without_definition_and_definition_without_marker(tmp_path) -> None:
    document = extract_text(tmp_path, SNIPPET)
    codes = [(d.code, d.line) for d in document.diagnostics]
    assert ("footnote-unreferenced", 11) in codes
    assert ("footnote-undefined", 13) in codes
    (used, unused) = document.glossary
    assert used.referenced_by == ("ch1.s1.p1.para1",)
    assert unused.referenced_by == ()
