"""An embedded SQLite database of extractions: the tables of export_tables, with keys, and
the lineage of initiatives from one edition to the next (``keikaku diff --sqlite``).

Several editions and cities live side by side: every row carries ``document_id`` and the
``editions`` table describes each document. Writing an edition replaces all its rows in one
transaction (deleting the edition cascades to its rows), so a re-run never duplicates
anything and a run that fails leaves the previous rows as they were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from keikaku.pipeline.diff import Lineage
from keikaku.pipeline.export_tables import TABLES, Row, document_rows, polars_schema

DATABASE_NAME = "keikaku.sqlite"
LAYOUT_VERSION = 4  # PRAGMA user_version: the layout of these tables

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "initiatives": ("document_id", "id"),
    "targets": ("document_id", "initiative_id", "position"),
    "target_values": ("document_id", "initiative_id", "target_position", "position"),
    "departments": ("document_id", "initiative_id", "position"),
    "glossary": ("document_id", "position"),
    "footnote_refs": ("document_id", "node_id", "position"),
    "diagnostics": ("document_id", "position"),
}

# (columns, referenced table, referenced columns); every table also references editions.
FOREIGN_KEYS: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {
    "initiatives": [(("document_id", "parent_id"), "initiatives", ("document_id", "id"))],
    "targets": [(("document_id", "initiative_id"), "initiatives", ("document_id", "id"))],
    "target_values": [
        (
            ("document_id", "initiative_id", "target_position"),
            "targets",
            ("document_id", "initiative_id", "position"),
        )
    ],
    "departments": [(("document_id", "initiative_id"), "initiatives", ("document_id", "id"))],
}
# A marker's number need not have a definition, nor only one (the JSON holds both states,
# with a warning), so footnote_refs.number is joined to glossary.number, not constrained.
INDEXES: dict[str, tuple[str, ...]] = {"glossary": ("document_id", "number")}

EDITION_COLUMNS: dict[str, str] = {
    "document_id": "TEXT NOT NULL PRIMARY KEY",
    "file": "TEXT NOT NULL",
    "format": "TEXT NOT NULL",
    "encoding": "TEXT NOT NULL",
    "sha256": "TEXT NOT NULL",
    "schema_version": "TEXT NOT NULL",
    "city": "TEXT",
    "plan_title": "TEXT",
    "edition": "TEXT",
    "edition_source": "TEXT",  # manifest | printed
    "chapter": "INTEGER",
    "baseline_year": "INTEGER",
    "target_year": "INTEGER",
}

# One row per node of two editions (a diff's ``Link``): follow an initiative across editions
# by joining initiatives on (old_document_id, old_id) and (new_document_id, new_id).
LINEAGE_COLUMNS: dict[str, str] = {
    "old_document_id": "TEXT NOT NULL REFERENCES editions (document_id) ON DELETE CASCADE",
    "new_document_id": "TEXT NOT NULL REFERENCES editions (document_id) ON DELETE CASCADE",
    "position": "INTEGER NOT NULL",  # 1, 2… in the diff's order
    "scope": "TEXT NOT NULL",  # policy | group | initiative
    "status": "TEXT NOT NULL",  # same | renumbered | moved | renamed | added | removed
    "old_id": "TEXT",
    "new_id": "TEXT",
    "old_title": "TEXT",
    "new_title": "TEXT",
    "changes": "TEXT",  # what changed, space-separated (renamed target departments…)
}
LINEAGE_KEY = ("old_document_id", "new_document_id", "position")

# Tables in an order that satisfies the foreign keys when inserting.
INSERT_ORDER = (
    "glossary",
    "initiatives",
    "targets",
    "target_values",
    "departments",
    "footnote_refs",
    "diagnostics",
)

_SQL_TYPES = {"str": "TEXT", "i64": "INTEGER", "f64": "REAL", "bool": "INTEGER"}


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def table_ddl(name: str) -> str:
    columns = [f"{column} {_SQL_TYPES[dtype]}" for column, dtype in TABLES[name].items()]
    constraints = [f"PRIMARY KEY ({_columns(PRIMARY_KEYS[name])})"]
    constraints.append(
        "FOREIGN KEY (document_id) REFERENCES editions (document_id) ON DELETE CASCADE"
    )
    for mine, table, theirs in FOREIGN_KEYS.get(name, []):
        constraints.append(
            f"FOREIGN KEY ({_columns(mine)}) REFERENCES {table} ({_columns(theirs)})"
            " ON DELETE CASCADE"
        )
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  " + ",\n  ".join(columns + constraints) + "\n)"


def schema_ddl() -> list[str]:
    editions = ",\n  ".join(f"{name} {sql}" for name, sql in EDITION_COLUMNS.items())
    indexes = [
        f"CREATE INDEX IF NOT EXISTS {table}_by_{'_'.join(keys)} ON {table} ({_columns(keys)})"
        for table, keys in INDEXES.items()
    ]
    lineage = ",\n  ".join(f"{name} {sql}" for name, sql in LINEAGE_COLUMNS.items())
    return [
        f"CREATE TABLE IF NOT EXISTS editions (\n  {editions}\n)",
        *(table_ddl(name) for name in INSERT_ORDER),
        f"CREATE TABLE IF NOT EXISTS lineage (\n  {lineage},\n"
        f"  PRIMARY KEY ({_columns(LINEAGE_KEY)})\n)",
        *indexes,
    ]


def edition_row(document: Row) -> Row:
    info, manifest = document["document"], document["document"].get("manifest", {})
    row: Row = {key: info.get(key) for key in ("file", "format", "encoding", "sha256")}
    row.update(document_id=info["id"], schema_version=document["schema_version"])
    for key in ("city", "plan_title", "chapter", "baseline_year", "target_year"):
        row[key] = manifest.get(key)
    # the edition the id names (documents of an earlier schema: the manifest's)
    row["edition"] = info.get("edition") or manifest.get("edition")
    row["edition_source"] = info.get("edition_source")
    return row


def _insert(connection: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    if not rows:
        return
    names = tuple(rows[0])
    statement = f"INSERT INTO {table} ({_columns(names)}) VALUES ({', '.join('?' * len(names))})"
    connection.executemany(statement, [tuple(row[n] for n in names) for row in rows])


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database and check its layout version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, LAYOUT_VERSION):
        connection.close()
        raise sqlite3.DatabaseError(
            f"{path}: written by another keikaku table layout ({version}, this one is "
            f"{LAYOUT_VERSION}); move it away or write elsewhere with -o"
        )
    return connection


def write_edition(path: Path, document: Row, rows: dict[str, list[Any]] | None = None) -> None:
    """Replace the rows of ``document``'s edition in the database at ``path``, atomically."""
    rows = rows if rows is not None else document_rows(document)
    with _write_transaction(path) as connection:
        edition = edition_row(document)
        connection.execute("DELETE FROM editions WHERE document_id = ?", (edition["document_id"],))
        _insert(connection, "editions", [edition])
        for table in INSERT_ORDER:
            _insert(connection, table, rows[table])


