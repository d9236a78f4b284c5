"""``keikaku review``: the extraction drawn over its pages, as a static site.

The site is one ``index.html`` (the tree of nodes, the pages with their boxes, the
diagnostics), ``assets/`` (stylesheet, script) and ``pages/`` (one image per PDF page). It
opens from the file system with no server and no network: every link is a fragment of the
same page, and it works without its script too (a link jumps to its box or node); the script
only adds the selection (a node's boxes and its tree entry lit together).

What a reviewer sees:

* each node's boxes over the page in the colour of its kind (policy, group, initiative, 所管,
  目標, footnote…), each box a link to its node in the tree and each node a link to its
  first box;
* every character PDFium finds on a page whose centre is in no node's box, in red (running
  heads and page numbers too: what keikaku set aside is shown, not hidden);
* each diagnostic, with a link to the boxes of the line it names, or to its page;
* for text input, the source lines coloured by the node that owns them (red: no node).
"""

from __future__ import annotations

import bisect
import html
import os
import shutil
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from keikaku.pipeline.model import (
    Box,
    Diagnostic,
    Document,
    GlossaryEntry,
    Initiative,
    Node,
    SourceText,
    Target,
    walk,
)
from keikaku.pipeline.output import OutputError, os_reason, output_folder
from keikaku.pipeline.review.pages import PageChar, Rect, open_pdf, page_chars, render_page

# A page is drawn so the document's own body type comes out at this many CSS pixels at 100 %
# zoom: the size browsers set text in by default, where kanji of ten or more strokes are
# still legible on a screen.
READING_PX = 16.0
SCALE_LIMITS = (1.0, 3.0)  # pixels per point: never below the page's own size, nor wasteful
IMAGE_QUALITY = 70  # WebP: type stays crisp at this quality, a page is ~100-250 KB
RUN_GAP = 1.0  # unread characters closer than this many of their heights are one run
MARKER = "keikaku-review"  # the index page names its maker: only such a folder is replaced
ASSETS = ("review.css", "review.js")

# the kinds a reviewer tells apart, each drawn in its colour (assets/review.css)
KIND_CLASS = {
    "chapter": "structure",
    "section": "structure",
    "part": "structure",
    "policy_summaries": "text",
    "policy_summary": "text",
    "paragraph": "text",
    "vision": "text",
    "bullet_list": "text",
    "bullet": "text",
    "policy": "policy",
    "group": "group",
    "initiative_parent": "initiative",
    "initiative": "initiative",
    "departments": "departments",
    "target": "target",
    "glossary_entry": "footnote",
}
LEGEND = (
    ("structure", "chapter, section, part"),
    ("text", "paragraphs, lists, summaries"),
    ("policy", "policy"),
    ("group", "group"),
    ("initiative", "initiative"),
    ("departments", "所管 (departments)"),
    ("target", "目標 (target row)"),
    ("footnote", "footnote (glossary)"),
    ("unread", "characters in no node"),
)


@dataclass
class Item:
    """One entry of the tree: a node, a 目標 row, a 所管 cell or a glossary entry."""

    id: str
    kind: str
    label: str
    line: int
    end_line: int
    boxes: tuple[Box, ...]
    children: list[Item] = field(default_factory=list)

    @property
    def css(self) -> str:
        return KIND_CLASS.get(self.kind, "text")


def _label(node: Any) -> str:
    number = getattr(node, "number", None) or getattr(node, "numeral", None)
    text = (
        getattr(node, "title", None)
        or getattr(node, "term", None)
        or getattr(node, "text", None)
        or getattr(node, "statement", None)
        or ""
    )
    text = " ".join(text.split())
    if len(text) > 60:
        text = text[:59] + "…"
    return f"{number} {text}".strip() if number is not None else text


