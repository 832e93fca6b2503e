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

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.errors import FatalError
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed, read_inputs
from pipeline.index.search import SearchQuery, search, top_entities
from pipeline.index.views import list_alerts, stories_by_id
from pipeline.index.writer import make_client
from pipeline.settings import Settings, load_settings, redact_url
from pipeline.stack import LocalStack, es_answers, kafka_answers, pick_port, wait_until
from pipeline.topics import delete_topics, ensure_topics, list_topic_names, topic_specs


def corpus_dir() -> Path:
    return Path(str(resources.files("pipeline.demo") / "corpus"))


def rules_dir() -> Path:
    return Path(str(resources.files("pipeline.demo") / "rules"))


def worker_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KAFKA_BOOTSTRAP=settings.kafka_bootstrap,
        ES_URL=settings.es_url,
        STATE_DIR=str(settings.state_dir),
        APP_ID=settings.app_id,
        LOG_LEVEL="warn",
        RULES_DIR=str(settings.rules_dir or rules_dir()),
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


async def count_present(settings: Settings, ids: list[str], since: float = 0.0) -> int:
    """How many of ``ids`` are indexed from a message produced at or after ``since``
    (so a re-run of the demo waits for this run's articles, not the last run's)."""
    client = make_client(settings)
    try:
        found = 0
        for i in range(0, len(ids), 500):
            resp = await client.mget(
                index=settings.index_alias, ids=ids[i : i + 500], source_includes=["produced_at"]
            )
            found += sum(
                1
                for d in resp["docs"]
                if d.get("found") and d["_source"].get("produced_at", 0) >= since
            )
        return found
    except Exception:  # noqa: BLE001 - the index may not exist yet
        return 0
    finally:
        await client.close()


def wait_indexed(
    settings: Settings,
    ids: list[str],
    timeout: float,
    console: Console,
    worker: subprocess.Popen[bytes] | None = None,
    since: float = 0.0,
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
            n = asyncio.run(count_present(settings, ids, since))
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


DEMO_GROUP = "news-demo"


def reset_demo(s: Settings) -> None:
    """Start from nothing: the demo's topics, consumer-group tables and indices.

    Only ever called for the demo, which owns these names on the local stack.
    """
    stale = [t for t in list_topic_names(s) if t.startswith(f"{DEMO_GROUP}-")]
    delete_topics(s, [spec.name for spec in topic_specs(s)] + stale)

    async def drop_indices() -> None:
        client = make_client(s)
        try:
            for index in (s.write_index, s.alerts_index, s.stories_index):
                await client.indices.delete(index=index, ignore_unavailable=True)
        finally:
            await client.close()

    asyncio.run(drop_indices())


def run_demo(
    settings: Settings, console: Console, timeout: float = 300.0, fresh: bool = True
) -> dict[str, Any]:
    t_start = time.monotonic()
    s = ensure_stack(settings, console)
    # A consumer group (and so tables) of its own per run: nothing of a previous
    # run is read again.
    s = s.model_copy(update={"app_id": f"{DEMO_GROUP}-{int(time.time())}"})
    if fresh:
        reset_demo(s)
    console.print(f"KAFKA_BOOTSTRAP={s.kafka_bootstrap}  ES_URL={redact_url(s.es_url)}")
    ensure_topics(s)
    worker = start_worker(s, s.state_dir / "logs" / "demo-worker.log")
    try:
        t_publish = time.time()
        pub = Publisher(s)
        # Wire traffic arrives in publication order, whatever the file layout.
        items = sorted(
            read_inputs([str(corpus_dir())], s.max_article_bytes),
            key=lambda it: (
                it.article.published.timestamp()
                if isinstance(it, Parsed) and it.article.published
                else 0.0
            ),
        )
        report = pub.publish(items)
        pub.close()
        console.print(
            f"published {report.published} articles to {s.raw_topic}, "
            f"rejected {len(report.rejected)}"
        )
        waited = wait_indexed(s, report.ids, timeout, console, worker, since=t_publish)
        total = time.monotonic() - t_start
        console.print(
            f"all {report.published} articles searchable {waited:.1f}s after publishing "
            f"(includes worker start-up); {total:.1f}s since the demo started"
        )
        show_results(s, console)  # the worker still runs: alerts are indexed meanwhile
    finally:
        stop_worker(worker)
    url = start_desk(s)
    console.print(
        f"\n[bold]The desk: {url}[/bold]  (left running beside the local stack; "
        "pipeline stack down stops both)"
    )
    rate = report.published / waited if waited else 0.0
    return {
        "published": report.published,
        "wait_s": waited,
        "wall_s": total,
        "articles_per_s": rate,
        "desk_url": url,
    }


def desk_answers(url: str) -> bool:
    try:
        return httpx.get(url + "healthz", timeout=1.0).status_code in (200, 503)
    except httpx.HTTPError:
        return False


def start_desk(s: Settings, timeout: float = 30.0) -> str:
    """The desk on loopback, recorded beside the stack (reused when one already runs)."""
    stack = LocalStack(s.state_dir)
    running = stack.desk()
    if running and desk_answers(running["url"]):
        return str(running["url"])
    stack.stop_desk()
    port = pick_port(s.desk_port)
    url = f"http://127.0.0.1:{port}/"
    log_path = s.state_dir / "logs" / "desk.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "desk", "--host", "127.0.0.1", "--port", str(port)],
        env=worker_env(s),
        stdout=open(log_path, "ab"),  # noqa: SIM115 - owned by the child
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # stop_pid signals its group; it outlives the demo
    )
    stack.record_desk(proc.pid, url)
    wait_until(lambda: desk_answers(url), f"the desk at {url}", timeout)
    return url


