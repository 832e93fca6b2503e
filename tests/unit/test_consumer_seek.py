"""The worker's consumer never passes over records fetched while an assignment is sought.

The consumer's own paths (``pipeline.app._Consumer``) are run against a
partition log kept here: the client's fetch (Faust's ``_getmany``) hands out
records from a position and moves it, and a seek sets it. Nothing else of
Faust or Kafka is involved; the e2e fault tests run the same code on the
local broker, where the race below happens by timing only.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import TP

from pipeline import app as app_module
from pipeline.ledger import OffsetLedger

RAW = TP("raw", 0)


class _Consumer(app_module._Consumer):
    """The pipeline's consumer over a 30-record partition, without Faust's service."""

    def __init__(self) -> None:  # Faust's own set-up needs a running app
        self.app = SimpleNamespace(offset_ledger=OffsetLedger(["raw"]), rebalancing=False)
        self._read_offset = app_module._ReadOffsets(lambda topic: True)
        self._seeks_begun: dict[TP, int] = {}
        self._seeking: set[TP] = set()
        self._positioned: set[TP] = set()
        self._sought: dict[TP, int] = {}
        self._seek_again: set[TP] = set()
        self._committed_offset: dict[TP, int | None] = {}
        self.position = 0  # where the client's next fetch of RAW starts
        self.end = 30

    def assignment(self) -> set[TP]:
        return {RAW}

    async def seek_wait(self, partitions: Any) -> None:
        self.position = partitions[RAW]


async def client_fetch(self: _Consumer, active: Any, timeout: float) -> dict[TP, list[Any]]:
    """The client's fetch: up to 11 records from the position, which moves past them."""
    first, self.position = self.position, min(self.position + 11, self.end)
    return {RAW: [SimpleNamespace(offset=o) for o in range(first, self.position)]}


def offsets(fetched: dict[TP, list[Any]]) -> list[int]:
    return [r.offset for r in fetched.get(RAW, [])]


@pytest.fixture
def consumer(monkeypatch: pytest.MonkeyPatch) -> _Consumer:
    monkeypatch.setattr(aiokafka_driver.Consumer, "_getmany", client_fetch)
    return _Consumer()


async def test_records_fetched_after_the_partition_was_sought_are_fetched_again(
    consumer: _Consumer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker taking over: committed 11. The assignment's seek puts the
    # client at 11, and a fetch returns 11-21 before the seek of the other
    # partitions is done; those records are dropped as not yet positioned.
    during: list[list[int]] = []

    async def seek_to_committed(self: _Consumer) -> None:
        self.position = 11
        self._committed_offset[RAW] = 11
        during.append(offsets(await self._getmany(None, 0.0)))

    monkeypatch.setattr(aiokafka_driver.Consumer, "perform_seek", seek_to_committed)
    await consumer.perform_seek()
    assert consumer.position == 22, "the fetch during the seek moved the client on"
    assert during == [[]], "records of a partition not yet positioned are held back"
    assert offsets(await consumer._getmany(None, 0.0)) == list(range(11, 22))


async def test_without_a_committed_offset_records_fetched_before_the_seek_are_not_lost(
    consumer: _Consumer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh group: the client starts at the earliest record and fetches 0-10
    # before the assignment's seek, which moves nothing (it seeks only past 0).
    assert offsets(await consumer._getmany(None, 0.0)) == []

    async def nothing_committed(self: _Consumer) -> None:
        pass

    monkeypatch.setattr(aiokafka_driver.Consumer, "perform_seek", nothing_committed)
    await consumer.perform_seek()
    got = offsets(await consumer._getmany(None, 0.0))
    got += offsets(await consumer._getmany(None, 0.0))
    assert got[:11] == list(range(11))
    consumer.app.offset_ledger.finish(RAW, got, now=0.0)
    assert consumer.app.offset_ledger.committable(RAW) == 22