def _items(node: Node) -> Item:
    item = Item(
        node.id,
        node.kind,
        _label(node),
        node.source.line,
        node.source.end_line,
        node.source.boxes or (),
    )
    if isinstance(node, Initiative):
        if node.departments_raw:
            item.children.append(
                Item(
                    f"{node.id}/departments",
                    "departments",
                    "所管 " + " ".join(node.departments_raw.split()),
                    node.source.line,
                    node.source.line,
                    (),  # on a PDF, found on the page by its characters (departments_boxes)
                )
            )
        item.children.extend(_target_item(node.id, i, t) for i, t in enumerate(node.targets, 1))
    item.children.extend(_items(child) for child in getattr(node, "children", ()))
    return item


def _target_item(node_id: str, position: int, target: Target) -> Item:
    return Item(
        f"{node_id}/target{position}",
        "target",
        "目標 " + target.indicator,
        target.source.line,
        target.source.end_line,
        target.source.boxes or (),
    )


def _glossary_item(entry: GlossaryEntry) -> Item:
    return Item(
        entry.id,
        entry.kind,
        _label(entry),
        entry.source.line,
        entry.source.end_line,
        entry.source.boxes or (),
    )


def flatten(items: Iterable[Item]) -> Iterator[Item]:
    for item in items:
        yield item
        yield from flatten(item.children)


# --- what PDFium reads on the pages ---------------------------------------------------------


class PageText:
    """A page's characters, found by the boxes their centres stand in (sorted by height, so a
    box looks only at the characters level with it)."""

    def __init__(self, chars: list[PageChar]) -> None:
        self.chars = chars
        centres = [((c.box[0] + c.box[2]) / 2, (c.box[1] + c.box[3]) / 2) for c in chars]
        self.order = sorted(range(len(chars)), key=lambda i: centres[i][1])
        self.ys = [centres[i][1] for i in self.order]
        self.xs = [centres[i][0] for i in self.order]

    def inside(self, boxes: Iterable[Box]) -> list[int]:
        """The indices (in PDFium's order) of the characters whose centre is in a box."""
        found: set[int] = set()
        for box in boxes:
            start = bisect.bisect_left(self.ys, box.top)
            end = bisect.bisect_right(self.ys, box.bottom)
            found.update(self.order[k] for k in range(start, end) if box.x0 <= self.xs[k] <= box.x1)
        return sorted(found)


def chars_to_runs(chars: list[PageChar]) -> list[Rect]:
    """Characters as rectangles of runs: neighbours on one line (in the order PDFium lists
    them) closer than ``RUN_GAP`` of their height make one rectangle."""
    runs: list[Rect] = []
    for char in chars:
        x0, top, x1, bottom = char.box
        if runs:
            a0, atop, a1, abottom = runs[-1]
            height = max(bottom - top, abottom - atop, 1.0)
            level = abs((top + bottom) / 2 - (atop + abottom) / 2) < height / 2
            near = x0 - a1 < RUN_GAP * height and a0 - x1 < RUN_GAP * height
            if level and near:
                runs[-1] = (min(a0, x0), min(atop, top), max(a1, x1), max(abottom, bottom))
                continue
        runs.append(char.box)
    return runs


def text_boxes(chars: list[PageChar], page: int, text: str) -> tuple[Box, ...]:
    """The boxes of the characters that print ``text`` (white space aside), found among
    ``chars`` (a node's characters in PDFium's order); none when they are not found."""
    wanted = "".join(text.split())
    joined = "".join(c.text for c in chars)
    start = joined.find(wanted) if wanted else -1
    if start < 0:
        return ()
    found = chars[start : start + len(wanted)]
    return tuple(Box(page, *(round(v, 2) for v in run)) for run in chars_to_runs(found))


