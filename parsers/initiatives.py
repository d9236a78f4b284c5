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

from parsers.patterns import CHILD_NUMBER, CIRCLED_NUMBERS, DEPARTMENTS_CELL, DIGITS, INITIATIVE_ROW

Fields = dict[str, str]


def is_child_number(number: str) -> bool:
    """Whether a printed number marks a child initiative: ``③``, ``(1)``, ``(①)``."""
    return CHILD_NUMBER.match(number) is not None


def number_value(number: str) -> int:
    """The ordinal a printed number stands for: ``"3"``, ``"③"``, ``"(3)"``, ``"(③)"`` → 3."""
    digits = DIGITS.search(number)
    if digits:
        return int(digits.group(0))
    for char in number:
        if char in CIRCLED_NUMBERS:
            return CIRCLED_NUMBERS.index(char) + 1
    raise ValueError(f"not an initiative number: {number!r}")


def initiative_row(text: str) -> Fields | None:
    """Number, title and (when printed) the departments of an initiative row."""
    match = INITIATIVE_ROW.match(text)
    if match is None:
        return None
    number, rest = match.group("number"), match.group("rest")
    if "\t" not in text and not (is_child_number(number) and not DIGITS.search(number)):
        return None
    fields = {"number": number}
    cell = DEPARTMENTS_CELL.search(rest)
    if cell is not None:
        fields["departments"] = cell.group("departments").strip()
        rest = rest[: cell.start()]
    fields["title"] = " ".join(part for part in rest.split("\t") if part.strip())
    return fields
