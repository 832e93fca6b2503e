"""Every topic the pipeline uses, declared once.

Topics are created explicitly, with the partition count the app declares,
before anything produces or consumes: a broker that auto-creates topics may
pick another count, and Faust refuses tables whose changelog partitions differ
from their source topic's.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from faust.types import TopicT
from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from pipeline.errors import FatalError, TransientError
from pipeline.retry import retrying
from pipeline.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Topics:
    """The app's Faust topics, one per entry of ``topic_specs``."""

    raw: TopicT
    enriched: TopicT
    dlq: TopicT
    alerts: TopicT
    # Canonical names learned from earlier articles ("putin" -> "Vladimir
    # Putin"). A GlobalTable: every worker reads all of it, whichever
    # partitions it owns, and it is rebuilt from its changelog after a restart.
    names: Any = None


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    purpose: str


def topic_specs(settings: Settings) -> list[TopicSpec]:
    p = settings.partitions
    return [
        TopicSpec(settings.raw_topic, p, "articles as published by feeds (wire contract)"),
        # One partition: story assignment and alert dedup need one ordered view
        # of the stream (they cost ~2 ms an article against ~20 ms for NER). The
        # route stage reads it and writes each article to the search index itself.
        TopicSpec(settings.enriched_topic, 1, "articles with entities and dates"),
        TopicSpec(settings.dlq_topic, 1, "dead letters: bad input with its reason"),
        TopicSpec(settings.alerts_topic, p, "alerts fired by rules"),
    ]


def tcp_reachable(bootstrap: str, timeout: float = 2.0) -> bool:
    """True when any bootstrap address accepts a TCP connection."""
    for hostport in bootstrap.split(","):
        host, _, port = hostport.strip().rpartition(":")
        try:
            with socket.create_connection((host or "localhost", int(port)), timeout=timeout):
                return True
        except (OSError, ValueError):
            continue
    return False


def _unreachable(settings: Settings, attempts: int) -> FatalError:
    return FatalError(
        f"Kafka broker at {settings.kafka_bootstrap} is not reachable after {attempts} "
        "attempts; is it running? (pipeline stack up)"
    )


def wait_for_broker(settings: Settings, attempts: int = 5) -> None:
    """Bounded retries with backoff, then a clear fatal error (never a hang or a crash loop).

    kafka-python clients retry an unreachable bootstrap server for a long time
    on their own, so reachability is checked first.
    """
    try:
        for attempt in retrying(f"broker {settings.kafka_bootstrap}", attempts=attempts):
            with attempt:
                if not tcp_reachable(settings.kafka_bootstrap):
                    raise TransientError("not reachable")
    except TransientError:
        raise _unreachable(settings, attempts) from None


def kafka_client(settings: Settings, factory: Callable[[], T], attempts: int = 5) -> T:
    """Build a kafka-python client with bounded retries and backoff; never hang or loop.

    Reachability is checked first (kafka-python retries an unreachable
    bootstrap server for minutes on its own); a broker that never answers is
    fatal, with a message that names it.
    """
    wait_for_broker(settings, attempts)
    try:
        for attempt in retrying(f"broker {settings.kafka_bootstrap}", attempts=attempts):
            with attempt:
                return factory()
    except KafkaError:
        raise _unreachable(settings, attempts) from None
    raise AssertionError("unreachable")


def connect_admin(settings: Settings, attempts: int = 5) -> KafkaAdminClient:
    return kafka_client(
        settings,
        lambda: KafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap,
            client_id=f"{settings.app_id}-admin",
            request_timeout_ms=10_000,
            **settings.kafka_client_config(),
        ),
        attempts,
    )


def delete_topics(settings: Settings, names: list[str], timeout: float = 30.0) -> list[str]:
    """Delete the topics that exist among ``names``; wait until they are gone."""
    admin = connect_admin(settings)
    try:
        existing = [n for n in names if n in set(admin.list_topics())]
        if existing:
            admin.delete_topics(existing)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and set(existing) & set(admin.list_topics()):
            time.sleep(0.2)
        return existing
    finally:
        admin.close()


def list_topic_names(settings: Settings) -> list[str]:
    admin = connect_admin(settings)
    try:
        return sorted(admin.list_topics())
    finally:
        admin.close()


def ensure_topics(settings: Settings) -> list[str]:
    """Create missing topics; return the names created."""
    admin = connect_admin(settings)
    try:
        existing = set(admin.list_topics())
        wanted = [s for s in topic_specs(settings) if s.name not in existing]
        created = []
        for spec in wanted:
            try:
                admin.create_topics([NewTopic(spec.name, spec.partitions, settings.replication)])
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass
        if created:
            log.info("created topics %s", created)
        return created
    finally:
        admin.close()
