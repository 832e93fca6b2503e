"""Property: whatever bytes arrive, decoding either yields a valid Article or a PermanentError."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import PermanentError
from pipeline.feeds.parse import article_from_bytes, article_from_mapping, wire_bytes
from pipeline.record import Article

LIMIT = 2000
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
wire_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=20), st.integers()),
        "title": st.one_of(st.text(max_size=50), st.integers(), st.none()),
        "body": st.one_of(st.text(max_size=3000), st.integers(), st.lists(st.text())),
        "published": st.one_of(
            st.text(max_size=30),
            st.integers(),
            st.none(),
            st.datetimes().map(lambda d: d.isoformat()),
        ),
        "version": st.one_of(st.integers(), st.text(max_size=3), st.booleans()),
        "source": st.one_of(st.text(max_size=20), st.floats(allow_nan=False)),
        "language": st.one_of(st.text(max_size=5), st.none()),
    },
)


def check(raw: bytes) -> None:
    try:
        art = article_from_bytes(raw, max_bytes=LIMIT)
    except PermanentError as exc:
        assert exc.reason and exc.code
        return
    assert isinstance(art, Article) and art.body.strip() and art.id
    assert len(art.body.encode()) <= LIMIT
    assert Article.from_json(art.to_json()).id == art.id  # it round-trips on the wire


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_escape(raw: bytes) -> None:
    check(raw)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_never_escapes(value: object) -> None:
    check(json.dumps(value).encode())


@settings(max_examples=300, deadline=None)
@given(wire_objects)
def test_wire_like_objects_never_escape(obj: dict[str, object]) -> None:
    check(json.dumps(obj).encode())


# Text with the characters a second unescape would change: entities, tags,
# bare ampersands and angle brackets, odd whitespace.
WORDS = ("a", "Z", "3", "x", "#", "/", ";", "&", "<", ">", "amp", "lt", "gt", "<p>", "</b>")
PIECES = [*WORDS, "&amp;", "&lt;", "&#38;", " ", "\n", "\t", "\r", "\u00a0", "\u2028"]
markupish = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(markupish, markupish)
def test_producer_output_parses_back_to_the_same_text(title: str, body: str) -> None:
    # What the producer reads it sends on; the enrichment stage parses it again
    # and must get the very same title and body (entity offsets index that text).
    try:
        art = article_from_mapping({"id": "p-1", "title": title, "body": body}, max_bytes=LIMIT)
    except PermanentError:
        return
    again = article_from_bytes(wire_bytes(art), max_bytes=LIMIT)
    assert (again.title, again.body) == (art.title, art.body)
