"""Every input-size limit of the playground, in one place.

Tabs clamp their sliders to these, but the engine enforces them on the server whatever a client sends.
Change a number here and both the UI and the API follow.
"""

from __future__ import annotations

# Sentiment
SENTIMENT_MAX_CHARS = 2_000  # one text; NSMC reviews are at most 140 characters
SENTIMENT_MAX_LINES = 200  # texts typed one per line
SENTIMENT_MAX_ROWS = 20_000  # rows analysed from an uploaded file
SENTIMENT_CHUNK = 64  # texts per progress step in a file run (and per batcher submission)

# Uploaded tables (CSV / TSV)
TABLE_MAX_BYTES = 20 * 1024 * 1024
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
TABLE_MAX_COLUMNS = 1_000  # columns of an uploaded table (counted on the header line, before parsing)
TABLE_MAX_CELLS = 2_000_000  # rows x columns of an uploaded table (estimated before parsing)

# Micro-batching of concurrent requests (see playground.batching)
BATCH_MAX_ITEMS = 32  # texts in one forward pass

# Chat
CHAT_MAX_MESSAGE_CHARS = 8_000  # one message
CHAT_MAX_SYSTEM_CHARS = 2_000  # the system prompt
CHAT_MAX_TURNS = 200  # messages of history accepted from a client
CHAT_MAX_NEW_TOKENS = 1_024
CHAT_PROMPT_SHARE = 0.2  # of a model's window, kept for the conversation: max new tokens is at most the rest
CHAT_TEMPERATURE = (0.0, 2.0)  # 0 = greedy
CHAT_TOP_P = (0.05, 1.0)
CHAT_REPETITION_PENALTY = (1.0, 2.0)
CHAT_SEED_MAX = 2**31 - 1  # a sampled answer's seed (printed in the code panel) is at most this
CHAT_PAST_CONVERSATIONS = 20  # past conversations each browser keeps (🗑 New chat moves the current one there)
CHAT_PAST_MAX_CHARS = 200_000  # their messages together (the oldest go first): with the current one, under 4 MB kept

# Chat batching: every answer of a loaded model in one loop (playground.tasks.chat_batching; --chat-batching)
CHAT_BATCH_PAGE_TOKENS = 32  # the paged KV cache's page
CHAT_BATCH_CACHE_TOKENS = 16_384  # tokens the cache holds in all (at least the model's window: one longest answer)
CHAT_BATCH_STEP_TOKENS = 256  # prompt and answer tokens one forward pass computes (a long prompt is read in parts)
CHAT_BATCH_MAX_ANSWERS = 32  # answers in one forward pass, and chat jobs running at once (a pool of their own)

# Classroom: queue, concurrency per resource, per-student rate limit
# (see tabs.common.resource, playground.classroom.ratelimit)
QUEUE_MAX_SIZE = 256  # requests that may wait in the queue; more are refused with "Queue is full" (--max-queue)
GPU_CONCURRENCY = 8  # image, summarize, translate (and chat without its loop) jobs at once (--gpu-concurrency)
CPU_CONCURRENCY = 64  # sentiment and dataset requests running at once (batched together) (--cpu-concurrency)
BULK_CONCURRENCY = 4  # whole-file runs (many texts, whole columns) running at once
RATE_PER_MINUTE = 60  # main actions one student may start per minute; 0 turns the limit off (--rate-limit)
RATE_BURST = 20  # actions a student may start in a quick burst before the per-minute rate applies (--rate-burst)
SESSION_STATE_TTL_S = 3600  # what a tab keeps for a session between events (a run, its counts) is forgotten after
SESSION_STATE_MAX = 2_000  # sessions whose tab state is kept at once (the oldest forgotten first)
HANDOVER_TTL_S = 60  # the language switch: the one-time token that hands a page's results to the reloaded page
HANDOVER_MAX = 2_000  # such tokens waiting at once (the oldest forgotten first)
RATE_MAX_SESSIONS = 10_000  # sessions whose rate is remembered at once (idle ones are forgotten first)

