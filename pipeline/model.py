"""keikaku's document model: what every stage passes on, and what the JSON is a dump of.

Three layers, each produced by one stage:

* ``SourceText`` / ``Line`` — the decoded file, line by line, with 1-based line numbers;
* ``Block`` — one recognised unit of layout (a heading, a table row, a bullet, a paragraph…)
  covering one or more consecutive lines;
* the document tree (``Chapter`` … ``Initiative``, ``GlossaryEntry``) — typed, frozen nodes
  with an ID built from the printed numbering and the span of lines they came from.

Every recoverable anomaly travels beside these as a ``Diagnostic`` with a line number.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, cast

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Diagnostic:
    """An anomaly found in a document, and where: ``line`` is 1-based in the source text (for
    a PDF, in the text the loader read from it); ``page`` (1-based) and ``printed_page`` (the
    number printed on it) for PDF input."""

    severity: Severity
    code: str
    message: str
    line: int | None
    page: int | None = None
    printed_page: int | None = None


# --- stage 1: the source text --------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of the source, without its line break; ``number`` is 1-based."""

    number: int
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class PageSpan:
    """The PDF pages a piece came from: 1-based page index and the printed page number."""

    page: int
    end_page: int
    printed_page: int | None
    end_printed_page: int | None


@dataclass(frozen=True)
class Box:
    """A rectangle of a PDF page a piece of text was read from: the 1-based page index and
    the corners in points from the page's top left, as the page is drawn (text set sideways
    included), rounded to two decimals."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class SourceText:
    """A decoded input file: its name, how it was decoded, and its lines.

    For a PDF, ``pages[i]`` is the page span line ``i + 1`` was read from and ``boxes[i]``
    the boxes of the printed lines (or table cells) it was composed of.
    """

    path: str
    name: str
    encoding: str
    sha256: str
    text: str
    lines: tuple[Line, ...]
    pages: tuple[PageSpan, ...] = ()
    boxes: tuple[tuple[Box, ...], ...] = ()


@dataclass(frozen=True)
class PlanConfig:
    """What the manifest tells the parsers about a plan.

    ``years``: (baseline, target) year a 目標 row is expected to print; ``bureaus``: the
    bureau abbreviations of 所管 cells ({"総": "総務局"}). Either may be unknown (``None``).
    """

    years: tuple[int, int] | None = None
    bureaus: dict[str, str] | None = None


# --- stage 2: blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A unit of layout recognised by one rule of ``parsers/blocks.py``.

    ``fields`` holds what the rule read off the line (a number, a title, table cells…),
    always as printed; cleaning happens when the tree's fields are built.
    """

    kind: str
    lines: tuple[Line, ...]
    fields: dict[str, str] = field(default_factory=dict)
    # What the rule that grows the block over its lines has read of them (a 目標 row's
    # reading), kept for the stage that parses the block so that it does not read them again.
    read: Any = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return self.lines[0].number

    @property
    def end_line(self) -> int:
        return self.lines[-1].number

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# --- stage 3+: the document tree ------------------------------------------------------------

# Where the inline markers stood: (field, footnote number, offset in the field's clean text).
# Kept in memory for the glossary stages, not written to the JSON (see ``INTERNAL``).
Marker = tuple[str, int, int]
INTERNAL = {"export": False}


def _markers() -> Any:
    return field(default=(), metadata=INTERNAL, compare=False, repr=False)


@dataclass(frozen=True)
class Source:
    """Where a node came from: first and last 1-based line of the source (for a PDF, of the
    lines read from it) and, for a PDF, the pages and the boxes of the lines the node itself
    was read from (its heading, its text, its cells; its children's lines are theirs)."""

    line: int
    end_line: int
    pages: PageSpan | None = None
    boxes: tuple[Box, ...] | None = None


@dataclass(frozen=True)
class TocEntry:
    number: int
    title: str
    page: int
    source: Source


@dataclass(frozen=True)
class Bullet:
    kind: ClassVar[str] = "bullet"
    id: str
    text: str
    footnote_refs: tuple[int, ...]
    source: Source
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    id: str
    text: str
    footnote_refs: tuple[int, ...]
    source: Source
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class BulletList:
    """A labelled list of bullets, e.g. 現状と課題 (role ``current_state``)."""

    kind: ClassVar[str] = "bullet_list"
    id: str
    role: str
    title: str
    source: Source
    children: tuple[Bullet, ...]


