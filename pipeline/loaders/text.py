"""Load a plain-text plan (as a PDF extractor wrote it) into numbered lines.

Decoding is decided once, here: UTF-8 (with or without a byte-order mark) or UTF-16 with a
byte-order mark. Line breaks CRLF and CR count as LF, so line numbers match what an editor shows.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from pipeline.errors import InputError
from pipeline.model import Line, SourceText


def _decode(path: str, data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode("utf-16" if encoding == "utf-16" else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not UTF-8 or UTF-16 text (undecodable byte at offset {exc.start})"
        ) from None
    if "\x00" in text:
        raise InputError(path, "binary data (NUL characters), not a text file")
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
    text, encoding = _decode(name, data)
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
