"""The document as JSON: a faithful, deterministic dump of the model.

Keys come in the order the model declares its fields, with ``kind`` first on tree nodes;
UTF-8 without ASCII escapes, 2-space indent, trailing newline. Same input, same bytes.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from pipeline.model import Document


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts (``kind`` first where the class has one), tuples to lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        kind = getattr(type(value), "kind", None)
        if isinstance(kind, str):
            out["kind"] = kind
        for field in dataclasses.fields(value):
            if field.metadata.get("export", True):  # INTERNAL fields stay in memory
                out[field.name] = to_plain(getattr(value, field.name))
        return out
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def document_to_json(document: Document) -> str:
    plain = {"schema_version": document.schema_version, **to_plain(document)}
    return json.dumps(plain, ensure_ascii=False, indent=2) + "\n"
