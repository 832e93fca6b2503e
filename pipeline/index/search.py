"""Editor search: the query language of :mod:`pipeline.index.query`, names
resolved by :mod:`pipeline.index.names`, one hit per wire story, stories as results.

Ranking is relevance first, then recency. Wire copies share ``copy_group``
(``duplicate_of``, else the article's own id, written by the index sink), and
a search collapses on it: one hit per copy group, shown as the group's
*earliest-published* copy, carrying the ids of the others in ``copies``. The
collapse is Elasticsearch's own ``collapse`` (so a page holds ``size`` groups,
not fewer), and one more request reads every member of the groups on the page,
so a copy whose edited headline did not match still counts, and the original
is shown even when only a copy matched. ``all_copies`` turns the collapse off.

``search_by_story`` collapses on ``story_id`` instead: one result per story,
its best-matching article, and the story's headline, size, sources, time span
and related stories by title from the stories index.

Everything here returns typed results; ``as_dict`` gives the JSON the command
line prints and the desk serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from elasticsearch import AsyncElasticsearch

from pipeline.index.names import NameResolution, resolve_names
from pipeline.index.query import MAX_QUERY_CHARS, explain, parse, to_dsl
from pipeline.index.views import stories_by_id
from pipeline.settings import Settings

MAX_GROUP_MEMBERS = 50  # copies read back per group on a page
HIGHLIGHT_FIELDS = ("title", "title.plain", "body", "body.plain")


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
    all_copies: bool = False


@dataclass
class Hit:
    """One article as a search result; ``copies`` are the other copies of its wire story."""

    id: str
    title: str
    published: str | None
    source: str | None
    url: str | None
    score: float | None
    story_id: str | None
    dateline: str | None
    entities: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    highlight: list[str]
    duplicate_of: str | None = None
    copies: list[str] = field(default_factory=list)
    matched_id: str | None = None  # the copy that matched, when it is not this one
    # Not in ``as_dict``: what a page needs beyond the command line's JSON. The
    # server's highlight fragments per field (a page marks the title apart from
    # the body), and the other copies' source and time ("+N copies" on hover).
    marks: dict[str, list[str]] = field(default_factory=dict)
    copy_details: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "url": self.url,
            "score": self.score,
            "story_id": self.story_id,
            "dateline": self.dateline,
            "duplicate_of": self.duplicate_of,
            "copies": self.copies,
            "entities": self.entities,
            "dates": self.dates,
            "highlight": self.highlight,
        }
        if self.matched_id:
            out["matched_id"] = self.matched_id
        return out


@dataclass
class SearchResult:
    """Hits plus how the query was understood (``understood``, ``names``)."""

    hits: list[Hit]
    total: int
    understood: str
    names: list[NameResolution] = field(default_factory=list)


@dataclass
class StoryHit:
    """One story as a search result: the story's record and its best-matching article."""

    story_id: str
    title: str
    article_count: int
    duplicate_count: int
    sources: list[str]
    first_seen: str | None
    last_seen: str | None
    best: Hit
    matching: int  # articles of the story that match the query
    matching_ids: list[str]
    related: list[dict[str, str]]  # [{"story_id", "title"}], strongest first

    def as_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "title": self.title,
            "article_count": self.article_count,
            "duplicate_count": self.duplicate_count,
            "sources": self.sources,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "matching": self.matching,
            "matching_ids": self.matching_ids,
            "best": self.best.as_dict(),
            "related": self.related,
        }


@dataclass
class StorySearchResult:
    stories: list[StoryHit]
    total: int
    understood: str
    names: list[NameResolution] = field(default_factory=list)


# ------------------------------------------------------------------ the query
def entity_clause(
    name: str | None, label: str | None, resolution: NameResolution | None = None
) -> dict[str, Any]:
    """A nested filter on one entity: the resolved canonical names, else the literal name."""
    must: list[dict[str, Any]] = []
    if resolution is not None and resolution.status != "unknown":
        must.append({"terms": {"entities.canonical": list(resolution.match)}})
    elif name:
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


def build_query(q: SearchQuery, resolutions: list[NameResolution] | None = None) -> dict[str, Any]:
    """The whole query: text, entity, date filters, kill notices hidden. Pure."""
    must: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    text = to_dsl(parse(q.text.strip()[:MAX_QUERY_CHARS]))
    if text is not None:
        must.append(text)
    by_name = {r.query: r for r in resolutions or []}
    for name in q.entities:
        filters.append(entity_clause(name, q.label, by_name.get(" ".join(name.split()))))
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


