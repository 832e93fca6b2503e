"""The wire contract's promises, case by case: each reproduced crash, each limit, each field rule."""

from __future__ import annotations

import io
import json
import random
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kafka.errors import MessageSizeTooLargeError

from pipeline.agentkit import decode_articles
from pipeline.bench.hostile_cases import CASES, atom, newsml, ninjs, pathological_body, rss
from pipeline.dlq import MAX_PAYLOAD_BYTES, DeadLetter
from pipeline.errors import PermanentError
from pipeline.feeds.http import openapi_spec, wire_article_schema
from pipeline.feeds.parse import (
    INTERNAL_FIELDS,
    _strip_tags,
    _strip_tags_loop,
    article_from_bytes,
    article_from_mapping,
    encode_wire,
    guarded,
    html_to_text,
    looks_like_markup,
    wire_bytes,
    wire_schema,
)
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import SNIFF_BYTES, Parsed, Rejected, _read_stream, read_bytes
from pipeline.record import Article
from pipeline.settings import Settings

LIMIT = 500_000


def items(raw: bytes, fmt: str) -> list[Parsed | Rejected]:
    return list(read_bytes("t", raw, LIMIT, fmt))


def only_rejection(raw: bytes, fmt: str) -> Rejected:
    (item,) = items(raw, fmt)
    assert isinstance(item, Rejected), item
    return item


