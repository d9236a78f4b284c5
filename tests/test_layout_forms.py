"""The forms other page designs give the same lines, as the PDF loader writes them (issue 9).

Every string here is a line of a rendition of the corpus (tests/renditions: WeasyPrint's and
fpdf2's designs) as the loader reads it, or the corpus line it stands for. The last tests
write one stretch of the corpus in each design and expect the text edition's document.
"""

import json

import pytest

from keikaku.parsers.blocks import classify, lines_to_blocks
from keikaku.parsers.headings import label_role
from keikaku.parsers.targets import parse_target
from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.loaders.text import split_lines
from keikaku.pipeline.model import Line
from tests.conftest import all_nodes, extract_text
from tests.variants import canonical

PLAN_YEARS = (2022, 2027)

# --- one line: what it is, ornament or not ----------------------------------------------------

LINES = [
    pytest.param(
        "■ 1 行政運営の取組",
        "numbered_heading",
        {"number": "1", "title": "行政運営の取組"},
        id="ornament-numbered-heading",
    ),
    pytest.param(
        "◆ (1) 行政運営の取組策定に当たっての基本的な考え方",
        "part_heading",
        {"printed": "(1)", "number": "1", "title": "行政運営の取組策定に当たっての基本的な考え方"},
        id="ornament-part-heading",
    ),
    pytest.param(
        "● 行政運営の目指す姿",
        "label",
        {"title": "行政運営の目指す姿", "role": "vision"},
        id="ornament-vision-label",
    ),
    pytest.param(
        "● 行政運営の取組方針",
        "label",
        {"title": "行政運営の取組方針", "role": "policy_summaries"},
        id="ornament-summaries-label",
    ),
    pytest.param(
        "◆ 現状と課題",
        "label",
        {"title": "現状と課題", "role": "current_state"},
        id="ornament-current-state",
    ),
    pytest.param(
        "○ I 多様な市民ニーズへのきめ細かな行政サービス提供体制の構築",
        "group_heading",
        {"numeral": "I", "title": "多様な市民ニーズへのきめ細かな行政サービス提供体制の構築"},
        id="ornament-group-heading",
    ),
    pytest.param(
        "第 3 章 行財政運営の取組",
        "chapter_heading",
        {"number": "3", "title": "行財政運営の取組"},
        id="chapter-number-spaced",
    ),
    pytest.param(
        "●市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。",
        "bullet",
        {
            "text": "市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。"
        },
        id="round-bullet",
    ),
    pytest.param(
        "・市民の困りごとや不安に共感し、市民に寄り添うことを原点に、市民視点に立って考え、行",
        "bullet",
        {
            "text": "市民の困りごとや不安に共感し、市民に寄り添うことを原点に、市民視点に立って考え、行"
        },
        id="dot-bullet-cut-by-a-wrap",
    ),
    pytest.param(
        "・ 5 年間の行政運営を実行していきます。",
        "bullet",
        {"text": "5 年間の行政運営を実行していきます。"},
        id="bullet-with-a-spaced-number-is-a-sentence",
    ),
    pytest.param(
        "取組方針1\t行政サービスの高度化\t多様な市民ニーズへのきめ細かなサービス提供体制を構築する"
        "ほか、デジタル化・区役所改革など市民",
        "policy_summary_heading",
        {
            "number": "1",
            "title": "行政サービスの高度化",
            "text": "多様な市民ニーズへのきめ細かなサービス提供体制を構築するほか、デジタル化・"
            "区役所改革など市民",
        },
        id="policy-summary-row",
    ),
    pytest.param(
        "複合的な福祉課題等を抱える市民への支援促進事業\t1",
        "initiative_row",
        {"number": "1", "title": "複合的な福祉課題等を抱える市民への支援促進事業"},
        id="number-after-the-name",
    ),
    pytest.param(
        "行政手続のオンライン化推進\t①",
        "initiative_row",
        {"number": "①", "title": "行政手続のオンライン化推進"},
        id="circled-number-after-the-name",
    ),
    pytest.param(
        "1\t行政運営の取組",
        "initiative_row",
        {"number": "1", "title": "行政運営の取組"},
        id="number-in-a-box-of-its-own",
    ),
    pytest.param(
        "行政運営の取組\t176",
        "paragraph",
        {"text": "行政運営の取組\t176"},
        id="a-page-number-is-no-ordinal",
    ),
    pytest.param(
        "採用人数 \t５ \t１ \t３ \t２ \t３ ",
        "paragraph",
        {"text": "採用人数 \t５ \t１ \t３ \t２ \t３"},
        id="a-row-of-figures-ends-in-no-ordinal",
    ),
    pytest.param(
        "死 者\t0\t0\t2",
        "paragraph",
        {"text": "死 者\t0\t0\t2"},
        id="a-row-of-counts-ends-in-no-ordinal",
    ),
    pytest.param(
        "1\t複合的な福祉課題等を抱える市民への支援促進事業\t所管：保) 総務部",
        "initiative_row",
        {
            "number": "1",
            "title": "複合的な福祉課題等を抱える市民への支援促進事業",
            "departments": "保) 総務部",
        },
        id="departments-labelled-in-a-cell",
    ),
    pytest.param(
        "複合的な福祉課題等を抱える市民への支援促進事業\t所管：保) 総務部\t1",
        "initiative_row",
        {
            "number": "1",
            "title": "複合的な福祉課題等を抱える市民への支援促進事業",
            "departments": "保) 総務部",
        },
        id="departments-labelled-number-last",
    ),
    pytest.param(
        "◇ 取組の方向性",
        "label",
        {"title": "取組の方向性", "role": "directions"},
        id="other-ornament-label",
    ),
    pytest.param(
        "◇ 市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。",
        "bullet",
        {
            "text": "市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。"
        },
        id="other-ornament-bullet",
    ),
    pytest.param(
        "所管：保) 総務部",
        "departments",
        {"departments": "保) 総務部"},
        id="departments-row",
    ),
    pytest.param(
        "所管：総）行政部、 デ）スマートシティ推進部、 デ）情報システム部",
        "departments",
        {"departments": "総）行政部、 デ）スマートシティ推進部、 デ）情報システム部"},
        id="departments-row-several",
    ),
    pytest.param(
        "所管\t財）税政部",
        "departments",
        {"departments": "財）税政部"},
        id="departments-row-tab",
    ),
]