HIGHLIGHT = {
    "fields": {f: {"fragment_size": 160, "number_of_fragments": 2} for f in HIGHLIGHT_FIELDS},
    "pre_tags": ["«"],
    "post_tags": ["»"],
}
SORT = [{"_score": {"order": "desc"}}, {"published": {"order": "desc"}}]


def hit_to_result(hit: dict[str, Any]) -> Hit:
    src = hit.get("_source", {})
    frags: list[str] = []
    for fld in HIGHLIGHT_FIELDS:  # title first; the plain and stemmed fields may repeat
        for frag in hit.get("highlight", {}).get(fld, []):
            if frag not in frags:
                frags.append(frag)
    return Hit(
        id=hit["_id"],
        title=src.get("title", ""),
        published=src.get("published"),
        source=src.get("source"),
        url=src.get("url"),
        score=hit.get("_score"),
        story_id=src.get("story_id"),
        dateline=src.get("dateline"),
        entities=[
            {
                "text": e["text"],
                "canonical": e["canonical"],
                "label": e["label"],
                "count": e.get("count", 1),
            }
            for e in src.get("entities", [])
        ],
        dates=[
            {
                "text": d["text"],
                "value": d.get("value"),
                "type": d["type"],
                "gte": d.get("gte"),
                "lte": d.get("lte"),
            }
            for d in src.get("dates", [])
        ],
        highlight=frags,
        duplicate_of=src.get("duplicate_of"),
        marks={k: list(v) for k, v in hit.get("highlight", {}).items()},
    )


def group_of(hit: dict[str, Any]) -> str:
    """The copy group of a raw hit (documents indexed before the field: their own id)."""
    src = hit.get("_source", {})
    return str(src.get("copy_group") or src.get("duplicate_of") or hit["_id"])


