"""Strings of the page and of what every tab shares (picker, card, code panel, System): key -> (English, Korean)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("🤗 The Playground", "🤗 플레이그라운드"),
    "app.intro": (
        "Try the Hugging Face ecosystem hands-on: every tab runs open models from the Hub. Each tab shows the "
        "model's license and the Python that reproduces its result.",
        "Hugging Face 생태계를 직접 써 보세요. 모든 탭은 Hub의 공개 모델로 돌아갑니다. 탭마다 모델의 라이선스와 "
        "같은 결과를 내는 파이썬 코드를 보여 줍니다.",
    ),
    "common.model": ("Model", "모델"),
    "common.model_info": (
        "“auto” sends Korean text to the Korean model and other text to the English one.",
        "“auto”는 한국어 글을 한국어 모델로, 그 밖의 글을 영어 모델로 보냅니다.",
    ),
    "common.show_code": ("Show the code", "코드 보기"),
    "common.code": ("Python that reproduces this result", "이 결과를 재현하는 파이썬 코드"),
    "common.examples": ("Examples", "예시"),
    "common.run": ("Analyze", "분석"),
    "common.stop": ("Stop", "정지"),
    "common.clear": ("Clear", "지우기"),
    "common.no_models": (
        "This playground's catalog offers no model for this tab (on ZeroGPU: none was preloaded).",
        "이 플레이그라운드의 카탈로그에는 이 탭에서 쓸 모델이 없습니다 (ZeroGPU에서는 미리 불러온 모델이 없습니다).",
    ),
    "system.title": ("System", "시스템"),
    "system.refresh": ("Refresh", "새로고침"),
    "common.auto": ("auto (Korean text → Korean model, other → English model)",
                    "auto (한국어 글 → 한국어 모델, 그 밖 → 영어 모델)"),
    "common.local_folder": ("local folder", "로컬 폴더"),
    "common.license": ("License", "라이선스"),
    "common.languages": ("Languages", "언어"),
    "common.size": ("{params} parameters · {size_mb:,.0f} MB", "매개변수 {params} 개 · {size_mb:,.0f} MB",
                    "{params} parameters · {size_mb:,.0f} MB"),
    "common.model_word": ("model", "모델"),
    # remote backends
    "common.runs_on": ("runs on {where}", "실행 위치: {where}"),
    # the error toast's title, the note under the input, the character counter
    "common.error": ("Error", "오류"),
    "common.warning": ("Warning", "주의"),
    "common.info": ("Note", "알림"),
    "common.success": ("Done", "완료"),
    # a model card's toggle on a phone (server/page.js)
    "common.more": ("More", "더 보기"),
    "common.less": ("Less", "접기"),
    "common.switch_waits": (
        "A run is in progress: the page switches to {language} when it ends, and its result comes along. To switch "
        "now, press {language} again (the run then stops).",
        "실행이 진행 중입니다. 끝나면 {language}로 바뀌고, 결과도 그대로 옮겨집니다. 지금 바꾸려면 {language} 버튼을 "
        "한 번 더 누르세요 (진행 중인 실행은 멈춥니다).",
    ),
    "common.file_type": (
        "Only {types} files can be uploaded here, and {names} is not one.",
        "여기에는 {types} 파일만 올릴 수 있습니다. {names} 파일은 올릴 수 없어요.",
    ),
    "common.cut": (
        "Only {limit} characters fit here: {cut} of the {pasted} characters you pasted were left out.",
        "여기에는 {limit}자까지만 들어갑니다. 붙여 넣은 {pasted}자 중 {cut}자가 잘렸습니다.",
    ),
}
