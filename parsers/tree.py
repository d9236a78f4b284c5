"""Stage ``outline_to_tree``: turn the outline into typed nodes with IDs and clean fields.

Each outline kind has one builder below (a labelled list of any role is a ``bullet_list``). A
builder reads its heading and blocks with the rule modules (initiatives, departments,
targets, text), claims the lines it used for its node ID, and reports every block it cannot
place as an ``unassigned`` diagnostic. What an initiative's blocks say is read through
``FIELD_RULES``, one rule per kind of block: a plan whose profile adds a kind of content adds
a row there. A contents page is not structure: its lines are owned by ``contents``.

IDs are the path of printed numbers from the chapter down, dot-separated ASCII::

    ch3 · ch3.s1 · ch3.s1.p2 · ch3.s1.p2.pol1 · ch3.s1.p2.pol1.g2 · ch3.s1.p2.pol1.g2.i2
    ch3.s1.p2.pol1.g2.i2.c3 (③, (3) or (③) under initiative 2)

and, for unnumbered content, the role or the position inside its parent:
``….vision``, ``….summaries``, ``….current-state``, ``….directions``, ``….para2``, ``….b3``.
A number printed twice gets ``-2``, ``-3``… and a ``duplicate-number`` diagnostic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from keikaku.parsers.departments import parse_departments, unknown_bureaus
from keikaku.parsers.headings import ascii_numeral, roman_value
from keikaku.parsers.initiatives import number_value
from keikaku.parsers.morphology import normalized
from keikaku.parsers.outline import OutlineNode
from keikaku.parsers.profile import active
from keikaku.parsers.targets import parse_headline, parse_table, parse_target
from keikaku.parsers.text import join_wrapped, locate_markers, split_markers, unique
from keikaku.pipeline.model import (
    Block,
    Bullet,
    BulletList,
    Chapter,
    Department,
    Diagnostic,
    Group,
    Initiative,
    InitiativeParent,
    Marker,
    Node,
    Paragraph,
    Part,
    PlanConfig,
    Policy,
    PolicySummaries,
    PolicySummary,
    Section,
    Source,
    Target,
    TocEntry,
    Vision,
)

T = TypeVar("T", Paragraph, Bullet)

CONTENTS = "contents"  # the owner of a contents page's lines (parsers/contents.py)


def _block_source(block: Block) -> Source:
    return Source(block.line, block.end_line)


def _place(node_id: str) -> str:
    """Where an id stands among its siblings' ids: its parent's id and the letter of its kind
    (``p1.i3`` → ``p1.i``, ``p1.i3.c2`` → ``p1.i3.c``); the ids of a place are its parent's
    children of that kind."""
    parent, _, own = node_id.rpartition(".")
    return f"{parent}.{own[:1]}"


class Cleaned(NamedTuple):
    """A field's clean text, the footnote numbers its markers name, and where they stood."""

    text: str
    refs: tuple[int, ...]
    markers: tuple[Marker, ...]


def _clean(field: str, printed: str) -> Cleaned:
    text, found = locate_markers(printed)
    return Cleaned(
        text, unique(n for n, _ in found), tuple((field, n, offset) for n, offset in found)
    )


def _text_of(blocks: Iterable[Block], field: str, first: str | None = None) -> Cleaned:
    """Clean text of paragraph/bullet blocks, one paragraph per line, and their markers.

    ``first`` is a paragraph printed before the blocks, in a cell of the heading's row.
    """
    pieces = [] if first is None else [first]
    for block in blocks:
        head = block.fields.get("text", block.lines[0].text)
        pieces.append(join_wrapped([head, *(line.text for line in block.lines[1:])]))
    texts: list[str] = []
    markers: list[Marker] = []
    start = 0
    for piece in pieces:
        text, found = locate_markers(piece)
        markers.extend((field, number, start + offset) for number, offset in found)
        texts.append(text)
        start += len(text) + 1  # the line break that joins paragraphs
    return Cleaned("\n".join(texts), unique(n for _, n, _ in markers), tuple(markers))


