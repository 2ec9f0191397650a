"""Strings of the Summarize tab, in English and Korean (same keys)."""

from __future__ import annotations

EN: dict[str, str] = {
    "summarize.intro": "Shorten a text to its main points. Long texts are summarised part by part, then the parts' "
    "summaries are summarised again.",
    "summarize.text": "Text to summarise",
    "summarize.placeholder": "Paste an article, a story or a movie synopsis (Korean or English)…",
    "summarize.length": "Summary length",
    "summarize.short": "Short",
    "summarize.medium": "Medium",
    "summarize.long": "Long",
    "summarize.run": "Summarise",
    "summarize.decoding": "Decoding",
    "summarize.beams": "Beams (more = careful but slower)",
    "summarize.sample": "Sample instead of beam search (more varied)",
    "summarize.temperature": "Temperature (when sampling)",
    "summarize.summary": "Summary",
    "summarize.stats": "Counts",
}

KO: dict[str, str] = {
    "summarize.intro": "글을 핵심만 남기고 줄여 보세요. 긴 글은 부분별로 요약한 뒤, 그 요약들을 다시 요약합니다.",
    "summarize.text": "요약할 글",
    "summarize.placeholder": "기사, 이야기, 영화 줄거리를 붙여 넣으세요 (한국어나 영어)…",
    "summarize.length": "요약 길이",
    "summarize.short": "짧게",
    "summarize.medium": "보통",
    "summarize.long": "길게",
    "summarize.run": "요약하기",
    "summarize.decoding": "디코딩 설정",
    "summarize.beams": "빔 개수 (많을수록 신중하지만 느림)",
    "summarize.sample": "빔 탐색 대신 샘플링 (더 다양한 표현)",
    "summarize.temperature": "온도 (샘플링할 때)",
    "summarize.summary": "요약",
    "summarize.stats": "통계",
}
