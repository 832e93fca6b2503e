"""Agents' sends: retried until the broker has them, a size refusal handed back to dead-letter."""

from __future__ import annotations

import asyncio
from typing import Any

import aiokafka.errors

from pipeline.agentkit import send_confirmed


class FlakyTopic:
    """A topic whose sends fail as scripted per key, then succeed; it records what it got."""

    def __init__(self, script: dict[bytes, list[BaseException]]) -> None:
        self.script = script
        self.got: list[bytes] = []

    async def send(self, key: bytes, value: bytes) -> Any:
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        failures = self.script.get(key, [])
        if failures:
            fut.set_exception(failures.pop(0))
        else:
            self.got.append(key)
            fut.set_result(None)
        return fut


def test_transient_failures_are_sent_again_and_a_size_refusal_is_returned() -> None:
    topic = FlakyTopic(
        {
            b"a": [aiokafka.errors.KafkaConnectionError(), aiokafka.errors.RequestTimedOutError()],
            b"big": [aiokafka.errors.MessageSizeTooLargeError()],
        }
    )
    items = [(topic, k, b"v") for k in (b"a", b"b", b"big")]
    refused = asyncio.run(send_confirmed(items, "test"))
    assert sorted(topic.got) == [b"a", b"b"]  # each once: "b" is not sent again with "a"
    assert [
        (item[1], reason.startswith("output refused by the broker")) for item, reason in refused
    ] == [(b"big", True)]


def test_an_unknown_send_error_is_retried_not_dead_lettered() -> None:
    topic = FlakyTopic({b"x": [RuntimeError("producer restarting")]})
    refused = asyncio.run(send_confirmed([(topic, b"x", b"v")], "test"))
    assert refused == [] and topic.got == [b"x"]


class SlowToStartTopic:
    """A topic whose first send waits (as the first send to a topic waits for its
    metadata) before it queues the record; it records the order records are queued."""

    def __init__(self) -> None:
        self.started = False
        self.queued: list[bytes] = []

    async def send(self, key: bytes, value: bytes) -> Any:
        if not self.started:
            self.started = True
            await asyncio.sleep(0.01)
        self.queued.append(value)
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        fut.set_result(None)
        return fut


def test_records_are_queued_in_the_order_given_even_when_the_first_send_waits() -> None:
    # The route stage sends an article, then (same batch) its correction: the
    # correction must be the later record on the partition, or the index keeps
    # the stale one.
    topic = SlowToStartTopic()
    values = [b"ord-04 original", b"ord-03", b"ord-04 corrected"]
    asyncio.run(send_confirmed([(topic, v.split()[0], v) for v in values], "test"))
    assert topic.queued == values


class RecordingFlakyTopic(FlakyTopic):
    def __init__(self, script: dict[bytes, list[BaseException]]) -> None:
        super().__init__(script)
        self.log: list[bytes] = []

    async def send(self, key: bytes, value: bytes) -> Any:
        fut = await super().send(key, value)
        if not fut.exception():
            self.log.append(value)
        return fut


def test_a_retry_resends_the_later_records_of_a_failed_key_after_it() -> None:
    topic = RecordingFlakyTopic({b"a": [aiokafka.errors.RequestTimedOutError()]})
    items = [(topic, b"a", b"a-stale"), (topic, b"b", b"b"), (topic, b"a", b"a-corrected")]
    assert asyncio.run(send_confirmed(items, "test")) == []
    # "a-corrected" got through in the first round; the stale record, sent again,
    # would follow it, so the correction is sent again after it.
    last = {v[:1]: v for v in topic.log}
    assert last == {b"a": b"a-corrected", b"b": b"b"}
    assert topic.log.count(b"b") == 1