@pytest.mark.parametrize(("text", "kind", "fields"), LINES)
def test_line_form(text: str, kind: str, fields: dict[str, str]) -> None:
    block = classify(Line(1, text))
    assert (block.kind, block.fields) == (kind, fields)


# --- several lines: which of them make one block ----------------------------------------------

SUMMARY_4 = (
    "取組方針4\t職員力と組織力の向上\t社会経済情勢の変化や多様な課題に柔軟に対応するため、"
    "外部人材の登用を含む職員の確保や人\n"
    "材育成を的確に進め、職員誰もが活躍できる環境づくりを進めます。くわえて、市政課題に迅速\n"
    "・効果的に適応できる組織づくりを進めることで、行政経営の質を向上させます。"
)

BLOCKS = [
    pytest.param(
        "取組方針1\t行政サービスの高度化\t多様な市民ニーズへのきめ細かなサービス提供体制を構築"
        "するほか、デジタル化・区役所改革など市民\n\n"
        "\t\t目線の行政サービス改革を行うとともに、市民感覚を踏まえた戦略的な広報を行います。",
        [("policy_summary_heading", 2)],
        {
            "text": "多様な市民ニーズへのきめ細かなサービス提供体制を構築するほか、デジタル化・"
            "区役所改革など市民目線の行政サービス改革を行うとともに、市民感覚を踏まえた"
            "戦略的な広報を行います。"
        },
        id="summary-row-continued-on-the-next-page",
    ),
    pytest.param(
        SUMMARY_4,
        [("policy_summary_heading", 3)],
        {
            "text": "社会経済情勢の変化や多様な課題に柔軟に対応するため、外部人材の登用を含む職員の"
            "確保や人材育成を的確に進め、職員誰もが活躍できる環境づくりを進めます。くわえて、"
            "市政課題に迅速・効果的に適応できる組織づくりを進めることで、行政経営の質を向上さ"
            "せます。"
        },
        id="summary-row-wrapped-over-a-middle-dot",
    ),
    pytest.param(
        "取組方針2\t不断の行政改革の推進\t限られた経営資源を有効に活用する取組を推進します。\n"
        "多様な主体による連携・協働の推進",
        [("policy_summary_heading", 1), ("paragraph", 1)],
        {"text": "限られた経営資源を有効に活用する取組を推進します。"},
        id="summary-ended-its-sentence",
    ),
    pytest.param(
        "②\t戸籍・住民記録窓口の利便性向上\t所管\t\n\t\t\tデ) スマートシティ推進部",
        [("initiative_row", 2)],
        {"title": "戸籍・住民記録窓口の利便性向上", "departments": "デ) スマートシティ推進部"},
        id="departments-cell-on-the-next-page",
    ),
    pytest.param(
        "①\t行政手続のオンライン化推進\t所管\t総）行政部、 デ）スマートシティ推進部、 \n"
        "デ）情報システム部\n"
        "市役所等に来庁せずとも行政手続が可能となるよう、オンライン化を推進します。",
        [("initiative_row", 2), ("paragraph", 1)],
        {"departments": "総）行政部、 デ）スマートシティ推進部、 デ）情報システム部"},
        id="departments-cell-wrapped-after-a-comma",
    ),
    pytest.param(
        "1\t複合的な福祉課題等を抱える市民への支援促進事業\t所管\t保) 総務部\n"
        "福祉に関する複合的な課題等を抱えた市民からの相談を一元的に受け止めます。",
        [("initiative_row", 1), ("paragraph", 1)],
        {"departments": "保) 総務部"},
        id="description-under-the-row",
    ),
    pytest.param(
        "複合的な福祉課題等を抱える市民への支援促進事業\t1\n所管：保) 総務部\n"
        "福祉に関する複合的な課題等を抱えた市民からの相談を一元的に受け止めます。",
        [("initiative_row", 1), ("departments", 1), ("paragraph", 1)],
        {"number": "1"},
        id="number-after-name-and-departments-row",
    ),
    pytest.param(
        "所管：総）行政部、 デ）スマートシティ推進部、 \nデ）情報システム部",
        [("departments", 2)],
        {"departments": "総）行政部、 デ）スマートシティ推進部、 デ）情報システム部"},
        id="departments-row-wrapped-after-a-comma",
    ),
    pytest.param(
        "所管：デ) スマートシティ推進部\n各区役所の戸籍住民課窓口の繁忙期における休日開庁を継続します。",
        [("departments", 1), ("paragraph", 1)],
        {"departments": "デ) スマートシティ推進部"},
        id="departments-row-then-description",
    ),
    pytest.param(
        "目標\t中央区仮庁舎における申請書作成支援システムの設置\t2022 年\t2023 年\n"
        "戸籍・住民記録窓口の利便性向上\t②",
        [("target", 1), ("initiative_row", 1)],
        {},
        id="no-values-then-the-next-row",
    ),
    pytest.param(
        "目標\t中央区仮庁舎における申請書作成支援システムの設置\t2022年\t2023年\n"
        "3\t窓口における利便性の向上",
        [("target", 1), ("initiative_row", 1)],
        {},
        id="no-values-then-a-numbered-row",
    ),
    pytest.param(
        "目標\t札幌市の行政手続におけるオンラインカバー率\t2022年 30.8%\t2027年 70%\n"
        "2 行政手続のオンライン化の推進\t\t\t",
        [("target", 1), ("initiative_row", 1)],
        {},
        id="values-then-a-parent-row",
    ),
    pytest.param(
        "目標\t保健師地域保健活動体制の検討\t2022 年\t2027 年\n\t\t—\t検討\n"
        "○ II デジタル化や区役所改革など市民目線の行政サービスの構築",
        [("target", 2), ("group_heading", 1)],
        {},
        id="values-then-an-ornamented-heading",
    ),
]


