"""The semantic diff, on a synthetic next edition made from the corpus (tests/next_edition.py)."""

import json

import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.diff import Value, changes_to_markdown, diff_documents
from keikaku.pipeline.export_json import document_to_json
from tests.conftest import GOLDEN, MAIN_DOCUMENT, extract_text
from tests.next_edition import EXPECTED, next_edition


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[dict, dict, str]:
    folder = tmp_path_factory.mktemp("editions")
    old = json.loads((GOLDEN / "ap2023-ch3-gyosei.json").read_text(encoding="utf-8"))
    text = next_edition(MAIN_DOCUMENT.read_text(encoding="utf-8"))
    new = json.loads(document_to_json(extract_text(folder, text, name="ap2028-ch3-gyosei.txt")))
    (folder / "ap2028-ch3-gyosei.json").write_text(json.dumps(new, ensure_ascii=False))
    return old, new, str(folder)


def test_reports_exactly_the_edits(editions) -> None:
    old, new, _ = editions
    changes = diff_documents(old, new)
    assert {(c.scope, c.what, c.old_id, c.new_id) for c in changes} == EXPECTED
    assert len(changes) == len(EXPECTED)


def test_values_of_the_changes(editions) -> None:
    old, new, _ = editions
    by_key = {(c.what, c.old_id or c.new_id): c for c in diff_documents(old, new)}
    target = by_key["target", "ch3.s1.p2.pol1.g1.i3"]
    assert target.target == 1
    assert target.old == Value("2027年", "target", 2027, "975人", "quantity", 975.0, "人")
    assert target.new == Value("2027年", "target", 2027, "1,000人", "quantity", 1000.0, "人")
    renamed = by_key["renamed", "ch3.s1.p2.pol1.g1.i2"]
    assert renamed.new == "母子保健における児童虐待の予防強化事業（妊娠SOS事業）"
    assert by_key["added", "ch3.s1.p2.pol1.g1.i6"].subject == "地域の相談窓口連携事業"
    assert by_key["renumbered", "fn178"].new == 1
    assert by_key["renumbered", "ch3.s1.p2.pol3.g2"].policy == "3 多様な主体による連携・協働の推進"


def test_an_edition_against_itself_is_empty(editions) -> None:
    old, _, _ = editions
    assert diff_documents(old, old) == []


def test_the_policy_of_a_moved_initiative(editions) -> None:
    old, _, _ = editions
    moved = json.loads(json.dumps(old))
    policy1, policy2 = moved["chapters"][0]["children"][0]["children"][1]["children"][:2]
    group = next(c for c in policy2["children"] if c["kind"] == "group")
    initiative = group["children"].pop(0)
    target_group = next(c for c in policy1["children"] if c["kind"] == "group")
    target_group["children"].append(dict(initiative, id=target_group["id"] + ".i9", number="9"))
    changes = diff_documents(old, moved)
    assert [(c.what, c.old_id, c.new_id) for c in changes] == [
        ("moved", initiative["id"], target_group["id"] + ".i9")
    ]


def test_markdown_and_json_output_and_exit_codes(editions, capsys) -> None:
    _, _, folder = editions
    new_json = f"{folder}/ap2028-ch3-gyosei.json"
    assert main(["diff", str(GOLDEN / "ap2023-ch3-gyosei.json"), new_json]) == 1
    markdown = capsys.readouterr().out
    assert markdown.startswith("# keikaku diff: ap2023-ch3-gyosei.json → ap2028-ch3-gyosei.json")
    assert "## 取組方針 1 行政サービスの高度化" in markdown
    assert (
        "- removed initiative `ch3.s1.p2.pol4.g4.i3.c3` 組織の縦割り弊害の打破に向けた取組の推進"
        in markdown
    )
    assert "- renumbered footnote 178 → 1 リソース" in markdown
    assert main(["diff", "--json", str(GOLDEN / "ap2023-ch3-gyosei.json"), new_json]) == 1
    body = json.loads(capsys.readouterr().out)
    changes = [c for link in body["links"] for c in link["changes"]] + body["glossary"]
    assert len(changes) == len(EXPECTED)
    # a source file is extracted first; the edition against itself: exit 0
    assert main(["diff", str(MAIN_DOCUMENT), str(GOLDEN / "ap2023-ch3-gyosei.json")]) == 0
    assert "No differences." in capsys.readouterr().out
    assert main(["diff", str(MAIN_DOCUMENT), f"{folder}/missing.json"]) == 2
    assert "missing.json" in capsys.readouterr().err


def _initiative(document: dict, node_id: str) -> dict:
    stack = list(document["chapters"])
    while stack:
        node = stack.pop()
        if node["id"] == node_id:
            return node
        stack.extend(node.get("children", []))
    raise KeyError(node_id)


def test_field_and_glossary_changes(editions) -> None:
    old, _, _ = editions
    new = json.loads(json.dumps(old))
    node = _initiative(new, "ch3.s1.p2.pol1.g1.i1")
    node["departments"].append(
        {
            "raw": "子) 児童相談所",
            "bureau_abbr": "子",
            "bureau": "子ども未来局",
            "department": "児童相談所",
        }
    )
    node["targets"][0]["indicator"] = "支援方針が決まった割合"
    node["targets"][0]["values"][0]["year"] = 2021
    node["description"] += "あわせて研修を行います。"
    node["targets"].append(dict(node["targets"][0], indicator="研修の回数"))
    new["glossary"][0]["definition"] = "資源。"
    removed = new["glossary"].pop(1)
    new["glossary"].append(dict(removed, number=300, id="fn300", term="新しい用語"))
    found = diff_documents(old, new)
    changes = {(c.what, c.old_id or c.new_id, c.target) for c in found}
    assert changes == {
        ("departments", "ch3.s1.p2.pol1.g1.i1", None),
        ("description", "ch3.s1.p2.pol1.g1.i1", None),
        ("indicator", "ch3.s1.p2.pol1.g1.i1", 1),
        ("baseline", "ch3.s1.p2.pol1.g1.i1", 1),
        ("target_added", "ch3.s1.p2.pol1.g1.i1", 2),
        ("redefined", "fn178", None),
        ("removed", "fn179", None),
        ("added", "fn300", None),
    }
    markdown = changes_to_markdown(found, "a.json", "b.json")
    assert "- 目標 1 baseline of initiative `ch3.s1.p2.pol1.g1.i1`" in markdown
    assert "2022 100% → 2021 100%" in markdown
    assert "- 目標 2 added in `ch3.s1.p2.pol1.g1.i1`" in markdown
    assert "- definition of footnote 178 リソース: " in markdown
    assert "- removed footnote 179 EBPM" in markdown
