"""Files keikaku cannot read: one line naming the file and the cause, exit 1, no output."""

import pytest

from keikaku.pipeline.cli import main

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02"
NOVEL = (
    "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n\n"
    "何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\n"
)

CASES = [
    pytest.param("plan.txt", b"", "empty file", id="empty"),
    pytest.param("plan.txt", b" \n\t\n\r\n\n", "empty file", id="whitespace-only"),
    pytest.param("plan.txt", b"abc\x00def\n", "binary data (NUL", id="nul-bytes"),
    pytest.param("plan.txt", PNG, "binary data (NUL", id="png-named-txt"),
    pytest.param(
        "plan.txt", b"plan \x81\x20 text", "not text in a known encoding", id="no-known-encoding"
    ),
    pytest.param(
        "plan.txt",
        b"\x80\x81\x82 text",
        "binary data, not text (read as shift_jis",
        id="control-bytes",
    ),
    pytest.param(
        "plan.txt",
        b"\xff\xfe" + bytes(range(1, 200)),
        "not UTF-16 text after its",
        id="utf16-bom-then-odd-bytes",
    ),
    pytest.param(
        "plan.txt",
        b"\xff\xfe" + "".join(map(chr, range(1, 9))).encode("utf-16-le") * 9,
        "binary data, not text (read as utf-16)",
        id="utf16-bom-then-controls",
    ),
    pytest.param(
        "plan.txt",
        b"\xef\xbb\xbf\xff\xff",
        "not UTF-8 text after its UTF-8 byte-order",
        id="utf8-bom-then-binary",
    ),
    pytest.param("plan.txt", NOVEL.encode(), "no plan structure found", id="novel"),
    pytest.param("plan.pdf", PNG, "not a PDF file (PNG image data)", id="png-named-pdf"),
    pytest.param("plan.docx", b"PK\x03\x04", "unsupported file type '.docx'", id="docx"),
]


@pytest.mark.parametrize(("name", "data", "reason"), CASES)
def test_unreadable_file(tmp_path, capsys, name, data, reason) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out"
    assert main(["extract", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith(f"keikaku: error: {bad}: {reason}"), err
    assert "Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []


def test_missing_file(tmp_path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nothing.txt"), "-o", str(tmp_path / "o")]) == 1
    assert (
        capsys.readouterr().err
        == f"keikaku: error: {tmp_path / 'nothing.txt'}: No such file or directory\n"
    )


def test_a_20_megabyte_single_line(tmp_path, capsys) -> None:
    """No hang, no crash: a huge line without structure is reported like any other."""
    bad = tmp_path / "huge.txt"
    bad.write_text("市民サービスの向上を図ります。" * 1_400_000, encoding="utf-8")
    assert bad.stat().st_size > 20_000_000
    limit = ["--max-text-mib", "64"]  # over the default limit for text input, on purpose
    assert main(["extract", str(bad), "-o", str(tmp_path / "o"), *limit]) == 1
    assert "no plan structure found (none of its 1 lines" in capsys.readouterr().err


def test_a_huge_paragraph_inside_a_plan_is_analysed(tmp_path) -> None:
    from tests.conftest import extract_text

    text = "第1章 章\n\n1 節\n\n(1) 部\n\n" + "市民サービスの向上を図ります。" * 20_000 + "\n"
    document = extract_text(tmp_path, text)
    (paragraph,) = document.chapters[0].children[0].children[0].children
    assert len(paragraph.text) == 15 * 20_000
