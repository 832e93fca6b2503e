"""The Enricher as the worker runs it, on the real small model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.enrich.core import MAX_NER_CHARS, Enricher
from pipeline.record import Article

MONDAY = datetime(2025, 5, 19, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def art(body: str, **kw: object) -> Article:
    return Article.model_validate({"id": "x", "body": body, **kw})


def test_entities_dates_and_dateline(enricher: Enricher) -> None:
    a = art(
        "ISTANBUL, May 19 (Test Wire) - Vladimir Putin spoke with Donald Trump on Monday. "
        "Putin said the delegations will meet on Friday in Istanbul.",
        published=MONDAY,
    )
    enricher.enrich_many([a])
    assert a.dateline == "Istanbul"
    people = {e.canonical: e for e in a.entities if e.label == "PERSON"}
    assert people["Vladimir Putin"].count == 2
    for e in a.entities:  # offsets index the body as it was received
        for m in e.mentions:
            assert a.body[m.start : m.end].strip()
    values = {d.text: d.value for d in a.dates}
    assert values.get("Monday") == "2025-05-19"
    assert values.get("Friday") == "2025-05-23"
    assert not any(e.canonical == "Test Wire" for e in a.entities)  # agency is not news


def test_other_language_is_skipped_with_reason(enricher: Enricher) -> None:
    a = art("Die Gespräche wurden am Montag in Istanbul fortgesetzt.", language="de")
    b = art(
        "Las conversaciones de paz se reanudaron el lunes en la ciudad de Estambul, "
        "según informaron fuentes oficiales de ambos gobiernos a los periodistas que "
        "esperaban en la puerta del palacio durante toda la mañana del día de ayer."
    )
    enricher.enrich_many([a, b])
    for x in (a, b):
        assert x.entities == [] and x.dates == []
        assert any("skipped" in n for n in x.enrich_notes)


def test_no_publication_date_is_noted_not_guessed(enricher: Enricher) -> None:
    a = art("The minister said talks would resume next week in Geneva.")
    enricher.enrich_many([a])
    assert any("no publication date" in n for n in a.enrich_notes)
    assert all(
        not d.resolved or d.value is None or "X" in (d.value or "") or d.type == "DURATION"
        for d in a.dates
        if d.text == "next week"
    )


def test_very_long_article_is_capped_and_says_so(enricher: Enricher) -> None:
    a = art("Officials met in Geneva on Monday. " * (MAX_NER_CHARS // 30), published=MONDAY)
    enricher.enrich_many([a])
    assert any(str(MAX_NER_CHARS) in n for n in a.enrich_notes)
    assert all(m.end <= MAX_NER_CHARS for e in a.entities for m in e.mentions)


def test_withdrawn_is_not_enriched(enricher: Enricher) -> None:
    a = art("Withdrawn by the publisher.", status="withdrawn")
    enricher.enrich_many([a])
    assert a.entities == [] and any("withdrawn" in n for n in a.enrich_notes)


def test_verbatim_copy_skips_ner_and_gets_the_same_result(enricher: Enricher) -> None:
    body = "Vladimir Putin spoke with Donald Trump on Monday about a ceasefire."
    first = art(body, published=MONDAY)
    enricher.enrich_many([first])
    before = enricher.copies_reused
    copy = Article.model_validate(
        {"id": "copy", "body": body, "published": MONDAY.replace(hour=15)}
    )
    edited = Article.model_validate(
        {"id": "ed", "body": body + " Talks go on.", "published": MONDAY}
    )
    enricher.enrich_many([copy, edited])
    assert enricher.copies_reused == before + 1
    assert copy.entities == first.entities and copy.dates == first.dates
    assert copy.entities is not first.entities  # copies, not shared objects
    assert edited.entities  # an edited copy went through NER
