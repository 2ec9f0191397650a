"""The Tokens tab: one text, every catalog model's tokenizer side by side (grouped by family), the chat template's
view, and Korean morphemes.

API: ``/tokens`` (text, tokenizers=None (every one), chat_model=None (the Chat tab's default), morphemes=True) →
JSON: per tokenizer its pieces (token, id, start, end, text, flags), counts and family; the morphemes; the Korean ÷
English pair; the chat view.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from playground import limits
from playground.engine import Engine
from playground.tasks import morphemes, tokens
from playground.tasks.tokens import FAMILIES, Reading, Tokens

from . import handover
from .common import Kept, Tab, code_panel, handler, progress_callback, request_language, resource
from .i18n import both_lines, page_language, say, t
from .tool_docs import tool_doc

TASK = "tokens"
# Korean and English examples: a sentence written for this app, a real NSMC review (CC0), English, mixed.
EXAMPLES = [
    "오늘은 날씨가 정말 좋아서 친구들과 함께 공원에 갔어요.",
    "지루할뻔한 영화를 다케시이기에 지루하지 않게 만들어냈다.",
    "The weather was really nice today, so I went to the park with my friends.",
    "토크나이저는 한국어를 어떻게 읽을까요? Tokenizers read 한국어 differently 🤗",
]
COLOURS = 6  # pill colours, cycled


# -- layout ---------------------------------------------------------------------------------------------------
@dataclass
class Layout:
    text: gr.Textbox
    run: gr.Button
    groups: list[gr.CheckboxGroup]  # one per family (FAMILIES), the last also holding tokenizers not yet loaded
    chat_model: gr.Dropdown
    with_morphemes: gr.Checkbox
    pills: gr.HTML
    counts: gr.Markdown
    chat: gr.HTML
    code: gr.Code


def grouping(engine: Engine) -> dict[str, list[tokens.Source]]:
    """family -> sources for the picker, drawn once at start-up: the family read from each tokenizer's files on
    this machine (``tokens.family_from_files``: no ``transformers`` import, no download); one not on this machine
    yet is under "other". The results are grouped by the loaded tokenizer itself."""
    groups: dict[str, list[tokens.Source]] = {family: [] for family in FAMILIES}
    for source in tokens.sources(engine):
        groups[tokens.family_from_files(source.entry)].append(source)
    return groups


def layout(engine: Engine) -> Layout:
    """Draw the tab inside the current ``gr.Tab``."""
    gr.Markdown(t("tokens.intro"))
    text = gr.Textbox(label=t("tokens.text"), placeholder=t("tokens.placeholder"), lines=2, max_lines=8,
                      max_length=limits.TOKENS_MAX_CHARS, value=EXAMPLES[0], elem_id="tokens-text")
    run = gr.Button(t("tokens.run"), variant="primary", elem_id="tokens-run")
    gr.Examples([[e] for e in EXAMPLES], inputs=[text], label=t("common.examples"))
    with gr.Accordion(t("tokens.pick"), open=False, elem_id="tokens-pick"):
        groups = []
        grouped = grouping(engine)
        with gr.Row():
            for family in FAMILIES:
                ids = [s.id for s in grouped[family]]
                label = t(f"tokens.family.{family}")
                groups.append(gr.CheckboxGroup([(s.name, s.id) for s in grouped[family]], value=ids, label=label,
                                               visible=bool(ids), elem_classes="tokens-group"))
        with gr.Row():
            chats = tokens.chat_sources(engine)
            chat_model = gr.Dropdown([(s.name, s.id) for s in chats], value=chats[0].id if chats else None,
                                     label=t("tokens.chat_model"), visible=bool(chats), scale=2)
            with_morphemes = gr.Checkbox(value=True, label=t("tokens.morphemes_on"), scale=1)
    pills = gr.HTML(elem_id="tokens-pills")
    counts = gr.Markdown(elem_id="tokens-counts")
    chat = gr.HTML(elem_id="tokens-chat")
    code = code_panel(tokens.code_snippet(engine, EXAMPLES[0], [s.id for s in tokens.sources(engine)]))
    return Layout(text, run, groups, chat_model, with_morphemes, pills, counts, chat, code)


# -- handlers: call the engine, format its plain results ------------------------------------------------------
def show(engine: Engine, text: str, wordpiece: list[str], sentencepiece: list[str], byte_bpe: list[str],
         other: list[str], chat_model: str | None, with_morphemes: bool,
         progress: gr.Progress = gr.Progress(), request: gr.Request = None) -> tuple[str, str, str, str]:
    """(pills HTML, counts Markdown, chat view HTML, the code that reproduces it), in the page's language."""
    chosen = [*(wordpiece or []), *(sentencepiece or []), *(byte_bpe or []), *(other or [])]
    result = tokens.read(engine, text, chosen, chat_model or None, with_morphemes=bool(with_morphemes),
                         progress=progress_callback(progress))
    code = tokens.code_snippet(engine, result.text, [r.id for r in result.readings], chat_model or None)
    handover.keep(request, TASK, run=result, code=code, picked=[wordpiece, sentencepiece, byte_bpe, other],
                  chat_model=chat_model, with_morphemes=bool(with_morphemes))
    return *outputs(result, page_language(request) or "en"), code


