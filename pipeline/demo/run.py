"""``pipeline demo``: the whole path on the bundled corpus, end to end, on real services."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.errors import FatalError
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import read_inputs
from pipeline.index.search import SearchQuery, search, top_entities
from pipeline.index.writer import make_client
from pipeline.settings import Settings, load_settings, redact_url
from pipeline.stack import LocalStack, es_answers, kafka_answers
from pipeline.topics import ensure_topics


def corpus_dir() -> Path:
    return Path(str(resources.files("pipeline.demo") / "corpus"))


def worker_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KAFKA_BOOTSTRAP=settings.kafka_bootstrap,
        ES_URL=settings.es_url,
        STATE_DIR=str(settings.state_dir),
        LOG_LEVEL="warn",
    )
    return env


def start_worker(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "worker"],
        env=worker_env(settings),
        stdout=open(log_path, "ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )


def stop_worker(proc: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def count_present(settings: Settings, ids: list[str]) -> int:
    client = make_client(settings)
    try:
        found = 0
        for i in range(0, len(ids), 500):
            resp = await client.mget(index=settings.index_alias, ids=ids[i : i + 500], source=False)
            found += sum(1 for d in resp["docs"] if d.get("found"))
        return found
    except Exception:
        return 0
    finally:
        await client.close()


def wait_indexed(
    settings: Settings,
    ids: list[str],
    timeout: float,
    console: Console,
    worker: subprocess.Popen[bytes] | None = None,
) -> float:
    """Block until every id is in the index; returns the seconds it took."""
    t0 = time.monotonic()
    with Progress(
        TextColumn("waiting until searchable"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("index", total=len(ids))
        while True:
            n = asyncio.run(count_present(settings, ids))
            progress.update(task, completed=n)
            if n >= len(ids):
                return time.monotonic() - t0
            if worker is not None and worker.poll() is not None:
                raise FatalError(f"the worker exited with code {worker.returncode}")
            if time.monotonic() - t0 > timeout:
                raise FatalError(f"only {n} of {len(ids)} articles searchable after {timeout}s")
            time.sleep(1.0)


def ensure_stack(settings: Settings, console: Console) -> Settings:
    if kafka_answers(settings.kafka_bootstrap) and es_answers(settings.es_url):
        return settings
    console.print("starting the local stack (Tansu broker + noida-db search)…")
    LocalStack(settings.state_dir).up()
    return load_settings(state_dir=settings.state_dir)


def run_demo(settings: Settings, console: Console, timeout: float = 300.0) -> dict[str, Any]:
    t_start = time.monotonic()
    s = ensure_stack(settings, console)
    console.print(f"KAFKA_BOOTSTRAP={s.kafka_bootstrap}  ES_URL={redact_url(s.es_url)}")
    ensure_topics(s)
    worker = start_worker(s, s.state_dir / "logs" / "demo-worker.log")
    try:
        pub = Publisher(s)
        report = pub.publish(read_inputs([str(corpus_dir())], s.max_article_bytes))
        pub.close()
        console.print(
            f"published {report.published} articles to {s.raw_topic}, "
            f"rejected {len(report.rejected)}"
        )
        t_produced = time.monotonic()
        waited = wait_indexed(s, report.ids, timeout, console, worker)
    finally:
        stop_worker(worker)
    total = time.monotonic() - t_start
    rate = report.published / waited if waited else 0.0
    console.print(
        f"all {report.published} articles searchable {waited:.1f}s after publishing "
        f"(includes worker start-up); demo wall time {total:.1f}s"
    )
    show_results(s, console)
    del t_produced
    return {
        "published": report.published,
        "wait_s": waited,
        "wall_s": total,
        "articles_per_s": rate,
    }


def show_results(s: Settings, console: Console) -> None:
    async def go() -> tuple[list[dict[str, Any]], dict[str, list[tuple[str, int]]]]:
        # Give the search server one refresh interval so every document is searchable.
        await asyncio.sleep(1.5)
        client = make_client(s)
        try:
            hits = await search(client, s, SearchQuery("ceasefire talks", size=20))
            tops = await top_entities(client, s)
            return hits, tops
        finally:
            await client.close()

    hits, tops = asyncio.run(go())
    table = Table(title='Articles about "ceasefire talks" (relevance, then recency)')
    for col in ("published", "source", "title", "story", "people"):
        table.add_column(col)
    for h in hits:
        people = ", ".join(e["canonical"] for e in h["entities"] if e["label"] == "PERSON")[:60]
        table.add_row(
            (h["published"] or "")[:16],
            h["source"] or "",
            h["title"],
            h.get("story_id") or "-",
            people,
        )
    console.print(table)
    ents = Table(title="Most mentioned entities (articles)")
    for label in tops:
        ents.add_column(label)
    rows = max((len(v) for v in tops.values()), default=0)
    for i in range(rows):
        ents.add_row(*[f"{v[i][0]} ({v[i][1]})" if i < len(v) else "" for v in tops.values()])
    console.print(ents)
    console.print('Try: pipeline search "ceasefire" --entity "Vladimir Putin"')