@contextmanager
def _write_transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """The database at ``path`` with its tables in place, inside one transaction that commits
    when the block ends and rolls back when it raises."""
    connection = open_database(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in schema_ddl():
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        connection.close()


class MissingEdition(Exception):
    """The lineage of two editions names one the database does not hold."""


def lineage_rows(lineage: Lineage) -> list[Row]:
    return [
        {
            "old_document_id": lineage.old.id,
            "new_document_id": lineage.new.id,
            "position": position,
            "scope": link.scope,
            "status": link.status,
            "old_id": link.old_id,
            "new_id": link.new_id,
            "old_title": link.old_title,
            "new_title": link.new_title,
            "changes": " ".join(dict.fromkeys(c.what for c in link.changes)) or None,
        }
        for position, link in enumerate(lineage.links, start=1)
    ]


def write_lineage(path: Path, lineage: Lineage) -> None:
    """Replace the lineage rows of the two editions in the database at ``path``, atomically;
    ``MissingEdition`` when it does not hold both (extract them into its folder first)."""
    with _write_transaction(path) as connection:
        for side in (lineage.old, lineage.new):
            found = connection.execute(
                "SELECT sha256 FROM editions WHERE document_id = ?", (side.id,)
            ).fetchone()
            if found is None:
                raise MissingEdition(f"holds no edition {side.id!r} ({side.file})")
            if found[0] != side.sha256:
                raise MissingEdition(
                    f"holds another extraction of {side.id!r} than {side.file} "
                    "(its file changed since): extract it again first"
                )
        connection.execute(
            "DELETE FROM lineage WHERE old_document_id = ? AND new_document_id = ?",
            (lineage.old.id, lineage.new.id),
        )
        _insert(connection, "lineage", lineage_rows(lineage))


def database_tables(path: Path) -> dict[str, Any]:
    """Every table of the database at ``path`` as polars DataFrames, with the columns and
    types of ``TABLES``: every edition it holds, by document id, each in document order."""
    import polars as pl

    connection = open_database(path)
    try:
        frames = {}
        for name, columns in TABLES.items():
            # rows in the order they were written: each document's in its own order
            cursor = connection.execute(
                f"SELECT {_columns(tuple(columns))} FROM {name} ORDER BY document_id, rowid"
            )
            rows = cursor.fetchall()
            flags = [i for i, dtype in enumerate(columns.values()) if dtype == "bool"]
            if flags:  # SQLite keeps booleans as 0 and 1
                rows = [
                    tuple(bool(v) if i in flags and v is not None else v for i, v in enumerate(row))
                    for row in rows
                ]
            frames[name] = pl.DataFrame(rows, schema=polars_schema(name), orient="row")
        return frames
    finally:
        connection.close()
