"""The document as JSON: a faithful, deterministic dump of the model.

Keys come in the order the model declares its fields, with ``kind`` first on tree nodes;
UTF-8 without ASCII escapes, 2-space indent, trailing newline. Same input, same bytes.

The text is the same bytes as ``json.dumps(to_plain(document), ensure_ascii=False, indent=2)``
(tests/test_export_json.py checks both agree), whose indented form runs the pure-Python encoder.
The document's parts (each chapter, glossary entry, …) are encoded by orjson, in C, which writes
strings, integers, containers and the indent exactly as ``json`` does; this module gives it each
dataclass as its members (``_members_of``), and each float ready-written, as ``repr`` spells it
(orjson writes ``1e-7`` and ``null`` where ``json`` writes ``1e-07`` and ``NaN``). A part orjson
cannot write as ``json`` would (an integer past 64 bits, a lone surrogate, a value of a type
``json`` refuses) is written by the one-pass Python writer below, the reference.
``write_document`` hands the text to a file part by part, so that a long plan's JSON (18 MiB
written for 300 pages) is never held whole.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import json.encoder
import types
import typing
from collections.abc import Callable, Collection
from operator import attrgetter
from typing import IO, Any, Literal

import orjson

from keikaku.pipeline.collector import collector_paused
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


_Pieces = list[str]  # the JSON text as the Python writer writes it, in pieces

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


# What orjson is told of a dataclass field, from its type: values it writes as ``json`` does
# (strings, integers, booleans, None, dataclasses, tuples of them), a float or one of those,
# or anything else (a dict of the manifest's values), checked value by value.
PLAIN, SCALAR, CHECKED = "plain", "scalar", "checked"


def _field_kind(hint: Any) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in (str, int, bool, type(None)) or origin is Literal:
        return PLAIN
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return PLAIN
    if origin is tuple and all(_field_kind(arg) == PLAIN for arg in args if arg is not ...):
        return PLAIN
    if origin in (typing.Union, types.UnionType):
        kinds = {_field_kind(arg) for arg in args}
        return PLAIN if kinds == {PLAIN} else SCALAR if kinds <= {PLAIN, SCALAR} else CHECKED
    return SCALAR if hint is float else CHECKED


class _NotExact(Exception):
    """A value orjson would not write as ``json`` does."""


def _exact(value: Any) -> Any:
    """``value`` for orjson: floats ready-written, containers rebuilt; ``_NotExact`` for a value
    of another type than ``json`` writes (or a dict key it would turn into a string)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return orjson.Fragment(_float(value))
    if kind is list or kind is tuple:
        return [_exact(item) for item in value]
    if kind is dict and all(type(key) is str for key in value):
        return {key: _exact(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return value
    raise _NotExact


def _members_maker(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A function from an instance of ``cls`` (a dataclass) to its members, in the order and
    with the keys ``_layout`` gives, each value as orjson is to write it."""
    layout = _layout(cls)
    if layout is None:
        raise TypeError(f"Object of type {cls.__name__} is not JSON serializable")
    names = [name for name, _ in layout if name is not None]
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a type the module cannot name: every value checked
        hints = {}
    kinds = {name: _field_kind(hints.get(name, object)) for name in names}
    checks = [(name, kind) for name, kind in kinds.items() if kind != PLAIN]
    # ``kind``, a class attribute, is read from the instance like the fields
    keys = tuple(name or "kind" for name, _ in layout)
    if not keys:
        return lambda value: {}
    read = attrgetter(*keys) if len(keys) > 1 else lambda value: (getattr(value, keys[0]),)
    if checks:
        return _checked_members(keys, read, checks)
    # Read by attribute, never through ``__dict__``: an instance's dict is made when first
    # asked for and stays (about 150 bytes a node, for as long as the document lives).
    return lambda value: dict(zip(keys, read(value), strict=True))


def _checked_members(
    keys: tuple[str, ...], read: Callable[[Any], tuple[Any, ...]], checks: list[tuple[str, str]]
) -> Callable[[Any], dict[str, Any]]:
    """``_members_maker``'s function for a class with members orjson cannot be given as they
    are: each of ``checks`` (name, kind) is made ready (``_exact``)."""

    def members(value: Any) -> dict[str, Any]:
        out = dict(zip(keys, read(value), strict=True))
        for name, check in checks:
            item = out[name]
            if check == CHECKED:
                out[name] = _exact(item)
            elif type(item) is float:
                out[name] = orjson.Fragment(_float(item))
            elif not (item is None or type(item) is int or type(item) is bool):
                out[name] = _exact(item)
        return out

    return members


_MAKERS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _members_of(value: Any) -> dict[str, Any]:
    """orjson's ``default``: a dataclass instance as its members."""
    cls = type(value)
    maker = _MAKERS.get(cls)
    if maker is None:
        if isinstance(value, type):
            raise TypeError(f"Object of type {cls.__name__} is not JSON serializable")
        maker = _MAKERS[cls] = _members_maker(cls)
    return maker(value)


ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS


def encode(value: Any, level: int = 0) -> str:
    """``dumps(value)``, as written ``level`` deep (its inner lines indented ``level`` more)."""
    try:
        data = orjson.dumps(_exact(value), default=_members_of, option=ORJSON_OPTIONS)
    except (orjson.JSONEncodeError, _NotExact):
        out = _Pieces()
        _write(value, level, out)
        return "".join(out)
    if level:  # a newline inside the text is always the indent's: strings escape theirs
        data = data.replace(b"\n", b"\n" + INDENT.encode() * level)
    return data.decode()


def _members_raw(value: Any) -> list[tuple[str, Any]]:
    """(key, value) of a dataclass instance's members, in ``to_plain``'s order."""
    layout = _layout(type(value)) or ()
    cls = type(value)
    return [
        (name or "kind", getattr(cls if name is None else value, name or "kind"))
        for name, _ in layout
    ]


class _Parts(list[str]):
    """The JSON text as it is written, in parts. Between an array's items, once ``spill_at``
    characters have gathered, ``spill`` hands them to ``write`` joined and starts again."""

    def __init__(self, write: Callable[[str], object] | None = None, spill_at: int = 0):
        super().__init__()
        self.write, self.spill_at = write, spill_at
        self.size = self.measured = 0  # the characters of the parts up to ``measured``

    def spill(self) -> None:
        if self.write is None:
            return
        self.size += sum(map(len, itertools.islice(self, self.measured, None)))
        self.measured = len(self)
        if self.size >= self.spill_at:
            self.write("".join(self))
            self.clear()
            self.size = self.measured = 0


def _write_parts(value: Any, level: int, out: _Parts) -> None:
    """Append the text of ``value`` written ``level`` deep: a tree node whose children have
    children of their own around them, each child by itself (a plan's chapter is never one
    part; a group of initiatives is); anything else at once."""
    children = getattr(value, "children", None)
    if (
        isinstance(children, tuple)
        and any(getattr(child, "children", None) for child in children)
        and _layout(type(value))
    ):
        _write_object_parts(_members_raw(value), level, ("children",), out)
    else:
        out.append(encode(value, level))


def _write_object_parts(
    members: list[tuple[str, Any]], level: int, split: Collection[str], out: _Parts
) -> None:
    """An object's text: the arrays of the members named in ``split`` item by item, each run
    of members between them at once."""
    inner = _newline(level + 1)
    opening, run = "{", {}
    for key, value in members:
        if key not in split or not isinstance(value, tuple) or not value:
            run[key] = value
            continue
        if run:
            out.append(opening + _run(run, level))
            opening, run = ",", {}
        out.append(opening + inner + encode_string(key) + ": ")
        opening = ","
        separator = "[" + _newline(level + 2)
        for item in value:
            out.append(separator)
            _write_parts(item, level + 2, out)
            out.spill()
            separator = "," + _newline(level + 2)
        out.append(inner + "]")
    if run:
        out.append(opening + _run(run, level))
    out.append(_newline(level) + "}")


def _run(members: dict[str, Any], level: int) -> str:
    """Members written as inside an object ``level`` deep: the object's text without its
    braces (and without the line break before the closing one)."""
    text = encode(members, level)
    return text[1 : len(text) - len(_newline(level)) - 1]


def _write_document(document: Document, out: _Parts) -> None:
    """The text of ``document_to_json(document)``: each array of the document's written item
    by item (a chapter, a glossary entry…)."""
    members = [("schema_version", document.schema_version), *_members_raw(document)]
    _write_object_parts(members, 0, [key for key, _ in members], out)
    out.append("\n")


def document_to_json(document: Document) -> str:
    out = _Parts()
    with collector_paused():  # see write_document
        _write_document(document, out)
    return "".join(out)


# The text handed to the file at a time, in units of 32 characters (about what the Python
# writer appends at a time): 256 KiB.
SPILL_PIECES = 8192
PIECE_CHARS = 32


def write_document(document: Document, file: IO[str]) -> None:
    """Write ``document_to_json(document)`` to ``file``, a few hundred KiB at a time."""
    out = _Parts(file.write, SPILL_PIECES * PIECE_CHARS)
    # The writer makes a few objects per node (a dict of its members, the bytes and text of a
    # part), none in a reference cycle, and drops them part by part; each collection the
    # collector ran meanwhile scanned the document's whole tree (a third of the writer's time
    # on the 20-chapter plan) and freed nothing.
    with collector_paused():
        _write_document(document, out)
    file.write("".join(out))
