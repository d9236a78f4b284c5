"""Python's cyclic garbage collector held off while a stage builds many objects.

A stage that allocates a large structure of new objects with almost no reference cycles
(the loader's pages, the parsers' tree) sets off collection after collection that scans all
it has built so far and frees nothing. Reference counting still frees everything else at
once; the collector runs again afterwards. Each caller says why its objects are acyclic.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(paused: bool = True) -> Iterator[None]:
    """The cyclic collector held off while inside (when ``paused``); it stays off afterwards
    if the caller had turned it off. It is the interpreter's: other threads see it too."""
    enabled = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
