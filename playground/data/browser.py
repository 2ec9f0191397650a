"""The dataset browser's engine: one set of calls for Hub datasets and local files (no gradio here).

A source is a Hub id (``stanfordnlp/imdb``) or a local file (``nsmc/ratings.tsv`` in the data folder, or an
upload). For a local zip, ``config`` picks the file inside it. Every argument is checked here, so the UI and the
API get the same clear messages.

>>> info = dataset_info("nsmc/ratings_sample.tsv")
>>> page = dataset_rows("nsmc/ratings_sample.tsv", page=3, page_size=20, search="재밌")
>>> page.total, len(page.rows)
(218, 20)
>>> stats = dataset_stats("nsmc/ratings_sample.tsv", label_column="label", text_column="document")
>>> print(code_snippet("nsmc/ratings_sample.tsv", page=3, page_size=20))
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from playground import limits
from playground.data import hub_viewer as data_hub
from playground.data import local as data_local
from playground.data.common import Info, Page, Query, Stats, check_page, make_query, parse_source
from playground.errors import BadInput, PlaygroundError
from playground.hub import hub_status
from playground.text import clean_text

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

_HUB_INFO: dict[tuple[str, str | None, str | None], tuple[float, Info]] = {}
_HUB_LOCK = threading.Lock()
HUB_INFO_TTL_S = 300.0


def _option(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput("not_text", kind=type(value).__name__)
    value = value.strip()
    if len(value) > limits.DATASET_MAX_SOURCE_CHARS:
        raise BadInput("text_too_long", length=len(value), limit=limits.DATASET_MAX_SOURCE_CHARS)
    return value or None


def dataset_info(source: object, config: object = None, split: object = None) -> Info:
    """What ``source`` holds: columns, configs/splits (zip members), row count; the card's license for the Hub."""
    where, name = parse_source(source)
    config, split = _option(config), _option(split)
    if where == "hub":
        key = (name, config, split)
        with _HUB_LOCK:
            cached = _HUB_INFO.get(key)
        if cached and time.monotonic() - cached[0] < HUB_INFO_TTL_S:
            return cached[1]
        info = data_hub.hub_info(name, config, split)
        with _HUB_LOCK:
            _HUB_INFO[key] = (time.monotonic(), info)
        return info
    _check_local_split(split)
    return data_local.local_info(name, config)


def _check_local_split(split: str | None) -> None:
    if split not in (None, "train"):
        raise BadInput("bad_option", name="split", allowed="train", value=split[:80])


def dataset_rows(source: object, config: object = None, split: object = None, page: object = 1,
                 page_size: object = 20, search: object = "", filter_column: object = "", filter_op: object = "=",
                 filter_value: object = "") -> Page:
    """One page of the rows that match the search and the filter."""
    page_no, size = check_page(page, page_size)
    query = make_query(search, filter_column, filter_op, filter_value)
    where, name = parse_source(source)
    if where == "hub":
        info = dataset_info(name, config, split)
        return data_hub.hub_rows(name, info.config or "", info.split or "", page_no, size, query, info.columns)
    _check_local_split(_option(split))
    return data_local.local_rows(name, _option(config), page_no, size, query)


def dataset_stats(source: object, config: object = None, split: object = None, label_column: object = "",
                  text_column: object = "", search: object = "", filter_column: object = "",
                  filter_op: object = "=", filter_value: object = "") -> Stats:
    """Missing values per column, a label distribution and a text-length histogram (guessed columns if empty)."""
    query = make_query(search, filter_column, filter_op, filter_value)
    info = dataset_info(source, config, split)
    label = _option(label_column) or info.guess_label()
    text = _option(text_column) or info.guess_text()
    for name in (label, text):
        if name:
            info.column(name)  # names the columns there are, if not
    if info.where == "hub":
        stats = data_hub.hub_stats(info.source, info.config or "", info.split or "", label, text)
        if query.active:
            stats.note += " · search and filter are not applied to the Hub's statistics"
        return stats
    return data_local.local_stats(info.source, info.config, query, label, text)


