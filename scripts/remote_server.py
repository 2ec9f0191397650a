"""Serve a local chat model folder with ``transformers serve`` (an OpenAI-compatible server), fully offline.

    python scripts/remote_server.py .cache/tiny-models/chat --port 8000             # no key
    LAB_KEY=secret python scripts/remote_server.py MODEL_DIR --port 8000 --key-env LAB_KEY

A catalog entry then points at it with ``remote: {service: openai, url: http://127.0.0.1:8000/v1, model: MODEL_DIR}``
(``transformers serve`` pinned to one model answers only requests that name that model). ``transformers serve`` has
no API-key option; ``--key-env`` adds a bearer-token check in front of its FastAPI app (what vLLM's ``--api-key``
does), so the playground's 401 path can be tried against the real server. The tests and
``benchmarks/bench_remote.py`` start it this way.
"""

from __future__ import annotations

import argparse
import os
import secrets

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model", help="a local model folder (or a Hub id already in the cache)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--key-env", metavar="VAR", help="require 'Authorization: Bearer $VAR' on every /v1 request")
    p.add_argument("--device", default="cpu")
    args = p.parse_args(argv)
    key = os.environ.get(args.key_env, "") if args.key_env else ""
    if args.key_env and not key:
        raise SystemExit(f"--key-env {args.key_env}: that environment variable is empty")

    import transformers.cli.serving.server as server

    build_server = server.build_server

    def build_with_key(*a, **k):  # noqa: ANN002, ANN003
        app = build_server(*a, **k)
        if key:
            from fastapi.responses import JSONResponse

            @app.middleware("http")
            async def check_key(request, call_next):  # noqa: ANN001, ANN202
                given = request.headers.get("authorization", "")
                if request.url.path.startswith("/v1") and not secrets.compare_digest(given, f"Bearer {key}"):
                    return JSONResponse({"error": "invalid API key"}, status_code=401)
                return await call_next(request)

        return app

    server.build_server = build_with_key
    from transformers.cli.serve import Serve

    Serve(force_model=args.model, host=args.host, port=args.port, device=args.device, log_level="warning")


if __name__ == "__main__":
    main()
