"""The instruct path (Summarize / Translate with the Chat tab's model) has one home, and its code panel reproduces
what the engine ran."""

from __future__ import annotations

from conftest import with_local_folders
from playground.tasks import instruct, seq2seq, summarize, translate


def _run(code: str, engine) -> str:
    printed: list[str] = []
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), {"print": printed.append})  # noqa: S102 - our own generated code
    return printed[0].strip()


def test_the_translate_code_panel_asks_the_chat_model_as_the_engine_does(engine) -> None:
    text = "안녕하세요. 만나서 반가워요."
    entry = engine.catalog.entry("translate", "tiny/chat")
    asked = instruct.ask(engine, entry, translate.instruction_for("ko", "en"), text, translate.INSTRUCT_SETTINGS)
    code = translate.code_snippet(engine, text, "ko", "en", "tiny/chat")
    assert translate.instruction_for("ko", "en") in code and "repetition_penalty=1.1" in code
    assert _run(code, engine) == asked.text  # the raw answer (the tab then leaves out a collapsed one)


def test_the_summary_code_panel_asks_the_chat_model_as_the_engine_does(engine) -> None:
    text = "The weather is lovely today, so we are going to the park. We will bring sandwiches."
    options = summarize.Options(length="short")
    entry = engine.catalog.entry("summarize", "tiny/chat")
    asked = instruct.ask(engine, entry, summarize.instruction_for(text, options), text, options.settings())
    code = summarize.code_snippet(engine, "tiny/chat", text, options, options.settings())
    assert summarize.instruction_for(text, options) in code
    assert _run(code, engine) == asked.text


def test_a_sampled_instruct_summary_prints_its_seed_and_its_code_reproduces_it(engine) -> None:
    """Sampled through the chat model, a summary draws from a generator of its own seeded with the seed its code
    prints (set_seed + generate writes it again)."""
    text = "The weather is lovely today, so we are going to the park. We will bring sandwiches."
    options = summarize.Options(length="short", sample=True, temperature=1.0)
    result = summarize.summarize(engine, text, "tiny/chat", options)
    assert result.settings is not None and result.settings.seed is not None
    code = summarize.code_snippet(engine, "tiny/chat", text, options, result.settings)
    assert f"set_seed({result.settings.seed})" in code
    assert _run(code, engine) == result.text


def test_seq2seq_no_longer_reaches_into_chat() -> None:
    assert not hasattr(seq2seq, "instruct") and not hasattr(seq2seq, "is_instruct")
    assert instruct.is_instruct(type("E", (), {"options": {"kind": "instruct"}})())


def test_the_summary_code_panel_runs_the_part_by_part_loop_for_a_long_text(engine) -> None:
    sentences = ["The weather is lovely today, so we are going to the park.",
                 "Students must hand in their homework before Friday.",
                 "I watched a documentary about whales last night.",
                 "My brother plays the guitar in a small band."]
    text = " ".join(sentences * 6)  # longer than the tiny model's 256-token window
    options = summarize.Options(length="short", num_beams=1)
    result = summarize.summarize(engine, text, "tiny/seq2seq", options)
    assert result.chunks > 1
    code = summarize.code_snippet(engine, "tiny/seq2seq", text, options, result.settings)
    assert f"into {result.chunks} parts" in code and "for part in parts" in code
    namespace: dict = {"print": lambda *_: None}
    exec(compile(with_local_folders(engine, code), "snippet", "exec"), namespace)  # noqa: S102 - our own generated code
    # The parts and their summaries are the engine's own (its first round).
    runner = engine.model(engine.catalog.entry("summarize", "tiny/seq2seq"))
    parts = summarize._parts(runner, None, text)
    assert namespace["parts"] == parts and len(parts) == result.chunks
    share = (runner.context_window - 8) // len(parts)
    ran = seq2seq.generate(engine, runner, parts, options.part_settings(share))
    assert [s.strip() for s in namespace["summaries"]] == [g.text for g in ran]
