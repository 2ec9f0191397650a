"""Collapsed output (a model repeating itself): repetition is detected per sentence / part, never shown, and noted."""

from __future__ import annotations

import pytest

from playground.tasks import seq2seq, summarize, translate
from playground.tasks.seq2seq import Generated

SPAN_KO = ("시의회는 월요일에 회의를 열어 학교를 위한 새 예산안을 승인했으며, 내년부터 모든 초등학교에 도서관 사서를 "
           "배치하고 급식 예산을 늘리기로 했다. ")  # about 100 characters, said three times below
SPAN_EN = ("The council met on Monday and approved the new school budget, which puts a librarian in every primary "
           "school from next year and raises the lunch budget. ")  # about 150 characters
REPEATED_BLOCKS = [SPAN_KO * 3, "요약하면 다음과 같다. " + SPAN_KO * 3, SPAN_EN * 3 + "That is all.", SPAN_EN * 4]


@pytest.mark.parametrize("text", [
    "ㅋ" * 250, "connect" * 40, "네 " * 30, "The film was good. " + "very " * 30,
    "좋아요좋아요좋아요좋아요좋아요좋아요좋아요", *REPEATED_BLOCKS,
])
def test_repetition_is_collapse(text: str) -> None:
    assert seq2seq.collapsed(text)


@pytest.mark.parametrize("text", [
    "정말 재미있어요 ㅋㅋㅋ", "hahaha, that was fun.", "", "The weather is lovely today, so we are going to the park.",
    "1, 2, 3, 4, 5, 6, 7, 8, 9, 10.",
    "오늘은 날씨가 정말 좋아서 친구들과 한강 공원에 갔습니다. 저녁에는 김치찌개를 먹었어요.",
    "Mississippi is a long river in the United States.",
    SPAN_KO * 2, SPAN_EN + SPAN_KO + SPAN_EN, "I said yes, yes, yes to the trip, and we went to Busan by train.",
    "Row, row, row your boat, gently down the stream. Merrily, merrily, merrily, merrily, life is but a dream.",
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


@pytest.mark.parametrize("block", [SPAN_KO * 3, SPAN_EN * 3])
def test_a_repeated_block_is_not_shown_in_a_summary_or_a_translation(engine, monkeypatch, block: str) -> None:
    """A model that loops over a sentence or two (a ~100-150 character span three times) is caught like one
    that repeats a character: the summary and the translated sentence are left out and noted."""
    monkeypatch.setattr(seq2seq, "generate", lambda engine, runner, texts, settings, **kw: [
        Generated(block, 10, 200) for _ in texts])
    summary = summarize.summarize(engine, "오늘은 날씨가 좋았다. 우리는 공원에 갔다.", "tiny/seq2seq-ko")
    assert summary.text == "" and summary.note.key == "output_collapsed"
    translated = translate.translate(engine, "첫 문장입니다.", "ko", "en")
    assert translated.text == "" and translated.note.key == "output_collapsed"
