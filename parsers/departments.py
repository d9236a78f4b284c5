"""The 所管 cell: which bureaus and departments are responsible for an initiative.

Forms seen: ``保) 総務部``; ``総）行政部、 デ）スマートシティ推進部`` (full-width brackets, entries
separated by 、); ``総) 行政部 ほか`` (more than printed: recorded as "and others", never as a
department); ``人事委員会事務局`` (an organisation of its own, no bureau prefix).
"""

from __future__ import annotations

from parsers.patterns import AND_OTHERS, DEPARTMENT_ENTRY, DEPARTMENT_SEPARATOR
from parsers.text import clean_text
from pipeline.model import Department


def parse_department(entry: str) -> Department:
    """One entry: ``"総）行政部"`` → bureau_abbr 総, department 行政部."""
    entry = entry.strip()
    match = DEPARTMENT_ENTRY.match(entry)
    if match is None:
        return Department(raw=entry, bureau_abbr=None, department=clean_text(entry))
    return Department(
        raw=entry,
        bureau_abbr=match.group("abbr"),
        department=clean_text(match.group("department")),
    )


def parse_departments(cell: str) -> tuple[tuple[Department, ...], bool]:
    """The entries of a 所管 cell and whether it ends in ほか ("and others")."""
    cell = cell.replace("\t", " ").strip()
    and_others = AND_OTHERS.search(cell) is not None
    if and_others:
        cell = AND_OTHERS.sub("", cell)
    entries = [entry for entry in DEPARTMENT_SEPARATOR.split(cell) if entry.strip()]
    return tuple(parse_department(entry) for entry in entries), and_others
