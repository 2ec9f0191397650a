"""Values shown inside Markdown (dataset cells, labels, column names, statistics) are text, never markup: no image
that fetches, no link, no script, no table or emphasis; a reader sees the value itself.
"""

from __future__ import annotations

import html
import re

import data_files
import pytest
from markdown_it import MarkdownIt

from playground.data import browser
from playground.text import md_code, md_escape
from tabs import dataset_browser

data_folder = data_files.data_folder  # the fixture


# -- what a reader sees is the value itself ----------------------------------------------------------------------------
HOSTILE = ["![](http://127.0.0.1:9/logout)", "[click](javascript:alert(1))", "<img src=x onerror=alert(1)>",
           "**bold** _it_ # head | a | b |", "`code` ``x``", "$x^2$ {{braces}}", "<script>alert(1)</script>"]


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escape_leaves_only_text(value):
    for rendered in (_html(md_escape(value)), _html(f"label {md_code(value)} here")):
        assert "<img" not in rendered and "<a " not in rendered and "<script" not in rendered
        assert "<strong>" not in rendered and "<em>" not in rendered and "<h1>" not in rendered
        assert "<table" not in rendered
    assert md_escape(value).count("\\") >= 1
    # what a reader sees is the value itself
    visible = html.unescape(re.sub(r"<[^>]+>", "", _html(md_escape(value)))).strip()
    assert visible == " ".join(value.split())


def test_the_statistics_summary_escapes_labels_and_column_names(data_folder):
    column = "<img src=x onerror=alert(1)>"
    rows = "\n".join(f"{HOSTILE[i % len(HOSTILE)].replace(',', ' ')},text {i}" for i in range(40))
    (data_folder / "evil.csv").write_text(f'"{column}",document\n{rows}\n')
    stats = browser.dataset_stats("evil.csv", label_column=column, text_column="document")
    summary, *_ = dataset_browser.stats_outputs(stats)
    rendered = _html(summary)
    assert "<img" not in rendered and "<a " not in rendered and "<script" not in rendered
    assert "logout" in rendered  # shown, as text
    card = dataset_browser.card_markdown(browser.dataset_info("evil.csv"))
    assert "<img" not in _html(card)
