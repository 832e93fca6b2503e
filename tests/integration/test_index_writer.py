"""The search sink against the real local search server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from pipeline.index.writer import SearchSink
from pipeline.record import Article, Entity, Span, TimeExpr
from pipeline.settings import Settings
from tests.helpers import fetch_docs


def article(i: str, version: int = 1, title: str = "Talks resume", **kw: Any) -> Article:
    return Article(
        id=i,
        title=title,
        body=f"Body of {i}.",
        version=version,
        published=datetime(2025, 5, 19, 9, tzinfo=UTC),
        source="Test",
        **kw,
    )


async def write(settings: Settings, arts: list[Article]) -> Any:
    sink = SearchSink(settings)
    try:
        await sink.setup()
        return await sink.write(arts)
    finally:
        await sink.close()


def test_setup_installs_template_and_alias_and_writes(settings: Settings) -> None:
    ents = [
        Entity(
            text="Putin",
            canonical="Vladimir Putin",
            label="PERSON",
            count=2,
            mentions=[Span(start=0, end=5)],
        )
    ]
    dates = [
        TimeExpr(
            text="May 2025",
            start=1,
            end=9,
            type="DATE",
            value="2025-05",
            gte="2025-05-01",
            lte="2025-05-31",
        )
    ]
    res = asyncio.run(write(settings, [article("a1", entities=ents, dates=dates), article("a2")]))
    assert sorted(res.indexed) == ["a1", "a2"] and not res.rejected
    docs = fetch_docs(settings, ["a1", "a2"])
    src = docs["a1"]["_source"]
    assert src["entity_person"] == ["Vladimir Putin"]
    assert src["mentioned_dates"] == [{"gte": "2025-05-01", "lte": "2025-05-31"}]


def test_redelivery_is_idempotent_and_old_version_never_overwrites(settings: Settings) -> None:
    asyncio.run(write(settings, [article("v", version=2, title="second")]))
    res = asyncio.run(write(settings, [article("v", version=1, title="first, late")]))
    assert res.stale == ["v"] and not res.indexed
    res = asyncio.run(write(settings, [article("v", version=2, title="second")]))
    assert res.indexed == ["v"]
    res = asyncio.run(write(settings, [article("v", version=3, title="third")]))
    assert res.indexed == ["v"]
    doc = fetch_docs(settings, ["v"])["v"]
    assert doc["_source"]["title"] == "third" and doc["_version"] == 3


def test_document_the_index_refuses_is_returned_not_retried(settings: Settings) -> None:
    bad_date = [
        TimeExpr(
            text="31 February",
            start=0,
            end=11,
            type="DATE",
            value="2025-02-31",
            gte="2025-02-31",
            lte="2025-02-31",
        )
    ]
    res = asyncio.run(write(settings, [article("ok"), article("bad", dates=bad_date)]))
    assert res.indexed == ["ok"]
    assert [a.id for a, _ in res.rejected] == ["bad"]
    assert "400" in res.rejected[0][1]