def departments_boxes(document: Document, pages: dict[int, PageText]) -> dict[str, tuple[Box, ...]]:
    """For each initiative, where its 所管 cell is printed: the characters in its boxes that
    spell its ``departments_raw``."""
    found: dict[str, tuple[Box, ...]] = {}
    for chapter in document.chapters:
        for node in walk(chapter):
            if not isinstance(node, Initiative) or not node.departments_raw:
                continue
            for page in sorted({b.page for b in node.source.boxes or ()}):
                text = pages[page]
                mine = [b for b in node.source.boxes or () if b.page == page]
                inside = [text.chars[i] for i in text.inside(mine)]
                boxes = text_boxes(inside, page, node.departments_raw)
                if boxes:
                    found[node.id] = boxes
                    break
    return found


def page_scale(boxes: Iterable[Box]) -> float:
    """Pixels per point that draw the document's body type (the median height of its line
    boxes) at ``READING_PX``."""
    heights = [b.bottom - b.top for b in boxes if b.bottom > b.top]
    if not heights:
        return SCALE_LIMITS[0]
    scale = READING_PX / statistics.median(heights)
    return min(max(scale, SCALE_LIMITS[0]), SCALE_LIMITS[1])


# --- HTML ---------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _style(box: Box | Rect, size: tuple[float, float]) -> str:
    x0, top, x1, bottom = (box.x0, box.top, box.x1, box.bottom) if isinstance(box, Box) else box
    width, height = size
    return (
        f"left:{100 * x0 / width:.3f}%;top:{100 * top / height:.3f}%;"
        f"width:{100 * (x1 - x0) / width:.3f}%;height:{100 * (bottom - top) / height:.3f}%"
    )


def _first_target(item: Item, pdf: bool) -> str:
    return f"#b-{item.id}-0" if pdf else f"#L{item.line}"


def _tree_html(items: list[Item], pdf: bool) -> str:
    out = ["<ul>"]
    for item in items:
        out.append(
            f'<li><a class="node k-{item.css}" id="t-{_e(item.id)}" data-node="{_e(item.id)}" '
            f'href="{_e(_first_target(item, pdf))}"><span class="kind">{_e(item.kind)}</span> '
            f"{_e(item.label)}</a>"
        )
        if item.children:
            out.append(_tree_html(item.children, pdf))
        out.append("</li>")
    out.append("</ul>")
    return "".join(out)


def _diagnostic_place(diagnostic: Diagnostic, position: int, source: SourceText) -> str:
    if source.boxes and diagnostic.line is not None and source.boxes[diagnostic.line - 1]:
        return f"#d-{position}-0"
    if diagnostic.page is not None:
        return f"#page-{diagnostic.page}"
    if diagnostic.line is not None and not source.boxes:
        return f"#L{diagnostic.line}"
    return ""


def _diagnostics_html(document: Document, source: SourceText) -> str:
    out = [f"<h2>Diagnostics ({len(document.diagnostics)})</h2><ol class=diagnostics>"]
    for position, diagnostic in enumerate(document.diagnostics, 1):
        where = []
        if diagnostic.page is not None:
            printed = f" (printed {diagnostic.printed_page})" if diagnostic.printed_page else ""
            where.append(f"p.{diagnostic.page}{printed}")
        if diagnostic.line is not None:
            where.append(f"line {diagnostic.line}")
        text = (
            f'<span class="severity {diagnostic.severity}">{diagnostic.severity}</span> '
            f"{_e(' '.join(where))} <code>{_e(diagnostic.code)}</code> {_e(diagnostic.message)}"
        )
        target = _diagnostic_place(diagnostic, position, source)
        if target:
            text = f'<a id="g-{position}" href="{target}">{text}</a>'
        out.append(f"<li>{text}</li>")
    out.append("</ol>")
    return "".join(out)


@dataclass
class Page:
    number: int
    image: str
    pixels: tuple[int, int]
    points: tuple[float, float]
    boxes: list[tuple[Item, int, Box]] = field(default_factory=list)
    unread: list[Rect] = field(default_factory=list)
    diagnostics: list[tuple[int, int, Box]] = field(default_factory=list)


# the order boxes are drawn in: wide containers below, the rows and cells inside them on top
LAYER = ["structure", "text", "policy", "group", "initiative", "footnote", "target", "departments"]


