"""The conventions a user expects of a command line, each with its case: --version, help that
names PDF, suffixes in any case, an empty folder is an error, output errors in one line, Ctrl-C,
malformed JSON, file modes, library warnings, progress, readable diagnostics and the view."""

from __future__ import annotations

import errno
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import keikaku.pipeline.cli
import keikaku.pipeline.run
from keikaku.pipeline.batch import Finished, Limits, Started, Tick, extract_all
from keikaku.pipeline.cli import main
from keikaku.pipeline.model import Diagnostic
from keikaku.pipeline.progress import BatchProgress
from keikaku.pipeline.report import format_diagnostic
from tests import hostile
from tests.conftest import GOLDEN, MAIN_DOCUMENT, ROOT

MANIFEST = MAIN_DOCUMENT.with_name("ap2023-ch3-gyosei.manifest.toml")
GOLDEN_JSON = GOLDEN / "ap2023-ch3-gyosei.json"
GOLDEN_VIEW = GOLDEN / "ap2023-ch3-gyosei.view.txt"


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "keikaku.pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("keikaku: error: ")
    return lines[0]


def _plan(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copy(MAIN_DOCUMENT, path)
    shutil.copy(MANIFEST, path.with_name(Path(name).stem + ".manifest.toml"))
    return path


# --- version, help, suffixes, empty folders ---------------------------------------------------


def test_version() -> None:
    done = cli("--version")
    assert done.returncode == 0
    assert re.fullmatch(r"keikaku \d+\.\d+\.\d+\n", done.stdout)


def test_help_names_pdf() -> None:
    done = cli("extract", "--help")
    assert done.returncode == 0
    assert "PDF (.pdf)" in done.stdout and "text file (.txt)" in done.stdout
    assert "--time-limit" in done.stdout and "--max-memory" in done.stdout
    assert "130 interrupted" in " ".join(done.stdout.split())


@pytest.mark.parametrize("option", ["--time-limit", "--max-memory", "--max-text-mib"])
def test_a_negative_limit_is_a_usage_error(option) -> None:
    done = cli("extract", str(MAIN_DOCUMENT), option, "-1")
    assert done.returncode == 2
    assert f"argument {option}: must be 0 or more: '-1'" in done.stderr


@pytest.fixture(scope="module")
def rendered_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("render_pdf", ROOT / "scripts" / "render_pdf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_pdf"] = module
    spec.loader.exec_module(module)
    pdf = tmp_path_factory.mktemp("pdf") / "PLAN.PDF"
    module.render(MAIN_DOCUMENT.read_text(encoding="utf-8"), pdf)
    shutil.copy(MANIFEST, pdf.with_name("PLAN.manifest.toml"))
    return pdf


def test_suffixes_in_any_case(tmp_path, rendered_pdf, capsys) -> None:
    folder = tmp_path / "plans"
    _plan(folder, "NOTES.TXT")
    shutil.copy(rendered_pdf, folder / "PLAN.PDF")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "--no-sqlite"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "NOTES@2023.json",
        "PLAN@2023.json",
    ]
    data = json.loads((tmp_path / "out" / "PLAN@2023.json").read_text(encoding="utf-8"))
    assert data["document"]["format"] == "pdf"
    assert data["stats"]["initiatives"] == 83
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "files", [pytest.param([], id="empty"), pytest.param(["notes.md"], id="no-plans")]
)
def test_a_folder_without_plans_is_an_error(tmp_path, capsys, files) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("# notes\n")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out")]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert (
        line
        == f"keikaku: error: {folder}: no plan documents in this folder (.txt or .pdf, any case)"
    )
    assert not (tmp_path / "out").exists()


# --- output errors ---------------------------------------------------------------------------


def test_output_naming_a_file_is_one_line(tmp_path, capsys) -> None:
    blocker = tmp_path / "out.txt"
    blocker.write_text("not a folder\n")
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(blocker)]) == 5
    line = one_error_line(capsys.readouterr().err)
    assert line == f"keikaku: error: {blocker}: not a folder (a file of that name is in the way)"


def _read_only(monkeypatch, folder: Path) -> None:
    """A read-only folder: made so, and (as root ignores modes) its files refused."""
    folder.chmod(0o555)
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr("keikaku.pipeline.output.os.open", refuse)


def test_a_read_only_output_folder_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _read_only(monkeypatch, out)
    try:
        code = main(["extract", str(MAIN_DOCUMENT), "-o", str(out), "--no-sqlite"])
    finally:
        out.chmod(0o755)
    assert code == 5
    line = one_error_line(capsys.readouterr().err)
    assert line == f"keikaku: error: {out / 'ap2023-ch3-gyosei.json'}: Permission denied"
    assert list(out.iterdir()) == []


