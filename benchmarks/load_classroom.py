"""Load test: a class of simulated students on every tab at once, against the app with the tiny offline models.

What it does (nothing is downloaded; HF_HUB_OFFLINE=1; only 127.0.0.1 is contacted):

1. Builds the tiny models (``scripts/tiny_models.py``) and a small local data folder (a 2,000-row review TSV), and
   starts ``python app.py --catalog ... --data-dir ...`` as a subprocess (``benchmarks/harness.py`` Server).
2. Discovers the app's named endpoints with ``view_api`` and uses the known ones that exist: ``/chat``,
   ``/sentiment``, ``/sentiment_many``, ``/summarize``, ``/translate``, ``/generate_image``, ``/dataset_info``,
   ``/dataset_rows``, ``/dataset_stats``, ``/dataset_sentiment``. A missing one is skipped with a printed note.
3. Rounds (default 3): ``--students`` threads (default 30), each with its own ``gradio_client.Client`` (its own
   session), pick a tab's action at random, wait for its answer, think 1-3 s, and go again, for ``--seconds``
   (default 60). Some chat turns are long ones that the student stops (a cancelled job): the stop counts as
   honoured when the job ends within 5 s with a shorter answer than the full one.
4. Reports per endpoint: calls, errors by type, p50 / p95 latency; the stops honoured; the server's RSS after each
   round (memory must stay flat: no growth in server-side containers such as per-session state).

Expected outcomes: no error except "Queue is full" when more jobs wait than ``--max-queue`` allows (possible only
when ``--max-queue`` is below the number of students) and rate-limit refusals when ``--rate-limit`` is set low.
The exit status is 1 on any unexpected error, a stop not honoured, or RSS growth above ``--max-growth-mb`` between
the end of the first round and the end of the last.

    python benchmarks/load_classroom.py                      # 30 students, 3 rounds of 60 s (about 4 minutes)
    python benchmarks/load_classroom.py --quick              # 10 students, 2 rounds of 15 s
    python benchmarks/load_classroom.py --students 60 --max-queue 20 --rate-limit 20
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import NOISY_CORES, ROOT, Meter, Server, footer, loadavg, log, ms, pct  # also sets the offline environment

sys.path.insert(0, str(ROOT / "scripts"))

KO = ["이 영화 정말 재밌어요! 배우들 연기도 최고였습니다.", "시간 낭비였다. 스토리가 너무 지루하다.",
      "한국의 수도는 어디인가요?", "오늘 날씨가 좋아서 공원에 산책을 갔다."]
EN = ["What a wonderful film, I would watch it again.", "The plot made no sense and the acting was wooden.",
      "Explain what a transformer model is in two sentences.", "The city council voted to build a new park."]
STOP_PROMPT = "Tell me a very long story about a cat."
STOP_TOKENS = 400  # the tiny chat model's window allows about this many
THINK_S = (1.0, 3.0)  # a student reads the answer before the next click: ~20-40 actions a minute
DATA_FILE = "class/reviews.tsv"


# -- what each student does, per endpoint -----------------------------------------------------------------------
@dataclass(frozen=True)
class Recipe:
    """One kind of action: the endpoint, its arguments (first positional, the rest by name), and its weight."""

    endpoint: str
    weight: float
    args: Callable[[random.Random], tuple[tuple[Any, ...], dict[str, Any]]]


def _text(rng: random.Random) -> str:
    return rng.choice(KO + EN)


RECIPES = [
    Recipe("/chat", 3, lambda r: ((_text(r),), {"max_new_tokens": r.randint(8, 48), "temperature": 0})),
    Recipe("/sentiment", 4, lambda r: ((_text(r),), {})),
    Recipe("/sentiment_many", 1, lambda r: (("\n".join(r.choices(KO + EN, k=12)),), {})),
    Recipe("/summarize", 2, lambda r: ((" ".join(r.choices(KO + EN, k=6)),), {"length": "short", "num_beams": 1})),
    Recipe("/translate", 2, lambda r: ((r.choice(KO),), {"source": "ko", "target": "en"})),
    Recipe("/generate_image", 1, lambda r: (("a cat reading a book",), {"num_images": 1, "seed": r.randint(0, 99),
                                                                         "randomize_seed": False})),
    Recipe("/dataset_info", 1, lambda r: ((DATA_FILE,), {})),
    Recipe("/dataset_rows", 2, lambda r: ((DATA_FILE,), {"page": r.randint(1, 90), "page_size": "20"})),
    Recipe("/dataset_stats", 1, lambda r: ((DATA_FILE,), {"label_column": "label", "text_column": "document"})),
    Recipe("/dataset_sentiment", 0.5, lambda r: ((DATA_FILE,), {"text_column": "document", "label_column": "label",
                                                                "page": r.randint(1, 90), "page_size": "10"})),
]


# -- results ---------------------------------------------------------------------------------------------------
@dataclass
class Tally:
    """Everything the students saw in one round (thread-safe)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (endpoint, kind, message)
    stops: list[tuple[bool, str]] = field(default_factory=list)  # (honoured, detail)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, endpoint: str, seconds: float) -> None:
        with self.lock:
            self.latencies[endpoint].append(seconds)

    def error(self, endpoint: str, exc: BaseException) -> None:
        kind, message = classify(exc)
        with self.lock:
            self.errors[(endpoint, kind, message)] += 1

    def stop(self, honoured: bool, detail: str) -> None:
        with self.lock:
            self.stops.append((honoured, detail))


