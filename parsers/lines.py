"""Stage ``text_to_lines``: the source lines, normalised once for the rules that follow.

The printed text is kept everywhere else; only what extraction or encoding varies is folded,
each fold listed here:

* Kangxi radicals (U+2F00…, ``⾏`` for 行), CJK Radicals Supplement characters (U+2E80…,
  ``⻩`` for 黄, ``⻑`` for 長) through Unicode's EquivalentUnifiedIdeograph data, and CJK
  compatibility ideographs (U+F900…) that PDF
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
from pathlib import Path

import regex

from keikaku.parsers.patterns import SPACE_CELL_SEPARATOR
from keikaku.pipeline.model import Line

EQUIVALENT_IDEOGRAPHS_FILE = (
    Path(__file__).parent / "data" / "unicode" / "EquivalentUnifiedIdeograph.txt"
)


def _equivalent_ideographs(path: Path) -> dict[str, str]:
    """Unicode's Equivalent_Unified_Ideograph: each radical or stroke → its ideograph.

    Lines read ``2EA0 ; 6C11`` or ``2E8C..2E8D ; 5C0F``; NFKC covers only the Kangxi block.
    """
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        codes, ideograph = (part.strip() for part in data.split(";"))
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            table[chr(code)] = chr(int(ideograph, 16))
    return table


# Kangxi radicals (⾏), CJK Radicals Supplement characters (⻑ ⻄ ⺠) and CJK strokes that some
# fonts map common kanji to.
RADICALS = _equivalent_ideographs(EQUIVALENT_IDEOGRAPHS_FILE)

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
    if 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:  # compatibility ideographs
        return unicodedata.normalize("NFC", char)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)  # full-width digit or letter
    return RADICALS.get(char) or CHARACTER_FOLDS.get(char, char)


# Every character a fold above may change, for one search per line: most lines hold none.
_FOLDABLE = regex.compile(
    "[\u2e80-\u2fdf\u31c0-\u31ef\uf900-\ufaff\U0002f800-\U0002fa1f\uff10-\uff5a"
    + "".join(CHARACTER_FOLDS)
    + "]"
)


def fold_characters(text: str) -> str:
    """The folds above, character by character; text without any is returned as it is."""
    if _FOLDABLE.search(text) is None:
        return text
    return _FOLDABLE.sub(lambda match: _fold(match.group()), text)


def normalize_line(text: str) -> str:
    text = fold_characters(text)
    return SPACE_CELL_SEPARATOR.sub("\t", text) if "  " in text else text


def text_to_lines(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The lines with their text normalised; numbers and blank lines unchanged (a line that
    nothing changes is kept as it is)."""
    out = []
    for line in lines:
        text = normalize_line(line.text)
        out.append(line if text == line.text else Line(line.number, text))
    return tuple(out)
