"""Strings of the Datasets tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

from playground.limits import DATASET_SENTIMENT_MAX_ROWS as MAX_ROWS

STRINGS: dict[str, tuple[str, str]] = {
    "datasets.intro": (
        "Browse a dataset page by page: a Hub dataset (type its id) or your own file (CSV, TSV, JSON, JSONL, "
        "Parquet, or a zip of them). Search, filter, look at statistics, and send a row to another tab.",
        "데이터셋을 한 페이지씩 둘러보세요: Hub 데이터셋(ID 입력) 또는 내 파일(CSV, TSV, JSON, JSONL, Parquet, 또는 "
        "이들의 zip). 검색하고, 거르고, 통계를 보고, 한 행을 다른 탭으로 보낼 수 있습니다.",
    ),
    "datasets.privacy": (
        "<details><summary>🔒 <b>Local files stay on this machine.</b> AI Hub data: what its terms ask</summary>"
        "<p>Local files are read here and never uploaded anywhere. <b>AI Hub data:</b> its terms forbid taking the "
        "data out of Korea and publishing it; keep it out of git repositories (the data folder is in "
        "<code>.gitignore</code>), and credit AI Hub (aihub.or.kr) as the source when you use it.</p></details>",
        "<details><summary>🔒 <b>로컬 파일은 이 컴퓨터에만 있습니다.</b> AI Hub 데이터 이용 약관 보기</summary>"
        "<p>로컬 파일은 여기서 읽기만 하고 어디에도 올리지 않습니다. <b>AI Hub 데이터:</b> 이용 약관상 데이터를 국외로 "
        "반출하거나 공개할 수 없습니다. git 저장소에 넣지 말고(데이터 폴더는 <code>.gitignore</code>에 들어 "
        "있습니다), 사용할 때는 출처(AI Hub, aihub.or.kr)를 밝혀 주세요.</p></details>",
    ),
    "datasets.source": ("Dataset: Hub id or local file", "데이터셋: Hub ID 또는 로컬 파일"),
    "datasets.source_info": (
        "Type a Hub id like owner/name and press Open, or pick a file of the data folder (📁).",
        "owner/name 형태의 Hub ID를 입력하고 열기를 누르거나, 데이터 폴더의 파일(📁)을 고르세요.",
    ),
    "datasets.config": ("Config (zip: file inside)", "구성 (zip: 안의 파일)"),
    "datasets.split": ("Split", "분할"),
    "datasets.open": ("Open", "열기"),
    "datasets.upload": ("…or upload a file (stays on this machine)", "…또는 파일 올리기 (이 컴퓨터에만 남습니다)"),
    "datasets.refresh": ("Refresh the file list", "파일 목록 새로고침"),
    "datasets.sample": ("Open a sample: 100 NSMC reviews", "예시 열기: NSMC 리뷰 100개"),
    "datasets.details": ("Columns and details (JSON)", "열과 세부 정보 (JSON)"),
    "datasets.search": ("Search in text columns", "텍스트 열에서 검색"),
    "datasets.search_placeholder": ("e.g. great", "예: 재밌"),
    "datasets.filter_column": ("Filter: column", "필터: 열"),
    "datasets.filter_op": ("Condition", "조건"),
    "datasets.filter_value": ("Value", "값"),
    "datasets.apply": ("Search / filter", "검색 / 필터"),
    # the search and filter in use, named above the table, with one button to clear them
    "datasets.filters": ("Filter", "필터"),
    "datasets.searching": ("search", "검색"),
    "datasets.clear_filters": ("Clear filters", "필터 지우기"),
    "datasets.prev": ("◀ Previous", "◀ 이전"),
    "datasets.next": ("Next ▶", "다음 ▶"),
    "datasets.page": ("Page", "페이지"),
    "datasets.page_size": ("Rows per page", "페이지당 행 수"),
    "datasets.rows": ("Rows", "행"),
    "datasets.gallery": ("Images on this page", "이 페이지의 이미지"),
    "datasets.row_view": ("Row view: click a row in the table", "행 보기: 표에서 행을 누르세요"),
    "datasets.row_no": ("Row on this page", "이 페이지의 행 번호"),
    "datasets.text_column": ("Text column", "텍스트 열"),
    "datasets.row_text": ("Text of this row", "이 행의 텍스트"),
    "datasets.row_full": ("The whole row", "행 전체"),
    "datasets.row_image": ("Image", "이미지"),
    "datasets.row_audio": ("Audio", "오디오"),
    "datasets.send_sentiment": ("→ Sentiment", "→ 감정 분석"),
    "datasets.send_summarize": ("→ Summarize", "→ 요약"),
    "datasets.send_translate": ("→ Translate", "→ 번역"),
    "datasets.stats": ("Statistics", "통계"),
    "datasets.label_column": ("Label column", "레이블 열"),
    "datasets.compute": ("Compute statistics", "통계 계산"),
    "datasets.label_chart": ("Label distribution", "레이블 분포"),
    "datasets.length_chart": ("Text length (characters)", "텍스트 길이 (글자 수)"),
    "datasets.missing": ("Missing values per column", "열별 빠진 값"),
    "datasets.sentiment": ("Sentiment over a text column", "텍스트 열 전체 감정 분석"),
    "datasets.sentiment_intro": (
        "Run the Sentiment tab's model over the text column, and compare with a label column (e.g. NSMC: 0 = "
        "negative, 1 = positive).",
        "감정 분석 탭의 모델로 텍스트 열을 분석하고 정답 열과 비교합니다 (예: NSMC는 0 = 부정, 1 = 긍정).",
    ),
    "datasets.gold_column": ("Label column to compare with", "비교할 정답 열"),
    "datasets.scope": ("Rows", "범위"),
    "datasets.run_sentiment": ("Analyze the column", "열 분석"),
    "datasets.sentiment_table": ("Predictions", "예측 결과"),
    "datasets.scope_page": ("This page", "이 페이지"),
    "datasets.scope_all": (f"First {MAX_ROWS:,} rows", f"처음 {MAX_ROWS:,}행"),
    "datasets.last_page": ("There are {pages} pages: here is the last one.",
                           "모두 {pages}페이지입니다. 마지막 페이지를 보여 드려요."),
    "datasets.opening": ("Opening…", "여는 중…"),
    "datasets.no_license": ("**not stated** — ask the owner", "**명시되지 않음** — 소유자에게 물어보세요",
                            "**not stated · 명시되지 않음** — ask the owner"),
    "datasets.card_link": ("dataset card", "데이터셋 카드"),
    "datasets.local_file": ("Local file — stays on this machine", "로컬 파일 — 이 컴퓨터에만 있습니다",
                            "Local file · 로컬 파일 — stays on this machine · 이 컴퓨터에만 있습니다"),
    "datasets.columns": ("Columns", "열"),
    "datasets.no_match": ("No rows match", "맞는 행이 없습니다"),
    "datasets.partial": ("search covers part of this split", "검색은 이 분할의 일부만 다룹니다"),
    "datasets.status": (
        "Rows **{first:,}–{last:,}** of **{total}** · page {page:,} / {pages:,}{more}",
        "행 **{first:,}–{last:,}** / **{total}** · {page:,} / {pages:,} 페이지{more}",
        "Rows **{first:,}–{last:,}** of **{total}** · page {page:,} / {pages:,}{more}  \n"
        "행 {first:,}–{last:,} / {total} · {page:,} / {pages:,} 페이지",
    ),
    "datasets.rows_word": ("rows", "행"),
    "datasets.many_values": ("more than {limit} distinct values; the most frequent are shown",
                             "값 종류가 많아 가장 많은 것만 보여 줍니다"),
    # the card, statistics and charts in the page's language
    "datasets.length_summary": ("length: min {min}, mean {mean}, median {median}, max {max}",
                                "길이: 최소 {min}, 평균 {mean}, 중앙값 {median}, 최대 {max}"),
    "datasets.axis_count": ("rows", "행 수"),
    "datasets.axis_value": ("value", "값"),
    "datasets.axis_length": ("length (characters)", "길이 (글자 수)"),
    "datasets.missing_column": ("column", "열"),
    "datasets.missing_count": ("missing", "빠진 값"),
    "datasets.missing_share": ("share", "비율"),
    "datasets.kind.text": ("text", "텍스트"),
    "datasets.kind.number": ("number", "숫자"),
    "datasets.kind.bool": ("true/false", "참/거짓"),
    "datasets.kind.label": ("label", "레이블"),
    "datasets.kind.image": ("image", "이미지"),
    "datasets.kind.audio": ("audio", "오디오"),
    "datasets.kind.nested": ("nested", "중첩 값"),
    "datasets.kind.binary": ("binary", "바이너리"),
    "datasets.kind.date": ("date", "날짜"),
    "datasets.kind.other": ("other", "기타"),
    "datasets.op.=": ("=", "="),
    "datasets.op.!=": ("≠", "≠"),
    "datasets.op.>": (">", ">"),
    "datasets.op.>=": ("≥", "≥"),
    "datasets.op.<": ("<", "<"),
    "datasets.op.<=": ("≤", "≤"),
    "datasets.op.contains": ("contains", "포함"),
    "datasets.op.is empty": ("is empty", "비어 있음"),
    "datasets.op.is not empty": ("is not empty", "비어 있지 않음"),
}
