"""The drop folder's answer to a broker error comes from the one classification:
a record the broker can never take sets the file aside, anything else waits in
``processing/`` for a later try, spaced by the policy's backoff."""

from __future__ import annotations

from pathlib import Path

import kafka.errors
import pytest

from pipeline.feeds.producer import ProduceReport
from pipeline.feeds.readers import Item
from pipeline.feeds.watch import PROCESSING, REJECTED, DropFolder, DropStore

ARTICLE = b'{"id": "w-1", "title": "Ferry back", "body": "The ferry to Bergen sailed again."}\n'


class Refusing:
    """A publisher whose broker answers with ``exc`` (a failing transport)."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def publish(self, items: list[Item]) -> ProduceReport:
        list(items)
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "outcome", "folder"),
    [
        (kafka.errors.KafkaTimeoutError(), "retry", PROCESSING),
        (kafka.errors.NotLeaderForPartitionError(), "retry", PROCESSING),
        (kafka.errors.TopicAuthorizationFailedError(), "retry", PROCESSING),
        (kafka.errors.MessageSizeTooLargeError(), "rejected", REJECTED),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
)
def test_a_broker_error_is_retried_or_set_aside_by_its_type(
    tmp_path: Path, exc: Exception, outcome: str, folder: str
) -> None:
    root = tmp_path / "drop"
    store = DropStore(tmp_path / "drop.sqlite")
    drop = DropFolder(
        root,
        Refusing(exc),  # type: ignore[arg-type]
        store,
        max_article_bytes=500_000,
        settle=0.0,
    )
    (root / "a.jsonl").write_bytes(ARTICLE)
    try:
        assert drop.scan() == []  # first sight: not settled yet
        [got] = drop.scan()
        assert got.outcome == outcome
        assert (root / folder / "a.jsonl").exists()
        if outcome == "retry":
            assert drop.scan() == []  # its next try is spaced by the backoff, not at once
    finally:
        store.close()