def classify(exc: BaseException) -> tuple[str, str]:
    """("queue_full" | "rate_limited" | "app_error" | exception type, the message's first line)."""
    text = str(exc).strip()
    first = text.splitlines()[0][:160] if text else type(exc).__name__
    if "queue is full" in text.lower():
        return "queue_full", first
    if "Too many requests" in text:
        return "rate_limited", first
    if type(exc).__name__ == "AppError":
        return "app_error", first
    return type(exc).__name__, first


# -- the students -------------------------------------------------------------------------------------------------
def student(url: str, recipes: list[Recipe], deadline: float, seed: int, tally: Tally, stop_share: float,
            full_stop_answer: int) -> None:
    from gradio_client import Client

    rng = random.Random(seed)
    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - reported, not raised: one student failing to connect is a finding
        tally.error("connect", exc)
        return
    weights = [r.weight for r in recipes]
    try:
        while time.perf_counter() < deadline:
            recipe = rng.choices(recipes, weights)[0]
            if recipe.endpoint == "/chat" and rng.random() < stop_share:
                stop_a_long_answer(client, tally, full_stop_answer)
            else:
                args, kwargs = recipe.args(rng)
                start = time.perf_counter()
                try:
                    client.predict(*args, api_name=recipe.endpoint, **kwargs)
                    tally.ok(recipe.endpoint, time.perf_counter() - start)
                except Exception as exc:  # noqa: BLE001
                    tally.error(recipe.endpoint, exc)
            time.sleep(rng.uniform(*THINK_S))
    finally:
        client.close()


def stop_a_long_answer(client: Any, tally: Tally, full_length: int) -> None:
    """Start a long chat answer, stop it after the first words, and check that the stream ends early."""
    job = client.submit(STOP_PROMPT, api_name="/chat", max_new_tokens=STOP_TOKENS, temperature=0)
    deadline = time.perf_counter() + 60
    while len(job.outputs()) < 2 and not job.done() and time.perf_counter() < deadline:
        time.sleep(0.05)
    seen = job.outputs()
    if job.done() or (seen and len(seen[-1]) >= full_length):
        tally.stop(True, "finished before the stop")  # the whole answer arrived first: nothing left to stop
        return
    job.cancel()
    cancelled = time.perf_counter()
    while not job.done() and time.perf_counter() - cancelled < 5:
        time.sleep(0.05)
    outputs = job.outputs()
    shown = len(outputs[-1]) if outputs else 0
    ended = job.done()
    tally.stop(ended and shown < full_length,
               f"ended {time.perf_counter() - cancelled:.1f} s after the stop, {shown} of {full_length} characters")


