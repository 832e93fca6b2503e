"""The timed phases: throughput from first produce to last document, and latency at a
steady offered load."""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path
from typing import Any

from pipeline.bench.ceiling import load1
from pipeline.bench.corpus import BenchCorpus, build_corpus
from pipeline.bench.deployment import POLL_S, VISIBLE_POLL_S, Deployment
from pipeline.bench.results import LatencyRun, PipelineRun, iso_ts
from pipeline.errors import FatalError
from pipeline.settings import Settings

log = logging.getLogger(__name__)

LATENCY_S = 30.0
SMOKE_LATENCY_S = 6.0
SMOKE_ARTICLES = 60


# ---------------------------------------------------------------- phases
def run_throughput(
    base: Settings,
    tag: str,
    workers: int,
    partitions: int,
    corpus: BenchCorpus,
    rules: Path,
    out: Path,
    keep: bool,
) -> PipelineRun:
    from pipeline.feeds.producer import Publisher
    from pipeline.feeds.readers import Parsed

    name = f"w{workers}"
    with Deployment(base, tag, name, workers, partitions, rules, out / "logs", keep) as d:
        s = d.settings
        pub = Publisher(s)
        try:
            log.info("%s: waiting for %d worker(s) to be ready", name, workers)
            startup = d.wait_ready(pub)
            log.info(
                "%s: ready after %.1fs; producing %d articles", name, startup, len(corpus.articles)
            )
            # fresh copies: the producer stamps produced_at on the records it sends
            arts = [a.model_copy() for a in corpus.articles]
            ids = [a.id for a in arts]
            load_start, cpu_start = load1(), d.cpu()
            t0 = time.time()
            report = pub.publish(Parsed("bench", None, a) for a in arts)
            produce_s = time.time() - t0
            if report.failed:
                raise FatalError(f"{name}: {len(report.failed)} articles not published")
            missing = list(ids)
            deadline = time.monotonic() + 120 + 1.0 * len(ids)
            t_end = t0
            while missing:
                d.check_alive()
                if time.monotonic() > deadline:
                    raise FatalError(f"{name}: {len(missing)} of {len(ids)} articles not indexed")
                time.sleep(POLL_S)
                seen = d.search.found(s.index_alias, missing)
                t_end = time.time()
                missing = [i for i in missing if i not in seen]
            fp = d.footprint(cpu_start, load_start)
            docs = d.search.fetch(s.index_alias, ids, ["indexed_at", "duplicate_of", "story_id"])
        finally:
            pub.close()
    offsets = [t - t0 for doc in docs.values() if (t := iso_ts(doc.get("indexed_at")))]
    copies = sum(1 for c, o in corpus.copies.items() if copy_linked(docs, c, o))
    run = PipelineRun(
        workers=workers,
        articles=len(ids),
        words=corpus.words,
        startup_s=startup,
        produce_s=produce_s,
        wall_s=t_end - t0,
        indexed_offsets=offsets,
        copies_detected=copies,
        footprint=fp,
    )
    log.info(
        "%s: %d articles in %.1fs = %.2f articles/s",
        name,
        run.articles,
        run.wall_s,
        run.articles_per_s,
    )
    return run


def copy_linked(docs: dict[str, dict[str, Any]], copy: str, original: str) -> bool:
    """The clusterer saw the pair as copies: same story, one of them ``duplicate_of``.

    Several raw partitions interleave on their way to the single enriched
    partition, so a copy may be placed before its original and the original is
    then the one marked; either way the pair was recognised.
    """
    a, b = docs.get(copy, {}), docs.get(original, {})
    same = a.get("story_id") is not None and a.get("story_id") == b.get("story_id")
    return same and bool(a.get("duplicate_of") or b.get("duplicate_of"))


def run_latency(
    base: Settings,
    tag: str,
    rate: float,
    duration: float,
    partitions: int,
    data_dir: Path | None,
    rules: Path,
    out: Path,
    keep: bool,
    phase: str = "latency",
) -> LatencyRun:
    """One worker at a steady ``rate`` for ``duration`` seconds (``phase`` names the
    deployment and the article ids, so two latency runs never meet)."""
    from pipeline.feeds.producer import Publisher

    n = max(10, math.ceil(rate * duration))
    corpus = build_corpus(n, data_dir, id_prefix=f"{phase}-{tag}", seed=29)
    arts = corpus.articles
    with Deployment(base, tag, phase, 1, partitions, rules, out / "logs", keep) as d:
        s = d.settings
        pub = Publisher(s)
        try:
            startup = d.wait_ready(pub)
            log.info("latency: ready after %.1fs; %d articles at %.2f/s", startup, n, rate)
            load_start, cpu_start = load1(), d.cpu()
            produced: dict[str, float] = {}
            pending: list[str] = []
            visible: dict[str, float] = {}
            t0 = time.time()
            i, next_poll = 0, t0 + VISIBLE_POLL_S
            deadline = t0 + n / rate + 120
            while i < n or pending:
                now = time.time()
                while i < n and now >= t0 + i / rate:
                    pub.send_article(arts[i])
                    produced[arts[i].id] = arts[i].produced_at or now
                    pending.append(arts[i].id)
                    i += 1
                if now >= next_poll:
                    d.check_alive()
                    if now > deadline:
                        raise FatalError(f"latency: {len(pending)} articles never searchable")
                    ts = time.time()
                    seen = d.search.visible(s.index_alias, pending)
                    for aid in seen:
                        visible[aid] = ts
                    pending = [a for a in pending if a not in seen]
                    next_poll = ts + VISIBLE_POLL_S
                wake = min(next_poll, t0 + i / rate if i < n else next_poll)
                time.sleep(max(0.0, wake - time.time()))
            pub.producer.flush()
            alerts = settle_alerts(d)
            fp = d.footprint(cpu_start, load_start)
            docs = d.search.fetch(
                s.index_alias, list(produced), ["produced_at", "enriched_at", "indexed_at"]
            )
        finally:
            pub.close()
    indexed, enriched = [], []
    for doc in docs.values():
        p = doc.get("produced_at")
        if not isinstance(p, int | float):
            continue
        if (t := iso_ts(doc.get("indexed_at"))) is not None:
            indexed.append(t - p)
        if isinstance(e := doc.get("enriched_at"), int | float):
            enriched.append(e - p)
    searchable = [visible[a] - produced[a] for a in visible]
    mine = [a for a in alerts if a.get("article", {}).get("id") in produced]
    timed = [
        f - float(a["produced_at"])
        for a in mine
        if a.get("change") in ("new", "realert")
        and isinstance(a.get("produced_at"), int | float)
        and (f := iso_ts(a.get("fired_at"))) is not None
    ]
    return LatencyRun(
        workers=1,
        rate=rate,
        duration_s=n / rate,
        articles=n,
        startup_s=startup,
        indexed=indexed,
        enriched=enriched,
        searchable=searchable,
        alerts=timed,
        alerts_total=len(mine),
        footprint=fp,
    )


def settle_alerts(d: Deployment, timeout: float = 20.0) -> list[dict[str, Any]]:
    """The alerts index once its count stopped moving (alerts have their own agent)."""
    alias = d.settings.alerts_alias
    last, deadline = -2, time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = d.search.count(alias)
        if n == last and n > 0:
            break
        last = n
        time.sleep(1.0)
    return d.search.all_docs(alias)
