"""Hostile input on the real local services: a poison message costs the next article seconds.

A worker reads the raw topic while poison (pathological markup, a body that
grows five-fold when escaped, JSON nested too deep, random bytes, internal
fields) is published straight to it, on the same partition as an ordinary
article sent right behind. Each poison message must end indexed or
dead-lettered, and the ordinary article must become searchable within a
generous bounded wait; the time it took is printed (run with ``-s``) for the
README's Reliability table, never asserted as a speed.

``pipeline serve`` runs as its own process: a request with one bad item
publishes nothing and is answered 400, half-sent requests are closed, and
``/healthz`` answers while a pathological body is read.
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from kafka import KafkaProducer

from pipeline.bench.hostile_cases import pathological_body
from pipeline.feeds.parse import wire_bytes
from pipeline.ops import read_dead_letters, read_topic
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.stack import free_port
from pipeline.topics import ensure_topics
from tests.e2e.test_faults import publish
from tests.helpers import es_call, fetch_docs, running_worker, settings_env, stop, wait_for

KEY = "hostile-test-key-0123456789"


def searchable(settings: Settings, article_id: str) -> bool:
    async def go(client: Any) -> bool:
        try:
            await client.indices.refresh(index=settings.index_alias)
            resp = await client.search(
                index=settings.index_alias, query={"ids": {"values": [article_id]}}
            )
        except Exception:  # noqa: BLE001 - the index may not exist yet
            return False
        return bool(resp["hits"]["hits"])

    result: bool = es_call(settings, go)
    return result


def poison_messages() -> list[tuple[str, bytes]]:
    """(article id or "", value): what other systems might write to the raw topic."""
    rng = random.Random(13)
    return [
        (
            "poison-markup",
            json.dumps({"id": "poison-markup", "body": pathological_body()}).encode(),
        ),
        (
            "poison-bogus",
            json.dumps(
                {"id": "poison-bogus", "body": "<p>Quay <b>reopened</b></p><![bogus[ " * 2000}
            ).encode(),
        ),
        ("poison-amp", json.dumps({"id": "poison-amp", "body": "&" * 499_000}).encode()),
        (
            "poison-internal",
            json.dumps(
                {
                    "id": "poison-internal",
                    "body": "LERWICK: Divers inspected the quay on Monday.",
                    "dateline": "Atlantis",
                    "enrich_notes": ["forged"],
                    "story_id": "s-forged",
                }
            ).encode(),
        ),
        ("", b'{"id": "deep", "body": "x", "n": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"),
        ("", b'{"body": "Q.", "version": ' + b"9" * 5000 + b"}"),
        ("", rng.randbytes(3000)),
    ]


def test_poison_on_the_raw_topic_costs_the_next_article_seconds(
    settings: Settings, tmp_path: Path
) -> None:
    ensure_topics(settings)
    log = tmp_path / "worker.log"
    warm = Article(id="warm-1", title="Ferries", body="Ferries ran again in Bergen on Monday.")
    ordinary = Article(
        id="ordinary-1",
        title="Quay reopens",
        body="LERWICK: The quay reopened on Tuesday after three weeks of repairs.",
    )
    with running_worker(settings, log) as proc:
        publish(settings, [warm])  # the worker is ready once this is searchable
        wait_for(lambda: searchable(settings, "warm-1"), 180, "warm-up", proc=proc, log=log)
        producer = KafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap, max_request_size=2_000_000
        )
        lane = b"one-partition"  # poison and the ordinary article share a partition
        poison = poison_messages()
        sent = [producer.send(settings.raw_topic, key=lane, value=v) for _, v in poison]
        producer.send(settings.raw_topic, key=lane, value=wire_bytes(ordinary))
        producer.flush()
        offsets = [f.get(timeout=30).offset for f in sent]
        producer.close()
        start = time.monotonic()
        wait_for(
            lambda: searchable(settings, "ordinary-1"),
            30,
            "the article behind the poison",
            interval=0.2,
            proc=proc,
            log=log,
        )
        behind = time.monotonic() - start
        ids = [i for i, _ in poison if i]
        wait_for(
            lambda: (
                len(fetch_docs(settings, ids)) + len(read_dead_letters(settings)) >= len(poison)
            ),
            60,
            "every poison message indexed or dead-lettered",
            proc=proc,
            log=log,
        )
        assert proc.poll() is None
    letters = read_dead_letters(settings)
    docs = fetch_docs(settings, ids)
    lettered = {d.offset for d in letters if d.source_topic == settings.raw_topic}
    for (article_id, _), offset in zip(poison, offsets, strict=True):
        assert article_id in docs or offset in lettered, (article_id, offset)
    forged = docs["poison-internal"]["_source"]
    assert forged.get("dateline") != "Atlantis" and "forged" not in forged.get("enrich_notes", [])
    assert forged.get("story_id") != "s-forged"
    assert "Thread keepalive is not responding" not in log.read_text()
    print(
        f"\nRELIABILITY poison-behind: poison={len(poison)} indexed={len(docs)} "
        f"dead_lettered={len(letters)} ordinary_searchable_after_s={behind:.1f}"
    )


def _serve(settings: Settings, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = settings_env(settings) | {
        "HTTP_API_KEY": KEY,
        "HTTP_PORT": str(port),
        "HTTP_HEADER_TIMEOUT": "2",
        "HTTP_BODY_TIMEOUT": "2",
        "HTTP_MAX_ITEMS": "50",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "serve"],
        env=env,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )


def _closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(65_536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_serve_one_bad_item_publishes_nothing_and_slow_clients_are_cut_off(
    settings: Settings, tmp_path: Path
) -> None:
    ensure_topics(settings)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    proc = _serve(settings, port, log)
    headers = {"X-API-Key": KEY, "Content-Type": "application/x-ndjson"}
    try:
        wait_for(lambda: _healthy(url), 60, "pipeline serve", proc=proc, log=log)
        good = [{"id": f"http-{i}", "body": f"Harbour report number {i}."} for i in range(3)]
        bad = {"id": "http-bad", "body": "Fine.", "published": "next week-ish"}
        batch = b"\n".join(json.dumps(o).encode() for o in [good[0], bad, *good[1:]])
        resp = httpx.post(f"{url}/articles", content=batch, headers=headers, timeout=60)
        assert resp.status_code == 400, resp.text
        assert [r["ok"] for r in resp.json()["results"]] == [True, False, True, True]
        assert read_topic(settings, settings.raw_topic, timeout_s=3) == []

        # 100 half-sent requests: all closed by the header timeout
        host, p = "127.0.0.1", port
        socks = []
        for _ in range(100):
            s = socket.create_connection((host, p), timeout=5)
            s.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nX-API-Key: ")
            s.setblocking(False)
            socks.append(s)
        t0 = time.monotonic()
        wait_for(lambda: all(_closed(s) for s in socks), 30, "half-sent requests closed")
        closed_after = time.monotonic() - t0
        for s in socks:
            s.close()

        # /healthz answers while a pathological body is read in a thread
        slow = json.dumps({"body": pathological_body(200_000) + "<p>x</p>" * 20_000}).encode()
        health: list[float] = []
        with httpx.Client(timeout=30) as client:
            pending = _post_in_thread(f"{url}/articles", slow, headers)
            while pending.is_alive():
                t = time.monotonic()
                assert client.get(f"{url}/healthz").status_code == 200
                health.append(time.monotonic() - t)
            pending.join()
        assert pending.status in (202, 400), pending.status

        resp = httpx.post(
            f"{url}/articles",
            content=b"\n".join(json.dumps(o).encode() for o in good),
            headers=headers,
            timeout=60,
        )
        assert resp.status_code == 202, resp.text
        ids = sorted(json.loads(v)["id"] for v in read_topic(settings, settings.raw_topic))
        assert {"http-0", "http-1", "http-2"} <= set(ids)
        assert len(ids) == 3 + (pending.status == 202)  # nothing from the 400, nothing twice
        assert proc.poll() is None
    finally:
        stop(proc)
    print(
        f"\nRELIABILITY serve: half_sent=100 closed_after_s={closed_after:.1f} "
        f"healthz_during_parse_max_ms={max(health, default=0) * 1000:.0f} "
        f"healthz_answers={len(health)}"
    )


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class _Post:
    """A POST running in a thread, so the test can probe /healthz meanwhile."""

    def __init__(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        self.status = 0
        self._thread = threading.Thread(target=self._run, args=(url, body, headers))
        self._thread.start()

    def _run(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        self.status = httpx.post(
            url, content=body, headers={**headers, "Content-Type": "application/json"}, timeout=60
        ).status_code

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self) -> None:
        self._thread.join(60)


def _post_in_thread(url: str, body: bytes, headers: dict[str, str]) -> _Post:
    return _Post(url, body, headers)
