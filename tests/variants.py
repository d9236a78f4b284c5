"""Variants of the corpus text that must extract to the same document (issue: messy input).

Each function takes the corpus text and returns the variant's bytes; ``canonical`` strips
what may differ between them (file metadata and line positions).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from keikaku.parsers.patterns import SUPERSCRIPT_DIGITS, SUPERSCRIPT_TO_ASCII

SUPERSCRIPT_RUN = re.compile("[" + SUPERSCRIPT_DIGITS + "]+")


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def utf8_bom(text: str) -> bytes:
    return text.encode("utf-8-sig")


def utf16(text: str) -> bytes:
    return text.encode("utf-16")  # with its byte-order mark


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def cr(text: str) -> bytes:
    return text.replace("\n", "\r").encode("utf-8")


def tabs_as_spaces(text: str) -> bytes:
    return text.replace("\t", "    ").encode("utf-8")


def table_rules_removed(text: str) -> bytes:
    return re.sub(r"(?m)^-{3}\t.*\n", "", text).encode("utf-8")


def table_rules_added(text: str) -> bytes:
    """A rule under every initiative row that has none."""
    row = re.compile(r"(?m)^([^\t\n]{1,4}\t[^\n]*所管[^\n]*\n)(?!-{3})")
    return row.sub(lambda m: m.group(1) + "---\t----\t----\t----\n", text).encode("utf-8")


def full_width(text: str) -> bytes:
    """Digits and Latin letters as full-width characters (U+FF10…: 2022年, DX)."""
    return re.sub(r"[0-9A-Za-z]", lambda m: chr(ord(m.group(0)) + 0xFEE0), text).encode("utf-8")


def spaced_years(text: str) -> bytes:
    """``2022 年``: a space between a number and 年 (not in 年度, which values print as such)."""
    return re.sub(r"(\d)年(?!度)", r"\1 年", text).encode("utf-8")


KANGXI = {"行": "\u2f8f", "目": "\u2f6c", "方": "\u2f45"}
COMPATIBILITY = {
    unicodedata.normalize("NFC", chr(code)): chr(code)
    for code in range(0xF900, 0xFA6E)
    if unicodedata.normalize("NFC", chr(code)) != chr(code)
}


def radicals(text: str) -> bytes:
    """⾏政, ⽬標: Kangxi radicals and CJK compatibility ideographs for common kanji."""
    for kanji, radical in KANGXI.items():
        text = text.replace(kanji, radical)
    return "".join(COMPATIBILITY.get(ch, ch) for ch in text).encode("utf-8")


def footnotes_at_the_end(text: str) -> bytes:
    lines = text.split("\n")
    notes = [line for line in lines if SUPERSCRIPT_RUN.match(line)]
    body = [line for line in lines if not SUPERSCRIPT_RUN.match(line)]
    return "\n".join([*body, "", *notes, ""]).encode("utf-8")


def markers(text: str, style: str) -> str:
    """Superscript markers written the way legacy-encoded plans write them."""
    return SUPERSCRIPT_RUN.sub(
        lambda m: style.format(m.group(0).translate(SUPERSCRIPT_TO_ASCII)), text
    )


def legacy(text: str) -> str:
    """The dash as Shift_JIS and EUC-JP files hold it: JIS 1-1-29, which Python's codecs
    read and write as U+2015 (keikaku folds it back to U+2014)."""
    return text.replace("\u2014", "\u2015")


def cp932_kome(text: str) -> bytes:
    return legacy(markers(text, "※{}")).encode("cp932")


def euc_jp_chu(text: str) -> bytes:
    return legacy(markers(text, "(注{})")).encode("euc_jis_2004")


def utf8_chu(text: str) -> bytes:
    return markers(text, "注{}").encode("utf-8")


VARIANTS = [
    utf8_bom,
    utf16,
    crlf,
    cr,
    tabs_as_spaces,
    table_rules_removed,
    table_rules_added,
    full_width,
    spaced_years,
    radicals,
    footnotes_at_the_end,
    cp932_kome,
    euc_jp_chu,
    utf8_chu,
]

POSITIONS = {"source", "line", "end_line", "offset", "page", "printed_page"}


def canonical(document: Any) -> Any:
    """The document without file metadata and line positions, for comparing variants."""
    if isinstance(document, dict):
        skip = POSITIONS | {"sha256", "encoding", "lines_total", "lines_assigned"}
        return {k: canonical(v) for k, v in document.items() if k not in skip}
    if isinstance(document, list):
        return [canonical(item) for item in document]
    return document
