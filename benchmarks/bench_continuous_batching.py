"""The chat engine's two ways for many chats at once, on this machine: one ``generate`` per answer against the
continuously batched loop (``playground.tasks.chat_batching.ChatBatcher``, the default).

One ``generate`` per answer (``--chat-batching off``) runs each chat in a thread of its own with a streamer, at most
``--thread-limit`` at once (the app's ``--gpu-concurrency``, 8 by default; the others wait their turn, as in the
app's queue). The loop is ``transformers``' continuous batching: one ``ContinuousBatchingManager`` whose single
loop runs every chat's next token in one forward pass; each chat is an answer written from a thread of its own
(``ChatBatcher.generate``), as each student's job does in the app, with the app's limits (page, cache, step).

    python benchmarks/bench_continuous_batching.py                        # 0.5B shape, 8 then 30 chats, 16 tokens
    python benchmarks/bench_continuous_batching.py --chats 8 --new-tokens 32
    python benchmarks/bench_continuous_batching.py --layers 4             # a shallower stack, same widths (quicker)
    python benchmarks/bench_continuous_batching.py --shape tiny           # seconds: a smoke test

The model: the architecture of Qwen/Qwen2.5-0.5B-Instruct (``Qwen2Config``: hidden 896, MLP 4864, 24 layers, 14
heads / 2 KV heads, vocab 151,936, tied embeddings; as benchmarks/bench_chat.py) built with random weights
(``torch.manual_seed(0)``), float32 on the CPU; nothing is downloaded. Prompts are random token ids of
``--prompt-tokens`` +- 25% each (a short conversation); every chat asks for exactly ``--new-tokens`` tokens
(greedy, no early stop: ``min_new_tokens``), so both sides compute the same tokens. All chats are submitted at
once; per chat the benchmark records when it was submitted, when its first token arrived and when its last did:

* TTFT: first token - submitted (queue wait included);
* per-student tokens/s: new tokens / (last - submitted), what a student waits for the whole answer; and the
  streaming rate after the first token, (new tokens - 1) / (last - first);
* aggregate tokens/s: all new tokens / (last token of all - submission).

One chat's greedy tokens are checked equal between the two (the same model; a difference is reported, not
fatal: float32 batched matmuls may round differently). The two sides run one after the other in the same
process, threads first; the machine's other load is reported with each.

``--sample``: every chat samples as a student's does in the app, with its own settings (temperature 0.5-1.0, top-p,
repetition penalty 1.1) and its own seed, and the question is whether each answer is the one the Chat tab's code
panel promises: ``set_seed(seed)`` then ``generate`` for that chat alone. The reference answers are computed so,
one chat at a time, before the timed runs, and the table says how many chats of each side gave exactly those
tokens. Both sides choose tokens as the app does (``playground.tasks.chat_sampling``): a generator of each
answer's own, ``generate``'s processors for its settings (``generate`` itself draws from the process's one
generator, in turn with every other answer; the loop's own sampling, one ``torch.multinomial`` over the whole
batch, likewise).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from harness import loadavg, log, machine_busy_seconds, pct

QWEN = {"hidden_size": 896, "intermediate_size": 4864, "num_hidden_layers": 24, "num_attention_heads": 14,
        "num_key_value_heads": 2, "vocab_size": 151_936, "max_position_embeddings": 32_768,
        "tie_word_embeddings": True, "rope_theta": 1_000_000.0}
TINY = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
        "num_key_value_heads": 2, "vocab_size": 1_000, "max_position_embeddings": 2_048, "tie_word_embeddings": True}


@dataclass
class Chat:
    prompt: list[int]
    submitted: float = 0.0
    first: float = 0.0
    last: float = 0.0
    tokens: list[int] = field(default_factory=list)


def build_model(shape: str, layers: int | None) -> Any:
    import torch
    from transformers import Qwen2Config, Qwen2ForCausalLM

    values = dict(QWEN if shape == "0.5b" else TINY)
    if layers:
        values["num_hidden_layers"] = layers
    config = Qwen2Config(**values, bos_token_id=1, eos_token_id=2, pad_token_id=0)
    torch.manual_seed(0)
    model = Qwen2ForCausalLM(config).eval()
    return model


def prompts(count: int, length: int, vocab: int, seed: int = 0) -> list[list[int]]:
    rng = random.Random(seed)
    return [[rng.randrange(3, vocab) for _ in range(rng.randint(max(1, length * 3 // 4), max(1, length * 5 // 4)))]
            for _ in range(count)]


def settings_of(k: int, new_tokens: int) -> dict[str, Any]:
    """Chat ``k``'s sampling (``--sample``), as the app's Chat tab passes it to ``generate``; exactly ``new_tokens``
    tokens (``min_new_tokens``: the model's EOS is suppressed until then, on both sides)."""
    return {"do_sample": True, "temperature": (0.5, 0.7, 1.0)[k % 3], "top_p": (0.9, 0.8)[k % 2],
            "repetition_penalty": 1.1, "max_new_tokens": new_tokens, "min_new_tokens": new_tokens}


def reference(model: Any, chats: list[Chat], new_tokens: int) -> list[list[int]]:
    """Each chat's answer as the code panel computes it: ``set_seed(seed)``, then ``generate`` for it alone."""
    import torch
    from transformers import set_seed

    answers = []
    for k, chat in enumerate(chats):
        set_seed(k)
        ids = torch.tensor([chat.prompt])
        out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), pad_token_id=0,
                             **settings_of(k, new_tokens))
        answers.append(out[0, len(chat.prompt):].tolist())
    return answers


