"""The search sink through a fault proxy: what is transient is retried, loudly.

A whole bulk answered 5xx, a connection reset, or a write block on the index
must neither lose nor dead-letter a good document; a whole bulk refused for
good (401) must stop the worker rather than be acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from pipeline.errors import FatalError
from pipeline.index.writer import SearchSink
from pipeline.metrics import INDEX_BACKLOG, INDEX_RETRIES
from pipeline.settings import Settings
from pipeline.stack import LocalStack, StackState
from tests.faultproxy import FaultProxy
from tests.helpers import es_call, fetch_docs
from tests.integration.test_index_writer import article


def retries(reason: str) -> float:
    value: float = INDEX_RETRIES.labels(reason=reason)._value.get()
    return value


def proxy_for(state: StackState) -> FaultProxy:
    return FaultProxy(("127.0.0.1", int(state.es_url.rsplit(":", 1)[1])), http=True)


async def set_up(settings: Settings) -> None:
    sink = SearchSink(settings)
    try:
        await sink.setup()
    finally:
        await sink.close()


async def write_through(settings: Settings, url: str, n: int) -> Any:
    sink = SearchSink(settings.model_copy(update={"es_url": url}))
    sink.max_backoff = 1.0
    try:
        return await sink.write([article(f"d{i}") for i in range(n)])
    finally:
        await sink.close()


def test_whole_bulk_5xx_is_retried_until_acknowledged(
    settings: Settings,
    local_stack: tuple[LocalStack, StackState],
    caplog: pytest.LogCaptureFixture,
) -> None:
    asyncio.run(set_up(settings))
    before = retries("status_5xx")
    with proxy_for(local_stack[1]) as proxy:
        proxy.http_error(500, every=2)
        with caplog.at_level(logging.WARNING):
            res = asyncio.run(write_through(settings, f"http://{proxy.address}", 30))
    assert sorted(res.indexed) == sorted(f"d{i}" for i in range(30))
    assert not res.rejected and res.attempts > 1
    assert retries("status_5xx") > before
    assert "bulk write not acknowledged (status_5xx)" in caplog.text
    assert len(fetch_docs(settings, [f"d{i}" for i in range(30)])) == 30
    assert INDEX_BACKLOG.labels(index="articles")._value.get() == 0


@pytest.mark.parametrize(("status", "reason"), [(429, "status_429"), (503, "status_5xx")])
def test_items_refused_with_429_or_5xx_are_written_again(
    settings: Settings,
    local_stack: tuple[LocalStack, StackState],
    caplog: pytest.LogCaptureFixture,
    status: int,
    reason: str,
) -> None:
    """A bulk answered 200 with some items refused as busy: only those are sent again.

    The proxy keeps every third document from the server and answers it as a
    failed item, so a document is in the index only if the sink wrote it again.
    """
    asyncio.run(set_up(settings))
    before = retries(reason)
    ids = [f"d{i}" for i in range(30)]
    with proxy_for(local_stack[1]) as proxy:
        proxy.bulk_item_error(status, every=3)
        with caplog.at_level(logging.WARNING):
            res = asyncio.run(write_through(settings, f"http://{proxy.address}", 30))
        assert proxy.counters.item_errors >= 10
    assert sorted(res.indexed) == sorted(ids)
    assert not res.rejected and not res.stale and res.attempts > 1
    assert retries(reason) > before
    # the first pass: 10 of 30 held back, and the gauge said so while they waited
    assert f"bulk write not acknowledged ({reason}); 10 documents wait" in caplog.text
    assert len(fetch_docs(settings, ids)) == 30
    assert INDEX_BACKLOG.labels(index="articles")._value.get() == 0


def test_connection_resets_are_retried_until_acknowledged(
    settings: Settings, local_stack: tuple[LocalStack, StackState]
) -> None:
    """Every request reset until the first retry is counted, then healed."""
    asyncio.run(set_up(settings))
    before = retries("connection")

    async def go(proxy: FaultProxy) -> Any:
        task = asyncio.create_task(write_through(settings, f"http://{proxy.address}", 30))
        while retries("connection") == before:
            await asyncio.sleep(0.1)
        proxy.heal()
        return await task

    with proxy_for(local_stack[1]) as proxy:
        proxy.reset_every(1)
        res = asyncio.run(asyncio.wait_for(go(proxy), 60))
        assert proxy.counters.resets >= 2
    assert sorted(res.indexed) == sorted(f"d{i}" for i in range(30))
    assert not res.rejected and res.attempts > 1


def test_write_block_is_waited_out_not_dead_lettered(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    asyncio.run(set_up(settings))

    async def block(on: bool) -> None:
        await asyncio.to_thread(
            es_call,
            settings,
            lambda c: c.indices.put_settings(
                index=settings.write_index, settings={"index.blocks.write": on}
            ),
        )

    async def go() -> Any:
        await block(True)
        task = asyncio.create_task(write_through(settings, settings.es_url, 5))
        while retries("cluster_block") == before:
            await asyncio.sleep(0.1)
        waiting = INDEX_BACKLOG.labels(index="articles")._value.get()
        await block(False)
        return await task, waiting

    before = retries("cluster_block")
    with caplog.at_level(logging.WARNING):
        res, waiting = asyncio.run(asyncio.wait_for(go(), 60))
    assert sorted(res.indexed) == [f"d{i}" for i in range(5)] and not res.rejected
    assert waiting == 5
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert any("cluster_block" in r.getMessage() for r in errors), "a block is logged as an error"


def test_bulk_refused_for_good_is_fatal(
    settings: Settings, local_stack: tuple[LocalStack, StackState]
) -> None:
    asyncio.run(set_up(settings))
    with proxy_for(local_stack[1]) as proxy:
        proxy.http_error(401)
        with pytest.raises(FatalError, match="401"):
            asyncio.run(write_through(settings, f"http://{proxy.address}", 3))


def test_an_alert_version_is_written_once(settings: Settings) -> None:
    """A second writer of the same (alert id, version), such as a frozen route
    worker that woke up after its successor sent the alert, gets a 409."""

    async def go() -> list[Any]:
        sink = SearchSink(settings)
        try:
            await sink.setup_alerts()
            out = []
            for version, who in ((1, "successor"), (1, "woken worker"), (2, "update")):
                doc = {"id": "a1", "rule": "r", "story_id": "s", "snippet": who}
                out.append(
                    await sink.write_docs(
                        settings.alerts_index, {"a1": (version, doc, None)}, "external"
                    )
                )
            return out
        finally:
            await sink.close()

    first, again, update = asyncio.run(go())
    assert (first.indexed, again.stale, update.indexed) == (["a1"], ["a1"], ["a1"])
    assert not again.indexed
