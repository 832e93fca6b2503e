"""The desk's one door to the search server.

Every query the desk runs goes through this module, and the search itself is
``pipeline search``'s: the editor query language (:mod:`pipeline.index.query`),
name resolution (:mod:`pipeline.index.names`) and copy collapsing on
``copy_group`` (:func:`pipeline.index.search.collapsed_hits`). What is left
here is shaping: the pages consume the dictionaries returned here and
nothing else, so a change in the search module changes this file only.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import AsyncElasticsearch, NotFoundError

from pipeline.index.names import NameResolution, names_seen, resolve_name, resolve_names
from pipeline.index.query import MAX_QUERY_CHARS
from pipeline.index.search import (
    Hit,
    SearchQuery,
    build_query,
    collapsed_hits,
    earliest_first,
    group_members,
    group_of,
    hit_to_result,
    search_articles,
)
from pipeline.index.views import stories_by_id
from pipeline.settings import Settings

# Highlight markers from the Unicode private use area: they cannot be mistaken
# for markup, and the page escapes everything around them before it turns
# them into <mark> (``pipeline.desk.app.marked``).
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

HIGHLIGHT: dict[str, Any] = {
    # The whole title (a row shows it marked), two body fragments; the plain
    # sub-fields too, where phrases and prefixes match (pipeline.index.query).
    "fields": {
        "title": {"number_of_fragments": 0},
        "title.plain": {"number_of_fragments": 0},
        "body": {"fragment_size": 160, "number_of_fragments": 2},
        "body.plain": {"fragment_size": 160, "number_of_fragments": 2},
    },
    "pre_tags": [MARK_OPEN],
    "post_tags": [MARK_CLOSE],
}
# What a date filter in the URL may be: a year, month, day or time of day (UTC
# unless it says otherwise), as the filters, chips and histogram bars write it.
DATE_PARAM = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?"
)
HITS_PER_SEARCH = 100  # rows (wire stories, copies folded) read per search, then grouped
ARRIVALS_MAX = 50  # articles one incremental poll may return
# A document is searchable only after a refresh (1 s by default in
# Elasticsearch), so one stamped ``indexed_at`` t may become visible after a
# poll that already asked for ">= t". Each poll looks back this far and the
# page drops ids it already shows.
# After an outage the page asks once for a longer look back (the outage's
# length plus a margin, at most ARRIVALS_MAX_LOOKBACK): the indexer stamps
# ``indexed_at`` when a bulk starts, and a bulk retried through the outage
# becomes searchable with a stamp from before it.
ARRIVALS_OVERLAP = timedelta(seconds=15)
ARRIVALS_MAX_LOOKBACK = timedelta(hours=1)
STORY_MAX_ARTICLES = 500
ENTITY_ARTICLES = 30  # latest articles on an entity's page
# Names resolve once per filter set for this long: a live poll every second
# does not repeat the name lookup, and a name learned in the stream is picked
# up within the minute.
NAMES_TTL = 60.0
NAMES_CACHED = 256
ENTITY_FIELDS = (
    "entity_person",
    "entity_org",
    "entity_gpe",
    "entity_loc",
    "entity_norp",
    "entity_event",
    "entity_fac",
)
HISTOGRAM_STEPS = (
    ("1h", timedelta(hours=1)),
    ("3h", timedelta(hours=3)),
    ("6h", timedelta(hours=6)),
    ("12h", timedelta(hours=12)),
    ("1d", timedelta(days=1)),
    ("7d", timedelta(days=7)),
    ("30d", timedelta(days=30)),
    ("365d", timedelta(days=365)),
)
MAX_BARS = 60
SOURCE_FIELDS = [
    "title",
    "published",
    "source",
    "url",
    "story_id",
    "duplicate_of",
    "dateline",
    "indexed_at",
    "produced_at",
    "copy_group",
    "entities.text",
    "entities.canonical",
    "entities.label",
    "entities.count",
    "dates.text",
    "dates.value",
    "dates.type",
    "dates.gte",
    "dates.lte",
]


@dataclass
class DeskQuery:
    """What the editor asked for, as it travels in the page's URL."""

    text: str = ""
    entities: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    mentions_from: str | None = None
    mentions_to: str | None = None

    @classmethod
    def from_params(cls, params: Any) -> DeskQuery:
        def one(name: str) -> str | None:
            """A date or date-time from the URL; anything else is dropped, not sent."""
            value = str(params.get(name, "")).strip()[:40]
            return value if DATE_PARAM.fullmatch(value) else None

        return cls(
            text=str(params.get("q", ""))[:MAX_QUERY_CHARS],
            entities=[
                n
                for n in (" ".join(str(e)[:200].split()) for e in params.getall("entity", []))
                if n
            ][:10],
            date_from=one("from"),
            date_to=one("to"),
            mentions_from=one("mfrom"),
            mentions_to=one("mto"),
        )

    def params(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.text:
            out.append(("q", self.text))
        out += [("entity", e) for e in self.entities]
        for name, value in (
            ("from", self.date_from),
            ("to", self.date_to),
            ("mfrom", self.mentions_from),
            ("mto", self.mentions_to),
        ):
            if value:
                out.append((name, value))
        return out

    def search_query(self, size: int = HITS_PER_SEARCH) -> SearchQuery:
        return SearchQuery(
            text=self.text,
            entities=list(self.entities),
            date_from=self.date_from,
            date_to=self.date_to,
            mentions_from=self.mentions_from,
            mentions_to=self.mentions_to,
            size=size,
        )

    def es_query(self, names: list[NameResolution] | None = None) -> dict[str, Any]:
        """The query of ``pipeline search``: a ``bool`` with ``filter``/``must_not`` lists
        that the arrivals poll extends. ``names``: the entity filters, resolved."""
        return build_query(self.search_query(), names)


# ------------------------------------------------------------------ shaping
def unmarked(fragment: str) -> str:
    return fragment.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def hit_row(h: Hit) -> dict[str, Any]:
    """One search hit as the pages use it: flat, small, never the body.

    The title is shown marked only when the marked title is this article's
    own (a collapsed row shows the earliest copy, while an edited copy may
    be the one that matched).
    """
    ents: dict[tuple[str, str], int] = {}
    for e in h.entities:
        key = (str(e.get("canonical", "")), str(e.get("label", "")))
        if key[0]:
            ents[key] = ents.get(key, 0) + int(e.get("count", 1) or 1)
    titles = [*h.marks.get("title", []), *h.marks.get("title.plain", [])]
    body: dict[str, str] = {}
    for frag in [*h.marks.get("body", []), *h.marks.get("body.plain", [])]:
        body.setdefault(unmarked(frag), frag)
    return {
        "id": h.id,
        "title": h.title or "",
        "published": h.published,
        "source": h.source or "",
        "url": h.url,
        "story_id": h.story_id,
        "duplicate_of": h.duplicate_of,
        "copy_group": h.duplicate_of or h.id,  # what the index sink writes
        "dateline": h.dateline,
        "score": h.score,
        "matched_id": h.matched_id,
        "entities": [
            {"name": name, "label": label, "count": n}
            for (name, label), n in sorted(ents.items(), key=lambda kv: -kv[1])
        ],
        "dates": list(
            {
                d["value"]: {
                    "text": d.get("text", ""),
                    "value": d["value"],
                    "gte": d.get("gte"),
                    "lte": d.get("lte"),
                }
                for d in h.dates
                if d.get("type") == "DATE" and d.get("value") and d.get("gte")
            }.values()
        ),
        "title_marked": next((t for t in titles if unmarked(t) == h.title), None),
        "highlight": list(body.values())[:2],
        "copies": [
            {"id": c["id"], "source": c.get("source") or "", "published": c.get("published")}
            for c in h.copy_details
        ],
    }


def article_view(hit: dict[str, Any]) -> dict[str, Any]:
    """One raw hit (no copies folded in), with the stamps live updates need."""
    src = hit.get("_source", {})
    view = hit_row(hit_to_result(hit))
    view["copy_group"] = group_of(hit)
    view["indexed_at"] = src.get("indexed_at")
    view["produced_at"] = src.get("produced_at")
    return view


def stories_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ranked rows (copies already folded) → ranked stories.

    A story ranks where its best row ranked, as in ``pipeline search
    --by-story``; an article with no story yet stands alone. The desk groups
    the article hits rather than calling ``search_by_story`` because a story
    here shows up to four of its matches, and story-less articles still show.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r.get("story_id") or f"article:{r['id']}", []).append(r)
    out = []
    for key, members in groups.items():
        every = [*members, *(c for m in members for c in m["copies"])]
        times = [a["published"] for a in every if a.get("published")]
        out.append(
            {
                "story_id": None if key.startswith("article:") else key,
                "title": members[0]["title"],
                "articles": members,
                "hits": len(every),
                "sources": sorted({a["source"] for a in every if a.get("source")}),
                "first": min(times, default=None),
                "last": max(times, default=None),
            }
        )
    return out


