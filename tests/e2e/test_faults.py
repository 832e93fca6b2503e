"""Nothing lost, nothing duplicated: crashes, outages, poison messages, versions, replay.

Each test runs real worker processes against the real local broker and search
server. Figures (recovery seconds, counts) are printed for the README's
Reliability table; run with ``-s`` to see them.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from kafka import KafkaProducer

from pipeline.bench.synth import synth_articles
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.index.views import list_alerts
from pipeline.ops import committed_offsets, read_dead_letters, replay_dead_letters
from pipeline.outbound import OutboundPolicy
from pipeline.record import Article
from pipeline.route.stage import AlertMessage
from pipeline.settings import Settings
from pipeline.stack import LocalStack, StackState, free_port, kafka_answers, tansu_binary
from pipeline.topics import ensure_topics
from tests.faultproxy import FaultProxy
from tests.helpers import (
    count_docs,
    es_call,
    fetch_docs,
    running_worker,
    settings_env,
    start_worker,
    stop,
    wait_for,
)

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
    raw_committed_at_kill: list[int] = []

    def raw_committed() -> int:  # raw offsets start at 0: their sum counts finished records
        return sum(o or 0 for o in committed_offsets(settings, settings.raw_topic).values())

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
            raw_committed_at_kill.append(raw_committed())
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
        wait_for(lambda: raw_committed() == n, 30, "every raw offset committed", proc=proc, log=log)
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
    # The group committed every raw offset, and none it did not finish: a
    # worker that never committed would pass the counts above, reprocessing
    # all from the start after each kill.
    assert raw_committed_at_kill == sorted(raw_committed_at_kill)
    assert raw_committed_at_kill[0] > 0, raw_committed_at_kill
    refetches = log.read_text(errors="replace").count("fetching again from it")
    print(
        f"\nRELIABILITY crash: articles={n} kills={len(kill_at)} at={kill_at} "
        f"raw committed at each kill={raw_committed_at_kill} refetched holes={refetches} "
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


def test_a_record_passed_over_is_fetched_again_and_committed(
    settings: Settings, tmp_path: Path
) -> None:
    """The safety net under the ledger: a record the worker never reports finished
    (here the harness leaves out raw offset 40 of partition 0 once, as a consumer
    that passed it over would) holds the commit at that offset until the
    partition is fetched again from it; then the commit reaches the end."""
    ensure_topics(settings)
    n = 300
    articles = synth_articles(n, seed=SEED + 7, prefix="passover")
    publish(settings, articles)
    log = tmp_path / "worker.log"

    def raw_committed() -> dict[int, int | None]:
        return committed_offsets(settings, settings.raw_topic)

    proc = start_worker(settings, log, module="tests.passover", PASSOVER_OFFSET="40")
    try:
        wait_for(lambda: count_docs(settings) >= n, 240, "all articles", proc=proc, log=log)
        # raw offsets start at 0: their sum reaching n means every record finished
        wait_for(
            lambda: sum(o or 0 for o in raw_committed().values()) == n,
            60,
            "every raw offset committed",
            proc=proc,
            log=log,
        )
    finally:
        stop(proc)
    text = log.read_text(errors="replace")
    refetches = re.findall(r"articles\.raw', partition=0\): offset (\d+) was never processed", text)
    assert refetches and set(refetches) == {"40"}, refetches
    assert count_docs(settings) == n
    print(f"\nRELIABILITY passover: articles={n} refetched={refetches} committed={raw_committed()}")


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
        # skipped by the route stage (no alert, no story); the index would refuse it too
        wait_for(
            lambda: "older versions skipped (a newer one was routed): story-1" in log.read_text(),
            60,
            "late v1 skipped",
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


# ---------------------------------------------------------------- through a fault proxy
# The cases below put tests/faultproxy.py between the pipeline and a real
# service and switch faults on while it runs. Durations are shortened from the
# issue's (a 20 s broker cut instead of 30 s, 15 s of latency instead of a
# minute) to keep the suite's time reasonable; each is still more than three
# times the group's 6 s session timeout or several bulk round trips long.


@contextlib.contextmanager
def proxied_broker(tmp_path: Path) -> Iterator[FaultProxy]:
    """A broker of its own whose advertised address is a fault proxy in front of it.

    Clients learn the broker's address from the broker itself, so the proxy
    must be what it advertises: every connection, bootstrap or not, then goes
    through the proxy and a cut reaches all of them.
    """
    real = free_port()
    proxy = FaultProxy(("127.0.0.1", real)).start()
    log = open(tmp_path / "tansu.log", "ab")  # noqa: SIM115 - closed below
    broker = subprocess.Popen(
        [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            f"tcp://127.0.0.1:{real}",
            "--advertised-listener-url",
            f"tcp://127.0.0.1:{proxy.port}",
            "--storage-engine",
            "memory://tansu/",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: kafka_answers(proxy.address), 30, "the proxied broker")
        yield proxy
    finally:
        proxy.stop()
        broker.terminate()
        try:
            broker.wait(10)
        except subprocess.TimeoutExpired:
            broker.kill()
            broker.wait()
        log.close()


def test_broker_cut_mid_run_worker_resumes_exactly_once(settings: Settings, tmp_path: Path) -> None:
    n, cut_after, cut_s = 600, 150, 20
    articles = synth_articles(n, seed=SEED + 5, prefix="cut")
    with proxied_broker(tmp_path) as proxy:
        s = settings.model_copy(update={"kafka_bootstrap": proxy.address})
        ensure_topics(s)
        publish(s, articles)
        log = tmp_path / "worker.log"
        with running_worker(s, log) as proc:
            wait_for(lambda: count_docs(s) >= cut_after, 240, "first articles", proc=proc, log=log)
            proxy.cut()
            cut_at_count = count_docs(s)
            time.sleep(cut_s)  # the fault itself: every connection to the broker gone
            assert proc.poll() is None, "the worker must ride out a broker outage"
            during = count_docs(s)
            proxy.heal()
            healed = time.monotonic()
            wait_for(
                lambda: count_docs(s) > during, 120, "progress after the cut", proc=proc, log=log
            )
            resumed = time.monotonic() - healed
            wait_for(lambda: count_docs(s) >= n, 240, "all articles", proc=proc, log=log)
    docs = all_ids(s, [a.id for a in articles])
    assert len(docs) == n
    assert count_docs(s) == n
    print(
        f"\nRELIABILITY broker-cut: articles={n} cut_s={cut_s} cut_at={cut_at_count} "
        f"indexed_during={during - cut_at_count} resumed_s={resumed:.1f} lost={n - len(docs)} "
        f"duplicated={count_docs(s) - n} resets={proxy.counters.resets}"
    )


def metric(port: int, name: str) -> float:
    """The sum of a metric's samples on a worker's /metrics page (0 when absent)."""
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
    except httpx.HTTPError:
        return 0.0
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def latency_p99(settings: Settings, ids: list[str]) -> float:
    """Produce -> indexed of these articles, from the documents themselves."""
    docs = all_ids(settings, ids)
    lat = sorted(
        datetime.fromisoformat(d["_source"]["indexed_at"]).timestamp() - d["_source"]["produced_at"]
        for d in docs.values()
    )
    return lat[min(len(lat) - 1, int(len(lat) * 0.99))]


def test_slow_flaky_and_failing_search_server(
    settings: Settings, tmp_path: Path, local_stack: tuple[LocalStack, StackState]
) -> None:
    """2 s latency, then a reset on one request in five, then 500s and 503s."""
    _stack, state = local_stack
    es_port = int(state.es_url.rsplit(":", 1)[1])
    ensure_topics(settings)
    batches = [synth_articles(120, seed=SEED + 10 + k, prefix=f"flaky{k}") for k in range(5)]
    everything = [a for b in batches for a in b]
    mport = free_port()
    log = tmp_path / "worker.log"
    figures = []
    with FaultProxy(("127.0.0.1", es_port), http=True) as proxy:
        s = settings.model_copy(update={"es_url": f"http://{proxy.address}"})
        with running_worker(s, log, METRICS_PORT=str(mport)) as proc:
            publish(s, batches[0])  # warm-up: the worker's first batch waits for its start
            wait_for(lambda: count_docs(settings) >= 120, 240, "warm-up", proc=proc, log=log)
            base = synth_articles(60, seed=SEED + 19, prefix="base")
            publish(s, base)  # the baseline, before any fault
            wait_for(lambda: count_docs(settings) >= 180, 120, "baseline", proc=proc, log=log)
            base_p99 = latency_p99(settings, [a.id for a in base])
            faults: list[tuple[str, Callable[[], None]]] = [
                ("latency 2s", lambda: proxy.latency(2.0)),
                ("reset 1 in 5", lambda: proxy.reset_every(5)),
                ("500 1 in 3", lambda: proxy.http_error(500, every=3)),
                ("503 1 in 2", lambda: proxy.http_error(503, every=2)),
            ]
            seen_waiting = 0.0
            for k, (name, switch_on) in enumerate(faults, start=1):
                target = 60 + 120 * (k + 1)
                switch_on()
                on_at = time.monotonic()
                publish(s, batches[k])
                while time.monotonic() - on_at < 15:  # the fault lasts 15 s
                    seen_waiting = max(seen_waiting, metric(mport, "pipeline_index_waiting"))
                    time.sleep(0.2)
                assert proc.poll() is None
                proxy.heal()
                healed = time.monotonic()
                wait_for(lambda t=target: count_docs(settings) >= t, 180, name, proc=proc, log=log)
                figures.append((name, round(time.monotonic() - healed, 1)))
            # After the faults: produce -> searchable back to normal.
            after = synth_articles(60, seed=SEED + 20, prefix="after")
            publish(s, after)
            wait_for(
                lambda: count_docs(settings) >= 720, 120, "after the faults", proc=proc, log=log
            )
            after_p99 = latency_p99(settings, [a.id for a in after])
            retries = metric(mport, "pipeline_index_retries_total")
        counters = proxy.counters
    ids = [a.id for a in everything + base + after]
    assert len(all_ids(settings, ids)) == len(ids)
    assert count_docs(settings) == len(ids)
    letters = [d for d in read_dead_letters(settings) if d.stage == "index"]
    assert letters == [], "good articles must not be dead-lettered while search is unwell"
    text = log.read_text()
    assert "bulk write not acknowledged (status_5xx)" in text
    # A reset on a kept-alive connection is retried once, silently, by aiohttp
    # (the bulk is an idempotent PUT): one in five never reaches the writer's
    # log. Resets that persist do (tests/integration/test_index_faults.py).
    assert seen_waiting > 0, "the backlog must show in pipeline_index_waiting"
    assert retries > 0
    assert counters.resets and counters.errors and counters.delayed
    print(
        f"\nRELIABILITY search-flaky: articles={len(ids)} faults=15s each "
        f"recovery_s={figures} base_p99_s={base_p99:.2f} after_p99_s={after_p99:.2f} "
        f"max_waiting={seen_waiting:.0f} retries={retries:.0f} resets={counters.resets} "
        f"errors={counters.errors} delayed={counters.delayed} lost=0 "
        f"duplicated={count_docs(settings) - len(ids)}"
    )


def test_read_only_index_block_is_transient_and_loud(
    settings: Settings, tmp_path: Path, local_stack: tuple[LocalStack, StackState]
) -> None:
    stack, _ = local_stack
    ensure_topics(settings)
    first = synth_articles(100, seed=SEED + 30, prefix="ro-a")
    second = synth_articles(100, seed=SEED + 31, prefix="ro-b")
    mport = free_port()
    log = tmp_path / "worker.log"

    def block(on: bool) -> None:
        es_call(
            settings,
            lambda c: c.indices.put_settings(
                index=settings.write_index, settings={"index.blocks.write": on}
            ),
        )

    with running_worker(settings, log, METRICS_PORT=str(mport)) as proc:
        publish(settings, first)
        wait_for(lambda: count_docs(settings) >= 100, 240, "first articles", proc=proc, log=log)
        block(True)
        blocked_at = time.monotonic()
        try:
            publish(settings, second)
            wait_for(
                lambda: "search cluster refuses writes (cluster_block" in log.read_text(),
                60,
                "the block to be reported",
                proc=proc,
                log=log,
            )
            waiting = wait_for(
                lambda: metric(mport, "pipeline_index_waiting"), 30, "backlog gauge", proc=proc
            )
            status = subprocess.run(
                [sys.executable, "-m", "pipeline.cli", "stack", "status"],
                env=settings_env(settings)
                | {"METRICS_PORT": str(mport), "STATE_DIR": str(stack.state_dir)},
                capture_output=True,
                text=True,
                timeout=60,
            )
            while time.monotonic() - blocked_at < 15:  # the block lasts 15 s
                time.sleep(0.5)
            assert count_docs(settings) == 100
            assert proc.poll() is None
        finally:
            block(False)
        lifted = time.monotonic()
        wait_for(lambda: count_docs(settings) >= 200, 120, "after the block", proc=proc, log=log)
        recovery = time.monotonic() - lifted
        blocked_retries = metric(mport, 'pipeline_index_retries_total{reason="cluster_block"}')
    assert len(all_ids(settings, [a.id for a in first + second])) == 200
    assert count_docs(settings) == 200
    assert [d for d in read_dead_letters(settings) if d.stage == "index"] == []
    assert blocked_retries > 0
    shown = re.search(r"index stage: (\d+) documents waiting for the search cluster", status.stdout)
    assert shown and int(shown.group(1)) > 0, status.stdout
    print(
        f"\nRELIABILITY read-only-block: articles=200 block_s=15 waiting={waiting:.0f} "
        f"retries={blocked_retries:.0f} recovery_s={recovery:.1f} lost=0 "
        f"duplicated={count_docs(settings) - 200}"
    )


FROZEN_RULE = """name: conflict-watch
match:
  any:
    - keyword: ceasefire
    - keyword: drone
    - keyword: prisoners
    - keyword: storms
