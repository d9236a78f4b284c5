"""Generators of hostile files, made at test time (each a few kilobytes on disk, or sparse).

Each reproduces a file that once hung, exhausted or crashed a run; ``tests/test_hostile.py``
runs the command line on each and holds it to one line on stderr, an exit code, and the time
and memory limits of a worker.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from tests.conftest import MAIN_DOCUMENT


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object ``i + 1`` is ``objects[i]``) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def self_referencing_pdf(path: Path) -> Path:
    """A page whose MediaBox is an object that refers to itself: ``4 0 obj 4 0 R endobj``.

    Resolving it never ends: pdfminer follows the reference forever."""
    content = b"BT /F1 12 Tf 72 720 Td (plan) Tj ET"
    path.write_bytes(
        pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R /Contents 5 0 R "
                b"/Resources << /Font << /F1 6 0 R >> >> >>",
                b"4 0 R",
                _stream(content),
                _FONT,
            ]
        )
    )
    return path


def decompression_bomb_pdf(path: Path, inflated: int = 1 << 30) -> Path:
    """A page whose content stream is about 1 MB of Flate data inflating to ``inflated`` bytes
    (1 GiB) of white space."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    deflated = bytearray()
    for _ in range(inflated // len(chunk)):
        deflated += compressor.compress(chunk)
    deflated += compressor.flush()
    path.write_bytes(
        pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(bytes(deflated), b"/Filter /FlateDecode"),
                _FONT,
            ]
        )
    )
    return path


def tiny_type_pdf(path: Path, size: float = 0.14) -> Path:
    """The plan's first lines set in ``size``-point type (0.14 pt: a fortieth of a millimetre)."""
    lines = MAIN_DOCUMENT.read_text(encoding="utf-8").splitlines()[:40]
    text = [b"BT /F1 %.2f Tf %.2f TL 72 720 Td" % (size, size * 1.2)]
    for line in lines:
        printable = line.encode("ascii", "replace").replace(b"\\", b"").replace(b"(", b"")
        text.append(b"(" + printable.replace(b")", b"") + b") Tj T*")
    text.append(b"ET")
    path.write_bytes(
        pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(b"\n".join(text)),
                _FONT,
            ]
        )
    )
    return path


def tabs_in_a_bullet(path: Path, tabs: int = 100_000) -> Path:
    """The corpus plan with one bullet holding ``tabs`` tabs between two of its words."""
    lines = MAIN_DOCUMENT.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- "))
    lines[at] = lines[at][:8] + "\t" * tabs + lines[at][8:]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan_with_manifest(path: Path, manifest: str) -> Path:
    """The corpus plan, with the manifest text given."""
    path.write_bytes(MAIN_DOCUMENT.read_bytes())
    path.with_name(path.stem + ".manifest.toml").write_text(manifest, encoding="utf-8")
    return path


DATE_MANIFEST = 'city = "札幌市"\nbureaus = "sapporo"\nedition = 2023-03-31\n'
ISSUED_MANIFEST = 'city = "札幌市"\nbureaus = "sapporo"\nissued = 2023-03-31\n'
DEEP_MANIFEST = "city = " + "[" * 3000 + "]" * 3000 + "\n"


def symlink_loop(folder: Path) -> Path:
    """``loop.txt`` → ``loop2.txt`` → ``loop.txt``."""
    (folder / "loop.txt").symlink_to(folder / "loop2.txt")
    (folder / "loop2.txt").symlink_to(folder / "loop.txt")
    return folder / "loop.txt"


def sparse_text(path: Path, size: int) -> Path:
    """A text file of ``size`` bytes that takes no room on disk (a hole)."""
    with path.open("wb") as out:
        out.truncate(size)
    os.utime(path)
    return path
