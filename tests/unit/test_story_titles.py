"""Titles for articles without a headline: whole words, whole clauses (texts written here)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.record import Article
from pipeline.stories import StoryClusterer
from pipeline.stories.titles import MAX_CHARS, derive_title

LONG = (
    "ARICA, Chile, May 19 (Coastal Daily) - Fishing crews in the northern port of Arica "
    "welcomed Monday's phone call between the two presidents, saying the promise of anchovy "
    "talks was the first good news since the trawlers were detained. Boat owners agreed."
)


def test_short_first_sentence_is_the_title_without_dateline() -> None:
    body = "LIMA, May 23 (Andes Press) - Peru freed two trawlers. Crews sailed home."
    assert derive_title(body) == "Peru freed two trawlers."


def test_long_sentence_is_cut_at_the_last_clause_that_fits() -> None:
    title = derive_title(LONG)
    assert title == (
        "Fishing crews in the northern port of Arica welcomed Monday's phone call between "
        "the two presidents"
    )


def test_without_clause_the_cut_is_at_a_word_with_an_ellipsis() -> None:
    body = (
        "Water bombers circled the hills above the lake all morning while crews on the "
        "ground cut breaks along the ridge to keep the flames away from the farms below it"
    )
    title = derive_title(body)
    assert title.endswith("…") and len(title) <= MAX_CHARS
    assert title == (
        "Water bombers circled the hills above the lake all morning while crews on the "
        "ground cut breaks along the ridge to keep…"
    )
    # A cut that would end on a little word drops it: "... to keep the" is not a title.
    assert derive_title(body.replace("to keep", "for the")).endswith("along the ridge…")


def test_abbreviations_do_not_end_the_sentence() -> None:
    assert derive_title("U.S. officials said on Monday talks would go on. More later.") == (
        "U.S. officials said on Monday talks would go on."
    )


def test_empty_and_one_giant_token() -> None:
    assert derive_title("   \n ") == ""
    giant = derive_title("x" * 500)
    assert len(giant) == MAX_CHARS and giant.endswith("…")


@given(
    st.lists(
        st.sampled_from(
            [
                "alpha",
                "beta,",
                "gamma",
                "delta;",
                "of",
                "the",
                "x" * 30,
                "Eps.",
                "-",
                "(zeta)",
                "and",
            ]
        ),
        min_size=1,
        max_size=80,
    )
)
def test_a_cut_never_falls_inside_a_word(words: list[str]) -> None:
    body = " ".join(words)
    title = derive_title(body)
    assert len(title) <= MAX_CHARS
    kept = title.removesuffix("…")
    assert body.startswith(kept)
    rest = body[len(kept) :]
    # what follows the title starts a new word (or punctuation), never the rest of one
    assert not rest or not re.match(r"\w", rest[0]) or not re.search(r"\w$", kept)


def test_a_story_of_headline_less_articles_gets_a_derived_title() -> None:
    c = StoryClusterer()
    got = c.assign(Article(id="a", title="", body=LONG))
    assert c.story(got.story_id).title == derive_title(LONG)