def outputs(result: Tokens, lang: str) -> tuple[str, str, str]:
    """(pills, counts, chat view) in ``lang``: what the handler shows and the language switch draws again."""
    return pills_html(result, lang), counts_markdown(result, lang), chat_html(result, lang)


def restore(ui: Layout, data: dict[str, Any], lang: str) -> dict[Any, Any]:
    """The last reading drawn again after the language switch (``Tab.keeps``): its text, the pills, counts and
    chat view in ``lang``, the code, and the tokenizers, chat model and morphemes choice it ran with."""
    result: Tokens = data["run"]
    pills, counts, chat = outputs(result, lang)
    shown = {ui.text: result.text, ui.pills: pills, ui.counts: counts, ui.chat: chat, ui.code: data["code"],
             ui.with_morphemes: data.get("with_morphemes", True)}
    if data.get("chat_model"):
        shown[ui.chat_model] = data["chat_model"]
    for group, picked in zip(ui.groups, data.get("picked") or [], strict=False):
        shown[group] = list(picked or [])
    return shown


def api_tokens(engine: Engine, text: str, tokenizers: list[str] | None = None, chat_model: str | None = None,
               morphemes: bool = True) -> dict[str, Any]:
    """How each catalog model's tokenizer reads a text, as data (see ``tool_docs``)."""
    result = tokens.read(engine, text, tokenizers, chat_model or None, with_morphemes=bool(morphemes))
    data = result.as_dict()
    lang = request_language()  # the caller's language; both, English first, for a client that states none
    for failure in [*data["failed"], *([data["chat"]] if data["chat"] and "error" in data["chat"] else [])]:
        error = failure["error"]
        error["message"] = say(error["key"], lang, **error["params"]) if lang else both_lines(error["key"], "en",
                                                                                               **error["params"])
    return data


# -- formatting -----------------------------------------------------------------------------------------------
def _shown(text: str) -> str:
    """A piece's text made visible: spaces as ␣, line breaks as ↵, tabs as →."""
    return text.replace(" ", "␣").replace("\n", "↵").replace("\t", "→") if text.strip() == "" or text[:1] in " \n" \
        else text.replace("\n", "↵")


