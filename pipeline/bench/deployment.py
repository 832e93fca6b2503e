"""A bench deployment: its own topics, indices and group, its worker processes, and
the readers that watch it (completion polls, CPU samples)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import SecretStr

from pipeline.bench.ceiling import load1, machine_busy
from pipeline.bench.corpus import START
from pipeline.bench.results import Footprint
from pipeline.errors import FatalError
from pipeline.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

POLL_S = 0.5  # completion polls (mget of missing ids) and RSS samples
VISIBLE_POLL_S = 0.2  # visibility polls during the latency phase
STARTUP_TIMEOUT_S = 240.0  # a Faust worker can take 20 s+ to take its first message
WARMUP_EVERY_S = 2.0
BULK_DOCS = 5000
SMOKE_BULK_DOCS = 1000

# Rules that match the bench corpus often: most news texts say "said", so nearly
# every new story fires once (one alert per rule and story, by design).
BENCH_RULES = {
    "bench-said.yaml": """\
name: bench-said
description: Any story with a quote (fires once per new story)
match:
  any: [{keyword: said}, {keyword: says}]
""",
    "bench-officials.yaml": """\
name: bench-officials
description: Police, government or company news
match:
  any:
    - keyword: police
    - keyword: government
    - keyword: company
    - keyword: president
""",
}

WARMUP_BODY = (
    "This is a warm-up article sent by the benchmark before it starts the clock. "
    "It is short and plain, and it was written for the benchmark so that every "
    "worker has loaded its model, joined the consumer group and taken a message "
    "from the broker before any article is timed. The benchmark said so on Monday."
)


# ------------------------------------------------------------------ helpers
def derive(settings: Settings, **changes: Any) -> Settings:
    """A new Settings with some fields changed (validated again, unlike model_copy,
    whose copy would keep cached derived names such as ``raw_topic``)."""
    values = {name: getattr(settings, name) for name in Settings.model_fields}
    values.update(changes)
    return Settings(**values)


def ensure_stack(settings: Settings) -> Settings:
    """The configured broker and search server, or the local stack started for them."""
    from pipeline.stack import LocalStack, es_answers, kafka_answers

    if kafka_answers(settings.kafka_bootstrap) and es_answers(settings.es_url):
        return settings
    log.info("starting the local stack (Tansu broker + noida-db search)")
    state = LocalStack(settings.state_dir).up()
    return derive(settings, kafka_bootstrap=state.kafka_bootstrap, es_url=state.es_url)


def es_errors() -> tuple[type[Exception], ...]:
    """What a failed search call raises (imported late: the CLI stays quick to start)."""
    from elasticsearch import ApiError, TransportError

    return (ApiError, TransportError)


class Search:
    """Synchronous calls over the project's async client, on a private event loop."""

    def __init__(self, settings: Settings) -> None:
        from pipeline.index.writer import make_client

        self.loop = asyncio.new_event_loop()
        self.client = make_client(settings)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def found(self, index: str, ids: Sequence[str]) -> set[str]:
        """Which ids are indexed (GET by id: real-time, needs no refresh)."""
        return set(self.fetch(index, ids, None))

    def fetch(
        self, index: str, ids: Sequence[str], fields: list[str] | None
    ) -> dict[str, dict[str, Any]]:
        async def go() -> dict[str, dict[str, Any]]:
            out: dict[str, dict[str, Any]] = {}
            for i in range(0, len(ids), 1000):
                chunk = list(ids[i : i + 1000])
                try:
                    if fields is None:
                        resp = await self.client.mget(index=index, ids=chunk, source=False)
                    else:
                        resp = await self.client.mget(
                            index=index, ids=chunk, source_includes=fields
                        )
                except es_errors() as exc:  # the index may not exist yet
                    log.debug("mget on %s failed: %s", index, exc)
                    continue
                for d in resp["docs"]:
                    if d.get("found"):
                        out[str(d["_id"])] = dict(d.get("_source") or {})
            return out

        return self.run(go())

    def visible(self, index: str, ids: Sequence[str]) -> set[str]:
        """Which ids a search finds: unlike a GET, a search sees a document only
        after the index refreshed."""

        async def go() -> set[str]:
            try:
                resp = await self.client.search(
                    index=index, query={"ids": {"values": list(ids)}}, size=len(ids), source=False
                )
            except es_errors() as exc:
                log.debug("visibility search on %s failed: %s", index, exc)
                return set()
            return {str(h["_id"]) for h in resp["hits"]["hits"]}

        return self.run(go()) if ids else set()

    def all_docs(self, index: str) -> list[dict[str, Any]]:
        async def go() -> list[dict[str, Any]]:
            try:
                await self.client.indices.refresh(index=index)
                resp = await self.client.search(index=index, query={"match_all": {}}, size=10_000)
            except es_errors() as exc:
                log.warning("could not read %s: %s", index, exc)
                return []
            return [dict(h["_source"]) for h in resp["hits"]["hits"]]

        return self.run(go())

    def count(self, index: str) -> int:
        async def go() -> int:
            try:
                await self.client.indices.refresh(index=index)
                return int((await self.client.count(index=index))["count"])
            except es_errors():
                return -1

        return self.run(go())

    def close(self) -> None:
        self.run(self.client.close())
        self.loop.close()


