"""The dead-letter envelope: raw bytes after a metadata line, bounded, readable back."""

from __future__ import annotations

import base64
import os

import orjson

from pipeline.dlq import MAX_LETTER_BYTES, DeadLetter, ReplayMarker, read_message


def test_binary_payload_is_kept_whole_up_to_the_limit() -> None:
    payload = os.urandom(900_000) + b"\n\x00{not json"
    letter = DeadLetter.build(payload, "bad", "bad_json", "enrich", source_topic="t", offset=3)
    value = letter.to_bytes()
    assert len(value) <= MAX_LETTER_BYTES
    back = DeadLetter.from_bytes(value)
    assert back.payload == payload and back.replayable and not back.payload_truncated
    assert back.format == "wire" and back.id == letter.id


def test_a_payload_over_the_limit_is_cut_and_marked_unreplayable() -> None:
    payload = b"x" * (MAX_LETTER_BYTES + 10)
    letter = DeadLetter.build(payload, "too big", "too_large", "produce", file="f.jsonl", line=1)
    value = letter.to_bytes()
    assert len(value) <= MAX_LETTER_BYTES
    back = DeadLetter.from_bytes(value)
    assert back.payload_truncated and not back.replayable
    assert back.payload_bytes == len(payload) and payload.startswith(back.payload)


def test_letters_of_the_old_layout_still_read() -> None:
    old = orjson.dumps(
        {
            "id": "dlq-1",
            "reason": "r",
            "code": "c",
            "stage": "enrich",
            "payload_b64": base64.b64encode(b"abc").decode(),
        }
    )
    letter = read_message(old)
    assert isinstance(letter, DeadLetter) and letter.payload == b"abc"


def test_markers_and_replay_ids() -> None:
    marker = read_message(ReplayMarker(of="dlq-1", sent_to=[("raw", 0, 5)]).to_bytes())
    assert isinstance(marker, ReplayMarker) and marker.of == "dlq-1"
    a = DeadLetter.build(b"x", "r", "c", "produce", file="f", line=1)
    b = DeadLetter.build(b"x", "r", "c", "produce", file="f", line=1, replay_of=a.id)
    assert a.id != b.id and b.replay_of == a.id


def test_format_is_guessed_for_reader_letters() -> None:
    newsml = b'<?xml version="1.0"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"/>'
    assert DeadLetter.build(newsml, "r", "c", "produce", file="a.xml").format == "newsml"
    assert DeadLetter.build(b"<rss/>", "r", "c", "produce", file="x").format == "rss"
    assert DeadLetter.build(b'{"a": 1}', "r", "c", "produce", file="a.jsonl").format == "jsonl"
