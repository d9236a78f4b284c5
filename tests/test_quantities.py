"""Case table of every distinct value printed in the edition, with what it means (issue: values).

Each row was read against the plan: a number with its unit or counter, a change with its
direction, an action word, a dash. A value added by a new edition must be added here too
(``test_every_value_of_the_edition_is_in_the_table`` fails until it is).
"""

import pytest

from keikaku.parsers.quantities import parse_value
from keikaku.pipeline.model import ParsedValue
from tests.conftest import initiatives


def case(raw: str, kind: str, **fields: object):
    return pytest.param(raw, ParsedValue(kind, **fields), id=raw)  # type: ignore[arg-type]


EDITION_VALUES = [
    case("-", "not_set"),
    case("0件", "quantity", value=0, unit="件"),
    case("1,000台", "quantity", value=1000, unit="台"),
    case(
        "10%増 (2023年度比)",
        "change",
        value=10,
        unit="%",
        direction="increase",
        reference="2023年度",
    ),
    case("100%", "quantity", value=100, unit="%"),
    case("102件", "quantity", value=102, unit="件"),
    case("10件", "quantity", value=10, unit="件"),
    case("130,000 時間", "quantity", value=130000, unit="時間"),
    case("130件", "quantity", value=130, unit="件"),
    case("15,636件", "quantity", value=15636, unit="件"),
    case("16%", "quantity", value=16, unit="%"),
    case("16,600件", "quantity", value=16600, unit="件"),
    case("161件", "quantity", value=161, unit="件"),
    case("17件", "quantity", value=17, unit="件"),
    case("1億7千万枚", "quantity", value=170000000, unit="枚"),
    case("2,273,760人", "quantity", value=2273760, unit="人"),
    case("2,700時間", "quantity", value=2700, unit="時間"),
    case("2,728,512人", "quantity", value=2728512, unit="人"),
    case("20,000千円", "quantity", value=20000000, unit="円"),
    case("20事業", "quantity", value=20, unit="事業"),
    case("20分短縮", "change", value=-20, unit="分", direction="decrease"),
    case("21.1%", "quantity", value=21.1, unit="%"),
    case("225人", "quantity", value=225, unit="人"),
    case("231件", "quantity", value=231, unit="件"),
    case("23施設", "quantity", value=23, unit="施設"),
    case("25%", "quantity", value=25, unit="%"),
    case("25業務", "quantity", value=25, unit="業務"),
    case("28人", "quantity", value=28, unit="人"),
    case("2億2千万枚", "quantity", value=220000000, unit="枚"),
    case("3,613時間", "quantity", value=3613, unit="時間"),
    case("30.8%", "quantity", value=30.8, unit="%"),
    case("300人", "quantity", value=300, unit="人"),
    case("322事業体", "quantity", value=322, unit="事業体"),
    case("34 件", "quantity", value=34, unit="件"),
    case("340事業体", "quantity", value=340, unit="事業体"),
    case("35件", "quantity", value=35, unit="件"),
    case("3回/年", "quantity", value=3, unit="回", per="年"),
    case("4,500時間", "quantity", value=4500, unit="時間"),
    case("40,000時間", "quantity", value=40000, unit="時間"),
    case("40件", "quantity", value=40, unit="件"),
    case("42%", "quantity", value=42, unit="%"),
    case("50%", "quantity", value=50, unit="%"),
    case("50,861 時間", "quantity", value=50861, unit="時間"),
    case("5業務", "quantity", value=5, unit="業務"),
    case("628人", "quantity", value=628, unit="人"),
    case("66.2%", "quantity", value=66.2, unit="%"),
    case("70%", "quantity", value=70, unit="%"),
    case("7件", "quantity", value=7, unit="件"),
    case("8,500台", "quantity", value=8500, unit="台"),
    case("80%", "quantity", value=80, unit="%"),
    case("90 件", "quantity", value=90, unit="件"),
    case("975人", "quantity", value=975, unit="人"),
    case("9施設", "quantity", value=9, unit="施設"),
    case("—", "not_set"),
    case(
        "タクシー券、ガソリン券の電子申請実施",
        "qualitative",
        action="実施",
        detail="タクシー券、ガソリン券の電子申請",
    ),
    case("一部実施", "qualitative", action="実施", detail="一部"),
    case("充実", "qualitative", action="充実"),
    case("受験者増", "change", direction="increase", detail="受験者"),
    case("増加", "change", direction="increase"),
    case("実施", "qualitative", action="実施"),
    case("強化", "qualitative", action="強化"),
    case("推進", "qualitative", action="推進"),
    case("検討", "qualitative", action="検討"),
    case("構築", "qualitative", action="構築"),
    case("活用", "qualitative", action="活用"),
    case("減少", "change", direction="decrease"),
    case("設置", "qualitative", action="設置"),
    case("運用", "qualitative", action="運用"),
    case("隨時実施", "qualitative", action="実施", detail="隨時"),
]

