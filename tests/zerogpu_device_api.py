"""A stand-in for ZeroGPU's device API on loopback, speaking what the installed ``spaces`` client sends (0.51.3).

Read from ``spaces/zero/api.py`` and ``spaces/zero/client.py``:

- ``POST /startup-report`` once the app has launched and packed its weights: 200.
- ``POST /schedule?cgroupPath=&taskId=&enableQueue=&tokenVersion=&durationSeconds=[&token=][&gpuSize=]``: a JSON
  grant ``{idle, nvidiaIndex, nvidiaUUID, allowToken}`` (200); an event stream that pings, then ``succeeded`` with
  the grant or ``failed``; 429 with ``{left, wait}`` (quota; ``wait`` < 0 means an illegal duration); or 503.
- ``POST /allow?allowToken=&pid=`` from the forked worker before it touches the GPU: 200.
- ``POST /release?allowToken=&fail=`` after each call (``fail=true`` after an error or an abort): 200.

The real service ends a worker that runs past its requested duration; here ``abort_next()`` makes the next granted
worker be killed as soon as it asks ``/allow`` (a job that has used up its time), which is what the app sees of it.

    api = DeviceAPI().start()
    api.url              # SPACES_ZERO_DEVICE_API_URL for the app
    api.refuse_next("quota")
    api.schedules        # every /schedule, with its duration
    api.stop()
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Schedule:
    task_id: str
    duration: int | None
    cgroup: str
    token: str | None
    token_version: str
    answer: str  # "granted", "queued", "quota", "illegal", "busy", "queue-failed"
    allow_token: str | None = None
    at: float = field(default_factory=time.monotonic)  # when it came (a failing test's message shows it)


@dataclass
class Release:
    allow_token: str
    fail: bool
    at: float = field(default_factory=time.monotonic)


@dataclass
class DeviceAPI:
    """The loopback device API; every request is recorded and ``changed`` is notified after each one."""

    host: str = "127.0.0.1"
    startup_reports: int = 0
    schedules: list[Schedule] = field(default_factory=list)
    allows: list[tuple[str, int]] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    _refusals: list[str] = field(default_factory=list)
    _abort_next: bool = False
    _to_abort: set[str] = field(default_factory=set)
    _active: set[str] = field(default_factory=set)
    _server: ThreadingHTTPServer | None = None

    # -- control ------------------------------------------------------------------------------------------
    def refuse_next(self, how: str) -> None:
        """Answer the next /schedule with "quota" (429), "illegal" (429, duration too long), "busy" (503),
        "queue-failed" (an event stream that pings then fails) or "queued" (pings then succeeds)."""
        with self.changed:
            self._refusals.append(how)

    def abort_next(self) -> None:
        """Kill the next granted worker when it asks /allow, as the real service does to a job past its time."""
        with self.changed:
            self._abort_next = True

    def wait_for(self, predicate: Any, timeout: float = 30.0) -> bool:
        """Block until ``predicate(self)`` holds (checked after every request), or the timeout passes."""
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self), timeout=timeout)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://{self.host}:{self._server.server_address[1]}"

    def start(self) -> DeviceAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                parsed = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(length)
                api._handle(self, parsed.path, params)

            def do_GET(self) -> None:  # noqa: N802
                if urlparse(self.path).path == "/queue-size":
                    self.reply(200, 0)
                else:
                    self.reply(404, {"detail": "not found"})

            def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def stream(self, events: list[tuple[str, Any]]) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                for event, data in events:
                    text = f"event: {event}\n" + (f"data: {json.dumps(data)}\n" if data is not None else "") + "\n"
                    self.wfile.write(text.encode())
                    self.wfile.flush()
                self.close_connection = True

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="zerogpu-device-api", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- the protocol ---------------------------------------------------------------------------------------
    def _grant(self) -> dict[str, Any]:
        token = uuid.uuid4().hex
        idle = not self._active  # an idle GPU: the client may reuse the worker it already has there
        self._active.add(token)
        if self._abort_next:  # a fresh worker (not idle), so that it asks /allow, where it is ended
            self._abort_next, idle = False, False
            self._to_abort.add(token)
        return {"idle": idle, "nvidiaIndex": 0, "nvidiaUUID": "GPU-loopback-0", "allowToken": token}

    def _handle(self, handler: Any, path: str, params: dict[str, str]) -> None:
        kill: int | None = None
        with self.changed:
            if path == "/startup-report":
                self.startup_reports += 1
                handler.reply(200, None)
            elif path == "/schedule":
                how = self._refusals.pop(0) if self._refusals else "granted"
                duration = params.get("durationSeconds")
                record = Schedule(params.get("taskId", ""), int(duration) if duration else None,
                                  params.get("cgroupPath", ""), params.get("token"),
                                  params.get("tokenVersion", ""), how)
                self.schedules.append(record)
                if how == "quota":
                    handler.reply(429, {"left": 3, "wait": 600})
                elif how == "illegal":
                    handler.reply(429, {"left": 0, "wait": -1}, {"X-Approve-Result": "illegal-duration"})
                elif how == "busy":
                    handler.reply(503, {"detail": "no GPU"})
                elif how == "queue-failed":
                    handler.stream([("ping", None), ("failed", None)])
                elif how == "queued":
                    grant = self._grant()
                    record.allow_token = grant["allowToken"]
                    handler.stream([("ping", None), ("succeeded", grant)])
                else:
                    grant = self._grant()
                    record.allow_token = grant["allowToken"]
                    handler.reply(200, grant)
            elif path == "/allow":
                token, pid = params.get("allowToken", ""), int(params.get("pid", "0"))
                self.allows.append((token, pid))
                if token in self._to_abort:
                    self._to_abort.discard(token)
                    kill = pid
                handler.reply(200, None)
            elif path == "/release":
                token = params.get("allowToken", "")
                self.releases.append(Release(token, params.get("fail", "").lower() == "true"))
                self._active.discard(token)
                handler.reply(200, None)
            else:
                handler.reply(404, {"detail": "not found"})
            self.changed.notify_all()
        if kill and kill != os.getpid() and kill > 1:
            os.kill(kill, signal.SIGKILL)  # the job is past its time: the service ends the worker
