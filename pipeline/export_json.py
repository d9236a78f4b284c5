"""The document as JSON: a faithful, deterministic dump of the model.

Keys come in the order the model declares its fields, with ``kind`` first on tree nodes;
UTF-8 without ASCII escapes, 2-space indent, trailing newline. Same input, same bytes.

The text is written in one pass over the model, strings escaped by the json module's C
function: the same bytes as ``json.dumps(to_plain(document), ensure_ascii=False, indent=2)``,
whose indented form runs the pure-Python encoder (tests/test_export_json.py checks both agree).
``write_document`` hands the text to a file as it goes, so that a long plan's JSON (18 MiB
written for 300 pages, and as much again in the pieces it is joined from) is never held whole.
"""

from __future__ import annotations

import dataclasses
import json
import json.encoder
import sys
from collections.abc import Callable
from typing import IO, Any

from keikaku.pipeline.model import Document

INDENT = "  "
encode_string: Callable[[str], str] = json.encoder.encode_basestring  # C when available


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


# A dataclass's JSON members: the attribute (None for the class's ``kind``) and the key as
# written, with its ": ".
Layout = tuple[tuple[str | None, str], ...]
_LAYOUTS: dict[type, Layout | None] = {}


def _layout(cls: type) -> Layout | None:
    """The members ``to_plain`` gives an instance of ``cls``; None when it is no dataclass."""
    if cls not in _LAYOUTS:
        layout: list[tuple[str | None, str]] | None = None
        if dataclasses.is_dataclass(cls):
            kind = getattr(cls, "kind", None)
            layout = [(None, encode_string("kind") + ": ")] if isinstance(kind, str) else []
            layout.extend(
                (field.name, encode_string(field.name) + ": ")
                for field in dataclasses.fields(cls)
                if field.metadata.get("export", True)  # INTERNAL fields stay in memory
            )
        _LAYOUTS[cls] = None if layout is None else tuple(layout)
    return _LAYOUTS[cls]


def _members(value: Any) -> list[tuple[str, Any]]:
    """(written key, value) of a dict or a dataclass instance, in ``to_plain``'s order."""
    if isinstance(value, dict):
        return [(_key(key) + ": ", item) for key, item in value.items()]
    layout = None if isinstance(value, type) else _layout(type(value))
    if layout is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return [
        (key, type(value).kind if name is None else getattr(value, name)) for name, key in layout
    ]


def _float(value: float) -> str:
    """A float as ``json`` writes it (``allow_nan`` on)."""
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    """A dict key as ``json`` writes it (``skipkeys`` off: other types are an error)."""
    if isinstance(key, str):
        return encode_string(key)
    if key is True or key is False or key is None:
        return encode_string(json.dumps(key))
    if isinstance(key, int):
        return encode_string(int.__repr__(key))
    if isinstance(key, float):
        return encode_string(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


class _Pieces(list[str]):
    """The JSON text as it is written, in pieces. Between an array's items, once ``spill_at``
    pieces have gathered, ``spill`` hands them to ``write`` joined and starts again."""

    def __init__(self, write: Callable[[str], object] | None = None, spill_at: int = sys.maxsize):
        super().__init__()
        self.write, self.spill_at = write, spill_at

    def spill(self) -> None:
        if self.write is not None:
            self.write("".join(self))
            self.clear()


# Pieces handed to the file at a time: a few hundred KiB of text (a piece is ~30 characters).
SPILL_PIECES = 8192

_NEWLINES = ["\n" + INDENT * level for level in range(64)]


def _newline(level: int) -> str:
    return _NEWLINES[level] if level < len(_NEWLINES) else "\n" + INDENT * level


def _write(value: Any, level: int, out: _Pieces) -> None:
    """Append the JSON text of ``value``, nested ``level`` deep, to ``out``.

    The checks come in ``json``'s order: str, None, True, False, int, float, then containers.
    """
    if isinstance(value, str):
        out.append(encode_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        _write_array(value, level, out)
    elif not isinstance(value, dict) and (layout := _layout(type(value))) is not None:
        _write_dataclass(value, layout, level, out)
    else:
        _write_object(_members(value), level, out)


def _write_member(opening: str, item: Any, level: int, out: _Pieces) -> None:
    """``opening`` (separator, indent and key, if any), then ``item``, ``level`` deep.

    Strings, null and integers, most of the model's leaves, are written here at once, the way
    ``_write`` writes them; anything else by ``_write``.
    """
    if type(item) is str:
        out.append(opening + encode_string(item))
    elif item is None:
        out.append(opening + "null")
    elif type(item) is int:  # not a bool: its type is bool
        out.append(opening + int.__repr__(item))
    else:
        out.append(opening)
        _write(item, level, out)


def _write_array(value: list[Any] | tuple[Any, ...], level: int, out: _Pieces) -> None:
    if not value:
        out.append("[]")
        return
    inner = _newline(level + 1)
    opening, separator = "[" + inner, "," + inner
    for item in value:
        _write_member(opening, item, level + 1, out)
        opening = separator
        if len(out) >= out.spill_at:
            out.spill()
    out.append(_newline(level) + "]")


# A dataclass's members as written ``level`` deep: (attribute, what precedes its value — the
# separator, the indent and the key), made once per class and level.
_OPENINGS: dict[tuple[type, int], tuple[tuple[str | None, str], ...]] = {}


def _openings(cls: type, layout: Layout, level: int) -> tuple[tuple[str | None, str], ...]:
    found = _OPENINGS.get((cls, level))
    if found is None:
        inner = _newline(level + 1)
        found = tuple(
            (name, ("{" if i == 0 else ",") + inner + key) for i, (name, key) in enumerate(layout)
        )
        _OPENINGS[(cls, level)] = found
    return found


def _write_dataclass(value: Any, layout: Layout, level: int, out: _Pieces) -> None:
    """A dataclass instance as ``_write_object(_members(value))`` writes it, read in place.

    The leaves most members are (strings, null, integers) are written as ``_write_member``
    writes them, in the loop: this is the writer's innermost loop.
    """
    if not layout:
        out.append("{}")
        return
    cls = type(value)
    for name, opening in _openings(cls, layout, level):
        item = cls.kind if name is None else getattr(value, name)
        if type(item) is str:
            out.append(opening + encode_string(item))
        elif item is None:
            out.append(opening + "null")
        elif type(item) is int:
            out.append(opening + int.__repr__(item))
        else:
            out.append(opening)
            _write(item, level + 1, out)
    out.append(_newline(level) + "}")


def _write_object(members: list[tuple[str, Any]], level: int, out: _Pieces) -> None:
    if not members:
        out.append("{}")
        return
    inner = _newline(level + 1)
    opening, separator = "{" + inner, "," + inner
    for key, item in members:
        _write_member(opening + key, item, level + 1, out)
        opening = separator
    out.append(_newline(level) + "}")


def dumps(value: Any) -> str:
    """``json.dumps(to_plain(value), ensure_ascii=False, indent=2)``, written in one pass."""
    out = _Pieces()
    _write(value, 0, out)
    return "".join(out)


def _write_document(document: Document, out: _Pieces) -> None:
    members = [(encode_string("schema_version") + ": ", document.schema_version)]
    _write_object(members + _members(document), 0, out)
    out.append("\n")


def document_to_json(document: Document) -> str:
    out = _Pieces()
    _write_document(document, out)
    return "".join(out)


def write_document(document: Document, file: IO[str]) -> None:
    """Write ``document_to_json(document)`` to ``file``, a few hundred KiB at a time."""
    out = _Pieces(file.write, SPILL_PIECES)
    _write_document(document, out)
    file.write("".join(out))
