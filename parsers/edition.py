"""The edition a plan prints of itself: 「アクションプラン2023」 → "2023".

A plan names itself with its edition year right after the plan word (data:
``parsers/data/editions.toml``), so the year of 「アクションプラン2023では以下の4つの…」 is the
edition, while 「令和5年（2023年）3月に策定した」 is a date and 「2023年9月現在」 a point in time.
The plan names itself more often than any other plan it cites, so the most frequent such
year wins (ties: the first printed).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

import regex

from keikaku.pipeline.model import Line


@cache
def _edition_pattern() -> regex.Pattern[str]:
    data = tomllib.loads(files("keikaku.parsers").joinpath("data/editions.toml").read_text("utf-8"))
    words = "|".join(regex.escape(word) for word in data["plan_words"])
    # the year follows the plan word at once and goes on into neither a digit nor a date
    return regex.compile(r"(?:" + words + r")[ \u3000]?((?:19|20)\d{2})(?![\d年月./])")


def printed_edition(lines: Iterable[Line]) -> str | None:
    """The edition year the plan prints after its own name most often, or ``None``."""
    years: Counter[str] = Counter()
    pattern = _edition_pattern()
    for line in lines:
        years.update(match.group(1) for match in pattern.finditer(line.text))
    if not years:
        return None
    return years.most_common(1)[0][0]  # Counter keeps first-seen order among equal counts
