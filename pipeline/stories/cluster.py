"""Online, single-pass story clustering: one real-world event per story.

Each article is assigned the moment it is enriched, in arrival order, with no
look-ahead. A story is one event (one phone call, one round of talks), not a
topic: an article joins a story only when it says the same things about the
same people, places and figures *and* the story's articles, with it, span at
most ``join_span`` (a week) of publication time. Two rounds of talks a week
apart become two stories because their leads place them on different days
(``event_gap``), linked as ``related`` because they share entities while both
live.

Time gates are measured in publication time relative to the article, never
against the newest article seen, so a backfill, a replay or a lagging
partition meets the same gates as the live feed; what is kept in memory is
decided by the arrival clock (the producers' ``produced_at``) and a count.

How an article is placed (measured figures in ``docs/stories.md``):

1. **Replays.** An id seen before gets its earlier assignment back, so a
   redelivered message never counts twice.
2. **Near-duplicates.** A MinHash signature of its word shingles is looked up
   in a banded LSH index (:mod:`pipeline.stories.dedup`) among copies
   published within ``dup_window`` of it; a copy joins that article's story
   with ``duplicate_of`` set to the earliest-published copy, and changes
   neither the story's centroid nor its count. A copy published before the
   original it matches takes its place, and the earlier ones are returned in
   :attr:`Assignment.corrected` for the caller to re-emit.
3. **Features**, in separate evidence channels so that a few specific facts
   are not drowned by many topical words:

   * ``word``: content words (stop words dropped, plurals folded), sublinear
     tf, the title counted ``title_weight`` more times and the lead (first
     ``lead_words`` words) ``lead_weight`` more; the dateline is left out;
   * ``number`` and ``year``: figures, including spelt-out ones ("five hurt",
     "the sixth round", "485 years", "52-3"); clock times are dropped;
   * ``person`` and ``entity``: the tokens of canonical entity names from
     enrichment (tokens, so "Lindsay", "Lindsay Lohan" and "Lohan" meet),
     with a bonus for names in the lead;
   * ``date``: resolved dates of day or month precision (event time).

   Every key is weighted by an IDF learned from the stream so far (bounded
   table, halved every ``stats_halflife`` documents).
4. **Candidates.** An inverted index maps each live story's heaviest entity
   and word keys to the story; the article's own heaviest keys are looked up
   and the ``max_candidates`` stories sharing the most key weight are scored.
   Cost follows how many stories share a key, not the size of the window.
5. **Score.** Per channel, the *average* cosine between the article and the
   story's members (average linkage: a story keeps the sum of its members'
   L2-normalised TF-IDF vectors, so this costs one dot product); the channel
   scores are averaged with the channel weights over the channels the article
   has evidence in. A channel the story lacks counts as zero. When the
   article's most prominent name is new to the story and the story's most
   prominent name is absent from the article, the score is multiplied by
   ``conflict_factor``: same-kind events differ most often by who.
6. **Decide.** Join the best candidate whose time gate allows it when the
   score reaches ``threshold`` and the word channel alone reaches
   ``min_word_similarity`` (figures or names alone never merge two reports);
   when the article shares no person with the story (a surname borne by
   someone with another given name does not count), its words other than
   the names of people and places must reach ``min_content_similarity``
   too: one city or one surname is not one event. An article whose lead
   places its event ``event_gap`` days or more from every day the story's
   members' leads refer to (next week's round, against this week's) does
   not join it (:mod:`pipeline.stories.eventtime`). Otherwise open a new story
   whose id derives from the article id. Every other candidate scoring
   ``related_threshold`` or more, sharing an entity and published within
   ``window`` becomes ``related`` (both ways).

Memory stays bounded: a story is forgotten ``window`` after an article last
reached it on the arrival clock, and beyond ``max_stories`` the least
recently reached go first; member sums keep their heaviest ``story_terms``
words and ``story_keys`` keys per other channel, the document-frequency
table keeps at most ``max_vocabulary`` keys, and near-duplicate signatures
are kept ``dup_window`` of arrival (at most ``max_copies``).
"""

from __future__ import annotations

import dataclasses
import heapq
import logging
import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from pipeline.record import Article
from pipeline.stories.config import ClusterConfig
from pipeline.stories.dedup import DuplicateMatch, MinHasher, NearDuplicateIndex, Signature
from pipeline.stories.eventtime import conflicts, looks_back, tally
from pipeline.stories.model import (
    SNAPSHOT_VERSION,
    Assignment,
    StorySummary,
    _Features,
    _Placed,
    _Query,
    _representative_title,
    _Story,
    article_features,
    current,
    names_conflict,
    order_key,
    subtract,
    surname_clashes,
)
from pipeline.stories.terms import (
    _ENTITY_CHANNELS,
    _WORD_CHANNELS,
    CHANNELS,
    ENTITY,
    PERSON,
    WORD,
    _TermStats,
    channel_of,
    name_tokens_of,
    story_id_for,
    terms_of,
)
from pipeline.stories.titles import derive_title