def _page_html(page: Page, printed: dict[int, int | None]) -> str:
    width, height = page.pixels
    number = printed.get(page.number)
    caption = f"page {page.number}" + (f" (printed {number})" if number is not None else "")
    out = [
        f'<figure class="page" id="page-{page.number}" style="width:{width}px">'
        f'<div class="sheet" style="width:{width}px;height:{height}px">'
        f'<img src="{_e(page.image)}" width="{width}" height="{height}" alt="{caption}">'
    ]
    for item, index, box in sorted(page.boxes, key=lambda b: LAYER.index(b[0].css)):
        out.append(
            f'<a class="box k-{item.css}" id="b-{_e(item.id)}-{index}" '
            f'data-node="{_e(item.id)}" href="#t-{_e(item.id)}" title="{_e(item.label)}" '
            f'style="{_style(box, page.points)}"></a>'
        )
    for rect in page.unread:
        out.append(f'<span class="box unread" style="{_style(rect, page.points)}"></span>')
    for position, index, box in page.diagnostics:
        out.append(
            f'<a class="box diagnostic" id="d-{position}-{index}" href="#g-{position}" '
            f'style="{_style(box, page.points)}"></a>'
        )
    out.append(f"</div><figcaption>{_e(caption)}</figcaption></figure>")
    return "".join(out)


def _legend_html() -> str:
    keys = "".join(f'<li><span class="swatch k-{k}"></span>{_e(text)}</li>' for k, text in LEGEND)
    return f'<ul class="legend">{keys}</ul>'


def _document_html(document: Document, tree: str, body: str, source: SourceText) -> str:
    stats = document.stats
    title = f"keikaku review: {document.document.file}"
    summary = (
        f"{stats.policies} policies, {stats.groups} groups, {stats.initiatives} initiatives, "
        f"{stats.targets} targets, {stats.glossary_entries} glossary entries; lines "
        f"{stats.lines_assigned}/{stats.lines_total} assigned"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="ja"><head><meta charset="utf-8"><meta name="generator" content="{MARKER}">'
        f"<title>{_e(title)}</title>"
        '<link rel="stylesheet" href="assets/review.css"></head><body>'
        f"<header><h1>{_e(document.document.file)}</h1><p>{_e(summary)}</p>{_legend_html()}"
        "</header><main>"
        f'<nav id="tree"><h2>Tree</h2>{tree}{_diagnostics_html(document, source)}</nav>'
        f'<div id="pages">{body}</div>'
        '</main><script src="assets/review.js"></script></body></html>\n'
    )


def _line_owners(items: list[Item]) -> dict[int, Item]:
    """For text input: each line's deepest item (children's ranges sit inside their parent's,
    so the last item met in document order whose range holds the line owns it)."""
    owners: dict[int, Item] = {}
    for item in flatten(items):
        if item.kind == "departments":
            continue  # a cell of its initiative's title line, which stays the initiative's
        for line in range(item.line, item.end_line + 1):
            owners[line] = item
    return owners


def _text_html(source: SourceText, items: list[Item]) -> str:
    owners = _line_owners(items)
    out = ['<div class="source">']
    for line in source.lines:
        owner = owners.get(line.number)
        number = f'<span class="no">{line.number}</span>'
        text = _e(line.text.replace("\t", "  "))
        if owner is not None and not line.is_blank:
            out.append(
                f'<a class="line k-{owner.css}" id="L{line.number}" data-node="{_e(owner.id)}" '
                f'href="#t-{_e(owner.id)}">{number}{text}</a>'
            )
        else:
            unread = " unread" if not line.is_blank else ""
            out.append(f'<div class="line{unread}" id="L{line.number}">{number}{text}</div>')
    out.append("</div>")
    return "".join(out)


# --- the site -------------------------------------------------------------------------------


