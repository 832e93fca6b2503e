"""Table values larger than one Kafka record: written in parts, and read back after
a restart; and a big story's record that stays small.

The word statistics grow by about 17 bytes a key; past the producer's request
limit a single changelog record crashed the worker (a 2 MB value on the local
broker, thirteenth session), and the restarted worker wrote it again. Here the
production worker runs with the smallest limit the settings allow
(``KAFKA_MAX_MESSAGE_BYTES`` 64 kB), and 160 reports of one event, each with a
few rare words, make statistics of about 50 kB: they must go in parts, every
changelog record must fit, and a worker started afresh must rebuild the story
and its near-duplicate memory (a re-run of the first report finds its
original).

A story's record used to carry its copies' MinHash signatures (about 0.5 kB a
member, 1 MB at 2,000 members, rewritten after every batch that touched the
story); each copy now has a record of its own, written once, and the story's
record grows by tens of bytes a member.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.tablestore import PART_MARK
from pipeline.topics import ensure_topics
from tests.helpers import fetch_docs, start_worker, stop, topic_records, wait_for

WORDS = [
    "negotiators",
    "delegation",
    "envoy",
    "border",
    "truce",
    "monitors",
    "corridor",
    "convoy",
    "minister",
    "capital",
    "agreement",
    "withdrawal",
    "prisoners",
    "exchange",
    "hospital",
    "residents",
    "officials",
    "statement",
    "artillery",
    "villages",
    "bridge",
    "checkpoint",
    "shelters",
    "mediators",
    "draft",
    "clause",
    "guarantees",
    "observers",
    "deadline",
]
LEAD = "Negotiators from Kessaria and Olland met in Velden on Wednesday for ceasefire talks."


# Rare made-up words (a few per report), so that the word statistics outgrow one record.
_SYLLABLES = [o + v for o in "bdfgklmnprstv" for v in "aeiou"]
RARE = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in ("n", "r", "l", "st")]


def event_reports(n: int) -> list[Article]:
    """``n`` reports of one event from 40 outlets: one lead, the rest in other words."""
    rng = random.Random(7)
    return [
        Article(
            id=f"velden-{i:04d}",
            title="Ceasefire talks open in Velden",
            body=LEAD
            + " "
            + " ".join(rng.choice(WORDS) for _ in range(100))
            + " "
            + " ".join(rng.choice(RARE) for _ in range(30))
            + ".",
            published=datetime(2026, 5, 20, 6, tzinfo=UTC) + timedelta(minutes=2 * i),
            source=f"Outlet {i % 40}",
        )
        for i in range(n)
    ]


_AT = datetime(2025, 5, 25, 9, tzinfo=UTC)
FILLERS = [
    Article(
        id=f"big-records-filler-{i}",
        title=title,
        body=body,
        published=_AT + timedelta(hours=i),
        source="Filler Desk",
    )
    for i, (title, body) in enumerate(
        [
            (
                "Orchard growers count frost losses",
                "Apple growers in the Tessel valley said a late frost had cut this year's "
                "crop by a third, and the regional council promised low-interest loans.",
            ),
            (
                "Chess club opens in old library",
                "A chess club has opened in the former library of Marrow Lane, with free "
                "lessons for pupils on Saturday mornings and a tournament planned for June.",
            ),
            (
                "Ferry timetable changes for summer",
                "The island ferry will sail every two hours from next month, the operator "
                "said, adding an evening crossing on Fridays for weekend visitors.",
            ),
        ]
    )
]
LIMIT = 65_536


def changelog(settings: Settings) -> list[tuple[bytes, bytes | None]]:
    """Every record of the stories table's changelog, read until the broker has no more."""
    records = topic_records(settings, f"{settings.app_id}-stories-changelog")
    return [(k or b"", v) for _, k, v in records]


def test_table_values_over_a_record_go_in_parts_and_come_back(
    settings: Settings, tmp_path: Path
) -> None:
    ensure_topics(settings)
    env = {"KAFKA_MAX_MESSAGE_BYTES": str(LIMIT)}
    reports = event_reports(160)
    ids = [a.id for a in reports]
    log = tmp_path / "worker.log"
    proc = start_worker(settings, log, **env)
    try:
        pub = Publisher(settings)
        pub.publish(Parsed("event", i, a) for i, a in enumerate(reports))
        pub.close()
        docs = wait_for(
            lambda: len(d := fetch_docs(settings, ids)) == len(ids) and d,
            300,
            "the reports indexed",
            proc=proc,
            log=log,
        )
        assert len({d["_source"]["story_id"] for d in docs.values()}) == 1
        # Then news of other kinds, so that the first story's record is not among
        # the table's last writes: the local broker reports a partition's end as
        # the start of its last batch plus one (docs/reliability.md), so a
        # restarted worker's recovery can miss the tail of the changelog. On
        # Apache Kafka it reads to the end.
        pub = Publisher(settings)
        pub.publish(Parsed("filler", i, a) for i, a in enumerate(FILLERS))
        pub.close()
        wait_for(
            lambda: len(fetch_docs(settings, [a.id for a in FILLERS])) == len(FILLERS),
            120,
            "the other news indexed",
            proc=proc,
            log=log,
        )
        assert proc.poll() is None
    finally:
        stop(proc)
    records = changelog(settings)
    parts = {k for k, _ in records if PART_MARK.encode() in k}
    assert parts, "the statistics must have been written in parts"
    assert max(len(v or b"") for _, v in records) <= LIMIT // 2
    # The story's record stays small (no signatures in it); each report has a
    # copy record of its own, written once.
    story = docs[ids[0]]["_source"]["story_id"].encode()
    story_records = [v for k, v in records if k == story and v is not None]
    assert story_records and max(len(v) for v in story_records) < 16_000
    copy_keys = [k for k, _ in records if k.startswith(b"c-")]
    assert len(set(copy_keys)) >= len(reports)
    assert len(copy_keys) < 2 * len(reports)
    assert "incomplete" not in log.read_text()

    # A worker started afresh rebuilds the stories from the parts: a verbatim
    # copy of the first article, under another id, finds its original's story.
    first = reports[0]
    copy = first.model_copy(
        update={
            "id": "big-records-copy",
            "source": "Copy Desk",
            "published": first.published + timedelta(hours=1),  # a re-run, an hour later
        }
    )
    log2 = tmp_path / "worker2.log"
    proc = start_worker(settings, log2, **env)
    try:
        pub = Publisher(settings)
        pub.publish([Parsed("t", 0, copy)])
        pub.close()
        got = wait_for(
            lambda: fetch_docs(settings, [copy.id]).get(copy.id),
            120,
            "the copy indexed",
            proc=proc,
            log=log2,
        )
    finally:
        stop(proc)
    text = log2.read_text()
    restored = re.search(r"story state restored: (\d+) live stories, (\d+) copies", text)
    assert restored is not None and int(restored.group(1)) > 0
    assert int(restored.group(2)) >= len(reports)
    src = got["_source"]
    assert src["duplicate_of"] == first.id
    assert src["story_id"] == docs[first.id]["_source"]["story_id"]
