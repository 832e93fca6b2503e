"""Online, single-pass story clustering: one real-world event per story.

Each article is assigned the moment it is enriched, in arrival order, with no
look-ahead. A story is one event (one phone call, one round of talks), not a
topic: articles join a story only when they say the same things about the
same people and places *and* fall within ``join_span`` of the story's first
article. Two rounds of talks a week apart therefore become two stories, which
are then linked as ``related`` because they share entities while both are
live.

How an article is placed (see ``docs/stories.md`` for the figures):

1. **Replays.** An id seen before gets its earlier assignment back, so a
   redelivered message never counts twice.
2. **Near-duplicates.** A MinHash signature of its word shingles is looked up
   in :class:`~pipeline.stories.dedup.NearDuplicateIndex`; a copy of an
   earlier article joins that article's story with ``duplicate_of`` set to
   the first copy and leaves the story's statistics and counts alone.
3. **Features.** Content words (stop words dropped, plurals folded, numbers
   kept: "485 years", "52-3" and "90-day" single out one event among similar
   ones) weighted by sublinear tf, the title counted ``title_weight`` times;
   canonical entities from enrichment (PERSON surnames also on their own, so
   "Tony Thompson" meets a later lone "Thompson"); resolved dates of day or
   month granularity (event time when the text states it).
4. **Candidates.** An inverted index maps each live story's top entities and
   top terms to the story; the article's own top keys are looked up there and
   the ``max_candidates`` stories sharing the most key weight are scored.
   Cost grows with the number of stories sharing a key, not with the window.
5. **Score.** ``(1 - entity_weight) * cos(text) + entity_weight * cos(entities)``
   against each candidate's centroid, both TF-IDF with document frequencies
   learned from the stream so far (bounded, halved every
   ``stats_halflife`` documents). Entities the article dwells on that the
   story never mentions (and the reverse) lower the score: a different name
   in the same role is what tells "the same story" from "a similar story".
6. **Decide.** Join the best candidate whose time gate allows it when the
   score reaches ``threshold``; otherwise open a new story whose id derives
   from the article id. Every other candidate scoring ``related_threshold``
   or more that shares an entity becomes ``related`` (both ways).

Memory stays bounded: stories age out ``window`` after their last article
(by article time, on the stream's clock), centroids keep their
``story_terms``/``story_entities`` heaviest entries, the document-frequency
table keeps at most ``max_vocabulary`` keys, and near-duplicate signatures
live ``dup_window``.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.record import Article
from pipeline.stories.dedup import MinHasher, NearDuplicateIndex, Signature

log = logging.getLogger(__name__)

__all__ = ["Assignment", "ClusterConfig", "StoryClusterer", "StorySummary", "story_id_for"]

SNAPSHOT_VERSION = 1
# A story's cached centroid norms are recomputed once the document count behind
# the IDF has moved by this share since they were computed.
NORM_DRIFT = 0.01

# Evidence channels. Every feature key lives in one; entity, person and date
# keys carry a control-character prefix, so they never meet a word, and all
# share one document-frequency table.
WORD, NUMBER, YEAR, PERSON, ENTITY, DATE, PHRASE = range(7)
CHANNELS = ("word", "number", "year", "person", "entity", "date", "phrase")
ENT = "\x01"
SURNAME = "\x02"
DAY = "\x03"
NAME = "\x04"
PAIR = "\x05"
_PREFIX_CHANNEL = {ENT: ENTITY, SURNAME: PERSON, NAME: PERSON, DAY: DATE, PAIR: PHRASE}

_EXTRA_STOP = frozenset(
    ["said", "says", "say", "saying", "told", "tell", "tells", "according", "reported", "reports", "added", "adds", "mr", "mrs", "ms", "dr", "just", "also", "would", "could", "like"]
)
STOP = frozenset(w.replace("’", "'") for w in STOP_WORDS) | _EXTRA_STOP

_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # dotted acronyms: U.S., U.N.
    r"|\d+(?:st|nd|rd|th)\b"  # ordinals: 6th
    r"|\d+(?:[.,:/-]\d+)*(?:-[^\W\d_]+)?"  # numbers: 485, 52-3, 7:40, 90-day
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*",  # words, with inner apostrophes
    re.UNICODE,
)
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_DAY_OR_MONTH = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def channel_of(key: str) -> int:
    """The evidence channel of a feature key (a pure function of the key)."""
    c = key[0]
    if c.isdigit():
        if len(key) == 4 and key.isdigit() and key[:2] in ("18", "19", "20"):
            return YEAR
        return NUMBER
    return _PREFIX_CHANNEL.get(c, WORD)


# Numbers spelt out are as specific as digits ("five hurt", "the sixth round"):
# they become the digit form. "one"/"first" are left out, being mostly idiom.
_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate(
        ["zero", "_", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
     "eighty": "80", "ninety": "90", "dozen": "12"}
_ORDINAL_WORDS = {
    w: f"{i}th" for i, w in enumerate(
        ["_", "_", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"])
}
_ORDINAL_WORDS.pop("_", None)
_NUMBER_WORDS.pop("_", None)


def fold(token: str) -> str | None:
    """Normalise one token: case-folded, possessive and plural folded; ``None`` to drop."""
    t = token.casefold().replace("’", "'")
    if t.endswith("'s"):
        t = t[:-2]
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    if t in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[t]
    if t[:1].isdigit() and t[-2:] in ("st", "nd", "rd", "th"):
        return t[:-2] + "th"
    if t[:1].isdigit():
        # Clock times ("4:59") date the copy, not the event.
        return None if _CLOCK.match(t) else t.replace(",", "")
    if len(t) < 2 or t in STOP:
        return None
    if len(t) > 4 and t.endswith("ies"):
        t = t[:-3] + "y"
    elif len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is", "ous")):
        t = t[:-1]
    return None if t in STOP else t


def _lead_end(body: str, start: int, words: int) -> int:
    """Where the lead (the first ``words`` words after ``start``) ends."""
    if words <= 0:
        return start
    n = 0
    for m in _TOKEN.finditer(body, start):
        n += 1
        if n >= words:
            return m.end()
    return len(body)


def terms_of(text: str) -> list[str]:
    out = []
    for tok in _TOKEN.findall(text):
        t = fold(tok)
        if t is not None:
            out.append(t)
    return out


def story_id_for(article_id: str) -> str:
    """The id of a story opened by ``article_id``: stable across runs and restarts."""
    return "s-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class ClusterConfig:
    """Knobs of the clusterer. Defaults are tuned on ECB+ topics 1-24 (see docs/stories.md)."""

    threshold: float = 0.30
    # Weight of each evidence channel in the score (see CHANNELS).
    word_weight: float = 1.0
    number_weight: float = 0.5
    year_weight: float = 0.4
    person_weight: float = 0.5
    entity_weight: float = 0.2
    date_weight: float = 0.3
    phrase_weight: float = 0.0
    entity_tokens: bool = False
    # "all": divide by the sum of all weights; "article": by the weights of the
    # channels the article has evidence in.
    normalize: str = "all"
    mean_power: float = 1.0
    min_word_similarity: float = 0.0
    title_weight: float = 2.0
    lead_weight: float = 0.0
    lead_words: int = 40
    surname_weight: float = 0.5
    # Time: an article may join a story whose first article is at most this far
    # from it; stories are forgotten ``window`` after their last article.
    join_span: timedelta = timedelta(days=3)
    window: timedelta = timedelta(days=7)
    related_threshold: float = 0.15
    max_related: int = 16
    # Size bounds.
    story_terms: int = 96
    story_keys: int = 24
    index_terms: int = 16
    index_entities: int = 12
    query_terms: int = 24
    query_entities: int = 32
    max_candidates: int = 48
    max_posting: int = 5000
    max_vocabulary: int = 300_000
    stats_halflife: int = 200_000
    # Near-duplicates.
    dup_threshold: float = 0.6
    dup_window: timedelta = timedelta(days=3)
    dup_shingle: int = 4
    dup_perm: int = 64
    dup_bands: int = 16
    dup_min_shingles: int = 8
    max_titles: int = 6
    max_members: int = 10_000

    def channel_weights(self) -> tuple[float, ...]:
        return (self.word_weight, self.number_weight, self.year_weight,
                self.person_weight, self.entity_weight, self.date_weight, self.phrase_weight)


@dataclass(frozen=True)
class Assignment:
    """Where one article went.

    ``similarity`` is the score against the story it joined (the estimated
    shingle Jaccard for a duplicate; the best score it failed to reach for a
    new story, 0.0 if there was no candidate).
    """

    story_id: str
    duplicate_of: str | None
    new_story: bool
    related: list[str]
    similarity: float


@dataclass(frozen=True)
class StorySummary:
    story_id: str
    title: str
    top_entities: list[str]
    first_seen: datetime
    last_seen: datetime
    article_count: int
    duplicate_count: int
    sources: list[str]
    related: list[str]


@dataclass
class _Features:
    # Raw (tf-like) weight of every feature key, all channels together.
    vec: dict[str, float]
    names: dict[str, str]
    signature: Signature | None


@dataclass
class _Story:
    id: str
    first_seen: float
    last_seen: float
    # Centroid: per feature key, the summed per-channel L1-normalised weights
    # of the members (IDF is applied at comparison time, with current statistics).
    vec: dict[str, float] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    related: dict[str, float] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    article_count: int = 0
    keys: tuple[str, ...] = ()
    # Per-channel L2 norm of the IDF-weighted centroid, cached with the number
    # of documents the statistics had then (recomputed once they drift).
    norms: list[float] = field(default_factory=lambda: [0.0] * len(CHANNELS))
    norms_at: float = -1.0


class _TermStats:
    """Document frequencies learned from the stream, bounded in size and age.

    Every ``halflife`` documents all counts are halved (those reaching zero
    dropped), so statistics follow the news of the last few hundred thousand
    articles; if the table outgrows ``max_keys`` it is halved at once.
    """

    def __init__(self, max_keys: int, halflife: int) -> None:
        self.max_keys = max_keys
        self.halflife = halflife
        self.docs = 0.0
        self.df: dict[str, float] = {}
        self.since_decay = 0

    def observe(self, keys: Iterable[str]) -> None:
        df = self.df
        for k in keys:
            df[k] = df.get(k, 0.0) + 1.0
        self.docs += 1.0
        self.since_decay += 1
        if self.since_decay >= self.halflife or len(df) > self.max_keys:
            self.decay()

    def decay(self) -> None:
        self.docs /= 2.0
        self.df = {k: v / 2.0 for k, v in self.df.items() if v >= 1.0}
        self.since_decay = 0

    def idf(self, key: str) -> float:
        return math.log(1.0 + (self.docs + 1.0) / (self.df.get(key, 0.0) + 0.5))


class StoryClusterer:
    """Assign articles to stories one at a time; see the module docstring."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = cfg = config if config is not None else ClusterConfig()
        self._weights = cfg.channel_weights()
        self._stats = _TermStats(cfg.max_vocabulary, cfg.stats_halflife)
        self._stories: dict[str, _Story] = {}
        self._index: dict[str, set[str]] = {}
        self._articles: dict[str, tuple[str, str | None]] = {}
        self._expiry: list[tuple[float, str]] = []
        self._now: float | None = None
        self._hasher = MinHasher(cfg.dup_perm, cfg.dup_shingle, cfg.dup_min_shingles)
        self._dups = NearDuplicateIndex(
            cfg.dup_threshold, cfg.dup_bands, cfg.dup_perm // cfg.dup_bands,
            cfg.dup_window.total_seconds(),
        )
        self._changed: set[str] = set()
        self._expired: set[str] = set()

    # --- public API ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._stories)

    def assign(self, article: Article) -> Assignment:
        """Place one article; it is not changed (the caller copies ``story_id`` onto it)."""
        prior = self._articles.get(article.id)
        if prior is not None and prior[0] in self._stories:
            story = self._stories[prior[0]]
            return Assignment(story.id, prior[1], False, self._related_ids(story), 1.0)
        cfg = self.config
        t = self._time_of(article)
        self._advance(t)
        feats = self._features(article)

        if feats.signature is not None:
            match = self._dups.query(feats.signature)
            if match is not None and match.story_id in self._stories:
                return self._join_duplicate(article, t, feats.signature, match.original_id,
                                            match.story_id, match.similarity)

        self._stats.observe(feats.vec)
        query = self._query(feats.vec)

        best: tuple[float, str] | None = None
        best_any = 0.0
        scored: list[tuple[float, str, bool]] = []
        for sid in self._candidates(query):
            story = self._stories[sid]
            sim, shares_entity, word_cos = self._similarity(query, story)
            scored.append((sim, sid, shares_entity))
            best_any = max(best_any, sim)
            if (self._joinable(story, t) and word_cos >= cfg.min_word_similarity
                    and (best is None or (sim, sid) > best)):
                best = (sim, sid)

        if best is not None and best[0] >= cfg.threshold:
            story = self._stories[best[1]]
            new_story, similarity = False, best[0]
        else:
            story = self._open(article, t)
            new_story, similarity = True, best_any
        self._add_member(story, article, t, feats)
        for sim, sid, shares_entity in scored:
            if sid != story.id and sim >= cfg.related_threshold and shares_entity:
                self._link(story, self._stories[sid], sim)
        if feats.signature is not None:
            self._dups.add(article.id, feats.signature, t, story.id)
        self._articles[article.id] = (story.id, None)
        return Assignment(story.id, None, new_story, self._related_ids(story), similarity)

    def story(self, story_id: str) -> StorySummary:
        """A live story's summary; ``KeyError`` once it has aged out."""
        s = self._stories[story_id]
        idf = self._stats.idf
        ranked = sorted(
            (k for k in s.vec if k in s.names), key=lambda k: (-s.vec[k] * idf(k), k)
        )
        sources = [src for src, _ in sorted(s.sources.items(), key=lambda kv: (-kv[1], kv[0]))]
        return StorySummary(
            story_id=s.id,
            title=self._representative_title(s),
            top_entities=[s.names[k] for k in ranked[:10]],
            first_seen=datetime.fromtimestamp(s.first_seen, UTC),
            last_seen=datetime.fromtimestamp(s.last_seen, UTC),
            article_count=s.article_count,
            duplicate_count=len(s.duplicates),
            sources=sources,
            related=self._related_ids(s),
        )

    def story_ids(self) -> list[str]:
        return sorted(self._stories)

    def drain_changes(self) -> tuple[set[str], set[str]]:
        """Stories changed and stories aged out since the last call (for the worker's table)."""
        expired = set(self._expired)
        changed = {c for c in self._changed if c in self._stories}
        self._changed, self._expired = set(), set()
        return changed, expired

    # --- persistence ---------------------------------------------------------------

    def snapshot_story(self, story_id: str) -> dict[str, Any]:
        """One live story as JSON-ready data: centroid, members and their signatures."""
        s = self._stories[story_id]
        return {
            "v": SNAPSHOT_VERSION,
            "id": s.id,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "article_count": s.article_count,
            "vec": dict(s.vec),
            "names": dict(s.names),
            "titles": list(s.titles),
            "sources": dict(s.sources),
            "related": dict(s.related),
            "members": list(s.members),
            "duplicates": dict(s.duplicates),
            "keys": list(s.keys),
            "norms": list(s.norms),
            "norms_at": s.norms_at,
            "copies": list(self._dups.entries_of([*s.members, *s.duplicates])),
        }

    def snapshot_stats(self) -> dict[str, Any]:
        """The stream-wide state: document frequencies and the clock."""
        return {
            "v": SNAPSHOT_VERSION,
            "docs": self._stats.docs,
            "since_decay": self._stats.since_decay,
            "df": dict(self._stats.df),
            "now": self._now,
        }

    def snapshot(self) -> dict[str, Any]:
        """Everything, as one JSON-ready value (tests, small deployments)."""
        return {
            "stats": self.snapshot_stats(),
            "stories": [self.snapshot_story(sid) for sid in sorted(self._stories)],
        }

    def restore(self, stories: Iterable[Mapping[str, Any]],
                stats: Mapping[str, Any] | None = None) -> None:
        """Rebuild from :meth:`snapshot_story` records (and :meth:`snapshot_stats`)."""
        if stats is not None:
            _check_version(stats)
            self._stats.docs = float(stats["docs"])
            self._stats.since_decay = int(stats["since_decay"])
            self._stats.df = {str(k): float(v) for k, v in stats["df"].items()}
            self._now = None if stats["now"] is None else float(stats["now"])
        for rec in stories:
            _check_version(rec)
            s = _Story(
                id=str(rec["id"]),
                first_seen=float(rec["first_seen"]),
                last_seen=float(rec["last_seen"]),
                vec={str(k): float(v) for k, v in rec["vec"].items()},
                names={str(k): str(v) for k, v in rec["names"].items()},
                titles=[str(t) for t in rec["titles"]],
                sources={str(k): int(v) for k, v in rec["sources"].items()},
                related={str(k): float(v) for k, v in rec["related"].items()},
                members=[str(m) for m in rec["members"]],
                duplicates={str(k): str(v) for k, v in rec["duplicates"].items()},
                article_count=int(rec["article_count"]),
                norms=[float(x) for x in rec["norms"]],
                norms_at=float(rec["norms_at"]),
            )
            self._drop(s.id)
            self._stories[s.id] = s
            self._set_keys(s, tuple(str(k) for k in rec["keys"]))
            for m in s.members:
                self._articles[m] = (s.id, None)
            for d, orig in s.duplicates.items():
                self._articles[d] = (s.id, orig)
            self._dups.restore_entries(s.id, rec["copies"])
            heapq.heappush(self._expiry, (s.last_seen, s.id))
        # Links to stories that were not restored are dropped.
        for s in self._stories.values():
            s.related = {k: v for k, v in s.related.items() if k in self._stories}

    # --- internals: features and similarity ----------------------------------------

    def _time_of(self, article: Article) -> float:
        """Article time: publication date, else when produced, else the stream's clock."""
        if article.published is not None:
            p = article.published
            return (p if p.tzinfo else p.replace(tzinfo=UTC)).timestamp()
        if article.produced_at is not None:
            return article.produced_at
        return self._now if self._now is not None else 0.0

    def _features(self, article: Article) -> _Features:
        cfg = self.config
        body, title = article.body, article.title.strip()
        title_in_body = bool(title) and body.lstrip().startswith(title)
        body_terms = terms_of(body)
        vec: dict[str, float] = {
            t: 1.0 + math.log(n) for t, n in Counter(body_terms).items()
        }
        if cfg.phrase_weight:
            pairs = Counter(PAIR + a + " " + b for a, b in zip(body_terms, body_terms[1:]))
            for k, n in pairs.items():
                vec[k] = 1.0 + math.log(n)
        extra = cfg.title_weight - (1.0 if title_in_body else 0.0)
        for t in set(terms_of(title)):
            vec[t] = vec.get(t, 0.0) + extra
        lead_start = len(body) - len(body.lstrip()) + (len(title) if title_in_body else 0)
        lead_end = _lead_end(body, lead_start, cfg.lead_words)
        if cfg.lead_weight:
            for t in set(terms_of(body[lead_start:lead_end])):
                vec[t] = vec.get(t, 0.0) + cfg.lead_weight
        names: dict[str, str] = {}
        for e in article.entities:
            name = " ".join(e.canonical.casefold().split())
            if not name:
                continue
            w = 1.0 + math.log(e.count)
            if cfg.lead_weight and any(m.start < lead_end for m in e.mentions):
                w += cfg.lead_weight
            prefix = NAME if e.label == "PERSON" else ENT
            if cfg.entity_tokens:
                toks = [t for t in terms_of(name) if not t[0].isdigit()] or [name]
                for tok in toks:
                    key = prefix + tok
                    vec[key] = vec.get(key, 0.0) + w / math.sqrt(len(toks)) * (1.0 if len(toks) == 1 or tok != toks[0] or prefix != NAME else cfg.surname_weight)
                    names.setdefault(key, e.canonical)
                continue
            key = prefix + name
            vec[key] = vec.get(key, 0.0) + w
            names.setdefault(key, e.canonical)
            if e.label == "PERSON" and cfg.surname_weight > 0 and " " in name:
                sur = SURNAME + name.rsplit(" ", 1)[1]
                vec[sur] = vec.get(sur, 0.0) + cfg.surname_weight * w
            elif e.label == "PERSON" and cfg.surname_weight > 0:
                vec[SURNAME + name] = vec.get(SURNAME + name, 0.0) + cfg.surname_weight * w
        for d in article.dates:
            if d.resolved and d.value and _DAY_OR_MONTH.match(d.value):
                key = DAY + d.value
                vec[key] = vec.get(key, 0.0) + 1.0
        text = body if title_in_body else f"{title}\n{body}"
        return _Features(vec, names, self._hasher.signature(text))

    def _query(self, raw: Mapping[str, float]) -> _Query:
        idf = self._stats.idf
        weighted: list[tuple[str, float, int]] = []
        norms = [0.0] * len(CHANNELS)
        for k, v in raw.items():
            w = v * idf(k)
            c = channel_of(k)
            weighted.append((k, w, c))
            norms[c] += w * w
        return _Query(weighted, [math.sqrt(n) for n in norms])

    def _similarity(self, q: _Query, story: _Story) -> tuple[float, bool, float]:
        """Weighted mean of per-channel cosines; whether an entity is shared; the word cosine."""
        idf = self._stats.idf
        docs = self._stats.docs
        if abs(docs - story.norms_at) > NORM_DRIFT * docs:
            self._refresh_norms(story)
        sv = story.vec
        dots = [0.0] * len(CHANNELS)
        for k, w, c in q.weighted:
            s = sv.get(k)
            if s is not None:
                dots[c] += w * s * idf(k)
        total = 0.0
        weight_sum = 0.0
        mode = self.config.normalize
        power = self.config.mean_power
        for c, cw in enumerate(self._weights):
            has_a, has_s = q.norms[c] > 0.0, story.norms[c] > 0.0
            if has_a and has_s:
                cos = dots[c] / (q.norms[c] * story.norms[c])
            elif mode == "all" or (mode == "article" and has_a):
                cos = 0.0
            else:
                continue
            weight_sum += cw
            total += cw * (cos + 0.05) ** power
        sim = (total / weight_sum) ** (1.0 / power) - 0.05 if weight_sum else 0.0
        word_cos = dots[WORD] / (q.norms[WORD] * story.norms[WORD]) if q.norms[WORD] and story.norms[WORD] else 0.0
        return sim, dots[PERSON] > 0.0 or dots[ENTITY] > 0.0, word_cos

    def _candidates(self, q: _Query) -> list[str]:
        cfg = self.config
        ents = [(w, k) for k, w, c in q.weighted if c in (PERSON, ENTITY)]
        words = [(w, k) for k, w, c in q.weighted if c not in (PERSON, ENTITY, DATE)]
        keys = [k for _, k in heapq.nlargest(cfg.query_entities, ents)]
        keys += [k for _, k in heapq.nlargest(cfg.query_terms, words)]
        score: dict[str, float] = {}
        idf = self._stats.idf
        for k in keys:
            posting = self._index.get(k)
            if not posting or len(posting) > cfg.max_posting:
                continue
            w = idf(k)
            for sid in posting:
                score[sid] = score.get(sid, 0.0) + w
        if len(score) <= cfg.max_candidates:
            return sorted(score)
        return [sid for _, sid in heapq.nlargest(
            cfg.max_candidates, ((v, sid) for sid, v in score.items()))]

    def _joinable(self, story: _Story, t: float) -> bool:
        return abs(t - story.first_seen) <= self.config.join_span.total_seconds()

    # --- internals: story bookkeeping ----------------------------------------------

    def _open(self, article: Article, t: float) -> _Story:
        sid = story_id_for(article.id)
        if sid in self._stories:  # the same id opened twice: only after a replay aged out
            sid = story_id_for(f"{article.id}@{t}")
        story = _Story(id=sid, first_seen=t, last_seen=t)
        self._stories[sid] = story
        heapq.heappush(self._expiry, (t, sid))
        return story

    def _add_member(self, story: _Story, article: Article, t: float, feats: _Features) -> None:
        cfg = self.config
        idf = self._stats.idf
        totals = [0.0] * len(CHANNELS)
        for k, v in feats.vec.items():
            totals[channel_of(k)] += v
        sv = story.vec
        for k, v in feats.vec.items():
            sv[k] = sv.get(k, 0.0) + v / totals[channel_of(k)]
        for k, name in feats.names.items():
            story.names.setdefault(k, name)
        if len(sv) > 2 * (cfg.story_terms + cfg.story_keys * (len(CHANNELS) - 1)):
            story.vec = sv = self._truncated(sv)
            story.names = {k: v for k, v in story.names.items() if k in sv}
        by_channel = self._refresh_norms(story)
        story.article_count += 1
        if article.title.strip() and len(story.titles) < cfg.max_titles:
            story.titles.append(article.title.strip())
        if len(story.members) < cfg.max_members:
            story.members.append(article.id)
        self._touch(story, article, t)
        ent_keys = heapq.nlargest(cfg.index_entities, by_channel[PERSON] + by_channel[ENTITY])
        word_keys = heapq.nlargest(
            cfg.index_terms, by_channel[WORD] + by_channel[NUMBER] + by_channel[YEAR])
        self._set_keys(story, tuple(k for _, k in ent_keys + word_keys))

    def _refresh_norms(self, story: _Story) -> list[list[tuple[float, str]]]:
        """Recompute the centroid's per-channel norms; returns its weighted keys by channel."""
        idf = self._stats.idf
        norms = [0.0] * len(CHANNELS)
        by_channel: list[list[tuple[float, str]]] = [[] for _ in CHANNELS]
        for k, v in story.vec.items():
            w = v * idf(k)
            c = channel_of(k)
            norms[c] += w * w
            by_channel[c].append((w, k))
        story.norms = [math.sqrt(n) for n in norms]
        story.norms_at = self._stats.docs
        return by_channel

    def _truncated(self, sv: Mapping[str, float]) -> dict[str, float]:
        """The heaviest entries of each channel: ``story_terms`` words, ``story_keys`` others."""
        idf = self._stats.idf
        by_channel: list[list[tuple[float, str]]] = [[] for _ in CHANNELS]
        for k, v in sv.items():
            by_channel[channel_of(k)].append((v * idf(k), k))
        kept: dict[str, float] = {}
        for c, items in enumerate(by_channel):
            cap = self.config.story_terms if c == WORD else self.config.story_keys
            for _, k in heapq.nlargest(cap, items):
                kept[k] = sv[k]
        return kept

    def _touch(self, story: _Story, article: Article, t: float) -> None:
        if article.source:
            story.sources[article.source] = story.sources.get(article.source, 0) + 1
        story.first_seen = min(story.first_seen, t)
        if t > story.last_seen:
            story.last_seen = t
            heapq.heappush(self._expiry, (t, story.id))
        self._changed.add(story.id)

    def _join_duplicate(self, article: Article, t: float, sig: Signature, original: str,
                        story_id: str, similarity: float) -> Assignment:
        story = self._stories[story_id]
        story.duplicates[article.id] = original
        self._touch(story, article, t)
        self._dups.add(article.id, sig, t, story.id, original_id=original)
        self._articles[article.id] = (story.id, original)
        return Assignment(story.id, original, False, self._related_ids(story), similarity)

    def _set_keys(self, story: _Story, keys: tuple[str, ...]) -> None:
        old, new = set(story.keys), set(keys)
        for k in old - new:
            posting = self._index.get(k)
            if posting is not None:
                posting.discard(story.id)
                if not posting:
                    del self._index[k]
        for k in new - old:
            self._index.setdefault(k, set()).add(story.id)
        story.keys = keys

    def _link(self, a: _Story, b: _Story, score: float) -> None:
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

    def _representative_title(self, story: _Story) -> str:
        """The member title whose words weigh most in the story's centroid."""
        if not story.titles:
            return ""
        idf = self._stats.idf

        def weight(title: str) -> float:
            ts = set(terms_of(title))
            return sum(story.vec.get(t, 0.0) * idf(t) for t in ts) / math.sqrt(len(ts) or 1)

        return max(story.titles, key=lambda tt: (weight(tt), -story.titles.index(tt)))

    def _advance(self, t: float) -> None:
        """Move the stream clock to ``t`` and forget what fell out of the windows."""
        if self._now is None or t > self._now:
            self._now = t
        now = self._now
        cutoff = now - self.config.window.total_seconds()
        while self._expiry and self._expiry[0][0] < cutoff:
            last, sid = heapq.heappop(self._expiry)
            story = self._stories.get(sid)
            if story is not None and story.last_seen <= last:
                self._drop(sid)
                self._expired.add(sid)
        self._dups.expire(now - self.config.dup_window.total_seconds())

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


@dataclass
class _Query:
    """An article's IDF-weighted features, each with its channel, and per-channel norms."""

    weighted: list[tuple[str, float, int]]
    norms: list[float]


def _check_version(rec: Mapping[str, Any]) -> None:
    if rec.get("v") != SNAPSHOT_VERSION:
        raise ValueError(f"story snapshot version {rec.get('v')!r}, expected {SNAPSHOT_VERSION}")
