"""Near-duplicate detection: shingles, MinHash signatures and the banded LSH index."""

from __future__ import annotations

import numpy as np

from pipeline.stories.dedup import (
    MinHasher,
    NearDuplicateIndex,
    decode_signature,
    encode_signature,
    estimate_jaccard,
    shingles,
)

WIRE = (
    "Firefighters in Portsea spent the night fighting a blaze that gutted the old "
    "grain warehouse on Quay Street, the fire service said on Tuesday. Nobody was hurt. "
    "Twelve engines and sixty firefighters were called to the building shortly after "
    "midnight, and neighbours in the terraced houses behind it were moved to the school "
    "hall until the morning. The cause of the fire is being investigated, a spokesman "
    "said, and the street will stay closed while engineers check the walls."
)
# The same copy with a new first word, one figure changed and the last clause cut.
EDITED = (
    "Crews in Portsea spent the night fighting a blaze that gutted the old "
    "grain warehouse on Quay Street, the fire service said on Tuesday. Nobody was hurt. "
    "Twelve engines and seventy firefighters were called to the building shortly after "
    "midnight, and neighbours in the terraced houses behind it were moved to the school "
    "hall until the morning. The cause of the fire is being investigated, a spokesman "
    "said."
)
# Another report of the same fire, written afresh.
OTHER = (
    "A warehouse on Quay Street in Portsea burned down overnight. The fire service sent "
    "twelve engines; residents of nearby homes spent the night in a school hall. "
    "Investigators have not yet said what started the fire, which broke out around "
    "midnight. Engineers will inspect the remaining walls before the road reopens."
)


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("The fire, the FIRE!", 2) == {b"the fire", b"fire the"}
    assert shingles("two words", 4) == {b"two words"}
    assert shingles("", 4) == set()


def test_signature_estimates_jaccard() -> None:
    h = MinHasher(num_perm=128)
    a, b, c = h.signature(WIRE), h.signature(EDITED), h.signature(OTHER)
    assert a is not None and b is not None and c is not None
    assert a.dtype == np.uint32 and len(a) == 128
    true = len(shingles(WIRE, 4) & shingles(EDITED, 4)) / len(
        shingles(WIRE, 4) | shingles(EDITED, 4)
    )
    assert abs(estimate_jaccard(a, b) - true) < 0.15
    assert estimate_jaccard(a, c) < 0.2
    assert np.array_equal(decode_signature(encode_signature(a)), a)
    # Signatures from two hashers (two processes, a restart) compare.
    b2 = MinHasher(num_perm=128).signature(EDITED)
    assert b2 is not None and np.array_equal(b, b2)


def test_short_text_has_no_signature() -> None:
    assert MinHasher(min_shingles=8).signature("Quay Street reopens.") is None


def test_index_finds_the_first_copy() -> None:
    h = MinHasher()
    idx = NearDuplicateIndex(threshold=0.6, merge_every=2)
    sig_w, sig_o, sig_e = h.signature(WIRE), h.signature(OTHER), h.signature(EDITED)
    assert sig_w is not None and sig_o is not None and sig_e is not None
    assert idx.query(sig_w) is None
    idx.add("wire-1", sig_w, time=0.0, story_id="s1")
    idx.add("other-1", sig_o, time=1.0, story_id="s1")  # merged into the sorted arrays
    hit = idx.query(sig_e)
    assert hit is not None
    assert (hit.article_id, hit.original_id, hit.story_id) == ("wire-1", "wire-1", "s1")
    assert hit.similarity >= 0.6
    # A copy indexed as a duplicate points later copies at the first one.
    idx.add("edited-1", sig_e, time=2.0, story_id="s1", original_id="wire-1")
    again = idx.query(sig_e)
    assert again is not None and again.original_id == "wire-1"


def test_index_forgets_old_copies_and_aged_out_stories() -> None:
    h = MinHasher()
    idx = NearDuplicateIndex(window=100.0)
    sig = h.signature(WIRE)
    assert sig is not None
    idx.add("wire-1", sig, time=0.0, story_id="s1")
    assert idx.expire(before=-1.0) == 0 and idx.query(sig) is not None
    assert idx.expire(before=10.0) == 1 and idx.query(sig) is None
    idx.add("wire-2", sig, time=20.0, story_id="s2")
    idx.discard_story("s2", ["wire-2"])
    assert idx.query(sig) is None and len(idx) == 0


