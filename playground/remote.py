"""Remote backends: a catalog model that runs on a service through ``huggingface_hub.InferenceClient``.

Three kinds of service, named by a catalog entry's ``remote:`` mapping (the catalog stays the allowlist: the page
and the API only ever name a catalog id, never a URL or a model of their own)::

    remote: {service: providers, provider: auto, bill_to: my-school}        # Hugging Face Inference Providers
    remote: {service: endpoint, url: https://xyz.endpoints.huggingface.cloud} # a dedicated Inference Endpoint
    remote: {service: openai, url: http://10.0.0.5:8000/v1, model: Qwen/Qwen2.5-7B-Instruct,
             token_env: LAB_SERVER_KEY}                                       # transformers serve, vLLM, TGI, ...

Tokens: a student's own sign-in token (OAuth) or the Hugging Face token of the machine (``HF_TOKEN``, a Space
secret, ``hf auth login``) for Hugging Face services; for an OpenAI-compatible server only the environment variable
the catalog names in ``token_env``, never the Hugging Face token. A token never appears in a message, a log line or
the code panel.

>>> spec = parse_remote({"service": "openai", "url": "http://127.0.0.1:8000/v1", "model": "tiny"}, "here", "x/y")
>>> for text in stream_chat(spec, [{"role": "user", "content": "안녕"}], ChatSettings(max_tokens=16)):
...     print(text)   # the growing answer
"""

from __future__ import annotations

import collections
import contextvars
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from playground.errors import CatalogError, ModelUnavailable

log = logging.getLogger(__name__)

SERVICES = ("providers", "endpoint", "openai")
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_CONTEXT_TOKENS = 8_192
NO_KEY = "EMPTY"  # what an OpenAI-compatible server without keys is sent, so the Hugging Face token never is

_KEYS = {"service", "model", "provider", "bill_to", "url", "token_env", "timeout", "fallback", "context_window"}
_PROVIDER = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
_ORG = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}$")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]{0,63}$")
_MODEL = re.compile(r"^[\w./:@+-]{1,200}$")



class RemoteUnavailable(ModelUnavailable):
    """A remote service failed. ``partial`` is the answer received before a cut; ``retry_after`` in seconds."""

    def __init__(self, key: str, *, partial: str = "", retry_after: float | None = None, fallback: bool = True,
                 **params: Any) -> None:
        super().__init__(key, **params)
        self.partial = partial
        self.retry_after = retry_after
        self.fallback = fallback  # False when the request itself must change (a local model would refuse it too)


# -- the catalog's remote: mapping -------------------------------------------------------------------------
@dataclass(frozen=True)
class RemoteSpec:
    """Where a catalog model runs when it does not run here."""

    service: str  # providers | endpoint | openai
    model: str  # the name the service knows (providers: the Hub id)
    provider: str = "auto"
    bill_to: str | None = None
    url: str | None = None
    token_env: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    fallback: str | None = None  # a catalog id of the same task that runs on this machine
    context_window: int = DEFAULT_CONTEXT_TOKENS

    @property
    def where(self) -> str:
        """Which service, in words, for the page (never a token; a URL's host only)."""
        if self.service == "providers":
            via = "" if self.provider == "auto" else f" ({self.provider})"
            return f"Hugging Face Inference Providers{via}"
        host = urlparse(self.url or "").hostname or "?"
        if self.service == "endpoint":
            return f"Inference Endpoint {host}"
        return f"the server at {host}"

    @property
    def hugging_face(self) -> bool:
        """Whether the service takes a Hugging Face token."""
        return self.service in ("providers", "endpoint")


