"""A walk of the whole page in each language: every tab, its inner tabs and its closed sections opened, each
option of its choices picked, and the System (teacher) section. A Korean page shows no English UI text and an
English page no Korean.

Allowed in the other language, and only these: code (``pre``/``code``/the code editor), example inputs (they are
the content: an English sentence to analyse on a Korean page), model names and licenses from the catalog, the
language control's own names, and the few words in :data:`ALLOWED_LATIN` that a Korean UI writes in Latin letters.
Screenshots: ``.cache/screenshots/lang-walk-<locale>-<tab>.png``.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, settled

pytestmark = pytest.mark.browser

SHOTS = ROOT / ".cache" / "screenshots"
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Words a Korean page writes in Latin letters (names of things, units, formats): the whole list (any case).
ALLOWED_LATIN = ("Hugging Face", "Hub", "auto", "CSV", "TSV", "JSONL", "JSON", "Parquet", "ZIP", "PNG", "UTF-8",
                 "API", "MCP", "GPU", "CPU", "ZeroGPU", "Python", "top-p", "NSMC", "AI Hub", "aihub.or.kr", "DuckDB",
                 "URL", "git", "owner/name", "PRO", "Enter", "BPE",
                 # the negative prompt goes to an English-only text encoder: its example is English on purpose
                 "blurry, low quality, text")
GLOSS = re.compile(r"(?<=[\uac00-\ud7a3])\([A-Za-z][A-Za-z -]*\)")  # a Korean term glossed: 확산(diffusion)
# The language control shows each language in itself.
ALLOWED_KO_ON_EN = ("한국어",)
ALLOWED_EN_ON_KO = ("English",)

SKIP = ("pre, code, .cm-editor, .cm-content, #language-switch, footer, script, style, .gallery, "
        ".pg-en, .pg-ko, [data-testid=table] td, .toast-wrap, .pg-data, .tr-body")
# .pg-data: the data's own words; .tr-body: a row of examples with several inputs (content, like .gallery)

TEXT_JS = """(root, outside) => {
  const skip = (el) => el.closest(SKIP_SELECTOR) || (outside && el.closest('.tabitem'));
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || skip(el) || !el.checkVisibility()) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of root.querySelectorAll('.pg-en, .pg-ko')) {
    if (!el.checkVisibility() || el.closest('pre, code')) continue;
    const copy = el.cloneNode(true);
    copy.querySelectorAll('pre, code').forEach((c) => c.remove());
    out.push(copy.textContent.trim());
  }
  for (const el of root.querySelectorAll('textarea, input')) {
    if (!el.checkVisibility() || skip(el)) continue;
    if (!el.value && el.placeholder) out.push(el.placeholder.trim());
    if (el.readOnly || el.getAttribute('role') === 'listbox' || el.closest('.wrap-inner')) out.push(el.value.trim());
  }
  return out.filter(Boolean);
}""".replace("SKIP_SELECTOR", repr(SKIP))


def _allowed_names(engine) -> list[str]:
    """Model names, licenses and language codes of the catalog the app runs on (longest first)."""
    names: set[str] = set()
    for task in engine.catalog.models:
        for entry in engine.catalog.entries(task):
            names.update({entry.name, entry.id, str(entry.license), *entry.languages})
    return sorted((n for n in names if n), key=len, reverse=True)


def _strays(lines: list[str], locale: str, names: list[str]) -> list[str]:
    found = []
    for line in lines:
        rest = line
        for name in names:
            rest = rest.replace(name, " ")
        if locale == "ko":
            rest = GLOSS.sub(" ", rest)
            for word in ALLOWED_LATIN:
                rest = re.sub(re.escape(word), " ", rest, flags=re.IGNORECASE)
            rest = rest.replace(ALLOWED_EN_ON_KO[0], " ")
            if LATIN_WORD.search(rest):
                found.append(line)
        else:
            for word in ALLOWED_KO_ON_EN:
                rest = rest.replace(word, " ")
            if HANGUL.search(rest):
                found.append(line)
    return found


def _open_everything(page, panel) -> None:
    """Inner tabs are visited by the caller; here every closed accordion of ``panel`` is opened (code panels too:
    their label is UI text)."""
    for _ in range(12):
        closed = [el for el in panel.locator(".label-wrap:not(.open)").element_handles() if el.is_visible()]
        if not closed:
            return
        closed[0].click()
        settled(page)


def _each_choice(page, panel) -> list[str]:
    """Every option of every visible radio choice in ``panel`` picked in turn (a choice shows inputs of its own:
    Train's data sources), the sections it shows opened, and the text read each time. A part shown only by a
    choice once broke the page (a page error, which fails the test) and no test had drawn it."""
    lines: list[str] = []
    for group in [g for g in panel.locator(".block:has(input[type=radio])").all() if g.is_visible()]:
        for option in [o for o in group.locator("label:has(input[type=radio])").all() if o.is_visible()]:
            option.click()
            settled(page)
            _open_everything(page, panel)
            lines += panel.evaluate(TEXT_JS, False)
    return lines


def _walk(page, locale: str, names: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    top = [t for t in page.get_by_role("tab").all() if t.evaluate("e => !e.closest('.tabitem')")]
    assert len(top) >= 6, [t.inner_text() for t in top]
    header = page.locator("main").first.evaluate(TEXT_JS, True)
    seen["page"] = _strays(header, locale, names)
    for index, tab in enumerate(top):
        tab.click()
        panel = page.locator(".tabitem:visible").first
        panel.wait_for(timeout=30_000)
        settled(page)
        name = f"tab{index + 1}"
        lines: list[str] = []
        inner = [t for t in panel.get_by_role("tab").all() if t.is_visible()]
        for sub in inner or [None]:
            if sub is not None:
                sub.click()
                settled(page)
            _open_everything(page, panel)
            lines += panel.evaluate(TEXT_JS, False)
            lines += _each_choice(page, panel)
        lines += [t.inner_text().strip() for t in top]  # the tab names themselves
        seen[name] = _strays(lines, locale, names)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"lang-walk-{locale}-{name}.png"), full_page=True)
    # the System (teacher) section below the tabs
    system = [el for el in page.locator(".label-wrap:not(.open)").element_handles()
              if el.is_visible() and el.evaluate("e => !e.closest('.tabitem')")]
    for el in system:
        el.click()
    settled(page)
    lines = page.locator("main").first.evaluate(TEXT_JS, True)
    seen["system"] = _strays(lines, locale, names)
    page.screenshot(path=str(SHOTS / f"lang-walk-{locale}-system.png"), full_page=True)
    return seen


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_every_tab_speaks_only_the_page_language(open_page, catalog, locale):
    from playground.device import detect
    from playground.engine import Engine

    names = _allowed_names(Engine(catalog, detect("cpu")))
    page = open_page(locale, 1366, 900, remember=True)
    seen = _walk(page, locale, names)
    unexpected = sorted((where, line) for where, lines in seen.items() for line in lines)
    assert not unexpected, "\n".join(map(repr, unexpected))

