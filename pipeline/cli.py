"""The ``keikaku`` command line.

    keikaku extract PATH... [-o DIR] [--jobs N] [--tables FORMATS] [--bom] [--no-sqlite]
                            [--strict] [-q | -v] [--time-limit S] [--max-memory MIB]
                            [--max-text-mib MIB] [--max-stream-mib MIB]
    keikaku view FILE
    keikaku export JSON... [-o DIR] [--format FORMATS] [--bom]
    keikaku diff OLD NEW [--json | --html FILE [--old-review DIR] [--new-review DIR]]
    keikaku review FILE [-o DIR]
    keikaku schema

Exit codes (``EXIT_*``; when several apply, the highest in ``EXIT_PRECEDENCE``): 0 success
(``diff``: no difference); 1 a document could not be read (``diff``: differences found); 2 the
command line is wrong, or a JSON given to ``diff``/``export``/``view`` is not an extraction;
3 ``extract --strict`` found warnings or errors; 4 a document went over a limit (time, memory,
text size); 5 an output could not be written; 70 an internal error (a bug); 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from keikaku.pipeline.batch import (
    DOCUMENT_SUFFIXES,
    INPUT,
    INTERNAL,
    LIMIT,
    OK,
    OUTPUT,
    STDIO,
    Finished,
    Limits,
    Outcome,
    Page,
    Started,
    Tick,
    document_suffix,
    extract_all,
)
from keikaku.pipeline.errors import InputError, LimitError
from keikaku.pipeline.export_sqlite import (
    DATABASE_NAME,
    MissingEdition,
    database_tables,
    write_edition,
    write_lineage,
)
from keikaku.pipeline.export_tables import FORMATS, document_tables, write_tables
from keikaku.pipeline.loaders.pdf import ENGINES
from keikaku.pipeline.manifest import MANIFEST_SUFFIX, document_id, load_manifest
from keikaku.pipeline.output import (
    OutputError,
    create_empty,
    os_reason,
    output_folder,
    put_in_place,
    write_atomically,
)
from keikaku.pipeline.progress import BatchProgress, progress_wanted
from keikaku.pipeline.read_json import ShapeError, document_from_plain, read_document_json
from keikaku.pipeline.report import format_diagnostic, severity_counts, summary_line, summary_table
from keikaku.pipeline.run import extract_with_source, named_profile

# What one command alone needs (the diff and its HTML, the review site and PDFium's drawing,
# the view, the schema, the package's metadata) is imported in that command's function, so
# that every other command, above all ``extract`` on each file of a batch, starts without it.

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
EXIT_LIMIT, EXIT_OUTPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 4, 5, 70, 130
EXIT_PRECEDENCE = (EXIT_INTERNAL, EXIT_OUTPUT, EXIT_LIMIT, EXIT_INPUT, EXIT_STRICT, EXIT_OK)
EXIT_FOR = {
    OK: EXIT_OK,
    INPUT: EXIT_INPUT,
    LIMIT: EXIT_LIMIT,
    INTERNAL: EXIT_INTERNAL,
    OUTPUT: EXIT_OUTPUT,
}
Row = dict[str, Any]
TICK_SECONDS = 0.5  # the progress display's clock moves at least this often
STDIN_NAME = "<stdin>"  # how messages name a document read from stdin

# --- helpers --------------------------------------------------------------------------------


def worst(*codes: int) -> int:
    """The exit code that says most: an internal error over an output error over …"""
    return min(codes, key=EXIT_PRECEDENCE.index)


def error(message: str) -> None:
    print(f"keikaku: error: {message}", file=sys.stderr, flush=True)


def warning(message: str) -> None:
    print(f"keikaku: warning: {message}", file=sys.stderr, flush=True)


def is_document(path: Path) -> bool:
    name = path.name.lower()
    return path.suffix.lower() in DOCUMENT_SUFFIXES and not name.endswith(MANIFEST_SUFFIX)


def _loops(path: Path) -> bool:
    """Whether ``path`` is a symbolic link that never reaches a file (a loop)."""
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def documents_in(names: Sequence[str]) -> tuple[list[Path], list[str], list[str]]:
    """The documents named (folders expanded, sorted, each file once), with the errors and
    warnings found on the way: a folder without plans is an error, a symbolic link loop is
    skipped with a warning."""
    found: list[Path] = []
    errors: list[str] = []
    warnings_: list[str] = []
    for name in names:
        path = Path(name)
        if _loops(path):
            warnings_.append(f"{path}: symbolic link loop, skipped")
            continue
        if not path.is_dir():
            found.append(path)
            continue
        try:
            entries = sorted(path.iterdir())
        except OSError as exc:
            errors.append(f"{path}: {os_reason(exc)}")
            continue
        documents = []
        for entry in entries:
            if not is_document(entry):
                continue
            if _loops(entry):
                warnings_.append(f"{entry}: symbolic link loop, skipped")
            elif entry.is_file():
                documents.append(entry)
        if not documents:
            errors.append(f"{path}: no plan documents in this folder (.txt or .pdf, any case)")
        found.extend(documents)
    unique: dict[Path, Path] = {}
    for path in found:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        unique.setdefault(key, path)
    return list(unique.values()), errors, warnings_


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or text!r} (choose from {', '.join(FORMATS)})"
        )
    return formats


def _stack(documents: Iterable[Row]) -> dict[str, Any]:
    import polars as pl

    tables = [document_tables(document) for document in documents]
    return {name: pl.concat([t[name] for t in tables]) for name in tables[0]}


def _read_json(path: Path) -> Row:
    """A JSON file this run wrote, as ``json.loads`` reads it."""
    try:
        document: Row = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OutputError(path, os_reason(exc)) from None
    return document


def _write_tables(
    documents: Iterable[Row] | Path, folder: Path, formats: tuple[str, ...], bom: bool
) -> int:
    """Write the tables of ``documents``, or of every edition in the database they name."""
    import polars as pl

    output_folder(folder)
    try:
        if isinstance(documents, Path):
            try:
                tables = database_tables(documents)
            except sqlite3.Error as exc:
                raise OutputError(documents, str(exc)) from None
        else:
            tables = _stack(documents)
        return len(write_tables(tables, folder, formats, bom=bom))
    except OSError as exc:
        raise OutputError(exc.filename or folder, os_reason(exc)) from None
    except pl.exceptions.PolarsError as exc:
        raise OutputError(folder, str(exc).splitlines()[0]) from None


def _at_least_zero(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
        return value

    return parse


def _profile(text: str) -> str:
    """``--profile``: checked here, so that a typo in it is one usage error, not one per file."""
    try:
        named_profile(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def limits_from(args: argparse.Namespace) -> Limits:
    return Limits(
        seconds=args.time_limit or None,
        memory_mib=args.max_memory or None,
        text_mib=args.max_text_mib,
        stream_mib=args.max_stream_mib or None,
        profile=getattr(args, "profile", None),
        pdf_engine=getattr(args, "pdf_engine", LIMIT_DEFAULTS.pdf_engine),
    )


def _extract_single(path: Path, limits: Limits) -> tuple[Row, Outcome]:
    """One document extracted in a worker, with progress on a terminal; ``_Failed`` if not."""
    progress = BatchProgress(1, sys.stderr, progress_wanted(sys.stderr, quiet=False))
    try:
        with closing(extract_all([path], 1, limits, TICK_SECONDS)) as events:
            for event in events:
                if isinstance(event, Tick):
                    progress.tick()
                elif isinstance(event, Started):
                    progress.started(event.index, path.name)
                elif isinstance(event, Page):
                    progress.page(event.index, event.done, event.total)
                elif isinstance(event, Finished):
                    outcome = event.outcome
                    if outcome.kind == OUTPUT:  # the scratch folder the worker wrote it to
                        raise OutputError(tempfile.gettempdir(), outcome.error or "not written")
                    if outcome.written is None:
                        raise _Failed(outcome)
                    return _read_json(outcome.written), outcome
    finally:
        progress.close()
    raise AssertionError("extract_all finishes every document")


class _Failed(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.error)
        self.outcome = outcome


# --- extract --------------------------------------------------------------------------------


@dataclass
class _Result:
    """What one document came to: its outputs written, or why not; shown in input order."""

    path: Path
    document: Row | None = None  # what is reported of it (batch.document_summary)
    target: Path | None = None
    error: str | None = None
    code: int = EXIT_OK
    detail: str | None = None
    output: Path | None = None  # for ``-o -``: the JSON file printed in input order, then removed


def _settled_id(path: Path) -> str | None:
    """The document's id when its manifest settles it before extraction (it gives the
    edition); ``None`` when the plan's printed edition will decide it."""
    try:
        edition = load_manifest(path).get("edition")
    except InputError:
        return None  # the worker reports the manifest's error
    return document_id(path.stem, str(edition)) if edition else None


