"""An agent's sends through a real producer and the real local broker: what the
producer refuses for good comes back for the dead-letter topic, the rest is on
the broker exactly once.

The local broker does not enforce a topic's ``max.message.bytes`` (a 2 MB
record into a topic limited to 2,000 bytes was accepted when measured), so the
refusal comes from the producer's own size check, which raises the same
``MessageSizeTooLargeError`` a Kafka broker's answer becomes. A broker that
refuses by being unreachable is covered in ``tests/e2e/test_faults.py``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import AIOKafkaProducer

from pipeline.agentkit import send_confirmed
from pipeline.ops import read_topic
from pipeline.settings import Settings
from pipeline.topics import ensure_topics

LIMIT = 64 * 1024


class ProducerTopic:
    """The part of a Faust topic ``send_confirmed`` uses, on a real aiokafka producer."""

    def __init__(self, producer: AIOKafkaProducer, name: str) -> None:
        self.producer, self.name = producer, name

    async def send(self, key: bytes, value: bytes) -> Any:
        return await self.producer.send(self.name, key=key, value=value)


def test_a_send_refused_for_its_size_is_handed_back_and_the_rest_delivered(
    settings: Settings,
) -> None:
    ensure_topics(settings)
    topic = settings.dlq_topic

    async def go() -> list[Any]:
        producer = AIOKafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap, max_request_size=LIMIT, acks="all"
        )
        await producer.start()
        try:
            t = ProducerTopic(producer, topic)
            items = [
                (t, b"small-1", b"x" * 100),
                (t, b"too-big", b"y" * (LIMIT * 2)),
                (t, b"small-2", b"z" * 100),
            ]
            return await asyncio.wait_for(send_confirmed(items, "test"), 60)
        finally:
            await producer.stop()

    refused = asyncio.run(go())
    assert [
        (item[1], reason.startswith("output refused by the broker")) for item, reason in refused
    ] == [(b"too-big", True)]
    assert sorted(read_topic(settings, topic)) == [b"x" * 100, b"z" * 100]
