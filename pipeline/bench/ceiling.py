"""The ceiling: bare spaCy on the same texts, batch size and process count as the workers."""

from __future__ import annotations

import os
import queue
import time
from typing import Any

from pipeline.bench.corpus import BenchCorpus, word_count
from pipeline.bench.results import Ceiling
from pipeline.errors import FatalError


def load1() -> float:
    return os.getloadavg()[0]


# ------------------------------------------------------------------ ceiling
def _ceiling_process(
    model: str, batch: int, texts: list[str], ready: Any, go: Any, results: Any
) -> None:
    """One process of the ceiling: load, warm up on one text, wait for the start, pipe."""
    from pipeline.enrich.core import load_nlp

    nlp = load_nlp(model)
    for _ in nlp.pipe(texts[:1]):
        pass
    ready.put(os.getpid())
    if not go.wait(600):
        return
    t0, c0 = time.time(), time.process_time()
    n = 0
    for _ in nlp.pipe(texts, batch_size=batch):
        n += 1
    results.put((t0, time.time(), n, time.process_time() - c0))


def measure_ceiling(texts: list[str], model: str, batch: int, processes: int) -> Ceiling:
    """Bare spaCy: ``processes`` processes, each ``nlp.pipe`` over its share, timed from a
    common start (after every model is loaded) to the last one done."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")  # no forked copies of this process's threads/sockets
    shares = [share for share in (texts[i::processes] for i in range(processes)) if share]
    ready, go, results = ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(
            target=_ceiling_process, args=(model, batch, share, ready, go, results), daemon=True
        )
        for share in shares
    ]
    for p in procs:
        p.start()

    def collect(q: Any, n: int, timeout: float, what: str) -> list[Any]:
        got: list[Any] = []
        deadline = time.monotonic() + timeout
        while len(got) < n:
            try:
                got.append(q.get(timeout=1.0))
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for p in procs):
                    raise FatalError(f"a spaCy ceiling process failed {what}") from None
                if time.monotonic() > deadline:
                    raise FatalError(f"the spaCy ceiling timed out {what}") from None
        return got

    try:
        collect(ready, len(procs), 300, "loading the model")
        busy0 = machine_busy()  # every model is loaded: the timed part starts now
        go.set()
        got = collect(results, len(procs), 120 + 2.0 * len(texts), "running")
        busy = machine_busy() - busy0
    finally:
        go.set()
        for p in procs:
            p.join(10)
            if p.is_alive():
                p.kill()
                p.join()
    wall = max(g[1] for g in got) - min(g[0] for g in got)
    return Ceiling(
        processes=len(procs),
        articles=sum(g[2] for g in got),
        words=sum(word_count(t) for t in texts),
        wall_s=wall,
        cpu_s=sum(g[3] for g in got),
        machine_busy_s=busy,
    )


def machine_busy() -> float:
    """Busy seconds of every core since boot (all processes, ours and others')."""
    import psutil

    t = psutil.cpu_times()
    # guest time is already counted in user time on Linux
    idle = ("idle", "iowait", "guest", "guest_nice")
    return float(sum(getattr(t, f) for f in t._fields if f not in idle))


def ner_texts(corpus: BenchCorpus) -> list[str]:
    """The bodies exactly as the worker hands them to spaCy."""
    from pipeline.enrich.core import MAX_NER_CHARS
    from pipeline.enrich.dateline import mask_dateline

    return [mask_dateline(a.body)[:MAX_NER_CHARS] for a in corpus.articles]
