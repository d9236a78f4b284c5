"""Every pattern and text rule runs in linear time: 100,000 characters of white space in every
position of every rule's form end in milliseconds, never in the minutes quadratic backtracking
took (20,000 tabs in one bullet once took a minute).

The bound is a time-out of seconds per call on work that takes milliseconds: a quadratic
pattern on these inputs would need hours, so the test cannot pass by luck nor fail by load.
"""

from __future__ import annotations

import time

import pytest
import regex

from keikaku.parsers import patterns
from keikaku.parsers.text import clean_text, join_wrapped, locate_markers

RUN = 100_000
SPACES = {"space": " ", "tab": "\t", "ideographic": "\u3000"}
SECONDS = 5.0  # per call; a linear scan of these inputs takes a few milliseconds

# One real line (or cell) per form, from the corpus.
FORMS = {
    "footnote_definition": "¹⁷⁸ リソース：資源や資産など。",
    "table_rule": "---\t------\t----",
    "chapter": "第3章 行財政運営の取組",
    "toc_entry": "1 行政運営の取組\t176",
    "toc_leader": "1 行政運営の取組……176",
    "part_heading": "(1) 行政運営の取組策定",
    "numbered_heading": "1 行政サービスの高度化",
    "group_heading": "I 多様な市民ニーズ",
    "policy_summary": "取組方針1 行政サービスの高度化",
    "initiative_row": "1\t支援促進事業\t所管\t保) 総務部",
    "target_row": "目標\t支援方針が決まった割合\t2022年\t2027年",
    "year_cell": "2022年 30.8%",
    "target_spaced": "作業時間 2022 年 50,861 時間 2027 年 130,000 時間",
    "value_row": "\t\t100%\t100%",
    "bullet": "- 市民の困りごとに共感し",
    "quoted": "“市民のために”",
    "departments": "総) 行政部、 デ) 推進部 ほか",
    "glossary_term": "リソース : 資源",
    "marked_text": "システム標準化 ¹⁸³ の対象 S N S",
    "alias": "成果連動型（PFS）",
}
# The forms each pattern reads; a pattern missing here is tried on every form.
PATTERN_FORMS = {
    "JAPANESE_CHAR": ("marked_text",),
    "INLINE_MARKER": ("marked_text", "footnote_definition"),
    "SPACES_NEXT_TO_JAPANESE": ("marked_text", "target_spaced"),
    "SPACE_RUN": ("marked_text",),
    "SPACE_CELL_SEPARATOR": ("initiative_row",),
    "LATIN_TOKEN_RUN": ("marked_text",),
    "CHILD_NUMBER": ("part_heading",),
    "DIGITS": ("year_cell",),
    "TABLE_RULE": ("table_rule",),
    "FOOTNOTE_DEFINITION": ("footnote_definition",),
    "CHAPTER_LABEL": ("chapter",),
    "CHAPTER_HEADING": ("chapter",),
    "TOC_ENTRY": ("toc_entry", "toc_leader"),
    "PART_HEADING": ("part_heading",),
    "NUMBERED_HEADING": ("numbered_heading", "toc_entry"),
    "GROUP_HEADING": ("group_heading",),
    "POLICY_SUMMARY_HEADING": ("policy_summary",),
    "UNKNOWN_NUMBER_ROW": ("initiative_row",),
    "INITIATIVE_ROW": ("initiative_row",),
    "DEPARTMENTS_CELL": ("initiative_row",),
    "TARGET_ROW": ("target_row",),
    "YEAR_CELL": ("year_cell",),
    "TARGET_SPACED": ("target_spaced",),
    "VALUE_ROW": ("value_row",),
    "BULLET": ("bullet",),
    "QUOTED_LINE": ("quoted",),
    "DEPARTMENT_SEPARATOR": ("departments",),
    "DEPARTMENT_ENTRY": ("departments",),
    "AND_OTHERS": ("departments",),
    "BRACKETED_ALIAS": ("alias",),
    "TERM_COLON": ("glossary_term",),
}
PATTERNS = {
    name: value for name, value in vars(patterns).items() if isinstance(value, regex.Pattern)
}


def _positions(line: str) -> list[int]:
    """Every place a run can stand in the form: both ends and each change of character kind."""
    kinds = [
        "space" if c.isspace() else "digit" if c.isdigit() else "ascii" if c.isascii() else "cjk"
        for c in line
    ]
    return [0, *(i for i in range(1, len(line)) if kinds[i] != kinds[i - 1]), len(line)]


