"""The desk as a real process, and publish-to-screen timing read from a real browser.

Used by the desk's e2e tests and by ``bench/desk_latency.py`` (the same code
measures 20 articles in a test and hundreds in the bench).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from selenium import webdriver

from pipeline.feeds.producer import Publisher
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.stack import free_port
from tests.helpers import settings_env, wait_for


def start_desk(
    settings: Settings, log: Path, port: int | None = None, **extra_env: str
) -> tuple[subprocess.Popen[bytes], str]:
    """``pipeline desk`` in its own process; returns it and its URL once it answers."""
    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "desk", "--port", str(port)],
        env=settings_env(settings) | extra_env,
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
