"""The Tokens tab's ``/tokens`` endpoint through gradio_client, on the tiny catalog: data out, clear errors."""

from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

from playground import limits

KO = "오늘은 날씨가 정말 좋아서 친구들과 공원에 갔어요."


def test_tokens_is_a_named_endpoint_whose_first_parameter_is_the_text(client) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    params = api["named_endpoints"]["/tokens"]["parameters"]
    assert [p["parameter_name"] for p in params] == ["text", "tokenizers", "chat_model", "morphemes"]
    assert not params[0]["parameter_has_default"] and all(p["parameter_has_default"] for p in params[1:])


def test_every_tokenizer_as_data(client) -> None:
    data = client.predict(KO, api_name="/tokens")
    ids = [t["id"] for t in data["tokenizers"]]
    assert ids[0] == "tiny/chat" and len(ids) == len(set(ids)) >= 6
    assert not any(i.startswith("tiny/text-to-image") for i in ids)  # image models have no text tokenizer here
    assert {t["family"] for t in data["tokenizers"]} == {"byte_bpe", "wordpiece", "sentencepiece"}
    for reading in data["tokenizers"]:
        assert reading["count"] == len(reading["pieces"]) and reading["chars_per_token"] > 0
        for piece in reading["pieces"]:
            assert {"token", "id", "start", "end", "text"} <= set(piece)
            assert 0 <= piece["start"] <= piece["end"] <= len(KO)
    assert all(m["tag"] and m["start"] < m["end"] for m in data["morphemes"] if m["form"] != "이")
    assert {r["id"] for r in data["pair"]["rows"]} == set(ids)
    assert data["chat"]["id"] == "tiny/chat" and data["chat"]["count"] == len(data["chat"]["ids"])
    assert data["chat"]["messages"][-1] == {"role": "user", "content": KO}
    assert client.predict(KO, api_name="/tokens") == data  # deterministic


def test_a_choice_of_tokenizers_and_no_morphemes(client) -> None:
    data = client.predict(KO, ["tiny/sentiment-ko", "tiny/chat"], "tiny/chat", False, api_name="/tokens")
    assert [t["id"] for t in data["tokenizers"]] == ["tiny/chat", "tiny/sentiment-ko"]
    assert data["morphemes"] is None and data["failed"] == []


@pytest.mark.parametrize(("args", "message"), [
    (("",), "The text is empty"),
    (("   ",), "The text is empty"),
    (("가" * (limits.TOKENS_MAX_CHARS + 1),), f"the limit is {limits.TOKENS_MAX_CHARS:,}"),
    (("가" * 1_000_000,), "characters; the limit is"),
    ((KO, ["evil/model"]), "is not one of this playground's tokenizers"),
    ((KO, ["../../etc/passwd"]), "is not one of this playground's tokenizers"),
    ((KO, []), "No tokenizer is chosen"),
    ((KO, ["tiny/chat"] * (limits.TOKENS_MAX_TOKENIZERS + 1)), f"at most {limits.TOKENS_MAX_TOKENIZERS} can be"),
    ((KO, None, "tiny/sentiment-ko"), "is not one of this playground's tokenizers"),
])
def test_bad_input_gets_a_clear_message_and_the_next_request_works(client, args: tuple, message: str) -> None:
    with pytest.raises(AppError) as caught:
        client.predict(*args, api_name="/tokens")
    text = str(caught.value)
    assert message in text and "Traceback" not in text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # the Korean line too (an API client states no language)
    assert client.predict("ok", ["tiny/chat"], api_name="/tokens")["tokenizers"][0]["count"] > 0


def test_html_in_the_text_comes_back_as_text(client) -> None:
    text = '<img src=x onerror="alert(1)"> 안녕'
    data = client.predict(text, ["tiny/sentiment-ko"], None, False, api_name="/tokens")
    assert data["text"] == text


def test_tokens_is_an_mcp_tool_that_answers_an_agent(catalog) -> None:
    """The same endpoint as an MCP tool (``--mcp``): described from the limits, answering with the same JSON."""
    import ast
    import asyncio
    import concurrent.futures

    import httpx
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    from app import build_app, launch_options
    from conftest import launch
    from playground.device import detect
    from playground.engine import Engine

    demo = build_app(Engine(catalog, detect("cpu")))
    launch(demo, quiet=True, mcp_server=True,
           max_file_size=limits.UPLOAD_MAX_SIZE, **launch_options())

    async def work() -> tuple:
        async with httpx.AsyncClient(timeout=120) as http, \
                streamable_http_client(demo.local_url + "gradio_api/mcp/", http_client=http) as (read, write, _), \
                ClientSession(read, write) as session:
            await session.initialize()
            tools = {t.name: t for t in (await session.list_tools()).tools}
            result = await session.call_tool("tokens", {"text": KO, "tokenizers": ["tiny/sentiment-ko"],
                                                         "morphemes": False})
            return tools, result

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:  # Playwright may hold the main loop
            tools, result = pool.submit(asyncio.run, work()).result()
    finally:
        demo.close()
    tool = tools["tokens"]
    assert tool.inputSchema.get("required") == ["text"]
    assert f"{limits.TOKENS_MAX_CHARS:,}" in tool.inputSchema["properties"]["text"]["description"]
    assert not result.isError
    # Gradio's MCP server writes a dict result as Python's str() of it (gradio/mcp.py: TextContent(text=str(output)))
    data = ast.literal_eval("".join(getattr(c, "text", "") for c in result.content))
    assert [t["id"] for t in data["tokenizers"]] == ["tiny/sentiment-ko"] and data["morphemes"] is None


def test_the_page_shows_a_students_text_escaped_and_explains_the_markers_once(engine) -> None:
    from playground.tasks import tokens
    from tabs import tokens as tab

    text = '<script>alert("x")</script> 갔습니다 & ##'
    result = tokens.read(engine, text)
    for lang in ("en", "ko"):
        page = tab.pills_html(result, lang)
        assert "<script>" not in page and "&lt;" in page
        assert page.count('class="tk-legend"') == 1 and page.count("tk-row\" data-tokenizer=") == len(result.readings)
        assert [f for f in ("wordpiece", "sentencepiece", "byte_bpe") if f'data-family="{f}"' in page] == [
            "wordpiece", "sentencepiece", "byte_bpe"]
        assert "가<small>VV</small> + 었<small>EP</small>" in page  # 갔 = 가 + 었, under the pills
        chat = tab.chat_html(result, lang)
        assert "<script>" not in chat and f'data-count="{result.chat.count}"' in chat
        counts = tab.counts_markdown(result, lang)
        assert counts.count("\n| ") == len(result.readings) + 1 and "×" in counts
