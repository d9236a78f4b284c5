"""The Python API (``import keikaku``), pipes (``-`` and ``-o -``) and the installed wheel."""

import json
import shutil
import subprocess
import sys
import zipfile

import pytest

import keikaku
from keikaku.pipeline.cli import main
from tests.conftest import GOLDEN, MAIN_DOCUMENT, ROOT

GOLDEN_JSON = GOLDEN / "ap2023-ch3-gyosei.json"


@pytest.fixture(scope="module")
def document() -> keikaku.Document:
    return keikaku.extract(MAIN_DOCUMENT)


def test_extract_a_path_gives_what_the_command_writes(document) -> None:
    assert isinstance(document, keikaku.Document)
    assert document.stats.initiatives == 83
    assert keikaku.to_json(document) == GOLDEN_JSON.read_text(encoding="utf-8")


def test_extract_bytes(document) -> None:
    from_bytes = keikaku.extract(MAIN_DOCUMENT.read_bytes(), name="plan")
    assert (from_bytes.document.id, from_bytes.document.file) == ("plan@2023", "plan.txt")
    assert from_bytes.stats == document.stats  # no manifest beside bytes: no bureau names


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "document.txt: empty file", id="empty"),
        pytest.param(b"%PDF-1.7\n", "document.pdf: ", id="broken-pdf"),
    ],
)
def test_bytes_keikaku_cannot_read_raise_input_error(data, message) -> None:
    with pytest.raises(keikaku.InputError) as raised:
        keikaku.extract(data)
    assert str(raised.value).startswith(message)


def test_a_name_is_a_file_name() -> None:
    with pytest.raises(ValueError, match="plain file name"):
        keikaku.extract(b"text", name="../x")


def test_tables_read_json_and_diff(document) -> None:
    frames = keikaku.tables(document)
    assert frames["initiatives"].height == 94
    assert keikaku.read_json(GOLDEN_JSON) == document
    same = keikaku.diff(document, document)
    assert same.changes() == []
    assert {link.status for link in same.links} == {"same"}
    assert json.loads(same.to_json())["old"]["id"] == "ap2023-ch3-gyosei"


def _keikaku(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "keikaku", *args], input=stdin, capture_output=True, check=False
    )


def test_stdin_to_stdout_pipe() -> None:
    done = _keikaku("extract", "-", "-o", "-", stdin=MAIN_DOCUMENT.read_bytes())
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["document"]["id"] == "stdin@2023" and data["stats"]["initiatives"] == 83
    assert done.stderr.decode().startswith("stdin.txt: 4 policies")


def test_stdin_errors_name_stdin(tmp_path) -> None:
    done = _keikaku("extract", "-", "-o", str(tmp_path), stdin=b"")
    assert done.returncode == 1
    assert done.stderr.decode() == "keikaku: error: <stdin>: empty file (no text to extract)\n"
    assert list(tmp_path.iterdir()) == []


def test_stdout_takes_no_tables() -> None:
    done = _keikaku("extract", str(MAIN_DOCUMENT), "-o", "-", "--tables", "csv")
    assert done.returncode == 2 and done.stdout == b""


def test_the_wheel_holds_keikaku_and_nothing_else(tmp_path) -> None:
    source = tmp_path / "source"  # a copy: building writes build/ beside pyproject.toml
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("keikaku", "pipeline", "parsers"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("keikaku-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {
        "keikaku",
        wheel.name.split("-py")[0] + ".dist-info",
    }
    for data in ("pipeline/diff.schema.json", "parsers/data/editions.toml"):
        assert f"keikaku/{data}" in names


def test_stdin_from_a_terminal_is_refused(monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["extract", "-", "-o", "-"]) == 2
    assert "stdin is a terminal" in capsys.readouterr().err
