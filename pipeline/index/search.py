"""Editor search: text as ``simple_query_string`` (never raw DSL), exact entity filters.

Ranking is relevance first, then recency. Entity filters are exact on the
canonical name (or the surface form), case-insensitive, so "Vladimir Putin"
finds articles that only said "Putin" once canonicalisation resolved it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from elasticsearch import AsyncElasticsearch

from pipeline.settings import Settings

MAX_QUERY_CHARS = 1000


@dataclass
class SearchQuery:
    text: str = ""
    entities: list[str] = field(default_factory=list)
    label: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    mentions_from: str | None = None
    mentions_to: str | None = None
    size: int = 10


def entity_clause(name: str | None, label: str | None) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    if name:
        must.append(
            {
                "bool": {
                    "should": [
                        {"term": {"entities.canonical": {"value": name, "case_insensitive": True}}},
                        {"term": {"entities.text": {"value": name, "case_insensitive": True}}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    if label:
        must.append({"term": {"entities.label": label.upper()}})
    return {"nested": {"path": "entities", "query": {"bool": {"must": must}}}}


def build_query(q: SearchQuery) -> dict[str, Any]:
    must: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    text = q.text.strip()[:MAX_QUERY_CHARS]
    if text:
        must.append(
            {
                "simple_query_string": {
                    "query": text,
                    "fields": ["title^3", "body"],
                    "default_operator": "and",
                }
            }
        )
    for name in q.entities:
        filters.append(entity_clause(name, q.label))
    if q.label and not q.entities:
        filters.append(entity_clause(None, q.label))
    if q.date_from or q.date_to:
        rng: dict[str, str] = {}
        if q.date_from:
            rng["gte"] = q.date_from
        if q.date_to:
            rng["lte"] = q.date_to
        filters.append({"range": {"published": rng}})
    if q.mentions_from or q.mentions_to:
        rng = {"relation": "intersects"}
        if q.mentions_from:
            rng["gte"] = q.mentions_from
        if q.mentions_to:
            rng["lte"] = q.mentions_to
        filters.append({"range": {"mentioned_dates": rng}})
    return {
        "bool": {
            "must": must or [{"match_all": {}}],
            "filter": filters,
            "must_not": [{"term": {"status": "withdrawn"}}],  # kill notices stay hidden
        }
    }


def hit_to_result(hit: dict[str, Any]) -> dict[str, Any]:
    src = hit.get("_source", {})
    return {
        "id": hit["_id"],
        "title": src.get("title", ""),
        "published": src.get("published"),
        "source": src.get("source"),
        "url": src.get("url"),
        "score": hit.get("_score"),
        "story_id": src.get("story_id"),
        "dateline": src.get("dateline"),
        "entities": [
            {
                "text": e["text"],
                "canonical": e["canonical"],
                "label": e["label"],
                "count": e.get("count", 1),
            }
            for e in src.get("entities", [])
        ],
        "dates": [
            {"text": d["text"], "value": d.get("value"), "type": d["type"]}
            for d in src.get("dates", [])
        ],
        "highlight": [frag for frags in hit.get("highlight", {}).values() for frag in frags],
    }


async def search(
    client: AsyncElasticsearch, settings: Settings, q: SearchQuery
) -> list[dict[str, Any]]:
    resp = await client.search(
        index=settings.index_alias,
        query=build_query(q),
        sort=[{"_score": {"order": "desc"}}, {"published": {"order": "desc"}}],
        size=q.size,
        highlight={
            "fields": {"title": {}, "body": {"fragment_size": 160, "number_of_fragments": 2}},
            "pre_tags": ["«"],
            "post_tags": ["»"],
        },
        source_excludes=["body"],
    )
    return [hit_to_result(h) for h in resp["hits"]["hits"]]


async def top_entities(
    client: AsyncElasticsearch, settings: Settings, size: int = 10
) -> dict[str, list[tuple[str, int]]]:
    """Most mentioned canonical entities per label (article counts)."""
    aggs = {
        label: {"terms": {"field": f"entity_{label.lower()}", "size": size}}
        for label in ("PERSON", "ORG", "GPE")
    }
    resp = await client.search(index=settings.index_alias, size=0, aggs=aggs)
    return {
        label: [(b["key"], b["doc_count"]) for b in resp["aggregations"][label]["buckets"]]
        for label in aggs
    }
