"""The languages Translate offers, and an offline detector for "detect" (lingua, restricted to these languages).

>>> detect("오늘 날씨가 정말 좋네요.")
Detection(language='ko', confidence=1.0)
>>> name("ja")
'Japanese · 일본어'
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from playground.errors import BadInput, Message

DETECT = "detect"
# ISO 639-1 code -> (English name, Korean name, lingua's name). Korean and English first: the playground's own.
LANGUAGES: dict[str, tuple[str, str, str]] = {
    "ko": ("Korean", "한국어", "KOREAN"),
    "en": ("English", "영어", "ENGLISH"),
    "ja": ("Japanese", "일본어", "JAPANESE"),
    "zh": ("Chinese", "중국어", "CHINESE"),
    "fr": ("French", "프랑스어", "FRENCH"),
    "de": ("German", "독일어", "GERMAN"),
    "es": ("Spanish", "스페인어", "SPANISH"),
    "vi": ("Vietnamese", "베트남어", "VIETNAMESE"),
    "ru": ("Russian", "러시아어", "RUSSIAN"),
}
# Languages written without spaces between words: their sentences are joined without one.
NO_SPACES = frozenset({"ja", "zh"})
MIN_CONFIDENCE = 0.5  # below this, "detect" asks the student to choose

_detector: Any = None
_detector_lock = threading.Lock()


def name(code: str) -> str:
    english, korean, _ = LANGUAGES[code]
    return f"{english} · {korean}"


def named(code: str) -> Message:
    """A language's name as a message parameter: English on an English page, Korean on a Korean one (not both)."""
    english, korean, _ = LANGUAGES[code]
    return Message("language_name", en=english, ko=korean)


def checked(value: object, *, allow_detect: bool = False) -> str:
    """A known language code (or "detect"), or :class:`BadInput` listing them. Names are accepted too."""
    allowed = [*LANGUAGES, *([DETECT] if allow_detect else [])]
    if isinstance(value, str):
        text = value.strip()
        lowered = text.lower()
        if lowered in allowed:
            return lowered
        for code, (english, korean, _) in LANGUAGES.items():
            if lowered in (english.lower(), korean) or text == name(code):
                return code
    raise BadInput("unknown_language", value=str(value)[:40], allowed=", ".join(allowed))


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float  # 0-1, lingua's relative confidence among the offered languages


def detect(text: str) -> Detection:
    """The most likely of :data:`LANGUAGES` for ``text``, with lingua's confidence (offline, no model download)."""
    values = _lingua().compute_language_confidence_values(text[:2000])
    by_name = {lingua: code for code, (_, _, lingua) in LANGUAGES.items()}
    for value in values:
        code = by_name.get(value.language.name)
        if code:
            return Detection(code, round(float(value.value), 3))
    return Detection("en", 0.0)


def _lingua() -> Any:
    global _detector
    with _detector_lock:
        if _detector is None:
            from lingua import Language, LanguageDetectorBuilder

            languages = [getattr(Language, lingua) for _, _, lingua in LANGUAGES.values()]
            _detector = LanguageDetectorBuilder.from_languages(*languages).build()
        return _detector
