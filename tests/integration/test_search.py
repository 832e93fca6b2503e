"""Editor search against the real local search server: the hits, not only the DSL.

The articles are written for this test (fiction). Queries are typed as an
editor types them: with stopwords, operators, quotes, names as spelled.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from pipeline.index.search import SearchQuery, search_articles, search_by_story
from pipeline.index.writer import SearchSink, make_client
from pipeline.record import Article, Entity
from pipeline.settings import Settings


def ent(text: str, canonical: str, label: str = "PERSON") -> Entity:
    return Entity(text=text, canonical=canonical, label=label, count=1)  # type: ignore[arg-type]


KREMLIN = ent("Kremlin", "Kremlin", "ORG")
PUTIN = ent("Vladimir Putin", "Vladimir Putin")
PESKOV = ent("Dmitry Peskov", "Dmitry Peskov")
ZELENSKIY = ent("Volodymyr Zelenskiy", "Volodymyr Zelenskiy")

CALL = (
    "The Kremlin said on Monday that Russia would not accept an immediate ceasefire "
    "after a long phone call between the two presidents. Spokesman Dmitry Peskov said "
    "a memorandum on a settlement would come first."
)
ARTICLES = [
    # the original and a wire copy with a new headline; the copy was published later
    (
        "k1",
        "Kremlin rules out quick truce after call",
        CALL,
        "2025-05-19T19:40:00Z",
        None,
        "s1",
        [KREMLIN, PUTIN, PESKOV],
    ),
    (
        "k2",
        "Kremlin rules out quick ceasefire after call",
        CALL + " Markets barely moved.",
        "2025-05-19T19:55:00Z",
        "k1",
        "s1",
        [KREMLIN, PUTIN, PESKOV],
    ),
    (
        "i1",
        "Delegations meet in Istanbul",
        "Negotiators met at a palace in Istanbul on Wednesday. Ukrainian President Volodymyr "
        "Zelenskiy said his team would ask for a ceasefire of thirty days.",
        "2025-05-21T10:00:00Z",
        None,
        "s2",
        [ZELENSKIY],
    ),
    (
        "v1",
        "Floods in Vienna close the old town",
        "Heavy rain caused floods in Vienna overnight, and the city closed several streets. "
        "Engineers said the river would peak on Tuesday.",
        "2025-05-22T08:00:00Z",
        None,
        "s3",
        [],
    ),
    (
        "v2",
        "Rain eases across Austria",
        "The rain eased in the west of Austria. Floods of this size are rare in the region, "
        "the weather office said, and Vienna stayed dry.",
        "2025-05-22T12:00:00Z",
        None,
        "s3",
        [],
    ),
    (
        "f1",
        "Cup final goes to extra time",
        "A football cup final went to extra time on Saturday before a late winner. Fans "
        "celebrated ceasefire-style calm in the stands after a tense evening.",
        "2025-05-24T20:00:00Z",
        None,
        "s4",
        [ent("John Smith", "John Smith")],
    ),
    (
        "f2",
        "Coach praises young side",
        "The coach praised the young side after the final, and captain Jane Smith lifted "
        "the trophy.",
        "2025-05-24T22:00:00Z",
        None,
        "s4",
        [ent("Jane Smith", "Jane Smith")],
    ),
]


def articles() -> list[Article]:
    return [
        Article(
            id=i,
            title=t,
            body=b,
            published=datetime.fromisoformat(p).astimezone(UTC),
            source="Test Wire",
            duplicate_of=dup,
            story_id=story,
            entities=ents,
        )
        for i, t, b, p, dup, story, ents in ARTICLES
    ]


STORIES = {
    "s1": ("Kremlin rules out quick truce after call", ["k1"], ["s2"]),
    "s2": ("Delegations meet in Istanbul", ["i1"], ["s1"]),
    "s3": ("Floods in Vienna close the old town", ["v1", "v2"], []),
    "s4": ("Cup final goes to extra time", ["f1", "f2"], []),
}


async def load(settings: Settings) -> None:
    sink = SearchSink(settings)
    try:
        await sink.setup()
        await sink.setup_stories()
        res = await sink.write(articles())
        assert len(res.indexed) == len(ARTICLES), res
        docs: dict[str, tuple[int, dict[str, Any], Any]] = {}
        for sid, (title, ids, related) in STORIES.items():
            docs[sid] = (
                1,
                {
                    "story_id": sid,
                    "title": title,
                    "top_entities": [],
                    "first_seen": "2025-05-19T19:40:00Z",
                    "last_seen": "2025-05-24T22:00:00Z",
                    "article_count": len(ids),
                    "duplicate_count": 1 if sid == "s1" else 0,
                    "sources": ["Test Wire"],
                    "related": related,
                    "articles": ids,
                },
                None,
            )
        await sink.write_docs(settings.stories_index, docs)
        await sink.client.indices.refresh(index=f"{settings.index_prefix}-*")
    finally:
        await sink.close()


def run(settings: Settings, q: SearchQuery, by_story: bool = False) -> Any:
    async def go() -> Any:
        client = make_client(settings)
        try:
            if by_story:
                return await search_by_story(client, settings, q)
            return await search_articles(client, settings, q)
        finally:
            await client.close()

    return asyncio.run(go())


def ids(settings: Settings, text: str, **kw: Any) -> set[str]:
    return {h.id for h in run(settings, SearchQuery(text, size=50, **kw)).hits}


def test_editor_queries_on_the_real_server(settings: Settings) -> None:
    asyncio.run(load(settings))
    # stopwords: the same hits as without them
    assert ids(settings, "the Kremlin") == ids(settings, "Kremlin") == {"k1"}
    assert ids(settings, "accept an immediate ceasefire") == {"k1"}
    assert ids(settings, "floods in Vienna") == {"v1", "v2"}  # words: both articles
    assert ids(settings, '"floods in Vienna"') == {"v1"}  # the exact phrase: one
    assert ids(settings, "Istanbul OR Kremlin") == {"i1", "k1"}
    assert ids(settings, "ceasefire -Istanbul") == {"k1", "f1"}
    assert ids(settings, "ceasefire NOT (Istanbul OR football)") == {"k1"}
    assert ids(settings, "Istanb*") == {"i1"}
    assert ids(settings, "ceasefire*") == {"k1", "i1", "f1"}  # unstemmed prefix
    assert ids(settings, 'stray " quote Vienna') == set()  # no error, literal words
    assert ids(settings, "when will the memorandum come?") == {"k1"}
    assert ids(settings, "the") == {a[0] for a in ARTICLES if a[4] is None}  # nothing to search


def test_copies_collapse_into_the_earliest_and_names_resolve(settings: Settings) -> None:
    asyncio.run(load(settings))
    # only the later copy's headline says "ceasefire": the hit is still the original
    (hit,) = run(settings, SearchQuery("quick ceasefire")).hits
    assert (hit.id, hit.copies, hit.matched_id) == ("k1", ["k2"], "k2")
    every = run(settings, SearchQuery("quick", all_copies=True)).hits
    assert {h.id for h in every} == {"k1", "k2"}
    # names as editors spell them
    for typed, canonical, expected in [
        ("Zelensky", "Volodymyr Zelenskiy", {"i1"}),
        ("Putin", "Vladimir Putin", {"k1"}),
        ("peskov", "Dmitry Peskov", {"k1"}),
    ]:
        res = run(settings, SearchQuery(entities=[typed], size=50))
        assert {h.id for h in res.hits} == expected, typed
        assert res.names[0].canonical == canonical
    smith = run(settings, SearchQuery(entities=["Smith"], size=50))
    assert smith.names[0].status == "ambiguous"
    assert set(smith.names[0].candidates) == {"John Smith", "Jane Smith"}
    assert {h.id for h in smith.hits} == {"f1", "f2"}


def test_by_story(settings: Settings) -> None:
    asyncio.run(load(settings))
    res = run(settings, SearchQuery("Kremlin OR Istanbul OR floods"), by_story=True)
    by_id = {st.story_id: st for st in res.stories}
    assert set(by_id) == {"s1", "s2", "s3"}
    s1 = by_id["s1"]
    assert s1.best.id == "k1" and s1.best.copies == ["k2"]
    assert s1.related == [{"story_id": "s2", "title": "Delegations meet in Istanbul"}]
    assert by_id["s3"].matching == 2 and by_id["s3"].article_count == 2
