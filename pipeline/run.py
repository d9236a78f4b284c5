"""The stage runner: one source file in, one ``Document`` out.

The stages, in order (each a function from one representation to the next)::

    load_text            path        → SourceText (decoded, numbered lines)
    text_to_lines        lines       → lines normalised for the rules (folds, cell separators)
    lines_to_blocks      lines       → blocks (headings, rows, bullets, footnotes, paragraphs)
    blocks_to_outline    blocks      → outline (blocks nested under headings) + footnotes
    outline_to_tree      outline     → typed chapters with IDs, fields and parsed values
    footnotes_to_glossary footnotes  → glossary entries with readings
    link_glossary        tree + glossary → glossary with referrers
    find_mentions        tree + glossary → glossary with unmarked mentions
    find_relisted        tree        → tree with ``also_listed_as`` links
    department_index     tree        → departments with their initiatives
    account_lines        owners      → stats, ``unassigned`` for any line nobody claimed

The manifest beside the file (pipeline/manifest.py) gives the plan's years and bureau table.
The stages from ``lines_to_blocks`` on read the plan's profile (parsers/profile.py): the one
the caller gives (``--profile``), else the one the manifest names, else the bundled profile
whose signature the document prints, else the generic one.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from keikaku.parsers import morphology
from keikaku.parsers.blocks import lines_to_blocks
from keikaku.parsers.departments import department_index, load_bureau_table
from keikaku.parsers.edition import printed_edition
from keikaku.parsers.glossary import link_glossary, parse_glossary_entry
from keikaku.parsers.lines import text_to_lines
from keikaku.parsers.mentions import find_mentions
from keikaku.parsers.outline import blocks_to_outline
from keikaku.parsers.profile import (
    Profile,
    bundled_profile,
    choose_profile,
    is_bundled,
    read_profile,
    using,
)
from keikaku.parsers.relisted import find_relisted
from keikaku.parsers.tree import outline_to_tree
from keikaku.pipeline.collector import collector_paused
from keikaku.pipeline.errors import InputError
from keikaku.pipeline.loaders.pdf import DEFAULT_ENGINE, load_pdf
from keikaku.pipeline.loaders.text import load_text
from keikaku.pipeline.manifest import (
    bureau_table_file,
    document_id,
    load_manifest,
    manifest_path,
    plan_years,
    read_bureau_table,
)
from keikaku.pipeline.model import (
    SEVERITIES,
    Block,
    Chapter,
    DepartmentIndexEntry,
    Diagnostic,
    Document,
    DocumentInfo,
    GlossaryEntry,
    Line,
    PageSpan,
    PlanConfig,
    Source,
    SourceText,
    Stats,
    replace_in_tree,
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


def plan_config(path: str, manifest: dict[str, object]) -> PlanConfig:
    """Years and bureau table named by the manifest; an unknown table is an input error."""
    bureaus = None
    name = manifest.get("bureaus")
    if name is not None:
        table_file = bureau_table_file(manifest_path(path), str(name))
        try:
            bureaus = read_bureau_table(table_file) if table_file else load_bureau_table(str(name))
        except KeyError as exc:
            raise InputError(str(manifest_path(path)), exc.args[0]) from None
    return PlanConfig(years=plan_years(manifest), bureaus=bureaus)


def plan_profile(
    path: str, manifest: dict[str, object], given: Profile | None, lines: tuple[Line, ...]
) -> Profile:
    """The profile to read the document with (see the module's docstring); a signature is
    looked for in the normalised lines (``⽬標`` in a radical is 目標)."""
    if given is not None:
        return given
    name = manifest.get("profile")
    if name is None:
        return choose_profile("\n".join(line.text for line in lines))
    profile_file = bureau_table_file(manifest_path(path), str(name), "profile")
    if profile_file is not None:
        return read_profile(profile_file)
    try:
        return bundled_profile(str(name))
    except KeyError as exc:
        raise InputError(str(manifest_path(path)), f"profile: {exc.args[0]}") from None


def named_profile(name: str) -> Profile:
    """The profile ``--profile`` names: a bundled profile's name or a profile file's path;
    ``InputError`` naming the file and the key when it is unreadable or wrong."""
    if not name.endswith(".toml") and "/" not in name:
        try:
            return bundled_profile(name)
        except KeyError as exc:
            raise InputError(name, exc.args[0]) from None
    return read_profile(Path(name))


def profile_name(profile: Profile) -> str:
    """How the JSON names a profile: a bundled one by its name, another by its file."""
    return profile.name if is_bundled(profile) or not profile.source else profile.source


def _stats(
    chapters: tuple[Chapter, ...],
    glossary: tuple[GlossaryEntry, ...],
    departments: tuple[DepartmentIndexEntry, ...],
    total: int,
    assigned: int,
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
        mentions=sum(len(entry.mentions) for entry in glossary),
        departments=len(departments),
    )


def _ordered(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Document order (page, then line), so that two runs list them identically."""
    return tuple(
        sorted(
            diagnostics,
            key=lambda d: (
                d.page or 0,
                d.line or 0,
                SEVERITIES.index(d.severity),
                d.code,
                d.message,
            ),
        )
    )


def diagnostics_on_pages(
    diagnostics: list[Diagnostic], pages: tuple[PageSpan, ...]
) -> list[Diagnostic]:
    """For PDF input, each diagnostic that names a line of the read text names its page too:
    the page a reader can open, and the number printed on it."""
    placed = []
    for diagnostic in diagnostics:
        if diagnostic.page is None and diagnostic.line is not None:
            span = pages[diagnostic.line - 1]
            diagnostic = dataclasses.replace(
                diagnostic, page=span.page, printed_page=span.printed_page
            )
        placed.append(diagnostic)
    return placed


# Called as pages are read: (pages done, pages in the document). The CLI shows progress by it.
PageProgress = Callable[[int, int], None]


def load_source(
    path: str | Path,
    on_page: PageProgress | None = None,
    max_stream_bytes: int | None = None,
    pdf_engine: str = DEFAULT_ENGINE,
    pdf_jobs: int = 1,
) -> tuple[SourceText, list[Diagnostic]]:
    """The loader for the file's kind: PDF (by its suffix) or text."""
    if Path(path).suffix.lower() == ".pdf":
        return load_pdf(
            path,
            on_page=on_page,
            max_stream_bytes=max_stream_bytes,
            engine=pdf_engine,
            jobs=pdf_jobs,
        )
    return load_text(path), []


def _edition(
    manifest: dict[str, object], lines: Iterable[Line]
) -> tuple[str | None, Literal["manifest", "printed"] | None]:
    """The document's edition and where it was read: the manifest's, else the printed one."""
    if manifest.get("edition"):
        return str(manifest["edition"]), "manifest"
    printed = printed_edition(lines)
    return printed, "printed" if printed else None


def with_pages(value: Any, text: SourceText, owner: dict[int, str]) -> Any:
    """Sources with the PDF pages their lines were read from, and the boxes of the lines the
    node owns: a heading's box is its node's, not its chapter's; a 目標 row's (in the lines
    its initiative owns) is its initiative's and its own."""

    def place(source: Source, node_id: str | None) -> Source:
        first, last = text.pages[source.line - 1], text.pages[source.end_line - 1]
        span = PageSpan(first.page, last.end_page, first.printed_page, last.end_printed_page)
        lines = range(source.line, source.end_line + 1)
        boxes = tuple(box for n in lines if owner.get(n) == node_id for box in text.boxes[n - 1])
        return Source(source.line, source.end_line, span, boxes)

    def visit(value: Any, node_id: str | None) -> Any:
        if isinstance(value, Source):
            return place(value, node_id)
        if isinstance(value, tuple):
            return tuple(visit(item, node_id) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            inner = getattr(value, "id", node_id)  # a target or contents entry: its node's
            updates = {
                f.name: visit(getattr(value, f.name), inner)
                for f in dataclasses.fields(value)
                if f.init and f.name != "id"
            }
            return dataclasses.replace(value, **updates)
        return value

    return visit(value, None)


def extract(
    path: str | Path,
    timer: StageTimer | None = None,
    on_page: PageProgress | None = None,
    max_stream_bytes: int | None = None,
    profile: Profile | None = None,
    pdf_engine: str = DEFAULT_ENGINE,
    pdf_jobs: int = 1,
) -> Document:
    """Run every stage on one file. Raises ``InputError`` when the file cannot be read and
    ``LimitError`` when it goes past ``max_stream_bytes`` (a PDF stream's decoded size).

    ``on_page(done, total)`` is called by the PDF loader as it reads each page; ``profile``
    overrides the manifest's and the one the document's signature would choose;
    ``pdf_engine`` names the PDF loader's character source (``pdfium`` or ``pdfplumber``);
    ``pdf_jobs`` how many processes may read a long PDF's pages.
    """
    return extract_with_source(
        path, timer, on_page, max_stream_bytes, profile, pdf_engine, pdf_jobs
    )[0]


def extract_with_source(
    path: str | Path,
    timer: StageTimer | None = None,
    on_page: PageProgress | None = None,
    max_stream_bytes: int | None = None,
    profile: Profile | None = None,
    pdf_engine: str = DEFAULT_ENGINE,
    pdf_jobs: int = 1,
) -> tuple[Document, SourceText]:
    """``extract``, and the source text the document was read from (the review draws it)."""
    stage = timer or StageTimer()
    morphology.forget()
    with stage("load"):
        source, load_diagnostics = load_source(
            path, on_page, max_stream_bytes, pdf_engine, pdf_jobs
        )
        manifest = load_manifest(path)
        lines = text_to_lines(source.lines)
        chosen = plan_profile(str(path), manifest, profile, lines)
    # The stages build a large tree with almost no reference cycles (18 objects left for the
    # collector on a 50-chapter plan); collecting scanned it for nothing: 14 % of the stages'
    # time at 50 chapters, 5 % at 20.
    with using(chosen), collector_paused():
        return _extract(path, stage, source, load_diagnostics, manifest, chosen, lines)


def _extract(
    path: str | Path,
    stage: StageTimer,
    source: SourceText,
    load_diagnostics: list[Diagnostic],
    manifest: dict[str, object],
    profile: Profile,
    lines: tuple[Line, ...],
) -> tuple[Document, SourceText]:
    with stage("blocks"):
        blocks = lines_to_blocks(lines)
    with stage("outline"):
        outline = blocks_to_outline(blocks)
    config = plan_config(str(path), manifest)
    with stage("tree"):
        chapter_list, owner, tree_diagnostics = outline_to_tree(outline.root, config)
    with stage("glossary"):
        glossary, glossary_diagnostics = footnotes_to_glossary(outline.footnotes, owner)
        glossary, link_diagnostics = link_glossary(tuple(chapter_list), glossary)
    with stage("mentions"):
        glossary = find_mentions(chapter_list, glossary)
    with stage("relisted"):
        relisted, relisted_diagnostics = find_relisted(chapter_list)
        chapters = tuple(replace_in_tree(c, relisted) for c in chapter_list)
    with stage("departments"):
        departments = department_index(chapters, config.bureaus)
    diagnostics = [
        *load_diagnostics,
        *outline.diagnostics,
        *tree_diagnostics,
        *glossary_diagnostics,
        *link_diagnostics,
        *relisted_diagnostics,
    ]
    with stage("accounting"):
        total, assigned, missed = account_lines(source, owner, diagnostics)
    diagnostics.extend(missed)
    if assigned == 0:
        raise InputError(
            str(path),
            f"no plan structure found (none of its {total} lines is a chapter, section, policy "
            "or initiative heading, a 目標 row or a footnote)",
        )
    if source.pages:
        chapters, glossary = with_pages((chapters, glossary), source, owner)
        diagnostics = diagnostics_on_pages(diagnostics, source.pages)
    edition, edition_source = _edition(manifest, lines)
    info = DocumentInfo(
        id=document_id(Path(path).stem, edition),
        file=source.name,
        format="pdf" if source.pages else "text",
        encoding=source.encoding,
        sha256=source.sha256,
        profile=profile_name(profile),
        manifest=manifest,
        edition=edition,
        edition_source=edition_source,
    )
    document = Document(
        document=info,
        chapters=chapters,
        glossary=glossary,
        departments=departments,
        diagnostics=_ordered(diagnostics),
        stats=_stats(chapters, glossary, departments, total, assigned),
    )
    return document, source
