"""Producer against the real local broker: counts, keys, partitions, dead letters with file and line."""

from __future__ import annotations

import json
from pathlib import Path

from kafka.partitioner.default import murmur2

from pipeline.feeds.producer import Publisher, content_partition
from pipeline.feeds.readers import Parsed, read_inputs
from pipeline.ops import read_dead_letters, read_topic
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import topic_records


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


def raw_partitions(settings: Settings) -> dict[str, set[int]]:
    """Article id -> the raw partitions its records are on."""
    out: dict[str, set[int]] = {}
    for partition, key, _ in topic_records(settings, settings.raw_topic):
        out.setdefault((key or b"").decode(), set()).add(partition)
    return out


def key_partition(key: bytes, partitions: int) -> int:
    """Where the Kafka clients' default partitioner puts a key (murmur2, as Java's)."""
    return (murmur2(key) & 0x7FFFFFFF) % partitions


LEAD = (
    "Firefighters in Portsea spent the night fighting a blaze that gutted the old grain "
    "warehouse on Quay Street, the fire service said on Tuesday."
)
REPORT = "\n".join(
    [
        LEAD,
        "Twelve engines and sixty firefighters were called to the building shortly after midnight.",
        "Neighbours in the terraced houses behind it were moved to the school hall until morning.",
        "The cause of the fire is being investigated, a spokesman for the fire service said today.",
        "The street will stay closed while engineers check whether the old walls are safe to keep.",
        "The warehouse was built in 1890 for the grain trade and had stood empty for ten years.",
    ]
)


def test_a_wire_copy_goes_to_its_originals_partition_and_a_kill_notice_by_its_id(
    settings: Settings,
) -> None:
    ensure_topics(settings)
    original = Article(id="fire-1", title="Warehouse gutted by fire", body=REPORT)
    lines = REPORT.split("\n")
    bodies = [
        REPORT + "\n(Reporting by the Portsea desk; editing by the night desk.)",
        REPORT.replace("sixty firefighters", "seventy firefighters"),
        "\n".join(lines[1:]),  # the lead cut
    ]
    # other outlets' runs: a new headline and an edit each, most lines kept
    copies = [
        Article(id=f"fire-copy-{i}", title=f"UPDATE {i}-Fire guts Portsea warehouse", body=b)
        for i, b in enumerate(bodies)
    ]
    # the kill notice of an id this publisher never sent
    kill = Article.model_validate(
        {"id": "fire-old", "body": "Withdrawn by the publisher.", "status": "withdrawn"}
    )
    pub = Publisher(settings)
    report = pub.publish(Parsed("t", i, a) for i, a in enumerate([original, *copies, kill]))
    pub.close()
    assert report.summary()["published"] == 5
    seen = raw_partitions(settings)
    n = settings.partitions
    expected = content_partition(REPORT, n)
    # (each keeps the line with the smallest hash; a copy that loses it goes
    # elsewhere, about one time in as many lines as the text has)
    assert all(content_partition(b, n) == expected for b in bodies)
    assert seen["fire-1"] == {expected}
    assert all(seen[c.id] == {expected} for c in copies)
    # unknown to the publisher: the client's partitioner on the key, as for every id before
    assert seen["fire-old"] == {key_partition(b"fire-old", n)}


def test_with_partitioning_by_id_the_key_decides(settings: Settings) -> None:
    ensure_topics(settings)
    by_id = settings.model_copy(update={"raw_partition_by": "id"})
    arts = [Article(id=f"key-{i}", title="t", body=REPORT) for i in range(8)]
    pub = Publisher(by_id)
    pub.publish(Parsed("t", i, a) for i, a in enumerate(arts))
    pub.close()
    seen = raw_partitions(settings)
    for a in arts:
        assert seen[a.id] == {key_partition(a.id.encode(), settings.partitions)}
    assert len({p for a in arts for p in seen[a.id]}) > 1  # the same text, spread by id


def test_a_later_version_and_a_kill_notice_follow_the_first_version(settings: Settings) -> None:
    ensure_topics(settings)
    first = Article(id="fire-v", title="Warehouse gutted by fire", body=REPORT, version=1)
    # a rewrite that shares no line with the first version, then the kill notice
    rewrite = "\n".join(
        f"Rewritten paragraph {i} of the warehouse fire report, with the corrected figures."
        for i in range(6)
    )
    assert content_partition(rewrite, settings.partitions) != content_partition(
        REPORT, settings.partitions
    )
    second = Article(id="fire-v", title="Warehouse fire: corrected", body=rewrite, version=2)
    kill = Article.model_validate(
        {"id": "fire-v", "body": "Withdrawn by the publisher.", "status": "withdrawn", "version": 3}
    )
    pub = Publisher(settings)
    pub.publish(Parsed("t", i, a) for i, a in enumerate([first, second, kill]))
    pub.close()
    assert raw_partitions(settings)["fire-v"] == {content_partition(REPORT, settings.partitions)}
