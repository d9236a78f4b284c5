"""A short, human-readable outline of a document, for reviewing golden files and diffs.

One line per node, indented by depth, with its ID and source lines; initiatives add their
所管, and one line per 目標 row. Not a format for tools: use the JSON for that.
"""

from __future__ import annotations

from pipeline.model import Document, Initiative, Node, Target


def _value(target: Target) -> str:
    def show(raw: str | None) -> str:
        return "null" if raw is None else raw

    return (
        f"{target.indicator} | {target.baseline.year}: {show(target.baseline.raw)}"
        f" → {target.target.year}: {show(target.target.raw)}"
    )


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
    if isinstance(node, Initiative):
        others = " + others" if node.departments_and_others else ""
        departments = "、".join(
            f"{d.bureau_abbr}){d.department}" if d.bureau_abbr else d.department
            for d in node.departments
        )
        out.append(f"{pad}  所管: {departments}{others}")
        out.extend(f"{pad}  目標: {_value(target)}" for target in node.targets)
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
        lines.append(f"{entry.number} {entry.term}: {entry.definition[:40]}… ← {referrers}")
    lines.append("")
    lines.append("## diagnostics")
    for d in document.diagnostics:
        lines.append(f"L{d.line} {d.severity} {d.code}: {d.message}")
    stats = document.stats
    lines.append("")
    lines.append(f"## stats: {stats}")
    return "\n".join(lines) + "\n"
