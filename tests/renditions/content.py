"""The plan's content as printed, in reading order: the model every rendition lays out.

The reviewed golden extraction (golden/ap2023-ch3-gyosei.json) says what each printed line is
(a heading, a paragraph, an initiative box, a 目標 row, a glossary definition) and where it sits in
the corpus text; the printed strings themselves (markers inside sentences, 所管 as printed, the
contents lines) come from the corpus text (corpus/ap2023-ch3-gyosei.txt). Nothing here calls
keikaku: the renditions must be made independently of its rules. ``load_content`` checks every
printed string against the golden field it stands for (spaces and markers aside) and that every
printed line of the corpus is used exactly once, so a rendition drops nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "golden" / "ap2023-ch3-gyosei.json"
CORPUS = ROOT / "corpus" / "ap2023-ch3-gyosei.txt"
FIRST_PAGE = 176  # the printed page number of the section's first page

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_DIGITS = str.maketrans(SUPERSCRIPT, "0123456789")
MARKER_RUN = re.compile(f"([{SUPERSCRIPT}]+)")
TABLE_RULE = re.compile(r"^[-\t ]+$")  # the text extractor's Markdown table rules: not printed
YEAR_CELL = re.compile(r"^(\d{4}\s*年)\s*(.*)$")
DEPARTMENTS_LABEL = "所管"
TARGET_LABEL = "目標"
BULLET = "- "  # how the corpus text shows a printed bullet; each design draws its own


@dataclass(frozen=True)
class Marker:
    """A footnote marker printed as a superscript number."""

    number: int


Run = str | Marker
Text = tuple[Run, ...]


def text_of(printed: str) -> Text:
    """Split a printed string into plain runs and markers: 'リソース¹⁷⁸を' → ('リソース', 178, 'を')."""
    runs: list[Run] = []
    for piece in MARKER_RUN.split(printed):
        if MARKER_RUN.fullmatch(piece):
            runs.append(Marker(int(piece.translate(TO_DIGITS))))
        elif piece:
            runs.append(piece)
    return tuple(runs)


def plain(text: Text) -> str:
    """The text without its markers."""
    return "".join(run for run in text if isinstance(run, str))


def markers(text: Text) -> list[int]:
    return [run.number for run in text if isinstance(run, Marker)]


@dataclass(frozen=True)
class ContentsLine:
    number: str
    title: str
    page: str


@dataclass(frozen=True)
class Cover:
    """The chapter's title page: its label, its title and the contents lines."""

    label: str
    title: str
    contents: tuple[ContentsLine, ...]


@dataclass(frozen=True)
class Heading:
    """A heading; ``level`` is one of LEVELS, ``number`` is '' when none is printed."""

    level: str
    number: str
    title: Text


LEVELS = ("chapter", "section", "part", "summaries", "policy", "label", "group")


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Vision:
    title: str
    statement: str
    bullets: tuple[Text, ...]


@dataclass(frozen=True)
class PolicySummary:
    label: str  # 取組方針1
    title: str
    text: Text


@dataclass(frozen=True)
class BulletList:
    label: str  # 現状と課題, 取組の方向性
    bullets: tuple[Text, ...]


@dataclass(frozen=True)
class Target:
    """A 目標 row as printed: the indicator, the two year cells and their values ('' if none)."""

    indicator: Text
    base_year: str
    base: str
    goal_year: str
    goal: str


@dataclass(frozen=True)
class Initiative:
    number: str
    title: Text
    departments: str  # as printed after 所管
    description: Text
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class Parent:
    """An initiative that only groups numbered children (①, (1), (①))."""

    number: str
    title: Text
    description: Text
    children: tuple[Initiative, ...]


@dataclass(frozen=True)
class Note:
    """A glossary definition: its number and the printed 'term：definition'."""

    number: int
    body: str


Block = Heading | Paragraph | Vision | PolicySummary | BulletList | Initiative | Parent


@dataclass(frozen=True)
class Content:
    title: str  # the plan's title, for running heads and metadata
    cover: Cover
    blocks: tuple[Block, ...]
    notes: dict[int, Note]


def block_markers(block: Block) -> list[int]:
    """Every marker a block prints, in reading order."""
    if isinstance(block, Heading):
        return markers(block.title)
    if isinstance(block, Paragraph):
        return markers(block.text)
    if isinstance(block, Vision | BulletList):
        return [n for bullet in block.bullets for n in markers(bullet)]
    if isinstance(block, PolicySummary):
        return markers(block.text)
    if isinstance(block, Initiative):
        found = markers(block.title) + markers(block.description)
        return found + [n for t in block.targets for n in markers(t.indicator)]
    found = markers(block.title) + markers(block.description)
    return found + [n for child in block.children for n in block_markers(child)]


def characters(content: Content) -> set[str]:
    """Every character the content prints (for font subsetting)."""
    return set(CORPUS.read_text(encoding="utf-8")) | set(content.title)


# --- building the content from the golden file and the corpus text ---------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", MARKER_RUN.sub("", text))


