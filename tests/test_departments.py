"""Case table for 所管 cells, with the real variants of the corpus."""

import pytest

from parsers.departments import parse_departments
from pipeline.model import Department as D

CASES = [
    pytest.param("保) 総務部", [D("保) 総務部", "保", "総務部")], False, id="ascii-bracket"),
    pytest.param(
        "デ）スマートシティ推進部",
        [D("デ）スマートシティ推進部", "デ", "スマートシティ推進部")],
        False,
        id="full-width-bracket",
    ),
    pytest.param(
        "総）行政部、 デ）スマートシティ推進部、 デ）情報システム部",
        [
            D("総）行政部", "総", "行政部"),
            D("デ）スマートシティ推進部", "デ", "スマートシティ推進部"),
            D("デ）情報システム部", "デ", "情報システム部"),
        ],
        False,
        id="three-full-width",
    ),
    pytest.param(
        "総) 行政部、総) 広報部、 政) 政策企画部、 保) 障がい保健福祉部",
        [
            D("総) 行政部", "総", "行政部"),
            D("総) 広報部", "総", "広報部"),
            D("政) 政策企画部", "政", "政策企画部"),
            D("保) 障がい保健福祉部", "保", "障がい保健福祉部"),
        ],
        False,
        id="four-mixed-spacing",
    ),
    pytest.param("総) 行政部 ほか", [D("総) 行政部", "総", "行政部")], True, id="and-others"),
    pytest.param(
        "総) 行政部、 デ) スマートシティ推進部、 子) 子育て支援部 ほか",
        [
            D("総) 行政部", "総", "行政部"),
            D("デ) スマートシティ推進部", "デ", "スマートシティ推進部"),
            D("子) 子育て支援部", "子", "子育て支援部"),
        ],
        True,
        id="and-others-after-list",
    ),
    pytest.param(
        "人事委員会事務局",
        [D("人事委員会事務局", None, "人事委員会事務局")],
        False,
        id="no-bureau-prefix",
    ),
    pytest.param("", [], False, id="empty"),
]


@pytest.mark.parametrize(("cell", "expected", "and_others"), CASES)
def test_parse_departments(cell: str, expected: list[D], and_others: bool) -> None:
    assert parse_departments(cell) == (tuple(expected), and_others)
