"""Agency formats: detection, ninjs 1.x/2.x/3.x, NewsML-G2, RSS/Atom, and their bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from pipeline.errors import PermanentError
from pipeline.feeds.feedsafe import read_feed
from pipeline.feeds.formats import (
    detect_format,
    is_withdrawn,
    ninjs_to_article,
    parse_json_document,
    parse_newsml,
)
from pipeline.feeds.readers import Parsed, Rejected, read_bytes, read_inputs
from pipeline.feeds.watch import is_temporary
from pipeline.record import Article, stable_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
LIMIT = 500_000


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def one(name: str, fmt: str = "auto") -> Parsed | Rejected:
    (item,) = list(read_bytes(name, fixture(name), LIMIT, fmt))
    return item


def ninjs(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "uri": "urn:test:item-1",
        "version": "1",
        "headline": "Quay repairs finish early",
        "body_text": "LERWICK, May 19 - Repairs to the north quay finished a week early.",
    }
    base.update(kw)
    return base


# ------------------------------------------------------------------ detection
@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("ninjs-1.4.json", "ninjs"),
        ("ninjs-2.1.json", "ninjs"),
        ("ninjs-3.0.json", "ninjs"),
        ("ninjs-duplicate-guids.json", "ninjs"),
        ("ninjs-malformed.json", "ninjs"),
        ("newsml-item.xml", "newsml"),
        ("newsml-message.xml", "newsml"),
        ("newsml-entity-bomb.xml", "newsml"),
        ("feed-rss.xml", "rss"),
        ("feed-atom.atom", "rss"),
        ("page.html", "newsml"),  # the NewsML reader then says it is HTML
    ],
)
def test_detect_format_from_content(name: str, fmt: str) -> None:
    assert detect_format(fixture(name)[:65536], name=name) == fmt


def test_detect_json_lines_wire_and_text() -> None:
    wire = json.dumps({"title": "t", "body": "b"}).encode() + b"\n"
    assert detect_format(wire * 3) == "jsonl"
    assert detect_format(json.dumps(ninjs()).encode() + b"\n") == "jsonl"  # NDJSON of ninjs
    assert detect_format(json.dumps([ninjs()]).encode()) == "ninjs"
    assert detect_format(b"date 2025-05-19\nHeadline\n\nPARIS: copy.") == "text"
    # a JSON Lines file whose first line is broken stays JSON Lines (one rejection per line)
    assert detect_format(b"{broken\n" + wire, name="feed.jsonl") == "jsonl"
    assert detect_format(b"not json at all\n" + wire, name="feed.jsonl") == "jsonl"
    assert detect_format(b"plain words", content_type="application/x-ndjson") == "jsonl"
    assert detect_format(b"\xef\xbb\xbf  <rss version='2.0'></rss>") == "rss"


# ---------------------------------------------------------------------- ninjs
def test_ninjs_1x_fields() -> None:
    item = one("ninjs-1.4.json")
    assert isinstance(item, Parsed)
    a = item.article
    assert a.id == "urn:larkspur.test:2025:ferry-strike-bergen"
    assert a.version == 2
    assert a.title == "Ferry crews in western Norway stop work over rota changes"
    assert a.body.startswith("BERGEN, May 20 (Larkspur Wire) - Crews on three")
    assert "\n\nThe operator said" in a.body and "<b>" not in a.body
    assert a.published is not None and a.published.isoformat() == "2025-05-20T06:10:00+00:00"
    assert a.updated is not None and a.updated.isoformat() == "2025-05-20T07:45:00+02:00"
    assert (a.source, a.language, a.located) == ("Larkspur Wire", "en", "Bergen")
    assert isinstance(a, Article)
    assert a.byline == "Ingrid Solvang"
    assert a.subjects == ["labour dispute", "maritime transport"]
    assert not is_withdrawn(a)


def test_ninjs_2x_headlines_and_bodies_pick_main() -> None:
    item = one("ninjs-2.1.json")
    assert isinstance(item, Parsed)
    a = item.article
    assert a.title == "Late frost strikes apple orchards along the Welsh border"
    assert a.body.startswith("HEREFORD, May 21") and "\n\nOne cooperative" in a.body
    assert (a.version, a.language, a.located) == (1, "en-GB", "Hereford")
    assert isinstance(a, Article) and a.byline == "Tomas Reyes"


def test_ninjs_3x_camel_case() -> None:
    item = one("ninjs-3.0.json")
    assert isinstance(item, Parsed)
    a = item.article
    assert (a.id, a.version, a.source) == (
        "tag:fjordline.test,2025:harbour-crane",
        4,
        "Fjordline Press",
    )
    assert a.updated is not None and a.updated.isoformat() == "2025-05-22T13:30:00+02:00"
    assert a.published is not None and a.published.isoformat() == "2025-05-22T11:00:00+02:00"
    assert a.body == (
        "STAVANGER, May 22 (Fjordline Press) - A 90-metre crane reached the port on a barge "
        "on Thursday, two weeks later than planned.\n\nPort officials said it would be "
        "working by July."
    )


def test_ninjs_kill_notice_is_a_withdrawal_of_the_same_id() -> None:
    original = one("ninjs-1.4.json")
    kill = one("ninjs-canceled.json")
    assert isinstance(original, Parsed) and isinstance(kill, Parsed)
    assert kill.article.id == original.article.id
    assert kill.article.version == 3 > original.article.version
    assert is_withdrawn(kill.article)
    assert kill.article.body.startswith("Withdrawn by the publisher.")
    assert "called off" in kill.article.body  # the ednote says why
    wire = orjson.loads(kill.article.to_json())
    assert wire["status"] == "withdrawn" and wire["id"] == original.article.id
    # stages that do not know the field yet still read the record
    assert Article.from_json(kill.article.to_json()).id == original.article.id


def test_wire_withdrawal_needs_only_id_and_version() -> None:
    lines = [
        {"id": "wire-9", "status": "withdrawn", "version": 4},
        {"status": "withdrawn", "body": "no id"},
        {"id": "wire-10", "status": "published", "body": "Other statuses mean nothing."},
    ]
    raw = b"\n".join(orjson.dumps(o) for o in lines)
    kill, no_id, other = list(read_bytes("k.jsonl", raw, LIMIT))
    assert isinstance(kill, Parsed) and is_withdrawn(kill.article)
    assert (kill.article.id, kill.article.version) == ("wire-9", 4)
    assert orjson.loads(kill.article.to_json())["status"] == "withdrawn"
    assert isinstance(no_id, Rejected) and "withdrawal names the article" in no_id.reason
    assert isinstance(other, Parsed) and not is_withdrawn(other.article)


def test_withheld_is_also_a_withdrawal_and_drops_the_text() -> None:
    a = ninjs_to_article(ninjs(pubstatus="withheld"), max_bytes=LIMIT)
    assert is_withdrawn(a)
    assert a.body == "Withdrawn by the publisher." and "quay" not in a.body.lower()
    assert a.title == "Quay repairs finish early"  # editors still see what was withdrawn


def test_ninjs_without_body_is_rejected() -> None:
    item = one("ninjs-no-body.json")
    assert isinstance(item, Rejected)
    assert item.code == "empty_body"
    assert "no body" in item.reason and "usable" in item.reason


def test_malformed_ninjs_is_one_rejection_for_the_document() -> None:
    items = list(read_bytes("x.json", fixture("ninjs-malformed.json"), LIMIT))
    assert len(items) == 1
    assert isinstance(items[0], Rejected) and items[0].code == "bad_json"
    assert items[0].reason.startswith("malformed JSON")


@pytest.mark.parametrize(
    ("obj", "code", "fragment"),
    [
        (ninjs(uri=None), "missing_field", "uri missing"),
        (ninjs(version="1.2"), "wrong_type", "version"),
        (ninjs(version="0"), "wrong_type", "version"),
        (ninjs(pubstatus="draft"), "invalid", "pubstatus"),
        (ninjs(versioncreated="last Tuesday"), "bad_date", "not an ISO 8601"),
        (ninjs(headlines="not an array", headline=None), "wrong_type", "headlines"),
        (ninjs(body_text="x" * (LIMIT + 1)), "too_large", str(LIMIT)),
        ([1, 2], "wrong_type", "expected a JSON object"),
    ],
)
def test_bad_ninjs_has_reason(obj: object, code: str, fragment: str) -> None:
    with pytest.raises(PermanentError) as info:
        ninjs_to_article(obj, max_bytes=LIMIT)
    assert info.value.code == code
    assert fragment in info.value.reason


def test_duplicate_guids_keep_their_versions_in_order() -> None:
    results = parse_json_document(
        fixture("ninjs-duplicate-guids.json"), max_bytes=LIMIT, strict_ninjs=True
    )
    arts = [r.article for r in results]
    assert all(a is not None for a in arts)
    assert [a.id for a in arts if a] == ["urn:larkspur.test:2025:bridge-vote"] * 2
    assert [a.version for a in arts if a] == [2, 1]  # the index keeps 2, whatever the order
    assert arts[0] is not None and arts[1] is not None and arts[0].body != arts[1].body


def test_json_batch_mixes_wire_and_ninjs_unless_ninjs_is_forced() -> None:
    doc = json.dumps([{"id": "w1", "body": "A wire article."}, ninjs()]).encode()
    items = list(read_bytes("batch.json", doc, LIMIT))
    assert [type(i).__name__ for i in items] == ["Parsed", "Parsed"]
    assert [i.line for i in items] == [1, 2]
    forced = list(read_bytes("batch.json", doc, LIMIT, "ninjs"))
    assert isinstance(forced[0], Rejected) and "uri missing" in forced[0].reason
    assert isinstance(forced[1], Parsed)


def test_ninjs_lines_in_json_lines() -> None:
    raw = (json.dumps(ninjs()) + "\n" + json.dumps({"body": "wire"}) + "\n").encode()
    items = list(read_bytes("mixed.jsonl", raw, LIMIT))
    assert [(i.line, i.article.id[:4]) for i in items if isinstance(i, Parsed)] == [
        (1, "urn:"),
        (2, "c-" + stable_id(None, "", "wire")[2:4]),
    ]
    forced = list(read_bytes("n.json", raw, LIMIT, "ninjs"))  # NDJSON read as ninjs, strictly
    assert isinstance(forced[0], Parsed) and isinstance(forced[1], Rejected)
    assert forced[1].line == 2 and forced[1].payload == b'{"body": "wire"}'


# ------------------------------------------------------------------ NewsML-G2
def test_newsml_item_fields_and_xhtml_body() -> None:
    item = one("newsml-item.xml")
    assert isinstance(item, Parsed)
    a = item.article
    assert a.id == "urn:newsml:fjordline.test:20250519:lighthouse-keepers"
    assert a.version == 2
    assert a.title == "Island lighthouse to be staffed again for summer visitors"
    assert a.body.startswith("ALESUND, May 19 (Fjordline Press) - A lighthouse")
    assert "\n\nMore than 200 people applied" in a.body
    assert "Lighthouse keepers" not in a.body  # the XHTML <head><title> is not text
    assert (a.language, a.source, a.located) == ("en-GB", "Fjordline Press", "Ålesund")
    assert a.published is not None and a.published.isoformat() == "2025-05-19T10:00:00+02:00"
    assert a.updated is not None and a.updated.isoformat() == "2025-05-19T12:30:00+02:00"
    assert isinstance(a, Article)
    assert a.byline == "By Marit Haugen" and a.subjects == ["tourism"]


def test_newsml_canceled_withdraws_the_item() -> None:
    item = one("newsml-canceled.xml")
    assert isinstance(item, Parsed)
    assert item.article.id == "urn:newsml:fjordline.test:20250519:lighthouse-keepers"
    assert item.article.version == 3 and is_withdrawn(item.article)
    assert "not confirmed the shifts" in item.article.body


def test_newsml_message_batch_positions_and_refused_picture() -> None:
    items = list(read_bytes("m.xml", fixture("newsml-message.xml"), LIMIT))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Parsed", 1),
        ("Parsed", 2),
        ("Rejected", 3),
    ]
    v1, v2, picture = items
    assert isinstance(v1, Parsed) and isinstance(v2, Parsed) and isinstance(picture, Rejected)
    assert v1.article.id == v2.article.id and (v1.article.version, v2.article.version) == (1, 2)
    assert v2.article.title.startswith("Coastal regatta starts")
    assert "ninat:picture" in picture.reason
    assert b"regatta-photo" in picture.payload  # the dead letter keeps that item's own XML


def test_unknown_newsml_namespace_is_rejected_clearly() -> None:
    item = one("newsml-unknown-namespace.xml")
    assert isinstance(item, Rejected)
    assert item.code == "unsupported_version"
    assert "http://iptc.org/std/nar/2031-01-01/" in item.reason
    assert "http://iptc.org/std/nar/2006-10-01/" in item.reason


def test_newsml_standard_version_3_is_rejected() -> None:
    raw = fixture("newsml-item.xml").replace(b'standardversion="2.33"', b'standardversion="3.0"')
    (r,) = parse_newsml(raw, max_bytes=LIMIT)
    assert r.error is not None and r.error.code == "unsupported_version"
    assert "3.0" in r.error.reason


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        (fixture("newsml-malformed.xml"), "bad_xml", "malformed XML"),
        (fixture("newsml-entity-bomb.xml"), "unsafe_xml", "DTD"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g">&e;</newsItem>',
            "unsafe_xml",
            "refused",
        ),
        (fixture("page.html"), "wrong_format", "HTML"),
        (b"<NewsML Version='1.2'><NewsItem/></NewsML>", "wrong_format", "<NewsML>"),
        (
            b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" version="1">'
            b"<itemMeta/></newsItem>",
            "missing_field",
            "guid",
        ),
        (
            fixture("newsml-item.xml")
            .replace(b"<inlineXML", b"<!-- x --><unused")
            .replace(b"</inlineXML>", b"</unused>"),
            "empty_body",
            "no text in contentSet",
        ),
    ],
)
def test_bad_newsml_has_reason(raw: bytes, code: str, fragment: str) -> None:
    (item,) = list(read_bytes("x.xml", raw, LIMIT, "newsml"))
    assert isinstance(item, Rejected)
    assert item.code == code, item.reason
    assert fragment in item.reason


# ------------------------------------------------------------------- RSS/Atom
def test_rss_entries_and_the_entry_without_text() -> None:
    entries = read_feed(
        fixture("feed-rss.xml"), url="https://larkspur.test/rss", max_article_bytes=LIMIT
    )
    assert [e.key for e in entries] == [
        "larkspur-nordic-0001",
        "larkspur-nordic-0002",
        "larkspur-nordic-0003",
    ]
    first = entries[0].result.article
    assert first is not None
    assert first.id == stable_id("https://larkspur.test/nordic/reindeer-trains", "", "")
    assert first.url == "https://larkspur.test/nordic/reindeer-trains"
    assert first.body.startswith("ALTA, May 19 (Larkspur Wire) - Herders asked")
    assert (
        first.published is not None and first.published.isoformat() == "2025-05-19T07:00:00+00:00"
    )
    assert (first.source, first.language) == ("Larkspur Wire - Nordic desk", "en")
    assert isinstance(first, Article) and first.byline == "Aslak Eira"
    last = entries[2].result
    assert last.article is None and last.error is not None
    assert last.error.code == "empty_body"


def test_atom_content_is_text() -> None:
    items = list(read_bytes("f.atom", fixture("feed-atom.atom"), LIMIT))
    assert all(isinstance(i, Parsed) for i in items)
    a = items[0].article  # type: ignore[union-attr]
    assert a.body == (
        "FJAERLAND, May 21 (Fjordline Press) - The footpath to the glacier reopened on "
        "Wednesday after geologists finished a survey of the slope above it."
    )
    assert a.updated is not None and a.updated.isoformat() == "2025-05-21T10:00:00+00:00"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (fixture("page.html"), "HTML page"),
        (b"<html><body>hello</body></html>", "HTML page"),
        (fixture("newsml-item.xml"), "not an RSS or Atom feed (root <newsItem>)"),
        (b"just some words", "not an RSS or Atom feed (root not XML)"),
    ],
)
def test_not_a_feed(raw: bytes, fragment: str) -> None:
    with pytest.raises(PermanentError) as info:
        read_feed(raw, url="https://feeds.example.test/x", max_article_bytes=LIMIT)
    assert fragment in info.value.reason


# -------------------------------------------------------------------- readers
def test_read_inputs_walks_every_format_and_keeps_old_behaviour(tmp_path: Path) -> None:
    for name in ("ninjs-2.1.json", "newsml-item.xml", "feed-atom.atom"):
        (tmp_path / name).write_bytes(fixture(name))
    (tmp_path / "wire.jsonl").write_text(json.dumps({"id": "w1", "body": "First."}) + "\n{broken\n")
    (tmp_path / "copy.txt").write_text("date 2025-05-19\nHeadline\n\nPARIS: Text of the copy.")
    items = list(read_inputs([str(tmp_path)], LIMIT))
    parsed = sorted(Path(i.file).name for i in items if isinstance(i, Parsed))
    rejected = [(Path(i.file).name, i.line, i.code) for i in items if isinstance(i, Rejected)]
    assert parsed == [
        "copy.txt",
        "feed-atom.atom",
        "feed-atom.atom",
        "newsml-item.xml",
        "ninjs-2.1.json",
        "wire.jsonl",
    ]
    assert rejected == [("wire.jsonl", 2, "bad_json")]


def test_format_override(tmp_path: Path) -> None:
    f = tmp_path / "odd.dat"
    f.write_bytes(b'{"body": "looks like JSON"}')
    (as_text,) = list(read_inputs([str(f)], LIMIT, fmt="text"))
    assert isinstance(as_text, Parsed) and as_text.article.body == '{"body": "looks like JSON"}'
    (as_newsml,) = list(read_inputs([str(f)], LIMIT, fmt="newsml"))
    assert isinstance(as_newsml, Rejected) and as_newsml.code == "bad_xml"
    with pytest.raises(ValueError, match="unknown format"):
        list(read_inputs([str(f)], LIMIT, fmt="yaml"))


def test_large_json_lines_stream_across_the_sniff_boundary(tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    line = json.dumps({"body": "x" * 1000}) + "\n"
    f.write_text(line * 200)  # 200 KB: the first 64 KiB sniff ends mid-line
    items = list(read_inputs([str(f)], LIMIT))
    assert len(items) == 200 and all(isinstance(i, Parsed) for i in items)


@pytest.mark.parametrize(
    ("name", "temporary"),
    [
        ("story.xml", False),
        ("story.xml.part", True),
        (".story.xml", True),
        ("story.tmp", True),
        ("~story.xml", True),
        ("story.xml~", True),
        ("story.xml.crdownload", True),
        ("#story.xml#", True),
        ("story.xml.reason", True),
    ],
)
def test_drop_folder_ignores_files_being_written(name: str, temporary: bool) -> None:
    assert is_temporary(name) is temporary


def _one_item_rss(pub_date: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Southern Wire</title>'
        "<item><title>Dock strike</title><link>https://southern.test/1</link>"
        "<description>MELBOURNE, Oct 10 (Southern Wire) - Dock workers walked off the job "
        f"on Monday.</description><pubDate>{pub_date}</pubDate></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("pub_date", "published"),
    [
        # the feed's own offset is kept: Monday morning in Melbourne stays Monday
        ("Mon, 10 Oct 2016 09:30:00 +1100", "2016-10-10T09:30:00+11:00"),
        ("Sun, 09 Oct 2016 17:30:00 EST", "2016-10-09T17:30:00-05:00"),
        ("2016-10-10T09:30:00.250+11:00", "2016-10-10T09:30:00+11:00"),
        # without an offset, feedparser's reading in UTC stands
        ("Mon, 10 Oct 2016 09:30:00 GMT", "2016-10-10T09:30:00+00:00"),
        ("10 Oct 2016", "2016-10-10T00:00:00+00:00"),
    ],
)
def test_rss_time_keeps_the_feeds_own_offset(pub_date: str, published: str) -> None:
    (entry,) = read_feed(
        _one_item_rss(pub_date), url="https://southern.test/rss", max_article_bytes=LIMIT
    )
    article = entry.result.article
    assert article is not None and article.published is not None
    assert article.published.isoformat() == published
