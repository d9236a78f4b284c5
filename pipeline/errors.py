"""The exceptions keikaku raises on purpose: input that cannot be read at all, and input that
goes past a limit set to protect the run."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class InputError(Exception):
    """A file keikaku cannot read; ``str()`` is the one-line message the CLI prints."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LimitError(Exception):
    """A file that goes past a limit set to protect the run (its decoded size, say); ``str()``
    is the one-line message naming the file, the limit and the option that sets it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is behind ``error``: it, its cause or context, or an exception one of
    them carries as an argument (pdfplumber wraps what pdfminer raises that way)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, kind) or any(isinstance(arg, kind) for arg in seen.args):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def read_toml_file(path: Path, what: str) -> dict[str, Any]:
    """A TOML data file (a profile, a bureau table): its table, or ``InputError`` naming the
    file and saying which ``what`` could not be read and why."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"{what}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"unreadable {what} ({exc})") from None
    except RecursionError:
        raise InputError(str(path), f"unreadable {what} (values nested too deep)") from None