def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(tmp_path, monkeypatch, capsys):
    real_fdopen = os.fdopen

    class Full(io.TextIOWrapper):
        def write(self, text):
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd, *args, **kwargs):
        return Full(real_fdopen(fd, "wb"), encoding="utf-8")

    monkeypatch.setattr("keikaku.pipeline.output.os.fdopen", fdopen)
    out = tmp_path / "out"
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out), "--no-sqlite"]) == 5
    line = one_error_line(capsys.readouterr().err)
    assert line == f"keikaku: error: {out / 'ap2023-ch3-gyosei.json'}: No space left on device"
    assert list(out.iterdir()) == []


def test_a_database_that_cannot_be_written_stops_the_run_in_one_line(
    tmp_path, monkeypatch, capsys
) -> None:
    def full(path, document, rows=None):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("keikaku.pipeline.cli.write_edition", full)
    out = tmp_path / "out"
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(out)]) == 5
    line = one_error_line(capsys.readouterr().err)
    assert line == f"keikaku: error: {out / 'keikaku.sqlite'}: database or disk is full"
    assert list(out.iterdir()) == []


def test_rows_the_database_refuses_fail_that_document_only(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "plans"
    _plan(folder, "a-refused.txt")
    _plan(folder, "b-plan.txt")
    real = keikaku.pipeline.cli.write_edition

    def refuse(path, document, rows=None):
        if document["document"]["id"] == "a-refused@2023":
            raise sqlite3.IntegrityError("FOREIGN KEY constraint failed")
        return real(path, document, rows)

    monkeypatch.setattr("keikaku.pipeline.cli.write_edition", refuse)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out)]) == 70
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"keikaku: error: {folder / 'a-refused.txt'}: internal error: "
        f"{out / 'keikaku.sqlite'}: FOREIGN KEY constraint failed"
    )
    assert sorted(p.name for p in out.iterdir()) == ["b-plan@2023.json", "keikaku.sqlite"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], ids=["022", "077", "002"])
def test_output_modes_follow_the_umask(tmp_path, umask, capsys) -> None:
    old = os.umask(umask)
    try:
        code = main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--tables", "csv"])
    finally:
        os.umask(old)
    assert code == 0
    expected = 0o666 & ~umask
    for path in (
        tmp_path / "ap2023-ch3-gyosei.json",
        tmp_path / "keikaku.sqlite",
        tmp_path / "tables" / "initiatives.csv",
    ):
        assert path.stat().st_mode & 0o777 == expected, path


# --- Ctrl-C ----------------------------------------------------------------------------------


def test_ctrl_c_exits_130_without_traceback_or_temporary_files(tmp_path) -> None:
    """A plan finished beside a stuck PDF keeps its outputs: each is written when done."""
    folder = tmp_path / "plans"
    folder.mkdir()
    hostile.self_referencing_pdf(folder / "a-stuck.pdf")  # never finishes
    _plan(folder, "b-plan.txt")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "keikaku.pipeline.cli",
            "extract",
            str(folder),
            "-o",
            str(out),
            "-j",
            "2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (out / "b-plan@2023.json").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "keikaku: interrupted\n"
    assert sorted(p.name for p in out.iterdir()) == ["b-plan@2023.json", "keikaku.sqlite"]
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(process.pid, 0)


# --- malformed JSON --------------------------------------------------------------------------


def _golden() -> dict:
    return json.loads(GOLDEN_JSON.read_text(encoding="utf-8"))


def _retitled() -> str:
    data = _golden()
    data["chapters"][0]["children"][0]["title"] = 3
    return json.dumps(data)


def _unknown_kind() -> str:
    data = _golden()
    data["chapters"][0]["kind"] = "appendix"
    return json.dumps(data)