def parse_remote(raw: object, here: str, model_id: str) -> RemoteSpec:
    """Validate a catalog entry's ``remote:`` mapping; :class:`CatalogError` says what to fix."""
    if isinstance(raw, str):
        raw = {"service": raw}
    if not isinstance(raw, dict):
        raise CatalogError(f"{here}: 'remote' must be a mapping with at least 'service' ({', '.join(SERVICES)})")
    if "token" in raw or "api_key" in raw:
        raise CatalogError(f"{here}: never write a token in the catalog; put it in an environment variable (or a "
                           "Space secret) and name that variable in 'token_env'")
    unknown = set(raw) - _KEYS
    if unknown:
        raise CatalogError(f"{here}: unknown key(s) in 'remote': {sorted(unknown)}")
    service = raw.get("service")
    if service not in SERVICES:
        raise CatalogError(f"{here}: remote 'service' must be one of {list(SERVICES)}, got {service!r}")
    model = raw.get("model", model_id)
    if not isinstance(model, str) or not _MODEL.match(model):
        raise CatalogError(f"{here}: remote 'model' must be the model name the service knows")
    url = raw.get("url")
    if service == "providers":
        if url is not None:
            raise CatalogError(f"{here}: Inference Providers take no 'url' (use service: endpoint or openai)")
    else:
        parsed = urlparse(url) if isinstance(url, str) else None
        if not parsed or parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise CatalogError(f"{here}: service {service!r} needs 'url': http(s)://host[:port][/path]")
        if parsed.username or parsed.password:
            raise CatalogError(f"{here}: no user or password in 'url'; name an environment variable in 'token_env'")
    provider = raw.get("provider", "auto")
    if not isinstance(provider, str) or not _PROVIDER.match(provider) or (service != "providers" and "provider" in raw):
        raise CatalogError(f"{here}: 'provider' is a provider name such as auto, hf-inference, together "
                           "(Inference Providers only)")
    bill_to = raw.get("bill_to")
    if bill_to is not None and (not isinstance(bill_to, str) or not _ORG.match(bill_to) or not
                                 service == "providers"):
        raise CatalogError(f"{here}: 'bill_to' is a Hugging Face organisation name (Inference Providers only)")
    token_env = raw.get("token_env")
    if token_env is not None and (not isinstance(token_env, str) or not _ENV.match(token_env)):
        raise CatalogError(f"{here}: 'token_env' is the NAME of an environment variable, such as LAB_SERVER_KEY")
    timeout = raw.get("timeout", DEFAULT_TIMEOUT_S)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 600:
        raise CatalogError(f"{here}: remote 'timeout' must be seconds between 0 and 600")
    window = raw.get("context_window", DEFAULT_CONTEXT_TOKENS)
    if isinstance(window, bool) or not isinstance(window, int) or window < 256:
        raise CatalogError(f"{here}: remote 'context_window' must be a whole number of tokens (at least 256)")
    fallback = raw.get("fallback")
    if fallback is not None and not isinstance(fallback, str):
        raise CatalogError(f"{here}: remote 'fallback' must be the id of a model of the same task")
    return RemoteSpec(service=service, model=model, provider=provider, bill_to=bill_to, url=url,
                      token_env=token_env, timeout_s=float(timeout), fallback=fallback, context_window=window)


# -- tokens and clients ------------------------------------------------------------------------------------
# The signed-in student's token for the call being handled (set by the tab's error wrapper around a plain handler;
# generators, such as chat, pass ``user_token`` explicitly because each step may run in another context).
SIGNED_IN_TOKEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("playground_signed_in_token",
                                                                             default=None)


def token_for(spec: RemoteSpec, user_token: str | None = None) -> str | None:
    """The token a call sends: the student's sign-in, else the machine's Hugging Face token (HF services only);
    for an OpenAI-compatible server only the variable named in ``token_env``."""
    if not spec.hugging_face:
        return (os.environ.get(spec.token_env) or None) if spec.token_env else None
    user_token = user_token or SIGNED_IN_TOKEN.get()
    if user_token:
        return user_token
    from huggingface_hub import get_token

    return get_token()


def client_for(spec: RemoteSpec, user_token: str | None = None) -> Any:
    """An ``InferenceClient`` for ``spec`` (one per call: closing it ends a stream)."""
    from huggingface_hub import InferenceClient

    token = token_for(spec, user_token)
    if spec.hugging_face and not token:
        raise RemoteUnavailable("remote_no_token", where=spec.where)
    if spec.service == "providers":
        return InferenceClient(provider=spec.provider, token=token, bill_to=spec.bill_to,  # type: ignore[arg-type]
                               timeout=spec.timeout_s)
    # huggingface_hub falls back to the machine's Hugging Face token when none is given: give the server its own
    # key, or a placeholder, so the Hugging Face token never travels to a server that is not Hugging Face's.
    return InferenceClient(base_url=spec.url, api_key=token or NO_KEY, timeout=spec.timeout_s)


# -- chat ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChatSettings:
    """What a chat call sends (checked by the caller against playground.limits)."""

    max_tokens: int = 256
    temperature: float = 0.7
    top_p: float = 0.9

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"max_tokens": self.max_tokens, "temperature": self.temperature}
        if self.temperature > 0:
            params["top_p"] = self.top_p
        return params


