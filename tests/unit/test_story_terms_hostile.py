"""Hostile text into the story terms (accent folding included): any string,
any script, combining marks and huge tokens fold without raising, and the
terms never outnumber the tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stories.terms import terms_of, unaccented


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_folds_without_raising(text: str) -> None:
    terms = terms_of(text)
    assert len(terms) <= len(text)  # each term comes from at least one character
    assert all(isinstance(t, str) and t for t in terms)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xC0, max_codepoint=0x24F), max_size=60))
def test_latin_letters_fold_to_a_bounded_string(word: str) -> None:
    plain = unaccented(word.casefold())
    assert isinstance(plain, str) and len(plain) <= 4 * len(word)


def test_a_huge_accented_token_is_folded_whole() -> None:
    token = "Møller" * 50_000
    assert terms_of(token) == ["moller" * 50_000]
