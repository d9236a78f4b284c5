"""Load a plain-text plan (as a PDF extractor wrote it) into numbered lines.

Decoding is decided once, here. A byte-order mark decides UTF-8 or UTF-16; otherwise UTF-8 is
tried, then the legacy Japanese encodings Shift_JIS (as CP932) and EUC-JP (as EUC-JIS-2004,
its superset), keeping the one that reads as Japanese best. The legacy codecs decode the JIS
dash and a few symbols to other code points than Unicode text uses (0x815C to U+2015 rather
than U+2014 EM DASH): those are folded back (``LEGACY_FOLDS``), so a plan reads the same in
every encoding. Line breaks CRLF and CR count as LF, so line numbers match an editor's.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
import unicodedata
from pathlib import Path

from keikaku.pipeline.errors import InputError
from keikaku.pipeline.model import Line, SourceText

LEGACY_ENCODINGS = ("cp932", "euc_jis_2004")
LEGACY_NAMES = {"cp932": "shift_jis (cp932)", "euc_jis_2004": "euc-jp (euc-jis-2004)"}

# Code points the legacy codecs give where Unicode text has another for the same JIS character.
LEGACY_FOLDS = str.maketrans(
    {
        "\u2015": "\u2014",  # HORIZONTAL BAR → EM DASH (JIS 1-1-29, the dash of "2022年 —")
        "\uff5e": "\u301c",  # FULLWIDTH TILDE → WAVE DASH (ranges: 4月〜6月)
        "\u2225": "\u2016",  # PARALLEL TO → DOUBLE VERTICAL LINE
        "\uff0d": "\u2212",  # FULLWIDTH HYPHEN-MINUS → MINUS SIGN
        "\uffe0": "\u00a2",  # FULLWIDTH CENT SIGN → CENT SIGN
        "\uffe1": "\u00a3",  # FULLWIDTH POUND SIGN → POUND SIGN
        "\uffe2": "\u00ac",  # FULLWIDTH NOT SIGN → NOT SIGN
    }
)

# At most this share of characters may be control, unassigned or private-use characters: more
# means the bytes were not text in the encoding they decoded from.
MAX_NON_TEXT_SHARE = 0.01
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


_NON_TEXT = ("Cc", "Cn", "Co", "Cs")
# Blocks most of a Japanese plan is made of (ASCII, CJK symbols, kana, kanji, full-width forms):
# what of them is text is passed over in one scan in C, so that the characters looked up one
# by one are the few left. Speed only: the ranges are checked against unicodedata, so the
# share is the same whatever they hold.
_COMMON_BLOCKS = ((0x20, 0x7E), (0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xFF01, 0xFF9F))


@functools.cache
def _common_text() -> re.Pattern[str]:
    """Runs of characters of ``_COMMON_BLOCKS`` that are text (no ``_NON_TEXT`` category)."""
    ranges: list[str] = []
    for low, high in _COMMON_BLOCKS:
        start = None
        for code in range(low, high + 2):
            text = code <= high and unicodedata.category(chr(code)) not in _NON_TEXT
            if text and start is None:
                start = code
            elif not text and start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
                start = None
    return re.compile(f"[{''.join(ranges)}]+")


def _non_text_share(text: str) -> float:
    # each distinct character outside the common runs is looked up once, then counted
    rest = _common_text().sub("", text)
    odd = sum(
        text.count(ch) for ch in set(rest) - _TEXT_CONTROLS if unicodedata.category(ch) in _NON_TEXT
    )
    return odd / max(len(text), 1)


def _japanese_score(text: str) -> int:
    """How Japanese a decoding reads: kana and kanji count, half-width katakana count against.

    EUC-JP bytes read as CP932 come out as runs of half-width katakana; the right decoding
    of a Japanese plan is full of hiragana.
    """
    score = 0
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x4E00 <= code <= 0x9FFF:
            score += 1
        elif 0xFF61 <= code <= 0xFF9F:
            score -= 2
    return score


def _decode_legacy(path: str, data: bytes) -> tuple[str, str]:
    candidates = []
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_japanese_score(text), encoding, text))
    if not candidates:
        raise InputError(
            path, "not text in a known encoding (UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP)"
        )
    _, encoding, text = max(candidates, key=lambda c: c[0])
    return text.translate(LEGACY_FOLDS), LEGACY_NAMES[encoding]


def decode(path: str, data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text, encoding = data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError(path, "not UTF-8 text after its UTF-8 byte-order mark") from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(path, "not UTF-16 text after its UTF-16 byte-order mark") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise InputError(path, "binary data (NUL bytes), not a text file") from None
            text, encoding = _decode_legacy(path, data)
    if "\x00" in text:
        raise InputError(path, "binary data (NUL characters), not a text file")
    if _non_text_share(text) > MAX_NON_TEXT_SHARE:
        raise InputError(path, f"binary data, not text (read as {encoding})")
    return text, encoding


def split_lines(text: str) -> tuple[Line, ...]:
    """Numbered lines of ``text``; a final line break does not start an extra empty line."""
    pieces = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    return tuple(Line(number, piece) for number, piece in enumerate(pieces, start=1))


def load_text(path: str | Path) -> SourceText:
    """Read and decode ``path``; raises ``InputError`` when it is not usable text."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    if not data.strip():
        raise InputError(name, "empty file (no text to extract)")
    text, encoding = decode(name, data)
    if not text.strip():
        raise InputError(name, "empty file (no text to extract)")
    return SourceText(
        path=name,
        name=Path(path).name,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        lines=split_lines(text),
    )
