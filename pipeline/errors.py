"""The one exception keikaku raises on purpose: input that cannot be read at all."""

from __future__ import annotations


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
