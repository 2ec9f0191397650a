"""One language at a time, the server side: which language a request gets, and errors in it."""

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
    """The histogram used to sort its bins as text ("101–107, 10–16, …, 3–9")."""
    from types import SimpleNamespace

    from tabs.dataset_browser import length_order

    plot = SimpleNamespace(data=[["3–9", 5], ["10–16", 20], ["101–107", 5]])
    assert length_order(plot).sort == ["3–9", "10–16", "101–107"]


# -- progress lines, parameter names and particles in the page's one language ------------------
ARTEFACTS = re.compile(r"\((을|를|이|가|은|는|으)\)")  # "을(를)", "이(가)", "(으)로": a template showing through


def test_no_message_shows_a_particle_template_or_an_english_parameter_name():
    from playground.errors import MESSAGES
    from tabs.i18n import STRINGS

    for key, texts in {**MESSAGES, **STRINGS}.items():
        assert not ARTEFACTS.search(texts[1]), (key, texts[1])
    korean = say_ko("out_of_range", name="page", low=1, high=5, value=9)
    assert korean.startswith("페이지 값은") and "page" not in korean, korean
    assert say_ko("not_a_number", name="num_images", value="x").startswith("이미지 수 값은")
    assert say_ko("bad_option", name="length", allowed="short, long", value="x").startswith("요약 길이 값은")
    assert say_ko("not_in_catalog", model="x", task="chat", allowed="a").count("채팅 카탈로그") == 1
    # the English text keeps the API's parameter name, which is what an API client passes
    from tabs.i18n import say

    assert say("out_of_range", "en", name="page", low=1, high=5, value=9).startswith("page must be between 1 and 5")
    assert say("dataset_not_found", "ko", dataset="e9t/nsmc").startswith("Hub에서 e9t/nsmc 데이터셋을")


def say_ko(key: str, **params) -> str:
    from tabs.i18n import say

    return say(key, "ko", **params)


def test_a_filter_value_that_is_not_a_number_is_refused_in_the_page_language(tmp_path):
    """'abc' is not a number came from the dataset filter's detail (playground.data.local.filter_value), written
    in English inside the Korean message; the detail is now a Message rendered in the page's language."""
    import pytest

    from playground.data import browser as data_browser
    from playground.data.local import set_data_dir
    from playground.errors import BadInput

    (tmp_path / "t.csv").write_text("text,label\n좋아요,1\n별로,0\n", encoding="utf-8")
    set_data_dir(tmp_path)
    try:
        with pytest.raises(BadInput) as caught:
            data_browser.dataset_rows("t.csv", filter_column="label", filter_op=">", filter_value="abc")
    finally:
        set_data_dir(None)
    exc = caught.value
    assert "'abc' is not a number" in str(exc)  # English (and the API) as before
    korean = str(to_gr_error(exc, _request(cookie=f"{COOKIE}=ko")).message)
    assert "숫자를 넣어야 합니다" in korean and "not a number" not in korean, korean


def test_prepare_names_no_english_task_in_a_korean_message(engine):
    import pytest

    from playground.errors import ModelNotAllowed
    from playground.prepare import prepare
    from tabs.i18n import say

    with pytest.raises(ModelNotAllowed) as caught:
        prepare(engine, ["nobody/nothing"], out=lambda line: None)
    korean = say(caught.value.key, "ko", **caught.value.params)
    assert "any task" not in korean and "카탈로그에 없습니다" in korean, korean


def test_engine_progress_lines_are_messages_shown_in_the_page_language(engine):
    """The engine writes a Message (key + params): its str() is the English line (terminals, engine.preload(print));
    tabs.common.progress_callback renders it in the request's language."""
    import pickle

    from playground.errors import Message
    from playground.tasks import translate
    from tabs.common import progress_callback

    seen: list[str] = []
    translate.translate(engine, "안녕하세요. 반갑습니다.", progress=lambda fraction, message: seen.append(message))
    assert any(isinstance(m, Message) and m.key == "progress_loading" for m in seen), seen
    assert any(m.startswith("Translating sentence") for m in seen), seen  # still its English text
    assert pickle.loads(pickle.dumps(seen[-1])).text("ko") == seen[-1].text("ko")  # crosses ZeroGPU's fork
    shown: dict[str | None, list[str]] = {}
    for lang in ("ko", "en", None):
        def fake_progress(fraction, desc=None, lang=lang):
            shown.setdefault(lang, []).append(desc)
        report = progress_callback(fake_progress, lang)
        for message in seen:
            report(0.5, message)
    assert any(line.startswith("문장 번역 중") for line in shown["ko"]), shown["ko"]
    assert all(not HANGUL.search(line) for line in shown["en"]), shown["en"]
    assert not any(re.search(r"Translating|Loading|Detecting", line) for line in shown["ko"]), shown["ko"]
    assert any("Translating" in line and "번역" in line for line in shown[None])  # the API: both, English first


