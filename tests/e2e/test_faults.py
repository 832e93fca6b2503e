"""Nothing lost, nothing duplicated: crashes, outages, poison messages, versions, replay.

Each test runs real worker processes against the real local broker and search
server. Figures (recovery seconds, counts) are printed for the README's
Reliability table; run with ``-s`` to see them.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kafka import KafkaProducer

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.ops import read_dead_letters, replay_dead_letters
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.stack import LocalStack, StackState, free_port
from pipeline.topics import ensure_topics
from tests.helpers import (
    count_docs,
    es_call,
    fetch_docs,
    running_worker,
    start_worker,
    stop,
    wait_for,
)
from tests.synth import synth_articles

SEED = 20251119


def publish(settings: Settings, articles: list[Article]) -> None:
    pub = Publisher(settings)
    report = pub.publish(Parsed("test", i, a) for i, a in enumerate(articles))
    pub.close()
    assert report.summary() == {"published": len(articles), "rejected": 0, "failed": 0}


def all_ids(settings: Settings, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        found.update(fetch_docs(settings, ids[i : i + 500]))
    return found


def test_sigkill_three_times_every_article_indexed_once(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    n = 2000
    articles = synth_articles(n, seed=SEED, prefix="crash")
    publish(settings, articles)
    rng = random.Random(SEED)
    kill_at = sorted(rng.sample(range(int(n * 0.1), int(n * 0.85)), 3))
    log = tmp_path / "worker.log"
    proc = start_worker(settings, log)
    recoveries = []
    try:
        for threshold in kill_at:
            wait_for(
                lambda t=threshold: count_docs(settings) >= t,
                300,
                f"{threshold} indexed",
                proc=proc,
                log=log,
            )
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            before = count_docs(settings)
            restarted = time.monotonic()
            proc = start_worker(settings, log)
            wait_for(
                lambda b=before: count_docs(settings) > b,
                60,
                "processing to resume",
                interval=0.2,
                proc=proc,
                log=log,
            )
            recoveries.append(time.monotonic() - restarted)
        wait_for(lambda: count_docs(settings) >= n, 300, "all articles", proc=proc, log=log)
    finally:
        stop(proc)
    docs = all_ids(settings, [a.id for a in articles])
    assert len(docs) == n
    assert count_docs(settings) == n  # exactly once: no stray or duplicate documents
    unenriched = [
        i
        for i, d in docs.items()
        if not d["_source"].get("enriched_at") or not d["_source"].get("entities")
    ]
    assert unenriched == []
    print(
        f"\nRELIABILITY crash: articles={n} kills={len(kill_at)} at={kill_at} "
        f"recovery_s={[round(r, 1) for r in recoveries]} lost={n - len(docs)} "
        f"duplicated={count_docs(settings) - n}"
    )
    # After a SIGKILL and an immediate restart, processing resumes in seconds
    # (session timeout 6 s and rebalance timeout 8 s instead of Faust's ~60 s
    # defaults; ~110 s measured with those). The local broker's coordinator is
    # bimodal: it either assigns ~3 s after the new worker joins (recovery
    # 6-8 s) or holds the join ~11 s, by its timing 3 s plus the killed
    # member's 8 s rebalance timeout (recovery 14-17 s). Seen: [14.5, 6.9,
    # 16.8] here, [15.1, 6.5, 15.6] on CI. So the bound is set against a return to the defaults, not against
    # the coordinator's slow mode.
    assert max(recoveries) < 40, recoveries


def test_search_outage_pauses_and_resumes_without_loss(
    settings: Settings, tmp_path: Path, local_stack: tuple[LocalStack, StackState]
) -> None:
    stack, _ = local_stack
    ensure_topics(settings)
    n = 600
    articles = synth_articles(n, seed=SEED + 1, prefix="outage")
    log = tmp_path / "worker.log"
    with running_worker(settings, log) as proc:
        publish(settings, articles[: n // 2])
        # Stop it with nothing in flight: the local search server can acknowledge a
        # bulk that arrives while it shuts down and then not keep it (seen once: 32
        # documents acked mid-stop were gone after the restart). Elasticsearch keeps
        # an acked write in its translog; that stand-in quirk is not under test.
        wait_for(lambda: count_docs(settings) >= n // 2, 180, "first half", proc=proc, log=log)
        stack.stop_search()
        down_at = time.monotonic()
        publish(settings, articles[n // 2 :])  # these arrive while search is down
        time.sleep(30)  # the outage itself: 30 s with the search server stopped
        assert proc.poll() is None, "the worker must ride out a search outage"
        stack.restart_search()
        outage = time.monotonic() - down_at
        wait_for(
            lambda: count_docs(settings) >= n,
            240,
            "all articles after the outage",
            proc=proc,
            log=log,
        )
    assert len(all_ids(settings, [a.id for a in articles])) == n
    assert count_docs(settings) == n
    letters = [d for d in read_dead_letters(settings) if d.stage == "index"]
    assert letters == [], "good articles must not be dead-lettered during an outage"
    assert "bulk write failed" in log.read_text()
    print(
        f"\nRELIABILITY search-outage: articles={n} outage_s={outage:.0f} lost=0 "
        f"duplicated={count_docs(settings) - n}"
    )


def poison_payloads(rng: random.Random, k: int) -> list[bytes]:
    """Malformed messages of every kind, generated from a seed."""
    kinds = [
        lambda: rng.randbytes(rng.randint(1, 200)),
        lambda: b'{"body": "' + rng.randbytes(20).replace(b'"', b"x") + b'\xff\xfe"}',
        lambda: json.dumps({"body": rng.choice([1, 2.5, None, True, [], {}])}).encode(),
        lambda: json.dumps({"title": "no body", "source": "x"}).encode(),
        lambda: json.dumps(
            {"body": "x", "published": rng.choice(["soon", 7, "32/13/2025"])}
        ).encode(),
        lambda: json.dumps({"body": "y" * rng.randint(510_000, 700_000)}).encode(),
        lambda: json.dumps(rng.choice([[1, 2], "a string", 42, None])).encode(),
        lambda: b'{"body": "unterminated',
        lambda: json.dumps({"body": "ok", "version": rng.choice([0, -3, "v2"])}).encode(),
    ]
    return [kinds[i % len(kinds)]() for i in range(k)]


def test_poison_messages_dead_lettered_and_valid_ones_indexed(
    settings: Settings, tmp_path: Path
) -> None:
    ensure_topics(settings)
    rng = random.Random(SEED)
    good = synth_articles(60, seed=SEED + 2, prefix="good")
    bad = poison_payloads(rng, 45)
    mixed: list[tuple[bytes | None, bytes]] = [(a.id.encode(), a.to_json()) for a in good]
    mixed += [(None, b) for b in bad]
    rng.shuffle(mixed)
    raw = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, max_request_size=2_000_000)
    for key, value in mixed:
        raw.send(settings.raw_topic, key=key, value=value)
    raw.flush()
    raw.close()
    log = tmp_path / "worker.log"
    with running_worker(settings, log) as proc:
        wait_for(
            lambda: count_docs(settings) >= len(good), 180, "valid articles", proc=proc, log=log
        )
        letters = wait_for(
            lambda: len(ls := read_dead_letters(settings)) >= len(bad) and ls,
            60,
            "dead letters",
            proc=proc,
            log=log,
        )
        assert proc.poll() is None
    assert len(all_ids(settings, [a.id for a in good])) == len(good)
    assert len(letters) == len(bad)
    assert len({(d.partition, d.offset) for d in letters}) == len(bad)
    for d in letters:
        assert d.reason and d.code and d.stage == "enrich"
        assert d.source_topic == settings.raw_topic
        assert d.partition is not None and d.offset is not None
    # every poison message kept whole (up to 700 kB here), so each can be replayed
    assert not any(d.payload_truncated for d in letters) and all(d.replayable for d in letters)
    assert {d.payload for d in letters} == set(bad)
    print(
        f"\nRELIABILITY poison: valid={len(good)} poison={len(bad)} dead_lettered="
        f"{len(letters)} lost=0"
    )


def test_versions_newer_replaces_older_never_overwrites(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    v1 = Article(
        id="story-1", title="first take", body="Talks began in Geneva on Monday.", version=1
    )
    v2 = v1.model_copy(update={"title": "second take", "version": 2})
    log = tmp_path / "worker.log"
    with running_worker(settings, log) as proc:
        publish(settings, [v1])
        wait_for(lambda: fetch_docs(settings, ["story-1"]), 120, "v1", proc=proc, log=log)
        publish(settings, [v2])
        wait_for(
            lambda: fetch_docs(settings, ["story-1"])["story-1"]["_version"] == 2,
            60,
            "v2 replaces v1",
            proc=proc,
            log=log,
        )
        publish(settings, [v1])  # the old version, arriving late
        wait_for(
            lambda: "older versions refused (a newer one is indexed): story-1" in log.read_text(),
            60,
            "late v1 refused",
            proc=proc,
            log=log,
        )
        doc = fetch_docs(settings, ["story-1"])["story-1"]
        assert (doc["_version"], doc["_source"]["title"]) == (2, "second take")
        assert count_docs(settings) == 1
        assert [h["id"] for h in search_ids(settings, "Geneva")] == ["story-1"]
        # A kill notice: the publisher withdraws the story (a newer version).
        kill = Article(
            id="story-1",
            title="second take",
            body="Withdrawn by the publisher.",
            version=3,
            status="withdrawn",
        )
        publish(settings, [kill])
        wait_for(
            lambda: fetch_docs(settings, ["story-1"])["story-1"]["_version"] == 3,
            60,
            "withdrawal indexed",
            proc=proc,
            log=log,
        )
    src = fetch_docs(settings, ["story-1"])["story-1"]["_source"]
    assert src["status"] == "withdrawn" and "Geneva" not in src["body"]
    assert search_ids(settings, "second take") == []


def search_ids(settings: Settings, text: str) -> list[dict[str, Any]]:
    from pipeline.index.search import SearchQuery, search

    async def go(client: Any) -> list[dict[str, Any]]:
        await client.indices.refresh(index=settings.index_alias)
        return await search(client, settings, SearchQuery(text))

    result: list[dict[str, Any]] = es_call(settings, go)
    return result


def test_dead_letter_replayed_after_fix(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    art = Article(id="long-1", title="Long read", body="Delegates met in Vienna. " * 100)
    log = tmp_path / "worker.log"
    with running_worker(settings, log, MAX_ARTICLE_BYTES="1000") as proc:  # too strict
        publish(settings, [art])
        (letter,) = wait_for(
            lambda: read_dead_letters(settings), 120, "dead letter", proc=proc, log=log
        )
    assert letter.code == "too_large" and letter.article_id is None
    with running_worker(settings, log) as proc:  # the fix: the default limit
        assert replay_dead_letters(settings, {letter.id}) == 1
        wait_for(
            lambda: fetch_docs(settings, ["long-1"]), 120, "replayed article", proc=proc, log=log
        )


def test_broker_unreachable_gives_clear_error_not_a_crash_loop(
    settings: Settings, tmp_path: Path
) -> None:
    dead = f"127.0.0.1:{free_port()}"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "body": "text"}) + "\n")
    env = {
        "KAFKA_BOOTSTRAP": dead,
        "ES_URL": settings.es_url,
        "STATE_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    for args in (["produce", str(feed)], ["worker"]):
        t0 = time.monotonic()
        res = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        took = time.monotonic() - t0
        assert res.returncode != 0, args
        assert f"Kafka broker at {dead} is not reachable" in res.stderr + res.stdout, args
        print(
            f"\nRELIABILITY broker-unreachable {args[0]}: exit {res.returncode} after {took:.0f}s"
        )
