"""The pages of a document between its passes: held in memory up to a budget, then on disk.

The loader reads every page before it can compose any (furniture, the line pitch and the column
edges are the whole document's), so a long plan would hold every page's glyphs at once. A
``PageSpool`` holds pages in memory until they add up to ``budget`` glyphs, and pickles the
pages past it to an anonymous temporary file, loading each again when it is taken: memory then
stays flat in the page count, and a short document pays nothing. ``take`` hands a page over
(a held page is let go); ``put`` gives it back to the place it had.
"""

from __future__ import annotations

import pickle
import tempfile
from typing import IO, Generic, TypeVar

Page = TypeVar("Page")

# Glyphs held in memory before pages go to disk. One glyph with its share of the lines holding
# it costs about 350 bytes (tracemalloc on the 100-page plan of scripts/bench: 40 MiB for
# 115 000 glyphs), so this is about 35 MiB of pages.
GLYPH_BUDGET = 100_000


class PageSpool(Generic[Page]):
    """Pages by index: the first ones in memory within ``budget`` glyphs, the rest pickled."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = GLYPH_BUDGET if budget is None else budget
        self.held: dict[int, Page] = {}
        self.on_disk: dict[int, tuple[int, int]] = {}  # index → (offset, length) in the file
        self.file: IO[bytes] | None = None

    def put(self, index: int, page: Page, glyphs: int = 0) -> None:
        """Keep a page: where it was before, else in memory while the budget lasts."""
        if index in self.held or (index not in self.on_disk and glyphs <= self.budget):
            if index not in self.held:
                self.budget -= glyphs
            self.held[index] = page
            return
        self._write(index, pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))

    def _write(self, index: int, data: bytes) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile(prefix="keikaku-pages-")
        offset = self.file.seek(0, 2)
        self.file.write(data)
        self.on_disk[index] = (offset, len(data))

    def put_pickled(self, index: int, data: bytes, glyphs: int) -> None:
        """Keep a page given pickled (read by another process), as ``put`` would."""
        if glyphs <= self.budget and index not in self.on_disk:
            self.put(index, pickle.loads(data), glyphs)
            return
        self._write(index, data)

    def take(self, index: int) -> Page:
        """The page ``index`` (the caller ``put``s it back if it is needed again)."""
        if index in self.held:
            return self.held.pop(index)
        assert self.file is not None
        offset, length = self.on_disk[index]
        self.file.seek(offset)
        page: Page = pickle.loads(self.file.read(length))
        return page

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
