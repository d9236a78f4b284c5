"""Manifests are checked before they are used: each problem is one line naming the file and the
key; a bureau table is a bundled name or a .toml file beside the manifest, never elsewhere."""

from __future__ import annotations

import json
import shutil

import pytest

from keikaku.pipeline.cli import main
from tests.conftest import MAIN_DOCUMENT


def _plan(tmp_path, manifest: str):
    plan = tmp_path / "plan.txt"
    shutil.copy(MAIN_DOCUMENT, plan)
    (tmp_path / "plan.manifest.toml").write_text(manifest, encoding="utf-8")
    return plan


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        pytest.param(
            "baseline_yaer = 2022\n",
            "unknown manifest key 'baseline_yaer' (known: city,",
            id="typo",
        ),
        pytest.param(
            'baseline_year = "2022"\n', "baseline_year: expected an integer, got text", id="type"
        ),
        pytest.param("chapter = true\n", "chapter: expected an integer, got a boolean", id="bool"),
        pytest.param("edition = 2023-03-31\n", "edition: expected text, got a date", id="date"),
        pytest.param(
            "issued = 2023-03-31T09:00:00\n",
            "issued: expected a date (2023-03-31), got a date and time",
            id="datetime",
        ),
        pytest.param("city = [1, [2]]\n", "city: expected text, got an array", id="array"),
        pytest.param(
            "city = \n", "unreadable manifest (Invalid value (at line 1, column 8))", id="syntax"
        ),
        pytest.param("city = " + "[" * 3000 + "]" * 3000, "values nested too deep", id="deep"),
        pytest.param(
            'bureaus = "../../etc/x.toml"\n', "bureaus: '../../etc/x.toml' is neither", id="outside"
        ),
        pytest.param('bureaus = "/etc/x.toml"\n', "is neither a bundled name", id="absolute"),
        pytest.param(
            'bureaus = "kyoto"\n', "no bureau table 'kyoto' (known: sapporo)", id="unknown-table"
        ),
        pytest.param(
            'bureaus = "tables/x.toml"\n',
            "tables/x.toml: bureau table: No such file",
            id="missing-file",
        ),
    ],
)
def test_a_malformed_manifest_is_one_line_naming_its_key(tmp_path, capsys, manifest, message):
    plan = _plan(tmp_path, manifest)
    assert main(["extract", str(plan), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("keikaku: error: "), err
    assert "manifest.toml: " in err or "tables/x.toml" in err
    assert message in err, err
    assert not list((tmp_path / "out").glob("*.json"))


def test_a_bureau_table_beside_the_manifest(tmp_path, capsys) -> None:
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "ours.toml").write_text(
        '[bureaus]\n"総" = "総務の局"\n', encoding="utf-8"
    )
    plan = _plan(tmp_path, 'bureaus = "tables/ours.toml"\nissued = 2023-03-31\n')
    assert main(["extract", str(plan), "-o", str(tmp_path / "out")]) == 0
    data = json.loads((tmp_path / "out" / "plan@2023.json").read_text(encoding="utf-8"))
    assert data["document"]["manifest"] == {"bureaus": "tables/ours.toml", "issued": "2023-03-31"}
    bureaus = {d["bureau_abbr"]: d["bureau"] for d in data["departments"]}
    assert bureaus["総"] == "総務の局"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        pytest.param(
            'bureaus = "x"\n', "bureaus: expected a table of abbreviation = bureau", id="not-table"
        ),
        pytest.param(
            '[bureaus]\n"総" = 1\n', "bureaus.総: expected text, got an integer", id="value"
        ),
        pytest.param("[bureaus\n", "unreadable bureau table", id="syntax"),
    ],
)
def test_a_malformed_bureau_table_is_one_line_naming_its_key(tmp_path, capsys, table, message):
    (tmp_path / "ours.toml").write_text(table, encoding="utf-8")
    plan = _plan(tmp_path, 'bureaus = "ours.toml"\n')
    assert main(["extract", str(plan), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"keikaku: error: {tmp_path / 'ours.toml'}: ") and err.count("\n") == 1
    assert message in err, err


def test_a_table_reached_through_a_link_out_of_the_folder_is_refused(tmp_path, capsys) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "t.toml").write_text('[bureaus]\n"総" = "総務局"\n', encoding="utf-8")
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "t.toml").symlink_to(outside / "t.toml")
    plan = _plan(folder, 'bureaus = "t.toml"\n')
    assert main(["extract", str(plan), "-o", str(tmp_path / "out")]) == 1
    assert "bureaus: 't.toml' leads outside the manifest's folder" in capsys.readouterr().err
