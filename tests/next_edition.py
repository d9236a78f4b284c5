"""Make a synthetic next edition from the corpus text, with a known list of edits.

Each edit replaces text that must stand exactly once in the corpus, so the script fails loudly
if the corpus changes under it. ``EXPECTED`` lists what ``keikaku diff`` must report, as
(scope, what, old ID, new ID), and nothing else.
"""

from __future__ import annotations

from keikaku.parsers.patterns import ASCII_TO_SUPERSCRIPT

NEW_INITIATIVE = """
6\t地域の相談窓口連携事業\t所管\t保) 総務部
---\t--------\t----\t--------

地域の相談窓口が連携し、複合的な課題を抱える市民を支援します。

目標\t連携した相談窓口の数\t2022年\t2027年
\t\t—\t10か所
"""

EDITS = [
    # renumber a group: policy 3's group II is printed as III
    (
        "II 民間活力の導入など多様な主体との連携による行政運営",
        "III 民間活力の導入など多様な主体との連携による行政運営",
    ),
    # change two targets
    ("\t\t225人\t975人", "\t\t225人\t1,000人"),
    ("2022年 1,000台\t2027年 8,500台", "2022年 1,000台\t2027年 9,000台"),
    # drop one initiative: the last child (③) of policy 4, group IV, initiative 3
    (
        "(③)\t組織の縦割り弊害の打破に向けた取組の推進\t所管\t総) 行政部\n"
        "組織の縦割りの弊害を打破するため、ビジネスチャットを活用した組織横断的な会議運営、情報交換を促進させる"
        "など、職員間の連携を促進し、協働の文化を職員に浸透させ、根付かせていきます。\t\t\t\n"
        "目標\t組織横断的な業務を行う際にビジネスチャットを活用し、意見交換や課題解決に取り組んだ職員の割合\t"
        "2022年 —\t2027年 80%\n",
        "",
    ),
    # add one initiative at the end of policy 1, group I
    (
        "目標\t保健師地域保健活動体制の検討\t2022年\t2027年\n\t\t—\t検討\n",
        "目標\t保健師地域保健活動体制の検討\t2022年\t2027年\n\t\t—\t検討\n" + NEW_INITIATIVE,
    ),
    # reword one title slightly
    (
        "母子保健における児童虐待予防強化事業（妊娠SOS事業）",
        "母子保健における児童虐待の予防強化事業（妊娠SOS事業）",
    ),
]

EXPECTED = {
    ("group", "renumbered", "ch3.s1.p2.pol3.g2", "ch3.s1.p2.pol3.g3"),
    ("initiative", "target", "ch3.s1.p2.pol1.g1.i3", "ch3.s1.p2.pol1.g1.i3"),
    ("initiative", "target", "ch3.s1.p2.pol4.g3.i2.c1", "ch3.s1.p2.pol4.g3.i2.c1"),
    ("initiative", "removed", "ch3.s1.p2.pol4.g4.i3.c3", None),
    ("initiative", "added", None, "ch3.s1.p2.pol1.g1.i6"),
    ("initiative", "renamed", "ch3.s1.p2.pol1.g1.i2", "ch3.s1.p2.pol1.g1.i2"),
    # the footnotes 178 to 217 are renumbered 1 to 40
    *(("glossary", "renumbered", f"fn{n}", f"fn{n - 177}") for n in range(178, 218)),
}


def _renumber_footnotes(text: str) -> str:
    for number in range(178, 218):
        old = str(number).translate(ASCII_TO_SUPERSCRIPT)
        new = str(number - 177).translate(ASCII_TO_SUPERSCRIPT)
        text = text.replace(old, new)
    return text


def next_edition(text: str) -> str:
    for old, new in EDITS:
        assert text.count(old) == 1, f"edit target not found exactly once: {old[:30]!r}"
        text = text.replace(old, new)
    return _renumber_footnotes(text)
