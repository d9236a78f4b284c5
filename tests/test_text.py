"""Case table for cleaning printed text: markers out, extraction spaces out, words kept apart."""

import pytest

from keikaku.parsers.text import clean_text, split_markers

CASES = [
    pytest.param(
        "デジタル改革推進チーム（デジタルC o E） ¹⁸¹ による行政DXの推進",
        "デジタル改革推進チーム（デジタルCoE）による行政DXの推進",
        (181,),
        id="coe-marker",
    ),
    pytest.param(
        "市民への S N S 等を利用した情報発信",
        "市民へのSNS等を利用した情報発信",
        (),
        id="spelled-sns",
    ),
    pytest.param("E BPM¹⁷⁹の観点による", "EBPMの観点による", (179,), id="e-bpm-marker-no-space"),
    pytest.param(
        "PFS ・ SIBの活用の検討", "PFS・SIBの活用の検討", (), id="middle-dot-between-latin"
    ),
    pytest.param(
        "業務改善（B P R ¹⁸⁴ ）を推進", "業務改善（BPR）を推進", (184,), id="bpr-in-brackets"
    ),
    pytest.param("リソース¹⁷⁸を、市民への", "リソースを、市民への", (178,), id="marker-tight"),
    pytest.param(
        "RPAやAI-OCR ¹⁹³ 等を積極的に", "RPAやAI-OCR等を積極的に", (193,), id="hyphenated-acronym"
    ),
    pytest.param(
        "（PFS） ²⁰¹ やソーシャル・インパクト・ボンド（SIB） ²⁰² の研究",
        "（PFS）やソーシャル・インパクト・ボンド（SIB）の研究",
        (201, 202),
        id="two-markers",
    ),
    pytest.param(
        "広聴事業「Meet for the Next」を開催",
        "広聴事業「Meet for the Next」を開催",
        (),
        id="english-words-kept",
    ),
    pytest.param(
        "（Team-Sapporo Hokkaido の設置）",
        "（Team-Sapporo Hokkaidoの設置）",
        (),
        id="words-kept-space-before-kana-dropped",
    ),
    pytest.param(
        "要介護認定の処理日数が 30 日以内の割合",
        "要介護認定の処理日数が30日以内の割合",
        (),
        id="spaced-number",
    ),
    pytest.param("2022 年", "2022年", (), id="spaced-year"),
    pytest.param(
        "口座振替依頼の実現 及び安定的な運用",
        "口座振替依頼の実現及び安定的な運用",
        (),
        id="space-inside-japanese",
    ),
    pytest.param("ユーザー数 (月平均)", "ユーザー数(月平均)", (), id="half-width-bracket-kept"),
    pytest.param("手續ができるよう", "手續ができるよう", (), id="old-form-kanji-kept"),
    pytest.param("a Book, I am", "a Book, I am", (), id="single-letter-words-kept"),
]


@pytest.mark.parametrize(("printed", "clean", "refs"), CASES)
def test_split_markers(printed: str, clean: str, refs: tuple[int, ...]) -> None:
    assert split_markers(printed) == (clean, refs)


def test_clean_text_collapses_runs_between_latin_words() -> None:
    assert clean_text("Business   Process") == "Business Process"
