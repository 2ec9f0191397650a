"""Hub datasets through the Hub's own dataset viewer API (pages, search, filters, statistics) and ``HfApi`` (card).

The viewer (``https://datasets-server.huggingface.co``) already holds every public dataset as Parquet with DuckDB
indexes, so a page, a search or a column's statistics is one small HTTP call; nothing is downloaded here. When the
Hub cannot be reached, every call fails at once with a message that says so (``hub_status()`` is remembered).
The dataset id is checked before any network call. The server's token (``HF_TOKEN`` or ``hf auth login``) is sent
only when the teacher opts in with ``PLAYGROUND_HUB_DATASETS_TOKEN=1`` (otherwise a student could read every private
or gated dataset the teacher can); then only to the Hub, and never logged or shown.

>>> info = hub_info("stanfordnlp/imdb")                  # configs, splits, features, license, description
>>> page = hub_rows("stanfordnlp/imdb", "plain_text", "train", page=3, page_size=20, query=Query(search="great"))
"""

from __future__ import annotations

import os
from typing import Any

from playground import limits, settings
from playground.data.common import HUB_ID, Column, Info, Page, Query, Stats, quote_ident, sql_literal
from playground.errors import BadInput, Message, PlaygroundError
from playground.hub import endpoint, hub_status

VIEWER = "https://datasets-server.huggingface.co"
SUGGESTIONS = ("e9t/nsmc", "klue/klue", "KorQuAD/squad_kor_v1", "stanfordnlp/imdb", "rajpurkar/squad",
               "nyu-mll/glue", "heegyu/kowiki-sentences", "HAERAE-HUB/KMMLU")
_TRANSPORT: Any = None  # tests put an httpx.MockTransport here


class HubDataError(PlaygroundError):
    """A Hub dataset cannot be shown: offline, unknown, gated, needs a script, or the viewer failed."""


def viewer_url() -> str:
    return os.environ.get("HF_DATASETS_SERVER", "").strip() or VIEWER


def check_id(dataset: str) -> str:
    if not isinstance(dataset, str) or not HUB_ID.match(dataset.strip()):
        raise BadInput("dataset_bad_source", value=str(dataset)[:80])
    return dataset.strip()


def require_online(dataset: str) -> None:
    """Fail fast, before any request, when the Hub is out of reach (HF_HUB_OFFLINE=1 or no answer)."""
    if not hub_status().reachable():
        raise HubDataError("dataset_hub_offline", dataset=dataset)


OPT_IN_ENV = settings.HUB_DATASETS_TOKEN  # 1: Hub dataset calls use the server's token (the teacher's choice)


def token_opted_in() -> bool:
    return settings.flag(OPT_IN_ENV)


def _token() -> str | None:
    """The token for Hub dataset calls: the server's own only when the teacher opted in, else none."""
    if not token_opted_in():
        return None
    try:
        from huggingface_hub import get_token

        return get_token()
    except Exception:  # noqa: BLE001 - no token is a normal state
        return None


def fetch(path: str, dataset: str, **params: Any) -> dict[str, Any]:
    """GET one viewer route (``splits``, ``rows``, ``search``, ``filter``, ``info``, ``statistics``...) as JSON,
    mapping every failure to one clear message."""
    import httpx

    require_online(dataset)
    token = _token()
    headers = {"authorization": f"Bearer {token}"} if token else {}
    query = {"dataset": dataset, **{k: v for k, v in params.items() if v is not None}}
    try:
        with httpx.Client(transport=_TRANSPORT, timeout=limits.DATASET_HUB_TIMEOUT_S, headers=headers) as client:
            response = client.get(f"{viewer_url().rstrip('/')}/{path}", params=query)
    except httpx.TimeoutException:
        raise HubDataError("dataset_hub_error", dataset=dataset, detail="no answer in time") from None
    except httpx.HTTPError:
        raise HubDataError("dataset_hub_offline", dataset=dataset) from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code == 200 and isinstance(body, dict):
        return body
    raise _error_for(dataset, response.status_code, body)


def _error_for(dataset: str, status: int, body: Any) -> HubDataError:
    """The viewer's status and ``error`` text → the message that says what to do."""
    error = str(body.get("error", "")) if isinstance(body, dict) else ""
    lowered = error.lower()
    if "python code" in lowered or "loading script" in lowered or "dataset scripts" in lowered:
        return HubDataError("dataset_script", dataset=dataset)
    if status in (401, 403) or "gated" in lowered or "authenticat" in lowered:
        return HubDataError("dataset_gated", dataset=dataset)
    if status == 404 or "doesn't exist" in lowered or "not found" in lowered:
        return HubDataError("dataset_not_found", dataset=dataset)
    detail = " ".join(error.split())[:160] or f"HTTP {status}"
    return HubDataError("dataset_hub_error", dataset=dataset, detail=detail)


