"""What each endpoint says to an API or MCP client: a summary, one line per parameter (its range and default)
and what it returns, in the ``Args:`` form Gradio's MCP server reads. Values come from ``playground.limits`` and
the catalog, so they cannot drift from what the server checks.

``app.build_app`` gives them to the handlers (``tabs.mcp.name_tools``); a handler with its own ``Args:`` block
keeps it.
"""

from __future__ import annotations

from playground import limits
from playground.catalog import AUTO
from playground.data.common import OPS
from playground.engine import Engine
from playground.tasks.languages import LANGUAGES

from . import train
from .mcp import tool_doc


def tool_docs(engine: Engine) -> dict[str, str]:
    """endpoint name -> docstring."""

    def models(task: str) -> str:
        choices = engine.choices(task)
        default = engine.default_choice(task) or AUTO
        auto = " (auto: picked by the text's language)" if AUTO in choices else ""
        return f"a catalog model id, one of: {', '.join(choices) or '-'}{auto}; default {default}."

    codes = ", ".join(LANGUAGES)
    lengths = ", ".join(f"{k} ({lo}-{hi} tokens)" for k, (lo, hi) in limits.SUMMARIZE_LENGTHS.items())
    where = {
        "source": f"a Hub dataset id such as e9t/nsmc, or a file in the data folder (see dataset_file to send a file "
                  f"of your own), at most {limits.DATASET_MAX_SOURCE_CHARS} characters.",
        "config": "the config (for a zip: the file inside it); default the first one.",
        "split": "the split, such as train or test; default the first one.",
    }
    query = {
        "search": f"keep rows whose text columns contain this, at most {limits.DATASET_MAX_SEARCH_CHARS} characters; "
                  "default none.",
        "filter_column": "a column to filter on; default none (no filter).",
        "filter_op": f"one of {', '.join(OPS)}; default =.",
        "filter_value": "the value the filter column is compared with; default none.",
    }
    paging = {
        "page": f"the page number, 1 to {limits.DATASET_MAX_PAGE:,}; default 1.",
        "page_size": f"rows per page, 1 to {limits.DATASET_MAX_PAGE_SIZE}; default 20.",
    }
    chat_default = engine.default_choice("chat") or "-"
    return {**train.tool_docs(engine),  # the Train tab's own (tabs/train.py)
        "chat": tool_doc(
            "Chat with one of the playground's catalog models (Korean and English); streams the growing answer.", {
                "message": f"the user's message, 1 to {limits.CHAT_MAX_MESSAGE_CHARS:,} characters.",
                "history": f"earlier turns, a list of {{'role': 'user' or 'assistant', 'content': text}} (or a JSON "
                           f"string of it), at most {limits.CHAT_MAX_TURNS} messages; default none (a new chat). The "
                           "oldest turns are left out when the conversation is longer than the model reads.",
                "model": f"a catalog chat model id, one of: {', '.join(engine.choices('chat'))}; default "
                         f"{chat_default}.",
                "system": f"the system prompt, at most {limits.CHAT_MAX_SYSTEM_CHARS:,} characters; default a helpful "
                          "assistant that answers in the user's language.",
                "temperature": f"sampling temperature {limits.CHAT_TEMPERATURE[0]} to {limits.CHAT_TEMPERATURE[1]} "
                               "(0 = greedy: the same answer every time); default 0.7.",
                "top_p": f"nucleus sampling {limits.CHAT_TOP_P[0]} to {limits.CHAT_TOP_P[1]}; default 0.9.",
                "max_new_tokens": f"the answer's length limit in tokens, 1 to {limits.CHAT_MAX_NEW_TOKENS}.",
                "repetition_penalty": f"{limits.CHAT_REPETITION_PENALTY[0]} to {limits.CHAT_REPETITION_PENALTY[1]} "
                                      "(models on this machine only); default 1.1.",
            }, "The whole answer as plain text (the stream ends with it)."),
        "sentiment": tool_doc(
            "Classify the sentiment of one Korean or English text (positive or negative).",
            {"text": f"the text, 1 to {limits.SENTIMENT_MAX_CHARS:,} characters.", "model": models("sentiment")},
            "JSON: the label with the highest confidence and every label's confidence (0-1)."),
        "sentiment_many": tool_doc(
            "Classify many texts at once: one per line, or a column of an uploaded CSV/TSV file; with a label "
            "column, also the accuracy.",
            {"lines": f"texts one per line, at most {limits.SENTIMENT_MAX_LINES} lines; default none.",
             "file": f"a CSV/TSV file instead of lines, at most {limits.SENTIMENT_MAX_ROWS:,} rows; default none.",
             "text_column": "the file's text column; default guessed.",
             "label_column": "the file's label column, to compare with; default none.",
             "model": models("sentiment")},
            "A summary, the label counts, a table of every text with its label and confidence, and a CSV file."),
        "summarize": tool_doc(
            "Summarize a Korean or English text; a long text is summarized in parts, then the parts together.",
            {"text": f"the text, 1 to {limits.SUMMARIZE_MAX_CHARS:,} characters.", "model": models("summarize"),
             "length": f"one of {lengths}; default medium.",
             "num_beams": f"beam search width {limits.SEQ2SEQ_BEAMS[0]} to {limits.SEQ2SEQ_BEAMS[1]}; default 4.",
             "sample": "true to sample instead of beam search; default false.",
             "temperature": f"when sampling, {limits.SEQ2SEQ_TEMPERATURE[0]} to {limits.SEQ2SEQ_TEMPERATURE[1]}; "
                            "default 0.7."},
            "The summary (plain text), then the counts (input and output tokens, parts, rounds, model)."),
        "translate": tool_doc(
            "Translate a text between Korean, English and seven more languages, keeping its paragraphs.",
            {"text": f"the text, 1 to {limits.TRANSLATE_MAX_CHARS:,} characters.",
             "source": f"the text's language: detect, or one of {codes}; default detect.",
             "target": f"the language to translate into, one of {codes}; default en.",
             "model": models("translate")},
            "The translation (plain text), then the details (languages, detection confidence, model, counts)."),
        "generate_image": tool_doc(
            "Generate images from an English prompt with a seeded diffusion model (same seed and settings, same "
            "pixels); a classroom prompt filter refuses unsafe prompts.",
            {"prompt": f"what to draw, 1 to {limits.IMAGE_MAX_PROMPT_CHARS:,} characters (English works best).",
             "negative_prompt": f"what to avoid, at most {limits.IMAGE_MAX_NEGATIVE_CHARS:,} characters; default "
                                "none.",
             "model": models("image"),
             "steps": f"denoising steps, 1 to {limits.IMAGE_MAX_STEPS} (within the model's range); default the "
                      "model's recommended value.",
             "guidance": f"guidance scale 0 to {limits.IMAGE_MAX_GUIDANCE}; default the model's value.",
             "width": f"pixels, {limits.IMAGE_SIDE[0]} to {limits.IMAGE_SIDE[1]}, rounded to the model's multiple; "
                      "default the model's size.",
             "height": f"pixels, {limits.IMAGE_SIDE[0]} to {limits.IMAGE_SIDE[1]}; default the model's size.",
             "num_images": f"1 to {limits.IMAGE_MAX_IMAGES}; default 1.",
             "seed": f"0 to {limits.IMAGE_MAX_SEED}; image i uses seed + i; default 0.",
             "randomize_seed": "true to pick a random seed (returned); default true."},
            "PNG files (their settings in the PNG metadata), the seed used, and notes."),
        "dataset_info": tool_doc(
            "Describe a dataset: its card (license first), configs, splits, columns and row count.",
            where, "The card (Markdown), then the details (JSON: columns, configs, splits, num_rows, license)."),
        "dataset_rows": tool_doc(
            "One page of a dataset's rows, optionally searched and filtered.",
            {**where, **paging, **query}, "The rows (a table), a status line, and the page number."),
        "dataset_stats": tool_doc(
            "Statistics of a dataset: missing values per column, the label distribution, the text-length histogram.",
            {**where, "label_column": "the label column; default guessed.",
             "text_column": "the text column; default guessed.", **query},
            "A summary, the label counts, the length histogram and the missing values."),
        "dataset_sentiment": tool_doc(
            "Run the sentiment model over a dataset's text column and compare with its label column (accuracy).",
            {**where, "text_column": "the text column; default guessed.",
             "label_column": "the label column to compare with; default none.",
             "scope": f"page (this page) or all (the first {limits.DATASET_SENTIMENT_MAX_ROWS:,} rows); default "
                      "page.", **paging, **query, "model": models("sentiment")},
            "A summary with the accuracy, and a table of predictions."),
    }