def _pdf_pages(
    document: Document, source: SourceText, pdf_path: Path, items: list[Item], folder: Path
) -> list[Page]:
    """Render every page into ``folder/pages`` and place the boxes, unread runs and
    diagnostics on them (and the 所管 boxes, found on the pages, in ``items``)."""
    everything = [box for item in flatten(items) for box in item.boxes]
    scale = page_scale(everything)
    pages: list[Page] = []
    texts: dict[int, PageText] = {}
    (folder / "pages").mkdir()
    with open_pdf(pdf_path) as pdf:
        for index in range(len(pdf)):
            number = index + 1
            pdf_page = pdf[index]
            try:
                image = render_page(pdf_page, scale, IMAGE_QUALITY)
                texts[number] = PageText(page_chars(pdf_page))
            finally:
                pdf_page.close()
            name = f"pages/p{number:04d}{image.suffix}"
            (folder / name).write_bytes(image.data)
            pages.append(Page(number, name, image.pixels, image.points))
    found = departments_boxes(document, texts)
    for item in flatten(items):
        for child in item.children:
            if child.kind == "departments":
                child.boxes = found.get(item.id, ())
        # a 所管 cell whose characters PDFium lists in another order is not drawn apart
        item.children = [c for c in item.children if c.kind != "departments" or c.boxes]
    by_page: dict[int, list[Box]] = {}
    for item in flatten(items):
        for index, box in enumerate(item.boxes):
            pages[box.page - 1].boxes.append((item, index, box))
            by_page.setdefault(box.page, []).append(box)
    for page in pages:
        text = texts[page.number]
        read = set(text.inside(by_page.get(page.number, [])))
        page.unread = chars_to_runs([c for i, c in enumerate(text.chars) if i not in read])
    for position, diagnostic in enumerate(document.diagnostics, 1):
        if diagnostic.line is not None:
            for index, box in enumerate(source.boxes[diagnostic.line - 1]):
                pages[box.page - 1].diagnostics.append((position, index, box))
    return pages


def review_site(document: Document, source: SourceText, folder: Path) -> None:
    """Write the review site of ``document`` (read from ``source``) into ``folder``, which
    must not exist yet."""
    items = [_items(chapter) for chapter in document.chapters]
    items.extend(_glossary_item(entry) for entry in document.glossary)
    folder.mkdir()
    if source.boxes:
        pages = _pdf_pages(document, source, Path(source.path), items, folder)
        printed = {span.page: span.printed_page for span in source.pages}
        body = "".join(_page_html(page, printed) for page in pages)
    else:
        body = _text_html(source, items)
    tree = _tree_html(items, bool(source.boxes))
    (folder / "assets").mkdir()
    for name in ASSETS:
        data = resources.files("keikaku.pipeline.review").joinpath("assets", name).read_bytes()
        (folder / "assets" / name).write_bytes(data)
    (folder / "index.html").write_text(
        _document_html(document, tree, body, source), encoding="utf-8", newline="\n"
    )


def is_review_site(folder: Path) -> bool:
    index = folder / "index.html"
    try:
        return MARKER in index.read_text(encoding="utf-8", errors="replace")[:400]
    except OSError:
        return False


def write_review_site(document: Document, source: SourceText, folder: Path) -> None:
    """The site, written whole or not at all: built in a hidden folder beside ``folder`` and
    renamed into place. ``folder`` may be missing, empty, or a review site written before
    (replaced); anything else is an ``OutputError``."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "not a folder (a file of that name is in the way)")
    if folder.is_dir() and any(folder.iterdir()) and not is_review_site(folder):
        raise OutputError(folder, "not empty and not a review site: choose another folder")
    parent = output_folder(folder.absolute().parent)
    building = parent / f".{folder.name}.{os.getpid()}.tmp"
    old = parent / f".{folder.name}.{os.getpid()}.old"
    try:
        review_site(document, source, building)
        if folder.exists():
            folder.rename(old)
        building.rename(folder)
    except OSError as exc:
        raise OutputError(exc.filename or folder, os_reason(exc)) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
