"""Golden examples: does a loaded model answer the way a working one must? (``--prepare`` asks them.)

Not a benchmark: one or two questions per task and language that any working model of the catalog gets right and
a broken one (random weights, a tokenizer that loses the text, a collapsed decoder) gets wrong.

>>> [c.describe() for c in check(engine, engine.catalog.entry("sentiment", "daekeun-ml/koelectra-small-v3-nsmc"))]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playground.catalog import ModelEntry
from playground.text import dominant_script

REVIEWS = {  # (clearly positive, clearly negative), NSMC-style
    "ko": ("정말 재미있고 감동적인 영화였어요. 배우들 연기도 최고! 또 보고 싶어요.",
           "시간 낭비였다. 지루하고 유치하고 최악의 영화. 돈 아깝다."),
    "en": ("An absolutely wonderful, moving film. I loved every minute of it.",
           "A boring, terrible waste of time. I hated it."),
}
SENTENCES = {  # a short sentence and words one of which its translation must contain
    ("ko", "en"): ("저는 학생입니다.", ("student",)),
    ("en", "ko"): ("I love my mother.", ("어머니", "엄마", "어머님")),
}
PASSAGES = {
    "ko": ("서울시는 내년부터 모든 초등학교에 무료 급식을 확대한다고 밝혔다. 이에 따라 약 40만 명의 학생이 혜택을 "
           "받게 된다. 시는 이를 위해 2천억 원의 예산을 마련했다. 학부모 단체는 환영의 뜻을 밝혔지만, 일부에서는 "
           "재정 부담을 우려하는 목소리도 나왔다. 시는 교육청과 협력해 급식의 질도 함께 높이겠다고 설명했다."),
    "en": ("The city council announced on Monday that all public libraries will stay open until midnight during "
           "the exam season. The decision follows a petition signed by more than ten thousand students. Council "
           "members said the extra hours will cost about two million dollars, paid from the education budget. "
           "Library staff welcomed the plan but asked for more security at night."),
}
QUESTIONS = {  # a chat question; the answer must be non-empty and in the asked language
    "ko": "한국의 수도는 어디인가요? 한 문장으로 답해 주세요.",
    "en": "What is the capital of France? Answer in one sentence.",
}


@dataclass(frozen=True)
class Check:
    """One golden example and how the model did."""

    task: str
    language: str
    question: str
    answer: str
    ok: bool
    expected: str

    def describe(self) -> str:
        return (f"{self.task} ({self.language}): {self.question[:40]!r} → {self.answer[:60]!r}; "
                f"expected {self.expected}")


def check(engine: object, entry: ModelEntry) -> list[Check]:
    """Every golden example that applies to ``entry``; an example that raises counts as a wrong answer."""
    runs: list[tuple[str, str, str, str, Callable[[], tuple[str, bool]]]] = []
    if entry.task == "sentiment":
        for lang in (lg for lg in entry.languages if lg in REVIEWS):
            for text, label in zip(REVIEWS[lang], ("positive", "negative"), strict=True):
                runs.append(("sentiment", lang, text, f"label {label}", _sentiment(engine, entry, text, label)))
    elif entry.task == "translate":
        for (src, tgt), (text, words) in SENTENCES.items():
            if _translates(entry, src, tgt):
                runs.append(("translate", f"{src}→{tgt}", text, f"one of {words}",
                             _translation(engine, entry, text, src, tgt, words)))
    elif entry.task == "summarize":
        for lang in (lg for lg in entry.languages if lg in PASSAGES):
            runs.append(("summarize", lang, PASSAGES[lang], f"shorter, in the {lang} script, reusing the text's words",
                         _summary(engine, entry, PASSAGES[lang], lang)))
    elif entry.task == "chat":
        for lang in (lg for lg in entry.languages if lg in QUESTIONS):
            runs.append(("chat", lang, QUESTIONS[lang], f"a non-empty answer in {lang}",
                         _chat(engine, entry, QUESTIONS[lang], lang)))
    checks = []
    for task, lang, question, expected, run in runs:
        try:
            answer, ok = run()
        except Exception as exc:  # noqa: BLE001 - a model that fails on its golden example answers wrong
            answer, ok = f"raised {type(exc).__name__}", False
        checks.append(Check(task, lang, question, answer, ok, expected))
    return checks


def _translates(entry: ModelEntry, source: str, target: str) -> bool:
    from playground.tasks import translate

    return translate.supports(entry, source, target)


def _sentiment(engine: object, entry: ModelEntry, text: str, label: str) -> Callable[[], tuple[str, bool]]:
    def run() -> tuple[str, bool]:
        from playground.tasks import sentiment

        result = sentiment.analyze(engine, [text], entry.id)[0]  # type: ignore[arg-type]
        return f"{result.label} ({result.score:.2f})", result.label == label

    return run


def _translation(engine: object, entry: ModelEntry, text: str, source: str, target: str,
                 words: tuple[str, ...]) -> Callable[[], tuple[str, bool]]:
    def run() -> tuple[str, bool]:
        from playground.tasks import translate

        out = translate.translate(engine, text, source, target, entry.id).text  # type: ignore[arg-type]
        return out, any(word.lower() in out.lower() for word in words) and dominant_script(out) == target_script(
            target)

    return run


def _summary(engine: object, entry: ModelEntry, text: str, language: str) -> Callable[[], tuple[str, bool]]:
    def run() -> tuple[str, bool]:
        from playground.tasks import summarize

        out = summarize.summarize(engine, text, entry.id,  # type: ignore[arg-type]
                                  summarize.Options(length="short")).text
        return out, (bool(out.strip()) and len(out) < len(text) and dominant_script(out) == target_script(language)
                     and borrowed(out, text) >= MIN_BORROWED)

    return run


def _chat(engine: object, entry: ModelEntry, question: str, language: str) -> Callable[[], tuple[str, bool]]:
    def run() -> tuple[str, bool]:
        from playground.tasks import chat

        answer = ""
        sampling = chat.Sampling(temperature=0.0, max_new_tokens=64)
        for reply in chat.stream_reply(engine, question, model=entry.id, sampling=sampling):  # type: ignore[arg-type]
            answer = reply.text
        return answer, bool(answer.strip()) and dominant_script(answer) == target_script(language)

    return run


MIN_BORROWED = 0.5  # a summary of news reuses the text's words: at least half of its words appear in the text


def borrowed(summary: str, text: str) -> float:
    """Share of ``summary``'s words (two letters or more) found in ``text``; random output scores near 0."""
    words = [w for w in re.findall(r"\w{2,}", summary.lower())]
    source = text.lower()
    return sum(1 for w in words if w in source) / len(words) if words else 0.0


def target_script(language: str) -> str:
    """What :func:`playground.text.dominant_script` says for text in ``language`` ("ko" for Hangul, else "en")."""
    return "ko" if language == "ko" else "en"
