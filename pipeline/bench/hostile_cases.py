"""Hostile inputs, by class: what an attacker or a careless partner sends.

Each builder returns one document as bytes and says how it must go in
(``fmt`` for the readers). Shared by ``pipeline bench hostile``, which measures
the README's Reliability rows, and by the fuzz suite and the end-to-end tests.
Pure builders with no test dependency, so the bench can ship in the package.
Every text here is written for this project.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

NAR = "http://iptc.org/std/nar/2006-10-01/"


@dataclass(frozen=True)
class Hostile:
    kind: str  # the README row it counts under
    name: str
    fmt: str  # readers' format: jsonl, ninjs, newsml, rss, text, auto
    build: Callable[[random.Random], bytes]


def wire(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def _size(rng: random.Random, low: int = 50_000, high: int = 400_000) -> int:
    return rng.randint(low, high)


def ninjs(version: object, body: str = "Quay reopened after the storm.") -> bytes:
    return json.dumps(
        {
            "uri": "urn:hostile.test:ninjs:1",
            "version": version,
            "headline": "Quay reopens",
            "body_text": body,
        }
    ).encode()


def newsml(version: str = "1", inline: str = "<p>Quay reopened after the storm.</p>") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="{NAR}" guid="urn:hostile.test:newsml:1" version="{version}" standard="NewsML-G2"
  standardversion="2.29">
  <itemMeta><itemClass qcode="ninat:text"/><provider literal="Hostile Wire"/>
    <versionCreated>2025-05-19T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><headline>Quay reopens</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml">
    <html xmlns="http://www.w3.org/1999/xhtml"><body>{inline}</body></html>
  </inlineXML></contentSet>
</newsItem>""".encode()


def atom(updated: str, summary: str = "Quay reopened after the storm.") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile Wire</title>
  <id>urn:hostile.test:feed</id><updated>2025-05-19T10:00:00Z</updated>
  <entry><title>Quay reopens</title><id>urn:hostile.test:entry:1</id>
    <link href="https://hostile.test/quay"/>
    <updated>{updated}</updated><published>{updated}</published>
    <summary>{summary}</summary></entry>
  <entry><title>Ferries run</title><id>urn:hostile.test:entry:2</id>
    <link href="https://hostile.test/ferries"/>
    <updated>2025-05-19T11:00:00Z</updated><summary>Ferries ran again.</summary></entry>
</feed>""".encode()


def rss(pub_date: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile Wire</title>
<link>https://hostile.test/</link><description>x</description>
<item><title>Quay reopens</title><link>https://hostile.test/q</link>
<pubDate>{pub_date}</pubDate><description>Quay reopened.</description></item>
</channel></rss>""".encode()


def _nested(depth: int) -> str:
    return "<div>" * depth + "Deep text." + "</div>" * depth