@dataclass(frozen=True)
class Vision:
    """The 目指す姿: a heading, one statement and its explanatory bullets."""

    kind: ClassVar[str] = "vision"
    id: str
    title: str
    statement: str
    footnote_refs: tuple[int, ...]
    source: Source
    children: tuple[Bullet, ...]
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class PolicySummary:
    """One 取組方針 as summarised in the introduction: number, title and its summary."""

    kind: ClassVar[str] = "policy_summary"
    id: str
    number: int
    title: str
    text: str
    footnote_refs: tuple[int, ...]
    source: Source
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class PolicySummaries:
    kind: ClassVar[str] = "policy_summaries"
    id: str
    title: str
    source: Source
    children: tuple[PolicySummary, ...]


@dataclass(frozen=True)
class ParsedValue:
    """What a printed value means (parsers/quantities.py).

    ``kind`` is ``quantity`` (975人), ``change`` (10%増, 20分短縮, 減少), ``qualitative``
    (実施, 一部実施), ``not_set`` (a printed dash), ``absent`` (nothing printed) or ``unknown``.
    ``value`` is a number (negative for a decrease); ``per`` the period of a rate (3回/年 → 年);
    ``reference`` what a change is measured against (2023年度); ``action`` the verbal noun of a
    qualitative value; ``detail`` the words before it; ``indicator_unit`` the unit the indicator
    implies (割合 → %) where the value itself prints none.
    """

    kind: str
    value: int | float | None = None
    unit: str | None = None
    per: str | None = None
    direction: str | None = None
    reference: str | None = None
    action: str | None = None
    detail: str | None = None
    indicator_unit: str | None = None


@dataclass(frozen=True)
class TargetValue:
    """One labelled value of a target: the label as printed (``2022年``, ``現状値（2014年度）``),
    the role the label gives it (``baseline``, ``target``, or null for any other column), the
    year read from the label, the value as printed (or null) and what it means."""

    label: str | None
    role: str | None
    year: int | None
    raw: str | None
    parsed: ParsedValue


ABSENT = ParsedValue(kind="absent")


@dataclass(frozen=True)
class Target:
    """One indicator and its labelled values, in the order printed.

    Sapporo's 目標 row is the two-value case (``2022年`` baseline, ``2027年`` target); a KPI
    table may print a baseline, an interim and a final value. ``baseline`` and ``target`` give
    the value of that role (an absent one when the row prints none).
    """

    indicator: str
    indicator_normalized: str
    values: tuple[TargetValue, ...]
    footnote_refs: tuple[int, ...]
    source: Source
    markers: tuple[Marker, ...] = _markers()

    def value_of(self, role: str) -> TargetValue:
        """The value whose label gives it ``role`` (the last one, if several do)."""
        for value in reversed(self.values):
            if value.role == role:
                return value
        return TargetValue(label=None, role=role, year=None, raw=None, parsed=ABSENT)

    @property
    def baseline(self) -> TargetValue:
        return self.value_of("baseline")

    @property
    def target(self) -> TargetValue:
        return self.value_of("target")


@dataclass(frozen=True)
class Department:
    """One entry of a 所管 cell: ``総) 行政部`` → bureau_abbr 総, bureau 総務局, department 行政部.

    An entry without a prefix (人事委員会事務局) is an organisation of its own: it is both the
    bureau and the department, and ``bureau_abbr`` is null.
    """

    raw: str
    bureau_abbr: str | None
    bureau: str | None
    department: str


@dataclass(frozen=True)
class Initiative:
    """A numbered initiative that prints its own 所管 and 目標."""

    kind: ClassVar[str] = "initiative"
    id: str
    number: str
    title: str
    title_normalized: str
    departments: tuple[Department, ...]
    departments_raw: str | None
    departments_and_others: bool
    description: str
    targets: tuple[Target, ...]
    footnote_refs: tuple[int, ...]
    also_listed_as: tuple[str, ...]
    source: Source
    children: tuple[Node, ...] = ()
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class InitiativeParent:
    """A numbered initiative that only groups children: its title, lead paragraph, children."""

    kind: ClassVar[str] = "initiative_parent"
    id: str
    number: str
    title: str
    title_normalized: str
    description: str
    footnote_refs: tuple[int, ...]
    source: Source
    children: tuple[Node, ...]
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class Group:
    """A group of initiatives inside a policy, printed with a Roman numeral (I, II…)."""

    kind: ClassVar[str] = "group"
    id: str
    numeral: str
    number: int
    title: str
    title_normalized: str
    footnote_refs: tuple[int, ...]
    source: Source
    children: tuple[Node, ...]
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class Policy:
    """A policy (Sapporo's 取組方針, a 総合戦略's 基本目標): its number, title, the headline targets
    printed under its title (``高校の入学者数40人（2014年度）→年40人（2019年度）``), bullet lists
    and groups or measures."""

    kind: ClassVar[str] = "policy"
    id: str
    number: int
    title: str
    title_normalized: str
    targets: tuple[Target, ...]
    footnote_refs: tuple[int, ...]
    source: Source
    children: tuple[Node, ...]
    markers: tuple[Marker, ...] = _markers()


