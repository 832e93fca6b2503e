"""Large table values are written in parts, each under the producer's request limit.

A table write is a changelog record; one over Faust's ``max_request_size``
(1,000,000 bytes by default) crashes the worker's producer buffer, and the
restarted worker writes it again (measured in the thirteenth session with a
2 MB value on the local broker). The table here is a plain dict, which has the
mapping methods the adapter uses on a Faust table (``get``, item assignment,
``pop``, ``keys``).
"""

from __future__ import annotations

import logging

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import tablestore
from pipeline.tablestore import PART_BYTES, PART_MARK, JsonTableStore


def big_story(members: int) -> dict[str, object]:
    # about what a story record held per member before snapshot version 4: an id
    # and a copy's signature (any large value will do)
    return {
        "v": 3,
        "id": "s-big",
        "members": [f"agency-2026-05-{i:06d}" for i in range(members)],
        "copies": [{"id": f"agency-2026-05-{i:06d}", "sig": "Q" * 344} for i in range(members)],
    }


def test_a_small_value_is_stored_whole_as_before() -> None:
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table)
    store["s-1"] = {"v": 3, "id": "s-1", "members": ["a", "b"]}
    assert table == {b"s-1": orjson.dumps({"v": 3, "id": "s-1", "members": ["a", "b"]})}
    assert store["s-1"]["members"] == ["a", "b"]


def test_a_value_over_the_limit_is_split_and_read_back_whole() -> None:
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table)
    story = big_story(3_000)  # ~1.4 MB of JSON
    store["s-big"] = story
    assert max(len(v) for v in table.values()) <= PART_BYTES
    assert len(table) == 1 + -(-len(orjson.dumps(story)) // PART_BYTES)
    assert store["s-big"] == story
    # the parts are not values of their own
    assert list(store) == ["s-big"] and len(store) == 1


def test_a_value_that_shrinks_or_goes_leaves_no_parts_behind() -> None:
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table)
    store["s-big"] = big_story(3_000)
    store["s-big"] = big_story(1_200)  # fewer parts
    assert store["s-big"] == big_story(1_200)
    store["s-big"] = big_story(10)  # whole again
    assert list(table) == [b"s-big"]
    store["s-big"] = big_story(3_000)
    del store["s-big"]
    assert table == {}
    store["s-big"] = big_story(3_000)
    assert store.pop("s-big")["id"] == "s-big"
    assert table == {}


def test_a_torn_write_reads_as_missing_and_can_be_removed(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another test's logging set-up may have disabled the module's logger
    monkeypatch.setattr(tablestore.log, "disabled", False)
    caplog.set_level(logging.WARNING, logger=tablestore.log.name)
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table)
    store["s-big"] = big_story(3_000)
    # a crash between the parts of a new value and its header: a part of another value
    table[f"s-big{PART_MARK}1".encode()] = b"x" * 10
    with pytest.raises(KeyError):
        store["s-big"]
    assert "incomplete" in caplog.text
    assert store.pop("s-big", None) is None
    assert table == {}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=6))
def test_any_sequence_of_sizes_reads_back_the_last(sizes: list[int]) -> None:
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table, part_bytes=1_000)
    for n in sizes:
        value = {"id": "k", "members": ["m" * 40] * n}
        store["k"] = value
        assert store["k"] == value
        assert all(len(v) <= 1_000 for v in table.values())
        stray = [k for k in table if k.startswith(b"k" + PART_MARK.encode())]
        assert len(stray) == (0 if len(orjson.dumps(value)) <= 1_000 else len(table) - 1)


def test_a_torn_story_is_skipped_when_the_route_stage_restores() -> None:
    from datetime import UTC, datetime

    from pipeline.record import Article
    from pipeline.route.stage import STATS_KEY, restore_clusterer
    from pipeline.stories.cluster import StoryClusterer

    c = StoryClusterer()
    body = "Harbour pilots in Valdra ended their strike on Friday after a pay deal. " * 20
    for i in range(3):
        art = Article(id=f"p{i}", title="Valdra pilots end strike", body=body + str(i),
                      published=datetime(2026, 5, 22, 9, i, tzinfo=UTC))  # fmt: skip
        sid = c.assign(art).story_id
    table: dict[bytes, bytes] = {}
    store = JsonTableStore(table, part_bytes=200)
    store[sid] = c.snapshot_story(sid)
    store[STATS_KEY] = c.snapshot_stats()
    assert f"{sid}{PART_MARK}1".encode() in table
    assert len(restore_clusterer(store)) == 1  # whole again from its parts
    table[f"{sid}{PART_MARK}0".encode()] = b"torn"
    assert len(restore_clusterer(store)) == 0  # no exception: the story starts afresh
