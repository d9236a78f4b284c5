"""The renditions in tests/renditions are made as promised (this checks them, not keikaku).

For every registered and held-out rendition: two renders give the same bytes; the text layer
holds every initiative title and every glossary term of the golden file; every footnote marker is
printed as a superscript, smaller than the text beside it and raised above its baseline.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import GOLDEN
from tests.renditions import HELD_OUT, RENDITIONS

ALL = {**RENDITIONS, **HELD_OUT}
# The text area of each design (margins in pt: left, top, right, bottom), leaving out its
# running heads, page numbers, chapter tabs and slugs, which may sit beside a wrapped title.
TEXT_AREA = {
    "weasyprint": (0, 70, 0, 50),
    "fpdf2": (0, 0, 40, 50),
    "typst": (40, 60, 0, 30),
}
SMALLER, RAISED = 0.75, 0.15  # a marker is under 3/4 of its neighbour's size, raised 15 %
# A title wrapped in a table cell shares its text lines with the cells beside it (所管, the
# departments), so extract_text may put those words between the title's lines.
BESIDE = 60


def _golden() -> dict:
    return json.loads((GOLDEN / "ap2023-ch3-gyosei.json").read_text(encoding="utf-8"))


def _titles(node: dict) -> list[str]:
    found = [node["title"]] if node["kind"] in ("initiative", "initiative_parent") else []
    for child in node.get("children", []):
        found.extend(_titles(child))
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("renditions")
    return {name: render(folder / f"{name}.pdf") for name, render in ALL.items()}


def test_every_design_has_a_text_area() -> None:
    assert set(TEXT_AREA) == set(ALL)


@pytest.mark.parametrize("name", sorted(ALL))
def test_renders_byte_for_byte_the_same(name: str, rendered: dict[str, Path], tmp_path) -> None:
    again = ALL[name](tmp_path / "again.pdf")
    assert again.read_bytes() == rendered[name].read_bytes()


def _body_size(chars: list[dict]) -> float:
    return Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]


def _is_marker_digit(char: dict, body: float) -> bool:
    return char["text"].isdigit() and char["size"] < SMALLER * body


def _text_without_markers(page, name: str) -> str:
    left, top, right, bottom = TEXT_AREA[name]
    area = page.within_bbox((left, top, page.width - right, page.height - bottom))
    body = _body_size(page.chars)
    kept = area.filter(lambda o: o.get("object_type") != "char" or not _is_marker_digit(o, body))
    return kept.extract_text()


@pytest.mark.parametrize("name", sorted(ALL))
def test_text_layer_holds_titles_and_terms(name: str, rendered: dict[str, Path]) -> None:
    golden = _golden()
    with pdfplumber.open(rendered[name]) as pdf:
        text = _squash("".join(_text_without_markers(page, name) for page in pdf.pages))
    titles = [t for chapter in golden["chapters"] for t in _titles(chapter)]
    assert len(titles) == golden["stats"]["initiatives"] + golden["stats"]["initiative_parents"]
    missing = [t for t in titles if not _in_reading_order(_squash(t), text)]
    missing += [e["term"] for e in golden["glossary"] if _squash(e["term"]) not in text]
    assert not missing, missing


def _in_reading_order(title: str, text: str) -> bool:
    """``title`` in ``text``, allowing the words of neighbouring cells between its lines."""
    if title in text:
        return True
    pattern = f".{{0,{BESIDE}}}?".join(re.escape(c) for c in title)
    return re.search(pattern, text) is not None


def _marker_runs(page) -> list[tuple[str, bool]]:
    """Runs of small digits in drawing order, each with whether it sits raised by its text."""
    chars = page.chars
    body = _body_size(chars)
    runs: list[tuple[str, bool]] = []
    i = 0
    while i < len(chars):
        if not _is_marker_digit(chars[i], body):
            i += 1
            continue
        j = i
        while j + 1 < len(chars) and _is_marker_digit(chars[j + 1], body):
            j += 1
        run = chars[i : j + 1]
        neighbours = [chars[k] for k in (i - 1, j + 1) if 0 <= k < len(chars)]
        raised = any(
            run[0]["size"] < SMALLER * n["size"]
            and abs(n["top"] - run[0]["top"]) < n["size"]
            and run[0]["bottom"] < n["bottom"] - RAISED * n["size"]
            for n in neighbours
        )
        runs.append(("".join(c["text"] for c in run), raised))
        i = j + 1
    return runs


@pytest.mark.parametrize("name", sorted(ALL))
def test_markers_are_smaller_and_raised(name: str, rendered: dict[str, Path]) -> None:
    numbers = {str(entry["number"]) for entry in _golden()["glossary"]}
    with pdfplumber.open(rendered[name]) as pdf:
        runs = [run for page in pdf.pages for run in _marker_runs(page)]
    raised = [text for text, up in runs if up]
    assert numbers <= set(raised), sorted(numbers - set(raised))
    assert len([t for t in raised if t in numbers]) >= len(numbers)