def pill(piece: tokens.Piece, index: int, family: str, lang: str) -> str:
    """One token as a coloured pill: its readable text, its id (and bytes, flags) on hover. Always escaped."""
    classes = ["tk-pill", f"tk-c{index % COLOURS}"]
    hover = [f"{say('tokens.id', lang)} {piece.id}", repr(piece.token)]
    body = piece.text
    if piece.special:
        classes.append("tk-special")
        hover.append(say("tokens.special_word", lang))
    elif piece.unknown:
        classes.append("tk-unk")
        hover.append(say("tokens.unknown_word", lang))
    if piece.marker == "▁" and body.startswith(" "):
        body = body[1:]
    if piece.partial:
        classes.append("tk-partial")
        hover.append(f"{say('tokens.part_of', lang)} {piece.partial}")
    if piece.bytes:
        hover.append(f"{say('tokens.bytes', lang)} {piece.bytes}")
    if piece.disputed:
        classes.append("tk-disputed")
        hover.append(say("tokens.disputed_word", lang))
    marker = f'<span class="tk-marker">{html.escape(piece.marker)}</span>' if piece.marker else ""
    partial = f'<span class="tk-part">{html.escape(piece.partial)}</span>' if piece.partial else ""
    shown = html.escape(_shown(body) if family == "byte_bpe" or not piece.marker else body.replace("\n", "↵"))
    return (f'<span class="{" ".join(classes)}" title="{html.escape(" · ".join(hover))}" tabindex="0">'
            f"{marker}{shown}{partial}</span>")


def reading_html(reading: Reading, text: str, lang: str, cuts: set[int] | None) -> str:
    tasks = ", ".join(say(f"tab.{task}", lang) for task in reading.tasks)
    line = say("tokens.count_line", lang, count=reading.count, text_count=reading.text_count,
               cpt=reading.chars_per_token(text))
    extra = []
    if reading.unknown:
        unknown = html.escape(say("tokens.unknown_count", lang, count=reading.unknown))
        extra.append(f'<span class="tk-unk-count">{unknown}</span>')
    if cuts is not None:
        share = tokens.morpheme_agreement(text, reading, cuts)
        if share is not None:
            extra.append(html.escape(say("tokens.morpheme_match", lang, share=round(share * 100))))
    pills = "".join(pill(p, i, reading.family, lang) for i, p in enumerate(reading.pieces))
    return (f'<div class="tk-row" data-tokenizer="{html.escape(reading.id)}">'
            f'<div class="tk-head"><b>{html.escape(reading.name)}</b> <code>{html.escape(reading.id)}</code>'
            f'<span class="tk-meta">{html.escape(line)}{"".join(" · " + e for e in extra)} · '
            f'{html.escape(say("tokens.used_in", lang))}: {html.escape(tasks)}</span></div>'
            f'<div class="tk-pills">{pills}</div></div>')


def morpheme_row(found: Sequence[morphemes.Morpheme], text: str, lang: str) -> str:
    """The morphemes under the pills: each span of the text once, with the morphemes it holds (갔 = 가/VV + 었/EP)."""
    if not any("가" <= c <= "힣" for c in text):
        note = html.escape(say("tokens.no_korean", lang))
        return f'<div class="tk-row tk-morph-row"><p class="tk-note">{note}</p></div>'
    spans: dict[tuple[int, int], list[morphemes.Morpheme]] = {}
    for m in found:  # an omitted copula (이, length 0) joins the morphemes before it
        key = next(reversed(spans)) if m.length == 0 and spans else (m.start, m.end)
        spans.setdefault(key, []).append(m)
    boxes = []
    for (start, end), group in spans.items():
        if len(group) == 1 and group[0].form == text[start:end]:  # the form is the text itself: its tag only
            parts = f"<small>{html.escape(group[0].tag)}</small>"
        else:  # a contraction or a changed form: 갔 = 가 VV + 었 EP
            parts = " + ".join(f"{html.escape(m.form)}<small>{html.escape(m.tag)}</small>" for m in group)
        hover = " + ".join(f"{m.form} {m.tag}: {_tag_name(m.base_tag, lang)}" for m in group)
        boxes.append(f'<span class="tk-morph" title="{html.escape(hover)}" tabindex="0">'
                     f'<span class="tk-surface">{html.escape(text[start:end])}</span>'
                     f'<span class="tk-forms">{parts}</span></span>')
    return (f'<div class="tk-row tk-morph-row"><div class="tk-head"><b>{html.escape(say("tokens.morphemes", lang))}'
            f'</b></div><div class="tk-pills">{"".join(boxes)}</div>{tags_table(found, lang)}</div>')


