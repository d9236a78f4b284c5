"""Plan profiles: the words and the hierarchy of one family of plans, as data.

A profile is a TOML file (the bundled ones are ``parsers/data/profiles/<name>.toml``; a user
names any other with ``--profile PATH`` or the manifest's ``profile``). It holds what differs
from plan to plan — the levels of the hierarchy and how each is numbered, the label words of
sub-headings and lists, the responsible-party cell, the target grammars — and the rules
compile from it (``Grammar``), as a SQL dialect configures a parser: no plan word is written
in the parsers' code.

A profile is checked before anything reads it: every key must be known and of its type, so a
typo (``[targets] row_lable``) is a one-line error naming the key, not a value silently
ignored. ``using(grammar)`` makes a grammar the one the rules read while a document is
extracted (each document is extracted in a worker of its own; tests that call a rule
directly read the default, Sapporo's).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from keikaku.pipeline.errors import InputError, read_toml_file

PROFILES = Path(__file__).parent / "data" / "profiles"
DEFAULT_PROFILE = "sapporo"
GENERIC_PROFILE = "generic"

# Outline kinds a profile may place in its hierarchy, and the numbering forms that open them.
LEVEL_KINDS = ("chapter", "section", "part", "policy", "group", "initiative", "child")
NUMBERED_KINDS = ("by-context", "section", "policy", "initiative")
ROMAN_KINDS = ("group", "chapter")
CIRCLED_KINDS = ("child", "initiative")
LABEL_LEVELS = ("innermost", *LEVEL_KINDS)


@dataclass(frozen=True)
class Label:
    """A sub-heading alone on its line (``現状と課題``), the role of what follows it, and the
    level that owns it: ``innermost`` (the heading open above it) or a level's kind (the
    labels of ``期待される施策の主な効果`` belong to the policy, not to its last measure)."""

    role: str
    owner: str = "innermost"


@dataclass(frozen=True)
class Profile:
    """One plan family's words and hierarchy (see the module docstring and the README)."""

    name: str
    description: str
    signature: tuple[str, ...]
    levels: dict[str, int]
    chapter_prefix: str
    chapter_suffix: str
    number_separators: tuple[str, ...]
    numbered: str
    roman: str
    circled: str
    contents_title: str | None
    contents_lists: tuple[str, ...]
    policy_announcement: str | None
    labels: dict[str, Label]
    label_suffixes: dict[str, Label]
    bullets: str
    responsible_labels: tuple[str, ...]
    responsible_required: bool
    and_others: str | None
    target_row_label: str | None
    targets_required: bool
    table_header: str | None
    baseline_labels: tuple[str, ...]
    target_labels: tuple[str, ...]
    headline_arrow: str | None
    source: str = field(default="", compare=False)


