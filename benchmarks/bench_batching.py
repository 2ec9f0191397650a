"""How long a lone request waits in the micro-batcher (the unit tests prove it is never held for company; this
measures the hand-off between the request thread and the batcher's worker).

    python benchmarks/bench_batching.py            # prints one JSON line: median and p95 in milliseconds
"""

from __future__ import annotations

import json
import time

from harness import med, ms, pct
from playground.batching import MicroBatcher


def main(rounds: int = 2000) -> None:
    batcher = MicroBatcher(lambda xs: xs, max_items=32)
    batcher.run([0])  # the worker thread exists
    waits = []
    for i in range(rounds):
        started = time.perf_counter()
        batcher.run([i])
        waits.append(time.perf_counter() - started)
    print(json.dumps({"lone_request_ms_median": ms(med(waits)), "lone_request_ms_p95": ms(pct(waits, 95)),
                      "rounds": rounds}))


if __name__ == "__main__":
    main()
