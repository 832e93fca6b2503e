"""Producer against the real local broker: counts, keys, dead letters with file and line."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import read_inputs
from pipeline.ops import read_dead_letters, read_topic
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics


def test_produce_good_and_bad(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(
        json.dumps({"id": "p1", "title": "A", "body": "First body."}).encode()
        + b"\n"
        + b"not json at all\n"
        + json.dumps({"title": "B", "body": "Second body.", "url": "https://x.test/b"}).encode()
        + b"\n"
        + json.dumps({"id": "p1", "title": "A", "body": "First body."}).encode()
        + b"\n"
    )
    (tmp_path / "copy.txt").write_text("date 2025-05-19\nHeadline\n\nPARIS: Text of the copy.")
    pub = Publisher(settings)
    report = pub.publish(read_inputs([str(tmp_path)], settings.max_article_bytes))
    pub.close()
    assert report.summary() == {"published": 4, "rejected": 1, "failed": 0}

    raw = [Article.from_json(v) for v in read_topic(settings, settings.raw_topic)]
    assert sorted(a.id for a in raw).count("p1") == 2  # the same article sent twice...
    assert all(a.produced_at for a in raw)
    letters = read_dead_letters(settings)
    assert len(letters) == 1
    d = letters[0]
    assert (Path(d.file or "").name, d.line, d.stage, d.code) == (
        "feed.jsonl",
        2,
        "produce",
        "bad_json",
    )
    assert d.payload == b"not json at all"
