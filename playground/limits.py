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

# Micro-batching of concurrent requests (see playground.batching)
BATCH_MAX_ITEMS = 32  # texts in one forward pass

# Chat
CHAT_MAX_MESSAGE_CHARS = 8_000  # one message
CHAT_MAX_SYSTEM_CHARS = 2_000  # the system prompt
CHAT_MAX_TURNS = 200  # messages of history accepted from a client
CHAT_MAX_NEW_TOKENS = 1_024
CHAT_TEMPERATURE = (0.0, 2.0)  # 0 = greedy
CHAT_TOP_P = (0.05, 1.0)
CHAT_REPETITION_PENALTY = (1.0, 2.0)
