"""A cap on what one compressed PDF stream may decode to (a decompression bomb: 1 MB of Flate
data inflating to a gigabyte of nothing).

pdfminer decodes Flate streams with ``zlib.decompress`` on the whole stream at once. While a
document is read, ``bounded_streams`` has its ``zlib`` give out at most ``limit`` bytes per
stream and raise ``StreamTooLarge`` past that; everything else of ``zlib`` is passed through.
The loader turns ``StreamTooLarge`` into a ``LimitError`` naming the file and the option.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace


class StreamTooLarge(Exception):
    """A stream decodes to more than the cap."""


def _bounded(limit: int) -> SimpleNamespace:
    def decompress(data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise StreamTooLarge(limit)
        return out + inflater.flush()

    return SimpleNamespace(
        decompress=decompress,
        decompressobj=zlib.decompressobj,
        error=zlib.error,
        MAX_WBITS=zlib.MAX_WBITS,
    )


@contextmanager
def bounded_streams(limit: int | None) -> Iterator[None]:
    """While inside, pdfminer decodes no Flate stream to more than ``limit`` bytes."""
    if limit is None:
        yield
        return
    from pdfminer import pdftypes

    saved = pdftypes.zlib
    pdftypes.zlib = _bounded(limit)  # type: ignore[assignment]
    try:
        yield
    finally:
        pdftypes.zlib = saved