def _same(printed: str, golden: str | None, where: str) -> None:
    """A printed string must say what the golden field says (spaces and markers aside)."""
    expected = _squash(golden or "")
    if _squash(printed) != expected:
        raise ValueError(f"corpus line {where}: {printed!r} does not print {golden!r}")


class _Corpus:
    def __init__(self, path: Path) -> None:
        self.lines = path.read_text(encoding="utf-8").split("\n")
        self.used: set[int] = set()

    def take(self, number: int) -> str:
        """The printed line at 1-based ``number``, marked as used."""
        if number in self.used:
            raise ValueError(f"corpus line {number} used twice")
        self.used.add(number)
        return self.lines[number - 1]

    def span(self, start: int, end: int) -> list[tuple[int, str]]:
        """The printed lines of a span not used yet (blank lines and table rules left out)."""
        return [
            (n, self.take(n))
            for n in range(start, end + 1)
            if self.lines[n - 1].strip()
            and not TABLE_RULE.match(self.lines[n - 1])
            and n not in self.used
        ]

    def unused(self) -> list[int]:
        return [
            n
            for n, line in enumerate(self.lines, 1)
            if line.strip() and not TABLE_RULE.match(line) and n not in self.used
        ]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t") if cell.strip()]


def _split_number(printed: str, number: str, where: int) -> str:
    """The title after a printed heading number: '(1) 具体的な取組' → '具体的な取組'."""
    printed = printed.strip()
    if not printed.startswith(number):
        raise ValueError(f"corpus line {where}: {printed!r} does not start with {number!r}")
    return printed[len(number) :].strip()


def _target(lines: list[tuple[int, str]], golden: dict) -> Target:
    (where, row), values = lines[0], lines[1:]
    cells = _cells(row)
    if cells[0] != TARGET_LABEL or len(cells) < 4:
        raise ValueError(f"corpus line {where}: not a 目標 row: {row!r}")
    years = [YEAR_CELL.match(cell) for cell in cells[2:4]]
    if not all(years):
        raise ValueError(f"corpus line {where}: no years in {row!r}")
    base_year, base = years[0].group(1), years[0].group(2)  # type: ignore[union-attr]
    goal_year, goal = years[1].group(1), years[1].group(2)  # type: ignore[union-attr]
    for _, line in values:
        below = _cells(line)
        base, goal = (below[0], below[1]) if len(below) == 2 else ("", below[0])
    target = Target(text_of(cells[1]), base_year, base, goal_year, goal)
    _same(plain(target.indicator), golden["indicator"], str(where))
    printed = {value["role"]: value["raw"] for value in golden["values"]}
    _same(base, printed["baseline"], str(where))
    _same(goal, printed["target"], str(where))
    return target


def _initiative(corpus: _Corpus, node: dict) -> Initiative:
    source = node["source"]
    lines = corpus.span(source["line"], source["end_line"])
    (where, head), body = lines[0], lines[1:]
    cells = _cells(head)
    if cells[0] != node["number"]:
        raise ValueError(f"corpus line {where}: box number {cells[0]!r} is not {node['number']!r}")
    rest = " ".join(cells[2:])
    if not rest.startswith(DEPARTMENTS_LABEL):
        raise ValueError(f"corpus line {where}: no 所管 in {head!r}")
    title, departments = text_of(cells[1]), rest[len(DEPARTMENTS_LABEL) :].strip()
    _same(plain(title), node["title"], str(where))
    _same(departments, node["departments_raw"], str(where))
    first_target = min(t["source"]["line"] for t in node["targets"])
    description = " ".join(line.strip() for n, line in body if n < first_target)
    _same(MARKER_RUN.sub("", description), node["description"], str(where))
    targets = []
    for golden in node["targets"]:
        rows = [(n, line) for n, line in body if golden["source"]["line"] <= n]
        rows = [(n, line) for n, line in rows if n <= golden["source"]["end_line"]]
        targets.append(_target(rows, golden))
    return Initiative(node["number"], title, departments, text_of(description), tuple(targets))


def _parent(corpus: _Corpus, node: dict) -> Parent:
    first_child = node["children"][0]["source"]["line"]
    lines = corpus.span(node["source"]["line"], first_child - 1)
    (where, head), body = lines[0], lines[1:]
    title = text_of(_split_number(" ".join(_cells(head)), node["number"], where))
    _same(plain(title), node["title"], str(where))
    description = " ".join(line.strip() for _, line in body)
    _same(description, node["description"], str(where))
    children = tuple(_initiative(corpus, child) for child in node["children"])
    return Parent(node["number"], title, text_of(description), children)


def _bullets(corpus: _Corpus, nodes: list[dict]) -> tuple[Text, ...]:
    bullets = []
    for node in nodes:
        (where, line), *more = corpus.span(node["source"]["line"], node["source"]["end_line"])
        if not line.startswith(BULLET) or more:
            raise ValueError(f"corpus line {where}: not one bullet line: {line!r}")
        printed = line[len(BULLET) :].strip()
        _same(printed, node["text"], str(where))
        bullets.append(text_of(printed))
    return tuple(bullets)