@pytest.mark.parametrize(("text", "shape", "fields"), BLOCKS)
def test_lines_make_blocks(text: str, shape: list, fields: dict[str, str]) -> None:
    blocks = lines_to_blocks(split_lines(text))
    assert [(b.kind, len(b.lines)) for b in blocks] == shape
    assert {k: v for k, v in blocks[0].fields.items() if k in fields} == fields


# --- 目標 rows set over several lines ---------------------------------------------------------

TARGETS = [
    pytest.param(
        "目標\t妊娠葛藤を抱える方の母子健康手帳の出産後交付数\t2022 年\t2027 年\n\t\t10 件\t7 件",
        "妊娠葛藤を抱える方の母子健康手帳の出産後交付数",
        (2022, "10 件"),
        (2027, "7 件"),
        id="spaced-years-values-under-them",
    ),
    pytest.param(
        "目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022 年\t2027 年\n100%\t100%",
        "複合的な福祉課題を抱える市民の支援方針が決まった割合",
        (2022, "100%"),
        (2027, "100%"),
        id="values-without-leading-cells",
    ),
    pytest.param(
        "目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\n2022 年\t2027 年\n100%\t100%",
        "複合的な福祉課題を抱える市民の支援方針が決まった割合",
        (2022, "100%"),
        (2027, "100%"),
        id="years-on-a-line-of-their-own",
    ),
    pytest.param(
        "目標\t新たに業務フロー・業務の再構築の検討を行った業務数（計画期間累計）\t2022 年\t2027 年\n"
        "\n-\t25 業務",
        "新たに業務フロー・業務の再構築の検討を行った業務数（計画期間累計）",
        (2022, "-"),
        (2027, "25 業務"),
        id="values-after-a-rule-between-the-rows",
    ),
    pytest.param(
        "目標\t電子申請の実施\t2022 年\t2027 年\n\n—\tタクシー券、ガソリン券の電子\n申請実施",
        "電子申請の実施",
        (2022, "—"),
        (2027, "タクシー券、ガソリン券の電子申請実施"),
        id="value-wrapped-onto-a-plain-line",
    ),
    pytest.param(
        "目標\t電子申請の実施\t2022年\t2027年\n\t\t—\tタクシー券、ガ\n\t\t\tソリン券の電子申請実施",
        "電子申請の実施",
        (2022, "—"),
        (2027, "タクシー券、ガソリン券の電子申請実施"),
        id="value-wrapped-under-its-column",
    ),
    pytest.param(
        "目標\t「デジタル改革推進チーム（デジタル C o E ）」 によるプロジェ\t2022 年\t2027 年\n"
        "クトの実施件数\n—\t10 件",
        "「デジタル改革推進チーム（デジタルCoE）」によるプロジェクトの実施件数",
        (2022, "—"),
        (2027, "10 件"),
        id="indicator-wrapped-onto-a-plain-line",
    ),
    pytest.param(
        "目標\t「デジタル改革推進チーム（デジタル C o E ）」 によるプロジェ\t2022 年\t2027 年\n"
        "\tクトの実施件数\t—\t10 件",
        "「デジタル改革推進チーム（デジタルCoE）」によるプロジェクトの実施件数",
        (2022, "—"),
        (2027, "10 件"),
        id="indicator-wrapped-beside-the-values",
    ),
    pytest.param(
        "目標\tマイナンバーカードセンターでのマイナンバーカード累計交\t2022 年\t2027 年\n付人数",
        "マイナンバーカードセンターでのマイナンバーカード累計交付人数",
        (2022, None),
        (2027, None),
        id="indicator-wrapped-no-values",
    ),
    pytest.param(
        "目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022年\t2027年\n\n\t\t100%\t100%",
        "複合的な福祉課題を抱える市民の支援方針が決まった割合",
        (2022, "100%"),
        (2027, "100%"),
        id="values-on-the-next-page",
    ),
    pytest.param(
        "目標\t各区へのこども家庭センターの設置\t2022年 —\t2027年 設置",
        "各区へのこども家庭センターの設置",
        (2022, "—"),
        (2027, "設置"),
        id="year-and-value-in-one-cell",
    ),
]


