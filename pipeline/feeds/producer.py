"""Publish articles to the raw topic with kafka-python.

acks=all plus the idempotent producer: a retried send never writes a second
copy. The key is the stable article id. Rejected input goes to the dead-letter
topic with file, line and reason; the run goes on and ends with counts.

**Which partition.** With ``RAW_PARTITION_BY=content`` (the default) an
article's raw partition follows its text, not its id (:func:`content_partition`):
the line of its body with the smallest hash picks it. A wire copy that another
outlet re-runs with a new headline and a trimmed paragraph shares most lines
with its original, so it mostly lands on the same partition, and so on the
worker whose NER memo holds those lines (``enrich/core.py``, ``LineMemo``): on
other workers it would pay NER for the whole text again. A correction that
keeps most of its text stays with its first version the same way; one that
does not may be enriched beside it, in either order, which the route stage
(it skips an older version after a newer one) and the index (external
versions) both allow for. A publisher remembers where the last
``REMEMBERED_IDS`` ids it sent went, so a later version or a kill notice that
it sends follows the first version there, whatever its text (a poller or
``serve`` runs for days). A kill notice of an id it did not send, an article
without body lines, and every article under ``RAW_PARTITION_BY=id`` go by the
client's partitioner on the key, which keeps every version of an id on one
partition.

Every article is encoded by the wire contract (``parse.encode_wire``) and
checked against the broker's message limit *after* escaping, before it is
sent; an article that is still refused by the client (kafka-python raises
``MessageSizeTooLargeError`` from ``send()`` itself) becomes that item's
rejection with a reason, never an exception out of ``publish``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError, MessageSizeTooLargeError

from pipeline.dlq import DeadLetter
from pipeline.errors import PermanentError
from pipeline.feeds.parse import encode_wire
from pipeline.feeds.readers import Item, Parsed, Rejected
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import kafka_client

log = logging.getLogger(__name__)


@dataclass
class ProduceReport:
    published: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, error)
    ids: list[str] = field(default_factory=list)
    # articles that parsed but whose record the broker could never take (too
    # large once escaped): rejected and dead-lettered like any bad item, listed
    # here so that a poller can remember them as done
    refused_ids: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "rejected": len(self.rejected),
            "failed": len(self.failed),
        }


def make_producer(settings: Settings, attempts: int = 5) -> KafkaProducer:
    return kafka_client(
        settings,
        lambda: KafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap,
            client_id=f"{settings.app_id}-producer",
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_request_size=settings.kafka_max_message_bytes,
            retries=10,
            request_timeout_ms=15_000,
            delivery_timeout_ms=60_000,
            **settings.kafka_client_config(),
        ),
        attempts,
    )


# Ids whose raw partition a publisher remembers (about 100 bytes each).
REMEMBERED_IDS = 100_000
# Lines shorter than this many words are left out of the choice while a text has
# longer ones: a sign-off, a byline or an agency's boilerplate line is shared by
# many unrelated texts, and would otherwise pull all of them onto one partition.
PARTITION_LINE_WORDS = 10


def content_partition(body: str, partitions: int) -> int | None:
    """The partition for a text: picked by its line with the smallest hash.

    Two texts land on the same partition with about the probability that their
    smallest line hashes agree, which is the Jaccard similarity of their line
    sets (min-hashing): a copy that drops one line of ten stays with its
    original nine times in ten. The lines are those the enrichment's memo keys
    on (non-blank, exact text), of ``PARTITION_LINE_WORDS`` words or more if
    the text has any. None for a text without lines. Linear in the text's
    length.
    """
    if partitions < 1:
        return None
    least_long: bytes | None = None
    least: bytes | None = None
    for line in body.split("\n"):
        if not line.strip():
            continue
        h = hashlib.blake2b(line.encode(), digest_size=8).digest()
        if least is None or h < least:
            least = h
        if len(line.split(None, PARTITION_LINE_WORDS - 1)) >= PARTITION_LINE_WORDS and (
            least_long is None or h < least_long
        ):
            least_long = h
    chosen = least_long if least_long is not None else least
    if chosen is None:
        return None
    return int.from_bytes(chosen, "big") % partitions


class Publisher:
    """Owns one producer; publishes articles and dead letters."""

    def __init__(self, settings: Settings, producer: KafkaProducer | None = None) -> None:
        self.settings = settings
        self.producer = producer or make_producer(settings)
        self._raw_partitions: int | None = None
        self._sent_to: OrderedDict[str, int] = OrderedDict()  # article id -> raw partition

    def raw_partition(self, article: Article) -> int | None:
        """Where ``article`` goes on the raw topic; None leaves it to the key."""
        if self.settings.raw_partition_by != "content":
            return None
        known = self._sent_to.get(article.id)
        if known is not None:  # a later version, a kill notice: where the first one went
            self._sent_to.move_to_end(article.id)
            return known
        if self._raw_partitions is None:
            try:
                found = self.producer.partitions_for(self.settings.raw_topic)
            except KafkaError:
                found = None
            if not found:
                return None  # metadata not known yet: the key decides this once
            self._raw_partitions = len(found)
        if article.withdrawn:
            return None
        p = content_partition(article.body, self._raw_partitions)
        if p is not None:
            self._sent_to[article.id] = p
            if len(self._sent_to) > REMEMBERED_IDS:
                self._sent_to.popitem(last=False)
        return p

    def encode(self, article: Article) -> bytes:
        """The raw topic's bytes for this article, time-stamped; PermanentError if too large."""
        article.produced_at = time.time()
        return encode_wire(
            article,
            max_bytes=self.settings.max_article_bytes,
            max_message_bytes=self.settings.kafka_max_message_bytes,
        )

    def check(self, item: Item) -> Item:
        """The item, or its rejection when its record could not be sent (checked, not sent)."""
        if not isinstance(item, Parsed):
            return item
        try:
            self.encode(item.article)
        except PermanentError as exc:
            return _rejected(item, exc)
        return item

    def send_article(self, article: Article, value: bytes | None = None) -> Any:
        """Send one article; PermanentError when it can never be sent as it is."""
        if value is None:
            value = self.encode(article)
        try:
            return self.producer.send(
                self.settings.raw_topic,
                key=article.id.encode(),
                value=value,
                partition=self.raw_partition(article),
            )
        except MessageSizeTooLargeError as exc:
            raise PermanentError(
                f"record: refused by the Kafka client as too large ({exc})", code="too_large"
            ) from None

    def send_dead_letter(self, letter: DeadLetter) -> Any:
        return self.producer.send(
            self.settings.dlq_topic,
            key=(letter.article_id or letter.id).encode(),
            value=letter.to_json(),
            headers=letter.headers(),
        )

    def publish(
        self, items: Iterable[Item], on_item: Callable[[Item], None] | None = None
    ) -> ProduceReport:
        report = ProduceReport()
        pending: list[tuple[str, Any]] = []
        for item in items:
            if isinstance(item, Parsed):
                try:
                    pending.append((item.article.id, self.send_article(item.article)))
                except PermanentError as exc:
                    report.refused_ids.append(item.article.id)
                    item = _rejected(item, exc)
                except KafkaError as exc:  # raised by send() itself (e.g. no metadata in time)
                    report.failed.append((item.article.id, f"{type(exc).__name__}: {exc}"))
            if isinstance(item, Rejected):
                report.rejected.append(item)
                log.debug(
                    "rejected %s%s: %s",
                    item.file,
                    f":{item.line}" if item.line else "",
                    item.reason,
                )
                letter = DeadLetter.build(
                    item.payload, item.reason, item.code, "produce", file=item.file, line=item.line
                )
                try:
                    pending.append((letter.id, self.send_dead_letter(letter)))
                except KafkaError as exc:
                    report.failed.append((letter.id, f"{type(exc).__name__}: {exc}"))
            if on_item:
                on_item(item)
            if len(pending) >= 1000:
                self._settle(pending, report)
        self.producer.flush()
        self._settle(pending, report)
        return report

    def _settle(self, pending: list[tuple[str, Any]], report: ProduceReport) -> None:
        """Wait for each send's acknowledgement; record exactly which ones failed."""
        for key, fut in pending:
            try:
                md = fut.get(timeout=60)
            except KafkaError as exc:
                report.failed.append((key, f"{type(exc).__name__}: {exc}"))
                continue
            if md.topic == self.settings.raw_topic:
                report.published += 1
                report.ids.append(key)
        pending.clear()

    def close(self) -> None:
        self.producer.flush()
        self.producer.close(timeout=10)


def _rejected(item: Parsed, exc: PermanentError) -> Rejected:
    """A parsed item refused at the last step; its dead letter keeps the record it would have been."""
    article = item.article
    try:
        payload = article.to_json()
    except Exception:  # noqa: BLE001 - a record that cannot be serialised is still rejected
        payload = b""
    return Rejected(item.file, item.line, f"{article.id}: {exc.reason}", exc.code, payload)
