"""Benchmark the Tokens tab's engine: one sentence across every catalog tokenizer, warm and cold.

What it measures, in one run (nothing is downloaded; HF_HUB_OFFLINE=1):

1. Cold, from the cache: a fresh engine loads every tokenizer (files already on disk: the tiny catalog's folders, or
   with ``--real`` the default catalog's real-layout stand-ins in a Hub-layout cache) and reads the sentence;
   per tokenizer its load time. ``transformers``' own import is timed apart (once per process, shared by every tab).
2. Warm: the same sentence read by every tokenizer together (``playground.tasks.tokens.read`` without morphemes and
   the chat view), median and p95 of N rounds; then the whole request as the tab makes it (morphemes with Kiwi,
   the chat view, the Korean-English pair). Target: warm < 200 ms for all tokenizers together.
3. Kiwi: its first load (model files) and one sentence warm.

    python benchmarks/bench_tokens.py                      # the tiny catalog (built into .cache/tiny-models)
    python benchmarks/bench_tokens.py --real               # the default catalog's ids, real-layout stand-ins
    python benchmarks/bench_tokens.py --catalog PATH --rounds 100 --json /tmp/bench-tokens.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from harness import ROOT, log, med, ms, pct

SENTENCE = "오늘은 날씨가 정말 좋아서 친구들과 한강 공원에 갔습니다. The weather was lovely!"


def tiny_catalog() -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    import tiny_models

    return tiny_models.build_all(ROOT / ".cache" / "tiny-models")


def use_stand_in_cache(catalog: Path) -> None:
    """Make the stand-ins' Hub-layout cache this process's Hugging Face cache (as tests/test_real_models.py does)."""
    import huggingface_hub.constants
    import huggingface_hub.utils._cache_manager as cache_manager

    import tiny_models

    cache = str(tiny_models.hub_cache_dir(catalog.parent))
    huggingface_hub.constants.HF_HUB_CACHE = cache
    cache_manager.HF_HUB_CACHE = cache


def engine_for(catalog_path: Path | None):
    from playground.catalog import DEFAULT_CATALOG, load_catalog
    from playground.device import detect
    from playground.engine import Engine

    return Engine(load_catalog(catalog_path or DEFAULT_CATALOG), detect("cpu"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, help="a catalog file (default: the tiny catalog, built if needed)")
    parser.add_argument("--real", action="store_true", help="the default catalog, on the real-layout stand-ins")
    parser.add_argument("--rounds", type=int, default=50, help="warm rounds (default 50)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    tiny = tiny_catalog() if args.real or args.catalog is None else None
    if args.real:
        use_stand_in_cache(tiny)
    catalog = None if args.real else (args.catalog or tiny)

    started = time.perf_counter()
    import transformers  # noqa: F401  - timed apart: every tab pays it once per process

    import_s = time.perf_counter() - started
    from playground.tasks import morphemes, tokens

    figures: dict[str, object] = {"sentence": SENTENCE, "catalog": "default (stand-ins)" if args.real else str(catalog),
                                  "python": platform.python_version(), "machine": platform.machine(),
                                  "import_transformers_ms": ms(import_s)}
    # 1. cold, from the cache
    engine = engine_for(catalog)
    per_tokenizer = {}
    cold_started = time.perf_counter()
    for source in tokens.sources(engine):
        t0 = time.perf_counter()
        try:
            tokens.tokenizer(engine, source)
            per_tokenizer[source.id] = ms(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - named in the output, as the tab names it
            per_tokenizer[source.id] = f"not loaded ({getattr(exc, 'key', type(exc).__name__)})"
    first = tokens.read(engine, SENTENCE, with_morphemes=False)
    figures["cold_all_ms"] = ms(time.perf_counter() - cold_started)
    figures["cold_per_tokenizer_ms"] = per_tokenizer
    figures["tokenizers_read"] = len(first.readings)
    figures["tokenizers_failed"] = [f.id for f in first.failed]
    # 2. warm
    bare, full = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        tokens.read(engine, SENTENCE, with_morphemes=False)
        bare.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    tokens.read(engine, SENTENCE)  # Kiwi's first load happens here
    kiwi_first = time.perf_counter() - t0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        tokens.read(engine, SENTENCE)
        full.append(time.perf_counter() - t0)
    one = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        morphemes.analyse(SENTENCE)
        one.append(time.perf_counter() - t0)
    figures["warm_tokenizers_median_ms"] = ms(med(bare))
    figures["warm_tokenizers_p95_ms"] = ms(pct(bare, 95))
    figures["warm_whole_request_median_ms"] = ms(med(full))
    figures["warm_whole_request_p95_ms"] = ms(pct(full, 95))
    figures["kiwi_first_request_ms"] = ms(kiwi_first)
    figures["kiwi_one_sentence_median_ms"] = ms(med(one))
    figures["target_warm_ms"] = 200
    figures["target_met"] = bool(pct(full, 95) < 0.2)

    log(f"{len(first.readings)} tokenizers read, {len(first.failed)} not loaded {figures['tokenizers_failed']}")
    width = max(len(k) for k in per_tokenizer) + 2
    print(f"Tokens benchmark · {figures['catalog']} · {args.rounds} warm rounds · sentence: {SENTENCE}")
    print(f"  import transformers (once per process)      {figures['import_transformers_ms']:>9} ms")
    print(f"  cold: load every tokenizer + read, from disk {figures['cold_all_ms']:>9} ms")
    for model_id, value in per_tokenizer.items():
        print(f"    {model_id:<{width}} {value if isinstance(value, str) else f'{value:>8} ms'}")
    print(f"  warm: every tokenizer, median / p95         {figures['warm_tokenizers_median_ms']:>9} / "
          f"{figures['warm_tokenizers_p95_ms']} ms")
    print(f"  warm: whole request (+ Kiwi, chat view), median / p95 {figures['warm_whole_request_median_ms']} / "
          f"{figures['warm_whole_request_p95_ms']} ms  (target < 200 ms: "
          f"{'met' if figures['target_met'] else 'NOT met'})")
    print(f"  Kiwi: first request (loads its model) {figures['kiwi_first_request_ms']} ms; one sentence warm "
          f"{figures['kiwi_one_sentence_median_ms']} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
