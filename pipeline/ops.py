"""Operator commands that read topics directly: dead letters list and replay.

They consume without a consumer group (manual assignment, from the start to
the end offsets seen at call time), so they never disturb the worker's group.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from pipeline.dlq import DeadLetter, ReplayMarker, read_message
from pipeline.errors import PermanentError
from pipeline.feeds.parse import article_from_record, wire_bytes
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import INPUT_FORMATS, Item, Parsed, read_bytes
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


@dataclass
class DlqView:
    """The dead-letter topic read whole: letters, and which were replayed.

    ``pending`` are the letters nobody replayed yet: what ``dlq list`` shows and
    what ``dlq replay`` without ``--id`` sends. A letter that failed again after
    a replay gets ``replay_of`` (from its own field, or by matching the raw-topic
    offset the replay wrote to), and the letter it came from is no longer
    pending: one failure, one entry, however many replays.
    """

    letters: list[DeadLetter] = field(default_factory=list)
    markers: dict[str, ReplayMarker] = field(default_factory=dict)

    @property
    def pending(self) -> list[DeadLetter]:
        return [d for d in self.letters if d.id not in self.markers]


def read_dlq(settings: Settings) -> DlqView:
    view = DlqView()
    seen: set[str] = set()
    for raw in read_topic(settings, settings.dlq_topic):
        try:
            msg = read_message(raw)
        except ValueError:
            log.warning("unreadable dead letter skipped: %r", raw[:80])
            continue
        if isinstance(msg, ReplayMarker):
            view.markers.setdefault(msg.of, msg)
        elif msg.id not in seen:  # the same letter sent twice (a retried send) counts once
            seen.add(msg.id)
            view.letters.append(msg)
    came_from = {
        (topic, part, off): m.of for m in view.markers.values() for topic, part, off in m.sent_to
    }
    for d in view.letters:
        if d.replay_of is None and d.source_topic is not None:
            d.replay_of = came_from.get((d.source_topic, d.partition or 0, d.offset or 0))
    return view


def read_dead_letters(settings: Settings) -> list[DeadLetter]:
    """Every dead letter on the topic (replayed or not), each once."""
    return read_dlq(settings).letters


def replay_payload(letter: DeadLetter) -> bytes:
    """What goes back to the raw topic for a letter of a topic stage.

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


@dataclass
class ReplayReport:
    replayed: list[str] = field(default_factory=list)  # letter ids re-sent
    published: int = 0  # articles (or raw records) sent to the raw topic
    refailed: int = 0  # new letters for items that failed again while being read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (id, why)


def _reread(letter: DeadLetter, max_bytes: int) -> list[Item]:
    """The items of a producer-side letter, read again with today's readers."""
    fmt = letter.format if letter.format in INPUT_FORMATS else "auto"
    items = list(read_bytes(letter.file or "<replay>", letter.payload, max_bytes, fmt))
    if len(items) > 1 and letter.line is not None:
        items = [i for i in items if i.line == letter.line] or items
    return items


def replay(settings: Settings, ids: set[str], *, force: bool = False) -> ReplayReport:
    """Re-send dead letters once each: the pending ones, or those named by ``ids``.

    A letter already replayed is skipped unless ``force``; a letter whose bytes
    were cut is never replayed. Letters of a topic stage go back to the raw
    topic as bytes; letters of a reader (file, feed, HTTP body) are read again
    with the reader of their format, so NewsML, RSS and agency text replay too.
    A marker is written only once everything a letter produced is acknowledged.
    """
    view = read_dlq(settings)
    by_id = {d.id: d for d in view.letters}
    report = ReplayReport()
    chosen: list[DeadLetter] = []
    for i in sorted(ids):
        if i not in by_id:
            report.skipped.append((i, "no such dead letter"))
    for d in view.letters if ids else view.pending:
        if ids and d.id not in ids:
            continue
        if d.id in view.markers and not force:
            at = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(view.markers[d.id].at))
            report.skipped.append((d.id, f"already replayed at {at} UTC (--force to resend)"))
        elif not d.replayable or not d.payload:
            report.skipped.append((d.id, "its bytes were not kept whole: cannot be replayed"))
        else:
            chosen.append(d)
    if not chosen:
        return report
    pub = Publisher(settings)
    try:
        for d in chosen:
            marker = ReplayMarker(of=d.id)
            pending: list[Any] = []
            if d.format == "wire" or d.stage != "produce":
                fut = pub.producer.send(
                    settings.raw_topic,
                    key=(d.article_id or d.id).encode(),
                    value=replay_payload(d),
                    headers=[("dlq.replay_of", d.id.encode())],
                )
                pending.append(("raw", fut))
            else:
                for item in _reread(d, settings.max_article_bytes):
                    if isinstance(item, Parsed):
                        pending.append(("raw", pub.send_article(item.article)))
                    else:
                        again = DeadLetter.build(
                            item.payload,
                            item.reason,
                            item.code,
                            "produce",
                            format=d.format,
                            replay_of=d.id,
                            file=item.file,
                            line=item.line if item.line is not None else d.line,
                        )
                        marker.refailed.append(again.id)
                        pending.append(("dlq", pub.send_dead_letter(again)))
            pub.producer.flush()
            for kind, fut in pending:
                md = fut.get(timeout=60)
                if kind == "raw":
                    marker.published += 1
                    marker.sent_to.append((md.topic, md.partition, md.offset))
            pub.producer.send(
                settings.dlq_topic,
                key=f"replayed:{d.id}".encode(),
                value=marker.to_bytes(),
                headers=[("dlq.kind", b"replayed")],
            ).get(timeout=60)
            report.replayed.append(d.id)
            report.published += marker.published
            report.refailed += len(marker.refailed)
    finally:
        pub.close()
    return report


def replay_dead_letters(settings: Settings, ids: set[str]) -> int:
    """Replay and return how many letters were re-sent (see :func:`replay`)."""
    return len(replay(settings, ids).replayed)


def committed_offsets(settings: Settings, topic: str) -> dict[int, int | None]:
    """The worker group's committed offset per partition of ``topic`` (None: nothing yet).

    The next offset the group will read: on a topic whose offsets start at 0,
    their sum is how many records the group has finished. Reads them without
    joining the group.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=settings.app_id,
        enable_auto_commit=False,
        **settings.kafka_client_config(),
    )
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        return {p: consumer.committed(TopicPartition(topic, p)) for p in sorted(parts)}
    finally:
        consumer.close(autocommit=False)


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
        for topic in (settings.raw_topic, settings.enriched_topic, settings.alerts_topic):
            parts = consumer.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in parts]
            if not tps:
                continue
            end = consumer.end_offsets(tps)
            lag[topic] = sum(max(0, end[tp] - (consumer.committed(tp) or 0)) for tp in tps)
        return lag
    finally:
        consumer.close(autocommit=False)
