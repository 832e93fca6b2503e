"""Test helpers that run real processes and poll real services (bounded waits, never sleeps),
and the one reader of date expressions the date rule tests share."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpcore
from kafka import KafkaConsumer, TopicPartition

from pipeline.bench.waits import wait_for as wait_for  # one bounded wait, shared with the benches
from pipeline.enrich.dates import extract_dates
from pipeline.index.writer import make_client
from pipeline.settings import Settings


def settings_env(settings: Settings) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.isupper()
        or k
        in (
            "PATH",
            "HOME",
            "LANG",
            "LC_ALL",
            "TMPDIR",
            "PYTHONPATH",
            "VIRTUAL_ENV",
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
        )
    }
    env.update(
        KAFKA_BOOTSTRAP=settings.kafka_bootstrap,
        ES_URL=settings.es_url,
        STATE_DIR=str(settings.state_dir),
        APP_ID=settings.app_id,
        TOPIC_PREFIX=settings.topic_prefix,
        INDEX_PREFIX=settings.index_prefix,
        PARTITIONS=str(settings.partitions),
        ENRICH_WITHIN=str(settings.enrich_within),
        LOG_LEVEL="info",
    )
    return env


@contextlib.contextmanager
def running_worker(
    settings: Settings, log: Path, **extra_env: str
) -> Iterator[subprocess.Popen[bytes]]:
    proc = start_worker(settings, log, **extra_env)
    try:
        yield proc
    finally:
        stop(proc)


def start_worker(
    settings: Settings, log: Path, module: str = "pipeline.cli", **extra_env: str
) -> subprocess.Popen[bytes]:
    env = settings_env(settings) | extra_env
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", module, "worker"],
        env=env,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )


def stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def es_call(settings: Settings, fn: Callable[[Any], Any]) -> Any:
    async def go() -> Any:
        client = make_client(settings)
        try:
            return await fn(client)
        finally:
            await client.close()

    return asyncio.run(go())


def fetch_docs(settings: Settings, ids: list[str]) -> dict[str, dict[str, Any]]:
    async def go(client: Any) -> dict[str, dict[str, Any]]:
        try:
            resp = await client.mget(index=settings.index_alias, ids=ids)
        except Exception:  # noqa: BLE001 - the index may not exist yet
            return {}
        return {d["_id"]: d for d in resp["docs"] if d.get("found")}

    result: dict[str, dict[str, Any]] = es_call(settings, go)
    return result


def topic_records(settings: Settings, topic: str) -> list[tuple[int, bytes | None, bytes | None]]:
    """(partition, key, value) of every record of ``topic``, offsets in order within
    each partition. Read until the broker has had nothing more for three polls, not
    up to the end offsets (the local broker under-reports them, docs/reliability.md)."""
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=None,
        enable_auto_commit=False,
        **settings.kafka_client_config(),
    )
    try:
        tps = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or [])]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        out: list[tuple[int, bytes | None, bytes | None]] = []
        empty = 0
        while empty < 3:
            got = consumer.poll(timeout_ms=1000)
            empty = 0 if got else empty + 1
            for tp, records in got.items():
                out.extend((tp.partition, r.key, r.value) for r in records)
        return sorted(out, key=lambda r: r[0])  # stable: offsets stay in order per partition
    finally:
        consumer.close()


def count_docs(settings: Settings) -> int:
    async def go(client: Any) -> int:
        try:
            await client.indices.refresh(index=settings.index_alias)
            return int((await client.count(index=settings.index_alias))["count"])
        except Exception:  # noqa: BLE001 - the index may not exist yet
            return -1

    result: int = es_call(settings, go)
    return result


class LoopbackRecorder(httpcore.NetworkBackend):
    """A network backend for the outbound guard's tests: it connects to 127.0.0.1 only
    and records every attempt as (host, port), so even a broken guard could not send a
    test's traffic off the machine."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, int]] = []
        self.real = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.attempts.append((host, port))
        if host != "127.0.0.1":
            raise httpcore.ConnectError(f"test refuses to leave loopback ({host})")
        return self.real.connect_tcp(host, port, timeout, local_address, socket_options)


def dated(text: str, published: date | None) -> list[tuple[str, str, str | None]]:
    """(text, type, value) of every date expression found, for the date rule tests."""
    return [(t.text, t.type, t.value) for t in extract_dates(text, published)]


def timed(text: str, published: date | None) -> list[tuple[str, str, str | None]]:
    """The TIME expressions of :func:`dated` (clock times and parts of the day)."""
    return [t for t in dated(text, published) if t[1] == "TIME"]
