"""The one-pass JSON writer gives the bytes of ``json.dumps(indent=2)`` on the plain model."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keikaku.pipeline.export_json import document_to_json, dumps, encode, to_plain
from keikaku.pipeline.model import INTERNAL, Box, Diagnostic, ParsedValue, Source
from keikaku.pipeline.run import extract
from tests.conftest import MAIN_DOCUMENT, corpus_documents


def reference(value: object) -> str:
    return json.dumps(to_plain(value), ensure_ascii=False, indent=2)


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem)
def test_document_bytes_equal_the_json_module(path) -> None:
    document = extract(path)
    expected = json.dumps(
        {"schema_version": document.schema_version, **to_plain(document)},
        ensure_ascii=False,
        indent=2,
    )
    assert document_to_json(document) == expected + "\n"


@dataclass(frozen=True)
class Node:
    kind = "node"  # a plain class attribute, as the model's ClassVar
    id: str
    values: tuple[object, ...]
    hidden: tuple[int, ...] = field(default=(), metadata=INTERNAL)


@dataclass(frozen=True)
class Empty:
    pass


VALUES = [
    pytest.param({}, id="empty-dict"),
    pytest.param([], id="empty-list"),
    pytest.param([[], {}, [[]]], id="nested-empties"),
    pytest.param('改行\n タブ\t 引用" 逆斜線\\ 制御\x01 絵文字😀 〜', id="escapes-kept-utf8"),
    pytest.param([True, False, None, 0, -1, 10**30], id="constants-and-ints"),
    pytest.param([0.1, -0.0, 1e300, float("nan"), float("inf"), float("-inf")], id="floats"),
    pytest.param({2: "a", 2.5: "b", True: "c", None: "d"}, id="keys-made-strings"),
    pytest.param(Node("n1", (Source(3, 4), Diagnostic("info", "c", "m", None)), (1,)), id="model"),
    pytest.param([Empty(), (Empty(),)], id="dataclass-without-fields"),
]


@pytest.mark.parametrize("value", VALUES)
def test_values_as_the_json_module_writes_them(value: object) -> None:
    assert dumps(value) == reference(value)


@pytest.mark.parametrize(
    "value", [object(), {(1, 2): "tuple key"}, Node], ids=["object", "tuple-key", "class"]
)
def test_what_json_refuses_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        reference(value)
    with pytest.raises(TypeError):
        dumps(value)


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_any_plain_value_as_the_json_module_writes_it(value: object) -> None:
    assert dumps(value) == reference(value)


# orjson writes the document's parts (``encode``): every value the model can hold must come out
# as ``json`` writes it, orjson's own spellings (floats, NaN) and refusals (integers past 64
# bits, lone surrogates, other types) included.
@dataclass(frozen=True)
class Measured:
    kind = "measured"
    values: tuple[object, ...]
    box: Box
    parsed: ParsedValue
    settings: dict[str, object]


HOSTILE = [
    pytest.param("".join(map(chr, range(0x20))) + '"\\/\x7f', id="control-characters"),
    pytest.param("\u2028\u2029\ufeff\ufffe\U0010ffff😀〜", id="separators-bom-astral"),
    pytest.param(["\ud800", "a\udfffb"], id="lone-surrogates"),
    pytest.param([2**63 - 1, -(2**63), 2**64, -(2**64) - 1, 10**30], id="integers-past-64-bits"),
    pytest.param(
        [1e16, 1e15, 0.1, -0.0, 100.0, 1e-07, 5e-324, -2.5e-05, 1.7976931348623157e308],
        id="float-spellings",
    ),
    pytest.param([float("nan"), float("inf"), float("-inf")], id="nan-and-infinities"),
    pytest.param({"a": [], "b": {}, "c": [[], {}]}, id="empty-containers"),
    pytest.param({1: "int key", "s": 1e-07}, id="non-string-key"),
    pytest.param({"nested": {"deep": [1e-07, {"x": float("nan")}]}}, id="floats-in-dicts"),
    pytest.param(Box(1, 1e-05, 0.0, -0.0, 841.89), id="box-of-small-floats"),
    pytest.param(ParsedValue("quantity", value=1e-07, unit="％"), id="parsed-small-float"),
    pytest.param(ParsedValue("quantity", value=10**30), id="parsed-huge-int"),
    pytest.param(
        Measured((1e-07, "\ud800"), Box(2, 1.5, 2.5, 3.5, 4.5), ParsedValue("absent"), {}),
        id="dataclass-with-hostile-members",
    ),
    pytest.param(
        Measured((), Box(2, 1.0, 2.0, 3.0, 4.0), ParsedValue("quantity", 3.0), {"k": [1e-20]}),
        id="dataclass-with-checked-dict",
    ),
    pytest.param([Empty(), (Empty(),), Node("n", ((), {}), (1,))], id="empty-dataclasses"),
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_as_the_json_module_writes_them(value: object) -> None:
    assert encode(value) == reference(value)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("level", [1, 3])
def test_hostile_values_written_deeper(value: object, level: int) -> None:
    indent = "\n" + "  " * level
    assert encode(value, level) == reference(value).replace("\n", indent)


def test_a_document_with_hostile_values_is_written_as_the_json_module_writes_it() -> None:
    document = extract(MAIN_DOCUMENT)
    chapter = document.chapters[0]
    info = dataclasses.replace(
        document.document, manifest={"scale": 1e-07, "huge": 10**30, "text": "\u2028\x01"}
    )
    source = dataclasses.replace(chapter.source, boxes=(Box(1, 1e-05, 2.0, float("nan"), 4.0),))
    hostile = dataclasses.replace(
        document, document=info, chapters=(dataclasses.replace(chapter, source=source),)
    )
    expected = json.dumps(
        {"schema_version": hostile.schema_version, **to_plain(hostile)},
        ensure_ascii=False,
        indent=2,
    )
    assert document_to_json(hostile) == expected + "\n"


@settings(max_examples=300, deadline=None)
@given(plain | st.floats() | st.dictionaries(st.integers(), plain, max_size=3))
def test_any_plain_value_encoded_as_the_json_module_writes_it(value: object) -> None:
    assert encode(value) == reference(value)
