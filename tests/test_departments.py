"""Case table for 所管 cells, with the real variants of the corpus, and the bureau table."""

import pytest

from keikaku.parsers.departments import load_bureau_table, parse_departments
from keikaku.pipeline.model import Department as D
from tests.conftest import all_nodes, extract_text

SAPPORO = load_bureau_table("sapporo")

CASES = [
    pytest.param(
        "保) 総務部", [D("保) 総務部", "保", "保健福祉局", "総務部")], False, id="ascii-bracket"
    ),
    pytest.param(
        "デ）スマートシティ推進部",
        [D("デ）スマートシティ推進部", "デ", "デジタル戦略推進局", "スマートシティ推進部")],
        False,
        id="full-width-bracket",
    ),
    pytest.param(
        "総）行政部、 デ）スマートシティ推進部、 デ）情報システム部",
        [
            D("総）行政部", "総", "総務局", "行政部"),
            D("デ）スマートシティ推進部", "デ", "デジタル戦略推進局", "スマートシティ推進部"),
            D("デ）情報システム部", "デ", "デジタル戦略推進局", "情報システム部"),
        ],
        False,
        id="three-full-width",
    ),
    pytest.param(
        "総) 行政部、総) 広報部、 政) 政策企画部、 保) 障がい保健福祉部",
        [
            D("総) 行政部", "総", "総務局", "行政部"),
            D("総) 広報部", "総", "総務局", "広報部"),
            D("政) 政策企画部", "政", "まちづくり政策局", "政策企画部"),
            D("保) 障がい保健福祉部", "保", "保健福祉局", "障がい保健福祉部"),
        ],
        False,
        id="four-mixed-spacing",
    ),
    pytest.param(
        "総) 行政部 ほか", [D("総) 行政部", "総", "総務局", "行政部")], True, id="and-others"
    ),
    pytest.param(
        "総) 行政部、 デ) スマートシティ推進部、 子) 子育て支援部 ほか",
        [
            D("総) 行政部", "総", "総務局", "行政部"),
            D("デ) スマートシティ推進部", "デ", "デジタル戦略推進局", "スマートシティ推進部"),
            D("子) 子育て支援部", "子", "子ども未来局", "子育て支援部"),
        ],
        True,
        id="and-others-after-list",
    ),
    pytest.param(
        "人事委員会事務局",
        [D("人事委員会事務局", None, "人事委員会事務局", "人事委員会事務局")],
        False,
        id="organisation-of-its-own",
    ),
    pytest.param("謎) 調査部", [D("謎) 調査部", "謎", None, "調査部")], False, id="unknown-prefix"),
    pytest.param("", [], False, id="empty"),
]


@pytest.mark.parametrize(("cell", "expected", "and_others"), CASES)
def test_parse_departments(cell: str, expected: list[D], and_others: bool) -> None:
    assert parse_departments(cell, SAPPORO) == (tuple(expected), and_others)


def test_the_table_is_data_with_the_twelve_bureaus() -> None:
    assert SAPPORO == {
        "総": "総務局",
        "政": "まちづくり政策局",
        "デ": "デジタル戦略推進局",
        "財": "財政局",
        "市": "市民文化局",
        "保": "保健福祉局",
        "子": "子ども未来局",
        "経": "経済観光局",
        "環": "環境局",
        "建": "建設局",
        "消": "消防局",
        "水": "水道局",
    }


def test_unknown_table_name() -> None:
    with pytest.raises(KeyError, match="no bureau table 'atlantis' \\(known: sapporo\\)"):
        load_bureau_table("atlantis")


PLAN = """第1章 行財政運営の取組

1 行政運営の取組

(2) 具体的な取組

1 行政サービスの高度化

現状と課題

- 課題です。

取組内容

I 提供体制の構築

1\t事業\t所管\t謎) 調査部、総) 行政部
目標\t率\t2022年 1%\t2027年 2%
"""


def test_unknown_prefix_is_reported_and_kept(tmp_path) -> None:
    document = extract_text(tmp_path, PLAN)
    assert [(d.code, d.line) for d in document.diagnostics] == [("bureau-unknown", 17)]
    (initiative,) = [n for n in all_nodes(document) if n.kind == "initiative"]
    assert [d.bureau for d in initiative.departments] == [None, "総務局"]


def test_without_a_table_bureaus_are_unresolved_and_said_once(tmp_path) -> None:
    document = extract_text(tmp_path, PLAN, manifest=None)
    assert [(d.code, d.severity) for d in document.diagnostics] == [
        ("bureau-table-missing", "info")
    ]


def test_departments_index(document) -> None:
    index = {(e.bureau_abbr, e.department): e for e in document.departments}
    assert len(index) == 22
    assert [e.bureau_abbr for e in document.departments][:3] == ["総", "総", "総"]
    assert document.departments[-1].department == "人事委員会事務局"
    assert index["総", "行政部"].bureau == "総務局"
    assert len(index["総", "行政部"].initiatives) == 36
    assert index[None, "人事委員会事務局"].initiatives == ("ch3.s1.p2.pol4.g1.i2",)
    assert index["水", "総務部"].initiatives == ("ch3.s1.p2.pol3.g2.i3.c5",)
    named = {
        (d.bureau_abbr, d.department)
        for n in all_nodes(document)
        for d in getattr(n, "departments", ())
    }
    assert named == set(index)
    assert all(e.bureau for e in document.departments)