log = logging.getLogger(__name__)

# What StoryClusterer._similarity returns: the score, the word channel's score with
# and without name tokens, and whether an entity is shared.
_Score = tuple[float, float, float, bool]

__all__ = [
    "CHANNELS",
    "Assignment",
    "ClusterConfig",
    "StoryClusterer",
    "StorySummary",
    "name_tokens_of",
    "story_id_for",
    "terms_of",
]


class StoryClusterer:
    """Assign articles to stories one at a time; see the module docstring.

    Not thread-safe; one instance must see the whole stream (one consumer).
    """

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = cfg = config if config is not None else ClusterConfig()
        self._weights = cfg.channel_weights()
        self._stats = _TermStats(cfg.max_vocabulary, cfg.stats_halflife)
        self._stories: dict[str, _Story] = {}
        # Key -> the live stories indexed under it: a bare id while there is one
        # (most keys; a set costs 200 bytes more), a set from the second on.
        self._index: dict[str, str | set[str]] = {}
        self._articles: dict[str, tuple[str, str | None]] = {}
        # (arrival clock when touched, story id); stale entries are skipped.
        self._expiry: list[tuple[float, str]] = []
        # The latest publication time seen (stands in for an article without a
        # time) and the arrival clock (the latest produced_at seen).
        self._now: float | None = None
        self._clock: float | None = None
        self._hasher = MinHasher(cfg.dup_perm, cfg.dup_shingle, cfg.dup_min_shingles)
        self._dups = NearDuplicateIndex(
            cfg.dup_threshold,
            cfg.dup_bands,
            cfg.dup_perm // cfg.dup_bands,
            cfg.dup_window.total_seconds(),
            max_entries=cfg.max_copies,
        )
        self._changed: set[str] = set()
        self._expired: set[str] = set()
        # Stories that aged out with changes not yet drained, then readable until
        # the next drain: their last state still reaches the stories index.
        self._retiring: dict[str, _Story] = {}
        self._retired: dict[str, _Story] = {}
        # What the last placed articles added to their stories (for settling), and
        # stories emptied by settling: gone, not aged out, so their summaries go too.
        self._placed: OrderedDict[str, _Placed] = OrderedDict()
        self._dissolved: set[str] = set()
        self._reweighs = 0  # stories weighed again so far (see _fresh)

    # --- public API ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._stories)

    @property
    def documents_seen(self) -> float:
        """The (decayed) document count behind the word statistics."""
        return float(self._stats.docs)

    def assign(self, article: Article) -> Assignment:
        """Place one article; it is not changed (the caller copies ``story_id`` onto it)."""
        prior = self._articles.get(article.id)
        if prior is not None and prior[0] in self._stories:
            story = self._stories[prior[0]]
            return Assignment(story.id, prior[1], False, self._related_ids(story), 1.0)
        cfg = self.config
        t = self._time_of(article)
        self._advance(article, t)
        feats = self._features(article)

        if feats.signature is not None:
            match = self._dups.query(feats.signature, t)
            if match is not None and match.story_id in self._stories:
                # The original is the earliest-published copy, whatever the arrival order.
                if (t, article.id) < (match.original_time, match.original_id):
                    return self._promote(article, t, feats.signature, match)
                return self._join_duplicate(
                    article,
                    t,
                    feats.signature,
                    match.original_id,
                    match.original_time,
                    match.story_id,
                    match.similarity,
                )

        self._stats.observe(feats.vec)
        query = self._query(feats)
        key = order_key(t, article.id)
        # The candidates and the scores the settling check computed are reused for
        # placing, unless a story was weighed again or taken apart in between.
        cands = self._candidates(query)
        scores: dict[str, _Score] = {}
        reweighs = self._reweighs
        late = self._late_members(key, query, cands, scores) if cfg.settle else []
        detached = [self._detach(m) for m in late]
        if detached or self._reweighs != reweighs:
            cands, scores = self._candidates(query), {}
        title = article.title.strip() or derive_title(article.body)
        story, new_story, similarity = self._place(
            article.id, key, feats, query, title, article.source, cands, scores
        )
        if feats.signature is not None:
            self._dups.add(article.id, feats.signature, t, story.id, arrival=self._arrival())
        moved = self._replay(detached)
        return Assignment(
            story.id, None, new_story, self._related_ids(story), similarity, moved=moved
        )

    def _place(
        self,
        article_id: str,
        key: tuple[float, str],
        feats: _Features,
        query: _Query,
        title: str,
        source: str | None,
        cands: list[str] | None = None,
        scores: dict[str, _Score] | None = None,
    ) -> tuple[_Story, bool, float]:
        """Join the best candidate story or open one; link the related ones.

        ``cands`` and ``scores`` (story id -> :meth:`_similarity`) are what the
        caller already computed against the stories as they stand."""
        cfg = self.config
        t = key[0]
        best: tuple[float, str] | None = None
        best_any = 0.0
        scored: list[tuple[float, str, bool]] = []
        known = scores if scores is not None else {}
        for sid in cands if cands is not None else self._candidates(query):
            story = self._fresh(sid)
            score = known.get(sid)
            if score is None:
                score = self._similarity(query, story)
            sim, word_cos, content_cos, shares_entity = score
            scored.append((sim, sid, shares_entity))
            best_any = max(best_any, sim)
            if (
                word_cos >= cfg.min_word_similarity
                and content_cos >= cfg.min_content_similarity
                and self._joinable(story, t, feats)
                and not conflicts(feats.days, feats.day, story.days, cfg.event_gap)
                and (best is None or (sim, sid) > best)
            ):
                best = (sim, sid)

        if best is not None and best[0] >= cfg.threshold:
            story = self._stories[best[1]]
            new_story, similarity = False, best[0]
        else:
            story = self._open(article_id, t)
            new_story, similarity = True, best_any
        self._add_member(story, article_id, key, feats, query, title, source)
        for sim, sid, shares_entity in scored:
            other = self._stories[sid]
            if (
                sid != story.id
                and sim >= cfg.related_threshold
                and shares_entity
                and self._near(other, t)
            ):
                self._link(story, other, sim)
        self._articles[article_id] = (story.id, None)
        return story, new_story, similarity

    # --- internals: settling to publication order ----------------------------------

    def _late_members(
        self,
        key: tuple[float, str],
        q: _Query,
        cands: list[str],
        scores: dict[str, _Score],
    ) -> list[str]:
        """Members published after ``key`` of the stories this article competes
        for (``cands``), strongest story first, whole stories only, at most
        ``max_replay``; the scores computed on the way are left in ``scores``."""
        cfg = self.config
        found: list[tuple[float, str, list[str]]] = []
        for sid in cands:
            story = self._fresh(sid)
            later = [
                m
                for m in story.members[-cfg.replay_scan :]
                if (p := self._placed.get(m)) is not None and p.story == sid and p.key > key
            ]
            if later:
                scores[sid] = score = self._similarity(q, story)
                sim = score[0]
                if sim >= cfg.related_threshold:
                    found.append((sim, sid, later))
        out: list[str] = []
        for _, _, later in sorted(found, reverse=True):
            if len(out) + len(later) <= cfg.max_replay:
                out += later
        return out

    def _fresh(self, sid: str) -> _Story:
        """The story, its member sum weighed again with the current IDF if that
        has moved on since (see ``reweigh_growth``)."""
        story = self._stories[sid]
        cfg, docs = self.config, self._stats.docs
        growth, young = cfg.reweigh_growth, story.weighed_at < cfg.reweigh_until
        if growth <= 0.0 or not cfg.settle or not young or docs < growth * story.weighed_at:
            return story
        story.weighed_at = docs
        self._reweighs += 1
        for m in story.members:
            p = self._placed.get(m)
            if p is not None and p.story == sid:
                subtract(story.vecs, p.adds)
                p.adds = self._unit_adds(p)
                for k, v, c in p.adds:
                    story.vecs[c][k] = story.vecs[c].get(k, 0.0) + v
        self._trim(story)
        self._reindex(story)
        return story

    def _detach(self, member: str) -> tuple[_Placed, list[str]]:
        """Take a member out of its story (with the copies that point at it)."""
        p = self._placed[member]
        story = self._stories[p.story]
        subtract(story.vecs, p.adds)
        for c in {c for _, _, c in p.adds}:
            story.counts[c] -= 1
        for name, w in p.feats.names.items():
            left = story.names.get(name, 0.0) - w
            if left > 1e-9:
                story.names[name] = left
            else:
                story.names.pop(name, None)
        tally(story.days, p.feats.days, -1)
        story.article_count -= 1
        story.members.remove(member)
        if p.title in story.titles:
            story.titles.remove(p.title)
        if p.source and story.sources.get(p.source, 0) > 0:
            story.sources[p.source] -= 1
            if not story.sources[p.source]:
                del story.sources[p.source]
        copies = [d for d, o in story.duplicates.items() if o == member]
        for d in copies:
            del story.duplicates[d]
        if not story.members:
            self._stories.pop(story.id)
            self._set_keys(story, ())
            for other in story.related:
                o = self._stories.get(other)
                if o is not None and o.related.pop(story.id, None) is not None:
                    self._changed.add(o.id)
            self._dissolved.add(story.id)
            self._expired.add(story.id)
        else:
            times = [q.key[0] for m in story.members if (q := self._placed.get(m)) is not None]
            if len(times) == len(story.members):  # else the bounds stay as they were
                story.first_seen, story.last_seen = min(times), max(times)
            self._reindex(story)
            self._changed.add(story.id)
        return p, copies

    def _replay(self, detached: list[tuple[_Placed, list[str]]]) -> tuple[tuple[str, str], ...]:
        """Place detached members again, in publication order; return those whose
        story changed (copies included) as ``(article id, story id)``."""
        moved: list[tuple[str, str]] = []
        for p, copies in sorted(detached, key=lambda x: x[0].key):
            member = p.id
            story, _, _ = self._place(
                member, p.key, p.feats, self._query(p.feats), p.title, p.source
            )
            for d in copies:
                story.duplicates[d] = member
                self._articles[d] = (story.id, member)
            self._dups.move([member, *copies], story.id)
            if story.id != p.story:
                moved += [(member, story.id), *((d, story.id) for d in copies)]
        return tuple(moved)

    def story(self, story_id: str) -> StorySummary:
        """A live story's summary; ``KeyError`` once it has aged out (and been drained)."""
        s = self._lookup(story_id)
        names = sorted(s.names.items(), key=lambda kv: (-kv[1], kv[0]))
        sources = sorted(s.sources.items(), key=lambda kv: (-kv[1], kv[0]))
        return StorySummary(
            story_id=s.id,
            title=_representative_title(s),
            top_entities=[n for n, _ in names[:10]],
            first_seen=datetime.fromtimestamp(s.first_seen, UTC),
            last_seen=datetime.fromtimestamp(s.last_seen, UTC),
            article_count=s.article_count,
            duplicate_count=len(s.duplicates),
            sources=[src for src, _ in sources],
            related=self._related_ids(s),
        )

    def story_ids(self) -> list[str]:
        return sorted(self._stories)

    def drain_changes(self) -> tuple[set[str], set[str]]:
        """Stories changed, and stories aged out, since the last call.

        The worker writes :meth:`snapshot_story` of each changed story to its
        table (and its summary to the stories index), then deletes the aged-out
        keys. A story that changed and aged out in the same interval is in
        both sets, and stays readable until the next call, so its last state
        is written before it goes.
        """
        # An id opened again after it aged out (a replayed article) is live, not gone.
        expired = {sid for sid in self._expired if sid not in self._stories}
        self._retired, self._retiring = self._retiring, {}
        changed = {c for c in self._changed if c in self._stories} | set(self._retired)
        self._changed, self._expired = set(), set()
        return changed, expired

    def drain_dissolved(self) -> set[str]:
        """Stories emptied by settling since the last call (and not opened again).

        Unlike an aged-out story, such a story never happened: its articles now
        belong to others (see :attr:`Assignment.moved`), so its summary is
        removed from the stories index, not kept as history.
        """
        out = {sid for sid in self._dissolved if sid not in self._stories}
        self._dissolved = set()
        return out

    # --- persistence ---------------------------------------------------------------

    def snapshot_story(self, story_id: str) -> dict[str, Any]:
        """One live story as JSON-ready data: member sums, members, their signatures."""
        s = self._lookup(story_id)
        return {
            "v": SNAPSHOT_VERSION,
            "id": s.id,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "article_count": s.article_count,
            "vecs": [dict(v) for v in s.vecs],
            "counts": list(s.counts),
            "names": dict(s.names),
            "titles": list(s.titles),
            "sources": dict(s.sources),
            "related": dict(s.related),
            "members": list(s.members),
            "duplicates": dict(s.duplicates),
            "keys": list(s.keys),
            "touched": s.touched,
            "days": [[lo, hi, n] for (lo, hi), n in sorted(s.days.items())],
        }

    def drain_copies(self) -> tuple[list[dict[str, Any]], set[str]]:
        """The near-duplicate memory's changes since the last call: records of the
        copies added or changed, and the ids of those forgotten.

        Each copy is its own record (about 0.5 kB, mostly its MinHash signature),
        written once when it arrives, again only if its original or its story
        changes, and deleted when it ages out: a story's record holds no copies,
        so it stays small (about 10 B a member) however big the story grows.
        """
        return self._dups.drain_changes()

    def snapshot_stats(self) -> dict[str, Any]:
        """The stream-wide state: document frequencies and the clock."""
        return {
            "v": SNAPSHOT_VERSION,
            "docs": self._stats.docs,
            "since_decay": self._stats.since_decay,
            "df": dict(self._stats.df),
            "now": self._now,
            "clock": self._clock,
        }

    def snapshot(self) -> dict[str, Any]:
        """Everything as one JSON-ready value (tests, small deployments)."""
        return {
            "stats": self.snapshot_stats(),
            "stories": [self.snapshot_story(sid) for sid in sorted(self._stories)],
            "copies": list(self._dups.entries()),
        }

    def restore(
        self,
        stories: Iterable[Mapping[str, Any]],
        stats: Mapping[str, Any] | None = None,
        copies: Iterable[Mapping[str, Any]] = (),
    ) -> int:
        """Rebuild from :meth:`snapshot_story` records, :meth:`snapshot_stats` and the
        copy records of :meth:`drain_copies`.

        Stories written before copies had records of their own (snapshot
        version 3 and older) carry their copies inside: those are re-indexed and
        reported changed, so the next drain writes them the new way.

        Records of another snapshot version are skipped with a warning (the
        worker then starts those stories afresh rather than crash-looping);
        returns the number of stories restored.
        """
        if stats is not None and not current(stats, "statistics"):
            stats = None
        if stats is not None:
            self._stats.docs = float(stats["docs"])
            self._stats.since_decay = int(stats["since_decay"])
            self._stats.df = {str(k): float(v) for k, v in stats["df"].items()}
            self._now = None if stats["now"] is None else float(stats["now"])
            clock = stats.get("clock")
            self._clock = None if clock is None else float(clock)
        restored = 0
        for rec in stories:
            if not current(rec, f"story {rec.get('id')!r}"):
                continue
            restored += 1
            s = _Story(
                id=str(rec["id"]),
                first_seen=float(rec["first_seen"]),
                last_seen=float(rec["last_seen"]),
                vecs=[{str(k): float(x) for k, x in v.items()} for v in rec["vecs"]],
                counts=[int(x) for x in rec["counts"]],
                names={str(k): float(v) for k, v in rec["names"].items()},
                titles=[str(t) for t in rec["titles"]],
                sources={str(k): int(v) for k, v in rec["sources"].items()},
                related={str(k): float(v) for k, v in rec["related"].items()},
                members=[str(m) for m in rec["members"]],
                duplicates={str(k): str(v) for k, v in rec["duplicates"].items()},
                article_count=int(rec["article_count"]),
                touched=float(rec.get("touched", self._clock or 0.0)),
                weighed_at=self._stats.docs,  # its members are not in the replay cache
                days={(int(lo), int(hi)): int(n) for lo, hi, n in rec.get("days", [])},
            )
            self._drop(s.id)
            self._stories[s.id] = s
            self._set_keys(s, tuple(str(k) for k in rec["keys"]))
            for m in s.members:
                self._articles[m] = (s.id, None)
            for d, orig in s.duplicates.items():
                self._articles[d] = (s.id, orig)
            if "copies" in rec:  # an older record: its copies move to records of their own
                self._dups.restore_entries(s.id, rec["copies"], changed=True)
                self._changed.add(s.id)
            heapq.heappush(self._expiry, (s.touched, s.id))
        self._dups.restore_copies((dict(c) for c in copies), self._stories)
        # Links to stories that were not restored are dropped.
        for s in self._stories.values():
            s.related = {k: v for k, v in s.related.items() if k in self._stories}
        return restored

    # --- internals: features and similarity ----------------------------------------

    def _time_of(self, article: Article) -> float:
        """Article time: publication date, else when produced, else the latest
        publication time seen.

        A publication date more than a day after the article was produced is a
        typo or an embargo mistake: believed, it would put the article out of
        reach of its own story's time gates, so it is capped.
        """
        if article.published is not None:
            p = article.published
            t = (p if p.tzinfo else p.replace(tzinfo=UTC)).timestamp()
            if article.produced_at is not None:
                t = min(t, article.produced_at + 86_400.0)
            return t
        if article.produced_at is not None:
            return article.produced_at
        return self._now if self._now is not None else 0.0

    def _features(self, article: Article) -> _Features:
        cfg = self.config
        return article_features(
            article,
            self._hasher,
            strip_dateline=cfg.strip_dateline,
            title_weight=cfg.title_weight,
            lead_weight=cfg.lead_weight,
            lead_words=cfg.lead_words,
            horizon=cfg.event_horizon,
        )

    def _unit_adds(self, p: _Placed) -> list[tuple[str, float, int]]:
        """A placed member's contribution (its vector, L2-normalised per channel)
        weighed with the current IDF: what :meth:`_query` and :meth:`_add_member`
        give, without the parts only scoring needs. The keys and channels are
        those of ``p.adds``, in the same order."""
        idf, vec = self._stats.idf, p.feats.vec
        weighted = [(k, vec[k] * idf(k), c) for k, _, c in p.adds]
        norms = [0.0] * len(CHANNELS)
        for _, w, c in weighted:
            norms[c] += w * w
        roots = [math.sqrt(n) for n in norms]
        return [(k, w / roots[c], c) for k, w, c in weighted]

    def _query(self, feats: _Features) -> _Query:
        idf = self._stats.idf
        weighted: list[tuple[str, float, int]] = []
        norms = [0.0] * len(CHANNELS)
        for k, v in feats.vec.items():
            w = v * idf(k)
            c = channel_of(k)
            weighted.append((k, w, c))
            norms[c] += w * w
        # Scoring reads the heaviest words only (and every other key): the tail
        # of an article's vocabulary moves a cosine little and costs most.
        words = [x for x in weighted if x[2] == WORD]
        if len(words) > self.config.score_words:
            scoring = [x for x in weighted if x[2] != WORD]
            scoring += heapq.nlargest(self.config.score_words, words, key=lambda x: (x[1], x[0]))
        else:
            scoring = weighted
        top = max(feats.names.items(), key=lambda kv: (kv[1], kv[0]))[0] if feats.names else ""
        names = frozenset(k[1:] for k, _, c in weighted if c in _ENTITY_CHANNELS)
        return _Query(
            weighted,
            [math.sqrt(n) for n in norms],
            scoring,
            name_tokens_of(top),
            names,
            feats.weak_words,
            feats.persons,
        )

    def _similarity(self, q: _Query, story: _Story) -> _Score:
        """The score, the word channel's score with and without name tokens, and
        whether an entity is shared.

        Per channel, the mean cosine between the article and the members that
        have that channel; channels averaged with their weights over those the
        article has. ``story.vecs`` sum unit vectors, so one dot product does it.
        """
        vecs = story.vecs
        dots = [0.0] * len(CHANNELS)
        name_words = 0.0  # the part of the word dot product made of name tokens
        names = q.weak_words
        clash = surname_clashes(q, story)
        person_shared = False  # a person in common, not through a clashing surname
        for k, w, c in q.scoring:
            s = vecs[c].get(k)
            if s is not None:
                if c == PERSON and k not in clash:
                    person_shared = True
                dots[c] += w * s
                if c == WORD and k in names:
                    name_words += w * s
        total = weight_sum = word = content = 0.0
        for c, cw in enumerate(self._weights):
            if q.norms[c] <= 0.0:
                continue
            weight_sum += cw
            if story.counts[c]:
                cos = dots[c] / (q.norms[c] * story.counts[c])
                total += cw * cos
                if c == WORD:
                    word = cos
                    content = (dots[c] - name_words) / (q.norms[c] * story.counts[c])
        sim = total / weight_sum if weight_sum else 0.0
        if person_shared:
            content = 1.0  # the floor applies only when no person is shared
        if names_conflict(q, story):
            sim *= self.config.conflict_factor
        return sim, word, content, dots[PERSON] > 0.0 or dots[ENTITY] > 0.0

    def _candidates(self, q: _Query) -> list[str]:
        cfg = self.config
        ents = [(w, k) for k, w, c in q.weighted if c in _ENTITY_CHANNELS]
        words = [(w, k) for k, w, c in q.weighted if c in _WORD_CHANNELS]
        keys = [k for _, k in heapq.nlargest(cfg.query_entities, ents)]
        keys += [k for _, k in heapq.nlargest(cfg.query_terms, words)]
        score: dict[str, float] = {}
        idf = self._stats.idf
        for k in keys:
            posting = self._index.get(k)
            if posting is None:
                continue
            w = idf(k)
            if isinstance(posting, str):
                score[posting] = score.get(posting, 0.0) + w
                continue
            # A key shared by thousands of live stories says little and costs much.
            if len(posting) > cfg.max_posting:
                continue
            for sid in posting:
                score[sid] = score.get(sid, 0.0) + w
        if len(score) <= cfg.max_candidates:
            return sorted(score)
        return [
            sid
            for _, sid in heapq.nlargest(cfg.max_candidates, ((v, sid) for sid, v in score.items()))
        ]

    def _joinable(self, story: _Story, t: float, feats: _Features) -> bool:
        """Joined, the story's articles would span at most ``join_span`` of publication
        time (``join_span_undated`` for an article that names times but no new day
        in its lead, such as an analysis or a feature): the same test whichever
        of them arrived first. The lead's days are read only past ``join_span``."""
        span = max(story.last_seen, t) - min(story.first_seen, t)
        if span <= self.config.join_span.total_seconds():
            return True
        return (
            span <= self.config.join_span_undated.total_seconds()
            and feats.timed
            and looks_back(feats.days, feats.day, story.days)
        )

    def _near(self, story: _Story, t: float) -> bool:
        """The story was published within ``window`` of ``t`` (related links)."""
        w = self.config.window.total_seconds()
        return story.first_seen - w <= t <= story.last_seen + w

    def _arrival(self) -> float:
        return self._clock if self._clock is not None else 0.0

    def _lookup(self, story_id: str) -> _Story:
        s = self._stories.get(story_id)
        if s is not None:
            return s
        s = self._retiring.get(story_id) or self._retired.get(story_id)
        if s is None:
            raise KeyError(story_id)
        return s

    # --- internals: story bookkeeping ----------------------------------------------

    def _open(self, article_id: str, t: float) -> _Story:
        # The same article can open a story while earlier ones it opened live on
        # (a replay after a copy took its place): never reuse a live id, or the
        # older story stays in the candidate index under a key it no longer owns.
        sid, n = story_id_for(article_id), 1
        while sid in self._stories:
            sid, n = story_id_for(f"{article_id}@{t}" + (f"#{n}" if n > 1 else "")), n + 1
        story = _Story(
            id=sid, first_seen=t, last_seen=t, touched=self._arrival(), weighed_at=self._stats.docs
        )
        self._stories[sid] = story
        heapq.heappush(self._expiry, (story.touched, sid))
        return story

    def _add_member(
        self,
        story: _Story,
        article_id: str,
        key: tuple[float, str],
        feats: _Features,
        q: _Query,
        title: str,
        source: str | None,
    ) -> None:
        cfg = self.config
        vecs = story.vecs
        adds = [(k, w / q.norms[c], c) for k, w, c in q.weighted]
        for k, add, c in adds:
            vecs[c][k] = vecs[c].get(k, 0.0) + add
        for c, n in enumerate(q.norms):
            if n > 0.0:
                story.counts[c] += 1
        for name, w in feats.names.items():
            story.names[name] = story.names.get(name, 0.0) + w
        tally(story.days, feats.days, 1)
        self._trim(story)
        if len(story.names) > 2 * cfg.story_keys:
            story.names = dict(
                heapq.nlargest(cfg.story_keys, story.names.items(), key=lambda kv: (kv[1], kv[0]))
            )
        story.article_count += 1
        if len(story.titles) < cfg.max_titles and title:
            story.titles.append(title)
        if len(story.members) < cfg.max_members:
            story.members.append(article_id)
        self._touch(story, source, key[0])
        self._reindex(story)
        if cfg.settle:
            kept = dataclasses.replace(feats, signature=None)
            self._placed[article_id] = _Placed(article_id, key, story.id, kept, adds, title, source)
            self._placed.move_to_end(article_id)
            if len(self._placed) > cfg.replay_cache:
                self._placed.popitem(last=False)

    def _trim(self, story: _Story) -> None:
        """Keep the heaviest ``story_terms`` words and ``story_keys`` keys per channel."""
        cfg, vecs = self.config, story.vecs
        for c, v in enumerate(vecs):
            cap = cfg.story_terms if c == WORD else cfg.story_keys
            if len(v) > cap + cap // 2:
                vecs[c] = dict(heapq.nlargest(cap, v.items(), key=lambda kv: (kv[1], kv[0])))

    def _reindex(self, story: _Story) -> None:
        cfg, vecs = self.config, story.vecs
        ents = heapq.nlargest(
            cfg.index_entities, ((v, k) for c in _ENTITY_CHANNELS for k, v in vecs[c].items())
        )
        words = heapq.nlargest(
            cfg.index_terms, ((v, k) for c in _WORD_CHANNELS for k, v in vecs[c].items())
        )
        self._set_keys(story, tuple(k for _, k in ents + words))

    def _touch(self, story: _Story, source: str | None, t: float) -> None:
        if source:
            story.sources[source] = story.sources.get(source, 0) + 1
        story.first_seen = min(story.first_seen, t)
        story.last_seen = max(story.last_seen, t)
        arrival = self._arrival()
        if arrival > story.touched:
            story.touched = arrival
            heapq.heappush(self._expiry, (arrival, story.id))
        self._changed.add(story.id)

    def _join_duplicate(
        self,
        article: Article,
        t: float,
        sig: Signature,
        original: str,
        original_time: float,
        story_id: str,
        similarity: float,
    ) -> Assignment:
        story = self._stories[story_id]
        story.duplicates[article.id] = original
        self._touch(story, article.source, t)
        self._dups.add(
            article.id,
            sig,
            t,
            story.id,
            original_id=original,
            original_time=original_time,
            arrival=self._arrival(),
        )
        self._articles[article.id] = (story.id, original)
        return Assignment(story.id, original, False, self._related_ids(story), similarity)

    def _promote(
        self, article: Article, t: float, sig: Signature, match: DuplicateMatch
    ) -> Assignment:
        """A copy published before the original it matches becomes the original.

        The story keeps the old original's vector (the texts are near-identical)
        and its count; the old original and its copies now point at this
        article, and are returned as corrections for the caller to re-emit.
        """
        story = self._stories[match.story_id]
        old = match.original_id
        moved = [old, *(d for d, o in story.duplicates.items() if o == old and d != old)]
        for d in moved:
            story.duplicates[d] = article.id
            self._articles[d] = (story.id, article.id)
        try:
            story.members[story.members.index(old)] = article.id
        except ValueError:
            if len(story.members) < self.config.max_members:
                story.members.append(article.id)
        # What the old original added is now this article's to take out and place
        # again: without it, settling could not move the story's founder when an
        # article published before it arrives, and later arrivals would join the
        # founder's story whatever they report.
        placed = self._placed.pop(old, None)
        if placed is not None and placed.story == story.id:
            self._placed[article.id] = dataclasses.replace(
                placed, id=article.id, key=order_key(t, article.id)
            )
        self._touch(story, article.source, t)
        self._dups.redirect(moved, article.id, t)
        self._dups.add(article.id, sig, t, story.id, arrival=self._arrival())
        self._articles[article.id] = (story.id, None)
        return Assignment(
            story.id,
            None,
            False,
            self._related_ids(story),
            match.similarity,
            corrected=tuple((d, article.id) for d in moved),
        )

    def _set_keys(self, story: _Story, keys: tuple[str, ...]) -> None:
        old, new = set(story.keys), set(keys)
        index, sid = self._index, story.id
        for k in old - new:
            posting = index.get(k)
            if posting == sid:
                del index[k]
            elif isinstance(posting, set):
                posting.discard(sid)
                if len(posting) == 1:
                    index[k] = next(iter(posting))
        for k in new - old:
            posting = index.get(k)
            if posting is None:
                index[k] = sid
            elif isinstance(posting, str):
                index[k] = {posting, sid}
            else:
                posting.add(sid)
        story.keys = keys

    def _link(self, a: _Story, b: _Story, score: float) -> None:
        """Relate two stories both ways, each keeping its ``max_related`` strongest links."""
        cap = self.config.max_related
        for x, y in ((a, b), (b, a)):
            if y.id in x.related or len(x.related) < cap:
                x.related[y.id] = max(score, x.related.get(y.id, 0.0))
            else:
                weakest = min(x.related, key=lambda k: (x.related[k], k))
                if x.related[weakest] >= score:
                    continue
                del x.related[weakest]
                x.related[y.id] = score
            self._changed.add(x.id)

    def _related_ids(self, story: _Story) -> list[str]:
        return [k for k, _ in sorted(story.related.items(), key=lambda kv: (-kv[1], kv[0]))]

    def _advance(self, article: Article, t: float) -> None:
        """Move the clocks and forget what fell out of the retention windows.

        Retention follows arrival (``produced_at``), never publication time: a
        backfill of month-old news, or a partition that lags, must still find
        the stories its articles belong to. Without ``produced_at`` only the
        ``max_stories`` bound forgets.
        """
        if self._now is None or t > self._now:
            self._now = t
        arrived = article.produced_at
        if arrived is not None and (self._clock is None or arrived > self._clock):
            self._clock = arrived
        cutoff = (
            self._clock - self.config.window.total_seconds() if self._clock is not None else None
        )
        while self._expiry and (
            (cutoff is not None and self._expiry[0][0] < cutoff)
            or len(self._stories) > self.config.max_stories
        ):
            touched, sid = heapq.heappop(self._expiry)
            story = self._stories.get(sid)
            if story is not None and story.touched <= touched:
                self._drop(sid)
                self._expired.add(sid)
                if sid in self._changed:
                    self._retiring[sid] = story
        if self._clock is not None:
            self._dups.expire(self._clock - self.config.dup_window.total_seconds())

    def _drop(self, sid: str) -> None:
        story = self._stories.pop(sid, None)
        if story is None:
            return
        self._set_keys(story, ())
        for other in story.related:
            o = self._stories.get(other)
            if o is not None and o.related.pop(sid, None) is not None:
                self._changed.add(o.id)
        for m in [*story.members, *story.duplicates]:
            if self._articles.get(m, ("",))[0] == sid:
                del self._articles[m]
        self._dups.discard_story(sid, [*story.members, *story.duplicates])
