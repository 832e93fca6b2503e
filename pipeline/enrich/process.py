"""The NER process: one child process per worker that owns the spaCy model.

A worker is one Python process, and its event loop (Kafka, stories, alerts,
bulk indexing) and spaCy share one GIL when NER runs in a thread: whatever
the loop does, NER waits for. In a child process NER runs on its own core
while the loop works beside it. Batches go to the child as pickled articles
and come back as the wire JSON of each enriched record, serialised once, in
the child: the worker sends those bytes on as they are, and never unpickles
an article model (pickling a pydantic record out and back cost ~250 µs an
article, ``to_json`` ~40 µs). The model, the line memo for wire copies and
the verbatim copy cache live in the child.

The child asks the kernel to stop it when the worker dies, SIGKILL included,
so a killed worker never leaves a model-sized orphan behind. If the child
itself dies (out of memory, a crash in native code), :class:`NerProcess`
starts a new one and enriches the batch article by article, so only the
article that kills it is rejected.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from pipeline.enrich.core import EnrichBatch, Enricher
from pipeline.record import Article

log = logging.getLogger(__name__)

_ENRICHER: Enricher | None = None  # set in the child by _start
_KNOWN: dict[str, str] = {}  # the child's copy of the learned names, kept up to date by deltas


@dataclass
class Outcome:
    """What the child sends back for one batch."""

    # (article id, the enriched record's wire JSON), in batch order
    enriched: list[tuple[str, bytes]] = field(default_factory=list)
    learned: dict[str, str] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, reason)
    verbatim: int = 0  # copies whose whole result was reused
    near_copies: int = 0  # copies that went through NER for their new lines only

    def articles(self) -> list[Article]:
        """The enriched records parsed back (for tests and tools; the worker sends the bytes)."""
        return [Article.from_json(raw) for _, raw in self.enriched]

    def add(self, other: Outcome) -> None:
        self.enriched.extend(other.enriched)
        self.learned.update(other.learned)
        self.failed.extend(other.failed)
        self.verbatim += other.verbatim
        self.near_copies += other.near_copies


def _die_with_parent() -> None:
    """Linux: have the kernel SIGTERM this process when its parent dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)


def _start(model: str, batch_size: int) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the worker's to handle
    global _ENRICHER
    _ENRICHER = Enricher(model=model, batch_size=batch_size)


def _ready() -> bool:
    return _ENRICHER is not None


def enrich_isolating(
    e: Enricher, articles: list[Article], known: Mapping[str, str]
) -> tuple[EnrichBatch, list[tuple[Article, str]]]:
    """Enrich a batch; if it fails, enrich one by one so only the culprit is rejected."""
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


def _enrich(
    articles: list[Article], changed: dict[str, str], gone: list[str], reset: bool
) -> Outcome:
    e = _ENRICHER
    if e is None:  # pragma: no cover - _start always ran first
        raise RuntimeError("the NER process has no model")
    if reset:
        _KNOWN.clear()
    _KNOWN.update(changed)
    for key in gone:
        _KNOWN.pop(key, None)
    before = e.copies_reused, e.near_copies
    batch, failed = enrich_isolating(e, articles, _KNOWN)
    return Outcome(
        [(a.id, a.to_json()) for a in batch.articles],
        batch.learned,
        [(a.id, reason) for a, reason in failed],
        e.copies_reused - before[0],
        e.near_copies - before[1],
    )


class NerProcess:
    """The worker's handle on its NER child process (started on first use)."""

    def __init__(self, model: str, batch_size: int) -> None:
        self.model = model
        self.batch_size = batch_size
        self._pool: ProcessPoolExecutor | None = None
        self.restarts = 0
        # What the child holds of the learned names: only changes cross the pipe,
        # since the table grows with the stream (50,000 names: ~70 ms to pickle and unpickle).
        self._sent: dict[str, str] | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the worker has threads (Faust's consumer thread),
            # and a forked child could inherit a lock some thread held.
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start,
                initargs=(self.model, self.batch_size),
            )
        return self._pool

    def _restart(self) -> None:
        self.close()  # the next call starts a new child, which knows no names yet
        self.restarts += 1

    async def _call(
        self, run: Callable[..., Any], articles: list[Article], known: dict[str, str]
    ) -> Outcome:
        sent = self._sent
        if sent is None:
            changed, gone, reset = dict(known), [], True
        else:
            changed = {k: v for k, v in known.items() if sent.get(k) != v}
            gone = [k for k in sent if k not in known]
            reset = False
        outcome: Outcome = await run(self._executor(), _enrich, articles, changed, gone, reset)
        self._sent = known  # only once the child has applied it (callers pass a fresh dict)
        return outcome

    async def ready(self, run: Callable[..., Any]) -> None:
        """Start the child and load the model (``run`` is ``loop.run_in_executor``-like)."""
        await run(self._executor(), _ready)

    async def enrich(
        self, run: Callable[..., Any], articles: list[Article], known: dict[str, str]
    ) -> Outcome:
        try:
            return await self._call(run, articles, known)
        except BrokenProcessPool:
            log.error(
                "the NER process died during a batch of %d; restarting it, one article at a time",
                len(articles),
            )
            self._restart()
        total = Outcome()
        for a in articles:
            try:
                one = await self._call(run, [a], known)
            except BrokenProcessPool:
                self._restart()
                total.failed.append((a.id, "the NER process died on this article"))
                continue
            total.add(one)
        return total

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._sent = None
