"""The route stage's logic: a story for each article, the alerts it fires, and the
earlier records a late copy corrects. Pure Python over the clusterer and the alert
engine, so it is tested without a broker; ``agents.py`` only moves bytes.

One article that fails here (a bug in assignment or in a rule) is handed back as a
failure with its reason, for the agent to dead-letter (``route_failed``); the
others in the batch go on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, model_validator

from pipeline.alerts.dedup import Alert
from pipeline.alerts.engine import AlertEngine
from pipeline.metrics import ALERTS_FIRED
from pipeline.record import Article
from pipeline.stories.cluster import ClusterConfig, StoryClusterer
from pipeline.stories.corrections import Fix, RoutedRecords, apply_corrections, fixes_of
from pipeline.stories.summary import summary_document

log = logging.getLogger(__name__)

STATS_KEY = "__stats__"
# Keys of the near-duplicate memory's records, one per copy, beside the stories
# ("s-...") in the same table: a digest of the article id, so a hostile id cannot
# make a long key or one that reads as something else.
COPY_PREFIX = "c-"
STATS_EVERY_S = 30.0
# ... or sooner, once the statistics have grown by this share since the last snapshot:
# a successor that takes over (after a crash or a frozen owner) then scores with
# statistics at most this stale, however young the stream, while a mature stream
# (where each snapshot is large) is written about every 30 s.
STATS_GROWTH = 0.10


class AlertMessage(BaseModel):
    """What travels on the ``alerts`` topic: the alert and where to deliver it.

    The webhook URLs ride beside the alert, not inside it, so they reach neither
    the alerts index nor the receivers' payloads (a Slack URL is a secret), and the
    alerts stage delivers to the targets the route stage matched with, never to a
    rules directory it would have to read again.
    """

    alert: Alert
    webhooks: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _bare_alert(cls, data: Any) -> Any:
        """A message from before the envelope is a bare alert, with no targets."""
        if isinstance(data, Mapping) and "alert" not in data:
            return {"alert": data}
        return data

    def to_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()


@dataclass
class Routed:
    """What one batch produces, in the order it must be sent."""

    records: list[Article] = field(default_factory=list)  # to the search index, in order
    alerts: list[AlertMessage] = field(default_factory=list)
    failed: list[tuple[Article, str]] = field(default_factory=list)
    # ids of older versions that arrived after a newer one (or after a kill notice)
    stale: list[str] = field(default_factory=list)
    # corrected records neither cached nor in this batch: (article id, what changes)
    to_read_back: list[tuple[str, Fix]] = field(default_factory=list)


@dataclass
class Snapshot:
    """The clusterer's changes since the last drain, for its table and the stories index."""

    stories: dict[str, dict[str, Any]]  # story id -> snapshot, to store
    expired: set[str]  # story ids to remove from the table
    stats: dict[str, Any] | None  # word statistics, when they are due
    summaries: dict[str, tuple[int, dict[str, Any], None]]  # stories index documents
    # Stories emptied by settling (their articles moved elsewhere): removed from the
    # stories index, where an aged-out story stays as history.
    dissolved: set[str] = field(default_factory=set)
    # The near-duplicate memory: copy key -> record to store, and keys to remove.
    copies: dict[str, dict[str, Any]] = field(default_factory=dict)
    copies_gone: set[str] = field(default_factory=set)


def write_snapshot(store: MutableMapping[str, dict[str, Any]], snap: Snapshot) -> None:
    """Put a drain's changes in the route stage's table: changed stories, their
    copies, removals, and the statistics when due."""
    for sid, story in snap.stories.items():
        store[sid] = story
    for sid in snap.expired:
        store.pop(sid, None)
    for key, copy in snap.copies.items():
        store[key] = copy
    for key in snap.copies_gone:
        store.pop(key, None)
    if snap.stats is not None:
        store[STATS_KEY] = snap.stats


def copy_key(article_id: str) -> str:
    return COPY_PREFIX + hashlib.blake2b(article_id.encode(), digest_size=12).hexdigest()


@dataclass
class RouteState:
    """Everything the route stage keeps between batches (its tables hold the durable part)."""

    clusterer: StoryClusterer
    engine: AlertEngine
    routed: RoutedRecords = field(default_factory=RoutedRecords)
    stats_at: float = 0.0
    stats_docs: float = 0.0
    rules_at: float = 0.0

    def route(self, articles: Iterable[Article]) -> Routed:
        out = Routed()
        for art in articles:
            if self.routed.superseded(art):
                # an older version arriving late (a replay, a backfill): nothing to do
                out.stale.append(art.id)
                continue
            if art.withdrawn:  # a kill notice: no story, no alert; the index hides it
                out.records.append(art)
                self.routed.put(art)
                continue
            try:
                corrected = self._assign(art)
                fired = self.engine.process(art)
            except Exception as exc:
                log.exception("routing failed for %s", art.id)
                out.failed.append((art, f"route failed: {type(exc).__name__}: {exc}"[:500]))
                continue
            for f in fired:
                alert = f.alert.model_copy(update={"produced_at": art.produced_at})
                out.alerts.append(AlertMessage(alert=alert, webhooks=f.webhooks))
                ALERTS_FIRED.labels(kind=alert.kind).inc()
            out.records.append(art)
            self.routed.put(art)
            found, lost = apply_corrections(corrected, self.routed)
            out.records.extend(found)
            out.to_read_back.extend(lost)
        return out

    def _assign(self, art: Article) -> list[tuple[str, Fix]]:
        """Set ``story_id``/``duplicate_of``; return the earlier articles to correct
        (a copy pointer moved to an older copy, or a story settled to publication order)."""
        a = self.clusterer.assign(art)
        art.story_id = a.story_id
        art.duplicate_of = a.duplicate_of
        return fixes_of(a.corrected, a.moved)

    def reload_rules(self, now: float, every: float) -> None:
        if now - self.rules_at >= every:
            self.rules_at = now
            self.engine.reload()

    def drain(self, now: float) -> Snapshot:
        c = self.clusterer
        changed, expired = c.drain_changes()
        dissolved = c.drain_dissolved()
        stats = None
        docs = c.documents_seen
        grown = docs > self.stats_docs * (1 + STATS_GROWTH)
        if grown or now - self.stats_at >= STATS_EVERY_S or not self.stats_at:
            stats = c.snapshot_stats()
            self.stats_at, self.stats_docs = now, docs
        copies, gone = c.drain_copies()
        stories = {sid: c.snapshot_story(sid) for sid in changed}
        return Snapshot(
            stories=stories,
            expired=expired,
            stats=stats,
            summaries={sid: summary_document(c, sid, snap) for sid, snap in stories.items()},
            dissolved=dissolved,
            copies={copy_key(r["article_id"]): r for r in copies},
            copies_gone={copy_key(a) for a in gone},
        )


def restore_clusterer(store: Mapping[str, dict[str, Any]], settle: bool = True) -> StoryClusterer:
    """The clusterer as its table left it (stories, the copies, the word statistics)."""
    c = StoryClusterer(ClusterConfig(settle=settle))
    stories: list[dict[str, Any]] = []
    copies: list[dict[str, Any]] = []
    for k in store:
        if k == STATS_KEY:
            continue
        try:
            value = store[k]
        except KeyError:  # a value written in parts and cut short: that story starts afresh
            continue
        (copies if k.startswith(COPY_PREFIX) else stories).append(value)
    c.restore(stories, store.get(STATS_KEY), copies)
    log.info("story state restored: %d live stories, %d copies", len(c), len(copies))
    return c
