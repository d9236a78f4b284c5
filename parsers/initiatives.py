"""Initiative rows: the printed number, the title and the 所管 cell of a numbered initiative.

Forms seen in plans (cells are separated by tabs):

* ``1\\t複合的な福祉課題等を抱える市民への支援促進事業\\t所管\\t保) 総務部``
* ``②\\t官民連携窓口の設置\\t所管 デ) スマートシティ推進部、 政) 政策企画部``
* ``(1)\\t人材育成に係る取組の推進\\t所管\\t総) 職員部`` and ``(①)\\t…``
* ``2 行政手続のオンライン化の推進\\t\\t\\t`` — a parent row: no 所管, children follow;
* ``複合的な福祉課題等を抱える市民への支援促進事業\\t1`` — the number after the name, in a
  cell of its own at the right, with 所管 in a row of its own below (``所管：保) 総務部``,
  ``departments_row``) or anywhere else in the initiative's box. Not when figures stand
  between them (``採用人数\\t5\\t1\\t3``): that is a row of a table of figures.

Plain ``1 title`` without any tab is a numbered heading, and ``(1) title`` without any tab a
part heading; circled numbers are always initiatives.

A row may go on over the lines below it (``continues_row``): a cell printed under its column
(``\\t\\t\\tデ) スマートシティ推進部`` after ``…\\t所管\\t``, also on the next page), or a 所管 list
cut after a separator (``…、``) and continued on a plain line.
"""

from __future__ import annotations

from keikaku.parsers import cells
from keikaku.parsers.patterns import (
    CHILD_NUMBER,
    CIRCLED_NUMBERS,
    DEPARTMENT_SEPARATOR,
    DIGITS,
    INITIATIVE_ROW,
    ORDINAL_CELL,
    PARENTHESIZED_NUMBERS,
    UNKNOWN_NUMBER_ROW,
    grammar,
)
from keikaku.pipeline.model import Block, Line

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
    cell = grammar().departments_cell.search(rest)
    if cell is not None:
        fields["departments"] = cell.group("departments").strip()
        rest = rest[: cell.start()]
    else:  # 所管 as label and value in one cell: "題\t所管：保) 総務部"
        parts = [part.strip() for part in rest.split("\t")]
        for at, part in enumerate(parts[1:], start=1):
            labelled = grammar().departments_row.match(part)
            if labelled is not None:
                more = [p for p in parts[at + 1 :] if p]
                fields["departments"] = " ".join([labelled.group("departments").strip(), *more])
                rest = "\t".join(parts[:at])
                break
    fields["title"] = " ".join(part for part in rest.split("\t") if part.strip())
    return fields


def _number_last(text: str) -> Fields | None:
    """``題\t1``, ``題\t①``: a row whose last cell is an ordinal and whose first is not."""
    row = cells.cells(text)
    while row and not row[-1]:
        row.pop()
    if len(row) < 2 or not row[0] or ORDINAL_CELL.fullmatch(row[0]):
        return None
    if ORDINAL_CELL.fullmatch(row[-1]) is None or _figures_between(row):
        return None
    return _split_rest(row[-1], "\t".join(row[:-1]))


def _figures_between(row: list[str]) -> bool:
    """Whether figures stand between the name and the last cell (``採用人数\t5\t1\t3``): a
    row of a table of figures, whose last figure is one more count, not the row's ordinal."""
    return any(DIGITS.fullmatch(cell.strip()) for cell in row[1:-1])


def initiative_row(text: str) -> Fields | None:
    """Number, title and (when printed) the departments of an initiative row.

    The number stands first (``1\t題\t所管\t…``) or last, in a cell of its own (``題\t1``).
    A row with a 所管 cell but a number of no known style (``ア\t…\t所管\t…``) is still an
    initiative row, marked ``unknown_number`` so that the tree can report it.
    """
    match = INITIATIVE_ROW.match(text)
    if match is not None:
        number, rest = match.group("number"), match.group("rest")
        if "\t" in text or (is_child_number(number) and not DIGITS.search(number)):
            return _split_rest(number, rest)
    if "\t" in text:
        number_last = _number_last(text)
        if number_last is not None:
            return number_last
    unknown = UNKNOWN_NUMBER_ROW.match(text)
    if unknown is not None and grammar().departments_cell.search(unknown.group("rest")):
        return {
            **_split_rest(unknown.group("number").strip(), unknown.group("rest")),
            "unknown_number": "1",
        }
    return None


def departments_row(text: str) -> Fields | None:
    """所管 in a row of its own, label and value: ``所管：保) 総務部``, ``所管\t財) 税政部``."""
    match = grammar().departments_row.match(text)
    return None if match is None else {"departments": match.group("departments").strip()}


def _list_goes_on(block: Block, line: Line, alone: Block, after_blank: bool) -> bool:
    """A 所管 list cut after a separator, and a plain line right under it."""
    departments = block.fields.get("departments", "")
    return (
        not after_blank
        and alone.kind == "paragraph"
        and DEPARTMENT_SEPARATOR.fullmatch(departments.rstrip()[-1:]) is not None
    )


def continues_row(
    block: Block, row: str | None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, str] | None:
    """An initiative row with ``line`` as more of its cells (see the module's docstring).

    A plain line under a row is the initiative's description, unless the row's 所管 list
    ends in a separator. ``row`` is the row as joined so far.
    """
    if not (cells.continues_columns(line.text) or _list_goes_on(block, line, alone, after_blank)):
        return None
    row = cells.continue_row(row or block.lines[0].text, line.text)
    fields = initiative_row(row)
    return None if fields is None else (Block(block.kind, (*block.lines, line), fields), row)


def continues_departments(
    block: Block, row: str | None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, str] | None:
    """A 所管 row (``所管：総）行政部、``) whose list goes on on the plain line under it."""
    if not _list_goes_on(block, line, alone, after_blank):
        return None
    row = cells.continue_row(row or block.lines[0].text, line.text)
    fields = departments_row(row)
    return None if fields is None else (Block(block.kind, (*block.lines, line), fields), row)