def _same_ids(paths: list[Path]) -> dict[int, str]:
    """The documents whose id, settled by their manifests, an earlier one already has: refused
    before anything is extracted. (Other clashes are found as each document is written.)"""
    first: dict[str, Path] = {}
    refused = {}
    for index, path in enumerate(paths):
        doc_id = _settled_id(path)
        if doc_id is None:
            continue
        if doc_id in first:
            refused[index] = _clash(path, doc_id, first[doc_id])
        first.setdefault(doc_id, path)
    return refused


def _clash(path: Path, doc_id: str, other: Path) -> str:
    return (
        f"{path}: same document id {doc_id!r} as {other} (same file name and edition); "
        "give each its edition in its manifest, or extract it alone"
    )


class _Extraction:
    """One ``extract`` run. Each document's outputs are written as soon as it is extracted
    (so an interrupted run keeps them); its lines are printed in the order of ``paths``."""

    def __init__(
        self, args: argparse.Namespace, paths: list[Path], progress: BatchProgress, scratch: Path
    ):
        self.args, self.paths, self.progress = args, paths, progress
        self.out_dir = Path(args.output)
        self.to_stdout = args.output == STDIO
        # where the workers write each document's JSON: beside its place (a rename puts it
        # there), or for -o - in a scratch folder until it is printed
        self.folder = scratch if self.to_stdout else self.out_dir
        self.status = EXIT_OK
        self.extracted: list[Path] = []  # the JSON files written
        self.rows: list[tuple[str, str, Row | None]] = []
        self.written: dict[str, Path] = {}  # document id → the file it was extracted from
        # the summary table names each file; by its path where two share a name (2023/plan.txt)
        times = Counter(p.name for p in paths)
        self.names = {p: self.shown(str(p)) if times[p.name] > 1 else p.name for p in paths}

    def settle(self, path: Path, outcome: Outcome) -> _Result:
        """Put the document's outputs in place: the database first, so no JSON lacks its rows.
        The JSON the worker wrote is renamed into place, printed (``-o -``) or removed."""
        written = outcome.written
        try:
            return self._settle(path, outcome)
        finally:
            if written is not None and not self.to_stdout:
                written.unlink(missing_ok=True)  # refused, or its database write failed

    def _settle(self, path: Path, outcome: Outcome) -> _Result:
        summary, written = outcome.summary, outcome.written
        if outcome.kind == OUTPUT and summary is not None:
            target = self.out_dir / f"{summary['document']['id']}.json"
            raise OutputError(target, outcome.error or "not written")
        if summary is None or written is None:
            failure = outcome.error or str(path)
            return _Result(path, error=failure, code=EXIT_FOR[outcome.kind], detail=outcome.detail)
        doc_id = summary["document"]["id"]
        if doc_id in self.written:
            return _Result(path, error=_clash(path, doc_id, self.written[doc_id]), code=EXIT_INPUT)
        self.written[doc_id] = path
        if self.to_stdout:
            return _Result(path, document=summary, target=Path(STDIO), output=written)
        target = self.out_dir / f"{doc_id}.json"
        if self.args.sqlite:
            refused = self._write_database(path, written)
            if refused:
                return _Result(path, error=refused, code=EXIT_INTERNAL)
        put_in_place(written, target)
        return _Result(path, document=summary, target=target)

    def _write_database(self, path: Path, written: Path) -> str | None:
        """Add the document to the database, or say why not. The database refusing the rows
        (a constraint: keikaku's bug, since it takes every document the JSON holds) fails this
        document; a database that cannot be written (locked, disk full, not a database, another
        layout) stops the run as an output error."""
        database = self.out_dir / DATABASE_NAME
        document = _read_json(written)
        created = create_empty(database)
        try:
            write_edition(database, document)
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError) as exc:
            if created:
                database.unlink(missing_ok=True)
            return f"{path}: internal error: {database}: {exc}"
        except sqlite3.Error as exc:
            if created:
                database.unlink(missing_ok=True)
            raise OutputError(database, str(exc).removeprefix(f"{database}: ")) from None
        return None

    def show(self, result: _Result) -> None:
        """The document's summary line (and diagnostics), or its one-line error."""
        path, document = result.path, result.document
        if document is None or result.target is None:
            with self.progress.paused():
                error(self.shown(result.error or str(path)))
                if result.detail and self.args.verbose:
                    sys.stderr.write(result.detail)
            self.rows.append((self.names[path], "failed", None))
            self.status = worst(self.status, result.code)
            return
        if result.output is None:
            self.extracted.append(result.target)
        counts = severity_counts(document)
        strict_failure = bool(self.args.strict and (counts["warning"] or counts["error"]))
        if strict_failure:
            self.status = worst(self.status, EXIT_STRICT)
        self.rows.append((self.names[path], "warnings" if strict_failure else "ok", document))
        with self.progress.paused():
            if result.output is not None:
                with open(result.output, encoding="utf-8", newline="") as printed:
                    shutil.copyfileobj(printed, sys.stdout)
                sys.stdout.flush()
                result.output.unlink()
            if not self.args.quiet:
                print(summary_line(document, result.target), file=self.talk, flush=True)
            if self.args.verbose or strict_failure:
                for diagnostic in document["diagnostics"]:
                    if self.args.verbose or diagnostic["severity"] != "info":
                        place = self.shown(str(path))
                        print(format_diagnostic(place, diagnostic), file=sys.stderr)
                sys.stderr.flush()

    def shown(self, text: str) -> str:
        """``text`` with the file saved from stdin called ``<stdin>``."""
        stdin = getattr(self.args, "stdin", None)
        return text.replace(str(stdin), STDIN_NAME) if stdin else text

    @property
    def talk(self) -> Any:
        """Where summary lines go: stdout, unless the documents' JSON goes there."""
        return sys.stderr if self.to_stdout else sys.stdout

    def run(self) -> None:
        results: dict[int, _Result] = {
            index: _Result(self.paths[index], error=message, code=EXIT_INPUT)
            for index, message in _same_ids(self.paths).items()
        }
        jobs = [index for index in range(len(self.paths)) if index not in results]
        shown = 0
        events = extract_all(
            [self.paths[i] for i in jobs],
            self.args.jobs,
            limits_from(self.args),
            TICK_SECONDS,
            self.folder,
        )
        with closing(events):
            for event in events:
                if isinstance(event, Tick):
                    self.progress.tick()
                    continue
                index = jobs[event.index]
                if isinstance(event, Started):
                    self.progress.started(index, self.paths[index].name)
                elif isinstance(event, Page):
                    self.progress.page(index, event.done, event.total)
                elif isinstance(event, Finished):
                    results[index] = self.settle(self.paths[index], event.outcome)
                    self.progress.finished(index)
                while shown in results:
                    self.show(results.pop(shown))
                    shown += 1
        while shown in results:  # only documents refused before extraction are left
            self.show(results.pop(shown))
            shown += 1


