"""The ``keikaku`` command line.

    keikaku extract PATH... [-o DIR] [--jobs N] [--tables FORMATS] [--bom] [--no-sqlite]
    keikaku export JSON... [-o DIR] [--format FORMATS] [--bom]
    keikaku diff OLD NEW [--json]
    keikaku schema

Exit codes: 0 success (``diff``: no difference); 1 a document could not be read (``diff``:
differences found); 2 the command line is wrong (``diff``: an input could not be read);
3 ``extract --strict`` found warnings or errors in a document.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.diff import changes_to_json, changes_to_markdown, diff_documents
from pipeline.errors import InputError
from pipeline.export_json import document_to_json
from pipeline.export_schema import document_schema, schema_to_json
from pipeline.export_sqlite import DATABASE_NAME, write_edition
from pipeline.export_tables import FORMATS, document_tables, write_tables
from pipeline.manifest import MANIFEST_SUFFIX
from pipeline.model import SEVERITIES
from pipeline.run import extract

DOCUMENT_SUFFIXES = (".txt", ".pdf")
EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
Row = dict[str, Any]


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def documents_in(paths: Sequence[str]) -> list[Path]:
    """The documents named, folders expanded to the documents they hold (sorted), each once."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix in DOCUMENT_SUFFIXES and not p.name.endswith(MANIFEST_SUFFIX)
                )
            )
        else:
            found.append(path)
    return list({path.resolve(): path for path in found}.values())


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
        f"{len(document['diagnostics'])} diagnostics ({by_severity}) -> {target}"
    )


def extract_one(path: Path) -> tuple[str | None, str | None]:
    """(document JSON, None) or (None, one-line error) for one file; runs in a worker."""
    try:
        if path.suffix not in DOCUMENT_SUFFIXES:
            raise InputError(
                str(path),
                f"unsupported file type {path.suffix!r} "
                f"(keikaku reads {', '.join(DOCUMENT_SUFFIXES)})",
            )
        return document_to_json(extract(path)), None
    except InputError as error:
        return None, str(error)


def _results(paths: list[Path], jobs: int) -> Iterator[tuple[str | None, str | None]]:
    """Results in the order of ``paths``; several processes when there is work for them."""
    if jobs <= 1 or len(paths) <= 1:
        yield from map(extract_one, paths)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(extract_one, paths)


def _progress(done: int, total: int, name: str) -> None:
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\r\x1b[2Kkeikaku: [{done}/{total}] {name}", end=end, file=sys.stderr, flush=True)


def _summary_table(rows: list[tuple[str, str, Row | None]]) -> str:
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


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or text!r} (choose from {', '.join(FORMATS)})"
        )
    return formats


def _stack(documents: list[Row]) -> dict[str, Any]:
    import polars as pl

    tables = [document_tables(document) for document in documents]
    return {name: pl.concat([t[name] for t in tables]) for name in tables[0]}


def run_extract(args: argparse.Namespace) -> int:
    status = EXIT_OK
    out_dir = Path(args.output)
    paths = documents_in(args.paths)
    extracted: list[Row] = []
    rows: list[tuple[str, str, Row | None]] = []
    seen: dict[str, Path] = {}
    results = zip(paths, _results(paths, args.jobs), strict=True)
    for done, (path, (text, error)) in enumerate(results, start=1):
        _progress(done, len(paths), path.name)
        if text is not None and path.stem in seen:
            text, error = None, f"{path}: same document id as {seen[path.stem]}; extract it alone"
        seen.setdefault(path.stem, path)
        if text is None:
            print(f"keikaku: error: {error}", file=sys.stderr)
            rows.append((path.name, "failed", None))
            status = EXIT_INPUT
            continue
        target = out_dir / f"{path.stem}.json"
        write_atomically(target, text)
        document = json.loads(text)
        if args.sqlite:
            try:
                write_edition(out_dir / DATABASE_NAME, document)
            except sqlite3.Error as exc:
                print(f"keikaku: error: {out_dir / DATABASE_NAME}: {exc}", file=sys.stderr)
                status = EXIT_INPUT
        extracted.append(document)
        counts = severity_counts(document)
        strict_failure = args.strict and (counts["warning"] or counts["error"])
        if strict_failure and status == EXIT_OK:
            status = EXIT_STRICT
        rows.append((path.name, "warnings" if strict_failure else "ok", document))
        print(summary_line(document, target), flush=True)
    if args.tables and extracted:
        write_tables(_stack(extracted), out_dir / "tables", args.tables, bom=args.bom)
    if len(paths) > 1:
        print(_summary_table(rows))
    return status


def _load_json(path: Path) -> Row:
    try:
        document: Row = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a readable extraction JSON ({exc})") from None
    if not isinstance(document, dict) or "schema_version" not in document:
        raise InputError(str(path), "not a keikaku extraction (no schema_version)")
    return document


