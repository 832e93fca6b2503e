"""The records of story clustering: what an assignment returns, a story's summary,
and the clusterer's internal story and article shapes (kept apart so that
``cluster.py`` holds placement only)."""

from __future__ import annotations

import hashlib
import logging
import math
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.enrich.dateline import parse_dateline, writing_day
from pipeline.record import Article
from pipeline.stories.dedup import MinHasher, Signature
from pipeline.stories.eventtime import Days, lead_days, quoted_spans
from pipeline.stories.terms import (
    _DAY_OR_MONTH,
    _WEAK_LABELS,
    CHANNELS,
    DAY,
    ENT,
    ENTITY,
    NAME,
    PERSON,
    WORD,
    _lead_end,
    given_and_surname,
    name_tokens_of,
    terms_of,
)

log = logging.getLogger(__name__)

# Bumped whenever the layout of a snapshot changes; records of other versions
# are skipped, except those of ``READABLE_VERSIONS`` (read with defaults).
SNAPSHOT_VERSION = 4
READABLE_VERSIONS = (2, 3, 4)


@dataclass(frozen=True)
class Assignment:
    """Where one article went.

    ``similarity`` is the score against the story it joined (the estimated
    shingle Jaccard for a duplicate, 1.0 for a replay); for a new story, the
    best score it failed to reach (0.0 if nothing was a candidate).
    ``related`` lists the story's related stories, strongest first.
    ``corrected`` lists ``(article id, duplicate_of)`` for articles placed
    earlier whose ``duplicate_of`` has changed: this article is a copy
    published before the one they pointed at, so it is the original now.
    ``moved`` lists ``(article id, story_id)`` for articles placed earlier whose
    story has changed: this article was published before them, and placed again
    in publication order they went elsewhere. The caller re-emits the records
    of both.
    """

    story_id: str
    duplicate_of: str | None
    new_story: bool
    related: list[str]
    similarity: float
    corrected: tuple[tuple[str, str], ...] = ()
    moved: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StorySummary:
    story_id: str
    title: str
    top_entities: list[str]
    first_seen: datetime
    last_seen: datetime
    article_count: int  # duplicates not counted
    duplicate_count: int
    sources: list[str]  # most frequent first
    related: list[str]  # strongest first


@dataclass(slots=True)
class _Features:
    vec: dict[str, float]  # raw (tf-like) weight of every key, all channels together
    names: dict[str, float]  # canonical entity name -> weight, for summaries
    signature: Signature | None
    # Word tokens of the names of people and places: weak evidence of the event.
    weak_words: frozenset[str] = frozenset()
    persons: tuple[tuple[str, str], ...] = ()
    # The day ranges the lead refers to, and the publication day (eventtime.py).
    days: tuple[Days, ...] = ()
    day: int | None = None
    # Whether the enrichment resolved any time in the article at all: one that
    # names times, none of them a day of its lead, is an analysis or a feature.
    timed: bool = False


@dataclass(slots=True)
class _Query:
    """An article's IDF-weighted keys, each with its channel, and per-channel norms.

    ``top_name`` holds the tokens of the article's most prominent name and
    ``name_tokens`` the tokens of all its names, for the conflict test.
    """

    weighted: list[tuple[str, float, int]]
    norms: list[float]
    scoring: list[tuple[str, float, int]]
    top_name: frozenset[str]
    name_tokens: frozenset[str]
    weak_words: frozenset[str]
    # (given name, surname) tokens of the article's full person names.
    persons: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class _Story:
    id: str
    first_seen: float  # earliest and latest publication time of its articles
    last_seen: float
    # Per channel, the sum over members of their L2-normalised TF-IDF vectors
    # (IDF as it was when each joined), and how many members had that channel.
    vecs: list[dict[str, float]] = field(default_factory=lambda: [{} for _ in CHANNELS])
    counts: list[int] = field(default_factory=lambda: [0] * len(CHANNELS))
    names: dict[str, float] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    related: dict[str, float] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)
    article_count: int = 0
    keys: tuple[str, ...] = ()
    touched: float = 0.0  # the arrival clock when an article last reached it
    # The document count behind the IDF its member sum was last weighed with.
    weighed_at: float = 0.0
    # Day ranges its members' leads refer to (eventtime.py), with how many members do.
    days: dict[Days, int] = field(default_factory=dict)


def _representative_title(story: _Story) -> str:
    """The member title whose words weigh most in the story's member sum."""
    if not story.titles:
        return ""

    def weight(i: int) -> tuple[float, int]:
        ts = set(terms_of(story.titles[i]))
        words = story.vecs[WORD]
        return sum(words.get(t, 0.0) for t in ts) / math.sqrt(len(ts) or 1), -i

    return story.titles[max(range(len(story.titles)), key=weight)]


def order_key(t: float, article_id: str) -> tuple[float, str]:
    """Where an article stands in the one order every arrival order settles to:
    publication time, then a hash of its id (ties broken neither by arrival nor
    by how ids happen to be spelt)."""
    return (t, hashlib.sha1(article_id.encode()).hexdigest()[:16])


@dataclass(slots=True)
class _Placed:
    """What one article added to its story, kept (for the last ``replay_cache``
    articles) so that it can be taken out and placed again when an article
    published before it arrives later."""

    id: str
    key: tuple[float, str]
    story: str
    feats: _Features
    adds: list[tuple[str, float, int]]  # (key, value added to the member sum, channel)
    title: str
    source: str | None


