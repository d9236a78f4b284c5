"""The published JSON Schema: derived from the model, versioned, and met by every golden file."""

import json

import jsonschema
import pytest

from keikaku.pipeline.export_schema import (
    SCHEMA_FILE,
    document_schema,
    recorded_versions,
    schema_digest,
    schema_to_json,
)
from keikaku.pipeline.model import Document
from tests.conftest import GOLDEN, UPDATE_GOLDEN


def test_published_schema_is_the_models() -> None:
    generated = schema_to_json(document_schema())
    if UPDATE_GOLDEN:
        SCHEMA_FILE.write_text(generated, encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == generated, (
        "the document's shape changed: regenerate with scripts/test --update-golden, review "
        "the diff of pipeline/document.schema.json and record it in schema-versions.txt"
    )


def test_schema_version_names_this_schema() -> None:
    digest = schema_digest(SCHEMA_FILE.read_text(encoding="utf-8"))
    versions = recorded_versions()
    assert versions.get(Document.schema_version) == digest, (
        f"schema_version {Document.schema_version} was published with another schema: bump "
        f"Document.schema_version and add '<version> {digest}' to pipeline/schema-versions.txt"
    )
    assert list(versions.values()).count(digest) == 1


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_files_validate(validator, golden) -> None:
    errors = list(validator.iter_errors(json.loads(golden.read_text(encoding="utf-8"))))
    assert errors == []


def _first_initiative(document: dict) -> dict:
    stack = list(document["chapters"])
    while stack:
        node = stack.pop(0)
        if node["kind"] == "initiative":
            return node
        stack = node.get("children", []) + stack
    raise AssertionError("no initiative")


BROKEN = [
    pytest.param(lambda d: d.pop("stats"), id="missing-stats"),
    pytest.param(lambda d: d.update(schema_version="0.9"), id="other-version"),
    pytest.param(lambda d: _first_initiative(d).update(kind="initiativ"), id="unknown-kind"),
    pytest.param(lambda d: _first_initiative(d).pop("departments"), id="missing-departments"),
    pytest.param(
        lambda d: _first_initiative(d)["targets"][0]["values"][0].update(raw=7), id="value-not-text"
    ),
    pytest.param(lambda d: _first_initiative(d).update(extra=1), id="unknown-field"),
    pytest.param(lambda d: d["diagnostics"][0].update(severity="fatal"), id="unknown-severity"),
]


@pytest.mark.parametrize("breakage", BROKEN)
def test_schema_rejects_broken_documents(validator, breakage) -> None:
    document = json.loads((GOLDEN / "ap2023-ch3-gyosei.json").read_text(encoding="utf-8"))
    breakage(document)
    assert list(validator.iter_errors(document))
