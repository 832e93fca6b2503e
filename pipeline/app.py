"""The Faust application: topics declared once, agent modules listed explicitly.

Values travel as raw bytes and are decoded inside the agents, not by Faust:
a value Faust fails to deserialize crashes the agent and is acked anyway, so
decoding is ours, and a bad message becomes a dead letter with its reason.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import faust
import faust.transport.drivers.aiokafka as aiokafka_driver
from faust.types import TP

from pipeline.ledger import OffsetLedger
from pipeline.metrics import OFFSET_REFETCHES
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


# A partition whose first unfinished offset has had later offsets finished
# for this long is fetched again from that offset (see OffsetLedger.holes).
# Inside one agent a partition is processed in order, so a real hole shows up
# at once; the wait only keeps a refetch from racing a seek already under way.
REFETCH_HOLE_AFTER = 5.0


class _ReadOffsets(defaultdict[TP, int | None]):
    """Faust's read offsets, blind on the agents' topics.

    Faust drops a fetched record below the partition's read offset as read
    already. A fetch made before a seek can go on yielding after it and move
    that offset past records the seek is about to fetch again, which are then
    dropped for the whole life of the process (seen after restarts on the
    local stack). On the agents' topics the ledger drops what is finished
    instead (``_Consumer._getmany``); a record in flight may come twice, and
    the stages are idempotent.
    """

    def __init__(self, governs: Callable[[str], bool]) -> None:
        super().__init__(lambda: None)
        self._governs = governs

    def __getitem__(self, tp: TP) -> int | None:
        return None if self._governs(tp.topic) else super().__getitem__(tp)


class _Consumer(aiokafka_driver.Consumer):
    """Commits what the agents finished (``pipeline.ledger``), not what Faust acknowledged.

    On the agents' topics it also hands the streams only records whose
    position it knows: records from a fetch that overlapped a seek of their
    partition are dropped and the partition is sought again to its first
    unfinished offset, so a record is never passed over by a seek racing a
    fetch (Faust resumes the flow before it seeks a restarted worker's
    partitions to their committed offsets).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_offset = _ReadOffsets(lambda topic: self._ledger.governs(topic))
        self._seeks_begun: dict[TP, int] = {}  # per partition, seeks begun
        self._seeking: set[TP] = set()  # partitions with a seek under way
        self._positioned: set[TP] = set()  # sought by this process since assigned
        self._sought: dict[TP, int] = {}  # where the last seek put a partition
        self._seek_again: set[TP] = set()  # to be sought to their first unfinished offset

    def _new_consumer_thread(self) -> Any:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    @property
    def _ledger(self) -> OffsetLedger:
        return cast("PipelineApp", self.app).offset_ledger

    def _seek_begins(self, tps: Iterable[TP]) -> None:
        for tp in tps:
            self._seeks_begun[tp] = self._seeks_begun.get(tp, 0) + 1
            self._seeking.add(tp)

    async def perform_seek(self) -> None:
        governed = {tp for tp in self.assignment() if self._ledger.governs(tp.topic)}
        self._seek_begins(governed)
        try:
            await super().perform_seek()
        finally:
            self._seeking -= governed
        for tp in governed:
            committed = self._committed_offset.get(tp)
            self._ledger.begin(tp, committed)
            self._positioned.add(tp)
            # A partition in _seek_again stays there: its records were dropped
            # while this seek was under way, possibly after the partition was
            # sought, or it was not sought at all (no committed offset: the
            # client seeks only past offset 0). Seeking it again is cheap.
            if committed is not None:
                self._sought[tp] = committed
            else:
                self._sought.pop(tp, None)

    async def _seek_to_unfinished(self, tp: TP) -> None:
        offset = self._ledger.committable(tp)
        # No committed offset and nothing fetched yet: offset 0 resets to the
        # earliest record (auto_offset_reset), where such a partition starts.
        target = 0 if offset is None else offset
        self._seek_begins([tp])
        try:
            await self.seek_wait({tp: target})
        finally:
            self._seeking.discard(tp)
        self._sought[tp] = target

    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        # Faust waits for the agents to finish what they hold and commits it;
        # only then are the partitions no longer ours.
        await super().on_partitions_revoked(revoked)
        self._ledger.forget(revoked)
        self._positioned -= revoked
        self._seek_again -= revoked
        for tp in revoked:
            self._sought.pop(tp, None)

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        # Faust measures a gap from a read offset that a seek during a fetch can
        # leave stale, and commits the "gap" as done; the ledger learns real gaps
        # from the broker instead (``_getmany``).
        if not self._ledger.governs(tp.topic):
            await super()._add_gap(tp, offset_from, offset_to)

    def _new_offset(self, tp: TP) -> int | None:
        if not self._ledger.governs(tp.topic):
            offset: int | None = super()._new_offset(tp)
            return offset
        offset = self._ledger.committable(tp)
        acked = self._acked[tp]
        if offset is not None and acked:  # Faust's own bookkeeping: keep it from growing
            keep = [o for o in acked if o >= offset]
            acked[:] = keep
            self._acked_index[tp] = set(keep)
        return offset

    def _filter_tps_with_pending_acks(self, topics: Any = None) -> Iterator[TP]:
        for tp in self._ledger.tracked():
            if topics is None or tp in topics or tp.topic in topics:
                yield tp
        for tp in super()._filter_tps_with_pending_acks(topics):
            if not self._ledger.governs(tp.topic):
                yield tp

    async def _getmany(self, active_partitions: set[TP] | None, timeout: float) -> Any:
        if not self.app.rebalancing:
            for tp in list(self._seek_again - self._seeking):
                if tp in self._positioned:
                    self._seek_again.discard(tp)
                    try:
                        await self._seek_to_unfinished(tp)
                    except Exception as exc:  # noqa: BLE001 - e.g. revoked meanwhile; never kill the fetch loop
                        log.warning("%s: seeking again failed (%r); will retry", tp, exc)
                        if tp in self._positioned:
                            self._seek_again.add(tp)
        begun = dict(self._seeks_begun)
        seeking = set(self._seeking)
        records = await super()._getmany(active_partitions, timeout)
        ledger = self._ledger
        now = time.monotonic()
        out: dict[TP, list[Any]] = {}
        for tp, recs in records.items():
            if not recs or not ledger.governs(tp.topic):
                out[tp] = recs
                continue
            if tp not in self._positioned:
                # Fetched before the assignment's seek was done: the seek may
                # already be behind these records, or never happen (no committed
                # offset), so the partition is sought again once positioned.
                log.debug("%s: %d records fetched before positioning dropped", tp, len(recs))
                self._seek_again.add(tp)
                continue
            if tp in seeking or tp in self._seeking or self._seeks_begun.get(tp) != begun.get(tp):
                # The fetch overlapped a seek: from before or after it, no telling.
                log.debug("%s: %d records of a fetch overlapping a seek dropped", tp, len(recs))
                self._seek_again.add(tp)
                continue
            sought = self._sought.pop(tp, None)
            if sought is not None and recs[0].offset > sought:
                # The first record after a seek lies beyond it: what is between
                # does not exist on the broker (compacted, a transaction
                # marker, deleted by retention).
                n = ledger.skip(tp, sought, recs[0].offset, now)
                if n:
                    log.warning(
                        "%s: offsets %d-%d do not exist on the broker; counted as done",
                        tp,
                        sought,
                        recs[0].offset - 1,
                    )
            ledger.fetched(tp, recs[0].offset)
            # Records finished already (fetched again after a seek back) need no work.
            out[tp] = [r for r in recs if not ledger.is_done(tp, r.offset)]
        return out

    async def force_commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        did_commit: bool = await super().force_commit(topics, start_new_transaction)
        if not self.app.rebalancing:  # the assignment's own seek comes first
            now = time.monotonic()
            for tp, offset in list(self._ledger.holes(now, REFETCH_HOLE_AFTER)):
                if tp in self._positioned and tp not in self._seek_again:
                    log.warning(
                        "%s: offset %d was never processed although later ones were; "
                        "fetching again from it",
                        tp,
                        offset,
                    )
                    OFFSET_REFETCHES.inc()
                    self._ledger.refetching(tp, now)
                    self._seek_again.add(tp)
        return did_commit


class _Transport(aiokafka_driver.Transport):
    Consumer = _Consumer


class PipelineApp(faust.App):
    """A Faust app whose Kafka consumer honours ``FETCH_MAX_WAIT_MS`` and commits from a ledger."""

    offset_ledger: OffsetLedger

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
        # The broker's limit, which the table stores' parts are sized from
        # (pipeline/tablestore.py); Faust's own default is 1,000,000 bytes.
        producer_max_request_size=s.kafka_max_message_bytes,
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
    from pipeline.route.agents import register as register_route

    for register in (register_enrich, register_route, register_alerts):
        register(app, topics, s)
    # What the agents finished, per input partition: the only source of commits.
    app.offset_ledger = OffsetLedger((s.raw_topic, s.enriched_topic, s.alerts_topic))
    # Read by _ConsumerThread; Faust's settings object has no field for it.
    app.conf.fetch_max_wait_ms_setting = int(s.fetch_max_wait_ms)
    return app, topics
