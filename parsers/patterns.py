"""Every compiled pattern keikaku uses, in one place.

The patterns describe surface forms seen in municipal plans; the rule functions that use them
live in the module named after what they recognise. Comments give a real example of each form.

Every pattern runs in time linear in the line, however long a run of white space it meets (a
test puts 100,000-character runs in every position). Three habits keep it so:

* a run that the next token can never start (spaces before a marker, a title, a digit) is
  taken whole, possessively (``*+``, ``++``), never handed back one character at a time;
* text up to trailing white space is ``\\S.*?`` then ``_TRAILING_SPACE``, which tries the end
  only right after a non-space: the lazy text then never rescans a run it is inside;
* a search for "spaces, then something" starts only where a run starts (``_run_start``), not
  at every position inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from keikaku.parsers.profile import DEFAULT_PROFILE, PerProfile, Profile, bundled_profile
from keikaku.pipeline.typography import (  # noqa: F401 — the character facts, re-exported for the rules
    ASCII_TO_SUPERSCRIPT,
    JAPANESE,
    JAPANESE_CHAR,
    NO_LINE_START,
    SUPERSCRIPT_DIGITS,
    SUPERSCRIPT_TO_ASCII,
)

# --- characters ---------------------------------------------------------------------------


# Horizontal white space as PDF extraction emits it (ideographic space included).
SPACE_CHARS = (" ", "\t", "\u3000")
SPACE = f"[{''.join(SPACE_CHARS)}]"

# Trailing white space to the end of the line, tried only after a non-space character.
_TRAILING_SPACE = r"(?<!\s)\s*+$"


def _run_start(space: str) -> str:
    """Where a search may start a match that begins with a run of ``space``: where the run
    starts, or where the previous match ended (``\\G``), never inside the run."""
    return r"(?:\G|(?<!" + space + r"))"


# A footnote marker: superscript digits "¹⁸¹", or where the encoding has none (Shift_JIS,
# EUC-JP) "※181", "(注181)" / "（注181）" or "注181". The digits must not go on into a year
# or a date ("※2022年度以降" is no marker).
_NOT_A_DATE = r"(?!\d)(?![年月日度])"
FOOTNOTE_MARKER = (
    r"(?:["
    + SUPERSCRIPT_DIGITS
    + r"]+|※\d{1,4}"
    + _NOT_A_DATE
    + r"|[(（]注\d{1,4}[)）]|注\d{1,4}"
    + _NOT_A_DATE
    + r")"
)

# A marker with the spaces PDF extraction put around it: "システム標準化 ¹⁸³ の対象"
INLINE_MARKER = regex.compile(
    _run_start(SPACE) + SPACE + r"*+(" + FOOTNOTE_MARKER + r")" + SPACE + r"*+"
)

SPACES_NEXT_TO_JAPANESE = regex.compile(
    r"(?<="
    + JAPANESE
    + r")"
    + SPACE
    + r"++|(?<!"
    + SPACE
    + r")"
    + SPACE
    + r"++(?="
    + JAPANESE
    + r")"
)
SPACE_RUN = regex.compile(SPACE + r"+")

# Two or more spaces: where extraction wrote spaces for a table's tab
SPACE_CELL_SEPARATOR = regex.compile(r" {2,}")

# A run of Latin tokens separated by single spaces: "S N S", "C o E", "E BPM", "Meet for the Next"
LATIN_TOKEN_RUN = regex.compile(
    r"(?<![A-Za-z0-9])[A-Za-z0-9][A-Za-z0-9\-]*+(?: [A-Za-z0-9][A-Za-z0-9\-]*+)+"
)

# --- numbering ----------------------------------------------------------------------------

CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESIZED_NUMBERS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"  # (1)… as single characters
ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ROMAN_NUMERAL_CHARS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"  # U+2160…: the same numerals as single characters

_NUMBER = r"\d{1,3}"
_CIRCLED = "[" + CIRCLED_NUMBERS + PARENTHESIZED_NUMBERS + "]"
_OPEN, _CLOSE = "[(（]", "[)）]"
# The printed number of an initiative row: "2", "③", "(1)", "(①)" (full-width brackets too).
INITIATIVE_NUMBER = (
    r"(?P<number>"
    + _OPEN
    + _CIRCLED
    + _CLOSE
    + "|"
    + _OPEN
    + _NUMBER
    + _CLOSE
    + "|"
    + _CIRCLED
    + "|"
    + _NUMBER
    + r")"
)
CHILD_NUMBER = regex.compile(
    r"^(?:" + _OPEN + _CIRCLED + _CLOSE + "|" + _OPEN + _NUMBER + _CLOSE + "|" + _CIRCLED + r")$"
)
DIGITS = regex.compile(r"\d+")

# --- block rules (one line each, tried in the order of parsers/blocks.py's table) ------------

# "---\t-------------------------\t----\t--------"
TABLE_RULE = regex.compile(r"^\s*-{3,}(?:\s+-{3,})*\s*$")

# "¹⁷⁸ リソース：資源や資産など。" (or "※178 リソース：…", "(注178) リソース：…")
FOOTNOTE_DEFINITION = regex.compile(
    r"^(?P<number>" + FOOTNOTE_MARKER + r")" + SPACE + r"*+(?P<body>\S.*?)" + _TRAILING_SPACE
)

# "1 行政運営の取組\t176" (a table-of-contents line: title, then the printed page number).
# The title ends at the first run of spaces that holds a tab, or at a dot leader "……".
TOC_ENTRY = regex.compile(
    r"^(?P<number>\d+)"
    + SPACE
    + r"++(?P<title>[^\t]+?)(?:(?<!"
    + SPACE
    + r")[ \u3000]*+\t|(?<![.…・])[.…・]{2,}+)"
    + SPACE
    + r"*+(?P<page>\d++)\s*+$"
)

# "(1) 行政運営の取組策定に当たっての基本的な考え方" (no tab: a heading, not a table row)
PART_HEADING = regex.compile(
    r"^(?P<printed>"
    + _OPEN
    + r"(?P<number>\d+)"
    + _CLOSE
    + r")[ \u3000]++(?P<title>[^\t]+?)"
    + _TRAILING_SPACE
)

# A row with a 所管 cell whose number is none of the above ("ア\t…\t所管\t…"): the first cell
UNKNOWN_NUMBER_ROW = regex.compile(r"^(?P<number>[^\t]{1,4}?)" + SPACE + r"*\t(?P<rest>\S.*)$")

# "1\t複合的な福祉課題等を抱える市民への支援促進事業\t所管\t保) 総務部"
# "2 行政手続のオンライン化の推進\t\t\t" (a parent row: no 所管)
INITIATIVE_ROW = regex.compile(r"^" + INITIATIVE_NUMBER + r"(?:" + SPACE + r"+)(?P<rest>\S.*)$")

# A year cell of a 目標 row, with or without its value: "2022年", "2022年 30.8%", "2022 年 —"
YEAR_CELL = regex.compile(
    r"^(?P<label>(?P<year>\d{4})\s*年(?:度)?)(?:\s*+(?P<value>\S.*?))?" + _TRAILING_SPACE
)

# The same row when cells are separated by spaces rather than tabs:
# "業務効率化により削減された作業時間 2022 年 50,861 時間 2027 年 130,000 時間"
TARGET_SPACED = regex.compile(
    r"^(?P<indicator>.*\S)\s++(?P<base_label>(?P<base_year>\d{4})\s*+年)"
    r"(?:\s++(?P<base_value>\S.*?))?(?<!\s)\s++(?P<target_label>(?P<target_year>\d{4})\s*+年)"
    r"(?:\s++(?P<target_value>\S.*?))?" + _TRAILING_SPACE
)

# "\t\t100%\t100%" (values printed on the line below their 目標 row)
VALUE_ROW = regex.compile(r"^\t++(?P<cells>\S.*?)" + _TRAILING_SPACE)

# "“市民のために、協働し、挑戦する市役所”"
QUOTED_LINE = regex.compile(r"^[“\"「『](?P<text>[^“”\"「」『』]+)[”\"」』]\s*$")

# --- fields ---------------------------------------------------------------------------------

# Separators between the entries of a 所管 cell: "総) 行政部、 デ) スマートシティ推進部"
DEPARTMENT_SEPARATOR = regex.compile(_run_start(r"\s") + r"\s*+[、，,]\s*+")

# One entry: "保) 総務部", "総）行政部" (bureau abbreviation, bracket, department)
DEPARTMENT_ENTRY = regex.compile(r"^(?P<abbr>[^\s)）(（]{1,3})\s*[)）]\s*(?P<department>\S.*?)$")

# A glossary term with an alias in brackets: "成果連動型民間委託契約方式（PFS）"
BRACKETED_ALIAS = regex.compile(r"^(?P<name>[^（(]+)[（(](?P<alias>[^）)]+)[）)]$")

# The colon between a glossary term and its definition: "：", ":" or " : "
TERM_COLON = regex.compile(_run_start(SPACE) + SPACE + r"*+[：:]" + SPACE + r"*+")

# What a spelling comparison ignores (after NFKC and case folding): spaces, hiragana and the
# long vowel mark, so that "取り組み" and "取組", "サーバー" and "サーバ" compare alike.
SPELLING_NOISE = regex.compile(r"[\s\p{Hiragana}ー]+")

# --- layout forms: what other page designs make of the same lines (issue 9) ------------------
# The PDF loader writes what a page shows; a design may set a heading after an ornament, a
# row's number after its name, 所管 in a row of its own. The rules that use these live in
# parsers/headings.py and parsers/initiatives.py. Runs of white space are taken possessively
# (``*+``), so that every pattern stays linear in the line.

# An ornament set before a heading, or a bullet before a list item: "■ 1 行政運営の取組",
# "◆ (1) 行政運営の…", "● 行政運営の目指す姿", "○ I 多様な…", "◆ 現状と課題" (which of the two
# it is, the rest of the line decides). ``rest`` keeps any trailing white space.
ORNAMENTS = "■□◆◇●○◎◉▲△▼▽▶▷►★☆◼◻◾◽・•"
ORNAMENT = regex.compile(r"^[" + ORNAMENTS + "]" + SPACE + r"*+(?P<rest>\S.*)$")

# The end of a sentence: a line that ends so is running text, never a heading
SENTENCE_END = regex.compile(r"[。\uff0e\uff01\uff1f]\s*+$")  # full stop, full-width . ! ?

# The ordinal of a row printed after its name, in a cell of its own: "…支援促進事業\t1",
# "…オンライン化推進\t①", "…\t(1)" (two digits at most: a longer number is a page or a value)
ORDINAL_CELL = regex.compile(
    r"(?:"
    + _OPEN
    + _CIRCLED
    + _CLOSE
    + "|"
    + _OPEN
    + r"\d{1,2}"
    + _CLOSE
    + "|"
    + _CIRCLED
    + r"|\d{1,2})"
)


# A sub-heading label set in brackets: "【現状と課題】", and the same in full-width square
# brackets (U+FF3B/U+FF3D), tortoise-shell brackets (U+3014/U+3015) or full-width angle
# brackets (U+FF1C/U+FF1E: "\uff1c主な事業\uff1e")
_LABEL = r"(?P<label>[^\u3010\u3011\uff3b\uff3d\u3014\u3015\uff1c\uff1e]+)"
LABEL_BRACKETS = regex.compile(
    r"^(?:\u3010"
    + _LABEL
    + r"\u3011|\uff3b"
    + _LABEL
    + r"\uff3d|\u3014"
    + _LABEL
    + r"\u3015|\uff1c"
    + _LABEL
    + r"\uff1e)$"
)

# --- contents pages and KPI tables -------------------------------------------------------------

# The number an entry of a contents page starts with, and what follows it: "I ", "1 ",
# "① ", "(1) ", and in the text "1\uff0e" (a full-width stop)
CONTENTS_NUMBER = regex.compile(
    r"^(?:"
    + "|".join(sorted(ROMAN_NUMERALS, key=len, reverse=True))
    + "|["
    + ROMAN_NUMERAL_CHARS
    + r"]|\d{1,3}|"
    + _CIRCLED
    + "|"
    + _OPEN
    + r"\d{1,3}"
    + _CLOSE
    + r")(?:[\uff0e.]|"
    + SPACE
    + r")++"
)
WHITE_SPACE = regex.compile(r"\s++")

# A number in a value: "40", "1,500"
NUMBER = regex.compile(r"\d[\d,.]*+")

# The year in a column's label: "現状値（2014年度）"
YEAR_IN_LABEL = regex.compile(r"\d{4}")

# --- patterns compiled from the plan's profile (parsers/profile.py) --------------------------
# Each holds a word of the plan's own vocabulary; the comment shows it with Sapporo's words.

# A list item's bullet: a dash before a space, or one of these (and the profile's bullets)
BULLET_DASHES = "-－‐−"
BULLETS = "・•●○◆■□"

_ROMAN = "|".join(sorted(ROMAN_NUMERALS, key=len, reverse=True)) + "|[" + ROMAN_NUMERAL_CHARS + "]"
NEVER = r"(?!)"  # a pattern for a form the profile does not have


def _words(words: Iterable[str]) -> str:
    """One of ``words``, longest first; a pattern that never matches when there is none."""
    words = sorted((w for w in words if w), key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(w) for w in words) + ")" if words else NEVER


def _separator(separators: Iterable[str]) -> str:
    """What stands between a heading's number and its title: white space (``1 題``) or a
    printed separator and any space after it (``1\uff0e題`` with a full-width stop)."""
    forms = []
    for separator in separators:
        if separator.strip():
            forms.append(regex.escape(separator) + r"[ \u3000]*+")
        else:
            forms.append(r"[ \u3000]++")
    return "(?:" + "|".join(forms) + ")"


@dataclass(frozen=True)
class Grammar:
    """The patterns of one profile, compiled once."""

    chapter_label: regex.Pattern[str]
    chapter_heading: regex.Pattern[str]
    numbered_heading: regex.Pattern[str]
    group_heading: regex.Pattern[str]
    policy_summary_heading: regex.Pattern[str]
    departments_cell: regex.Pattern[str]
    departments_row: regex.Pattern[str]
    and_others: regex.Pattern[str]
    target_row: regex.Pattern[str]
    bullet: regex.Pattern[str]
    table_header: regex.Pattern[str]
    headline_target: regex.Pattern[str]


def compile_grammar(profile: Profile) -> Grammar:
    chapter = (
        "^"
        + regex.escape(profile.chapter_prefix)
        + r"\s*(?P<number>\d+)\s*"
        + regex.escape(profile.chapter_suffix)
    )
    separator = _separator(profile.number_separators)
    responsible = _words(profile.responsible_labels)
    bullets = regex.escape(BULLETS + profile.bullets)
    arrow = _words([profile.headline_arrow or ""])
    return Grammar(
        # "第3章"
        chapter_label=regex.compile(chapter + r"\s*$"),
        # "第3章 行財政運営の取組"
        chapter_heading=regex.compile(chapter + SPACE + r"++(?P<title>\S.*?)" + _TRAILING_SPACE),
        # "1 行政サービスの高度化" (no tab; which level it opens is decided by context), and
        # with a separator the profile names (a full-width stop: "1\uff0e村の振興の…")
        numbered_heading=regex.compile(
            r"^(?P<number>\d+)" + separator + r"(?P<title>[^\t\s][^\t]*?)" + _TRAILING_SPACE
        ),
        # "I 多様な市民ニーズへのきめ細かな行政サービス提供体制の構築", or one-character numerals
        group_heading=regex.compile(
            r"^(?P<numeral>" + _ROMAN + r")" + separator + r"(?P<title>\S.*?)" + _TRAILING_SPACE
        ),
        # "取組方針1 行政サービスの高度化"
        policy_summary_heading=regex.compile(
            "^"
            + _words([profile.policy_announcement or ""])
            + SPACE
            + r"*(?P<number>\d+)"
            + SPACE
            + r"++(?P<title>\S.*?)"
            + _TRAILING_SPACE
        ),
        # The 所管 cell inside an initiative row: "\t所管\t総) 行政部", "\t所管 デ) スマート…"
        departments_cell=regex.compile(
            r"(?:^|[\t ])" + responsible + r"(?:[\t ]+|$)(?P<departments>.*)$"
        ),
        # 所管 in a row of its own: "所管：保) 総務部", "所管: 総) 行政部", "所管\t財) 税政部".
        # ``departments`` keeps any trailing white space.
        departments_row=regex.compile(
            "^"
            + responsible
            + r"(?:"
            + SPACE
            + r"*+[：:]"
            + SPACE
            + r"*+|"
            + SPACE
            + r"++)(?P<departments>\S.*)$"
        ),
        # "… 子) 子育て支援部 ほか": more departments than printed
        and_others=regex.compile(r"(?<!\s)\s*+" + _words([profile.and_others or ""]) + r"\s*+$"),
        # "目標\t複合的な福祉課題を抱える市民の支援方針が決まった割合\t2022年\t2027年"
        target_row=regex.compile(
            "^" + _words([profile.target_row_label or ""]) + SPACE + r"+(?P<rest>\S.*)$"
        ),
        # "- 市民の困りごとや不安に共感し…", "・シニア向けサマースクール事業"
        bullet=regex.compile(
            r"^(?:["
            + BULLET_DASHES
            + "]"
            + SPACE
            + r"++|["
            + bullets
            + r"]"
            + SPACE
            + r"*+)(?P<text>\S.*?)"
            + _TRAILING_SPACE
        ),
        # A KPI table's header: "重要業績評価指標 （KPI） \t現状値 （2014 年度） \t目標値 （…）"
        table_header=regex.compile(
            "^"
            + _words([profile.table_header or ""])
            + r"[^\t]*+(?P<rest>\t.*\S)"
            + _TRAILING_SPACE
        ),
        # A headline target: "高校の入学者数40人（2014 年度）→年40人（2019 年度）": indicator
        # and value, the year in brackets, the arrow, the value and its year
        headline_target=regex.compile(
            r"^(?P<first>[^\t（(]+?)[（(](?P<first_label>\d{4}\s*+年度?)[）)]"
            + SPACE
            + r"*+"
            + arrow
            + SPACE
            + r"*+(?P<second>[^\t（(]+?)[（(](?P<second_label>\d{4}\s*+年度?)[）)]"
            + _TRAILING_SPACE
        ),
    )


# The grammar of the profile the rules read now (``profile.active()``).
grammar: PerProfile[Grammar] = PerProfile(compile_grammar)


# The default profile's patterns under their names (what the tests of linear time read).
_DEFAULT = compile_grammar(bundled_profile(DEFAULT_PROFILE))
CHAPTER_LABEL = _DEFAULT.chapter_label
CHAPTER_HEADING = _DEFAULT.chapter_heading
NUMBERED_HEADING = _DEFAULT.numbered_heading
GROUP_HEADING = _DEFAULT.group_heading
POLICY_SUMMARY_HEADING = _DEFAULT.policy_summary_heading
DEPARTMENTS_CELL = _DEFAULT.departments_cell
DEPARTMENTS_ROW = _DEFAULT.departments_row
AND_OTHERS = _DEFAULT.and_others
TARGET_ROW = _DEFAULT.target_row
BULLET = _DEFAULT.bullet
