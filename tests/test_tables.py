"""Tables for databases: fixed columns and types, Parquet and CSV, SQLite with keys."""

import json
import sqlite3

import polars as pl
import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.export_sqlite import write_edition
from keikaku.pipeline.export_tables import TABLES, document_tables, polars_schema, write_tables
from tests.conftest import GOLDEN, ROOT

GOLDEN_JSON = GOLDEN / "ap2023-ch3-gyosei.json"

VALUE = [
    "year",
    "raw",
    "kind",
    "value",
    "unit",
    "per",
    "direction",
    "reference",
    "action",
    "detail",
    "indicator_unit",
]
S, N, F, B = pl.String, pl.Int64, pl.Float64, pl.Boolean
VALUE_TYPES = [N, S, S, F, S, S, S, S, S, S, S]
PAGES = {"page": N, "end_page": N, "printed_page": N, "end_printed_page": N}

EXPECTED_COLUMNS = {
    "initiatives": {
        "document_id": S,
        "id": S,
        "kind": S,
        "parent_id": S,
        "policy_number": N,
        "policy_title": S,
        "group_id": S,
        "group_numeral": S,
        "group_title": S,
        "parent_title": S,
        "number": S,
        "title": S,
        "title_normalized": S,
        "description": S,
        "departments_raw": S,
        "departments_and_others": B,
        "also_listed_as": S,
        "source_line": N,
        "source_end_line": N,
        **PAGES,
    },
    "targets": {
        "document_id": S,
        "initiative_id": S,
        "position": N,
        "indicator": S,
        "indicator_normalized": S,
        **{f"baseline_{n}": t for n, t in zip(VALUE, VALUE_TYPES, strict=True)},
        **{f"target_{n}": t for n, t in zip(VALUE, VALUE_TYPES, strict=True)},
        "source_line": N,
        "source_end_line": N,
        **PAGES,
    },
    "target_values": {
        "document_id": S,
        "initiative_id": S,
        "target_position": N,
        "position": N,
        "label": S,
        "role": S,
        **dict(zip(VALUE, VALUE_TYPES, strict=True)),
    },
    "departments": {
        "document_id": S,
        "initiative_id": S,
        "position": N,
        "raw": S,
        "bureau_abbr": S,
        "bureau": S,
        "department": S,
    },
    "glossary": {
        "document_id": S,
        "position": N,
        "number": N,
        "term": S,
        "reading": S,
        "definition": S,
        "source_line": N,
        **PAGES,
    },
    "footnote_refs": {"document_id": S, "node_id": S, "position": N, "number": N},
    "diagnostics": {
        "document_id": S,
        "position": N,
        "severity": S,
        "code": S,
        "message": S,
        "line": N,
        "page": N,
        "printed_page": N,
    },
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return document_tables(json.loads(GOLDEN_JSON.read_text(encoding="utf-8")))


def test_columns_and_types_are_fixed(tables) -> None:
    assert {name: dict(frame.schema) for name, frame in tables.items()} == EXPECTED_COLUMNS


def test_columns_are_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, columns in TABLES.items():
        assert f"`{name}`" in readme
        for column in columns:
            documented = column.removeprefix("baseline_").removeprefix("target_")
            assert f"`{documented}`" in readme or f"`{column}`" in readme, column


def test_row_counts(tables) -> None:
    assert {name: frame.height for name, frame in tables.items()} == {
        "initiatives": 94,
        "targets": 83,
        "target_values": 166,
        "departments": 113,
        "glossary": 40,
        "footnote_refs": 40,
        "diagnostics": 8,
    }


def test_rows_read_right(tables) -> None:
    child = (
        tables["initiatives"].filter(pl.col("id") == "ch3.s1.p2.pol2.g2.i2.c1").row(0, named=True)
    )
    assert (
        child["parent_id"],
        child["policy_number"],
        child["group_numeral"],
        child["number"],
    ) == ("ch3.s1.p2.pol2.g2.i2", 2, "II", "①")
    assert child["group_title"] == "デジタル活用による行政DXの更なる推進"
    assert (
        child["parent_title"]
        == tables["initiatives"].filter(pl.col("id") == "ch3.s1.p2.pol2.g2.i2")["title"].item()
    )
    assert child["page"] is None  # text input: no pages
    paper = (
        tables["targets"]
        .filter(pl.col("initiative_id") == "ch3.s1.p2.pol2.g2.i2.c1")
        .row(0, named=True)
    )
    assert (paper["baseline_value"], paper["baseline_unit"], paper["target_value"]) == (
        220000000.0,
        "枚",
        170000000.0,
    )
    relisted = tables["initiatives"].filter(pl.col("also_listed_as").is_not_null())
    assert relisted.height == 2


def test_parquet_and_csv_round_trip(tmp_path, tables) -> None:
    write_tables(tables, tmp_path, ("parquet", "csv"))
    for name, frame in tables.items():
        assert pl.read_parquet(tmp_path / f"{name}.parquet").equals(frame)
        assert pl.read_csv(tmp_path / f"{name}.csv", schema=polars_schema(name)).equals(frame)
    assert not (tmp_path / "targets.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_with_bom_for_excel(tmp_path, tables) -> None:
    write_tables({"glossary": tables["glossary"]}, tmp_path, ("csv",), bom=True)
    data = (tmp_path / "glossary.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdocument_id,position,number,term")
    assert "リソース".encode() in data


def test_export_command(tmp_path, capsys) -> None:
    assert main(["export", str(GOLDEN_JSON), "-o", str(tmp_path), "--format", "csv"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.csv" for n in TABLES)
    assert main(["export", str(ROOT / "README.md"), "-o", str(tmp_path / "x")]) == 2
    assert "not a readable extraction JSON" in capsys.readouterr().err


# --- SQLite ----------------------------------------------------------------------------------


def _document() -> dict:
    return json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))


def _counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = ["editions", *TABLES]
        return {n: db.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}


def test_sqlite_keys_and_join(tmp_path) -> None:
    path = tmp_path / "keikaku.sqlite"
    write_edition(path, _document())
    db = sqlite3.connect(path)
    primary = {row[1] for row in db.execute("PRAGMA table_info(targets)") if row[5]}
    assert primary == {"document_id", "initiative_id", "position"}
    references = {
        (row[2], row[3], row[4]) for row in db.execute("PRAGMA foreign_key_list(targets)")
    }
    assert ("initiatives", "initiative_id", "id") in references
    assert ("editions", "document_id", "document_id") in references
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = db.execute(
        """SELECT i.id, t.indicator, t.target_raw, d.bureau, d.department
           FROM initiatives i
           JOIN targets t ON t.document_id = i.document_id AND t.initiative_id = i.id
           JOIN departments d ON d.document_id = i.document_id AND d.initiative_id = i.id
           WHERE i.id = 'ch3.s1.p2.pol2.g3.i1'"""
    ).fetchall()
    assert rows == [
        (
            "ch3.s1.p2.pol2.g3.i1",
            "業務効率化により削減された作業時間",
            "130,000 時間",
            "総務局",
            "行政部",
        )
    ]
    edition = db.execute(
        "SELECT city, edition, baseline_year, target_year FROM editions"
    ).fetchall()
    assert edition == [("札幌市", "2023", 2022, 2027)]


def test_rerun_replaces_rows_and_editions_live_side_by_side(tmp_path) -> None:
    path = tmp_path / "keikaku.sqlite"
    write_edition(path, _document())
    write_edition(path, _document())
    once = _counts(path)
    assert once["editions"] == 1 and once["initiatives"] == 94
    other = _document()
    other["document"]["id"] = "ap2028-ch3-gyosei"
    write_edition(path, other)
    assert _counts(path) == {name: 2 * count for name, count in once.items()}


def test_failed_run_leaves_previous_rows(tmp_path) -> None:
    path = tmp_path / "keikaku.sqlite"
    write_edition(path, _document())
    before = _counts(path)
    broken = _document()
    tables = document_tables(broken)
    rows = {name: frame.to_dicts() for name, frame in tables.items()}
    rows["targets"].append(dict(rows["targets"][0], initiative_id="no-such-initiative"))
    with pytest.raises(sqlite3.IntegrityError):
        write_edition(path, broken, rows)
    assert _counts(path) == before


def test_extract_writes_the_database_by_default(tmp_path, capsys) -> None:
    assert main(["extract", str(ROOT / "corpus"), "-o", str(tmp_path)]) == 0
    assert _counts(tmp_path / "keikaku.sqlite")["initiatives"] == 94
    assert main(["extract", str(ROOT / "corpus"), "-o", str(tmp_path), "--tables", "parquet"]) == 0
    assert _counts(tmp_path / "keikaku.sqlite")["initiatives"] == 94
    assert (tmp_path / "tables" / "targets.parquet").is_file()


def test_pdf_rows_carry_their_pages() -> None:
    document = json.loads((GOLDEN / "ap2023-ch3-gyosei.pdf.json").read_text("utf-8"))
    tables = document_tables(document)
    for name in ("initiatives", "targets", "glossary"):
        frame = tables[name]
        assert frame["page"].null_count() == 0, name
        assert frame["printed_page"].null_count() == 0, name
        assert (frame["end_page"] >= frame["page"]).all(), name
    child = (
        tables["initiatives"].filter(pl.col("id") == "ch3.s1.p2.pol2.g2.i2.c1").row(0, named=True)
    )
    policy = document["chapters"][0]["children"][0]["children"][1]["children"][1]
    group = next(c for c in policy["children"] if c["id"] == "ch3.s1.p2.pol2.g2")
    parent = next(c for c in group["children"] if c["id"] == "ch3.s1.p2.pol2.g2.i2")
    assert {k: child[k] for k in PAGES} == parent["children"][0]["source"]["pages"]
