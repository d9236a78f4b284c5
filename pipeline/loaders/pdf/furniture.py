"""Stage ``lines_to_furniture``: running headers, footers and printed page numbers.

A reader knows page furniture by two things: it stands outside the text block (above it,
below it or beside it), and it comes back on page after page at the same place, its digits
aside. The printed page number is the short number standing on its own in that margin that
goes up by one from page to page; a date, a slug or 「札幌市 2023」 beside it is not, because
its value does not follow the pages.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import regex

from keikaku.pipeline.loaders.pdf.lines import TextLine

EDGE_LINES = 2  # how many lines at the top and at the bottom of a page can be furniture
REPEAT_SHARE = 0.3  # furniture recurs on at least this share of the pages (and twice)
PAGE_NUMBER = regex.compile(r"^[\s\-－―−‐—(（<〈]*(\d{1,4})[\s\-－―−‐—)）>〉]*$")
DIGIT_RUN = regex.compile(r"\d+")
FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})


@dataclass(frozen=True)
class Furniture:
    """Per page: the lines that are furniture, and the printed page number (None if none)."""

    lines: tuple[frozenset[int], ...]  # ids of the TextLine objects set aside, per page
    printed: tuple[int | None, ...]


def edge_lines(lines: list[TextLine]) -> list[TextLine]:
    """The lines of one page that stand at its top or bottom, or beside all the others: the
    only lines that can be furniture."""
    if not lines:
        return []
    ordered = sorted(lines, key=lambda ln: ln.top)
    edges = ordered[:EDGE_LINES] + ordered[-EDGE_LINES:]
    running = [ln for ln in lines if not ln.vertical] or lines
    sizes = Counter(round(ln.size, 1) for ln in running)
    body = sizes.most_common(1)[0][0]
    # (type so small that rounding moves it off its own size still has a body)
    body_lines = [ln for ln in running if abs(ln.size - body) <= 0.1 * body] or running
    left = min(ln.x0 for ln in body_lines)
    right = max(ln.x1 for ln in body_lines)
    beside = [ln for ln in lines if ln.x1 <= left or ln.x0 >= right]
    return list({id(ln): ln for ln in edges + beside}.values())


def _shape(line: TextLine) -> str:
    text = regex.sub(r"\s+", "", line.text().translate(FULLWIDTH_DIGITS))
    return DIGIT_RUN.sub("#", text)


def _page_number_candidates(line: TextLine) -> list[int]:
    text = line.text().translate(FULLWIDTH_DIGITS)
    pieces = [piece for piece in text.split("\t") if piece.strip()]
    found = []
    for piece in pieces:
        match = PAGE_NUMBER.match(piece)
        if match is not None:
            found.append(int(match.group(1)))
    return found


def lines_to_furniture(
    pages: list[list[TextLine]], frames: list[tuple[float, float]] | None = None
) -> Furniture:
    """Which lines of each page are furniture, and each page's printed number.

    ``frames`` gives each page's (width, height) as read: on a page laid out otherwise than
    most (a landscape page among portrait ones), a line with the shape of the furniture
    found elsewhere is furniture wherever it stands at the page's edge."""
    return edges_to_furniture([edge_lines(lines) for lines in pages], frames)


def edges_to_furniture(
    edges: list[list[TextLine]], frames: list[tuple[float, float]] | None = None
) -> Furniture:
    """``lines_to_furniture`` from each page's ``edge_lines`` alone (what a loader that does not
    keep every page's lines hands over)."""
    frames = frames or [(0.0, 0.0)] * len(edges)
    usual = Counter((round(w), round(h)) for w, h in frames).most_common(1)[0][0]
    odd = {i for i, (w, h) in enumerate(frames) if (round(w), round(h)) != usual}
    places: dict[str, list[tuple[int, TextLine]]] = {}
    for index, lines in enumerate(edges):
        for line in lines:
            places.setdefault(_shape(line), []).append((index, line))
    needed = max(2, math.ceil(REPEAT_SHARE * len(edges)))
    repeated: set[int] = set()
    for found in places.values():
        if len({index for index, _ in found}) < needed:
            continue
        settled = False
        for _, line in found:
            # the same shape at the same place (within a type size) on enough pages
            near = {
                other_index
                for other_index, other in found
                if abs(other.top - line.top) <= line.size
                and abs(other.x0 - line.x0) <= 2 * line.size
            }
            if len(near) >= needed:
                repeated.add(id(line))
                settled = True
        if settled:  # at the edge of a page turned or laid out otherwise, it is the same
            repeated.update(id(line) for index, line in found if index in odd)
    printed, number_lines = _printed_numbers(edges)
    furniture = tuple(
        frozenset(id(ln) for ln in lines if id(ln) in repeated or id(ln) in number_lines)
        for lines in edges
    )
    return Furniture(furniture, printed)


def _printed_numbers(edges: list[list[TextLine]]) -> tuple[tuple[int | None, ...], set[int]]:
    """The offset from page index to printed number that most pages agree on, and its lines."""
    candidates = [
        [(number, line) for line in lines for number in _page_number_candidates(line)]
        for lines in edges
    ]
    offsets = Counter(
        offset
        for index, found in enumerate(candidates)
        for offset in {number - index for number, _ in found}
    )
    if not offsets:
        return tuple(None for _ in edges), set()
    offset, support = max(sorted(offsets.items()), key=lambda item: item[1])
    pages_with_numbers = sum(1 for found in candidates if found)
    if support < 2 and not (len(edges) == 1 and len(candidates[0]) == 1):
        return tuple(None for _ in edges), set()
    if support * 2 < pages_with_numbers:
        return tuple(None for _ in edges), set()
    printed: list[int | None] = []
    lines: set[int] = set()
    for index, found in enumerate(candidates):
        match = next((line for number, line in found if number == index + offset), None)
        printed.append(index + offset if match is not None else None)
        if match is not None:
            lines.add(id(match))
    return tuple(printed), lines
