"""The manifest beside a corpus document: ``<stem>.manifest.toml`` with what the file is.

A manifest is checked before anything reads it: every key must be one of ``FIELDS`` with a
value of its type, so a typo (``baseline_yaer``) or a value of the wrong kind is a one-line
error naming the key, not a value silently ignored or a crash three stages later. TOML dates
are allowed where a field is a date (``issued = 2023-03-31``) and kept as ISO text, so the
JSON can hold them; a date anywhere else is refused. A bureau table is either the name of a
bundled table (``bureaus = "sapporo"``) or a ``.toml`` file beside the manifest (``bureaus =
"bureaus/kyoto.toml"``, never outside the manifest's folder).
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

import regex

from keikaku.pipeline.errors import InputError, read_toml_file

MANIFEST_SUFFIX = ".manifest.toml"
MAX_MANIFEST_BYTES = 1 << 20  # a manifest is a dozen lines; anything this big is not one


@dataclass(frozen=True)
class Field:
    kind: type
    about: str


FIELDS: dict[str, Field] = {
    "city": Field(str, "the municipality (札幌市)"),
    "plan_title": Field(str, "the plan's printed title"),
    "edition": Field(str, 'the edition, as text ("2023")'),
    "issued": Field(datetime.date, "the date of publication (2023-03-31)"),
    "chapter": Field(int, "the chapter number the file holds"),
    "chapter_title": Field(str, "the chapter's printed title"),
    "section": Field(str, "the section the file holds"),
    "printed_pages": Field(str, 'the printed page range ("176-203")'),
    "baseline_year": Field(int, "the year a 目標 row's baseline is expected for"),
    "target_year": Field(int, "the year a 目標 row's target is expected for"),
    "source": Field(str, "where the file came from"),
    "bureaus": Field(str, "a bundled bureau table's name, or a .toml file beside the manifest"),
    "profile": Field(str, "a bundled plan profile's name, or a .toml file beside the manifest"),
}
TYPE_NAMES = {str: "text", int: "an integer", datetime.date: "a date (2023-03-31)"}

# A bundled table's name: "sapporo" (a file stem, never a path)
TABLE_NAME = regex.compile(r"^[A-Za-z0-9_-]{1,64}$")


def manifest_path(document: str | Path) -> Path:
    document = Path(document)
    return document.with_name(document.stem + MANIFEST_SUFFIX)


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    for kind, name in TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return {float: "a number", list: "an array", dict: "a table", datetime.time: "a time"}.get(
        type(value), type(value).__name__
    )


def _checked_value(key: str, value: object) -> object:
    """The value as the JSON keeps it, or ``ValueError`` saying what is wrong."""
    expected = FIELDS[key].kind
    if expected is datetime.date:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
    elif isinstance(value, expected) and not isinstance(value, bool):
        return value
    raise ValueError(f"{key}: expected {TYPE_NAMES[expected]}, got {_kind_of(value)}")


def bureau_table_file(manifest_file: Path, value: str, key: str = "bureaus") -> Path | None:
    """The ``.toml`` file a manifest's ``bureaus`` (or ``profile``) names beside it, or
    ``None`` for a bundled file's name; ``ValueError`` for any other value (a path outside the
    folder, …)."""
    if TABLE_NAME.match(value):
        return None
    relative = Path(value)
    if relative.suffix != ".toml" or relative.is_absolute() or ".." in relative.parts:
        raise ValueError(
            f"{key}: {value!r} is neither a bundled name (letters, digits, - and _) "
            "nor a .toml file in the manifest's folder"
        )
    folder = manifest_file.parent.resolve()
    if not (folder / relative).resolve().is_relative_to(folder):
        raise ValueError(f"{key}: {value!r} leads outside the manifest's folder")
    return folder / relative


def parse_manifest(path: Path, text: str) -> dict[str, object]:
    """The fields of a manifest's text; ``InputError`` naming the file and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"unreadable manifest ({exc})") from None
    except RecursionError:
        raise InputError(str(path), "unreadable manifest (values nested too deep)") from None
    fields: dict[str, object] = {}
    for key, value in data.items():
        if key not in FIELDS:
            known = ", ".join(FIELDS)
            raise InputError(str(path), f"unknown manifest key {key!r} (known: {known})")
        try:
            fields[key] = _checked_value(key, value)
            if key in ("bureaus", "profile"):
                bureau_table_file(path, str(value), key)
        except ValueError as exc:
            raise InputError(str(path), str(exc)) from None
    return fields


def load_manifest(document: str | Path) -> dict[str, object]:
    """The manifest's fields, or ``{}`` when the document has none."""
    path = manifest_path(document)
    if not path.is_file():
        return {}
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    if len(data) > MAX_MANIFEST_BYTES:
        raise InputError(str(path), f"manifest larger than {MAX_MANIFEST_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(str(path), "unreadable manifest (not UTF-8 text)") from None
    return parse_manifest(path, text)


def read_bureau_table(path: Path) -> dict[str, str]:
    """A bureau table file (``[bureaus]`` of abbreviation = bureau); ``InputError`` naming the
    file and the key when it is missing or malformed."""
    data = read_toml_file(path, "bureau table")
    table = data.get("bureaus")
    if not isinstance(table, dict):
        raise InputError(str(path), "bureaus: expected a table of abbreviation = bureau")
    for abbr, bureau in table.items():
        if not isinstance(bureau, str):
            raise InputError(str(path), f"bureaus.{abbr}: expected text, got {_kind_of(bureau)}")
    return dict(table)


def plan_years(manifest: dict[str, object]) -> tuple[int, int] | None:
    """(baseline year, target year) when the manifest gives both."""
    base, target = manifest.get("baseline_year"), manifest.get("target_year")
    if isinstance(base, int) and isinstance(target, int):
        return base, target
    return None


# What an edition may not put into a file name: path separators, control characters, and
# the characters Windows refuses.
_NOT_IN_A_NAME = regex.compile(r'[\\/:*?"<>|\p{Cc}\s]+')


def document_id(stem: str, edition: str | None) -> str:
    """The document's id: its file stem, qualified by its edition unless the stem names it.

    The stem tells the parts of one edition apart (``ap2023-ch3-gyosei``, ``ap2023-ch4``),
    the edition tells editions of one part apart: ``2023/plan.txt`` and ``2027/plan.txt`` are
    ``plan@2023`` and ``plan@2027``, while ``ap2023-ch3-gyosei`` of edition 2023 already says
    which edition it is and stays as it is. ``edition`` comes from the manifest, else from the
    plan's own printed name (アクションプラン2023); without one the stem is all there is.
    """
    if not edition:
        return stem
    name = _NOT_IN_A_NAME.sub("-", edition.strip()).strip("-.")
    if not name:
        return stem
    if regex.search(r"(?<![0-9])" + regex.escape(name) + r"(?![0-9])", stem):
        return stem
    return f"{stem}@{name}"