# --------------------------------------------------------------------- bulk
def measure_bulk(settings: Settings, index: str, n: int) -> float:
    """Bulk-index ``n`` small documents with the client's bulk helper; documents/s."""
    from elasticsearch.helpers import async_bulk

    from pipeline.index.writer import make_client

    async def go() -> float:
        client = make_client(settings)
        try:
            await client.indices.create(index=index)
            actions = (
                {
                    "_index": index,
                    "_id": f"d{i}",
                    "_source": {"title": f"bulk document {i}", "n": i, "body": WARMUP_BODY},
                }
                for i in range(n)
            )
            t0 = time.perf_counter()
            ok, errors = await async_bulk(client, actions, chunk_size=500, raise_on_error=False)
            dt = time.perf_counter() - t0
            if errors:
                log.warning("bulk measurement: %s documents refused", errors)
            return ok / dt if dt > 0 else 0.0
        finally:
            with contextlib.suppress(*es_errors()):
                await client.indices.delete(index=index)
            await client.close()

    return asyncio.run(go())


# ------------------------------------------------------------- deployments
def worker_env(settings: Settings, metrics_port: int) -> dict[str, str]:
    """This process's environment with every setting of ``settings`` spelled out,
    so the worker reads exactly the configuration the bench derived."""
    env = dict(os.environ)
    for name in Settings.model_fields:
        env.pop(name.upper(), None)
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None or name == "worker_instance_id":  # two workers, one static id: no
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[name.upper()] = str(value)
    env.update(LOG_LEVEL="warn", METRICS_PORT=str(metrics_port), METRICS_HOST="127.0.0.1")
    return env


@dataclass
class Worker:
    proc: subprocess.Popen[bytes]
    log: Path
    log_file: IO[bytes]
    metrics_port: int

    def tail(self, n: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def enrich_taken(port: int) -> float:
    """Messages this worker's enrich agent has taken (its Prometheus counter)."""
    import httpx

    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2.0).text
    except httpx.HTTPError:
        return 0.0
    for line in text.splitlines():
        if line.startswith('pipeline_articles_in_total{stage="enrich"}'):
            return float(line.split()[-1])
    return 0.0


def listening_pid(port: int) -> int | None:
    import psutil

    try:
        for c in psutil.net_connections(kind="tcp"):
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid:
                return int(c.pid)
    except (psutil.Error, OSError):
        return None
    return None


def stack_processes(settings: Settings) -> dict[str, int]:
    """Pids of a broker/search server on this machine (for CPU accounting), if local."""
    out: dict[str, int] = {}
    host, _, port = settings.kafka_bootstrap.split(",")[0].rpartition(":")
    if host in ("127.0.0.1", "localhost") and port.isdigit():
        pid = listening_pid(int(port))
        if pid:
            out["broker"] = pid
    parts = urlsplit(settings.es_url)
    if parts.hostname in ("127.0.0.1", "localhost") and parts.port:
        pid = listening_pid(parts.port)
        if pid:
            out["search"] = pid
    return out


