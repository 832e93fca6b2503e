from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.enrich.dateline import parse_dateline, writing_day


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("KYIV, May 19 (Northwind Wire) - Ukraine said...", "Kyiv"),
        ("MOSCOW: The Kremlin said...", "Moscow"),
        ("NEW YORK (Harbour Press) -- Stocks rose...", "New York"),
        ("WASHINGTON, D.C. — Officials said...", "Washington, D.C."),
        ("The talks resumed on Monday in Istanbul.", None),
        ("NATO said: allies will meet", None),
    ],
)
def test_dateline(body: str, place: str | None) -> None:
    got, offset = parse_dateline(body)
    assert got == place
    if place:
        assert body[offset:][0].isupper()


def test_mask_keeps_offsets_and_title_cases_place() -> None:
    from pipeline.enrich.dateline import mask_dateline

    body = "ISTANBUL, May 21 (Meridian News) - Delegations met."
    masked = mask_dateline(body)
    assert len(masked) == len(body)
    assert masked.startswith("Istanbul.\n ") and "Meridian" not in masked
    assert masked.endswith("Delegations met.")
    assert mask_dateline("No dateline here.") == "No dateline here."


@pytest.mark.parametrize(
    ("body", "start"),
    [
        # the place ends a sentence of its own, so the model cannot read it and the
        # story's first words as one name ("Lisbon Portugal", "London Oil")
        ("LISBON, May 19 (Harbour Press) - Portugal and Spain issued warnings.", "Lisbon.\n "),
        ("LONDON (Meridian News) - Oil fell on Monday.", "London.\n "),
        # a region keeps its comma
        ("TROMSO, Norway, May 22 (Baltic Ledger) - A team said...", "Tromso, Norway.\n "),
        ("BERGEN, Norway: A ferry ran aground.", "Bergen, Norway.\n"),
        # a place that ends with a full stop gets only the line break
        ("WASHINGTON, D.C. — Officials said...", "Washington, D.C.\n "),
    ],
)
def test_mask_closes_the_place_as_a_sentence(body: str, start: str) -> None:
    from pipeline.enrich.dateline import mask_dateline

    masked = mask_dateline(body)
    assert len(masked) == len(body)
    assert masked.startswith(start)
    offset = parse_dateline(body)[1]
    assert masked[offset:] == body[offset:]
    assert masked[len(start) : offset].strip() == ""


# Monday 10 October 2016 in Melbourne (UTC+11) is still Sunday in UTC.
MELBOURNE = (
    "MELBOURNE, Oct 10 (Southern Wire) - Dock workers at the city's container terminal "
    "walked off the job at 6 a.m. on Monday over plans to automate the cranes."
)


@pytest.mark.parametrize(
    ("body", "published", "day"),
    [
        # a UTC stamp on the evening before Melbourne's Monday: the dateline's day
        (MELBOURNE, datetime(2016, 10, 9, 22, 30, tzinfo=UTC), date(2016, 10, 10)),
        # the same instant with the feed's own offset: its own calendar day
        (
            MELBOURNE,
            datetime(2016, 10, 10, 9, 30, tzinfo=timezone(timedelta(hours=11))),
            date(2016, 10, 10),
        ),
        # New York's Monday evening is Tuesday in UTC
        (
            "NEW YORK, Feb 18 (Harbour Press) - Stocks fell on Monday.",
            datetime(2013, 2, 19, 3, 0, tzinfo=UTC),
            date(2013, 2, 18),
        ),
        # across the new year, both ways
        (
            "SYDNEY, Jan 1 (Southern Wire) - Fireworks.",
            datetime(2016, 12, 31, 14, 0, tzinfo=UTC),
            date(2017, 1, 1),
        ),
        (
            "HONOLULU, Dec 31 (Harbour Press) - Fireworks.",
            datetime(2017, 1, 1, 8, 0, tzinfo=UTC),
            date(2016, 12, 31),
        ),
        # a dateline date days off is not the writing day: the stamp stands
        (
            "KYIV, May 12 (Northwind Wire) - Talks.",
            datetime(2025, 5, 19, 9, 0, tzinfo=UTC),
            date(2025, 5, 19),
        ),
        # no date in the dateline, no dateline, an impossible date
        (
            "KYIV (Northwind Wire) - Talks.",
            datetime(2025, 5, 19, 23, 0, tzinfo=UTC),
            date(2025, 5, 19),
        ),
        ("Talks resumed on Monday.", datetime(2025, 5, 19, 23, 0, tzinfo=UTC), date(2025, 5, 19)),
        (
            "KYIV, Feb 30 (Northwind Wire) - Talks.",
            datetime(2025, 3, 1, 1, 0, tzinfo=UTC),
            date(2025, 3, 1),
        ),
    ],
)
def test_writing_day_is_the_dateline_day_when_a_stamp_is_a_day_off(
    body: str, published: datetime, day: date
) -> None:
    assert writing_day(body, published) == day


def test_writing_day_without_a_publication_time() -> None:
    produced = datetime(2016, 10, 9, 22, 30, tzinfo=UTC).timestamp()
    assert writing_day(MELBOURNE, None, produced) == date(2016, 10, 10)
    assert writing_day("Talks.", None, produced) == date(2016, 10, 9)
    assert writing_day(MELBOURNE, None, None) is None


def test_the_enricher_counts_relative_dates_from_the_writing_day() -> None:
    """Past-tense "on Monday" from a UTC Sunday stamp had been read as the Monday
    before, a week off."""
    from pipeline.enrich.core import Enricher
    from pipeline.record import Article

    article = Article(
        id="melbourne-1",
        title="Dock strike",
        body=MELBOURNE,
        published=datetime(2016, 10, 9, 22, 30, tzinfo=UTC),
    )
    Enricher().enrich_many([article])
    values = {d.text: d.value for d in article.dates}
    assert values["6 a.m. on Monday"] == "2016-10-10T06:00"


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=300)
    | st.from_regex(r"[A-Z]{2,12}, [A-Z][a-z]{2,8}\.? \d{1,3} \(\w+\) - ", fullmatch=True),
    st.datetimes(timezones=st.timezones()),
)
def test_writing_day_of_any_body_is_the_stamp_day_or_a_day_off(
    body: str, published: datetime
) -> None:
    # hostile and malformed datelines never raise and never move the day far
    day = writing_day(body, published)
    assert day is not None and abs((day - published.date()).days) <= 1
