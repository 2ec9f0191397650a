"""The Datasets tab's endpoint for a file the client sends itself (``/dataset_file``; an MCP tool with ``--mcp``).

The other ``dataset_*`` endpoints take a Hub id or a data-folder name. Here an API or MCP client sends a CSV, TSV,
JSON, JSONL, Parquet or zip file (``gradio_client.handle_file(path)``; an MCP client sends a ``data:`` URI or a
URL); Gradio stores it in its upload folder, the one other place the dataset browser may read, and the browser
opens it like any local file: the same size limits, checks and messages.

>>> client.predict(handle_file("reviews.tsv"), page_size=10, search="재밌", api_name="/dataset_file")
"""

from __future__ import annotations

import json
from pathlib import Path

import gradio as gr
from gradio.data_classes import FileData

from playground import limits
from playground.data import browser as data_browser
from playground.data.common import OPS
from playground.errors import BadInput

from .common import reports_errors, resource
from .tool_docs import tool_doc

TASK = "datasets"


def register() -> None:
    """Add ``/dataset_file`` to the Blocks being built (call inside the Datasets tab)."""

    @reports_errors
    def dataset_file(file: FileData, config: str | None = None, page: int = 1, page_size: int = 20,
                     search: str = "", filter_column: str = "", filter_op: str = "=", filter_value: str = "",
                     request: gr.Request = None) -> str:
        path = _path(file)
        info = data_browser.dataset_info(path, config, None)
        found = data_browser.dataset_rows(path, info.config, info.split, page, page_size, search,
                                          filter_column or None, filter_op, filter_value)
        headers, table = found.table()
        return json.dumps({
            "file": Path(path).name,
            "columns": [{"name": c.name, "type": c.dtype} for c in info.columns],
            "configs": info.configs, "config": info.config, "num_rows": info.num_rows,
            "text_column": info.guess_text(), "label_column": info.guess_label(),
            "page": found.page, "pages": found.pages, "page_size": found.page_size, "matching_rows": found.total,
            "rows": [dict(zip(headers, row, strict=False)) for row in table],
        }, ensure_ascii=False, default=str)  # JSON text: what an agent reads best

    dataset_file.__doc__ = tool_doc(
        "Open a data file you send (CSV, TSV, JSON, JSONL, Parquet, or a zip of them) and return one page of its "
        "rows with the columns, the row count and the guessed text and label columns. Nothing leaves this machine.",
        {
            "file": f"the file (a URL or a data: URI from an MCP client; handle_file(path) from gradio_client), at "
                    f"most {limits.UPLOAD_MAX_SIZE}.",
            "config": "for a zip: the file inside it to read; default the first one.",
            "page": f"the page number, 1 to {limits.DATASET_MAX_PAGE:,}; default 1.",
            "page_size": f"rows per page, 1 to {limits.DATASET_MAX_PAGE_SIZE}; default 20.",
            "search": f"keep rows whose text columns contain this, at most {limits.DATASET_MAX_SEARCH_CHARS} "
                      "characters; default none.",
            "filter_column": "a column to filter on; default none (no filter).",
            "filter_op": f"one of {', '.join(OPS)}; default =.",
            "filter_value": "the value to compare the filter column with; default none.",
        },
        "JSON: file, columns, configs, num_rows, text_column, label_column, page, pages, matching_rows, rows.")
    gr.api(dataset_file, api_name="dataset_file", **resource(TASK))


def _path(file: object) -> str:
    path = file.get("path") if isinstance(file, dict) else getattr(file, "path", file)
    if not isinstance(path, str) or not path:
        raise BadInput("no_file")
    return path
