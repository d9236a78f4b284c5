"""The stage runner: one source file in, one ``Document`` out.

The stages, in order (each a function from one representation to the next)::

    load_text            path        → SourceText (numbered lines)
    lines_to_blocks      lines       → blocks (headings, rows, bullets, footnotes, paragraphs)
    blocks_to_outline    blocks      → outline (blocks nested under headings) + footnotes
    outline_to_tree      outline     → typed chapters with IDs and fields
    footnotes_to_glossary footnotes  → glossary entries
    link_glossary        tree + glossary → glossary with referrers
    account_lines        owners      → stats, ``unassigned`` for any line nobody claimed
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parsers.blocks import lines_to_blocks
from parsers.fields import outline_to_tree
from parsers.glossary import link_glossary, parse_glossary_entry
from parsers.outline import blocks_to_outline
from pipeline.loaders.text import load_text
from pipeline.manifest import load_manifest, plan_years
from pipeline.model import (
    SEVERITIES,
    Block,
    Chapter,
    Diagnostic,
    Document,
    DocumentInfo,
    GlossaryEntry,
    SourceText,
    Stats,
    walk,
)


class StageTimer:
    """Collects wall time per stage name (used by scripts/bench)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def footnotes_to_glossary(
    footnotes: list[Block], owner: dict[int, str]
) -> tuple[tuple[GlossaryEntry, ...], list[Diagnostic]]:
    entries, diagnostics = [], []
    for block in footnotes:
        entry, found = parse_glossary_entry(block)
        diagnostics.extend(found)
        entries.append(entry)
        for line in block.lines:
            owner[line.number] = entry.id
    return tuple(entries), diagnostics


def account_lines(
    source: SourceText, owner: dict[int, str], diagnostics: list[Diagnostic]
) -> tuple[int, int, list[Diagnostic]]:
    """Non-blank lines, how many a node owns, and a diagnostic for any line still unowned.

    A line a stage already reported as ``unassigned`` is not reported twice.
    """
    content = [line for line in source.lines if not line.is_blank]
    reported = {d.line for d in diagnostics if d.code == "unassigned"}
    missed = [
        Diagnostic(
            "warning",
            "unassigned",
            f"line not claimed by any node: {line.text.strip()[:40]}",
            line.number,
        )
        for line in content
        if line.number not in owner and line.number not in reported
    ]
    return len(content), sum(1 for line in content if line.number in owner), missed


def _stats(
    chapters: tuple[Chapter, ...], glossary: tuple[GlossaryEntry, ...], total: int, assigned: int
) -> Stats:
    nodes = [node for chapter in chapters for node in walk(chapter)]
    kinds = [node.kind for node in nodes]
    return Stats(
        lines_total=total,
        lines_assigned=assigned,
        policies=kinds.count("policy"),
        groups=kinds.count("group"),
        initiatives=kinds.count("initiative"),
        initiative_parents=kinds.count("initiative_parent"),
        targets=sum(len(getattr(node, "targets", ())) for node in nodes),
        glossary_entries=len(glossary),
        footnote_refs=sum(len(getattr(node, "footnote_refs", ())) for node in nodes),
    )


def _ordered(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Document order, so that two runs list them identically."""
    return tuple(
        sorted(
            diagnostics,
            key=lambda d: (d.line or 0, SEVERITIES.index(d.severity), d.code, d.message),
        )
    )


def extract(path: str | Path, timer: StageTimer | None = None) -> Document:
    """Run every stage on one file. Raises ``InputError`` when the file cannot be read."""
    stage = timer or StageTimer()
    with stage("load"):
        source = load_text(path)
        manifest = load_manifest(path)
    with stage("blocks"):
        blocks = lines_to_blocks(source.lines)
    with stage("outline"):
        outline = blocks_to_outline(blocks)
    with stage("tree"):
        chapter_list, owner, tree_diagnostics = outline_to_tree(outline.root, plan_years(manifest))
        chapters = tuple(chapter_list)
    with stage("glossary"):
        glossary, glossary_diagnostics = footnotes_to_glossary(outline.footnotes, owner)
        glossary, link_diagnostics = link_glossary(chapters, glossary)
    diagnostics = [
        *outline.diagnostics,
        *tree_diagnostics,
        *glossary_diagnostics,
        *link_diagnostics,
    ]
    with stage("accounting"):
        total, assigned, missed = account_lines(source, owner, diagnostics)
    diagnostics.extend(missed)
    info = DocumentInfo(
        id=Path(path).stem,
        file=source.name,
        format="text",
        encoding=source.encoding,
        sha256=source.sha256,
        manifest=manifest,
    )
    return Document(
        document=info,
        chapters=chapters,
        glossary=glossary,
        diagnostics=_ordered(diagnostics),
        stats=_stats(chapters, glossary, total, assigned),
    )
