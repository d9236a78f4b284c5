"""The ``keikaku`` command line.

    keikaku extract PATH... [-o DIR]

Each PATH is a plan document (``.txt``) or a folder of them; for each document the JSON goes
to ``DIR/<file stem>.json`` (default ``output/``) and one summary line to standard output.
Exit codes: 0 all documents extracted; 1 at least one document could not be read (its error
is printed on standard error, one line naming the file); 2 the command line itself is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import InputError
from pipeline.export_json import document_to_json
from pipeline.manifest import MANIFEST_SUFFIX
from pipeline.model import SEVERITIES, Document
from pipeline.run import extract

DOCUMENT_SUFFIXES = (".txt",)
EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


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
    """The documents named, folders expanded to the documents they hold (sorted)."""
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
    return found


def summary_line(document: Document, target: Path) -> str:
    stats = document.stats
    counts = {severity: 0 for severity in SEVERITIES}
    for diagnostic in document.diagnostics:
        counts[diagnostic.severity] += 1
    plural = {"error": "errors", "warning": "warnings", "info": "info"}
    by_severity = ", ".join(f"{counts[s]} {plural[s] if counts[s] != 1 else s}" for s in SEVERITIES)
    return (
        f"{document.document.file}: {stats.policies} policies, {stats.groups} groups, "
        f"{stats.initiatives} initiatives (+{stats.initiative_parents} parents), "
        f"{stats.targets} targets, {stats.glossary_entries} glossary entries "
        f"({stats.footnote_refs} marked, {stats.mentions} unmarked mentions), "
        f"{stats.departments} departments; "
        f"lines {stats.lines_assigned}/{stats.lines_total} assigned; "
        f"{len(document.diagnostics)} diagnostics ({by_severity}) -> {target}"
    )


def run_extract(args: argparse.Namespace) -> int:
    status = EXIT_OK
    out_dir = Path(args.output)
    for path in documents_in(args.paths):
        try:
            if path.suffix not in DOCUMENT_SUFFIXES:
                raise InputError(
                    str(path),
                    f"unsupported file type {path.suffix!r} "
                    f"(keikaku reads {', '.join(DOCUMENT_SUFFIXES)})",
                )
            document = extract(path)
        except InputError as error:
            print(f"keikaku: error: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        target = out_dir / f"{path.stem}.json"
        write_atomically(target, document_to_json(document))
        print(summary_line(document, target))
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keikaku",
        description="Turn Japanese municipal plans into structured, reviewable JSON.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract_cmd = commands.add_parser(
        "extract",
        help="extract plan documents into JSON",
        description="Extract each plan document into DIR/<file stem>.json and print one summary "
        "line per document. Exit 0 when every document was extracted, 1 when a file could not "
        "be read (one line on stderr names it and the cause), 2 on a wrong command line.",
    )
    extract_cmd.add_argument(
        "paths", nargs="+", metavar="PATH", help="a plan text file (.txt), or a folder of them"
    )
    extract_cmd.add_argument(
        "-o",
        "--output",
        default="output",
        metavar="DIR",
        help="folder for the JSON files (default: output/)",
    )
    extract_cmd.set_defaults(func=run_extract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
