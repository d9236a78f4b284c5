"""A saved extraction JSON read back into the model, checked on the way.

``diff``, ``export`` and ``view`` take JSON that anyone may have edited, truncated or made by
hand. Reading it into the typed model checks every field against the model's own types (the
same model the schema is generated from): a wrong type, a missing or unknown key, or a node
kind that does not exist is one line naming the place (``chapters[0].children[2].title:
expected text, got 3``), never a ``KeyError`` three functions later. Fields kept only in
memory (``INTERNAL``, such as inline marker positions) take their defaults.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

from keikaku.pipeline import model
from keikaku.pipeline.errors import InputError
from keikaku.pipeline.model import Document

MAX_DEPTH = 200  # a document tree is a dozen levels deep; JSON nested deeper is not ours


class ShapeError(ValueError):
    """Where a JSON value does not fit the model, and why."""


_NAMES = {str: "text", int: "an integer", float: "a number", bool: "true or false"}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)[:40]


def _node_classes(hint: Any) -> dict[str, type] | None:
    """For a union of node classes: kind → class (the JSON says which by ``kind``)."""
    members = typing.get_args(hint)
    kinds: dict[Any, type] = {
        getattr(m, "kind", None): m
        for m in members
        if isinstance(m, type) and dataclasses.is_dataclass(m)
    }
    if len(kinds) > 1 and None not in kinds:
        return {str(kind): cls for kind, cls in kinds.items()}
    return None


def _read(hint: Any, value: Any, where: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ShapeError(f"{where}: nested deeper than {MAX_DEPTH} levels")
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        return value
    if origin in (Union, types.UnionType):
        nodes = _node_classes(hint)
        if nodes is not None:
            if not isinstance(value, dict) or value.get("kind") not in nodes:
                kind = value.get("kind") if isinstance(value, dict) else None
                raise ShapeError(f"{where}: not a node kind of the model ({_describe(kind)})")
            return _read(nodes[value["kind"]], value, where, depth)
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _read(option, value, where, depth)
            except ShapeError as error:
                errors.append(str(error))
        raise ShapeError(errors[0] if errors else f"{where}: unexpected {_describe(value)}")
    if origin is Literal:
        if value not in typing.get_args(hint):
            choices = ", ".join(map(str, typing.get_args(hint)))
            raise ShapeError(f"{where}: expected one of {choices}, got {_describe(value)}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise ShapeError(f"{where}: expected an array, got {_describe(value)}")
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(
                _read(args[0], item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value)
            )
        if len(args) != len(value):
            raise ShapeError(f"{where}: expected {len(args)} items, got {len(value)}")
        return tuple(
            _read(a, item, f"{where}[{i}]", depth + 1)
            for i, (a, item) in enumerate(zip(args, value, strict=True))
        )
    if origin is dict:
        if not isinstance(value, dict):
            raise ShapeError(f"{where}: expected an object, got {_describe(value)}")
        _key_type, item_type = typing.get_args(hint)
        return {k: _read(item_type, v, f"{where}.{k}", depth + 1) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        return _read_dataclass(typing.cast(type, hint), value, where, depth)
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif hint in _NAMES:
        if isinstance(value, hint) and (hint is bool or not isinstance(value, bool)):
            return value
    else:
        raise ShapeError(f"{where}: no reader for {hint!r}")
    raise ShapeError(f"{where}: expected {_NAMES[hint]}, got {_describe(value)}")


@functools.cache
def _shape(cls: type) -> tuple[dict[str, Any], list[dataclasses.Field[Any]]]:
    """A model class's field types and the fields the JSON has (not the INTERNAL ones)."""
    hints = typing.get_type_hints(cls, vars(model))
    return hints, [f for f in dataclasses.fields(cls) if f.metadata.get("export", True)]


def _read_dataclass(cls: type, value: Any, where: str, depth: int) -> Any:
    if not isinstance(value, dict):
        raise ShapeError(f"{where or 'document'}: expected an object, got {_describe(value)}")
    hints, fields = _shape(cls)
    known = {f.name for f in fields} | (
        {"kind"} if isinstance(getattr(cls, "kind", None), str) else set()
    )
    kind = getattr(cls, "kind", None)
    if isinstance(kind, str) and value.get("kind") != kind:
        raise ShapeError(
            f"{where}: expected a {kind} node, got kind {_describe(value.get('kind'))}"
        )
    for key in value:
        if key not in known:
            raise ShapeError(f"{where}.{key}".lstrip(".") + ": not a field of the model")
    arguments = {}
    for f in fields:
        place = f"{where}.{f.name}".lstrip(".")
        if f.name not in value:
            if f.default is not dataclasses.MISSING:
                arguments[f.name] = f.default
                continue
            raise ShapeError(f"{place}: missing")
        arguments[f.name] = _read(hints[f.name], value[f.name], place, depth + 1)
    return cls(**arguments)


def document_from_plain(data: Any) -> Document:
    """The model of a parsed extraction JSON; ``ShapeError`` where it does not fit.

    An extraction of an earlier schema version reads as long as its shape fits (a field added
    since, with a default, may be missing); when it does not, the error names both versions.
    """
    if not isinstance(data, dict):
        raise ShapeError(f"expected an object, got {_describe(data)}")
    version = data.get("schema_version")
    if not isinstance(version, str):
        raise ShapeError(f"schema_version: expected text, got {_describe(version)}")
    body = {k: v for k, v in data.items() if k != "schema_version"}
    try:
        document: Document = _read_dataclass(Document, body, "", 0)
    except ShapeError as error:
        if version == Document.schema_version:
            raise
        raise ShapeError(
            f"{error}; it has schema_version {version}, this keikaku writes "
            f"{Document.schema_version}"
        ) from None
    return document


def read_document_json(path: Path) -> tuple[dict[str, Any], Document]:
    """A saved extraction: its plain data and its model; ``InputError`` in one line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not a readable extraction JSON (not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not a readable extraction JSON ({exc})") from None
    except RecursionError:
        raise InputError(str(path), "not a readable extraction JSON (nested too deep)") from None
    try:
        return data, document_from_plain(data)
    except ShapeError as exc:
        raise InputError(str(path), f"not a keikaku extraction ({exc})") from None
