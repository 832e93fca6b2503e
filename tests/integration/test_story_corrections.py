"""A corrected copy pointer reaches the real local search server: read back, re-sent at
the same version, taken by the index (external_gte)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from pipeline.index.writer import SearchSink
from pipeline.record import Article, Entity, Span
from pipeline.settings import Settings
from pipeline.stories.corrections import read_back
from tests.helpers import fetch_docs, wait_for

BODY = "Ministers from Chile and Peru met in Lima on Friday to talk about anchovy quotas."


def test_read_back_and_resend_at_the_same_version(settings: Settings) -> None:
    art = Article(
        id="copy-a",
        title="Lima fisheries talks",
        body=BODY,
        version=2,
        published=datetime(2025, 5, 23, 13, tzinfo=UTC),
        source="pacific-herald.test",
        entities=[
            Entity(
                text="Lima",
                canonical="Lima",
                label="GPE",
                count=1,
                mentions=[Span(start=BODY.index("Lima"), end=BODY.index("Lima") + 4)],
            )
        ],
        story_id="s-1",
    )

    async def go() -> tuple[list[Article], list[str], list[str]]:
        sink = SearchSink(settings)
        try:
            await sink.setup()
            await sink.write([art])
            await sink.client.indices.refresh(index=settings.index_alias)
            got = await read_back(
                sink.client,
                settings.index_alias,
                [("copy-a", {"duplicate_of": "orig-b"}), ("never-indexed", {"duplicate_of": "x"})],
            )
            res = await sink.write(got)
            return got, res.indexed, res.stale
        finally:
            await sink.close()

    got, indexed, stale = asyncio.run(go())
    assert [a.id for a in got] == ["copy-a"]
    (back,) = got
    assert back.duplicate_of == "orig-b"
    # Everything else comes back as it was sent.
    assert back.model_dump(exclude={"duplicate_of"}) == art.model_dump(exclude={"duplicate_of"})
    assert indexed == ["copy-a"] and stale == []
    doc = wait_for(lambda: fetch_docs(settings, ["copy-a"]).get("copy-a"), 30, "doc")
    assert doc["_source"]["duplicate_of"] == "orig-b" and doc["_version"] == 2


def test_a_dissolved_story_leaves_the_stories_index(settings: Settings) -> None:
    from pipeline.route.agents import drop_stories

    doc = {"story_id": "s-gone", "title": "Lima fisheries talks", "article_count": 1}

    async def go() -> tuple[bool, bool]:
        sink = SearchSink(settings)
        try:
            await sink.setup_stories()
            await sink.write_docs(
                settings.stories_index,
                {"s-gone": (1, doc, None), "s-kept": (1, {**doc, "story_id": "s-kept"}, None)},
            )
            # A story never written (or already removed) is no error.
            await drop_stories(sink.client, settings.stories_index, {"s-gone", "s-never"})
            gone = await sink.client.options(ignore_status=404).get(
                index=settings.stories_index, id="s-gone"
            )
            kept = await sink.client.get(index=settings.stories_index, id="s-kept")
            return bool(gone.get("found")), bool(kept["found"])
        finally:
            await sink.close()

    assert asyncio.run(go()) == (False, True)
