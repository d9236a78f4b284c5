"""The command line: output files, summary lines, one-line errors, exit codes, no partial output."""

import io
import json
import shutil
import subprocess
import sys

import pytest

from keikaku.pipeline.cli import main
from keikaku.pipeline.output import OutputError, write_atomically
from tests.conftest import CORPUS, MAIN_DOCUMENT


def test_extract_writes_json_and_prints_summary(tmp_path, capsys) -> None:
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(
        "ap2023-ch3-gyosei.txt: 4 policies, 12 groups, 83 initiatives (+11 parents)"
    )
    assert "40 glossary entries (40 marked, 47 unmarked mentions), 22 departments; " in out[0]
    assert (
        "lines 445/445 assigned; profile sapporo; 8 diagnostics (0 errors, 7 warnings, 1 info)"
        in out[0]
    )
    data = json.loads((tmp_path / "ap2023-ch3-gyosei.json").read_text(encoding="utf-8"))
    assert data["stats"]["initiatives"] == 83


def test_folder_extracts_every_document_but_not_manifests(tmp_path, capsys) -> None:
    assert main(["extract", str(CORPUS), "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ap2023-ch3-gyosei.json",
        "keikaku.sqlite",
    ]


def test_one_bad_file_does_not_stop_the_others(tmp_path, capsys) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(missing), str(MAIN_DOCUMENT), "-o", str(tmp_path / "o")]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"keikaku: error: {missing}: No such file or directory\n"
    assert (tmp_path / "o" / "ap2023-ch3-gyosei.json").is_file()


def test_unsupported_file_type(tmp_path, capsys) -> None:
    sheet = tmp_path / "plan.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    assert main(["extract", str(sheet), "-o", str(tmp_path)]) == 1
    assert "unsupported file type '.xlsx' (keikaku reads .txt, .pdf)" in capsys.readouterr().err


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch) -> None:
    target = tmp_path / "doc.json"
    target.write_text("previous\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("keikaku.pipeline.output.os.replace", broken_replace)
    with pytest.raises(OutputError, match=r"doc\.json: No space left on device"):
        write_atomically(target, "new content")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_help_and_usage_errors() -> None:
    for args, code in ((["--help"], 0), (["extract", "--help"], 0), ([], 2), (["extract"], 2)):
        done = subprocess.run(
            [sys.executable, "-m", "keikaku.pipeline.cli", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == code, args
    done = subprocess.run(
        [sys.executable, "-m", "keikaku.pipeline.cli", "extract", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "DIR/<document id>.json" in done.stdout


def test_parallel_batch_isolates_failures_and_prints_a_table(tmp_path, capsys) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("a-plan.txt", "b-plan.txt"):
        shutil.copy(MAIN_DOCUMENT, folder / name)
    (folder / "c-broken.txt").write_bytes(b"\x80\x81 not text")
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--jobs", "2", "--no-sqlite"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"keikaku: error: {folder / 'c-broken.txt'}: ")
    assert sorted(p.name for p in out.iterdir()) == ["a-plan@2023.json", "b-plan@2023.json"]
    lines = captured.out.splitlines()
    assert lines[0].startswith("a-plan.txt: 4 policies") and lines[1].startswith("b-plan.txt")
    table = lines[2:]
    assert table[0].split() == [
        "document",
        "status",
        "initiatives",
        "targets",
        "errors",
        "warnings",
        "info",
    ]
    assert table[1].split()[:4] == ["a-plan.txt", "ok", "83", "83"]
    assert table[3].split() == ["c-broken.txt", "failed", "-", "-", "-", "-", "-"]


def test_same_document_id_twice_is_refused(tmp_path, capsys) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(MAIN_DOCUMENT, other / MAIN_DOCUMENT.name)
    code = main(
        [
            "extract",
            str(MAIN_DOCUMENT),
            str(other / MAIN_DOCUMENT.name),
            "-o",
            str(tmp_path / "o"),
            "--jobs",
            "1",
        ]
    )
    assert code == 1
    assert "same document id 'ap2023-ch3-gyosei' as" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_only_on_a_terminal(tmp_path, monkeypatch, capsys) -> None:
    main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--no-sqlite"])
    assert "keikaku: documents" not in capsys.readouterr().err
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--no-sqlite"])
    drawn = terminal.getvalue()
    assert "keikaku: documents" in drawn and "0/1" in drawn
    assert "ap2023-ch3-gyosei.txt" in drawn


def test_strict_turns_warnings_into_exit_3(tmp_path, capsys) -> None:
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--strict"]) == 3
    assert (tmp_path / "ap2023-ch3-gyosei.json").is_file()
    assert "7 warnings" in capsys.readouterr().out