realert: 1d
"""


def demo_articles() -> list[Article]:
    """The demo's wire corpus: real-looking news in several stories, in file order."""
    from pipeline.demo.run import corpus_dir

    lines = (corpus_dir() / "wire.jsonl").read_text().splitlines()
    return [Article.model_validate_json(line) for line in lines if line.strip()]


def misplaced(calm: set[frozenset[str]], fault: set[frozenset[str]]) -> int:
    """Articles not in the calm story their fault-run story matches best (0: same stories)."""
    kept = sum(max(len(g & c) for c in calm) for g in fault)
    return sum(len(g) for g in fault) - kept


def alert_messages(settings: Settings) -> list[tuple[str, int]]:
    """(alert id, version) of every message on the alerts topic, duplicates included."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
    try:
        parts = [
            TopicPartition(settings.alerts_topic, p)
            for p in consumer.partitions_for_topic(settings.alerts_topic) or []
        ]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        end = consumer.end_offsets(parts)
        out: list[tuple[str, int]] = []
        while any(consumer.position(p) < end[p] for p in parts):
            for records in consumer.poll(timeout_ms=1000).values():
                for r in records:
                    a = AlertMessage.model_validate_json(r.value).alert
                    out.append((a.id, a.version))
        return out
    finally:
        consumer.close()


def story_run(
    settings: Settings, tmp_path: Path, articles: list[Article], freeze: bool
) -> dict[str, Any]:
    """Run the pipeline over ``articles`` in three parts; with ``freeze``, two workers
    and the route stage's owner SIGSTOPped past the session timeout in part two."""
    rules = tmp_path / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / "watch.yaml").write_text(FROZEN_RULE)
    # One partition everywhere: the order reaching the route stage is the
    # publication order in both runs, so their stories can be compared.
    ensure_topics(settings)
    third = len(articles) // 3
    parts = [articles[:third], articles[third : 2 * third], articles[2 * third :]]
    logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
    procs = [start_worker(settings, logs[0], RULES_DIR=str(rules))]
    if freeze:
        # A second machine: its own state directory (local table stores).
        procs.append(
            start_worker(
                settings, logs[1], RULES_DIR=str(rules), STATE_DIR=str(tmp_path / "w2-state")
            )
        )
    frozen_s = takeover_s = 0.0
    try:
        publish(settings, parts[0])
        wait_for(lambda: count_docs(settings) >= third, 240, "part one", proc=procs[0], log=logs[0])
        if freeze:
            owners = [
                p
                for p, lg in zip(procs, logs, strict=True)
                if "story state restored" in lg.read_text()
            ]
            assert len(owners) == 1, "exactly one worker routes"
            (owner,) = owners
            other = procs[1 - procs.index(owner)]
            publish(settings, parts[1])
            owner.send_signal(signal.SIGSTOP)  # frozen with part two fetched or in flight
            stopped = time.monotonic()
            try:
                wait_for(
                    lambda: count_docs(settings) >= 2 * third,
                    180,
                    "the other worker to take over",
                    proc=other,
                    log=logs[procs.index(other)],
                )
                takeover_s = time.monotonic() - stopped
                while time.monotonic() - stopped < 15:  # well past the 6 s session timeout
                    time.sleep(0.5)
            finally:
                owner.send_signal(signal.SIGCONT)
                frozen_s = time.monotonic() - stopped
        else:
            publish(settings, parts[1])
        publish(settings, parts[2])
        wait_for(
            lambda: count_docs(settings) >= len(articles),
            240,
            "all articles",
            proc=procs[0],
            log=logs[0],
        )
        time.sleep(5)  # let a woken worker do whatever it still would
        alive = [p.poll() is None for p in procs]
    finally:
        for p in procs:
            stop(p)
    docs = all_ids(settings, [a.id for a in articles])
    groups: dict[str, set[str]] = {}
    for doc_id, d in docs.items():
        groups.setdefault(d["_source"].get("story_id") or doc_id, set()).add(doc_id)

    async def indexed_alerts(client: Any) -> list[dict[str, Any]]:
        await client.indices.refresh(index=settings.alerts_alias)
        return await list_alerts(client, settings)

    alerts = es_call(settings, indexed_alerts)
    return {
        "indexed": len(docs),
        "total": count_docs(settings),
        "stories": {frozenset(g) for g in groups.values()},
        "alerts": alerts,
        "messages": alert_messages(settings),
        "frozen_s": frozen_s,
        "takeover_s": takeover_s,
        "alive": alive,
        "log": "".join(lg.read_text() for lg in logs if lg.exists()),
    }


