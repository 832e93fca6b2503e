"""``pipeline eval search QUERIES.jsonl``: precision@5, recall@10, nDCG@10 on a live index.

Each line of the judged file is one editor query::

    {"id": "q01", "query": "the Kremlin", "filters": {"entity": ["Peskov"], "from": "2025-05-22"},
     "by_story": false, "relevant": ["demo-006", "demo-026"], "kind": "stopwords"}

``filters`` takes ``entity`` (list), ``label``, ``from``, ``to``, ``mentions_from``,
``mentions_to``. Relevance is judged per article, by reading the corpus.

What counts as one result: search shows one hit per wire story and, with
``by_story``, one result per story, so relevance is scored on those units.
Relevant ids are mapped to their copy group (or story) as the index holds
them, a result is relevant when its unit holds a relevant article, and a
unit is credited once. So a query is not rewarded for listing a copy twice,
nor punished for folding it. Gains are binary; nDCG uses log2(rank + 1).
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elasticsearch import AsyncElasticsearch

from pipeline.index.search import SearchQuery, search_articles, search_by_story
from pipeline.settings import Settings

K_PRECISION = 5
K_RECALL = 10
K_NDCG = 10


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    query: str
    relevant: tuple[str, ...]
    filters: dict[str, Any] = field(default_factory=dict)
    by_story: bool = False
    kind: str = ""

    def search_query(self, size: int) -> SearchQuery:
        f = self.filters
        ents = f.get("entity", [])
        return SearchQuery(
            text=self.query,
            entities=[ents] if isinstance(ents, str) else list(ents),
            label=f.get("label"),
            date_from=f.get("from"),
            date_to=f.get("to"),
            mentions_from=f.get("mentions_from"),
            mentions_to=f.get("mentions_to"),
            size=size,
        )


def load_queries(path: Path) -> list[JudgedQuery]:
    """Read a judged set; a bad line names its number."""
    out: list[JudgedQuery] = []
    allowed = {"entity", "label", "from", "to", "mentions_from", "mentions_to"}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            filters = obj.get("filters") or {}
            unknown = set(filters) - allowed
            if unknown:
                raise ValueError(f"unknown filters {sorted(unknown)}")
            relevant = tuple(obj["relevant"])
            if not relevant:
                raise ValueError("no relevant ids: recall is undefined")
            out.append(
                JudgedQuery(
                    id=str(obj.get("id", f"line{n}")),
                    query=str(obj.get("query", "")),
                    relevant=relevant,
                    filters=filters,
                    by_story=bool(obj.get("by_story", False)),
                    kind=str(obj.get("kind", "")),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: {exc}") from None
    return out


# ------------------------------------------------------------------ metrics
def gains(ranked_units: Sequence[Sequence[str]], relevant_units: set[str]) -> list[int]:
    """1 at each rank whose result brings a relevant unit not credited before. Pure."""
    credited: set[str] = set()
    out: list[int] = []
    for units in ranked_units:
        new = (set(units) & relevant_units) - credited
        credited |= new
        out.append(1 if new else 0)
    return out


def precision_at(g: Sequence[int], k: int) -> float:
    return sum(g[:k]) / k


def recall_at(g: Sequence[int], k: int, n_relevant: int) -> float:
    return sum(g[:k]) / n_relevant if n_relevant else 0.0


def ndcg_at(g: Sequence[int], k: int, n_relevant: int) -> float:
    dcg = sum(x / math.log2(i + 2) for i, x in enumerate(g[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, n_relevant)))
    return dcg / ideal if ideal else 0.0


@dataclass
class QueryScore:
    query: JudgedQuery
    ranked: list[str]  # the ids shown, in order
    p5: float
    r10: float
    ndcg10: float
    n_relevant_units: int

    @property
    def p5_max(self) -> float:
        """The best P@5 this query allows: fewer than five relevant units cap it."""
        return min(K_PRECISION, self.n_relevant_units) / K_PRECISION


@dataclass
class SearchScores:
    rows: list[QueryScore]

    def mean(self, attr: str, kind: str | None = None) -> float:
        rows = [r for r in self.rows if kind is None or r.query.kind == kind]
        return sum(getattr(r, attr) for r in rows) / len(rows) if rows else 0.0

    def as_dict(self) -> dict[str, Any]:
        kinds = sorted({r.query.kind for r in self.rows})
        return {
            "queries": len(self.rows),
            "p@5": round(self.mean("p5"), 3),
            "p@5_max": round(self.mean("p5_max"), 3),
            "r@10": round(self.mean("r10"), 3),
            "ndcg@10": round(self.mean("ndcg10"), 3),
            "by_kind": {
                k: {
                    "queries": sum(1 for r in self.rows if r.query.kind == k),
                    "p@5": round(self.mean("p5", k), 3),
                    "r@10": round(self.mean("r10", k), 3),
                    "ndcg@10": round(self.mean("ndcg10", k), 3),
                }
                for k in kinds
            },
            "per_query": [
                {
                    "id": r.query.id,
                    "p@5": round(r.p5, 3),
                    "r@10": round(r.r10, 3),
                    "ndcg@10": round(r.ndcg10, 3),
                    "ranked": r.ranked,
                }
                for r in self.rows
            ],
        }


# ------------------------------------------------------------------ running
# A ranked list of results, each the ids of the articles it stands for.
Runner = Callable[[JudgedQuery], Awaitable[list[list[str]]]]


async def units_of(
    client: AsyncElasticsearch, settings: Settings, ids: Sequence[str], by_story: bool
) -> dict[str, str]:
    """Article id -> its unit: copy group (or story). An id the index lacks is its own."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    resp = await client.mget(
        index=settings.index_alias, ids=ids, source_includes=["copy_group", "story_id"]
    )
    out = {}
    for d in resp["docs"]:
        src = d.get("_source", {}) if d.get("found") else {}
        key = src.get("story_id") if by_story else src.get("copy_group")
        out[d["_id"]] = str(key or d["_id"])
    return out