def run_extract(args: argparse.Namespace) -> int:
    if args.output == STDIO and args.tables:
        error("--tables needs an output folder, not -o - (the JSON goes to stdout)")
        return EXIT_USAGE
    if args.paths.count(STDIO) > 1:
        error("- (stdin) may be given once")
        return EXIT_USAGE
    if STDIO in args.paths and sys.stdin.isatty():
        error("-: stdin is a terminal; pipe a document into it (keikaku extract - < plan.pdf)")
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="keikaku-") as scratch:
        if STDIO in args.paths:
            args.stdin = stdin_document(Path(scratch))
            args.paths = [str(args.stdin) if name == STDIO else name for name in args.paths]
        return _extract_paths(args, Path(scratch))


def stdin_document(folder: Path) -> Path:
    """The document on stdin, saved as ``folder/stdin.pdf`` or ``stdin.txt`` by its content."""
    data = sys.stdin.buffer.read()
    path = folder / f"stdin{document_suffix(data)}"
    path.write_bytes(data)
    return path


def _extract_paths(args: argparse.Namespace, scratch: Path) -> int:
    paths, problems, notes = documents_in(args.paths)
    for note in notes:
        warning(note)
    for problem in problems:
        error(problem)
    status = EXIT_INPUT if problems else EXIT_OK
    if not paths:
        if not problems:
            error("no plan documents to extract")
        return EXIT_INPUT
    out_dir = Path(args.output) if args.output == STDIO else output_folder(Path(args.output))
    progress = BatchProgress(len(paths), sys.stderr, progress_wanted(sys.stderr, args.quiet))
    extraction = _Extraction(args, paths, progress, scratch)
    try:
        extraction.run()
    finally:
        progress.close()
    status = worst(status, extraction.status)
    if args.tables and extraction.extracted:
        # the tables hold what the database holds: every edition extracted into DIR
        source = (
            out_dir / DATABASE_NAME
            if args.sqlite
            else (_read_json(path) for path in extraction.extracted)
        )
        _write_tables(source, out_dir / "tables", args.tables, args.bom)
    if len(paths) > 1 and not args.quiet:
        print(summary_table(extraction.rows), file=extraction.talk)
    return status