# ----------------------------------------------------------- markup
def test_pathological_markup_is_text_not_a_tag() -> None:
    body = pathological_body(400_000)
    a = article_from_mapping({"id": "p", "body": body}, max_bytes=LIMIT)
    assert a.body == body  # no ">" anywhere: nothing is a tag
    assert not looks_like_markup(body)


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        # no ">" after it: text, as a browser shows it
        ("<p>Quay <b>reopened</b></p><![bogus[ on Monday", "Quay reopened\n\n<![bogus[ on Monday"),
        ("<p>Quay</p><![bogus[ x ]>on Monday", "Quay\n\non Monday"),
        ("a<!-- hidden -->b", "ab"),
        ("a<!-- never closed > b", "a b"),
        ("x < y and y > z", "x < y and y > z"),
        ("<script>alert(1)</script>Text", "Text"),
        ("Text<style>p{}", "Text"),
        ("<P>One</P><DIV>Two</DIV>", "One\n\nTwo"),
        ("AT&amp;T &lt;b&gt;", "AT&T <b>"),
        ("1 <a href='x'>link</a> 2", "1 link 2"),
        ("<![CDATA[x]]>y", "y"),
    ],
)
def test_markup_is_stripped_like_a_browser_would(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


PIECES = ["<p>", "</p>", "<b >", "<a href='x>y'>", "<", ">", "</", "<!x>", "<?x?>", "x", " ", "\n"]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_fast_tag_removal_agrees_with_the_scan(text: str) -> None:
    last_gt = text.rfind(">")
    expected = _strip_tags_loop(text, last_gt) if last_gt >= 0 else (False, text)
    assert _strip_tags(text) == expected


def test_markup_bogus_section_no_longer_crashes() -> None:
    raw = json.dumps({"body": "<p>Quay reopened.</p><![bogus[ and more"}).encode()
    assert article_from_bytes(raw, max_bytes=LIMIT).body == "Quay reopened.\n\n<![bogus[ and more"


# ------------------------------------------------------------ sizes
@pytest.mark.parametrize(
    ("field", "size", "fragment"),
    [
        ("title", 16_001, "title: 16001 characters exceeds the limit of 16000"),
        ("published", 65, "published: 65 characters exceeds the limit of 64"),
        ("source", 201, "source: 201 characters exceeds the limit of 200"),
        ("url", 4001, "url: 4001 characters exceeds the limit of 4000"),
        ("byline", 501, "byline: 501 characters"),
        ("located", 201, "located: 201 characters"),
        ("id", 513, "id: 513 characters"),
        ("language", 17, "language: 17 characters"),
    ],
)
def test_every_field_is_size_checked_before_it_is_parsed(
    field: str, size: int, fragment: str
) -> None:
    with pytest.raises(PermanentError) as info:
        article_from_mapping({"body": "Quay.", field: "9" * size}, max_bytes=LIMIT)
    assert info.value.code == "too_large" and fragment in info.value.reason


def test_a_sender_dateline_of_a_megabyte_is_dropped_unread() -> None:
    a = article_from_mapping({"body": "Quay.", "dateline": "D" * 1_000_000}, max_bytes=2_000_000)
    assert a.dateline is None


def test_subjects_are_bounded_in_number_and_length() -> None:
    with pytest.raises(PermanentError, match="subjects: 101 items"):
        article_from_mapping({"body": "Q.", "subjects": ["s"] * 101}, max_bytes=LIMIT)
    with pytest.raises(PermanentError, match=r"subjects\[\]: 201 characters"):
        article_from_mapping({"body": "Q.", "subjects": ["s" * 201]}, max_bytes=LIMIT)


def test_size_is_checked_after_escaping() -> None:
    a = article_from_mapping({"id": "amp", "body": "&" * 499_000}, max_bytes=LIMIT)
    assert a.body == "&" * 499_000  # accepted as read...
    with pytest.raises(PermanentError) as info:  # ...but its wire form is five times larger
        encode_wire(a, max_bytes=LIMIT)
    assert info.value.code == "too_large" and "once escaped" in info.value.reason
    small = article_from_mapping({"id": "s", "body": "AT&amp;T " * 1000}, max_bytes=LIMIT)
    with pytest.raises(PermanentError, match="broker's message limit"):
        encode_wire(small, max_bytes=LIMIT, max_message_bytes=8_000)
    assert encode_wire(small, max_bytes=LIMIT) == wire_bytes(small)
    # JSON writes a control character as six bytes: the raw topic's own limit holds too
    controls = article_from_mapping({"id": "c", "body": "x" + "\x01" * 100_000}, max_bytes=LIMIT)
    with pytest.raises(PermanentError, match="message: 600"):
        encode_wire(controls, max_bytes=LIMIT)


class RefusingProducer:
    """kafka-python's producer refusing a record as too large, from send() itself."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send(self, topic: str, key: bytes, value: bytes, **kw: Any) -> Any:
        if b"too-big" in key:
            raise MessageSizeTooLargeError("The message is 2000000 bytes when serialized")
        self.sent.append(key)
        return SimpleNamespace(get=lambda timeout: SimpleNamespace(topic=topic))

    def flush(self) -> None:
        pass

    def partitions_for(self, topic: str) -> set[int]:
        return {0, 1, 2, 3}


def test_message_size_too_large_from_send_is_that_items_rejection() -> None:
    config = Settings(_env_file=None, topic_prefix="t.")  # type: ignore[call-arg]
    producer = RefusingProducer()
    pub = Publisher(config, producer=producer)  # type: ignore[arg-type]
    arts = [Article(id=i, body="Quay reopened.") for i in ("ok-1", "too-big", "ok-2")]
    report = pub.publish(Parsed("t", n, a) for n, a in enumerate(arts, start=1))
    assert report.published == 2 and report.refused_ids == ["too-big"]
    (rejected,) = report.rejected
    assert rejected.code == "too_large" and rejected.line == 2 and "too-big" in rejected.reason
    assert producer.sent[:1] == [b"ok-1"] and b"ok-2" in producer.sent  # the rest went on


# ---------------------------------------------------- reproduced crashes
@pytest.mark.parametrize("version", ["²", "9" * 5000, "٣", "1.2", "0", "9" * 17])
def test_ninjs_and_newsml_versions_no_reader_expects(version: str) -> None:
    for raw, fmt in ((ninjs(version), "ninjs"), (newsml(version=version), "newsml")):
        r = only_rejection(raw, fmt)
        assert r.code == "wrong_type" and "version" in r.reason, (fmt, r)


def test_newsml_inline_xml_nested_3000_deep_is_read() -> None:
    deep = "<div>" * 3000 + "Deep text survives." + "</div>" * 3000
    (item,) = items(newsml(inline=f"<p>Top.</p>{deep}"), "newsml")
    assert isinstance(item, Parsed)
    assert item.article.body == "Top.\n\nDeep text survives."


def test_feed_dates_in_year_0000_cost_one_entry_only() -> None:
    got = items(atom("0000-01-01T00:00:00Z"), "rss")
    assert [type(i).__name__ for i in got] == ["Rejected", "Parsed"]
    assert isinstance(got[0], Rejected) and got[0].code == "bad_date"
    (one,) = items(rss("Sat, 01 Jan 0000 00:00:00 GMT"), "rss")  # unparsed by feedparser: no date
    assert isinstance(one, Parsed) and one.article.published is None


def test_an_unforeseen_exception_becomes_a_permanent_error() -> None:
    def boom() -> None:
        raise ZeroDivisionError("a bug")

    with pytest.raises(PermanentError) as info:
        guarded(boom, what="item")
    assert info.value.code == "unreadable" and "ZeroDivisionError" in info.value.reason

    def deep() -> None:
        raise RecursionError

    with pytest.raises(PermanentError, match="nested too deeply"):
        guarded(deep)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_hostile_case_gets_a_result_per_item(case: Any) -> None:
    raw = case.build(random.Random(7))
    got = items(raw, case.fmt)
    assert got and all(isinstance(i, Parsed | Rejected) for i in got)
    assert all(i.reason and i.code for i in got if isinstance(i, Rejected))
    try:
        article_from_bytes(raw, max_bytes=LIMIT)
    except PermanentError as exc:
        assert exc.reason


# ----------------------------------------------------- internal fields
def test_fields_the_pipeline_computes_are_dropped_from_senders() -> None:
    raw = json.dumps(
        {
            "id": "w-1",
            "body": "LERWICK: The quay reopened.",
            "dateline": "Atlantis",
            "enrich_notes": ["sender says"],
            "entities": [{"text": "X", "canonical": "X", "label": "PERSON", "count": 1}],
            "dates": [{"text": "x", "start": 0, "end": 1, "type": "DATE"}],
            "enriched_at": 1.0,
            "story_id": "s-forged",
            "duplicate_of": "w-0",
            "located": "Lerwick",
        }
    ).encode()
    a = article_from_bytes(raw, max_bytes=LIMIT)
    assert (a.dateline, a.enrich_notes, a.entities, a.dates) == (None, [], [], [])
    assert (a.enriched_at, a.story_id, a.duplicate_of) == (None, None, None)
    assert a.located == "Lerwick"  # the sender's place is a sender field
    assert not set(json.loads(wire_bytes(a))) & INTERNAL_FIELDS


def test_internal_fields_are_not_in_the_wire_schema() -> None:
    assert not set(wire_schema()["properties"]) & INTERNAL_FIELDS
    assert set(wire_schema()["properties"]) <= set(Article.model_fields)


def test_openapi_embeds_the_wire_schema_itself() -> None:
    spec = openapi_spec()
    assert spec["openapi"].startswith("3.1")
    component = spec["components"]["schemas"]["WireArticle"]
    assert component == wire_article_schema()
    assert component["properties"] == wire_schema()["properties"]
    assert component["required"] == wire_schema()["required"]


# ------------------------------------------------------------ the worker
def test_decode_dead_letters_whatever_one_message_raises() -> None:
    def parse(raw: bytes | None) -> Article:
        if raw == b"bug":
            raise KeyError("unexpected")
        if raw == b"bad":
            raise PermanentError("bad input", code="bad")
        return Article(id=(raw or b"").decode(), body="Quay.")

    events = [
        SimpleNamespace(message=SimpleNamespace(value=v, topic="raw", partition=0, offset=n))
        for n, v in enumerate([b"a-1", b"bug", b"bad", b"a-2"])
    ]
    good, by_id, letters = decode_articles(events, "dlq", "enrich", parse)
    assert [a.id for a in good] == ["a-1", "a-2"] and set(by_id) == {"a-1", "a-2"}
    reasons = [DeadLetter.from_bytes(value).reason for _, _, value in letters]
    assert reasons[0].startswith("unreadable (KeyError") and reasons[1] == "bad input"


def test_publisher_check_rejects_what_could_never_be_sent_without_sending() -> None:
    producer = RefusingProducer()
    pub = Publisher(Settings(_env_file=None), producer=producer)  # type: ignore[arg-type,call-arg]
    fine = Parsed("t", 1, Article(id="fine", body="Quay reopened."))
    amp = Parsed(
        "t", 2, article_from_mapping({"id": "amp", "body": "&" * 499_000}, max_bytes=LIMIT)
    )
    assert pub.check(fine) is fine
    refused = pub.check(amp)
    assert isinstance(refused, Rejected) and refused.code == "too_large" and refused.line == 2
    assert producer.sent == []


def test_an_endless_json_line_is_refused_without_being_held_whole() -> None:
    endless = b'{"body": "' + b"x" * 3_000_000 + b'"}\n'
    after = b'{"id": "after", "body": "Ferries ran again."}\n'
    stream = io.BytesIO(b'{"id": "first", "body": "Quay reopened."}\n' + endless + after)
    got = list(_read_stream("stdin", stream, LIMIT, "auto"))
    assert [type(i).__name__ for i in got] == ["Parsed", "Rejected", "Parsed"]
    assert isinstance(got[1], Rejected) and got[1].code == "too_large" and got[1].line == 2
    # cut where a dead letter stops keeping bytes (plus the sniffed head), far short of
    # the 3 MB line
    assert len(got[1].payload) <= max(LIMIT + 64_000, MAX_PAYLOAD_BYTES) + 1 + SNIFF_BYTES
    assert isinstance(got[2], Parsed) and got[2].article.id == "after"
