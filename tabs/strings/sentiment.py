"""Strings of the Sentiment tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "sentiment.intro": (
        "Is a sentence positive or negative? Type a review, or analyze many at once.",
        "문장이 긍정인가요, 부정인가요? 리뷰를 입력하거나 여러 개를 한꺼번에 분석해 보세요.",
    ),
    "sentiment.one": ("One text", "한 문장"),
    "sentiment.text": ("Text", "텍스트"),
    "sentiment.text_placeholder": (
        "e.g. What a wonderful film.",
        "예: 이 영화 정말 재밌어요!",
    ),
    "sentiment.result": ("Result", "결과"),
    "sentiment.many": ("Many texts", "여러 문장"),
    "sentiment.lines": ("One text per line", "한 줄에 하나씩"),
    "sentiment.lines_placeholder": (
        "The acting was wonderful.\nThe plot made no sense.\n...",
        "연기가 정말 좋았어요\n줄거리가 엉망이었어요\n...",
    ),
    "sentiment.or_file": ("…or a CSV / TSV file", "…또는 CSV / TSV 파일"),
    "sentiment.text_column": ("Text column", "텍스트 열"),
    "sentiment.label_column": ("Label column (for accuracy)", "정답 열 (정확도 계산용)"),
    "sentiment.run_many": ("Analyze all", "모두 분석"),
    "sentiment.table": ("Results", "결과"),
    "sentiment.chart": ("Labels", "레이블"),
    "sentiment.download": ("Results as CSV", "결과 CSV 내려받기"),
    "sentiment.file_hint": (
        "A file needs a column of texts; add a column of correct labels (0 = negative, 1 = positive, or the label "
        "names) to see the accuracy.",
        "파일에는 문장 열이 하나 있어야 합니다. 정답 열(0 = 부정, 1 = 긍정, 또는 레이블 이름)을 더하면 정확도도 "
        "볼 수 있어요.",
    ),
    "sentiment.texts": ("texts", "문장"),
    "sentiment.accuracy": ("Accuracy", "정확도"),
    "sentiment.labelled_rows": ("{count:,} labelled rows", "정답이 있는 {count:,}행", "{count:,} labelled rows"),
    "sentiment.stopped": ("Stopped: the texts above were analyzed.", "정지됨: 위의 문장까지 분석했습니다."),
    # the Sentiment tab: one-click NSMC sample, table and chart in the page's language
    "sentiment.try_nsmc": ("Try NSMC: 100 real movie reviews", "NSMC 맛보기: 실제 영화 리뷰 100개"),
    "sentiment.try_nsmc_hint": (
        "Real Korean reviews from the Naver sentiment movie corpus (NSMC, CC0), with the correct labels: the "
        "accuracy shows at once.",
        "네이버 영화 리뷰 말뭉치(NSMC, CC0)의 실제 리뷰와 정답 레이블입니다. 누르면 바로 정확도가 나와요.",
    ),
    "sentiment.col.label": ("label", "레이블"),
    "sentiment.col.score": ("score", "점수"),
    "sentiment.col.gold": ("correct", "정답"),
    "sentiment.col.model": ("model", "모델"),
    "sentiment.col.text": ("text", "문장"),
    "sentiment.label.negative": ("negative", "부정"),
    "sentiment.label.positive": ("positive", "긍정"),
    "sentiment.chart_x": ("label", "레이블"),
    "sentiment.chart_y": ("texts", "문장 수"),
    # what the model got wrong, at a glance
    "sentiment.confusion": (
        "**Confusion matrix**: correct label (rows) × prediction (columns)",
        "**혼동 행렬**: 정답(행) × 예측(열)",
    ),
    "sentiment.confusion_corner": ("correct ↓ · predicted →", "정답 ↓ · 예측 →"),
    "sentiment.wrong_only": ("Wrong predictions only", "틀린 것만 보기"),
    "sentiment.wrong_count": ("{count:,} wrong predictions", "틀린 예측 {count:,}개"),
    "sentiment.gold_one": ("Correct label: **{gold}** · prediction: **{label}** · {verdict}",
                           "정답: **{gold}** · 예측: **{label}** · {verdict}"),
    "sentiment.right": ("right ✓", "맞음 ✓"),
    "sentiment.wrong": ("wrong ✗", "틀림 ✗"),
    "sentiment.preview": (
        "The table shows the first {shown:,} of {total:,} rows; the CSV below has them all.",
        "표에는 {total:,}행 가운데 처음 {shown:,}행만 보여요. 아래 CSV 파일에 모두 들어 있습니다.",
    ),
}