def _tag_name(tag: str, lang: str) -> str:
    try:
        return say(f"tokens.tag.{tag}", lang)
    except KeyError:
        return tag


def tags_table(found: Sequence[morphemes.Morpheme], lang: str) -> str:
    tags = list(dict.fromkeys(m.base_tag for m in found))
    rows = "".join(f"<tr><td><code>{html.escape(tag)}</code></td><td>{html.escape(_tag_name(tag, lang))}</td></tr>"
                   for tag in tags)
    return (f'<details class="tk-tags"><summary>{html.escape(say("tokens.tags", lang))}</summary>'
            f"<table>{rows}</table></details>")


def legend(result: Tokens, lang: str) -> str:
    families = [f for f in FAMILIES if any(r.family == f for r in result.readings)]  # the sections' order
    notes = "".join(f"<li><b>{html.escape(say(f'tokens.family.{f}', lang))}</b>: "
                    f"{_bold(say(f'tokens.family_note.{f}', lang))}</li>" for f in families)
    items = "".join(f"<li>{html.escape(say(k, lang))}</li>" for k in (
        "tokens.legend_pill", "tokens.legend_unknown", "tokens.legend_special", "tokens.legend_disputed",
        "tokens.legend_morpheme"))
    return (f'<details class="tk-legend" open><summary>{html.escape(say("tokens.legend", lang))}</summary>'
            f"<ul>{items}{notes}</ul></details>")


def _bold(text: str) -> str:
    """Our own strings' **bold** as HTML (escaped first: these strings hold no markup of their own)."""
    parts = html.escape(text).split("**")
    return "".join(f"<b>{p}</b>" if i % 2 else p for i, p in enumerate(parts))


def failures_html(result: Tokens, lang: str) -> str:
    if not result.failed:
        return ""
    items = "".join(f"<li>{html.escape(say(f.key, lang, **f.params))}</li>" for f in result.failed)
    return f'<div class="tk-failed"><b>{html.escape(say("tokens.failed", lang))}</b><ul>{items}</ul></div>'


def pills_html(result: Tokens, lang: str) -> str:
    """Every reading grouped by family, the morpheme row under them, then what could not be read."""
    cuts = morphemes.boundaries(list(result.morphemes)) if result.morphemes else None
    sections = []
    for family in FAMILIES:
        readings = [r for r in result.readings if r.family == family]
        if readings:
            rows = "".join(reading_html(r, result.text, lang, cuts) for r in readings)
            sections.append(f'<section class="tk-family" data-family="{family}">'
                            f'<h4>{html.escape(say(f"tokens.family.{family}", lang))}</h4>{rows}</section>')
    morph = morpheme_row(result.morphemes, result.text, lang) if result.morphemes is not None else ""
    took = html.escape(say("tokens.took", lang, ms=round(result.seconds * 1000)))
    return (f'<div class="tk-out" lang="{lang}">{legend(result, lang)}{"".join(sections)}{morph}'
            f'{failures_html(result, lang)}<p class="tk-took">{took}</p></div>')