def all_at_once(one: Any, chats: list[Chat]) -> None:
    """Submit every chat at the same moment, each ``one(k, chat)`` in a thread of its own; wait for all."""
    threads = [threading.Thread(target=one, args=(k, chat), daemon=True) for k, chat in enumerate(chats)]
    start = time.perf_counter()
    for chat in chats:
        chat.submitted = start
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_threads(model: Any, chats: list[Chat], new_tokens: int, limit: int, sample: bool = False) -> None:
    """Today's way: one ``generate`` per chat, in its own thread, with a streamer; at most ``limit`` at once."""
    import torch
    from transformers.generation.streamers import BaseStreamer

    from playground.tasks.chat_sampling import own_sampling

    gate = threading.Semaphore(limit)

    class Timed(BaseStreamer):
        def __init__(self, chat: Chat) -> None:
            self.chat, self.prompt_seen = chat, False

        def put(self, value: Any) -> None:
            if not self.prompt_seen:  # the first put is the prompt
                self.prompt_seen = True
                return
            now = time.perf_counter()
            self.chat.first = self.chat.first or now
            self.chat.last = now
            self.chat.tokens.extend(value.reshape(-1).tolist())

        def end(self) -> None:
            pass

    def one(k: int, chat: Chat) -> None:
        with gate, torch.inference_mode():
            ids = torch.tensor([chat.prompt])
            settings = {"max_new_tokens": new_tokens, "min_new_tokens": new_tokens, "do_sample": False}
            if sample:  # as the app's chat engine samples: from a generator of the answer's own
                own = own_sampling(model, settings_of(k, new_tokens), k, len(chat.prompt))
                settings = settings_of(k, new_tokens) if own is None else own
            model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), pad_token_id=0, streamer=Timed(chat),
                           **settings)

    all_at_once(one, chats)


def run_continuous(model: Any, chats: list[Chat], new_tokens: int, batcher: Any, sample: bool = False) -> None:
    """The app's chat engine (``playground.tasks.chat_batching.ChatBatcher``): one loop, every chat an answer
    written from a thread of its own, as each student's Gradio job does; exactly ``new_tokens`` tokens each."""
    def one(k: int, chat: Chat) -> None:
        def put(new: list[int]) -> None:
            now = time.perf_counter()
            chat.first = chat.first or now
            chat.last = now
            chat.tokens.extend(new)

        settings = settings_of(k, new_tokens) if sample else {
            "max_new_tokens": new_tokens, "min_new_tokens": new_tokens, "do_sample": False}
        batcher.generate(chat.prompt, settings, k if sample else None, threading.Event(), lambda ids: False, put)

    all_at_once(one, chats)