def count_chips(articles: list[dict[str, Any]], limit: int = 14) -> dict[str, Any]:
    """Entity and mentioned-date chips: how many of the shown articles carry each."""
    ents: Counter[tuple[str, str]] = Counter()
    dates: Counter[tuple[str, str, str]] = Counter()
    for a in articles:
        ents.update({(e["name"], e["label"]) for e in a["entities"]})
        dates.update({(d["value"], d["gte"], d["lte"] or d["gte"]) for d in a["dates"]})
    return {
        "entities": [
            {"name": n, "label": lbl, "articles": c} for (n, lbl), c in ents.most_common(limit)
        ],
        "dates": [
            {"value": v, "gte": g[:10], "lte": lte[:10], "articles": c}
            for (v, g, lte), c in dates.most_common(8)
        ],
    }


def entity_segments(body: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The body cut into plain text and entity mentions, by the offsets NER recorded.

    Overlapping or out-of-range mentions are skipped, so a bad offset costs a
    link, never text. The page escapes every piece.
    """
    spans = sorted(
        (int(m["start"]), int(m["end"]), str(e.get("canonical", "")), str(e.get("label", "")))
        for e in entities
        for m in e.get("mentions", []) or []
        if isinstance(m, dict) and "start" in m and "end" in m
    )
    out: list[dict[str, Any]] = []
    pos = 0
    for start, end, name, label in spans:
        if start < pos or end <= start or end > len(body) or not name:
            continue
        if start > pos:
            out.append({"text": body[pos:start]})
        out.append({"text": body[start:end], "entity": name, "label": label})
        pos = end
    if pos < len(body):
        out.append({"text": body[pos:]})
    return out


def parse_time(value: str | float | None) -> datetime | None:
    """An ISO time, or epoch milliseconds (what a min/max aggregation may return)."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, UTC)
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def histogram_step(first: datetime, last: datetime) -> tuple[str, timedelta]:
    span = last - first
    for name, step in HISTOGRAM_STEPS:
        if span / step <= MAX_BARS:
            return name, step
    return HISTOGRAM_STEPS[-1]


def latest(stamps: list[Any]) -> str | None:
    """The newest of some time stamps, compared as times (their spellings differ)."""
    times = [t for t in (parse_time(s) for s in stamps) if t is not None]
    return max(times).isoformat() if times else None


# ------------------------------------------------------------------ queries
class Desk:
    """Read-only queries for the pages; one client, short timeouts."""

    def __init__(self, client: AsyncElasticsearch, settings: Settings) -> None:
        # An editor waits on these: fail fast and say so rather than hang 30 s.
        self.client = client.options(request_timeout=5, max_retries=0)
        self.s = settings
        self.resolved: dict[tuple[str, ...], tuple[float, list[NameResolution]]] = {}

    async def ping(self) -> bool:
        try:
            return bool(await self.client.info())
        except Exception:  # noqa: BLE001 - any failure means "not answering"
            return False

    async def names(self, entities: list[str]) -> list[NameResolution]:
        """The entity filters resolved as ``pipeline search`` resolves them (cached briefly)."""
        if not entities:
            return []
        key = tuple(entities)
        now = time.monotonic()
        cached = self.resolved.get(key)
        if cached is not None and now - cached[0] < NAMES_TTL:
            return cached[1]
        names = await resolve_names(self.client, self.s.index_alias, entities)
        self.remember(entities, names)
        return names

    def remember(self, entities: list[str], names: list[NameResolution]) -> None:
        if len(self.resolved) >= NAMES_CACHED:
            self.resolved.clear()
        if entities:
            self.resolved[tuple(entities)] = (time.monotonic(), names)

    async def search(self, q: DeskQuery) -> dict[str, Any]:
        """``search_articles`` itself (one hit per wire story), grouped into stories."""
        sq = q.search_query(HITS_PER_SEARCH)
        try:
            result = await search_articles(self.client, self.s, sq, highlight=HIGHLIGHT)
        except NotFoundError:  # nothing indexed yet
            return self.empty_search(q)
        self.remember(q.entities, result.names)
        rows = [hit_row(h) for h in result.hits]
        groups = stories_of(rows)
        titles = await self.story_titles([g["story_id"] for g in groups if g["story_id"]])
        for g in groups:
            if g["story_id"] in titles:
                g["story_title"] = titles[g["story_id"]]
        histogram = await self.histogram(build_query(sq, result.names))
        return {
            "query": q.params(),
            "understood": result.understood,
            "names": [n.as_dict() for n in result.names],
            "total": result.total,
            "shown": len(rows),
            "groups": groups,
            "chips": count_chips(rows),
            "histogram": histogram,
            "cursor": await self.latest_indexed(),
        }

    def empty_search(self, q: DeskQuery) -> dict[str, Any]:
        return {
            "query": q.params(),
            "understood": "",
            "names": [],
            "total": 0,
            "shown": 0,
            "groups": [],
            "chips": count_chips([]),
            "histogram": [],
            "cursor": None,
        }

    async def story_titles(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        try:
            return await stories_by_id(self.client, self.s, ids)
        except NotFoundError:
            return {}

    async def edge(self, query: dict[str, Any], fld: str, order: str) -> datetime | None:
        """The first or last value of a date field among matches.

        A sorted one-hit search rather than a min/max aggregation: it reads
        the same on every server (the local stand-in returns null for min/max
        over dates).
        """
        try:
            resp = await self.client.search(
                index=self.s.index_alias,
                query=query,
                size=1,
                sort=[{fld: {"order": order, "unmapped_type": "date"}}],
                source_includes=[fld],
            )
        except NotFoundError:
            return None
        hits = resp["hits"]["hits"]
        return parse_time(hits[0]["_source"].get(fld)) if hits else None

    async def histogram(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Matching articles per time step; the step keeps the bars at most ``MAX_BARS``."""
        first = await self.edge(query, "published", "asc")
        last = await self.edge(query, "published", "desc")
        if first is None or last is None:
            return []
        name, step = histogram_step(first, last)
        resp = await self.client.search(
            index=self.s.index_alias,
            query=query,
            size=0,
            aggs={
                "h": {
                    "date_histogram": {
                        "field": "published",
                        "fixed_interval": name,
                        "min_doc_count": 0,
                    }
                }
            },
        )
        bars = []
        for b in resp["aggregations"]["h"]["buckets"]:
            start = datetime.fromtimestamp(b["key"] / 1000, UTC)
            bars.append(
                {
                    "from": start.isoformat().replace("+00:00", "Z"),
                    "to": (start + step - timedelta(seconds=1)).isoformat().replace("+00:00", "Z"),
                    "count": int(b["doc_count"]),
                }
            )
        return bars[-MAX_BARS * 2 :]

    async def latest_indexed(self) -> str | None:
        """Where the page's live updates start: the newest ``indexed_at`` in the index."""
        t = await self.edge({"match_all": {}}, "indexed_at", "desc")
        return t.isoformat() if t else None

    async def arrivals(
        self,
        q: DeskQuery,
        since: str | None,
        lookback: timedelta = ARRIVALS_OVERLAP,
        seen: list[str] | None = None,
        limit: int = ARRIVALS_MAX,
    ) -> dict[str, Any]:
        """Matching articles indexed at or after ``since`` (minus the overlap), oldest first.

        The cheap incremental query behind live updates: a filter on
        ``indexed_at`` on top of the editor's query, no aggregations, and the
        ids the page already got from the overlap window left out, so a quiet
        poll returns nothing and renders nothing.
        """
        query = q.es_query(await self.names(q.entities))
        t = parse_time(since)
        if t is not None:
            back = min(max(lookback, ARRIVALS_OVERLAP), ARRIVALS_MAX_LOOKBACK)
            start = (t - back).isoformat()
            query["bool"]["filter"] = [
                *query["bool"]["filter"],
                {"range": {"indexed_at": {"gte": start}}},
            ]
        if seen:  # what the page already has from the overlap: not sent again
            query["bool"]["must_not"] = [*query["bool"]["must_not"], {"ids": {"values": seen}}]
        try:
            resp = await self.client.search(
                index=self.s.index_alias,
                query=query,
                sort=[{"indexed_at": {"order": "desc"}}, {"published": {"order": "desc"}}],
                size=max(1, min(limit, ARRIVALS_MAX)),
                source_includes=SOURCE_FIELDS,
                highlight=HIGHLIGHT,
            )
        except NotFoundError:
            return {"cursor": since, "articles": []}
        articles = [article_view(h) for h in resp["hits"]["hits"]]
        articles.reverse()  # oldest first: the page inserts each on top
        cursor = latest([since, *(a["indexed_at"] for a in articles)])
        titles = await self.story_titles(sorted({a["story_id"] for a in articles if a["story_id"]}))
        for a in articles:
            a["story_title"] = titles.get(a["story_id"] or "", {}).get("title")
        # A full answer may have left older arrivals out: the page asks again at once,
        # naming what it got, until an answer is not full.
        return {
            "cursor": cursor,
            "articles": articles,
            "full": len(articles) >= min(limit, ARRIVALS_MAX),
        }

    async def story(self, story_id: str) -> dict[str, Any] | None:
        stories = await self.story_titles([story_id])
        story = stories.get(story_id)
        try:
            hits, _ = await collapsed_hits(
                self.client,
                self.s.index_alias,
                {"bool": {"filter": [{"term": {"story_id": story_id}}]}},
                size=STORY_MAX_ARTICLES,
                sort=[{"published": {"order": "asc"}}],
                highlight=None,
            )
            articles = [hit_row(h) for h in hits]
        except NotFoundError:
            articles = []
        if story is None and not articles:
            return None
        story = story or {"story_id": story_id, "title": articles[0]["title"], "related": []}
        related_ids = list(story.get("related", []))
        linked = await self.story_titles(related_ids)
        chips = count_chips(articles, limit=30)
        return {
            "story": {
                "story_id": story_id,
                "title": story.get("title") or "",
                "first_seen": story.get("first_seen"),
                "last_seen": story.get("last_seen"),
                "article_count": story.get("article_count"),
                "duplicate_count": story.get("duplicate_count"),
                "sources": story.get("sources") or sorted({a["source"] for a in articles}),
            },
            "articles": articles,
            "entities": chips["entities"],
            "dates": chips["dates"],
            "related": [
                {
                    "story_id": r,
                    "title": linked[r].get("title", ""),
                    "first_seen": linked[r].get("first_seen"),
                    "article_count": linked[r].get("article_count"),
                }
                for r in related_ids
                if r in linked
            ],
        }

    async def article(self, article_id: str) -> dict[str, Any] | None:
        """One article in full: the document view, with its story and copies."""
        try:
            resp = await self.client.search(
                index=self.s.index_alias,
                query={"ids": {"values": [article_id]}},
                size=1,
                source_includes=[*SOURCE_FIELDS, "body", "byline", "entities"],
            )
        except NotFoundError:
            return None
        hits = resp["hits"]["hits"]
        if not hits:
            return None
        src = hits[0]["_source"]
        view = article_view(hits[0])
        view["body"] = src.get("body") or ""
        view["byline"] = src.get("byline")
        members = await group_members(self.client, self.s.index_alias, [group_of(hits[0])])
        view["copies"] = [
            {
                "id": m["_id"],
                "title": m["_source"].get("title") or "",
                "source": m["_source"].get("source") or "",
                "published": m["_source"].get("published"),
            }
            for m in earliest_first(members.get(group_of(hits[0]), []))
            if m["_id"] != view["id"]
        ]
        titles = await self.story_titles([view["story_id"]] if view["story_id"] else [])
        view["story_title"] = titles.get(view["story_id"] or "", {}).get("title")
        view["segments"] = entity_segments(view["body"], src.get("entities") or [])
        return view

    async def alerts(self, since: str | None = None, size: int = 200) -> dict[str, Any]:
        """Latest alerts, newest change first, grouped per rule by the page."""
        filters: list[dict[str, Any]] = []
        t = parse_time(since)
        if t is not None:
            filters.append({"range": {"updated_at": {"gte": (t - ARRIVALS_OVERLAP).isoformat()}}})
        try:
            resp = await self.client.search(
                index=self.s.alerts_alias,
                size=size,
                query={"bool": {"filter": filters}},
                sort=[{"updated_at": {"order": "desc"}}],
            )
        except NotFoundError:
            return {"cursor": since, "alerts": [], "rules": []}
        alerts = []
        for h in resp["hits"]["hits"]:
            a = h["_source"]
            article = a.get("article", {}) or {}
            alerts.append(
                {
                    "id": a.get("id", h["_id"]),
                    "rule": a.get("rule", ""),
                    "kind": a.get("kind", ""),
                    "change": a.get("change", ""),
                    "version": a.get("version"),
                    "story_id": a.get("story_id"),
                    "article_id": article.get("id"),
                    "title": article.get("title") or "",
                    "source": article.get("source") or "",
                    "matched": [
                        *(a.get("matched", {}) or {}).get("entities", []),
                        *(a.get("matched", {}) or {}).get("terms", []),
                    ],
                    "snippet": a.get("snippet") or "",
                    "fired_at": a.get("fired_at"),
                    "updated_at": a.get("updated_at"),
                }
            )
        cursor = latest([since, *(a["updated_at"] for a in alerts)])
        return {
            "cursor": cursor,
            "alerts": alerts,
            "rules": sorted({a["rule"] for a in alerts}),
        }

    async def resolve(self, name: str) -> tuple[NameResolution, str | None]:
        """A name as typed → how ``pipeline search`` resolves it, and its usual label.

        The label is the one the index gives the resolved name most often;
        an ambiguous or unknown name has none.
        """
        seen = await names_seen(self.client, self.s.index_alias, [name])
        res = resolve_name(name, seen)
        labels = next((s.labels for s in seen if s.canonical == res.canonical), ())
        return res, (labels[0] if labels else None)

    async def entity(self, name: str) -> dict[str, Any]:
        """Mentions over time and co-occurring entities of a name, resolved as search does."""
        res, label = await self.resolve(name)
        shown = res.canonical or res.query
        empty: dict[str, Any] = {
            "name": shown,
            "asked": name,
            "label": label,
            "resolution": res.as_dict(),
            "total": 0,
            "histogram": [],
            "cooccur": [],
            "articles": [],
        }
        if not res.query:
            return empty
        query = build_query(SearchQuery(entities=[res.query]), [res])
        aggs = {f: {"terms": {"field": f, "size": 12}} for f in ENTITY_FIELDS}
        try:
            resp = await self.client.search(
                index=self.s.index_alias, query=query, size=0, aggs=aggs
            )
        except NotFoundError:
            return empty
        hits, total = await collapsed_hits(
            self.client,
            self.s.index_alias,
            query,
            size=ENTITY_ARTICLES,
            sort=[{"published": {"order": "desc"}}],
            highlight=None,
        )
        itself = {m.casefold() for m in res.match}
        co: list[dict[str, Any]] = []
        for f in ENTITY_FIELDS:
            for b in resp["aggregations"][f]["buckets"]:
                if str(b["key"]).casefold() not in itself:
                    co.append(
                        {
                            "name": b["key"],
                            "label": f.removeprefix("entity_").upper(),
                            "articles": int(b["doc_count"]),
                        }
                    )
        co.sort(key=lambda c: (-c["articles"], c["name"]))
        return {
            **empty,
            "total": total,
            "histogram": await self.histogram(query),
            "cooccur": co[:24],
            "articles": [hit_row(h) for h in hits],
        }
