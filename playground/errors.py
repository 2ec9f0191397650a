"""Typed errors of the engine, each with a message a student can act on, in Korean and English.

Every error the engine raises on purpose is a :class:`PlaygroundError`. Tabs turn it into a ``gr.Error``
in exactly one place (``tabs.common.to_gr_error``, which reads ``MESSAGES`` through ``tabs.i18n``); the API
client then sees an ``AppError`` with the same text.

>>> err = BadInput("empty_text")
>>> err.message("en")
'The text is empty. Type something first.'
"""

from __future__ import annotations

from playground import settings
from playground.registry import names_ko

# key -> (English, Korean). Placeholders are filled with str.format(**params).
MESSAGES: dict[str, tuple[str, str]] = {
    # bad input
    "not_text": (
        "Expected text, got {kind}. Send a string.",
        "텍스트가 와야 하는데 {kind} 형식의 값이 왔습니다. 문자열을 보내 주세요.",
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
    # summarize and translate
    "unknown_language": (
        "{value!r} is not a language this tab knows. Use one of: {allowed}.",
        "이 탭이 모르는 언어입니다: {value!r}. 다음 중 하나를 쓰세요: {allowed}",
    ),
    "language_name": ("{en}", "{ko}"),  # a language named in the message's own language (languages.named)
    "same_language": (
        "The source and target languages are both {language}. Pick a different target language.",
        "원문 언어와 번역할 언어가 모두 {language}입니다. 다른 언어로 번역하도록 골라 주세요.",
    ),
    "unsupported_pair": (
        "No model in this playground translates {source} → {target}. Pairs it can do: {pairs}.",
        "이 플레이그라운드에는 {source} → {target} 번역 모델이 없습니다. 가능한 조합: {pairs}",
    ),
    "model_cannot_pair": (
        "{name} does not translate {source} → {target}. Choose “auto” or a model for that pair.",
        "{name} 모델은 {source} → {target} 번역을 하지 못합니다. “auto”나 그 조합의 모델을 고르세요.",
    ),
    "language_unclear": (
        "Could not tell which language this text is in. Choose the source language yourself.",
        "이 글이 어떤 언어인지 알아내지 못했습니다. 원문 언어를 직접 골라 주세요.",
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
        "{name} 파일을 {kind} 형식으로 읽을 수 없습니다: {detail}. "
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
        "While online, fetch it with: {command} --prepare {model}  (the other tabs still work)",
        "{name} ({model}) 모델이 이 컴퓨터에 없고 Hugging Face Hub에 연결할 수 없습니다. "
        "인터넷에 연결된 상태에서 다음 명령으로 받아 두세요: {command} --prepare {model}  "
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
    # ZeroGPU (playground.device): the service's refusals and a worker's failures, in the page's language
    "zerogpu_quota": (
        "Your free GPU time for today is used up: this job asks for {requested} s and {left} s are left. "
        "Try again in {minutes} min, or sign in with Hugging Face for more GPU time.",
        "오늘 쓸 수 있는 무료 GPU 시간을 다 썼습니다: 이 작업은 {requested}초가 필요한데 {left}초 남았습니다. "
        "{minutes}분 뒤에 다시 하거나, Hugging Face로 로그인하면 GPU 시간을 더 받을 수 있습니다.",
    ),
    "zerogpu_quota_space": (
        "This Space has used up its GPU time for now. Try again later.",
        "이 Space가 지금 쓸 수 있는 GPU 시간을 다 썼습니다. 잠시 뒤에 다시 해 보세요.",
    ),
    "zerogpu_too_long": (
        "This job asks for {requested} s of GPU time, more than ZeroGPU gives one job. Use a shorter input, "
        "fewer tokens or fewer steps.",
        "이 작업은 GPU 시간 {requested}초가 필요해 ZeroGPU가 한 작업에 주는 시간보다 깁니다. 입력을 줄이거나 "
        "토큰 수나 단계 수를 낮춰 주세요.",
    ),
    "zerogpu_no_gpu": (
        "No GPU was free in time: many people are using this Space. Wait a minute and try again.",
        "제때 빈 GPU가 없었습니다: 지금 이 Space를 쓰는 사람이 많습니다. 잠시 기다렸다가 다시 해 보세요.",
    ),
    "zerogpu_aborted": (
        "The job ran past the GPU time it was given and was stopped. Try a shorter input, fewer tokens or fewer "
        "steps.",
        "작업이 받은 GPU 시간을 넘겨 중단되었습니다. 입력을 줄이거나 토큰 수나 단계 수를 낮춰 다시 해 보세요.",
    ),
    "zerogpu_failed": (
        "The GPU job failed ({kind}). Please try again; the other tabs still work.",
        "GPU 작업이 실패했습니다 ({kind}). 다시 시도해 주세요. 다른 탭은 그대로 쓸 수 있습니다.",
    ),
    "gpu_out_of_memory": (
        "The GPU ran out of memory. Try a shorter input, fewer images or a smaller size.",
        "GPU 메모리가 부족합니다. 입력을 줄이거나, 이미지 수나 크기를 줄여 다시 해 보세요.",
    ),
    # dataset browser (playground.data.local, playground.data.hub_viewer)
    "dataset_no_source": (
        "Choose a dataset first: type a Hub id (e.g. stanfordnlp/imdb), pick a file from the data folder, "
        "or upload one.",
        "먼저 데이터셋을 고르세요: Hub ID(예: stanfordnlp/imdb)를 입력하거나, 데이터 폴더의 파일을 고르거나, "
        "파일을 올려 주세요.",
    ),
    "dataset_bad_source": (
        "{value!r} is neither a Hub dataset id nor a local file. A Hub id looks like owner/name "
        "(e.g. nyu-mll/glue); a local file ends in .csv, .tsv, .json, .jsonl, .parquet or .zip.",
        "{value!r}: Hub 데이터셋 ID도, 로컬 파일도 아닙니다. Hub ID는 owner/name 형태이고(예: nyu-mll/glue), "
        "로컬 파일은 .csv, .tsv, .json, .jsonl, .parquet, .zip으로 끝납니다.",
    ),
    "dataset_no_file": (
        "{name} is not in the data folder ({folder}/). Put the file there, pick one from the list, or upload it.",
        "{name} 파일이 데이터 폴더({folder}/)에 없습니다. 파일을 그 폴더에 넣거나, 목록에서 고르거나, 올려 주세요.",
    ),
    "dataset_not_utf8": (
        "{name} is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and open it again.",
        "{name} 파일이 UTF-8 텍스트가 아닙니다. UTF-8로 저장한 뒤(엑셀: “CSV UTF-8”) 다시 열어 주세요.",
    ),
    "dataset_zip_unsafe": (
        "{name} was not opened: {detail}. Unpack it yourself and open the files one by one.",
        "{name} 파일을 열지 않았습니다: {detail}. 직접 압축을 풀고 파일을 하나씩 열어 주세요.",
    ),
    "dataset_no_text_column": (
        "{name} has no text column to search. Use a filter on a column instead.",
        "{name}에는 검색할 텍스트 열이 없습니다. 대신 열 필터를 쓰세요.",
    ),
    "dataset_not_text_column": (
        "Column {column!r} does not hold text. Choose a text column.",
        "{column!r} 열은 텍스트 열이 아닙니다. 텍스트 열을 고르세요.",
    ),
    "dataset_bad_filter": (
        "The filter on column {column!r} cannot be used: {detail}.",
        "{column!r} 열의 필터를 쓸 수 없습니다: {detail}.",
    ),
    "dataset_hub_offline": (
        "The Hugging Face Hub cannot be reached from this machine, so {dataset} cannot be opened. "
        "Check the internet connection, or browse a local file (data folder or upload) instead.",
        "이 컴퓨터에서 Hugging Face Hub에 연결할 수 없어 {dataset} 데이터셋을 열 수 없습니다. "
        "인터넷 연결을 확인하거나, 대신 로컬 파일(데이터 폴더 또는 업로드)을 둘러보세요.",
    ),
    "dataset_not_found": (
        "{dataset} was not found on the Hub. Check the spelling (owner/name, e.g. stanfordnlp/imdb); "
        "if it is private, the teacher must start the app with a token that can read it and "
        "PLAYGROUND_HUB_DATASETS_TOKEN=1.",
        "Hub에서 {dataset} 데이터셋을 찾을 수 없습니다. 철자(owner/name, 예: stanfordnlp/imdb)를 확인하세요. "
        "비공개 데이터셋이면 교사가 읽을 수 있는 토큰과 PLAYGROUND_HUB_DATASETS_TOKEN=1 로 앱을 시작해야 합니다.",
    ),
    "dataset_gated": (
        "{dataset} is gated: open its page on the Hub, log in and accept its conditions; the teacher then starts "
        "this app with that token (HF_TOKEN or `hf auth login`) and PLAYGROUND_HUB_DATASETS_TOKEN=1.",
        "{dataset} 데이터셋은 접근 승인이 필요합니다. Hub에서 해당 페이지에 로그인해 조건에 동의한 뒤, "
        "교사가 그 토큰(HF_TOKEN 또는 `hf auth login`)과 PLAYGROUND_HUB_DATASETS_TOKEN=1 로 앱을 시작해야 합니다.",
    ),
    "dataset_script": (
        "{dataset} needs a loading script, which `datasets` 5 no longer runs (scripts run arbitrary code). "
        "Look for a Parquet version on the Hub, or download its data files and open them here as a local file.",
        "{dataset} 데이터셋은 로딩 스크립트가 필요한데, `datasets` 5는 (임의 코드 실행 위험 때문에) 더 이상 스크립트를 "
        "실행하지 않습니다. Hub에서 Parquet 버전을 찾거나, 데이터 파일을 받아 여기서 로컬 파일로 여세요.",
    ),
    "dataset_hub_error": (
        "The Hub's dataset viewer could not serve {dataset} ({detail}). Try again in a minute, or pick "
        "another config or split.",
        "Hub의 데이터셋 뷰어가 {dataset} 데이터셋을 보여 주지 못했습니다 ({detail}). 잠시 후 다시 시도하거나 "
        "다른 구성(config)이나 스플릿(split)을 고르세요.",
    ),
    # image (playground.tasks.image, playground.tasks.image_safety)
    "image_prompt_blocked": (
        "The classroom safety filter does not allow this prompt (it mentions: {terms}). Change the prompt.",
        "교실용 안전 필터가 이 프롬프트를 허용하지 않습니다 (포함된 말: {terms}). 프롬프트를 바꿔 주세요.",
    ),
    "image_withheld": (
        "The model's safety checker withheld every image of this request. Change the prompt or the seed.",
        "모델의 안전 검사기가 이 요청의 이미지를 모두 가렸습니다. 프롬프트나 시드를 바꿔 주세요.",
    ),
    "image_needs_gpu": (
        "{name} needs a GPU, and this playground runs on a CPU. Choose {fallback} instead.",
        "{name} 모델은 GPU가 필요한데 이 플레이그라운드는 CPU에서 돌아갑니다. 대신 {fallback} 모델을 고르세요.",
    ),
    "png_not_png": (
        "{name} is not a PNG image. Upload a PNG downloaded from this Image tab.",
        "{name} 파일은 PNG 이미지가 아닙니다. 이 이미지 탭에서 내려받은 PNG 파일을 올려 주세요.",
    ),
    "png_no_settings": (
        "{name} carries no playground settings. Only PNGs downloaded from this Image tab have them.",
        "{name} 파일에는 플레이그라운드 설정이 없습니다. 이 이미지 탭에서 내려받은 PNG에만 설정이 들어 있습니다.",
    ),
    "png_bad_settings": (
        "The settings stored in {name} could not be read ({detail}). Upload another PNG from this Image tab.",
        "{name} 파일에 저장된 설정을 읽을 수 없습니다 ({detail}). 이 이미지 탭에서 내려받은 다른 PNG를 올려 주세요.",
    ),
    # classroom (playground.classroom.ratelimit): one student's pace, so the others keep theirs
    "rate_limited": (
        "Too many requests at once: this classroom allows {per_minute} per minute for each student. "
        "Wait {seconds} s and press the button again; your input is still there.",
        "요청이 너무 빠릅니다. 이 교실에서는 학생마다 1분에 {per_minute}번까지 실행할 수 있습니다. "
        "{seconds}초 기다린 뒤 다시 눌러 주세요. 입력한 내용은 그대로 있습니다.",
    ),
    # real models: a tokenizer that cannot read the model's languages; collapsed output
    "tokenizer_cannot_read": (
        "{name} ({model}) was not loaded: its tokenizer cannot read {languages} ({detail}), so its answers would "
        "be garbage. Choose another model; the other tabs still work.",
        "{name} ({model}) 모델을 불러오지 않았습니다: 토크나이저가 {languages} 글을 제대로 읽지 못합니다 ({detail}). "
        "이대로면 엉뚱한 결과가 나옵니다. 다른 모델을 고르세요. 다른 탭은 그대로 쓸 수 있습니다.",
    ),
    "output_collapsed": (
        "Note: {count} of {total} {what} collapsed into repetition (the same character or word over and over) "
        "and {are} left out. Try another model or rephrase.",
        "참고: {total}개 중 {count}개 {what}에서 같은 글자나 낱말이 계속 되풀이되어 결과에서 뺐습니다. "
        "다른 모델을 고르거나 문장을 바꿔 보세요.",
    ),
    # start-up: the teacher's terminal, one line each, shown in the locale's language
    "startup_bad_option": (
        "{detail}. Run {command} --help to see every option.",
        "명령줄 옵션이 잘못되었습니다: {detail}. 모든 옵션은 {command} --help 로 볼 수 있습니다.",
    ),
    "startup_no_gpu": (
        "--profile gpu was asked for, but this computer has no NVIDIA or Apple GPU. "
        "Start with --profile cpu, or leave --profile out.",
        "--profile gpu 로 시작했지만 이 컴퓨터에는 NVIDIA나 Apple GPU가 없습니다. "
        "--profile cpu 로 시작하거나 --profile 을 빼세요.",
    ),
    "startup_no_catalog": (
        "The model catalog {path} does not exist. Check the path given to --catalog (or $PLAYGROUND_CATALOG), "
        "or leave it out to use catalog.yaml.",
        "모델 카탈로그 {path} 파일이 없습니다. --catalog (또는 $PLAYGROUND_CATALOG)에 준 경로를 확인하거나, "
        "빼고 시작해 catalog.yaml을 쓰세요.",
    ),
    "startup_bad_catalog": (
        "The model catalog cannot be used: {detail}. Fix that entry, or start with another file (--catalog PATH).",
        "모델 카탈로그를 쓸 수 없습니다: {detail}. 그 항목을 고치거나 다른 파일로 시작하세요 (--catalog PATH).",
    ),
    "startup_no_data_dir": (
        "The data folder {path} does not exist. Create it, or name an existing folder with --data-dir.",
        "데이터 폴더가 없습니다: {path}. 폴더를 만들거나 --data-dir 로 있는 폴더를 지정하세요.",
    ),
    "startup_data_not_dir": (
        "{path} is a file, not a folder. --data-dir takes the folder that holds your data files.",
        "{path} 경로는 폴더가 아니라 파일입니다. --data-dir 에는 데이터 파일이 든 폴더를 지정하세요.",
    ),
    "startup_data_unreadable": (
        "The data folder {path} cannot be read (permission denied). Give your user access, or pick another folder.",
        "데이터 폴더를 읽을 권한이 없습니다: {path}. 권한을 주거나 다른 폴더를 지정하세요.",
    ),
    "startup_port_in_use": (
        "Port {port} is already in use (is the playground already running?). Stop that program, "
        "or start with --port {free}.",
        "{port}번 포트를 이미 다른 프로그램이 쓰고 있습니다 (플레이그라운드가 이미 실행 중인가요?). "
        "그 프로그램을 끄거나 --port {free} 로 시작하세요.",
    ),
    "startup_bad_host": (
        "Cannot listen on {host}:{port} ({detail}). Use --host 127.0.0.1 (this computer only) or --host 0.0.0.0 "
        "(the whole network), and a --port above 1023.",
        "{host}:{port}에서 접속을 받을 수 없습니다 ({detail}). --host 127.0.0.1 (이 컴퓨터만) 또는 "
        "--host 0.0.0.0 (네트워크 전체)과 1023보다 큰 --port 를 쓰세요.",
    ),
    "startup_bad_auth": (
        "{detail}",
        "로그인 설정이 잘못되었습니다: {detail}",
    ),
    # hardening, engine side: tables too wide or too large to read
    "too_many_columns": (
        "{name} has {columns} columns; at most {limit:,} can be read. Keep only the columns you need "
        "(for example in a spreadsheet) and try again with that file.",
        "{name} 파일에 열이 {columns}개 있습니다. 최대 {limit:,}개까지 읽을 수 있습니다. 필요한 열만 남겨 "
        "(예: 스프레드시트에서) 그 파일로 다시 시도해 주세요.",
    ),
    "too_many_cells": (
        "{name} has about {cells:,} cells (rows × columns); at most {limit:,} can be read at once. "
        "Split it into smaller files or keep fewer columns.",
        "{name} 파일에 칸(행 × 열)이 약 {cells:,}개 있습니다. 한 번에 최대 {limit:,}개까지 읽을 수 있습니다. "
        "더 작은 파일로 나누거나 열을 줄여 주세요.",
    ),
    "header_too_long": (
        "The first line of {name} is longer than {limit_kb:,} KB, so its columns cannot be counted. "
        "Check that it is a table with one row per line.",
        "{name} 파일의 첫 줄이 {limit_kb:,} KB보다 길어 열을 셀 수 없습니다. 한 줄에 한 행씩 있는 표인지 "
        "확인해 주세요.",
    ),
    # hardening, server side: fair use across a class, passwords
    "rate_limited_group": (
        "Too many requests from your network or shared account at once: this classroom allows {per_minute} per "
        "minute from one address. Wait {seconds} s and press the button again; your input is still there.",
        "같은 네트워크(또는 같은 계정)에서 요청이 너무 많습니다. 이 교실에서는 한 주소에서 1분에 {per_minute}번까지 "
        "실행할 수 있습니다. {seconds}초 기다린 뒤 다시 눌러 주세요. 입력한 내용은 그대로 있습니다.",
    ),
    "queue_capped": (
        "You already have {held} requests waiting or running (the limit is {cap}). Wait for one to finish, or press "
        "Stop, then try again.",
        "이미 {held}개의 요청이 기다리거나 실행 중입니다 (최대 {cap}개). 하나가 끝날 때까지 기다리거나 중지를 누른 "
        "뒤 다시 시도하세요.",
    ),
    "queue_busy": (
        "The class's queue is full right now ({waiting} requests waiting or running). Wait a few seconds and press "
        "the button again; your input is still there.",
        "지금 교실의 대기열이 가득 찼습니다 (요청 {waiting}개가 기다리거나 실행 중). 몇 초 기다린 뒤 다시 눌러 "
        "주세요. 입력한 내용은 그대로 있습니다.",
    ),
    "queue_share": (
        "Your network (or shared account) already has {held} requests waiting or running, its fair share of the "
        "class's queue right now ({cap}). Wait for one to finish, then try again.",
        "같은 네트워크(또는 같은 계정)에서 이미 {held}개의 요청이 기다리거나 실행 중입니다. 지금 교실 대기열에서 "
        "나눠 쓸 수 있는 몫({cap}개)을 다 썼습니다. 하나가 끝날 때까지 기다린 뒤 다시 시도하세요.",
    ),
    "login_throttled": (
        "Too many wrong passwords. Wait {seconds} s, then check the name and password and try again.",
        "비밀번호가 여러 번 틀렸습니다. {seconds}초 기다린 뒤 이름과 비밀번호를 확인하고 다시 시도하세요.",
    ),
    # the teacher's pause and queue clearing (playground.classroom.teacher, server.fairuse)
    "tab_paused": (
        "Your teacher has paused this tab for now. Wait until they resume it; your input is still there.",
        "선생님이 이 탭을 잠시 멈췄습니다. 다시 열어 줄 때까지 기다려 주세요. 입력한 내용은 그대로 있습니다.",
    ),
    "class_paused": (
        "Your teacher has paused the playground for the whole class for now. Wait until they resume it; your input "
        "is still there.",
        "선생님이 반 전체의 플레이그라운드를 잠시 멈췄습니다. 다시 열어 줄 때까지 기다려 주세요. 입력한 내용은 "
        "그대로 있습니다.",
    ),
    "queue_cleared": (
        "Your teacher cleared the class's queue, so this request did not run. Press the button again when your "
        "teacher says so; your input is still there.",
        "선생님이 교실 대기열을 비워서 이 요청은 실행되지 않았습니다. 선생님이 알려 주면 버튼을 다시 눌러 주세요. "
        "입력한 내용은 그대로 있습니다.",
    ),
    # progress lines of the engine, shown in the page's language (tabs.common.progress_callback)
    "progress_loading": (
        "Loading {name} ({params} parameters, first use)…",
        "{name} 모델을 불러오는 중입니다 (매개변수 {params} 개, 처음 한 번만)…",
    ),
    "progress_summarising": ("Summarizing…", "요약하는 중…"),
    "progress_summarising_n": ("Summarizing {done}/{total}", "요약하는 중 {done}/{total}"),
    "progress_summarising_round": ("Round {round}: summarizing part…", "{round}단계: 부분 요약 중…"),
    "progress_summarising_round_n": (
        "Round {round}: summarizing part {done}/{total}",
        "{round}단계: 부분 요약 중 {done}/{total}",
    ),
    "progress_summarising_parts": ("Summarizing {count} part(s)…", "글을 {count}부분으로 나누어 요약하는 중…"),
    "progress_detecting": ("Detecting the language…", "언어를 알아내는 중…"),
    "progress_translating": ("Translating {count} sentence(s)…", "문장 {count}개를 번역하는 중…"),
    "progress_translating_n": ("Translating sentence {done}/{total}", "문장 번역 중 {done}/{total}"),
    "progress_image_remote": ("Image {index} of {count} on {where}…", "{where}에서 이미지 만드는 중 {index}/{count}…"),
    "progress_image_prompt": (
        "Image {index}/{count} · encoding the prompt…", "이미지 {index}/{count} · 프롬프트 읽는 중…"),
    "not_in_any_catalog": (
        "{model!r} is not in this playground's catalog. Choose one of: {allowed}.",
        "{model!r} 모델은 이 플레이그라운드의 카탈로그에 없습니다. 다음 중에서 고르세요: {allowed}",
    ),
    "detail_not_a_number": ("{value!r} is not a number", "숫자를 넣어야 합니다 (받은 값: {value!r})"),
    "detail_true_or_false": ("use true or false", "true나 false로 쓰세요"),
    "detail_contains_only": (
        "{kind} columns can only be filtered with 'contains' or 'is empty'",
        "이 종류의 열({kind})은 '포함'이나 '비어 있음'으로만 거를 수 있습니다",
    ),
    "progress_image_step": (
        "Image {index}/{count} · step {step}/{steps}", "이미지 {index}/{count} · {step}/{steps}단계"),
    # chat: what the token count counts, and an answer longer than the chosen model can write
    "chat_too_long": (
        "This turn is {tokens:,} tokens: your message ({message:,}), the system prompt ({system:,}) and the chat "
        "format's markers ({markers:,}); earlier messages of the conversation are not counted (they are left out "
        "first). {name} reads {window:,} tokens at a time and keeps {answer:,} of them for its answer (max new "
        "tokens), which leaves {limit:,}. Shorten your message or the system prompt, or lower max new tokens in "
        "Settings.",
        "이번 차례의 입력이 {tokens:,} 토큰입니다: 보낸 메시지 {message:,}, 시스템 프롬프트 {system:,}, 대화 형식 "
        "표시 {markers:,}. 앞선 대화는 먼저 빼고 세므로 여기에 들어가지 않습니다. {name} 모델은 한 번에 "
        "{window:,} 토큰을 읽고 그중 {answer:,} 토큰은 답을 쓰는 데 남겨 두므로(최대 생성 토큰 수) {limit:,} "
        "토큰만 남습니다. 메시지나 시스템 프롬프트를 줄이거나, 설정에서 최대 생성 토큰 수를 낮춰 주세요.",
    ),
    # Train (playground.tasks.train): a class fine-tunes a classifier on its own labelled table
    "train_too_many_rows": (
        "The table has {rows:,} labelled rows; one training run may use at most {limit:,}. Keep fewer rows (for "
        "example a filtered file) and try again.",
        "표에 정답이 달린 행이 {rows:,}개 있습니다. 한 번 학습에 최대 {limit:,}행까지 쓸 수 있습니다. 행을 줄여 "
        "(예: 걸러 낸 파일로) 다시 해 보세요.",
    ),
    "train_no_data": (
        "Say which data to train on: `nsmc` (the bundled sample), a file in the data folder, `hub:owner/name`, "
        "or `{{\"class\": [\"example\", ...]}}`.",
        "무엇으로 학습할지 정해 주세요: `nsmc`(함께 들어 있는 예시), 데이터 폴더의 파일, `hub:owner/name`, 또는 "
        "`{{\"클래스\": [\"예시\", ...]}}`.",
    ),
    "train_no_rows": (
        "No example has both a text and a label. Check the text and label columns (or type examples per class).",
        "텍스트와 정답이 모두 있는 예시가 없습니다. 텍스트 열과 정답 열을 확인하거나 클래스마다 예시를 입력하세요.",
    ),
    "train_one_class": (
        "Every example has the same label ({label!r}). A classifier needs at least {low} classes: add examples of "
        "another class, or pick another label column.",
        "모든 예시의 정답이 같습니다 ({label!r}). 분류 모델을 학습하려면 클래스가 {low}개 이상 있어야 합니다. 다른 "
        "클래스의 예시를 더하거나 다른 정답 열을 고르세요.",
    ),
    "train_too_many_classes": (
        "The label column has {count:,} different values; this tab trains {low} to {high} classes. Is {column!r} "
        "really the label column? Pick a column with a few class names.",
        "정답 열에 서로 다른 값이 {count:,}개 있습니다. 이 탭은 {low}~{high}개 클래스까지 학습합니다. {column!r} 열이 "
        "정말 정답 열인가요? 클래스 이름이 몇 개뿐인 열을 고르세요.",
    ),
    "train_label_too_long": (
        "A label is {length} characters long ({label!r}…); class names may have at most {limit}. The label column "
        "looks like text: swap the text and label columns.",
        "정답 하나가 {length}자입니다 ({label!r}…). 클래스 이름은 최대 {limit}자까지 됩니다. 정답 열이 문장처럼 "
        "보입니다. 텍스트 열과 정답 열을 바꿔 보세요.",
    ),
    "train_few_examples": (
        "Class {label!r} has {count} example(s); each class needs at least {minimum}, so one can be held out to "
        "test the model. Add more examples of it.",
        "{label!r} 클래스의 예시가 {count}개뿐입니다. 모델을 시험할 예시를 따로 떼어 두려면 클래스마다 최소 "
        "{minimum}개가 필요합니다. 예시를 더 넣어 주세요.",
    ),
    "train_text_too_long": (
        "Example {row} has {length:,} characters; an example may have at most {limit:,}. Shorten it.",
        "{row}번째 예시가 {length:,}자입니다. 예시 하나는 최대 {limit:,}자까지 됩니다. 줄여 주세요.",
    ),
    "train_same_columns": (
        "The text column and the label column are both {column!r}. Pick two different columns.",
        "텍스트 열과 정답 열이 모두 {column!r}입니다. 서로 다른 두 열을 고르세요.",
    ),
    "train_busy": (
        "{running} training runs are going on this server (the limit is {limit}). Wait a minute and press Train "
        "again; the other tabs still work.",
        "이 서버에서 이미 {running}개의 학습이 진행 중입니다 (최대 {limit}개). 잠시 기다렸다가 다시 학습을 "
        "누르세요. 다른 탭은 그대로 쓸 수 있습니다.",
    ),
    "train_already_running": (
        "You already have a training run going. Wait for it to finish, or press Stop, then train again.",
        "이미 학습이 진행 중입니다. 끝날 때까지 기다리거나 중지를 누른 뒤 다시 학습하세요.",
    ),
    "train_no_model": (
        "There is no trained model in this session yet (models are kept {hours} hours, for the student who "
        "trained them only). Press Train first.",
        "이 세션에는 아직 학습한 모델이 없습니다 (모델은 학습한 학생에게만, {hours}시간 동안 보관됩니다). 먼저 "
        "학습을 누르세요.",
    ),
    "train_disk_full": (
        "The trained model would take {size_mb:.0f} MB; each student may keep {limit_mb:.0f} MB. Choose a smaller "
        "base model.",
        "학습한 모델이 {size_mb:.0f} MB가 됩니다. 학생마다 {limit_mb:.0f} MB까지 보관할 수 있습니다. 더 작은 기본 "
        "모델을 고르세요.",
    ),
    "train_push_off": (
        "The teacher has turned pushing to the Hub off for this class. Download the zip instead.",
        "선생님이 이 수업에서 Hub로 올리기를 꺼 두었습니다. 대신 zip 파일을 내려받으세요.",
    ),
    "train_sign_in": (
        "Sign in with Hugging Face first (the button at the top): the model goes to your own account.",
        "먼저 Hugging Face로 로그인하세요 (맨 위 버튼). 모델은 내 계정으로 올라갑니다.",
    ),
    "train_bad_repo_name": (
        "{value!r} cannot be a repository name: use 1 to 96 letters, digits, '-', '_' or '.'.",
        "저장소 이름으로 쓸 수 없습니다: {value!r}. 영문자, 숫자, '-', '_', '.'로 1~96자를 쓰세요.",
    ),
    "train_push_failed": (
        "The Hub did not accept the model ({detail}). Check that you are signed in with the right to create "
        "repositories, then try again.",
        "Hub가 모델을 받지 않았습니다 ({detail}). 저장소를 만들 권한으로 로그인했는지 확인한 뒤 다시 해 보세요.",
    ),
    "progress_train_loading": ("Preparing {name} and the data…", "{name} 모델과 데이터를 준비하는 중…"),
    "progress_train_step": (
        "Step {step}/{steps} · loss {loss:.3f} · about {left} s left",
        "{step}/{steps}단계 · 손실 {loss:.3f} · 약 {left}초 남음",
    ),
    "progress_train_eval": ("Testing on the held-out examples…", "떼어 둔 예시로 시험하는 중…"),
    "chat_answer_too_long": (
        "Max new tokens is {asked:,}, but {name} can write at most {limit:,} tokens in one answer (it reads "
        "{window:,} tokens at a time, and a part is always kept for the conversation). Choose {limit:,} or less.",
        "최대 생성 토큰 수가 {asked:,}인데, {name} 모델은 한 번에 최대 {limit:,} 토큰까지만 답할 수 있습니다 "
        "(한 번에 {window:,} 토큰을 읽고, 그중 일부는 늘 대화 내용에 남겨 둡니다). {limit:,} 이하로 골라 주세요.",
    ),
    # remote backends (playground.remote)
    "remote_unreachable": (
        "{where} cannot be reached (no connection). Try again later, or pick a model that runs on this machine.",
        "{where}에 연결할 수 없습니다. 잠시 뒤에 다시 해 보거나, 이 컴퓨터에서 돌아가는 모델을 고르세요.",
    ),
    "remote_auth": (
        "{where} refused the token (HTTP {status}). Sign in with Hugging Face, or ask the teacher to check the "
        "token the app uses.",
        "{where} 서비스가 토큰을 거부했습니다 (HTTP {status}). Hugging Face로 로그인하거나, 선생님께 앱의 토큰을 "
        "확인해 달라고 하세요.",
    ),
    "remote_no_token": (
        "{where} needs a Hugging Face token: sign in with Hugging Face, or the teacher sets HF_TOKEN (a Space "
        "secret).",
        "{where} 서비스를 쓰려면 Hugging Face 토큰이 필요합니다. Hugging Face로 로그인하거나, 선생님이 HF_TOKEN "
        "(Space 비밀 값)을 설정해야 합니다.",
    ),
    "remote_quota": (
        "{where}: the monthly credit of this account is used up (HTTP 402). Free accounts get very little; use a "
        "model on this machine, or a PRO / organization account.",
        "{where}: 이 계정의 월간 크레딧을 다 썼습니다 (HTTP 402). 무료 계정은 크레딧이 아주 적습니다. 이 컴퓨터의 "
        "모델을 쓰거나 PRO·조직 계정을 쓰세요.",
    ),
    "remote_rate": (
        "{where} is receiving too many requests (HTTP 429). Wait {wait} and try again.",
        "{where}에 요청이 너무 많습니다 (HTTP 429). {wait_ko} 기다린 뒤 다시 해 보세요.",
    ),
    "remote_loading": (
        "{where} is still loading the model (HTTP 503). Try again in {wait}.",
        "{where} 서비스가 아직 모델을 불러오는 중입니다 (HTTP 503). {wait_ko} 뒤에 다시 해 보세요.",
    ),
    "remote_timeout": (
        "{where} did not answer within {seconds:.0f} seconds. Try again later, or a shorter request.",
        "{where} 서비스가 {seconds:.0f}초 안에 답하지 않았습니다. 잠시 뒤에 다시 하거나 더 짧게 요청해 보세요.",
    ),
    "remote_cut": (
        "{where} stopped sending in the middle of the answer (the connection was cut). What arrived is shown; "
        "send again to get a whole answer.",
        "{where} 서비스가 답하는 도중에 연결이 끊겼습니다. 받은 부분까지만 보여 줍니다. 다시 보내면 전체 답을 받을 수 "
        "있습니다.",
    ),
    "remote_refused": (
        "{where} refused this request (HTTP {status}): the message may be too long for the model, or a setting "
        "out of its range. Shorten the message or change the settings.",
        "{where} 서비스가 이 요청을 거절했습니다 (HTTP {status}). 메시지가 모델에 너무 길거나 설정 값이 범위를 "
        "벗어났을 수 있습니다. 메시지를 줄이거나 설정을 바꿔 보세요.",
    ),
    "remote_not_served": (
        "{where} does not serve {model} for this task (any more). Ask the teacher to update the catalog.",
        "{where} 서비스는 이 작업에 {model} 모델을 (더 이상) 제공하지 않습니다. "
        "선생님께 카탈로그를 고쳐 달라고 하세요.",
    ),
    "remote_failed": (
        "{where} failed (HTTP {status}). Try again later, or pick a model that runs on this machine.",
        "{where}에서 오류가 났습니다 (HTTP {status}). 잠시 뒤에 다시 하거나 이 컴퓨터에서 돌아가는 모델을 고르세요.",
    ),
    "remote_offline": (
        "{where} cannot be used while HF_HUB_OFFLINE=1 (offline mode blocks every call huggingface_hub makes). "
        "Unset it to use remote models.",
        "HF_HUB_OFFLINE=1(오프라인 모드)이 켜져 있어 {where} 서비스를 쓸 수 없습니다. 원격 모델을 쓰려면 이 설정을 "
        "끄세요.",
    ),
    "remote_fell_back": (
        "ℹ️ {why} Answered on this machine with {name} instead.",
        "ℹ️ {why} 대신 이 컴퓨터의 {name} 모델로 답했습니다.",
    ),
    # why a model could not be loaded: the {reason} of model_unavailable, in the page's language
    "reason_offline": (
        "it is not in the local cache and the Hugging Face Hub cannot be reached",
        "이 컴퓨터의 캐시에 없고 Hugging Face Hub에 연결할 수 없습니다",
    ),
    "reason_gated": (
        "the model is gated or private: log in with a Hugging Face token that has access",
        "접근이 제한되었거나 비공개인 모델입니다. 접근 권한이 있는 Hugging Face 토큰으로 로그인하세요",
    ),
    "reason_not_found": ("the model files were not found", "모델 파일을 찾을 수 없습니다"),
    "reason_unreadable": ("the model files could not be read ({kind})", "모델 파일을 읽을 수 없습니다 ({kind})"),
    "reason_dropped": ("it was dropped from the cache", "모델이 캐시에서 빠졌습니다"),
    "reason_no_chat_template": (
        "it has no chat template, so it is not an instruction-tuned chat model",
        "채팅 템플릿이 없습니다. 지시를 따르도록 학습된 채팅 모델이 아닙니다",
    ),
    "reason_label_count": (
        "the catalog names {catalog} labels but the model has {model_labels}",
        "카탈로그의 레이블은 {catalog}개인데 모델의 레이블은 {model_labels}개입니다",
    ),
    # what collapsed output was (the {what} of output_collapsed)
    "unit_sentences": ("sentence(s)", "문장"),
    "unit_parts": ("summary part(s)", "요약"),
    # the {detail} of a refused input, in the page's language (the engine writes no sentences)
    "detail_not_json": ("not JSON", "JSON 형식이 아닙니다"),
    "detail_not_list": ("a {kind}, not a list", "목록이 아니라 {kind} 값입니다"),
    "detail_too_many_messages": ("{count} messages; at most {limit}", "메시지 {count}개, 최대 {limit}개까지입니다"),
    "detail_bad_role": ("each message needs a role of user or assistant",
                        "메시지마다 role이 user 또는 assistant여야 합니다"),
    "detail_bad_content": ("content is a {kind}", "content가 {kind} 값입니다"),
    "detail_not_mapping": ("not a mapping", "키와 값의 묶음이 아닙니다"),
    "detail_missing_setting": ("{key} is missing or has the wrong type", "{key} 값이 없거나 형식이 틀렸습니다"),
    "detail_damaged_image": ("the image inside is damaged", "안의 이미지가 손상되었습니다"),
    "detail_binary_file": ("it looks like a binary file", "바이너리 파일로 보입니다"),
    "detail_not_parquet": ("it is not a Parquet file", "Parquet 파일이 아닙니다"),
    "detail_zip_members": ("{count:,} files inside (the limit is {limit:,})",
                           "안에 파일이 {count:,}개 있습니다 (최대 {limit:,}개)"),
    "detail_zip_unpacked": ("{size:,.0f} MB once unpacked (the limit is {limit:,.0f} MB)",
                            "풀면 {size:,.0f} MB가 됩니다 (최대 {limit:,.0f} MB)"),
    "detail_zip_outside": ("the member {member!r} points outside it", "안의 {member!r} 항목이 zip 밖을 가리킵니다"),
    "detail_zip_ratio": ("{member!r} unpacks {ratio:,.0f} times larger than it is packed (a zip bomb?)",
                         "{member!r} 항목은 풀면 {ratio:,.0f}배로 커집니다 (zip 폭탄일 수 있습니다)"),
    "detail_zip_member_size": ("{member!r} unpacks to more than {limit:,.0f} MB",
                               "{member!r} 항목은 풀면 {limit:,.0f} MB보다 큽니다"),
    "detail_not_text": ("it is not UTF-8 or CP949 text", "UTF-8이나 CP949 텍스트가 아닙니다"),
    # Tokens (playground.tasks.tokens, playground.tasks.morphemes)
    "tokens_unknown": (
        "{model!r} is not one of this playground's tokenizers. Choose from: {allowed}.",
        "{model!r}: 이 플레이그라운드의 토크나이저가 아닙니다. 다음 중에서 고르세요: {allowed}",
    ),
    "tokens_none_chosen": (
        "No tokenizer is chosen. Tick at least one.",
        "고른 토크나이저가 없습니다. 하나 이상 골라 주세요.",
    ),
    "tokens_too_many": (
        "{count} tokenizers were asked for; at most {limit} can be read at once. Choose fewer.",
        "토크나이저 {count}개를 골랐습니다. 한 번에 최대 {limit}개까지 볼 수 있습니다. 줄여 주세요.",
    ),
    "tokens_not_cached": (
        "{name} ({model}): its tokenizer is not on this machine and the Hugging Face Hub cannot be reached. "
        "While online, fetch it with: {command} --prepare {model}",
        "{name} ({model}): 토크나이저가 이 컴퓨터에 없고 Hugging Face Hub에 연결할 수 없습니다. "
        "인터넷에 연결된 상태에서 다음 명령으로 받아 두세요: {command} --prepare {model}",
    ),
    "tokens_unreadable": (
        "{name} ({model}): its tokenizer files could not be read ({kind}).",
        "{name} ({model}): 토크나이저 파일을 읽을 수 없습니다 ({kind}).",
    ),
    "tokens_no_template": (
        "{name} has no chat template, so it has no chat view.",
        "{name} 모델에는 채팅 템플릿이 없어 채팅 보기를 만들 수 없습니다.",
    ),
    "tokens_no_analyser": (
        "The Korean morpheme analyzer is not installed (pip install {package}). The tokens still show.",
        "한국어 형태소 분석기가 설치되어 있지 않습니다 (pip install {package}). 토큰은 그대로 보입니다.",
    ),
    "tokens_progress_loading": (
        "Loading tokenizer {done}/{total}: {name} (first use)…",
        "토크나이저 불러오는 중 {done}/{total}: {name} (처음 한 번만)…",
    ),
    "tokens_progress_morphemes": (
        "Loading the Korean morpheme analyzer (first use)…",
        "한국어 형태소 분석기를 불러오는 중 (처음 한 번만)…",
    ),
}


# Parameter names the engine's messages quote ("{name} must be between …"), as a Korean page says them; the English
# text keeps the API's own parameter name, which is what an API client passes.
PARAM_NAMES_KO: dict[str, str] = {
    "page": "페이지", "page_size": "페이지 크기", "steps": "단계 수", "guidance": "가이던스", "num_images": "이미지 수",
    "seed": "시드", "width": "너비", "height": "높이", "randomize_seed": "시드 무작위", "num_beams": "빔 수",
    "temperature": "온도", "top_p": "top-p", "repetition_penalty": "반복 페널티", "max_new_tokens": "최대 생성 토큰 수",
    "length": "요약 길이", "sample": "샘플링", "op": "필터 조건", "split": "스플릿", "config": "구성", "scope": "범위",
    "member": "ZIP 안의 파일", "column": "열", "search": "검색어", "value": "값", "source": "원문 언어",
    "target": "번역할 언어", "model": "모델",
    "epochs": "에포크", "max_length": "최대 길이", "text_column": "텍스트 열", "label_column": "정답 열",
    "learning_rate": "학습률", "batch_size": "배치 크기", "max_seconds": "최대 학습 시간(초)",
    "data_license": "데이터 출처",
}
NAMED_PARAMS = frozenset({"bad_option", "out_of_range", "not_a_number"})  # messages whose {name} is a parameter
TASK_NAMES_KO: dict[str, str] = names_ko()  # from playground.registry


_UNITS = {"K": 1e3, "M": 1e6, "B": 1e9}


def params_ko(params: str) -> str:
    """A parameter count as Korean writes it: "0.4M" → "40만", "2.1B" → "21억" (anything else unchanged).

    >>> params_ko("494M"), params_ko("41K"), params_ko("2.1B")
    ('4.9억', '4.1만', '21억')
    """
    text = str(params).strip()
    try:
        value = float(text[:-1]) * _UNITS[text[-1].upper()]
    except (KeyError, ValueError, IndexError):
        return text
    for unit, size in (("억", 1e8), ("만", 1e4)):
        if value >= size:
            return f"{value / size:.2g}{unit}" if value / size < 100 else f"{value / size:,.0f}{unit}"
    return f"{value:,.0f}"


def localized(key: str, params: dict[str, object], lang: str | None) -> dict[str, object]:
    """``params`` of message ``key`` as the text in ``lang`` quotes them: a :class:`Message` (a detail the engine
    wrote) in that language, and on a Korean page parameter and task names in Korean (``PARAM_NAMES_KO``)."""
    out: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Message):
            value = value.text(lang or "en")
        elif lang == "ko" and isinstance(value, str):
            if name == "name" and key in NAMED_PARAMS:
                value = PARAM_NAMES_KO.get(value, value)
            elif name == "task":
                value = TASK_NAMES_KO.get(value, value)
            elif name == "params" and key == "progress_loading":
                value = params_ko(value)
        out[name] = value
    out.setdefault("command", settings.text(settings.COMMAND))  # "{command} --prepare": as the user starts the app
    return out


def render(key: str, params: dict[str, object], lang: str | None = "en") -> str:
    """The one renderer of a message: ``key``'s text in ``lang`` ("ko"; anything else English), placeholders filled
    with ``params`` as that language quotes them (nested messages rendered in it too). :class:`Message`,
    :class:`PlaygroundError` and ``tabs.i18n.say`` all go through it.

    >>> render("empty_text", {}, "ko")
    '텍스트가 비어 있습니다. 먼저 내용을 입력하세요.'
    """
    return MESSAGES[key][1 if lang == "ko" else 0].format(**localized(key, params, lang))


class Message(str):
    """A line for the user that the engine writes without knowing the page's language: a :data:`MESSAGES` key and
    its params. It *is* its English text (a ``str``), so terminals (``engine.preload(print)``) and tests read it as
    before; a tab renders it in the page's language (``tabs.common.progress_callback``).

    >>> line = Message("progress_translating_n", done=2, total=5)
    >>> str(line), line.text("ko")
    ('Translating sentence 2/5', '문장 번역 중 2/5')
    """

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, /, **params: object) -> Message:
        if key not in MESSAGES:
            raise KeyError(f"unknown message key: {key}")
        line = super().__new__(cls, render(key, params, "en"))
        line.key, line.params = key, dict(params)
        return line

    def text(self, lang: str = "en") -> str:
        """The line in ``lang`` ("ko", anything else: English)."""
        return render(self.key, self.params, lang)

    def __reduce__(self) -> tuple:  # crosses ZeroGPU's process boundary as key + params
        return _message, (self.key, self.params)


def _message(key: str, params: dict[str, object]) -> Message:
    return Message(key, **params)


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
        return render(self.key, self.params, lang)

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
