"""Agency formats through the real broker: raw topic, keys, partitions, dead letters, index."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import orjson

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import read_inputs
from pipeline.index.writer import SearchSink
from pipeline.ops import read_dead_letters
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import fetch_docs, topic_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def read_records(settings: Settings, topic: str) -> list[tuple[int, bytes, dict[str, Any]]]:
    """(partition, key, value) of every record, partitions in order, offsets in order."""
    return [(p, k or b"", orjson.loads(v or b"null")) for p, k, v in topic_records(settings, topic)]


def publish(settings: Settings, paths: list[Path]) -> Any:
    ensure_topics(settings)
    pub = Publisher(settings)
    try:
        return pub.publish(read_inputs([str(p) for p in paths], settings.max_article_bytes))
    finally:
        pub.close()


def test_every_format_reaches_the_raw_topic_and_bad_items_the_dlq(
    settings: Settings, tmp_path: Path
) -> None:
    names = [
        "ninjs-1.4.json",
        "ninjs-2.1.json",
        "ninjs-3.0.json",
        "ninjs-no-body.json",
        "ninjs-malformed.json",
        "newsml-item.xml",
        "newsml-unknown-namespace.xml",
        "newsml-malformed.xml",
        "newsml-entity-bomb.xml",
        "feed-rss.xml",
    ]
    for n in names:
        shutil.copy(FIXTURES / n, tmp_path / n)
    report = publish(settings, [tmp_path])
    assert report.summary() == {"published": 6, "rejected": 6, "failed": 0}

    raw = read_records(settings, settings.raw_topic)
    by_key = {key.decode(): value for _, key, value in raw}
    assert set(by_key) >= {
        "urn:larkspur.test:2025:ferry-strike-bergen",
        "https://larkspur.test/items/2025/orchard-frost",
        "tag:fjordline.test,2025:harbour-crane",
        "urn:newsml:fjordline.test:20250519:lighthouse-keepers",
    }
    ninjs1 = by_key["urn:larkspur.test:2025:ferry-strike-bergen"]
    assert ninjs1["version"] == 2 and ninjs1["byline"] == "Ingrid Solvang"
    assert ninjs1["produced_at"] > 0 and "status" not in ninjs1
    # what the worker reads back is a valid record
    assert Article.from_json(orjson.dumps(ninjs1)).title.startswith("Ferry crews")

    letters = {(Path(d.file or "").name, d.line): d for d in read_dead_letters(settings)}
    assert {k: d.code for k, d in letters.items()} == {
        ("ninjs-no-body.json", None): "empty_body",
        ("ninjs-malformed.json", None): "bad_json",
        ("newsml-unknown-namespace.xml", None): "unsupported_version",
        ("newsml-malformed.xml", None): "bad_xml",
        ("newsml-entity-bomb.xml", None): "unsafe_xml",
        ("feed-rss.xml", 3): "empty_body",
    }
    unknown = letters[("newsml-unknown-namespace.xml", None)]
    assert "2031-01-01" in unknown.reason
    assert unknown.payload == (FIXTURES / "newsml-unknown-namespace.xml").read_bytes()


def test_kill_notice_follows_its_article_on_the_same_key(settings: Settings) -> None:
    report = publish(
        settings,
        [
            FIXTURES / "ninjs-1.4.json",
            FIXTURES / "ninjs-canceled.json",
            FIXTURES / "newsml-item.xml",
            FIXTURES / "newsml-canceled.xml",
        ],
    )
    assert report.summary() == {"published": 4, "rejected": 0, "failed": 0}
    raw = read_records(settings, settings.raw_topic)
    for guid in (
        "urn:larkspur.test:2025:ferry-strike-bergen",
        "urn:newsml:fjordline.test:20250519:lighthouse-keepers",
    ):
        records = [(p, v) for p, k, v in raw if k == guid.encode()]
        assert len({p for p, _ in records}) == 1  # one partition: order is kept
        (_, article), (_, kill) = records
        assert article.get("status") is None and kill["status"] == "withdrawn"
        assert kill["id"] == article["id"] == guid
        assert kill["version"] > article["version"]
        assert kill["body"].startswith("Withdrawn by the publisher.")


def test_duplicate_guids_the_later_version_wins_in_the_index(settings: Settings) -> None:
    # versions 2 then 1 of one guid, in one file; then 1 and 2 of another in a newsMessage
    report = publish(
        settings, [FIXTURES / "ninjs-duplicate-guids.json", FIXTURES / "newsml-message.xml"]
    )
    assert report.summary() == {"published": 4, "rejected": 1, "failed": 0}
    raw = read_records(settings, settings.raw_topic)
    bridge = [(p, v["version"]) for p, k, v in raw if k == b"urn:larkspur.test:2025:bridge-vote"]
    regatta = [
        (p, v["version"]) for p, k, v in raw if k == b"urn:newsml:fjordline.test:20250525:regatta"
    ]
    assert [v for _, v in bridge] == [2, 1] and len({p for p, _ in bridge}) == 1
    assert [v for _, v in regatta] == [1, 2] and len({p for p, _ in regatta}) == 1

    async def index_in_topic_order() -> None:
        sink = SearchSink(settings)
        try:
            await sink.setup()
            for _, _, value in raw:  # one write per record: the index sees each arrival
                await sink.write([Article.from_json(orjson.dumps(value))])
        finally:
            await sink.close()

    asyncio.run(index_in_topic_order())
    docs = fetch_docs(
        settings,
        ["urn:larkspur.test:2025:bridge-vote", "urn:newsml:fjordline.test:20250525:regatta"],
    )
    bridge_doc = docs["urn:larkspur.test:2025:bridge-vote"]
    assert bridge_doc["_version"] == 2
    assert bridge_doc["_source"]["title"] == "Town council approves footbridge after second vote"
    regatta_doc = docs["urn:newsml:fjordline.test:20250525:regatta"]
    assert regatta_doc["_version"] == 2
    assert regatta_doc["_source"]["title"].startswith("Coastal regatta starts")
