"""``pipeline serve`` as a real HTTP server on a free port, publishing to the real broker."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import orjson
import pytest
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pipeline.feeds.http import ServeConfig, create_app, openapi_spec, runner_options
from pipeline.feeds.producer import ProduceReport, Publisher
from pipeline.feeds.readers import Item
from pipeline.ops import read_dead_letters, read_topic
from pipeline.settings import Settings
from pipeline.topics import ensure_topics

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
KEY = "test-key-0123456789abcdef"
# Positive-data acceptance is left out on purpose: the schema cannot say everything the
# readers check (a body of blanks, a date in words), and those are answered 400 by design.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
LIMIT = 64 * 1024


@contextlib.contextmanager
def running(app: web.Application, **options: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 and a free port from a thread with its own event loop."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, **options)
    started = threading.Event()
    port: list[int] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", 0).start())
        port.append(runner.addresses[0][1])
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    if not started.wait(30):
        raise RuntimeError("the HTTP server did not start")
    try:
        yield f"http://127.0.0.1:{port[0]}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)


def config(settings: Settings) -> ServeConfig:
    return ServeConfig(
        api_key=KEY,
        max_body_bytes=LIMIT,
        max_article_bytes=settings.max_article_bytes,
        topic=settings.raw_topic,
    )


@pytest.fixture
def server(settings: Settings) -> Iterator[str]:
    ensure_topics(settings)
    pub = Publisher(settings)
    try:
        with running(create_app(pub, config(settings))) as url:
            yield url
    finally:
        pub.close()


def post(
    url: str, body: bytes, ctype: str | None, key: str | None = KEY, **kw: Any
) -> httpx.Response:
    headers = {"X-API-Key": key} if key is not None else {}
    if ctype:
        headers["Content-Type"] = ctype
    return httpx.post(f"{url}/articles", content=body, headers=headers, timeout=60, **kw)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def raw_ids(settings: Settings) -> list[str]:
    return [orjson.loads(v)["id"] for v in read_topic(settings, settings.raw_topic)]


def test_api_key_is_required(server: str, settings: Settings) -> None:
    body = orjson.dumps({"body": "Text."})
    for key in (None, "", "wrong-key-0123456789abcdef", KEY[:-1]):
        resp = post(server, body, "application/json", key=key)
        assert resp.status_code == 401, key
        assert "X-API-Key" in resp.json()["error"]
    assert raw_ids(settings) == []


def test_body_size_limit(server: str) -> None:
    big = orjson.dumps({"body": "x" * LIMIT})
    assert post(server, big, "application/json").status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        for _ in range(LIMIT // 1024 + 2):
            yield b"x" * 1024

    resp = httpx.post(
        f"{server}/articles",
        content=chunks(),
        headers={"X-API-Key": KEY, "Content-Type": "text/plain"},
        timeout=60,
    )
    assert resp.status_code == 413 and str(LIMIT) in resp.json()["error"]


def test_unsupported_content_type(server: str) -> None:
    resp = post(server, b"\x89PNG", "image/png")
    assert resp.status_code == 415
    assert "application/vnd.iptc.g2.newsitem+xml" in resp.json()["accepted"]


def test_invalid_articles_get_reasons_and_nothing_is_published(
    server: str, settings: Settings
) -> None:
    batch = orjson.dumps(
        [
            {"id": "ok-1", "body": "A fine article."},
            {"title": "no body"},
            orjson.loads(fixture("ninjs-no-body.json")),
        ]
    )
    resp = post(server, batch, "application/json")
    assert resp.status_code == 400
    doc = resp.json()
    assert doc["error"] == "2 of 3 articles invalid; nothing was published"
    results = doc["results"]
    assert [r["ok"] for r in results] == [True, False, False]
    assert [r["item"] for r in results] == [1, 2, 3]
    assert results[1]["reason"] == "body: missing" and results[1]["code"] == "missing_field"
    assert results[2]["code"] == "empty_body" and "ninjs" in results[2]["reason"]

    for name, ctype, code in [
        ("newsml-malformed.xml", "application/xml", "bad_xml"),
        (
            "newsml-unknown-namespace.xml",
            "application/vnd.iptc.g2.newsitem+xml",
            "unsupported_version",
        ),
        ("ninjs-malformed.json", "application/json", "bad_json"),
        ("page.html", None, "wrong_format"),
    ]:
        resp = post(server, fixture(name), ctype)
        assert resp.status_code == 400, name
        (result,) = resp.json()["results"]
        assert (result["item"], result["ok"], result["code"]) == (None, False, code), name

    bad_format = httpx.post(
        f"{server}/articles?format=yaml", content=b"x", headers={"X-API-Key": KEY}, timeout=30
    )
    assert bad_format.status_code == 400 and "format must be one of" in bad_format.json()["error"]
    assert raw_ids(settings) == [] and read_dead_letters(settings) == []


def test_every_format_is_accepted_once_acknowledged(server: str, settings: Settings) -> None:
    cases: list[tuple[bytes, str | None, list[str]]] = [
        (
            orjson.dumps({"id": "wire-1", "body": "Plain wire article."}),
            "application/json",
            ["wire-1"],
        ),
        (
            b'{"id": "l-1", "body": "Line one."}\n{"id": "l-2", "body": "Line two."}\n',
            "application/x-ndjson",
            ["l-1", "l-2"],
        ),
        (
            fixture("ninjs-1.4.json"),
            "application/json",
            ["urn:larkspur.test:2025:ferry-strike-bergen"],
        ),
        (fixture("ninjs-3.0.json"), None, ["tag:fjordline.test,2025:harbour-crane"]),
        (
            fixture("newsml-item.xml"),
            "application/vnd.iptc.g2.newsitem+xml",
            ["urn:newsml:fjordline.test:20250519:lighthouse-keepers"],
        ),
        (
            b"date 2025-05-19\nQuay reopens\n\nLERWICK: The quay reopened on Monday.",
            "text/plain",
            [],
        ),
        (fixture("feed-atom.atom"), "application/atom+xml", []),
    ]
    expected: list[str] = []
    for body, ctype, ids in cases:
        resp = post(server, body, ctype)
        assert resp.status_code == 202, resp.text
        doc = resp.json()
        assert doc["topic"] == settings.raw_topic
        assert all(r["ok"] for r in doc["results"])
        got = [r["id"] for r in doc["results"]]
        assert doc["accepted"] == len(got)
        if ids:
            assert got == ids
        expected += got

    kill = post(server, fixture("ninjs-canceled.json"), "application/json")
    assert kill.status_code == 202
    (result,) = kill.json()["results"]
    assert result == {
        "item": None,
        "ok": True,
        "id": "urn:larkspur.test:2025:ferry-strike-bergen",
        "version": 3,
        "status": "withdrawn",
    }
    assert sorted(raw_ids(settings)) == sorted([*expected, result["id"]])


class Unacknowledged:
    """A broker outage: nothing is acknowledged."""

    def publish(self, items: Iterable[Item]) -> ProduceReport:
        report = ProduceReport()
        report.failed = [("wire-1", "KafkaTimeoutError: no ack")]
        return report


def test_unacknowledged_publish_is_503_with_retry_after(settings: Settings) -> None:
    app = create_app(cast(Publisher, Unacknowledged()), config(settings))
    with running(app) as url:
        resp = post(url, orjson.dumps({"id": "wire-1", "body": "Text."}), "application/json")
    assert resp.status_code == 503
    assert resp.headers["Retry-After"] == "5"
    assert resp.json()["failed"] == [{"id": "wire-1", "reason": "KafkaTimeoutError: no ack"}]


def test_openapi_document_is_served(server: str) -> None:
    resp = httpx.get(f"{server}/openapi.json", timeout=30)
    assert resp.status_code == 200
    doc = resp.json()
    assert doc == orjson.loads(orjson.dumps(openapi_spec()))
    post_op = doc["paths"]["/articles"]["post"]
    assert post_op["security"] == [{"apiKey": []}]
    assert set(post_op["responses"]) == {"202", "400", "401", "408", "413", "415", "503"}
    assert httpx.get(f"{server}/healthz", timeout=30).json() == {"status": "ok"}


def test_schemathesis_against_the_openapi_document(server: str) -> None:
    """Generated requests (bounded) get only documented statuses, types and bodies."""
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    for path, method in (("/articles", "POST"), ("/healthz", "GET"), ("/openapi.json", "GET")):
        operation = schema[path][method]

        @hypothesis_settings(
            max_examples=40 if method == "POST" else 3,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(base_url=server, headers={"X-API-Key": KEY}, checks=CHECKS)

        check()


def test_more_items_than_the_cap_is_413_and_nothing_is_published(settings: Settings) -> None:
    ensure_topics(settings)
    pub = Publisher(settings)
    cfg = ServeConfig(api_key=KEY, max_items=5, topic=settings.raw_topic)
    try:
        with running(create_app(pub, cfg)) as url:
            lines = b"\n".join(orjson.dumps({"id": f"c-{i}", "body": "Line."}) for i in range(6))
            resp = post(url, lines, "application/x-ndjson")
            assert resp.status_code == 413, resp.text
            assert resp.json()["max_items"] == 5 and "more than 5 articles" in resp.json()["error"]
            ok = post(url, b"\n".join(lines.split(b"\n")[:5]), "application/x-ndjson")
            assert ok.status_code == 202 and ok.json()["accepted"] == 5
    finally:
        pub.close()
    assert sorted(raw_ids(settings)) == [f"c-{i}" for i in range(5)]


def test_one_item_too_large_once_escaped_publishes_nothing(settings: Settings) -> None:
    ensure_topics(settings)
    pub = Publisher(settings)
    cfg = ServeConfig(api_key=KEY, max_article_bytes=20_000, topic=settings.raw_topic)
    try:
        with running(create_app(pub, cfg)) as url:
            batch = [
                {"id": "fine-1", "body": "A fine article."},
                {"id": "amp-1", "body": "&" * 10_000},  # 10 kB read, 50 kB escaped
                {"id": "fine-2", "body": "Another fine article."},
            ]
            resp = post(url, orjson.dumps(batch), "application/json")
    finally:
        pub.close()
    assert resp.status_code == 400
    results = resp.json()["results"]
    assert [r["ok"] for r in results] == [True, False, True]
    assert results[1]["code"] == "too_large" and "once escaped" in results[1]["reason"]
    assert raw_ids(settings) == []


def _closed(sock: socket.socket) -> bool:
    """True once the server has closed the connection (a read returns EOF or a reset)."""
    try:
        return sock.recv(65_536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_half_sent_requests_are_closed(settings: Settings) -> None:
    cfg = ServeConfig(api_key=KEY, header_timeout=1.0, body_timeout=1.0)
    app = create_app(cast(Publisher, Unacknowledged()), cfg)
    with running(app, **runner_options(cfg)) as url:
        host, port = url.removeprefix("http://").split(":")
        heads = []
        for _ in range(20):  # request heads that never end
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            sock.setblocking(False)
            heads.append(sock)
        body = socket.create_connection((host, int(port)), timeout=5)
        body.sendall(
            f"POST /articles HTTP/1.1\r\nHost: x\r\nX-API-Key: {KEY}\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{".encode()
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(_closed(s) for s in heads):
            time.sleep(0.2)
        assert all(_closed(s) for s in heads), "half-sent heads still open after 30 s"
        answer = body.recv(65_536)  # the body never completes: 408
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        for sock in [*heads, body]:
            sock.close()
        assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
