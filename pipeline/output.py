"""Writing output files: whole or not at all, with the modes the umask gives, and one-line errors.

Each file is written under a hidden temporary name beside it and renamed when complete, so an
interrupted or failed run never leaves a half-written file, and the temporary file is removed
whatever stopped the write (a full disk, Ctrl-C). The temporary file is created with mode
0666 less the umask, like any file the user's tools create (``tempfile.mkstemp`` would give
0600). A failure is an ``OutputError`` whose text is one line naming the path.

A file may be written in pieces (``write_streamed``), and its two steps may be taken apart:
``write_new`` fills the temporary file (a worker process writes a document's JSON so) and
``put_in_place`` renames it (the command, once the document's id is known to be new and its
database rows are in).
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class OutputError(Exception):
    """An output that cannot be written; ``str()`` is the line the command prints."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


def os_reason(error: OSError) -> str:
    if error.errno == errno.EEXIST or error.errno == errno.ENOTDIR:
        return "not a folder (a file of that name is in the way)"
    return error.strerror or str(error)


def output_folder(folder: Path) -> Path:
    """``folder``, created if need be; ``OutputError`` when it cannot be a folder."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "not a folder (a file of that name is in the way)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(exc.filename or folder, os_reason(exc)) from None
    return folder


def create_empty(path: Path) -> bool:
    """Create ``path`` empty with the umask's mode if it does not exist; whether it did not.

    For files another library fills in (SQLite would create its database 0644 less the umask,
    never group-writable): created here first, they get the mode every other output gets."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        return False
    except OSError as exc:
        raise OutputError(path, os_reason(exc)) from None
    return True


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place."""
    write_streamed(path, lambda out: out.write(text))


def write_streamed(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Write ``path`` by ``write(file)``, which may write in pieces, through a temporary file
    renamed into place."""
    output_folder(path.parent)
    temporary = temporary_name(path.parent, path.name)
    write_new(temporary, write, path)
    put_in_place(temporary, path)


def temporary_name(folder: Path, name: str) -> Path:
    """A hidden file name in ``folder``, after ``name``, for a file written before it is
    renamed into place (``.plan.json.1f2e3d4c.tmp``)."""
    return folder / f".{name}.{secrets.token_hex(4)}.tmp"


def write_new(temporary: Path, write: Callable[[IO[str]], object], path: Path) -> None:
    """Create ``temporary`` (it must not exist) and fill it by ``write(file)``, UTF-8 with
    ``\\n`` line ends; an ``OutputError`` naming ``path``, the file it stands for, when that
    fails, and ``temporary`` removed whatever stopped the write."""
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(path, os_reason(exc)) from None
    with _removed_on_failure(temporary, path):
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            write(out)


def put_in_place(temporary: Path, path: Path) -> None:
    """Rename the finished ``temporary`` to ``path``; when that fails, ``temporary`` is removed
    and the ``OutputError`` names ``path``."""
    with _removed_on_failure(temporary, path):
        os.replace(temporary, path)


@contextmanager
def _removed_on_failure(temporary: Path, path: Path) -> Iterator[None]:
    """``temporary`` removed whatever stops the block; an ``OSError`` becomes an
    ``OutputError`` naming ``path``, the file it stands for."""
    try:
        yield
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(path, os_reason(exc)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
