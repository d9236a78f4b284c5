"""The JSON Schemas of keikaku's JSON, derived from the classes they dump: the document
(pipeline/model.py) and the diff's lineage (pipeline/diff.py, ``diff.schema.json``).

The published copy is ``pipeline/document.schema.json``; a test regenerates it and fails when
the committed file differs, so every change to the output's shape is reviewed like a golden
file, and ``pipeline/schema-versions.txt`` must record the new schema's digest under a new
``schema_version`` (see the README).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from keikaku.pipeline import diff, model

SCHEMA_FILE = Path(__file__).with_name("document.schema.json")
VERSIONS_FILE = Path(__file__).with_name("schema-versions.txt")
SCHEMA_ID = "https://keikaku.invalid/schema/document.schema.json"
DIFF_SCHEMA_FILE = Path(__file__).with_name("diff.schema.json")
DIFF_VERSIONS_FILE = Path(__file__).with_name("diff-schema-versions.txt")
DIFF_SCHEMA_ID = "https://keikaku.invalid/schema/diff.schema.json"

_PRIMITIVES: dict[Any, dict[str, str]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
}


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if hint in _PRIMITIVES:
        return dict(_PRIMITIVES[hint])
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if all(dataclasses.is_dataclass(arg) for arg in args):
            return _node_union(args, defs)
        return {"anyOf": [_type_schema(arg, defs) for arg in args]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {"type": "array", "prefixItems": [_type_schema(a, defs) for a in args]}
    if origin is dict:
        return {"type": "object"}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        _define(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    raise TypeError(f"no JSON Schema for {hint!r}")


def _node_union(classes: tuple[Any, ...], defs: dict[str, Any]) -> dict[str, Any]:
    """Tree nodes: the ``kind`` picks the one definition to check (linear, unlike oneOf)."""
    kinds = {cls.kind: _type_schema(cls, defs) for cls in classes}
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(kinds)}},
        "allOf": [
            {"if": {"properties": {"kind": {"const": kind}}}, "then": ref}
            for kind, ref in kinds.items()
        ],
    }


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder: the tree refers to itself
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    properties: dict[str, Any] = {}
    kind = getattr(cls, "kind", None)
    if isinstance(kind, str):
        properties["kind"] = {"const": kind}
    for field in dataclasses.fields(cls):
        if field.metadata.get("export", True):
            properties[field.name] = _type_schema(hints[field.name], defs)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.split())
    defs[cls.__name__] = schema


def _versioned_schema(root: type, version: str, schema_id: str, title: str) -> dict[str, Any]:
    """The JSON schema of a dataclass written with a ``schema_version`` first."""
    defs: dict[str, Any] = {}
    _define(root, defs)
    body = defs.pop(root.__name__)
    body["properties"] = {"schema_version": {"const": version}, **body["properties"]}
    body["required"] = list(body["properties"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        **body,
        "$defs": dict(sorted(defs.items())),
    }


def document_schema() -> dict[str, Any]:
    """The schema every extraction JSON validates against."""
    return _versioned_schema(
        model.Document, model.Document.schema_version, SCHEMA_ID, "keikaku document"
    )


def diff_schema() -> dict[str, Any]:
    """The schema of ``keikaku diff --json`` (a ``Lineage``)."""
    return _versioned_schema(
        diff.Lineage, diff.Lineage.schema_version, DIFF_SCHEMA_ID, "keikaku diff"
    )


def schema_to_json(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recorded_versions(path: Path = VERSIONS_FILE) -> dict[str, str]:
    """``schema_version`` → digest of the schema it names, from schema-versions.txt (or the
    diff's, diff-schema-versions.txt)."""
    versions = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            version, digest = line.split()
            versions[version] = digest
    return versions