@pytest.mark.parametrize(("text", "indicator", "baseline", "target"), TARGETS)
def test_target_over_several_lines(text: str, indicator: str, baseline, target) -> None:
    (block,) = lines_to_blocks(split_lines(text))
    parsed, diagnostics = parse_target(block, PLAN_YEARS)
    assert parsed.indicator == indicator
    assert (parsed.baseline.year, parsed.baseline.raw) == baseline
    assert (parsed.target.year, parsed.target.raw) == target
    assert "target-value-repeated" not in {d.code for d in diagnostics}


@pytest.mark.parametrize(
    ("spaced", "printed"),
    [
        pytest.param("10 件", "10件", id="counter"),
        pytest.param("2 億 2 千万枚", "2億2千万枚", id="large-number"),
        pytest.param("10% 増 (2023 年度比)", "10%増 (2023年度比)", id="change"),
        pytest.param("20 分短縮", "20分短縮", id="decrease"),
    ],
)
def test_a_renderers_spaces_do_not_change_a_values_meaning(spaced: str, printed: str) -> None:
    def meaning(value: str):
        row = f"目標\t業務効率化により削減された作業時間\t2022年\t2027年\n\t\t—\t{value}"
        (block,) = lines_to_blocks(split_lines(row))
        return parse_target(block, PLAN_YEARS)[0].target.parsed

    assert meaning(spaced) == meaning(printed)


