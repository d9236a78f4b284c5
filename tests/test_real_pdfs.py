"""Real Japanese municipal and government PDFs that nobody on this project made
(../shared/real-pdf/, provenance in its SOURCES.md; skipped where that folder is absent).

For every file: no traceback, a document or one clear line, nothing from pdfminer on stderr;
no glyph repeated by fake-bold overprinting; printed page numbers that follow the pages. For
the plan-like files of Otoineppu village, what a reader sees on the page: contents lines,
headings, the KPI table rows, the 目標 / 推進者 table.
"""

from __future__ import annotations

import sqlite3
from functools import cache

import pytest
import regex

from keikaku.parsers.lines import text_to_lines
from keikaku.pipeline.cli import main
from keikaku.pipeline.loaders.pdf import load_pdf
from keikaku.pipeline.model import Line, SourceText
from tests.conftest import ROOT

REAL = ROOT.parent / "shared" / "real-pdf"
PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(not PDFS, reason="../shared/real-pdf is not here")

OVERPRINTED = regex.compile(r"(\p{Han})\1\1")  # 「重重重」: one glyph drawn three times
RADICALS = regex.compile(r"[\u2E80-\u2FDF]")


@cache
def loaded(name: str) -> tuple[SourceText, list]:
    return load_pdf(REAL / name)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_a_document_or_one_clear_line(pdf, tmp_path, capsys) -> None:
    code = main(["extract", str(pdf), "-o", str(tmp_path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "pdfminer" not in captured.err
    assert "FontBBox" not in captured.err
    if code == 0:
        assert list(tmp_path.glob("*.json"))
        with sqlite3.connect(tmp_path / "keikaku.sqlite") as db:  # every document loads
            assert db.execute("SELECT count(*) FROM editions").fetchone()[0] == 1
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    else:
        assert code == 1, captured.err
        lines = [line for line in captured.err.splitlines() if line.strip()]
        assert len(lines) == 1 and pdf.name in lines[0], captured.err


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_no_overprinted_glyphs_and_sane_page_numbers(pdf) -> None:
    source, _ = loaded(pdf.name)
    assert not OVERPRINTED.search(source.text), OVERPRINTED.search(source.text)
    offsets = {span.printed_page - span.page for span in source.pages if span.printed_page}
    assert len(offsets) <= 1, offsets  # the printed number goes up with the pages
    assert all(
        span.printed_page is None or 0 <= span.printed_page < 10_000 for span in source.pages
    )
    folded = "\n".join(line.text for line in text_to_lines(source.lines))
    assert not RADICALS.search(folded)


def _lines(name: str) -> list[str]:
    return [line.text for line in loaded(name)[0].lines]


def test_unmapped_glyphs_are_a_diagnostic_with_their_page() -> None:
    _, diagnostics = loaded("hokkaido-nyusatsu-tebiki.pdf")
    found = [d for d in diagnostics if d.code == "pdf-unmapped-glyphs"]
    assert [d.page for d in found] == [15, 81]


def test_radicals_supplement_characters_fold() -> None:
    source, _ = loaded("hokkaido-nyusatsu-tebiki.pdf")
    assert "\u2ed1" in source.text  # the text layer prints ⻑ (CJK Radicals Supplement)
    folded = "\n".join(line.text for line in text_to_lines(source.lines))
    assert "町長" in folded


def test_the_slug_is_no_page_number() -> None:
    source, _ = loaded("cao-shoshika-hakusho-r4.pdf")
    assert sorted({s.printed_page for s in source.pages}) == [10, 11, 12, 13, 14, 15]


def test_a_raised_marker_is_a_marker_and_a_smaller_number_is_not() -> None:
    text = loaded("cao-shoshika-hakusho-r4.pdf")[0].text
    assert "過去最低を更新した¹" in text.replace(" ", "")
    assert "¹ なお、厚生労働省" in text  # its note
    assert "⁶⁰" not in text  # 「60 万組」: smaller, not raised


SOGO = [
    pytest.param("策定の趣旨\t１", id="contents-entry"),
    pytest.param("１ 村の振興の要となる高校の機能強化\t７", id="contents-entry-numbered"),
    pytest.param("１．村の振興の要となる高校の機能強化", id="heading-in-a-band"),
    pytest.param(
        "重要業績評価指標（ＫＰＩ）\t現状値（2014年度）\t目標値（2019年度）", id="kpi-header"
    ),
    pytest.param("中学校訪問実施校数\t年１１１校\t年１１１校", id="kpi-row"),
    pytest.param(
        "・村立おといねっぷ美術工芸高等学校振興事業（生徒募集のための中学校訪問）",
        id="main-project",
    ),
]


@pytest.mark.parametrize("expected", SOGO)
def test_the_second_plan_reads_as_printed(expected) -> None:
    lines = [_cells(t) for t in _lines("otoineppu-sogosenryaku.pdf")]
    assert _cells(expected) in lines


def _cells(text: str) -> str:
    """Tab-separated cells without their white space (spaces set between characters)."""
    return "\t".join("".join(cell.split()) for cell in text.strip().split("\t"))


def test_a_paragraph_set_beside_a_figure_is_rejoined() -> None:
    lines = _lines("otoineppu-sogosenryaku.pdf")
    assert any(
        t.startswith("○一方で、本村には『おといねっぷ美術工芸高等学校』の存在があり") for t in lines
    )


def test_the_target_and_promoter_table_reads_by_rows() -> None:
    rows = [t for t in _lines("otoineppu-koudoukeikaku.pdf") if t.startswith("②出産費用")]
    assert rows and rows[0].split("\t")[-1].replace(" ", "") == "総務課長所属長"


def test_a_table_on_a_sideways_page_reads_row_by_row() -> None:
    # table 2 on page 14 is printed turned a quarter; its header row, read turned back
    rows = [_cells(t) for t in _lines("hokkaido-nyusatsu-tebiki.pdf")]
    header = _cells("地域\t自治体名\t営業年数に関すること\t完成工事高に関すること\tその他の要件")
    folded = ["\n".join(line.text for line in text_to_lines([Line(1, row)])) for row in rows]
    assert header in folded
