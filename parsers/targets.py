"""目標 rows: the indicator, and the baseline and target values with their years.

Layouts seen in plans (cells separated by tabs):

* values under their years, on the next line::

      目標\\t複合的な福祉課題を抱える市民の支援方針が決まった割合\\t2022年\\t2027年
      \\t\\t100%\\t100%

* values beside their years: ``目標\\t…オンラインカバー率\\t2022年 30.8%\\t2027年 70%``;
* spaced years and values: ``…\\t2022 年 50,861 時間\\t2027 年 130,000 時間``;
* a dash for "no value that year": ``2022年 —`` or a ``-`` on the next line;
* no values at all: ``目標\\t…の設置\\t2022年\\t2023年\\t`` — the values are ``None``, with a
  diagnostic, never an empty string or a guess;
* the row set over several lines by a page design (``continues_target``): the indicator
  wrapped onto the next line, the years on a line of their own, the values on a line under
  them with or without the empty leading cells (``100%\\t100%``), a value wrapped onto more
  lines (``—\\tタクシー券、ガ`` / ``ソリン券の電子`` / ``申請実施``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keikaku.parsers.cells import cells, continues_columns, filled
from keikaku.parsers.morphology import normalized
from keikaku.parsers.patterns import (
    NUMBER,
    ORDINAL_CELL,
    TARGET_SPACED,
    VALUE_ROW,
    YEAR_CELL,
    YEAR_IN_LABEL,
    grammar,
)
from keikaku.parsers.profile import active
from keikaku.parsers.quantities import parse_value
from keikaku.parsers.text import clean_text, locate_markers, split_markers, unique
from keikaku.pipeline.model import Block, Diagnostic, Line, Source, Target, TargetValue
from keikaku.pipeline.typography import join_wrapped_pair

Fields = dict[str, str]

# What the two year cells of a 目標 row are: the first the baseline, the second the target
ROLES = ("baseline", "target")

# What a line of values under the years is, read on its own: "100%\t100%" is a paragraph,
# "-\t25業務" a bullet, "10 件\t7 件" a numbered row.
VALUE_KINDS = frozenset({"paragraph", "bullet", "initiative_row"})


def _label() -> str:
    """What the plan calls a target row (目標), for messages."""
    return active().target_row_label or "target"


def target_row(text: str) -> Fields | None:
    """A 目標 row: ``目標\\t<indicator>\\t2022年[ value]\\t2027年[ value]``."""
    match = grammar().target_row.match(text)
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


Row = tuple[str, list[int], list[str | None], list[int], list[str]]


def _read_row(text: str, rest: str) -> Row | None:
    """Indicator, years, inline values, the tab columns of the two year cells and their labels
    as printed (``2022年``).

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
            [m.group("label") for m in found if m],
        )
    spaced = TARGET_SPACED.match(rest.replace("\t", " "))
    if spaced is None:
        return None
    return (
        spaced.group("indicator"),
        [int(spaced.group("base_year")), int(spaced.group("target_year"))],
        [_value(spaced.group("base_value")), _value(spaced.group("target_value"))],
        [],
        [spaced.group("base_label"), spaced.group("target_label")],
    )


