"""Continuous batching against today's threads for many chats at once, on this machine.

Today each chat is one ``model.generate`` in a thread of its own with a streamer, at most ``--thread-limit`` at
once (the app's ``--gpu-concurrency``, 8 by default; the others wait their turn, as in the app's queue). The
alternative is ``transformers``' continuous batching: one ``ContinuousBatchingManager`` (``init_continuous_batching``)
whose single loop runs every chat's next token in one forward pass, streaming each chat's tokens
(``add_request(..., streaming=True)``, read from the manager's output queue).

    python benchmarks/bench_continuous_batching.py                        # 0.5B shape, 8 then 30 chats, 16 tokens
    python benchmarks/bench_continuous_batching.py --chats 8 --new-tokens 32
    python benchmarks/bench_continuous_batching.py --layers 4             # a shallower stack, same widths (quicker)
    python benchmarks/bench_continuous_batching.py --shape tiny           # seconds: a smoke test

The model: the architecture of Qwen/Qwen2.5-0.5B-Instruct (``Qwen2Config``: hidden 896, MLP 4864, 24 layers, 14
heads / 2 KV heads, vocab 151,936, tied embeddings; as benchmarks/bench_chat.py) built with random weights
(``torch.manual_seed(0)``), float32 on the CPU; nothing is downloaded. Prompts are random token ids of
``--prompt-tokens`` +- 25% each (a short conversation); every chat asks for exactly ``--new-tokens`` tokens
(greedy, no early stop: ``min_new_tokens`` for ``generate``, no EOS for the manager), so both sides compute the
same tokens. All chats are submitted at once; per chat the benchmark records when it was submitted, when its
first token arrived and when its last did:

* TTFT: first token - submitted (queue wait included);
* per-student tokens/s: new tokens / (last - submitted), what a student waits for the whole answer; and the
  streaming rate after the first token, (new tokens - 1) / (last - first);
* aggregate tokens/s: all new tokens / (last token of all - submission).

One chat's greedy tokens are checked equal between the two (the same model; a difference is reported, not
fatal: float32 batched matmuls may round differently). The two sides run one after the other in the same
process, threads first; the machine's other load is reported with each.
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


def run_threads(model: Any, chats: list[Chat], new_tokens: int, limit: int) -> None:
    """Today's way: one ``generate`` per chat, in its own thread, with a streamer; at most ``limit`` at once."""
    import torch
    from transformers.generation.streamers import BaseStreamer

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

    def one(chat: Chat) -> None:
        with gate, torch.inference_mode():
            ids = torch.tensor([chat.prompt])
            model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                           min_new_tokens=new_tokens, do_sample=False, pad_token_id=0, streamer=Timed(chat))

    threads = [threading.Thread(target=one, args=(chat,), daemon=True) for chat in chats]
    start = time.perf_counter()
    for chat in chats:
        chat.submitted = start
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_continuous(model: Any, chats: list[Chat], new_tokens: int, page_size: int, max_batch_tokens: int) -> None:
    """Continuous batching: one manager, every chat a streaming request, tokens read from its output queue."""
    from transformers import GenerationConfig
    from transformers.generation.configuration_utils import ContinuousBatchingConfig

    longest = max(len(c.prompt) for c in chats) + new_tokens
    pages = len(chats) * (-(-longest // page_size) + 1)  # every chat's whole conversation fits: nothing is evicted
    generation = GenerationConfig(max_new_tokens=new_tokens, do_sample=False, eos_token_id=-1, pad_token_id=0)
    config = ContinuousBatchingConfig(page_size=page_size, num_blocks=pages, max_batch_tokens=max_batch_tokens,
                                      max_requests_per_batch=len(chats), allow_block_sharing=False)
    manager = model.init_continuous_batching(generation_config=generation, continuous_batching_config=config)
    manager.start()
    try:
        by_id: dict[str, Chat] = {}
        start = time.perf_counter()
        for k, chat in enumerate(chats):
            chat.submitted = start
            rid = manager.add_request(chat.prompt, request_id=f"chat{k}", max_new_tokens=new_tokens, streaming=True,
                                      eos_token_id=-1)
            by_id[str(rid)] = chat
        finished = 0
        deadline = time.perf_counter() + 3600
        while finished < len(chats) and time.perf_counter() < deadline:
            out = manager.get_result(timeout=1.0)
            if out is None:
                if not manager.is_running():
                    raise RuntimeError("the continuous batching loop stopped")
                continue
            if out.error:
                raise RuntimeError(f"{out.request_id}: {out.error}")
            chat, now = by_id[out.request_id], time.perf_counter()
            if len(out.generated_tokens) > len(chat.tokens):
                chat.first = chat.first or now
                chat.last = now
                chat.tokens = list(out.generated_tokens)
            finished += out.is_finished()
    finally:
        manager.stop(block=True, timeout=60)
        manager.destroy()


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
    parser.add_argument("--page-size", type=int, default=32, help="continuous batching KV page size (default 32)")
    parser.add_argument("--max-batch-tokens", type=int, default=256,
                        help="continuous batching: most tokens in one forward pass (default 256)")
    parser.add_argument("--only", choices=("threads", "continuous"), help="run one side only")
    args = parser.parse_args(argv)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    logging.getLogger("transformers").setLevel(logging.ERROR)

    import torch
    import transformers

    from playground import limits

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
    print(f"each chat: prompt ~{args.prompt_tokens} tokens, exactly {args.new_tokens} new tokens, greedy; threads at "
          f"most {limit} at once; continuous batching page {args.page_size}, max batch tokens {args.max_batch_tokens}")
    log("warm-up")  # first-call costs (allocations, kernels) out of the figures, both sides
    run_threads(model, [Chat([5, 6, 7])], 2, 1)
    run_continuous(model, [Chat([5, 6, 7])], 2, args.page_size, args.max_batch_tokens)
    same: list[str] = []
    rows = []
    for n in counts:
        ps = prompts(n, args.prompt_tokens, min(cfg.vocab_size, 32_000))
        results: dict[str, dict[str, float]] = {}
        sides: dict[str, Any] = {
            "threads": lambda chats: run_threads(model, chats, args.new_tokens, limit),
            "continuous": lambda chats: run_continuous(model, chats, args.new_tokens, args.page_size,
                                                       args.max_batch_tokens)}
        done: dict[str, list[Chat]] = {}
        for name, fn in sides.items():
            if args.only and name != args.only:
                continue
            chats = [Chat(p) for p in ps]
            results[name] = measure(f"{name}, {n} chats", fn, chats, args.new_tokens)
            done[name] = chats
        if len(done) == 2:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
