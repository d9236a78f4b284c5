"""How headings nest, decided by context, and the anomalies reported with their lines."""

import pytest

from keikaku.pipeline.model import Initiative, InitiativeParent, Policy
from tests.conftest import all_nodes, extract_text

# Lines 1-16: chapter, section, part (2), policy 1 with 現状と課題 and group I; bodies start at 17.
HEAD = "第1章 行財政運営の取組\n\n1 行政運営の取組\n\n(2) 具体的な取組\n\n"

POLICY = """1 行政サービスの高度化

現状と課題

- 課題です。

取組内容

I 提供体制の構築

"""


def kinds(document):
    return [(n.kind, n.id) for n in all_nodes(document) if n.kind not in ("bullet", "paragraph")]


def codes(document):
    return [(d.code, d.line) for d in document.diagnostics]


def test_numbered_heading_followed_by_current_state_is_a_policy(tmp_path) -> None:
    document = extract_text(
        tmp_path, HEAD + POLICY + "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
    )
    assert ("policy", "ch1.s1.p2.pol1") in kinds(document)
    assert ("initiative", "ch1.s1.p2.pol1.g1.i1") in kinds(document)
    assert codes(document) == []


def test_numbered_heading_inside_a_group_is_a_parent_initiative(tmp_path) -> None:
    text = (
        HEAD
        + POLICY
        + (
            "2 行政DXの実現に向けた業務改善\n\n行政DXを実施します。\n\n"
            "①\tチーム\t所管\t総）行政部\n目標\t件数\t2022年\t2027年\n\t\t—\t10件\n"
            "②\t窓口\t所管\t総）行政部\n目標\t時間\t2022年 —\t2027年 20分短縮\n"
        )
    )
    document = extract_text(tmp_path, text)
    (parent,) = [n for n in all_nodes(document) if isinstance(n, InitiativeParent)]
    assert (parent.id, parent.title, parent.description) == (
        "ch1.s1.p2.pol1.g1.i2",
        "行政DXの実現に向けた業務改善",
        "行政DXを実施します。",
    )
    assert [c.id for c in parent.children] == ["ch1.s1.p2.pol1.g1.i2.c1", "ch1.s1.p2.pol1.g1.i2.c2"]
    # numbering starts at 2: reported, and the rest is still extracted
    assert codes(document) == [("numbering-gap", 17)]


def test_next_policy_closes_the_open_group(tmp_path) -> None:
    text = HEAD + POLICY + "2 不断の行政改革の推進\n\n現状と課題\n\n- 課題。\n"
    document = extract_text(tmp_path, text)
    policies = [n for n in all_nodes(document) if isinstance(n, Policy)]
    assert [p.id for p in policies] == ["ch1.s1.p2.pol1", "ch1.s1.p2.pol2"]


DRIFT = [
    pytest.param(
        "1\t事業\t\t\n説明。\n目標\t率\t2022年 1%\t2027年 2%\n",
        [("departments-missing", 17)],
        id="missing-departments",
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n説明。\n", [("targets-missing", 17)], id="missing-target"
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
        "目標\t数\t2022年 1件\t2027年 2件\n",
        [("targets-several", 17)],
        id="two-targets",
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n\n"
        "2\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n\n"
        "4\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n",
        [("numbering-gap", 23)],
        id="numbering-gap",
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n\n"
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n",
        [("duplicate-number", 20), ("numbering-repeat", 20)],
        id="numbering-repeat",
    ),
    pytest.param(
        "①\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n",
        [("heading-level-skipped", 17)],
        id="child-without-parent",
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n現状と課題\n",
        [],
        id="label-after-initiative-opens-list",
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n---\t---\n\n説明。\n\n目標\t率\t2022年\t2027年\n\t\t1%\t2%\n"
        "¹⁸⁰ 書かない窓口：説明。\n",
        [("footnote-unreferenced", 24)],
        id="footnote-inside-box",
    ),
]


DRIFT += [
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年\t2027年\n\t\t1%\t2%\n",
        [],
        id="values-on-the-next-line",
    ),
    pytest.param(
        "1\t親\t\t\n説明。\n"
        "ア\t子\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
        "イ\t子\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n",
        [("number-unknown", 19), ("number-unknown", 21)],
        id="unknown-child-marker",
    ),
    pytest.param(
        "1\t親\t\t\n説明。\n"
        "⑴\t子\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
        "⑵\t子\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n",
        [],
        id="parenthesized-number-characters",
    ),
    pytest.param(
        "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n²⁰⁰ 用語：定義。\n",
        [("footnote-unreferenced", 19)],
        id="definition-without-marker",
    ),
    pytest.param(
        "1\t事業²⁰¹\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n",
        [("footnote-undefined", 17)],
        id="marker-without-definition",
    ),
]