def card(dataset: str) -> dict[str, Any]:
    """License, description, gating and file names from ``HfApi().dataset_info`` (the dataset card)."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    require_online(dataset)
    try:
        info = HfApi(endpoint=endpoint()).dataset_info(dataset, token=_token() or False, timeout=10)
    except GatedRepoError:
        raise HubDataError("dataset_gated", dataset=dataset) from None
    except RepositoryNotFoundError:
        raise HubDataError("dataset_not_found", dataset=dataset) from None
    except HfHubHTTPError as exc:
        raise HubDataError("dataset_hub_error", dataset=dataset, detail=type(exc).__name__) from None
    except OSError:
        raise HubDataError("dataset_hub_offline", dataset=dataset) from None
    data = info.card_data.to_dict() if info.card_data is not None else {}
    files = [s.rfilename for s in (info.siblings or [])]
    return {"license": data.get("license") or "", "pretty_name": data.get("pretty_name") or "",
            "description": info.description or "", "gated": bool(info.gated), "private": bool(info.private),
            "files": files}


def needs_script(dataset: str, files: list[str]) -> bool:
    """A ``<name>.py`` at the top of the repo and no data files the viewer could read: a loading script."""
    name = dataset.rsplit("/", 1)[-1]
    data = any(f.endswith((".parquet", ".csv", ".json", ".jsonl", ".tsv", ".arrow", ".txt", ".zip")) for f in files)
    return f"{name}.py" in files and not data


def hub_info(dataset: str, config: str | None = None, split: str | None = None) -> Info:
    """Configs and splits (from the viewer), the chosen split's features and size, and the card."""
    dataset = check_id(dataset)
    require_online(dataset)
    meta = card(dataset)
    if needs_script(dataset, meta["files"]):
        raise HubDataError("dataset_script", dataset=dataset)
    pairs = [(s["config"], s["split"]) for s in fetch("splits", dataset).get("splits", [])]
    if not pairs:
        raise HubDataError("dataset_hub_error", dataset=dataset, detail="no splits")
    configs = list(dict.fromkeys(c for c, _ in pairs))
    config = _choose("config", config, configs)
    splits = [s for c, s in pairs if c == config]
    split = _choose("split", split, splits, prefer="train")
    details = fetch("info", dataset, config=config).get("dataset_info", {})
    columns = features_to_columns(details.get("features", {}))
    num_rows = (details.get("splits", {}).get(split) or {}).get("num_examples")
    license_ = meta["license"]
    if isinstance(license_, list):
        license_ = ", ".join(map(str, license_))
    notes = ["gated: you accepted its conditions" if meta["gated"] else "", "private" if meta["private"] else ""]
    return Info(source=dataset, where="hub", title=meta["pretty_name"] or dataset, columns=columns,
                configs=configs, config=config, splits=splits, split=split, num_rows=num_rows,
                license=str(license_) or None, description=meta["description"] or details.get("description", ""),
                card_url=f"{endpoint().rstrip('/')}/datasets/{dataset}", notes=[n for n in notes if n])


def _choose(name: str, value: str | None, allowed: list[str], prefer: str | None = None) -> str:
    if value:
        if value not in allowed:
            raise BadInput("bad_option", name=name, allowed=", ".join(allowed)[:300], value=str(value)[:80])
        return value
    return prefer if prefer in allowed else allowed[0]


def features_to_columns(features: Any) -> list[Column]:
    """The viewer's ``features`` (a dict from /info, or the list from /rows) → columns with kinds."""
    if isinstance(features, list):
        features = {f["name"]: f["type"] for f in features}
    return [_column(name, spec) for name, spec in (features or {}).items()]


def _column(name: str, spec: Any) -> Column:
    if isinstance(spec, dict):
        kind = spec.get("_type")
        if kind == "Value":
            dtype = str(spec.get("dtype", ""))
            if dtype in ("string", "large_string"):
                return Column(name, dtype, "text")
            if dtype == "bool":
                return Column(name, dtype, "bool")
            if dtype.startswith(("int", "uint", "float")):
                return Column(name, dtype, "number")
            if dtype.startswith(("timestamp", "date")):
                return Column(name, dtype, "date")
            return Column(name, dtype, "other")
        if kind == "ClassLabel":
            return Column(name, "ClassLabel", "label", tuple(map(str, spec.get("names", []))))
        if kind in ("Image", "Audio"):
            return Column(name, kind, kind.lower())
        return Column(name, str(kind or "dict"), "nested")
    return Column(name, type(spec).__name__, "nested")


