"""Wire input validation: every bad input gets a precise reason, good input is normalised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.dlq import DeadLetter
from pipeline.errors import PermanentError
from pipeline.feeds.parse import (
    article_from_agency_text,
    article_from_bytes,
    article_from_mapping,
    article_from_record,
    html_to_text,
)
from pipeline.feeds.readers import Parsed, Rejected, read_inputs
from pipeline.ops import replay_payload
from pipeline.record import stable_id

LIMIT = 500_000


def good(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "Harbour cranes idle as dockers walk out",
        "body": "ROTTERDAM: Dock workers stopped work on Tuesday over a pay dispute.",
        "published": "2025-05-20T08:00:00+02:00",
        "source": "Test Wire",
        "url": "https://wire.test/docks/strike?utm_source=x",
    }
    base.update(kw)
    return base


def test_id_derived_from_canonical_url_is_stable() -> None:
    a = article_from_mapping(good(), max_bytes=LIMIT)
    b = article_from_mapping(good(url="HTTPS://WIRE.test/docks/strike/#top"), max_bytes=LIMIT)
    assert a.id == b.id and a.id.startswith("u-")


def test_id_from_content_hash_without_url() -> None:
    a = article_from_mapping(good(url=None), max_bytes=LIMIT)
    assert a.id == stable_id(None, a.title, a.body) and a.id.startswith("c-")


def test_explicit_id_wins_and_timezone_is_kept() -> None:
    a = article_from_mapping(good(id="wire-1"), max_bytes=LIMIT)
    assert a.id == "wire-1"
    assert a.published is not None and a.published.utcoffset() is not None
    assert a.published.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        (b'{"title": "x", "body": ', "bad_json", "malformed JSON"),
        (b"\xff\xfe\x00not utf8", "bad_encoding", "not UTF-8"),
        (b"", "empty", "empty message"),
        (b"[1, 2]", "wrong_type", "expected a JSON object"),
        (json.dumps({"title": "no body"}).encode(), "missing_field", "body: missing"),
        (json.dumps({"body": "   \n "}).encode(), "empty_body", "body: empty"),
        (json.dumps({"body": 42}).encode(), "wrong_type", "body: expected a string, got int"),
        (json.dumps({"body": "x", "published": 2025}).encode(), "wrong_type", "published"),
        (
            json.dumps({"body": "x", "published": "next Tuesday-ish"}).encode(),
            "bad_date",
            "published: not an ISO 8601",
        ),
        (json.dumps({"body": "x", "version": "two"}).encode(), "wrong_type", "version"),
    ],
)
def test_bad_input_has_reason(raw: bytes, code: str, fragment: str) -> None:
    with pytest.raises(PermanentError) as info:
        article_from_bytes(raw, max_bytes=LIMIT)
    assert info.value.code == code
    assert fragment in info.value.reason


def test_oversized_body_names_the_limit() -> None:
    raw = json.dumps({"body": "a" * (10 * 1024 * 1024)}).encode()
    with pytest.raises(PermanentError) as info:
        article_from_bytes(raw, max_bytes=LIMIT)
    assert info.value.code == "too_large"
    assert str(LIMIT) in info.value.reason


def test_html_is_stripped_to_text() -> None:
    a = article_from_mapping(
        good(
            body="<p>Talks <b>resumed</b> on Friday.</p><script>evil()</script>"
            "<p>Both sides &amp; observers attended.</p>"
        ),
        max_bytes=LIMIT,
    )
    assert a.body == "Talks resumed on Friday.\n\nBoth sides & observers attended."
    assert html_to_text("plain text, no tags") == "plain text, no tags"


def test_internal_record_keeps_its_body_and_offsets() -> None:
    # A publisher's body that is about markup: one unescape on the raw topic
    # gives the text the reader should see, and NER's offsets index that text.
    wired = article_from_mapping(
        good(body="<p>The memo from Geneva was marked &amp;lt;urgent&amp;gt; by Ana Ruiz.</p>"),
        max_bytes=LIMIT,
    )
    assert wired.body == "The memo from Geneva was marked &lt;urgent&gt; by Ana Ruiz."
    start = wired.body.index("Ana Ruiz")
    # Read back by a later stage, the record is the same record...
    again = article_from_record(wired.to_json())
    assert again == wired
    assert again.body[start : start + 8] == "Ana Ruiz"
    # ...whereas the wire parse would unescape it a second time, drop "<urgent>"
    # as a tag, and move the name from under its offsets.
    twice = article_from_bytes(wired.to_json(), max_bytes=LIMIT)
    assert twice.body != wired.body
    assert twice.body[start : start + 8] != "Ana Ruiz"


def test_replayed_letters_go_back_in_wire_form() -> None:
    # A record the index refused comes back through the raw topic's parse with
    # its text intact; a letter holding the bytes as they arrived is sent as is.
    wired = article_from_mapping(
        good(body="<p>Marked &amp;lt;urgent&amp;gt; at AT&amp;T.</p>"), max_bytes=LIMIT
    )
    refused = DeadLetter.build(wired.to_json(), "400", "es_rejected", "index", article_id=wired.id)
    back = article_from_bytes(replay_payload(refused), max_bytes=LIMIT)
    assert back.body == wired.body == "Marked &lt;urgent&gt; at AT&T."
    raw = b'{"title": "cut off'
    assert replay_payload(DeadLetter.build(raw, "bad", "bad_json", "enrich")) == raw


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty"),
        (b"[1, 2]", "wrong_type"),
        (b'{"id": "x", "body": "text", "entities": [{"label": "PLANET"}]}', "invalid"),
        (b'{"id": "x"}', "invalid"),
        (b"\xff", "bad_encoding"),
    ],
)
def test_bad_internal_record_has_reason(raw: bytes, code: str) -> None:
    with pytest.raises(PermanentError) as info:
        article_from_record(raw)
    assert info.value.code == code and info.value.reason


def test_agency_text_with_date_line_headline_and_dateline() -> None:
    text = (
        "date 2025-05-19\nLeaders speak by phone\n\n"
        "MOSCOW: The two presidents spoke for two hours on Monday.\n"
    )
    a = article_from_agency_text(text, max_bytes=LIMIT)
    assert a.title == "Leaders speak by phone"
    assert a.body.startswith("MOSCOW: The two presidents")
    assert a.published is not None and a.published.date().isoformat() == "2025-05-19"


def test_agency_text_on_one_line_takes_first_sentence_as_title() -> None:
    a = article_from_agency_text(
        " date 2025-05-19 MOSCOW: U.S. officials said talks would go on. More later.",
        max_bytes=LIMIT,
    )
    assert a.body.startswith("MOSCOW:")
    assert a.title == "U.S. officials said talks would go on."


def test_reader_reports_file_line_and_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_bytes(
        json.dumps(good(id="a")).encode()
        + b"\n"
        + b"{broken\n"
        + b"\n"
        + json.dumps(good(id="b")).encode()
        + b"\n"
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    items = list(read_inputs([str(tmp_path)], LIMIT))
    parsed = [i for i in items if isinstance(i, Parsed)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [p.article.id for p in parsed] == ["a", "b"]
    assert {(Path(r.file).name, r.line) for r in rejected} == {
        ("feed.jsonl", 2),
        ("empty.jsonl", None),
    }
    assert any(r.reason == "empty file" for r in rejected)


def test_non_utf8_text_file_rejected(tmp_path: Path) -> None:
    f = tmp_path / "copy.txt"
    f.write_bytes(b"date 2025-05-19\nCaf\xe9 opens\n\nPARIS: a caf\xe9 opened.")
    (item,) = list(read_inputs([str(f)], LIMIT))
    assert isinstance(item, Rejected) and "not UTF-8" in item.reason
