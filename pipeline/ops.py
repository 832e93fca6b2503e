"""Operator commands that read topics directly: dead letters list and replay.

They consume without a consumer group (manual assignment, from the start to
the end offsets seen at call time), so they never disturb the worker's group.
"""

from __future__ import annotations

import logging

from kafka import KafkaConsumer, TopicPartition

from pipeline.dlq import DeadLetter
from pipeline.errors import PermanentError
from pipeline.feeds.parse import article_from_record, wire_bytes
from pipeline.feeds.producer import make_producer
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def read_topic(settings: Settings, topic: str, timeout_s: float = 10.0) -> list[bytes]:
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=None,
        enable_auto_commit=False,
        consumer_timeout_ms=int(timeout_s * 1000),
        **settings.kafka_client_config(),
    )
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return []
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        # Read until a poll comes back empty after the end offsets seen at the
        # start: end offsets alone are not trusted (Tansu under-reports the end
        # of a partition written in multi-record batches).
        end = consumer.end_offsets(tps)
        out: list[bytes] = []
        while True:
            batch = consumer.poll(timeout_ms=1000)
            if not batch:
                if all(consumer.position(tp) >= end[tp] for tp in tps):
                    break
                batch = consumer.poll(timeout_ms=int(timeout_s * 1000))
                if not batch:
                    break
            for records in batch.values():
                out.extend(r.value for r in records)
        return out
    finally:
        consumer.close()


def read_dead_letters(settings: Settings) -> list[DeadLetter]:
    letters = []
    for raw in read_topic(settings, settings.dlq_topic):
        try:
            letters.append(DeadLetter.model_validate_json(raw))
        except ValueError:
            log.warning("unreadable dead letter skipped: %r", raw[:80])
    return letters


def replay_payload(letter: DeadLetter) -> bytes:
    """What goes back to the raw topic for a letter.

    Letters from the raw topic's readers hold the bytes as they arrived. Letters
    from the later stages hold the record those stages read, whose text was
    normalised already: it goes back in wire form, so it is not unescaped twice.
    """
    if letter.stage in ("route", "index"):
        try:
            return wire_bytes(article_from_record(letter.payload))
        except PermanentError:
            pass  # not a record: replayed as it is, to be dead-lettered again with its reason
    return letter.payload


def replay_dead_letters(settings: Settings, ids: set[str]) -> int:
    """Send the original payloads back to the raw topic; returns how many."""
    letters = [d for d in read_dead_letters(settings) if not ids or d.id in ids]
    producer = make_producer(settings)
    try:
        futs = [
            producer.send(
                settings.raw_topic, key=(d.article_id or d.id).encode(), value=replay_payload(d)
            )
            for d in letters
            if d.payload
        ]
        producer.flush()
        for f in futs:
            f.get(timeout=30)
        return len(futs)
    finally:
        producer.close()


def consumer_lag(settings: Settings) -> dict[str, int]:
    """Messages not yet processed per input topic of the worker's group (0 when caught up).

    Reads the group's committed offsets without joining the group.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=settings.app_id,
        enable_auto_commit=False,
        **settings.kafka_client_config(),
    )
    try:
        lag: dict[str, int] = {}
        for topic in (settings.raw_topic, settings.enriched_topic, settings.clustered_topic):
            parts = consumer.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in parts]
            if not tps:
                continue
            end = consumer.end_offsets(tps)
            lag[topic] = sum(max(0, end[tp] - (consumer.committed(tp) or 0)) for tp in tps)
        return lag
    finally:
        consumer.close(autocommit=False)