def hub_rows(dataset: str, config: str, split: str, page: int, page_size: int, query: Query,
             columns: list[Column] | None = None) -> Page:
    """One page: ``/rows`` (no query), ``/search`` (text), or ``/filter`` (a ``where`` built from a checked column
    and a quoted literal); the viewer pages with ``offset`` and ``length`` (at most 100)."""
    dataset = check_id(dataset)
    offset = (page - 1) * page_size
    params: dict[str, Any] = {"config": config, "split": split, "offset": offset, "length": page_size}
    if query.filtered:
        if columns is None:
            columns = hub_info(dataset, config, split).columns
        params["where"] = hub_where(columns, query)
        if query.search:
            text_cols = [c.name for c in columns if c.kind == "text"]
            params["where"] = "(" + params["where"] + ") AND (" + " OR ".join(
                f'{quote_ident(c)} ILIKE {sql_literal("%" + query.search + "%")}' for c in text_cols) + ")"
        body = fetch("filter", dataset, **params)
    elif query.search:
        body = fetch("search", dataset, query=query.search, **params)
    else:
        body = fetch("rows", dataset, **params)
    found = features_to_columns(body.get("features", [])) or columns or []
    rows = [item.get("row", {}) for item in body.get("rows", [])]
    total = body.get("num_rows_total")
    if total is not None and offset >= max(int(total), 1):
        last = max(1, -(-int(total) // page_size))
        raise BadInput("out_of_range", name="page", low=1, high=last, value=page)
    return Page(found, rows, offset, page, page_size, total, partial=bool(body.get("partial")))


def hub_where(columns: list[Column], query: Query) -> str:
    """The viewer's ``where`` for one filter: the column must be in the features; the value is a SQL literal."""
    column = next((c for c in columns if c.name == query.column), None)
    if column is None:
        raise BadInput("no_column", column=query.column[:100], columns=", ".join(c.name for c in columns)[:300])
    ident = quote_ident(column.name)
    if query.op == "is empty":
        return f"{ident} IS NULL"
    if query.op == "is not empty":
        return f"{ident} IS NOT NULL"
    if query.op == "contains":
        return f"CAST({ident} AS VARCHAR) ILIKE {sql_literal('%' + query.value + '%')}"
    op = "<>" if query.op == "!=" else query.op
    if column.kind == "label" and query.value in column.names:
        return f"{ident} {op} {column.names.index(query.value)}"
    if column.kind in ("number", "label"):
        try:
            number = float(query.value)
        except ValueError:
            raise BadInput("dataset_bad_filter", column=column.name[:100],
                           detail=Message("detail_not_a_number", value=query.value[:40])) from None
        return f"{ident} {op} {int(number) if number.is_integer() else number!r}"
    if column.kind == "bool":
        return f"{ident} {op} {'true' if query.value.strip().lower() in ('true', '1') else 'false'}"
    return f"{ident} {op} {sql_literal(query.value)}"


def hub_stats(dataset: str, config: str, split: str, label_column: str | None, text_column: str | None) -> Stats:
    """The viewer's precomputed ``/statistics`` of the whole split: missing values, label frequencies, and the
    histogram of text lengths."""
    dataset = check_id(dataset)
    body = fetch("statistics", dataset, config=config, split=split)
    total = int(body.get("num_examples") or 0)
    per_column = {s["column_name"]: s for s in body.get("statistics", [])}
    missing = [(name, int(s["column_statistics"].get("nan_count") or 0),
                float(s["column_statistics"].get("nan_proportion") or 0.0)) for name, s in per_column.items()]
    stats = Stats(rows=total, missing=missing, note="the whole split (the Hub's precomputed statistics)")
    if label_column and label_column in per_column:
        found = per_column[label_column]["column_statistics"]
        stats.label_column = label_column
        if "frequencies" in found:
            stats.categories = sorted(((str(k), int(v)) for k, v in found["frequencies"].items()),
                                      key=lambda kv: -kv[1])[: limits.DATASET_STATS_MAX_CATEGORIES]
        elif "histogram" in found:
            stats.categories = _histogram(found["histogram"])
    if text_column and text_column in per_column:
        found = per_column[text_column]["column_statistics"]
        stats.text_column = text_column
        if "histogram" in found:
            stats.lengths = _histogram(found["histogram"])
            stats.length_summary = {k: found[k] for k in ("min", "mean", "median", "max") if k in found}
    return stats


def _histogram(histogram: dict[str, Any]) -> list[tuple[str, int]]:
    edges, counts = histogram.get("bin_edges", []), histogram.get("hist", [])
    return [(f"{edges[i]:g}–{edges[i + 1]:g}" if i + 1 < len(edges) else f"{edges[i]:g}+", int(n))
            for i, n in enumerate(counts)]


def column_values(dataset: str, config: str, split: str, query: Query, columns: list[str],
                  limit: int) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows of ``columns`` (pages of 100 from the viewer)."""
    out: list[tuple[Any, ...]] = []
    page = 1
    while len(out) < limit:
        found = hub_rows(dataset, config, split, page, 100, query)
        out += [tuple(row.get(c) for c in columns) for row in found.rows]
        if len(found.rows) < 100:
            break
        page += 1
    return out[:limit]
