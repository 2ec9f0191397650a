"""Start-up checks of ``python app.py``: every mistake is one line in the user's language and an exit code.

The teacher's terminal, not a student's page, so one language: Korean when the locale says so (``LC_ALL``,
``LC_MESSAGES``, ``LANG``: the first one set wins, as in POSIX), else English.

    with one_line_errors():            # app.main: StartupError (and a taken port) -> SystemExit("one line")
        check_data_dir("/no/such/folder")
    # stderr: The data folder /no/such/folder does not exist. Create it, or name an existing folder with --data-dir.
    # exit status 1 (2 for a wrong option, as argparse does)
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, cast

from playground.catalog import Catalog, catalog_path, load_catalog
from playground.device import Placement, detect
from playground.errors import CatalogError, PlaygroundError


class StartupError(PlaygroundError):
    """A mistake in how the app was started (options, files, port): the app exits with its one-line message."""


def user_language(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """``"ko"`` when the locale is Korean (``ko_KR.UTF-8``, ``ko``), else ``"en"``."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def one_line(exc: PlaygroundError) -> str:
    """The message in the user's language, on one line."""
    return " ".join(exc.message(user_language()).split())


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn start-up mistakes into ``SystemExit(one line)``: Python prints it to stderr and exits with status 1."""
    try:
        yield
    except StartupError as exc:
        raise SystemExit(one_line(exc)) from None
    except OSError as exc:
        # Gradio's launch() when the port was taken between our check and its own bind.
        found = re.search(r"Cannot find empty port in range: (\d+)", str(exc))
        if not found:
            raise
        port = int(found.group(1))
        raise SystemExit(one_line(StartupError("startup_port_in_use", host="", port=port,
                                               free=free_port("127.0.0.1", port)))) from None


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a wrong option is one line (not the usage block) in the user's language, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, one_line(StartupError("startup_bad_option", detail=message)) + "\n")


def port_number(value: str) -> int:
    """argparse ``type=`` for ``--port``: an integer from 1 to 65535."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def at_least(low: float, kind: type = int):
    """argparse ``type=`` for counts and sizes: a number (``int`` or ``float``) of at least ``low``."""

    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not {'a whole number' if kind is int else 'a number'}") \
                from None
        if number < low:
            raise argparse.ArgumentTypeError(f"{value} is below the lowest allowed value, {low}")
        return number

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def placement(profile: str) -> Placement:
    """The device for ``--profile``; a GPU profile without a GPU is a start-up mistake, not a traceback."""
    try:
        return detect(profile)
    except ValueError:
        raise StartupError("startup_no_gpu" if profile == "gpu" else "startup_bad_option",
                           detail=f"--profile {profile}") from None


def catalog(cli_value: str | None) -> Catalog:
    """The catalog of ``--catalog`` (or ``$PLAYGROUND_CATALOG``, or catalog.yaml), validated."""
    path = catalog_path(cli_value)
    if not path.is_file():
        raise StartupError("startup_no_catalog" if not path.exists() else "startup_bad_catalog", path=path,
                           detail=f"{path} is not a file")
    try:
        return load_catalog(path)
    except CatalogError as exc:
        raise StartupError("startup_bad_catalog", path=path, detail=str(exc)) from None


def check_data_dir(value: str | os.PathLike[str] | None) -> None:
    """``--data-dir`` (or ``$PLAYGROUND_DATA_DIR``), when given, must be a readable folder."""
    if not value:
        return  # the default, data/ in the repository, may not exist yet: the Datasets tab says how to fill it
    folder = Path(value).expanduser()
    if not folder.exists():
        raise StartupError("startup_no_data_dir", path=folder)
    if not folder.is_dir():
        raise StartupError("startup_data_not_dir", path=folder)
    if not os.access(folder, os.R_OK | os.X_OK):
        raise StartupError("startup_data_unreadable", path=folder)


def free_port(host: str, near: int) -> int:
    """A port that is free now on ``host``: the first of the next ten after ``near``, else any."""
    for port in [*range(near + 1, min(near + 11, 65536)), 0]:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind((host, port))
                return s.getsockname()[1]
        except OSError:
            continue
    return near + 1


def check_port(host: str, port: int) -> None:
    """Fail before any model work when ``host:port`` cannot be listened on (taken, not an address here, denied)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise StartupError("startup_bad_host", host=host, port=port, detail=getattr(exc, "strerror", None) or exc) \
            from None
    family, kind, proto, _, address = infos[0]
    address = cast(tuple[str, int], address)  # an (host, port, ...) tuple for the stream families asked for
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a port in TIME_WAIT is free
        try:
            s.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupError("startup_port_in_use", host=host, port=port,
                                   free=free_port(address[0], port)) from None
            raise StartupError("startup_bad_host", host=host, port=port, detail=exc.strerror or exc) from None


GRADIO_SHARE_HINT = "To create a public link, set `share=True` in `launch()`"


class _WithoutLine:
    """A text stream that drops Gradio's share hint (and the newline ``print`` writes after it)."""

    def __init__(self, stream: object, line: str) -> None:
        self._stream, self._line, self._dropped = stream, line, False

    def write(self, text: str) -> int:
        if self._line in text:
            self._dropped = True
            return len(text)
        if self._dropped and text == "\n":
            self._dropped = False
            return len(text)
        self._dropped = False
        return self._stream.write(text)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def hide_share_hint() -> Callable[[], None]:
    """Until the returned function is called, stdout drops Gradio's "set `share=True` in `launch()`" line: this app
    shares with ``--share`` (and says why when it cannot), so that advice, printed even after ``--share``, misleads.
    """
    previous = sys.stdout
    sys.stdout = _WithoutLine(previous, GRADIO_SHARE_HINT)  # type: ignore[assignment]

    def undo() -> None:
        sys.stdout = previous

    return undo