def estimate_tokens(messages: list[dict[str, str]]) -> int:
    """A deliberately high estimate (no tokenizer here): UTF-8 bytes / 3, plus a few per message."""
    return sum(len(m["content"].encode("utf-8")) // 3 + 6 for m in messages)


def trim_history(messages: list[dict[str, str]], window: int, max_new_tokens: int) -> tuple[list[dict[str, str]], int]:
    """Drop the oldest turns (a user message and its answers together) until the estimate fits the window.

    ``messages`` is [system?, *history, user]; returns the kept messages and how many were dropped.
    """
    head = messages[:1] if messages and messages[0]["role"] == "system" else []
    turns, last = list(messages[len(head):-1]), messages[-1:]
    dropped = 0
    while turns and estimate_tokens([*head, *turns, *last]) + max_new_tokens > window:
        turns.pop(0)
        dropped += 1
        while turns and turns[0]["role"] == "assistant":
            turns.pop(0)
            dropped += 1
    return [*head, *turns, *last], dropped


def stream_chat(spec: RemoteSpec, messages: list[dict[str, str]], settings: ChatSettings, *,
                user_token: str | None = None, stop: threading.Event | None = None) -> Iterator[str]:
    """Yield the growing answer from ``chat_completion(stream=True)``; ``stop`` (or closing) ends the stream.

    Failures raise :class:`RemoteUnavailable` with a clear message (``partial`` holds what arrived before a cut).
    """
    stop = stop or threading.Event()
    client = client_for(spec, user_token)
    text = ""
    finished = False
    try:
        stream = client.chat_completion(messages, model=spec.model, stream=True, **settings.params())
        for chunk in stream:
            if stop.is_set():
                return
            for choice in chunk.choices or ():
                piece = getattr(choice.delta, "content", None) if choice.delta else None
                if piece:
                    text += piece
                    yield text
                if choice.finish_reason:
                    finished = True
        if not finished and not stop.is_set():
            raise RemoteUnavailable("remote_cut", partial=text, where=spec.where)
    except RemoteUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure becomes one clear message
        raise remote_error(exc, spec, partial=text) from None
    finally:
        client.close()  # closes the HTTP stream: the server sees the client leave


def complete(spec: RemoteSpec, messages: list[dict[str, str]], settings: ChatSettings, *,
             user_token: str | None = None, stop: threading.Event | None = None) -> str:
    """The whole answer of one chat call (Summarize and Translate's instruct path)."""
    answers = stream_chat(spec, messages, settings, user_token=user_token, stop=stop)
    return next(iter(collections.deque(answers, maxlen=1)), "")


# -- image ---------------------------------------------------------------------------------------------------
def text_to_image(spec: RemoteSpec, prompt: str, *, negative_prompt: str = "", width: int | None = None,
                  height: int | None = None, steps: int | None = None, guidance: float | None = None,
                  seed: int | None = None, user_token: str | None = None) -> Any:
    """One image (PIL) from ``InferenceClient.text_to_image`` on a provider or an endpoint that serves the model."""
    client = client_for(spec, user_token)
    try:
        model = spec.url if spec.service != "providers" else spec.model
        return client.text_to_image(prompt, model=model, negative_prompt=negative_prompt or None, width=width,
                                    height=height, num_inference_steps=steps, guidance_scale=guidance, seed=seed)
    except Exception as exc:  # noqa: BLE001
        raise remote_error(exc, spec) from None
    finally:
        client.close()


# -- failures ------------------------------------------------------------------------------------------------
def remote_error(exc: BaseException, spec: RemoteSpec, partial: str = "") -> RemoteUnavailable:
    """A clear message for anything ``InferenceClient`` raised; the raw text (URLs, bodies) goes to no one."""
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, InferenceTimeoutError, OfflineModeIsEnabled

    where = spec.where
    log.warning("remote call to %s failed: %s", where, type(exc).__name__)
    if isinstance(exc, OfflineModeIsEnabled):
        return RemoteUnavailable("remote_offline", where=where)
    if isinstance(exc, (InferenceTimeoutError, httpx2.TimeoutException)):
        if partial:
            return RemoteUnavailable("remote_cut", partial=partial, where=where)
        return RemoteUnavailable("remote_timeout", where=where, seconds=spec.timeout_s)
    if isinstance(exc, HfHubHTTPError) and getattr(exc, "response", None) is not None:
        status = exc.response.status_code
        if status in (401, 403):
            return RemoteUnavailable("remote_auth", where=where, status=status)
        if status == 402:
            return RemoteUnavailable("remote_quota", where=where)
        if status == 429:
            wait = retry_after(exc.response)
            return RemoteUnavailable("remote_rate", retry_after=wait, where=where, **_wait_words(wait))
        if status == 503:
            wait = retry_after(exc.response) or _estimated_time(exc.response)
            return RemoteUnavailable("remote_loading", retry_after=wait, where=where, **_wait_words(wait))
        if status == 404:
            return RemoteUnavailable("remote_not_served", where=where, model=spec.model)
        if status in (400, 413, 422):
            return RemoteUnavailable("remote_refused", fallback=False, where=where, status=status)
        return RemoteUnavailable("remote_failed", where=where, status=status)
    if isinstance(exc, (httpx2.RemoteProtocolError, httpx2.ReadError, httpx2.StreamError)) or (
            partial and isinstance(exc, httpx2.TransportError)):
        return RemoteUnavailable("remote_cut", partial=partial, where=where)
    if isinstance(exc, httpx2.TransportError):
        return RemoteUnavailable("remote_unreachable", where=where)
    if isinstance(exc, ValueError) and "not supported" in str(exc):
        return RemoteUnavailable("remote_not_served", where=where, model=spec.model)
    if isinstance(exc, ValueError) and ("api_key" in str(exc) or "API key" in str(exc)):
        return RemoteUnavailable("remote_no_token", where=where)
    if partial:
        return RemoteUnavailable("remote_cut", partial=partial, where=where)
    return RemoteUnavailable("remote_failed", where=where, status=type(exc).__name__)


def retry_after(response: Any) -> float | None:
    """Seconds from a ``Retry-After`` header (a number or an HTTP date)."""
    value = (response.headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _estimated_time(response: Any) -> float | None:
    try:
        body = json.loads(response.read() if not response.is_stream_consumed else response.content)
        value = body.get("estimated_time") if isinstance(body, dict) else None
        return float(value) if isinstance(value, (int, float)) else None
    except Exception:  # noqa: BLE001 - the wait is a nicety
        return None


def _wait_words(seconds: float | None) -> dict[str, Any]:
    if seconds is None:
        return {"wait": "a minute", "wait_ko": "1분쯤"}
    whole = max(1, round(seconds))
    return {"wait": f"{whole} seconds", "wait_ko": f"{whole}초"}


# -- "show the code" -----------------------------------------------------------------------------------------
def client_lines(spec: RemoteSpec) -> str:
    """The ``InferenceClient(...)`` line a student would write (the token comes from the environment, never shown)."""
    if spec.service == "providers":
        args = [f"provider={spec.provider!r}"]
        if spec.bill_to:
            args.append(f"bill_to={spec.bill_to!r}")
        return (f"client = InferenceClient({', '.join(args)})  # token: $HF_TOKEN or `hf auth login`\n")
    if spec.service == "endpoint":
        return f"client = InferenceClient(base_url={spec.url!r})  # token: $HF_TOKEN or `hf auth login`\n"
    key = f"os.environ[{spec.token_env!r}]" if spec.token_env else repr(NO_KEY)
    head = "import os\n" if spec.token_env else ""
    return f"{head}client = InferenceClient(base_url={spec.url!r}, api_key={key})\n"


def chat_snippet(spec: RemoteSpec, messages: list[dict[str, str]], settings: ChatSettings) -> str:
    """The ``InferenceClient`` lines that reproduce a chat call."""
    params = "".join(f", {k}={v!r}" for k, v in settings.params().items())
    return (
        "from huggingface_hub import InferenceClient\n\n"
        + client_lines(spec)
        + f"messages = {json.dumps(messages, ensure_ascii=False)}\n"
        f"for chunk in client.chat_completion(messages, model={spec.model!r}, stream=True{params}):\n"
        "    print(chunk.choices[0].delta.content or \"\", end=\"\", flush=True)\n"
    )


def image_snippet(spec: RemoteSpec, prompt: str, **settings: Any) -> str:
    """The ``InferenceClient.text_to_image`` lines that reproduce an image."""
    model = spec.url if spec.service != "providers" else spec.model
    args = "".join(f", {k}={v!r}" for k, v in settings.items() if v not in (None, ""))
    return (
        "from huggingface_hub import InferenceClient\n\n"
        + client_lines(spec)
        + f"image = client.text_to_image({prompt!r}, model={model!r}{args})\n"
        "image.save(\"image.png\")\n"
    )
