"""Strings of the Summarize tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "summarize.intro": (
        "Shorten a text to its main points. Long texts are summarized part by part, then the parts' summaries are "
        "summarized again.",
        "글을 핵심만 남기고 줄여 보세요. 긴 글은 부분별로 요약한 뒤, 그 요약들을 다시 요약합니다.",
    ),
    "summarize.text": ("Text to summarize", "요약할 글"),
    "summarize.placeholder": (
        "Paste an article, a story or a movie synopsis (Korean or English)…",
        "기사, 이야기, 영화 줄거리를 붙여 넣으세요 (한국어나 영어)…",
    ),
    "summarize.length": ("Summary length", "요약 길이"),
    "summarize.short": ("Short", "짧게"),
    "summarize.medium": ("Medium", "보통"),
    "summarize.long": ("Long", "길게"),
    "summarize.run": ("Summarize", "요약하기"),
    "summarize.decoding": ("Decoding", "디코딩 설정"),
    "summarize.beams": ("Beams (more = careful but slower)", "빔 개수 (많을수록 신중하지만 느림)"),
    "summarize.sample": ("Sample instead of beam search (more varied)", "빔 탐색 대신 샘플링 (더 다양한 표현)"),
    "summarize.temperature": ("Temperature (when sampling)", "온도 (샘플링할 때)"),
    "summarize.summary": ("Summary", "요약"),
    "summarize.tokens": ("tokens", "토큰"),
    "summarize.shorter": ("{ratio:.1f}× shorter", "{ratio:.1f}배 짧아짐"),
    "summarize.not_shorter": ("not shorter than the text", "원문보다 짧지 않음"),
    "summarize.parts": (
        "The text was longer than the model reads at once: {chunks} parts, {rounds} rounds of summaries.",
        "글이 모델이 한 번에 읽는 길이보다 길어서 {chunks}부분으로 나누어 {rounds}번에 걸쳐 요약했습니다.",
    ),
    "summarize.stopped": ("Stopped: this covers only what was done.", "정지됨: 끝난 부분까지의 요약입니다."),
}
