"""keikaku: Japanese municipal plans (PDF or text) into structured, reviewable data.

The Python API, for tools and notebooks::

    import keikaku

    document = keikaku.extract("plan.pdf")        # a path, or the bytes of a PDF or text file
    document.stats.initiatives                     # the typed model (keikaku.pipeline.model)
    text = keikaku.to_json(document)               # the JSON `keikaku extract` writes
    frames = keikaku.tables(document)              # polars DataFrames, as `--tables` writes
    lineage = keikaku.diff(old, new)               # every initiative of both editions, mapped

``extract`` runs in the calling process, without the command line's worker and its limits
(time, memory): give it files you trust, or use ``keikaku extract`` for a batch of unknown
ones. A file keikaku cannot read raises ``InputError`` whose text is the command line's
one-line error.

The repository keeps the stages in ``pipeline/`` (model, loaders, runner, outputs, CLI) and
``parsers/`` (the rules); pyproject.toml installs them as ``keikaku.pipeline`` and
``keikaku.parsers``, so an installed keikaku puts one top-level name into site-packages.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from keikaku.pipeline import run
from keikaku.pipeline.batch import Limits, document_suffix
from keikaku.pipeline.diff import Lineage, lineage
from keikaku.pipeline.errors import InputError, LimitError
from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.export_tables import document_tables
from keikaku.pipeline.model import Document
from keikaku.pipeline.read_json import read_document_json

__all__ = [
    "Document",
    "InputError",
    "LimitError",
    "Lineage",
    "diff",
    "extract",
    "read_json",
    "tables",
    "to_json",
]

_STREAM_BYTES = (Limits().stream_mib or 0) << 20  # the command line's default decoding cap


def extract(source: str | os.PathLike[str] | bytes, *, name: str = "document") -> Document:
    """The extraction of a plan file (a path; the manifest beside it is read) or of its bytes
    (a PDF when they start like one, else text; ``name`` is the file name it gets, so its
    document id is ``name`` or ``name@<edition>``)."""
    if isinstance(source, bytes):
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"name must be a plain file name, not {name!r}")
        with tempfile.TemporaryDirectory(prefix="keikaku-") as folder:
            path = Path(folder) / f"{name}{document_suffix(source)}"
            path.write_bytes(source)
            try:
                return run.extract(path, max_stream_bytes=_STREAM_BYTES)
            except InputError as exc:
                raise InputError(path.name, exc.reason) from None
    return run.extract(Path(source), max_stream_bytes=_STREAM_BYTES)


def read_json(path: str | os.PathLike[str]) -> Document:
    """A saved extraction JSON, read back into the model and checked field by field."""
    return read_document_json(Path(path))[1]


def to_json(document: Document) -> str:
    """The document's JSON, byte for byte what ``keikaku extract`` writes."""
    return document_to_json(document)


def tables(document: Document) -> dict[str, Any]:
    """The document's tables (initiatives, targets, …) as polars DataFrames."""
    return document_tables(_plain(document))


def diff(old: Document, new: Document) -> Lineage:
    """Every initiative, group and policy of two editions mapped (same, renumbered, renamed,
    moved, added, removed) with the changes of each; ``Lineage.to_json()`` is what
    ``keikaku diff --json`` prints."""
    return lineage(_plain(old), _plain(new))


def _plain(document: Document) -> dict[str, Any]:
    plain: dict[str, Any] = json.loads(document_to_json(document))
    return plain
