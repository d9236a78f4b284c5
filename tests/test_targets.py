"""Case table for 目標 rows: every layout of the corpus, and the anomalies they can carry."""

import dataclasses

import pytest

from keikaku.parsers.blocks import lines_to_blocks
from keikaku.parsers.lines import text_to_lines
from keikaku.parsers.targets import parse_target, read_target
from keikaku.pipeline.loaders.text import split_lines
from tests.conftest import MAIN_DOCUMENT

PLAN_YEARS = (2022, 2027)

CASES = [
    pytest.param(
        "目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022年\t2027年\n\t\t100%\t100%",
        "複合的な福祉課題を抱える市民の支援方針が決まった割合",
        (2022, "100%"),
        (2027, "100%"),
        [],
        id="values-next-line",
    ),
    pytest.param(
        "目標\t各区へのこども家庭センターの設置\t2022年\t2027年\n\t\t—\t設置",
        "各区へのこども家庭センターの設置",
        (2022, "—"),
        (2027, "設置"),
        [],
        id="dash-next-line",
    ),
    pytest.param(
        "目標\t新たに業務フロー・業務の再構築の検討を行った業務数（計画期間累計）\t2022年\t2027年\n\t\t-\t25業務",
        "新たに業務フロー・業務の再構築の検討を行った業務数（計画期間累計）",
        (2022, "-"),
        (2027, "25業務"),
        [],
        id="hyphen-next-line",
    ),
    pytest.param(
        "目標\t札幌市の行政手続におけるオンラインカバー率\t2022年 30.8%\t2027年 70%",
        "札幌市の行政手続におけるオンラインカバー率",
        (2022, "30.8%"),
        (2027, "70%"),
        [],
        id="values-same-line",
    ),
    pytest.param(
        "目標\t「デジタル改革推進チーム（デジタルC o E）」 によるプロジェクトの実施件数\t2022年 —\t2027年 10件",
        "「デジタル改革推進チーム（デジタルCoE）」によるプロジェクトの実施件数",
        (2022, "—"),
        (2027, "10件"),
        [],
        id="dash-same-line",
    ),
    pytest.param(
        "目標\t業務効率化により削減された作業時間\t2022 年 50,861 時間\t2027 年 130,000 時間",
        "業務効率化により削減された作業時間",
        (2022, "50,861 時間"),
        (2027, "130,000 時間"),
        [],
        id="spaced-year-and-value",
    ),
    pytest.param(
        "目標\t組織診断におけるエンゲージメントスコア\t2022年\t2027年\n\t\t—\t10%増 (2023年度比)",
        "組織診断におけるエンゲージメントスコア",
        (2022, "—"),
        (2027, "10%増 (2023年度比)"),
        [],
        id="relative-target",
    ),
    pytest.param(
        "目標\t電子申請の実施\t2022年\t2027年\n\t\t—\tタクシー券、ガソリン券の電子申請実施",
        "電子申請の実施",
        (2022, "—"),
        (2027, "タクシー券、ガソリン券の電子申請実施"),
        [],
        id="sentence-value",
    ),
    pytest.param(
        "目標\t各区戸籍住民課窓口における繁忙期の待ち時間の短縮（最大時間）\t2022年\t2027年\t",
        "各区戸籍住民課窓口における繁忙期の待ち時間の短縮（最大時間）",
        (2022, None),
        (2027, None),
        ["target-values-missing"],
        id="no-values",
    ),
    pytest.param(
        "目標\t中央区仮庁舎における申請書作成支援システムの設置\t2022年\t2023年\t",
        "中央区仮庁舎における申請書作成支援システムの設置",
        (2022, None),
        (2023, None),
        ["target-values-missing", "target-year-differs"],
        id="other-target-year",
    ),
    pytest.param(
        "目標 業務効率化により削減された作業時間 2022 年 50,861 時間 2027 年 130,000 時間",
        "業務効率化により削減された作業時間",
        (2022, "50,861 時間"),
        (2027, "130,000 時間"),
        [],
        id="spaces-instead-of-tabs",
    ),
    pytest.param(
        "目標\t職員提案件数\t2022年\t2027年\n\t\t\t40件",
        "職員提案件数",
        (2022, None),
        (2027, "40件"),
        ["baseline-value-missing"],
        id="only-target-printed",
    ),
    pytest.param(
        "目標\t職員提案件数\t2022年 17件\t2027年 40件\n\t\t18件\t41件",
        "職員提案件数",
        (2022, "17件"),
        (2027, "40件"),
        ["target-value-repeated", "target-value-repeated"],
        id="values-twice",
    ),
    pytest.param(
        "目標\t職員提案件数",
        "職員提案件数",
        (None, None),
        (None, None),
        ["target-years-unreadable"],
        id="no-year-cells",
    ),
]


@pytest.mark.parametrize(("text", "indicator", "baseline", "target", "codes"), CASES)
def test_parse_target(text, indicator, baseline, target, codes) -> None:
    (block,) = lines_to_blocks(split_lines(text))
    parsed, diagnostics = parse_target(block, PLAN_YEARS)
    assert parsed.indicator == indicator
    assert (parsed.baseline.year, parsed.baseline.raw) == baseline
    assert (parsed.target.year, parsed.target.raw) == target
    assert sorted(d.code for d in diagnostics) == sorted(codes)
    assert all(d.line == block.line or d.line == block.end_line for d in diagnostics)


def _target_blocks(text: str) -> list:
    return [b for b in lines_to_blocks(text_to_lines(split_lines(text))) if b.kind == "target"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(MAIN_DOCUMENT.read_text(encoding="utf-8"), id="corpus"),
        *(pytest.param(case.values[0], id=case.id) for case in CASES),
    ],
)
def test_the_blocks_stage_reading_is_the_blocks_own(text: str) -> None:
    """A 目標 block carries what the blocks stage read of it (parse_target takes it from the
    block): the same as its lines read now, and the same target."""
    blocks = _target_blocks(text)
    assert blocks
    for block in blocks:
        assert vars(block.read) == vars(read_target(block))
        unread = dataclasses.replace(block, read=None)
        assert parse_target(block, PLAN_YEARS) == parse_target(unread, PLAN_YEARS)
