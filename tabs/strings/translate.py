"""Strings of the Translate tab, in English and Korean (same keys)."""

from __future__ import annotations

EN: dict[str, str] = {
    "translate.intro": "Translate between Korean, English, Japanese, Chinese, French, German, Spanish, Vietnamese and "
    "Russian. Each sentence is translated; lines and paragraphs stay where they were.",
    "translate.model_info": "“auto” uses a model made for the language pair when there is one, else a many-language "
    "model.",
    "translate.source": "From",
    "translate.target": "To",
    "translate.detect": "Detect language",
    "translate.swap": "⇄ Swap",
    "translate.text": "Text",
    "translate.placeholder": "Type or paste text; several lines are translated together…",
    "translate.run": "Translate",
    "translate.result": "Translation",
    "translate.details": "Details",
}

KO: dict[str, str] = {
    "translate.intro": "한국어, 영어, 일본어, 중국어, 프랑스어, 독일어, 스페인어, 베트남어, 러시아어 사이를 "
    "번역해 보세요. 문장마다 번역하고, 줄과 문단은 그대로 둡니다.",
    "translate.model_info": "“auto”는 그 언어 쌍 전용 모델이 있으면 그것을, 없으면 여러 언어 모델을 씁니다.",
    "translate.source": "원문 언어",
    "translate.target": "번역할 언어",
    "translate.detect": "언어 자동 감지",
    "translate.swap": "⇄ 바꾸기",
    "translate.text": "텍스트",
    "translate.placeholder": "번역할 글을 입력하거나 붙여 넣으세요. 여러 줄도 한꺼번에 번역합니다…",
    "translate.run": "번역하기",
    "translate.result": "번역 결과",
    "translate.details": "자세히",
}