def earliest_first(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies in publication order (ties and missing dates: by id), the original first."""
    return sorted(
        members, key=lambda m: (m.get("_source", {}).get("published") or "9999", m["_id"])
    )


def fold_copies(
    hits: list[dict[str, Any]], members: dict[str, list[dict[str, Any]]], collapse: bool
) -> list[Hit]:
    """Turn raw hits into results carrying their group's copies. Pure.

    With ``collapse`` each hit is replaced by its group's earliest-published
    copy (keeping the matching copy's score and highlights).
    """
    out: list[Hit] = []
    for raw in hits:
        group = earliest_first(members.get(group_of(raw), []) or [raw])
        ids = [m["_id"] for m in group]
        if raw["_id"] not in ids:
            ids.append(raw["_id"])
        if collapse and group[0]["_id"] != raw["_id"]:
            lead = hit_to_result({**group[0], "_score": raw.get("_score")})
            matched = hit_to_result(raw)
            lead.highlight, lead.marks = matched.highlight, matched.marks
            lead.matched_id = raw["_id"]
        else:
            lead = hit_to_result(raw)
        lead.copies = [i for i in ids if i != lead.id]
        by_id = {m["_id"]: m.get("_source", {}) for m in [raw, *group]}
        lead.copy_details = [
            {"id": i, "source": by_id[i].get("source"), "published": by_id[i].get("published")}
            for i in lead.copies
        ]
        out.append(lead)
    return out


async def group_members(
    client: AsyncElasticsearch, index: str, groups: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """Every live copy of each group (body left out)."""
    if not groups:
        return {}
    resp = await client.search(
        index=index,
        query={
            "bool": {
                "filter": [{"terms": {"copy_group": groups}}],
                "must_not": [{"term": {"status": "withdrawn"}}],
            }
        },
        size=min(len(groups) * MAX_GROUP_MEMBERS, 1000),
        source_excludes=["body", "entities.mentions"],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for h in resp["hits"]["hits"]:
        out.setdefault(group_of(h), []).append(h)
    return out


async def _resolve(
    client: AsyncElasticsearch, settings: Settings, q: SearchQuery
) -> list[NameResolution]:
    if not q.entities:
        return []
    return await resolve_names(client, settings.index_alias, q.entities, q.label)


async def collapsed_hits(
    client: AsyncElasticsearch,
    index: str,
    query: dict[str, Any],
    *,
    size: int,
    sort: list[dict[str, Any]] | None = None,
    highlight: dict[str, Any] | None = HIGHLIGHT,
    all_copies: bool = False,
) -> tuple[list[Hit], int]:
    """Run a query one hit per copy group (or every copy), copies folded in.

    The one place copies are collapsed: the command line, the desk's search,
    story and entity pages all come through here, so "+N copies" means the
    same thing everywhere. Returns the hits and the number of matching articles.
    """
    kwargs: dict[str, Any] = {}
    if not all_copies:
        kwargs["collapse"] = {"field": "copy_group"}
    if highlight is not None:
        kwargs["highlight"] = highlight
    resp = await client.search(
        index=index,
        query=query,
        sort=sort or SORT,
        size=size,
        source_excludes=["body", "entities.mentions"],
        track_total_hits=True,
        **kwargs,
    )
    raw = resp["hits"]["hits"]
    members = await group_members(client, index, list(dict.fromkeys(group_of(h) for h in raw)))
    hits = fold_copies(raw, members, collapse=not all_copies)
    return hits, int(resp["hits"]["total"]["value"])


async def search_articles(
    client: AsyncElasticsearch,
    settings: Settings,
    q: SearchQuery,
    highlight: dict[str, Any] = HIGHLIGHT,
) -> SearchResult:
    """One hit per wire story (or every copy with ``q.all_copies``), names resolved.

    ``highlight`` lets a page choose its own markers (the desk uses characters
    no article contains, so it can escape the text and mark only the matches).
    """
    names = await _resolve(client, settings, q)
    hits, total = await collapsed_hits(
        client,
        settings.index_alias,
        build_query(q, names),
        size=q.size,
        highlight=highlight,
        all_copies=q.all_copies,
    )
    return SearchResult(hits, total, explain(parse(q.text[:MAX_QUERY_CHARS])), names)


async def search(
    client: AsyncElasticsearch, settings: Settings, q: SearchQuery
) -> list[dict[str, Any]]:
    """The hits as JSON-ready dicts (the demo and older callers)."""
    return [h.as_dict() for h in (await search_articles(client, settings, q)).hits]


async def search_by_story(
    client: AsyncElasticsearch, settings: Settings, q: SearchQuery, per_story: int = 5
) -> StorySearchResult:
    """One result per story, ranked by its best-matching article."""
    names = await _resolve(client, settings, q)
    query = build_query(q, names)
    query["bool"]["filter"].append({"exists": {"field": "story_id"}})
    resp = await client.search(
        index=settings.index_alias,
        query=query,
        sort=SORT,
        size=q.size,
        highlight=HIGHLIGHT,
        source_excludes=["body", "entities.mentions"],
        collapse={
            "field": "story_id",
            "inner_hits": {"name": "matching", "size": per_story, "_source": False, "sort": SORT},
        },
        track_total_hits=True,
    )
    raw = resp["hits"]["hits"]
    members = await group_members(
        client, settings.index_alias, list(dict.fromkeys(group_of(h) for h in raw))
    )
    best = fold_copies(raw, members, collapse=True)
    story_ids = [str(r["_source"]["story_id"]) for r in raw if r.get("_source", {}).get("story_id")]
    stories = await stories_by_id(client, settings, story_ids)
    related_ids = [r for st in stories.values() for r in st.get("related", [])]
    titles = {
        sid: st.get("title", "")
        for sid, st in (await stories_by_id(client, settings, related_ids)).items()
    }
    out: list[StoryHit] = []
    for r, hit in zip(raw, best, strict=True):
        sid = str(r.get("_source", {}).get("story_id") or hit.story_id or "")
        st = stories.get(sid, {})
        inner = r.get("inner_hits", {}).get("matching", {}).get("hits", {})
        out.append(
            StoryHit(
                story_id=sid,
                title=st.get("title") or hit.title,
                article_count=int(st.get("article_count", 1)),
                duplicate_count=int(st.get("duplicate_count", 0)),
                sources=list(st.get("sources", [])),
                first_seen=st.get("first_seen"),
                last_seen=st.get("last_seen"),
                best=hit,
                matching=int(inner.get("total", {}).get("value", 1)),
                matching_ids=[h["_id"] for h in inner.get("hits", [])],
                related=[
                    {"story_id": rid, "title": titles.get(rid, "")} for rid in st.get("related", [])
                ],
            )
        )
    return StorySearchResult(
        out, int(resp["hits"]["total"]["value"]), explain(parse(q.text[:MAX_QUERY_CHARS])), names
    )


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
