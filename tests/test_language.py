"""One language at a time (issue 13), the server side: which language a request gets, and errors in it."""

from __future__ import annotations

import re
from types import SimpleNamespace

from playground.errors import PlaygroundError
from tabs.common import to_gr_error
from tabs.i18n import COOKIE, page_language

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _request(**headers: str) -> SimpleNamespace:
    return SimpleNamespace(headers=headers)


def test_the_stored_choice_wins_over_the_browser_and_bare_api_clients_get_both():
    assert page_language(_request(**{"accept-language": "ko-KR,ko;q=0.9"})) == "ko"
    assert page_language(_request(**{"accept-language": "ko-KR", "cookie": f"a=1; {COOKIE}=en"})) == "en"
    assert page_language(_request(**{"accept-language": "en-US", "cookie": f"{COOKIE}=ko"})) == "ko"
    assert page_language(_request(**{"accept-language": "en", "cookie": f"{COOKIE}=fr"})) == "en"  # not ours
    assert page_language(_request()) is None and page_language(None) is None  # bare API client: both


def test_an_error_shows_only_the_page_language():
    exc = PlaygroundError("out_of_memory", name="Tiny")
    korean = str(to_gr_error(exc, _request(cookie=f"{COOKIE}=ko")).message)
    english = str(to_gr_error(exc, _request(cookie=f"{COOKIE}=en")).message)
    assert HANGUL.search(korean) and not re.search(r"[A-Za-z]{4,}", korean.replace("Tiny", "")), korean
    assert "memory" in english and not HANGUL.search(english), english
    bare = str(to_gr_error(exc, _request()).message)  # an API client stating no language: both, English first
    assert bare.index("memory") < bare.index("메모리"), bare


def test_length_bins_keep_their_numeric_order():
    """Issue 13: the histogram sorted its bins as text ("101–107, 10–16, …, 3–9")."""
    from types import SimpleNamespace

    from tabs.dataset_browser import length_order

    plot = SimpleNamespace(data=[["3–9", 5], ["10–16", 20], ["101–107", 5]])
    assert length_order(plot).sort == ["3–9", "10–16", "101–107"]
