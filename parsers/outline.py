"""Stage ``blocks_to_outline``: nest blocks under the headings they belong to.

Headings open nodes at a level, as in a word processor's outline::

    0 chapter  第3章 …            3 policy      1 行政サービスの高度化
    1 section  1 行政運営の取組    4 group       I 多様な市民ニーズへの…
    2 part     (1) …              5 initiative  1\\t…\\t所管\\t…   6 child  ①\\t…

A heading closes every open node at its level or deeper. A label (現状と課題, 取組の方向性,
…の目指す姿, …の取組方針) opens a list inside the node it stands in; a policy announcement
(取組方針1 …) opens an item in that list. Every other block is content of the innermost open
node. Footnote definitions stand where the page put them and are set aside for the glossary.

A plain numbered heading ``1 題`` is a section when the table of contents lists it, a policy
when 現状と課題 / 取組の方向性 follows or the introduction announced it (取組方針1 題), a parent
initiative inside a group, and otherwise a policy inside a part or a section outside one. A
number and a title in cells of their own and nothing else (``1\\t行政運営の取組``: a heading
whose number a design boxed, or a parent initiative's row) is decided the same way; a row that
prints 所管 is an initiative wherever it stands. ``(1)\\t題`` without 所管 is a child of the
initiative open above it, and where none is open a part heading whose number was boxed.

A 所管 row of its own (``所管：保) 総務部``) is content of the initiative open above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keikaku.parsers import contents
from keikaku.parsers.headings import part_heading, roman_value
from keikaku.parsers.initiatives import is_child_number
from keikaku.parsers.paragraphs import paragraph
from keikaku.parsers.profile import active
from keikaku.pipeline.model import Block, Diagnostic

# Sapporo's levels; a plan's own are its profile's (``[headings] levels``).
LEVELS = {
    "chapter": 0,
    "section": 1,
    "part": 2,
    "policy": 3,
    "group": 4,
    "initiative": 5,
    "child": 6,
}
LIST_DEPTH = 0.5  # a labelled list sits between its owner's level and the next heading level
ITEM_DEPTH = 0.75  # an item of such a list (取組方針1 …)


@dataclass
class OutlineNode:
    """A heading (or label) and what stands under it, blocks and nodes in document order."""

    kind: str
    level: float
    head: Block | None
    items: list[Block | OutlineNode] = field(default_factory=list)

    @property
    def children(self) -> list[OutlineNode]:
        return [item for item in self.items if isinstance(item, OutlineNode)]

    @property
    def blocks(self) -> list[Block]:
        return [item for item in self.items if isinstance(item, Block)]


@dataclass
class Outline:
    root: OutlineNode
    footnotes: list[Block]
    diagnostics: list[Diagnostic]


def _key(block: Block) -> tuple[str, str]:
    return block.fields.get("number", ""), block.fields.get("title", "").replace(" ", "")


def prints_departments(node: OutlineNode) -> bool:
    """Whether an initiative prints 所管: in its row, or in a row of its own in its box (the
    blocks under its row before its first child: a parent of a thousand children is not read
    through for each of them)."""
    if node.head is not None and "departments" in node.head.fields:
        return True
    for item in node.items:
        if isinstance(item, OutlineNode):
            return False
        if item.kind == "departments":
            return True
    return False


def _boxed_part(block: Block) -> Block | None:
    """``(1)\\t題`` with no 所管, read as the part heading ``(1) 題`` whose number was boxed."""
    if "departments" in block.fields:
        return None
    fields = part_heading(f"{block.fields['number']} {block.fields['title']}")
    return None if fields is None else Block("part_heading", block.lines, fields)


def _is_numbered_row(block: Block) -> bool:
    """``1\\t題`` or ``題\\t1``: a plain number and a title, no 所管."""
    number = block.fields.get("number", "")
    return number.isdecimal() and "departments" not in block.fields


class _Builder:
    def __init__(self, blocks: list[Block]) -> None:
        self.profile = active()
        self.levels = self.profile.levels
        # Where a row numbered (1) without 所管 is a child initiative: under an open initiative.
        self.in_initiative = {self.levels[k] for k in ("initiative", "child") if k in self.levels}
        self.contents = [b for b in blocks if b.kind == "contents"]
        self.listed, self.unnumbered = contents.listed(self.contents)
        self.blocks = [b for b in blocks if b.kind not in ("footnote_definition", "contents")]
        self.footnotes = [b for b in blocks if b.kind == "footnote_definition"]
        self.toc = {_key(b) for b in self.blocks if b.kind == "toc_entry"}
        self.announced = {_key(b) for b in self.blocks if b.kind == "policy_summary_heading"}
        self.root = OutlineNode("root", -1, None)
        self.stack: list[OutlineNode] = [self.root]
        self.diagnostics: list[Diagnostic] = []

    # --- deciding what a block opens ---

    def _open_levels(self) -> set[float]:
        return {node.level for node in self.stack}

    def _numbered_heading_kind(self, index: int) -> str:
        block = self.blocks[index]
        if _key(block) in self.toc:
            return "section"
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if following is not None and following.fields.get("role") in (
            "current_state",
            "directions",
        ):
            return "policy"
        if _key(block) in self.announced:
            return "policy"
        levels = self._open_levels()
        if self.levels.get("group") in levels:
            return "initiative"
        if self.levels.get("part") in levels:
            return "policy"
        return "section"

    def _heading_kind(self, index: int) -> str | None:
        """The level a block opens, or ``None``: a level the profile's hierarchy does not
        have, or one the contents page must list and does not (a numbered line in a figure)."""
        block = self.blocks[index]
        kind = self._printed_kind(index)
        if kind is None or kind not in self.levels:
            return None
        if self.listed and kind in self.profile.contents_lists:
            if contents.entry_key(block.lines[0].text) not in self.listed:
                return None
        return kind

    def _printed_kind(self, index: int) -> str | None:
        block = self.blocks[index]
        if block.kind == "paragraph" and len(block.lines) == 1:
            key = contents.entry_key(block.lines[0].text)
            return "section" if key and key in self.unnumbered else None
        if block.kind == "chapter_label":
            return "chapter"
        if block.kind == "chapter_heading":
            chapter = next((n for n in self.stack if n.kind == "chapter"), None)
            if (
                chapter
                and chapter.head
                and chapter.head.fields.get("number") == block.fields["number"]
            ):
                return None  # the title line of the chapter already opened by 第3章
            return "chapter"
        if block.kind == "part_heading":
            return "part"
        if block.kind == "group_heading":
            return self.profile.roman
        if block.kind == "numbered_heading":
            if self.profile.numbered != "by-context":
                return self.profile.numbered
            return self._numbered_heading_kind(index)
        if block.kind == "initiative_row":
            if "unknown_number" in block.fields:  # a child while a parent or a child is open
                in_parent = any(
                    node.kind == "child"
                    or (node.kind == "initiative" and not prints_departments(node))
                    for node in self.stack
                    if node.head is not None
                )
                return "child" if in_parent else "initiative"
            if _is_numbered_row(block):
                return self._numbered_heading_kind(index)
            if _boxed_part(block) is not None and not self._open_levels() & self.in_initiative:
                return "part"
            if is_child_number(block.fields["number"]):
                return self.profile.circled
            return "initiative"
        return None

    # --- building ---

    def _close_to(self, level: float) -> None:
        while self.stack[-1].level >= level:
            self.stack.pop()

    def _ensure_chapter(self, kind: str, line: int) -> None:
        """Content before any chapter heading: an unnamed chapter holds it."""
        if self.stack[-1] is not self.root:
            return
        self.diagnostics.append(
            Diagnostic(
                "warning", "chapter-heading-missing", f"{kind} before any chapter heading", line
            )
        )
        chapter = OutlineNode("chapter", self.levels.get("chapter", 0), None)
        self.root.items.append(chapter)
        self.stack.append(chapter)

    def _open(self, node: OutlineNode) -> None:
        if node.kind != "chapter" and node.head is not None:
            self._ensure_chapter(f"{node.kind} heading", node.head.line)
        parent = self.stack[-1]
        if node.head is not None and int(node.level) - int(max(parent.level, -1)) > 1:
            self.diagnostics.append(
                Diagnostic(
                    "warning",
                    "heading-level-skipped",
                    f"{node.kind} heading directly inside a {parent.kind}",
                    node.head.line,
                )
            )
        parent.items.append(node)
        self.stack.append(node)

    def _owner(self, kind: str | None = None) -> OutlineNode:
        """The innermost open heading node (not a list or list item); of ``kind`` when one is
        open (a label of the policy after its last measure: 期待される施策の主な効果)."""
        headings = [n for n in reversed(self.stack) if n.level == int(n.level)]
        return next((n for n in headings if n.kind == kind), headings[0])

    def _add_label(self, block: Block) -> None:
        self._ensure_chapter(f"label {block.fields['title']}", block.line)
        owner = self._owner(block.fields.get("owner"))
        self._close_to(owner.level + 0.1)
        if block.fields["role"] == "contents":
            owner.items.append(block)  # 取組内容 only announces the groups that follow
            return
        self._open(OutlineNode(block.fields["role"], owner.level + LIST_DEPTH, block))

    def _add_list_item(self, block: Block) -> None:
        self._ensure_chapter("policy announcement", block.line)
        owner = self._owner()
        self._close_to(owner.level + ITEM_DEPTH)
        self._open(OutlineNode("policy_summary", owner.level + ITEM_DEPTH, block))

    def _section_number(self) -> int:
        """An unnumbered section's number: its place among its chapter's sections."""
        chapter = next((n for n in self.stack if n.kind == "chapter"), self.root)
        return 1 + sum(1 for n in chapter.children if n.kind == "section")

    def _as_heading(self, kind: str, block: Block) -> Block:
        """The block as the heading of ``kind`` reads it: a part whose number was boxed, a
        chapter numbered I, a section the contents lists without a number."""
        if kind == "part" and block.kind == "initiative_row":
            return _boxed_part(block) or block
        if kind == "chapter" and block.kind == "group_heading":
            number = str(roman_value(block.fields["numeral"]))
            return Block("chapter_heading", block.lines, {**block.fields, "number": number})
        if kind == "section" and block.kind == "paragraph":
            fields = {"number": str(self._section_number()), "title": block.lines[0].text.strip()}
            return Block("numbered_heading", block.lines, fields)
        return block

    def build(self) -> Outline:
        self.root.items.extend(self.contents)  # not structure: set aside with its lines
        for index, block in enumerate(self.blocks):
            kind = self._heading_kind(index)
            if kind is not None:
                self._close_to(self.levels[kind])
                while self.stack[-1].level != int(self.stack[-1].level):
                    self.stack.pop()  # a heading ends any open list (現状と課題, 取組方針…)
                block = self._as_heading(kind, block)
                self._open(OutlineNode(kind, self.levels[kind], block))
            elif self._printed_kind(index) is not None:
                # a heading's form where the plan has no such heading: running text
                self.stack[-1].items.append(Block("paragraph", block.lines, paragraph(block.text)))
            elif block.kind == "label":
                self._add_label(block)
            elif block.kind == "policy_summary_heading":
                self._add_list_item(block)
            else:
                self.stack[-1].items.append(block)
        return Outline(self.root, self.footnotes, self.diagnostics)


def blocks_to_outline(blocks: list[Block]) -> Outline:
    """Nest ``blocks`` into an outline; footnote definitions are returned apart."""
    return _Builder(blocks).build()