def show_results(s: Settings, console: Console) -> None:
    async def go() -> tuple[
        list[dict[str, Any]],
        list[dict[str, Any]],
        dict[str, list[tuple[str, int]]],
        list[dict[str, Any]],
    ]:
        client = make_client(s)
        try:
            # Alerts are written by their own agent: wait until their count settles.
            alerts: list[dict[str, Any]] = []
            for _ in range(20):
                await asyncio.sleep(1.0)
                latest = await list_alerts(client, s)
                if latest and len(latest) == len(alerts):
                    break
                alerts = latest
            await client.indices.refresh(index=s.index_alias)
            hits = await search(client, s, SearchQuery("ceasefire talks", size=30))
            tops = await top_entities(client, s)
            stories = await stories_by_id(
                client, s, sorted({h["story_id"] for h in hits if h.get("story_id")})
            )
            ordered = sorted(stories.values(), key=lambda st: st["first_seen"])
            return hits, ordered, tops, alerts
        finally:
            await client.close()

    hits, stories, tops, alerts = asyncio.run(go())
    titles = {h["id"]: h["title"] for h in hits}
    short = {st["story_id"]: f"S{i + 1}" for i, st in enumerate(stories)}
    console.print(
        f'\n[bold]"ceasefire talks": {len(hits)} articles in {len(stories)} '
        "stories[/bold] (a story is one event; related stories are linked)"
    )
    for st in stories:
        sid = st["story_id"]
        links = ", ".join(short.get(r, r) for r in st.get("related", [])) or "-"
        console.print(
            f"\n[bold cyan]{short[sid]}[/bold cyan] [bold]{st['title']}[/bold]  "
            f"[dim]{st['first_seen'][:16]} → {st['last_seen'][:16]}, "
            f"{st['article_count']} articles + {st['duplicate_count']} copies, "
            f"related: {links}[/dim]",
            highlight=False,
        )
        for aid in st.get("articles", []):
            if aid in titles:
                console.print(f"    {aid}  {titles[aid]}", highlight=False)
    console.print(
        f"\n[bold]Alerts fired: {len(alerts)}[/bold] (one per rule per story; "
        "updated, not repeated)"
    )
    for a in alerts:
        matched = ", ".join(a["matched"].get("entities", []) + a["matched"].get("terms", []))
        story = short.get(a["story_id"], a["story_id"][:14])
        console.print(
            f"  [yellow]{a['rule']}[/yellow] {a['kind']}/{a['change']} v{a['version']}"
            f"  story {story}  «{a['title']}»  matched: {matched}",
            highlight=False,
        )
    ents = Table(title="Most mentioned entities (articles)")
    for label in tops:
        ents.add_column(label)
    rows = max((len(v) for v in tops.values()), default=0)
    for i in range(rows):
        ents.add_row(*[f"{v[i][0]} ({v[i][1]})" if i < len(v) else "" for v in tops.values()])
    console.print(ents)
    console.print(
        'Try: pipeline search "the Kremlin" --entity Peskov  ·  pipeline search ceasefire --by-story  ·  '
        "pipeline stories  ·  pipeline alerts  ·  pipeline related demo-013"
    )