MALFORMED = [
    pytest.param("not json", "not a readable extraction JSON", id="not-json"),
    pytest.param(GOLDEN_JSON.read_text(encoding="utf-8")[:5000], "not a readable", id="truncated"),
    pytest.param("[]", "not a keikaku extraction (expected an object, got an array)", id="array"),
    pytest.param('{"schema_version": "1.0"}', "document: missing", id="no-fields"),
    pytest.param('{"schema_version": "9"}', "it has schema_version 9, this keikaku", id="other"),
    pytest.param('{"schema_version": 1}', "schema_version: expected text", id="version-type"),
    pytest.param(_retitled(), "chapters[0].children[0].title: expected text, got 3", id="type"),
    pytest.param(
        _unknown_kind(),
        'chapters[0]: expected a chapter node, got kind "appendix"',
        id="unknown-kind",
    ),
    pytest.param("[" * 100_000 + "]" * 100_000, "nested too deep", id="deep"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_json_to_diff_export_and_view_is_one_line_and_exit_2(
    tmp_path, capsys, text, message
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    for args in (
        ["diff", str(GOLDEN_JSON), str(bad)],
        ["export", str(bad), "-o", str(tmp_path / "tables")],
        ["view", str(bad)],
    ):
        assert main(args) == 2, args
        captured = capsys.readouterr()
        line = one_error_line(captured.err)
        assert line.startswith(f"keikaku: error: {bad}: ") and message in line, line
        assert captured.out == ""
    assert not (tmp_path / "tables").exists()


# --- library warnings ------------------------------------------------------------------------


def _pdf_with_font_without_bbox(path: Path) -> Path:
    """A page in a font whose descriptor has no FontBBox: pdfminer logs a warning for it."""
    content = b"BT /F1 12 Tf 72 720 Td (keikaku) Tj ET"
    path.write_bytes(
        hostile.pdf_bytes(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Odd /FontDescriptor 6 0 R >>",
                b"<< /Type /FontDescriptor /FontName /Odd /Flags 32 /FontBBox [1 2] >>",
            ]
        )
    )
    return path


def test_library_warnings_never_reach_stderr(tmp_path) -> None:
    pdf = _pdf_with_font_without_bbox(tmp_path / "odd.pdf")
    reader = "import pdfplumber, sys; pdfplumber.open(sys.argv[1]).pages[0].extract_words()"
    direct = subprocess.run(
        [sys.executable, "-W", "always", "-c", reader, str(pdf)], capture_output=True, text=True
    )
    assert "FontBBox" in direct.stderr  # the library does warn about this file
    done = cli(
        "extract",
        str(pdf),
        "-o",
        str(tmp_path / "out"),
        env={**os.environ, "PYTHONWARNINGS": "always"},
    )
    assert "FontBBox" not in done.stderr
    assert all(line.startswith("keikaku: ") for line in done.stderr.splitlines()), done.stderr


# --- failures stay with their document -------------------------------------------------------


def test_an_unexpected_exception_is_an_internal_error_and_the_others_go_on(
    tmp_path, monkeypatch, capsys
) -> None:
    folder = tmp_path / "plans"
    _plan(folder, "a-plan.txt")
    _plan(folder, "b-buggy.txt")
    real = keikaku.pipeline.run.extract

    def buggy(path, *args, **kwargs):
        if Path(path).name == "b-buggy.txt":
            raise ZeroDivisionError("division by zero")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(keikaku.pipeline.run, "extract", buggy)  # the workers are forked with it
    code = main(["extract", str(folder), "-o", str(tmp_path / "out"), "--no-sqlite", "-j", "2"])
    assert code == 70
    line = one_error_line(capsys.readouterr().err)
    assert line == (
        f"keikaku: error: {folder / 'b-buggy.txt'}: internal error: "
        "ZeroDivisionError: division by zero"
    )
    assert (tmp_path / "out" / "a-plan@2023.json").is_file()


# --- diagnostics -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("diagnostic", "expected"),
    [
        pytest.param(
            {
                "severity": "warning",
                "code": "target-values-missing",
                "message": "no values",
                "line": 161,
            },
            "plan.txt:161: warning: target-values-missing: no values",
            id="text-json",
        ),
        pytest.param(
            Diagnostic("warning", "target-values-missing", "no values", 40, 12, 187),
            "plan.txt:p.12 (printed 187): warning: target-values-missing: no values",
            id="pdf-model",
        ),
        pytest.param(
            {
                "severity": "info",
                "code": "c",
                "message": "m",
                "line": 3,
                "page": 2,
                "printed_page": None,
            },
            "plan.txt:p.2: info: c: m",
            id="pdf-unprinted-page",
        ),
        pytest.param(
            {"severity": "error", "code": "c", "message": "two\nlines", "line": None},
            "plan.txt: error: c: two lines",
            id="no-place",
        ),
    ],
)
def test_diagnostic_lines(diagnostic, expected) -> None:
    assert format_diagnostic("plan.txt", diagnostic) == expected


def test_strict_failure_prints_each_warning_in_compiler_style(tmp_path, capsys) -> None:
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--strict"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 7  # the warnings and errors, not the info
    assert f"{MAIN_DOCUMENT}:161: warning: target-values-missing: " in err[1]
    assert all(
        re.match(rf"{re.escape(str(MAIN_DOCUMENT))}:\d+: warning: [a-z-]+: ", e) for e in err
    )


def test_verbose_prints_every_diagnostic(tmp_path, capsys) -> None:
    assert main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "-v"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 8
    assert sum(": info: " in e for e in err) == 1


def test_quiet_prints_nothing_but_errors(tmp_path, capsys) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(MAIN_DOCUMENT), str(missing), "-o", str(tmp_path), "-q"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"keikaku: error: {missing}: No such file or directory\n"


def test_pdf_diagnostics_name_the_page_or_the_line(tmp_path, rendered_pdf, capsys) -> None:
    assert main(["extract", str(rendered_pdf), "-o", str(tmp_path), "-v", "--no-sqlite"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err
    place = re.compile(rf"{re.escape(str(rendered_pdf))}(:p\.\d+( \(printed \d+\))?|:\d+)?: ")
    assert all(place.match(line) for line in err), err


# --- view ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [GOLDEN_JSON, MAIN_DOCUMENT], ids=["json", "text"])
def test_view_prints_the_reviewed_outline(source, capsys) -> None:
    assert main(["view", str(source)]) == 0
    assert capsys.readouterr().out == GOLDEN_VIEW.read_text(encoding="utf-8")


def test_view_of_a_pdf(rendered_pdf, capsys) -> None:
    assert main(["view", str(rendered_pdf)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# PLAN.PDF\n")
    assert "initiative 1 複合的な福祉課題等を抱える市民への支援促進事業" in out


def test_view_of_an_unreadable_file_is_one_line(tmp_path, capsys) -> None:
    assert main(["view", str(tmp_path / "missing.txt")]) == 1
    assert one_error_line(capsys.readouterr().err).endswith("No such file or directory")


# --- progress --------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


_COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;[0-9;]+)m")


def test_progress_shows_pages_of_a_document(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    progress = BatchProgress(2, terminal, enabled=True)
    progress.started(0, "plan.pdf")
    for done in range(1, 4):
        progress.page(0, done, 3)
    drawn = terminal.getvalue()
    progress.finished(0)
    progress.close()
    assert "plan.pdf" in drawn and "3/3" in drawn and "pages" in drawn
    assert "keikaku: documents" in drawn and "0/2" in drawn


def test_pages_reach_the_progress_from_the_workers(tmp_path, monkeypatch) -> None:
    real = keikaku.pipeline.run.extract

    def paged(path, *args, on_page=None, **kwargs):
        for done in range(1, 6):
            on_page(done, 5)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(keikaku.pipeline.run, "extract", paged)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--no-sqlite"])
    assert "5/5 pages" in re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue())


def test_extract_hands_the_page_callback_to_a_loader_that_takes_it(monkeypatch, tmp_path):
    seen = []

    def loader(path, on_page=None, max_stream_bytes=None, engine=None, jobs=1):
        seen.append(on_page)
        raise keikaku.pipeline.run.InputError(str(path), "stop here")

    monkeypatch.setattr(keikaku.pipeline.run, "load_pdf", loader)
    with pytest.raises(keikaku.pipeline.run.InputError):
        keikaku.pipeline.run.extract(tmp_path / "plan.pdf", on_page=print)
    assert seen == [print]


@pytest.mark.parametrize("no_color", ["1", None], ids=["no-color", "colour"])
def test_progress_colour_follows_no_color(tmp_path, monkeypatch, no_color) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--no-sqlite"])
    drawn = terminal.getvalue()
    assert "keikaku: documents" in drawn
    assert bool(_COLOUR.search(drawn)) == (no_color is None)


def test_progress_is_cleared_before_a_line_goes_to_stdout(tmp_path, monkeypatch) -> None:
    screen = _Terminal()  # stdout and stderr on one terminal, as a user sees them
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(sys, "stdout", screen)
    main(["extract", str(MAIN_DOCUMENT), "-o", str(tmp_path), "--no-sqlite"])
    shown = screen.getvalue()
    at = shown.index("ap2023-ch3-gyosei.txt: 4 policies")
    before = shown[:at]
    assert before.endswith("\x1b[2K") or before.endswith("\r"), repr(before[-40:])
    line_start = max(before.rfind("\n"), before.rfind("\r"), before.rfind("\x1b[2K"))
    assert "keikaku:" not in before[line_start:]


def test_the_clock_moves_while_a_document_is_stuck(tmp_path) -> None:
    pdf = hostile.self_referencing_pdf(tmp_path / "stuck.pdf")
    events = list(extract_all([pdf], 1, Limits(seconds=2), tick=0.2))
    assert sum(isinstance(event, Tick) for event in events) >= 3
    assert isinstance(events[0], Started)
    last = events[-1]
    assert isinstance(last, Finished) and last.outcome.kind == "limit"