# -- sentiment over a text column -------------------------------------------------------------------------------
def column_texts(source: object, config: object = None, split: object = None, text_column: object = "",
                 label_column: object = "", scope: object = "page", page: object = 1, page_size: object = 20,
                 search: object = "", filter_column: object = "", filter_op: object = "=",
                 filter_value: object = "") -> tuple[list[str], list[Any] | None]:
    """The texts (and gold labels) of a column: this page's rows, or the first rows of the whole view."""
    if scope not in ("page", "all"):
        raise BadInput("bad_option", name="scope", allowed="page, all", value=str(scope)[:40])
    page_no, size = check_page(page, page_size)
    query = make_query(search, filter_column, filter_op, filter_value)
    info = dataset_info(source, config, split)
    text = _option(text_column) or info.guess_text()
    if not text:
        raise BadInput("dataset_no_text_column", name=info.title[:120])
    if info.column(text).kind != "text":
        raise BadInput("dataset_not_text_column", column=text[:100])
    label = _option(label_column)
    if label:
        info.column(label)
    wanted = [text, *([label] if label else [])]
    limit = size if scope == "page" else limits.DATASET_SENTIMENT_MAX_ROWS
    offset = (page_no - 1) * size if scope == "page" else 0
    if info.where == "hub":
        if scope == "page":
            found = data_hub.hub_rows(info.source, info.config or "", info.split or "", page_no, size, query,
                                      info.columns)
            rows = [tuple(r.get(c) for c in wanted) for r in found.rows]
        else:
            rows = data_hub.column_values(info.source, info.config or "", info.split or "", query, wanted, limit)
    else:
        rows = data_local.column_values(info.source, info.config, query, wanted, limit, offset,
                                        max_chars=limits.SENTIMENT_MAX_CHARS * 4)
    keep = [r for r in rows if isinstance(r[0], str) and r[0].strip()]
    if not keep:
        raise BadInput("no_lines")
    texts = [clean_text(r[0], limit=limits.SENTIMENT_MAX_CHARS * 4)[: limits.SENTIMENT_MAX_CHARS] for r in keep]
    gold = [r[1] for r in keep] if label else None
    return texts, gold


def sentiment_over_column(engine: Engine, texts: list[str], gold: list[Any] | None, model: str = "auto",
                          progress: Progress | None = None, stop: threading.Event | None = None) -> Iterator[Any]:
    """Run the Sentiment tab's model over ``texts`` in chunks (``playground.tasks.sentiment.analyze_many``)."""
    from playground.tasks import sentiment

    yield from sentiment.analyze_many(engine, texts, gold, model, progress, stop)


# -- show the code ------------------------------------------------------------------------------------------------
def code_snippet(source: object, config: object = None, split: object = None, page: object = 1,
                 page_size: object = 20, search: object = "", filter_column: object = "", filter_op: object = "=",
                 filter_value: object = "") -> str:
    """The ``datasets`` lines that load the rows this page shows (same file or Hub split, same page)."""
    page_no, size = check_page(page, page_size)
    query = make_query(search, filter_column, filter_op, filter_value)
    offset = (page_no - 1) * size
    where, name = parse_source(source)
    if where == "hub" and query.search and not query.filtered:  # the viewer's own search, as the app asks it
        if not (_option(config) and _option(split)):
            info = dataset_info(source, config, split)
            config, split = info.config, info.split
        lines = _viewer_search_lines(name, str(config or ""), str(split or ""), query.search)
        lines.append(f"for row in search({offset}, {size}):  # page {page_no}")
    else:
        lines = _loading_lines(source, config, split, query)
        lines.append(f"for row in ds.skip({offset}).take({size}):  # page {page_no}")
    lines.append("    print(row)")
    return "\n".join(lines) + "\n"


def _viewer_search_lines(name: str, config: str, split: str, words: str) -> list[str]:
    """Lines defining ``search(offset, length)``: the rows of the Hub dataset viewer's ``/search`` (full-text
    search ranked by relevance, words stemmed), which the app asks for a Hub dataset's search; a substring filter
    over the streamed rows would find other rows in another order."""
    params = {"dataset": name, "config": config, "split": split, "query": words}
    return [
        "import json",
        "import urllib.parse",
        "import urllib.request",
        "",
        "",
        "def search(offset, length):  # the Hub's dataset viewer searches the split (full text, best matches first)",
        f"    params = {json.dumps(params, ensure_ascii=False)}",
        "    query = urllib.parse.urlencode({**params, \"offset\": offset, \"length\": length})",
        f"    with urllib.request.urlopen(\"{data_hub.VIEWER}/search?\" + query) as answer:",
        "        return [item[\"row\"] for item in json.load(answer)[\"rows\"]]",
        "",
        "",
    ]


def column_code_lines(source: object, config: object = None, split: object = None, text_column: object = "",
                      label_column: object = "", scope: object = "page", page: object = 1, page_size: object = 20,
                      search: object = "", filter_column: object = "", filter_op: object = "=",
                      filter_value: object = "") -> list[str]:
    """The lines that load the texts (and raw gold cells) a column run reads, as :func:`column_texts` does:
    ``texts`` and ``gold`` (when a label column is given), for ``playground.tasks.sentiment.run_code_lines``."""
    page_no, size = check_page(page, page_size)
    query = make_query(search, filter_column, filter_op, filter_value)
    info = dataset_info(source, config, split)
    text = _option(text_column) or info.guess_text() or ""
    label = _option(label_column)
    most = limits.DATASET_SENTIMENT_MAX_ROWS
    if info.where == "hub" and query.search and not query.filtered:  # the viewer's own search, as the app asks it
        lines = ["from transformers import pipeline",
                 *_viewer_search_lines(info.source, info.config or "", info.split or "", query.search)]
        if scope == "all":
            lines += ["rows = []  # the first rows, 100 at a time",
                      f"while len(rows) < {most}:",
                      "    found = search(len(rows), 100)",
                      "    rows += found",
                      "    if len(found) < 100:",
                      "        break",
                      f"rows = rows[:{most}]"]
        else:
            lines.append(f"rows = search({(page_no - 1) * size}, {size})  # page {page_no}")
    else:
        lines = _loading_lines(source, info.config, info.split, query)
        lines.insert(1, "from transformers import pipeline")
        if scope == "all":
            lines.append(f"rows = list(ds.take({most}))  # the first rows")
        else:
            lines.append(f"rows = list(ds.skip({(page_no - 1) * size}).take({size}))  # page {page_no}")
    lines.append(f"rows = [row for row in rows if isinstance(row[{_py(text)}], str) and row[{_py(text)}].strip()]")
    lines.append(f"texts = [\" \".join(row[{_py(text)}].split())[:{limits.SENTIMENT_MAX_CHARS}] for row in rows]")
    if label:
        lines.append(f"gold = [row[{_py(label)}] for row in rows]")
    return lines