# --- view, export, diff, schema ---------------------------------------------------------------


def _document_for(name: str, limits: Limits) -> Row:
    """A document from a saved extraction JSON or a plan file (extracted in a worker)."""
    path = Path(name)
    if path.suffix.lower() == ".json":
        data, _ = read_document_json(path)
        return data
    return _extract_single(path, limits)[0]


def run_view(args: argparse.Namespace) -> int:
    try:
        data = _document_for(args.file, limits_from(args))
        document = document_from_plain(data)
    except InputError as exc:
        error(str(exc))
        return EXIT_USAGE if Path(args.file).suffix.lower() == ".json" else EXIT_INPUT
    except ShapeError as exc:
        error(f"{args.file}: {exc}")
        return EXIT_INTERNAL
    except _Failed as failed:
        error(failed.outcome.error or args.file)
        return EXIT_FOR[failed.outcome.kind]
    from keikaku.pipeline.export_view import document_to_view

    sys.stdout.write(document_to_view(document))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    try:
        documents = [read_document_json(Path(p))[0] for p in args.paths]
    except InputError as exc:
        error(str(exc))
        return EXIT_USAGE
    written = _write_tables(documents, Path(args.output), args.format, args.bom)
    print(f"keikaku: wrote {written} files to {args.output}")
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from keikaku.pipeline.diff import changes_to_markdown, lineage
    from keikaku.pipeline.diff_html import changes_to_html

    limits = limits_from(args)
    try:
        sites = review_site_of(args.old_review, args.old), review_site_of(args.new_review, args.new)
        old, new = _document_for(args.old, limits), _document_for(args.new, limits)
    except InputError as exc:
        error(str(exc))
        return EXIT_USAGE
    except _Failed as failed:
        error(failed.outcome.error or "")
        return EXIT_INTERNAL if failed.outcome.kind == INTERNAL else EXIT_USAGE
    mapped = lineage(old, new)
    if args.sqlite:
        database = Path(args.sqlite)
        try:
            write_lineage(database, mapped)
        except MissingEdition as exc:
            error(f"{database}: {exc}; extract both editions into its folder first")
            return EXIT_USAGE
        except sqlite3.Error as exc:
            raise OutputError(database, str(exc).removeprefix(f"{database}: ")) from None
    changes = mapped.changes()
    if args.html:
        page = Path(args.html)
        names = Path(args.old).name, Path(args.new).name
        write_atomically(page, changes_to_html(changes, *names, page, sites))
        print(f"keikaku: wrote {page} ({len(changes)} changes)")
    elif args.json:
        sys.stdout.write(mapped.to_json())
    else:
        sys.stdout.write(changes_to_markdown(changes, Path(args.old).name, Path(args.new).name))
    return 1 if changes else 0


