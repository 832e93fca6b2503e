"""The date scanner's shortcuts give what the plain scans they replace give.

``_Words.before`` finds the word starts before a trigger hit by bisection over
one scan of the whole text; ``_word_trie`` writes a list of words as a trie.
Both exist for speed only, so each is checked against the slow form it
replaces, on any text hypothesis can build.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.enrich.dates import _WORD_START_RE, _word_trie, _Words

# words, apostrophes, dollar signs, blanks and punctuation: where words start and stop
_TEXT = st.text(alphabet=st.sampled_from("ab1$'’ .,-\n\u00e9"), max_size=80)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(0, 90), st.integers(0, 90), st.integers(1, 9))
def test_word_starts_by_bisection_are_those_of_a_window_scan(
    text: str, lo: int, hi: int, count: int
) -> None:
    lo, hi = min(lo, hi, len(text)), min(max(lo, hi), len(text))
    scanned = [w.start() for w in _WORD_START_RE.finditer(text, lo, hi)][-count:]
    assert _Words(text).before(lo, hi, count) == scanned


def test_a_word_cut_by_the_window_starts_at_its_edge() -> None:
    # "approximately" begins before the window: a window scan from 4 sees "oximately"
    text = "approximately twenty-five years"
    assert _Words(text).before(4, 26, 8) == [4, 14, 21]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefst", min_size=1, max_size=7), min_size=1, max_size=12),
    st.text(alphabet="abcdefst", max_size=8),
)
def test_a_word_trie_matches_exactly_its_words(words: list[str], probe: str) -> None:
    rx = re.compile(_word_trie(words))
    for w in words:
        assert rx.fullmatch(w)
    assert (rx.fullmatch(probe) is not None) == (probe in words)
