"""Dead letters on the real local broker: whole bytes, every format, replayed once."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.dlq import DeadLetter
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import read_inputs
from pipeline.ops import read_dlq, read_topic, replay
from pipeline.settings import Settings
from pipeline.topics import ensure_topics
from tests.helpers import settings_env

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"

ODD_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Odd Dates</title><id>tag:odd</id>
<entry><id>tag:odd:1</id><title>Year zero</title><updated>0000-01-01T00:00:00Z</updated>
<link href="https://odd.test/1"/><summary>OSLO - A date that never was.</summary></entry>
<entry><id>tag:odd:2</id><title>Fine</title><updated>2025-05-21T10:00:00Z</updated>
<link href="https://odd.test/2"/><summary>OSLO - A date that was.</summary></entry>
</feed>
"""


def raw_ids(settings: Settings) -> list[str]:
    return [orjson.loads(v)["id"] for v in read_topic(settings, settings.raw_topic)]


def test_every_format_is_kept_whole_and_replayed_once(settings: Settings, tmp_path: Path) -> None:
    ensure_topics(settings)
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "message.xml").write_bytes((FIXTURES / "newsml-message.xml").read_bytes())
    (inbox / "odd.atom").write_bytes(ODD_FEED)
    (inbox / "short.txt").write_text("date 2025-05-19\n")
    big_body = "Delegates met in Vienna and talked late into the night. " * 7_000  # ~400 kB
    big = {"id": "big-1", "title": "Long read", "body": big_body}
    (inbox / "big.jsonl").write_bytes(json.dumps(big).encode() + b"\n")
    pub = Publisher(settings)
    # the reading side is too strict on size (1,000 bytes): the big article is refused
    report = pub.publish(read_inputs([str(inbox)], 1_000))
    pub.close()
    assert report.failed == []

    view = read_dlq(settings)
    by_file = {Path(d.file or "").name: d for d in view.letters}
    assert set(by_file) == {"message.xml", "odd.atom", "short.txt", "big.jsonl"}
    newsml = by_file["message.xml"]
    assert newsml.format == "newsml" and newsml.line == 3
    assert b"regatta-photo" in newsml.payload and b"ns0:" not in newsml.payload
    assert b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">' in newsml.payload
    assert newsml.payload.count(b"<newsItem") == 1
    odd = by_file["odd.atom"]
    assert odd.format == "rss" and b"Year zero" in odd.payload and b"tag:odd:2" not in odd.payload
    assert by_file["short.txt"].format == "text"
    large = by_file["big.jsonl"]
    assert large.format == "jsonl" and large.replayable and not large.payload_truncated
    assert orjson.loads(large.payload)["body"] == big_body  # 400 kB, whole
    assert len(view.pending) == 4

    # the fix: today's default limit. Every waiting letter is re-read with its reader.
    first = replay(settings, set())
    assert sorted(first.replayed) == sorted(d.id for d in view.letters)
    assert (first.published, first.refailed) == (1, 3)
    after = read_dlq(settings)
    assert set(after.markers) == {d.id for d in view.letters}
    waiting = after.pending
    assert len(waiting) == 3  # the three that still fail, each once
    assert {d.replay_of for d in waiting} == {newsml.id, odd.id, by_file["short.txt"].id}
    assert all(d.id not in {x.id for x in view.letters} for d in waiting)

    # replaying again: the replayed letters are skipped; the re-failed ones go once more
    # and fail once more, and the queue does not grow
    again = replay(settings, {large.id})
    assert again.replayed == [] and "already replayed" in again.skipped[0][1]
    second = replay(settings, set())
    assert len(second.replayed) == 3 and second.refailed == 3
    assert len(read_dlq(settings).pending) == 3
    assert raw_ids(settings).count("big-1") == 1


def test_a_worker_letter_of_a_replayed_message_carries_the_original_id(
    settings: Settings,
) -> None:
    """Replay records where the bytes went; the worker's letter for that message is
    linked to the letter it came from (no worker needed: its letter is built here
    as the worker builds it)."""
    ensure_topics(settings)
    pub = Publisher(settings)
    first = DeadLetter.build(
        b'{"title": "cut', "bad JSON", "bad_json", "enrich", **_origin(settings, 0, 7)
    )
    pub.send_dead_letter(first).get(timeout=30)
    pub.close()
    report = replay(settings, set())
    assert report.replayed == [first.id] and report.published == 1
    [marker] = read_dlq(settings).markers.values()
    [(topic, partition, offset)] = marker.sent_to
    assert topic == settings.raw_topic
    pub = Publisher(settings)
    refailed = DeadLetter.build(
        b'{"title": "cut', "bad JSON", "bad_json", "enrich", **_origin(settings, partition, offset)
    )
    pub.send_dead_letter(refailed).get(timeout=30)
    pub.close()
    view = read_dlq(settings)
    assert [(d.id, d.replay_of) for d in view.pending] == [(refailed.id, first.id)]
    assert replay(settings, {first.id}).replayed == []  # replayed twice, sent once


def _origin(settings: Settings, partition: int, offset: int) -> dict[str, object]:
    return {"source_topic": settings.raw_topic, "partition": partition, "offset": offset}


def test_dlq_commands_list_what_waits_and_replay_once(settings: Settings) -> None:
    ensure_topics(settings)
    pub = Publisher(settings)
    letter = DeadLetter.build(b'{"body": ', "malformed JSON", "bad_json", "enrich")
    pub.send_dead_letter(letter).get(timeout=30)
    pub.close()
    env = settings_env(settings)
    runner = CliRunner()
    listed = runner.invoke(app, ["dlq", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert letter.id in listed.output and "1 dead letters waiting" in listed.output
    first = runner.invoke(app, ["dlq", "replay"], env=env)
    assert "replayed 1 dead letters" in first.output, first.output
    again = runner.invoke(app, ["dlq", "replay", "--id", letter.id], env=env)
    assert "replayed 0 dead letters" in again.output
    assert "already replayed" in " ".join(again.output.split())
    assert "0 dead letters waiting" in runner.invoke(app, ["dlq", "list"], env=env).output
    shown = runner.invoke(app, ["dlq", "list", "--all", "--json"], env=env).output
    assert orjson.loads(shown.splitlines()[0])["replayed"] is True
    assert len(read_topic(settings, settings.raw_topic)) == 1
