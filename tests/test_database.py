"""The database takes every document the JSON can hold, and says when the disk will not.

Every state the extractor only warns about (a marker without a definition, a footnote defined
twice, a bureau the table does not know, footnote numbers that restart in a second chapter)
must load; the fuzz mutants of the corpus are written to SQLite and checked with SQLite's own
``integrity_check`` and ``foreign_key_check``.
"""

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from keikaku.pipeline.cli import main
from keikaku.pipeline.errors import InputError
from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.export_sqlite import database_tables, write_edition
from keikaku.pipeline.export_tables import document_rows, document_tables
from keikaku.pipeline.run import extract
from tests.conftest import GOLDEN, MAIN_DOCUMENT
from tests.test_fuzz import EXAMPLES, mutants

TEXT = MAIN_DOCUMENT.read_text(encoding="utf-8")
GOLDEN_PDF = GOLDEN / "ap2023-ch3-gyosei.pdf.json"  # a PDF's extraction: page columns filled
MANIFEST = MAIN_DOCUMENT.with_name(MAIN_DOCUMENT.stem + ".manifest.toml").read_text(
    encoding="utf-8"
)


def _check(database: Path, document: dict) -> None:
    """SQLite finds nothing wrong, and every row of the document is in it."""
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        doc_id = document["document"]["id"]
        for table, rows in document_rows(document).items():
            query = f"SELECT count(*) FROM {table} WHERE document_id = ?"
            assert db.execute(query, (doc_id,)).fetchone()[0] == len(rows), table


def _load(text: str, folder: Path, manifest: str | None = MANIFEST) -> dict:
    path = folder / "plan.txt"
    path.write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "plan.manifest.toml").write_text(manifest, encoding="utf-8")
    return json.loads(document_to_json(extract(path)))


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _hard_wrapped(text: str, width: int = 38) -> str:
    """Every line cut at ``width`` characters, as a text edition printed for paper is."""
    lines = []
    for line in text.split("\n"):
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return "\n".join(lines)


def _second_chapter(text: str) -> str:
    """The chapter printed again as chapter 4, restarting the same footnote numbers."""
    return text + "\n" + text.replace("第3章", "第4章")


CASES = [
    pytest.param(
        _once(TEXT, "行政手続のオンライン化推進", "行政手続のオンライン化推進¹"),
        "footnote-undefined",
        id="marker-without-definition",
    ),
    pytest.param(
        TEXT.replace("¹⁷⁸ リソース", "¹⁷⁸ リソース：資源。\n¹⁷⁸ リソース", 1),
        "footnote-defined-twice",
        id="footnote-defined-twice",
    ),
    pytest.param(
        _once(
            TEXT,
            "(③)\t組織の縦割り弊害の打破に向けた取組の推進\t所管\t総) 行政部",
            "(③)\t組織の縦割り弊害の打破に向けた取組の推進\t所管\t謎) 行政部",
        ),
        None,
        id="unknown-bureau",
    ),
    pytest.param(_second_chapter(TEXT), "footnote-defined-twice", id="numbers-restart-in-ch4"),
    pytest.param(_hard_wrapped(TEXT), None, id="hard-wrapped-text"),
]


@pytest.mark.parametrize(("text", "diagnostic"), CASES)
def test_documents_the_json_holds_load(tmp_path, text, diagnostic) -> None:
    document = _load(text, tmp_path)
    if diagnostic is not None:
        assert diagnostic in {d["code"] for d in document["diagnostics"]}
    database = tmp_path / "keikaku.sqlite"
    write_edition(database, document)
    write_edition(database, document)  # a re-run replaces exactly its rows
    _check(database, document)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_every_mutant_loads_into_sqlite(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            document = _load(text, Path(folder), manifest=None)
        except InputError:
            return
        database = Path(folder) / "keikaku.sqlite"
        write_edition(database, document)
        _check(database, document)


# --- failures outside the document ------------------------------------------------------------


def test_a_locked_database_is_an_output_error_and_no_line_says_ok(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out), "-q"]) == 0
    holder = sqlite3.connect(out / "keikaku.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        capsys.readouterr()
        status = main(["extract", str(MAIN_DOCUMENT), "-o", str(out)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    captured = capsys.readouterr()
    assert status == 5
    assert "keikaku.sqlite: database is locked" in captured.err
    assert " ok" not in captured.out and "->" not in captured.out


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_database_that_cannot_be_written_is_an_output_error(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keikaku.sqlite").symlink_to("/dev/full")
    status = main(["extract", str(MAIN_DOCUMENT), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 5
    assert "keikaku.sqlite" in captured.err and "->" not in captured.out
    assert not (out / "ap2023-ch3-gyosei.json").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"not a database at all" * 100, "file is not a database", id="not-sqlite"),
        pytest.param(None, "written by another keikaku table layout", id="other-layout"),
    ],
)
def test_a_database_keikaku_cannot_use_is_an_output_error(tmp_path, capsys, content, reason):
    out = tmp_path / "out"
    out.mkdir()
    database = out / "keikaku.sqlite"
    if content is None:
        with sqlite3.connect(database) as db:
            db.execute("PRAGMA user_version = 99")
    else:
        database.write_bytes(content)
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out)]) == 5
    captured = capsys.readouterr()
    assert reason in captured.err and "->" not in captured.out
    assert len(captured.err.strip().splitlines()) == 1


def test_the_database_gives_back_the_tables(tmp_path) -> None:
    document = json.loads(GOLDEN_PDF.read_text(encoding="utf-8"))
    write_edition(tmp_path / "keikaku.sqlite", document)
    back = database_tables(tmp_path / "keikaku.sqlite")
    for name, frame in document_tables(document).items():
        assert back[name].equals(frame), name


def test_tables_hold_what_the_database_holds(tmp_path) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out), "-q"]) == 0
    other = tmp_path / "2027"
    other.mkdir()
    (other / "plan.txt").write_text(
        TEXT.replace("アクションプラン2023", "アクションプラン2027"), encoding="utf-8"
    )
    assert main(["extract", str(other), "-o", str(out), "-q", "--tables", "csv"]) == 0
    ids = pl.read_csv(out / "tables" / "initiatives.csv")["document_id"].unique().sort()
    assert ids.to_list() == ["ap2023-ch3-gyosei", "plan@2027"]
    assert (
        main(["extract", str(other), "-o", str(out), "-q", "--tables", "csv", "--no-sqlite"]) == 0
    )
    ids = pl.read_csv(out / "tables" / "initiatives.csv")["document_id"].unique()
    assert ids.to_list() == ["plan@2027"]
