"""A loopback stand-in of the Hub API endpoints ``HfApi.create_repo`` and ``HfApi.upload_folder`` call, recording
every request (its Authorization header) and every file committed, for the Train tab's push tests.

What ``huggingface_hub`` 2.4 sends (read in ``hf_api.py`` / ``_commit_api.py``):

- ``POST /api/repos/create``  JSON ``{"name", "organization", "visibility", "type"}`` → ``{"url": ...}``
- ``POST /api/validate-yaml``  JSON ``{"content", "repoType"}`` (a README.md's front matter) → ``{"warnings": []}``
- ``POST /api/models/{repo}/preupload/{revision}``  JSON ``{"files": [{"path", "sample", "size"}]}`` →
  ``{"files": [{"path", "uploadMode": "regular", "shouldIgnore": false}]}`` (regular: contents go in the commit)
- ``POST /api/models/{repo}/commit/{revision}``  NDJSON lines ``{"key": "header"|"file", "value": ...}``, a file's
  ``content`` base64 → ``{"commitUrl", "commitOid"}``

>>> with HubStandIn().serve() as hub:
...     HfApi(endpoint=hub.url, token="hf_student").create_repo("me/model", private=True)
...     hub.requests[0].authorization       # 'Bearer hf_student'
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Request:
    method: str
    path: str
    authorization: str | None
    body: Any


@dataclass
class HubStandIn:
    """Records requests; ``files`` maps repo id → {path in repo: bytes}; ``repos`` repo id → create payload."""

    requests: list[Request] = field(default_factory=list)
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)
    repos: dict[str, dict[str, Any]] = field(default_factory=dict)
    url: str = ""
    refuse_create: int | None = None  # answer create_repo with this status (403: a token without the scope)

    @contextmanager
    def serve(self) -> Iterator[HubStandIn]:
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                hub.requests.append(Request("GET", self.path, self.headers.get("authorization"), None))
                self._reply(404, {"error": "not in the stand-in"})

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                auth = self.headers.get("authorization")
                path = self.path.split("?")[0]
                if path == "/api/repos/create":
                    body = json.loads(raw)
                    hub.requests.append(Request("POST", path, auth, body))
                    if hub.refuse_create:
                        self._reply(hub.refuse_create, {"error": "You don't have the rights to create this repo"})
                        return
                    repo = f"{body.get('organization')}/{body['name']}"
                    hub.repos[repo] = body
                    self._reply(200, {"url": f"{hub.url}/{repo}", "name": repo})
                elif path == "/api/validate-yaml":  # upload_folder checks a README.md's front matter first
                    body = json.loads(raw)
                    hub.requests.append(Request("POST", path, auth, body))
                    errors = validate_card(body.get("content", ""))
                    self._reply(400 if errors else 200, {"errors": [{"message": e} for e in errors], "warnings": []})
                elif "/preupload/" in path:
                    body = json.loads(raw)
                    hub.requests.append(Request("POST", path, auth, body))
                    self._reply(200, {"files": [{"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                                                for f in body.get("files", [])]})
                elif "/commit/" in path:
                    lines = [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
                    hub.requests.append(Request("POST", path, auth, lines))
                    repo = path.split("/api/models/", 1)[1].split("/commit/")[0]
                    stored = hub.files.setdefault(repo, {})
                    for line in lines:
                        if line["key"] == "file":
                            stored[line["value"]["path"]] = base64.b64decode(line["value"]["content"])
                    self._reply(200, {"commitUrl": f"{hub.url}/{repo}/commit/0123abcd", "commitOid": "0123abcd"})
                else:
                    hub.requests.append(Request("POST", path, auth, raw[:200]))
                    self._reply(404, {"error": "not in the stand-in"})

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()

    def authorizations(self) -> set[str | None]:
        return {r.authorization for r in self.requests}


def validate_card(content: str) -> list[str]:
    """What the Hub would refuse in a model card's front matter (a stand-in's subset): not YAML, not a mapping."""
    import yaml

    if not content.startswith("---\n"):
        return []
    try:
        meta = yaml.safe_load(content.split("---\n")[1])
    except yaml.YAMLError as exc:
        return [f"invalid YAML: {exc}"]
    return [] if isinstance(meta, dict) else ["the front matter is not a mapping"]