class TreeBuilder:
    """Builds the typed tree; collects diagnostics and which node owns each line."""

    def __init__(self, config: PlanConfig) -> None:
        self.config = config
        self.diagnostics: list[Diagnostic] = []
        self.owner: dict[int, str] = {}
        self.ids: set[str] = set()
        # the ids given so far, counted by their place (``_place``), and the last copy of a
        # printed number given: an id is found without looking through all the others
        self.places: Counter[str] = Counter()
        self.copies: dict[str, int] = {}
        self.reported_no_table = False
        self.spans: dict[int, tuple[int, int]] = {}  # by id() of an outline node
        self.builders: dict[str, Callable[[OutlineNode, str], Node]] = {
            "chapter": self.chapter,
            "section": self.section,
            "part": self.part,
            "policy": self.policy,
            "group": self.group,
            "initiative": self.initiative,
            "child": self.initiative,
            "vision": self.vision,
            "policy_summaries": self.policy_summaries,
            "policy_summary": self.policy_summary,
            "current_state": self.bullet_list,
            "directions": self.bullet_list,
        }

    # --- bookkeeping ---

    def warn(self, code: str, message: str, line: int | None, severity: str = "warning") -> None:
        self.diagnostics.append(Diagnostic(severity, code, message, line))  # type: ignore[arg-type]

    def claim(self, blocks: Iterable[Block | None], node_id: str) -> None:
        for block in blocks:
            if block is None:
                continue
            for line in block.lines:
                if line.number in self.owner:
                    self.warn(
                        "line-assigned-twice",
                        f"line already belongs to {self.owner[line.number]}",
                        line.number,
                        "error",
                    )
                else:
                    self.owner[line.number] = node_id

    def unassigned(self, block: Block, where: str) -> None:
        for line in block.lines:
            self.warn(
                "unassigned",
                f"{block.kind} not expected in {where}: {line.text.strip()[:40]}",
                line.number,
            )

    def span(self, node: OutlineNode) -> tuple[int, int]:
        """The first line of a node (its heading's, else its items' first) and its last (of
        its heading and items). Every node above a node reads its span again: it is kept."""
        held = self.spans.get(id(node))
        if held is None:
            firsts, lasts = [], []
            for item in node.items:
                if isinstance(item, OutlineNode):
                    first, last = self.span(item)
                else:
                    first, last = item.line, item.end_line
                firsts.append(first)
                lasts.append(last)
            if node.head is not None:
                firsts, lasts = [node.head.line], [node.head.end_line, *lasts]
            held = self.spans[id(node)] = (min(firsts), max(lasts))
        return held

    def source(self, node: OutlineNode) -> Source:
        return Source(*self.span(node))

    def open(self, node: OutlineNode, candidate: str) -> str:
        """The ID of a node opened by a heading, which then owns the heading's lines."""
        assert node.head is not None
        node_id = self.new_id(candidate, node.head.line)
        self.claim([node.head], node_id)
        return node_id

    def new_id(self, candidate: str, line: int) -> str:
        copy = self.copies.get(candidate, 1)  # the ones before it are taken (ids stay taken)
        node_id = candidate if copy == 1 else f"{candidate}-{copy}"
        while node_id in self.ids:
            copy += 1
            node_id = f"{candidate}-{copy}"
        self.copies[candidate] = copy
        if copy > 1:
            self.warn(
                "duplicate-number",
                f"{candidate} is printed more than once; this one is {node_id}",
                line,
            )
        self.ids.add(node_id)
        self.places[_place(node_id)] += 1
        return node_id

    def build(self, node: OutlineNode, parent_id: str) -> Node:
        return self.builders.get(node.kind, self.bullet_list)(node, parent_id)

    def loose_content(self, node: OutlineNode, node_id: str, where: str) -> list[Node]:
        """Children of a heading node in order: sub-nodes, and the paragraphs and bullets
        written under it (the cells of a figure, ``\\t\\t② 施策・事業の着実な実施``, are a
        paragraph too)."""
        children: list[Node] = []
        paragraphs = bullets = 0
        for item in node.items:
            if isinstance(item, OutlineNode):
                children.append(self.build(item, node_id))
            elif item.kind in ("paragraph", "quote", "value_row"):
                paragraphs += 1
                children.append(self.paragraph(item, f"{node_id}.para{paragraphs}"))
            elif item.kind == "bullet":
                bullets += 1
                children.append(self.bullet(item, f"{node_id}.b{bullets}"))
            elif item.kind == "label":  # 取組内容: announces the groups, owned by the heading
                self.claim([item], node_id)
            else:
                self.unassigned(item, where)
        self.check_numbering(children, node_id)
        return children

    def check_numbering(self, children: list[Node], parent_id: str) -> None:
        """Numbers of same-kind siblings should run 1, 2, 3…; report gaps and repeats."""
        by_kind: dict[str, list[tuple[int, int]]] = {}
        for child in children:
            value = _ordinal(child)
            if value is not None:  # a parent and a plain initiative share one numbering
                family = "initiative" if child.kind == "initiative_parent" else child.kind
                by_kind.setdefault(family, []).append((value, child.source.line))
        for kind, numbers in by_kind.items():
            expected = 1
            for value, line in numbers:
                if value != expected:
                    code = "numbering-repeat" if value < expected else "numbering-gap"
                    self.warn(
                        code, f"{kind} {value} in {parent_id} where {expected} was expected", line
                    )
                expected = value + 1

    # --- builders, one per outline kind ---

    def paragraph(self, block: Block, node_id: str) -> Paragraph:
        return self.text_node(Paragraph, block, node_id)

    def text_node(self, cls: type[T], block: Block, node_id: str) -> T:
        """A node that is one block's text: a paragraph or a bullet."""
        node_id = self.new_id(node_id, block.line)
        self.claim([block], node_id)
        text = _text_of([block], "text")
        return cls(
            id=node_id,
            text=text.text,
            footnote_refs=text.refs,
            source=_block_source(block),
            markers=text.markers,
        )

    def bullets(self, blocks: list[Block], list_id: str, where: str) -> list[Bullet]:
        out: list[Bullet] = []
        for block in blocks:
            if block.kind != "bullet":
                self.unassigned(block, where)
                continue
            out.append(self.bullet(block, f"{list_id}.b{len(out) + 1}"))
        return out

    def bullet(self, block: Block, node_id: str) -> Bullet:
        return self.text_node(Bullet, block, node_id)

    def chapter(self, node: OutlineNode, parent_id: str) -> Chapter:
        """``第3章`` (a cover page: title line, contents) and/or ``第3章 題``, then sections."""
        head = node.head  # None for the unnamed chapter of content before any chapter heading
        number = int(head.fields["number"]) if head else 0
        node_id = self.new_id(f"ch{number}", self.span(node)[0])
        self.claim([head], node_id)
        titles = [(head.fields["title"], head.line)] if head and "title" in head.fields else []
        cover: tuple[str, int] | None = None
        toc: list[TocEntry] = []
        children: list[Node] = []
        for item in node.items:
            if isinstance(item, OutlineNode):
                children.append(self.build(item, node_id))
            elif item.kind == "toc_entry":
                self.claim([item], node_id)
                title = split_markers(item.fields["title"])[0]
                toc.append(
                    TocEntry(
                        int(item.fields["number"]),
                        title,
                        int(item.fields["page"]),
                        _block_source(item),
                    )
                )
            elif item.kind == "chapter_heading":
                self.claim([item], node_id)
                titles.append((item.fields["title"], item.line))
            elif item.kind in ("paragraph", "label") and _opens_cover(
                head, titles, cover, toc, children
            ):
                self.claim([item], node_id)  # the title line of the chapter's cover page
                cover = (item.fields.get("title") or item.fields["text"], item.line)
            elif item.kind == "paragraph":
                children.append(self.paragraph(item, f"{node_id}.para{len(children) + 1}"))
            else:
                self.unassigned(item, f"chapter {number}")
        # The heading 第3章 題 names the chapter; a different cover-page line is a variant.
        title = (titles or [cover or ("", 0)])[0][0]
        for variant, line in titles[1:] + ([cover] if cover else []):
            if variant != title:
                self.warn(
                    "chapter-title-variant",
                    f"chapter {number} is also printed as {variant!r}; using {title!r}",
                    line,
                )
        return Chapter(
            id=node_id,
            number=number,
            title=split_markers(title)[0],
            toc=tuple(toc),
            source=self.source(node),
            children=tuple(children),
        )

    def section(self, node: OutlineNode, parent_id: str) -> Section:
        assert node.head is not None
        number = int(node.head.fields["number"])
        node_id = self.open(node, f"{parent_id}.s{number}")
        children = self.loose_content(node, node_id, f"section {number}")
        return Section(
            id=node_id,
            number=number,
            title=split_markers(node.head.fields["title"])[0],
            source=self.source(node),
            children=tuple(children),
        )

    def part(self, node: OutlineNode, parent_id: str) -> Part:
        assert node.head is not None
        node_id = self.open(node, f"{parent_id}.p{node.head.fields['number']}")
        children = self.loose_content(node, node_id, f"part {node.head.fields['printed']}")
        return Part(
            id=node_id,
            number=node.head.fields["printed"],
            title=split_markers(node.head.fields["title"])[0],
            source=self.source(node),
            children=tuple(children),
        )

    def vision(self, node: OutlineNode, parent_id: str) -> Vision:
        assert node.head is not None
        node_id = self.open(node, f"{parent_id}.vision")
        statements = [b for b in node.blocks if b.kind == "quote"]
        if not statements:  # an unquoted statement: the first paragraph
            statements = [b for b in node.blocks if b.kind == "paragraph"][:1]
        if not statements:
            self.warn(
                "vision-statement-missing",
                f"{node.head.fields['title']} without a statement",
                node.head.line,
            )
        self.claim(statements[:1], node_id)
        statement = _text_of(statements[:1], "statement")
        rest = [b for b in node.blocks if b not in statements[:1]]
        children = self.bullets(rest, node_id, node.head.fields["title"])
        return Vision(
            id=node_id,
            title=node.head.fields["title"],
            statement=statement.text,
            footnote_refs=statement.refs,
            source=self.source(node),
            children=tuple(children),
            markers=statement.markers,
        )

    def bullet_list(self, node: OutlineNode, parent_id: str) -> BulletList:
        assert node.head is not None
        role = node.kind
        node_id = self.open(node, f"{parent_id}.{role.replace('_', '-')}")
        for sub in node.children:
            self.unassigned_node(sub, node.head.fields["title"])
        children = self.bullets(node.blocks, node_id, node.head.fields["title"])
        return BulletList(
            id=node_id,
            role=role,
            title=node.head.fields["title"],
            source=self.source(node),
            children=tuple(children),
        )

    def unassigned_node(self, node: OutlineNode, where: str) -> None:
        for item in ([node.head] if node.head else []) + node.items:
            if isinstance(item, OutlineNode):
                self.unassigned_node(item, where)
            elif item is not None:
                self.unassigned(item, where)

    def policy_summaries(self, node: OutlineNode, parent_id: str) -> PolicySummaries:
        assert node.head is not None
        node_id = self.open(node, f"{parent_id}.summaries")
        for block in node.blocks:
            self.unassigned(block, node.head.fields["title"])
        children = [self.policy_summary(sub, node_id) for sub in node.children]
        self.check_numbering(children, node_id)  # type: ignore[arg-type]
        return PolicySummaries(
            id=node_id,
            title=node.head.fields["title"],
            source=self.source(node),
            children=tuple(children),
        )

    def policy_summary(self, node: OutlineNode, parent_id: str) -> PolicySummary:
        assert node.head is not None
        number = int(node.head.fields["number"])
        node_id = self.open(node, f"{parent_id}.pol{number}")
        texts = [b for b in node.blocks if b.kind in ("bullet", "paragraph")]
        for block in node.blocks:
            if block not in texts:
                self.unassigned(block, f"policy announcement {number}")
        self.claim(texts, node_id)
        title = _clean("title", node.head.fields["title"])
        text = _text_of(texts, "text", node.head.fields.get("text"))
        return PolicySummary(
            id=node_id,
            number=number,
            title=title.text,
            text=text.text,
            footnote_refs=unique(title.refs + text.refs),
            source=self.source(node),
            markers=title.markers + text.markers,
        )

    def policy(self, node: OutlineNode, parent_id: str) -> Policy:
        assert node.head is not None
        number = int(node.head.fields["number"])
        node_id = self.open(node, f"{parent_id}.pol{number}")
        title = _clean("title", node.head.fields["title"])
        headlines = [b for b in node.blocks if b.kind == "headline_target"]
        targets = []
        for block in headlines:
            target, diagnostics = parse_headline(block)
            self.diagnostics.extend(diagnostics)
            targets.append(target)
        self.claim(headlines, node_id)
        rest = OutlineNode(
            node.kind, node.level, node.head, [i for i in node.items if i not in headlines]
        )
        children = self.loose_content(rest, node_id, f"policy {number}")
        return Policy(
            id=node_id,
            number=number,
            title=title.text,
            title_normalized=normalized(title.text),
            targets=tuple(targets),
            footnote_refs=title.refs,
            source=self.source(node),
            children=tuple(children),
            markers=title.markers,
        )

    def group(self, node: OutlineNode, parent_id: str) -> Group:
        assert node.head is not None
        numeral = node.head.fields["numeral"]
        value = roman_value(numeral)
        node_id = self.open(node, f"{parent_id}.g{value}")
        title = _clean("title", node.head.fields["title"])
        children = self.loose_content(node, node_id, f"group {numeral}")
        return Group(
            id=node_id,
            numeral=ascii_numeral(numeral),
            number=value,
            title=title.text,
            title_normalized=normalized(title.text),
            footnote_refs=title.refs,
            source=self.source(node),
            children=tuple(children),
            markers=title.markers,
        )

    def initiative(self, node: OutlineNode, parent_id: str) -> Initiative | InitiativeParent:
        head = node.head
        assert head is not None
        number = head.fields["number"]
        segment = f"{parent_id}.{'c' if node.kind == 'child' else 'i'}"
        value = number_value(number)
        if value is None:  # a number of no known style: its place among its siblings
            value = 1 + self.places[segment]
            self.warn(
                "number-unknown",
                f"initiative number {number!r} is of no known style; numbered {value} by its place",
                head.line,
            )
        node_id = self.new_id(f"{segment}{value}", head.line)
        self.claim([head], node_id)
        cleaned_title = _clean("title", head.fields["title"])
        title = cleaned_title.text
        contents = _Contents(departments=head.fields.get("departments"))
        for block in node.blocks:
            rule = FIELD_RULES.get(block.kind)
            if rule is None or not rule(self, contents, block):
                self.unassigned(block, f"initiative {node_id}")
                continue
            self.claim([block], node_id)
        text_blocks, targets, departments_raw = (
            contents.text,
            contents.targets,
            contents.departments,
        )
        description = _text_of(text_blocks, "description")
        target_refs = tuple(n for target in targets for n in target.footnote_refs)
        refs = unique(cleaned_title.refs + description.refs + target_refs)
        markers = cleaned_title.markers + description.markers
        children = [self.build(sub, node_id) for sub in node.children]
        self.check_numbering(children, node_id)
        has_departments = departments_raw is not None
        if len(targets) > 1:
            self.warn(
                "targets-several",
                f"initiative {number} {title} prints {len(targets)} {_target_label()} rows",
                head.line,
                "info",
            )
        if children and not has_departments and not targets:
            return InitiativeParent(
                id=node_id,
                number=number,
                title=title,
                title_normalized=normalized(title),
                description=description.text,
                footnote_refs=refs,
                source=self.source(node),
                children=tuple(children),
                markers=markers,
            )
        departments, and_others = parse_departments(departments_raw or "", self.config.bureaus)
        self.check_bureaus(departments, head.line)
        profile = active()
        if not departments and profile.responsible_required:
            label = profile.responsible_labels[0] if profile.responsible_labels else "department"
            self.warn(
                "departments-missing", f"initiative {number} {title} prints no {label}", head.line
            )
        if not targets and profile.targets_required:
            self.warn(
                "targets-missing",
                f"initiative {number} {title} prints no {_target_label()} row",
                head.line,
            )
        return Initiative(
            id=node_id,
            number=number,
            title=title,
            title_normalized=normalized(title),
            departments=departments,
            departments_raw=departments_raw or None,
            departments_and_others=and_others,
            description=description.text,
            targets=tuple(targets),
            footnote_refs=refs,
            also_listed_as=(),
            source=self.source(node),
            children=tuple(children),
            markers=markers,
        )

    def check_bureaus(self, departments: tuple[Department, ...], line: int) -> None:
        if self.config.bureaus is None:
            if any(d.bureau_abbr for d in departments) and not self.reported_no_table:
                self.reported_no_table = True
                self.warn(
                    "bureau-table-missing",
                    "department prefixes cannot be resolved: the manifest names no bureau table",
                    line,
                    "info",
                )
            return
        for abbr in unknown_bureaus(departments):
            self.warn("bureau-unknown", f"bureau prefix {abbr!r} is not in the bureau table", line)


