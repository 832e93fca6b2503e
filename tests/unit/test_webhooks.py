"""Webhook delivery against a real HTTP server on 127.0.0.1, started by the test.

The server answers from a script (status, delay) per request, so retries,
timeouts and permanent failures are real network behaviour, not mocks.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pipeline.alerts.dedup import Alert, ArticleRef, Matched
from pipeline.alerts.webhooks import (
    WebhookDispatcher,
    WebhookFailure,
    WebhookPolicy,
    check_webhook_url,
)

LOCAL = WebhookPolicy(allow_hosts=frozenset({"127.0.0.1"}))


class Script:
    """Responses to serve in order (status, delay seconds); 200 once they run out."""

    def __init__(self) -> None:
        self.steps: list[tuple[int, float]] = []
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.release = threading.Event()

    def next(self) -> tuple[int, float]:
        with self.lock:
            return self.steps.pop(0) if self.steps else (200, 0.0)


class Server:
    def __init__(self) -> None:
        self.script = Script()
        script = self.script

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, delay = script.next()
                with script.lock:
                    script.requests.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers),
                            "body": body,
                            "status": status,
                        }
                    )
                if delay:
                    script.release.wait(delay)
                try:
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", "30")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def close(self) -> None:
        self.script.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def make_alert(aid: str = "al-1", version: int = 1) -> Alert:
    now = datetime(2025, 5, 25, 12, 0, tzinfo=UTC)
    return Alert(
        id=aid,
        rule="putin-ceasefire",
        kind="match",
        change="new",
        version=version,
        article=ArticleRef(id="demo-004", title="Trump and Putin discuss a ceasefire"),
        story_id="s1",
        matched=Matched(entities=["Vladimir Putin"], terms=["ceasefire"]),
        snippet="«Vladimir Putin» ... «ceasefire»",
        fired_at=now,
        updated_at=now,
    )


def dispatcher(**kw: Any) -> WebhookDispatcher:
    opts: dict[str, Any] = dict(
        policy=LOCAL, timeout=2.0, retries=3, backoff=0.01, max_backoff=0.05, jitter=False
    )
    opts.update(kw)
    return WebhookDispatcher(**opts)


async def test_500_then_200_is_retried_and_delivered(server: Server) -> None:
    server.script.steps = [(500, 0.0), (503, 0.0)]
    failures: list[WebhookFailure] = []
    d = dispatcher(on_failure=failures.append)
    assert d.dispatch(make_alert(version=2), [server.url]) == 1
    assert await d.drain(5)
    await d.close()
    assert [r["status"] for r in server.script.requests] == [500, 503, 200]
    last = server.script.requests[-1]
    assert json.loads(last["body"])["id"] == "al-1"
    assert json.loads(last["body"])["matched"]["entities"] == ["Vladimir Putin"]
    assert last["headers"]["X-Alert-Id"] == "al-1"
    assert last["headers"]["X-Alert-Version"] == "2"
    assert last["headers"]["Content-Type"] == "application/json"
    assert (d.sent, d.failed, failures) == (1, 0, [])


async def test_a_429_waits_as_long_as_retry_after_asks_up_to_the_cap(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    """The receiver asks for 30 s; the policy waits its cap (0.2 s), not its 1 ms backoff."""
    server.script.steps = [(429, 0.0)]
    d = dispatcher(backoff=0.001, max_backoff=0.2)
    with caplog.at_level(logging.DEBUG, logger="pipeline.retry"):
        d.dispatch(make_alert(), [server.url])
        assert await d.drain(5)
    await d.close()
    assert [r["status"] for r in server.script.requests] == [429, 200]
    [wait] = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert "RetryLater('HTTP 429')" in wait and wait.endswith("retrying in 0.2s")
    assert "/hook" not in wait  # the path may hold the receiver's secret
    assert (d.sent, d.failed) == (1, 0)


async def test_always_500_gives_up_after_the_retries(server: Server) -> None:
    server.script.steps = [(500, 0.0)] * 10
    failures: list[WebhookFailure] = []
    d = dispatcher(retries=2, on_failure=failures.append)
    d.dispatch(make_alert(), [server.url])
    await d.drain(5)
    await d.close()
    assert len(server.script.requests) == 3
    [f] = failures
    assert (f.url, f.alert_id, f.attempts, f.error, f.permanent) == (
        server.url,
        "al-1",
        3,
        "HTTP 500",
        False,
    )
    assert list(d.failures) == failures and d.failed == 1


async def test_a_client_error_is_not_retried(server: Server) -> None:
    server.script.steps = [(404, 0.0)]
    d = dispatcher()
    d.dispatch(make_alert(), [server.url])
    await d.drain(5)
    await d.close()
    assert len(server.script.requests) == 1
    [f] = d.failures
    assert (f.attempts, f.error, f.permanent) == (1, "HTTP 404", True)


async def test_a_hanging_server_times_out_without_blocking_the_caller(server: Server) -> None:
    server.script.steps = [(200, 5.0), (200, 5.0)]
    d = dispatcher(timeout=0.2, retries=1)
    d.dispatch(make_alert(), [server.url])
    # dispatch only queues: it returned before the delivery task could run at all
    assert d.pending == 1 and server.script.requests == []
    assert await d.drain(5)
    await d.close()
    assert len(server.script.requests) == 2  # each attempt gave up at its timeout
    [f] = d.failures
    assert f.attempts == 2 and f.error.startswith("timed out after 0.2s")


async def test_a_full_queue_drops_and_records_instead_of_waiting(server: Server) -> None:
    server.script.steps = [(200, 5.0)] * 3
    d = dispatcher(timeout=0.3, retries=0, concurrency=1, max_queue=2)
    queued = [d.dispatch(make_alert(f"al-{i}"), [server.url]) for i in range(6)]
    # One is taken by the worker at its first await at the latest; two wait; the rest drop.
    assert sum(queued) in (2, 3)
    dropped = [f for f in d.failures if f.error.startswith("dropped")]
    assert len(dropped) == 6 - sum(queued) and d.dropped == len(dropped)
    await d.close(timeout=3)


async def test_a_refused_url_is_recorded_and_never_requested(server: Server) -> None:
    d = dispatcher(policy=WebhookPolicy())  # the production guard: no loopback
    assert d.dispatch(make_alert(), [server.url, "ftp://hooks.example.test/x"]) == 0
    await d.close()
    assert server.script.requests == []
    assert [f.error.split(":")[0] for f in d.failures] == ["refused", "refused"]


async def test_connection_refused_is_retried_then_recorded() -> None:
    s = Server()
    url = s.url
    s.close()  # nothing listens there any more
    d = dispatcher(retries=1)
    d.dispatch(make_alert(), [url])
    await d.drain(5)
    await d.close()
    [f] = d.failures
    assert f.attempts == 2 and "Connect" in f.error


async def test_a_raising_failure_callback_does_not_stop_delivery(server: Server) -> None:
    server.script.steps = [(400, 0.0)]

    def boom(_: WebhookFailure) -> None:
        raise RuntimeError("metrics down")

    d = dispatcher(on_failure=boom)
    d.dispatch(make_alert("al-a"), [server.url])
    d.dispatch(make_alert("al-b"), [server.url])
    await d.drain(5)
    await d.close()
    assert d.failed == 1 and d.sent == 1


async def test_close_drains_what_is_queued(server: Server) -> None:
    d = dispatcher(concurrency=2)
    for i in range(5):
        d.dispatch(make_alert(f"al-{i}"), [server.url])
    await d.close(timeout=5)
    assert d.sent == 5 and len(server.script.requests) == 5


async def test_the_stream_keeps_running_while_a_webhook_hangs(server: Server) -> None:
    """A stand-in agent loop stays responsive while every delivery hangs."""
    server.script.steps = [(200, 5.0)] * 20
    d = dispatcher(timeout=1.0, retries=0, concurrency=2, max_queue=5)
    ticks = 0

    async def agent_loop() -> None:  # the stream's own work, interleaved with dispatches
        nonlocal ticks
        for i in range(20):
            d.dispatch(make_alert(f"al-{i}"), [server.url])
            ticks += 1
            await asyncio.sleep(0)

    await asyncio.wait_for(agent_loop(), 5)  # never waits on a hanging receiver
    assert ticks == 20 and d.sent == 0  # every dispatch returned while deliveries hang
    await d.close(timeout=0.1)
    assert d.sent == 0 and d.failed == 20


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://hooks.example.test/newsroom", True),
        ("http://93.184.215.14/hook", True),
        ("http://127.0.0.1:8080/", False),
        ("http://LOCALHOST/", False),
        ("http://localhost./", False),
        ("http://[fe80::1]/", False),
        ("http://224.0.0.1/", False),
        ("javascript:alert(1)", False),
        ("https:///nohost", False),
    ],
)
def test_check_webhook_url(url: str, ok: bool) -> None:
    assert (check_webhook_url(url, WebhookPolicy()) is None) is ok
