"""Every corpus document against its reviewed golden files, byte for byte.

``scripts/test --update-golden`` (KEIKAKU_UPDATE_GOLDEN=1) rewrites the golden files from the
current extraction; ``test_update_flag_is_off`` then fails the run on purpose, so that a run
that regenerated them is never green. Review ``git diff golden/`` before committing.
"""

from pathlib import Path

import pytest

from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.export_view import document_to_view
from keikaku.pipeline.run import extract
from tests.conftest import GOLDEN, UPDATE_GOLDEN, corpus_documents

RENDERINGS = [("json", document_to_json), ("view.txt", document_to_view)]


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem)
@pytest.mark.parametrize(("suffix", "render"), RENDERINGS, ids=[s for s, _ in RENDERINGS])
def test_matches_golden(path: Path, suffix: str, render) -> None:
    actual = render(extract(path))
    golden = GOLDEN / f"{path.stem}.{suffix}"
    if UPDATE_GOLDEN:
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run scripts/test --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = _first_difference(expected, actual)
        pytest.fail(f"{golden.name} differs from the extraction at {diff}")


def _first_difference(expected: str, actual: str) -> str:
    for number, (old, new) in enumerate(
        zip(expected.splitlines(), actual.splitlines(), strict=False), 1
    ):
        if old != new:
            return f"line {number}:\n- {old}\n+ {new}"
    return f"the end (golden {len(expected.splitlines())} lines, now {len(actual.splitlines())})"


def test_every_corpus_document_has_golden_files() -> None:
    assert corpus_documents(), "corpus/ holds no document"
    for path in corpus_documents():
        for suffix, _ in RENDERINGS:
            assert (GOLDEN / f"{path.stem}.{suffix}").is_file(), f"{path.stem}.{suffix} missing"


def test_update_flag_is_off() -> None:
    assert not UPDATE_GOLDEN, (
        "KEIKAKU_UPDATE_GOLDEN is set: golden files were rewritten. Review `git diff golden/`, "
        "then run the tests again without --update-golden."
    )
