"""The second real plan, end to end: Otoineppu village's まち・ひと・しごと創生総合戦略 (a PDF of
16 pages nobody on this project made, ../shared/real-pdf/; skipped where it is absent), read
with the bundled ``sogo-senryaku`` profile its signature picks, against its reviewed golden
(``golden/otoineppu-sogosenryaku.json`` and ``.view.txt``; ``scripts/test --update-golden``
rewrites them)."""

from __future__ import annotations

from functools import cache

import pytest

from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.export_view import document_to_view
from keikaku.pipeline.model import Document, Initiative, Policy, walk
from keikaku.pipeline.run import extract
from tests.conftest import GOLDEN, ROOT, UPDATE_GOLDEN

PDF = ROOT.parent / "shared" / "real-pdf" / "otoineppu-sogosenryaku.pdf"
pytestmark = pytest.mark.skipif(not PDF.is_file(), reason="../shared/real-pdf is not here")


@cache
def document() -> Document:
    return extract(PDF)


@pytest.mark.parametrize(
    ("suffix", "render"),
    [
        pytest.param(".json", document_to_json, id="json"),
        pytest.param(".view.txt", document_to_view, id="view"),
    ],
)
def test_golden(suffix, render) -> None:
    golden = GOLDEN / f"otoineppu-sogosenryaku{suffix}"
    text = render(document())
    if UPDATE_GOLDEN:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_signature_picks_the_profile() -> None:
    assert document().document.profile == "sogo-senryaku"


def _nodes() -> list:
    return [node for chapter in document().chapters for node in walk(chapter)]


def test_parts_goals_and_measures() -> None:
    chapters = document().chapters
    assert [c.title for c in chapters] == [
        "総合戦略について",
        "音威子府村の総合戦略の基本的な視点",
        "音威子府村の総合戦略",
    ]
    assert [len([n for n in c.children if n.kind == "section"]) for c in chapters] == [4, 2, 1]
    policies = [n for n in _nodes() if isinstance(n, Policy)]
    assert [(p.id, len(p.targets)) for p in policies] == [
        ("ch3.pol1", 1),
        ("ch3.pol2", 1),
        ("ch3.pol3", 2),
        ("ch3.pol4", 1),
    ]
    measures = [n for n in _nodes() if isinstance(n, Initiative)]
    assert [(m.id, len(m.targets)) for m in measures] == [
        ("ch3.pol1.i1", 1),
        ("ch3.pol2.i1", 2),
        ("ch3.pol2.i2", 2),
        ("ch3.pol3.i1", 2),
        ("ch3.pol3.i2", 3),
        ("ch3.pol3.i3", 3),
        ("ch3.pol4.i1", 1),
    ]


def test_kpi_values_keep_their_labels_and_dashes() -> None:
    measure = next(n for n in _nodes() if n.id == "ch3.pol2.i1")
    target = measure.targets[0]
    assert target.indicator == "バイオガスプラント事業関連就業者数"
    assert [(v.label, v.role, v.year, v.raw) for v in target.values] == [
        ("現状値（2014年度）", "baseline", 2014, "−"),
        ("目標値（2019年度）", "target", 2019, "5年間で1人"),
    ]
    assert target.values[0].parsed.kind == "not_set"


def test_headline_target() -> None:
    goal = next(n for n in _nodes() if n.id == "ch3.pol1")
    assert isinstance(goal, Policy)
    (target,) = goal.targets
    assert target.indicator == "高校の入学者数"
    assert [(v.label, v.year, v.raw) for v in target.values] == [
        ("2014年度", 2014, "40人"),
        ("2019年度", 2019, "年40人"),
    ]


def test_main_projects_are_a_list_of_the_measure() -> None:
    projects = next(n for n in _nodes() if n.id == "ch3.pol1.i1.projects")
    assert projects.title == "主な事業"
    assert len(projects.children) == 5


def test_figures_and_contents_are_not_structure() -> None:
    titles = [getattr(n, "title", "") for n in _nodes()]
    # the 総合計画's own goals inside a figure on page 6, and the contents page
    assert not any(t.startswith("自然を守り") for t in titles)
    assert titles.count("高校の仕組みの強化") == 1
