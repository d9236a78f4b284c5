"""``keikaku diff OLD NEW --html FILE``: the changes between two editions as a page to read.

The changes are the lineage's (``pipeline/diff.py``), grouped by policy as in the Markdown
(the glossary last).
Each change is one row: what happened (added, removed, renumbered, moved, renamed, a field
changed), the node, and its old and new values side by side with the characters that changed
marked (``<del>`` in the old, ``<ins>`` in the new, found by difflib's matcher over
characters, so 975人 → 1,000人 marks only the digits). When an edition has a review site
(``keikaku review``), the node's IDs link to its place there, on each side. One file with its
own style, no script, nothing from the network.
"""

from __future__ import annotations

import html
import os
import re
from difflib import SequenceMatcher
from pathlib import Path

from keikaku.pipeline.diff import Change, Field, Value

STYLE = """
body { font: 14px/1.6 system-ui, "Noto Sans CJK JP", sans-serif; margin: 16px 24px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; }
th { background: #f5f5f5; font-weight: normal; color: #555; }
col.what { width: 11em; } col.node { width: 28%; }
.what { font-weight: bold; }
.added { color: #237804; } .removed { color: #a8071a; } .renumbered, .moved { color: #0958d9; }
.renamed { color: #7c3aed; } .changed { color: #ad4e00; }
del { background: #ffccc7; text-decoration: line-through; }
ins { background: #b7eb8f; text-decoration: none; }
.id { font-family: ui-monospace, monospace; font-size: 12px; color: #555; }
.none { color: #999; }
"""

# what a reader sees change as one: a number with its separators, a Latin word, a character
TOKEN = re.compile(r"\d[\d,.]*|[A-Za-z]+|\s+|.", re.DOTALL)
WHAT_CLASS = {"added": "added", "removed": "removed", "renumbered": "renumbered"}
WHAT_CLASS |= {"moved": "moved", "renamed": "renamed"}
FIELD_LABELS = {
    "renamed": "title",
    "kind": "kind",
    "departments": "所管",
    "description": "description",
    "indicator": "indicator",
    "baseline": "baseline",
    "target": "target",
    "value": "value",
    "target_added": "added",
    "target_removed": "removed",
    "redefined": "definition",
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def shown(value: Field) -> str | None:
    """A side of a change as the page prints it: a 目標 value as its year and printed text
    (as the Markdown does), 所管 entries joined with 、, a number or text as it is."""
    if isinstance(value, Value):
        return f"{value.year} {'(not printed)' if value.raw is None else value.raw}"
    if isinstance(value, tuple):
        return "、".join(value)
    return None if value is None else str(value)


def marked(old: object, new: object) -> tuple[str, str]:
    """The two values as HTML, what differs marked: deleted in the old, inserted in the new.

    Compared by ``TOKEN``: a number changes as a whole (8,500台 → 9,000台 marks 8,500 and
    9,000, not the digits that differ), a Japanese text character by character."""
    if old is None or new is None:
        return ('<span class="none">—</span>' if old is None else _e(old)), (
            '<span class="none">—</span>' if new is None else _e(new)
        )
    a, b = TOKEN.findall(str(old)), TOKEN.findall(str(new))
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_e("".join(a[i1:i2])))
            right.append(_e("".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(f"<del>{_e(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            right.append(f"<ins>{_e(''.join(b[j1:j2]))}</ins>")
    return "".join(left), "".join(right)


def site_index(site: Path, page: Path) -> str:
    """A review site's index page, relative to the page that links to it."""
    return os.path.relpath(site / "index.html", page.parent).replace(os.sep, "/")


def _entry(change: Change, side: str) -> str | None:
    """The tree entry of a review site a change is about on one side: the node, or its 目標
    row's own entry (not on the side where the row is missing)."""
    node_id = change.old_id if side == "old" else change.new_id
    if node_id is None or not change.target:
        return node_id
    missing = {"target_added": "old", "target_removed": "new"}.get(change.what)
    return node_id if missing == side else f"{node_id}/target{change.target}"


def _id_html(change: Change, side: str, site: Path | None, page: Path) -> str:
    node_id = change.old_id if side == "old" else change.new_id
    if node_id is None:
        return ""
    text = f'<span class="id">{side} {_e(node_id)}</span>'
    if site is None:
        return text
    return f'<a href="{_e(site_index(site, page))}#t-{_e(_entry(change, side))}">{text}</a>'


def _row(change: Change, sites: tuple[Path | None, Path | None], page: Path) -> str:
    what = change.what if change.what in WHAT_CLASS else FIELD_LABELS.get(change.what, change.what)
    css = WHAT_CLASS.get(change.what, "changed")
    label = f"{change.scope} {what}" if change.what in WHAT_CLASS else what
    if change.target:
        label = f"目標 {change.target} {label}"
    ids = [_id_html(change, "old", sites[0], page), _id_html(change, "new", sites[1], page)]
    old: Field = change.old
    new: Field = change.new
    if change.what in ("added", "removed", "moved", "renumbered"):
        old = change.old if change.what in ("moved", "renumbered") else change.old_id
        new = change.new if change.what in ("moved", "renumbered") else change.new_id
        if change.what == "removed":
            old = change.subject
        if change.what == "added":
            new = change.subject
    left, right = marked(shown(old), shown(new))
    return (
        f'<tr><td class="what {css}">{_e(label)}</td>'
        f"<td>{_e(change.subject)}<br>{' '.join(i for i in ids if i)}</td>"
        f"<td>{left}</td><td>{right}</td></tr>"
    )


def changes_to_html(
    changes: list[Change],
    old_name: str,
    new_name: str,
    page: Path,
    sites: tuple[Path | None, Path | None] = (None, None),
) -> str:
    """The page for ``page`` (its links to the review ``sites`` are relative to it)."""
    title = f"keikaku diff: {old_name} → {new_name}"
    out = [
        "<!DOCTYPE html>\n",
        f'<html lang="ja"><head><meta charset="utf-8"><title>{_e(title)}</title>',
        f"<style>{STYLE}</style></head><body><h1>{_e(title)}</h1>",
    ]
    for side, name, site in (("old", old_name, sites[0]), ("new", new_name, sites[1])):
        if site is not None:
            link = _e(site_index(site, page))
            out.append(f'<p>{side} edition: <a href="{link}">review of {_e(name)}</a></p>')
    if not changes:
        out.append("<p>No differences.</p></body></html>\n")
        return "".join(out)
    sections: dict[str, list[Change]] = {}
    for change in changes:
        heading = "Glossary" if change.scope == "glossary" else change.policy or "Other"
        sections.setdefault(heading, []).append(change)
    glossary = sections.pop("Glossary", None)
    if glossary is not None:
        sections["Glossary"] = glossary
    for heading, items in sections.items():
        shown = heading if heading in ("Glossary", "Other") else f"取組方針 {heading}"
        out.append(
            f"<h2>{_e(shown)} <small>({len(items)})</small></h2><table>"
            '<colgroup><col class="what"><col class="node"><col><col></colgroup>'
            f"<tr><th>change</th><th>node</th><th>{_e(old_name)}</th><th>{_e(new_name)}</th></tr>"
        )
        out.extend(_row(change, sites, page) for change in items)
        out.append("</table>")
    out.append("</body></html>\n")
    return "".join(out)
