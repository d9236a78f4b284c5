"""``keikaku diff OLD NEW --html FILE``: the diff as a page, on the synthetic next edition
(tests/next_edition.py), with and without the editions' review sites."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.diff import diff_documents
from keikaku.pipeline.diff_html import changes_to_html, marked
from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.manifest import manifest_path
from tests.conftest import MAIN_DOCUMENT, extract_text
from tests.next_edition import next_edition


class Page(HTMLParser):
    """Headings, rows (their cells' HTML), links and ids of a page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._heading: str | None = None
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "h2":
            self._heading = ""
        if tag == "tr":
            self.rows.append([])
        if tag == "td":
            self._cell = []
        elif self._cell is not None and tag in ("del", "ins"):
            self._cell.append(f"<{tag}>")

    def handle_endtag(self, tag) -> None:
        if tag == "h2" and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif self._cell is not None and tag in ("del", "ins"):
            self._cell.append(f"</{tag}>")

    def handle_data(self, data) -> None:
        if self._heading is not None:
            self._heading += data
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions")
    old = folder / MAIN_DOCUMENT.name
    old.write_bytes(MAIN_DOCUMENT.read_bytes())
    shutil.copy(manifest_path(MAIN_DOCUMENT), manifest_path(old))
    text = next_edition(MAIN_DOCUMENT.read_text(encoding="utf-8"))
    new = folder / "ap2028-ch3-gyosei.txt"
    extract_text(folder, text, name=new.name)  # writes the text beside the old edition
    assert new.is_file()
    return old, new


MARKS = [
    pytest.param(
        "2027 975人", "2027 1,000人", "2027 <del>975</del>人", "2027 <ins>1,000</ins>人", id="value"
    ),
    pytest.param("総）行政部", "総）行政部", "総）行政部", "総）行政部", id="same"),
    pytest.param(
        None,
        "地域の相談窓口連携事業",
        '<span class="none">—</span>',
        "地域の相談窓口連携事業",
        id="added",
    ),
    pytest.param("a<b", "a>b", "a<del>&lt;</del>b", "a<ins>&gt;</ins>b", id="escaped"),
    pytest.param(
        "2027 8,500台",
        "2027 9,000台",
        "2027 <del>8,500</del>台",
        "2027 <ins>9,000</ins>台",
        id="whole-number",
    ),
    pytest.param(178, 1, "<del>178</del>", "<ins>1</ins>", id="renumbered"),
    pytest.param(
        "児童虐待予防",
        "児童虐待の予防",
        "児童虐待予防",
        "児童虐待<ins>の</ins>予防",
        id="one-character-inserted",
    ),
]


@pytest.mark.parametrize(("old", "new", "left", "right"), MARKS)
def test_marked_shows_what_changed(old, new, left, right) -> None:
    assert marked(old, new) == (left, right)


def test_the_page_groups_every_change_by_policy(tmp_path, editions) -> None:
    old, new = editions
    page = tmp_path / "diff.html"
    assert main(["diff", str(old), str(new), "--html", str(page)]) == 1
    parsed = Page(page.read_text(encoding="utf-8"))
    changes = diff_documents(
        json.loads(document_to_json_of(old)), json.loads(document_to_json_of(new))
    )
    rows = [r for r in parsed.rows if r]
    assert len(rows) == len(changes)
    expected_headings = []
    for change in changes:
        heading = "Glossary" if change.scope == "glossary" else f"取組方針 {change.policy}"
        if heading not in expected_headings:
            expected_headings.append(heading)
    assert [h.rsplit(" (", 1)[0] for h in parsed.headings] == expected_headings
    value = next(r for r in rows if "ch3.s1.p2.pol1.g1.i3" in r[1] and "target" in r[0])
    assert value[2:] == ["2027 <del>975</del>人", "2027 <ins>1,000</ins>人"]
    assert not parsed.links  # no review sites: no links


def document_to_json_of(path: Path) -> str:
    from keikaku.pipeline.run import extract

    return document_to_json(extract(path))


def test_links_lead_to_both_review_sites(tmp_path, editions) -> None:
    old, new = editions
    sites = tmp_path / "sites"
    for edition in (old, new):
        assert main(["review", str(edition), "-o", str(sites / edition.stem)]) == 0
    page = tmp_path / "pages" / "diff.html"
    args = ["diff", str(old), str(new), "--html", str(page)]
    args += ["--old-review", str(sites / old.stem), "--new-review", str(sites / new.stem)]
    assert main(args) == 1
    parsed = Page(page.read_text(encoding="utf-8"))
    seen = {"old": 0, "new": 0}
    for link in parsed.links:
        file, _, fragment = link.partition("#")
        target = (page.parent / file).resolve()
        assert target.is_file(), link
        if fragment:
            ids = _ids_of(target)
            assert unquote(fragment) in ids, link
            seen["old" if old.stem in file else "new"] += 1
    assert seen["old"] > 10 and seen["new"] > 10


def _ids_of(index: Path) -> set[str]:
    return Page(index.read_text(encoding="utf-8")).ids


def test_html_and_json_are_one_or_the_other(tmp_path, editions, capsys) -> None:
    old, new = editions
    with pytest.raises(SystemExit) as stopped:
        main(["diff", str(old), str(new), "--json", "--html", str(tmp_path / "d.html")])
    assert stopped.value.code == 2


def test_no_differences(tmp_path, editions) -> None:
    old, _ = editions
    page = tmp_path / "same.html"
    assert main(["diff", str(old), str(old), "--html", str(page)]) == 0
    assert "No differences." in page.read_text(encoding="utf-8")


def test_a_missing_review_site_is_a_usage_error(tmp_path, editions, capsys) -> None:
    old, new = editions
    page = tmp_path / "diff.html"
    args = ["diff", str(old), str(new), "--html", str(page), "--old-review", str(tmp_path)]
    assert main(args) == 2
    assert "not a review site" in capsys.readouterr().err
    assert not page.exists()


def test_changes_to_html_escapes_what_it_prints(tmp_path) -> None:
    from keikaku.pipeline.diff import Change

    change = Change("initiative", "renamed", "1 <b>", "x.i1", "x.i1", "<script>", "a", "b")
    text = changes_to_html([change], "old<", "new>", tmp_path / "d.html")
    assert "<script>" not in text and "&lt;script&gt;" in text and "<b>" not in text
