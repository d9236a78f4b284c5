"""Progress on stderr while documents are extracted, drawn by rich.

Shown only when stderr is a terminal (never in a pipe, a log or CI) and not ``--quiet``: a
line for the batch (documents done of all) and one per document being read, with its pages
once the PDF loader has counted them. ``NO_COLOR`` is honoured. The display is cleared before
anything is written to stdout or an error to stderr (``paused``), so progress never shares a
line with a summary or a message.

There is no refresh thread (``auto_refresh=False``): the display is redrawn on each event,
at most ``REDRAW_SECONDS`` apart for page events, so worker processes are forked from a
process with one thread.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID

REDRAW_SECONDS = 0.1


def progress_wanted(stream: TextIO, quiet: bool) -> bool:
    """Whether to draw progress on ``stream``: a terminal that can move its cursor."""
    is_terminal = getattr(stream, "isatty", None)
    return (
        not quiet
        and callable(is_terminal)
        and bool(is_terminal())
        and (os.environ.get("TERM") != "dumb")
    )


class BatchProgress:
    """The batch line and a line per document being read."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.enabled = enabled
        self.names: dict[int, str] = {}
        self.tasks: dict[int, TaskID] = {}
        self.drawn = 0.0
        if not enabled:
            return
        # rich is imported only to draw: in a pipe, a log or CI (and with -q) it would be
        # 30-50 ms of every run's start for nothing
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(
            file=stream,
            force_terminal=True,
            no_color=bool(os.environ.get("NO_COLOR")),
            highlight=False,
        )
        self.bar = Progress(
            TextColumn("keikaku: {task.description}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.batch = self.bar.add_task("documents", total=total, unit="")
        self.bar.start()
        self.bar.refresh()

    def started(self, index: int, name: str) -> None:
        if not self.enabled:
            return
        self.tasks[index] = self.bar.add_task(name, total=None, unit="")
        self._draw(force=True)

    def page(self, index: int, done: int, total: int) -> None:
        if not self.enabled or index not in self.tasks:
            return
        self.bar.update(self.tasks[index], completed=done, total=total, unit="pages")
        self._draw(force=done == total)

    def finished(self, index: int) -> None:
        if not self.enabled:
            return
        task = self.tasks.pop(index, None)
        if task is not None:
            self.bar.remove_task(task)
        self.bar.advance(self.batch)
        self._draw(force=True)

    def tick(self) -> None:
        """Time went by with no event: redraw (the elapsed time, a spinning bar)."""
        if self.enabled:
            self._draw(force=True)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The display cleared while the caller writes lines; drawn again after."""
        if not self.enabled:
            yield
            return
        self.bar.stop()
        try:
            yield
        finally:
            self.bar.start()
            self._draw(force=True)

    def close(self) -> None:
        if self.enabled:
            self.bar.stop()
            self.enabled = False

    def _draw(self, force: bool) -> None:
        now = time.monotonic()
        if force or now - self.drawn >= REDRAW_SECONDS:
            self.bar.refresh()
            self.drawn = now
