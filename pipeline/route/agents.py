"""Faust agent: articles.enriched (one partition) -> story + alerts -> the search index.

Story assignment and alert dedup need one ordered view of the whole stream,
so ``articles.enriched`` has a single partition and this agent runs on
whichever worker owns it; its state lives in single-partition tables
(changelogged, so a restarted or replacing worker rebuilds it). It costs
about 2-3 ms an article, against ~20 ms of NER in the parallel enrich stage.

The agent writes each routed article to the search index itself (bulk,
``_id`` = article id, external version), then the stories index, then sends
the alerts and dead letters, and only then reports the batch finished. Until
December 2026 the routed articles went through a topic of their own
(``articles.clustered``) to a separate index agent: one more produce, fetch
and decode of every article, for no gain in order or safety (the writes are
idempotent either way). While the search cluster is down, slow or refusing
writes, ``SearchSink.write`` keeps retrying and this agent takes no next
batch: the backlog waits as lag on ``articles.enriched`` and in
``pipeline_index_waiting``, and nothing is acknowledged that is not in the
index. A bulk request the cluster refuses for good (bad credentials, a
missing index) stops the worker before anything more is acknowledged; a
document it refuses for what it is goes to the dead-letter topic
(``es_rejected``, stage ``index``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from pipeline.agentkit import Send, batches, dead_letter, decode_articles, die, send_confirmed
from pipeline.alerts.engine import AlertEngine
from pipeline.alerts.webhooks import WebhookPolicy
from pipeline.errors import FatalError
from pipeline.feeds.parse import article_from_record
from pipeline.index.writer import SearchSink
from pipeline.metrics import (
    ARTICLES_IN,
    ARTICLES_OUT,
    BATCH_SIZE,
    BULK_SECONDS,
    PRODUCE_TO_INDEXED,
    STALE,
)
from pipeline.record import Article
from pipeline.route.stage import RouteState, restore_clusterer, write_snapshot
from pipeline.settings import Settings
from pipeline.stories.corrections import read_back
from pipeline.tablestore import JsonTableStore
from pipeline.topics import Topics

log = logging.getLogger(__name__)

# Articles per route batch: the stage is cheap per article, and a batch coalesces
# the story documents it writes (apart from ENRICH_BATCH, which is sized for latency).
ROUTE_BATCH = 128


async def index_articles(
    sink: SearchSink, articles: list[Article], by_id: dict[str, Any], dlq: Any, source_topic: str
) -> list[Send]:
    """Write routed articles to the search index; dead letters for those it refuses.

    Returns once every article is acknowledged or refused for good (transient
    failures are retried inside ``SearchSink.write``). ``by_id`` maps an article
    id to the message it came in; a correction of an article routed in an
    earlier batch has none, and its letter names only the topic.
    """
    if not articles:
        return []
    ARTICLES_IN.labels(stage="index").inc(len(articles))
    BATCH_SIZE.labels(stage="index").observe(len(articles))
    t0 = time.perf_counter()
    res = await sink.write(articles)
    BULK_SECONDS.observe(time.perf_counter() - t0)
    STALE.inc(len(res.stale))
    if res.stale:
        log.info("older versions refused (a newer one is indexed): %s", ", ".join(res.stale[:20]))
    ARTICLES_OUT.labels(stage="index").inc(len(res.indexed))
    indexed = set(res.indexed)
    for art in articles:
        if art.produced_at and art.id in indexed:
            PRODUCE_TO_INDEXED.observe(res.acked_at - art.produced_at)
    return [
        dead_letter(
            dlq,
            by_id.get(art.id),
            reason,
            "es_rejected",
            "index",
            article_id=art.id,
            payload=art.to_json(),
            source_topic=source_topic,
        )
        for art, reason in res.rejected
    ]


async def drop_stories(client: Any, index: str, story_ids: Iterable[str]) -> None:
    """Remove the summaries of stories that settling emptied (their articles now
    belong to other stories, re-sent with their new ``story_id``).

    Best effort: a summary that cannot be removed now stays, stale, and is
    logged; the articles index, which editors search, is right either way.
    """
    for sid in sorted(story_ids):
        try:
            await client.options(ignore_status=404).delete(index=index, id=sid)
        except Exception:
            log.exception("removing the summary of dissolved story %s failed", sid)


def register(app: Any, topics: Topics, settings: Settings) -> None:
    table_opts: dict[str, Any] = {
        "default": None,
        "partitions": 1,
        "use_partitioner": True,
        "key_type": bytes,
        "value_type": bytes,
    }
    # Story id -> snapshot, copy key (c-...) -> one copy of the near-duplicate
    # memory, and the word statistics.
    stories_table = app.Table("stories", help="story id -> clusterer snapshot", **table_opts)
    # The word statistics (or a huge story) can outgrow one Kafka record: such a
    # value is written in parts under half the producer's limit (tablestore.py).
    part_bytes = settings.kafka_max_message_bytes // 2
    alerts_table = app.Table("alert-state", help="rule+story -> dedup state", **table_opts)

    @app.agent(topics.enriched, name=f"{settings.app_id}.route")
    async def route(stream: Any) -> None:
        engine = AlertEngine(
            settings.rules_dir,
            WebhookPolicy.from_settings(settings),
            JsonTableStore(alerts_table, part_bytes),
        )
        sink = SearchSink(settings)
        try:
            await sink.setup()
            await sink.setup_stories()
        except FatalError as exc:
            die(str(exc))
        state: RouteState | None = None
        try:
            async for events in batches(app, stream, ROUTE_BATCH, settings.stage_within):
                if state is None:  # events flow only once the tables are recovered
                    clusterer = restore_clusterer(
                        JsonTableStore(stories_table, part_bytes), settings.story_settle
                    )
                    state = RouteState(clusterer, engine, rules_at=time.time())
                await handle(events, state, sink)
        finally:
            await sink.close()

    async def handle(events: list[Any], state: RouteState, sink: SearchSink) -> None:
        ARTICLES_IN.labels(stage="route").inc(len(events))
        now = time.time()
        state.reload_rules(now, settings.rules_reload_s)
        articles, by_id, out = decode_articles(events, topics.dlq, "route", article_from_record)
        routed = state.route(articles)
        for art, reason in routed.failed:
            out.append(
                dead_letter(topics.dlq, by_id[art.id], reason, "route_failed", "route", art.id)
            )
        ARTICLES_OUT.labels(stage="route").inc(len(articles) - len(routed.failed))
        if routed.stale:
            STALE.inc(len(routed.stale))
            log.info(
                "older versions skipped (a newer one was routed): %s", ", ".join(routed.stale[:20])
            )
        records = routed.records
        if routed.to_read_back:
            records = [
                *records,
                *await read_back(sink.client, settings.index_alias, routed.to_read_back),
            ]
        try:
            out.extend(
                await index_articles(sink, records, by_id, topics.dlq, settings.enriched_topic)
            )
        except FatalError as exc:  # refused for good (credentials, a missing index)
            die(str(exc))
        snap = state.drain(now)
        write_snapshot(JsonTableStore(stories_table, part_bytes), snap)
        if snap.summaries:
            try:
                await sink.write_docs(settings.stories_index, snap.summaries)
            except FatalError as exc:
                die(str(exc))
        if snap.dissolved:
            await drop_stories(sink.client, settings.stories_index, snap.dissolved)
        alerts: list[Send] = [
            (topics.alerts, m.alert.id.encode(), m.to_bytes()) for m in routed.alerts
        ]
        await send_confirmed([*out, *alerts], "routed")
