"""A saved extraction reads back into the model it was written from: every golden JSON,
read and written again, gives the same bytes (so diff, export and view see what extract saw)."""

from __future__ import annotations

from pathlib import Path

import pytest

from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.read_json import read_document_json
from tests.conftest import GOLDEN


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_golden_json_round_trips(path: Path) -> None:
    _, document = read_document_json(path)
    assert document_to_json(document) == path.read_text(encoding="utf-8")