# --- a number in a box of its own: what it numbers, the place decides ---------------------------

BOXED_HEAD = "第1章 行財政運営の取組\n\n1\t行政運営の取組\n\n(1)\t行政運営の取組策定に当たっての基本的な考え方\n\n"
BOXED_GROUP = (
    "(2)\t具体的な取組\n\n4\t職員力と組織力の向上\n\n現状と課題\n\n- 課題です。\n\n取組内容\n\n"
    "I 多様な人材が活躍できる組織の構築\n\n"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "人材育成の推進\t1\n多様化・複雑化する行政課題に迅速・的確に対応するため、"
            "人材育成の取組を推進します。\n人材育成に係る取組の推進\t(1)\n所管：総) 職員部\n"
            "目標\tデータ利活用に関する研修の受講者数（延べ）\t2022年 28人\t2027年 628人\n",
            [
                ("section", "ch1.s1"),
                ("part", "ch1.s1.p1"),
                ("part", "ch1.s1.p2"),
                ("policy", "ch1.s1.p2.pol4"),
                ("group", "ch1.s1.p2.pol4.g1"),
                ("initiative_parent", "ch1.s1.p2.pol4.g1.i1"),
                ("initiative", "ch1.s1.p2.pol4.g1.i1.c1"),
            ],
            id="parenthesised-number-under-a-parent-is-a-child",
        ),
    ],
)
def test_boxed_numbers_by_place(tmp_path, body: str, expected: list) -> None:
    document = extract_text(tmp_path, BOXED_HEAD + BOXED_GROUP + body)
    found = [(n.kind, n.id) for n in all_nodes(document)]
    assert [k for k in found if k[0] not in ("chapter", "bullet_list", "bullet")] == expected
    (child,) = [n for n in all_nodes(document) if n.id.endswith(".c1")]
    assert (child.number, child.departments_raw) == ("(1)", "総) 職員部")


# --- one stretch of the corpus in three designs: the same document ----------------------------

