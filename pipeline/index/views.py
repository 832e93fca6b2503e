"""Read-side queries for editors: alerts, stories, related stories."""

from __future__ import annotations

from typing import Any

from elasticsearch import AsyncElasticsearch, NotFoundError

from pipeline.settings import Settings


async def list_alerts(
    client: AsyncElasticsearch,
    s: Settings,
    rule: str | None = None,
    since: str | None = None,
    size: int = 200,
) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = []
    if rule:
        filters.append({"term": {"rule": rule}})
    if since:
        filters.append({"range": {"fired_at": {"gte": since}}})
    try:
        resp = await client.search(
            index=s.alerts_alias,
            size=size,
            query={"bool": {"filter": filters}},
            sort=[{"fired_at": {"order": "asc"}}],
        )
    except NotFoundError:
        return []
    out = []
    for h in resp["hits"]["hits"]:
        a = h["_source"]
        out.append(
            {
                "id": a["id"],
                "rule": a["rule"],
                "kind": a["kind"],
                "change": a["change"],
                "version": a["version"],
                "article_id": a["article"]["id"],
                "title": a["article"].get("title"),
                "story_id": a["story_id"],
                "matched": a["matched"],
                "snippet": a.get("snippet", ""),
                "fired_at": a["fired_at"],
                "updated_at": a["updated_at"],
            }
        )
    return out


async def list_stories(
    client: AsyncElasticsearch,
    s: Settings,
    text: str | None = None,
    entity: str | None = None,
    size: int = 20,
) -> list[dict[str, Any]]:
    """Stories by title words (the search query language) and a top entity (resolved name).

    Each story gets ``related_titles`` ([{story_id, title}]) beside the ids.
    """
    from pipeline.index.names import resolve_names
    from pipeline.index.query import STORY_FIELDS, text_query

    must: list[dict[str, Any]] = []
    if text:
        q = text_query(text, STORY_FIELDS)
        if q is not None:
            must.append(q)
    filters: list[dict[str, Any]] = []
    if entity:
        (res,) = await resolve_names(client, s.index_alias, [entity])
        if res.status == "unknown":
            filters.append({"term": {"top_entities": {"value": entity, "case_insensitive": True}}})
        else:
            filters.append({"terms": {"top_entities": list(res.match)}})
    try:
        resp = await client.search(
            index=s.stories_alias,
            size=size,
            query={"bool": {"must": must or [{"match_all": {}}], "filter": filters}},
            sort=[{"_score": {"order": "desc"}}, {"last_seen": {"order": "desc"}}],
        )
    except NotFoundError:
        return []
    items = [h["_source"] for h in resp["hits"]["hits"]]
    await add_related_titles(client, s, items)
    return items


async def add_related_titles(
    client: AsyncElasticsearch, s: Settings, stories: list[dict[str, Any]]
) -> None:
    """Give each story ``related_titles``: an id alone tells an editor nothing."""
    ids = [r for st in stories for r in st.get("related", [])]
    found = await stories_by_id(client, s, ids)
    for st in stories:
        st["related_titles"] = [
            {"story_id": r, "title": found.get(r, {}).get("title", "")}
            for r in st.get("related", [])
        ]


async def stories_by_id(
    client: AsyncElasticsearch, s: Settings, ids: list[str]
) -> dict[str, dict[str, Any]]:
    """Story records by id (missing ones left out)."""
    ids = list(dict.fromkeys(i for i in ids if i))
    if not ids:
        return {}
    try:
        resp = await client.mget(index=s.stories_alias, ids=ids)
    except NotFoundError:
        return {}
    return {d["_id"]: d["_source"] for d in resp["docs"] if d.get("found")}


async def related(client: AsyncElasticsearch, s: Settings, article_id: str) -> dict[str, Any]:
    """The article's story, its linked stories, and the articles of each."""
    doc = await client.get(
        index=s.index_alias, id=article_id, source_includes=["story_id", "title"]
    )
    story_id = doc["_source"].get("story_id")
    if not story_id:
        return {"article_id": article_id, "story": None, "related": []}
    stories = await stories_by_id(client, s, [story_id])
    story = stories.get(story_id, {"story_id": story_id, "related": [], "articles": []})
    linked = await stories_by_id(client, s, list(story.get("related", [])))
    return {
        "article_id": article_id,
        "title": doc["_source"].get("title"),
        "story": story,
        "related": [linked[r] for r in story.get("related", []) if r in linked],
    }
