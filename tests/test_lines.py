"""Case table for the per-line normalisation (parsers/lines.py): every fold, and what stays."""

import pytest

from keikaku.parsers.lines import CHARACTER_FOLDS, normalize_line

CASES = [
    pytest.param("\u2f8f政の\u2f6c標", "行政の目標", id="kangxi-radicals"),
    pytest.param("\uf9dc", "\u9686", id="compatibility-ideograph"),
    pytest.param("\u2ee9\u2eed\u2ef2", "黄歯亀", id="radicals-supplement"),
    pytest.param(
        "町\u2ed1 \u2ec4区 \u2ea0間 \u2ed8年", "町長 西区 民間 青年", id="radicals-in-real-pdfs"
    ),
    pytest.param("\u2e8c\u2e8d", "小小", id="radical-range-line"),
    pytest.param("\u31d0", "一", id="cjk-stroke"),
    pytest.param("\u2e80", "\u2e80", id="supplement-without-an-ideograph-stays"),
    pytest.param("２０２２年", "2022年", id="full-width-digits"),
    pytest.param("ＤＸの推進", "DXの推進", id="full-width-letters"),
    pytest.param("（注）：／＝", "（注）：／＝", id="full-width-punctuation-stays"),
    pytest.param("¹⁷⁸①〜", "¹⁷⁸①〜", id="markers-circled-and-wave-dash-stay"),
    pytest.param("手續", "手續", id="old-form-kanji-stays"),
    pytest.param("目標  率    2022年  2027年", "目標\t率\t2022年\t2027年", id="spaces-as-cells"),
    pytest.param("        100%    100%", "\t100%\t100%", id="leading-spaces-as-cell"),
    pytest.param("2022 年 50,861 時間", "2022 年 50,861 時間", id="single-spaces-stay"),
    *(
        pytest.param(char, folded, id=f"fold-{ord(char):04x}")
        for char, folded in CHARACTER_FOLDS.items()
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_line(text: str, expected: str) -> None:
    assert normalize_line(text) == expected


def test_the_fold_table() -> None:
    assert CHARACTER_FOLDS == {
        "\u2027": "\u30fb",
        "\u2215": "\uff0f",
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
