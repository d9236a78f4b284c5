"""Extract many documents, each in a worker process that a bad file cannot take down with it.

A hostile or broken file must cost one line on stderr, never the run: pdfminer loops forever
on a PDF whose object refers to itself, a decompression bomb inflates to gigabytes, a bug may
raise anywhere. So each document is read in a worker process (``Limits``):

* the worker's address space may grow by ``memory_mib`` at most (``RLIMIT_AS``, set once when
  the worker starts, after the Sudachi dictionary is loaded, which every document it reads
  then shares); past it Python raises ``MemoryError``, reported as the memory limit;
* a document still running after ``seconds`` has its worker killed, and a fresh worker takes
  the next document;
* a text file larger than ``text_mib`` is refused before it is read;
* an unexpected exception is an internal error naming the file, and the others go on.

Workers report as they go (``Started``, ``Page``, ``Finished``), so the command line can show
progress per page. A worker writes the document's JSON itself, as it goes, to a hidden file the
caller renames into place (or removes): the text is never held whole, nor sent through a pipe and
parsed again. What the caller reports of the document (its summary line, its diagnostics) comes
back with the outcome.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
import traceback
import warnings
from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from keikaku.pipeline import run
from keikaku.pipeline.errors import InputError, LimitError, caused_by
from keikaku.pipeline.export_json import dumps, write_document
from keikaku.pipeline.loaders.pdf import DEFAULT_ENGINE
from keikaku.pipeline.model import Document
from keikaku.pipeline.output import OutputError, temporary_name, write_new

DOCUMENT_SUFFIXES = (".txt", ".pdf")
STDIO = "-"  # a path or output of "-": stdin, stdout
PDF_SIGNATURE = b"%PDF-"
ORPHAN_GRACE = 5  # seconds past the time limit after which a worker ends itself


@dataclass(frozen=True)
class Limits:
    """What one document may cost; ``None`` for no limit."""

    seconds: float | None = 300.0
    memory_mib: int | None = 2048
    text_mib: int = 32
    stream_mib: int | None = 256  # what one compressed PDF stream may decode to
    profile: str | None = None  # not a limit: the profile every document is read with (--profile)
    # not a limit, but read in the worker too: what reads a PDF's characters and rules
    pdf_engine: str = DEFAULT_ENGINE
    # how many processes may read one PDF's pages: ``extract_all`` gives each document the
    # jobs its batch leaves over (one document with --jobs 2: two; six documents: one each)
    pdf_jobs: int = 1


# What went wrong with a document, as the command line reports it.
OK, INPUT, LIMIT, INTERNAL, OUTPUT = "ok", "input", "limit", "internal", "output"

Row = dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """One document's result: its JSON written to ``written`` and its ``summary``, or a
    one-line error naming the file (for an internal error, the traceback in ``detail``).

    ``OUTPUT``: the document was read but its JSON could not be written; ``error`` says why
    (``No space left on device``) and ``summary`` names the document, so that the caller can
    name the file it stood for."""

    kind: str
    summary: Row | None = None
    written: Path | None = None
    error: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Started:
    index: int


@dataclass(frozen=True)
class Page:
    index: int
    done: int
    total: int


@dataclass(frozen=True)
class Finished:
    index: int
    outcome: Outcome


@dataclass(frozen=True)
class Tick:
    """Nothing happened for ``tick`` seconds (so a display can show the time go by)."""


Event = Started | Page | Finished | Tick


def document_suffix(data: bytes) -> str:
    """The suffix a document given as bytes (stdin, the API) is read by: ``.pdf`` when the
    PDF signature opens it (readers allow it within the first KiB), else ``.txt``."""
    return ".pdf" if PDF_SIGNATURE in data[:1024] else ".txt"


def document_summary(document: Document) -> Row:
    """What is reported of a document without reading its JSON again: the JSON's members
    ``schema_version``, ``document``, ``stats`` and ``diagnostics``, as ``json.loads`` gives
    them (what report.summary_line and the database's edition row read)."""
    head = {
        "schema_version": document.schema_version,
        "document": document.document,
        "stats": document.stats,
        "diagnostics": document.diagnostics,
    }
    summary: Row = json.loads(dumps(head))
    return summary


def extract_outcome(path: Path, written: Path, limits: Limits, on_page: Any = None) -> Outcome:
    """Extract one file in this process and write its JSON to ``written`` (a new file): its
    summary, or a one-line error (and no file)."""
    name = str(path)
    try:
        suffix = path.suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES:
            raise InputError(
                name,
                f"unsupported file type {path.suffix!r} "
                f"(keikaku reads {', '.join(DOCUMENT_SUFFIXES)})",
            )
        if suffix == ".txt" and path.is_file():
            size = path.stat().st_size
            if size > limits.text_mib << 20:
                return Outcome(
                    LIMIT,
                    error=f"{name}: text file of {size / (1 << 20):.0f} MiB is over the limit "
                    f"of {limits.text_mib} MiB for text input (--max-text-mib)",
                )
        stream_bytes = limits.stream_mib << 20 if limits.stream_mib else None
        profile = run.named_profile(limits.profile) if limits.profile else None
        document = run.extract(
            path,
            on_page=on_page,
            max_stream_bytes=stream_bytes,
            profile=profile,
            pdf_engine=limits.pdf_engine,
            pdf_jobs=limits.pdf_jobs,
        )
        summary = document_summary(document)
        try:
            write_new(written, lambda out: write_document(document, out), written)
        except OutputError as error:
            return Outcome(OUTPUT, summary=summary, error=error.reason)
        return Outcome(OK, summary=summary, written=written)
    except LimitError as error:
        return Outcome(LIMIT, error=str(error))
    except InputError as error:
        if caused_by(error, MemoryError):  # a loader may wrap what it could not read
            return _memory_outcome(name, limits)
        return Outcome(INPUT, error=str(error))
    except MemoryError:
        return _memory_outcome(name, limits)
    except RecursionError:
        return Outcome(INPUT, error=f"{name}: structure nested too deep to read")
    except Exception as error:  # a bug: reported, and the other documents go on
        return Outcome(
            INTERNAL,
            error=f"{name}: internal error: {type(error).__name__}: {error}".splitlines()[0],
            detail=traceback.format_exc(),
        )


def _memory_outcome(name: str, limits: Limits) -> Outcome:
    return Outcome(
        LIMIT,
        error=f"{name}: memory limit of {limits.memory_mib} MiB exceeded (--max-memory)",
    )


def quiet_libraries() -> None:
    """Library warnings (pdfminer's logging, Python warnings) never reach stderr: keikaku
    reports what matters about a document as diagnostics."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _limit_memory(memory_mib: int | None) -> None:
    if memory_mib is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space() + (memory_mib << 20)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _worker(connection: Connection, limits: Limits) -> None:
    """Read documents sent as (index, path, where its JSON goes) until ``None``; report events
    back.

    A worker whose parent is gone ends quietly: at its next message (the pipe is closed), or,
    stuck in a document, by its own alarm a little after the time limit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    quiet_libraries()
    from keikaku.parsers import morphology

    morphology.tokens("計画", remember=False)  # the dictionary, loaded once for every document
    _limit_memory(limits.memory_mib)
    try:
        while (job := connection.recv()) is not None:
            index, path, written = job

            def on_page(done: int, total: int, index: int = index) -> None:
                connection.send(Page(index, done, total))

            if limits.seconds is not None:
                signal.alarm(int(limits.seconds) + ORPHAN_GRACE)  # default action: terminate
            outcome = extract_outcome(Path(path), Path(written), limits, on_page)
            signal.alarm(0)
            connection.send(Finished(index, outcome))
            if outcome.kind in (LIMIT, INTERNAL):
                return  # a worker that hit its limit or a bug is not trusted with the next one
    except (EOFError, OSError):
        return  # the parent is gone


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


@dataclass
class _Slot:
    process: Any
    connection: Connection
    index: int | None = None
    started: float = 0.0
    written: Path | None = None  # where the document's JSON is being written

    def clear(self) -> None:
        """The slot idle again; what its worker may have left unfinished, removed."""
        if self.written is not None:
            self.written.unlink(missing_ok=True)
        self.index = self.written = None


def _time_limit(name: str, limits: Limits) -> Outcome:
    return Outcome(
        LIMIT, error=f"{name}: time limit of {limits.seconds:g} s exceeded (--time-limit); stopped"
    )


def _died(name: str, exitcode: int | None, limits: Limits) -> Outcome:
    if exitcode == -signal.SIGALRM:  # its own alarm, past the time limit
        return _time_limit(name, limits)
    if exitcode is not None and exitcode < 0:
        cause = signal.Signals(-exitcode).name
    else:
        cause = f"exit status {exitcode}"
    if limits.memory_mib is not None:
        return Outcome(
            LIMIT,
            error=f"{name}: its worker process died ({cause}), most likely at the memory "
            f"limit of {limits.memory_mib} MiB (--max-memory)",
        )
    return Outcome(INTERNAL, error=f"{name}: internal error: worker process died ({cause})")


class _Pool:
    def __init__(self, size: int, limits: Limits) -> None:
        self.size, self.limits = size, limits
        self.context = _context()
        self.slots: list[_Slot] = []

    def spawn(self) -> _Slot:
        parent, child = self.context.Pipe()
        # not a daemon, so that it may fork the readers of a long PDF's pages (load_pdf);
        # the pool ends its workers itself (close, retire)
        process = self.context.Process(target=_worker, args=(child, self.limits), daemon=False)
        process.start()
        child.close()
        slot = _Slot(process, parent)
        self.slots.append(slot)
        return slot

    def retire(self, slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join()
        slot.connection.close()
        slot.clear()
        self.slots.remove(slot)

    def close(self) -> None:
        for slot in list(self.slots):
            try:
                slot.connection.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2
        for slot in list(self.slots):
            slot.process.join(max(0.0, deadline - time.monotonic()))
            self.retire(slot)


def share_jobs(jobs: int, documents: int) -> tuple[int, int]:
    """How many workers extract ``documents`` with ``jobs`` processes, and how many processes
    each may read one PDF's pages with: the jobs the workers leave over, shared out, so the
    cores are not asked for more than ``jobs`` at once."""
    workers = max(1, min(jobs, documents))
    return workers, max(1, jobs // workers)


def extract_all(
    paths: Sequence[Path],
    jobs: int,
    limits: Limits,
    tick: float | None = None,
    folder: Path | None = None,
) -> Generator[Event, None, None]:
    """Events for every document, as they happen; every index gets exactly one ``Finished``;
    a ``Tick`` after ``tick`` seconds without any other event.

    An ``OK`` outcome's JSON is in ``written``, a hidden file in ``folder`` that the caller
    renames into place or removes (without ``folder``: in a temporary folder removed when the
    generator ends). Workers are killed when the generator is closed (Ctrl-C included), and
    what they were writing is removed."""
    scratch = None
    if folder is None:
        folder = scratch = Path(tempfile.mkdtemp(prefix="keikaku-"))
    try:
        yield from _extract_all(paths, jobs, limits, tick, folder)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _extract_all(
    paths: Sequence[Path], jobs: int, limits: Limits, tick: float | None, folder: Path
) -> Generator[Event, None, None]:
    size, pdf_jobs = share_jobs(jobs, len(paths))
    pool = _Pool(size, replace(limits, pdf_jobs=pdf_jobs))
    queue = list(enumerate(paths))
    queue.reverse()
    pending = len(paths)
    try:
        while pending:
            while queue and (
                len(pool.slots) < pool.size or any(s.index is None for s in pool.slots)
            ):
                idle = next((s for s in pool.slots if s.index is None), None) or pool.spawn()
                job, path = queue.pop()
                written = temporary_name(folder, f"{path.name}.json")
                idle.connection.send((job, str(path), str(written)))
                idle.index, idle.started, idle.written = job, time.monotonic(), written
                yield Started(job)
            busy = [s for s in pool.slots if s.index is not None]
            timeout: float | None = tick
            if limits.seconds is not None:
                left = max(0.0, min(s.started for s in busy) + limits.seconds - time.monotonic())
                timeout = left if timeout is None else min(timeout, left)
            ready = wait([s.connection for s in busy] + [s.process.sentinel for s in busy], timeout)
            if not ready and tick is not None:
                yield Tick()
            for slot in busy:
                index = slot.index
                assert index is not None
                if slot.connection in ready:
                    try:
                        event = slot.connection.recv()
                    except (EOFError, OSError):  # the worker died without a word
                        event = None
                    if isinstance(event, Page):
                        yield event
                        continue
                    if isinstance(event, Finished):
                        if event.outcome.written is not None:
                            slot.written = None  # the caller's now
                        slot.clear()
                        pending -= 1
                        if event.outcome.kind in (LIMIT, INTERNAL):
                            pool.retire(slot)
                        yield event
                        continue
                if slot.connection in ready or slot.process.sentinel in ready:
                    slot.process.join()
                    outcome = _died(str(paths[index]), slot.process.exitcode, limits)
                elif limits.seconds is not None and (
                    time.monotonic() - slot.started >= limits.seconds
                ):
                    outcome = _time_limit(str(paths[index]), limits)
                else:
                    continue
                pool.retire(slot)
                pending -= 1
                yield Finished(index, outcome)
    finally:
        for slot in list(pool.slots):
            if slot.index is not None:
                pool.retire(slot)
        pool.close()
