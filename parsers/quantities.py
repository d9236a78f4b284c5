"""What a printed baseline or target value means, read with Sudachi's tokens.

Numbers and counters come from Sudachi: a 数詞 token with its numeral normalisation
(``2億2千万`` → 220000000, ``20,000千`` → 20000000, ``2,273,760`` → 2273760) followed by the
tokens of its unit or counter (人, 枚, 時間, %, 事業体…), so no table of units is kept here.
What keikaku does keep are the small vocabularies Sudachi cannot give: which words state a
direction of change, and which indicator words imply a unit.

Forms seen (the value as printed → kind):

* ``30.8%``, ``975人``, ``50,861 時間``, ``2億2千万枚``, ``3回/年`` → quantity;
* ``10%増 (2023年度比)``, ``20分短縮``, ``受験者増``, ``減少`` → change;
* ``実施``, ``一部実施``, ``隨時実施``, ``タクシー券、ガソリン券の電子申請実施`` → qualitative;
* ``—``, ``-`` → not_set; nothing printed → absent; anything else → unknown (with a diagnostic),
  among them a number followed by a clause (``1年間収録し DVD 化 中学校へ配布``: a verb, a particle
  or an auxiliary after it), which is no count of anything.
"""

from __future__ import annotations

from decimal import Decimal

from keikaku.parsers.morphology import Token, tokens
from keikaku.pipeline.model import ParsedValue

DASHES = frozenset("—-―ー－‐−\u2013")  # the last one is an en dash

# Words that state the direction of a change, by Sudachi normalized form.
DIRECTION_WORDS = {
    "増": "increase",
    "増加": "increase",
    "増大": "increase",
    "拡大": "increase",
    "上昇": "increase",
    "減": "decrease",
    "減少": "decrease",
    "短縮": "decrease",
    "削減": "decrease",
    "低減": "decrease",
    "縮減": "decrease",
}

# Words of an indicator that imply the unit of a value printed without one.
INDICATOR_UNITS = (("割合", "%"), ("率", "%"))

# "(2023年度比)": a change measured against something.
REFERENCE_SUFFIX = "比"
RATE_SEPARATORS = frozenset({"/", "／"})
NUMERAL_POS = ("名詞", "数詞", "*", "*", "*", "*")  # Sudachi's part of speech of a numeral
# Parts of speech a unit or counter never holds: after a number they make the value a clause.
CLAUSE_POS = frozenset({"動詞", "助詞", "助動詞"})


def _number(normalized: str) -> int | float:
    value = Decimal(normalized)
    return int(value) if value == value.to_integral_value() else float(value)


def _surface(text: str, run: list[Token]) -> str:
    """The printed text a run of tokens covers (inner spaces kept as printed)."""
    return text[run[0].begin : run[-1].end].strip() if run else ""


def _split_reference(text: str, run: list[Token]) -> tuple[list[Token], str | None]:
    """Take a final bracketed ``(2023年度比)`` off the run; return what it is measured against."""
    if not run or run[-1].pos[1] != "括弧閉":
        return run, None
    opening = max((i for i, t in enumerate(run) if t.pos[1] == "括弧開"), default=None)
    if opening is None:
        return run, None
    inner = run[opening + 1 : -1]
    if not inner or inner[-1].surface != REFERENCE_SUFFIX:
        return run, None
    return run[:opening], _surface(text, inner[:-1]) or None


def _indicator_unit(indicator: str) -> str | None:
    return next((unit for word, unit in INDICATOR_UNITS if word in indicator), None)


def _leading_digits(surface: str) -> int:
    return next((i for i, ch in enumerate(surface) if not ch.isdigit()), len(surface))


def _split_counted_word(run: list[Token]) -> list[Token]:
    """A number and its counter that the dictionary files as one word (１人 read ひとり, ２人
    ふたり): the number as a numeral token, the rest as the counter after it."""
    if not run or run[0].is_numeral:
        return run
    first = run[0]
    cut = _leading_digits(first.surface)
    if cut == 0 or cut == len(first.surface):
        return run
    at = first.begin + cut
    numeral = Token(
        first.surface[:cut], NUMERAL_POS, str(int(first.surface[:cut])), "", False, first.begin, at
    )
    counter = first._replace(surface=first.surface[cut:], normalized=first.surface[cut:], begin=at)
    return [numeral, counter, *run[1:]]


def parse_value(raw: str | None, indicator: str = "") -> ParsedValue:
    """The meaning of one printed value; ``kind == "unknown"`` when no rule understands it."""
    if raw is None:
        return ParsedValue("absent")
    text = raw.strip()
    if text and all(ch in DASHES for ch in text):
        return ParsedValue("not_set")
    run = [t for t in tokens(text) if not t.is_space]
    run = _split_counted_word(run)
    run, reference = _split_reference(text, run)
    direction = None
    if run and run[-1].normalized in DIRECTION_WORDS:
        direction = DIRECTION_WORDS[run[-1].normalized]
        run = run[:-1]
    if run and run[0].is_numeral:
        return _quantity(text, run, direction, reference, indicator)
    if any(t.is_numeral for t in run) or reference:
        return ParsedValue("unknown")
    if direction:
        return ParsedValue("change", direction=direction, detail=_surface(text, run) or None)
    if run and run[-1].is_verbal_noun:
        return ParsedValue(
            "qualitative", action=run[-1].surface, detail=_surface(text, run[:-1]) or None
        )
    return ParsedValue("unknown")


def _is_clause(run: list[Token]) -> bool:
    """Whether the words after a number read as a clause (収録し…へ配布), not as its unit."""
    return any(t.pos[0] in CLAUSE_POS for t in run)


def _quantity(
    text: str, run: list[Token], direction: str | None, reference: str | None, indicator: str
) -> ParsedValue:
    value = _number(run[0].normalized)
    unit_run, per = run[1:], None
    separator = next((i for i, t in enumerate(unit_run) if t.surface in RATE_SEPARATORS), None)
    if separator is not None:
        per = _surface(text, unit_run[separator + 1 :]) or None
        unit_run = unit_run[:separator]
    if any(t.is_numeral for t in unit_run) or (separator is not None and per is None):
        return ParsedValue("unknown")
    if _is_clause(unit_run):
        return ParsedValue("unknown")
    unit = "".join(t.surface for t in unit_run) or None
    if unit and any(ch.isdigit() for ch in unit):  # 5年間で1人: a second number Sudachi
        return ParsedValue("unknown")  # read into a word is no unit
    if direction is None:
        if reference:
            return ParsedValue("unknown")
        return ParsedValue(
            "quantity",
            value=value,
            unit=unit,
            per=per,
            indicator_unit=None if unit else _indicator_unit(indicator),
        )
    return ParsedValue(
        "change",
        value=-value if direction == "decrease" else value,
        unit=unit,
        per=per,
        direction=direction,
        reference=reference,
    )
