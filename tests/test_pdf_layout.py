"""Case tables for the PDF loader's stages (pipeline/loaders/pdf/): glyphs, lines, furniture,
columns, grids and composing. Each case is a small page made of glyphs placed by hand, with
what a reader would read from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from keikaku.pipeline.loaders.pdf.columns import FULL, LEFT, RIGHT, find_stretches, split_columns
from keikaku.pipeline.loaders.pdf.compose import (
    Composer,
    FlowLine,
    GridElement,
    contents_entry,
    leading_number,
)
from keikaku.pipeline.loaders.pdf.furniture import lines_to_furniture
from keikaku.pipeline.loaders.pdf.glyphs import Glyph, chars_to_glyphs, merge_overprints, turn_box
from keikaku.pipeline.loaders.pdf.lines import TextLine, glyphs_to_lines
from keikaku.pipeline.loaders.pdf.tables import Grid, merge_boxes
from tests.conftest import ROOT

SIZE = 10.0


def glyph(text: str, x0: float, bottom: float, size: float = SIZE, width: float | None = None):
    return Glyph(text, x0, x0 + (width or size), bottom - size, bottom, size)


def run(text: str, x0: float, bottom: float, size: float = SIZE) -> list[Glyph]:
    """Full-width characters side by side; ASCII half as wide."""
    out, x = [], x0
    for ch in text:
        width = size / 2 if ch.isascii() else size
        out.append(glyph(ch, x, bottom, size, width))
        x += width
    return out


def line(text: str, x0: float, bottom: float, size: float = SIZE) -> TextLine:
    return TextLine(run(text, x0, bottom, size))


# --- glyphs ---------------------------------------------------------------------------------

OVERPRINTS = [
    pytest.param(
        [glyph("重", 50, 100), glyph("重", 50.3, 100), glyph("重", 50.6, 100.2)],
        "重",
        True,
        id="fake-bold-three-copies",
    ),
    pytest.param(run("III", 50, 100), "III", False, id="narrow-letters-stay-apart"),
    pytest.param([glyph("要", 50, 100), glyph("要", 60, 100)], "要要", False, id="repeated-kanji"),
    pytest.param([glyph("A", 50, 100), glyph("B", 50.2, 100)], "AB", False, id="other-glyph"),
]


@pytest.mark.parametrize(("glyphs", "text", "bold"), OVERPRINTS)
def test_overprinted_glyphs_are_one(glyphs, text, bold) -> None:
    merged = merge_overprints(glyphs)
    assert "".join(g.text for g in merged) == text
    assert merged[0].bold is bold


def _char(text: str, x0: float, top: float, x1: float, bottom: float, matrix) -> dict:
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "size": SIZE,
        "matrix": matrix,
    }


def test_sideways_text_is_turned_to_read_left_to_right() -> None:
    # two characters running up the page (a landscape table on a portrait page): the lower
    # one is read first
    up = (0, 1, -1, 0, 0, 0)
    chars = [
        _char("目", 100, 500, 110, 510, up),
        _char("標", 100, 490, 110, 500, up),
    ]
    page = chars_to_glyphs(chars, 595, 842)
    assert page.direction == "up" and (page.width, page.height) == (842, 595)
    (read,) = glyphs_to_lines(page.glyphs)
    assert read.text() == "目標"
    assert turn_box((100, 490, 110, 510), "up", 595, 842) == (332, 100, 352, 110)


def test_unmapped_glyphs_are_counted_not_read() -> None:
    plain = (1, 0, 0, 1, 0, 0)
    chars = [_char("(cid:12)", 50, 90, 60, 100, plain), _char("字", 60, 90, 70, 100, plain)]
    page = chars_to_glyphs(chars, 595, 842)
    assert page.unmapped == 1 and [g.text for g in page.glyphs] == ["字"]


# --- lines ----------------------------------------------------------------------------------


def test_small_raised_digits_are_markers() -> None:
    body = run("リソース", 50, 100)
    raised = [glyph(d, 90 + 3 * i, 96, 6, 3) for i, d in enumerate("178")]
    (read,) = glyphs_to_lines([*body, *raised, glyph("を", 100, 100)])
    assert read.text() == "リソース¹⁷⁸を"


def test_small_digits_on_the_baseline_are_text() -> None:
    # 「60 万組」: half-width digits set smaller, on the baseline
    glyphs = [glyph("6", 50, 100, 7, 3.5), glyph("0", 53.5, 100, 7, 3.5), *run("万組", 60, 100)]
    (read,) = glyphs_to_lines(glyphs)
    assert "⁶" not in read.text() and read.text().startswith("60")


def test_a_note_number_hanging_left_of_its_text_is_its_marker() -> None:
    number = [glyph(d, 61 + 3 * i, 776, 5.6, 3) for i, d in enumerate("178")]
    text = run("リソース：資源", 72.9, 779.5, 8)
    (read,) = glyphs_to_lines([*number, *text])
    assert read.text() == "¹⁷⁸ リソース：資源"  # the gap after the number reads as a space
    assert leading_number(read) == 178


GAPS = [
    pytest.param([glyph("1", 50, 100, width=5), *run("行政", 80, 100)], "1\t行政", id="tab"),
    pytest.param(
        [glyph("A", 50, 100, width=5), glyph("B", 57.5, 100, width=5)], "A B", id="latin-space"
    ),
    pytest.param(run("行政", 50, 100), "行政", id="no-gap"),
]


@pytest.mark.parametrize(("glyphs", "text"), GAPS)
def test_gaps_become_spaces_and_cell_separators(glyphs, text) -> None:
    assert TextLine(glyphs).text() == text


def test_a_space_glyph_in_a_narrow_gap_is_a_space() -> None:
    glyphs = [glyph("1", 50, 100, width=5), *run("行政", 57.5, 100)]
    space = glyph(" ", 55, 100, width=2.5)
    (read,) = glyphs_to_lines([*glyphs, space])
    assert read.text() == "1 行政"


# A distance exactly at a threshold reads the same whichever way single precision (PDFium's
# coordinates) puts it: a hair over, a hair under, or on it (lines.TIE).
HAIR = 5e-5


def _stack(text: str, hair: float) -> list[Glyph]:
    """Characters set one under the other, touching (every other one a hair off)."""
    return [glyph(ch, 575, 110 + 10 * i + hair * (i % 2)) for i, ch in enumerate(text)]


TIES = [
    # kyuyo-teiin p3: 及 び 1.8 pt apart at 9 pt, a fifth of the size: not wider than it
    pytest.param(
        lambda h: [glyph("及", 50, 100, 9), glyph("び", 60.8 + h, 100, 9)], ["及び"], id="fifth"
    ),
    pytest.param(
        lambda h: [glyph("1", 50, 100, width=5), *run("行政", 70 + h, 100)],
        ["1 行政"],
        id="a-tab-gap-is-not-wider",
    ),
    # otoineppu-kyuyo-teiin p11, cao-shoshika p1: a label set 縦書き, its characters touching
    pytest.param(
        lambda h: [*_stack("２０〜２３歳", h), *run("本文", 50, 120)],
        ["本文", "２０〜２３歳"],
        id="touching-stack",
    ),
    # kyuyo-teiin p7: a space drawn over two characters that touch is no space
    pytest.param(
        lambda h: [
            *run("級等", 50, 100),
            *run("による", 70.24 + h, 100),
            glyph(" ", 67.87, 100, 9, 4.5),
        ],
        ["級等による"],
        id="space-over-a-seam",
    ),
    # cao-shoshika p3: a zero-width non-joiner draws nothing; the gap it leaves is a space
    pytest.param(
        lambda h: [
            *run("資料集", 50, 100),
            glyph("\u200c", 80, 100, width=3),
            glyph("」", 84 + h, 100),
        ],
        ["資料集 」"],
        id="invisible",
    ),
]


@pytest.mark.parametrize(("make", "texts"), TIES)
def test_a_distance_at_a_threshold_reads_alike_a_hair_either_way(make, texts) -> None:
    for hair in (-HAIR, 0.0, HAIR):
        assert sorted(ln.text() for ln in glyphs_to_lines(make(hair))) == sorted(texts), hair


def test_lines_level_to_a_hair_are_read_left_to_right() -> None:
    """kampo-page: a vertical line ends level with a row of characters beside it."""
    for hair in (-HAIR, HAIR):
        tab = [glyph("縦", 200, 90), glyph("書", 200, 100 + hair), glyph("き", 200, 110)]
        lines = glyphs_to_lines([*run("左の行", 50, 100), *tab])
        assert [ln.text() for ln in lines] == ["左の行", "縦書き"], hair


def test_characters_stacked_alone_read_as_one_vertical_line() -> None:
    tab = [glyph(ch, 575, 117 + 13 * i) for i, ch in enumerate("第3章行財政")]
    body = run("本文の行", 50, 120)
    lines = glyphs_to_lines([*tab, *body])
    assert sorted(ln.text() for ln in lines) == ["本文の行", "第3章行財政"]
    assert [ln.vertical for ln in lines if ln.text() == "第3章行財政"] == [True]


# --- furniture ------------------------------------------------------------------------------


def _page(index: int, header: str | None, footer: list[str]) -> list[TextLine]:
    words = "あいうえおかきくけこさしすせそたちつてと"
    lines = [line(words[index + k] * 20, 50, 100 + 20 * k) for k in range(10)]
    if header is not None:
        lines.append(line(header, 50, 40))
    for k, text in enumerate(footer):
        lines.append(line(text, 50 + 150 * k, 800))
    return lines


def test_repeated_header_and_page_numbers_are_furniture() -> None:
    pages = [
        _page(i, "第2次札幌市まちづくり戦略ビジョン", ["札幌市 2023", str(176 + i)])
        for i in range(4)
    ]
    found = lines_to_furniture(pages)
    assert found.printed == (176, 177, 178, 179)
    for lines, aside in zip(pages, found.lines, strict=True):
        set_aside = {ln.text() for ln in lines if id(ln) in aside}
        assert "第2次札幌市まちづくり戦略ビジョン" in set_aside
        assert all(text[0] not in "あいうえおかきくけこさしすせそたちつてと" for text in set_aside)


PRINTED = [
    pytest.param(lambda i: ["20220101102022052792221"], (None, None, None), id="slug"),
    pytest.param(lambda i: ["2023/10/31", str(12 + i)], (12, 13, 14), id="date-beside-it"),
    pytest.param(lambda i: [f"- {5 + i} -"], (5, 6, 7), id="dashes-around"),
    pytest.param(lambda i: [chr(0xFF17 + i)], (7, 8, 9), id="full-width-digits"),
    pytest.param(lambda i: ["札幌市 2023", str(176 + i)], (176, 177, 178), id="year-beside-it"),
]


@pytest.mark.parametrize(("footer", "printed"), PRINTED)
def test_printed_page_number_follows_the_pages(footer, printed) -> None:
    pages = [_page(i, None, footer(i)) for i in range(3)]
    assert lines_to_furniture(pages).printed == printed


# --- columns --------------------------------------------------------------------------------


def _two_columns(rows: int) -> list[TextLine]:
    lines = []
    for k in range(rows):
        left = run("左の段の文章" * 2, 50, 100 + 16 * k)
        right = run("右の段の文章" * 2, 320, 100 + 16 * k)
        lines.append(TextLine(left + right))
    return lines


def test_two_columns_are_read_column_by_column() -> None:
    title = line("二段にまたがる見出し" * 3, 50, 80)
    under = line("二段の下の箇条書きの行" * 3, 50, 100 + 16 * 9)
    lines = [title, *_two_columns(8), under]
    stretches = find_stretches(lines, 595)
    assert len(stretches) == 1 and 170 < stretches[0].gutter < 320
    columns = [column for column, _ in split_columns(lines, stretches)]
    assert columns.count(LEFT) == 8 and columns.count(RIGHT) == 8
    assert columns[0] == FULL and columns[-1] == FULL


def test_an_unruled_table_is_not_two_columns() -> None:
    rows = [
        TextLine(
            run("目標", 66, 100 + 17 * k)
            + run("指標の名前の文章が続く", 102, 100 + 17 * k)
            + run("2022年", 389, 100 + 17 * k)
            + run("2027年", 464, 100 + 17 * k)
        )
        for k in range(8)
    ]
    assert find_stretches(rows, 595) == []


# --- grids ----------------------------------------------------------------------------------


def test_boxes_side_by_side_are_one_row() -> None:
    boxes = [
        Grid((((x, 100.0, x + 90.0, 120.0),),), (x, 100.0, x + 90.0, 120.0)) for x in (50, 150, 250)
    ]
    (grid,) = merge_boxes(boxes)
    assert len(grid.rows) == 1 and len(grid.rows[0]) == 3 and grid.drawn == "boxes"


def test_a_frame_around_a_table_is_not_a_box() -> None:
    table = Grid(
        (((50.0, 100.0, 100.0, 120.0), (100.0, 100.0, 200.0, 120.0)),),
        (50.0, 100.0, 200.0, 120.0),
    )
    frame = Grid((((40.0, 90.0, 210.0, 130.0),),), (40.0, 90.0, 210.0, 130.0))
    assert merge_boxes([table, frame]) == [table]


# --- composing ------------------------------------------------------------------------------


def compose(lines: list[TextLine], edge: float = 300.0, pitch: float = 1.6) -> list[str]:
    composer = Composer(pitch)
    left = min(ln.x0 for ln in lines)
    composer.page([FlowLine(ln, FULL, edge, left) for ln in lines], (1, None))
    return [text for text in composer.finish().lines if text]


COMPOSE = [
    pytest.param(
        [line("あ" * 25, 50, 100), line("い" * 10, 50, 116)],
        ["あ" * 25 + "い" * 10],
        id="wrapped-at-the-edge",
    ),
    pytest.param(
        [line("あ" * 10, 50, 100), line("い" * 10, 50, 116)],
        ["あ" * 10, "い" * 10],
        id="short-line-ends-a-paragraph",
    ),
    pytest.param(
        [line("あ" * 25, 50, 100), line("い" * 10, 50, 140)],
        ["あ" * 25, "い" * 10],
        id="a-wider-gap-ends-a-paragraph",
    ),
    pytest.param(
        [line("●" + "あ" * 24, 50, 100), line("い" * 10, 60, 116), line("●う", 50, 132)],
        ["●" + "あ" * 24 + "い" * 10, "●う"],
        id="hanging-bullets",
    ),
    pytest.param(
        [line("・" + "あ" * 24, 50, 100), line("・い", 50, 116)],
        ["・" + "あ" * 24, "・い"],
        id="a-list-marker-where-items-start-begins-an-item",
    ),
    pytest.param(
        [line("あ" * 25, 50, 100), line("、い", 50, 116)],
        ["あ" * 25 + "、い"],
        id="kinsoku-goes-on",
    ),
    pytest.param(
        [line("あ" * 25, 50, 100), line("い" * 10, 50, 116, 12)],
        ["あ" * 25, "い" * 10],
        id="other-type-size",
    ),
    pytest.param(
        [line("あ" * 25, 50, 100), line("い" * 10, 90, 116)],
        ["あ" * 25, "い" * 10],
        id="further-right-is-no-wrap",
    ),
]


@pytest.mark.parametrize(("lines", "expected"), COMPOSE)
def test_paragraphs_are_rejoined_as_a_reader_reads_them(lines, expected) -> None:
    assert compose(lines) == expected


def test_a_footnote_follows_the_paragraph_it_interrupted() -> None:
    marked = TextLine(
        run("あ" * 24, 50, 100), [glyph(d, 290 + 3 * i, 96, 6, 3) for i, d in enumerate("12")]
    )
    note = line("12 用語：説明の文。", 50, 400, 8)
    again = line("い" * 10, 50, 500)
    assert compose([marked, note, again]) == ["あ" * 24 + "¹²", "¹² 用語：説明の文。", "い" * 10]


def test_a_number_in_smaller_type_without_its_marker_is_no_footnote() -> None:
    assert compose([line("12 数字で始まる小さな行", 50, 100, 8)]) == ["12 数字で始まる小さな行"]


def test_unruled_rows_keep_their_columns() -> None:
    head = TextLine(
        run("目標", 66, 100)
        + run("指標", 102, 100)
        + run("2022年", 389, 100)
        + run("2027年", 464, 100)
    )
    values = TextLine(run("100%", 393, 117) + run("50%", 470, 117))
    assert compose([head, values], edge=520) == ["目標\t指標\t2022年\t2027年", "\t\t100%\t50%"]


def test_a_wrapped_cell_of_an_unruled_table_goes_on_its_cell() -> None:
    head = TextLine(run("目標", 66, 100) + run("指" * 27, 102, 100) + run("2022年", 389, 100))
    wrapped = line("続き", 102, 117)
    assert compose([head, wrapped], edge=450) == ["目標\t" + "指" * 27 + "続き\t2022年"]


CONTENTS = [
    pytest.param(
        "評価・検証の仕組み ・・・・・・・・ 3", "評価・検証の仕組み\t3", id="dot-leaders"
    ),
    pytest.param("策定の趣旨……………1", "策定の趣旨\t1", id="ellipsis-leaders"),
    pytest.param("1 行政運営の取組", "1 行政運営の取組", id="no-leaders"),
]


@pytest.mark.parametrize(("text", "expected"), CONTENTS)
def test_contents_lines_lose_their_leaders(text, expected) -> None:
    assert contents_entry(text) == expected


def test_a_row_split_by_a_page_break_is_one_row() -> None:
    composer = Composer(1.6)
    label, text = (50.0, 100.0, 150.0, 130.0), (150.0, 100.0, 300.0, 130.0)
    first = Grid(((label, text),), (50.0, 100.0, 300.0, 130.0))
    wrapped = [line("あ" * 14, 152, 125)]  # runs to the cell's edge
    composer.page([GridElement(first, [[[line("方針1", 52, 125)], wrapped]])], (1, None))
    label, text = (50.0, 40.0, 150.0, 60.0), (150.0, 40.0, 300.0, 60.0)
    rest = Grid(((label, text),), (50.0, 40.0, 300.0, 60.0))
    composer.page([GridElement(rest, [[[], [line("続き", 152, 55)]]], fresh=True)], (2, None))
    assert [t for t in composer.finish().lines if t] == ["方針1\t" + "あ" * 14 + "続き"]


# --- the boundary ---------------------------------------------------------------------------


def test_loaders_import_nothing_from_the_parsers() -> None:
    for path in sorted((ROOT / "pipeline" / "loaders").rglob("*.py")):
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert not any(
                n == "keikaku.parsers" or n.startswith("keikaku.parsers.") for n in names
            ), path


def test_type_too_small_to_round_still_has_furniture_read() -> None:
    # 0.14 pt type (a hostile file): rounding its size must not leave a page without a body
    pages = [[line("本文", 50, 100 + k, 0.14) for k in range(5)] for _ in range(3)]
    assert lines_to_furniture(pages).printed == (None, None, None)


def test_a_stream_decoding_past_the_cap_stops_the_document() -> None:
    import zlib

    from pdfminer import pdftypes

    from keikaku.pipeline.loaders.pdf.streams import StreamTooLarge, bounded_streams

    data = zlib.compress(b" " * 5000)
    with bounded_streams(4096):
        with pytest.raises(StreamTooLarge):
            pdftypes.zlib.decompress(data)
        assert pdftypes.zlib.decompress(zlib.compress(b"abc")) == b"abc"
    assert pdftypes.zlib is zlib  # restored
