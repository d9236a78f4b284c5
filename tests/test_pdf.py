"""The plan read from its PDF (rendered by scripts/render_pdf.py) equals the plan read from text."""

import importlib.util
import json
import shutil
import sys

import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.loaders.pdf import load_pdf
from keikaku.pipeline.loaders.pdf.glyphs import drawn_box, turn_box
from keikaku.pipeline.manifest import manifest_path
from keikaku.pipeline.model import walk
from keikaku.pipeline.run import extract
from keikaku.pipeline.typography import join_wrapped_pair
from tests.conftest import GOLDEN, MAIN_DOCUMENT, ROOT, UPDATE_GOLDEN
from tests.variants import canonical

spec = importlib.util.spec_from_file_location("render_pdf", ROOT / "scripts" / "render_pdf.py")
render_pdf = importlib.util.module_from_spec(spec)
sys.modules["render_pdf"] = render_pdf  # dataclasses look their module up
spec.loader.exec_module(render_pdf)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    pdf = folder / "ap2023-ch3-gyosei.pdf"
    result = render_pdf.render(MAIN_DOCUMENT.read_text(encoding="utf-8"), pdf)
    shutil.copy(manifest_path(MAIN_DOCUMENT), manifest_path(pdf))
    return pdf, result


@pytest.fixture(scope="module")
def pdf_document(rendered):
    return extract(rendered[0])


def _without_file(document: dict) -> dict:
    document = canonical(document)
    document["document"] = {
        k: v for k, v in document["document"].items() if k not in ("file", "format")
    }
    return document


def _first_difference(a, b, path="") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for key in a.keys() | b.keys():
            found = _first_difference(a.get(key), b.get(key), f"{path}/{key}")
            if found:
                return found
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
    elif a != b:
        return f"{path}: {a!r} != {b!r}"
    return None


def test_the_pdf_gives_the_text_document(pdf_document) -> None:
    text = _without_file(json.loads(document_to_json(extract(MAIN_DOCUMENT))))
    pdf = _without_file(json.loads(document_to_json(pdf_document)))
    assert _first_difference(text, pdf) is None, _first_difference(text, pdf)


