"""Clean text as printed: pull out footnote markers, undo the spaces PDF extraction inserted.

The rules keep what the plan printed (full-width brackets, old-form kanji, punctuation) and
remove only what extraction added:

* inline footnote markers ``¹⁸¹`` with the spaces around them, recorded as numbers;
* spaces next to Japanese characters: ``2022 年`` → ``2022年``, ``実現 及び`` → ``実現及び``;
* spaces inside spelled-out acronyms: ``S N S`` → ``SNS``, ``C o E`` → ``CoE``,
  ``E BPM`` → ``EBPM``;

while spaces between real Latin words stay (``Meet for the Next``, ``Team-Sapporo Hokkaido``).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from keikaku.parsers.patterns import (
    DIGITS,
    INLINE_MARKER,
    LATIN_TOKEN_RUN,
    SPACE_CHARS,
    SPACE_RUN,
    SPACES_NEXT_TO_JAPANESE,
    SUPERSCRIPT_TO_ASCII,
)
from keikaku.pipeline.typography import join_wrapped_pair


def marker_number(marker: str) -> int:
    """The footnote a marker names: ``"¹⁷⁸"``, ``"※178"``, ``"(注178)"``, ``"注178"`` → 178."""
    return int(DIGITS.search(marker.translate(SUPERSCRIPT_TO_ASCII)).group(0))


def _is_spelled_letter(token: str) -> bool:
    return len(token) == 1 and token.isalpha()


def _joins(left: str, right: str) -> bool:
    """Whether the space between two Latin tokens was put there by extraction.

    A lone letter next to another lone letter or an upper-case acronym is a spelled-out
    acronym ("S N S", "C o E", "E BPM"); anything else is two words.
    """
    if _is_spelled_letter(left):
        return _is_spelled_letter(right) or right.isupper()
    if _is_spelled_letter(right):
        return left.isupper()
    return False


def _join_acronym_run(run: str) -> str:
    tokens = run.split(" ")
    out = tokens[0]
    for left, right in pairwise(tokens):
        out += right if _joins(left, right) else " " + right
    return out


_SPACE, _TAB, _IDEOGRAPHIC_SPACE = SPACE_CHARS


def clean_text(text: str) -> str:
    """Remove extraction spaces from one piece of text (markers must be gone already)."""
    text = text.strip()
    if _SPACE not in text and _TAB not in text and _IDEOGRAPHIC_SPACE not in text:
        return text  # every rule below takes out or joins at a space: nothing to do
    text = SPACES_NEXT_TO_JAPANESE.sub("", text)
    text = SPACE_RUN.sub(" ", text)
    return LATIN_TOKEN_RUN.sub(lambda m: _join_acronym_run(m.group(0)), text)


# Stands in for a marker while the text is cleaned; a private-use character no text contains.
_PLACEHOLDER = "\ue000"


def locate_markers(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Clean ``text``; return it with (footnote number, offset) for each inline marker.

    The offset is where the marker stood in the clean text, right after the word it marks:
    ``"システム標準化 ¹⁸³ の対象"`` → ``("システム標準化の対象", ((183, 7),))``. A marker between
    two Latin words leaves one space so the words stay apart.
    """
    numbers = [marker_number(m.group(1)) for m in INLINE_MARKER.finditer(text)]
    if not numbers:
        return clean_text(text), ()
    first, *rest = clean_text(INLINE_MARKER.sub(_PLACEHOLDER, text)).split(_PLACEHOLDER)
    out = [first]
    found: list[tuple[int, int]] = []
    length, before = len(first), first[-1:]  # the clean text's length so far, its last character
    for index, piece in enumerate(rest):
        found.append((numbers[index], length))
        after = piece[:1]
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            out.append(" ")
            length, before = length + 1, " "
        out.append(piece)
        length, before = length + len(piece), piece[-1:] or before
    return "".join(out), tuple(found)


def split_markers(text: str) -> tuple[str, tuple[int, ...]]:
    """Clean ``text`` and return it with the footnote numbers its inline markers named."""
    clean, found = locate_markers(text)
    return clean, tuple(number for number, _ in found)


def join_wrapped(pieces: Iterable[str]) -> str:
    """Join the lines one paragraph was wrapped over (see ``join_wrapped_pair``).

    ``join_wrapped_pair`` decides by the two characters at the seam, so each seam is decided
    on those alone and the pieces joined once: a paragraph of many lines costs linear time.
    """
    parts: list[str] = []
    for piece in (piece.strip() for piece in pieces):
        if not piece:
            continue
        if parts:
            seam = join_wrapped_pair(parts[-1][-1], piece[0])
            parts.append(seam[1:-1])
        parts.append(piece)
    return "".join(parts)


def unique(numbers: Iterable[int]) -> tuple[int, ...]:
    """Numbers in order of first appearance, each once."""
    return tuple(dict.fromkeys(numbers))