def counts_markdown(result: Tokens, lang: str) -> str:
    """A table of counts per tokenizer, the spread, and the Korean ÷ English pair."""
    pair = {row["id"]: row for row in result.pair["rows"]}
    head = [say(k, lang) for k in ("tokens.col_tokenizer", "tokens.col_family", "tokens.col_tokens", "tokens.col_cpt",
                                   "tokens.col_unknown", "tokens.col_pair")]
    lines = [f"#### {say('tokens.summary', lang)}", "", "| " + " | ".join(head) + " |",
             "|" + "---|" * 2 + "---:|" * 4]
    for r in result.readings:
        ratio = pair.get(r.id, {}).get("ratio")
        lines.append(f"| {_md(r.name)} | {say(f'tokens.family.{r.family}', lang)} | {r.count} | "
                     f"{r.chars_per_token(result.text)} | {r.unknown} | {f'{ratio}×' if ratio else '–'} |")
    if len(result.readings) > 1:
        low = min(result.readings, key=lambda r: r.count)
        high = max(result.readings, key=lambda r: r.count)
        lines += ["", say("tokens.spread", lang, low=_strong(low.name), low_count=low.count, high=_strong(high.name),
                         high_count=high.count, times=round(high.count / max(low.count, 1), 1))]
    if result.pair["rows"]:
        worst = max(result.pair["rows"], key=lambda row: row["ratio"] or 0)
        names = {r.id: r.name for r in result.readings}
        lines += ["", say("tokens.pair", lang, ko=result.pair["ko"], en=result.pair["en"]), "",
                  say("tokens.pair_line", lang, name=_strong(names.get(worst["id"], worst["id"])), ratio=worst["ratio"],
                      ko=worst["ko"], en=worst["en"])]
    return "\n".join(lines)


def _strong(name: str) -> str:
    """A model's name in bold (HTML: Markdown's ** does not close before a Korean particle, as in **이름**에서는)."""
    return f"<strong>{_md(name)}</strong>"


def _md(text: str) -> str:
    """Text for a Markdown table cell (our catalog's names; a teacher's catalog may hold |)."""
    return html.escape(text).replace("|", "\\|")


def chat_html(result: Tokens, lang: str) -> str:
    view = result.chat
    if view is None:
        return ""
    title = html.escape(say("tokens.chat", lang))
    if isinstance(view, tokens.Failure):
        return (f'<div class="tk-chat"><h4>{title}</h4><p class="tk-failed">'
                f"{html.escape(say(view.key, lang, **view.params))}</p></div>")
    intro = _bold(say("tokens.chat_intro", lang, name=view.name, count=view.count))
    pills = "".join(pill(p, i, view.reading.family, lang) for i, p in enumerate(view.reading.pieces))
    return (f'<div class="tk-chat" data-count="{view.count}"><h4>{title}</h4><p>{intro}</p>'
            f'<div class="tk-pills tk-chat-pills">{pills}</div></div>')


# -- API and MCP --------------------------------------------------------------------------------------------------
def tool_docs(engine: Engine) -> dict[str, str]:
    """The ``/tokens`` endpoint's description for API and MCP clients (values from the limits and the catalog)."""
    ids = ", ".join(s.id for s in tokens.sources(engine)) or "-"
    chats = tokens.chat_sources(engine)
    return {"tokens": tool_doc(
        "Show how each model of the playground reads a text: every tokenizer's pieces, ids and offsets, the chat "
        "model's view after its chat template, and Korean morphemes (Kiwi). Only tokenizers load.", {
            "text": f"the text, 1 to {limits.TOKENS_MAX_CHARS:,} characters (Korean, English or mixed).",
            "tokenizers": f"a list of catalog model ids, at most {limits.TOKENS_MAX_TOKENIZERS}, from: {ids}; "
                          "default all of them.",
            "chat_model": f"the chat model whose chat template is shown, one of: "
                          f"{', '.join(s.id for s in chats) or '-'}; default {chats[0].id if chats else '-'}.",
            "morphemes": "true to add the Korean morphemes (form, tag, start, end); default true.",
        }, "JSON: tokenizers (id, family, count, text_count, chars_per_token, unknown, pieces with token, id, start, "
           "end, text and flags), failed (tokenizers that could not load, with a message), disagreements (cut "
           "positions), morphemes, pair (Korean vs English token counts), chat (templated text, ids, count).")}


