"""Shared fixtures: the bundled corpus and its extraction (computed once per test session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from keikaku.pipeline.manifest import manifest_path
from keikaku.pipeline.model import Document, Initiative, InitiativeParent, Node, walk
from keikaku.pipeline.run import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "golden"
MAIN_DOCUMENT = CORPUS / "ap2023-ch3-gyosei.txt"
UPDATE_GOLDEN = os.environ.get("KEIKAKU_UPDATE_GOLDEN", "") not in ("", "0")


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def document() -> Document:
    return extract(MAIN_DOCUMENT)


def all_nodes(document: Document) -> list[Node]:
    return [node for chapter in document.chapters for node in walk(chapter)]


def initiatives(document: Document) -> list[Initiative]:
    return [node for node in all_nodes(document) if isinstance(node, Initiative)]


def parents(document: Document) -> list[InitiativeParent]:
    return [node for node in all_nodes(document) if isinstance(node, InitiativeParent)]


SNIPPET_MANIFEST = 'bureaus = "sapporo"\n'


def extract_text(
    tmp_path: Path, text: str, name: str = "snippet.txt", manifest: str | None = SNIPPET_MANIFEST
) -> Document:
    """Extract a small document written for one test (with a manifest naming Sapporo's bureaus)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if manifest is not None:
        manifest_path(path).write_text(manifest, encoding="utf-8")
    return extract(path)
