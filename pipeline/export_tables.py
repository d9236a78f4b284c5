"""Flat tables of an extraction, for databases and spreadsheets (polars).

The tables are built from the document JSON (as written by ``keikaku extract``), so they can
be made from any saved extraction. Every table starts with ``document_id`` so that the tables
of several documents can be stacked. ``TABLES`` fixes each table's columns and types; the
README documents them and a test holds them to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Row = dict[str, Any]

# Where a row is printed, for PDF input: the page index (1-based) and the number printed on it.
_PAGE_COLUMNS: dict[str, str] = {
    "page": "i64",
    "end_page": "i64",
    "printed_page": "i64",
    "end_printed_page": "i64",
}

_VALUE_COLUMNS: dict[str, str] = {
    "year": "i64",
    "raw": "str",
    "kind": "str",
    "value": "f64",
    "unit": "str",
    "per": "str",
    "direction": "str",
    "reference": "str",
    "action": "str",
    "detail": "str",
    "indicator_unit": "str",
}

# Column types by name ("str", "i64", "f64", "bool"): polars is imported only to build frames.
TABLES: dict[str, dict[str, str]] = {
    "initiatives": {
        "document_id": "str",
        "id": "str",
        "kind": "str",  # initiative | initiative_parent
        "parent_id": "str",  # the initiative_parent of a child, else null
        "policy_number": "i64",
        "policy_title": "str",
        "group_id": "str",
        "group_numeral": "str",
        "group_title": "str",
        "parent_title": "str",  # the initiative_parent's title, for a child
        "number": "str",
        "title": "str",
        "title_normalized": "str",
        "description": "str",
        "departments_raw": "str",
        "departments_and_others": "bool",
        "also_listed_as": "str",  # IDs joined by spaces
        "source_line": "i64",
        "source_end_line": "i64",
        **_PAGE_COLUMNS,
    },
    "targets": {
        "document_id": "str",
        "initiative_id": "str",
        "position": "i64",
        "indicator": "str",
        "indicator_normalized": "str",
        **{f"baseline_{name}": dtype for name, dtype in _VALUE_COLUMNS.items()},
        **{f"target_{name}": dtype for name, dtype in _VALUE_COLUMNS.items()},
        "source_line": "i64",
        "source_end_line": "i64",
        **_PAGE_COLUMNS,
    },
    "target_values": {
        "document_id": "str",
        "initiative_id": "str",
        "target_position": "i64",  # the 目標 row (targets.position)
        "position": "i64",  # 1, 2… in the row, as printed
        "label": "str",  # as printed: 2022年, 現状値（2014年度）
        "role": "str",  # baseline | target | null
        **{name: dtype for name, dtype in _VALUE_COLUMNS.items()},
    },
    "departments": {
        "document_id": "str",
        "initiative_id": "str",
        "position": "i64",
        "raw": "str",
        "bureau_abbr": "str",
        "bureau": "str",
        "department": "str",
    },
    "glossary": {
        "document_id": "str",
        "position": "i64",  # 1, 2… in the document: a number may be defined twice
        "number": "i64",
        "term": "str",
        "reading": "str",
        "definition": "str",
        "source_line": "i64",
        **_PAGE_COLUMNS,
    },
    "footnote_refs": {
        "document_id": "str",
        "node_id": "str",
        "position": "i64",  # 1, 2… among the node's markers
        "number": "i64",  # joins glossary.number: none, one or (defined twice) several rows
    },
    "diagnostics": {
        "document_id": "str",
        "position": "i64",
        "severity": "str",
        "code": "str",
        "message": "str",
        "line": "i64",
        "page": "i64",
        "printed_page": "i64",
    },
}

FORMATS = ("parquet", "csv")


def _pages(source: Row) -> Row:
    """The PDF page columns of a node's source: null for text input."""
    pages = source.get("pages") or {}
    return {name: pages.get(name) for name in _PAGE_COLUMNS}


def _walk(node: Row, path: dict[str, Any]) -> Iterator[tuple[Row, dict[str, Any]]]:
    """Every node with the policy, group and parent initiative it stands in."""
    yield node, path
    inner = dict(path)
    if node["kind"] == "policy":
        inner.update(policy=node, group=None, parent=None)
    elif node["kind"] == "group":
        inner.update(group=node, parent=None)
    elif node["kind"] == "initiative_parent":
        inner.update(parent=node)
    for child in node.get("children", ()):
        yield from _walk(child, inner)


def _value_columns(prefix: str, value: Row | None) -> Row:
    """The columns of one value, each named ``prefix_column``; nulls when there is none."""
    if value is None:
        return {f"{prefix}_{name}": None for name in _VALUE_COLUMNS}
    parsed = value["parsed"]
    row = {f"{prefix}_year": value["year"], f"{prefix}_raw": value["raw"]}
    row.update({f"{prefix}_{name}": parsed[name] for name in _VALUE_COLUMNS if name in parsed})
    return row


