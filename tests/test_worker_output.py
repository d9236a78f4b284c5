"""The workers write each document's JSON themselves, in pieces, to a hidden file that the command
renames into place: the bytes the in-memory writer gives, and nothing left behind whatever
stops a document (refused, killed at its time limit, the database failing)."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import keikaku.pipeline.batch
import keikaku.pipeline.cli
from keikaku.pipeline import export_json
from keikaku.pipeline.batch import OK, Finished, Limits, extract_all
from keikaku.pipeline.cli import main
from keikaku.pipeline.export_json import document_to_json, write_document
from keikaku.pipeline.run import extract
from tests.conftest import MAIN_DOCUMENT, ROOT, corpus_documents


def _written(document, spill_at: int, monkeypatch) -> str:
    monkeypatch.setattr(export_json, "SPILL_PIECES", spill_at)
    file = io.StringIO()
    write_document(document, file)
    return file.getvalue()


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem)
@pytest.mark.parametrize("spill_at", [1, 100, 10**9], ids=["every-item", "some-items", "never"])
def test_the_written_json_is_the_bytes_of_document_to_json(path, spill_at, monkeypatch) -> None:
    document = extract(path)
    assert _written(document, spill_at, monkeypatch) == document_to_json(document)


def test_the_text_reaches_the_file_in_pieces(monkeypatch) -> None:
    document = extract(MAIN_DOCUMENT)
    pieces: list[str] = []

    class Recorder:
        def write(self, text: str) -> None:
            pieces.append(text)

    monkeypatch.setattr(export_json, "SPILL_PIECES", 200)
    write_document(document, Recorder())  # type: ignore[arg-type]
    whole = document_to_json(document)
    assert "".join(pieces) == whole
    assert len(pieces) > 10 and max(map(len, pieces)) < len(whole) / 5


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_folder_holds_the_json_and_the_database_and_nothing_hidden(tmp_path) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out), "-q"]) == 0
    assert _listing(out) == ["ap2023-ch3-gyosei.json", "keikaku.sqlite"]
    expected = document_to_json(extract(MAIN_DOCUMENT))
    assert (out / "ap2023-ch3-gyosei.json").read_text(encoding="utf-8") == expected


def test_a_document_refused_for_its_id_leaves_no_file(tmp_path, capsys) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / MAIN_DOCUMENT.name).write_bytes(MAIN_DOCUMENT.read_bytes())  # no manifest
    out = tmp_path / "out"
    code = main(["extract", str(MAIN_DOCUMENT), str(other / MAIN_DOCUMENT.name), "-o", str(out)])
    assert code == 1
    assert "same document id 'ap2023-ch3-gyosei' as" in capsys.readouterr().err
    assert _listing(out) == ["ap2023-ch3-gyosei.json", "keikaku.sqlite"]


def test_a_database_that_fails_leaves_no_json_and_no_hidden_file(
    tmp_path, monkeypatch, capsys
) -> None:
    def locked(path, document, rows=None):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(keikaku.pipeline.cli, "write_edition", locked)
    out = tmp_path / "out"
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out)]) == 5
    assert "keikaku.sqlite: database is locked" in capsys.readouterr().err
    assert _listing(out) == []


def test_a_worker_killed_while_it_writes_leaves_no_file(tmp_path, monkeypatch, capsys) -> None:
    def stuck(document, file):
        file.write("{\n")
        file.flush()
        time.sleep(60)

    monkeypatch.setattr(keikaku.pipeline.batch, "write_document", stuck)  # forked with it
    out = tmp_path / "out"
    code = main(["extract", str(MAIN_DOCUMENT), "-o", str(out), "--time-limit", "3"])
    assert code == 4
    assert "time limit of 3 s exceeded" in capsys.readouterr().err
    assert _listing(out) == []


def test_without_a_folder_the_json_is_there_until_the_events_end(tmp_path) -> None:
    written = []
    for event in extract_all([MAIN_DOCUMENT], 1, Limits()):
        if isinstance(event, Finished):
            assert event.outcome.kind == OK and event.outcome.written is not None
            written.append(event.outcome.written)
            text = event.outcome.written.read_text(encoding="utf-8")
            assert json.loads(text)["document"]["id"] == "ap2023-ch3-gyosei"
            summary = event.outcome.summary
            assert summary is not None and summary["stats"] == json.loads(text)["stats"]
    assert len(written) == 1 and not written[0].parent.exists()


def test_stdout_gives_each_document_in_order_and_leaves_nothing(tmp_path) -> None:
    second = tmp_path / "b-plan.txt"
    second.write_bytes(MAIN_DOCUMENT.read_bytes())
    (tmp_path / "scratch").mkdir()
    command = ["extract", str(MAIN_DOCUMENT), str(second), "-o", "-", "-j", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "keikaku.pipeline.cli", *command],
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={"TMPDIR": str(tmp_path / "scratch"), "PATH": ""},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    first = document_to_json(extract(MAIN_DOCUMENT)).encode()
    assert done.stdout.startswith(first)
    assert json.loads(done.stdout[len(first) :])["document"]["id"].startswith("b-plan")
    assert list((tmp_path / "scratch").iterdir()) == []
