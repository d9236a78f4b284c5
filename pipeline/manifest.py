"""The manifest beside a corpus document: ``<stem>.manifest.toml`` with what the file is."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.errors import InputError

MANIFEST_SUFFIX = ".manifest.toml"


def manifest_path(document: str | Path) -> Path:
    document = Path(document)
    return document.with_name(document.stem + MANIFEST_SUFFIX)


def load_manifest(document: str | Path) -> dict[str, object]:
    """The manifest's fields, or ``{}`` when the document has none."""
    path = manifest_path(document)
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"unreadable manifest ({exc})") from None


def plan_years(manifest: dict[str, object]) -> tuple[int, int] | None:
    """(baseline year, target year) when the manifest gives both."""
    base, target = manifest.get("baseline_year"), manifest.get("target_year")
    if isinstance(base, int) and isinstance(target, int):
        return base, target
    return None
