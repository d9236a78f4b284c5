"""目標 rows: the indicator, and the baseline and target values with their years.

Layouts seen in plans (cells separated by tabs):

* values under their years, on the next line::

      目標\\t複合的な福祉課題を抱える市民の支援方針が決まった割合\\t2022年\\t2027年
      \\t\\t100%\\t100%

* values beside their years: ``目標\\t…オンラインカバー率\\t2022年 30.8%\\t2027年 70%``;
* spaced years and values: ``…\\t2022 年 50,861 時間\\t2027 年 130,000 時間``;
* a dash for "no value that year": ``2022年 —`` or a ``-`` on the next line;
* no values at all: ``目標\\t…の設置\\t2022年\\t2023年\\t`` — the values are ``None``, with a
  diagnostic, never an empty string or a guess.
"""

from __future__ import annotations

from parsers.morphology import normalized
from parsers.patterns import TARGET_ROW, TARGET_SPACED, VALUE_ROW, YEAR_CELL
from parsers.quantities import parse_value
from parsers.text import locate_markers, split_markers, unique
from pipeline.model import Block, Diagnostic, Source, Target, YearValue

Fields = dict[str, str]


def target_row(text: str) -> Fields | None:
    """A 目標 row: ``目標\\t<indicator>\\t2022年[ value]\\t2027年[ value]``."""
    match = TARGET_ROW.match(text)
    return None if match is None else {"rest": match.group("rest")}


def value_row(text: str) -> Fields | None:
    """Values printed under a 目標 row's years: ``\\t\\t225人\\t975人``."""
    match = VALUE_ROW.match(text)
    if match is None:
        return None
    cells = [cell for cell in text.split("\t") if cell.strip()]
    return {"cells": "\t".join(cells)} if 1 <= len(cells) <= 2 else None


def _value(raw: str | None) -> str | None:
    return raw.strip() if raw and raw.strip() else None


def _read_row(
    text: str, rest: str
) -> tuple[str, list[int | None], list[str | None], list[int]] | None:
    """Indicator, years, inline values and the tab columns of the two year cells.

    ``text`` is the whole row, ``rest`` the part after 目標.
    """
    cells = text.split("\t")
    years = [i for i, cell in enumerate(cells) if YEAR_CELL.match(cell.strip())]
    if len(years) >= 2:
        base, target = years[-2], years[-1]
        indicator = " ".join(cell.strip() for cell in cells[1:base] if cell.strip())
        found = [YEAR_CELL.match(cells[i].strip()) for i in (base, target)]
        return (
            indicator,
            [int(m.group("year")) for m in found if m],
            [_value(m.group("value")) for m in found if m],
            [base, target],
        )
    spaced = TARGET_SPACED.match(rest.replace("\t", " "))
    if spaced is None:
        return None
    return (
        spaced.group("indicator"),
        [int(spaced.group("base_year")), int(spaced.group("target_year"))],
        [_value(spaced.group("base_value")), _value(spaced.group("target_value"))],
        [],
    )


def _values_from_next_line(line: str, columns: list[int]) -> list[str | None]:
    """Values of a value row, placed under the year columns they are printed under."""
    cells = [(i, cell.strip()) for i, cell in enumerate(line.split("\t")) if cell.strip()]
    if len(cells) == 2:
        return [cells[0][1], cells[1][1]]
    (column, value) = cells[0]
    if columns and abs(column - columns[0]) < abs(column - columns[1]):
        return [value, None]
    return [None, value]


def parse_target(
    block: Block, plan_years: tuple[int, int] | None = None
) -> tuple[Target, list[Diagnostic]]:
    """Read a ``target`` block (its row and, if present, the value row under it)."""
    row = block.lines[0]
    diagnostics: list[Diagnostic] = []
    read = _read_row(row.text, block.fields["rest"])
    if read is None:
        indicator, refs = split_markers(block.fields["rest"])
        diagnostics.append(
            Diagnostic(
                "warning",
                "target-years-unreadable",
                "目標 row has no baseline and target year cells; indicator kept, values null",
                row.number,
            )
        )
        empty = YearValue(year=None, raw=None, parsed=parse_value(None))
        target = Target(
            indicator=indicator,
            indicator_normalized=normalized(indicator),
            baseline=empty,
            target=empty,
            footnote_refs=refs,
            source=Source(block.line, block.end_line),
        )
        return target, diagnostics
    indicator_raw, years, values, columns = read
    for extra in block.lines[1:]:
        below = _values_from_next_line(extra.text, columns)
        for i, value in enumerate(below):
            if value is None:
                continue
            if values[i] is None:
                values[i] = value
            else:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        "target-value-repeated",
                        f"a second value {value!r} for {years[i]}; kept {values[i]!r}",
                        extra.number,
                    )
                )
    if values == [None, None]:
        diagnostics.append(
            Diagnostic(
                "warning",
                "target-values-missing",
                "目標 row prints neither a baseline nor a target value",
                row.number,
            )
        )
    else:
        for name, value, year in zip(("baseline", "target"), values, years, strict=True):
            if value is None:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        f"{name}-value-missing",
                        f"目標 row prints no {name} value for {year}",
                        row.number,
                    )
                )
    if plan_years is not None:
        for name, year, expected in zip(("baseline", "target"), years, plan_years, strict=True):
            if year != expected:
                diagnostics.append(
                    Diagnostic(
                        "info",
                        f"{name}-year-differs",
                        f"{name} year {year} differs from the plan's {expected}",
                        row.number,
                    )
                )
    indicator, found = locate_markers(indicator_raw)
    parsed = [parse_value(value, indicator) for value in values]
    for value, meaning in zip(values, parsed, strict=True):
        if meaning.kind == "unknown":
            diagnostics.append(
                Diagnostic(
                    "warning", "value-unknown", f"no rule reads the value {value!r}", row.number
                )
            )
    target = Target(
        indicator=indicator,
        indicator_normalized=normalized(indicator),
        baseline=YearValue(year=years[0], raw=values[0], parsed=parsed[0]),
        target=YearValue(year=years[1], raw=values[1], parsed=parsed[1]),
        footnote_refs=unique(n for n, _ in found),
        source=Source(block.line, block.end_line),
        markers=tuple(("indicator", n, offset) for n, offset in found),
    )
    return target, diagnostics