# Fair use: every address and account, helpers, queue caps, logins (see playground.classroom.fairuse)
# A session hash is chosen by the client, so it only divides an allowance: every action also takes from its
# address's bucket (and its account's when signed in), sized for a class of ~30 behind one school address or one
# --share tunnel: 5x a student's rate (300 a minute at the defaults, 10 each for 30 students) and 3x a student's
# burst (60: two clicks each as a lesson starts). Queue caps: 4 jobs a session, 64 an address (two each for 30).
RATE_GROUP_FACTOR = 5  # an address or an account may start this many times one student's rate a minute
RATE_GROUP_BURST_FACTOR = 3  # ... and this many times one student's burst at once
# A class larger than that behind one address or account: the group's allowance grows with the students present
# (sessions that acted before, in the last RATE_PRESENT_S), each adding RATE_GROUP_SHARE of a student's rate and
# burst, up to RATE_CLASS_SIZE students (--class-size). A session used once (a fresh one per request) adds nothing.
RATE_GROUP_SHARE = 0.2  # of one student's rate and burst, added to the group's for each student present
RATE_CLASS_SIZE = 40  # students present that the group's allowance grows with, at most (--class-size)
RATE_PRESENT_S = 600  # a session counts as present this long after its last action
HELPER_PER_MINUTE = 300  # helper events (paging, row views, column pickers, PNG reuse) one student may send a minute
HELPER_BURST = 60  # helper events in a quick burst (a page load sends about ten, a page of a dataset three)
QUEUE_PER_SESSION = 4  # jobs one browser session may have waiting or running at once
QUEUE_PER_ADDRESS_SESSIONLESS = 8  # jobs without a session (/gradio_api/call/...) one address may have at once
QUEUE_PER_ADDRESS = 64  # jobs one address (or one account) may have at once: a class behind one school address
QUEUE_RESERVED = 32  # places of the queue kept for students with nothing waiting (the rest is shared by addresses)
QUEUE_MIN_SHARE = 8  # an address's share of the queue never shrinks below this, however many addresses wait
LOGIN_FREE_FAILURES = 5  # wrong passwords for one name from one address before each try must wait
LOGIN_MAX_WAIT_S = 30  # the longest wait between tries (1 s, 2 s, 4 s, ... after the free ones); never a lockout
LOGIN_ADDRESS_FREE_FAILURES = 30  # wrong passwords from one address, any names, before each try must wait

# Uploads
UPLOAD_MAX_SIZE = "25mb"  # any uploaded file, refused by the server before a tab sees it
UPLOAD_BYTES_PER_MINUTE = 200 * 1024 * 1024  # uploads one client (address and account) may send a minute
UPLOAD_BURST_BYTES = 100 * 1024 * 1024  # ... in a quick burst (four full-size files)
UPLOAD_CLIENT_MAX_BYTES = 500 * 1024 * 1024  # uploads of one client kept on disk at once (Gradio removes them hourly)

# Requests (server.guard): a body larger than this is refused before Gradio reads it. The largest legal input is a
# full chat history (CHAT_MAX_TURNS x CHAT_MAX_MESSAGE_CHARS of Hangul) sent as ASCII-escaped JSON: about 9.7 MB.
REQUEST_MAX_BODY_BYTES = 12 * 1024 * 1024
STATE_SESSIONS = 500  # browser sessions whose state Gradio keeps (the oldest are dropped): a school, not 2,000
SERVER_THREADS = 128  # worker threads for handlers (Gradio's max_threads), and for each step of a streaming one
# Gradio's content-hashed front-end files (server.assets) kept in memory with their Brotli and gzip forms: a page
# loads about 2.1 MB of them (3.4 MB with both encodings); every tab's components together are well under this.
ASSET_CACHE_MAX_BYTES = 64 * 1024 * 1024
KEEP_FILES_S = 3600  # result files (CSV, audio) and Gradio's own cache are removed from temp folders after an hour

# Summarize and Translate (one seq2seq runner)
SEQ2SEQ_BATCH = 32  # texts per generate call (sentences of a translation, chunks of a long summary)
SEQ2SEQ_BEAMS = (1, 8)  # beam search width
SEQ2SEQ_TEMPERATURE = (0.1, 2.0)  # when sampling
SUMMARIZE_MAX_CHARS = 20_000  # about ten pages; longer than the model's window → chunks, then a summary of summaries
SUMMARIZE_MAX_ROUNDS = 3  # summary-of-summaries rounds before giving the best so far
SUMMARIZE_LENGTHS = {"short": (10, 60), "medium": (30, 140), "long": (60, 260)}  # new tokens (min, max)
TRANSLATE_MAX_CHARS = 5_000  # one request: sentences are translated in batches, paragraphs kept
TRANSLATE_MAX_NEW_TOKENS = 256  # per sentence