OTHER_VALUES = [
    pytest.param(None, ParsedValue("absent"), id="nothing-printed"),
    pytest.param("―", ParsedValue("not_set"), id="horizontal-bar"),
    pytest.param(
        "5 回/年", ParsedValue("quantity", value=5, unit="回", per="年"), id="spaced-rate"
    ),
    pytest.param("1.5億円", ParsedValue("quantity", value=150000000, unit="円"), id="decimal-oku"),
    pytest.param(
        "5%減",
        ParsedValue("change", value=-5, unit="%", direction="decrease"),
        id="percent-decrease",
    ),
    pytest.param("未定", ParsedValue("unknown"), id="undecided"),
    pytest.param("3回/", ParsedValue("unknown"), id="rate-without-period"),
    pytest.param("(2023年度比)", ParsedValue("unknown"), id="reference-alone"),
    pytest.param("令和9年度に2件", ParsedValue("unknown"), id="number-not-first"),
    # Sudachi files these as one word (ひとり, ふたり): still a number and its counter
    pytest.param("1人", ParsedValue("quantity", value=1, unit="人"), id="one-person-word"),
    pytest.param("２人", ParsedValue("quantity", value=2, unit="人"), id="two-persons-word"),
    # a number followed by a clause (a verb, a particle): no unit, so no quantity
    pytest.param("1年間収録し DVD 化 中学校へ配布", ParsedValue("unknown"), id="number-then-verb"),
    pytest.param("100人の参加", ParsedValue("unknown"), id="number-then-particle"),
    pytest.param("4地区で", ParsedValue("unknown"), id="number-then-auxiliary"),
    pytest.param("1,000人以上", ParsedValue("quantity", value=1000, unit="人以上"), id="at-least"),
]


@pytest.mark.parametrize(("raw", "expected"), EDITION_VALUES + OTHER_VALUES)
def test_parse_value(raw, expected: ParsedValue) -> None:
    assert parse_value(raw) == expected


def test_unit_implied_by_the_indicator_is_a_separate_field() -> None:
    parsed = parse_value("85", "要介護認定の処理日数が30日以内の割合")
    assert (parsed.kind, parsed.value, parsed.unit, parsed.indicator_unit) == (
        "quantity",
        85,
        None,
        "%",
    )
    assert parse_value("85%", "…の割合").indicator_unit is None


def test_every_value_of_the_edition_is_in_the_table(document) -> None:
    printed = {
        value.raw
        for node in initiatives(document)
        for target in node.targets
        for value in (target.baseline, target.target)
        if value.raw is not None
    }
    assert printed == {param.values[0] for param in EDITION_VALUES}


def test_no_value_of_the_edition_is_unknown(document) -> None:
    kinds = {
        value.parsed.kind
        for node in initiatives(document)
        for target in node.targets
        for value in (target.baseline, target.target)
    }
    assert kinds == {"quantity", "change", "qualitative", "not_set", "absent"}
    assert not [d for d in document.diagnostics if d.code == "value-unknown"]