def test_frozen_route_owner_no_duplicate_alert_no_story_change(
    settings: Settings, tmp_path: Path
) -> None:
    articles = demo_articles()

    def fresh(tag: str) -> Settings:
        return settings.model_copy(
            update={
                "app_id": f"{settings.app_id}{tag}",
                "topic_prefix": f"{settings.topic_prefix}{tag}.",
                "index_prefix": f"{settings.index_prefix}{tag}",
                "state_dir": tmp_path / tag / "state",
                "partitions": 1,
            }
        )

    calm = story_run(fresh("calm"), tmp_path / "calm", articles, freeze=False)
    fault = story_run(fresh("frozen"), tmp_path / "frozen", articles, freeze=True)
    pairs = [(a["rule"], a["story_id"]) for a in fault["alerts"]]
    moved = misplaced(calm["stories"], fault["stories"])
    msgs = fault["messages"]
    repeats = len(msgs) - len(set(msgs))
    print(
        f"\nRELIABILITY frozen-route-owner: articles={len(articles)} frozen_s="
        f"{fault['frozen_s']:.0f} part_two_done_after_s={fault['takeover_s']:.1f} "
        f"stories={len(fault['stories'])}/{len(calm['stories'])} moved={moved} "
        f"alerts={len(pairs)}/{len(calm['alerts'])} alert_messages={len(msgs)} "
        f"repeated_alert_messages={repeats} workers_alive_after={fault['alive']} "
        f"lost={len(articles) - fault['indexed']} duplicated={fault['total'] - fault['indexed']}"
    )
    for run in (calm, fault):
        assert run["indexed"] == run["total"] == len(articles)
    assert fault["alerts"], "the rule must fire in this corpus"
    assert len(pairs) == len(set(pairs)), "one alert per (rule, story)"
    assert sorted(pairs) == sorted((a["rule"], a["story_id"]) for a in calm["alerts"])
    assert moved == 0, f"the fault moved {moved} articles to another story"