def default_runner(client: AsyncElasticsearch, settings: Settings) -> Runner:
    """The shipped search: collapsed hits, or stories with their matching articles."""

    async def run(q: JudgedQuery) -> list[list[str]]:
        sq = q.search_query(K_RECALL)
        if q.by_story:
            res = await search_by_story(client, settings, sq)
            return [[st.best.id, *st.matching_ids] for st in res.stories]
        found = await search_articles(client, settings, sq)
        return [[h.id, *h.copies] for h in found.hits]

    return run


async def evaluate_search(
    client: AsyncElasticsearch,
    settings: Settings,
    queries: Sequence[JudgedQuery],
    runner: Runner | None = None,
) -> SearchScores:
    run = runner or default_runner(client, settings)
    rows: list[QueryScore] = []
    for q in queries:
        results = await run(q)
        shown = [ids for ids in results[:K_RECALL]]
        units = await units_of(
            client, settings, [*q.relevant, *(i for ids in shown for i in ids)], q.by_story
        )
        relevant = {units[i] for i in q.relevant}
        ranked_units = [[units[i] for i in ids] for ids in shown]
        g = gains(ranked_units, relevant)
        rows.append(
            QueryScore(
                q,
                [ids[0] for ids in shown],
                precision_at(g, K_PRECISION),
                recall_at(g, K_RECALL, len(relevant)),
                ndcg_at(g, K_NDCG, len(relevant)),
                len(relevant),
            )
        )
    return SearchScores(rows)


def format_scores(scores: SearchScores) -> str:
    d = scores.as_dict()
    lines = [
        f"{d['queries']} judged queries: P@5 {d['p@5']:.3f} (at most {d['p@5_max']:.3f} with "
        f"these judgements)  R@10 {d['r@10']:.3f}  nDCG@10 {d['ndcg@10']:.3f}",
        "",
        f"{'kind':<14}{'n':>4}{'P@5':>8}{'R@10':>8}{'nDCG@10':>9}",
    ]
    for kind, k in d["by_kind"].items():
        lines.append(
            f"{kind or '-':<14}{k['queries']:>4}{k['p@5']:>8.3f}{k['r@10']:>8.3f}"
            f"{k['ndcg@10']:>9.3f}"
        )
    lines.append("")
    for r in scores.rows:
        lines.append(
            f"{r.query.id:<5} P@5 {r.p5:.2f} R@10 {r.r10:.2f} nDCG {r.ndcg10:.2f}  "
            f"{r.query.query!r} {json.dumps(r.query.filters) if r.query.filters else ''}"
            f"{' by story' if r.query.by_story else ''}"
        )
    return "\n".join(lines)
