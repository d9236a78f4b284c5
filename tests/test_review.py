"""``keikaku review``: the site's structure, checked in every run (tests/test_review_browser.py
opens it in a browser where Chromium is installed).

Every node has its entry in the tree and its boxes on the pages, every box names a node of the
tree, every link of the page resolves (a fragment to an element, a file to a file in the site),
and nothing is fetched from the network.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.manifest import manifest_path
from keikaku.pipeline.model import Document, Initiative, walk
from keikaku.pipeline.review.pages import displayed, open_pdf, page_chars
from keikaku.pipeline.run import extract_with_source
from tests.conftest import MAIN_DOCUMENT
from tests.renditions import RENDITIONS
from tests.test_pdf import rendered  # noqa: F401  (the corpus rendered by reportlab)


class Site(HTMLParser):
    """What the index page holds: elements by id, links, files it loads, boxes, tree entries."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str]] = {}
        self.links: list[str] = []
        self.files: list[str] = []
        self.boxes: list[dict[str, str]] = []
        self.lines: list[dict[str, str]] = []
        self.feed((folder / "index.html").read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            assert a["id"] not in self.ids, f"id {a['id']} twice"
            self.ids[a["id"]] = a
        if tag == "a":
            self.links.append(a.get("href", ""))
        if tag in ("img", "script") and "src" in a:
            self.files.append(a["src"])
        if tag == "link":
            self.files.append(a["href"])
        classes = a.get("class", "").split()
        if "box" in classes and "data-node" in a:
            self.boxes.append(a)
        if "line" in classes:
            self.lines.append(a)

    def tree(self) -> set[str]:
        return {a["data-node"] for i, a in self.ids.items() if i.startswith("t-")}


def _nodes(document: Document) -> list:
    return [*(n for c in document.chapters for n in walk(c)), *document.glossary]


def _check_links(site: Site, folder: Path) -> None:
    for link in site.links:
        assert link.startswith("#"), f"a link leaves the page: {link}"
        assert link[1:] in site.ids, f"link {link} leads nowhere"
    for name in site.files:
        assert not name.startswith(("http:", "https:", "//", "/")), name
        assert (folder / name).is_file(), f"{name} is not in the site"
    text = (folder / "index.html").read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text  # nothing from the network


@pytest.fixture(scope="module")
def pdf_site(rendered, tmp_path_factory):  # noqa: F811
    folder = tmp_path_factory.mktemp("review") / "site"
    assert main(["review", str(rendered[0]), "-o", str(folder)]) == 0
    document, source = extract_with_source(rendered[0])
    return folder, Site(folder), document, source


def test_every_node_has_its_boxes_and_every_box_a_node(pdf_site) -> None:
    folder, site, document, _ = pdf_site
    tree = site.tree()
    drawn: dict[str, int] = {}
    for box in site.boxes:
        assert box["data-node"] in tree, f"box of {box['data-node']} names no node"
        assert box["href"] == f"#t-{box['data-node']}"
        drawn[box["data-node"]] = drawn.get(box["data-node"], 0) + 1
    for node in _nodes(document):
        assert node.id in tree
        assert drawn.get(node.id) == len(node.source.boxes), node.id
        assert site.ids[f"t-{node.id}"]["href"] == f"#b-{node.id}-0"
        for position, target in enumerate(getattr(node, "targets", ()), 1):
            assert drawn.get(f"{node.id}/target{position}") == len(target.source.boxes)
    # the 所管 cell of every initiative is found on the page by its characters
    with_departments = [
        n for n in _nodes(document) if isinstance(n, Initiative) and n.departments_raw
    ]
    assert all(drawn.get(f"{n.id}/departments") for n in with_departments)
    _check_links(site, folder)


def test_pages_and_unread_characters(pdf_site) -> None:
    folder, site, _, source = pdf_site
    pages = sorted(i for i in site.ids if i.startswith("page-"))
    with open_pdf(source.path) as pdf:
        assert len(pages) == len(pdf)
    images = list((folder / "pages").iterdir())
    assert len(images) == len(pages)
    # the reportlab rendering prints a running head and the page number on every page but the
    # cover; they belong to no node, so they are drawn as unread, and nothing else is
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert html.count('class="box unread"') == 2 * (len(pages) - 1)


def test_diagnostics_link_to_their_lines(pdf_site) -> None:
    _, site, document, source = pdf_site
    listed = [i for i in site.ids if i.startswith("g-")]
    assert len(listed) == len(document.diagnostics)
    for position, diagnostic in enumerate(document.diagnostics, 1):
        if diagnostic.line is not None:
            assert site.ids[f"g-{position}"]["href"] == f"#d-{position}-0"
            boxes = source.boxes[diagnostic.line - 1]
            assert all(f"d-{position}-{i}" in site.ids for i in range(len(boxes)))


def test_text_input_colours_its_lines_by_node(tmp_path, document) -> None:
    folder = tmp_path / "site"
    assert main(["review", str(MAIN_DOCUMENT), "-o", str(folder)]) == 0
    site = Site(folder)
    tree = site.tree()
    assert not (folder / "pages").exists()
    owned = [a for a in site.lines if "data-node" in a]
    assert owned and all(a["data-node"] in tree for a in owned)
    # every line the extraction assigned is coloured; the corpus has no unassigned line
    assert len(owned) == document.stats.lines_assigned
    assert 'class="line unread"' not in (folder / "index.html").read_text(encoding="utf-8")
    for node in _nodes(document):
        assert site.ids[f"t-{node.id}"]["href"] == f"#L{node.source.line}"
    _check_links(site, folder)


def test_a_second_review_replaces_the_first(tmp_path) -> None:
    folder = tmp_path / "site"
    assert main(["review", str(MAIN_DOCUMENT), "-o", str(folder)]) == 0
    (folder / "stale.txt").write_text("from before")
    assert main(["review", str(MAIN_DOCUMENT), "-o", str(folder)]) == 0
    assert not (folder / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left


BAD = [
    pytest.param("plan.json", b"{}", 2, "a plan .pdf or .txt is needed", id="json"),
    pytest.param("plan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(40), 1, "not a PDF file", id="png"),
    pytest.param("plan.txt", b"", 1, "empty file", id="empty-text"),
]


@pytest.mark.parametrize(("name", "data", "code", "reason"), BAD)
def test_bad_input_writes_nothing(tmp_path, capsys, name, data, code, reason) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "site"
    assert main(["review", str(bad), "-o", str(out)]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and str(bad) in err, err
    assert not out.exists()


def test_a_folder_holding_other_files_is_not_replaced(tmp_path, capsys) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    assert main(["review", str(MAIN_DOCUMENT), "-o", str(folder)]) == 5
    assert "not empty and not a review site" in capsys.readouterr().err
    assert (folder / "mine.txt").read_text() == "keep me"


ROTATIONS = [
    pytest.param(0, (10, 700, 20, 712), (10, 130, 20, 142), id="upright"),
    pytest.param(90, (10, 700, 20, 712), (700, 10, 712, 20), id="turned-90"),
    pytest.param(180, (10, 700, 20, 712), (575, 700, 585, 712), id="turned-180"),
    pytest.param(270, (10, 700, 20, 712), (130, 575, 142, 585), id="turned-270"),
]


@pytest.mark.parametrize(("rotation", "box", "expected"), ROTATIONS)
def test_displayed_turns_pdf_boxes_as_viewers_do(rotation, box, expected) -> None:
    assert displayed(box, rotation, 595, 842) == expected


def test_pdfium_characters_stand_where_pdfplumber_reads_them(tmp_path) -> None:
    """On every page of the fpdf2 rendition (one of them turned to landscape by /Rotate), the
    characters PDFium lists are where the loader's reader puts them."""
    import pdfplumber

    pdf_path = tmp_path / "plan.pdf"
    RENDITIONS["fpdf2"](pdf_path)
    shutil.copy(manifest_path(MAIN_DOCUMENT), manifest_path(pdf_path))
    turned = 0
    with open_pdf(pdf_path) as pdf, pdfplumber.open(pdf_path) as plumber:
        for index, page in enumerate(plumber.pages):
            turned += page.rotation != 0
            boxes: dict[str, list[tuple[float, float, float, float]]] = {}
            for c in page.chars:
                boxes.setdefault(c["text"], []).append((c["x0"], c["top"], c["x1"], c["bottom"]))
            chars = page_chars(pdf[index])
            near = 0
            for char in chars:
                # PDFium measures the ink, pdfplumber the type's em square: the ink's centre
                # stands in the square (a point of slack for rounding)
                x, y = (char.box[0] + char.box[2]) / 2, (char.box[1] + char.box[3]) / 2
                near += any(
                    x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1
                    for x0, top, x1, bottom in boxes.get(char.text, ())
                )
            assert near >= 0.98 * len(chars), (index + 1, near, len(chars))
    assert turned
