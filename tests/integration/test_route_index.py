"""The route stage's index write on the real local search server: what it indexes,
what it dead-letters, and with which origin.

Since the route agent writes the index itself (no ``articles.clustered`` hop), a
document the index refuses is dead-lettered there: with the message it came in
when it came in this batch, and with the input topic alone when it is a
correction of an article routed in an earlier batch.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pipeline.dlq import DeadLetter
from pipeline.index.writer import SearchSink
from pipeline.record import Article, TimeExpr
from pipeline.route.agents import index_articles
from pipeline.settings import Settings
from tests.helpers import fetch_docs, wait_for

PUBLISHED = datetime(2025, 5, 23, 9, tzinfo=UTC)


@dataclass
class _Message:  # what a Faust event carries that a dead letter reads
    topic: str
    partition: int
    offset: int
    value: bytes


@dataclass
class _Event:
    message: _Message


def _article(aid: str, body: str, **kw: Any) -> Article:
    return Article(id=aid, title=body[:30], body=body, published=PUBLISHED, **kw)


def _impossible_day(aid: str) -> Article:
    # 31 February: the template's date field refuses it, for what it is.
    day = TimeExpr(
        text="31 February", start=0, end=11, type="DATE", value="2025-02-31",
        gte="2025-02-31", lte="2025-02-31",
    )  # fmt: skip
    return _article(aid, "31 February was the day the ferry sailed.", dates=[day])


def test_index_write_indexes_the_good_and_dead_letters_the_refused(settings: Settings) -> None:
    good = _article("ri-good", "Harbour pilots in Valdra ended their strike on Friday.")
    pointer = good.model_copy(update={"duplicate_of": "ri-orig", "story_id": "s-2"})
    refused_now = _impossible_day("ri-refused-now")
    refused_earlier = _impossible_day("ri-refused-earlier")  # a correction: no message
    event = _Event(_Message(settings.enriched_topic, 0, 41, refused_now.to_json()))
    dlq = object()

    async def go() -> list[tuple[Any, bytes, bytes]]:
        sink = SearchSink(settings)
        try:
            await sink.setup()
            return await index_articles(
                sink,
                [good, refused_now, pointer, refused_earlier],
                {"ri-refused-now": event, "ri-good": event},
                dlq,
                settings.enriched_topic,
            )
        finally:
            await sink.close()

    sends = asyncio.run(go())
    letters = {key.decode(): DeadLetter.from_bytes(value) for topic, key, value in sends}
    assert all(topic is dlq for topic, _, _ in sends)
    assert set(letters) == {"ri-refused-now", "ri-refused-earlier"}
    now, earlier = letters["ri-refused-now"], letters["ri-refused-earlier"]
    assert (now.stage, now.code, now.source_topic, now.partition, now.offset) == (
        "index",
        "es_rejected",
        settings.enriched_topic,
        0,
        41,
    )
    assert (earlier.source_topic, earlier.partition, earlier.offset) == (
        settings.enriched_topic,
        None,
        None,
    )
    assert "400" in now.reason and "400" in earlier.reason
    # The letter keeps the record as routed, replayable.
    assert Article.from_json(earlier.payload).id == "ri-refused-earlier"
    # The later record of an id in one write wins: the correction's pointer.
    doc = wait_for(lambda: fetch_docs(settings, ["ri-good"]).get("ri-good"), 30, "doc")
    assert doc["_source"]["duplicate_of"] == "ri-orig"
    assert doc["_source"]["story_id"] == "s-2"