TEXT_EDITION = """第1章 行財政運営の取組

1 行政運営の取組

(1) 行政運営の取組策定に当たっての基本的な考え方

行政運営の目指す姿

“市民のために、協働し、挑戦する市役所”

- 市民の困りごとや不安に共感し、市民に寄り添うことを原点に、市民視点に立って考え、行動し、期待に応えます。
- 市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。

行政運営の取組方針

取組方針1 行政サービスの高度化

- 多様な市民ニーズへのきめ細かなサービス提供体制を構築するほか、デジタル化・区役所改革など市民目線の行政サービス改革を行うとともに、市民感覚を踏まえた戦略的な広報を行います。

取組方針2 不断の行政改革の推進

- E BPM¹⁷⁹の観点による根拠に基づく政策立案を推進するとともに、行政のデジタルトランスフォーメーション（DX）を計画的に実行するなど、限られた経営資源を有効に活用する取組を推進します。

¹⁷⁹ E BPM : Evidence-Based Policy Making (エビデンス・ベースド・ポリシー・メイキング) の略。

(2) 具体的な取組

1 行政サービスの高度化

現状と課題

- これまでも、区役所等の窓口における利便性を向上させるため、環境整備に努めてきました。

取組内容

I 多様な市民ニーズへのきめ細かな行政サービス提供体制の構築

1\t複合的な福祉課題等を抱える市民への支援促進事業\t所管\t保) 総務部
福祉に関する複合的な課題等を抱えた市民からの相談を一元的に受け止め、必要な支援につなげていきます。
目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022年\t2027年
\t\t100%\t100%
2 行政手続のオンライン化の推進\t\t\t
各種申請や手続、相談の利便性の向上のため、行政手続のオンライン化の取組を加速させます。
①\t行政手続のオンライン化推進\t所管\t総）行政部、 デ）スマートシティ推進部、 デ）情報システム部
市役所等に来庁せずとも行政手続が可能となるよう、オンライン化を推進します。
目標\t札幌市の行政手続におけるオンラインカバー率\t2022年 30.8%\t2027年 70%
②\t障がい者交通費助成のオンライン化\t所管\t保) 障がい保健福祉部
行政事務センターを活用し、障がい者交通費助成にかかる一部券種の電子申請を開始します。
目標\t電子申請の実施\t2022年\t2027年
\t\t—\tタクシー券、ガソリン券の電子申請実施
"""

# fpdf2's design: ornaments, the number after the name, 所管 in a row of its own, values in a
# row under the years, a renderer's spaces between kana or kanji and Latin letters or digits.
FPDF2_DESIGN = """第 1 章 行財政運営の取組
■ 1 行政運営の取組
◆ (1) 行政運営の取組策定に当たっての基本的な考え方
● 行政運営の目指す姿
“市民のために、協働し、挑戦する市役所”
・市民の困りごとや不安に共感し、市民に寄り添うことを原点に、市民視点に立って考え、行
動し、期待に応えます。
・市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。
● 行政運営の取組方針
取組方針1\t行政サービスの高度化\t多様な市民ニーズへのきめ細かなサービス提供体制を構築するほか、デジタル化・区役所改革な
ど市民目線の行政サービス改革を行うとともに、市民感覚を踏まえた戦略的な広報を行います。
取組方針2\t不断の行政改革の推進\tE BPM¹⁷⁹ の観点による根拠に基づく政策立案を推進するとともに、行政のデジタルトランスフォー
メーション（ DX ）を計画的に実行するなど、限られた経営資源を有効に活用する取組を推進します。
¹⁷⁹ E BPM : Evidence-Based Policy Making (エビデンス・ベースド・ポリシー・メイキング) の略。
◆ (2) 具体的な取組
■ 1 行政サービスの高度化
◆ 現状と課題
・これまでも、区役所等の窓口における利便性を向上させるため、環境整備に努めてきました。
◆ 取組内容
○ I 多様な市民ニーズへのきめ細かな行政サービス提供体制の構築
複合的な福祉課題等を抱える市民への支援促進事業\t1
所管：保) 総務部
福祉に関する複合的な課題等を抱えた市民からの相談を一元的に受け止め、必要な支援につなげていきます。
目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022 年\t2027 年
\t\t100%\t100%

行政手続のオンライン化の推進\t2
各種申請や手続、相談の利便性の向上のため、行政手続のオンライン化の取組を加速させます。
行政手続のオンライン化推進\t①
所管：総）行政部、 デ）スマートシティ推進部、\u0020
デ）情報システム部
市役所等に来庁せずとも行政手続が可能となるよう、オンライン化を推進します。
目標\t札幌市の行政手続におけるオンラインカバー率\t2022 年\t2027 年
30.8%\t70%
障がい者交通費助成のオンライン化\t②
所管：保) 障がい保健福祉部
行政事務センターを活用し、障がい者交通費助成にかかる一部券種の電子申請を開始します。
目標\t電子申請の実施\t2022 年\t2027 年

—\tタクシー券、ガソリン券の電子
申請実施
"""

