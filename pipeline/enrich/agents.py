"""Faust agent: articles.raw -> (decode, validate, enrich) -> articles.enriched.

Thin on purpose: the logic lives in ``pipeline.feeds.parse`` and
``pipeline.enrich.core`` and is tested without a broker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pipeline.agentkit import dead_letter, decode_articles, send_confirmed
from pipeline.enrich.core import EnrichBatch, Enricher
from pipeline.metrics import ARTICLES_IN, ARTICLES_OUT, BATCH_SIZE, ENRICH_SECONDS, NER_REUSED
from pipeline.record import Article
from pipeline.settings import Settings

log = logging.getLogger(__name__)


def _text(v: bytes | str) -> str:
    return v.decode() if isinstance(v, bytes) else v


def register(app: Any, topics: Any, settings: Settings) -> None:
    # One thread: spaCy is CPU-bound; more threads only contend for the GIL.
    # Scale with more worker processes (one per partition), not threads.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="enrich")
    state: dict[str, Enricher] = {}

    def enricher() -> Enricher:
        if "e" not in state:
            state["e"] = Enricher(model=settings.spacy_model, batch_size=settings.enrich_batch)
        return state["e"]

    def enrich_isolating(
        articles: list[Article], known: dict[str, str]
    ) -> tuple[EnrichBatch, list[tuple[Article, str]]]:
        """Enrich a batch; if it fails, enrich one by one so only the culprit is rejected."""
        e = enricher()
        try:
            return e.enrich_many(articles, known), []
        except Exception:
            log.exception("batch enrichment failed; isolating the article that fails")
        ok = EnrichBatch([])
        bad: list[tuple[Article, str]] = []
        for a in articles:
            try:
                one = e.enrich_many([a], known)
            except Exception as exc:  # noqa: BLE001 - isolate the one article that fails
                bad.append((a, f"enrichment failed: {type(exc).__name__}: {exc}"))
                continue
            ok.articles.extend(one.articles)
            ok.learned.update(one.learned)
        return ok, bad

    @app.agent(topics.raw, name=f"{settings.app_id}.enrich")
    async def enrich(stream: Any) -> None:
        loop = asyncio.get_running_loop()
        # Load the model before the first batch so the first batch is not late.
        await loop.run_in_executor(pool, enricher)
        async for events in stream.take_events(settings.enrich_batch, settings.enrich_within):
            ARTICLES_IN.labels(stage="enrich").inc(len(events))
            BATCH_SIZE.labels(stage="enrich").observe(len(events))
            good, by_id, out = decode_articles(
                events, topics.dlq, "enrich", settings.max_article_bytes
            )
            if good:
                t0 = time.perf_counter()
                # A snapshot: the executor thread must not read the table while
                # the event loop applies changelog updates to it.
                known = {_text(k): _text(v) for k, v in topics.names.items()}
                e = enricher()
                reused = e.copies_reused, e.near_copies
                batch, failed = await loop.run_in_executor(pool, enrich_isolating, good, known)
                ENRICH_SECONDS.observe(time.perf_counter() - t0)
                NER_REUSED.labels(kind="verbatim").inc(e.copies_reused - reused[0])
                NER_REUSED.labels(kind="near_copy").inc(e.near_copies - reused[1])
                for key, name in batch.learned.items():
                    if known.get(key) != name:
                        topics.names[key.encode()] = name.encode()
                for art, reason in failed:
                    out.append(
                        dead_letter(
                            topics.dlq,
                            by_id[art.id],
                            reason,
                            "enrich_failed",
                            "enrich",
                            article_id=art.id,
                        )
                    )
                for art in batch.articles:
                    out.append((topics.enriched, art.id.encode(), art.to_json()))
                ARTICLES_OUT.labels(stage="enrich").inc(len(batch.articles))
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
