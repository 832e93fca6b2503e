"""Faust agent: articles.clustered -> Elasticsearch (bulk), offsets acked after the bulk ack.

While the search cluster is down, slow, flaky or refusing writes (a
read-only block), ``SearchSink.write`` keeps retrying and this agent does not
take the next batch, so consumption pauses and nothing is acknowledged that
is not in the index; the backlog shows as consumer lag on
``articles.clustered`` and in ``pipeline_index_waiting``. A bulk request the
cluster refuses for good (bad credentials, a missing index) stops the worker
before anything more is acknowledged.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from pipeline.agentkit import batches, dead_letter, decode_articles, die, send_confirmed
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
from pipeline.settings import Settings
from pipeline.topics import Topics

log = logging.getLogger(__name__)


def register(app: Any, topics: Topics, settings: Settings) -> None:
    @app.agent(topics.clustered, name=f"{settings.app_id}.index")
    async def index(stream: Any) -> None:
        sink = SearchSink(settings)
        try:
            await sink.setup()
        except FatalError as exc:
            die(str(exc))
        try:
            await consume(stream, sink)
        except FatalError as exc:
            die(str(exc))
        finally:
            await sink.close()

    async def consume(stream: Any, sink: SearchSink) -> None:
        async for events in batches(app, stream, settings.bulk_chunk, settings.stage_within):
            ARTICLES_IN.labels(stage="index").inc(len(events))
            BATCH_SIZE.labels(stage="index").observe(len(events))
            arts, by_id, out = decode_articles(events, topics.dlq, "index", article_from_record)
            if arts:
                t0 = time.perf_counter()
                res = await sink.write(arts)
                BULK_SECONDS.observe(time.perf_counter() - t0)
                STALE.inc(len(res.stale))
                if res.stale:
                    log.info(
                        "older versions refused (a newer one is indexed): %s",
                        ", ".join(res.stale[:20]),
                    )
                ARTICLES_OUT.labels(stage="index").inc(len(res.indexed))
                for art in arts:
                    if art.produced_at and art.id in res.indexed:
                        PRODUCE_TO_INDEXED.observe(res.acked_at - art.produced_at)
                for art, reason in res.rejected:
                    out.append(
                        dead_letter(
                            topics.dlq,
                            by_id[art.id],
                            reason,
                            "es_rejected",
                            "index",
                            article_id=art.id,
                            payload=art.to_json(),
                        )
                    )
            await send_confirmed(out, "dead-letter")
