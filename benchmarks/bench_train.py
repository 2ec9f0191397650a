"""Train tab benchmark: the app's engine against the bare ``Trainer`` on the same data and seed, in one run; the
wall time of 1,000 NSMC rows; a probe client's Sentiment latency while a class trains.

    python benchmarks/bench_train.py                # tiny stand-ins (seconds)
    python benchmarks/bench_train.py --real-size    # also KoELECTRA-small's real shape, random weights (minutes)

Everything runs offline: the tiny models (``scripts/tiny_models.py``) and, with ``--real-size``, a random-weight model
built from KoELECTRA-small v3's config (embedding 128, hidden 256, 12 layers, 4 heads: ``scripts/real_layouts.py``),
so the CPU figure has the real model's cost. Prints the device it ran on (CPU here; a GPU's name where one is seen).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

from harness import ROOT, log, pct

sys.path.insert(0, str(ROOT / "scripts"))

NSMC = Path(os.environ.get("PLAYGROUND_SHARED_DIR") or ROOT.parent / "shared") / "data" / "nsmc" / "ratings_sample.tsv"


def nsmc_rows(count: int) -> tuple[list[str], list[str]]:
    """The first ``count`` labelled reviews of the shared NSMC sample (balanced enough: it alternates widely)."""
    with NSMC.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))[1:count + 1]
    return [r[1] for r in rows], [r[2] for r in rows]


def device_name() -> str:
    import torch

    return torch.cuda.get_device_name(0) if torch.cuda.is_available() else f"CPU ({os.cpu_count()} cores)"


def engine_for(catalog_path: Path) -> Any:
    from playground.catalog import load_catalog
    from playground.device import detect
    from playground.engine import Engine

    return Engine(load_catalog(catalog_path), detect("cpu"))


def app_run(engine: Any, model: str, texts: list[str], labels: list[str], settings: dict[str, Any]) -> Any:
    """One run through the app's engine; returns the finished TrainedModel and the whole run's wall time."""
    from playground.tasks import train, train_data

    examples = train_data.check_examples(texts, labels, train_data.data_source("nsmc", "ratings_sample.tsv"))
    store = train.ModelStore(root_name="playground-train-bench")
    started = time.perf_counter()
    final = None
    for update in train.run(engine, examples, train.Settings(model, **settings), f"bench-{time.time()}",
                            store=store, runs=train.Runs()):
        final = update
    wall = time.perf_counter() - started
    return final.model, wall


def bare_run(engine: Any, model: str, texts: list[str], labels: list[str], settings: dict[str, Any]) -> float:
    """The bare ``Trainer`` on the same split, tokenization, arguments and seed, in a thread with the same torch
    thread count as the app's runs; returns training samples/s (the same measure as the app's)."""
    import torch
    from datasets import Dataset
    from transformers import (
        AutoModelForSequenceClassification,
        DataCollatorWithPadding,
        PrinterCallback,
        Trainer,
        set_seed,
    )

    from playground import limits
    from playground.tasks import train, train_data

    entry = engine.catalog.entry("train", model)
    s = train.Settings(model, **settings).checked()
    examples = train_data.check_examples(texts, labels, train_data.data_source("nsmc", "ratings_sample.tsv"))
    split = train_data.split_examples(examples, s.seed)
    tokenizer = train.load_tokenizer(entry)
    result: dict[str, float] = {}

    def work() -> None:
        if not torch.cuda.is_available():
            torch.set_num_threads(limits.TRAIN_TORCH_THREADS)
        set_seed(s.seed)
        net = AutoModelForSequenceClassification.from_pretrained(entry.source, num_labels=len(split.classes))

        def tok(b: dict[str, list[Any]]) -> Any:
            return tokenizer(b["text"], truncation=True, max_length=s.max_length)

        data = split.plain()
        train_set = Dataset.from_dict({"text": data["train_text"], "label": data["train_label"]}).map(
            tok, batched=True, remove_columns=["text"])
        test_set = Dataset.from_dict({"text": data["test_text"], "label": data["test_label"]}).map(
            tok, batched=True, remove_columns=["text"])
        steps = train.planned_steps(len(train_set), s)
        args = train.training_arguments(s, steps, str(ROOT / ".cache" / "bench-train-bare"), torch.cuda.is_available())
        trainer = Trainer(model=net, args=args, train_dataset=train_set, eval_dataset=test_set,
                          data_collator=DataCollatorWithPadding(tokenizer), compute_metrics=train.accuracy_metric)
        trainer.remove_callback(PrinterCallback)
        started = time.perf_counter()
        trainer.train()
        result["rate"] = len(train_set) * s.epochs / (time.perf_counter() - started)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return result["rate"]


def real_size_catalog(tiny_dir: Path) -> tuple[Path, str]:
    """A catalog whose train section adds KoELECTRA-small v3's real shape with random weights (the tiny
    stand-in's Korean WordPiece vocabulary, padded to the real 35,000 ids)."""
    import shutil

    import real_layouts
    import yaml
    from transformers import ElectraConfig, ElectraForPreTraining

    layout = real_layouts.layout("monologg/koelectra-small-v3-discriminator")
    folder = tiny_dir / "bench-koelectra-small-real-size"
    if not (folder / "config.json").exists():
        folder.mkdir(parents=True, exist_ok=True)
        c = layout.config
        config = ElectraConfig(vocab_size=c["vocab_size"], embedding_size=c["embedding_size"],
                               hidden_size=c["hidden_size"], num_hidden_layers=c["num_hidden_layers"],
                               num_attention_heads=c["num_attention_heads"],
                               intermediate_size=c["intermediate_size"], max_position_embeddings=512, pad_token_id=0)
        ElectraForPreTraining(config).save_pretrained(folder)
        shutil.copy(tiny_dir / "train-ko" / "vocab.txt", folder / "vocab.txt")
    data = yaml.safe_load((tiny_dir / "catalog.yaml").read_text(encoding="utf-8"))
    entry = {"id": "bench/koelectra-small-real-size", "name": "KoELECTRA-small v3 shape (random weights)",
             "path": folder.name, "license": "cc-by-nc-sa-4.0", "languages": ["ko"], "params": "14M",
             "size_mb": 54, "default": [], "options": {"tokenizer": {"do_lower_case": False}, "max_length": 128}}
    data["tasks"]["train"]["models"].append(entry)
    path = tiny_dir / "catalog-bench-train.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, entry["id"]


