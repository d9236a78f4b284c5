"""The two character sources of the PDF loader (pdfplumber, the default and reference, and
PDFium, `--pdf-engine pdfium`) give the loader the same page, so the same lines, pages and
diagnostics, on PDFs nobody on this project wrote against: the real PDFs in
../shared/real-pdf/ (skipped where absent) and the four renditions of the corpus (reportlab's,
scripts/render_pdf.py, and those of tests/renditions); and the printed lines' boxes agree to
PDFium's precision.

PDFium computes coordinates in single precision, pdfminer in double: the same character's box
differs by up to about 1e-4 pt. The loader compares distances to its thresholds with that
much slack (lines.TIE), so a distance exactly at a threshold (a gap of a fifth of the size,
tables 3 pt apart, lines one character apart) reads the same from both. A case that does not
agree yet is marked xfail (strict: one that starts to pass fails the run, so its mark is taken
off), with the first difference seen.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from functools import cache
from pathlib import Path

import pytest

from keikaku.pipeline.errors import InputError
from keikaku.pipeline.loaders.pdf import load_pdf
from keikaku.pipeline.manifest import manifest_path
from keikaku.pipeline.model import Box
from tests.conftest import MAIN_DOCUMENT, ROOT
from tests.renditions import HELD_OUT, RENDITIONS

REAL = ROOT.parent / "shared" / "real-pdf"
REAL_PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
RENDERED = ["reportlab", *RENDITIONS, *HELD_OUT]

# PDFium keeps coordinates in single precision: a box rounded to 2 decimals may differ by 0.01
BOX_SLACK = 0.02
# where the boxes still differ, with the first difference seen
BOXES_APART = {
    # p1: the title set in fake bold (each glyph drawn twice, 0.24 pt apart): PDFium's text
    # page gives the characters of the first copy to the second text object, and the first
    # copy is not put back (pdfium._left_out looks only at the objects drawn before one)
    "otoineppu-sogosenryaku": "p1: a fake-bold line's box ends 0.24 pt lower (the second copy)",
}


def _render_reportlab(out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("render_pdf", ROOT / "scripts" / "render_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_pdf"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.render(MAIN_DOCUMENT.read_text(encoding="utf-8"), out)
    shutil.copy(manifest_path(MAIN_DOCUMENT), manifest_path(out))
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("engines")
    made = {"reportlab": _render_reportlab(folder / "ap2023-ch3-gyosei.pdf")}
    for name, render in {**RENDITIONS, **HELD_OUT}.items():
        made[name] = render(folder / f"ap2023-ch3-gyosei.{name}.pdf")
    return made


Read = tuple[object, ...]


@cache
def _read(path: Path, engine: str) -> Read:
    """What the loader gives: lines, pages, diagnostics and boxes (or the error)."""
    try:
        source, diagnostics = load_pdf(path, engine=engine)
    except InputError as error:
        return ("error", str(error))
    return (
        [line.text for line in source.lines],
        source.pages,
        [(d.severity, d.code, d.message, d.page, d.printed_page) for d in diagnostics],
        source.boxes,
    )


def _compare_text(path: Path) -> None:
    plumber, pdfium = _read(path, "pdfplumber"), _read(path, "pdfium")
    if plumber[0] == "error" or pdfium[0] == "error":
        assert plumber == pdfium
        return
    assert isinstance(plumber[0], list) and isinstance(pdfium[0], list)
    for number, (a, b) in enumerate(zip(plumber[0], pdfium[0], strict=False), start=1):
        assert a == b, f"{path.name} line {number}"
    assert len(plumber[0]) == len(pdfium[0]), "line counts"
    assert plumber[1] == pdfium[1], "pages"
    assert plumber[2] == pdfium[2], "diagnostics"


def _boxes_apart(path: Path) -> list[str]:
    plumber, pdfium = _read(path, "pdfplumber"), _read(path, "pdfium")
    if plumber[0] == "error":
        return [] if plumber == pdfium else [f"{plumber!r:.200} != {pdfium!r:.200}"]
    ours, theirs = plumber[3], pdfium[3]
    assert isinstance(ours, tuple) and isinstance(theirs, tuple)
    apart = []
    for number, (mine, other) in enumerate(zip(ours, theirs, strict=True), 1):
        assert len(mine) == len(other), f"line {number}: {len(mine)} != {len(other)} boxes"
        for a, b in zip(mine, other, strict=True):
            if not _same_box(a, b):
                apart.append(f"line {number}: {a} != {b}")
    return apart


def _same_box(a: Box, b: Box) -> bool:
    sides = zip((a.x0, a.top, a.x1, a.bottom), (b.x0, b.top, b.x1, b.bottom), strict=True)
    return a.page == b.page and all(abs(x - y) <= BOX_SLACK for x, y in sides)


def _real(name: str, apart: dict[str, str]) -> object:
    reason = apart.get(name)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(REAL / f"{name}.pdf", id=name, marks=marks)


@pytest.mark.skipif(not REAL_PDFS, reason="../shared/real-pdf is not here")
@pytest.mark.parametrize("path", [_real(pdf.stem, {}) for pdf in REAL_PDFS])
def test_real_pdf_reads_the_same_with_both_engines(path: Path) -> None:
    _compare_text(path)


@pytest.mark.skipif(not REAL_PDFS, reason="../shared/real-pdf is not here")
@pytest.mark.parametrize("path", [_real(pdf.stem, BOXES_APART) for pdf in REAL_PDFS])
def test_real_pdf_boxes_agree(path: Path) -> None:
    assert _boxes_apart(path) == []


@pytest.mark.parametrize("name", RENDERED)
def test_rendition_reads_the_same_with_both_engines(name: str, rendered: dict[str, Path]) -> None:
    _compare_text(rendered[name])


@pytest.mark.parametrize("name", RENDERED)
def test_rendition_boxes_agree(name: str, rendered: dict[str, Path]) -> None:
    assert _boxes_apart(rendered[name]) == []


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown PDF engine"):
        load_pdf(tmp_path / "plan.pdf", engine="poppler")
