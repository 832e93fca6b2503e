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
