"""Lineage: every initiative of two editions mapped by ID, in JSON with a schema and in SQLite.

The second edition is tests/next_edition.py's: policy 3's group II renumbered III, one
initiative renamed, one added, one removed, two targets changed.
"""

import json
import sqlite3

import jsonschema
import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.diff import Lineage, lineage
from keikaku.pipeline.export_schema import (
    DIFF_SCHEMA_FILE,
    DIFF_VERSIONS_FILE,
    diff_schema,
    recorded_versions,
    schema_digest,
    schema_to_json,
)
from tests.conftest import MAIN_DOCUMENT, UPDATE_GOLDEN
from tests.next_edition import next_edition

MANIFEST = MAIN_DOCUMENT.with_name(MAIN_DOCUMENT.stem + ".manifest.toml")

# The README's join: each initiative of the old edition and what it is in the new one.
README_JOIN = """
SELECT l.status, o.id, o.title, n.id, n.title
FROM lineage l
LEFT JOIN initiatives o ON o.document_id = l.old_document_id AND o.id = l.old_id
LEFT JOIN initiatives n ON n.document_id = l.new_document_id AND n.id = l.new_id
WHERE l.old_document_id = 'plan@2023' AND l.new_document_id = 'plan@2027'
  AND l.scope = 'initiative'
"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """Both editions extracted into one folder and database; their JSON."""
    root = tmp_path_factory.mktemp("lineage")
    text = MAIN_DOCUMENT.read_text(encoding="utf-8")
    for edition, content in (("2023", text), ("2027", next_edition(text))):
        folder = root / edition
        folder.mkdir()
        (folder / "plan.txt").write_text(content, encoding="utf-8")
        manifest = MANIFEST.read_text(encoding="utf-8").replace('"2023"', f'"{edition}"')
        (folder / "plan.manifest.toml").write_text(manifest, encoding="utf-8")
    out = root / "out"
    assert main(["extract", str(root / "2023"), str(root / "2027"), "-o", str(out), "-q"]) == 0
    return out


def _load(out, name) -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mapped(editions) -> Lineage:
    return lineage(_load(editions, "plan@2023.json"), _load(editions, "plan@2027.json"))


def _initiative_ids(document: dict) -> list[str]:
    found, stack = [], list(document["chapters"])
    while stack:
        node = stack.pop()
        if node["kind"] in ("initiative", "initiative_parent"):
            found.append(node["id"])
        stack.extend(node.get("children", ()))
    return found


def test_every_initiative_of_both_editions_is_mapped_once(editions, mapped) -> None:
    links = [link for link in mapped.links if link.scope == "initiative"]
    old_ids = [link.old_id for link in links if link.old_id]
    new_ids = [link.new_id for link in links if link.new_id]
    assert sorted(old_ids) == sorted(_initiative_ids(_load(editions, "plan@2023.json")))
    assert sorted(new_ids) == sorted(_initiative_ids(_load(editions, "plan@2027.json")))


@pytest.mark.parametrize(
    ("scope", "old_id", "status", "new_id"),
    [
        pytest.param("group", "ch3.s1.p2.pol3.g2", "renumbered", "ch3.s1.p2.pol3.g3", id="group"),
        # under the renumbered group: another ID, but the same initiative, unchanged
        pytest.param(
            "initiative", "ch3.s1.p2.pol3.g2.i1", "same", "ch3.s1.p2.pol3.g3.i1", id="carried"
        ),
        pytest.param(
            "initiative", "ch3.s1.p2.pol1.g1.i2", "renamed", "ch3.s1.p2.pol1.g1.i2", id="renamed"
        ),
        pytest.param(
            "initiative",
            "ch3.s1.p2.pol1.g1.i3",
            "same",
            "ch3.s1.p2.pol1.g1.i3",
            id="target-changed",
        ),
        pytest.param("initiative", "ch3.s1.p2.pol4.g4.i3.c3", "removed", None, id="removed"),
        pytest.param("initiative", None, "added", "ch3.s1.p2.pol1.g1.i6", id="added"),
        pytest.param(
            "initiative", "ch3.s1.p2.pol2.g1.i1", "same", "ch3.s1.p2.pol2.g1.i1", id="same"
        ),
    ],
)
def test_status_of_each_node(mapped, scope, old_id, status, new_id) -> None:
    key = old_id or new_id
    link = next(x for x in mapped.links if x.scope == scope and key in (x.old_id, x.new_id))
    assert (link.old_id, link.status, link.new_id) == (old_id, status, new_id)


def test_json_is_structured_and_meets_its_schema(editions, capsys) -> None:
    old, new = editions / "plan@2023.json", editions / "plan@2027.json"
    assert main(["diff", "--json", str(old), str(new)]) == 1
    body = json.loads(capsys.readouterr().out)
    schema = json.loads(DIFF_SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(body)) == []
    assert body["schema_version"] == Lineage.schema_version
    assert (body["old"]["id"], body["new"]["id"]) == ("plan@2023", "plan@2027")
    link = next(x for x in body["links"] if x["old_id"] == "ch3.s1.p2.pol1.g1.i3")
    change = next(c for c in link["changes"] if c["what"] == "target")
    assert change["old"] == {
        "label": "2027年",
        "role": "target",
        "year": 2027,
        "raw": "975人",
        "kind": "quantity",
        "value": 975.0,
        "unit": "人",
    }
    assert change["new"]["value"] == 1000.0


def test_published_diff_schema_is_the_lineages() -> None:
    generated = schema_to_json(diff_schema())
    if UPDATE_GOLDEN:
        DIFF_SCHEMA_FILE.write_text(generated, encoding="utf-8")
    assert DIFF_SCHEMA_FILE.read_text(encoding="utf-8") == generated, (
        "the diff's shape changed: regenerate with scripts/test --update-golden, review the "
        "diff of pipeline/diff.schema.json and record it in diff-schema-versions.txt"
    )
    versions = recorded_versions(DIFF_VERSIONS_FILE)
    assert versions.get(Lineage.schema_version) == schema_digest(generated)


def test_schema_command_prints_the_diff_schema(capsys) -> None:
    assert main(["schema", "--diff"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "keikaku diff"


def test_the_lineage_join_in_sqlite(editions, capsys) -> None:
    database = editions / "keikaku.sqlite"
    old, new = editions / "plan@2023.json", editions / "plan@2027.json"
    assert main(["diff", str(old), str(new), "--sqlite", str(database)]) == 1
    assert main(["diff", str(old), str(new), "--sqlite", str(database)]) == 1  # replaces
    with sqlite3.connect(database) as db:
        rows = db.execute(README_JOIN).fetchall()
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    by_old = {row[1]: row for row in rows if row[1]}
    assert len(rows) == 95  # 94 initiatives and parents of each, one removed, one added
    assert by_old["ch3.s1.p2.pol3.g2.i1"][0] == "same"
    assert by_old["ch3.s1.p2.pol3.g2.i1"][3] == "ch3.s1.p2.pol3.g3.i1"
    assert (
        by_old["ch3.s1.p2.pol1.g1.i2"][4] == "母子保健における児童虐待の予防強化事業（妊娠SOS事業）"
    )
    assert by_old["ch3.s1.p2.pol4.g4.i3.c3"][0] == "removed"
    assert by_old["ch3.s1.p2.pol4.g4.i3.c3"][3] is None
    added = [row for row in rows if row[0] == "added"]
    assert [(row[1], row[3]) for row in added] == [(None, "ch3.s1.p2.pol1.g1.i6")]


def test_lineage_needs_both_editions_in_the_database(editions, tmp_path, capsys) -> None:
    old, new = editions / "plan@2023.json", editions / "plan@2027.json"
    assert main(["extract", str(old.parent.parent / "2023"), "-o", str(tmp_path), "-q"]) == 0
    database = tmp_path / "keikaku.sqlite"
    assert main(["diff", str(old), str(new), "--sqlite", str(database)]) == 2
    assert "holds no edition 'plan@2027'" in capsys.readouterr().err