# --- reading and checking a profile file ---------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One key of a profile table: its type, its default (``REQUIRED`` when it has none),
    the values it may take (for a word naming a kind), and what it means."""

    kind: type
    default: Any
    about: str
    choices: tuple[str, ...] = ()


REQUIRED = object()

SCHEMA: dict[str, dict[str, Key]] = {
    "plan": {
        "name": Key(str, REQUIRED, "the profile's name (sapporo)"),
        "description": Key(str, "", "what plans the profile is for"),
        "signature": Key(list, [], "words every plan of the family prints"),
    },
    "headings": {
        "levels": Key(list, REQUIRED, "the levels of the hierarchy, outermost first"),
        "chapter": Key(str, REQUIRED, "how a chapter is numbered, {number} for its number"),
        "number_separators": Key(list, [" "], "what stands between a number and its title"),
        "numbered": Key(str, "by-context", "what 1 題 opens", NUMBERED_KINDS),
        "roman": Key(str, "group", "what I 題 (a Roman numeral) opens", ROMAN_KINDS),
        "circled": Key(str, "child", "what ① 題 opens", CIRCLED_KINDS),
        "policy_announcement": Key(str, "", "the word before an announced policy's number"),
        "contents_title": Key(str, "", "the title of a contents page"),
        "contents_lists": Key(list, [], "levels a heading must be listed in the contents for"),
    },
    "labels": {},  # label = role or {role, owner}
    "label_suffixes": {},
    "lists": {
        "bullets": Key(str, "", "characters that start a list item, beside the usual ・●○"),
    },
    "responsible": {
        "labels": Key(list, [], "the labels of the responsible-party cell"),
        "required": Key(bool, False, "whether a measure without one is reported"),
        "and_others": Key(str, "", "the word for 'and others' at the cell's end"),
    },
    "targets": {
        "row_label": Key(str, "", "the label of a target row"),
        "required": Key(bool, False, "whether a measure without a target is reported"),
        "table_header": Key(str, "", "the first header cell of a KPI table"),
        "baseline_labels": Key(list, [], "header words of a baseline column"),
        "target_labels": Key(list, [], "header words of a target column"),
        "headline_arrow": Key(str, "", "the arrow between the two values of a headline target"),
    },
}
TYPE_NAMES = {str: "text", list: "an array of text", bool: "true or false", dict: "a table"}


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class ProfileError(ValueError):
    """What is wrong with a profile, naming the key: ``targets.row_lable: unknown key``."""


def _checked(table: str, key: str, value: object) -> object:
    spec = SCHEMA[table][key]
    where = f"{table}.{key}"
    if not isinstance(value, spec.kind) or (spec.kind is not bool and isinstance(value, bool)):
        raise ProfileError(f"{where}: expected {TYPE_NAMES[spec.kind]}, got {_kind_of(value)}")
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise ProfileError(f"{where}: expected an array of text, got {_kind_of(item)}")
    if spec.choices and value not in spec.choices:
        raise ProfileError(f"{where}: {value!r} is not one of {', '.join(spec.choices)}")
    return value


def _label(table: str, key: str, value: object) -> Label:
    where = f"{table}.{key}"
    if isinstance(value, str):
        value = {"role": value}
    if not isinstance(value, dict):
        raise ProfileError(f"{where}: expected a role or a table of role and owner")
    unknown = set(value) - {"role", "owner"}
    if unknown:
        raise ProfileError(f"{where}.{sorted(unknown)[0]}: unknown key (known: role, owner)")
    role, owner = value.get("role"), value.get("owner", "innermost")
    if not isinstance(role, str) or not role.isidentifier():
        raise ProfileError(f"{where}.role: expected a role name (current_state, contents…)")
    if owner not in LABEL_LEVELS:
        raise ProfileError(f"{where}.owner: {owner!r} is not one of {', '.join(LABEL_LEVELS)}")
    return Label(role, str(owner))


def _chapter_form(form: str) -> tuple[str, str]:
    prefix, marker, suffix = form.partition("{number}")
    if not marker:
        raise ProfileError(f"headings.chapter: {form!r} has no {{number}}")
    return prefix, suffix


def parse_profile(data: dict[str, Any], source: str = "") -> Profile:
    """A ``Profile`` from a profile file's tables; ``ProfileError`` naming the key."""
    values: dict[str, dict[str, Any]] = {}
    for table, content in data.items():
        if table not in SCHEMA:
            raise ProfileError(f"{table}: unknown table (known: {', '.join(SCHEMA)})")
        if not isinstance(content, dict):
            raise ProfileError(f"{table}: expected a table, got {_kind_of(content)}")
        if table in ("labels", "label_suffixes"):
            values[table] = {k: _label(table, k, v) for k, v in content.items()}
            continue
        values[table] = {}
        for key, value in content.items():
            if key not in SCHEMA[table]:
                known = ", ".join(SCHEMA[table])
                raise ProfileError(f"{table}.{key}: unknown key (known: {known})")
            values[table][key] = _checked(table, key, value)
    for table, keys in SCHEMA.items():
        values.setdefault(table, {})
        for key, spec in keys.items():
            if key not in values[table]:
                if spec.default is REQUIRED:
                    raise ProfileError(f"{table}.{key}: missing ({spec.about})")
                values[table][key] = spec.default
    plan, headings = values["plan"], values["headings"]
    responsible, targets = values["responsible"], values["targets"]
    levels = headings["levels"]
    for kind in (kind for entry in levels for kind in entry.split("|")):
        if kind not in LEVEL_KINDS:
            raise ProfileError(f"headings.levels: {kind!r} is not one of {', '.join(LEVEL_KINDS)}")
    for kind in headings["contents_lists"]:
        if kind not in LEVEL_KINDS:
            raise ProfileError(
                f"headings.contents_lists: {kind!r} is not one of {', '.join(LEVEL_KINDS)}"
            )
    prefix, suffix = _chapter_form(headings["chapter"])
    return Profile(
        name=plan["name"],
        description=plan["description"],
        signature=tuple(plan["signature"]),
        levels=_depths(levels),
        chapter_prefix=prefix,
        chapter_suffix=suffix,
        number_separators=tuple(headings["number_separators"]) or (" ",),
        numbered=headings["numbered"],
        roman=headings["roman"],
        circled=headings["circled"],
        contents_title=headings["contents_title"] or None,
        contents_lists=tuple(headings["contents_lists"]),
        policy_announcement=headings["policy_announcement"] or None,
        labels=values["labels"],
        label_suffixes=values["label_suffixes"],
        bullets=values["lists"]["bullets"],
        responsible_labels=tuple(responsible["labels"]),
        responsible_required=responsible["required"],
        and_others=responsible["and_others"] or None,
        target_row_label=targets["row_label"] or None,
        targets_required=targets["required"],
        table_header=targets["table_header"] or None,
        baseline_labels=tuple(targets["baseline_labels"]),
        target_labels=tuple(targets["target_labels"]),
        headline_arrow=targets["headline_arrow"] or None,
        source=source,
    )