# Image (the catalog's options narrow these per model: steps, guidance, sizes)
IMAGE_MAX_PROMPT_CHARS = 2_000  # the text encoder reads only its window (77 CLIP tokens); the rest is noted
IMAGE_MAX_NEGATIVE_CHARS = 1_000
IMAGE_MAX_IMAGES = 4  # images per request
IMAGE_MAX_STEPS = 50  # a ceiling whatever a catalog says
IMAGE_MAX_GUIDANCE = 20.0
IMAGE_SIDE = (32, 2048)  # pixels, a ceiling whatever a catalog says
IMAGE_MAX_SEED = 2**31 - 1  # seeds 0..IMAGE_MAX_SEED; image i of a request uses seed + i
IMAGE_PNG_MAX_BYTES = 25 * 1024 * 1024  # a PNG uploaded to "reuse these settings"
IMAGE_KEEP_FILES_S = 3600  # generated PNGs are removed from the server's temp folder after an hour

# Dataset browser (playground.data.local, playground.data.hub_viewer)
DATASET_MAX_SOURCE_CHARS = 300  # a Hub id or a file name
DATASET_MAX_PAGE_SIZE = 100  # rows on one page (the Hub's viewer serves at most 100 at a time)
DATASET_PAGE_SIZES = (10, 20, 50, 100)  # the page sizes the tab offers
DATASET_MAX_PAGE = 10_000_000  # the highest page number accepted
DATASET_MAX_SEARCH_CHARS = 200  # a search text or a filter value
DATASET_MAX_CELL_CHARS = 300  # a table cell shows this much; the row view shows the whole value
DATASET_MAX_FILE_BYTES = 4 * 1024**3  # a local file DuckDB may read (uploads are capped lower by --max-file-size)
DATASET_MAX_LISTED_FILES = 500  # files offered from the data folder
DATASET_ZIP_MAX_MEMBERS = 1_000  # files inside one zip
DATASET_ZIP_MAX_BYTES = 2 * 1024**3  # unpacked size of a zip (all members), and of the member read
DATASET_UPLOAD_ZIP_MAX_BYTES = 200 * 1024 * 1024  # unpacked size of an uploaded zip (the data folder's: above)
DATASET_UPLOAD_UNPACKED_MAX_BYTES = 1024**3  # members unpacked from uploads, on disk at once (oldest removed first)
DATASET_UPLOAD_KEEP_S = 900  # a member unpacked from an upload and unused this long is removed
DATASET_ZIP_MAX_RATIO = 200  # a member unpacking more than this many times its packed size is refused
DATASET_STATS_MAX_CATEGORIES = 30  # bars in a label distribution
DATASET_STATS_BINS = 20  # bars in a text-length histogram
DATASET_SENTIMENT_MAX_ROWS = 2_000  # rows of a text column run through the sentiment model at once
DATASET_DUCKDB_MEMORY = "1GB"  # DuckDB spills to disk beyond this
DATASET_DUCKDB_THREADS = 2  # DuckDB's worker threads (all requests share one database)
DATASET_TEXT_CELL_BYTES = 64 * 1024  # a text cell longer than this is cut inside DuckDB (to a quarter as many chars)
DATASET_PAGE_MAX_TEXT_BYTES = 8 * 1024 * 1024  # text one page may fetch: cells cut to their share (>= 1,200 bytes)
DATASET_SAMPLE_CELL_BYTES = 4 * 1024  # a text cell of the sample read when a file is opened
DATASET_HUB_TIMEOUT_S = 15.0  # one call to the Hub's dataset viewer
DATASET_MEDIA_MAX_BYTES = 20 * 1024 * 1024  # an image or audio cell shown in the row view
DATASET_IMAGE_MAX_PIXELS = 40_000_000  # an image cell larger than this (width x height) is not decoded
DATASET_PAGE_MAX_MEDIA_BYTES = 64 * 1024 * 1024  # encoded media one page may fetch (larger cells: placeholders)
DATASET_PAGE_THUMBNAIL_BYTES = 32 * 1024 * 1024  # encoded images one page's gallery may decode
DATASET_AUDIO_MAX_BYTES = 256 * 1024 * 1024  # the row view's audio files on disk, all sessions together
DATASET_AUDIO_KEEP_S = 3600  # an audio file not played again for this long is removed
DATASET_MAX_COLUMNS = 1_000  # columns of a local file (CSV/TSV/JSONL counted on the first line, before DuckDB reads)
DATASET_MAX_HEADER_BYTES = 1024 * 1024  # the first line of a CSV/TSV/JSONL file, read to count its columns

