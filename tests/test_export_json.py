"""The one-pass JSON writer gives the bytes of ``json.dumps(indent=2)`` on the plain model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keikaku.pipeline.export_json import document_to_json, dumps, to_plain
from keikaku.pipeline.model import INTERNAL, Diagnostic, Source
from keikaku.pipeline.run import extract
from tests.conftest import corpus_documents


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