def _clean(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _years_line(text: str) -> bool:
    """The two year cells on a line of their own: ``2022 年\\t2027 年`` (values may follow)."""
    row = filled(text)
    return len(row) == 2 and all(YEAR_CELL.match(cell) for cell in row)


@dataclass
class _Reading:
    """What the lines of a 目標 block have said so far, read one line at a time.

    ``below`` holds the values read from a line under their years: such a cell may wrap onto
    the next line, a value printed in its year's cell may not. ``open_value`` is the value a
    plain line continues (the last cell of a values line), else the indicator is continued.
    """

    indicator: str
    years: list[int] = field(default_factory=list)
    values: list[str | None] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    below: set[int] = field(default_factory=set)
    open_value: int | None = None
    repeated: list[tuple[int, str]] = field(default_factory=list)  # (line index, message)

    def wrap(self, text: str) -> None:
        if self.open_value is None:
            self.indicator = join_wrapped_pair(self.indicator, text.strip())
        else:
            value = self.values[self.open_value] or ""
            self.values[self.open_value] = join_wrapped_pair(value, text.strip())

    def put(self, index: int, year: int, value: str, line: int, wraps: bool) -> None:
        """``value`` read under the ``index``-th year, on the block's ``line``-th line."""
        current = self.values[index]
        if current is None:
            self.values[index] = value
            self.below.add(index)
        elif wraps and index in self.below:
            self.values[index] = join_wrapped_pair(current, value)
        else:
            self.repeated.append((line, f"a second value {value!r} for {year}; kept {current!r}"))
            return
        self.open_value = index

    def read_years(self, text: str) -> None:
        found = [YEAR_CELL.match(cell) for cell in filled(text)]
        self.years = [int(m.group("year")) for m in found if m]
        self.values = [_value(m.group("value")) for m in found if m]
        self.columns = [i for i, cell in enumerate(cells(text)) if YEAR_CELL.match(cell)]
        self.labels = [m.group("label") for m in found if m]

    def waits_for_values(self) -> bool:
        return bool(self.years) and self.values == [None, None]

    def read_columns(self, line: int, text: str) -> None:
        """Cells printed under the row's columns: values under the years, or the indicator."""
        placed = [(column, cell) for column, cell in enumerate(cells(text)) if cell]
        if not self.years:
            if _years_line(text):
                self.read_years(text)
            else:
                for _, cell in placed:
                    self.wrap(cell)
            return
        if len(placed) == 2:  # one value under each year, whatever the tab count before them
            for index, (_, value) in enumerate(placed):
                self.put(index, self.years[index], value, line, wraps=False)
            return
        for column, value in placed:
            if self.columns and 1 <= column < min(self.columns):
                self.open_value = None
                self.wrap(value)
                continue
            index = 1
            if self.columns and abs(column - self.columns[0]) < abs(column - self.columns[1]):
                index = 0
            self.put(index, self.years[index], value, line, wraps=True)

    def read_line(self, line: int, text: str) -> None:
        """One more line of the block (``continues_target`` decided that it belongs)."""
        if continues_columns(text):
            self.read_columns(line, text)
        elif not self.years and _years_line(text):
            self.read_years(text)
        elif self.waits_for_values() and len(filled(text)) == 2:
            for index, value in enumerate(filled(text)):
                self.put(index, self.years[index], value, line, wraps=False)
        else:
            self.wrap(text)


def read_target(block: Block) -> _Reading:
    """What the lines of a 目標 block say, read one line at a time."""
    first = block.lines[0].text
    read = _read_row(first, block.fields["rest"])
    if read is None:
        reading = _Reading(block.fields["rest"])
    else:
        reading = _Reading(*read)
    for index, line in enumerate(block.lines[1:], start=1):
        reading.read_line(index, line.text)
    return reading


def continues_target(
    block: Block, reading: _Reading | None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, _Reading] | None:
    """A 目標 block with ``line`` as more of its row: the row set over several lines.

    * cells under the row's columns: ``\\t\\t100%\\t100%`` (also after a page break);
    * the values under the years when the row has none, as two cells (``100%\\t100%``,
      ``—\\t設置``; a rule between the rows may set them apart by a blank line) — but not a
      numbered row (``3\\t窓口における…``, ``戸籍・住民記録窓口の…\\t②``) nor one with 所管;
    * right under the row, the years on a line of their own (``2022 年\\t2027 年``), or a
      plain line that wraps the row's last open cell: the indicator, or a value read from a
      line below (``—\\tタクシー券、ガ`` then ``ソリン券の電子``).

    ``reading`` is what the block's lines have said so far; it takes in ``line`` if it belongs.
    """
    text = line.text
    reading = reading or read_target(block)
    if not continues_columns(text):
        row = filled(text)
        values = (
            reading.waits_for_values()
            and len(row) == 2
            and alone.kind in VALUE_KINDS
            and not any(ORDINAL_CELL.fullmatch(cell) for cell in row)
            and grammar().departments_cell.search(text) is None
        )
        years = not reading.years and _years_line(text)
        # two cells while the values are awaited are values or nothing (see read_line)
        wraps = alone.kind == "paragraph" and not (reading.waits_for_values() and len(row) == 2)
        if not (values or (not after_blank and (years or wraps))):
            return None
    reading.read_line(len(block.lines), text)
    return Block(block.kind, (*block.lines, line), block.fields), reading


def parse_target(
    block: Block, plan_years: tuple[int, int] | None = None
) -> tuple[Target, list[Diagnostic]]:
    """Read a ``target`` block (its row and, if present, the value row under it)."""
    row = block.lines[0]
    diagnostics: list[Diagnostic] = []
    # what the blocks stage read of the block (lines_to_blocks), else its lines read now
    reading = block.read if isinstance(block.read, _Reading) else read_target(block)
    if not reading.years:
        indicator, refs = split_markers(reading.indicator)
        diagnostics.append(
            Diagnostic(
                "warning",
                "target-years-unreadable",
                f"{_label()} row has no baseline and target year cells; indicator kept, no values",
                row.number,
            )
        )
        target = Target(
            indicator=indicator,
            indicator_normalized=normalized(indicator),
            values=(),
            footnote_refs=refs,
            source=Source(block.line, block.end_line),
        )
        return target, diagnostics
    indicator_raw, years, values = reading.indicator, reading.years, reading.values
    for index, message in reading.repeated:
        diagnostics.append(
            Diagnostic("warning", "target-value-repeated", message, block.lines[index].number)
        )
    if values == [None, None]:
        diagnostics.append(
            Diagnostic(
                "warning",
                "target-values-missing",
                f"{_label()} row prints neither a baseline nor a target value",
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
                        f"{_label()} row prints no {name} value for {year}",
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
    # The meaning is read from the clean text: what a renderer spaced ("2 億 2 千万枚") reads
    # as printed ("2億2千万枚"); the raw value stays as printed.
    parsed = [parse_value(_clean(value), indicator) for value in values]
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
        values=tuple(
            TargetValue(label=clean_text(label), role=role, year=year, raw=value, parsed=meaning)
            for label, role, year, value, meaning in zip(
                reading.labels, ROLES, years, values, parsed, strict=True
            )
        ),
        footnote_refs=unique(n for n, _ in found),
        source=Source(block.line, block.end_line),
        markers=tuple(("indicator", n, offset) for n, offset in found),
    )
    return target, diagnostics


# --- KPI tables and headline targets (the profile's [targets] table_header, headline_arrow) ---


def table_header(text: str) -> Fields | None:
    """The header of a KPI table: its first cell names the indicator column, the others
    label the values (``重要業績評価指標 （KPI） \\t現状値 （2014 年度） \\t目標値 （…）``)."""
    match = grammar().table_header.match(text)
    if match is None:
        return None
    labels = filled(match.group("rest"))
    return {"labels": "\\t".join(labels)} if labels else None


def continues_table(
    block: Block, read: None, line: Line, alone: Block, after_blank: bool
) -> tuple[Block, None] | None:
    """A KPI table with ``line`` as one more row: an indicator and a value under each label
    (``中学校訪問実施校数 \\t年111校 \\t年111校``), right under the rows before it."""
    columns = 1 + len(block.fields["labels"].split("\\t"))
    if after_blank or len(filled(line.text)) != columns or alone.kind not in VALUE_KINDS:
        return None
    return Block(block.kind, (*block.lines, line), block.fields), None


def _role(label: str) -> str | None:
    """What a column's label makes its values: 現状値（2014年度） a baseline, 目標値 a target."""
    profile = active()
    if any(word in label for word in profile.baseline_labels):
        return "baseline"
    if any(word in label for word in profile.target_labels):
        return "target"
    return None


def _labelled(
    indicator: str, labels: list[str], raws: list[str | None], roles: list[str | None], line: int
) -> tuple[tuple[TargetValue, ...], list[Diagnostic]]:
    diagnostics = []
    values = []
    for label, raw, role in zip(labels, raws, roles, strict=True):
        meaning = parse_value(_clean(raw), indicator)
        if meaning.kind == "unknown":
            diagnostics.append(
                Diagnostic("warning", "value-unknown", f"no rule reads the value {raw!r}", line)
            )
        year = YEAR_IN_LABEL.search(label)
        values.append(
            TargetValue(
                label=clean_text(label),
                role=role,
                year=int(year.group()) if year else None,
                raw=raw,
                parsed=meaning,
            )
        )
    return tuple(values), diagnostics


def _target(printed: str, values: tuple[TargetValue, ...], line: Line) -> Target:
    indicator, found = locate_markers(printed)
    return Target(
        indicator=indicator,
        indicator_normalized=normalized(indicator),
        values=values,
        footnote_refs=unique(n for n, _ in found),
        source=Source(line.number, line.number),
        markers=tuple(("indicator", n, offset) for n, offset in found),
    )


def parse_table(block: Block) -> tuple[list[Target], list[Diagnostic]]:
    """The targets of a KPI table, one per row, each value labelled by its column's header."""
    labels = block.fields["labels"].split("\\t")
    roles = [_role(label) for label in labels]
    targets, diagnostics = [], []
    for line in block.lines[1:]:
        row = filled(line.text)
        indicator = clean_text(row[0])
        raws: list[str | None] = [cell.strip() or None for cell in row[1:]]
        values, found = _labelled(indicator, labels, raws, roles, line.number)
        diagnostics.extend(found)
        targets.append(_target(row[0], values, line))
    return targets, diagnostics


def headline_target(text: str) -> Fields | None:
    """A headline target printed under a goal's title: indicator and value with its year,
    the arrow, the value aimed at and its year (``高校の入学者数40人（2014 年度）→年40人（…）``)."""
    match = grammar().headline_target.match(text)
    if match is None or _split_value(match.group("first").strip()) is None:
        return None
    return {k: v.strip() for k, v in match.groupdict().items()}


def _split_value(text: str) -> tuple[str, str] | None:
    """Indicator and value of ``高校の入学者数40人``: the value starts at the last number."""
    numbers = list(NUMBER.finditer(text))
    if not numbers or not text[: numbers[-1].start()].strip():
        return None
    start = numbers[-1].start()
    return text[:start].strip(), text[start:].strip()


def parse_headline(block: Block) -> tuple[Target, list[Diagnostic]]:
    """A headline target: the first value is the baseline, the second the target (as a 目標
    row's two year cells are)."""
    fields = block.fields
    split = _split_value(fields["first"])
    assert split is not None  # headline_target checked it
    printed, first = split
    indicator = clean_text(printed)
    labels = [fields["first_label"], fields["second_label"]]
    raws: list[str | None] = [first, fields["second"]]
    values, diagnostics = _labelled(indicator, labels, raws, list(ROLES), block.line)
    return _target(printed, values, block.lines[0]), diagnostics