def _heading(corpus: _Corpus, node: dict, level: str) -> Heading:
    where = node["source"]["line"]
    number = node.get("numeral") or str(node.get("number") or "")
    title = _split_number(corpus.take(where), number, where)
    _same(title, node["title"], str(where))
    return Heading(level, number, text_of(title))


def _blocks(corpus: _Corpus, node: dict) -> list[Block]:
    kind = node["kind"]
    children = node.get("children", [])
    if kind == "paragraph":
        (where, line), *more = corpus.span(node["source"]["line"], node["source"]["end_line"])
        _same(line, node["text"], str(where))
        return [Paragraph(text_of(" ".join([line.strip()] + [m for _, m in more])))]
    if kind == "vision":
        start = node["source"]["line"]
        heads = corpus.span(start, children[0]["source"]["line"] - 1)
        (where, title), (_, statement) = heads
        _same(title, node["title"], str(where))
        _same(statement.strip('“”" '), node["statement"], str(where))
        return [Vision(title.strip(), statement.strip(), _bullets(corpus, children))]
    if kind == "policy_summaries":
        where = node["source"]["line"]
        blocks: list[Block] = [Heading("summaries", "", text_of(corpus.take(where).strip()))]
        for child in children:
            source = child["source"]
            (at, head), (_, text) = corpus.span(source["line"], source["end_line"])
            label, _, title = head.strip().partition(" ")
            _same(title, child["title"], str(at))
            if not text.startswith(BULLET):
                raise ValueError(f"corpus line {at}: no summary text after {head!r}")
            _same(text[len(BULLET) :], child["text"], str(at))
            blocks.append(PolicySummary(label, title, text_of(text[len(BULLET) :].strip())))
        return blocks
    if kind == "bullet_list":
        where = node["source"]["line"]
        label = corpus.take(where).strip()
        _same(label, node["title"], str(where))
        return [BulletList(label, _bullets(corpus, children))]
    if kind == "initiative":
        return [_initiative(corpus, node)]
    if kind == "initiative_parent":
        return [_parent(corpus, node)]
    level = {"section": "section", "part": "part", "policy": "policy", "group": "group"}[kind]
    blocks = [_heading(corpus, node, level)]
    for child in children:
        blocks.extend(_blocks(corpus, child))
    return blocks


def _labels(corpus: _Corpus, blocks: list[Block], lines: list[int]) -> list[Block]:
    """Put the label lines no golden node stands for (取組内容) before the group they open."""
    labels = {n: corpus.take(n).strip() for n in corpus.unused() if n not in lines}
    if set(labels.values()) - {"取組内容"}:
        raise ValueError(f"corpus lines not in the golden file: {labels}")
    out: list[Block] = []
    pending = sorted(labels)
    for block, line in zip(blocks, lines, strict=True):
        while pending and pending[0] < line:
            out.append(Heading("label", "", (labels[pending.pop(0)],)))
        out.append(block)
    return out


@cache
def load_content() -> Content:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    corpus = _Corpus(CORPUS)
    chapter = golden["chapters"][0]
    notes = {}
    for entry in golden["glossary"]:
        where = entry["source"]["line"]
        printed = corpus.take(where).strip()
        number, _, body = printed.partition(" ")
        if int(number.translate(TO_DIGITS)) != entry["number"]:
            raise ValueError(f"corpus line {where}: {printed!r} is not note {entry['number']}")
        if not _squash(body).startswith(_squash(entry["term"])):
            raise ValueError(f"corpus line {where}: note {printed!r} does not define its term")
        notes[entry["number"]] = Note(entry["number"], body.strip())
    contents = []
    for entry in chapter["toc"]:
        where = entry["source"]["line"]
        number, title, page = _cells(corpus.take(where).replace(" ", "\t", 1))
        _same(title, entry["title"], str(where))
        contents.append(ContentsLine(number, title, page))
    section = chapter["children"][0]
    front = corpus.span(chapter["source"]["line"], section["source"]["line"] - 1)
    (_, label), (_, cover_title), (where, heading) = front
    _same(heading, f"第{chapter['number']}章{chapter['title']}", str(where))
    cover = Cover(label.strip(), cover_title.strip(), tuple(contents))
    chapter_label, _, chapter_title = heading.strip().partition(" ")
    blocks: list[Block] = [Heading("chapter", chapter_label, (chapter_title,))]
    blocks.extend(_blocks(corpus, section))
    lines = [0, *_first_lines(section)]
    blocks = _labels(corpus, blocks, lines)
    if corpus.unused():
        raise ValueError(f"corpus lines left out: {corpus.unused()}")
    return Content(golden["document"]["manifest"]["plan_title"], cover, tuple(blocks), notes)


def _first_lines(node: dict) -> list[int]:
    """The first corpus line of every block ``_blocks`` makes for ``node``, in the same order."""
    kind = node["kind"]
    if kind in ("paragraph", "vision", "bullet_list", "initiative", "initiative_parent"):
        return [node["source"]["line"]]
    if kind == "policy_summaries":
        return [node["source"]["line"]] + [c["source"]["line"] for c in node["children"]]
    lines = [node["source"]["line"]]
    for child in node.get("children", []):
        lines.extend(_first_lines(child))
    return lines