def _depths(levels: list[str]) -> dict[str, int]:
    """Each level's depth. Levels written ``policy|section`` share one depth (a policy then
    closes an open section, as in a plan whose goals stand beside its sections)."""
    depths: dict[str, int] = {}
    for depth, entry in enumerate(levels):
        for kind in entry.split("|"):
            depths[kind] = depth
    return depths


def read_profile(path: Path) -> Profile:
    """The profile in a TOML file; ``InputError`` naming the file and the key."""
    data = read_toml_file(path, "profile")
    try:
        return parse_profile(data, str(path))
    except ProfileError as exc:
        raise InputError(str(path), str(exc)) from None


def is_bundled(profile: Profile) -> bool:
    return Path(profile.source).parent == PROFILES


def bundled_names() -> list[str]:
    return sorted(path.stem for path in PROFILES.glob("*.toml"))


@cache
def bundled_profile(name: str) -> Profile:
    """A profile shipped with keikaku; ``KeyError`` naming the known ones."""
    path = PROFILES / f"{name}.toml"
    if not path.is_file():
        raise KeyError(f"no bundled profile {name!r} (known: {', '.join(bundled_names())})")
    return read_profile(path)


SIGNATURE_WORDS = 2  # a plan fits a profile when it prints this many of its signature words


def signature_share(profile: Profile, text: str) -> float:
    """The share of the profile's signature words the text prints; 0 when it prints fewer
    than ``SIGNATURE_WORDS`` of them (all of them, for a shorter signature)."""
    printed = sum(1 for word in profile.signature if word in text)
    if not profile.signature or printed < min(SIGNATURE_WORDS, len(profile.signature)):
        return 0.0
    return printed / len(profile.signature)


def choose_profile(text: str) -> Profile:
    """The bundled profile whose signature the document prints (the largest share of it),
    else the generic one."""
    scored = [
        (signature_share(bundled_profile(name), text), name)
        for name in bundled_names()
        if name != GENERIC_PROFILE
    ]
    share, name = max(scored, default=(0.0, GENERIC_PROFILE))
    return bundled_profile(name if share > 0 else GENERIC_PROFILE)


# --- the profile the rules read ------------------------------------------------------------

_ACTIVE: contextvars.ContextVar[Profile | None] = contextvars.ContextVar("profile", default=None)


def active() -> Profile:
    """The profile of the document being extracted (the default outside ``using``)."""
    return _ACTIVE.get() or bundled_profile(DEFAULT_PROFILE)


@contextmanager
def using(profile: Profile) -> Iterator[Profile]:
    """Read documents with ``profile`` inside the block."""
    token = _ACTIVE.set(profile)
    try:
        yield profile
    finally:
        _ACTIVE.reset(token)


Built = TypeVar("Built")


class PerProfile(Generic[Built]):
    """What ``build`` makes of the active profile (compiled patterns, rule tables), made once
    for each profile and kept as long as that profile is."""

    def __init__(self, build: Callable[[Profile], Built]) -> None:
        self.build = build
        self.held: dict[int, tuple[Profile, Built]] = {}

    def __call__(self) -> Built:
        profile = active()
        held = self.held.get(id(profile))
        if held is None or held[0] is not profile:  # an id may be reused by a new profile
            held = (profile, self.build(profile))
            self.held[id(profile)] = held
        return held[1]