# Tokens (the tokenizers side by side; see playground.tasks.tokens)
TOKENS_MAX_CHARS = 500  # one text (a paragraph; NSMC reviews are at most 140): every tokenizer draws a pill a token
TOKENS_MAX_TOKENIZERS = 16  # tokenizers read at once (the default catalog has 13 distinct local models)

# Train (playground.tasks.train): a class fine-tunes a small classifier on its own labelled table.
# Sized for a 2-core CPU Space: 1,000 NSMC rows x 1 epoch of KoELECTRA-small is a few minutes there, seconds on a GPU.
TRAIN_MAX_ROWS = 2_000  # labelled rows one run may use (train + held-out); a bigger table is refused, not cut
TRAIN_MIN_PER_CLASS = 4  # examples each class needs (typed in or in a table): at least one goes to the held-out split
TRAIN_CLASSES = (2, 10)  # fewest and most classes
TRAIN_MAX_LABEL_CHARS = 40  # a class name; longer "labels" are sentences in the wrong column
TRAIN_MAX_TEXT_CHARS = 1_000  # one example text (longer ones are refused: the model reads only max_length tokens)
TRAIN_MAX_LENGTH = (16, 128)  # tokens per example the model reads (the slider's range; default 64)
TRAIN_EPOCHS = (1, 5)  # passes over the training split
TRAIN_MAX_SECONDS = 600  # one run's wall clock: the run stops itself (keeping the model so far) after this
TRAIN_HELD_OUT = 0.2  # share of each class kept apart for evaluation (at least one example per class)
TRAIN_BATCH_SIZE = 16  # examples per optimizer step
TRAIN_LEARNING_RATE = 5e-5  # KoELECTRA's own NSMC fine-tuning rate (monologg/KoELECTRA finetune/config/nsmc)
TRAIN_MAX_RUNS = 2  # training runs at once on this server, all students together (more wait in the "train" pool)
TRAIN_TORCH_THREADS = 1  # CPU threads one training run may use, so Sentiment and Chat keep the other cores
TRAIN_KEEP_S = 3 * 3600  # a student's trained model is removed this long after it was made
TRAIN_MAX_DISK_MB = 600  # disk one student's trained model and its zip may take (DistilBERT: 2 x 268 MB)
TRAIN_LOADED_MAX = 8  # trained models kept loaded for "Try it" at once (others are reloaded from disk)
TRAIN_MAX_TRY_CHARS = 500  # one "Try it" sentence

# ZeroGPU durations (playground.gpu_time): each GPU call asks for the seconds its actual input needs, because
# ZeroGPU admits a call by its requested seconds against the visitor's daily quota and queues shorter asks sooner.
# Per-step times are for bf16 on ZeroGPU's H200 slice, by model size; estimates to re-measure on a real Space.
ZEROGPU_START_S = 5.0  # a call's fixed cost: the worker starts and the call's models come to the GPU
ZEROGPU_MARGIN = 1.25  # requested seconds = (start + work) x this margin, rounded up
ZEROGPU_MAX_S = 120  # the longest call the app ever asks for (longer inputs are refused or cut before)
ZEROGPU_TOKEN_S_SMALL = 0.02  # one decoding step of a model under 1B parameters (a batch of sequences at once)
ZEROGPU_TOKEN_S_MEDIUM = 0.03  # one decoding step of a model of 1B-3B parameters
ZEROGPU_TOKEN_S_LARGE = 0.045  # one decoding step of a model over 3B parameters
ZEROGPU_BEAM_COST = 0.15  # each beam past the first adds this share of a step
ZEROGPU_PREFILL_TOKENS_S = 4_000  # prompt tokens read per second (one pass over the input)
ZEROGPU_TEXTS_S = 2_000  # texts a sentiment classifier reads per second on the GPU
ZEROGPU_IMAGE_EXTRA_S = 1.0  # per image: the VAE decode and the safety checker
