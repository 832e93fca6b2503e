"""Which input offsets the agents have finished: the one thing a worker commits.

Faust commits the offsets its streams acknowledged, and a stream acknowledges
more than its agent processed. A message that reaches a stream while the flow
is paused, or from a fetch made before a rebalance, is acknowledged unseen, on
the promise that the seek that follows will deliver it again; and the
consumer fills "gaps" between a read offset and the next record as if they
were done, where a seek during a fetch can leave that read offset stale. On
the local stack, runs of up to 40 raw offsets were passed over in 7 of 18
restarts after a SIGKILL, and committed unseen when the timing allowed
(``docs/reliability.md``, "A run of offsets committed and never enriched").

So commits come from here instead. An agent reports a batch as finished only
after everything it produced for the batch is acknowledged by the broker
(``agentkit.batches``); the committable offset of a partition is the first
offset not known to be finished. An offset can be known not to exist
(compaction, transaction markers, retention): the consumer learns that from
the broker itself, by fetching again from the missing offset (``skip``).

Pure bookkeeping, no I/O: the consumer (``pipeline.app``) feeds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from faust.types import TP


@dataclass
class _Partition:
    base: int | None  # the first offset not known to be finished; None until known
    done: set[int] = field(default_factory=set)  # finished offsets above base
    hole_since: float | None = None  # when an offset above base was finished first


class OffsetLedger:
    """Finished offsets per partition, for the topics the agents consume."""

    def __init__(self, topics: Iterable[str]) -> None:
        self._topics = frozenset(topics)
        self._parts: dict[TP, _Partition] = {}

    def governs(self, topic: str) -> bool:
        return topic in self._topics

    def begin(self, tp: TP, offset: int | None) -> None:
        """The partition is (re)assigned and will be read from ``offset`` (None: not yet known)."""
        if self.governs(tp.topic):
            self._parts[tp] = _Partition(
                base=offset if offset is not None and offset >= 0 else None
            )

    def forget(self, tps: Iterable[TP]) -> None:
        for tp in tps:
            self._parts.pop(tp, None)

    def tracked(self) -> list[TP]:
        return list(self._parts)

    def fetched(self, tp: TP, first: int) -> None:
        """The first record fetched for a partition with no committed offset sets its start."""
        part = self._parts.get(tp)
        if part is not None and part.base is None:
            part.base = first

    def finish(self, tp: TP, offsets: Iterable[int], now: float) -> None:
        part = self._parts.get(tp)
        if part is None or part.base is None:
            return  # not ours any more, or a batch from before the start was known
        base = part.base
        part.done.update(o for o in offsets if o >= base)
        self._advance(part, now)

    def finish_events(self, events: Iterable[Any], now: float) -> None:
        """``finish`` for a batch of Faust events, grouped by partition."""
        by_tp: dict[TP, list[int]] = {}
        for ev in events:
            msg = ev.message
            by_tp.setdefault(TP(msg.topic, msg.partition), []).append(msg.offset)
        for tp, offsets in by_tp.items():
            self.finish(tp, offsets, now)

    def unfinished(self, events: Iterable[Any]) -> list[Any]:
        """The Faust events of a batch not finished already (a record can be queued twice)."""
        return [
            ev
            for ev in events
            if not self.is_done(TP(ev.message.topic, ev.message.partition), ev.message.offset)
        ]

    def skip(self, tp: TP, start: int, end: int, now: float) -> int:
        """Offsets ``start``..``end - 1`` do not exist on the broker; returns how many counted."""
        part = self._parts.get(tp)
        if part is None or part.base is None or part.base != start or end <= start:
            return 0
        part.done.update(range(start, end))
        self._advance(part, now)
        return end - start

    def is_done(self, tp: TP, offset: int) -> bool:
        """Finished (or below where this assignment started): a record fetched again needs no work."""
        part = self._parts.get(tp)
        if part is None or part.base is None:
            return False
        return offset < part.base or offset in part.done

    def committable(self, tp: TP) -> int | None:
        part = self._parts.get(tp)
        return None if part is None else part.base

    def holes(self, now: float, older_than: float) -> Iterator[tuple[TP, int]]:
        """Partitions whose first unfinished offset has had later offsets finished for a while.

        Inside one agent a partition's records are processed in order, so a
        finished offset above an unfinished one means the unfinished one was
        never delivered: it must be fetched again.
        """
        for tp, part in self._parts.items():
            since = part.hole_since
            if part.base is not None and since is not None and now - since >= older_than:
                yield tp, part.base

    def refetching(self, tp: TP, now: float) -> None:
        """A hole is being fetched again: wait as long again before the next attempt."""
        part = self._parts.get(tp)
        if part is not None and part.hole_since is not None:
            part.hole_since = now

    @staticmethod
    def _advance(part: _Partition, now: float) -> None:
        assert part.base is not None
        base, done = part.base, part.done
        moved = base in done
        while base in done:
            done.discard(base)
            base += 1
        part.base = base
        if not done:
            part.hole_since = None
        elif moved or part.hole_since is None:
            part.hole_since = now  # a new hole (or the old one moved up): the clock starts
