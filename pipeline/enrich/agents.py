"""Faust agent: articles.raw -> (decode, validate, enrich) -> articles.enriched.

Thin on purpose: the logic lives in ``pipeline.feeds.parse`` and
``pipeline.enrich.core`` and is tested without a broker.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import Any

from pipeline.agentkit import batches, dead_letter, decode_articles_off_loop, send_confirmed
from pipeline.enrich.process import NerProcess
from pipeline.feeds.parse import article_from_bytes
from pipeline.metrics import ARTICLES_IN, ARTICLES_OUT, BATCH_SIZE, ENRICH_SECONDS, NER_REUSED
from pipeline.settings import Settings
from pipeline.topics import Topics

log = logging.getLogger(__name__)


def _text(v: bytes | str) -> str:
    return v.decode() if isinstance(v, bytes) else v


def register(app: Any, topics: Topics, settings: Settings) -> None:
    # NER in a child process of its own: the event loop's work (Kafka, stories,
    # alerts, bulk) runs beside it on another core instead of waiting for the
    # GIL. Scale further with more worker processes (up to one per partition).
    ner = NerProcess(settings.spacy_model, settings.enrich_batch)
    wire_parse = functools.partial(article_from_bytes, max_bytes=settings.max_article_bytes)

    @app.agent(topics.raw, name=f"{settings.app_id}.enrich")
    async def enrich(stream: Any) -> None:
        loop = asyncio.get_running_loop()
        try:
            # Load the model before the first batch so the first batch is not late.
            await ner.ready(loop.run_in_executor)
            async for events in batches(app, stream, settings.enrich_batch, settings.enrich_within):
                ARTICLES_IN.labels(stage="enrich").inc(len(events))
                BATCH_SIZE.labels(stage="enrich").observe(len(events))
                good, by_id, out = await decode_articles_off_loop(
                    events, topics.dlq, "enrich", wire_parse
                )
                if good:
                    t0 = time.perf_counter()
                    # The learned names as they are now, sent with the batch to the NER process.
                    known = {_text(k): _text(v) for k, v in topics.names.items()}
                    got = await ner.enrich(loop.run_in_executor, good, known)
                    ENRICH_SECONDS.observe(time.perf_counter() - t0)
                    NER_REUSED.labels(kind="verbatim").inc(got.verbatim)
                    NER_REUSED.labels(kind="near_copy").inc(got.near_copies)
                    for key, name in got.learned.items():
                        if known.get(key) != name:
                            topics.names[key.encode()] = name.encode()
                    for aid, reason in got.failed:
                        out.append(
                            dead_letter(
                                topics.dlq,
                                by_id[aid],
                                reason,
                                "enrich_failed",
                                "enrich",
                                article_id=aid,
                            )
                        )
                    # serialised in the NER child: sent on as they came
                    for aid, value in got.enriched:
                        out.append((topics.enriched, aid.encode(), value))
                    ARTICLES_OUT.labels(stage="enrich").inc(len(got.enriched))
                refused = await send_confirmed(out, "enriched")
                if refused:
                    letters = [
                        dead_letter(
                            topics.dlq,
                            by_id[key.decode()],
                            reason,
                            "too_large",
                            "enrich",
                            article_id=key.decode(),
                            payload=value,
                        )
                        for (_, key, value), reason in refused
                        if key.decode() in by_id
                    ]
                    await send_confirmed(letters, "dead-letter")
        finally:
            ner.close()  # a restarted agent starts a new child
