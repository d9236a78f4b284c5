"""Facts of Japanese typesetting that both the loaders and the parsers rely on.

This module sits on the bottom floor beside the model: a loader may use it to rejoin the lines
a page was set in, a parser to read the text; neither needs the other for it.
"""

from __future__ import annotations

import regex

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
ASCII_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)

# Characters of Japanese running text: kanji, kana, the prolonged sound mark, CJK punctuation
# (、。「」…), the middle dot ・ (Unicode puts it in no script) and the full-width forms block
# (（）：／ and full-width letters). A space next to one of these is an artefact of PDF
# extraction, never a word separator.
JAPANESE = r"[\p{Han}\p{Hiragana}\p{Katakana}\u3001-\u303F\u30FB\u30FC\uFF01-\uFF60\uFFE0-\uFFEE]"
JAPANESE_CHAR = regex.compile(JAPANESE)

# Characters Japanese typesetting never puts at the start of a line (行頭禁則): a line that
# starts with one continues the line before it.
NO_LINE_START = frozenset(
    "、。，．・：；？！）」』】〕ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ"  # noqa: RUF001
)


def join_wrapped_pair(left: str, right: str) -> str:
    """Rejoin a line wrapped onto the next: a space only between two Latin words, and not
    after a hyphen.

    A space already at the seam stays as it is (``総）行政部、 `` + ``デ）…``).
    """
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return left + right
    if left[-1] in "-‐":  # a word broken at its hyphen goes on without a space (Off-JT)
        return left + right
    if JAPANESE_CHAR.match(left[-1]) or JAPANESE_CHAR.match(right[0]):
        return left + right
    return left + " " + right