def _cases() -> list[object]:
    cases = []
    for name in PATTERNS:
        for form in PATTERN_FORMS.get(name, tuple(FORMS)):
            cases.append(pytest.param(name, FORMS[form], id=f"{name}-{form}"))
    return cases


@pytest.mark.parametrize(("name", "form"), _cases())
def test_every_pattern_is_linear_in_a_long_run(name: str, form: str) -> None:
    pattern = PATTERNS[name]
    for space in SPACES.values():
        for at in _positions(form):
            run = space * RUN
            # the run inside the line, ending it, and followed by what no rule expects there
            for text in (form[:at] + run + form[at:], form[:at] + run, form[:at] + run + "\x01"):
                try:
                    pattern.search(text, timeout=SECONDS)
                    pattern.sub("", text, timeout=SECONDS)
                except TimeoutError:
                    pytest.fail(f"{name} took over {SECONDS} s: run of {RUN} at {at} in {form!r}")


@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES.keys())
def test_text_rules_are_linear_in_a_long_run(space: str) -> None:
    started = time.monotonic()
    form = FORMS["marked_text"]
    for at in _positions(form):
        text = form[:at] + space * RUN + form[at:]
        clean_text(text)
        locate_markers(text)
    join_wrapped(["行政", *["a b"] * RUN])
    locate_markers("題¹⁸³" * RUN)
    assert time.monotonic() - started < 60 * SECONDS  # quadratic would take hours


# Lines whose title is nothing but white space (or a bare dot leader) read as headings only
# through backtracking; the linear patterns do not call them headings. Everything else reads
# as before: the old and new patterns were compared on a million random lines.
@pytest.mark.parametrize(
    ("pattern", "line", "title"),
    [
        pytest.param(
            "NUMBERED_HEADING", "1 行政サービスの高度化", "行政サービスの高度化", id="numbered"
        ),
        pytest.param(
            "NUMBERED_HEADING", "1\u3000行政 サービス  ", "行政 サービス", id="numbered-trailing"
        ),
        pytest.param("NUMBERED_HEADING", "1  ", None, id="numbered-blank-title"),
        pytest.param("PART_HEADING", "(1) 行政運営の取組", "行政運営の取組", id="part"),
        pytest.param("PART_HEADING", "(1)  ", None, id="part-blank-title"),
        pytest.param("TOC_ENTRY", "1 行政運営の取組\t176", "行政運営の取組", id="toc-tab"),
        pytest.param(
            "TOC_ENTRY", "1 行政運営の取組 \t \t 176", "行政運営の取組", id="toc-spaces-tabs"
        ),
        pytest.param("TOC_ENTRY", "1 行政・運営……176 ", "行政・運営", id="toc-leader"),
        pytest.param("TOC_ENTRY", "1  \t176", None, id="toc-blank-title"),
        pytest.param("TOC_ENTRY", "1 ・・・176", None, id="toc-leader-only"),
        pytest.param("GROUP_HEADING", "II 行政 運営\t ", "行政 運営", id="group"),
        pytest.param("BULLET", "- 市民の 困りごと  ", "市民の 困りごと", id="bullet"),
    ],
)
def test_heading_titles(pattern: str, line: str, title: str | None) -> None:
    match = getattr(patterns, pattern).match(line)
    found = None if match is None else match.group("title" if pattern != "BULLET" else "text")
    assert found == title


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        pytest.param("INLINE_MARKER", "a ¹⁷⁸ ¹⁷⁹b", "a__b", id="marker-after-marker"),
        pytest.param("INLINE_MARKER", "標準化 ¹⁸³ の対象", "標準化_の対象", id="marker"),
        pytest.param("SPACES_NEXT_TO_JAPANESE", "2022 年 a  b", "2022_年_a  b", id="japanese"),
        pytest.param(
            "DEPARTMENT_SEPARATOR", "総) 行政部 、、 デ) 部", "総) 行政部__デ) 部", id="separators"
        ),
        pytest.param("TERM_COLON", "用語 : 定義：続き", "用語_定義_続き", id="colons"),
        pytest.param("AND_OTHERS", "総) 行政部 ほか ", "総) 行政部_", id="and-others"),
        pytest.param("LATIN_TOKEN_RUN", "-ab cd ef-g h", "-_", id="latin-run"),
    ],
)
def test_searches_find_every_match(pattern: str, text: str, expected: str) -> None:
    assert getattr(patterns, pattern).sub("_", text) == expected
