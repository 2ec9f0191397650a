"""Every environment variable the playground reads, in one table, with one rule for true and false.

Modules never read ``os.environ`` for these themselves: they call :func:`flag`, :func:`text` or :func:`path` with a
name from :data:`VARIABLES`, which also writes the README's table (``python -m playground.settings --write``).
A command-line option that stands for a variable (``--no-image-safety``) sets an override here
(:func:`override`), never the process's environment.

>>> flag(IMAGE_SAFETY)          # True unless PLAYGROUND_IMAGE_SAFETY is off / 0 / false / no
>>> text(DATA_DIR)              # the value, or the variable's default
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, its kind ("flag", "text", "path"), its default and what it does."""

    name: str
    kind: str
    default: str | bool | None
    doc: str


CATALOG = "PLAYGROUND_CATALOG"
AUTH = "PLAYGROUND_AUTH"
DATA_DIR = "PLAYGROUND_DATA_DIR"
MCP = "PLAYGROUND_MCP"
SIGNIN = "PLAYGROUND_SIGNIN"
IMAGE_SAFETY = "PLAYGROUND_IMAGE_SAFETY"
IMAGE_BLOCKLIST = "PLAYGROUND_IMAGE_BLOCKLIST"
TRAIN_PUSH = "PLAYGROUND_TRAIN_PUSH"
CHAT_BATCHING = "PLAYGROUND_CHAT_BATCHING"
HUB_DATASETS_TOKEN = "PLAYGROUND_HUB_DATASETS_TOKEN"  # noqa: S105 - a variable's name, not a secret
RUN_HISTORY = "GRADIO_RUN_HISTORY"
ZERO_GPU = "SPACES_ZERO_GPU"
HUB_OFFLINE = "HF_HUB_OFFLINE"
HF_ENDPOINT = "HF_ENDPOINT"
SPACE_ID = "SPACE_ID"
SPACE_HOST = "SPACE_HOST"
OAUTH_CLIENT_ID = "OAUTH_CLIENT_ID"
SERVER_NAME = "GRADIO_SERVER_NAME"
SERVER_PORT = "GRADIO_SERVER_PORT"
SHARE_SERVER = "GRADIO_SHARE_SERVER_ADDRESS"
COMMAND = "PLAYGROUND_COMMAND"

VARIABLES: tuple[Variable, ...] = (
    Variable(CATALOG, "path", None, "the model catalog file (same as --catalog; default catalog.yaml)"),
    Variable(AUTH, "text", None, "a login USER:PASS required on every page and API call (same as --auth)"),
    Variable(DATA_DIR, "path", None, "the folder of local data files the Datasets tab may open (same as --data-dir)"),
    Variable(MCP, "flag", False, "also serve every tab's main action as an MCP tool (same as --mcp)"),
    Variable(SIGNIN, "flag", True, "off hides 'Sign in with Hugging Face' even on a Space with hf_oauth: true"),
    Variable(IMAGE_SAFETY, "flag", True, "off turns the Image tab's prompt filter and safety checker off "
                                         "(same as --no-image-safety)"),
    Variable(IMAGE_BLOCKLIST, "text", "", "more words the Image tab's prompt filter refuses, comma-separated"),
    Variable(TRAIN_PUSH, "flag", True, "off: the Train tab offers no push to the Hub, only the zip download "
                                       "(same as --no-train-push)"),
    Variable(CHAT_BATCHING, "text", "auto", "on: every chat answer of a model in one continuously batched loop; off: "
                                            "one generate per answer; auto: on with a dedicated GPU, off on a CPU "
                                            "(same as --chat-batching)"),
    Variable(HUB_DATASETS_TOKEN, "flag", False, "on: Hub dataset calls use the server's own Hugging Face token"),
    Variable(RUN_HISTORY, "flag", False, "on: Gradio's run history (it keeps each browser's runs)"),
    Variable(ZERO_GPU, "flag", False, "set by a ZeroGPU Space: preload every offered model, run GPU work in workers"),
    Variable(HUB_OFFLINE, "flag", False, "on: never reach the Hugging Face Hub (only cached models load)"),
    Variable(HF_ENDPOINT, "text", "https://huggingface.co", "the Hugging Face Hub's address (a mirror, or a test's)"),
    Variable(SPACE_ID, "text", None, "set by a Space: its owner/name (the Space's own address, sign-in)"),
    Variable(SPACE_HOST, "text", None, "set by a Space: its host name (the students' address)"),
    Variable(OAUTH_CLIENT_ID, "text", None, "set by a Space with hf_oauth: true (sign-in is offered)"),
    Variable(SERVER_NAME, "text", "127.0.0.1", "the address to listen on (same as --host)"),
    Variable(SERVER_PORT, "text", "7860", "the port to listen on (same as --port)"),
    Variable(SHARE_SERVER, "text", None, "a share server of your own for --share links"),
    Variable(COMMAND, "text", "python app.py", "how the app was started, for the commands its messages show "
                                               "(./run sets ./run)"),
)
BY_NAME = {variable.name: variable for variable in VARIABLES}
_OVERRIDES: dict[str, str | bool] = {}


def _variable(name: str) -> Variable:
    if name not in BY_NAME:
        raise KeyError(f"{name} is not in playground.settings.VARIABLES")
    return BY_NAME[name]


def parse_flag(raw: str | None, default: bool) -> bool:
    """The one rule: 1 / true / yes / on is true, 0 / false / no / off is false (any case, spaces ignored); unset,
    empty or anything else is the default."""
    value = (raw or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    return default


def flag(name: str) -> bool:
    """A true/false variable (its override first, then the environment, then its default)."""
    variable = _variable(name)
    if name in _OVERRIDES:
        return bool(_OVERRIDES[name])
    return parse_flag(os.environ.get(name), bool(variable.default))


def text(name: str) -> str:
    """A text variable, stripped; its default when unset or empty."""
    variable = _variable(name)
    if name in _OVERRIDES:
        return str(_OVERRIDES[name])
    return (os.environ.get(name) or "").strip() or str(variable.default or "")


def path(name: str) -> Path | None:
    """A folder or file variable, ``~`` expanded; None when unset."""
    value = text(name)
    return Path(value).expanduser() if value else None


def override(name: str, value: str | bool | None) -> None:
    """What a command-line option decided for this process (None removes it); the environment is left alone."""
    _variable(name)
    if value is None:
        _OVERRIDES.pop(name, None)
    else:
        _OVERRIDES[name] = value


# -- the README's table ----------------------------------------------------------------------------------------
START, END = "<!-- settings:start -->", "<!-- settings:end -->"


def table() -> str:
    rows = ["| Variable | Kind | Default | What it does |", "|---|---|---|---|"]
    for v in VARIABLES:
        default = {True: "on", False: "off", None: "—", "": "—"}.get(v.default, str(v.default))  # type: ignore[arg-type]
        kind = "on/off (1, true, yes, on / 0, false, no, off)" if v.kind == "flag" else v.kind
        rows.append(f"| `{v.name}` | {kind} | {default} | {v.doc} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print (or --write into README.md) the environment variables' table.")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if not args.write:
        print(table())
        return 0
    readme = Path(__file__).resolve().parent.parent / "README.md"
    content = readme.read_text(encoding="utf-8")
    head, rest = content.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")
    print("README updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