def run_round(url: str, recipes: list[Recipe], students: int, seconds: float, seed: int, stop_share: float,
              full_stop_answer: int) -> Tally:
    tally = Tally()
    deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=student, args=(url, recipes, deadline, seed * 1000 + i, tally, stop_share,
                                                      full_stop_answer), name=f"student-{i}", daemon=True)
               for i in range(students)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # a class does not press Enter in the same millisecond
    for thread in threads:
        thread.join(timeout=seconds + 180)
    return tally


# -- setting up -----------------------------------------------------------------------------------------------------
def classroom_server(catalog: Path, logdir: Path, options: Sequence[str]) -> Server:
    """The harness's app subprocess with the load test's command-line options."""
    return Server(catalog=catalog, logdir=logdir, options=list(options))


def write_data(folder: Path, rows: int = 2000) -> Path:
    """A local review table (id, document, label), as a teacher's data folder would hold."""
    path = folder / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)
    lines = ["id\tdocument\tlabel"]
    lines += [f"{i}\t{rng.choice(KO + EN)} {i}\t{rng.randint(0, 1)}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def available(url: str) -> set[str]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    try:
        return set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    finally:
        client.close()


def warm_up(url: str, recipes: list[Recipe]) -> tuple[int, list[str]]:
    """One call per endpoint (loads every model), and the length of the full answer the stopped chats ask for."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    problems = []
    full = 0
    try:
        for recipe in recipes:
            args, kwargs = recipe.args(random.Random(0))
            try:
                client.predict(*args, api_name=recipe.endpoint, **kwargs)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{recipe.endpoint}: {classify(exc)[1]}")
        if any(r.endpoint == "/chat" for r in recipes):
            full = len(client.predict(STOP_PROMPT, api_name="/chat", max_new_tokens=STOP_TOKENS, temperature=0))
    finally:
        client.close()
    return full, problems


# -- the report -----------------------------------------------------------------------------------------------------
def report(rounds: list[Tally], rss: list[float], args: argparse.Namespace, skipped: list[str], total_s: float,
           warm_problems: list[str], noisy: list[str]) -> int:
    width = 100
    limit = f"{args.rate_limit:g}/min" if args.rate_limit is not None else "the app's default"
    lines = ["=" * width, f"Classroom load test: {args.students} students x {len(rounds)} rounds of {args.seconds:g} s"
             f" (max queue {args.max_queue}, rate limit {limit})",
             f"load average {loadavg()}", "-" * width]
    if skipped:
        lines.append("skipped (not in this app yet): " + ", ".join(skipped))
    if warm_problems:
        lines.append("warm-up errors: " + "; ".join(warm_problems))
    merged: dict[str, list[float]] = defaultdict(list)
    errors: Counter[tuple[str, str, str]] = Counter()
    stops: list[tuple[bool, str]] = []
    for tally in rounds:
        for endpoint, values in tally.latencies.items():
            merged[endpoint] += values
        errors.update(tally.errors)
        stops += tally.stops
    lines.append(f"{'endpoint':<20}{'calls':>8}{'errors':>8}{'p50 ms':>12}{'p95 ms':>12}{'max ms':>12}")
    endpoints = sorted(set(merged) | {e for e, _, _ in errors})
    for endpoint in endpoints:
        values = merged.get(endpoint, [])
        failed = sum(n for (e, _, _), n in errors.items() if e == endpoint)
        lines.append(f"{endpoint:<20}{len(values):>8}{failed:>8}{ms(pct(values, 50)):>12}{ms(pct(values, 95)):>12}"
                     f"{ms(max(values)) if values else float('nan'):>12}")
    queue_can_fill = args.max_queue < args.students * 2
    unexpected = 0
    if errors:
        lines += ["-" * width, "errors by type:"]
        for (endpoint, kind, message), count in errors.most_common():
            expected = (kind == "queue_full" and queue_can_fill) or (kind == "rate_limited" and args.rate_limit)
            unexpected += 0 if expected else count
            lines.append(f"  {count:>5} x {endpoint} {kind}{'' if expected else ' (UNEXPECTED)'}: {message}")
    honoured = sum(1 for ok, _ in stops if ok)
    early = sum(1 for _, detail in stops if detail == "finished before the stop")
    lines += ["-" * width, f"stops: {honoured} / {len(stops)} honoured ({early} answers had finished before the stop)"]
    lines += [f"  not honoured: {detail}" for ok, detail in stops if not ok][:10]
    growth = rss[-1] - rss[1] if len(rss) > 2 else 0.0
    lines.append("server RSS (MB) after warm-up, then after each round: " + ", ".join(f"{v:.0f}" for v in rss)
                 + f"  -> growth after round 1: {growth:+.1f} MB (limit {args.max_growth_mb:g})")
    ok = {"no unexpected errors": unexpected == 0, "every stop honoured": honoured == len(stops),
          "memory flat": growth <= args.max_growth_mb, "every endpoint answered": all(merged.get(e) for e in endpoints)}
    lines += footer(ok, total_s, args.quick, noisy, width)
    print("\n".join(lines))
    return 0 if all(ok.values()) else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of one round")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds (new sessions each; RSS is sampled after each); default 3, 2 with --quick")
    parser.add_argument("--quick", action="store_true", help="10 students, 2 rounds of 15 s")
    parser.add_argument("--max-queue", type=int, default=256, help="passed to the app")
    parser.add_argument("--rate-limit", type=float, default=None, help="passed to the app (default: the app's)")
    parser.add_argument("--stop-share", type=float, default=0.25, help="share of chat turns that are stopped")
    parser.add_argument("--max-growth-mb", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.quick:
        args.students, args.seconds = min(args.students, 10), min(args.seconds, 15.0)
    args.rounds = args.rounds or (2 if args.quick else 3)
    started = time.perf_counter()
    import tiny_models

    with tempfile.TemporaryDirectory(prefix="load-classroom-") as tmp:
        folder = Path(tmp)
        catalog = tiny_models.build_all(folder / "tiny")
        data = write_data(folder / "data")
        options = ["--data-dir", str(data), "--max-queue", str(args.max_queue)]
        if args.rate_limit is not None:
            options += ["--rate-limit", f"{args.rate_limit:g}"]
        with classroom_server(catalog, folder, options) as server:
            log(f"app ready in {server.wait_ready():.1f} s at {server.url}")
            found = available(server.url)
            recipes = [r for r in RECIPES if r.endpoint in found]
            skipped = [r.endpoint for r in RECIPES if r.endpoint not in found]
            for name in skipped:
                log(f"note: {name} is not in this app yet; skipped")
            full, problems = warm_up(server.url, recipes)
            log(f"warmed up {len(recipes)} endpoints; a full stopped-chat answer is {full} characters")
            rss = [server.rss_mb()]
            rounds: list[Tally] = []
            noisy: list[str] = []
            for number in range(args.rounds):
                log(f"round {number + 1}/{args.rounds}: {args.students} students for {args.seconds:g} s")
                assert server.proc is not None
                with Meter(server.proc.pid) as meter:
                    rounds.append(run_round(server.url, recipes, args.students, args.seconds, args.seed + number,
                                            args.stop_share, full))
                log(f"round {number + 1}: cores used by the app {meter.result['app_cores']}, by the students "
                    f"{meter.result['bench_cores']}, by other processes {meter.result['other_cores']}")
                if meter.result["other_cores"] > NOISY_CORES:
                    noisy.append(f"round {number + 1}")
                time.sleep(2.0)  # let finished sessions and cancelled jobs settle
                rss.append(server.rss_mb())
                log(f"round {number + 1}: server RSS {rss[-1]:.0f} MB")
            if server.proc is not None and server.proc.poll() is not None:
                print(server.log_tail())
    return report(rounds, rss, args, skipped, time.perf_counter() - started, problems, noisy)


if __name__ == "__main__":
    raise SystemExit(main())