# WeasyPrint's design: numbers in boxes of their own (1\t題, (1)\t題), bullets ●, the policy summaries as a
# table continued on the next page, year and value in one cell, a box split by a page break.
WEASYPRINT_DESIGN = """第1章 行財政運営の取組

1\t行政運営の取組

(1)\t行政運営の取組策定に当たっての基本的な考え方

行政運営の目指す姿

“市民のために、協働し、挑戦する市役所”

●市民の困りごとや不安に共感し、市民に寄り添うことを原点に、市民視点に立って考え、行動し、期待に応えます。
●市民に信頼される市役所を目指し、前例に縛られず、たゆまぬ市役所改革に取り組みます。

行政運営の取組方針

取組方針1\t行政サービスの高度化\t多様な市民ニーズへのきめ細かなサービス提供体制を構築するほか、デジタル化・区役所改革など市民
¹⁷⁹ E BPM : Evidence-Based Policy Making (エビデンス・ベースド・ポリシー・メイキング) の略。

\t\t目線の行政サービス改革を行うとともに、市民感覚を踏まえた戦略的な広報を行います。
取組方針2\t不断の行政改革の推進\tE BPM¹⁷⁹の観点による根拠に基づく政策立案を推進するとともに、行政のデジタルトランスフォーメーション（DX）を計画的に実行するなど、限られた経営資源を有効に活用する取組を推進します。

(2)\t具体的な取組

1 行政サービスの高度化

現状と課題

●これまでも、区役所等の窓口における利便性を向上させるため、環境整備に努めてきました。

取組内容

I 多様な市民ニーズへのきめ細かな行政サービス提供体制の構築

1\t複合的な福祉課題等を抱える市民への支援促進事業\t所管\t保) 総務部
福祉に関する複合的な課題等を抱えた市民からの相談を一元的に受け止め、必要な支援につなげていきます。
目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022年 100%\t2027年 100%

2\t行政手続のオンライン化の推進
各種申請や手続、相談の利便性の向上のため、行政手続のオンライン化の取組を加速させます。
①\t行政手続のオンライン化推進\t所管\t総）行政部、 デ）スマートシティ推進部、 デ）情報システム部
市役所等に来庁せずとも行政手続が可能となるよう、オンライン化を推進します。
目標\t札幌市の行政手続におけるオンラインカバー率\t2022年 30.8%\t2027年 70%

②\t障がい者交通費助成のオンライン化\t所管\t
\t\t\t保) 障がい保健福祉部
行政事務センターを活用し、障がい者交通費助成にかかる一部券種の電子申請を開始します。
目標\t電子申請の実施\t2022年 —\t2027年 タクシー券、ガソリン券の電子申請実施
"""


def _document(tmp_path, text: str) -> dict:
    tmp_path.mkdir()
    document = extract_text(tmp_path, text)
    assert document.stats.lines_assigned == document.stats.lines_total
    found = canonical(json.loads(document_to_json(document)))
    found["document"] = {
        k: v for k, v in found["document"].items() if k not in ("id", "file", "sha256")
    }
    return found


@pytest.mark.parametrize(
    "design",
    [
        pytest.param(FPDF2_DESIGN, id="fpdf2"),
        pytest.param(WEASYPRINT_DESIGN, id="weasyprint"),
    ],
)
def test_a_design_gives_the_text_editions_document(tmp_path, design: str) -> None:
    text = _document(tmp_path / "text", TEXT_EDITION)
    assert [d["code"] for d in text["diagnostics"]] == []  # the stretch reads cleanly
    assert _document(tmp_path / "design", design) == text


LABELS = [
    pytest.param("【現状と課題】", "current_state", id="lenticular-brackets"),
    pytest.param("［取組の方向性］", "directions", id="fullwidth-square-brackets"),
    pytest.param("〔取組内容〕", "contents", id="tortoise-shell-brackets"),
    pytest.param("【その他】", None, id="bracketed-non-label"),
    pytest.param("【現状と課題", None, id="unclosed-bracket"),
]


@pytest.mark.parametrize(("title", "role"), LABELS)
def test_a_label_in_brackets_is_the_label(title, role) -> None:
    assert label_role(title) == role
