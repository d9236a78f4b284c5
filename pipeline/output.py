"""Writing output files: whole or not at all, with the modes the umask gives, and one-line errors.

Each file is written under a hidden temporary name beside it and renamed when complete, so an
interrupted or failed run never leaves a half-written file, and the temporary file is removed
whatever stopped the write (a full disk, Ctrl-C). The temporary file is created with mode
0666 less the umask, like any file the user's tools create (``tempfile.mkstemp`` would give
0600). A failure is an ``OutputError`` whose text is one line naming the path.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path


class OutputError(Exception):
    """An output that cannot be written; ``str()`` is the line the command prints."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)


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
    output_folder(path.parent)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(path, os_reason(exc)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(path, os_reason(exc)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
