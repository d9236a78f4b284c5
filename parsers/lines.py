"""Stage ``text_to_lines``: the source lines, normalised once for the rules that follow.

The printed text is kept everywhere else; only what extraction or encoding varies is folded,
each fold listed here:

* Kangxi radicals (U+2F00…, ``⾏`` for 行), CJK Radicals Supplement characters (U+2E80…,
  ``⻩`` for 黄) and CJK compatibility ideographs (U+F900…) that PDF
  fonts map common kanji to: to the unified ideograph, one character at a time (never NFKC on
  the whole text, which would also turn ¹⁷⁸ into 178, ① into 1 and a wave dash into ~);
* full-width digits and Latin letters (U+FF10…: full-width 2022年, DX): to ASCII (full-width
  brackets and punctuation stay as printed);
* ``CHARACTER_FOLDS``: look-alikes some producers emit for ordinary punctuation and ligatures;
* a run of two or more spaces: a cell separator, as a tab (text extracted with spaces where
  the table had tabs).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from parsers.patterns import SPACE_CELL_SEPARATOR
from pipeline.model import Line

# CJK Radicals Supplement characters that stand for a unified ideograph, from Unicode's
# CJKRadicals.txt (17.0); NFKC leaves this block alone. (EquivalentUnifiedIdeograph.txt maps a
# few more, such as U+2EA0 → 民; add them here when a plan prints one.)
RADICALS_SUPPLEMENT = {
    chr(radical): chr(ideograph)
    for radical, ideograph in (
        (0x2EA6, 0x4E2C),
        (0x2EB0, 0x7E9F),
        (0x2EC5, 0x89C1),
        (0x2EC8, 0x8BA0),
        (0x2EC9, 0x8D1D),
        (0x2ECB, 0x8F66),
        (0x2ED0, 0x9485),
        (0x2ED3, 0x957F),
        (0x2ED4, 0x95E8),
        (0x2ED9, 0x97E6),
        (0x2EDA, 0x9875),
        (0x2EDB, 0x98CE),
        (0x2EDC, 0x98DE),
        (0x2EE0, 0x9963),
        (0x2EE2, 0x9A6C),
        (0x2EE5, 0x9C7C),
        (0x2EE6, 0x9E1F),
        (0x2EE7, 0x5364),
        (0x2EE8, 0x9EA6),
        (0x2EE9, 0x9EC4),
        (0x2EEA, 0x9EFE),
        (0x2EEB, 0x6589),
        (0x2EEC, 0x9F50),
        (0x2EED, 0x6B6F),
        (0x2EEE, 0x9F7F),
        (0x2EEF, 0x7ADC),
        (0x2EF0, 0x9F99),
        (0x2EF2, 0x4E80),
        (0x2EF3, 0x9F9F),
    )
}

CHARACTER_FOLDS = {
    "\u2027": "\u30fb",  # HYPHENATION POINT ‧ → KATAKANA MIDDLE DOT ・
    "\u2215": "\uff0f",  # DIVISION SLASH → FULLWIDTH SOLIDUS ／
    "\ufb00": "ff",  # LATIN SMALL LIGATURE FF
    "\ufb01": "fi",  # LATIN SMALL LIGATURE FI
    "\ufb02": "fl",  # LATIN SMALL LIGATURE FL
    "\ufb03": "ffi",  # LATIN SMALL LIGATURE FFI
    "\ufb04": "ffl",  # LATIN SMALL LIGATURE FFL
}


def _fold(char: str) -> str:
    code = ord(char)
    if 0x2F00 <= code <= 0x2FDF:  # Kangxi radicals: compatibility mapping to the ideograph
        return unicodedata.normalize("NFKC", char)
    if 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:  # compatibility ideographs
        return unicodedata.normalize("NFC", char)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)  # full-width digit or letter
    return RADICALS_SUPPLEMENT.get(char) or CHARACTER_FOLDS.get(char, char)


def _needs_fold(char: str) -> bool:
    code = ord(char)
    return code >= 0x2000 and (
        0x2E80 <= code <= 0x2FDF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
        or 0xFF10 <= code <= 0xFF5A
        or char in CHARACTER_FOLDS
    )


def fold_characters(text: str) -> str:
    """The folds above, character by character; text without any is returned as it is."""
    if not any(_needs_fold(char) for char in text):
        return text
    return "".join(_fold(char) for char in text)


def normalize_line(text: str) -> str:
    return SPACE_CELL_SEPARATOR.sub("\t", fold_characters(text))


def text_to_lines(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The lines with their text normalised; numbers and blank lines unchanged."""
    return tuple(Line(line.number, normalize_line(line.text)) for line in lines)
