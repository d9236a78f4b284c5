"""Plan profiles: checked with errors that name the key, chosen by signature, and the only
place a plan's words are written (parsers/profile.py, parsers/data/profiles/)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from keikaku.parsers.profile import (
    PROFILES,
    ProfileError,
    bundled_names,
    bundled_profile,
    choose_profile,
    parse_profile,
)
from keikaku.pipeline.errors import InputError
from keikaku.pipeline.run import extract, named_profile
from tests.conftest import MAIN_DOCUMENT, ROOT

MINIMAL = {
    "plan": {"name": "x"},
    "headings": {"levels": ["chapter", "section"], "chapter": "第{number}章"},
}


def _with(table: str, key: str, value: object) -> dict:
    data = {name: dict(content) for name, content in MINIMAL.items()}
    data.setdefault(table, {})[key] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            _with("targets", "row_lable", "目標"),
            "targets.row_lable: unknown key (known: row_label,",
            id="typo-in-key",
        ),
        pytest.param(
            _with("taregts", "row_label", "目標"), "taregts: unknown table", id="typo-in-table"
        ),
        pytest.param(
            _with("responsible", "labels", "所管"),
            "responsible.labels: expected an array of text, got text",
            id="text-for-array",
        ),
        pytest.param(
            _with("responsible", "required", "yes"),
            "responsible.required: expected true or false, got text",
            id="text-for-bool",
        ),
        pytest.param(
            _with("headings", "roman", "grop"),
            "headings.roman: 'grop' is not one of group, chapter",
            id="unknown-choice",
        ),
        pytest.param(
            _with("headings", "levels", ["chapter", "chaptre"]),
            "headings.levels: 'chaptre' is not one of",
            id="unknown-level",
        ),
        pytest.param(
            _with("labels", "現状と課題", {"role": "current_state", "ownr": "policy"}),
            "labels.現状と課題.ownr: unknown key",
            id="typo-in-label",
        ),
        pytest.param(
            _with("headings", "chapter", "第章"), "headings.chapter: '第章' has no", id="no-number"
        ),
        pytest.param({"plan": {"name": "x"}}, "headings.levels: missing", id="missing"),
    ],
)
def test_a_wrong_profile_names_the_key(data: dict, message: str) -> None:
    with pytest.raises(ProfileError) as raised:
        parse_profile(data)
    assert str(raised.value).startswith(message)


def test_a_profile_file_with_a_typo_is_one_line_naming_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    text = (PROFILES / "sapporo.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("row_label", "row_lable"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        named_profile(str(path))
    assert str(raised.value).startswith(f"{path}: targets.row_lable: unknown key")


def test_the_command_line_refuses_a_profile_with_a_typo(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    text = (PROFILES / "sapporo.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("[responsible]", "[responsable]"), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "keikaku.pipeline.cli",
            "extract",
            "--profile",
            str(path),
            str(MAIN_DOCUMENT),
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "responsable: unknown table" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_profiles_read(name: str) -> None:
    assert bundled_profile(name).name == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("取組方針1 題\n所管\t総) 行政部\n目標\t指標", "sapporo", id="sapporo"),
        pytest.param("第1章 総則\n1 目的", "generic", id="none-fits"),
        pytest.param("所管\t総) 行政部", "generic", id="part-of-a-signature"),
    ],
)
def test_a_profile_is_chosen_by_the_words_the_document_prints(text: str, expected: str) -> None:
    assert choose_profile(text).name == expected


def test_the_document_says_which_profile_read_it() -> None:
    assert extract(MAIN_DOCUMENT).document.profile == "sapporo"


def test_a_given_profile_overrides_the_signature() -> None:
    document = extract(MAIN_DOCUMENT, profile=bundled_profile("generic"))
    assert document.document.profile == "generic"
    assert document.stats.targets == 0  # the generic profile knows no 目標 rows


# Every word a bundled profile holds is the plan's own vocabulary: none may be written in a
# string of the parsers' code (docstrings and comments, which show examples, aside).
def _plan_words() -> set[str]:
    words: set[str] = set()
    for name in bundled_names():
        profile = bundled_profile(name)
        words.update(profile.signature, profile.labels, profile.label_suffixes)
        words.update(profile.responsible_labels, profile.baseline_labels, profile.target_labels)
        for word in (
            profile.policy_announcement,
            profile.target_row_label,
            profile.table_header,
            profile.contents_title,
            profile.and_others,
            profile.chapter_prefix + "{}" + profile.chapter_suffix,
        ):
            if word:
                words.update(part for part in word.split("{}") if part)
    return words


def _code_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and ast.get_docstring(node, clean=False)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_plan_word_is_written_in_the_parsers_code() -> None:
    words = _plan_words()
    assert {"所管", "目標", "取組方針", "現状と課題"} <= words
    found = [
        f"{path.name}:{line}: {word}"
        for path in sorted((ROOT / "parsers").glob("*.py"))
        for line, text in _code_strings(path)
        for word in words
        if len(word) > 1 and word in text
    ]
    assert found == []
