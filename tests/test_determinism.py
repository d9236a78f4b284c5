"""Same input, same bytes; and the JSON's format promises."""

import json
import shutil

from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.manifest import manifest_path
from keikaku.pipeline.model import Document
from keikaku.pipeline.run import extract
from tests.conftest import MAIN_DOCUMENT


def test_two_runs_give_identical_bytes(tmp_path) -> None:
    copy = tmp_path / MAIN_DOCUMENT.name
    shutil.copy(MAIN_DOCUMENT, copy)  # another folder, same files: output must not depend on it
    shutil.copy(manifest_path(MAIN_DOCUMENT), manifest_path(copy))
    assert document_to_json(extract(MAIN_DOCUMENT)) == document_to_json(extract(copy))


def test_json_format(document) -> None:
    text = document_to_json(document)
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "行政サービスの高度化" in text  # not ASCII-escaped
    assert f'\n  "schema_version": "{Document.schema_version}",\n' in text  # 2-space indent
    data = json.loads(text)
    assert list(data) == [
        "schema_version",
        "document",
        "chapters",
        "glossary",
        "departments",
        "diagnostics",
        "stats",
    ]
    initiative = data["chapters"][0]["children"][0]["children"][1]["children"][0]["children"][2][
        "children"
    ][0]
    assert list(initiative)[:3] == ["kind", "id", "number"]
    assert list(initiative)[-2:] == ["source", "children"]
    assert list(data["diagnostics"][0]) == [
        "severity",
        "code",
        "message",
        "line",
        "page",
        "printed_page",
    ]
