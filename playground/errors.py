"""Typed errors of the engine, each with a message a student can act on, in Korean and English.

Every error the engine raises on purpose is a :class:`PlaygroundError`. Tabs turn it into a ``gr.Error``
in exactly one place (``tabs.common.user_error``); the API client then sees an ``AppError`` with the same text.

>>> err = BadInput("empty_text")
>>> err.message("en")
'The text is empty. Type something first.'
"""

from __future__ import annotations

# key -> (English, Korean). Placeholders are filled with str.format(**params).
MESSAGES: dict[str, tuple[str, str]] = {
    # bad input
    "not_text": (
        "Expected text, got {kind}. Send a string.",
        "텍스트가 와야 하는데 {kind}이(가) 왔습니다. 문자열을 보내 주세요.",
    ),
    "empty_text": (
        "The text is empty. Type something first.",
        "텍스트가 비어 있습니다. 먼저 내용을 입력하세요.",
    ),
    "text_too_long": (
        "The text has {length:,} characters; the limit is {limit:,}. Shorten it or split it into lines.",
        "텍스트가 {length:,}자입니다. 최대 {limit:,}자까지 가능합니다. 줄이거나 여러 줄로 나누어 주세요.",
    ),
    "too_many_lines": (
        "There are {count:,} lines; the limit is {limit:,}. Upload a CSV/TSV file for more.",
        "{count:,}줄입니다. 최대 {limit:,}줄까지 가능합니다. 더 많으면 CSV/TSV 파일로 올려 주세요.",
    ),
    "no_lines": (
        "No text lines found. Type one text per line, or upload a CSV/TSV file.",
        "분석할 줄이 없습니다. 한 줄에 하나씩 입력하거나 CSV/TSV 파일을 올려 주세요.",
    ),
    "bad_option": (
        "{name} must be one of: {allowed}. Got {value!r}.",
        "{name} 값은 {allowed} 중 하나여야 합니다. 받은 값: {value!r}",
    ),
    "out_of_range": (
        "{name} must be between {low} and {high}; got {value}.",
        "{name} 값은 {low}에서 {high} 사이여야 합니다. 받은 값: {value}",
    ),
    "not_a_number": (
        "{name} must be a number; got {value!r}.",
        "{name} 값은 숫자여야 합니다. 받은 값: {value!r}",
    ),
    "too_long_for_model": (
        "Your message is {tokens:,} tokens; {name} can read {limit:,} tokens at a time with room left for its "
        "answer. Shorten the message or lower max new tokens.",
        "메시지가 {tokens:,} 토큰입니다. {name} 모델은 답할 자리를 남기고 한 번에 {limit:,} 토큰까지 읽을 수 있습니다. "
        "메시지를 줄이거나 최대 생성 토큰 수를 낮춰 주세요.",
    ),
    "bad_history": (
        "The conversation history could not be read ({detail}). Send a list of {{role, content}} messages.",
        "대화 기록을 읽을 수 없습니다 ({detail}). {{role, content}} 메시지 목록을 보내 주세요.",
    ),
    # files
    "no_file": (
        "No file was uploaded. Upload a CSV or TSV file.",
        "올린 파일이 없습니다. CSV 또는 TSV 파일을 올려 주세요.",
    ),
    "file_type": (
        "{name}: only {allowed} files can be read here.",
        "{name}: 여기서는 {allowed} 파일만 읽을 수 있습니다.",
    ),
    "file_too_big": (
        "{name} is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
        "{name} 파일은 {size_mb:.1f} MB입니다. 최대 {limit_mb:.0f} MB까지 가능합니다.",
    ),
    "file_unreadable": (
        "{name} could not be read as {kind}: {detail}. Check that it is a text table with one header line.",
        "{name} 파일을 {kind}(으)로 읽을 수 없습니다: {detail}. "
        "머리글 한 줄이 있는 표 형식의 텍스트 파일인지 확인해 주세요.",
    ),
    "file_empty": (
        "{name} has no rows.",
        "{name} 파일에 행이 없습니다.",
    ),
    "file_too_many_rows": (
        "{name} has {rows:,} rows; the limit is {limit:,}. Split the file or keep the first {limit:,} rows.",
        "{name} 파일은 {rows:,}행입니다. 최대 {limit:,}행까지 가능합니다. 파일을 나누어 주세요.",
    ),
    "no_column": (
        "Column {column!r} is not in the file. Columns: {columns}.",
        "파일에 {column!r} 열이 없습니다. 있는 열: {columns}",
    ),
    "outside_data": (
        "{name} is outside the uploads and the data folder, so it cannot be read.",
        "{name} 파일은 업로드나 데이터 폴더 밖에 있어 읽을 수 없습니다.",
    ),
    # models
    "not_in_catalog": (
        "{model!r} is not in this playground's catalog for {task}. Choose one of: {allowed}.",
        "{model!r} 모델은 {task} 카탈로그에 없습니다. 다음 중에서 고르세요: {allowed}",
    ),
    "not_preloaded": (
        "{model!r} is not loaded on this ZeroGPU Space. Choose one of: {allowed}.",
        "{model!r} 모델은 이 ZeroGPU Space에 올라와 있지 않습니다. 다음 중에서 고르세요: {allowed}",
    ),
    "model_unavailable": (
        "Could not load {name} ({model}): {reason}. The other tabs still work.",
        "{name} ({model}) 모델을 불러올 수 없습니다: {reason}. 다른 탭은 그대로 쓸 수 있습니다.",
    ),
    "model_not_cached": (
        "{name} ({model}) is not on this machine and the Hugging Face Hub cannot be reached. "
        "While online, fetch it with: python app.py --prepare {model}  (the other tabs still work)",
        "{name} ({model}) 모델이 이 컴퓨터에 없고 Hugging Face Hub에 연결할 수 없습니다. "
        "인터넷에 연결된 상태에서 다음 명령으로 받아 두세요: python app.py --prepare {model}  "
        "(다른 탭은 그대로 쓸 수 있습니다)",
    ),
    "out_of_memory": (
        "Not enough memory to run {name}. Try a smaller model or a shorter input.",
        "{name} 모델을 실행할 메모리가 부족합니다. 더 작은 모델이나 더 짧은 입력으로 해 보세요.",
    ),
    "no_model_for_task": (
        "The catalog has no model for {task}.",
        "카탈로그에 {task} 모델이 없습니다.",
    ),
    "internal": (
        "Something went wrong ({kind}). Please try again; the other tabs still work.",
        "문제가 생겼습니다 ({kind}). 다시 시도해 주세요. 다른 탭은 그대로 쓸 수 있습니다.",
    ),
}


class PlaygroundError(Exception):
    """Base of every error meant for the user. ``key`` picks the message, ``params`` fill it."""

    def __init__(self, key: str, **params: object) -> None:
        if key not in MESSAGES:
            raise KeyError(f"unknown error message key: {key}")
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` ("ko" or anything else for English)."""
        en, ko = MESSAGES[self.key]
        return (ko if lang == "ko" else en).format(**self.params)

    def bilingual(self, first: str = "en") -> str:
        """Both languages, the preferred one first: what tabs and the API show."""
        second = "en" if first == "ko" else "ko"
        return f"{self.message(first)}\n{self.message(second)}"


class BadInput(PlaygroundError):
    """The request itself must change: empty, too long, wrong type, unreadable file, ..."""


class ModelNotAllowed(PlaygroundError):
    """The model is not in the catalog (the allowlist), or not preloaded on ZeroGPU."""


class ModelUnavailable(PlaygroundError):
    """The model is allowed but could not be loaded: no internet, missing files, broken weights."""


class OutOfMemory(PlaygroundError):
    """The device ran out of memory, even after the cache freed what it could."""


class CatalogError(ValueError):
    """The catalog file is invalid. Raised at start-up, for the teacher, naming the bad entry."""