class Monitor(threading.Thread):
    """Samples each worker's RSS (its children included) every ``POLL_S``."""

    def __init__(self, workers: list[Worker]) -> None:
        super().__init__(daemon=True, name="bench-rss")
        self.workers = workers
        self.stop_event = threading.Event()
        self.t0 = time.time()
        self.peak = [0.0] * len(workers)
        self.timeline: list[tuple[float, list[float]]] = []

    def rss_mb(self, w: Worker) -> float:
        import psutil

        try:
            p = psutil.Process(w.proc.pid)
            procs = [p, *p.children(recursive=True)]
        except psutil.Error:
            return 0.0
        total = 0
        for q in procs:
            with contextlib.suppress(psutil.Error):
                total += q.memory_info().rss
        return total / 2**20

    def run(self) -> None:
        while not self.stop_event.is_set():
            sample = [self.rss_mb(w) for w in self.workers]
            self.peak = [max(a, b) for a, b in zip(self.peak, sample, strict=True)]
            self.timeline.append((time.time() - self.t0, sample))
            self.stop_event.wait(POLL_S)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(5)


def cpu_snapshot(workers: list[Worker], others: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of the workers (with children), broker, search, this process,
    and the whole machine (busy time of every core)."""
    import psutil

    def cpu(pid: int, children: bool) -> float:
        try:
            p = psutil.Process(pid)
            procs = [p, *p.children(recursive=True)] if children else [p]
            times = [q.cpu_times() for q in procs]
            return float(sum(t.user + t.system for t in times))
        except psutil.Error:
            return 0.0

    snap = {
        "workers": sum(cpu(w.proc.pid, True) for w in workers),
        "bench": cpu(os.getpid(), False),
        "machine": machine_busy(),
    }
    for name, pid in others.items():
        snap[name] = cpu(pid, False)
    return snap


def cpu_delta(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    d = {k: b.get(k, 0.0) - a[k] for k in a}
    ours = sum(v for k, v in d.items() if k != "machine")
    d["others"] = max(0.0, d["machine"] - ours)
    return d


class Deployment:
    """Topics, ``workers`` worker processes and their index, under fresh names.

    A context manager: entering starts the workers, leaving stops them and
    deletes what the deployment made (unless ``keep``).
    """

    def __init__(
        self,
        base: Settings,
        tag: str,
        name: str,
        workers: int,
        partitions: int,
        rules: Path,
        logs: Path,
        keep: bool,
    ) -> None:
        self.settings = derive(
            base,
            app_id=f"{base.app_id}-bench-{tag}-{name}",
            topic_prefix=f"{base.topic_prefix}bench-{tag}-{name}.",
            index_prefix=f"{base.index_prefix}-bench-{tag}-{name}",
            partitions=partitions,
            rules_dir=rules,
        )
        self.name = name
        self.n_workers = workers
        self.logs = logs
        self.keep = keep
        self.workers: list[Worker] = []
        self.monitor: Monitor | None = None
        self.others = stack_processes(self.settings)
        self.search = Search(self.settings)
        self.warmup_ids: list[str] = []

    # -- lifecycle
    def __enter__(self) -> Deployment:
        try:
            self.start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.stop()
        finally:
            self.cleanup()

    def start(self) -> None:
        from pipeline.stack import free_port
        from pipeline.topics import ensure_topics

        ensure_topics(self.settings)
        self.logs.mkdir(parents=True, exist_ok=True)
        for i in range(self.n_workers):
            log_path = self.logs / f"{self.name}-worker{i + 1}.log"
            port = free_port()
            log_file = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
            proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", "worker"],
                env=worker_env(self.settings, port),
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            self.workers.append(Worker(proc, log_path, log_file, port))
        self.monitor = Monitor(self.workers)
        self.monitor.start()

    def check_alive(self) -> None:
        for w in self.workers:
            if w.proc.poll() is not None:
                raise FatalError(
                    f"{self.name}: a worker exited with code {w.proc.returncode}; "
                    f"log {w.log}:\n{w.tail()}"
                )

    def wait_ready(self, publisher: Any, timeout: float = STARTUP_TIMEOUT_S) -> float:
        """Until every worker has taken a message and every warm-up article is indexed.

        Warm-up articles go to every partition of the raw topic (explicitly), so a
        worker that owns any partition takes one; a worker that joined late has
        by then caused its rebalance, which therefore never lands in the timing.
        """
        s = self.settings
        t0 = time.monotonic()
        last_send = -math.inf
        while True:
            self.check_alive()
            if time.monotonic() - t0 > timeout:
                raise FatalError(
                    f"{self.name}: workers not ready after {timeout:.0f}s; "
                    f"log {self.workers[0].log}:\n{self.workers[0].tail()}"
                )
            active = all(enrich_taken(w.metrics_port) >= 1 for w in self.workers)
            if not active and time.monotonic() - last_send >= WARMUP_EVERY_S:
                self.send_warmups(publisher)
                last_send = time.monotonic()
            if active and not set(self.warmup_ids) - self.search.found(
                s.index_alias, self.warmup_ids
            ):
                return time.monotonic() - t0
            time.sleep(POLL_S)

    def send_warmups(self, publisher: Any) -> None:
        from pipeline.feeds.parse import wire_bytes
        from pipeline.record import Article

        s = self.settings
        for p in range(s.partitions):
            art = Article(
                id=f"warmup-{self.name}-{len(self.warmup_ids):04d}",
                title="Benchmark warm-up",
                body=WARMUP_BODY,
                source="Bench",
                # before the corpus in article time: the stream clock must not run ahead
                published=START - timedelta(days=30),
                produced_at=time.time(),
            )
            publisher.producer.send(
                s.raw_topic, key=art.id.encode(), value=wire_bytes(art), partition=p
            )
            self.warmup_ids.append(art.id)
        publisher.producer.flush()

    def cpu(self) -> dict[str, float]:
        return cpu_snapshot(self.workers, self.others)

    def footprint(self, cpu_start: dict[str, float], load_start: float) -> Footprint:
        m = self.monitor
        return Footprint(
            peak_rss_mb=list(m.peak) if m else [],
            rss_timeline=list(m.timeline) if m else [],
            cpu_s=cpu_delta(cpu_start, self.cpu()),
            load_start=load_start,
            load_end=load1(),
        )

    def stop(self) -> None:
        """SIGTERM every worker, then kill whatever is left (children included)."""
        import psutil

        if self.monitor:
            self.monitor.stop()
        family: list[Any] = []
        for w in self.workers:
            with contextlib.suppress(psutil.Error):
                family += psutil.Process(w.proc.pid).children(recursive=True)
            if w.proc.poll() is None:
                w.proc.send_signal(signal.SIGTERM)
        for w in self.workers:
            try:
                w.proc.wait(30)
            except subprocess.TimeoutExpired:
                log.warning("%s: worker %d did not stop; killing it", self.name, w.proc.pid)
                w.proc.kill()
                w.proc.wait()
        for child in family:
            with contextlib.suppress(psutil.Error):
                if child.is_running():
                    child.kill()
        for w in self.workers:
            w.log_file.close()

    def cleanup(self) -> None:
        """Delete this deployment's indices, templates, topics and Faust data dir
        (best effort: a leftover never fails a bench that measured)."""
        try:
            if not self.keep:
                self.search.run(self.drop_indices())
                self.drop_topics()
            s = self.settings
            shutil.rmtree(s.state_dir / "faust" / s.app_id, ignore_errors=True)
        finally:
            self.search.close()

    async def drop_indices(self) -> None:
        s, c = self.settings, self.search.client
        with contextlib.suppress(*es_errors()):
            # by name: Elasticsearch refuses wildcard deletes by default
            names = await c.indices.get(index=f"{s.index_prefix}-*", allow_no_indices=True)
            for name in names:
                await c.indices.delete(index=name)
        for t in ("articles", "alerts", "stories"):
            with contextlib.suppress(*es_errors()):
                await c.indices.delete_index_template(name=f"{s.index_prefix}-{t}")

    def drop_topics(self) -> None:
        """Our topics and Faust's (changelogs, assignor) for this app id."""
        from kafka.errors import KafkaError

        from pipeline.topics import connect_admin

        s = self.settings
        try:
            admin = connect_admin(s, attempts=2)
            try:
                mine = [
                    t
                    for t in admin.list_topics()
                    if t.startswith(s.topic_prefix) or t.startswith(s.app_id)
                ]
                if mine:
                    admin.delete_topics(mine)
            finally:
                admin.close()
        except (KafkaError, FatalError, OSError) as exc:
            log.info("%s: topics not deleted: %s", self.name, exc)