@dataclass
class _Contents:
    """What an initiative's blocks have said so far: its text, targets and departments."""

    departments: str | None
    text: list[Block] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


# A field rule reads one block into an initiative's contents; False: the block is not its.
FieldRule = Callable[[TreeBuilder, _Contents, Block], bool]


def _description(builder: TreeBuilder, contents: _Contents, block: Block) -> bool:
    """A paragraph or bullet: the description, one paragraph per block."""
    contents.text.append(block)
    return True


def _target_row(builder: TreeBuilder, contents: _Contents, block: Block) -> bool:
    """A 目標 row (and the lines it goes on over): one target."""
    target, diagnostics = parse_target(block, builder.config.years)
    builder.diagnostics.extend(diagnostics)
    contents.targets.append(target)
    return True


def _target_table(builder: TreeBuilder, contents: _Contents, block: Block) -> bool:
    """A KPI table: one target per row."""
    targets, diagnostics = parse_table(block)
    builder.diagnostics.extend(diagnostics)
    contents.targets.extend(targets)
    return True


def _departments_row(builder: TreeBuilder, contents: _Contents, block: Block) -> bool:
    """The responsible-party cell in a row of its own (``所管：保) 総務部``), unless the
    initiative's own row printed one."""
    if contents.departments:
        return False
    contents.departments = block.fields["departments"]
    return True