def review_site_of(given: str | None, edition: str) -> Path | None:
    """The review site of an edition: the folder given (which must hold one), else the one
    ``keikaku review`` writes by default (output/review/<stem>/), when it is there."""
    from keikaku.pipeline.review import is_review_site

    if given is not None:
        if not is_review_site(Path(given)):
            raise InputError(given, "not a review site (keikaku review writes one)")
        return Path(given)
    default = Path("output") / "review" / Path(edition).stem
    return default if is_review_site(default) else None


def run_review(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        error(f"{path}: a plan .pdf or .txt is needed (the review draws the pages it reads)")
        return EXIT_USAGE
    try:
        document, source = extract_with_source(path)
    except InputError as exc:
        error(str(exc))
        return EXIT_INPUT
    except LimitError as exc:
        error(str(exc))
        return EXIT_LIMIT
    from keikaku.pipeline.review import write_review_site

    folder = Path(args.output or Path("output") / "review" / path.stem)
    write_review_site(document, source, folder)
    print(f"{path.name}: review site -> {folder / 'index.html'}")
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    from keikaku.pipeline.export_schema import diff_schema, document_schema, schema_to_json

    sys.stdout.write(schema_to_json(diff_schema() if args.diff else document_schema()))
    return EXIT_OK


# --- the parser -----------------------------------------------------------------------------

LIMIT_DEFAULTS = Limits()


def _add_limits(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group("limits (each document is read in a worker process)")
    group.add_argument(
        "--time-limit",
        type=_at_least_zero(float),
        default=LIMIT_DEFAULTS.seconds,
        metavar="SECONDS",
        help=f"stop a document after SECONDS (default: {LIMIT_DEFAULTS.seconds:g}; 0: no limit)",
    )
    group.add_argument(
        "--max-memory",
        type=_at_least_zero(int),
        default=LIMIT_DEFAULTS.memory_mib,
        metavar="MIB",
        help="memory a document may take, in MiB (default: "
        f"{LIMIT_DEFAULTS.memory_mib}; 0: no limit)",
    )
    group.add_argument(
        "--max-stream-mib",
        type=_at_least_zero(int),
        default=LIMIT_DEFAULTS.stream_mib,
        metavar="MIB",
        help="what one compressed PDF stream may decode to, in MiB (default: "
        f"{LIMIT_DEFAULTS.stream_mib}; 0: no limit)",
    )
    group.add_argument(
        "--max-text-mib",
        type=_at_least_zero(int),
        default=LIMIT_DEFAULTS.text_mib,
        metavar="MIB",
        help=f"largest text file read, in MiB (default: {LIMIT_DEFAULTS.text_mib})",
    )
    command.add_argument(
        "--pdf-engine",
        choices=ENGINES,
        default=LIMIT_DEFAULTS.pdf_engine,
        help="what reads a PDF's characters and rules: pdfium (fast) or pdfplumber (the "
        f"reference; --max-stream-mib applies to it) (default: {LIMIT_DEFAULTS.pdf_engine})",
    )


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("keikaku")
    except PackageNotFoundError:
        return "unknown"


class _Version(argparse.Action):
    """``--version``, with the version looked up when asked: reading the package's metadata
    costs about 50 ms, which every command would pay at its start if the parser held it."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(f"{parser.prog} {_package_version()}")
        parser.exit()


EXIT_CODES_HELP = (
    "exit codes: 0 every document extracted; 1 a file could not be read (one line on stderr "
    "names it and the cause; the others are still extracted); 2 the command line is wrong; "
    "3 with --strict, a document has warnings or errors; 4 a document went over a limit; "
    "5 an output could not be written; 70 internal error (a bug: please report it); "
    "130 interrupted"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keikaku",
        description="Turn Japanese municipal plans (PDF or extracted text) into structured, "
        "reviewable data.",
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract_cmd = commands.add_parser(
        "extract",
        help="extract plan documents (PDF or text) into JSON (and SQLite, and tables)",
        description="Extract each plan document (a PDF or a text file) into DIR/<document "
        f"id>.json, add it to DIR/{DATABASE_NAME} and print one summary line per document "
        "(and a table at the end when there are several). The document id is the file stem, "
        "with the edition added when the stem does not name it (plan@2027): the edition "
        "from the manifest, else the year the plan prints after its name (アクションプラン2023).",
        epilog=EXIT_CODES_HELP,
    )
    extract_cmd.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a plan PDF (.pdf) or text file (.txt), suffix in any case, or a folder of them; "
        "- reads one document from stdin (a PDF or text, told by its content)",
    )
    extract_cmd.add_argument(
        "-o",
        "--output",
        default="output",
        metavar="DIR",
        help="folder for the JSON files and the database (default: output/); -o - writes "
        "each document's JSON to stdout instead (no database; summary lines on stderr)",
    )
    extract_cmd.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="documents extracted in parallel; jobs left over read a long PDF's pages in "
        "parallel (default: the number of cores)",
    )
    extract_cmd.add_argument(
        "--tables",
        type=_formats,
        default=(),
        metavar="FORMATS",
        help="also write DIR/tables/<table>.<format> for FORMATS (parquet, csv or parquet,csv): "
        f"every edition in DIR/{DATABASE_NAME} (with --no-sqlite: this run's documents)",
    )
    extract_cmd.add_argument(
        "--bom", action="store_true", help="write CSV as UTF-8 with BOM (for Excel in Japan)"
    )
    extract_cmd.add_argument(
        "--profile",
        type=_profile,
        metavar="PATH",
        help="read every document with this plan profile (a .toml file, or a bundled "
        "profile's name); default: the manifest's, else the one whose signature the "
        "document prints",
    )
    extract_cmd.add_argument(
        "--strict",
        action="store_true",
        help="exit 3 when a document has warnings or errors, and print them (the outputs are "
        "still written)",
    )
    extract_cmd.add_argument(
        "--no-sqlite",
        dest="sqlite",
        action="store_false",
        help=f"do not write DIR/{DATABASE_NAME}",
    )
    talk = extract_cmd.add_mutually_exclusive_group()
    talk.add_argument(
        "-q", "--quiet", action="store_true", help="print only errors: no progress, no summary"
    )
    talk.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every diagnostic on stderr, one line each (file:line or file:p.N)",
    )
    _add_limits(extract_cmd)
    extract_cmd.set_defaults(func=run_extract)

    view_cmd = commands.add_parser(
        "view",
        help="print the readable outline of a document, for review",
        description="Print one line per node (ID, source lines, 所管 and 目標 with the "
        "meaning of each value), then the glossary, departments, diagnostics and stats, of a "
        "plan PDF, a plan text file or a saved extraction JSON.",
    )
    view_cmd.add_argument("file", metavar="FILE", help="a .pdf, .txt or extraction .json")
    _add_limits(view_cmd)
    view_cmd.set_defaults(func=run_view)

    export_cmd = commands.add_parser(
        "export",
        help="write tables (Parquet, CSV) from extraction JSON files",
        description="Stack the tables of the given extraction JSON files and write "
        "DIR/<table>.<format>: initiatives, targets, departments, glossary, footnote_refs, "
        "diagnostics (columns in the README). Exit 2 when a file is not an extraction JSON.",
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
        description="Compare two editions (extraction JSON files, or plan PDF or text files "
        "extracted first): initiatives added, removed, moved, renumbered, renamed; changes of "
        "所管, indicators, years and values; glossary entries added, removed, renumbered, "
        "redefined. Exit 0 when there is no difference, 1 when there is, 2 on error.",
    )
    diff_cmd.add_argument("old", metavar="OLD", help="the earlier edition (.json, .pdf or .txt)")
    diff_cmd.add_argument("new", metavar="NEW", help="the later edition (.json, .pdf or .txt)")
    output = diff_cmd.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        action="store_true",
        help="JSON for tools instead of Markdown: every initiative, group and policy of both "
        "editions mapped, with structured values (schema: keikaku schema --diff)",
    )
    output.add_argument(
        "--html",
        metavar="FILE",
        help="write the changes as a page to read, grouped by policy, old and new side by side "
        "with what changed marked, linked to the editions' review sites",
    )
    diff_cmd.add_argument(
        "--old-review",
        metavar="DIR",
        help="the old edition's review site (default: output/review/<OLD's stem>/ if there)",
    )
    diff_cmd.add_argument(
        "--new-review",
        metavar="DIR",
        help="the new edition's review site (default: output/review/<NEW's stem>/ if there)",
    )
    diff_cmd.add_argument(
        "--sqlite",
        metavar="DATABASE",
        help="also store the mapping in DATABASE's lineage table (it must hold both editions: "
        f"extract them into its folder first, e.g. output/{DATABASE_NAME})",
    )
    _add_limits(diff_cmd)
    diff_cmd.set_defaults(func=run_diff)

    review_cmd = commands.add_parser(
        "review",
        help="write a static site that draws the extraction over its pages",
        description="Extract a plan PDF or text file and write DIR/index.html (with its "
        "assets and page images): the tree of nodes beside the pages, each node's boxes drawn "
        "in a colour for its kind, characters in no node in red, the diagnostics linked to "
        "their places; for text, the source lines coloured by node. It opens from the file "
        "system, with no server and no network.",
    )
    review_cmd.add_argument("file", metavar="FILE", help="a plan .pdf or .txt")
    review_cmd.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="folder for the site (default: output/review/<file stem>/); replaced if it holds "
        "a review site",
    )
    review_cmd.set_defaults(func=run_review)

    schema_cmd = commands.add_parser(
        "schema",
        help="print the JSON Schema of the extraction JSON",
        description="Print the JSON Schema (draft 2020-12) of the extraction JSON (with "
        "--diff: of keikaku diff --json).",
    )
    schema_cmd.add_argument(
        "--diff", action="store_true", help="the schema of keikaku diff --json instead"
    )
    schema_cmd.set_defaults(func=run_schema)
    return parser


@contextmanager
def _quiet_libraries() -> Iterator[None]:
    """Library logging (pdfminer's) and Python warnings stay off stderr while a command runs."""
    logging.disable(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with _quiet_libraries():
        try:
            return int(args.func(args))
        except OutputError as exc:
            error(str(exc))
            return EXIT_OUTPUT
        except KeyboardInterrupt:
            print("keikaku: interrupted", file=sys.stderr, flush=True)
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # stdout closed early (keikaku view plan.pdf | head): nothing more to say, and
            # nothing for Python to complain about when it flushes stdout at exit
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