def test_the_page_html_sets_the_stored_language_before_gradios_scripts():
    """tabs.i18n.LocaleFirst puts its script first in the app's HTML page; other responses pass through."""
    import asyncio
    import threading

    from server.page import LOCALE_FIRST_JS, LocaleFirst

    page = b"<html><head><script>window.gradio_config = {};</script></head><body></body></html>"

    def app_serving(body: bytes, kind: bytes):
        async def app(scope, receive, send):
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body[:10], "more_body": True})
            await send({"type": "http.response.body", "body": body[10:]})
        return app

    def served(app) -> tuple[dict, bytes]:
        sent: list[dict] = []

        async def send(message):
            sent.append(message)

        # in a thread of its own: once a browser test ran, Playwright's event loop runs in the main thread
        runner = threading.Thread(target=asyncio.run,
                                  args=(LocaleFirst(app)({"type": "http", "method": "GET", "path": "/"}, None, send),))
        runner.start()
        runner.join(30)
        headers = dict(sent[0]["headers"])
        return headers, b"".join(m.get("body", b"") for m in sent[1:])

    headers, body = served(app_serving(page, b"text/html; charset=utf-8"))
    assert body.startswith(b"<html><head><script>(()=>{try{const v=localStorage.getItem('playground_lang')")
    assert body.index(LOCALE_FIRST_JS.encode()) < body.index(b"window.gradio_config")
    assert int(headers[b"content-length"]) == len(body)
    headers, body = served(app_serving(b'{"a": "<head>"}', b"application/json"))
    assert body == b'{"a": "<head>"}'  # not the page: untouched


def test_progress_lines_follow_the_request_being_handled_without_a_request_parameter():
    """Tab handlers call progress_callback(progress) as before: the language comes from Gradio's LocalContext."""
    from gradio.context import LocalContext

    from playground.errors import Message
    from tabs.common import progress_callback

    shown: list[str] = []
    token = LocalContext.request.set(_request(cookie=f"{COOKIE}=ko"))
    try:
        report = progress_callback(lambda fraction, desc=None: shown.append(desc))
    finally:
        LocalContext.request.reset(token)
    report(0.0, Message("progress_loading", name="Tiny", params="0.4M"))
    report(0.5, "120 / 4,000")  # a plain line is shown as it is
    assert shown == ["Tiny 모델을 불러오는 중입니다 (매개변수 40만 개, 처음 한 번만)…", "120 / 4,000"]


def test_progress_lines_of_one_kind_are_paced_and_a_new_kind_or_the_last_step_goes_at_once():
    """Gradio redraws the event's status for every progress line it sends (it looks every 10 ms): a line per
    training step kept a slow page too busy to take a click on Stop. Lines of one kind wait PROGRESS_EVERY_S."""
    from playground.errors import Message
    from tabs.common import PROGRESS_EVERY_S, progress_callback

    now = [100.0]
    shown: list[tuple[float | None, str]] = []
    report = progress_callback(lambda fraction, desc=None: shown.append((fraction, desc)), "en", clock=lambda: now[0])
    report(None, Message("progress_loading", name="Tiny", params="0.4M"))
    for step in range(1, 101):  # 100 steps in one PROGRESS_EVERY_S
        now[0] += PROGRESS_EVERY_S / 200
        report(step / 100, Message("progress_train_step", step=step, steps=100, loss=0.5, left=1))
    fractions = [fraction for fraction, _ in shown]
    assert fractions == [None, 0.01, 1.0]  # the loading line, the first step (a new kind), the last step
    now[0] += PROGRESS_EVERY_S
    report(0.5, "120 / 4,000")
    report(0.6, "130 / 4,000")  # same kind, too soon: waits
    now[0] += PROGRESS_EVERY_S
    report(0.7, "140 / 4,000")
    assert [desc for _, desc in shown[3:]] == ["120 / 4,000", "140 / 4,000"]
    assert "100/100" in shown[2][1].replace(" ", "")  # the last step's own numbers