# ---------------------------------------------------------------- writers cut off
def topic_keys(settings: Settings, topic: str) -> list[str]:
    """The key of every message on a topic, duplicates included (no group: kafka-python
    consumers in a group receive nothing from the local broker)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        end = consumer.end_offsets(parts)
        out: list[str] = []
        deadline = time.monotonic() + 60
        while any(consumer.position(p) < end[p] for p in parts):
            assert time.monotonic() < deadline, "topic not read within 60 s"
            for records in consumer.poll(timeout_ms=1000).values():
                out.extend(r.key.decode() for r in records if r.key)
        return out
    finally:
        consumer.close()


def wire_line(a: Article) -> str:
    return json.dumps(
        {
            "id": a.id,
            "title": a.title,
            "body": a.body,
            "source": a.source,
            "published": a.published.isoformat() if a.published else None,
        }
    )


def test_produce_rides_out_a_broker_cut_within_its_bound(
    settings: Settings, tmp_path: Path
) -> None:
    """A 10 s cut mid-run, inside the producer's 60 s delivery bound: every article
    published once, exit 0."""
    n, cut_s = 10_000, 10
    articles = synth_articles(n, seed=SEED + 50, prefix="prod")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(wire_line(a) + "\n" for a in articles))
    with proxied_broker(tmp_path) as proxy:
        s = settings.model_copy(update={"kafka_bootstrap": proxy.address})
        ensure_topics(s)
        start = proxy.counters.bytes_up
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "produce", "--json", str(feed)],
            env=settings_env(s),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for(lambda: proxy.counters.bytes_up - start > 300_000, 60, "produce under way")
            proxy.cut()
            assert proc.poll() is None, "produce finished before the cut: nothing was tested"
            time.sleep(cut_s)
            proxy.heal()
            healed = time.monotonic()
            out, errors = proc.communicate(timeout=120)
            finished = time.monotonic() - healed
        finally:
            if proc.poll() is None:
                proc.kill()
        keys = topic_keys(s, s.raw_topic)
    assert proc.returncode == 0, errors[-2000:]
    report = json.loads(out)
    assert (report["published"], report["failed"]) == (n, 0)
    assert sorted(keys) == sorted(a.id for a in articles), "each article exactly once"
    print(
        f"\nRELIABILITY produce-cut: articles={n} cut_s={cut_s} exit={proc.returncode} "
        f"published={report['published']} in_topic={len(keys)} "
        f"finished_after_heal_s={finished:.1f} lost=0 duplicated={len(keys) - n}"
    )


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Fault test desk</title><link>http://example.test/</link>
<description>Items written for the fault tests</description>
{items}
</channel></rss>
"""
RSS_ITEM = """<item><guid>urn:fault-test:{i}</guid><title>Harbour crane repaired, item {i}</title>
<link>http://example.test/{i}</link><pubDate>Tue, 20 May 2025 0{h}:00:00 GMT</pubDate>
<description>Engineers in Lisbon repaired the harbour crane on Tuesday, item {i}.</description>
</item>"""


