"""What must hold on the bundled edition: counts, 所管, 目標, glossary, markers, accounting."""

from collections import Counter

from keikaku.pipeline.model import Group, Initiative, InitiativeParent, Policy
from tests.conftest import all_nodes, initiatives, parents


def test_policies_and_groups(document) -> None:
    policies = [n for n in all_nodes(document) if isinstance(n, Policy)]
    assert [(p.number, p.title) for p in policies] == [
        (1, "行政サービスの高度化"),
        (2, "不断の行政改革の推進"),
        (3, "多様な主体による連携・協働の推進"),
        (4, "職員力と組織力の向上"),
    ]
    groups_per_policy = [sum(isinstance(c, Group) for c in p.children) for p in policies]
    assert groups_per_policy == [3, 3, 2, 4]
    numerals = [[c.numeral for c in p.children if isinstance(c, Group)] for p in policies]
    assert numerals == [
        ["I", "II", "III"],
        ["I", "II", "III"],
        ["I", "II"],
        ["I", "II", "III", "IV"],
    ]


def test_initiatives_per_policy(document) -> None:
    policies = [n for n in all_nodes(document) if isinstance(n, Policy)]
    per_policy = [
        sum(isinstance(n, Initiative) for g in p.children for n in _walk(g)) for p in policies
    ]
    assert per_policy == [21, 19, 20, 23]
    assert len(initiatives(document)) == 83


def _walk(node):
    yield node
    for child in getattr(node, "children", ()):
        yield from _walk(child)


def test_parents_only_group_their_children(document) -> None:
    found = parents(document)
    assert len(found) == 11
    assert sum(len(p.children) for p in found) == 44
    assert all(isinstance(c, Initiative) for p in found for c in p.children)
    by_id = {p.id: p for p in found}
    lead = by_id["ch3.s1.p2.pol1.g2.i2"]
    assert (lead.title, lead.description[:12]) == (
        "行政手続のオンライン化の推進",
        "各種申請や手続、相談の利",
    )
    assert [c.number for c in by_id["ch3.s1.p2.pol4.g2.i1"].children] == [
        "(1)",
        "(2)",
        "(3)",
        "(4)",
    ]
    assert [c.number for c in by_id["ch3.s1.p2.pol4.g4.i3"].children] == ["(①)", "(②)", "(③)"]


def test_every_initiative_has_departments_and_a_target(document) -> None:
    for node in initiatives(document):
        assert node.departments, node.id
        assert node.targets, node.id
        assert all(d.department and "ほか" not in d.department for d in node.departments), node.id
        assert all(t.indicator and t.baseline.year and t.target.year for t in node.targets), node.id
        assert all(t.baseline.raw != "" and t.target.raw != "" for t in node.targets), node.id


def test_and_others_is_a_flag_never_a_department(document) -> None:
    flagged = [n.id for n in initiatives(document) if n.departments_and_others]
    assert flagged == [
        "ch3.s1.p2.pol2.g2.i2.c5",
        "ch3.s1.p2.pol2.g3.i4",
        "ch3.s1.p2.pol4.g1.i3",
        "ch3.s1.p2.pol4.g2.i1.c2",
    ]


def test_organisation_without_bureau_prefix(document) -> None:
    (node,) = [
        n for n in initiatives(document) if n.title == "有為かつ多様な人材確保に向けた取組の推進"
    ]
    assert [(d.bureau_abbr, d.department) for d in node.departments] == [(None, "人事委員会事務局")]


def test_target_years_and_missing_values(document) -> None:
    targets = [t for n in initiatives(document) for t in n.targets]
    assert Counter(t.baseline.year for t in targets) == {2022: 83}
    assert Counter(t.target.year for t in targets) == {2027: 82, 2023: 1}
    missing = [t.source.line for t in targets if t.baseline.raw is None and t.target.raw is None]
    assert missing == [161, 164, 167, 170, 174]
    reported = [d.line for d in document.diagnostics if d.code == "target-values-missing"]
    assert reported == missing
    assert all(
        t.baseline.raw is not None and t.target.raw is not None
        for t in targets
        if t.source.line not in missing
    )


def test_glossary_178_to_217_each_referenced(document) -> None:
    assert [e.number for e in document.glossary] == list(range(178, 218))
    assert all(e.term and e.definition for e in document.glossary)
    assert all(e.referenced_by for e in document.glossary)
    codes = {d.code for d in document.diagnostics}
    assert not codes & {"footnote-undefined", "footnote-unreferenced", "glossary-no-colon"}


def test_six_markers_outside_initiatives_belong_to_the_text_holding_them(document) -> None:
    outside = {
        ref: node.id
        for node in all_nodes(document)
        if not isinstance(node, (Initiative, InitiativeParent))
        for ref in getattr(node, "footnote_refs", ())
    }
    assert outside == {
        178: "ch3.s1.p1.para3",
        179: "ch3.s1.p1.summaries.pol2",
        180: "ch3.s1.p2.pol1.directions.b2",
        205: "ch3.s1.p2.pol4.current-state.b1",
        206: "ch3.s1.p2.pol4.current-state.b2",
        207: "ch3.s1.p2.pol4.directions.b1",
    }


def test_titles_are_clean_text(document) -> None:
    titles = {n.id: n.title for n in initiatives(document)}
    assert (
        titles["ch3.s1.p2.pol1.g2.i1"] == "デジタル改革推進チーム（デジタルCoE）による行政DXの推進"
    )
    assert titles["ch3.s1.p2.pol3.g1.i2"] == "市民へのSNS等を利用した情報発信"
    assert titles["ch3.s1.p2.pol3.g2.i1.c3"] == (
        "産学官金コンソーシアムによるGX投資の取組の推進（Team-Sapporo Hokkaidoの設置）"
    )
    texts = [n.title for n in initiatives(document)] + [
        n.description for n in initiatives(document)
    ]
    assert not any(ch in text for text in texts for ch in "⁰¹²³⁴⁵⁶⁷⁸⁹\t")


def test_chapter_toc_and_vision(document) -> None:
    (chapter,) = document.chapters
    assert (chapter.id, chapter.number, chapter.title) == ("ch3", 3, "行財政運営の取組")
    assert [(e.number, e.title, e.page) for e in chapter.toc] == [
        (1, "行政運営の取組", 176),
        (2, "財政運営の取組", 204),
    ]
    (section,) = chapter.children
    part1, part2 = section.children
    assert (part1.number, part2.number, part2.title) == ("(1)", "(2)", "具体的な取組")
    (vision,) = [c for c in part1.children if c.kind == "vision"]
    assert vision.statement == "市民のために、協働し、挑戦する市役所"
    assert len(vision.children) == 3
    (summaries,) = [c for c in part1.children if c.kind == "policy_summaries"]
    assert [s.number for s in summaries.children] == [1, 2, 3, 4]
    assert sum(c.kind == "paragraph" for c in part1.children) == 5


def test_every_line_assigned(document) -> None:
    assert document.stats.lines_total == 445
    assert document.stats.lines_assigned == document.stats.lines_total
    assert not [d for d in document.diagnostics if d.code == "unassigned"]


def test_ids_are_unique_ascii(document) -> None:
    ids = [n.id for n in all_nodes(document)] + [e.id for e in document.glossary]
    assert len(ids) == len(set(ids))
    assert all(i.isascii() and " " not in i for i in ids)
