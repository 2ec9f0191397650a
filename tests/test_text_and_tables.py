"""Text checks and uploaded tables: clear refusals, Korean handled right, NSMC read as it is."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from playground import limits
from playground.data.tables import guess_columns, read_table
from playground.errors import BadInput
from playground.text import clean_text, dominant_script, split_lines


def test_clean_text_normalises_and_strips() -> None:
    decomposed = unicodedata.normalize("NFD", "좋은 영화")  # what macOS sends
    assert clean_text(f"  {decomposed}\x00\u200b ", limit=100) == "좋은 영화"
    assert clean_text("a\n\tb", limit=100) == "a b"
    assert clean_text("<b>bold</b>", limit=100) == "<b>bold</b>"  # text stays text; the UI escapes it


@pytest.mark.parametrize(
    ("value", "key"),
    [("", "empty_text"), ("   \n\t", "empty_text"), ("\x00\x01", "empty_text"), (None, "empty_text"),
     (123, "not_text"), (["a"], "not_text"), ("x" * 1_000_000, "text_too_long"), ("가" * 2001, "text_too_long")],
)
def test_bad_text_is_refused_with_its_reason(value: object, key: str) -> None:
    with pytest.raises(BadInput) as caught:
        clean_text(value, limit=2000)
    assert caught.value.key == key
    assert caught.value.message("en") and caught.value.message("ko") != caught.value.message("en")


def test_split_lines_limits() -> None:
    assert split_lines("좋아요\n\n  bad \n", max_lines=5, max_chars=10) == ["좋아요", "bad"]
    with pytest.raises(BadInput, match="lines"):
        split_lines("a\n" * 6, max_lines=5, max_chars=10)
    with pytest.raises(BadInput) as caught:
        split_lines(" \n ", max_lines=5, max_chars=10)
    assert caught.value.key == "no_lines"


@pytest.mark.parametrize(
    ("text", "script"),
    [("이 영화 정말 재밌어요", "ko"), ("ㅋㅋㅋ 최고 good", "ko"), ("bad", "en"), ("What a film!", "en"),
     ("2024", "en"), ("Marvel 영화", "ko"), ("I watched 기생충 last night with friends", "en")],
)
def test_dominant_script(text: str, script: str) -> None:
    assert dominant_script(text) == script


def test_nsmc_reviews_route_by_script(nsmc_path: Path) -> None:
    frame = read_table(nsmc_path).frame
    scripts = [dominant_script(t) for t in frame["document"]]
    assert scripts.count("ko") > 3500  # real NSMC: almost all Korean,
    assert "en" in scripts  # with a few English-only reviews such as "bad"


def test_nsmc_tsv_is_read_without_quoting(nsmc_path: Path) -> None:
    table = read_table(nsmc_path)
    assert table.frame.shape == (4000, 3)
    assert guess_columns(table.frame) == ("document", "label")
    assert set(table.frame["label"]) == {"0", "1"}


def test_cp949_csv_from_a_korean_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_bytes("리뷰,정답\n재밌어요,1\n별로예요,0\n".encode("cp949"))
    table = read_table(path)
    assert table.encoding == "cp949"
    assert guess_columns(table.frame) == ("리뷰", "정답")


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("broken.csv", b'text,label\n"unclosed quote,1\nok,0\n', "file_unreadable"),
        ("ragged.csv", b"text,label\na,1\nb,0,extra,fields\n", "file_unreadable"),
        ("empty.csv", b"", "file_empty"),
        ("header_only.csv", b"text,label\n", "file_empty"),
        ("binary.csv", bytes(range(256)) * 10, "file_unreadable"),
        ("latin.csv", b"text\n" + bytes([0xff, 0xfe, 0x80, 0x81]) * 4, "file_unreadable"),
        ("model.bin", b"text\nhello\n", "file_type"),
    ],
)
def test_bad_files_are_refused_clearly(tmp_path: Path, name: str, content: bytes, key: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert caught.value.key == key
    assert name in caught.value.message("en")


def test_row_and_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.csv"
    path.write_text("text\n" + "row\n" * 30, encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read_table(path, max_rows=20)
    assert caught.value.key == "file_too_many_rows"
    monkeypatch.setattr(limits, "TABLE_MAX_BYTES", 10)
    with pytest.raises(BadInput) as caught:
        read_table(path)
    assert caught.value.key == "file_too_big"