def probe_latency(engine: Any, seconds: float | None, during: threading.Event | None) -> list[float]:
    """A probe client's Sentiment latency (one Korean review at a time), while ``during`` is set or for
    ``seconds``."""
    from playground.tasks import sentiment

    latencies: list[float] = []
    started = time.perf_counter()
    sentiment.analyze_text(engine, "정말 재밌는 영화")  # loaded before timing
    while True:
        if during is not None and not during.is_set():
            break
        if seconds is not None and time.perf_counter() - started > seconds:
            break
        t0 = time.perf_counter()
        sentiment.analyze_text(engine, "배우들 연기가 정말 좋았어요. 다시 보고 싶어요")
        latencies.append(time.perf_counter() - t0)
        time.sleep(0.05)
    return latencies


def describe(latencies: list[float]) -> str:
    return (f"p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {pct(latencies, 95) * 1000:.1f} ms, "
            f"n={len(latencies)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real-size", action="store_true", help="also time KoELECTRA-small's real shape")
    parser.add_argument("--rows", type=int, default=1000, help="NSMC rows (default 1000)")
    parser.add_argument("--repeat", type=int, default=2, help="alternated timing rounds (default 2)")
    parser.add_argument("--real-size-only", action="store_true",
                        help="only KoELECTRA-small's real shape: one app run with the probe, no bare comparison "
                             "(a 2-core machine shared with others needs minutes for each run)")
    args = parser.parse_args(argv)
    import tiny_models

    tiny_dir = ROOT / ".cache" / "tiny-models"
    catalog = tiny_models.build_all(tiny_dir)
    texts, labels = nsmc_rows(args.rows)
    settings = {"epochs": 1, "max_length": 64, "seed": 42}
    from playground import limits

    print(f"device: {device_name()}; rows: {len(texts)}; epochs 1; max_length 64; seed 42; "
          f"torch threads per run: {limits.TRAIN_TORCH_THREADS}")
    models = [] if args.real_size_only else [(catalog, "tiny/train-ko", "tiny KoELECTRA stand-in")]
    if args.real_size or args.real_size_only:
        path, model_id = real_size_catalog(tiny_dir)
        models.append((path, model_id, "KoELECTRA-small v3 real shape, random weights"))
    for path, model_id, label in models:
        engine = engine_for(path)
        bares, apps = [], []
        if args.real_size_only:
            log(f"{label}: one app run with a Sentiment probe (no bare comparison)")
            idle = probe_latency(engine, seconds=3.0, during=None)
            busy_only: list[float] = []
            flag = threading.Event()
            flag.set()
            thread = threading.Thread(target=lambda e=engine, b=busy_only, f=flag: b.extend(probe_latency(e, None, f)))
            thread.start()
            trained, wall = app_run(engine, model_id, texts, labels, settings)
            flag.clear()
            thread.join()
            print(f"\n== {label} ({model_id}) ==")
            print(f"{len(texts)} rows, 1 epoch, whole run: {wall:.1f} s; training alone {trained.seconds:.1f} s "
                  f"({trained.samples_per_second:.1f} samples/s); held-out accuracy {trained.before.accuracy:.1%} "
                  f"-> {trained.after.accuracy:.1%}")
            print(f"Sentiment probe idle: {describe(idle)}; during training: {describe(busy_only)}")
            continue
        log(f"{label}: warm-up (imports, first Trainer), not timed")
        bare_run(engine, model_id, texts[:200], labels[:200], settings)
        for round_ in range(args.repeat):  # alternated, the median of each: the machine is shared
            log(f"{label}: round {round_ + 1}: bare Trainer, then the app's engine")
            bares.append(bare_run(engine, model_id, texts, labels, settings))
            trained, wall = app_run(engine, model_id, texts, labels, settings)
            apps.append(trained.samples_per_second)
        log(f"{label}: the app's engine again, with a Sentiment probe")
        idle = probe_latency(engine, seconds=3.0, during=None)
        training = threading.Event()
        training.set()
        busy: list[float] = []
        probe = threading.Thread(target=lambda e=engine, b=busy, t=training: b.extend(probe_latency(e, None, t)))
        probe.start()
        probed, probed_wall = app_run(engine, model_id, texts, labels, settings)
        training.clear()
        probe.join()
        app, bare = statistics.median(apps), statistics.median(bares)
        print(f"\n== {label} ({model_id}) ==")
        print(f"samples/s (median of {args.repeat}): app {app:.1f}, bare Trainer {bare:.1f}, ratio {app / bare:.3f} "
              f"(goal >= 0.95); all app {[round(x, 1) for x in apps]}, all bare {[round(x, 1) for x in bares]}")
        print(f"{len(texts)} rows, 1 epoch, whole run (split, load, before/after evaluation, "
              f"{EVALS} held-out evaluations, save): {wall:.1f} s; training alone {trained.seconds:.1f} s")
        print(f"held-out accuracy {trained.before.accuracy:.1%} -> {trained.after.accuracy:.1%}")
        print(f"Sentiment probe idle: {describe(idle)}")
        print(f"Sentiment probe during training: {describe(busy)} (that run: {probed_wall:.1f} s, "
              f"{probed.samples_per_second:.1f} samples/s)")
    return 0


EVALS = 12


if __name__ == "__main__":
    raise SystemExit(main())
