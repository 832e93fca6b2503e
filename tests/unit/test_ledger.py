"""The offset ledger: a worker commits only what its agents finished."""

from __future__ import annotations

from types import SimpleNamespace

from faust.types import TP

from pipeline.ledger import OffsetLedger

RAW = TP("raw", 0)
OTHER = TP("raw", 1)


def ledger(start: int | None = 100) -> OffsetLedger:
    led = OffsetLedger(["raw"])
    led.begin(RAW, start)
    return led


def test_commits_the_first_offset_not_finished() -> None:
    led = ledger()
    assert led.committable(RAW) == 100
    led.finish(RAW, range(100, 116), now=0.0)
    assert led.committable(RAW) == 116
    led.finish(RAW, range(116, 132), now=1.0)
    assert led.committable(RAW) == 132
    assert list(led.holes(now=100.0, older_than=5.0)) == []


def test_a_run_never_finished_holds_the_commit_whatever_comes_after() -> None:
    # What Faust did after a restart: 192-207 processed, 208-243 acknowledged
    # unseen, 244 on processed. The commit must stay at 208.
    led = ledger(192)
    led.finish(RAW, range(192, 208), now=0.0)
    led.finish(RAW, range(244, 400), now=1.0)
    assert led.committable(RAW) == 208
    assert list(led.holes(now=3.0, older_than=5.0)) == []  # not yet: a seek may be under way
    assert list(led.holes(now=6.5, older_than=5.0)) == [(RAW, 208)]
    # fetched again: the missing run is processed, the rest is known finished
    assert not led.is_done(RAW, 208)
    assert led.is_done(RAW, 244) and led.is_done(RAW, 150)
    led.finish(RAW, range(208, 244), now=7.0)
    assert led.committable(RAW) == 400
    assert list(led.holes(now=100.0, older_than=5.0)) == []


def test_the_wait_restarts_when_a_refetch_begins_or_the_hole_moves() -> None:
    led = ledger(0)
    led.finish(RAW, [1, 2, 5], now=0.0)
    led.refetching(RAW, now=5.0)
    assert list(led.holes(now=9.0, older_than=5.0)) == []
    led.finish(RAW, [0], now=9.5)  # the hole at 0 filled; a new one at 3
    assert led.committable(RAW) == 3
    assert list(led.holes(now=14.0, older_than=5.0)) == []
    assert list(led.holes(now=14.5, older_than=5.0)) == [(RAW, 3)]


def test_offsets_missing_on_the_broker_are_skipped_only_from_the_first_unfinished() -> None:
    led = ledger(10)
    led.finish(RAW, [14, 15], now=0.0)
    assert led.skip(RAW, 11, 14, now=1.0) == 0  # not where the ledger stands: refused
    assert led.committable(RAW) == 10
    assert led.skip(RAW, 10, 14, now=1.0) == 4
    assert led.committable(RAW) == 16


def test_batches_from_before_the_start_or_of_other_partitions_change_nothing() -> None:
    led = ledger(50)
    led.finish(RAW, range(40, 50), now=0.0)  # below where this assignment starts
    assert led.committable(RAW) == 50
    led.finish(OTHER, range(0, 10), now=0.0)  # never begun here
    assert led.committable(OTHER) is None
    assert led.tracked() == [RAW]
    led.forget([RAW])
    led.finish(RAW, range(50, 60), now=0.0)  # revoked: a late batch is not ours to commit
    assert led.committable(RAW) is None


def test_without_a_committed_offset_the_first_record_fetched_is_the_start() -> None:
    led = ledger(None)
    led.finish(RAW, [0, 1], now=0.0)  # cannot happen before a fetch; ignored
    assert led.committable(RAW) is None
    assert not led.is_done(RAW, 0)
    led.fetched(RAW, 0)
    led.fetched(RAW, 7)  # later fetches do not move it
    led.finish(RAW, [0, 1, 2], now=1.0)
    assert led.committable(RAW) == 3


def test_only_the_agents_topics_are_governed() -> None:
    led = OffsetLedger(["raw"])
    led.begin(TP("canonical-names-changelog", 0), 5)
    assert not led.governs("canonical-names-changelog")
    assert led.tracked() == []


def test_finish_events_groups_a_mixed_batch_by_partition() -> None:
    led = OffsetLedger(["raw"])
    led.begin(RAW, 0)
    led.begin(OTHER, 0)
    events = [
        SimpleNamespace(message=SimpleNamespace(topic="raw", partition=p, offset=o))
        for o in range(3)
        for p in (0, 1)
    ]
    led.finish_events(events, now=0.0)
    assert led.committable(RAW) == 3
    assert led.committable(OTHER) == 3


def test_memory_holds_only_offsets_above_the_first_unfinished() -> None:
    led = ledger(0)
    for start in range(0, 100_000, 100):
        led.finish(RAW, range(start, start + 100), now=0.0)
    assert led.committable(RAW) == 100_000
    assert led._parts[RAW].done == set()


def test_a_record_queued_twice_is_worked_on_once() -> None:
    led = ledger(0)

    def ev(offset: int) -> SimpleNamespace:
        return SimpleNamespace(message=SimpleNamespace(topic="raw", partition=0, offset=offset))

    first = [ev(o) for o in range(0, 4)]
    led.finish_events(led.unfinished(first), now=0.0)
    again = [ev(o) for o in range(2, 6)]  # fetched again after a seek back
    assert [e.message.offset for e in led.unfinished(again)] == [4, 5]
