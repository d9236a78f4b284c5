"""The project carries its own copy of the edition, byte for byte the shared seed."""

import hashlib
import tomllib
from pathlib import Path

import pytest

from tests.conftest import MAIN_DOCUMENT, ROOT

SEED = ROOT.parent / "shared" / "seeds" / MAIN_DOCUMENT.name
EXPECTED_SHA256 = "055b31bcb4ad62100913bc411b5689c70ee53d76a6b25d270ce1e2b65b56285d"


def test_corpus_file_is_the_recorded_bytes() -> None:
    assert hashlib.sha256(MAIN_DOCUMENT.read_bytes()).hexdigest() == EXPECTED_SHA256


@pytest.mark.skipif(not SEED.is_file(), reason="no ../shared checkout beside this clone")
def test_corpus_file_equals_the_shared_seed() -> None:
    assert MAIN_DOCUMENT.read_bytes() == SEED.read_bytes()


def test_manifest_describes_the_document() -> None:
    manifest = tomllib.loads(Path(str(MAIN_DOCUMENT).replace(".txt", ".manifest.toml")).read_text())
    assert (
        manifest["city"],
        manifest["chapter"],
        manifest["baseline_year"],
        manifest["target_year"],
    ) == ("札幌市", 3, 2022, 2027)