def test_index_entries_round_trip() -> None:
    h = MinHasher()
    idx = NearDuplicateIndex()
    sig = h.signature(WIRE)
    assert sig is not None
    idx.add("wire-1", sig, time=5.0, story_id="s1")
    records = list(idx.entries_of(["wire-1", "unknown"]))
    assert [r["article_id"] for r in records] == ["wire-1"]
    fresh = NearDuplicateIndex()
    fresh.restore_entries("s1", records)
    hit = fresh.query(sig)
    assert hit is not None and hit.story_id == "s1" and hit.similarity == 1.0


def test_index_reports_each_change_once_for_its_table() -> None:
    # What the route stage writes: a record per copy when it is added or changes,
    # and a removal when it is forgotten; nothing for a copy that did not change.
    h = MinHasher()
    idx = NearDuplicateIndex(window=100.0)
    sig_w, sig_e = h.signature(WIRE), h.signature(EDITED)
    assert sig_w is not None and sig_e is not None
    idx.add("wire-1", sig_w, time=0.0, story_id="s1")
    idx.add("edited-1", sig_e, time=1.0, story_id="s1", original_id="wire-1")
    changed, gone = idx.drain_changes()
    assert [(r["article_id"], r["original_id"], r["story_id"]) for r in changed] == [
        ("edited-1", "wire-1", "s1"),
        ("wire-1", "wire-1", "s1"),
    ]
    assert gone == set() and idx.drain_changes() == ([], set())
    idx.redirect(["wire-1"], "early-1", -5.0)  # an older copy arrived late
    idx.move(["edited-1"], "s2")  # settling moved its article
    changed, _ = idx.drain_changes()
    assert {r["article_id"]: (r["original_id"], r["story_id"]) for r in changed} == {
        "wire-1": ("early-1", "s1"),
        "edited-1": ("wire-1", "s2"),
    }
    idx.discard_story("s2", ["edited-1"])
    assert idx.expire(before=10.0) == 1
    assert idx.drain_changes() == ([], {"wire-1", "edited-1"})
    # Added and forgotten between two drains: only the removal is reported.
    idx.add("wire-2", sig_w, time=50.0, story_id="s3", arrival=50.0)
    idx.expire(before=60.0)
    assert idx.drain_changes() == ([], {"wire-2"})


def test_index_restores_copy_records_and_forgets_those_of_lost_stories() -> None:
    h = MinHasher()
    idx = NearDuplicateIndex()
    sig_w, sig_o = h.signature(WIRE), h.signature(OTHER)
    assert sig_w is not None and sig_o is not None
    idx.add("wire-1", sig_w, time=5.0, story_id="s1")
    idx.add("other-1", sig_o, time=6.0, story_id="s2")
    records, _ = idx.drain_changes()
    fresh = NearDuplicateIndex()
    assert fresh.restore_copies(records, live={"s1"}) == 1
    hit = fresh.query(sig_w)
    assert hit is not None and hit.story_id == "s1"
    assert fresh.query(sig_o) is None
    assert fresh.drain_changes() == ([], {"other-1"})  # its key is removed, not kept forever


def test_an_orphan_copy_record_does_not_remove_a_copy_restored_otherwise() -> None:
    # During an upgrade a copy can come back from its story's older record while
    # a record of its own names a story that is gone: its key must stay.
    h = MinHasher()
    sig = h.signature(WIRE)
    assert sig is not None
    idx = NearDuplicateIndex()
    idx.add("wire-1", sig, time=5.0, story_id="s1")
    (record,), _ = idx.drain_changes()
    fresh = NearDuplicateIndex()
    fresh.restore_entries("s1", [record], changed=True)
    assert fresh.restore_copies([{**record, "story_id": "s-gone"}], live={"s1"}) == 0
    changed, gone = fresh.drain_changes()
    assert [r["article_id"] for r in changed] == ["wire-1"] and gone == set()


def test_an_unreadable_copy_record_is_skipped_not_fatal() -> None:
    # Hostile or damaged table values: the worker restores the rest and goes on.
    h = MinHasher()
    sig = h.signature(WIRE)
    assert sig is not None
    idx = NearDuplicateIndex()
    idx.add("wire-1", sig, time=5.0, story_id="s1")
    (good,), _ = idx.drain_changes()
    bad = [
        {},
        {**good, "slot": "x"},
        {**good, "article_id": "b1", "slot": 90, "signature": "!!not base64!!"},
        {**good, "article_id": "b2", "slot": 91, "signature": encode_signature(sig[:8])},
        {**good, "article_id": "b3", "slot": 92, "time": None},
        "not a mapping",
    ]
    fresh = NearDuplicateIndex()
    assert fresh.restore_copies([*bad, good], live={"s1"}) == 1  # type: ignore[list-item]
    hit = fresh.query(sig)
    assert hit is not None and hit.article_id == "wire-1"
