"""The README's table of limits, generated from ``playground/limits.py`` (its values and comments).

    python -m playground.limits_table            # print the table
    python -m playground.limits_table --write    # replace the table between the README's markers

Each limit is a line ``NAME = value  # what it limits`` under a ``# Section`` comment; the test suite checks that
the README lists every one of them.
"""

from __future__ import annotations

import ast
import io
import sys
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
        section = next((comments[n] for n in range(node.lineno - 1, 0, -1)
                        if n in comments and lines[n - 1].lstrip().startswith("#")), "")
        value = ast.get_source_segment(text, node.value) or ""
        found.append(Limit(section, name, value, comments.get(node.lineno, "")))
    return found


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
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: add the markers {START} and {END} where the table belongs")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{table()}\n{END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        print("README updated" if write_readme() else "README already up to date")
    else:
        print(table())
