"""Plans of many chapters made from the corpus chapter, for the scaling tests and scripts/bench.

``scaled_plan(text, n)`` prints the chapter n times as chapters 第1章 … 第n章. Chapter 1 is the
corpus as printed, but for its number; chapter k is the same layout with

* its chapter number printed as 第k章, so IDs are distinct (ch1…, chk…), the first's too;
* its footnotes numbered on from the chapter before (¹⁷⁸ … ²¹⁷, then ²¹⁸ … ²⁵⁷), as a whole
  plan numbers them;
* its words shuffled: every run of kanji (two or more) or katakana (three or more) becomes
  another run of the same length from the chapter, by a permutation drawn for k. Titles and
  descriptions then differ from chapter to chapter as a real plan's do, while the text keeps
  its length and stays made of dictionary words;
* the words of its glossary terms given a word of their own in front (ナッジ → 行動ナッジ in
  one chapter, 指定ナッジ in the next), so a term is defined once, as in a real plan, instead
  of once per chapter and found in every other.

The words the parsers name (string literals in parsers/ and the bureau tables: 所管, 目標,
取組方針, 現状, 課題…) are not shuffled, so every chapter has the structure of the first; the
caller can check that with the statistics of the extraction (``scaled_stats``).
"""

from __future__ import annotations

import ast
import random
from functools import cache, partial
from pathlib import Path

import regex

from keikaku.parsers.glossary import footnote_definition
from keikaku.parsers.patterns import ASCII_TO_SUPERSCRIPT, SUPERSCRIPT_TO_ASCII, TERM_COLON
from keikaku.pipeline.model import Stats

ROOT = Path(__file__).resolve().parent.parent
WORD = regex.compile(r"\p{Han}{2,}|[\p{Katakana}ー]{3,}")
# In a term also Latin words, spaced as extraction prints them: "B P R" for BPR.
TERM_WORD = regex.compile(r"\p{Han}{2,}|[\p{Katakana}ー]{3,}|[A-Za-z](?: ?[A-Za-z])+")
SUPERSCRIPT_NUMBER = regex.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
CHAPTER_NUMBER = regex.compile(r"第\d+章")
KANJI_PAIR = regex.compile(r"\p{Han}{2}")


def _literal_words(source: str) -> set[str]:
    """Words in a module's string literals, docstrings left out (they quote examples)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return {
        word
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
        for word in WORD.findall(node.value)
    }


@cache
def parser_words() -> frozenset[str]:
    """The words the parsers name: what must stay as printed for a chapter to parse alike."""
    words: set[str] = set()
    for path in sorted((ROOT / "parsers").glob("*.py")):
        words |= _literal_words(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "parsers" / "data").rglob("*.toml")):
        words |= set(WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(words)


def _term_words(text: str) -> set[str]:
    """The words of the glossary terms defined in ``text``, Latin words without spaces."""
    words = set()
    for line in text.splitlines():
        found = footnote_definition(line.strip())
        if found:
            term = TERM_COLON.split(found["body"], maxsplit=1)[0]
            words.update(word.replace(" ", "") for word in TERM_WORD.findall(term))
    return words


def _renumber(text: str, offset: int) -> str:
    def shift(match: regex.Match[str]) -> str:
        number = int(match.group(0).translate(SUPERSCRIPT_TO_ASCII)) + offset
        return str(number).translate(ASCII_TO_SUPERSCRIPT)

    return SUPERSCRIPT_NUMBER.sub(shift, text)


def _swap_word(swap: dict[str, str], match: regex.Match[str]) -> str:
    word = match.group(0)
    return swap.get(word.replace(" ", "") if word.isascii() else word, word)


def scaled_plan(text: str, chapters: int, shuffle: bool = True) -> str:
    """The text of a plan of ``chapters`` chapters made from one chapter's ``text``.

    With ``shuffle`` off, the chapters are copies but for their numbers (chapter and
    footnotes): every initiative is printed once per chapter, every term defined as often.
    """
    kept = parser_words()
    words = sorted({word for word in WORD.findall(text) if not any(word in k for k in kept)})
    terms = sorted(word for word in _term_words(text) if not any(word in k for k in kept))
    shuffled = [word for word in words if word not in terms]
    prefixes = [word for word in shuffled if KANJI_PAIR.fullmatch(word)]
    if chapters - 1 > len(prefixes):
        raise ValueError(f"at most {len(prefixes) + 1} chapters can be made from this text")
    numbers = [
        int(m.group(0).translate(SUPERSCRIPT_TO_ASCII)) for m in SUPERSCRIPT_NUMBER.finditer(text)
    ]
    span = max(numbers) - min(numbers) + 1 if numbers else 0
    by_length: dict[int, list[str]] = {}
    for word in shuffled:
        by_length.setdefault(len(word), []).append(word)
    out = []
    for k in range(1, chapters + 1):
        swap: dict[str, str] = {}
        if k > 1 and shuffle:
            draw = random.Random(k)
            for same in by_length.values():
                swap.update(zip(same, draw.sample(same, len(same)), strict=True))
            swap.update((word, prefixes[k - 2] + word) for word in terms)
        chapter = TERM_WORD.sub(partial(_swap_word, swap), text)
        chapter = CHAPTER_NUMBER.sub(f"第{k}章", _renumber(chapter, span * (k - 1)))
        out.append(chapter.strip("\n") + "\n")
    return "\n".join(out)


STRUCTURE = ("policies", "groups", "initiatives", "initiative_parents", "targets")


def scaled_stats(one: Stats, plan: Stats, chapters: int) -> list[str]:
    """Where a plan of ``chapters`` chapters does not have ``chapters`` times the structure of
    one (an empty list when it has), and whether every line was claimed."""
    problems = [
        f"{name}: {getattr(plan, name)} (expected {chapters} × {getattr(one, name)})"
        for name in (*STRUCTURE, "glossary_entries", "footnote_refs")
        if getattr(plan, name) != chapters * getattr(one, name)
    ]
    if plan.lines_assigned != plan.lines_total:
        problems.append(f"{plan.lines_total - plan.lines_assigned} lines not claimed")
    return problems