def _layout(builder: TreeBuilder, contents: _Contents, block: Block) -> bool:
    """The dashes under a table's header, a label that announces a table: owned, nothing to
    read."""
    return True


FIELD_RULES: dict[str, FieldRule] = {
    "paragraph": _description,
    "bullet": _description,
    "target": _target_row,
    "target_table": _target_table,
    "departments": _departments_row,
    "table_rule": _layout,
    "label": _layout,  # 施策の目標: announces the KPI table that follows
}


def _target_label() -> str:
    """What the plan calls a target row (目標), for messages."""
    return active().target_row_label or "target"


def _opens_cover(head: Block | None, *found: object) -> bool:
    """A line right after a bare ``第3章`` (before any title or content) is its cover title."""
    return head is not None and head.kind == "chapter_label" and not any(found)


def _ordinal(node: Node) -> int | None:
    number = getattr(node, "number", None)
    if isinstance(number, int):
        return number
    if isinstance(number, str) and node.kind in ("initiative", "initiative_parent"):
        return number_value(number)
    return None


def outline_to_tree(
    root: OutlineNode, config: PlanConfig | None = None
) -> tuple[list[Chapter], dict[int, str], list[Diagnostic]]:
    """Typed chapters from an outline, the owner of every line used, and diagnostics."""
    builder = TreeBuilder(config or PlanConfig())
    chapters: list[Chapter] = []
    for item in root.items:
        if isinstance(item, Block) and item.kind == "contents":
            builder.claim([item], CONTENTS)
        elif isinstance(item, Block):
            builder.unassigned(item, "the document before its first chapter heading")
        elif item.kind == "chapter":
            chapters.append(builder.chapter(item, ""))
        else:
            builder.unassigned_node(item, "the document outside any chapter")
    return chapters, builder.owner, builder.diagnostics
