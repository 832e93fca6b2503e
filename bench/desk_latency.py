"""Publish → on the editor's screen: how long, measured in a real browser.

Starts its own local stack (free ports, a temporary state dir), a worker and
the desk; opens a search in headless Chromium; publishes articles that match
it at a steady rate; the page stamps ``Date.now()`` as it inserts each one,
and a side thread notes when each first became searchable (a plain search
every 50 ms, no forced refresh). Reports p50/p99 of publish→screen and
searchable→screen for each live-update mode, and what one incremental query
costs the desk.

    .venv/bin/python bench/desk_latency.py                      # 120 articles, poll and sse
    .venv/bin/python bench/desk_latency.py --articles 200 --modes poll
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.settings import Settings  # noqa: E402
from pipeline.stack import LocalStack, free_port  # noqa: E402
from pipeline.topics import ensure_topics  # noqa: E402
from tests.browser import quit_chromium, start_chromium  # noqa: E402
from tests.desk_support import measure_arrivals, percentile, start_desk  # noqa: E402
from tests.helpers import count_docs, start_worker, stop, wait_for  # noqa: E402
from tests.synth import synth_articles  # noqa: E402


def query_cost(url: str, token: str, n: int = 60) -> dict[str, float]:
    """Wall time of one incremental query (``/api/arrivals`` with a recent cursor)."""
    since = datetime.now(UTC).isoformat()
    times = []
    with httpx.Client(timeout=10) as client:
        for _ in range(n):
            t0 = time.perf_counter()
            client.get(
                f"{url}/api/arrivals", params={"q": token, "since": since}
            ).raise_for_status()
            times.append(time.perf_counter() - t0)
    times.sort()
    return {
        "arrivals_query_p50_ms": round(statistics.median(times) * 1000, 1),
        "arrivals_query_p99_ms": round(percentile(times, 0.99) * 1000, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--rate", type=float, default=4.0, help="articles published per second")
    ap.add_argument("--modes", default="poll,sse", help="comma-separated: poll, sse")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    stack = LocalStack(tmp / "stack")
    state = stack.up(kafka_port=free_port(), es_port=free_port())
    tag = uuid.uuid4().hex[:8]
    settings = Settings(
        kafka_bootstrap=state.kafka_bootstrap,
        es_url=state.es_url,
        state_dir=tmp / "state",
        app_id=f"bench-{tag}",
        topic_prefix=f"b{tag}.",
        index_prefix=f"b{tag}",
        partitions=2,
    )
    worker = desk = None
    driver = profile = None
    results: dict[str, object] = {}
    try:
        ensure_topics(settings)
        worker = start_worker(settings, tmp / "worker.log")
        warm = synth_articles(5, seed=1, prefix="warm")
        from pipeline.feeds.producer import Publisher

        pub = Publisher(settings)
        for a in warm:
            pub.send_article(a).get(timeout=30)
        pub.close()
        wait_for(lambda: count_docs(settings) >= 5, 180, "the worker to warm up", proc=worker)
        desk, url = start_desk(settings, tmp / "desk.log")
        driver, profile = start_chromium()
        for mode in args.modes.split(","):
            token = f"bench{uuid.uuid4().hex[:6]}"
            arts = synth_articles(args.articles, seed=hash(mode) % 1000, prefix=f"{mode}-{token}")
            for a in arts:
                a.title = f"{a.title} {token}"
                a.published = datetime.now(UTC)
            timing = measure_arrivals(
                driver, url, settings, arts, token, rate=args.rate, live=mode, timeout=300
            )
            results[mode] = timing.summary() | query_cost(url, token)
            print(f"{mode}: {json.dumps(results[mode])}", flush=True)
    finally:
        if driver is not None and profile is not None:
            quit_chromium(driver, profile)
        if desk is not None:
            stop(desk)
        if worker is not None:
            stop(worker)
        stack.down()
    print(json.dumps({"articles": args.articles, "rate": args.rate, "results": results}))


if __name__ == "__main__":
    main()
