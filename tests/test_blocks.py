"""Case table for line classification (parsers/blocks.py), with real lines of the corpus."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keikaku.parsers.blocks import RULES, RuleChoice, classify, first_rule, lines_to_blocks
from keikaku.parsers.headings import ornamented
from keikaku.parsers.patterns import BULLETS, CIRCLED_NUMBERS, ORNAMENTS, SUPERSCRIPT_DIGITS
from keikaku.parsers.profile import bundled_names, bundled_profile, using
from keikaku.pipeline.loaders.text import split_lines
from keikaku.pipeline.model import Line
from tests.conftest import MAIN_DOCUMENT
from tests.test_fuzz import PIECES

CASES = [
    pytest.param("第3章", "chapter_label", {"number": "3"}, id="chapter-label"),
    pytest.param(
        "第3章 行財政運営の取組",
        "chapter_heading",
        {"number": "3", "title": "行財政運営の取組"},
        id="chapter-heading",
    ),
    pytest.param(
        "1 行政運営の取組\t176",
        "toc_entry",
        {"number": "1", "title": "行政運営の取組", "page": "176"},
        id="toc",
    ),
    pytest.param(
        "(1) 行政運営の取組策定に当たっての基本的な考え方",
        "part_heading",
        {"printed": "(1)", "number": "1", "title": "行政運営の取組策定に当たっての基本的な考え方"},
        id="part",
    ),
    pytest.param(
        "1 行政サービスの高度化",
        "numbered_heading",
        {"number": "1", "title": "行政サービスの高度化"},
        id="numbered-heading",
    ),
    pytest.param(
        "1 行政DXの実現に向けた業務改善（BPR）の実施",
        "numbered_heading",
        {"number": "1", "title": "行政DXの実現に向けた業務改善（BPR）の実施"},
        id="parent-without-tabs",
    ),
    pytest.param(
        "II デジタル活用による行政DXの更なる推進",
        "group_heading",
        {"numeral": "II", "title": "デジタル活用による行政DXの更なる推進"},
        id="group-ascii",
    ),
    pytest.param(
        "Ⅳ 変化に柔軟に対応し",
        "group_heading",
        {"numeral": "Ⅳ", "title": "変化に柔軟に対応し"},
        id="group-roman-char",
    ),
    pytest.param(
        "取組方針2 不断の行政改革の推進",
        "policy_summary_heading",
        {"number": "2", "title": "不断の行政改革の推進"},
        id="policy-summary",
    ),
    pytest.param(
        "1\t複合的な福祉課題等を抱える市民への支援促進事業\t所管\t保) 総務部",
        "initiative_row",
        {
            "number": "1",
            "title": "複合的な福祉課題等を抱える市民への支援促進事業",
            "departments": "保) 総務部",
        },
        id="initiative-tabs",
    ),
    pytest.param(
        "②\t官民連携窓口の設置\t所管 デ) スマートシティ推進部、 政) 政策企画部\t",
        "initiative_row",
        {
            "number": "②",
            "title": "官民連携窓口の設置",
            "departments": "デ) スマートシティ推進部、 政) 政策企画部",
        },
        id="departments-after-space",
    ),
    pytest.param(
        "2 行政手続のオンライン化の推進\t\t\t",
        "initiative_row",
        {"number": "2", "title": "行政手続のオンライン化の推進"},
        id="parent-row-trailing-tabs",
    ),
    pytest.param(
        "3\t窓口における利便性の向上\t\t\t",
        "initiative_row",
        {"number": "3", "title": "窓口における利便性の向上"},
        id="parent-row-tab",
    ),
    pytest.param(
        "(2)\t福祉分野を支える職員の人材育成の強化\t所管\t総) 職員部",
        "initiative_row",
        {
            "number": "(2)",
            "title": "福祉分野を支える職員の人材育成の強化",
            "departments": "総) 職員部",
        },
        id="child-paren",
    ),
    pytest.param(
        "(①)\t柔軟かつ効果的な組織・推進体制の構築\t所管\t総) 行政部",
        "initiative_row",
        {
            "number": "(①)",
            "title": "柔軟かつ効果的な組織・推進体制の構築",
            "departments": "総) 行政部",
        },
        id="child-paren-circled",
    ),
    pytest.param(
        "③ 大型ごみ収集のオンライン化",
        "initiative_row",
        {"number": "③", "title": "大型ごみ収集のオンライン化"},
        id="circled-without-tabs",
    ),
    pytest.param(
        "目標\tオンライン環境整備率\t2022年\t2027年",
        "target",
        {"rest": "オンライン環境整備率\t2022年\t2027年"},
        id="target",
    ),
    pytest.param("\t\t—\t50%", "value_row", {"cells": "—\t50%"}, id="value-row"),
    pytest.param(
        "---\t-------------------------\t----\t--------", "table_rule", {}, id="table-rule"
    ),
    pytest.param(
        "¹⁸⁰ 書かない窓口：ここでは、",
        "footnote_definition",
        {"number": "¹⁸⁰", "body": "書かない窓口：ここでは、"},
        id="footnote",
    ),
    pytest.param(
        "現状と課題", "label", {"title": "現状と課題", "role": "current_state"}, id="label"
    ),
    pytest.param(
        "行政運営の目指す姿",
        "label",
        {"title": "行政運営の目指す姿", "role": "vision"},
        id="label-suffix",
    ),
    pytest.param(
        "- 市民に信頼される市役所を目指し",
        "bullet",
        {"text": "市民に信頼される市役所を目指し"},
        id="bullet",
    ),
    pytest.param(
        "“市民のために、協働し、挑戦する市役所”",
        "quote",
        {"text": "市民のために、協働し、挑戦する市役所"},
        id="quote",
    ),
    pytest.param("行政財政運営の取組", "paragraph", {"text": "行政財政運営の取組"}, id="paragraph"),
]


@pytest.mark.parametrize(("text", "kind", "fields"), CASES)
def test_classify(text: str, kind: str, fields: dict[str, str]) -> None:
    block = classify(Line(1, text))
    assert (block.kind, block.fields) == (kind, fields)


def test_value_row_joins_the_target_row_above() -> None:
    blocks = lines_to_blocks(split_lines("目標\t率\t2022年\t2027年\n\t\t100%\t100%\n"))
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [("target", 1, 2)]


def test_wrapped_paragraph_lines_make_one_block_but_a_blank_line_separates() -> None:
    blocks = lines_to_blocks(split_lines("市民の\n利便性向上を図ります。\n\n次の段落。\n"))
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [
        ("paragraph", 1, 2),
        ("paragraph", 4, 4),
    ]


# --- the rules a line's first character leaves give the rule every rule would ---------------

PROFILES = [pytest.param(name, id=name) for name in bundled_names()]


def _both_ways(text: str, choice: RuleChoice) -> None:
    """The rule the first character's choice finds is the one trying every rule finds, for the
    line and for the heading after its ornament."""
    assert first_rule(text, choice.rules(text)) == first_rule(text, RULES), text
    heading = ornamented(text)
    if heading is not None:
        kinds = frozenset(kind for kind, _ in RULES)
        assert first_rule(heading, choice.rules(heading), kinds) == first_rule(
            heading, RULES, kinds
        ), text


# Forms of other plans and designs, as the rules' docstrings quote them.
FORMS = [
    "目\t次",
    "目次",
    "重要業績評価指標 （KPI） \t現状値 （2014 年度） \t目標値 （2019 年度）",
    "中学校訪問実施校数 \t年111校 \t年111校",
    "高校の入学者数40人（2014 年度）→年40人（2019 年度）",
    "所管：保) 総務部",
    "所管: 総) 行政部",
    "所管\t財) 税政部",
    "ア\t窓口の設置\t所管\t総) 行政部",
    "複合的な福祉課題等を抱える市民への支援促進事業\t1",
    "◆ (1) 行政運営の取組",
    "○ I 多様な市民ニーズへのきめ細かな行政サービス提供体制の構築",
    "◇ 市民の困りごとや不安に共感し",
    "1\uff0e村の振興の要となる高校の機能強化",
]


@pytest.mark.parametrize("name", PROFILES)
def test_first_character_choice_on_the_corpus(name: str) -> None:
    profile = bundled_profile(name)
    choice = RuleChoice(profile)
    with using(profile):
        lines = MAIN_DOCUMENT.read_text(encoding="utf-8").splitlines()
        for text in [*lines, *(case.values[0] for case in CASES), *FORMS]:
            _both_ways(text, choice)
            _both_ways(text.lstrip(), choice)


# Lines made of the characters and words the rules look at first, in any order.
FIRSTS = [*SUPERSCRIPT_DIGITS, *CIRCLED_NUMBERS, *ORNAMENTS, *BULLETS, *'（(注※"“「『']
WORDS = ["取組方針", "目次", "重要業績評価指標", "→", "（2014 年度）", "現状値", "12", "Ⅱ", '"題"']
line_texts = st.lists(
    st.one_of(st.sampled_from(PIECES + FIRSTS + WORDS), st.text(max_size=3)), max_size=8
).map("".join)


@pytest.mark.parametrize("name", PROFILES)
@settings(max_examples=300, deadline=None)
@given(text=line_texts)
def test_first_character_choice_on_generated_lines(name: str, text: str) -> None:
    profile = bundled_profile(name)
    with using(profile):
        _both_ways(text, RuleChoice(profile))
