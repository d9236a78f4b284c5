"""The code style the project promises (pyproject.toml): ruff, ruff format and mypy stay clean."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    tool = BIN / name
    executable = str(tool) if tool.exists() else shutil.which(name)
    assert executable, f"{name} is not installed: it is in the test extra of pyproject.toml"
    return executable


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."]],
    ids=["ruff", "ruff-format"],
)
def test_tool_is_clean(command: list[str]) -> None:
    done = subprocess.run(
        [_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean(tmp_path: Path) -> None:
    # mypy reads folders, not pyproject's package-dir mapping: give it the installed layout,
    # keikaku/pipeline and keikaku/parsers, as links to the repository's folders.
    package = tmp_path / "keikaku"
    package.mkdir()
    for entry in (ROOT / "keikaku").glob("*.py"):
        (package / entry.name).symlink_to(entry)
    for folder in ("pipeline", "parsers"):
        (package / folder).symlink_to(ROOT / folder, target_is_directory=True)
    config = str(ROOT / "pyproject.toml")
    done = subprocess.run(
        [
            _tool("mypy"),
            "--config-file",
            config,
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "-p",
            "keikaku",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues found" in done.stdout, done.stdout