def summary(chats: list[Chat], new_tokens: int, busy: float) -> dict[str, float]:
    ttft = [c.first - c.submitted for c in chats]
    whole = [len(c.tokens) / max(c.last - c.submitted, 1e-9) for c in chats]
    stream = [(len(c.tokens) - 1) / max(c.last - c.first, 1e-9) for c in chats if len(c.tokens) > 1]
    span = max(c.last for c in chats) - min(c.submitted for c in chats)
    return {"ttft_med": statistics.median(ttft), "ttft_p90": pct(ttft, 90), "ttft_max": max(ttft),
            "student_tps_med": statistics.median(whole), "student_tps_min": min(whole),
            "stream_tps_med": statistics.median(stream) if stream else float("nan"),
            "aggregate_tps": sum(len(c.tokens) for c in chats) / span, "span_s": span,
            "complete": sum(len(c.tokens) == new_tokens for c in chats), "other_cores": busy}


def measure(name: str, fn: Any, chats: list[Chat], new_tokens: int) -> dict[str, float]:
    own0, wall0, busy0 = time.process_time(), time.perf_counter(), machine_busy_seconds()
    fn(chats)
    wall = time.perf_counter() - wall0
    own = time.process_time() - own0
    other = max(0.0, (machine_busy_seconds() - busy0) - own) / wall
    result = summary(chats, new_tokens, other)
    result["cpu_ms_per_token"] = 1000 * own / max(1, sum(len(c.tokens) for c in chats))
    result["own_cores"] = own / wall
    log(f"{name}: {len(chats)} chats in {wall:.1f} s")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", choices=("0.5b", "tiny"), default="0.5b")
    parser.add_argument("--layers", type=int, help="override the number of layers (same widths)")
    parser.add_argument("--chats", default="8,30", help="comma-separated numbers of concurrent chats (default 8,30)")
    parser.add_argument("--new-tokens", type=int, default=16, help="new tokens per chat (default 16)")
    parser.add_argument("--prompt-tokens", type=int, default=48, help="mean prompt length (default 48)")
    parser.add_argument("--thread-limit", type=int, default=None,
                        help="generate threads at once (default: the app's --gpu-concurrency default)")
    parser.add_argument("--only", choices=("threads", "continuous"), help="run one side only")
    parser.add_argument("--sample", action="store_true",
                        help="every chat samples with its own settings and seed; count the answers equal to "
                             "set_seed(seed) + generate for that chat alone (the code panel's promise)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    logging.getLogger("transformers").setLevel(logging.ERROR)

    import torch
    import transformers

    from playground import limits
    from playground.tasks.chat_batching import ChatBatcher

    limit = args.thread_limit or limits.GPU_CONCURRENCY
    counts = [int(x) for x in args.chats.split(",") if x.strip()]
    log("building the model")
    model = build_model(args.shape, args.layers)
    params = sum(p.numel() for p in model.parameters())
    cfg = model.config
    print(f"model: Qwen2 {args.shape} shape, {cfg.num_hidden_layers} layers x {cfg.hidden_size}, vocab "
          f"{cfg.vocab_size:,}, {params / 1e6:.0f}M params, float32, attention {cfg._attn_implementation}; "
          f"torch {torch.__version__} ({torch.get_num_threads()} threads), transformers {transformers.__version__}; "
          f"{os.cpu_count()} cores, load avg {loadavg()} at start")
    how = "sampled with its own settings and seed" if args.sample else "greedy"
    print(f"each chat: prompt ~{args.prompt_tokens} tokens, exactly {args.new_tokens} new tokens, {how}; threads at "
          f"most {limit} at once; the loop: page {limits.CHAT_BATCH_PAGE_TOKENS}, "
          f"{limits.CHAT_BATCH_STEP_TOKENS} tokens a step, {limits.CHAT_BATCH_MAX_ANSWERS} answers a step")
    batcher = ChatBatcher(model, cfg.max_position_embeddings)  # as the app makes it when the model loads
    log("warm-up")  # first-call costs (allocations, kernels) out of the figures, both sides
    run_threads(model, [Chat([5, 6, 7])], 2, 1)
    run_continuous(model, [Chat([5, 6, 7])], 2, batcher, args.sample)
    same: list[str] = []
    rows = []
    for n in counts:
        ps = prompts(n, args.prompt_tokens, min(cfg.vocab_size, 32_000))
        results: dict[str, dict[str, float]] = {}
        wanted = reference(model, [Chat(p) for p in ps], args.new_tokens) if args.sample else None
        sides: dict[str, Any] = {
            "threads": lambda chats: run_threads(model, chats, args.new_tokens, limit, args.sample),
            "continuous": lambda chats: run_continuous(model, chats, args.new_tokens, batcher, args.sample)}
        done: dict[str, list[Chat]] = {}
        for name, fn in sides.items():
            if args.only and name != args.only:
                continue
            chats = [Chat(p) for p in ps]
            results[name] = measure(f"{name}, {n} chats", fn, chats, args.new_tokens)
            done[name] = chats
            if wanted is not None:
                agree = sum(c.tokens == w for c, w in zip(chats, wanted, strict=True))
                same.append(f"{n} chats, {name}: the answer of set_seed(seed) + generate alone in {agree} of {n}")
        if len(done) == 2 and wanted is None:
            agree = sum(c.tokens == d.tokens for c, d in zip(done["threads"], done["continuous"], strict=True))
            same.append(f"{n} chats: greedy tokens identical in {agree} of {n} chats")
        rows.append((n, results))
    width = 104
    print("=" * width)
    print(f"{'chats':>5} {'engine':<11} {'TTFT s med/p90/max':>22} {'student tok/s med/min':>22} "
          f"{'stream tok/s':>12} {'all tok/s':>9} {'span s':>7} {'done':>5} {'cores':>5} {'other':>5} "
          f"{'CPU ms/tok':>10}")
    for n, results in rows:
        for name, r in results.items():
            print(f"{n:>5} {name:<11} {r['ttft_med']:>8.2f}/{r['ttft_p90']:.2f}/{r['ttft_max']:<5.2f} "
                  f"{r['student_tps_med']:>14.2f}/{r['student_tps_min']:<6.2f} {r['stream_tps_med']:>12.2f} "
                  f"{r['aggregate_tps']:>9.1f} {r['span_s']:>7.1f} {int(r['complete']):>5} {r['own_cores']:>5.2f} "
                  f"{r['other_cores']:>5.2f} {r['cpu_ms_per_token']:>10.0f}")
        if len(results) == 2:
            t, c = results["threads"], results["continuous"]
            print(f"{'':>5} {'ratio c/t':<11} TTFT med {c['ttft_med'] / t['ttft_med']:.2f}x, max "
                  f"{c['ttft_max'] / t['ttft_max']:.2f}x; student tok/s med "
                  f"{c['student_tps_med'] / t['student_tps_med']:.2f}x; all tok/s "
                  f"{c['aggregate_tps'] / t['aggregate_tps']:.2f}x; CPU per token "
                  f"{c['cpu_ms_per_token'] / t['cpu_ms_per_token']:.2f}x")
    print("=" * width)
    for line in same:
        print(line)
    print(f"cores = this process's CPU / wall; other = cores used by other processes meanwhile (a shared machine); "
          f"CPU ms/tok = this process's CPU time per new token (prefill included); load avg {loadavg()} at end")
    batcher.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