@contextlib.contextmanager
def feed_server(body: bytes) -> Iterator[str]:
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


def test_writers_cut_off_keep_their_place_and_resume(settings: Settings, tmp_path: Path) -> None:
    """The broker gone for longer than a send's bound: the producer reports every
    article it could not publish, the drop folder and the feed poller mark
    nothing done, and all of it is published once the broker is back."""
    from kafka import KafkaProducer

    from pipeline.feeds.rss import FeedPoller, FeedStore
    from pipeline.feeds.watch import DropFolder, DropStore

    feed_body = RSS.format(items="\n".join(RSS_ITEM.format(i=i, h=i % 9) for i in range(8)))
    with proxied_broker(tmp_path) as proxy, feed_server(feed_body.encode()) as url:
        s = settings.model_copy(update={"kafka_bootstrap": proxy.address})
        ensure_topics(s)
        # The CLI's producer gives a send 60 s (delivery timeout); 4 s here shows
        # the same failure path in seconds.
        producer = KafkaProducer(
            bootstrap_servers=s.kafka_bootstrap,
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            request_timeout_ms=1500,
            delivery_timeout_ms=4000,
            max_block_ms=4000,
            reconnect_backoff_max_ms=500,
        )
        pub = Publisher(s, producer=producer)
        before = synth_articles(20, seed=SEED + 60, prefix="pre")
        assert pub.publish(Parsed("t", i, a) for i, a in enumerate(before)).published == 20
        drop = tmp_path / "drop"
        folder = DropFolder(
            drop, pub, DropStore(tmp_path / "drop.db"), max_article_bytes=s.max_article_bytes
        )
        dropped = synth_articles(10, seed=SEED + 61, prefix="drop")
        file = drop / "batch.jsonl"
        file.write_text("".join(wire_line(a) + "\n" for a in dropped))
        store = FeedStore(tmp_path / "feeds.db")
        # the feed server is on loopback, which the outbound guard refuses unless allowed
        local = OutboundPolicy(
            allow_hosts=frozenset({"127.0.0.1"}), allow_setting="FEED_ALLOW_HOSTS"
        )
        poller = FeedPoller(pub, store, max_article_bytes=s.max_article_bytes, policy=local)
        during = synth_articles(30, seed=SEED + 62, prefix="cut")

        proxy.cut()
        try:
            report = pub.publish(Parsed("t", i, a) for i, a in enumerate(during))
            dropped_out = folder.process(file)
            polled = poller.poll(url)
        finally:
            proxy.heal()
        assert report.published + len(report.failed) == 30 and report.failed, report.summary()
        # claimed before it was read, it waits in processing/ for a retry, not in done/
        claimed = dropped_out.moved_to
        assert dropped_out.outcome == "retry" and claimed is not None and claimed.exists()
        assert claimed.parent == drop / "processing"
        assert polled.outcome == "error" and polled.published == 0, polled
        assert not (drop / "done" / "batch.jsonl").exists()

        # The broker is back: the file and the feed are taken up again, in full.
        wait_for(
            lambda: (o := folder.process(claimed)) is not None and o.outcome == "done",
            60,
            "the drop folder to resume",
        )
        resumed = wait_for(
            lambda: (r := poller.poll(url)).published == 8 and r, 60, "the poller to resume"
        )
        assert resumed.error is None
        again = pub.publish(
            Parsed("t", i, a)
            for i, a in enumerate(during)
            if a.id not in set(report.ids)  # the caller resends what was reported failed
        )
        assert not again.failed
        pub.close()
        keys = topic_keys(s, s.raw_topic)
    expected = {a.id for a in before + dropped + during}
    assert expected <= set(keys)
    feed_keys = set(keys) - expected
    assert len(feed_keys) == 8, feed_keys
    assert len(keys) == len(set(keys)), "nothing published twice"
    print(
        f"\nRELIABILITY writers-cut: produce failed={len(report.failed)} of 30 reported; "
        f"drop folder kept its file ({dropped_out.outcome}); poller marked "
        f"{polled.published} seen; after the cut all {len(set(keys))} published once"
    )


