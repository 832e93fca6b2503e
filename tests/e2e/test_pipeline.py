"""End to end on the real local broker and search server: produce -> worker -> index.

Good articles arrive enriched and exactly once; every kind of bad message
lands on the dead-letter topic with its reason and origin; the worker never
stops.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaProducer

from pipeline.demo.run import corpus_dir
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import read_inputs
from pipeline.ops import read_dead_letters
from pipeline.record import Article, Entity, Span, TimeExpr
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import count_docs, fetch_docs, running_worker, wait_for


def test_produce_enrich_index_and_dead_letters(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    corpus = tmp_path / "in.jsonl"
    lines = (corpus_dir() / "wire.jsonl").read_text().splitlines()[:8]
    corpus.write_text("\n".join([*lines, lines[0]]) + "\n")  # the first one sent twice
    want = [json.loads(x)["id"] for x in lines]

    raw = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, max_request_size=4_000_000)
    bad_payloads = {
        "bad_json": b'{"title": "cut off',
        "bad_encoding": b'{"body": "caf\xe9"}',
        "missing_field": json.dumps({"title": "no body"}).encode(),
        "wrong_type": json.dumps({"body": ["a", "list"]}).encode(),
        "too_large": json.dumps({"body": "word " * 120_000}).encode(),  # 600 KB
    }
    for payload in bad_payloads.values():
        raw.send(settings.raw_topic, value=payload)
    # A document the index refuses (an impossible calendar day), straight to the
    # route stage (which writes the index), as a buggy upstream stage would send it.
    refused = Article(
        id="refused-1",
        title="x",
        body="x",
        dates=[
            TimeExpr(
                text="31 February",
                start=0,
                end=1,
                type="DATE",
                value="2025-02-31",
                gte="2025-02-31",
                lte="2025-02-31",
            )
        ],
        published=datetime(2025, 5, 19, tzinfo=UTC),
    )
    raw.send(settings.enriched_topic, key=b"refused-1", value=refused.to_json())
    # An enriched record whose text is about markup: the later stages must index
    # it as enriched, not unescape it again from under its entity offsets.
    body = "The memo was marked &lt;urgent&gt; by Ana Ruiz in Geneva."
    at = body.index("Ana Ruiz")
    escaped = Article(
        id="escaped-1",
        title="Memo",
        body=body,
        entities=[
            Entity(
                text="Ana Ruiz",
                canonical="Ana Ruiz",
                label="PERSON",
                count=1,
                mentions=[Span(start=at, end=at + 8)],
            )
        ],
        published=datetime(2025, 5, 19, tzinfo=UTC),
    )
    raw.send(settings.enriched_topic, key=b"escaped-1", value=escaped.to_json())
    raw.flush()
    raw.close()

    log = tmp_path / "worker.log"
    with running_worker(settings, log) as proc:
        pub = Publisher(settings)
        report = pub.publish(read_inputs([str(corpus)], settings.max_article_bytes))
        pub.close()
        assert report.summary() == {"published": 9, "rejected": 0, "failed": 0}

        docs = wait_for(
            lambda: len(d := fetch_docs(settings, [*want, "escaped-1"])) == len(want) + 1 and d,
            timeout=180,
            what="all articles indexed",
            proc=proc,
            log=log,
        )
        letters = wait_for(
            lambda: len(ls := read_dead_letters(settings)) >= 6 and ls,
            timeout=60,
            what="dead letters",
            proc=proc,
            log=log,
        )
        assert proc.poll() is None, "the worker must survive bad input"

    assert count_docs(settings) == len(want) + 1  # the duplicate send made no second document
    kept = docs.pop("escaped-1")["_source"]
    assert kept["body"] == body
    span = kept["entities"][0]["mentions"][0]
    assert kept["body"][span["start"] : span["end"]] == "Ana Ruiz"
    for doc in docs.values():
        src = doc["_source"]
        assert src["entities"], doc["_id"]
        assert all(
            e["label"] in {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"}
            for e in src["entities"]
        )
        assert src["dates"], doc["_id"]
        assert src["enriched_at"] >= src["produced_at"]
        assert src["story_id"]
    first = docs[want[0]]["_source"]
    assert first["dateline"]

    by_code = {d.code: d for d in letters}
    assert set(bad_payloads) | {"es_rejected"} <= set(by_code)
    for code in bad_payloads:
        d = by_code[code]
        assert (d.stage, d.source_topic) == ("enrich", settings.raw_topic)
        assert d.partition is not None and d.offset is not None and d.reason
    assert str(settings.max_article_bytes) in by_code["too_large"].reason
    es = by_code["es_rejected"]
    assert (es.stage, es.article_id, es.source_topic) == (
        "index",
        "refused-1",
        settings.enriched_topic,
    )
    assert "400" in es.reason
