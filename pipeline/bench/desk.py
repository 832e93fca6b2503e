"""Publish -> on the editor's screen, measured in a real browser: ``pipeline bench desk``.

    pipeline bench desk                              # 120 articles, poll and sse
    pipeline bench desk --articles 200 --modes poll

Runs a worker and the desk against the configured stack (or the local one it
starts, as ``pipeline bench`` does) under fresh topic and index names; opens a
search in headless Chromium; publishes articles that match it at a steady
rate; the page stamps ``Date.now()`` as it inserts each one, and a side
thread notes when each first became searchable (a plain search every 50 ms,
no forced refresh). Reports p50/p99 of publish->screen and searchable->screen
for each live-update mode, and what one incremental query costs the desk.

The desk's end-to-end tests use the same pieces (``start_desk``,
``measure_arrivals``): the same code measures 20 articles in a test and
hundreds here. Needs the ``bench`` extra (selenium, psutil) and Debian's
chromium and chromium-driver.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import httpx
import typer

from pipeline.bench.waits import wait_for
from pipeline.console import fatal, settings_or_exit
from pipeline.errors import FatalError
from pipeline.feeds.producer import Publisher
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.stack import free_port

if TYPE_CHECKING:  # selenium is imported by the browser module, when a browser is started
    from selenium import webdriver


def start_desk(
    settings: Settings, log: Path, port: int | None = None, **extra_env: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``pipeline desk`` in its own process; returns it and its URL once it answers."""
    from pipeline.bench.deployment import worker_env

    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    env = worker_env(settings, free_port()) | {"LOG_LEVEL": "info"} | extra_env
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "desk", "--port", str(port)],
        env=env,
        stdout=open(log, "ab"),  # noqa: SIM115 - owned by the child
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return httpx.get(url + "/static/desk.js", timeout=1.0).status_code in (200, 401)
        except httpx.HTTPError:
            return False

    wait_for(answers, 30, f"the desk at {url}", interval=0.1, proc=proc, log=log)
    return proc, url


class SearchablePoller:
    """Notes when each id first shows up in a plain search (no forced refresh)."""

    def __init__(self, settings: Settings, token: str, interval: float = 0.05) -> None:
        self.url = f"{settings.es_url}/{settings.index_alias}/_search"
        self.token = token
        self.interval = interval
        self.seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=5.0) as client:
            while not self._stop.is_set():
                try:
                    resp = client.post(
                        self.url,
                        json={
                            "size": 1000,
                            "_source": False,
                            "query": {"match": {"title": self.token}},
                        },
                    )
                    now = time.time()
                    for h in resp.json().get("hits", {}).get("hits", []):
                        self.seen.setdefault(h["_id"], now)
                except (httpx.HTTPError, ValueError):
                    pass
                self._stop.wait(self.interval)

    def __enter__(self) -> SearchablePoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