def test_pdf_golden_file(pdf_document) -> None:
    actual = document_to_json(pdf_document)
    golden = GOLDEN / "ap2023-ch3-gyosei.pdf.json"
    if UPDATE_GOLDEN:
        golden.write_text(actual, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == actual


def test_sources_carry_pdf_and_printed_pages(pdf_document) -> None:
    (chapter,) = pdf_document.chapters
    assert (chapter.source.pages.page, chapter.source.pages.printed_page) == (1, None)  # cover
    nodes = [n for n in walk(chapter)]
    assert all(n.source.pages is not None for n in nodes)
    assert all(e.source.pages is not None for e in pdf_document.glossary)
    section = chapter.children[0]
    assert (section.source.pages.page, section.source.pages.printed_page) == (2, 176)
    assert pdf_document.document.format == "pdf"
    # the last initiative stands on the last page, whose footer prints 176 + 21
    last = nodes[-1]
    assert last.source.pages.end_printed_page == 176 + last.source.pages.end_page - 2


def _chars_in(boxes, pages) -> str:
    """The characters pdfplumber finds with their centre in one of the boxes, in page order."""
    out = []
    for page_number in sorted({box.page for box in boxes}):
        on_page = [b for b in boxes if b.page == page_number]
        for char in pages[page_number - 1].chars:
            x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
            if any(b.x0 <= x <= b.x1 and b.top <= y <= b.bottom for b in on_page):
                out.append(char["text"])
    return "".join(out)


def _reads(printed: str, text: str) -> bool:
    """Whether ``text``'s characters (white space aside) come in order in ``printed``."""
    rest = iter(printed)
    return all(char in rest for char in "".join(text.split()))


def test_boxes_hold_what_each_node_was_read_from(rendered, pdf_document) -> None:
    import pdfplumber

    nodes = [n for chapter in pdf_document.chapters for n in walk(chapter)]
    with pdfplumber.open(rendered[0]) as pdf:
        pages = pdf.pages
        checked = 0
        for node in [*nodes, *pdf_document.glossary]:
            boxes = node.source.boxes
            assert boxes, node.id
            span = node.source.pages
            assert all(span.page <= b.page <= span.end_page for b in boxes), node.id
            assert all(0 <= b.x0 < b.x1 <= pages[b.page - 1].width for b in boxes), node.id
            text = getattr(node, "title", None) or getattr(node, "term", None)
            if text:
                assert _reads(_chars_in(boxes, pages), text), (node.id, text)
                checked += 1
            for target in getattr(node, "targets", ()):
                assert set(target.source.boxes) <= set(boxes), node.id  # its rows are its node's
                assert _reads(_chars_in(target.source.boxes, pages), target.indicator), node.id
        assert checked > 100


def test_text_input_has_no_boxes(document) -> None:
    nodes = [n for chapter in document.chapters for n in walk(chapter)]
    assert all(n.source.boxes is None for n in [*nodes, *document.glossary])


TURNS = [
    pytest.param("right", id="upright"),
    pytest.param("up", id="reading-up"),
    pytest.param("down", id="reading-down"),
    pytest.param("left", id="upside-down"),
]


@pytest.mark.parametrize("direction", TURNS)
def test_drawn_box_undoes_turn_box(direction: str) -> None:
    box = (10.0, 20.0, 110.0, 32.0)
    turned = turn_box(box, direction, 595.0, 842.0)
    assert drawn_box(turned, direction, 595.0, 842.0) == box


def test_every_character_is_placed(pdf_document) -> None:
    assert not [d for d in pdf_document.diagnostics if d.code == "pdf-characters-unplaced"]
    assert pdf_document.stats.lines_assigned == pdf_document.stats.lines_total


def test_a_table_split_by_a_page_break_is_read_whole(rendered) -> None:
    pdf, result = rendered
    assert result.splits >= 1
    source, _ = load_pdf(pdf)
    split = [
        (row, below)
        for row, below, span, next_span in zip(
            source.lines, source.lines[1:], source.pages, source.pages[1:], strict=False
        )
        if row.text.startswith("目標\t")
        and below.text.startswith("\t\t")
        and next_span.page == span.page + 1
    ]
    assert split, "no 目標 row continued on the next page"


JOINS = [
    pytest.param("市民の利便性", "向上を図ります。", "市民の利便性向上を図ります。", id="japanese"),
    pytest.param("Meet for", "the Next", "Meet for the Next", id="latin-words"),
    pytest.param(
        "総）行政部、 ",
        "デ）情報システム部",
        "総）行政部、 デ）情報システム部",
        id="space-kept-at-the-break",
    ),
    pytest.param("Team-Sapporo", "Hokkaido", "Team-Sapporo Hokkaido", id="latin-at-the-break"),
    pytest.param("DX", "の推進", "DXの推進", id="latin-then-japanese"),
    pytest.param("「Off-", "JT（職場外研修）」", "「Off-JT（職場外研修）」", id="after-a-hyphen"),
]


@pytest.mark.parametrize(("left", "right", "joined"), JOINS)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped_pair(left, right) == joined


def _encrypted(path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user", "owner"))
    canvas.drawString(50, 800, "secret")
    canvas.save()


def _scanned(path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    canvas.rect(50, 50, 300, 400, fill=1)  # a page that is only a picture
    canvas.save()


def _truncated(path, rendered) -> None:
    data = rendered[0].read_bytes()
    path.write_bytes(data[: len(data) // 3])


BAD_PDFS = [
    pytest.param(lambda p, r: _encrypted(p), "encrypted PDF: it needs a password", id="encrypted"),
    pytest.param(
        lambda p, r: _scanned(p),
        "no text layer (a scanned PDF?): run OCR first",
        id="no-text-layer",
    ),
    pytest.param(_truncated, "damaged or truncated PDF", id="truncated"),
    pytest.param(
        lambda p, r: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40)),
        "not a PDF file (PNG image data)",
        id="png-named-pdf",
    ),
]


@pytest.mark.parametrize(("make", "reason"), BAD_PDFS)
def test_unreadable_pdf(tmp_path, capsys, rendered, make, reason) -> None:
    bad = tmp_path / "plan.pdf"
    make(bad, rendered)
    out = tmp_path / "out"
    assert main(["extract", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"keikaku: error: {bad}: {reason}"), err
    assert not out.exists() or list(out.iterdir()) == []
