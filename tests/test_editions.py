"""Edition identity: two editions of one plan with one file name live side by side."""

import json
import shutil
import sqlite3

import pytest

from keikaku.parsers.edition import printed_edition
from keikaku.pipeline.cli import main
from keikaku.pipeline.manifest import document_id
from keikaku.pipeline.model import Line
from tests.conftest import MAIN_DOCUMENT
from tests.next_edition import next_edition

TEXT = MAIN_DOCUMENT.read_text(encoding="utf-8")
MANIFEST = MAIN_DOCUMENT.with_name(MAIN_DOCUMENT.stem + ".manifest.toml")


@pytest.mark.parametrize(
    ("lines", "edition"),
    [
        pytest.param(
            ["アクションプラン2023では以下の4つの「取組方針」を定め"], "2023", id="plan-name"
        ),
        pytest.param(["まちづくり戦略ビジョン 2019に基づき"], "2019", id="space-before-year"),
        pytest.param(["令和5年（2023年）3月に策定した「人材育成ビジョン」"], None, id="date"),
        pytest.param(["2023年9月現在、4名のアドバイザーを任命"], None, id="point-in-time"),
        pytest.param(["行動計画2024年度以降"], None, id="year-of-a-date"),
        pytest.param(["アクションプラン20231"], None, id="longer-number"),
        pytest.param(
            ["戦略ビジョン2019を踏まえ", "アクションプラン2023では", "アクションプラン2023の"],
            "2023",
            id="most-printed-wins",
        ),
        pytest.param(["計画2019", "プラン2023"], "2019", id="tie-first-printed"),
        pytest.param([], None, id="nothing"),
    ],
)
def test_printed_edition(lines, edition) -> None:
    assert printed_edition(Line(n, text) for n, text in enumerate(lines, start=1)) == edition


@pytest.mark.parametrize(
    ("stem", "edition", "expected"),
    [
        pytest.param("ap2023-ch3-gyosei", "2023", "ap2023-ch3-gyosei", id="stem-names-edition"),
        pytest.param("plan", "2027", "plan@2027", id="stem-without-edition"),
        pytest.param("plan", None, "plan", id="no-edition"),
        pytest.param("plan12023", "2023", "plan12023@2023", id="year-inside-a-number"),
        pytest.param("plan", "令和5年度", "plan@令和5年度", id="japanese-edition"),
        pytest.param("plan", "2023/../x", "plan@2023-..-x", id="no-path-in-a-name"),
        pytest.param("plan", " / ", "plan", id="nothing-left"),
    ],
)
def test_document_id(stem, edition, expected) -> None:
    assert document_id(stem, edition) == expected


def _edition(folder, text: str, edition: str | None):
    folder.mkdir(parents=True)
    path = folder / "plan.txt"
    path.write_text(text, encoding="utf-8")
    if edition is not None:
        manifest = MANIFEST.read_text(encoding="utf-8").replace('edition = "2023"', "")
        (folder / "plan.manifest.toml").write_text(
            f'edition = "{edition}"\n{manifest}', encoding="utf-8"
        )
    return path


def _rows(database) -> dict[str, dict[str, int]]:
    with sqlite3.connect(database) as db:
        return {
            table: dict(
                db.execute(f"SELECT document_id, count(*) FROM {table} GROUP BY document_id")
            )
            for table in ("editions", "initiatives", "targets", "glossary", "footnote_refs")
        }


def test_two_editions_with_one_file_name_live_side_by_side(tmp_path, capsys) -> None:
    old = _edition(tmp_path / "2023", TEXT, "2023")
    new = _edition(tmp_path / "2027", next_edition(TEXT), "2027")
    out = tmp_path / "out"
    assert main(["extract", str(old), str(new), "-o", str(out)]) == 0
    table = capsys.readouterr().out.splitlines()[-2:]  # two files of one name: their paths
    assert [line.split()[0] for line in table] == [str(old), str(new)]
    assert sorted(p.name for p in out.glob("*.json")) == ["plan@2023.json", "plan@2027.json"]
    rows = _rows(out / "keikaku.sqlite")
    assert rows["editions"] == {"plan@2023": 1, "plan@2027": 1}
    assert rows["initiatives"] == {"plan@2023": 94, "plan@2027": 94}
    # re-extracting one edition replaces exactly its rows, and leaves the other's alone
    assert main(["extract", str(new), "-o", str(out), "-q"]) == 0
    assert _rows(out / "keikaku.sqlite") == rows
    assert json.loads((out / "plan@2023.json").read_text("utf-8"))["document"]["id"] == "plan@2023"


def test_without_manifests_the_printed_edition_tells_them_apart(tmp_path) -> None:
    old = _edition(tmp_path / "a", TEXT, None)
    new = _edition(
        tmp_path / "b", TEXT.replace("アクションプラン2023", "アクションプラン2027"), None
    )
    out = tmp_path / "out"
    assert main(["extract", str(old), str(new), "-o", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.glob("*.json")) == ["plan@2023.json", "plan@2027.json"]


@pytest.mark.parametrize(
    "manifest", [pytest.param("2023", id="manifest"), pytest.param(None, id="printed")]
)
def test_a_real_clash_is_an_error_before_writing(tmp_path, capsys, manifest) -> None:
    first = _edition(tmp_path / "a", TEXT, manifest)
    second = _edition(tmp_path / "b", TEXT, manifest)
    out = tmp_path / "out"
    assert main(["extract", str(first), str(second), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{second}: same document id 'plan@2023' as {first}" in err
    assert [p.name for p in out.glob("*.json")] == ["plan@2023.json"]
    assert _rows(out / "keikaku.sqlite")["editions"] == {"plan@2023": 1}


def test_a_copy_of_the_corpus_keeps_its_name(tmp_path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(MAIN_DOCUMENT, folder)
    shutil.copy(MANIFEST, folder)
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert [p.name for p in (tmp_path / "out").glob("*.json")] == ["ap2023-ch3-gyosei.json"]


def test_the_edition_and_its_source_are_in_the_json_and_the_database(tmp_path) -> None:
    printed = _edition(tmp_path / "a", TEXT, None)
    out = tmp_path / "out"
    assert main(["extract", str(printed), str(MAIN_DOCUMENT), "-o", str(out), "-q"]) == 0
    info = json.loads((out / "plan@2023.json").read_text("utf-8"))["document"]
    assert (info["edition"], info["edition_source"]) == ("2023", "printed")
    with sqlite3.connect(out / "keikaku.sqlite") as db:
        rows = db.execute("SELECT document_id, edition, edition_source FROM editions ORDER BY 1")
        assert rows.fetchall() == [
            ("ap2023-ch3-gyosei", "2023", "manifest"),
            ("plan@2023", "2023", "printed"),
        ]
