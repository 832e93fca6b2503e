"""What every agent shares: dead-lettering and sends that are confirmed before acking.

Faust acks a message once the agent moves past it, whatever happened, so an
agent here awaits the broker's acknowledgement of everything it sent for a
batch before taking the next batch, and never raises on one bad article.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from typing import Any

from pipeline.dlq import DeadLetter
from pipeline.metrics import DEAD_LETTERS

log = logging.getLogger(__name__)


async def send_confirmed(items: Sequence[tuple[Any, bytes, bytes]], what: str) -> None:
    """Send (topic, key, value) triples and wait until the broker has each one.

    A failed send is retried with capped backoff: the agent stalls (and so
    stops consuming) rather than acknowledging input whose output is lost.
    Re-sent duplicates are harmless downstream (idempotent writes).
    """
    todo = list(items)
    delay = 0.5
    while todo:
        futs = [await topic.send(key=key, value=value) for topic, key, value in todo]
        results = await asyncio.gather(*futs, return_exceptions=True)
        failed = [item for item, r in zip(todo, results, strict=True)
                  if isinstance(r, BaseException)]
        if failed:
            log.warning("%d %s sends failed (%s); retrying in %.1fs", len(failed), what,
                        next(r for r in results if isinstance(r, BaseException)), delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
        todo = failed


def dead_letter(dlq_topic: Any, event: Any, reason: str, code: str, stage: str,
                article_id: str | None = None, payload: bytes | None = None
                ) -> tuple[Any, bytes, bytes]:
    msg = event.message
    raw = payload if payload is not None else (msg.value if isinstance(msg.value, bytes) else b"")
    letter = DeadLetter.build(
        raw, reason, code, stage, article_id=article_id,
        source_topic=msg.topic, partition=msg.partition, offset=msg.offset,
    )
    DEAD_LETTERS.labels(stage=stage, code=code).inc()
    log.warning("dead letter from %s[%s]@%s: %s", msg.topic, msg.partition, msg.offset, reason)
    return dlq_topic, (article_id or letter.id).encode(), letter.to_json()


def die(reason: str) -> None:
    """A fatal error inside an agent: stop the process loudly, commit nothing more."""
    log.critical("fatal: %s; stopping the worker", reason)
    logging.shutdown()
    os._exit(3)
