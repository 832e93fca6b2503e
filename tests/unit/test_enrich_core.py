"""The Enricher as the worker runs it, on the real small model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.enrich.core import MAX_NER_CHARS, Enricher, LineMemo
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


STORY = (
    "KYIV, May 19 (Test Wire) - Volodymyr Zelenskiy met Emmanuel Macron in Paris on Monday.\n"
    "The two leaders discussed air defence and a ceasefire proposal from Ankara.\n"
    "Macron said France would send more aid to Ukraine before the NATO summit.\n"
    "Officials in Moscow did not comment on the meeting."
)


def mentions(a: Article) -> set[tuple[int, int, str, str]]:
    return {
        (m.start, m.end, e.label, a.body[m.start : m.end]) for e in a.entities for m in e.mentions
    }


def test_edited_copy_reuses_seen_lines_and_reads_new_ones() -> None:
    e = Enricher()
    first = Article.model_validate({"id": "a", "body": STORY, "published": MONDAY})
    e.enrich_many([first])
    # another outlet: last line trimmed, a new closing line naming someone new
    body = STORY.rsplit("\n", 1)[0] + "\nAngela Merkel welcomed the talks in Berlin."
    copy = Article.model_validate({"id": "b", "body": body, "published": MONDAY})
    e.enrich_many([copy])
    # four lines reused: the dateline (masked into a line of its own) and three of story
    assert e.near_copies == 1 and e.lines_reused == 4
    kept = len(STORY.rsplit("\n", 1)[0])
    assert {m for m in mentions(copy) if m[1] <= kept} == {
        m for m in mentions(first) if m[1] <= kept
    }
    names = {x.canonical for x in copy.entities}
    assert {"Angela Merkel", "Berlin"} <= names  # the new line went through NER
    assert "Moscow" not in names  # the trimmed line is gone
    for start, end, _, text in mentions(copy):  # offsets index the copy's own body
        assert body[start:end] == text and text.strip()
    assert {d.text for d in copy.dates} >= {"Monday"}


def test_copy_in_the_same_batch_waits_for_its_original() -> None:
    e = Enricher()
    first = Article.model_validate({"id": "a", "body": STORY, "published": MONDAY})
    copy = Article.model_validate(
        {"id": "b", "body": STORY + "\n(Editing by the night desk.)", "published": MONDAY}
    )
    e.enrich_many([copy, first])  # the copy arrives first in the batch, and still waits
    assert e.near_copies == 1
    assert mentions(first) <= mentions(copy)


def test_lines_seen_weeks_earlier_are_read_again() -> None:
    e = Enricher()
    e.enrich_many([Article.model_validate({"id": "a", "body": STORY, "published": MONDAY})])
    later = MONDAY.replace(day=30)  # 11 days on: outside the 3-day window
    again = Article.model_validate({"id": "b", "body": STORY + "\nMore later.", "published": later})
    e.enrich_many([again])
    assert e.near_copies == 0


def test_line_memo_skips_lines_an_entity_crosses_and_stays_bounded() -> None:
    e = Enricher()
    text = "Talks opened in New\nYork on Monday.\nNothing else happened there."
    doc = e.nlp.make_doc(text)
    doc.set_ents([doc.char_span(text.index("New"), text.index("York") + 4, label="GPE")])
    memo = LineMemo(max_lines=2)
    memo.add(text, doc, 0.0)
    assert memo.get("Talks opened in New", 0.0) is None  # "New York" crosses into the next line
    assert memo.get("York on Monday.", 0.0) is None
    assert memo.get("Nothing else happened there.", 0.0) == ()
    for i in range(5):
        memo.add(f"line {i}", e.nlp.make_doc(f"line {i}"), 0.0)
    assert len(memo) == 2