def test_serve_answers_503_while_the_broker_is_cut_and_202_means_published(
    settings: Settings, tmp_path: Path
) -> None:
    from pipeline.feeds.http import ServeConfig, create_app
    from tests.integration.test_feeds_http import KEY, running

    cut_s, wait_s = 12.0, 3.0
    with proxied_broker(tmp_path) as proxy:
        s = settings.model_copy(update={"kafka_bootstrap": proxy.address})
        ensure_topics(s)
        pub = Publisher(s)
        conf = ServeConfig(api_key=KEY, topic=s.raw_topic, ack_timeout=wait_s)
        answers: list[tuple[str, int, str | None, list[str]]] = []
        k = 0

        def post_batch(phase: str) -> int:
            nonlocal k
            arts = synth_articles(5, seed=SEED + 70 + k, prefix=f"http{k}")
            k += 1
            resp = httpx.post(
                f"{url}/articles",
                content="".join(wire_line(a) + "\n" for a in arts).encode(),
                headers={"X-API-Key": KEY, "Content-Type": "application/x-ndjson"},
                timeout=60,
            )
            answers.append(
                (phase, resp.status_code, resp.headers.get("Retry-After"), [a.id for a in arts])
            )
            return resp.status_code

        try:
            with running(create_app(pub, conf)) as url:
                for _ in range(4):
                    assert post_batch("before") == 202
                proxy.cut()
                cut_at = time.monotonic()
                while time.monotonic() - cut_at < cut_s:
                    post_batch("cut")
                proxy.heal()
                healed = time.monotonic()
                wait_for(lambda: post_batch("after") == 202, 90, "a 202 after the cut")
                back_s = time.monotonic() - healed
                for _ in range(3):
                    post_batch("after")
        finally:
            pub.close()
        keys = set(topic_keys(s, s.raw_topic))
    during = [a for a in answers if a[0] == "cut"]
    assert during and all(st == 503 and ra for _, st, ra, _ in during), during
    accepted = [i for _, st, _, ids in answers if st == 202 for i in ids]
    assert set(accepted) <= keys, "every article answered 202 is on the topic"
    print(
        f"\nRELIABILITY serve-cut: cut_s={cut_s:.0f} requests={len(answers)} "
        f"answered_503_during_cut={len(during)} accepted_articles={len(accepted)} "
        f"lost_after_202={len(set(accepted) - keys)} first_202_after_heal_s={back_s:.1f}"
    )