@dataclass
class Timing:
    published: dict[str, float] = field(default_factory=dict)
    searchable: dict[str, float] = field(default_factory=dict)
    on_screen: dict[str, float] = field(default_factory=dict)

    def gaps(self, start: dict[str, float]) -> list[float]:
        return sorted(self.on_screen[i] - start[i] for i in self.on_screen if i in start)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": len(self.published), "on_screen": len(self.on_screen)}
        for name, start in (("publish", self.published), ("searchable", self.searchable)):
            g = self.gaps(start)
            if g:
                out[f"{name}_to_screen_p50_s"] = round(statistics.median(g), 3)
                out[f"{name}_to_screen_p99_s"] = round(percentile(g, 0.99), 3)
                out[f"{name}_to_screen_max_s"] = round(g[-1], 3)
        order = list(self.published)
        slow = sorted(
            (self.on_screen[i] - self.searchable[i], order.index(i))
            for i in self.on_screen
            if i in self.searchable
        )[-5:]
        out["slowest_searchable_to_screen"] = [(round(s, 2), n) for s, n in slow]
        return out


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (p99 of 100 values is the 99th smallest)."""
    k = max(0, min(len(sorted_values) - 1, int(-(-q * len(sorted_values) // 1)) - 1))
    return sorted_values[k]


def screen_times(driver: webdriver.Chrome) -> dict[str, float]:
    rows = driver.execute_script("return window.deskArrivals || []") or []
    out: dict[str, float] = {}
    for r in rows:  # the first time counts
        out.setdefault(str(r["id"]), float(r["t"]) / 1000.0)
    return out


def measure_arrivals(
    driver: webdriver.Chrome,
    desk_url: str,
    settings: Settings,
    articles: list[Article],
    token: str,
    rate: float = 5.0,
    live: str = "poll",
    timeout: float = 180.0,
    extra: str = "",
) -> Timing:
    """Open a search for ``token``, publish ``articles`` at ``rate`` a second, and read
    from the page when each appeared (the page stamps ``Date.now()`` as it inserts)."""
    driver.get(f"{desk_url}/?q={token}&live={live}{extra}")
    wait_for(
        lambda: (
            driver.execute_script("return document.readyState") == "complete"
            and driver.execute_script("return Array.isArray(window.deskArrivals)")
        ),
        30,
        "the search page",
        interval=0.1,
    )
    timing = Timing()
    pub = Publisher(settings)
    try:
        with SearchablePoller(settings, token) as poller:
            start = time.monotonic()
            for i, a in enumerate(articles):
                due = start + i / rate
                if (pause := due - time.monotonic()) > 0:
                    time.sleep(pause)
                pub.send_article(a).get(timeout=30)
                assert a.produced_at is not None
                timing.published[a.id] = a.produced_at
            ids = set(timing.published)
            wait_for(
                lambda: ids <= set(screen_times(driver)),
                timeout,
                f"{len(ids)} articles on screen",
                interval=0.5,
            )
            time.sleep(0.5)  # let the poller see the last ones too
            timing.searchable = {k: v for k, v in poller.seen.items() if k in ids}
    finally:
        pub.producer.close()
    timing.on_screen = {k: v for k, v in screen_times(driver).items() if k in timing.published}
    return timing


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


def run_desk_bench(
    base: Settings, articles: int, rate: float, modes: list[str], logs: Path
) -> dict[str, Any]:
    """One worker and the desk under fresh names; each mode's timings, measured."""
    from pipeline.bench.browser import quit_chromium, start_chromium
    from pipeline.bench.deployment import Deployment, ensure_stack
    from pipeline.bench.synth import synth_articles

    tag = uuid.uuid4().hex[:8]
    rules = logs / "rules"  # no rules: the desk reads articles, not alerts
    rules.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    with Deployment(
        ensure_stack(base), tag, "desk", workers=1, partitions=2, rules=rules, logs=logs, keep=False
    ) as d:
        pub = Publisher(d.settings)
        try:
            d.wait_ready(pub)
        finally:
            pub.close()
        desk, url = start_desk(d.settings, logs / "desk.log")
        driver = profile = None
        try:
            driver, profile = start_chromium()
            for mode in modes:
                token = f"bench{uuid.uuid4().hex[:6]}"
                arts = synth_articles(articles, seed=len(mode), prefix=f"{mode}-{token}")
                for a in arts:
                    a.title = f"{a.title} {token}"
                    a.published = datetime.now(UTC)
                timing = measure_arrivals(
                    driver, url, d.settings, arts, token, rate=rate, live=mode, timeout=300
                )
                results[mode] = timing.summary() | query_cost(url, token)
                sys.stderr.write(f"{mode}: {json.dumps(results[mode])}\n")
        finally:
            if driver is not None and profile is not None:
                quit_chromium(driver, profile)
            if desk.poll() is None:
                desk.terminate()
                try:
                    desk.wait(30)
                except subprocess.TimeoutExpired:
                    desk.kill()
                    desk.wait()
    return {"articles": articles, "rate": rate, "results": results}


def desk_bench_command(
    articles: Annotated[int, typer.Option(min=1, help="Articles published per mode")] = 120,
    rate: Annotated[float, typer.Option(min=0.1, help="Articles published per second")] = 4.0,
    modes: Annotated[str, typer.Option(help="Comma-separated live-update modes: poll, sse")] = (
        "poll,sse"
    ),
    out: Annotated[
        Path | None, typer.Option(help="Directory for the logs (default: a temp dir)")
    ] = None,
) -> None:
    """Publish -> on the editor's screen in headless Chromium, per live-update mode (p50/p99),
    and the cost of one incremental query. Prints one JSON line."""
    chosen = [m.strip() for m in modes.split(",") if m.strip()]
    if not chosen or set(chosen) - {"poll", "sse"}:
        raise typer.BadParameter("modes are poll and/or sse", param_hint="--modes")
    s = settings_or_exit()
    logs = (out or Path(tempfile.mkdtemp(prefix="desk-bench-"))).resolve()
    try:
        summary = run_desk_bench(s, articles, rate, chosen, logs)
    except FatalError as exc:
        raise fatal(exc) from None
    sys.stdout.write(json.dumps(summary) + "\n")