def run_export(args: argparse.Namespace) -> int:
    try:
        documents = [_load_json(Path(p)) for p in args.paths]
    except InputError as error:
        print(f"keikaku: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    written = write_tables(_stack(documents), Path(args.output), args.format, bom=args.bom)
    print(f"keikaku: wrote {len(written)} files to {args.output}")
    return EXIT_OK


def _document_for_diff(name: str) -> Row:
    path = Path(name)
    if path.suffix == ".json":
        return _load_json(path)
    text, error = extract_one(path)
    if text is None:
        raise InputError(name, (error or "").removeprefix(f"{name}: "))
    document: Row = json.loads(text)
    return document


def run_diff(args: argparse.Namespace) -> int:
    try:
        old, new = _document_for_diff(args.old), _document_for_diff(args.new)
    except InputError as error:
        print(f"keikaku: error: {error}", file=sys.stderr)
        return 2
    changes = diff_documents(old, new)
    render = changes_to_json if args.json else changes_to_markdown
    sys.stdout.write(render(changes, Path(args.old).name, Path(args.new).name))
    return 1 if changes else 0


def run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_to_json(document_schema()))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keikaku",
        description="Turn Japanese municipal plans into structured, reviewable data.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract_cmd = commands.add_parser(
        "extract",
        help="extract plan documents into JSON (and SQLite, and tables)",
        description="Extract each plan document into DIR/<file stem>.json, add it to "
        f"DIR/{DATABASE_NAME} and print one summary line per document (and a table at the end "
        "when there are several). Exit 0 when every document was extracted, 1 when a file "
        "could not be read (one line on stderr names it and the cause; the others are still "
        "extracted), 2 on a wrong command line, 3 with --strict when a document has warnings.",
    )
    extract_cmd.add_argument(
        "paths", nargs="+", metavar="PATH", help="a plan text file (.txt), or a folder of them"
    )
    extract_cmd.add_argument(
        "-o",
        "--output",
        default="output",
        metavar="DIR",
        help="folder for the JSON files and the database (default: output/)",
    )
    extract_cmd.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="documents extracted in parallel (default: the number of cores)",
    )
    extract_cmd.add_argument(
        "--tables",
        type=_formats,
        default=(),
        metavar="FORMATS",
        help="also write DIR/tables/<table>.<format> for FORMATS (parquet, csv or parquet,csv)",
    )
    extract_cmd.add_argument(
        "--bom", action="store_true", help="write CSV as UTF-8 with BOM (for Excel in Japan)"
    )
    extract_cmd.add_argument(
        "--strict",
        action="store_true",
        help="exit 3 when a document has warnings or errors (the outputs are still written)",
    )
    extract_cmd.add_argument(
        "--no-sqlite",
        dest="sqlite",
        action="store_false",
        help=f"do not write DIR/{DATABASE_NAME}",
    )
    extract_cmd.set_defaults(func=run_extract)

    export_cmd = commands.add_parser(
        "export",
        help="write tables (Parquet, CSV) from extraction JSON files",
        description="Stack the tables of the given extraction JSON files and write "
        "DIR/<table>.<format>: initiatives, targets, departments, glossary, footnote_refs, "
        "diagnostics (columns in the README).",
    )
    export_cmd.add_argument("paths", nargs="+", metavar="JSON", help="extraction JSON files")
    export_cmd.add_argument(
        "-o",
        "--output",
        default="output/tables",
        metavar="DIR",
        help="folder for the tables (default: output/tables/)",
    )
    export_cmd.add_argument(
        "--format",
        type=_formats,
        default=FORMATS,
        metavar="FORMATS",
        help="parquet, csv or parquet,csv (default: both)",
    )
    export_cmd.add_argument(
        "--bom", action="store_true", help="write CSV as UTF-8 with BOM (for Excel in Japan)"
    )
    export_cmd.set_defaults(func=run_export)

    diff_cmd = commands.add_parser(
        "diff",
        help="what changed between two editions",
        description="Compare two editions (extraction JSON files, or plan files extracted "
        "first): initiatives added, removed, moved, renumbered, renamed; changes of 所管, "
        "indicators, years and values; glossary entries added, removed, renumbered, redefined. "
        "Exit 0 when there is no difference, 1 when there is, 2 on error.",
    )
    diff_cmd.add_argument("old", metavar="OLD", help="the earlier edition (.json or .txt)")
    diff_cmd.add_argument("new", metavar="NEW", help="the later edition (.json or .txt)")
    diff_cmd.add_argument("--json", action="store_true", help="JSON for tools instead of Markdown")
    diff_cmd.set_defaults(func=run_diff)

    schema_cmd = commands.add_parser(
        "schema",
        help="print the JSON Schema of the extraction JSON",
        description="Print the JSON Schema (draft 2020-12) of the extraction JSON.",
    )
    schema_cmd.set_defaults(func=run_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
