"""Benchmark the seq2seq runner (Summarize and Translate) against bare ``transformers``, on this machine.

What it measures, in one run (nothing is downloaded; HF_HUB_OFFLINE=1):

1. A real-size translation model built offline: the architecture of Helsinki-NLP/opus-mt-tc-big-ko-en
   (``MarianConfig``: transformer-big, d_model 1024, 6 + 6 layers, 16 heads, FFN 4096, shared embeddings) with
   random weights (``torch.manual_seed(0)``), float32, and a SentencePiece tokenizer trained here on the shared
   NSMC reviews and synopses (the real vocabulary cannot be downloaded; the model's vocabulary is the tokenizer's,
   so the output projection is smaller than the real 32k one). It is saved to a temporary folder with a catalog
   that lists it as ``bench/opus-mt-big-arch`` (``kind: pair``, ko → en), and loaded through the engine.
2. Runner vs bare: one Korean review → ``playground.tasks.seq2seq.run`` against ``tokenizer(...)`` +
   ``model.generate`` + ``decode`` with identical settings (greedy, N new tokens forced with ``min_new_tokens``:
   random weights never stop on their own). Rounds interleave the two; the ratio of medians is reported.
   Target: runner time / bare time <= 1.05.
3. Batching: 100 lines (NSMC reviews) translated by ``playground.tasks.translate.translate`` in one request (sentences
   batched, 16 per ``generate``) against 100 requests of one line each. Target: at least 3x faster.

    python benchmarks/bench_seq2seq.py             # 5 rounds of 2, 100 lines: about 6 minutes on 2 cores
    python benchmarks/bench_seq2seq.py --quick     # 3 rounds, 30 lines: about 2 minutes
    python benchmarks/bench_seq2seq.py --json /tmp/bench-seq2seq.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from harness import NOISY_CORES, ROOT, Meter, footer, loadavg, log, med, wait_for_quiet

SHARED = ROOT.parent / "shared" / "data" / "nsmc"
MODEL_ID = "bench/opus-mt-big-arch"
WIDTH = 78


def corpus() -> list[str]:
    """Korean lines to train the tokenizer on and to translate: NSMC reviews (and synopses for training)."""
    from playground.data.tables import read_table

    reviews = [r for r in read_table(SHARED / "ratings_sample.tsv").frame["document"].astype(str) if len(r) > 20]
    synopses = [s["synopsis"] for s in json.loads((SHARED / "synopses.json").read_text(encoding="utf-8"))]
    return reviews + synopses


def build_model(folder: Path, lines: list[str]) -> Path:
    """The opus-mt-tc-big architecture with random weights and an offline tokenizer; returns the catalog path."""
    import io

    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    model_dir = folder / "opus-mt-big-arch"
    model_dir.mkdir(parents=True)
    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=buffer, vocab_size=8000,
                                   model_type="unigram", byte_fallback=True, character_coverage=0.9995,
                                   hard_vocab_limit=False, minloglevel=2, unk_id=3, bos_id=0, pad_id=1, eos_id=2)
    spm_path = folder / "spm.model"
    spm_path.write_bytes(buffer.getvalue())
    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        if processor.id_to_piece(i) not in ("<s>", "<pad>"):
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(str(spm_path), str(spm_path), str(folder / "vocab.json"), model_max_length=512)
    pad = vocab["<pad>"]
    config = MarianConfig(vocab_size=len(vocab), d_model=1024, encoder_layers=6, decoder_layers=6,
                          encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096,
                          decoder_ffn_dim=4096, activation_function="relu", max_position_embeddings=1024,
                          pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
                          share_encoder_decoder_embeddings=True, scale_embedding=True)
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    model.generation_config = GenerationConfig(pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
                                               num_beams=1, do_sample=False, bad_words_ids=[[pad]])
    model.save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    params = sum(p.numel() for p in model.parameters())
    catalog = folder / "catalog.yaml"
    catalog.write_text(
        "version: 1\ntasks:\n  translate:\n    models:\n"
        f"      - id: {MODEL_ID}\n        name: OPUS-MT big architecture (random weights)\n"
        f"        path: {model_dir.name}\n        license: cc-by-4.0\n        languages: [ko, en]\n"
        f"        params: {params / 1e6:.0f}M\n        size_mb: {params * 4 / 2**20:.0f}\n"
        "        default: [cpu, gpu]\n        options: {kind: pair, source: ko, target: en, context_window: 512}\n",
        encoding="utf-8")
    log(f"built {MODEL_ID}: {params / 1e6:.0f}M parameters, vocabulary {len(vocab):,}")
    return catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and lines")
    parser.add_argument("--tokens", type=int, default=32, help="new tokens per generation (forced)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    rounds, n_lines = (3, 30) if args.quick else (5, 100)
    started = time.perf_counter()

    import torch

    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine
    from playground.tasks import seq2seq, translate
    from playground.tasks.seq2seq import Settings

    lines = corpus()
    noisy: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-seq2seq-") as tmp:
        engine = Engine(load_catalog(build_model(Path(tmp), lines)), detect("cpu"))
        runner = engine.model(engine.catalog.entry("translate", MODEL_ID))
        text = lines[3]
        n = args.tokens
        settings = Settings(max_new_tokens=n, min_new_tokens=n)

        def bare() -> str:
            inputs = runner.tokenizer([text], return_tensors="pt")
            with torch.inference_mode():
                out = runner.model.generate(**inputs, max_new_tokens=n, min_new_tokens=n, do_sample=False)
            return runner.tokenizer.decode(out[0], skip_special_tokens=True)

        def app() -> str:
            return seq2seq.run(runner, [text], settings)[0].text

        assert app() == bare().strip(), "the runner and bare generate must give the same text"
        wait_for_quiet()
        times: dict[str, list[float]] = {"bare": [], "runner": []}
        with Meter() as meter:
            for _ in range(rounds):
                for name, fn in (("bare", bare), ("runner", app), ("runner", app), ("bare", bare)):
                    t0 = time.perf_counter()
                    fn()
                    times[name].append(time.perf_counter() - t0)
        if meter.result["other_cores"] > NOISY_CORES:
            noisy.append("runner vs bare")
        ratio = med(times["runner"]) / med(times["bare"])
        log(f"runner {med(times['runner']) * 1000:.0f} ms, bare {med(times['bare']) * 1000:.0f} ms: {ratio:.3f}x")

        batch_lines = [line[:120] for line in lines[10:10 + n_lines]]
        wait_for_quiet()
        with Meter() as meter:
            t0 = time.perf_counter()
            together = translate.translate(engine, "\n".join(batch_lines), "ko", "en").text.split("\n")
            batched_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            alone = [translate.translate(engine, line, "ko", "en").text for line in batch_lines]
            single_s = time.perf_counter() - t0
        if meter.result["other_cores"] > NOISY_CORES:
            noisy.append("batching")
        same = sum(a == b for a, b in zip(together, alone, strict=True))
        speedup = single_s / batched_s
        log(f"{n_lines} lines: batched {batched_s:.1f} s, one per call {single_s:.1f} s: {speedup:.2f}x")

    ok = {"runner <= 1.05x bare": ratio <= 1.05, "batching >= 3x": speedup >= 3.0}
    report = [
        "=" * WIDTH,
        f"seq2seq benchmark · {platform.processor() or platform.machine()} · torch {torch.__version__} · "
        f"{torch.get_num_threads()} threads · load {loadavg()}",
        "-" * WIDTH,
        f"model: {MODEL_ID} (opus-mt-tc-big architecture, random weights, fp32, CPU)",
        f"runner vs bare generate, {n} tokens, {rounds * 2} calls each:",
        f"  bare   median {med(times['bare']) * 1000:8.1f} ms",
        f"  runner median {med(times['runner']) * 1000:8.1f} ms   ratio {ratio:.3f}x (target <= 1.05)",
        f"batch translation of {n_lines} Korean lines (ko → en):",
        f"  one request, batched    {batched_s:8.1f} s",
        f"  one request per line    {single_s:8.1f} s   speed-up {speedup:.2f}x (target >= 3)",
        f"  lines translated identically both ways: {same} / {n_lines}",
        *footer(ok, time.perf_counter() - started, args.quick, noisy, WIDTH),
    ]
    print("\n".join(report))
    if args.json:
        Path(args.json).write_text(json.dumps({
            "runner_ms": med(times["runner"]) * 1000, "bare_ms": med(times["bare"]) * 1000, "ratio": ratio,
            "batched_s": batched_s, "single_s": single_s, "speedup": speedup, "lines": n_lines,
            "identical_lines": same, "ok": ok, "noisy": noisy}, indent=2), encoding="utf-8")
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
