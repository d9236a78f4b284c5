"""Morphological analysis with Sudachi (SudachiPy + sudachidict-core), loaded once per process.

The rest of keikaku sees plain ``Token`` tuples, never Sudachi objects. Time spent here is
added up in ``SECONDS`` so that scripts/bench can report the share of morphological analysis.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

from sudachipy import Dictionary, SplitMode

SECONDS = {"load": 0.0, "analysis": 0.0}
MEMO_SIZE = 20_000
_MEMO: dict[str, list[Token]] = {}
_tokenizer: Any = None
SPACE_POS = "空白"  # the part of speech of white space


Form = tuple[str, int, int]  # a token's normalized form and its offsets


class Token(NamedTuple):
    surface: str
    pos: tuple[str, ...]  # e.g. ("名詞", "数詞", "*", …), ("名詞", "普通名詞", "サ変可能", …)
    normalized: str  # Sudachi's normalized form: 手續 → 手続, 2億2千万 → 220000000
    reading: str  # katakana reading
    oov: bool  # not in the dictionary
    begin: int  # character offsets in the analysed text
    end: int

    @property
    def is_space(self) -> bool:
        return self.pos[0] == SPACE_POS

    @property
    def is_symbol(self) -> bool:
        return self.pos[0] in ("補助記号", "記号", "空白")

    @property
    def is_numeral(self) -> bool:
        return self.pos[:2] == ("名詞", "数詞")

    @property
    def is_verbal_noun(self) -> bool:
        """A noun that takes する (サ変可能): 実施, 充実, 検討, 設置…"""
        return self.pos[0] == "名詞" and "サ変可能" in self.pos[2]


def _get_tokenizer() -> Any:
    global _tokenizer
    if _tokenizer is None:
        start = time.perf_counter()
        _tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
        SECONDS["load"] += time.perf_counter() - start
    return _tokenizer


# Sudachi refuses input longer than 49,149 bytes; longer text is analysed in pieces cut after
# a sentence end (。) or, failing that, at this many characters (3 bytes each at most in UTF-8).
MAX_CHARS = 16_000


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) covering ``text``, each short enough for Sudachi."""
    pieces, start = [], 0
    while len(text) - start > MAX_CHARS:
        cut = text.rfind("。", start, start + MAX_CHARS) + 1 or start + MAX_CHARS
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


_new_token = tuple.__new__
# What the dictionary says of a word, by its id: (part of speech, normalized form, reading,
# False — not OOV). These are facts of the dictionary, not of a document, so they are kept
# across documents; a word outside the dictionary (OOV) has no id of its own and is read from
# its morpheme.
_WORDS: dict[int, tuple[tuple[str, ...], str, str, bool]] = {}
WORDS_SIZE = 200_000


def _read_word(m: Any) -> tuple[tuple[str, ...], str, str, bool]:
    """A morpheme's part of speech, normalized form, reading and whether it is OOV, read from
    the morpheme (a word not in ``_WORDS`` yet, or OOV); a dictionary word is kept."""
    oov = m.is_oov()
    word = (m.part_of_speech(), m.normalized_form(), m.reading_form(), oov)
    if not oov and len(_WORDS) < WORDS_SIZE:
        _WORDS[m.word_id()] = word
    return word


# The two readers below look a word up in line (``_WORDS``, else ``_read_word``): a call per
# morpheme is a share of their time. They look it up by its id without asking whether it is
# OOV first: Sudachi gives an OOV word an id of a dictionary of its own (0xF in the id's top
# four bits, the system dictionary's are 0), so it is never in ``_WORDS`` and is read from its
# morpheme.


def _analyse(tokenizer: Any, text: str) -> list[Token]:
    out = []
    words = _WORDS
    for offset, piece in _pieces(text):
        for m in tokenizer.tokenize(piece):
            word = words.get(m.word_id())
            if word is None:
                word = _read_word(m)
            begin, end = m.begin(), m.end()
            # A token per morpheme is most of the cost besides Sudachi's own: tuple.__new__
            # skips the NamedTuple's Python constructor, the slice stands for m.surface().
            out.append(_new_token(Token, (piece[begin:end], *word, offset + begin, offset + end)))
    return out


def _forms(tokenizer: Any, text: str) -> list[Form]:
    out = []
    words = _WORDS
    for offset, piece in _pieces(text):
        for m in tokenizer.tokenize(piece):
            word = words.get(m.word_id())
            if word is None:
                word = _read_word(m)
            if word[0][0] != SPACE_POS:
                out.append((word[1], offset + m.begin(), offset + m.end()))
    return out


def tokens(text: str, remember: bool = True) -> list[Token]:
    """Sudachi's tokens of ``text`` in split mode C (the longest units).

    Within one document's extraction the same text is often analysed again (a title for its
    normalized form and for mentions, a value printed in many rows): ``forget()`` between
    documents keeps the memo small and every extraction's timing honest. A caller that reads
    a text once (a description, for mentions) passes ``remember=False``: its tokens are not
    kept, which holds the memo to the short texts that come back.
    """
    if not text:
        return []
    if text in _MEMO:
        return _MEMO[text]
    tokenizer = _get_tokenizer()
    start = time.perf_counter()
    out = _analyse(tokenizer, text)
    SECONDS["analysis"] += time.perf_counter() - start
    if remember and len(_MEMO) < MEMO_SIZE:
        _MEMO[text] = out
    return out


def normalized_forms(text: str) -> list[Form]:
    """(normalized form, begin, end) of each of ``tokens(text)`` but the spaces: what a search
    for terms reads. A text read once (a description) is not kept, and no ``Token`` is made
    for it: the search needs no more of a morpheme."""
    if not text:
        return []
    if text in _MEMO:
        return [(t.normalized, t.begin, t.end) for t in _MEMO[text] if not t.is_space]
    tokenizer = _get_tokenizer()
    start = time.perf_counter()
    out = _forms(tokenizer, text)
    SECONDS["analysis"] += time.perf_counter() - start
    return out


def forget() -> None:
    """Empty the memo of analysed texts (pipeline/run.py calls it for every document)."""
    _MEMO.clear()


# Parts of speech whose normalized form is the dictionary form (書か → 書く): their printed
# form is kept, so that "書かない窓口" stays readable; only spelling variants are folded.
_CONJUGATING = frozenset({"動詞", "形容詞", "助動詞"})

# How Japanese reads the letters of an acronym Sudachi has no reading for (EBPM → イービーピーエム).
LETTER_NAMES = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "エー ビー シー ディー イー エフ ジー エイチ アイ ジェー ケー エル エム エヌ オー ピー "
        "キュー アール エス ティー ユー ブイ ダブリュー エックス ワイ ゼット".split(),
        strict=True,
    )
)


def normalized(text: str) -> str:
    """Text in Sudachi's normalized forms (手續 → 手続), for matching and search."""
    out = []
    for t in tokens(text):
        head = t.pos[0]
        if head != SPACE_POS:  # a space token: left out
            out.append(t.surface if head in _CONJUGATING else t.normalized)
    return "".join(out)


def reading(text: str) -> str:
    """Katakana reading, symbols left out; an unknown upper-case acronym is read by letter."""
    out: list[str] = []
    for token in tokens(text):
        if token.is_symbol:
            continue
        if token.surface.isascii() and token.surface.isupper() and token.reading.isascii():
            out.extend(LETTER_NAMES.get(letter, letter) for letter in token.surface)
        else:
            out.append(token.reading)
    return "".join(out)