def _of_role(target: Row, role: str) -> Row | None:
    """The value a 目標 row gives ``role`` (baseline, target): the last so labelled."""
    found = [value for value in target["values"] if value["role"] == role]
    return found[-1] if found else None


def document_rows(document: Row) -> dict[str, list[Row]]:
    """The rows of every table for one document JSON (as loaded with ``json.load``)."""
    doc_id = document["document"]["id"]
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    start = {"policy": None, "group": None, "parent": None}
    for chapter in document["chapters"]:
        for node, path in _walk(chapter, start):
            for position, number in enumerate(node.get("footnote_refs", ()), start=1):
                rows["footnote_refs"].append(
                    {
                        "document_id": doc_id,
                        "node_id": node["id"],
                        "position": position,
                        "number": number,
                    }
                )
            if node["kind"] not in ("initiative", "initiative_parent"):
                continue
            policy, group, parent = path["policy"], path["group"], path["parent"]
            rows["initiatives"].append(
                {
                    "document_id": doc_id,
                    "id": node["id"],
                    "kind": node["kind"],
                    "parent_id": parent["id"] if parent else None,
                    "policy_number": policy["number"] if policy else None,
                    "policy_title": policy["title"] if policy else None,
                    "group_id": group["id"] if group else None,
                    "group_numeral": group["numeral"] if group else None,
                    "group_title": group["title"] if group else None,
                    "parent_title": parent["title"] if parent else None,
                    "number": node["number"],
                    "title": node["title"],
                    "title_normalized": node["title_normalized"],
                    "description": node["description"],
                    "departments_raw": node.get("departments_raw"),
                    "departments_and_others": node.get("departments_and_others"),
                    "also_listed_as": " ".join(node.get("also_listed_as", ())) or None,
                    "source_line": node["source"]["line"],
                    "source_end_line": node["source"]["end_line"],
                    **_pages(node["source"]),
                }
            )
            for position, target in enumerate(node.get("targets", ()), start=1):
                rows["targets"].append(
                    {
                        "document_id": doc_id,
                        "initiative_id": node["id"],
                        "position": position,
                        "indicator": target["indicator"],
                        "indicator_normalized": target["indicator_normalized"],
                        **_value_columns("baseline", _of_role(target, "baseline")),
                        **_value_columns("target", _of_role(target, "target")),
                        "source_line": target["source"]["line"],
                        "source_end_line": target["source"]["end_line"],
                        **_pages(target["source"]),
                    }
                )
                for index, value in enumerate(target["values"], start=1):
                    rows["target_values"].append(
                        {
                            "document_id": doc_id,
                            "initiative_id": node["id"],
                            "target_position": position,
                            "position": index,
                            "label": value["label"],
                            "role": value["role"],
                            **{
                                name.removeprefix("_"): column
                                for name, column in _value_columns("", value).items()
                            },
                        }
                    )
            for position, department in enumerate(node.get("departments", ()), start=1):
                rows["departments"].append(
                    {
                        "document_id": doc_id,
                        "initiative_id": node["id"],
                        "position": position,
                        **{
                            k: department[k] for k in ("raw", "bureau_abbr", "bureau", "department")
                        },
                    }
                )
    for position, entry in enumerate(document["glossary"], start=1):
        rows["glossary"].append(
            {
                "document_id": doc_id,
                "position": position,
                **{k: entry[k] for k in ("number", "term", "reading", "definition")},
                "source_line": entry["source"]["line"],
                **_pages(entry["source"]),
            }
        )
    for position, diagnostic in enumerate(document["diagnostics"], start=1):
        rows["diagnostics"].append({"document_id": doc_id, "position": position, **diagnostic})
    return rows


def polars_schema(table: str) -> dict[str, Any]:
    """The polars types of a table's columns."""
    import polars as pl

    types = {"str": pl.String, "i64": pl.Int64, "f64": pl.Float64, "bool": pl.Boolean}
    return {column: types[name] for column, name in TABLES[table].items()}


def document_tables(document: Row) -> dict[str, Any]:
    """One polars DataFrame per table, with the columns and types of ``TABLES``."""
    import polars as pl

    return {
        name: pl.DataFrame(rows, schema=polars_schema(name), orient="row")
        for name, rows in document_rows(document).items()
    }


def write_tables(
    tables: dict[str, Any], folder: Path, formats: tuple[str, ...], bom: bool = False
) -> list[Path]:
    """Write ``<folder>/<table>.<format>`` files, each complete or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        for fmt in formats:
            target = folder / f"{name}.{fmt}"
            temporary = folder / f".{target.name}.{os.getpid()}.tmp"
            try:
                if fmt == "parquet":
                    frame.write_parquet(temporary)
                else:
                    frame.write_csv(temporary, include_bom=bom)
                Path(temporary).replace(target)
            finally:
                Path(temporary).unlink(missing_ok=True)
            written.append(target)
    return written
