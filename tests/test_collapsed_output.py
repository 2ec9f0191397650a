"""Collapsed output (issue 12): repetition is detected per sentence / part, never shown, and noted."""

from __future__ import annotations

import pytest

from playground.tasks import seq2seq, summarize, translate
from playground.tasks.seq2seq import Generated


@pytest.mark.parametrize("text", [
    "ㅋ" * 250, "connect" * 40, "네 " * 30, "The film was good. " + "very " * 30,
    "좋아요좋아요좋아요좋아요좋아요좋아요좋아요",
])
def test_repetition_is_collapse(text: str) -> None:
    assert seq2seq.collapsed(text)


@pytest.mark.parametrize("text", [
    "정말 재미있어요 ㅋㅋㅋ", "hahaha, that was fun.", "", "The weather is lovely today, so we are going to the park.",
    "1, 2, 3, 4, 5, 6, 7, 8, 9, 10.",
    "오늘은 날씨가 정말 좋아서 친구들과 한강 공원에 갔습니다. 저녁에는 김치찌개를 먹었어요.",
    "Mississippi is a long river in the United States.",
])
def test_ordinary_text_is_not_collapse(text: str) -> None:
    assert not seq2seq.collapsed(text)


def _collapse_second(monkeypatch: pytest.MonkeyPatch) -> None:
    real = seq2seq.generate

    def generate(engine, runner, texts, settings, **kwargs):
        results = real(engine, runner, texts, settings, **kwargs)
        return [Generated("ㅋ" * 250, r.input_tokens, 250) if i == 1 else r for i, r in enumerate(results)]

    monkeypatch.setattr(seq2seq, "generate", generate)


def test_a_collapsed_sentence_is_left_out_of_the_translation_and_noted(engine, monkeypatch) -> None:
    _collapse_second(monkeypatch)
    result = translate.translate(engine, "첫 문장입니다. 둘째 문장입니다. 셋째 문장입니다.", "ko", "en")
    assert "ㅋㅋㅋ" not in result.text
    assert result.note.key == "output_collapsed"  # data: a message key and its numbers, rendered by the page
    assert "1 of 3 sentence(s) collapsed" in result.note.text("en") and "3개 중 1개 문장" in result.note.text("ko")
    assert "collapsed" not in result.note.text("ko") and "문장" not in result.note.text("en")
    plain = translate.translate(engine, "첫 문장입니다.", "ko", "en")
    assert plain.note == ""


def test_a_collapsed_summary_is_not_shown(engine, monkeypatch) -> None:
    monkeypatch.setattr(seq2seq, "generate", lambda engine, runner, texts, settings, **kw: [
        Generated("ㅋ" * 250, 10, 250) for _ in texts])
    result = summarize.summarize(engine, "오늘은 날씨가 좋았다. 우리는 공원에 갔다.", "tiny/seq2seq-ko")
    assert result.text == "" and result.note.key == "output_collapsed"
    assert "collapsed" in result.note.text("en") and "요약" in result.note.text("ko")
