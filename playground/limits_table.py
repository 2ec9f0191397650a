"""The README's table of limits, generated from ``playground/limits.py`` (its values and comments).

    python -m playground.limits_table            # print the table
    python -m playground.limits_table --write    # replace the table between the README's markers
    python -m playground.limits_table --help

Each limit is a line ``NAME = value  # what it limits`` under a ``# Section`` comment; the test suite checks that
the README lists every one of them.
"""

from __future__ import annotations

import argparse
import ast
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

from playground import limits

SOURCE = Path(limits.__file__)
README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- limits:start -->", "<!-- limits:end -->"


@dataclass(frozen=True)
class Limit:
    section: str
    name: str
    value: str
    meaning: str


def read_limits(source: Path = SOURCE) -> list[Limit]:
    """Every upper-case constant of the limits module, with its section and trailing comment."""
    text = source.read_text(encoding="utf-8")
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    lines = text.splitlines()
    found: list[Limit] = []
    for node in ast.parse(text).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        if not name.isupper():
            continue
        section = _section(lines, node.lineno)
        value = ast.get_source_segment(text, node.value) or ""
        found.append(Limit(section, name, value, comments.get(node.lineno, "")))
    return found


def _section(lines: list[str], lineno: int) -> str:
    """The first line of the nearest block of whole-line comments above line ``lineno`` (1-based)."""
    def is_comment(n: int) -> bool:
        return n >= 1 and lines[n - 1].lstrip().startswith("#")

    n = next((n for n in range(lineno - 1, 0, -1) if is_comment(n)), 0)
    while is_comment(n - 1):
        n -= 1
    return lines[n - 1].lstrip().lstrip("#").strip() if n else ""


def table(items: list[Limit] | None = None) -> str:
    """The markdown table (section, name, value, meaning)."""
    rows = ["| Area | Limit (`playground/limits.py`) | Value | What it limits |", "|---|---|---:|---|"]
    for item in items if items is not None else read_limits():
        section = item.section.split(" (")[0].split(":")[0]
        value = item.value.replace("|", "\\|")
        rows.append(f"| {section} | `{item.name}` | `{value}` | {item.meaning.replace('|', '/')} |")
    return "\n".join(rows)


def write_readme(readme: Path = README) -> bool:
    """Replace the table between the markers; True when the README changed."""
    return write_between(readme, START, END, table())


def write_between(readme: Path, start: str, end: str, body: str) -> bool:
    """Put ``body`` between the ``start`` and ``end`` markers of ``readme``; True when the file changed."""
    text = readme.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise SystemExit(f"{readme}: add the markers {start} and {end} where the table belongs")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    new = f"{head}{start}\n{body}\n{end}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m playground.limits_table",
                                     description="Print the README's table of limits, made from playground/limits.py.")
    parser.add_argument("--write", action="store_true", help="replace the table between the README's markers")
    if parser.parse_args(argv).write:
        print("README updated" if write_readme() else "README already up to date")
    else:
        print(table())


if __name__ == "__main__":
    main()
