"""NER's work per article is bounded by what it costs (tokens, runs without spaces), not characters."""

from __future__ import annotations

from pipeline.enrich.core import MAX_NER_TOKENS, Enricher, token_budget_cut
from pipeline.record import Article


def test_token_budget_cut_counts_words_and_signs() -> None:
    assert token_budget_cut("Talks resumed in Geneva. " * 100) is None
    text = "<a" * 20_000  # every character is a token to spaCy
    assert token_budget_cut(text) == MAX_NER_TOKENS
    prose = "Delegates met in Vienna on Monday. " * 3000
    cut = token_budget_cut(prose)
    # seven tokens (six words and a full stop) in every 35 characters
    assert cut is not None and abs(cut - MAX_NER_TOKENS * 35 / 7) < 40


def test_pathological_bodies_are_enriched_within_the_budget() -> None:
    enricher = Enricher()
    long_run = Article(id="amp", body="In Vienna, on Monday. " + "&" * 200_000)
    signs = Article(id="signs", body="Delegates met in Vienna. " + "<a " * 40_000)
    batch = enricher.enrich_many([long_run, signs])
    amp, sig = batch.articles
    assert amp.body.endswith("&" * 1000) and amp.enriched_at  # the body itself is untouched
    assert [e.canonical for e in amp.entities] == ["Vienna"]
    assert any(f"{MAX_NER_TOKENS} words and signs" in n for n in sig.enrich_notes)
    assert "Vienna" in [e.canonical for e in sig.entities]
