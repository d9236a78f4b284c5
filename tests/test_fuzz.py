"""Property tests: mutants of the corpus never crash keikaku, lose a line or vary between runs.

The number of examples is small by default so CI stays quick; set KEIKAKU_FUZZ_EXAMPLES
(e.g. 2000) for a long nightly run.
"""

import json
import os
import tempfile
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keikaku.pipeline.errors import InputError
from keikaku.pipeline.export_json import document_to_json
from keikaku.pipeline.export_schema import SCHEMA_FILE
from keikaku.pipeline.run import extract
from tests.conftest import MAIN_DOCUMENT

EXAMPLES = int(os.environ.get("KEIKAKU_FUZZ_EXAMPLES", "25"))
LINES = MAIN_DOCUMENT.read_text(encoding="utf-8").split("\n")
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))

# Pieces that look like the plan's own structure, so that garbage lands near the rules' edges.
PIECES = [
    "\t",
    "  ",
    "目標",
    "所管",
    "2022年",
    "2027年",
    "—",
    "-",
    "①",
    "(1)",
    "(①)",
    "I ",
    "II ",
    "¹⁸¹",
    "※178",
    "(注179)",
    "現状と課題",
    "取組内容",
    "第3章",
    "総) 行政部",
    "ほか",
    "、",
    "：",
    "「",
    "」",
    "1 ",
    "---",
    "“",
    "”",
    "- ",
]
garbage = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map("".join)


@st.composite
def mutants(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "change"]))
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "insert":
            lines.insert(index, draw(garbage))
        elif lines[index]:
            at = draw(st.integers(min_value=0, max_value=len(lines[index]) - 1))
            lines[index] = lines[index][:at] + draw(garbage) + lines[index][at + 1 :]
    return "\n".join(lines)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_mutants_extract_completely_and_identically(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.txt"
        path.write_text(text, encoding="utf-8")
        try:
            first = extract(path)
        except InputError:
            return  # a documented, one-line input error (e.g. nothing left of the structure)
        output = document_to_json(first)
        assert document_to_json(extract(path)) == output
    assert list(VALIDATOR.iter_errors(json.loads(output))) == []
    unassigned = {d.line for d in first.diagnostics if d.code == "unassigned"}
    stats = first.stats
    assert stats.lines_assigned + len(unassigned) == stats.lines_total
    assert not [d for d in first.diagnostics if d.code == "line-assigned-twice"]
