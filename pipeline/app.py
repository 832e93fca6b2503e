"""The Faust application: topics declared once, agent modules listed explicitly.

Values travel as raw bytes and are decoded inside the agents, not by Faust:
a value Faust fails to deserialize crashes the agent and is acked anyway, so
decoding is ours, and a bad message becomes a dead letter with its reason.
"""

from __future__ import annotations

import logging
from typing import Any

import faust
import faust.transport.drivers.aiokafka as aiokafka_driver

from pipeline.settings import Settings
from pipeline.topics import Topics, topic_specs

log = logging.getLogger(__name__)


class _ConsumerThread(aiokafka_driver.AIOKafkaConsumerThread):
    """Faust builds its aiokafka consumer with ``fetch_max_wait_ms=1500`` fixed; a
    broker that holds a fetch for that long when no data is ready adds up to that
    much latency at every hop of a multi-stage pipeline. Make it a setting."""

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = self.app.conf.fetch_max_wait_ms_setting
        return consumer


class _Consumer(aiokafka_driver.Consumer):
    def _new_consumer_thread(self) -> Any:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class _Transport(aiokafka_driver.Transport):
    Consumer = _Consumer


class PipelineApp(faust.App):
    """A Faust app whose Kafka consumer honours ``FETCH_MAX_WAIT_MS``."""

    def _new_transport(self) -> Any:
        return _Transport(self.conf.broker_consumer, self)


def broker_url(bootstrap: str) -> str:
    return ";".join(f"kafka://{h.strip()}" for h in bootstrap.split(",") if h.strip())


def create_app(settings: Settings) -> tuple[faust.App, Topics]:
    s = settings
    datadir = s.state_dir / "faust" / s.app_id
    datadir.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {}
    if s.kafka_security_protocol.startswith("SASL"):
        import ssl

        ctx = ssl.create_default_context(
            cafile=str(s.kafka_ssl_cafile) if s.kafka_ssl_cafile else None
        )
        kwargs["broker_credentials"] = faust.SASLCredentials(
            username=s.kafka_sasl_username,
            password=s.kafka_sasl_password.get_secret_value() if s.kafka_sasl_password else None,
            mechanism=s.kafka_sasl_mechanism,
            ssl_context=ctx if s.kafka_security_protocol == "SASL_SSL" else None,
        )
    elif s.kafka_security_protocol == "SSL":
        import ssl

        kwargs["broker_credentials"] = ssl.create_default_context(
            cafile=str(s.kafka_ssl_cafile) if s.kafka_ssl_cafile else None
        )
    app = PipelineApp(
        s.app_id,
        broker=broker_url(s.kafka_bootstrap),
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=s.partitions,
        topic_replication_factor=s.replication,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        # A killed worker's partitions move on after the session timeout, not
        # Faust's ~60-110 s default (see PLATFORM.md).
        broker_session_timeout=s.session_timeout,
        broker_heartbeat_interval=s.heartbeat_interval,
        consumer_group_instance_id=s.worker_instance_id,
        # How long the coordinator waits for members to rejoin: a dead member
        # must not hold a rebalance for Faust's default 60 s.
        broker_rebalance_timeout=s.rebalance_timeout,
        broker_commit_interval=1.0,
        web_enabled=False,
        store="memory://",
        # Faust's check compares an in-memory read offset with the changelog's
        # highwater and, for the shared GlobalTable, finds it one ahead after a
        # member leaves (faust-streaming issue #158): the surviving worker
        # crashed on every such rebalance (tests/e2e/test_faults.py, frozen
        # route owner). A memory store keeps nothing across restarts, so the
        # check guards nothing here.
        recovery_consistency_check=False,
        datadir=str(datadir),
        **kwargs,
    )
    # Names and partition counts come from pipeline/topics.py, the one declaration.
    declared = {
        spec.name: app.topic(spec.name, partitions=spec.partitions) for spec in topic_specs(s)
    }
    topics = Topics(
        raw=declared[s.raw_topic],
        enriched=declared[s.enriched_topic],
        clustered=declared[s.clustered_topic],
        dlq=declared[s.dlq_topic],
        alerts=declared[s.alerts_topic],
    )
    # One partition and recovery_buffer_size=1: Faust's advice for a
    # GlobalTable shared by several workers; use_partitioner because writes
    # come from batches of the raw topic, whose partition count differs.
    topics.names = app.GlobalTable(
        "canonical-names",
        default=None,
        partitions=1,
        recovery_buffer_size=1,
        use_partitioner=True,
        key_type=bytes,
        value_type=bytes,
        help="name key -> canonical full name, learned across articles",
    )

    # The explicit list of agent modules.
    from pipeline.alerts.agents import register as register_alerts
    from pipeline.enrich.agents import register as register_enrich
    from pipeline.index.agents import register as register_index
    from pipeline.route.agents import register as register_route

    for register in (register_enrich, register_route, register_index, register_alerts):
        register(app, topics, s)
    # Read by _ConsumerThread; Faust's settings object has no field for it.
    app.conf.fetch_max_wait_ms_setting = int(s.fetch_max_wait_ms)
    return app, topics
