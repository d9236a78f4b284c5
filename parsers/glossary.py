"""Glossary: footnote definitions and the links from inline markers to them.

A definition is a line that starts with superscript digits, the term, a colon and the
definition: ``¹⁷⁸ リソース：資源や資産など。ここでは人的資源を指す。`` or
``¹⁷⁹ E BPM : Evidence-Based Policy Making (…) の略。`` The term ends at the first colon
(``：``, ``:`` or `` : ``); later colons belong to the definition.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from keikaku.parsers.morphology import reading
from keikaku.parsers.patterns import FOOTNOTE_DEFINITION, TERM_COLON
from keikaku.parsers.text import clean_text, join_wrapped, marker_number
from keikaku.pipeline.model import Block, Chapter, Diagnostic, GlossaryEntry, Source, walk

Fields = dict[str, str]


def footnote_definition(text: str) -> Fields | None:
    """A footnote definition line: ``¹⁸⁰ 書かない窓口：ここでは、…``."""
    match = FOOTNOTE_DEFINITION.match(text)
    return None if match is None else {"number": match.group("number"), "body": match.group("body")}


def parse_glossary_entry(block: Block) -> tuple[GlossaryEntry, list[Diagnostic]]:
    """Number, term and definition of a ``footnote_definition`` block."""
    number = marker_number(block.fields["number"])
    body = join_wrapped([block.fields["body"], *(line.text for line in block.lines[1:])])
    parts = TERM_COLON.split(body, maxsplit=1)
    diagnostics = []
    if len(parts) == 2:
        term, definition = clean_text(parts[0]), clean_text(parts[1])
    else:
        term, definition = clean_text(body), ""
        diagnostics.append(
            Diagnostic(
                "warning",
                "glossary-no-colon",
                f"footnote {number} has no colon between term and definition",
                block.line,
            )
        )
    entry = GlossaryEntry(
        id=f"fn{number}",
        number=number,
        term=term,
        reading=reading(term),
        definition=definition,
        referenced_by=(),
        mentions=(),
        source=Source(block.line, block.end_line),
    )
    return entry, diagnostics


def link_glossary(
    chapters: tuple[Chapter, ...], glossary: tuple[GlossaryEntry, ...]
) -> tuple[tuple[GlossaryEntry, ...], list[Diagnostic]]:
    """Fill each entry's ``referenced_by``; report markers without entries and the reverse."""
    diagnostics: list[Diagnostic] = []
    referrers: dict[int, list[str]] = defaultdict(list)
    by_number: dict[int, GlossaryEntry] = {}
    for entry in glossary:
        if entry.number in by_number:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "footnote-defined-twice",
                    f"footnote {entry.number} is defined again (first at line "
                    f"{by_number[entry.number].source.line})",
                    entry.source.line,
                )
            )
            continue
        by_number[entry.number] = entry
    for node in (node for chapter in chapters for node in walk(chapter)):
        for number in getattr(node, "footnote_refs", ()):
            referrers[number].append(node.id)
            if number not in by_number:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        "footnote-undefined",
                        f"marker {number} in {node.id} has no footnote definition",
                        node.source.line,
                    )
                )
    linked = []
    for entry in sorted(glossary, key=lambda e: (e.number, e.source.line)):
        refs = tuple(dict.fromkeys(referrers.get(entry.number, ())))
        if not refs and by_number.get(entry.number) is entry:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "footnote-unreferenced",
                    f"footnote {entry.number} ({entry.term}) is not referenced by any marker",
                    entry.source.line,
                )
            )
        linked.append(dataclasses.replace(entry, referenced_by=refs))
    return tuple(linked), diagnostics
