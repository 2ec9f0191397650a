"""The README front matter's ``preload_from_hub`` block, listing only the files the loaders read.

A Space built from a bare ``- repo`` line downloads the whole repository into its image: for sd-turbo that is its
``*.fp16.*`` copies and two single-file checkpoints beside the component folders the pipeline reads (about 7.8 GB
more than it uses). ``repo file1,file2,...`` lines fetch only the named files. The file names come from the Hub's
listing of each repository (``playground.hub.plan``, the same rule ``python app.py --prepare`` downloads by), so
run this where the Hub answers, before deploying a Space:

    python scripts/preload_lines.py            # print the block and what it saves
    python scripts/preload_lines.py --write    # and put it into README.md in place of the current block

The models are the catalog's preloaded defaults (``Catalog.hub_ids(defaults_only=True)``, what the tests check the
front matter against). A repository whose listing fails is written as a bare ``- repo`` line (the whole
repository, as before) and said so, never dropped.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground import hub  # noqa: E402
from playground.catalog import DEFAULT_CATALOG, load_catalog  # noqa: E402

BLOCK = re.compile(r"^preload_from_hub:\n(?:  - .*\n)+", re.MULTILINE)


def block(catalog_path: Path = DEFAULT_CATALOG, api: Any = None,
          out: Callable[[str], None] = print) -> str:
    """The ``preload_from_hub:`` block (YAML, one ``  - repo files`` line per model), and on ``out`` what it saves."""
    catalog = load_catalog(catalog_path)
    entries = {e.id: e for entries in catalog.models.values() for e in entries}
    lines, wanted, whole = [], 0, 0
    for repo in catalog.hub_ids(defaults_only=True):
        try:
            plan = hub.plan(entries[repo], api)
        except Exception as exc:  # noqa: BLE001 - said, and the whole repository kept
            out(f"could not list {repo} ({type(exc).__name__}): kept as the whole repository")
            lines.append(f"  - {repo}")
            continue
        lines.append(f"  - {plan.preload_line()}")
        wanted, whole = wanted + plan.bytes, whole + plan.all_bytes
    out(f"the listed repositories hold {whole / 1e9:.2f} GB; the Space will fetch {wanted / 1e9:.2f} GB of them")
    return "preload_from_hub:\n" + "\n".join(lines) + "\n"


def write(readme: Path, new_block: str) -> None:
    """Replace the front matter's ``preload_from_hub`` block of ``readme`` with ``new_block``."""
    text = readme.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n---\n")  # the front matter ends at the first "---" line after the start
    if not text.startswith("---\n") or not sep or not BLOCK.search(head + "\n"):
        raise SystemExit(f"{readme.name}: no preload_from_hub block in its front matter")
    head = BLOCK.sub(lambda _: new_block, head + "\n", count=1).rstrip("\n")
    readme.write_text(head + sep + rest, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="put the block into README.md")
    args = parser.parse_args(argv)
    new_block = block(out=lambda line: print(line, file=sys.stderr))
    print(new_block, end="")
    if args.write:
        write(ROOT / "README.md", new_block)


if __name__ == "__main__":
    main()