@dataclass(frozen=True)
class Part:
    """A numbered part of a section, printed as ``(1) title``."""

    kind: ClassVar[str] = "part"
    id: str
    number: str
    title: str
    source: Source
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Section:
    kind: ClassVar[str] = "section"
    id: str
    number: int
    title: str
    source: Source
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Chapter:
    kind: ClassVar[str] = "chapter"
    id: str
    number: int
    title: str
    toc: tuple[TocEntry, ...]
    source: Source
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Mention:
    """A glossary term used in a node's text without its marker: ``offset`` into ``field``."""

    node: str
    field: str
    offset: int


@dataclass(frozen=True)
class GlossaryEntry:
    """A footnote definition ``¹⁷⁸ リソース：資源や資産など。`` and who refers to it.

    ``reading`` is the term's katakana reading (for 50音 order); ``referenced_by`` the nodes
    whose text carries the marker; ``mentions`` where the term is used without a marker.
    """

    kind: ClassVar[str] = "glossary_entry"
    id: str
    number: int
    term: str
    reading: str
    definition: str
    referenced_by: tuple[str, ...]
    mentions: tuple[Mention, ...]
    source: Source


Node = (
    Chapter
    | Section
    | Part
    | Paragraph
    | Vision
    | Bullet
    | BulletList
    | PolicySummaries
    | PolicySummary
    | Policy
    | Group
    | InitiativeParent
    | Initiative
    | GlossaryEntry
)


@dataclass(frozen=True)
class Stats:
    lines_total: int
    lines_assigned: int
    policies: int
    groups: int
    initiatives: int
    initiative_parents: int
    targets: int
    glossary_entries: int
    footnote_refs: int
    mentions: int
    departments: int


@dataclass(frozen=True)
class DepartmentIndexEntry:
    """One department and the initiatives whose 所管 names it."""

    bureau_abbr: str | None
    bureau: str | None
    department: str
    initiatives: tuple[str, ...]


@dataclass(frozen=True)
class DocumentInfo:
    """The source file, which edition of which plan part it is, and the profile it was read
    with (``sapporo``, or a profile file's path as given; ``generic`` when no profile fitted).

    ``id`` is the file stem, with ``@edition`` added when the stem does not name the edition;
    ``edition`` is that edition and ``edition_source`` where it was read: the manifest's
    ``edition``, or the year the plan prints after its own name (``printed``)."""

    id: str
    file: str
    format: str
    encoding: str
    sha256: str
    profile: str
    manifest: dict[str, object]
    edition: str | None = None
    edition_source: Literal["manifest", "printed"] | None = None


@dataclass(frozen=True)
class Document:
    """The whole extraction of one source file."""

    schema_version: ClassVar[str] = "1.5"
    document: DocumentInfo
    chapters: tuple[Chapter, ...]
    glossary: tuple[GlossaryEntry, ...]
    departments: tuple[DepartmentIndexEntry, ...]
    diagnostics: tuple[Diagnostic, ...]
    stats: Stats


N = TypeVar("N", bound=Node)


def map_sources(value: Any, change: Any) -> Any:
    """A copy of ``value`` (dataclasses, tuples) with ``change(source)`` for every Source."""
    if isinstance(value, Source):
        return change(value)
    if isinstance(value, tuple):
        return tuple(map_sources(item, change) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {
            f.name: map_sources(getattr(value, f.name), change)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **updates)
    return value


def replace_in_tree(node: N, changes: dict[str, dict[str, object]]) -> N:
    """A copy of the tree with ``changes[node.id]`` applied to the nodes they name."""
    updates = dict(changes.get(node.id, {}))
    children = getattr(node, "children", None)
    if children:
        updates["children"] = tuple(replace_in_tree(child, changes) for child in children)
    return cast(N, dataclasses.replace(cast(Any, node), **updates)) if updates else node


def walk(node: Node) -> list[Node]:
    """The node and all its descendants, depth first, in document order."""
    out: list[Node] = [node]
    for child in getattr(node, "children", ()):
        out.extend(walk(child))
    return out
