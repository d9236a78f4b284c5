"""The PDF loader's page spool (pipeline/loaders/pdf/spool.py) and its page readers: pages
past a budget of glyphs go to disk between the loader's passes, and a long document's pages
may be read by several processes; the document read is the same whether every page is held,
every page is spooled, or some of each, and whether one process or several read it (real PDFs
from ../shared/real-pdf/, skipped where absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from keikaku.pipeline.batch import share_jobs
from keikaku.pipeline.errors import InputError, LimitError
from keikaku.pipeline.loaders import pdf
from keikaku.pipeline.loaders.pdf import load_pdf, spool
from keikaku.pipeline.loaders.pdf.glyphs import Glyph
from keikaku.pipeline.loaders.pdf.lines import TextLine
from keikaku.pipeline.loaders.pdf.spool import PageSpool
from keikaku.pipeline.loaders.pdf.streams import StreamTooLarge
from tests.conftest import ROOT

REAL = ROOT.parent / "shared" / "real-pdf"

# several pages each, furniture and tables among them; both engines read each
MULTI_PAGE = ("otoineppu-koudoukeikaku", "otoineppu-sogosenryaku", "kangxi-finance-tex")


def _line(text: str, x0: float) -> TextLine:
    glyphs = [Glyph(c, x0 + 10 * i, x0 + 10 * i + 10, 0.0, 10.0, 10.0) for i, c in enumerate(text)]
    return TextLine(glyphs)


@pytest.mark.parametrize(
    ("budget", "sizes", "held"),
    [
        pytest.param(0, (5, 5), set(), id="no-budget-all-spooled"),
        pytest.param(10, (5, 5, 5), {1, 2}, id="held-until-the-budget-is-spent"),
        pytest.param(10, (11, 4), {2}, id="a-page-over-the-budget-leaves-it-for-smaller"),
        pytest.param(100, (5, 5), {1, 2}, id="all-held"),
    ],
)
def test_pages_are_held_within_the_budget(budget, sizes, held):
    pages = PageSpool[list[TextLine]](budget)
    for index, size in enumerate(sizes, start=1):
        pages.put(index, [_line("計画" * size, 0.0)], size)
    assert set(pages.held) == held
    assert set(pages.on_disk) == set(range(1, len(sizes) + 1)) - held
    pages.close()


def test_a_page_taken_and_put_back_keeps_its_place_and_content():
    pages = PageSpool[list[TextLine]](1)
    kept = [_line("総合戦略", 72.0)]
    spooled = [_line("第2期", 90.0), _line("(1)", 100.0)]
    pages.put(1, kept, 1)
    pages.put(2, spooled, 5)
    assert pages.take(1) is kept
    back = pages.take(2)
    assert [ln.text() for ln in back] == ["第2期", "(1)"]
    assert [(ln.x0, ln.x1, ln.top, ln.bottom) for ln in back] == [
        (ln.x0, ln.x1, ln.top, ln.bottom) for ln in spooled
    ]
    back[0] = _line("変更", 0.0)  # changed between passes, as the loader sets furniture aside
    pages.put(1, kept)
    pages.put(2, back)
    assert set(pages.held) == {1} and set(pages.on_disk) == {2}
    assert [ln.text() for ln in pages.take(2)] == ["変更", "(1)"]
    pages.close()


def test_a_glyph_pickles_to_an_equal_glyph():
    import pickle

    glyph = Glyph("⼀", 1.5, 11.25, 3.0, 13.0, 9.75, True, -1)
    assert pickle.loads(pickle.dumps(glyph, pickle.HIGHEST_PROTOCOL)) == glyph


def _read(path: Path, engine: str) -> tuple[object, ...]:
    source, diagnostics = load_pdf(path, engine=engine)
    return source.text, source.pages, source.boxes, diagnostics


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-pdf is not here")
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("name", MULTI_PAGE)
def test_spooled_pages_read_as_held_pages(name, engine, monkeypatch):
    path = REAL / f"{name}.pdf"
    monkeypatch.setattr(spool, "GLYPH_BUDGET", 10**9)
    held = _read(path, engine)
    monkeypatch.setattr(spool, "GLYPH_BUDGET", 0)
    assert _read(path, engine) == held
    monkeypatch.setattr(spool, "GLYPH_BUDGET", 1500)  # the first page or two held, then disk
    assert _read(path, engine) == held


# Pages read by several processes (load_pdf's jobs): the same document, in page order, and
# the errors the reading process would have raised. PAGES_PER_READER is set to 1 so that
# short documents are shared out too.


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-pdf is not here")
@pytest.mark.parametrize("engine", ["pdfplumber", "pdfium"])
@pytest.mark.parametrize("name", MULTI_PAGE)
def test_pages_read_in_parallel_read_as_in_one_process(name, engine, monkeypatch):
    path = REAL / f"{name}.pdf"
    one = _read(path, engine)
    monkeypatch.setattr(pdf, "PAGES_PER_READER", 1)
    done: list[tuple[int, int]] = []
    source, diagnostics = load_pdf(
        path, engine=engine, jobs=3, on_page=lambda *page: done.append(page)
    )
    assert (source.text, source.pages, source.boxes, diagnostics) == one
    assert done == [(n, len(done)) for n in range(1, len(done) + 1)]


def _reading_fails_on_page_two(how):
    def read_page(index, page):
        if index == 2:
            how()
        return real_read_page(index, page)

    real_read_page = pdf.read_page
    return read_page


def _exit():
    os._exit(3)


def _raise(error):
    def raising():
        raise error

    return raising


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-pdf is not here")
@pytest.mark.parametrize(
    ("how", "error", "message"),
    [
        pytest.param(
            _raise(ValueError("bad operator")),
            InputError,
            "otoineppu-koudoukeikaku.pdf: damaged or truncated PDF (bad operator)",
            id="damaged-page-names-the-file",
        ),
        pytest.param(_raise(MemoryError()), MemoryError, "", id="memory-limit-reaches-the-caller"),
        pytest.param(
            _raise(StreamTooLarge(100)),
            LimitError,
            "otoineppu-koudoukeikaku.pdf: a compressed stream decodes to more than 0.25 MiB "
            "(--max-stream-mib)",
            id="stream-over-the-cap-is-the-limit-error",
        ),
        pytest.param(
            _exit,
            RuntimeError,
            "otoineppu-koudoukeikaku.pdf: the process reading page 2 ended unexpectedly "
            "(exit status 3)",
            id="reader-that-dies-names-file-and-page",
        ),
    ],
)
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_fails_in_a_reader_fails_as_in_one_process(
    how, error, message, jobs, monkeypatch
):
    if how is _exit and jobs == 1:
        pytest.skip("only a reader process can die without taking the loader with it")
    monkeypatch.setattr(pdf, "PAGES_PER_READER", 1)
    monkeypatch.setattr(pdf, "read_page", _reading_fails_on_page_two(how))
    with pytest.raises(error) as raised:
        load_pdf(
            REAL / "otoineppu-koudoukeikaku.pdf",
            engine="pdfium",
            jobs=jobs,
            max_stream_bytes=1 << 18,
        )
    assert str(raised.value).endswith(message)


@pytest.mark.parametrize(
    ("jobs", "documents", "shared"),
    [
        pytest.param(2, 1, (1, 2), id="one-document-reads-its-pages-on-both-cores"),
        pytest.param(2, 6, (2, 1), id="a-batch-fills-the-cores-with-documents"),
        pytest.param(4, 3, (3, 1), id="jobs-not-shared-evenly-stay-unused"),
        pytest.param(8, 2, (2, 4), id="two-documents-four-readers-each"),
        pytest.param(1, 5, (1, 1), id="one-job"),
    ],
)
def test_jobs_are_shared_between_documents_and_their_pages(jobs, documents, shared):
    assert share_jobs(jobs, documents) == shared
