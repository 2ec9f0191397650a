"""Strings of the Translate tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

from playground.tasks.languages import LANGUAGES

STRINGS: dict[str, tuple[str, str]] = {
    "translate.intro": (
        "Translate between Korean, English, Japanese, Chinese, French, German, Spanish, Vietnamese and Russian. "
        "Each sentence is translated; lines and paragraphs stay where they were.",
        "한국어, 영어, 일본어, 중국어, 프랑스어, 독일어, 스페인어, 베트남어, 러시아어 사이를 번역해 보세요. "
        "문장마다 번역하고, 줄과 문단은 그대로 둡니다.",
    ),
    "translate.model_info": (
        "“auto” uses a model made for the language pair when there is one, else a many-language model.",
        "“auto”는 그 언어 쌍 전용 모델이 있으면 그것을, 없으면 여러 언어 모델을 씁니다.",
    ),
    "translate.source": ("From", "원문 언어"),
    "translate.target": ("To", "번역할 언어"),
    "translate.detect": ("Detect language", "언어 자동 감지"),
    "translate.swap": ("⇄ Swap", "⇄ 바꾸기"),
    "translate.text": ("Text", "텍스트"),
    "translate.placeholder": (
        "Type or paste text; several lines are translated together…",
        "번역할 글을 입력하거나 붙여 넣으세요. 여러 줄도 한꺼번에 번역합니다…",
    ),
    "translate.run": ("Translate", "번역하기"),
    "translate.result": ("Translation", "번역 결과"),
    "translate.auto": ("auto (the best model for the language pair)", "auto (언어 쌍에 맞는 모델)"),
    "translate.chosen_later": (
        "The model is chosen once the language is detected.",
        "언어를 감지한 뒤 모델을 고릅니다.",
    ),
    "translate.detected": ("detected", "감지됨"),
    "translate.confidence": ("confidence", "확신도"),
    "translate.sentences": ("sentence(s)", "문장"),
    "translate.uncertain": (
        "The language guess is uncertain: choose the source language if the result looks wrong.",
        "언어 감지가 확실하지 않습니다. 결과가 이상하면 원문 언어를 직접 고르세요.",
    ),
    "translate.stopped": ("Stopped: only part of the text was translated.", "정지됨: 일부만 번역했습니다."),
}
# each language's name alone, in the page's language (choices, details line)
STRINGS.update({f"translate.lang.{code}": (english, korean) for code, (english, korean, _) in LANGUAGES.items()})
