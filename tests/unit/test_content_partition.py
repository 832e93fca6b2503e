"""The raw topic's partition by content: wire copies go where their original went."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.feeds.producer import content_partition

WORDS = [
    "council", "harbour", "strike", "ferry", "talks", "minister", "budget", "flood", "river",
    "police", "court", "school", "hospital", "rail", "station", "union", "vote", "mayor",
    "bridge", "storm", "market",
]  # fmt: skip


def body(rng: random.Random, lines: int) -> str:
    return "\n".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + "." for _ in range(lines)
    )


def test_a_copy_mostly_lands_with_its_original_and_texts_spread_evenly() -> None:
    rng = random.Random(5)
    originals = [body(rng, rng.randint(6, 14)) for _ in range(400)]
    # the usual copy: the last paragraph trimmed, a sign-off line added
    copies = ["\n".join(o.split("\n")[:-1]) + "\n(Reporting by the night desk.)" for o in originals]
    same = sum(
        content_partition(o, 4) == content_partition(c, 4)
        for o, c in zip(originals, copies, strict=True)
    )
    # min-hashing: the chance is the Jaccard similarity of the line sets (~0.8 here)
    assert same >= 0.7 * len(originals)
    spread = Counter(content_partition(o, 4) for o in originals)
    assert set(spread) == {0, 1, 2, 3}
    assert all(60 <= n <= 140 for n in spread.values()), spread


def test_the_same_text_always_goes_to_the_same_partition() -> None:
    text = "PORTSEA: A fire gutted a warehouse.\n\nNobody was hurt.\n"
    assert content_partition(text, 4) == content_partition(text, 4)
    # blank lines and line order do not matter; the lines themselves do
    assert content_partition("Nobody was hurt.\nPORTSEA: A fire gutted a warehouse.", 4) == (
        content_partition(text, 4)
    )
    assert content_partition(text, 1) == 0


def test_a_text_without_lines_is_left_to_the_key() -> None:
    assert content_partition("", 4) is None
    assert content_partition(" \n\n\t\n", 4) is None
    assert content_partition("text", 0) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=5000), st.integers(min_value=1, max_value=64))
def test_any_text_gets_a_partition_in_range_or_none(text: str, partitions: int) -> None:
    p = content_partition(text, partitions)
    assert p is None or 0 <= p < partitions
    assert (p is None) == (not any(line.strip() for line in text.split("\n")))


def test_a_sign_off_shared_by_many_texts_does_not_pull_them_together() -> None:
    # A line every text carries would be the smallest hash for many of them.
    rng = random.Random(9)
    sign_off = "\n(Reporting by the night desk; editing by Ann Lee.)"
    texts = [body(rng, 2) + sign_off for _ in range(400)]
    spread = Counter(content_partition(t, 4) for t in texts)
    assert all(60 <= n <= 140 for n in spread.values()), spread
