"""Initiative rows: the printed number, the title and the 所管 cell of a numbered initiative.

Forms seen in plans (cells are separated by tabs):

* ``1\\t複合的な福祉課題等を抱える市民への支援促進事業\\t所管\\t保) 総務部``
* ``②\\t官民連携窓口の設置\\t所管 デ) スマートシティ推進部、 政) 政策企画部``
* ``(1)\\t人材育成に係る取組の推進\\t所管\\t総) 職員部`` and ``(①)\\t…``
* ``2 行政手続のオンライン化の推進\\t\\t\\t`` — a parent row: no 所管, children follow.

Plain ``1 title`` without any tab is a numbered heading, and ``(1) title`` without any tab a
part heading; circled numbers are always initiatives.
"""

from __future__ import annotations

from parsers.patterns import (
    CHILD_NUMBER,
    CIRCLED_NUMBERS,
    DEPARTMENTS_CELL,
    DIGITS,
    INITIATIVE_ROW,
    PARENTHESIZED_NUMBERS,
    UNKNOWN_NUMBER_ROW,
)

Fields = dict[str, str]


def is_child_number(number: str) -> bool:
    """Whether a printed number marks a child initiative: ``③``, ``(1)``, ``(①)``, ``⑴``."""
    return CHILD_NUMBER.match(number) is not None


def number_value(number: str) -> int | None:
    """The ordinal a printed number stands for (``"3"``, ``"③"``, ``"(3)"``, ``"⑶"`` → 3).

    ``None`` for a number keikaku does not know (``"ア"``).
    """
    digits = DIGITS.search(number)
    if digits:
        return int(digits.group(0))
    for char in number:
        for series in (CIRCLED_NUMBERS, PARENTHESIZED_NUMBERS):
            if char in series:
                return series.index(char) + 1
    return None


def _split_rest(number: str, rest: str) -> Fields:
    fields = {"number": number}
    cell = DEPARTMENTS_CELL.search(rest)
    if cell is not None:
        fields["departments"] = cell.group("departments").strip()
        rest = rest[: cell.start()]
    fields["title"] = " ".join(part for part in rest.split("\t") if part.strip())
    return fields


def initiative_row(text: str) -> Fields | None:
    """Number, title and (when printed) the departments of an initiative row.

    A row with a 所管 cell but a number of no known style (``ア\t…\t所管\t…``) is still an
    initiative row, marked ``unknown_number`` so that the tree can report it.
    """
    match = INITIATIVE_ROW.match(text)
    if match is not None:
        number, rest = match.group("number"), match.group("rest")
        if "\t" in text or (is_child_number(number) and not DIGITS.search(number)):
            return _split_rest(number, rest)
    unknown = UNKNOWN_NUMBER_ROW.match(text)
    if unknown is not None and DEPARTMENTS_CELL.search(unknown.group("rest")):
        return {
            **_split_rest(unknown.group("number").strip(), unknown.group("rest")),
            "unknown_number": "1",
        }
    return None