def _loading_lines(source: object, config: object, split: object, query: Query) -> list[str]:
    """``from datasets import load_dataset`` and the lines that give ``ds``, searched and filtered."""
    where, name = parse_source(source)
    lines = ["from datasets import load_dataset", ""]
    if where == "hub":
        cfg, spl = _option(config), _option(split) or "train"
        args = f"{_py(name)}" + (f", {_py(cfg)}" if cfg else "")
        lines.append(f"ds = load_dataset({args}, split={_py(spl)}, streaming=True)  # rows arrive as you read them")
    else:
        path = data_local.display_name(name)
        member = _option(config)
        kind: str | None = None
        try:  # the format the app read it in (a .txt is tab-separated only when its first line has a tab), and
            table = data_local.open_table(name, member)  # a zip's table it shows (its first, unless one is chosen)
            kind, member = table.kind, (table.member if table.archive else None) or member
        except PlaygroundError:
            pass
        if path.lower().endswith(".zip") and member:
            lines.append(f"# {path} is a zip: read only the table the app shows ({member})")
        lines.append(_local_loader(path, member, kind))
    return lines + _query_lines(query, where)


def _local_loader(path: str, member: str | None, kind: str | None = None) -> str:
    """``ds`` from a local table: ``kind`` as the app read it (csv, tsv, json, jsonl, parquet; by default from the
    name), a zip's ``member`` alone (fsspec's ``zip://member::archive``)."""
    target = member or path
    lowered = target.lower()
    data_files = _py(f"zip://{member}::{path}" if member and path.lower().endswith(".zip") else path)
    if kind is None:
        kind = ("tsv" if lowered.endswith((".tsv", ".txt")) else "csv" if lowered.endswith(".csv")
                else "json" if lowered.endswith((".json", ".jsonl", ".ndjson")) else "parquet")
    if kind == "tsv":
        # NSMC style: tab-separated, no quoting (csv.QUOTE_NONE == 3)
        return f'ds = load_dataset("csv", data_files={data_files}, delimiter="\\t", quoting=3, split="train", ' \
               "streaming=True)"
    if kind == "csv":
        return f'ds = load_dataset("csv", data_files={data_files}, split="train", streaming=True)'
    if kind in ("json", "jsonl"):
        return f'ds = load_dataset("json", data_files={data_files}, split="train", streaming=True)'
    return f'ds = load_dataset("parquet", data_files={data_files}, split="train", streaming=True)'


def _query_lines(query: Query, where: str) -> list[str]:
    lines = []
    if query.search:
        needle = _py(query.search.lower())
        lines.append(f"needle = {needle}")
        lines.append("ds = ds.filter(lambda row: any(needle in v.lower() for v in row.values() if isinstance(v, str)))")
    if query.filtered:
        column = _py(query.column)
        if query.op in ("is empty", "is not empty"):
            test = f"row[{column}] in (None, '')"
            lines.append(f"ds = ds.filter(lambda row: {'not ' if query.op == 'is not empty' else ''}({test}))")
        elif query.op == "contains":
            lines.append(f"ds = ds.filter(lambda row: {_py(query.value.lower())} in str(row[{column}]).lower())")
        else:
            value = _literal(query.value)
            op = "==" if query.op == "=" else query.op
            if where == "hub" and value.startswith('"'):  # a class's name: its number, as the viewer filters
                lines.append(f"names = getattr((ds.features or {{}}).get({column}), \"names\", None)"
                             "  # a ClassLabel: its names, by number")
                lines.append(f"value = names.index({value}) if names and {value} in names else {value}")
                value = "value"
            lines.append(f"ds = ds.filter(lambda row: row[{column}] {op} {value})")
    return lines


def _literal(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        return _py(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _py(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def sources() -> tuple[list[str], list[str]]:
    """(Hub suggestions, files in the data folder) for the source picker: no Hub suggestions on a machine that is
    offline (forced, or the last check found no Hub), since none of them would open."""
    offline = hub_status().known() is False
    return ([] if offline else list(data_hub.SUGGESTIONS)), data_local.list_data_files()
