"""The hostile corpus: files that once hung, exhausted or crashed a run (tests/hostile.py makes
them at test time). Each runs through the real command line in a fresh process and must end
with its exit code and exactly one line on stderr, within its time limit (plus a generous
margin for start-up on a loaded machine) and its memory limit (peak resident size of the
command and its workers, measured by a wrapper process). These are not speed tests: the
bounds are many times what the runs take; they catch a hang or a blow-up, not a slowdown.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import hostile
from tests.conftest import MAIN_DOCUMENT, ROOT

MARGIN = 60.0  # seconds beyond a run's own time limit: start-up, a busy CI machine
MEMORY_MIB = 768  # the worker memory limit these tests set
PEAK_MIB = MEMORY_MIB + 512  # the worker's start-up footprint comes on top of what it may add

# Runs a command and prints its exit code, wall time and the peak resident size (KiB) of
# its process tree (RUSAGE_CHILDREN covers every descendant that was waited for).
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, stdin=subprocess.DEVNULL)
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr,
                  "seconds": time.monotonic() - start,
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mib: float


def keikaku(*args: str, time_limit: float = 30, timeout: float | None = None) -> Run:
    command = [
        sys.executable,
        "-m",
        "keikaku.pipeline.cli",
        *args,
        "--time-limit",
        str(time_limit),
        "--max-memory",
        str(MEMORY_MIB),
    ]
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout or time_limit + MARGIN + 60,
        check=True,
    )
    report = json.loads(done.stdout)
    return Run(
        report["code"], report["out"], report["err"], report["seconds"], report["peak_kib"] / 1024
    )


def assert_one_line(run: Run, code: int, *phrases: str) -> str:
    assert run.code == code, run.err
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    for phrase in phrases:
        assert phrase in lines[0]
    return lines[0]


def assert_within_limits(run: Run, time_limit: float) -> None:
    assert run.seconds < time_limit + MARGIN, f"took {run.seconds:.0f} s"
    assert run.peak_mib < PEAK_MIB, f"peaked at {run.peak_mib:.0f} MiB"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.decompression_bomb_pdf(tmp_path_factory.mktemp("bomb") / "bomb.pdf")


def test_a_pdf_object_that_refers_to_itself_stops_at_the_time_limit(tmp_path) -> None:
    pdf = hostile.self_referencing_pdf(tmp_path / "selfref.pdf")
    run = keikaku("extract", str(pdf), "-o", str(tmp_path / "out"), time_limit=5)
    assert_one_line(run, 4, str(pdf), "time limit of 5 s exceeded", "--time-limit")
    assert_within_limits(run, 5)
    assert not list((tmp_path / "out").glob("selfref*.json"))


def test_a_decompression_bomb_stops_at_the_stream_limit(tmp_path, bomb) -> None:
    run = keikaku("extract", str(bomb), "-o", str(tmp_path / "out"))
    assert_one_line(run, 4, str(bomb), "decodes to more than 256 MiB", "--max-stream-mib")
    assert_within_limits(run, 30)
    assert not list((tmp_path / "out").glob("bomb*.json"))


def test_a_decompression_bomb_without_a_stream_limit_stops_at_the_memory_limit(
    tmp_path, bomb
) -> None:
    run = keikaku("extract", str(bomb), "-o", str(tmp_path / "out"), "--max-stream-mib", "0")
    assert_one_line(run, 4, str(bomb), f"memory limit of {MEMORY_MIB} MiB", "--max-memory")
    assert_within_limits(run, 30)


def test_a_pdf_in_tiny_type_is_one_line_and_the_plan_beside_it_is_extracted(tmp_path) -> None:
    """0.14 pt type once crashed the loader and, with it, the whole batch."""
    folder = tmp_path / "plans"
    folder.mkdir()
    pdf = hostile.tiny_type_pdf(folder / "a-tiny.pdf")
    shutil.copy(MAIN_DOCUMENT, folder / "b-plan.txt")
    run = keikaku("extract", str(folder), "-o", str(tmp_path / "out"), "--no-sqlite")
    assert (tmp_path / "out" / "b-plan@2023.json").is_file()
    assert "b-plan.txt: 4 policies" in run.out
    if list((tmp_path / "out").glob("a-tiny*.json")):  # the loader reads it
        assert run.code == 0 and run.err == ""
    else:  # a one-line error of whatever kind: unreadable, or a bug reported as one
        line = assert_one_line(run, run.code, str(pdf))
        assert run.code in (1, 70), line
    assert_within_limits(run, 30)


def test_a_hundred_thousand_tabs_in_one_bullet(tmp_path) -> None:
    plan = hostile.tabs_in_a_bullet(tmp_path / "tabs.txt")
    shutil.copy(
        MAIN_DOCUMENT.with_name("ap2023-ch3-gyosei.manifest.toml"), tmp_path / "tabs.manifest.toml"
    )
    run = keikaku("extract", str(plan), "-o", str(tmp_path / "out"))
    assert run.code == 0 and run.err == "", run.err
    assert "tabs.txt: 4 policies, 12 groups, 83 initiatives" in run.out
    assert_within_limits(run, 30)


def test_a_toml_date_where_text_belongs_is_one_line(tmp_path) -> None:
    plan = hostile.plan_with_manifest(tmp_path / "dated.txt", hostile.DATE_MANIFEST)
    run = keikaku("extract", str(plan), "-o", str(tmp_path / "out"))
    line = assert_one_line(run, 1, "dated.manifest.toml: edition: expected text, got a date")
    assert line.endswith("got a date")
    assert_within_limits(run, 30)


def test_a_toml_date_where_a_date_belongs_is_kept_as_iso_text(tmp_path) -> None:
    plan = hostile.plan_with_manifest(tmp_path / "issued.txt", hostile.ISSUED_MANIFEST)
    run = keikaku("extract", str(plan), "-o", str(tmp_path / "out"))
    assert run.code == 0 and run.err == "", run.err
    data = json.loads((tmp_path / "out" / "issued@2023.json").read_text(encoding="utf-8"))
    assert data["document"]["manifest"]["issued"] == "2023-03-31"


def test_a_manifest_nested_3000_deep_is_one_line(tmp_path) -> None:
    plan = hostile.plan_with_manifest(tmp_path / "deep.txt", hostile.DEEP_MANIFEST)
    run = keikaku("extract", str(plan), "-o", str(tmp_path / "out"))
    assert_one_line(run, 1, "deep.manifest.toml: unreadable manifest (values nested too deep)")
    assert_within_limits(run, 30)


def test_a_symlink_loop_is_skipped_with_a_warning(tmp_path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    loop = hostile.symlink_loop(folder)
    shutil.copy(MAIN_DOCUMENT, folder / "plan.txt")
    run = keikaku("extract", str(folder), "-o", str(tmp_path / "out"))
    assert run.code == 0
    assert run.err.splitlines() == [
        f"keikaku: warning: {folder / name}: symbolic link loop, skipped"
        for name in ("loop.txt", "loop2.txt")
    ]
    assert (tmp_path / "out" / "plan@2023.json").is_file()
    named = keikaku("extract", str(loop), str(folder / "plan.txt"), "-o", str(tmp_path / "o2"))
    assert named.code == 0
    assert named.err == f"keikaku: warning: {loop}: symbolic link loop, skipped\n"


def test_a_text_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path) -> None:
    big = hostile.sparse_text(tmp_path / "big.txt", 200 << 20)
    run = keikaku("extract", str(big), "-o", str(tmp_path / "out"))
    assert_one_line(
        run, 4, str(big), "text file of 200 MiB is over the limit of 32 MiB", "--max-text-mib"
    )
    assert_within_limits(run, 30)


def test_a_worker_left_without_its_parent_ends_itself(tmp_path) -> None:
    """Killed outright (no Ctrl-C to clean up), the command leaves a worker stuck in a PDF;
    the worker's own alarm ends it a few seconds past the time limit."""
    pdf = hostile.self_referencing_pdf(tmp_path / "selfref.pdf")
    command = [
        sys.executable,
        "-m",
        "keikaku.pipeline.cli",
        "extract",
        str(pdf),
        "-o",
        str(tmp_path),
    ]
    parent = subprocess.Popen(
        [*command, "--time-limit", "1"], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while not workers and time.monotonic() < deadline:
        children = Path(f"/proc/{parent.pid}/task/{parent.pid}/children")
        workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        time.sleep(0.05)
    assert workers
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 1 + 5 + MARGIN
    while Path(f"/proc/{workers[0]}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    status = Path(f"/proc/{workers[0]}/stat")
    assert not status.exists() or status.read_text().split()[2] == "Z"
