"""A semantic diff between two extractions: what a reviewer of a new edition needs to know.

Both sides are document JSON (as written by ``keikaku extract``, loaded with ``json.load``).
Nodes are matched top-down, policies, then groups, then initiatives (parents and children):

1. by ID: a node's ID under its nearest matched ancestor (so a renumbered group or parent does
   not make every initiative in it look new), when the titles still look alike;
2. by title: the most similar normalized title among the nodes still unmatched.

Matched nodes are compared field by field (title, 所管, description, 目標 rows); unmatched
ones are reported as removed or added. Glossary entries are matched by term, then by number.
Source positions are never compared: lines move in every edition.

The result is a ``Lineage``: every policy, group and initiative of both editions as a
``Link`` (same, renumbered, moved, renamed, added or removed, with the IDs on each side and
its changes), so a tool can follow an initiative from one edition to the next by ID; values
of 目標 rows are ``Value`` objects (label, year, raw, parsed value and unit), not text. Its
JSON (``keikaku diff --json``) has a published schema, ``pipeline/diff.schema.json``, with
its own ``schema_version``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import Any, ClassVar, Literal

Row = dict[str, Any]

ID_MATCH_SIMILARITY = 0.5  # same ID, but a title this different is another initiative
TITLE_MATCH_SIMILARITY = 0.8
QUOTATION_BRACKETS = str.maketrans("", "", "「」『』")
LEVELS = ("policy", "group", "initiative")


@dataclass(frozen=True)
class Value:
    """A value of a 目標 row as one edition prints it: the label of its column (2027年), the
    role that label gives it (baseline, target or null), the year, the text as printed and
    what it means (``kind`` quantity, change…, with ``value`` and ``unit`` when it has them)."""

    label: str | None
    role: str | None
    year: int | None
    raw: str | None
    kind: str
    value: float | None
    unit: str | None


# What a change holds on each side: a title, description or indicator (text), the 所管
# entries (a list), a glossary number, a 目標 value, or nothing (the side has none).
Field = str | int | tuple[str, ...] | Value | None


@dataclass(frozen=True)
class Change:
    """One difference between two editions.

    ``scope`` is policy, group, initiative or glossary; ``what`` is added, removed, moved,
    renumbered, renamed, kind, departments, description, indicator, baseline, target, value
    (a labelled value of no such role), target_added, target_removed (``target`` gives the
    目標 row's position) or, for the
    glossary, redefined; ``old`` and ``new`` are the values on each side.
    """

    scope: str
    what: str
    policy: str | None  # the policy it belongs to, for grouping ("1 行政サービスの高度化")
    old_id: str | None
    new_id: str | None
    subject: str  # title or term, as printed in the new edition when there is one
    old: Field = None
    new: Field = None
    target: int | None = None


Status = Literal["same", "renumbered", "moved", "renamed", "added", "removed"]
# A node's status is the first of these its changes hold ("same" when none does): where it
# went says more than what it is called now.
STATUS_ORDER: tuple[Status, ...] = ("added", "removed", "moved", "renumbered", "renamed")


@dataclass(frozen=True)
class Link:
    """One policy, group or initiative of either edition and what became of it: ``old_id``
    and ``new_id`` (null on the side that does not have it), ``status`` (same, renumbered,
    moved, renamed, added, removed; a node both renumbered and renamed is renumbered, and its
    ``changes`` hold both) and every change found, in order."""

    scope: str
    status: Status
    old_id: str | None
    new_id: str | None
    old_title: str | None
    new_title: str | None
    policy: str | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Edition:
    """One side of a diff: its document id, file name and content digest."""

    id: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Lineage:
    """Two editions, every node of both mapped (``links``, old edition's order then the
    nodes only the new one has) and the glossary's changes."""

    schema_version: ClassVar[str] = "1.0"
    old: Edition
    new: Edition
    links: tuple[Link, ...]
    glossary: tuple[Change, ...]

    def changes(self) -> list[Change]:
        """Every change, nodes first (in the order of ``links``), then the glossary."""
        return [change for link in self.links for change in link.changes] + list(self.glossary)

    def to_json(self) -> str:
        """The JSON ``keikaku diff --json`` prints (``pipeline/diff.schema.json``)."""
        body = {"schema_version": self.schema_version, **asdict(self)}
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


@dataclass
class _Node:
    row: Row
    level: str
    policy: Row | None
    group: Row | None
    ancestors: list[Row]  # policy, group, parent initiative… nearest last

    @property
    def id(self) -> str:
        return str(self.row["id"])

    @property
    def title(self) -> str:
        return str(self.row.get("title", ""))

    @property
    def key(self) -> str:
        return str(self.row.get("title_normalized", self.title)).translate(QUOTATION_BRACKETS)


def _nodes(document: Row) -> list[_Node]:
    found: list[_Node] = []

    def visit(row: Row, ancestors: list[Row], policy: Row | None, group: Row | None) -> None:
        kind = row["kind"]
        level = {"policy": "policy", "group": "group"}.get(kind)
        if kind in ("initiative", "initiative_parent"):
            level = "initiative"
        if kind == "policy":
            policy, group = row, None
        elif kind == "group":
            group = row
        if level:
            found.append(_Node(row, level, policy, group, list(ancestors)))
            ancestors = [*ancestors, row]
        for child in row.get("children", ()):
            visit(child, ancestors, policy, group)

    for chapter in document["chapters"]:
        visit(chapter, [], None, None)
    return found


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _policy_label(node: _Node | None) -> str | None:
    if node is None or node.policy is None:
        return None
    return f"{node.policy['number']} {node.policy['title']}"


class _Matcher:
    def __init__(self, old: list[_Node], new: list[_Node]) -> None:
        self.old, self.new = old, new
        self.new_by_id = {n.id: n for n in new}
        self.pairs: dict[str, _Node] = {}  # old id → new node
        self.taken: set[str] = set()  # new ids already matched

    def _expected_id(self, node: _Node) -> str:
        """The node's ID rewritten under its nearest matched ancestor."""
        for ancestor in reversed(node.ancestors):
            partner = self.pairs.get(ancestor["id"])
            if partner is not None and node.id.startswith(ancestor["id"] + "."):
                return partner.id + node.id[len(ancestor["id"]) :]
        return node.id

    def _pair(self, old: _Node, new: _Node) -> None:
        self.pairs[old.id] = new
        self.taken.add(new.id)

    def by_id(self, level: str) -> None:
        for node in (n for n in self.old if n.level == level and n.id not in self.pairs):
            candidate = self.new_by_id.get(self._expected_id(node))
            if (
                candidate is not None
                and candidate.level == level
                and candidate.id not in self.taken
                and _similarity(node.key, candidate.key) >= ID_MATCH_SIMILARITY
            ):
                self._pair(node, candidate)

    def by_title(self, level: str) -> None:
        for node in (n for n in self.old if n.level == level and n.id not in self.pairs):
            scored = [
                (_similarity(node.key, other.key), other)
                for other in self.new
                if other.level == level and other.id not in self.taken
            ]
            best = max(scored, key=lambda pair: pair[0], default=None)
            if best is not None and best[0] >= TITLE_MATCH_SIMILARITY:
                self._pair(node, best[1])

    def run(self) -> dict[str, _Node]:
        for level in LEVELS:
            self.by_id(level)
            self.by_title(level)
            self.by_id(level)  # children of nodes matched by title
        return self.pairs


def _departments(row: Row) -> tuple[str, ...]:
    names = [d["raw"] for d in row.get("departments", ())]
    return tuple(names + (["ほか"] if row.get("departments_and_others") else []))


def _value(value: Row | None) -> Value | None:
    if value is None:
        return None
    parsed = value["parsed"]
    return Value(
        label=value["label"],
        role=value["role"],
        year=value["year"],
        raw=value["raw"],
        kind=parsed["kind"],
        value=None if parsed.get("value") is None else float(parsed["value"]),
        unit=parsed.get("unit"),
    )


def _shown(value: Field) -> str:
    """A side of a change as the Markdown shows it: a value as its year and text."""
    if isinstance(value, Value):
        raw = "(not printed)" if value.raw is None else value.raw
        return f"{value.year} {raw}"
    if value is None:
        return "(no such value)"
    if isinstance(value, tuple):
        return "、".join(value)
    return str(value)


def _values_by_key(target: Row) -> dict[str, Row]:
    """A 目標 row's values keyed by their role (baseline, target), else by their label: the
    key under which the same value is found in the other edition."""
    values = enumerate(target["values"])
    return {value["role"] or value["label"] or str(i): value for i, value in values}


def _compare(
    old: _Node, new: _Node, matcher: _Matcher
) -> Iterator[tuple[str, Any, Any, int | None]]:
    """(what, old, new, 目標 position) for each difference between two matched nodes.

    A node whose new ID is its old ID under its matched parent has not moved (a renumbered
    parent explains it); otherwise it was renumbered in the same parent, or moved elsewhere.
    """
    if new.id != matcher._expected_id(old):
        parent = matcher.pairs.get(old.ancestors[-1]["id"]) if old.ancestors else None
        same_parent = parent is not None and new.ancestors[-1:] == [parent.row]
        yield ("renumbered" if same_parent else "moved"), old.id, new.id, None
    if old.title != new.title:
        yield "renamed", old.title, new.title, None
    if old.level != "initiative":
        return
    if old.row["kind"] != new.row["kind"]:
        yield "kind", old.row["kind"], new.row["kind"], None
    if _departments(old.row) != _departments(new.row):
        yield "departments", _departments(old.row), _departments(new.row), None
    if old.row.get("description") != new.row.get("description"):
        yield "description", old.row.get("description"), new.row.get("description"), None
    old_targets, new_targets = old.row.get("targets", []), new.row.get("targets", [])
    for position, (a, b) in enumerate(zip(old_targets, new_targets, strict=False), start=1):
        if a["indicator"] != b["indicator"]:
            yield "indicator", a["indicator"], b["indicator"], position
        old_values, new_values = _values_by_key(a), _values_by_key(b)
        for key in [*old_values, *(k for k in new_values if k not in old_values)]:
            was, now = old_values.get(key), new_values.get(key)
            seen = [None if v is None else (v["year"], v["raw"]) for v in (was, now)]
            if seen[0] != seen[1]:
                what = key if key in ("baseline", "target") else "value"
                yield what, _value(was), _value(now), position
    for position, a in enumerate(old_targets[len(new_targets) :], start=len(new_targets) + 1):
        yield "target_removed", a["indicator"], None, position
    for position, b in enumerate(new_targets[len(old_targets) :], start=len(old_targets) + 1):
        yield "target_added", None, b["indicator"], position


def _glossary_changes(old: Row, new: Row) -> list[Change]:
    old_entries, new_entries = old["glossary"], new["glossary"]
    pairs: list[tuple[Row, Row]] = []
    unmatched = list(new_entries)
    for entry in old_entries:
        partner = next((e for e in unmatched if e["term"] == entry["term"]), None)
        if partner is None:
            partner = next(
                (
                    e
                    for e in unmatched
                    if e["number"] == entry["number"]
                    and _similarity(e["definition"], entry["definition"]) >= TITLE_MATCH_SIMILARITY
                ),
                None,
            )
        if partner is not None:
            unmatched.remove(partner)
            pairs.append((entry, partner))
    changes = []
    matched_old = {id(a) for a, _ in pairs}
    for entry in old_entries:
        if id(entry) not in matched_old:
            changes.append(Change("glossary", "removed", None, entry["id"], None, entry["term"]))
    for a, b in pairs:
        if a["number"] != b["number"]:
            changes.append(
                Change(
                    "glossary",
                    "renumbered",
                    None,
                    a["id"],
                    b["id"],
                    b["term"],
                    a["number"],
                    b["number"],
                )
            )
        if a["term"] != b["term"]:
            changes.append(
                Change(
                    "glossary", "renamed", None, a["id"], b["id"], b["term"], a["term"], b["term"]
                )
            )
        if a["definition"] != b["definition"]:
            changes.append(
                Change(
                    "glossary",
                    "redefined",
                    None,
                    a["id"],
                    b["id"],
                    b["term"],
                    a["definition"],
                    b["definition"],
                )
            )
    for entry in unmatched:
        changes.append(Change("glossary", "added", None, None, entry["id"], entry["term"]))
    return changes


def _status(changes: list[Change]) -> Status:
    whats = {change.what for change in changes}
    return next((status for status in STATUS_ORDER if status in whats), "same")


def _edition(document: Row) -> Edition:
    info = document["document"]
    return Edition(id=info["id"], file=info["file"], sha256=info["sha256"])


def lineage(old: Row, new: Row) -> Lineage:
    """Every node of two document JSONs mapped, with its changes, and the glossary's."""
    old_nodes, new_nodes = _nodes(old), _nodes(new)
    matcher = _Matcher(old_nodes, new_nodes)
    pairs = matcher.run()
    links: list[Link] = []
    for node in old_nodes:
        partner = pairs.get(node.id)
        if partner is None:
            removed = Change(node.level, "removed", _policy_label(node), node.id, None, node.title)
            links.append(
                Link(
                    node.level,
                    "removed",
                    node.id,
                    None,
                    node.title,
                    None,
                    removed.policy,
                    (removed,),
                )
            )
            continue
        changes = [
            Change(
                node.level,
                what,
                _policy_label(partner),
                node.id,
                partner.id,
                partner.title,
                before,
                after,
                position,
            )
            for what, before, after, position in _compare(node, partner, matcher)
        ]
        links.append(
            Link(
                node.level,
                _status(changes),
                node.id,
                partner.id,
                node.title,
                partner.title,
                _policy_label(partner),
                tuple(changes),
            )
        )
    for node in new_nodes:
        if node.id not in matcher.taken:
            added = Change(node.level, "added", _policy_label(node), None, node.id, node.title)
            links.append(
                Link(node.level, "added", None, node.id, None, node.title, added.policy, (added,))
            )
    return Lineage(
        old=_edition(old),
        new=_edition(new),
        links=tuple(links),
        glossary=tuple(_glossary_changes(old, new)),
    )


def diff_documents(old: Row, new: Row) -> list[Change]:
    """Every difference between two document JSONs, in the new edition's order."""
    return lineage(old, new).changes()


_FIELD_LABELS = {
    "renamed": "title",
    "kind": "kind",
    "departments": "所管",
    "indicator": "indicator",
    "baseline": "baseline",
    "target": "target",
    "value": "value",
    "redefined": "definition",
}


def _describe(change: Change) -> str:
    """One Markdown line: what changed, where, and old → new."""
    if change.scope == "glossary":
        number = (change.new_id or change.old_id or "").removeprefix("fn")
        if change.what == "renumbered":
            return f"renumbered footnote {change.old} → {change.new} {change.subject}"
        if change.what in ("added", "removed"):
            return f"{change.what} footnote {number} {change.subject}"
        label = _FIELD_LABELS.get(change.what, change.what)
        return f"{label} of footnote {number} {change.subject}: {change.old} → {change.new}"
    where = f"`{change.new_id or change.old_id}` {change.subject}"
    if change.what in ("added", "removed"):
        return f"{change.what} {change.scope} {where}"
    if change.what in ("moved", "renumbered"):
        return f"{change.what} {change.scope} {change.subject}: `{change.old}` → `{change.new}`"
    if change.what == "description":
        return f"description of {change.scope} {where} changed"
    if change.what in ("target_added", "target_removed"):
        verb = change.what.removeprefix("target_")
        return f"目標 {change.target} {verb} in {where}: {change.new or change.old}"
    label = _FIELD_LABELS.get(change.what, change.what)
    row = f"目標 {change.target} " if change.target else ""
    return f"{row}{label} of {change.scope} {where}: {_shown(change.old)} → {_shown(change.new)}"


def changes_to_markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    lines = [f"# keikaku diff: {old_name} → {new_name}", ""]
    if not changes:
        return "\n".join([*lines, "No differences.", ""])
    sections: dict[str, list[Change]] = {}
    for change in changes:
        if change.scope == "glossary":
            heading = "Glossary"
        else:
            heading = f"取組方針 {change.policy}" if change.policy else "Other"
        sections.setdefault(heading, []).append(change)
    for heading, items in sections.items():
        lines.append(f"## {heading}")
        lines.append("")
        lines.extend(f"- {_describe(change)}" for change in items)
        lines.append("")
    return "\n".join(lines)
