"""A short, human-readable outline of a document, for reviewing golden files and diffs.

One line per node, indented by depth, with its ID and source lines; initiatives add their
所管 and one line per 目標 row with each value's meaning. Then the glossary (reading,
referrers, mentions), the departments index, diagnostics and stats. Not a format for tools:
use the JSON for that.
"""

from __future__ import annotations

from keikaku.pipeline.model import (
    Department,
    Document,
    Initiative,
    Node,
    Policy,
    Target,
    TargetValue,
)


def _meaning(value: TargetValue) -> str:
    parsed = value.parsed
    parts = [f"{k}={v}" for k, v in vars(parsed).items() if k != "kind" and v is not None]
    return f"{parsed.kind}({', '.join(parts)})" if parts else parsed.kind


def _value(target: Target) -> str:
    def show(value: TargetValue) -> str:
        raw = "null" if value.raw is None else value.raw
        label = value.year if value.year is not None else value.label
        return f"{label}: {raw} [{_meaning(value)}]"

    values = target.values or (target.baseline, target.target)
    return f"{target.indicator} | {' → '.join(show(value) for value in values)}"


def _department(d: Department) -> str:
    return f"{d.bureau}/{d.department}" if d.bureau != d.department else d.department


def _label(node: Node) -> str:
    number = getattr(node, "numeral", None) or getattr(node, "number", None)
    text = getattr(node, "title", None) or getattr(node, "text", None) or ""
    head = f"{node.kind} {number}" if number is not None else node.kind
    return f"{head} {text[:60]}".rstrip()


def _lines(node: Node, depth: int) -> list[str]:
    pad = "  " * depth
    refs = getattr(node, "footnote_refs", ())
    marks = f" [{', '.join(map(str, refs))}]" if refs else ""
    out = [f"{pad}{_label(node)}{marks}  ({node.id}, L{node.source.line}-{node.source.end_line})"]
    if isinstance(node, Policy):
        out.extend(f"{pad}  目標: {_value(target)}" for target in node.targets)
    if isinstance(node, Initiative):
        others = " + others" if node.departments_and_others else ""
        departments = "、".join(_department(d) for d in node.departments)
        out.append(f"{pad}  所管: {departments}{others}")
        out.extend(f"{pad}  目標: {_value(target)}" for target in node.targets)
        if node.also_listed_as:
            out.append(f"{pad}  also listed as: {', '.join(node.also_listed_as)}")
    for child in getattr(node, "children", ()):
        out.extend(_lines(child, depth + 1))
    return out


def document_to_view(document: Document) -> str:
    lines = [f"# {document.document.file}"]
    for chapter in document.chapters:
        lines.extend(_lines(chapter, 0))
    lines.append("")
    lines.append("## glossary")
    for entry in document.glossary:
        referrers = ", ".join(entry.referenced_by) or "-"
        lines.append(f"{entry.number} {entry.term} ({entry.reading}): {entry.definition[:40]}…")
        lines.append(f"    marked in {referrers}")
        for mention in entry.mentions:
            lines.append(f"    mentioned in {mention.node} {mention.field} @{mention.offset}")
    lines.append("")
    lines.append("## departments")
    for department in document.departments:
        name = f"{department.bureau_abbr or '-'} {department.bureau}/{department.department}"
        lines.append(f"{name}: {', '.join(department.initiatives)}")
    lines.append("")
    lines.append("## diagnostics")
    for d in document.diagnostics:
        lines.append(f"L{d.line} {d.severity} {d.code}: {d.message}")
    lines.append("")
    lines.append(f"## stats: {document.stats}")
    return "\n".join(lines) + "\n"
