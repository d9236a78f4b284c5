"""Table rows printed as lines of text: cells separated by tabs, a row set over several lines.

A page design may print one row of a table over several lines. The text a loader writes for it
takes two forms, and a reader joins both back into the row:

* a line whose leading cells are empty continues the cells of the row above, column by column:
  ``②\\t戸籍・住民記録窓口の利便性向上\\t所管\\t`` with, on the next page,
  ``\\t\\t\\tデ) スマートシティ推進部`` (the 所管 cell's text under the 所管 column);
* a plain line (no tab) under a row is the row's last cell wrapped onto a new line:
  ``取組方針4\\t職員力と組織力の向上\\t…職員の確保や人`` then ``材育成を的確に進め、…``.

Which lines may continue a row is the rule module's decision (a plain line under an initiative
row is its description, under a policy summary row the rest of its text); this module only
joins them. A wrapped cell is rejoined as a wrapped paragraph is (``join_wrapped_pair``).
"""

from __future__ import annotations

from keikaku.parsers.patterns import SENTENCE_END
from keikaku.pipeline.typography import NO_LINE_START, join_wrapped_pair


def cells(text: str) -> list[str]:
    """The cells of a row, stripped: ``"1\\t題\\t所管\\t"`` → ``["1", "題", "所管", ""]``."""
    return [cell.strip() for cell in text.split("\t")]


def filled(text: str) -> list[str]:
    """The cells that hold text, in order: ``"\\t\\t100%\\t100%"`` → ``["100%", "100%"]``."""
    return [cell for cell in cells(text) if cell]


def continues_columns(text: str) -> bool:
    """A line whose first cell is empty and that holds text: ``\\t\\t—\\t設置``."""
    return text.startswith("\t") and bool(text.strip())


def merge_columns(row: str, below: str) -> str:
    """``row`` with each cell of ``below`` joined to the cell of the same column."""
    merged = row.split("\t")
    for column, cell in enumerate(below.split("\t")):
        if not cell.strip():
            continue
        merged.extend([""] * (column + 1 - len(merged)))
        merged[column] = join_wrapped_pair(merged[column], cell.lstrip())
    return "\t".join(merged)


def wrap_last_cell(row: str, below: str) -> str:
    """``row`` with ``below`` joined to its last cell that holds text."""
    merged = row.split("\t")
    last = max((i for i, cell in enumerate(merged) if cell.strip()), default=len(merged) - 1)
    merged[last] = join_wrapped_pair(merged[last], below.lstrip())
    return "\t".join(merged[: last + 1])


def continue_row(row: str, below: str) -> str:
    """``row`` continued by the line ``below``, in the form that line takes."""
    return merge_columns(row, below) if continues_columns(below) else wrap_last_cell(row, below)


def ends_sentence(cell: str) -> bool:
    """Whether a cell's text ends with a full stop (only its end is looked at)."""
    return SENTENCE_END.match(cell.rstrip()[-1:]) is not None


def is_wrapped(cell: str, text: str) -> bool:
    """Whether ``text`` can only go on from ``cell``: a cell cut in mid-sentence and a line that
    starts with a character Japanese never sets at the start of a line (``・効果的に…``
    after ``…市政課題に迅速``)."""
    text = text.lstrip()
    return bool(cell) and bool(text) and not ends_sentence(cell) and text[0] in NO_LINE_START
