"""What every agent shares: dead-lettering and sends that are confirmed before acking.

Faust acks a message once the agent moves past it, whatever happened, so an
agent here awaits the broker's acknowledgement of everything it sent for a
batch before taking the next batch, and never raises on one bad article.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from pipeline.dlq import DeadLetter
from pipeline.errors import PermanentError, TransientError
from pipeline.metrics import DEAD_LETTERS
from pipeline.record import Article
from pipeline.retry import aretrying, is_too_large

log = logging.getLogger(__name__)


Send = tuple[Any, bytes, bytes]


def _always(exc: BaseException) -> bool:
    return isinstance(exc, TransientError)


async def _enqueue(topic: Any, key: bytes, value: bytes) -> Any:
    """The producer's future for one record, or what refused it before it was queued."""
    try:
        return await topic.send(key=key, value=value)
    except Exception as exc:  # noqa: BLE001 - classified by the caller, per record
        return exc


async def _ack(pending: Any) -> Any:
    if isinstance(pending, BaseException):
        raise pending
    return await pending


async def send_confirmed(items: Sequence[Send], what: str) -> list[tuple[Send, str]]:
    """Send (topic, key, value) triples and wait until the broker has each one.

    Records are queued one after another, in the order given, and only the
    acknowledgements are awaited together: the producer keeps the order of what
    it is handed, per partition, but concurrent ``send`` calls reach it in no
    set order (the first send to a topic waits for its metadata while the later
    ones go ahead). A later record of the same key is often a correction of an
    earlier one (a copy pointer or a story that moved), and the index keeps the
    last record it reads at a given version: queued out of order, the stale
    record would win.

    A failed send is retried with capped backoff: the agent stalls (and so
    stops consuming) rather than acknowledging input whose output is lost.
    A retry sends again the failed records and every later record of the same
    key (acknowledged or not), in the original order, so the last record of a
    key is still the last on its partition. Re-sent duplicates are harmless
    downstream (idempotent writes). Sends that can never succeed (too large)
    are returned with the reason, for the caller to dead-letter.
    """
    todo = list(items)
    refused: list[tuple[Send, str]] = []

    async def send_round() -> None:
        nonlocal todo
        pending = [await _enqueue(*item) for item in todo]
        results = await asyncio.gather(*(_ack(p) for p in pending), return_exceptions=True)
        again: list[Send] = []
        held: set[tuple[int, bytes]] = set()  # (topic, key) of a record sent again
        first: BaseException | None = None
        for item, r in zip(todo, results, strict=True):
            topic, key, _ = item
            failed = isinstance(r, BaseException)
            if failed and is_too_large(r):
                refused.append((item, f"output refused by the broker: {r}"))
            elif failed or (id(topic), key) in held:
                again.append(item)
                held.add((id(topic), key))
                first = first or (r if failed else None)
        todo = again
        if again:
            raise TransientError(f"{len(again)} {what} sends to repeat: {first!r}")

    # Anything but a size refusal is retried without end: the agent stalls (and so
    # stops consuming) rather than acknowledge input whose output is lost.
    async for attempt in aretrying(f"{what} sends", attempts=None, cap=30.0, retry_on=_always):
        with attempt:
            await send_round()
    return refused


def dead_letter(
    dlq_topic: Any,
    event: Any,
    reason: str,
    code: str,
    stage: str,
    article_id: str | None = None,
    payload: bytes | None = None,
    source_topic: str | None = None,
) -> tuple[Any, bytes, bytes]:
    """A dead letter for the message ``event`` carried, or, with ``event`` None, for a
    record the stage holds without one (a correction of an article routed in an
    earlier batch): then only ``source_topic`` says where it came from."""
    msg = event.message if event is not None else None
    if msg is None:
        raw = payload or b""
        origin: dict[str, Any] = {"source_topic": source_topic}
    else:
        value = msg.value if isinstance(msg.value, bytes) else b""
        raw = payload if payload is not None else value
        origin = {"source_topic": msg.topic, "partition": msg.partition, "offset": msg.offset}
    letter = DeadLetter.build(raw, reason, code, stage, article_id=article_id, **origin)
    DEAD_LETTERS.labels(stage=stage, code=code).inc()
    where = f"{msg.topic}[{msg.partition}]@{msg.offset}" if msg is not None else source_topic
    log.warning("dead letter from %s: %s", where, reason)
    return dlq_topic, (article_id or letter.id).encode(), letter.to_json()


async def batches(app: Any, stream: Any, max_: int, within: float) -> AsyncIterator[list[Any]]:
    """``stream.take_events``, each batch reported finished once the agent is done with it.

    The worker commits only offsets reported here (``pipeline.ledger``): the
    agent's body has handled the batch and awaited the broker's acknowledgement
    of everything it sent. A body that raises never reports its batch. Events
    finished already are left out, and a batch of nothing but those is not
    yielded.
    """
    ledger = app.offset_ledger
    async for taken in stream.take_events(max_, within):
        # A record fetched again after a seek back can be queued twice; the
        # second copy needs no work.
        events = ledger.unfinished(taken)
        if events:
            yield events
            ledger.finish_events(events, time.monotonic())


def die(reason: str) -> None:
    """A fatal error inside an agent: stop the process loudly, commit nothing more."""
    log.critical("fatal: %s; stopping the worker", reason)
    logging.shutdown()
    os._exit(3)


def decode_articles(
    events: Sequence[Any], dlq_topic: Any, stage: str, parse: Callable[[bytes | None], Article]
) -> tuple[list[Article], dict[str, Any], list[Send]]:
    """Decode a batch: the articles, the event each came from, dead letters for the rest.

    ``parse`` is the topic's contract: the raw topic's wire parse (checked and
    normalised, ``article_from_bytes``) or, on an internal topic whose records
    an earlier stage already normalised, ``article_from_record``. Whatever it
    raises for one message (a ``PermanentError``, or anything it did not
    foresee) dead-letters that message with the reason; the batch goes on.
    Pure CPU and no I/O: the enrichment agent runs it in a thread
    (``decode_articles_off_loop``), so a large message never holds the loop.
    """
    articles: list[Article] = []
    by_id: dict[str, Any] = {}
    letters: list[Send] = []
    for ev in events:
        try:
            art = parse(ev.message.value)
        except PermanentError as exc:
            letters.append(dead_letter(dlq_topic, ev, exc.reason, exc.code, stage))
            continue
        except Exception as exc:  # one unreadable message must never stop the stream
            log.exception("decoding a message on %s raised", stage)
            detail = str(exc).replace("\n", " ")[:200]
            reason = f"unreadable ({type(exc).__name__}: {detail})"
            letters.append(dead_letter(dlq_topic, ev, reason, "unreadable", stage))
            continue
        articles.append(art)
        by_id[art.id] = ev
    return articles, by_id, letters


async def decode_articles_off_loop(
    events: Sequence[Any], dlq_topic: Any, stage: str, parse: Callable[[bytes | None], Article]
) -> tuple[list[Article], dict[str, Any], list[Send]]:
    """``decode_articles`` in a worker thread, so that the event loop keeps heartbeating.

    The wire parse is linear, but a batch of messages near the size limit
    still costs tens of milliseconds each; in a thread the loop gets the GIL
    back every few milliseconds (``sys.getswitchinterval``) instead of waiting
    for the whole batch.
    """
    return await asyncio.to_thread(decode_articles, events, dlq_topic, stage, parse)
