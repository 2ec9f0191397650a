"""The README's table of command-line options, generated from ``python app.py --help`` (its argparse parser).

    python scripts/options_table.py            # print the table
    python scripts/options_table.py --write    # replace the table between the README's markers
    python scripts/options_table.py --help

One row per option, in ``--help``'s order: the option as ``--help`` writes it, and its help text. The test suite
checks that the README's table is exactly this one, so a new option in ``app.py`` shows up in the README.
A script beside the app, not part of the engine: it imports ``app`` (and so Gradio) to read the parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository: app.py and playground/

from playground.limits_table import README, write_between  # noqa: E402

START, END = "<!-- options:start -->", "<!-- options:end -->"


def rows(parser: argparse.ArgumentParser) -> list[tuple[str, str]]:
    """``(invocation, help)`` for every option but ``--help``, as ``--help`` prints them (on one line each)."""
    formatter = parser._get_formatter()  # the same formatter --help uses, so the table reads as --help does
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        invocation = formatter._format_action_invocation(action)
        text = formatter._expand_help(action) if action.help else ""
        found.append((invocation, " ".join(text.split())))
    return found


def table(parser: argparse.ArgumentParser | None = None) -> str:
    """The markdown table (option, what it does)."""
    lines = ["| Option (`python app.py --help`) | What it does |", "|---|---|"]
    for invocation, text in rows(parser or app_parser()):
        text = text.replace("|", "/").replace("*", "\\*")  # a table cell, and no stray emphasis
        lines.append(f"| `{invocation.replace('|', '/')}` | {text} |")
    return "\n".join(lines)


def app_parser() -> argparse.ArgumentParser:
    import app  # imports gradio: seconds, but only here

    return app.build_parser()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python scripts/options_table.py",
                                     description="Print the README's table of app.py's options, made from --help.")
    parser.add_argument("--write", action="store_true", help="replace the table between the README's markers")
    if parser.parse_args(argv).write:
        print("README updated" if write_between(README, START, END, table()) else "README already up to date")
    else:
        print(table())


if __name__ == "__main__":
    main()
