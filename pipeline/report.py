"""What the command line prints about a document: its summary line, the batch table, and its
diagnostics one per line in the style compilers use, so editors and CI logs can jump to them::

    plan.txt:161: warning: target-values-missing: 目標 row prints neither a baseline nor …
    plan.pdf:p.12 (printed 187): warning: target-values-missing: 目標 row prints neither …

For a PDF the place is the page (and the number printed on it) when the diagnostic has one,
else the line of the text the loader read; for text input, the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from keikaku.pipeline.model import SEVERITIES

Row = dict[str, Any]


def _field(diagnostic: Any, name: str) -> Any:
    if isinstance(diagnostic, Mapping):
        return diagnostic.get(name)
    return getattr(diagnostic, name, None)


def diagnostic_place(file: str, diagnostic: Any) -> str:
    """``plan.pdf:p.12 (printed 187)``, ``plan.txt:161`` or ``plan.txt``."""
    page, printed = _field(diagnostic, "page"), _field(diagnostic, "printed_page")
    if page is not None:
        return f"{file}:p.{page}" + (f" (printed {printed})" if printed is not None else "")
    line = _field(diagnostic, "line")
    return f"{file}:{line}" if line is not None else file


def format_diagnostic(file: str, diagnostic: Any) -> str:
    """One line: place, severity, code and message (a diagnostic model or its JSON)."""
    message = " ".join(str(_field(diagnostic, "message")).split())
    return (
        f"{diagnostic_place(file, diagnostic)}: {_field(diagnostic, 'severity')}: "
        f"{_field(diagnostic, 'code')}: {message}"
    )


def severity_counts(document: Row) -> dict[str, int]:
    counts: dict[str, int] = {severity: 0 for severity in SEVERITIES}
    for diagnostic in document["diagnostics"]:
        counts[diagnostic["severity"]] += 1
    return counts


def summary_line(document: Row, target: Path) -> str:
    """One line per extracted document: what was found, and how many diagnostics."""
    stats = document["stats"]
    counts = severity_counts(document)
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    by_severity = ", ".join(f"{counts[s]} {plural[s] if counts[s] != 1 else s}" for s in SEVERITIES)
    return (
        f"{document['document']['file']}: {stats['policies']} policies, {stats['groups']} groups, "
        f"{stats['initiatives']} initiatives (+{stats['initiative_parents']} parents), "
        f"{stats['targets']} targets, {stats['glossary_entries']} glossary entries "
        f"({stats['footnote_refs']} marked, {stats['mentions']} unmarked mentions), "
        f"{stats['departments']} departments; "
        f"lines {stats['lines_assigned']}/{stats['lines_total']} assigned; "
        f"{_profile(document['document']['profile'])}; "
        f"{len(document['diagnostics'])} diagnostics ({by_severity}) -> {target}"
    )


def _profile(name: str) -> str:
    """Which profile the document was read with; the generic one says that none fitted."""
    return "profile generic (no plan profile fitted)" if name == "generic" else f"profile {name}"


def summary_table(rows: list[tuple[str, str, Row | None]]) -> str:
    """The table that closes a batch: document, status, initiatives, targets, severities."""
    header = ("document", "status", "initiatives", "targets", "errors", "warnings", "info")
    table: list[tuple[str, ...]] = [header]
    for name, status, document in rows:
        if document is None:
            table.append((name, status, "-", "-", "-", "-", "-"))
            continue
        counts = severity_counts(document)
        stats = document["stats"]
        table.append(
            (
                name,
                status,
                str(stats["initiatives"]),
                str(stats["targets"]),
                *(str(counts[s]) for s in SEVERITIES),
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    )
