"""The corpus in other encodings, line endings, spacings and glyphs: the same document."""

import json
import shutil

import pytest

from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.manifest import manifest_path
from keikaku.pipeline.run import extract
from tests.conftest import MAIN_DOCUMENT
from tests.variants import VARIANTS, canonical

ENCODINGS = {
    "utf8_bom": "utf-8-sig",
    "utf16": "utf-16",
    "cp932_kome": "shift_jis (cp932)",
    "euc_jp_chu": "euc-jp (euc-jis-2004)",
}


@pytest.fixture(scope="module")
def reference() -> dict:
    return canonical(json.loads(document_to_json(extract(MAIN_DOCUMENT))))


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.__name__)
def test_variant_extracts_to_the_same_document(tmp_path, reference, variant) -> None:
    path = tmp_path / MAIN_DOCUMENT.name
    path.write_bytes(variant(MAIN_DOCUMENT.read_text(encoding="utf-8")))
    shutil.copy(manifest_path(MAIN_DOCUMENT), manifest_path(path))
    document = extract(path)
    assert document.document.encoding == ENCODINGS.get(variant.__name__, "utf-8")
    assert document.stats.lines_assigned == document.stats.lines_total
    assert canonical(json.loads(document_to_json(document))) == reference
