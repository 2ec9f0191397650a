"""Every UI string in Korean and English, for ``gr.I18n``. Keys are grouped by tab.

The page follows the browser's language, and the footer's Settings panel switches it (한국어 / English).
"""

from __future__ import annotations

import gradio as gr

from . import strings

EN: dict[str, str] = {
    # page
    "app.title": "🤗 The Playground",
    "app.intro": "Try the Hugging Face ecosystem hands-on: every tab runs open models from the Hub. "
    "Each tab shows the model's license and the Python that reproduces its result.",
    "tab.chat": "Chat",
    "tab.sentiment": "Sentiment",
    "tab.summarize": "Summarize",
    "tab.translate": "Translate",
    "tab.image": "Image",
    "tab.datasets": "Datasets",
    # shared pieces
    "common.model": "Model",
    "common.model_info": "“auto” sends Korean text to the Korean model and other text to the English one.",
    "common.show_code": "Show the code",
    "common.code": "Python that reproduces this result",
    "common.examples": "Examples",
    "common.run": "Analyse",
    "common.stop": "Stop",
    "common.clear": "Clear",
    "common.no_models": "This playground's catalog offers no model for this tab (on ZeroGPU: none was preloaded).",
    # chat
    "chat.intro": "Chat with a small open model. It answers token by token; Stop ends it at once.",
    "chat.message": "Message",
    "chat.placeholder": "e.g. 한국의 수도는 어디인가요? / Explain what a transformer is in two sentences.",
    "chat.send": "Send",
    "chat.conversation": "Conversation",
    "chat.settings": "Settings",
    "chat.preset": "Role",
    "chat.system": "System prompt",
    "chat.temperature": "Temperature (0 = always the most likely word)",
    "chat.top_p": "Top-p",
    "chat.max_new_tokens": "Max new tokens",
    "chat.repetition_penalty": "Repetition penalty",
    "chat.note": "Note",
    # sentiment
    "sentiment.intro": "Is a sentence positive or negative? Type a review, or analyse many at once.",
    "sentiment.one": "One text",
    "sentiment.text": "Text",
    "sentiment.text_placeholder": "e.g. 이 영화 정말 재밌어요! / What a wonderful film.",
    "sentiment.result": "Result",
    "sentiment.many": "Many texts",
    "sentiment.lines": "One text per line",
    "sentiment.lines_placeholder": "연기가 정말 좋았어요\nThe plot made no sense.\n...",
    "sentiment.or_file": "…or a CSV / TSV file",
    "sentiment.text_column": "Text column",
    "sentiment.label_column": "Label column (for accuracy)",
    "sentiment.no_label": "(none)",
    "sentiment.run_many": "Analyse all",
    "sentiment.table": "Results",
    "sentiment.chart": "Labels",
    "sentiment.summary": "Summary",
    "sentiment.download": "Results as CSV",
    "sentiment.file_hint": "Try NSMC: 4,000 real Korean movie reviews with labels (0 = negative, 1 = positive).",
    # system panel
    "system.title": "System",
    "system.refresh": "Refresh",
}

KO: dict[str, str] = {
    "app.title": "🤗 플레이그라운드",
    "app.intro": "Hugging Face 생태계를 직접 써 보세요. 모든 탭은 Hub의 공개 모델로 돌아갑니다. "
    "탭마다 모델의 라이선스와 같은 결과를 내는 파이썬 코드를 보여 줍니다.",
    "tab.chat": "채팅",
    "tab.sentiment": "감정 분석",
    "tab.summarize": "요약",
    "tab.translate": "번역",
    "tab.image": "이미지",
    "tab.datasets": "데이터셋",
    "common.model": "모델",
    "common.model_info": "“auto”는 한국어 글을 한국어 모델로, 그 밖의 글을 영어 모델로 보냅니다.",
    "common.show_code": "코드 보기",
    "common.code": "이 결과를 재현하는 파이썬 코드",
    "common.examples": "예시",
    "common.run": "분석",
    "common.stop": "정지",
    "common.clear": "지우기",
    "common.no_models": "이 플레이그라운드의 카탈로그에는 이 탭에서 쓸 모델이 없습니다 "
    "(ZeroGPU에서는 미리 불러온 모델이 없습니다).",
    "chat.intro": "작은 공개 모델과 대화해 보세요. 토큰 단위로 답하며, 정지를 누르면 바로 멈춥니다.",
    "chat.message": "메시지",
    "chat.placeholder": "예: 한국의 수도는 어디인가요? / Explain what a transformer is in two sentences.",
    "chat.send": "보내기",
    "chat.conversation": "대화",
    "chat.settings": "설정",
    "chat.preset": "역할",
    "chat.system": "시스템 프롬프트",
    "chat.temperature": "온도 (0 = 항상 가장 그럴듯한 단어)",
    "chat.top_p": "Top-p",
    "chat.max_new_tokens": "최대 생성 토큰 수",
    "chat.repetition_penalty": "반복 패널티",
    "chat.note": "알림",
    "sentiment.intro": "문장이 긍정인가요, 부정인가요? 리뷰를 입력하거나 여러 개를 한꺼번에 분석해 보세요.",
    "sentiment.one": "한 문장",
    "sentiment.text": "텍스트",
    "sentiment.text_placeholder": "예: 이 영화 정말 재밌어요! / What a wonderful film.",
    "sentiment.result": "결과",
    "sentiment.many": "여러 문장",
    "sentiment.lines": "한 줄에 하나씩",
    "sentiment.lines_placeholder": "연기가 정말 좋았어요\nThe plot made no sense.\n...",
    "sentiment.or_file": "…또는 CSV / TSV 파일",
    "sentiment.text_column": "텍스트 열",
    "sentiment.label_column": "정답 열 (정확도 계산용)",
    "sentiment.no_label": "(없음)",
    "sentiment.run_many": "모두 분석",
    "sentiment.table": "결과",
    "sentiment.chart": "레이블",
    "sentiment.summary": "요약",
    "sentiment.download": "결과 CSV 내려받기",
    "sentiment.file_hint": "NSMC로 해 보세요: 레이블이 달린 실제 한국어 영화 리뷰 4,000개 (0 = 부정, 1 = 긍정).",
    "system.title": "시스템",
    "system.refresh": "새로고침",
}

# Each newer tab keeps its strings in tabs/strings/<tab>.py (EN and KO dicts), merged here.
for _part in (strings.summarize, strings.translate, strings.image, strings.datasets, strings.classroom):
    assert not (EN.keys() & _part.EN.keys()), sorted(EN.keys() & _part.EN.keys())
    EN.update(_part.EN)
    KO.update(_part.KO)

assert EN.keys() == KO.keys(), sorted(EN.keys() ^ KO.keys())

I18N = gr.I18n(en=EN, ko=KO)
t = I18N  # t("sentiment.text") -> a translatable label
