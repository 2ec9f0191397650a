"""The instruct path (Summarize / Translate with the Chat tab's model) has one home, and its code panel reproduces
what the engine ran (issue 12 item 6, issue 14)."""

from __future__ import annotations

from playground.tasks import instruct, seq2seq, summarize, translate


def _run(code: str) -> str:
    printed: list[str] = []
    exec(compile(code, "snippet", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    return printed[0].strip()


def test_the_translate_code_panel_asks_the_chat_model_as_the_engine_does(engine) -> None:
    text = "안녕하세요. 만나서 반가워요."
    entry = engine.catalog.entry("translate", "tiny/chat")
    asked = instruct.ask(engine, entry, translate.instruction_for("ko", "en"), text, translate.INSTRUCT_SETTINGS)
    code = translate.code_snippet(engine, text, "ko", "en", "tiny/chat")
    assert translate.instruction_for("ko", "en") in code and "repetition_penalty=1.1" in code
    assert _run(code) == asked.text  # the raw answer (the tab then leaves out a collapsed one)


def test_the_summary_code_panel_asks_the_chat_model_as_the_engine_does(engine) -> None:
    text = "The weather is lovely today, so we are going to the park. We will bring sandwiches."
    options = summarize.Options(length="short")
    entry = engine.catalog.entry("summarize", "tiny/chat")
    asked = instruct.ask(engine, entry, summarize.instruction_for(text, options), text, options.settings())
    code = summarize.code_snippet(engine, "tiny/chat", text, options, options.settings())
    assert summarize.instruction_for(text, options) in code
    assert _run(code) == asked.text


def test_seq2seq_no_longer_reaches_into_chat() -> None:
    assert not hasattr(seq2seq, "instruct") and not hasattr(seq2seq, "is_instruct")
    assert instruct.is_instruct(type("E", (), {"options": {"kind": "instruct"}})())