CASES: list[Hostile] = [
    # --- markup that a backtracking regex or HTMLParser chokes on
    Hostile(
        "markup", "body <a<a<a... no '>'", "jsonl", lambda r: wire(body="<a" * (_size(r) // 2))
    ),
    Hostile(
        "markup",
        "body <a<a<a... then one '>'",
        "jsonl",
        lambda r: wire(body="<a" * (_size(r) // 2) + ">x"),
    ),
    Hostile(
        "markup",
        "title <a<a<a... 16 kB",
        "jsonl",
        lambda r: wire(title="<a" * 8000, body="Quay reopened."),
    ),
    Hostile(
        "markup",
        "markup plus <![bogus[",
        "jsonl",
        lambda r: wire(body="<p>Quay <b>reopened</b></p><![bogus[" * r.randint(1, 5000)),
    ),
    Hostile(
        "markup",
        "unclosed comments <!--<!--",
        "jsonl",
        lambda r: wire(body="-->" + "<!--" * (_size(r) // 4) + ">"),
    ),
    Hostile(
        "markup",
        "100k real tags",
        "jsonl",
        lambda r: wire(body="<p>x</p>" * (_size(r) // 8)),
    ),
    Hostile(
        "markup",
        "body '<a ' repeated: a token per sign",
        "jsonl",
        lambda r: wire(body="<a " * (_size(r) // 3)),
    ),
    Hostile(
        "markup",
        "script never closed",
        "jsonl",
        lambda r: wire(body="Quay reopened.<script>" + "x" * _size(r)),
    ),
    # --- size: fields other than body, and growth by escaping
    Hostile("size", "title 1 MB", "jsonl", lambda r: wire(title="T" * 1_000_000, body="Quay.")),
    Hostile("size", "dateline 1 MB", "jsonl", lambda r: wire(dateline="D" * 1_000_000, body="Q.")),
    Hostile(
        "size", "published 1 MB", "jsonl", lambda r: wire(published="2" * 1_000_000, body="Q.")
    ),
    Hostile("size", "source 1 MB", "jsonl", lambda r: wire(source="S" * 1_000_000, body="Q.")),
    Hostile(
        "size",
        "url 1 MB",
        "jsonl",
        lambda r: wire(url="https://x.test/" + "u" * 999_000, body="Q."),
    ),
    Hostile(
        "size",
        "100k subjects",
        "jsonl",
        lambda r: wire(subjects=["s"] * 100_000, body="Quay reopened."),
    ),
    Hostile("size", "body 499 kB of &", "jsonl", lambda r: wire(body="&" * 499_000)),
    Hostile("size", "body 499 kB of <", "jsonl", lambda r: wire(body="<b>&lt;" + "<" * 498_000)),
    # --- numbers and dates no reader expects
    Hostile("numbers", "ninjs version ²", "ninjs", lambda r: ninjs("²")),
    Hostile("numbers", "ninjs version 5,000 digits", "ninjs", lambda r: ninjs("9" * 5000)),
    Hostile("numbers", "NewsML version ²", "newsml", lambda r: newsml(version="²")),
    Hostile("numbers", "NewsML version 5,000 digits", "newsml", lambda r: newsml("7" * 5000)),
    Hostile(
        "numbers",
        "wire version 5,000 digits",
        "jsonl",
        lambda r: b'{"body": "Q.", "version": ' + b"9" * 5000 + b"}",
    ),
    Hostile("numbers", "Atom date in year 0000", "rss", lambda r: atom("0000-01-01T00:00:00Z")),
    Hostile(
        "numbers", "RSS date in year 0000", "rss", lambda r: rss("Sat, 01 Jan 0000 00:00:00 GMT")
    ),
    # --- nesting
    Hostile(
        "nesting",
        "NewsML inlineXML 3,000 deep",
        "newsml",
        lambda r: newsml(inline=_nested(r.randint(1000, 3000))),
    ),
    Hostile(
        "nesting",
        "JSON nested 100,000 deep",
        "jsonl",
        lambda r: b'{"body": "Q.", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ),
    Hostile(
        "nesting",
        "ninjs bodies nested 5,000 deep",
        "ninjs",
        lambda r: b'{"uri": "u:1", "bodies": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    ),
    # --- fields only the pipeline may set
    Hostile(
        "internal fields",
        "enrich_notes, dateline, entities, story_id",
        "jsonl",
        lambda r: wire(
            body="LERWICK: The quay reopened.",
            dateline="Atlantis",
            enrich_notes=["sender note"],
            entities=[{"text": "X", "canonical": "X", "label": "PERSON", "count": 1}],
            story_id="s-forged",
            duplicate_of="forged",
        ),
    ),
    # --- random bytes in every format
    Hostile(
        "random bytes", "random bytes as JSON", "jsonl", lambda r: r.randbytes(r.randint(1, 5000))
    ),
    Hostile(
        "random bytes", "random bytes as ninjs", "ninjs", lambda r: r.randbytes(r.randint(1, 5000))
    ),
    Hostile(
        "random bytes",
        "random bytes as XML",
        "newsml",
        lambda r: b"<" + r.randbytes(r.randint(1, 5000)),
    ),
    Hostile(
        "random bytes",
        "random bytes as feed",
        "rss",
        lambda r: b"<rss>" + r.randbytes(r.randint(1, 5000)),
    ),
    Hostile(
        "random bytes", "random bytes as text", "text", lambda r: r.randbytes(r.randint(1, 5000))
    ),
    Hostile(
        "random bytes", "random bytes, detected", "auto", lambda r: r.randbytes(r.randint(1, 5000))
    ),
]


def pathological_body(size: int = 400_000) -> str:
    """The issue's reproduction: a body of ``<a`` with no ``>`` anywhere."""
    return "<a" * (size // 2)