# -- wiring ---------------------------------------------------------------------------------------------------
def build(engine: Engine) -> Tab:
    """Draw the tab inside the current ``gr.Tab`` and wire its events."""
    ui = layout(engine)
    inputs = [ui.text, *ui.groups, ui.chat_model, ui.with_morphemes]
    outputs = [ui.pills, ui.counts, ui.chat, ui.code]
    gr.on([ui.run.click, ui.text.submit], handler(engine, show), inputs, outputs, api_visibility="private",
          **resource(TASK))
    gr.api(handler(engine, api_tokens), api_name="tokens", **resource(TASK))
    keeps = Kept([ui.text, *ui.groups, ui.chat_model, ui.with_morphemes, *outputs],
                 functools.partial(restore, ui), picks={"chat_model": ui.chat_model})
    return Tab(main_input=ui.text, keeps=keeps)


CSS = """
.tk-out { display: flex; flex-direction: column; gap: 0.6rem; }
.tk-family h4, .tk-chat h4 { margin: 0.4rem 0 0.2rem; }
.tk-row { border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); padding: 0.4rem 0.5rem; }
.tk-head { display: flex; flex-wrap: wrap; gap: 0.15rem 0.5rem; align-items: baseline; margin-bottom: 0.3rem; }
.tk-head code { font-size: 0.8em; opacity: 0.75; overflow-wrap: anywhere; }
.tk-meta { font-size: var(--text-sm); color: var(--body-text-color-subdued); }
.tk-pills { display: flex; flex-wrap: wrap; gap: 3px; line-height: 1.2; }
.tk-pill { display: inline-block; padding: 2px 5px; border-radius: 6px; color: #1f2937; font-size: 0.95rem;
  white-space: pre; border: 1px solid transparent; cursor: default; }
.tk-c0 { background: #dbeafe; } .tk-c1 { background: #dcfce7; } .tk-c2 { background: #fef3c7; }
.tk-c3 { background: #fce7f3; } .tk-c4 { background: #e0e7ff; } .tk-c5 { background: #ccfbf1; }
.tk-pill { position: relative; }
.tk-pill:focus { outline: 2px solid #2563eb; }
.tk-pill:focus::after, .tk-morph:focus::after { content: attr(title); position: absolute; left: 0; top: 100%;
  z-index: 30; margin-top: 2px; padding: 2px 6px; border-radius: 4px; background: #111827; color: #fff;
  font: 0.75rem/1.3 sans-serif; white-space: nowrap; }  /* a tap on a phone shows the id (no hover there) */
.tk-pill.tk-special { background: #e5e7eb; color: #4b5563; font-family: var(--font-mono); font-size: 0.8rem; }
.tk-pill.tk-unk { background: #fee2e2; color: #b91c1c; border-color: #dc2626; font-weight: 600; }
.tk-pill.tk-partial { border: 1px dashed #6b7280; }
.tk-part { opacity: 0.4; }
.tk-pill.tk-disputed { box-shadow: inset 0 -3px 0 #f97316; }
.tk-marker { color: #9333ea; font-weight: 700; margin-right: 1px; }
.tk-unk-count { color: #b91c1c; font-weight: 600; }
.tk-morph { position: relative; display: inline-flex; flex-direction: column; align-items: center; padding: 2px 6px;
  border: 1px solid #a78bfa; border-radius: 6px; background: #f5f3ff; color: #1f2937; }
.tk-surface { font-size: 0.95rem; }
.tk-forms { font-size: 0.75rem; color: #4b5563; }
.tk-forms small { color: #7c3aed; margin-left: 1px; }
.tk-legend ul, .tk-failed ul { margin: 0.2rem 0 0 1.1rem; padding: 0; }
.tk-legend summary, .tk-tags summary { cursor: pointer; font-weight: 600; }
.tk-tags table { font-size: var(--text-sm); margin-top: 0.3rem; }
.tk-tags td { padding: 1px 8px 1px 0; }
.tk-failed { color: #b91c1c; }
.tk-took { font-size: var(--text-xs); color: var(--body-text-color-subdued); margin: 0; }
.tk-chat-pills .tk-pill { white-space: pre-wrap; }
@media (max-width: 640px) {
  .tk-pill { padding: 1px 4px; }
  .tk-row { padding: 0.3rem; }
}
"""