@pytest.mark.parametrize(("body", "expected"), DRIFT)
def test_drift_is_reported_and_the_rest_extracted(tmp_path, body, expected) -> None:
    document = extract_text(tmp_path, HEAD + POLICY + body)
    assert codes(document) == expected
    assert any(isinstance(n, Initiative) for n in all_nodes(document))
    assert document.stats.lines_assigned == document.stats.lines_total


def test_line_no_rule_places_is_reported_as_unassigned(tmp_path) -> None:
    text = HEAD + POLICY + "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
    text = text.replace(
        "現状と課題\n\n- 課題です。", "現状と課題\n\n- 課題です。\n\n\t\t迷子の値\t1%"
    )
    document = extract_text(tmp_path, text)
    assert codes(document) == [("unassigned", 13)]
    assert document.stats.lines_assigned == document.stats.lines_total - 1


def test_content_before_any_chapter_heading_gets_an_unnamed_chapter(tmp_path) -> None:
    text = (HEAD + POLICY).replace("第1章 行財政運営の取組\n\n", "")
    text += "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
    document = extract_text(tmp_path, text)
    assert codes(document) == [("chapter-heading-missing", 1)]
    assert ("initiative", "ch0.s1.p2.pol1.g1.i1") in kinds(document)
    assert document.stats.lines_assigned == document.stats.lines_total


def test_unknown_child_numbers_are_numbered_by_place(tmp_path) -> None:
    text = (
        HEAD
        + POLICY
        + (
            "1\t親\t\t\n説明。\n"
            "ア\t子\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
            "イ\t子\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
        )
    )
    document = extract_text(tmp_path, text)
    (parent,) = [n for n in all_nodes(document) if isinstance(n, InitiativeParent)]
    assert [(c.id, c.number) for c in parent.children] == [
        ("ch1.s1.p2.pol1.g1.i1.c1", "ア"),
        ("ch1.s1.p2.pol1.g1.i1.c2", "イ"),
    ]


def test_a_label_before_the_chapter_heading_does_not_swallow_the_chapter(tmp_path) -> None:
    """Found by tests/test_fuzz.py: a list label moved above 第1章."""
    text = "行政運営の取組方針\n\n" + HEAD + POLICY
    text += "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
    document = extract_text(tmp_path, text)
    assert ("chapter-heading-missing", 1) in codes(document)
    assert [c.id for c in document.chapters] == ["ch0", "ch1"]
    assert ("initiative", "ch1.s1.p2.pol1.g1.i1") in kinds(document)


def test_a_heading_ends_an_open_list(tmp_path) -> None:
    text = HEAD + POLICY.replace("取組内容\n\n", "")
    text += "1\t事業\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"
    document = extract_text(tmp_path, text)
    assert ("group", "ch1.s1.p2.pol1.g1") in kinds(document)
    assert ("initiative", "ch1.s1.p2.pol1.g1.i1") in kinds(document)
    assert document.stats.lines_assigned == document.stats.lines_total


ROW = "\t所管\t総) 行政部\n目標\t率\t2022年 1%\t2027年 2%\n"

# Ids where numbers repeat or are of no known style: a copy gets the next free -N, a number of
# no known style its place among the siblings of its kind (copies and known numbers counted).
IDS = [
    pytest.param(
        "1\t事業" + ROW + "1\t事業" + ROW + "1\t事業" + ROW,
        ["i1", "i1-2", "i1-3"],
        id="a-number-printed-three-times",
    ),
    pytest.param(
        "1\t事業" + ROW + "1\t事業" + ROW + "ア\t事業" + ROW,
        ["i1", "i1-2", "i3"],
        id="no-known-style-after-a-copy",
    ),
    pytest.param(
        "1\t親\t\t\n説明。\n" + "①\t子" + ROW + "ア\t子" + ROW + "イ\t子" + ROW,
        ["i1", "i1.c1", "i1.c2", "i1.c3"],
        id="children-of-no-known-style-after-a-known-one",
    ),
]


@pytest.mark.parametrize(("body", "expected"), IDS)
def test_ids_of_repeated_and_unknown_numbers(tmp_path, body, expected) -> None:
    document = extract_text(tmp_path, HEAD + POLICY + body)
    ids = [n.id for n in all_nodes(document) if isinstance(n, (Initiative, InitiativeParent))]
    assert [i.rpartition(".g1.")[2] for i in ids] == expected