def article_features(
    article: Article,
    hasher: MinHasher,
    *,
    strip_dateline: bool,
    title_weight: float,
    lead_weight: float,
    lead_words: int,
    horizon: int,
) -> _Features:
    """An article's keys in every channel, with its names and copy signature."""
    body, title = article.body, article.title.strip()
    # Feeds that repeat the headline as the first line must not count it twice.
    title_in_body = bool(title) and body.lstrip().startswith(title)
    lead_start = len(body) - len(body.lstrip()) + (len(title) if title_in_body else 0)
    text = body
    if strip_dateline:
        rest = body[lead_start:]
        skip = len(rest) - len(rest.lstrip())
        cut = parse_dateline(rest[skip:])[1]
        if cut:
            text = body[:lead_start] + " " * (skip + cut) + body[lead_start + skip + cut :]
            lead_start += skip + cut
    vec: dict[str, float] = {t: 1.0 + math.log(n) for t, n in Counter(terms_of(text)).items()}
    for t in set(terms_of(title)):
        vec[t] = vec.get(t, 0.0) + title_weight - (1.0 if title_in_body else 0.0)
    lead_end = _lead_end(text, lead_start, lead_words)
    if lead_weight:
        for t in set(terms_of(text[lead_start:lead_end])):
            vec[t] = vec.get(t, 0.0) + lead_weight
    names: dict[str, float] = {}
    for e in article.entities:
        tokens = [t for t in terms_of(e.canonical) if not t[0].isdigit()]
        if not tokens:
            continue
        w = 1.0 + math.log(e.count)
        if any(m.start < lead_end for m in e.mentions):
            w += lead_weight
        names[e.canonical] = names.get(e.canonical, 0.0) + w
        prefix = NAME if e.label == "PERSON" else ENT
        share = w / math.sqrt(len(tokens))
        for tok in tokens:
            vec[prefix + tok] = vec.get(prefix + tok, 0.0) + share
    for d in article.dates:
        if d.resolved and d.value and _DAY_OR_MONTH.match(d.value):
            vec[DAY + d.value] = vec.get(DAY + d.value, 0.0) + 1.0
    weak = frozenset(
        t
        for e in article.entities
        if e.label in _WEAK_LABELS
        for t in name_tokens_of(e.canonical) | name_tokens_of(e.text)
    )
    # Interned, so the many stories and the statistics holding a key share one string.
    vec = {sys.intern(k): v for k, v in vec.items()}
    # Copies are told by the body: republishers rewrite headlines first.
    persons = tuple(
        sorted(
            {
                gs
                for e in article.entities
                if e.label == "PERSON" and (gs := given_and_surname(e.canonical))
            }
        )
    )
    # the day "Friday" in the lead was counted from, as the enrichment counted it
    written = writing_day(article.body, article.published, article.produced_at)
    day = written.toordinal() if written is not None else None
    quoted = quoted_spans(body, lead_start, lead_end)
    days = lead_days(article.dates, lead_start, lead_end, day, horizon, quoted)
    timed = any(d.resolved for d in article.dates)
    return _Features(vec, names, hasher.signature(body), weak, persons, days, day, timed)


def subtract(vecs: list[dict[str, float]], adds: list[tuple[str, float, int]]) -> None:
    """Take what one member added out of a story's member sums."""
    for k, v, c in adds:
        cur = vecs[c].get(k)
        if cur is not None:
            if cur - v > 1e-9:
                vecs[c][k] = cur - v
            else:
                del vecs[c][k]


def surname_clashes(q: _Query, story: _Story) -> frozenset[str]:
    """Person keys the article shares with the story only through a surname
    borne by someone else: "Igor Peskov" against a story about "Dmitry Peskov"."""
    if not q.persons:
        return frozenset()
    persons = story.vecs[PERSON]
    givens: dict[str, set[str]] = {}
    for given, surname in q.persons:
        givens.setdefault(surname, set()).add(given)
    out: set[str] = set()
    for surname, mine in givens.items():
        key = NAME + surname
        # The surname is shared through one of the article's own people.
        if key not in persons or any(NAME + g in persons for g in mine):
            continue
        # Another given name, not a variant of one of ours ("Alexis" and
        # "Alexandros" may well be one man).
        if any(
            gs[1] == surname and all(gs[0][:3] != g[:3] for g in mine)
            for n in story.names
            if (gs := given_and_surname(n))
        ):
            out.add(key)
    return frozenset(out)


def names_conflict(q: _Query, story: _Story) -> bool:
    """The article's most prominent name is new to the story, and the story's
    most prominent name is absent from the article.

    Two reports of one kind of event often share everything but their
    protagonist: one champion against two opponents, one player courted by
    two teams. Names match by token, so "Lohan" meets "Lindsay Lohan".
    """
    if not q.top_name or not story.names:
        return False
    persons, others = story.vecs[PERSON], story.vecs[ENTITY]
    if any(NAME + t in persons or ENT + t in others for t in q.top_name):
        return False
    top = max(story.names.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return not (name_tokens_of(top) & q.name_tokens)


def current(rec: Mapping[str, Any], what: str) -> bool:
    """A snapshot record this code can read (else a warning)."""
    if rec.get("v") in READABLE_VERSIONS:
        return True
    log.warning(
        "%s: snapshot version %r, expected %d: not restored", what, rec.get("v"), SNAPSHOT_VERSION
    )
    return False
