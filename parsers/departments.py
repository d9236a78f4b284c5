"""The 所管 cell: which bureaus and departments are responsible for an initiative.

Forms seen: ``保) 総務部``; ``総）行政部、 デ）スマートシティ推進部`` (full-width brackets, entries
separated by 、); ``総) 行政部 ほか`` (more than printed: recorded as "and others", never as a
department); ``人事委員会事務局`` (an organisation of its own, no bureau prefix).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from keikaku.parsers.patterns import DEPARTMENT_ENTRY, DEPARTMENT_SEPARATOR, grammar
from keikaku.parsers.text import clean_text
from keikaku.pipeline.model import Chapter, Department, DepartmentIndexEntry, Initiative, walk

BUREAU_TABLES = Path(__file__).parent / "data" / "bureaus"

# bureau abbreviation → bureau name, e.g. {"総": "総務局"}
BureauTable = dict[str, str]


def load_bureau_table(name: str) -> BureauTable:
    """The table ``parsers/data/bureaus/<name>.toml``; ``KeyError`` when there is none."""
    path = BUREAU_TABLES / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in BUREAU_TABLES.glob("*.toml")))
        raise KeyError(f"no bureau table {name!r} (known: {known})")
    with path.open("rb") as handle:
        return dict(tomllib.load(handle)["bureaus"])


def parse_department(entry: str, bureaus: BureauTable | None = None) -> Department:
    """One entry: ``"総）行政部"`` → bureau_abbr 総, bureau 総務局, department 行政部.

    Without a prefix the entry is an organisation of its own (``人事委員会事務局``).
    An unknown prefix keeps ``bureau`` null; ``unknown_bureaus`` reports it.
    """
    entry = entry.strip()
    match = DEPARTMENT_ENTRY.match(entry)
    if match is None:
        name = clean_text(entry)
        return Department(raw=entry, bureau_abbr=None, bureau=name, department=name)
    abbr = match.group("abbr")
    return Department(
        raw=entry,
        bureau_abbr=abbr,
        bureau=(bureaus or {}).get(abbr),
        department=clean_text(match.group("department")),
    )


def parse_departments(
    cell: str, bureaus: BureauTable | None = None
) -> tuple[tuple[Department, ...], bool]:
    """The entries of a 所管 cell and whether it ends in ほか ("and others")."""
    cell = cell.replace("\t", " ").strip()
    ending = grammar().and_others
    and_others = ending.search(cell) is not None
    if and_others:
        cell = ending.sub("", cell)
    entries = [entry for entry in DEPARTMENT_SEPARATOR.split(cell) if entry.strip()]
    return tuple(parse_department(entry, bureaus) for entry in entries), and_others


def unknown_bureaus(departments: tuple[Department, ...]) -> list[str]:
    """Prefixes printed in a 所管 cell that the bureau table does not know."""
    return [d.bureau_abbr for d in departments if d.bureau_abbr and d.bureau is None]


def department_index(
    chapters: tuple[Chapter, ...], bureaus: BureauTable | None = None
) -> tuple[DepartmentIndexEntry, ...]:
    """Every department named in a 所管 cell, with the initiatives it is responsible for.

    Ordered by the bureau table (organisations outside it after), then by department name.
    """
    # department → its initiatives' IDs, as the keys of a dict: in order, each once
    responsible: dict[tuple[str | None, str | None, str], dict[str, None]] = {}
    for node in (n for chapter in chapters for n in walk(chapter)):
        if isinstance(node, Initiative):
            for d in node.departments:
                responsible.setdefault((d.bureau_abbr, d.bureau, d.department), {})[node.id] = None
    order = list(bureaus or {})

    def rank(key: tuple[str | None, str | None, str]) -> tuple[int, str, str]:
        abbr, bureau, department = key
        position = order.index(abbr) if abbr in order else len(order)
        return position, bureau or "", department

    return tuple(
        DepartmentIndexEntry(abbr, bureau, department, tuple(responsible[abbr, bureau, department]))
        for abbr, bureau, department in sorted(responsible, key=rank)
    )
