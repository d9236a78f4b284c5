"""Shared fixtures: the bundled corpus and its extraction (computed once per test session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.model import Document, Initiative, InitiativeParent, Node, walk
from pipeline.run import extract

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


def extract_text(tmp_path: Path, text: str, name: str = "snippet.txt") -> Document:
    """Extract a small document written for one test."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path)
